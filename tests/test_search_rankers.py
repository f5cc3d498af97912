"""The two rankers agree: the dict ranker (small indexes, numpy never loaded) and the numpy one
(large indexes) give the same hits, scores, totals, notices and sidebar counts."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from spacetui.index.build import update_index
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
        [(h.id, round(h.score, 9)) for h in result.hits],
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
