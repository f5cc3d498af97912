"""The private Whoosh names the search layer relies on still exist, and still mean what it
reads them as: the fast ranker's block reads match Whoosh's public posting API."""

from __future__ import annotations

from pathlib import Path

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
