"""The two postings backings agree: ranking over lists (small indexes, numpy never loaded) and
over numpy arrays (large indexes) gives the same hits, scores to the last bit, totals, notices and
sidebar counts; and each column operation the ranking is written with gives the same answer in
both containers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacetui.index.build import update_index
from spacetui.search.postings import ArrayPostings, ListPostings
from spacetui.search.results import Filter
from spacetui.search.service import SearchService
from tests.conftest import SEEDS, require_shared

QUERIES = [
    "", "*", "space", "space movie", "tom cruise space station", "labour party election campaign promises",
    "film", "oil price", "title:russia", "author:waite", "cruise OR musk", "space AND NOT russia",
    '"space station"', "spac*", "peresild~", "election~2", "date:>2021", "music awards", "govern*", "the",
    "market NOT shares", "(bank OR banks) AND rates", "person:cruise", "entity:nasa", "chelsea manager",
    "phone mobile technology", "zzzzqqq", "brown blair", "world cup final", "blair -brown", "film^3 award",
]  # fmt: skip


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SearchService, SearchService]]:
    bbc = require_shared("news", "bbc")
    home = tmp_path_factory.mktemp("rankers")
    corpus = home / "corpus"
    corpus.mkdir()
    for f in sorted(bbc.rglob("*.txt"))[::15][:150]:
        shutil.copy(f, corpus / f"{f.parent.name}-{f.name}")
    update_index(home / "index", [SEEDS, corpus], entities=True, n_process=1)
    # Deletions too: a removed file leaves a deleted document in its segment.
    next(iter(sorted(corpus.iterdir()))).unlink()
    update_index(home / "index", [SEEDS, corpus], entities=True, n_process=1)
    dicts, arrays = SearchService(home / "index"), SearchService(home / "index", array_min_docs=0)
    yield dicts, arrays
    dicts.close()
    arrays.close()


def _view(result) -> tuple:
    return (
        result.total,
        [(h.id, h.score) for h in result.hits],
        [(e.name, e.type, e.articles) for e in result.facets],
        result.error,
        result.notices,
        result.suggestion,
        result.terms,
    )


@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize("query", QUERIES)
def test_same_answers(services: tuple[SearchService, SearchService], query: str, sort: str) -> None:
    dicts, arrays = services
    assert _view(dicts.search(query, sort=sort)) == _view(arrays.search(query, sort=sort))


def test_same_answers_with_entity_filters(services: tuple[SearchService, SearchService]) -> None:
    dicts, arrays = services
    assert type(dicts._ranker().postings).__name__ == "ListPostings"  # the small index: no numpy
    people = [e for e in dicts.search("").facets if e.type == "person"][:3]
    assert people
    for entity in people:
        flt = (Filter.entity(entity.type, entity.name),)
        for query in ("", "the", "government plans", "film OR music"):
            got = dicts.search(query, filters=flt, offset=0, limit=5)
            assert got.total >= (1 if not query else 0)
            assert _view(got) == _view(arrays.search(query, filters=flt, offset=0, limit=5))


def test_small_index_never_loads_numpy(seed_index: Path) -> None:
    """numpy is the largest thing the app would hold in memory (~12 MiB); the seeds never need it."""
    code = (
        "import sys\n"
        "from spacetui.search.service import SearchService\n"
        f"s = SearchService({str(seed_index)!r})\n"
        "for q in ('', 'cruise', 'space movie', 'title:russia OR musk', 'peresild~'):\n"
        "    assert s.search(q).total, q\n"
        "s.article(s.search('cruise').hits[0].id)\n"
        "print('numpy' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False"


def _vocabulary(service: SearchService) -> list[str]:
    """Words of the index itself: the most common ones, and every 7th of the rest (rare ones)."""
    reader = service._searcher().reader()
    common = [t for _, t in reader.most_frequent_terms("body", 40)]
    every = list(reader.lexicon("title"))[::7]
    return sorted({(t.decode("utf-8") if isinstance(t, bytes) else t) for t in [*common, *every]})


@st.composite
def typed_queries(draw: st.DrawFn, words: list[str]) -> str:
    """What people type: words, with +/-, phrases, prefixes, fields, operators and dates."""
    word = st.sampled_from(words)
    clause = st.one_of(
        word,
        word.map(lambda w: "-" + w),
        word.map(lambda w: "+" + w),
        st.lists(word, min_size=2, max_size=3).map(lambda ws: '"' + " ".join(ws) + '"'),
        st.lists(word, min_size=2, max_size=3).map(lambda ws: '-"' + " ".join(ws) + '"'),
        word.map(lambda w: w[:3] + "*"),
        st.tuples(st.sampled_from(["title", "body", "author", "person", "org", "place"]), word).map(
            lambda fw: f"{fw[0]}:{fw[1]}"
        ),
        st.tuples(word, st.sampled_from(["OR", "AND", "AND NOT", "NOT"]), word).map(" ".join),
        st.tuples(word, st.integers(1, 4)).map(lambda wb: f"{wb[0]}^{wb[1]}"),
        st.sampled_from(
            [
                "date:2021",
                "date:2021-05",
                "date:<2021-05-20",
                "date:>=2004",
                "date:[2000 to 2021-05-13]",
                "date:2020..",
                "date:..2005",
                "date:2005-01-01..2005-12-31",
            ]
        ),
    )
    return " ".join(draw(st.lists(clause, min_size=1, max_size=6)))


@pytest.fixture(scope="module")
def vocabulary(services: tuple[SearchService, SearchService]) -> list[str]:
    return _vocabulary(services[0])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(data=st.data())
def test_same_answers_for_generated_queries(
    services: tuple[SearchService, SearchService], vocabulary: list[str], data: st.DataObject
) -> None:
    dicts, arrays = services
    query = data.draw(typed_queries(vocabulary), label="query")
    sort = data.draw(st.sampled_from(["relevance", "date"]), label="sort")
    limit = data.draw(st.integers(1, 30), label="limit")
    offset = data.draw(st.integers(0, 10), label="offset")
    # The arrays combine columns over every article or by sorting ids, by size: both ways.
    arrays._ranker().postings.sparse = data.draw(st.sampled_from([0, 8, 10**9]), label="sparse")  # type: ignore[attr-defined]
    got = dicts.search(query, sort=sort, limit=limit, offset=offset)
    assert got.error is None, (query, got.error)
    assert _view(got) == _view(arrays.search(query, sort=sort, limit=limit, offset=offset)), query


@pytest.fixture(scope="module")
def backings(services: tuple[SearchService, SearchService]) -> tuple[ListPostings, ArrayPostings]:
    searcher = services[1]._searcher()
    return ListPostings(searcher, {}), ArrayPostings(searcher, {})


def _scored_parts(n: int) -> st.SearchStrategy[list[tuple[list[int], list[float]]]]:
    value = st.floats(min_value=-50.0, max_value=50.0, allow_nan=False) | st.sampled_from(
        [0.0, 1.0, -1.0, 2.5]
    )
    part = st.dictionaries(st.integers(0, n - 1), value, max_size=25).map(
        lambda d: (sorted(d), [d[k] for k in sorted(d)])
    )
    return st.lists(part, min_size=1, max_size=5)


def _plain(column: object) -> list:
    return column.tolist() if hasattr(column, "tolist") else list(column)  # type: ignore[union-attr]


@settings(max_examples=200, deadline=None, database=None)
@given(data=st.data())
def test_backings_merge_pick_and_order_alike(
    backings: tuple[ListPostings, ArrayPostings], data: st.DataObject
) -> None:
    lists, arrays = backings
    n = lists.n
    parts = data.draw(_scored_parts(n), label="parts")
    how = data.draw(st.sampled_from(["sum", "max"]), label="how")
    every = data.draw(st.booleans(), label="every")
    a_ids, a_values = lists.merge(parts, how, every)
    for sparse in (0, 10**9):  # the arrays' two ways: over every article, or sorting the ids
        arrays.sparse = sparse
        b_ids, b_values = arrays.merge(
            [(arrays.column(i), arrays.np.array(v, dtype=float)) for i, v in parts], how, every
        )
        assert (_plain(a_ids), _plain(a_values)) == (_plain(b_ids), _plain(b_values)), sparse
    # The data itself: a document's value is the sum (or largest, 0 where a part lacks it).
    for d, v in zip(_plain(a_ids), _plain(a_values), strict=True):
        found = [dict(zip(i, vs, strict=True)).get(d) for i, vs in parts]
        if every:
            assert None not in found
        present = [x for x in found if x is not None]
        assert v == (sum(present) if how == "sum" else max(x if x is not None else 0.0 for x in found))
    # Top k, ties by id; by day first when asked; in id order when not ranked.
    k = data.draw(st.integers(0, 30), label="k")
    by_day = data.draw(st.booleans(), label="by_day")
    ranked = data.draw(st.booleans(), label="ranked")
    ids_a, values_a = arrays.column(_plain(a_ids)), arrays.np.array(_plain(a_values), dtype=float)
    days_l = lists.days(a_ids) if by_day else None
    days_a = arrays.days(ids_a) if by_day else None
    got_l = lists.best(list(a_ids), list(a_values), k, days_l, ranked)
    got_a = arrays.best(ids_a, values_a, k, days_a, ranked)
    top_l = list(zip(lists.take(a_values, got_l), lists.take(a_ids, got_l), strict=True))
    top_a = list(zip(_plain(arrays.take(values_a, got_a)), _plain(arrays.take(ids_a, got_a)), strict=True))
    assert top_l == top_a
    day = dict(zip(_plain(a_ids), _plain(days_l), strict=True)) if by_day else {}
    every_pair = sorted(
        zip(_plain(a_values), _plain(a_ids), strict=True), key=lambda p: (-day.get(p[1], 0), -p[0], p[1])
    )[: max(k, 0)]
    assert top_l == (every_pair if ranked else sorted(every_pair, key=lambda p: p[1]))
    # Membership, either way round.
    docs = data.draw(st.lists(st.integers(0, n - 1), max_size=30, unique=True), label="docs")
    for inside in (True, False):
        (got_l,) = lists.pick(lists.within(list(a_ids), docs, inside), list(a_ids))
        for sparse in (0, 10**9):
            arrays.sparse = sparse
            (got_a,) = arrays.pick(arrays.within(ids_a, arrays.column(docs), inside), ids_a)
            assert _plain(got_l) == _plain(got_a) == [d for d in _plain(a_ids) if (d in docs) is inside]


def test_backings_read_the_same_index(backings: tuple[ListPostings, ArrayPostings]) -> None:
    lists, arrays = backings
    assert _plain(lists.alive()) == _plain(arrays.alive())
    assert len(_plain(lists.alive())) == lists.n - 1  # the deleted article is not alive
    reader = arrays.searcher.reader()
    for fieldname in ("title", "body", "entity_key"):
        for term in list(reader.lexicon(fieldname))[::50]:
            ids_l, tf_l = lists.term(fieldname, term)
            ids_a, tf_a = arrays.term(fieldname, term)
            assert (_plain(ids_l), _plain(tf_l)) == (_plain(ids_a), _plain(tf_a))
            assert _plain(ids_l) == sorted(_plain(ids_l))
            if fieldname != "entity_key":
                assert _plain(lists.lengths(fieldname, ids_l)) == _plain(arrays.lengths(fieldname, ids_a))
    alive = _plain(lists.alive())
    assert _plain(lists.days(alive)) == _plain(arrays.days(arrays.column(alive)))
    assert lists.key_names() == arrays.key_names()
    keys_l, counts_l = lists.key_counts(alive)
    keys_a, counts_a = arrays.key_counts(arrays.column(alive))
    assert (_plain(keys_l), _plain(counts_l)) == (_plain(keys_a), _plain(counts_a))


def test_empty_index_answers_date_filters_in_both_backings(tmp_path: Path) -> None:
    """An empty index has no day column: a date filter finds nothing (not "read as words")."""
    (tmp_path / "corpus").mkdir()
    update_index(tmp_path / "index", [tmp_path / "corpus"], entities=False)
    for array_min_docs in (None, 0):
        service = SearchService(tmp_path / "index", array_min_docs=array_min_docs)
        for query in ("date:2021", "cruise date:2021-05..", "*"):
            for sort in ("relevance", "date"):
                got = service.search(query, sort=sort)
                assert (got.total, got.error, got.notices) == (0, None, []), (query, array_min_docs)
        service.close()
