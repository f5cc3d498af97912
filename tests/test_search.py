"""The search layer on the seed index: syntax, highlights, errors, suggestions, related."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacetui.search.query import check_query
from spacetui.search.results import QueryError, Superseded
from spacetui.search.service import SearchService


@pytest.fixture(params=["dicts", "arrays"])
def service(seed_index: Path, request: pytest.FixtureRequest):
    """Both postings backings: the lists small indexes use and the numpy arrays large ones use."""
    s = SearchService(seed_index, array_min_docs=0 if request.param == "arrays" else None)
    yield s
    s.close()


def _ids(result) -> list[str]:
    return [h.id.split("_")[0] for h in result.hits]


def test_cruise_finds_both_seeds_with_highlights(service: SearchService) -> None:
    result = service.search("Cruise")
    assert result.ok and result.total == 2
    for hit in result.hits:
        assert any(hit_ and text.lower() == "cruise" for text, hit_ in hit.snippet)


def test_title_field(service: SearchService) -> None:
    result = service.search("title:russia")
    assert _ids(result) == ["004"]


def test_fuzzy_finds_both_spellings(service: SearchService) -> None:
    result = service.search("Peresild~")
    assert sorted(_ids(result)) == ["000", "004"]
    highlighted = {t for h in result.hits for t, hit in h.snippet if hit}
    assert {"Peresild", "Pereslid"} <= highlighted


def test_phrase_boolean_prefix(service: SearchService) -> None:
    assert sorted(_ids(service.search('"International Space Station"'))) == ["000", "004"]
    assert _ids(service.search("Dogecoin")) == ["004"]
    assert _ids(service.search("cruise AND NOT dogecoin")) == ["000"]
    assert sorted(_ids(service.search("(dogecoin OR slashfilm)"))) == ["000", "004"]
    assert sorted(_ids(service.search("cosmon*"))) == ["000", "004"]


def test_natural_language_falls_back_to_ranked_or(service: SearchService) -> None:
    result = service.search("dogecoin slashfilm")  # no article has both
    assert result.total == 2
    assert any("any of them" in n for n in result.notices)


@pytest.mark.parametrize(
    ("query", "message", "words"),
    [
        ('"unclosed phrase', "an unclosed quote", "unclosed phrase"),
        ("(nasa OR roscosmos", "an unmatched bracket", "nasa OR roscosmos"),
        ("nasa)", "an unmatched bracket", "nasa"),
        ("colour:red", "'colour:' (not a field)", "colour red"),
        ("a*", "'*' after fewer than 2 letters", "a"),
    ],
)
def test_text_that_is_not_syntax_is_searched_as_words(
    service: SearchService, query: str, message: str, words: str
) -> None:
    """Pasted text never fails: the mistake is named in one notice and the words are searched,
    finding what the words alone find."""
    result = service.search(query)
    assert result.error is None
    assert [n for n in result.notices if n.startswith("Read as words")] == [f"Read as words: {message}."]
    plain = service.search(words, limit=1000)
    assert result.total == plain.total
    with pytest.raises(QueryError):
        check_query(query)


def test_nothing_to_search_for_is_said_not_failed(service: SearchService) -> None:
    result = service.search("AND")
    assert result.error is None and result.total == 0
    assert any("Nothing to search for" in n for n in result.notices)


@pytest.mark.parametrize("query", ["cruise", "cruise OR film", "cosmonaut~"])
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_a_superseded_search_stops_once_ranked(service: SearchService, query: str, sort: str) -> None:
    # The app asks "typed on?" once the articles are ranked: yes stops before snippets and counts.
    asked: list[bool] = []

    def typed_on() -> bool:
        asked.append(True)
        return True

    with pytest.raises(Superseded):
        service.search(query, sort=sort, collapse=True, stop=typed_on)
    assert asked
    kept_on = service.search(query, sort=sort, collapse=True, stop=lambda: False)
    plain = service.search(query, sort=sort, collapse=True)
    assert kept_on.total == plain.total > 0
    assert [(h.id, h.snippet) for h in kept_on.hits] == [(h.id, h.snippet) for h in plain.hits]
    assert kept_on.facets == plain.facets


def test_did_you_mean(service: SearchService) -> None:
    result = service.search("cosmonuat")
    assert result.total == 0
    assert result.suggestion == "cosmonaut"


def test_empty_query_lists_everything_by_date(service: SearchService) -> None:
    result = service.search("", sort="date")
    assert result.total == 2
    assert _ids(result)[0] == "004"  # dated articles first, newest first


def test_article_and_related(service: SearchService) -> None:
    hit = service.search("dogecoin").hits[0]
    article = service.article(hit.id)
    assert article is not None and "Dogecoin" in article.body_text
    assert service.article(hit.id[:6]) is not None  # a unique start of an id
    related = service.related(hit.id)
    assert [r.id for r in related] and related[0].id != hit.id


def test_match_spans_for_the_reading_pane(service: SearchService) -> None:
    text = "Films about filming: a film."
    spans = service.match_spans(text, service.query_terms("film"))
    assert [text[s:e] for s, e in spans] == ["Films", "filming", "film"]


def _token_by_token(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """The index's own reading, word by word: what the reading pane's find must agree with."""
    import re

    from whoosh.analysis.tokenizers import default_pattern

    from spacetui.index.analysis import ACRONYM_MARK, fold_accents, text_analyzer, word_stem

    stem, wanted = word_stem, set(terms)
    pattern = re.compile(default_pattern.pattern, re.UNICODE)
    words = [
        m.span()
        for m in pattern.finditer(text)
        if {m.group().lower(), stem(fold_accents(m.group().lower()))} & wanted
    ]
    # an acronym ("US", a term "us^") where the analyzer indexes one
    acronyms = {t for t in wanted if t.endswith(ACRONYM_MARK)}
    if acronyms:
        found = text_analyzer()(text, mode="index", chars=True)
        words += [(t.startchar, t.endchar) for t in found if t.text in acronyms]
    return sorted(set(words))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(
        st.sampled_from(["film", "films", "u.s", "U.S.A.", "a*b", "ab", "İstanbul", "mine", "x"]), max_size=12
    ),
    seps=st.lists(st.sampled_from([" ", ".", "..", "-", "\n", "", "*", "_"]), min_size=12, max_size=12),
    terms=st.lists(st.sampled_from(["film", "u.s", "ab", "mine", "istanbul", "x", "a*b"]), min_size=1),
)
def test_find_spans_agree_with_the_tokenizer(
    service: SearchService, words: list[str], seps: list[str], terms: list[str]
) -> None:
    text = "".join(w + s for w, s in zip(words, seps, strict=False))
    assert service.match_spans(text, terms) == _token_by_token(text, terms)


def test_find_spans_agree_with_the_tokenizer_on_reuters(service: SearchService) -> None:
    from itertools import islice

    from conftest import require_shared

    path = require_shared("news", "reuters21578.jsonl")
    with path.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in islice(fh, 1500)]
    for n, record in enumerate(records):
        text = f"{record.get('title') or ''}\n{record.get('text') or record.get('body') or ''}"
        words = [w for w in text.split() if w.isalnum()]
        if not words:
            continue
        terms = service.query_terms(f"{words[n % len(words)]} {words[(7 * n) % len(words)]} oil")
        words_of_text = service.text_words(text)
        assert service.match_spans(text, terms, words_of_text) == _token_by_token(text, terms), n


def test_refresh_sees_new_commits(seed_index: Path, corpus: Path) -> None:
    from spacetui.index.build import update_index

    service = SearchService(seed_index)
    assert service.search("zeppelin").total == 0
    (corpus / "z.txt").write_text(
        "Zeppelin returns\n\nA zeppelin flew over the city on Sunday, the first in decades.", encoding="utf-8"
    )
    update_index(seed_index, [corpus], entities=False)
    assert service.refresh() is True
    assert service.search("zeppelin").total == 1


def test_refresh_sees_an_article_removed(tmp_path: Path) -> None:
    """A deletion leaves its segment in place: a refreshed service must not find the article
    (Whoosh's own searcher.refresh() re-used the segment's reader, deletions and all)."""
    from spacetui.index.build import update_index

    folder = tmp_path / "news"
    folder.mkdir()
    for name, word in [("a", "granite"), ("b", "marble"), ("c", "slate")]:
        (folder / f"{name}.txt").write_text(
            f"{word.title()} news\n\nThe {word} quarry reopened.", encoding="utf-8"
        )
    update_index(tmp_path / "ix", [folder], entities=False)
    service = SearchService(tmp_path / "ix")
    assert service.search("granite").total == 1 and service.search("quarry").total == 3
    (folder / "a.txt").unlink()
    assert update_index(tmp_path / "ix", None, entities=False).removed == 1
    assert service.refresh() is True
    assert service.search("granite").total == 0 and service.search("quarry").total == 2
    assert service.search("quarry").total == SearchService(tmp_path / "ix").search("quarry").total


def test_source_is_searched_by_its_words(tmp_path: Path) -> None:
    from spacetui.index.build import update_index
    from spacetui.search.results import Filter

    docs = tmp_path / "docs"
    docs.mkdir()
    body = "Heavy snow closed the schools on Monday, and the council said the roads would stay shut."
    for name, source in [("a", "The Example Times"), ("b", "Example Wire"), ("c", "")]:
        front = (
            f"---\ntitle: Snow story {name}\nsource: {source}\n---\n\n"
            if source
            else f"# Snow story {name}\n\n"
        )
        (docs / f"{name}.md").write_text(front + body + "\n", encoding="utf-8")
    update_index(tmp_path / "index", [docs], overrides_path=tmp_path / "none.toml")
    for array_min_docs in (None, 0):  # both postings backings
        s = SearchService(tmp_path / "index", array_min_docs=array_min_docs)
        try:

            def titles(query: str, filters: tuple[Filter, ...] = (), s: SearchService = s) -> list[str]:
                return sorted(h.title for h in s.search(query, filters=filters).hits)

            assert titles("source:times") == ["Snow story a"]
            assert titles('source:"example wire"') == ["Snow story b"]
            assert titles("source:example") == ["Snow story a", "Snow story b"]
            assert titles("snow", (Filter("source", "The Example Times"),)) == ["Snow story a"]
        finally:
            s.close()


def test_either_spelling_of_a_name_finds_both(service: SearchService) -> None:
    """The seeds spell the lead actor two ways; the corpus knows both as one person, so typing
    either finds both articles, with both spellings highlighted."""
    for query in ("peresild", "Pereslid", "yulia peresild", "Peresíld"):  # (typed with an accent too)
        result = service.search(query)
        assert sorted(_ids(result)) == ["000", "004"], query
        assert {"peresild", "pereslid"} <= {t.lower() for t in result.terms}, query
    highlighted = {t for h in service.search("peresild").hits for t, hit in h.snippet if hit}
    assert {"Peresild", "Pereslid"} <= highlighted
    assert service.corpus().spellings() == {"peresild": ["pereslid"], "pereslid": ["peresild"]}


def test_a_search_without_counts_reads_the_spellings_not_the_entity_table(seed_index: Path) -> None:
    """A script's one search (no sidebar counts) finds both spellings from the small file the
    index run saved, and leaves the whole entity table unread."""
    s = SearchService(seed_index)
    try:
        assert sorted(_ids(s.search("peresild", facets=False))) == ["000", "004"]
        assert s._corpus is None  # (the table: read only when counts or entity fields need it)
    finally:
        s.close()


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [("peresild", "pereslid", True), ("comission", "commission", True), ("tom", "thomas", False),
     ("nasa", "national", False), ("shipenko", "shapiro", False)],
)  # fmt: skip
def test_close_spellings(a: str, b: str, close: bool) -> None:
    from spacetui.entities.corpus import _close_spelling

    assert _close_spelling(a, b) is close


def test_names_are_not_stemmed_into_other_words() -> None:
    from spacetui.index.analysis import text_analyzer

    analyzer = text_analyzer()

    def terms(text: str) -> list[str]:
        return [t.text for t in analyzer(text)]

    assert terms("France francs") == ["france", "franc"]
    assert terms("United units") == ["united", "unit"]
    assert terms("organization organizations organize") == ["organization", "organization", "organiz"]
    assert terms("universities university") == ["university", "university"]
    assert terms("news new") == ["news", "new"]
    assert terms("prices price treated treatment") == ["price", "price", "treat", "treatment"]


def test_a_word_is_its_inflections_not_its_derivations() -> None:
    """Porter2's derivation steps met words that are not one word's forms ("privatization"
    searched found the hog-price stories "from private sources" first)."""
    from spacetui.index.analysis import text_analyzer

    analyzer = text_analyzer()

    def same(*words: str) -> bool:
        return len({t.text for w in words for t in analyzer(w)}) == 1

    inflected = [
        ("rise", "rises", "rising"),
        ("company", "companies"),
        ("cruise", "cruising", "cruised"),
        ("export", "exports", "exported"),
        ("hope", "hoped", "hoping"),
        ("agree", "agreed"),
    ]
    for forms in inflected:
        assert same(*forms), forms
    for pair in [("privatization", "private"), ("yearly", "year"), ("presidency", "president"),
                 ("productive", "product"), ("business", "busy"), ("experiment", "experience")]:  # fmt: skip
        assert not same(*pair), pair
    # an index of schema 5 or before names the old stem in its stored schema: until rebuilt
    # it reads a query as its articles were read
    from spacetui.index.analysis import name_safe_stem

    assert name_safe_stem("privatization") == name_safe_stem("private") == "privat"


def test_stop_words_are_indexed_as_written_and_left_out_of_loose_words() -> None:
    from spacetui.index.analysis import text_analyzer

    analyzer = text_analyzer()

    def terms(text: str, mode: str) -> list[tuple[str, int]]:
        return [(t.text, t.pos) for t in analyzer(text, mode=mode, positions=True)]

    indexed = [("the", 0), ("bank", 1), ("of", 2), ("japan", 3), ("was", 4), ("e", 5), ("mail", 6)]
    assert terms("The Bank of Japan was e-mailing", "index")[:6] == indexed[:6]
    # a query's loose words: no stop words (they match nearly every article)
    assert [w for w, _ in terms("The Bank of Japan was", "query")] == ["bank", "japan"]
    # a phrase: every word, as indexed
    assert terms("The Bank of Japan was", "phrase") == indexed[:5]


def test_a_phrase_is_exactly_its_words_stop_words_included(tmp_path: Path) -> None:
    from spacetui.index.build import update_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = {
        "a": "The Bank of Japan raised rates in the red market.",
        "b": "A spokesman at the White House. Representatives of the bank in Japan met.",
        "c": "The bank. Japan's exporters are in red ink; send us an e-mail.",
        "d": "White House representatives met the House of Representatives on Monday to talk budgets.",
        "e": "Tickets for The Who sold out, and who could blame the fans?",
        "f": "Experts at WHO said flu cases rose.",
    }
    for name, text in texts.items():
        (corpus / f"{name}.txt").write_text(f"Story {name}\n\n{text}", encoding="utf-8")
    update_index(tmp_path / "index", [corpus], entities=False)
    service = SearchService(tmp_path / "index")
    try:

        def found(query: str) -> list[str]:
            result = service.search(query, limit=10)
            assert result.error is None, (query, result.error)
            return sorted(h.title.split()[-1] for h in result.hits)

        assert found('"bank of japan"') == ["a"]  # not "bank. Japan's", not "bank in Japan"
        assert found('"house of representatives"') == ["d"]  # not "White House representatives"
        assert found('"in the red"') == ["a"]  # not "in red ink": a phrase keeps its "the"
        assert found("e-mail") == ["c"]
        assert found("bank japan") == ["a", "b", "c"]  # loose words: any order, any distance
        assert found("the who") == ["e"]  # all stop words: the phrase, not every article
        assert found("THE WHO") == ["e"]  # (in capitals too: not the band, then the WHO)
        # quoted whole, a phrase of twelve words or more is still a phrase (not pasted text)
        said = "white house representatives met the house of representatives on monday to talk"
        assert found(f'"{said} budgets"') == ["d"]
        assert found(f'"{said} rates"') == []
        # an expansion is loose words too: "th*" and "teh~" are not "the" (no other word is near)
        assert found("th*") == found("teh~") == []
        result = service.search('"bank of japan"')
        lit = {w.lower() for h in result.hits for w, on in h.snippet if on}
        assert lit == {"bank", "japan"}  # the phrase's words light up, its "of" does not
    finally:
        service.close()


@pytest.mark.parametrize(("array_min_docs", "by_block"), [(None, True), (0, False)])
def test_phrases_across_segments_and_replaced_articles_match_whoosh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, array_min_docs: int | None, by_block: bool
) -> None:
    """The ranker reads a phrase's positions block by block per segment (or, on a matcher
    without blocks, steps to each article), and the rest of a long phrase in the stored text
    once few places are left; Whoosh's own phrase matcher is the reference, on an index of two
    segments, one with replaced (deleted) articles."""
    import random

    from spacetui.search import whoosh_internals

    if not by_block:
        monkeypatch.setattr(whoosh_internals, "posting_values", lambda matcher, wanted: None)

    from whoosh.query import Or, Phrase

    from spacetui.index.build import update_index

    rng = random.Random(3)
    vocabulary = ["bank", "of", "japan", "said", "the", "end", "year", "in", "red", "house", "oil", "prices"]
    corpus = tmp_path / "corpus"
    corpus.mkdir()

    written: dict[int, list[str]] = {}

    def write(n: int, run: str) -> None:
        written[n] = [rng.choice(vocabulary) for _ in range(rng.randrange(20, 200))]
        text = " ".join(written[n])
        (corpus / f"{n:03d}.txt").write_text(f"Story {run} {n}\n\n{text}.\n", encoding="utf-8")

    for n in range(120):
        write(n, "first")
    update_index(tmp_path / "index", [corpus], entities=False)
    for n in [*range(0, 120, 7), *range(120, 160)]:  # every 7th replaced, and new ones
        write(n, "second")
    update_index(tmp_path / "index", [corpus], entities=False)
    service = SearchService(tmp_path / "index", array_min_docs=array_min_docs)
    try:
        searcher = service._searcher()
        leaves = list(searcher.reader().leaf_readers())
        assert len(leaves) > 1 and any(leaf.has_deletions() for leaf, _ in leaves)
        body = searcher.schema["body"]
        for size in (2, 3, 4, 6, 9, 14):
            for k in range(8):
                if size < 6 or k % 2:
                    phrase = " ".join(rng.choice(vocabulary) for _ in range(size))
                else:  # (a long run that is there: read by positions until few places are left)
                    story = written[rng.choice(sorted(written))]
                    at = rng.randrange(len(story) - size)
                    phrase = " ".join(story[at : at + size])
                forms = [t.text for t in body.analyzer(phrase, mode="phrase")]
                reference = Or([Phrase(f, forms) for f in ("title", "standfirst", "body")])
                docs = searcher.search(reference, limit=None).docs()
                want = {searcher.stored_fields(d)["id"] for d in docs}
                result = service.search(f'"{phrase}"', limit=1000, facets=False, snippets=False)
                assert result.error is None, (phrase, result.error)
                assert {h.id for h in result.hits} == want, phrase
    finally:
        service.close()


def test_a_clause_of_stop_words_alone_is_said_and_left_out(service: SearchService) -> None:
    """``title:of cruise`` found nothing: the field clause, a filter, matched no article. A
    +, - or field clause of stop words only is left out, and the notice says so."""
    cruise = service.search("cruise", limit=10).total
    assert cruise == 2
    for query, clause in [
        ("title:of cruise", "title:of"),
        ("cruise body:the", "body:the"),
        ("cruise -the", "the"),
        ("+the cruise", "the"),
        ("before AND cruise", "before"),  # query syntax: the parser leaves it out
        ("(the OR cruise) AND NOT of", "the"),
    ]:
        result = service.search(query, limit=10)
        assert result.error is None and result.total == cruise, (query, result.total)
        assert any(f"'{clause}' is too common" in n for n in result.notices), (query, result.notices)
    alone = service.search("title:the")
    assert alone.total == 0 and any("too common" in n for n in alone.notices)
    # in query syntax a bare stop word is left out too: not a byline search for "the"
    assert service.search("the AND cruise").total == cruise
    assert service.search("the -cruise").total == service.search("-cruise").total
    assert service.search("+the").total == 0  # nothing left to search: as "the" alone
    # a question's mark is no wildcard ("cruise?" was "cruise" and one more letter: nothing);
    # inside a word it is one
    asked = service.search("cruise rival?")
    assert not asked.notices and "Rival" in asked.hits[0].title, asked.notices
    # a pattern spells words as written, though the index keeps stems ("cruise" is "cruis")
    assert service.search("cr?ise").total == service.search("cr*se").total == 2
    # small words among others are left out as in any plain query, and said by no notice
    for query in ("who is the cruise of space?", "the rival of cruise AND space"):
        assert not any("too common" in n for n in service.search(query).notices), query


def test_a_typo_is_never_corrected_to_a_stop_word(service: SearchService) -> None:
    """Stop words are indexed (for phrases), but "the" for "thw" would search for nothing."""
    result = service.search("thw cosmonaut")
    assert result.suggestion is None or "the" not in result.suggestion.split()
    assert service.search("cosmonuat").suggestion == "cosmonaut"


def test_did_you_mean_can_be_asked_for_after_the_search(service: SearchService) -> None:
    """The app searches without it (a keystroke's search must not look through the index's
    words) and asks once the results are drawn: the same suggestion either way."""
    for query, collapse in (("cosmonuat", False), ("pereslidd", True), ("pereslidd cruise", True)):
        now = service.search(query, collapse=collapse)
        later = service.search(query, collapse=collapse, suggest=False)
        assert now.suggestion and later.suggestion is None and later.to_correct, query
        assert service.suggestion(later) == now.suggestion, query
    found = service.search("cosmonaut", suggest=False)
    assert found.to_correct is None and service.suggestion(found) is None


def test_a_snippet_has_single_spaces_where_fragments_meet() -> None:
    """Two fragments of a table's row meet inside its column gap: one space, not two."""
    from spacetui.search.snippets import _squash

    joined = "".join(
        t for t, _ in _squash([("Corn  20,296.0 ", False), ("  19,194.6", True), (" … ", False)])
    )
    assert joined == "Corn 20,296.0 19,194.6 … "


def test_a_superseded_search_stops_between_snippets_and_before_the_suggestion(
    service: SearchService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a million articles a page's snippets and a spelling suggestion take tens of ms each,
    and the next keystroke's search waits for the one running: it stops between them."""
    from spacetui.search.results import Superseded
    from spacetui.search.suggest import suggest

    made: list[str] = []
    hit = SearchService._hit

    def counted(self: SearchService, h: Any, snippets: bool, snapshot: Any) -> Any:
        made.append("hit")
        return hit(self, h, snippets, snapshot)

    monkeypatch.setattr(SearchService, "_hit", counted)
    assert service.search("cruise OR film", limit=5).total >= 2
    made.clear()
    with pytest.raises(Superseded):  # typed on once the first card was made
        service.search("cruise OR film", limit=5, stop=lambda: bool(made))
    assert made == ["hit"]
    searcher = service._searcher()
    assert suggest(searcher, "cruse") == suggest(searcher, "cruse", stop=lambda: False) == "cruise"
    with pytest.raises(Superseded):
        suggest(searcher, "cruse", stop=lambda: True)


def test_a_phrase_stops_reading_once_the_user_has_typed_on(
    service: SearchService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A phrase of common words takes seconds at a million articles, and a search thread cannot
    be stopped from outside (it would race the next keystroke's search): the ranker asks whether
    the user typed on before it reads each further word's positions."""
    from spacetui.search import rankers
    from spacetui.search.results import Superseded

    read: list[bytes] = []
    places = rankers.Ranker._places

    def counted(reader: Any, field: Any, fieldname: str, btext: bytes, docs: list[int], by_text: bool) -> Any:
        read.append(btext)
        return places(reader, field, fieldname, btext, docs, by_text)

    monkeypatch.setattr(rankers.Ranker, "_places", staticmethod(counted))
    assert service.search('"space station"', limit=5).total == 2  # both words' positions read
    assert len(read) >= 2
    read.clear()

    def typed_on() -> bool:  # once the first word's positions were read
        return len(read) >= 1

    with pytest.raises(Superseded):
        service.search('"space station"', limit=5, stop=typed_on)
    assert len(read) == 1  # one word's positions, then it stopped
    assert service.search('"space station"', limit=5).total == 2  # the next search is whole


def test_a_search_typed_past_stops_at_the_next_word(
    service: SearchService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys in a burst: each prefix's search ran whole before the newest query could start (a
    word's ranking is a few ms at a million articles); now it stops before the next word."""
    from spacetui.search import rankers
    from spacetui.search.results import Superseded

    ranked: list[str] = []
    word = rankers.Ranker.word

    def counted(self: Any, stem: str, plain: str, seen: Any) -> Any:
        ranked.append(stem)
        return word(self, stem, plain, seen)

    monkeypatch.setattr(rankers.Ranker, "word", counted)
    assert service.search("space station film", limit=5).total
    assert len(ranked) >= 3
    ranked.clear()
    with pytest.raises(Superseded):
        service.search("space station film", limit=5, stop=lambda: len(ranked) >= 1)
    assert len(ranked) == 1


@pytest.mark.parametrize("blend", [True, False])
@pytest.mark.parametrize(
    "query", ["cruise", "peresild", "space station", "film -cruise", "title:space OR cosmonaut~"]
)
def test_entities_counted_after_the_results_are_the_same(seed_index: Path, query: str, blend: bool) -> None:
    # The app searches without counts and asks for them once the results are drawn; with the
    # fields scored apart (Whoosh's own search, not the ranker) too. A one-result page still
    # knows every match (the counts, the timeline and the saved searches count them all).
    from dataclasses import replace

    from spacetui.search.ranking import RANKING

    s = SearchService(seed_index, ranking=replace(RANKING, blend=blend))
    try:
        counted = s.search(query)
        later = s.search(query, limit=1, facets=False)
        assert later.facets == []
        assert later.total == counted.total
        assert len(later.matched) == later.total
        assert s.count_facets(later).entities == counted.facets
        assert s.count_facets(later).totals == counted.entity_totals
        if counted.total:
            assert counted.facets
            with pytest.raises(Superseded):
                s.count_facets(later, stop=lambda: True)
    finally:
        s.close()


def test_the_sidebar_says_how_many_entities_of_each_type_the_results_name(service: SearchService) -> None:
    # Checked against the articles: the distinct entities their own entity lists name (as the
    # corpus names them). The counts list the most named of each type; the header says how many.
    from collections import Counter

    from spacetui.search.facets import facet_counts

    for query in ["", "space", "peresild"]:
        result = service.search(query, limit=20)
        named = {
            (e.type, e.name)
            for hit in result.hits
            for e in service.article(hit.id).entities  # type: ignore[union-attr]
            if e.type != "date"  # (an article's dates keep its own resolved value as name)
        }
        totals = {t: n for t, n in result.entity_totals.items() if t != "date"}
        assert result.total == len(result.hits) > 0
        assert totals == dict(Counter(t for t, _ in named))
        listed = [f for f in result.facets if f.type != "date"]
        assert {(f.type, f.name) for f in listed} == named
        # One of each type: the one in most of the articles, the number of all the same.
        ranker = service._ranker()
        corpus = service.corpus()
        cut = facet_counts(ranker.postings, result.matched, 1, corpus.aliases())
        assert cut.totals == result.entity_totals
        assert Counter(k.partition(":")[0] for k in cut.counts) == Counter({t: 1 for t in cut.totals})
        for key, n in cut.counts.items():
            type_ = key.partition(":")[0]
            assert n == max(f.articles for f in result.facets if f.type == type_)
