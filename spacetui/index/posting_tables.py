"""Per-segment posting arrays of the frequent words, read whole by ranking at a million articles.

Ranking reads each query word's whole posting list in every text field. Whoosh's codec stores a
list in blocks of 128 postings, each pickled and compressed together with the word's positions,
so a common word at a million articles ("profit": ~800 blocks a field) took ~100 ms to read,
most of a keystroke's search. The words in at least ``FREQUENT`` articles of a segment hold ~90%
of its postings and are a few thousand words: their lists are written here once per segment,
at index time, as two flat arrays (document numbers within the segment, weights as Whoosh
stores them), and read back memory-mapped: a slice each. Rarer words are a few blocks, read
from Whoosh as before.

Lifetime as for ``doc_tables``: a segment never changes once written (deletions only mark
documents: the arrays hold the articles live when they were written, and ranking leaves out
those deleted since, as it does with Whoosh's postings), its arrays are named
by its id and written beside, then renamed; a segment without them (an index from before, a run
killed in between) is read from Whoosh, and gets them on the next index run.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacetui import arrays as stored_arrays
from spacetui.index import doc_tables
from spacetui.search import whoosh_internals

PREFIX = "postings-"
FIELDS = ("title", "standfirst", "body")  # where a query's words are read whole
FREQUENT = 512  # articles in a segment: from here a word's list is 4+ blocks
_FILES = ("term_blob", "term_offsets", "term_starts")
IDS, WEIGHTS = "ids.u32", "weights.f32"  # flat: written term by term, their length known at the end
_SEP = b"\0"  # between a field's name and the term (no field name holds it)


@dataclass
class SegmentPostings:
    """One segment's arrays: the postings of term k are ``ids[starts[k]:starts[k + 1]]`` (ascending
    document numbers within the segment, of articles live when written) and the same slice of
    ``weights``."""

    where: dict[tuple[str, bytes], int]  # (field, term) -> k
    starts: Any
    ids: Any
    weights: Any

    def term(self, fieldname: str, btext: bytes) -> tuple[Any, Any] | None:
        """The term's (ids, weights) if this segment keeps them, else None."""
        k = self.where.get((fieldname, btext))
        if k is None:
            return None
        a, b = int(self.starts[k]), int(self.starts[k + 1])
        return self.ids[a:b], self.weights[a:b]


def _frequent_terms(leaf: Any, frequent: int) -> list[tuple[str, bytes]]:
    """(field, term) of the segment's frequent words, in lexicon order."""
    out = []
    for fieldname in FIELDS:
        if fieldname not in leaf.schema:
            continue
        for btext, info in leaf.iter_field(fieldname):
            # (the postings written, deleted documents included)
            if info.doc_frequency() >= frequent:
                out.append((fieldname, bytes(btext)))
    return out


def _deleted(leaf: Any) -> Any:
    import numpy as np

    dead = np.zeros(leaf.doc_count_all(), dtype=bool)
    dead[np.fromiter(whoosh_internals.deleted_docs(leaf), dtype=np.int64)] = True
    return dead


def _live_postings(leaf: Any, fieldname: str, btext: bytes, dead: Any) -> tuple[Any, Any]:
    """The term's postings of articles not deleted (deleted ones are never matched again)."""
    import numpy as np

    ids, weights = whoosh_internals.segment_postings(leaf, fieldname, btext)
    keep = ~dead[ids]
    return ids[keep].astype(np.uint32), weights[keep].astype(np.float32)


def _write_segment(folder: Path, leaf: Any, terms: list[tuple[str, bytes]]) -> None:
    """Each term's postings appended to two flat files as it is read: a segment of 500,000
    articles has ~35 million, which lists in memory would hold several times over."""
    import numpy as np

    dead = _deleted(leaf)
    keys = [f.encode("ascii") + _SEP + t for f, t in terms]
    offsets = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum([len(k) for k in keys], out=offsets[1:])
    starts = np.zeros(len(terms) + 1, dtype=np.int64)
    with open(folder / IDS, "wb") as ids_fh, open(folder / WEIGHTS, "wb") as weights_fh:
        for k, (fieldname, btext) in enumerate(terms):
            ids, weights = _live_postings(leaf, fieldname, btext, dead)
            ids_fh.write(ids.tobytes())
            weights_fh.write(weights.tobytes())
            starts[k + 1] = starts[k] + len(ids)
        for fh in (ids_fh, weights_fh):
            fh.flush()
            os.fsync(fh.fileno())
    stored_arrays.save(folder / "term_blob.npy", np.frombuffer(b"".join(keys), dtype=np.uint8))
    stored_arrays.save(folder / "term_offsets.npy", offsets)
    stored_arrays.save(folder / "term_starts.npy", starts)


def _flat(path: Path, dtype: Any) -> Any:
    """A flat file of numbers, memory-mapped read-only (an empty one cannot be mapped)."""
    import numpy as np

    if path.stat().st_size == 0:
        return np.zeros(0, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode="r").view(np.ndarray)


def load(gen_dir: Path, leaf: Any) -> SegmentPostings | None:
    """The segment's arrays, memory-mapped, or None if it has none (or damaged ones)."""
    segment = doc_tables.segment_id(leaf)
    if segment is None:
        return None
    folder = gen_dir / f"{PREFIX}{segment}"
    if not folder.is_dir():
        return None
    import numpy as np

    try:
        arrays = {name: stored_arrays.load(folder / f"{name}.npy") for name in _FILES}
        arrays["ids"] = _flat(folder / IDS, np.uint32)
        arrays["weights"] = _flat(folder / WEIGHTS, np.float32)
    except (OSError, ValueError):
        return None
    raw = bytes(arrays["term_blob"])
    where: dict[tuple[str, bytes], int] = {}
    for k, (a, b) in enumerate(itertools.pairwise(arrays["term_offsets"].tolist())):
        fieldname, _, btext = raw[a:b].partition(_SEP)
        where[(fieldname.decode("ascii"), btext)] = k
    starts = arrays["term_starts"]
    if len(starts) != len(where) + 1 or not len(arrays["ids"]) == len(arrays["weights"]) == int(starts[-1]):
        return None
    return SegmentPostings(where, starts, arrays["ids"], arrays["weights"])


def write(gen_dir: Path, reader: Any, frequent: int = FREQUENT) -> int:
    """Store the arrays of each segment of ``reader`` that has none, and remove those of segments
    that are gone. Returns how many segments were written."""

    def fill(folder: Path, leaf: Any) -> None:
        _write_segment(folder, leaf, _frequent_terms(leaf, frequent))

    return doc_tables.write_per_segment(gen_dir, reader, PREFIX, fill)
