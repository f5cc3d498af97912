"""Per-segment tables of what a search needs about every article, as arrays on disk.

Two questions a search asks about thousands of articles at once are slow to answer from Whoosh
itself at a million articles: which entities each article names (the sidebar's counts: walking
the postings of every entity key took 58 s) and each article's id (folding copies: a stored-field
read is ~1 ms, as it unpickles the whole article). Both are written here once per segment, at
index time, and read back memory-mapped.

A Whoosh segment never changes once written (deletions only mark documents), so its table is
named by the segment's id and stays valid as long as the segment lives; a merge makes a new
segment and so a new table. A segment without a table (an index from an older spacetui, or a
writer killed between commit and tables) is worked out from its postings when first needed.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacetui import arrays as stored_arrays
from spacetui.search import whoosh_internals

TABLES_PREFIX = "tables-"
_FILES = ("key_blob", "key_offsets", "key_indptr", "key_ids", "id_blob", "id_offsets")


@dataclass
class SegmentTable:
    """One segment's articles (numbered from 0 within it): their entity keys, CSR-style
    (``key_ids[key_indptr[d]:key_indptr[d + 1]]`` index into ``key_names``), and their ids."""

    key_names: list[str]
    key_indptr: Any
    key_ids: Any
    id_blob: Any
    id_offsets: Any

    @property
    def size(self) -> int:
        return len(self.key_indptr) - 1

    def article_ids(self) -> list[str]:
        return _strings(self.id_blob, self.id_offsets)


def _strings(blob: Any, offsets: Any) -> list[str]:
    raw = bytes(blob)
    bounds = offsets.tolist()
    return [raw[a:b].decode("utf-8", "surrogatepass") for a, b in itertools.pairwise(bounds)]


def _packed(texts: list[str]) -> tuple[Any, Any]:
    import numpy as np

    encoded = [t.encode("utf-8", "surrogatepass") for t in texts]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


def _term_docs(leaf: Any, fieldname: str, term: Any) -> Any:
    """The documents of the segment with ``term`` (some deleted ones too: they are never matched)."""
    return whoosh_internals.segment_postings(leaf, fieldname, term)[0]


def _text(term: Any) -> str:
    return term.decode("utf-8", "surrogatepass") if isinstance(term, bytes) else str(term)


def compute(leaf: Any) -> SegmentTable:
    """A segment's table, from its postings (what the index writer stores, at index time)."""
    import numpy as np

    count = leaf.doc_count_all()
    names: list[str] = []
    docs: list[Any] = []
    keys: list[Any] = []
    if "entity_key" in leaf.schema:
        single: list[int] = []  # (most keys are named by one article: its number, from the term list)
        single_keys: list[int] = []
        for number, (term, info) in enumerate(leaf.iter_field("entity_key")):
            names.append(_text(term))
            if info.doc_frequency() == 1:
                single.append(info.min_id())
                single_keys.append(number)
                continue
            named = _term_docs(leaf, "entity_key", term)
            docs.append(named)
            keys.append(np.full(len(named), number, dtype=np.int32))
        docs.append(np.array(single, dtype=np.int64))
        keys.append(np.array(single_keys, dtype=np.int32))
    doc_of = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64)
    key_of = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int32)
    order = np.argsort(doc_of, kind="stable")
    indptr = np.searchsorted(doc_of[order], np.arange(count + 1)).astype(np.int64)

    # An id names one document, so its term's first document is that document: read from the
    # term list alone (a few microseconds), not from postings or stored fields.
    ids: list[str] = [""] * count
    for term, info in leaf.iter_field("id"):
        text = _text(term)
        if info.doc_frequency() == 1:
            ids[info.min_id()] = text
        else:  # replaced within one segment: the older copy is a deleted document
            for d in _term_docs(leaf, "id", term).tolist():
                ids[d] = text
    id_blob, id_offsets = _packed(ids)
    return SegmentTable(names, indptr, key_of[order], id_blob, id_offsets)


def segment_id(leaf: Any) -> str | None:
    try:
        return str(leaf.segment().segment_id())
    except Exception:  # not a segment reader (an empty or in-memory index)
        return None


def load(gen_dir: Path, leaf: Any) -> SegmentTable | None:
    """The segment's stored table, memory-mapped, or None if it has none (or a damaged one)."""

    segment = segment_id(leaf)
    if segment is None:
        return None
    folder = gen_dir / f"{TABLES_PREFIX}{segment}"
    try:
        arrays = {name: stored_arrays.load(folder / f"{name}.npy") for name in _FILES}
    except (OSError, ValueError):
        return None
    table = SegmentTable(
        _strings(arrays["key_blob"], arrays["key_offsets"]),
        arrays["key_indptr"],
        arrays["key_ids"],
        arrays["id_blob"],
        arrays["id_offsets"],
    )
    if table.size != leaf.doc_count_all() or len(table.id_offsets) != table.size + 1:
        return None
    return table


def table_for(gen_dir: Path | None, leaf: Any) -> SegmentTable:
    """The segment's table: stored, or worked out now."""
    return (load(gen_dir, leaf) if gen_dir is not None else None) or compute(leaf)


def write(gen_dir: Path, reader: Any) -> int:
    """Store a table for each segment of ``reader`` that has none, and remove the tables of
    segments that are gone. Returns how many were written."""
    return write_per_segment(gen_dir, reader, TABLES_PREFIX, _write_table)


def _write_table(folder: Path, leaf: Any) -> None:
    table = compute(leaf)
    key_blob, key_offsets = _packed(table.key_names)
    arrays = {
        "key_blob": key_blob,
        "key_offsets": key_offsets,
        "key_indptr": table.key_indptr,
        "key_ids": table.key_ids,
        "id_blob": table.id_blob,
        "id_offsets": table.id_offsets,
    }
    for name, array in arrays.items():
        stored_arrays.save(folder / f"{name}.npy", array)


def write_per_segment(gen_dir: Path, reader: Any, prefix: str, fill: Callable[[Path, Any], None]) -> int:
    """For each segment of ``reader`` without a folder ``prefix + its id``, ``fill(folder, leaf)``
    one, written beside and then renamed (it appears whole or not at all); folders of segments
    that are gone are removed. Returns how many were written."""
    live: set[str] = set()
    written = 0
    for leaf, _ in reader.leaf_readers():
        segment = segment_id(leaf)
        if segment is None:
            continue
        live.add(f"{prefix}{segment}")
        folder = gen_dir / f"{prefix}{segment}"
        if folder.is_dir():
            continue
        tmp = gen_dir / f".{prefix}{segment}.{os.getpid()}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        try:
            fill(tmp, leaf)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        os.replace(tmp, folder)
        written += 1
    with contextlib.suppress(OSError):
        for path in gen_dir.iterdir():
            # (the writer holds the index lock: any half-written folder is a killed run's)
            if path.name.lstrip(".").startswith(prefix) and path.is_dir() and path.name not in live:
                shutil.rmtree(path, ignore_errors=True)
    return written


def segments_of(reader: Any) -> list[list[Any]] | None:
    """What numbers a reader's documents: its segments' ids and deletion counts, in order
    (None for a reader that is not over segments). Arrays by document number, such as
    :func:`copy_keys`, are valid for a reader with the same list."""
    try:
        segments = [leaf.segment() for leaf, _ in reader.leaf_readers()]
        return [[segment.segment_id(), segment.deleted_count()] for segment in segments]
    except Exception:  # an empty or in-memory index
        return None


def copy_keys(
    reader: Any,
    gen_dir: Path | None,
    version_numbers: Callable[[list[str]], list[int]],
    known: tuple[list[list[Any]], Any] | None = None,
) -> Any:
    """Every document's group of copies as one number, by document number over the reader:
    ``version_numbers`` for an article with copies, a number of its own (past every group's)
    for one without. ``known``: keys saved for the same groups over the segments named with
    them: those of the segments this reader still opens with are kept, and as long as no
    document past them has a copy each of those is a group of its own (at a million articles,
    looking every article up again took seconds of each update)."""
    import numpy as np

    done = 0  # documents whose keys are known
    if known is not None and (segments := segments_of(reader)) is not None:
        for (leaf, base), mine, theirs in zip(reader.leaf_readers(), segments, known[0], strict=False):
            if mine != theirs:
                break
            done = base + leaf.doc_count_all()
    parts = []
    for leaf, base in reader.leaf_readers():
        if base < done:
            continue
        numbers = np.asarray(version_numbers(table_for(gen_dir, leaf).article_ids()), dtype=np.int64)
        parts.append((base, numbers))
    if done:
        assert known is not None
        if any(bool((numbers >= 0).any()) for _, numbers in parts):
            return copy_keys(reader, gen_dir, version_numbers)  # a copy among them: number all again
        keys = np.empty(reader.doc_count_all(), dtype=np.int64)
        keys[:done] = known[1][:done]
        start = int(keys[:done].max()) + 1  # (past every key kept: no group's, no earlier document's)
        for base, numbers in parts:
            keys[base : base + len(numbers)] = start + np.arange(base, base + len(numbers), dtype=np.int64)
        return keys
    groups = max((int(n.max()) for _, n in parts if len(n)), default=-1) + 1
    keys = np.zeros(reader.doc_count_all(), dtype=np.int64)
    for base, numbers in parts:
        own = groups + base + np.arange(len(numbers), dtype=np.int64)
        keys[base : base + len(numbers)] = np.where(numbers >= 0, numbers, own)
    return keys
