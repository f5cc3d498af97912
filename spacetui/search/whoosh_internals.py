"""Every use of a private Whoosh name, in one place.

The fast ranker reads posting blocks, field-length columns and the day column straight from
Whoosh's codec (10-50x faster than a Python step per posting or per article), expansions list a
query's terms (and ``search/patterns.py`` gives a pattern's own), and the builder patches a
codec cache. None of this is Whoosh's public API: :func:`missing` lists what a Whoosh release
no longer has, and ``tests/test_whoosh_internals.py`` fails naming it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import spacetui.index  # noqa: F401  (imports Whoosh without urllib.request)


def _codec() -> Any:
    from whoosh.codec import whoosh3

    return whoosh3


def missing() -> list[str]:
    """The private names this module relies on that the installed Whoosh lacks."""
    from whoosh import query as wq

    w3 = _codec()
    wanted: list[tuple[str, Any, str]] = [
        ("whoosh.codec.whoosh3", w3, "LENGTHS_COLUMN"),
        ("whoosh.codec.whoosh3", w3, "_lenfield"),
        ("whoosh.codec.whoosh3.W3PerDocReader", w3.W3PerDocReader, "_cached_reader"),
        ("whoosh.codec.whoosh3.W3LeafMatcher", w3.W3LeafMatcher, "_read_ids"),
        ("whoosh.codec.whoosh3.W3LeafMatcher", w3.W3LeafMatcher, "_read_weights"),
        ("whoosh.codec.whoosh3.W3LeafMatcher", w3.W3LeafMatcher, "_next_block"),
        ("whoosh.codec.whoosh3.W3LeafMatcher", w3.W3LeafMatcher, "_read_values"),
        ("whoosh.query.MultiTerm", wq.MultiTerm, "_btexts"),
    ]
    return [f"{owner}.{name}" for owner, obj, name in wanted if not hasattr(obj, name)]


def length_bytes(leaf: Any, fieldname: str, count: int) -> Any:
    """One segment's stored field lengths, one byte per article (Whoosh's length encoding), as
    a numpy uint8 array; None when no article in the segment has the field. Raises
    AttributeError (or the codec's own error) on a codec without these columns."""
    import numpy as np

    w3 = _codec()
    col = leaf._perdoc._cached_reader(w3._lenfield(fieldname), w3.LENGTHS_COLUMN)
    if col is None:
        return None
    if getattr(col, "_fixedlen", 0) == 1:
        # One length byte per article: read the column in one go.
        stored = min(col._count, count)
        raw = np.zeros(count, dtype=np.uint8)
        raw[:stored] = np.frombuffer(col._dbfile.get(col._basepos, stored), dtype=np.uint8)
        return raw
    return np.fromiter((col[i] for i in range(count)), dtype=np.uint8, count=count)


def numeric_column(leaf: Any, fieldname: str, count: int) -> Any:
    """One segment's numeric column as stored (before the field decodes each value), a numpy
    array of ``count``; None when the segment has no such column. Raises AttributeError on a
    column without Whoosh's fixed-width layout."""
    import numpy as np

    if not leaf._perdoc.has_column(fieldname):
        return None
    col = leaf.column_reader(fieldname, translate=False)
    typecode, width, stored = col._typecode, col._fixedlen, min(col._count, count)
    dtype = np.dtype(">" + typecode)  # (Whoosh packs them in network order)
    if dtype.itemsize != width:
        raise AttributeError(f"a numeric column of {width}-byte values as {typecode!r}")
    values = np.full(count, col._default, dtype=dtype)
    values[:stored] = np.frombuffer(col._dbfile.get(col._basepos, stored * width), dtype=dtype)
    return values


def posting_blocks(matcher: Any) -> Iterator[tuple[Any, Any]] | None:
    """(ids, weights) block by block from a segment's posting matcher, or None when the matcher
    is not a block matcher (then read it with the public ``items_as``)."""
    if not (hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block")):
        return None

    def blocks() -> Iterator[tuple[Any, Any]]:
        m = matcher
        while m.is_active():
            if m._ids is None:
                m._read_ids()
            if m._weights is None:
                m._read_weights()
            yield m._ids, m._weights
            m._next_block()

    return blocks()


def segment_postings(leaf: Any, fieldname: str, btext: Any) -> tuple[Any, Any]:
    """A segment's postings of a term as numpy arrays (int64 document numbers within the
    segment, float64 weights), read block by block: every live article's, and some deleted
    ones' (Whoosh's deletions filter has already moved past those it starts with; a caller
    that matches only live articles leaves the rest out)."""
    import numpy as np

    m = leaf.postings(fieldname, btext)
    m = getattr(m, "child", m) if leaf.has_deletions() else m
    blocks = posting_blocks(m)
    if blocks is None:  # not a block matcher: the public way, a step per posting
        pairs = list(m.items_as("weight"))
        ids = np.array([d for d, _ in pairs], dtype=np.int64)
        return ids, np.array([w for _, w in pairs], dtype=np.float64)
    parts = [(np.asarray(ids, dtype=np.int64), np.asarray(w, dtype=np.float64)) for ids, w in blocks]
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    return np.concatenate([i for i, _ in parts]), np.concatenate([w for _, w in parts])


def deleted_docs(leaf: Any) -> Iterable[int]:
    """The document numbers a segment has deleted."""
    if not leaf.has_deletions():
        return ()
    docs = getattr(leaf, "deleted_docs_set", None)
    if docs is None:
        docs = [d for d in range(leaf.doc_count_all()) if leaf.is_deleted(d)]
    return docs


def posting_values(matcher: Any, wanted: Sequence[int]) -> Iterator[tuple[int, bytes]] | None:
    """(id, encoded value) of each ``wanted`` id (ascending) the segment's matcher has, or None
    when the matcher is not a block matcher (then step through it with ``skip_to``). A block
    wholly before the next wanted id is passed by its header, unread."""
    if not all(hasattr(matcher, n) for n in ("_read_ids", "_read_values", "_next_block", "_maxid")):
        return None

    def values() -> Iterator[tuple[int, bytes]]:
        m, i, n = matcher, 0, len(wanted)
        while i < n and m.is_active():
            if m._maxid >= wanted[i]:
                if m._ids is None:
                    m._read_ids()
                if m._values is None:
                    m._read_values()
                ids, vals, j = m._ids, m._values, 0
                while i < n and wanted[i] <= m._maxid:
                    j = bisect.bisect_left(ids, wanted[i], j)
                    if j < len(ids) and ids[j] == wanted[i]:
                        yield wanted[i], vals[j]
                    i += 1
            m._next_block()

    return values()


def expansion_terms(node: Any, reader: Any) -> Iterator[bytes]:
    """The index terms a prefix, wildcard, fuzzy or range query would match, lazily."""
    return iter(node._btexts(reader))


_patched = False


def remember_missing_length_columns() -> None:
    """Whoosh looks up every posting's field length when it writes a segment; for fields
    without lengths (ids, dates, keys) it asks the file system each time (10% of build time).
    Remember that a segment has no such column: segments are immutable once written."""
    global _patched
    if _patched:
        return
    w3 = _codec()
    original = w3.W3PerDocReader._cached_reader

    def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
        reader = original(self, fieldname, column)
        if reader is None:
            self._readers[fieldname] = None
        return reader

    w3.W3PerDocReader._cached_reader = _cached_reader
    _patched = True


def load_page_characters(results: Any, fieldname: str, termdocs: dict[tuple[str, bytes], list[int]]) -> None:
    """Where each matched term stands in each hit of a page (``Results._char_cache``, what the
    highlighter reads), as Whoosh's own ``_load_chars`` finds it, but read segment by segment
    where the page's articles are: Whoosh opens each term's postings over every segment with a
    scorer set up for ranking, a third of a page's snippets at a million articles.
    (A Whoosh whose results keep no such cache works it out its own way.)"""
    cache_of = getattr(results, "_char_cache", None)
    if not isinstance(cache_of, dict):
        return
    searcher = results.searcher
    field = searcher.schema[fieldname]
    leaves = list(searcher.reader().leaf_readers())
    bases = [base for _, base in leaves]
    cache: dict[int, dict[str, Any]] = {docnum: {} for _, docnum in results.top_n}
    for (name, btext), docs in termdocs.items():
        if name != fieldname:
            continue
        text = field.from_bytes(btext)
        by_leaf: dict[int, list[int]] = {}
        for docnum in sorted(docs):
            by_leaf.setdefault(bisect.bisect_right(bases, docnum) - 1, []).append(docnum)
        for i, wanted in by_leaf.items():
            leaf, base = leaves[i]
            m = leaf.postings(fieldname, btext)
            for docnum in wanted:
                m.skip_to(docnum - base)
                if not m.is_active() or m.id() != docnum - base:
                    return  # (not as the ranker saw it: leave it all to Whoosh)
                cache[docnum][text] = m.value_as("characters")
    cache_of[fieldname] = cache
