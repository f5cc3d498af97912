"""The per-segment tables written at index time (entity keys and ids of every article) say what
the index itself says, and searches that read them (sidebar counts, folded copies) answer as
the index does."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacetui.index import doc_tables
from spacetui.index.build import update_index
from spacetui.index.store import IndexStore
from spacetui.search.postings import ArrayPostings
from spacetui.search.service import SearchService
from tests.conftest import SEEDS, require_shared


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Seeds and BBC stories with their exact duplicates, in three segments, one with a deletion."""
    bbc = require_shared("news", "bbc")
    home = tmp_path_factory.mktemp("tables")
    corpus = home / "corpus"
    corpus.mkdir()
    files = sorted(bbc.rglob("*.txt"))
    for f in files[::12][:120]:
        shutil.copy(f, corpus / f"{f.parent.name}-{f.name}")
    for f in files[::12][:20]:  # copies under other names: folded into their originals
        shutil.copy(f, corpus / f"copy-{f.parent.name}-{f.name}")
    update_index(home / "index", [SEEDS, corpus], entities=True, n_process=1)
    next(iter(sorted(corpus.iterdir()))).unlink()
    for f in files[1::12][:10]:
        shutil.copy(f, corpus / f"later-{f.parent.name}-{f.name}")
    update_index(home / "index", [SEEDS, corpus], entities=True, n_process=1)
    yield home / "index"


def _gen(index: Path) -> Path:
    gen = IndexStore(index).current_dir()
    assert gen is not None
    return gen


def test_every_segment_has_a_table_equal_to_its_postings(index: Path) -> None:
    service = SearchService(index)
    reader = service._searcher().reader()
    leaves = list(reader.leaf_readers())
    assert len(leaves) > 1
    for leaf, _base in leaves:
        stored = doc_tables.load(_gen(index), leaf)
        assert stored is not None
        fresh = doc_tables.compute(leaf)
        assert stored.key_names == fresh.key_names
        assert stored.key_indptr.tolist() == fresh.key_indptr.tolist()
        assert stored.key_ids.tolist() == fresh.key_ids.tolist()
        # What each article names, from the index's own postings, term by term.
        named: dict[int, set[str]] = {}
        for term in leaf.lexicon("entity_key"):
            for d in leaf.postings("entity_key", term).all_ids():
                named.setdefault(d, set()).add(term.decode("utf-8"))
        for d in range(leaf.doc_count_all()):
            keys = stored.key_ids[stored.key_indptr[d] : stored.key_indptr[d + 1]].tolist()
            if not leaf.is_deleted(d):
                assert {stored.key_names[k] for k in keys} == named.get(d, set())
                assert stored.article_ids()[d] == leaf.stored_fields(d)["id"]


def test_copy_keys_number_each_documents_group_of_copies(index: Path) -> None:
    service = SearchService(index)
    groups = service.stories()
    assert any(len(g) > 1 for g in groups.version_groups())  # the fixture has copies
    reader = service._searcher().reader()
    keys = service.copy_keys()
    assert len(keys) == reader.doc_count_all()
    live = [d for d in range(reader.doc_count_all()) if not reader.is_deleted(d)]
    group_of = {d: groups.version_group(reader.stored_fields(d)["id"]) for d in live}
    for a in live:
        for b in live:
            assert (keys[a] == keys[b]) == (group_of[a] == group_of[b]), (a, b)


def test_the_index_run_saves_the_copy_keys_a_search_would_work_out(index: Path) -> None:
    # (a search at a million articles spent seconds working them out on opening the index)
    service = SearchService(index)
    groups = service.stories()
    reader = service._searcher().reader()
    segments = doc_tables.segments_of(reader)
    assert segments and len(segments) > 1 and groups.has_copy_keys_for(segments)
    fresh = doc_tables.copy_keys(reader, _gen(index), groups.version_numbers)
    assert service.copy_keys().tolist() == fresh.tolist()
    # Saved for other segments (another commit's numbering), they are not used.
    other = [[name, deleted + 1] for name, deleted in segments]
    assert not groups.has_copy_keys_for(other)
    assert groups.copy_keys(other, lambda g: "worked out") == "worked out"


def _pick_reference(keys: list[int], offset: int, wanted: int) -> tuple[list[int], int, int, int]:
    """What a collapsed page is, one ranked document at a time: (positions, shown, folded, skipped)."""
    place: dict[int, int] = {}
    page: list[int] = []
    folded = skipped = 0
    for pos, key in enumerate(keys):
        if key in place:
            skipped += 1
            folded += offset <= place[key] < wanted
            continue
        place[key] = len(place)
        if offset <= place[key] < wanted:
            page.append(pos)
    return page, min(len(place), wanted), folded, skipped


@settings(max_examples=300, deadline=None)
@given(
    keys=st.lists(st.integers(min_value=0, max_value=12), max_size=60),
    offset=st.integers(min_value=0, max_value=15),
    size=st.integers(min_value=0, max_value=20),
)
def test_a_folded_page_is_the_first_copy_of_each_group_in_rank_order(
    keys: list[int], offset: int, size: int
) -> None:
    import numpy as np

    from spacetui.search.service import _Fold

    # Document d's group is keys[d]; the ranking lists the documents in order.
    fold = _Fold(np.asarray(keys, dtype=np.int64), offset, offset + size)
    page = fold.pick(list(range(len(keys))))
    assert (page, fold.shown, fold.folded, fold.skipped) == _pick_reference(keys, offset, offset + size)


def test_a_segment_without_its_table_is_read_from_the_index(index: Path, tmp_path: Path) -> None:
    copy = tmp_path / "index"
    shutil.copytree(index, copy)
    for table in _gen(copy).glob(f"{doc_tables.TABLES_PREFIX}*"):
        shutil.rmtree(table)
    with_tables, without = SearchService(index, array_min_docs=0), SearchService(copy, array_min_docs=0)
    for query in ("", "film", "oil price", "labour election", "space"):
        a = with_tables.search(query, limit=15, collapse=True)
        b = without.search(query, limit=15, collapse=True)
        assert [h.id for h in a.hits] == [h.id for h in b.hits] and a.total == b.total
        assert [(e.name, e.articles) for e in a.facets] == [(e.name, e.articles) for e in b.facets]
    # The next index run stores the missing tables, and drops tables of segments that are gone.
    (_gen(copy) / f"{doc_tables.TABLES_PREFIX}gone").mkdir()
    (_gen(copy) / f".{doc_tables.TABLES_PREFIX}half.123.tmp").mkdir()
    update_index(copy)
    names = sorted(p.name for p in _gen(copy).iterdir() if doc_tables.TABLES_PREFIX in p.name)
    leaves = SearchService(copy)._searcher().reader().leaf_readers()
    segments = [leaf.segment().segment_id() for leaf, _ in leaves]
    assert names == sorted(f"{doc_tables.TABLES_PREFIX}{s}" for s in segments)


@settings(max_examples=60, deadline=None, database=None)
@given(data=st.data())
def test_entity_counts_equal_a_count_over_each_articles_entities(index: Path, data: st.DataObject) -> None:
    """Sidebar counts per entity (several keys, one entity) over any set of articles, against
    each article's own set of entities, counted directly."""
    service = SearchService(index, array_min_docs=0)
    postings = service._ranker().postings
    assert isinstance(postings, ArrayPostings)
    names = postings.key_names()
    merged = data.draw(st.lists(st.sampled_from(names), min_size=2, max_size=40, unique=True))
    canon = {name: merged[i % 3] for i, name in enumerate(merged)}  # three entities of many keys
    alive = postings.alive().tolist()
    matched = sorted(data.draw(st.sets(st.sampled_from(alive), max_size=len(alive))))
    keys, counts = postings.key_counts(postings.column(matched), canon)
    got = dict(zip([postings.key_names(canon)[k] for k in keys.tolist()], counts.tolist(), strict=True))
    table = postings._keys()
    expected: Counter[str] = Counter()
    for d in matched:
        keys_of_d = table.keys_by_doc[table.indptr[d] : table.indptr[d + 1]].tolist()
        expected.update({canon.get(names[k], names[k]) for k in keys_of_d})
    assert got == dict(expected)


@pytest.mark.parametrize("array_min_docs", [0, 10**9])
def test_collapsed_pages_are_the_ranking_with_copies_folded(index: Path, array_min_docs: int) -> None:
    service = SearchService(index, array_min_docs=array_min_docs)
    groups = service.stories()
    assert groups.has_copies, "the corpus has copies"
    for query in ("", "film", "oil price", "labour election campaign", "space"):
        every = service.search(query, limit=10_000, facets=False, snippets=False)
        first_of: dict[str, str] = {}
        for hit in every.hits:
            first_of.setdefault(groups.version_group(hit.id), hit.id)
        expected = list(first_of.values())
        pages: list[str] = []
        folded = 0
        for offset in range(0, len(expected) + 7, 7):
            page = service.search(query, limit=7, offset=offset, collapse=True)
            assert page.total == every.total
            pages += [h.id for h in page.hits]
            folded += page.folded
        assert pages == expected, query
        assert 0 < folded <= len(every.hits) - len(expected) or len(every.hits) == len(expected)
