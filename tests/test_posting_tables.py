"""The posting arrays of frequent words (``index/posting_tables``) hold exactly what Whoosh's own
postings hold, and a search answers the same with them as without, on real BBC files, also
after an incremental run that replaced and removed articles (deleted documents in a segment)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from spacetui.index import posting_tables
from spacetui.index.build import update_index
from spacetui.index.store import IndexStore
from spacetui.search.service import SearchService
from tests.conftest import require_shared

QUERIES = [
    "said",
    "government plans",
    "the economy",
    "economy -growth",
    "title:film",
    '"prime minister"',
    "bank OR market",
    "people AND year",
    "firm* profits",
    "minister year -said",
]


def _sample(tmp_path: Path, count: int) -> Path:
    folder = require_shared("news", "bbc")
    files = sorted(folder.rglob("*.txt"))
    corpus = tmp_path / "corpus"
    for n, path in enumerate(random.Random(22).sample(files, count)):
        target = corpus / path.parent.name / f"{n:03d}-{path.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return corpus


def _indexed(tmp_path: Path, count: int) -> tuple[Path, Path, Path]:
    """(corpus, index, its generation) of ``count`` BBC files, indexed without entities."""
    corpus = _sample(tmp_path, count)
    index_dir = tmp_path / "index"
    update_index(index_dir, [corpus], entities=False)
    gen = IndexStore(index_dir).current_dir()
    assert gen is not None
    return corpus, index_dir, gen


def _rewrite(index_dir: Path, frequent: int) -> Path:
    """The generation's arrays written again, of every word in ``frequent`` articles or more
    (the sample is too small for the real threshold)."""
    gen = IndexStore(index_dir).current_dir()
    assert gen is not None
    for old in gen.glob(f"{posting_tables.PREFIX}*"):
        shutil.rmtree(old)
    service = SearchService(index_dir)
    try:
        written = posting_tables.write(gen, service._searcher().reader(), frequent=frequent)
    finally:
        service.close()
    assert written >= 1
    return gen


def _whoosh_postings(leaf: Any, fieldname: str, btext: bytes) -> tuple[list[int], list[float]]:
    """The term's postings of live articles, through Whoosh's public matcher."""
    pairs = list(leaf.postings(fieldname, btext).items_as("weight"))
    return [d for d, _ in pairs], [float(w) for _, w in pairs]


def _answers(index_dir: Path) -> list[Any]:
    service = SearchService(index_dir, array_min_docs=0)  # (the arrays are read by that backing)
    try:
        out = []
        for query in QUERIES:
            r = service.search(query, limit=15)
            assert r.error is None, (query, r.error)
            out.append((query, r.total, [(h.id, h.score) for h in r.hits], r.facets))
        return out
    finally:
        service.close()


def _check_arrays(index_dir: Path, gen: Path) -> int:
    service = SearchService(index_dir)
    try:
        checked = 0
        for leaf, _ in service._searcher().reader().leaf_readers():
            stored = posting_tables.load(gen, leaf)
            assert stored is not None
            assert stored.where, "no word was kept"
            for (fieldname, btext), _k in stored.where.items():
                got = stored.term(fieldname, btext)
                assert got is not None
                ids, weights = _whoosh_postings(leaf, fieldname, btext)
                assert got[0].tolist() == ids, (fieldname, btext)
                assert got[1].astype(float).tolist() == weights, (fieldname, btext)
                checked += 1
        return checked
    finally:
        service.close()


def test_the_arrays_hold_whoosh_postings_and_searches_answer_the_same(tmp_path: Path) -> None:
    corpus, index_dir, gen = _indexed(tmp_path, 300)
    for path in gen.glob(f"{posting_tables.PREFIX}*"):
        shutil.rmtree(path)
    without = _answers(index_dir)

    _rewrite(index_dir, frequent=3)
    assert _check_arrays(index_dir, gen) > 1000
    assert _answers(index_dir) == without

    # An incremental run: some articles replaced, some removed, some added. The first segment
    # keeps its arrays (its postings now include deleted documents), the new one gets its own.
    files = sorted(corpus.rglob("*.txt"))
    for path in files[:15]:
        path.write_text(path.read_text("latin-1") + "\nA closing line added for this test.\n", "latin-1")
    for path in files[15:25]:
        path.unlink()
    extra = _sample(tmp_path / "more", 40)
    shutil.copytree(extra, corpus / "more")
    update_index(index_dir, [corpus], entities=False)
    gen = IndexStore(index_dir).current_dir()
    assert gen is not None
    service = SearchService(index_dir)
    try:
        leaves = [leaf for leaf, _ in service._searcher().reader().leaf_readers()]
        assert any(leaf.has_deletions() for leaf in leaves) or len(leaves) == 1
    finally:
        service.close()
    with_default_threshold = _answers(index_dir)
    _rewrite(index_dir, frequent=3)
    assert _check_arrays(index_dir, gen) > 1000
    with_arrays = _answers(index_dir)
    for path in gen.glob(f"{posting_tables.PREFIX}*"):
        shutil.rmtree(path)
    assert with_arrays == _answers(index_dir) == with_default_threshold


def test_damaged_arrays_are_not_read(tmp_path: Path) -> None:
    _, index_dir, _ = _indexed(tmp_path, 60)
    expected = _answers(index_dir)
    gen = _rewrite(index_dir, frequent=2)
    for ids in gen.glob(f"{posting_tables.PREFIX}*/{posting_tables.IDS}"):
        data = ids.read_bytes()
        ids.write_bytes(data[: len(data) // 2])
    service = SearchService(index_dir)
    try:
        leaf = next(iter(service._searcher().reader().leaf_readers()))[0]
        assert posting_tables.load(gen, leaf) is None
    finally:
        service.close()
    assert _answers(index_dir) == expected


def test_an_index_run_writes_them_and_drops_those_of_segments_gone(tmp_path: Path) -> None:
    corpus, index_dir, gen = _indexed(tmp_path, 30)
    first = {p.name for p in gen.glob(f"{posting_tables.PREFIX}*")}
    assert first
    stale = gen / f"{posting_tables.PREFIX}MAIN_gone"
    stale.mkdir()
    update_index(index_dir, [corpus], entities=False)  # nothing changed: still tidied
    assert not stale.exists()
    assert {p.name for p in gen.glob(f"{posting_tables.PREFIX}*")} == first


@pytest.mark.parametrize("frequent", [1, 10**9])
def test_every_word_or_none(tmp_path: Path, frequent: int) -> None:
    _, index_dir, _ = _indexed(tmp_path, 25)
    expected = _answers(index_dir)
    gen = _rewrite(index_dir, frequent=frequent)
    service = SearchService(index_dir)
    try:
        leaf = next(iter(service._searcher().reader().leaf_readers()))[0]
        stored = posting_tables.load(gen, leaf)
        assert stored is not None
        assert bool(stored.where) == (frequent == 1)
    finally:
        service.close()
    assert _answers(index_dir) == expected
