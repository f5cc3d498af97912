"""The private Whoosh names the search layer relies on still exist, and still mean what it
reads them as: the fast ranker's block reads match Whoosh's public posting API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spacetui.search import whoosh_internals


def test_installed_whoosh_has_every_private_name_we_use() -> None:
    gone = whoosh_internals.missing()
    assert not gone, (
        "this Whoosh release changed private names spacetui/search/whoosh_internals.py uses: "
        + ", ".join(gone)
    )


def test_block_reads_and_length_columns_agree_with_the_public_api(tmp_path: Path) -> None:
    from whoosh.fields import TEXT, Schema
    from whoosh.filedb.filestore import FileStorage

    ix = FileStorage(str(tmp_path)).create_index(Schema(body=TEXT(stored=False)))
    with ix.writer() as w:
        for n in range(300):  # several posting blocks (128 postings each)
            w.add_document(body=" ".join(["common"] * (1 + n % 5) + ["other"] * (n % 7)))
    with ix.searcher() as s:
        leaf = s.reader().leaf_readers()[0][0]
        blocks = whoosh_internals.posting_blocks(leaf.postings("body", b"common"))
        assert blocks is not None, "posting matcher is no longer a block matcher"
        got = [(int(d), float(w)) for ids, ws in blocks for d, w in zip(ids, ws, strict=True)]
        want = [(d, float(w)) for d, w in leaf.postings("body", b"common").items_as("weight")]
        assert got == want
        raw = whoosh_internals.length_bytes(leaf, "body", leaf.doc_count_all())
        from whoosh.util.numeric import byte_to_length

        assert [byte_to_length(int(b)) for b in raw] == [
            leaf.doc_field_length(d, "body", 0) for d in range(leaf.doc_count_all())
        ]
        from whoosh import query as wq

        terms = list(whoosh_internals.expansion_terms(wq.Prefix("body", "co"), leaf))
        assert terms == [b"common"]


def test_segment_postings_read_by_block_or_the_public_way_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With deletions too: every live posting is there, in order, whichever way it is read."""
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.filedb.filestore import FileStorage

    ix = FileStorage(str(tmp_path)).create_index(Schema(id=ID(unique=True), body=TEXT(stored=False)))
    with ix.writer() as w:
        for n in range(300):
            w.add_document(id=str(n), body=" ".join(["common"] * (1 + n % 5)))
    with ix.writer() as w:
        for n in [*range(0, 140), *range(200, 300, 3)]:  # the first blocks wholly deleted
            w.delete_by_term("id", str(n))
    with ix.searcher() as s:
        leaf = next(leaf for leaf, _ in s.reader().leaf_readers() if leaf.has_deletions())
        want = [(d, float(w)) for d, w in leaf.postings("body", b"common").items_as("weight")]

        def live(ids: Any, weights: Any) -> list[tuple[int, float]]:
            pairs = zip(ids.tolist(), weights.tolist(), strict=True)
            return [(d, float(w)) for d, w in pairs if not leaf.is_deleted(d)]

        assert live(*whoosh_internals.segment_postings(leaf, "body", b"common")) == want
        monkeypatch.setattr(whoosh_internals, "posting_blocks", lambda matcher: None)
        assert live(*whoosh_internals.segment_postings(leaf, "body", b"common")) == want
        assert set(whoosh_internals.deleted_docs(leaf)) == {d for d in range(300) if leaf.is_deleted(d)}


def test_numeric_columns_read_whole_agree_with_the_public_api(tmp_path: Path) -> None:
    """The day column read a segment at a time (``search.postings.day_array``) gives what
    Whoosh's column reader gives document by document: over two segments, undated articles
    among them, one segment with no dated article at all."""
    from whoosh.fields import ID, NUMERIC, Schema
    from whoosh.filedb.filestore import FileStorage

    from spacetui.search.postings import day_array

    schema = Schema(id=ID(stored=True), date_key=NUMERIC(int, bits=32, signed=False, sortable=True))
    ix = FileStorage(str(tmp_path)).create_index(schema)
    with ix.writer() as w:
        for n in range(300):
            if n % 7:
                w.add_document(id=str(n), date_key=730_000 + n * 3)
            else:
                w.add_document(id=str(n))  # undated
    with ix.writer() as w:
        w.add_document(id="undated")
    w = ix.writer()
    w.add_document(id="last", date_key=739_000)
    w.commit(merge=False)  # (three segments)
    with ix.searcher() as s:
        reader = s.reader()
        n = reader.doc_count_all()
        assert len(reader.leaf_readers()) >= 2
        col = reader.column_reader("date_key")
        want = [col[d] or 0 for d in range(n)]
        leaf = reader.leaf_readers()[0][0]
        assert whoosh_internals.numeric_column(leaf, "date_key", leaf.doc_count_all()) is not None
        assert day_array(reader, n).tolist() == want
        assert want[-1] == 739_000 and want.count(want[0]) == 1 + 300 // 7 + 1  # (undated: one value)


def test_page_characters_read_by_segment_are_what_whoosh_loads(tmp_path: Path) -> None:
    """Where each matched term stands in each hit of a page (the snippets' source), read segment
    by segment, is what Whoosh's highlighter would load itself: over three segments, one with a
    deleted article, terms some hits lack."""
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.filedb.filestore import FileStorage
    from whoosh.highlight import Highlighter
    from whoosh.searching import Results

    ix = FileStorage(str(tmp_path)).create_index(
        Schema(id=ID(stored=True), body=TEXT(stored=True, chars=True))
    )
    for part in range(3):
        w = ix.writer()
        for n in range(200):
            words = ["coffee"] * (1 + n % 3) + ["quota"] * (n % 4) + ["brazil"] * (n % 5 == part)
            w.add_document(id=f"{part}-{n}", body=" ".join(words + ["filler"] * (n % 6)))
        w.commit(merge=False)
    with ix.writer() as w:
        w.delete_by_term("id", "1-3")
    with ix.searcher() as s:
        reader = s.reader()
        assert len(reader.leaf_readers()) == 3 and reader.has_deletions()
        terms = [("body", b"coffee"), ("body", b"quota"), ("body", b"brazil")]
        live = [d for d in range(reader.doc_count_all()) if not reader.is_deleted(d)]
        page = [(1.0, d) for d in live[::37]]  # hits from every segment
        termdocs = {}
        for field, text in terms:
            having = {d for d, _ in s.postings(field, text).items_as("weight")}
            termdocs[(field, text)] = [d for _, d in page if d in having]
        ours = Results(s, None, page)
        whoosh_internals.load_page_characters(ours, "body", termdocs)
        theirs = Results(s, None, page)
        theirs.termdocs = termdocs
        Highlighter._load_chars(theirs, "body", ["coffee", "quota", "brazil"], s.schema["body"].to_bytes)
        assert ours._char_cache["body"] == theirs._char_cache["body"]
        assert any("brazil" in chars for chars in ours._char_cache["body"].values())
