"""An acronym spelt as a stop word ("US", "IT", "WHO") is searched as one, checked against the
words of the BBC folder itself: as a word, "us" was too common to search for at all ("US" found
nothing), and "US economy" found Japan's economy first."""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from spacetui.index.analysis import text_analyzer
from spacetui.index.build import update_index
from spacetui.search.service import SearchService
from spacetui.search.snippets import match_spans
from tests.conftest import require_shared

SAMPLE = 500


@pytest.fixture(scope="module")
def bbc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SearchService, dict[str, str]]]:
    folder = require_shared("news", "bbc")
    files = sorted(folder.rglob("*.txt"))
    chosen = random.Random(21).sample(files, SAMPLE)
    home = tmp_path_factory.mktemp("bbc-sample")
    corpus = home / "corpus"
    texts: dict[str, str] = {}
    for n, path in enumerate(chosen):
        target = corpus / path.parent.name / f"{n:03d}-{path.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        texts[str(target.resolve())] = path.read_text("latin-1")
    update_index(home / "index", [corpus], entities=False)
    service = SearchService(home / "index")
    yield service, texts
    service.close()


def _paths(service: SearchService, query: str) -> set[str]:
    result = service.search(query, limit=SAMPLE, collapse=False, facets=False)
    assert not result.error, result.error
    return {str(Path(h.path).resolve()) for h in result.hits}


def _saying(texts: dict[str, str], pattern: str, flags: int = 0) -> set[str]:
    return {p for p, t in texts.items() if re.search(pattern, t, flags)}


@pytest.mark.parametrize("acronym", ["US", "IT", "WHO"])
def test_an_acronym_finds_the_stories_that_write_it_in_capitals(
    bbc: tuple[SearchService, dict[str, str]], acronym: str
) -> None:
    service, texts = bbc
    expected = _saying(texts, rf"\b{acronym}\b")
    if acronym == "US":
        assert len(expected) > 50  # (the sample says it often: the check means something)
    assert _paths(service, acronym) == expected
    # typed in lower case it is the pronoun, too common to search for: nothing, said so
    result = service.search(acronym.lower(), limit=5, facets=False)
    assert result.total == 0 and any("too common" in n for n in result.notices)


def test_an_acronym_among_words_and_in_query_syntax(bbc: tuple[SearchService, dict[str, str]]) -> None:
    service, texts = bbc
    us = _saying(texts, r"\bUS\b")
    economy = _saying(texts, r"\beconom(y|ies)\b", re.IGNORECASE)
    uk = _saying(texts, r"(?<![.\w])uk(?!\w|\.\w)", re.IGNORECASE)  # (not "bbc.co.uk": one word)
    assert _paths(service, "US AND economy") == us & economy
    assert _paths(service, "+US economy") == us
    assert _paths(service, "economy -US") == economy - us
    assert _paths(service, "US OR UK") == us | uk
    plain = service.search("US economy", limit=20, facets=False)
    assert plain.all_words == len(us & economy)
    # the stories with both come first (before: Japan's economy, "US" left out)
    firsts = {str(Path(h.path).resolve()) for h in plain.hits[: min(10, len(us & economy))]}
    assert firsts <= us & economy
    assert not [n for n in plain.notices if "too common" in n]


def test_the_who_in_capitals_is_still_the_band() -> None:
    # Only stop words, typed in capitals: a phrase, as in lower case (not two acronyms).
    analyzer = text_analyzer()
    assert [t.text for t in analyzer("THE WHO", mode="query", acronyms=False)] == []


def test_an_acronym_is_indexed_twice_in_its_place_but_not_in_a_line_of_capitals() -> None:
    analyzer = text_analyzer()
    text = "The US economy. OIL PRICES TO RISE IN US. UK, US and WHO said it"
    tokens = [(t.text, t.pos) for t in analyzer(text, mode="index", positions=True, chars=True)]
    assert ("us", 1) in tokens and ("us^", 1) in tokens
    assert ("to^", 5) not in tokens and ("in^", 7) not in tokens and ("us^", 8) not in tokens
    assert ("us^", 10) in tokens and ("who^", 12) in tokens
    assert [t.text for t in analyzer("US economy", mode="query")] == ["us^", "economi"]
    # a phrase and the spelling words are the words as written, once
    assert [t.text for t in analyzer("US economy", mode="phrase")] == ["us", "economi"]
    assert [t.text for t in analyzer("US economy", no_morph=True)] == ["us", "economy"]


def test_an_acronym_lights_up_in_capitals_only() -> None:
    text = "Let us look at the US economy and US trade. OIL PRICES TO RISE IN US"
    spans = match_spans(text, ["us^", "economi", "to^"])
    # (not in the line of capitals, where it is not indexed as an acronym either)
    assert [(text[a:b], a) for a, b in spans] == [("US", 19), ("economy", 22), ("US", 34)]


def test_a_find_in_an_article_lights_up_the_acronym(bbc: tuple[SearchService, dict[str, str]]) -> None:
    service, _ = bbc
    text = "Let us look at the US economy."
    assert service.query_terms("US") == ["us^"]
    assert [text[a:b] for a, b in service.match_spans(text, service.query_terms("US economy"))] == [
        "US",
        "economy",
    ]


@pytest.fixture(scope="module")
def accented(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SearchService, dict[str, str]]]:
    pages = require_shared("extraction", "readability", "pairs")
    home = tmp_path_factory.mktemp("accented")
    corpus = home / "corpus"
    corpus.mkdir()
    for page in sorted(pages.iterdir()):
        expected = page / "expected.txt"
        if not expected.exists():
            continue
        text = expected.read_text("utf-8", errors="replace")
        if re.search(r"[^\x00-\x7f]", text):
            (corpus / f"{page.name}.txt").write_text(text, encoding="utf-8")
    update_index(home / "index", [corpus], entities=False)
    service = SearchService(home / "index")
    # each page's words as indexed: what the loader kept of it (its cleaning drops furniture)
    texts: dict[str, str] = {}
    for hit in service.search("", limit=1000, collapse=False, facets=False).hits:
        article = service.article(hit.id)
        assert article is not None
        texts[str(Path(hit.path).resolve())] = "\n".join(
            [article.title, article.standfirst or "", *article.body]
        )
    yield service, texts
    service.close()


def test_a_word_is_found_with_or_without_its_accents(accented: tuple[SearchService, dict[str, str]]) -> None:
    # Real pages with accented words (the readability set's article texts): typing "gerard" or
    # "gérard" gives one answer, and it holds every page that writes the accented word.
    from spacetui.index.analysis import fold_accents

    service, texts = accented
    words = sorted(
        {
            w
            for t in texts.values()
            for w in re.findall(r"\w+", t)
            if len(w) > 4 and w.isalpha() and not w.isascii() and fold_accents(w).isascii()
        }
    )
    assert len(words) >= 10, words  # (the pages have them: the check means something)
    for word in random.Random(8).sample(words, 10):
        plain = fold_accents(word)
        found = _paths_in(service, word, len(texts))
        assert found == _paths_in(service, plain, len(texts)), word
        assert _saying(texts, rf"(?i)\b{re.escape(word)}\b") <= found, word


def _paths_in(service: SearchService, query: str, limit: int) -> set[str]:
    result = service.search(query, limit=limit, collapse=False, facets=False)
    assert not result.error, result.error
    return {str(Path(h.path).resolve()) for h in result.hits}


def test_an_accented_word_lights_up_for_its_plain_spelling() -> None:
    text = "Gérard Depardieu flew to São Paulo."
    spans = match_spans(text, ["gerard", "sao"])
    assert [text[a:b] for a, b in spans] == ["Gérard", "São"]


def test_an_index_built_before_acronyms_still_answers_stop_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index keeps the analyzers it was built with (Whoosh stores them) until it is rebuilt.
    One built before acronyms has no CapitalsFilter, and the stop-word filter it shares with
    today's code must not ask its words for a mark they never got: "warm up" failed there with
    "This query could not be run (AttributeError)"."""
    from whoosh.analysis import LowercaseFilter, RegexTokenizer

    from spacetui.index import analysis, schema

    def before_acronyms() -> object:  # the chain of schemas 5 and 6
        stem = analysis.StemFilter(stemfn=analysis.word_stem, ignore=analysis.STOP_WORDS_EN)
        return RegexTokenizer() | LowercaseFilter() | analysis.LooseStopFilter() | stem

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Oil prices warm up\n\nOil prices warmed up in the US on Monday.\n")
    (corpus / "b.txt").write_text("Wheat harvest\n\nThe wheat harvest was late this year.\n")
    monkeypatch.setattr(schema, "text_analyzer", before_acronyms)
    update_index(tmp_path / "index", [corpus], entities=False)
    monkeypatch.undo()
    service = SearchService(tmp_path / "index")
    try:
        for query, expected in [("warm up", 1), ("the wheat", 1), ("oil -the", 1), ("up", 0)]:
            result = service.search(query)
            assert result.error is None, (query, result.error)
            assert result.total == expected, query
    finally:
        service.close()
