"""One test per typing and linking rule of issue 15's last part, on small texts with the spans a
model gives (no model run): a type the words around a name settle, one type by the corpus's
evidence, an organisation's short form, nested long forms of one acronym, time zones, the
folder's outlet."""

from __future__ import annotations

import re

from spacetui.articles.model import Entity
from spacetui.entities.corpus import CorpusEntities, entity_key
from spacetui.entities.overrides import Overrides
from spacetui.entities.resolve import resolve
from spacetui.entities.sources import folder_outlet


def spans(text: str, *labelled: tuple[str, str]) -> list[tuple[int, int, str]]:
    """Spans of each (surface, label), every occurrence not inside an earlier one's."""
    out: list[tuple[int, int, str]] = []
    for surface, label in labelled:
        for m in re.finditer(rf"\b{re.escape(surface)}\b", text):
            if not any(s < m.end() and m.start() < e for s, e, _ in out):
                out.append((m.start(), m.end(), label))
    return sorted(out)


def named(text: str, *labelled: tuple[str, str]) -> dict[str, Entity]:
    return {e.name: e for e in resolve(text, spans(text, *labelled)) if e.type != "date"}


def test_the_models_state_keeps_its_type_against_an_org_head() -> None:
    text = "Exports to the Soviet Union rose. The European Union said no."
    got = named(text, ("Soviet Union", "GPE"), ("European Union", "ORG"))
    assert got["Soviet Union"].type == "place"
    assert got["European Union"].type == "org"


def test_the_head_of_a_name_with_of_is_the_word_before_it() -> None:
    # (Reuters names banks by their county; the last word was read as the head: a place)
    text = (
        "Vista Bank of Marion County was closed. The Gulf of Suez fields produce oil. "
        "Flights from Port of Spain Airport were cancelled."
    )
    got = named(
        text,
        ("Vista Bank of Marion County", "ORG"),
        ("Gulf of Suez", "PRODUCT"),
        ("Port of Spain Airport", "ORG"),
    )
    assert got["Vista Bank of Marion County"].type == "org"
    assert got["Gulf of Suez"].type == "place"
    # (no head before "of": the last word is still the head)
    assert got["Port of Spain Airport"].type == "place"


def test_a_clubs_name_keeps_the_models_org_against_a_place_head() -> None:
    text = "Bristol City beat Derby County. Salt Lake City is in Utah."
    got = named(text, ("Bristol City", "ORG"), ("Derby County", "ORG"), ("Salt Lake City", "GPE"))
    assert got["Bristol City"].type == got["Derby County"].type == "org"
    assert got["Salt Lake City"].type == "place"


def test_the_models_product_named_like_a_player_is_the_player() -> None:
    # (a team sheet's "Cole 73" reads to the model as a product; a work stays: "Kinsey" the film)
    text = (
        "Aston Villa's Carlton Cole is injured. Cole, who also struggled earlier, is out. "
        "Subs: Smertin (Cole 73). Liam Neeson plays Alfred Kinsey in Kinsey."
    )
    got = named(
        text,
        ("Carlton Cole", "PERSON"),
        ("Cole", "PRODUCT"),
        ("Alfred Kinsey", "PERSON"),
        ("Kinsey", "WORK_OF_ART"),
    )
    assert "Cole" not in got
    assert len(got["Carlton Cole"].mentions) == 3
    assert got["Kinsey"].type == "work"


def test_the_initialled_names_of_a_team_sheet_are_people() -> None:
    # (out of a sentence the model types line-up names as anything: places, firms, products)
    text = (
        "Northshire: T Abbot; R van der Berg, P Hale (capt), D Corrigan; K Ledwidge, "
        "J Osei and M Farrant. Replacements: B Quill, Lo Pinto. "
        "Fans travelled from Carlisle, Penrith and Keswick."
    )
    got = named(
        text,
        ("T Abbot", "PERSON"),
        ("R van der Berg", "GPE"),
        ("P Hale", "PERSON"),
        ("Corrigan", "ORG"),  # the model left the initial out
        ("K Ledwidge", "PRODUCT"),
        ("J Osei", "PERSON"),
        ("M Farrant", "ORG"),
        ("B Quill", "ORG"),  # another sheet, no people in it: the model's type stays
        ("Carlisle", "GPE"),
        ("Penrith", "GPE"),
        ("Keswick", "GPE"),
    )
    for name in ("T Abbot", "R van der Berg", "P Hale", "Corrigan", "K Ledwidge", "J Osei", "M Farrant"):
        assert got[name].type == "person", name
    assert got["B Quill"].type == "org"
    assert {got[n].type for n in ("Carlisle", "Penrith", "Keswick")} == {"place"}
    # Fewer than four initialled names are not a sheet: a pair of anything.
    got = named("Shares of A Frame and B Frame fell.", ("A Frame", "ORG"), ("B Frame", "PERSON"))
    assert got["A Frame"].type == "org"


def test_an_event_head_inside_a_longer_name_makes_no_event() -> None:
    # (the head word found where the model saw nothing cut organisations short: "First Marathon"
    # of a broker, "Federal Open" of the Fed's committee, "World War" of World War II)
    text = (
        "First Marathon Securities Ltd analyst Jim Doak said the Federal Open Market Committee "
        "met. Prices were last this low after World War II, said Jim Doak."
    )
    got = named(text, ("Federal Open Market Committee", "ORG"), ("Jim Doak", "PERSON"))
    assert "First Marathon" not in got and "Federal Open" not in got
    assert got["Federal Open Market Committee"].type == "org"
    assert got["World War II"].type == "event"


def test_a_name_that_is_only_a_date_is_a_date() -> None:
    text = (
        "Activity was high after the March 21, 1983 realignment. Shipments JAN 10 rose. "
        "He sang at the first Super Bowl after the September 11 attacks."
    )
    got = {
        e.name: e
        for e in resolve(
            text,
            spans(text, ("March 21, 1983", "EVENT"), ("JAN 10", "ORG"), ("September 11", "EVENT")),
            date="1987-03-02",
        )
    }
    assert got["21 March 1983"].type == "date" and got["21 March 1983"].value == "1983-03-21"
    assert got["10 January 1987"].type == "date"
    # (the model's event without a year stays one: no day of the article's year)
    assert got["September 11"].type == "event"


def test_a_time_zone_after_a_clock_is_no_entity() -> None:
    for text in (
        "The group meets at 1130 hrs GMT on Tuesday.",
        "Rain in the 24 hours up to (1200) GMT today.",
        "Figures for Tuesday (times EDT/GMT) follow.",
    ):
        assert "GMT" not in named(text, ("GMT", "ORG")), text
    # A company's ticker is not after a clock.
    assert "GMT" in named("GATX Corp said GMT shares rose.", ("GMT", "ORG"))


def test_a_one_word_person_in_a_list_of_places_is_a_place() -> None:
    text = "The franc zone covers Ivory Coast, Mali, Niger, Senegal and Togo."
    got = named(
        text,
        ("Ivory Coast", "GPE"),
        ("Mali", "PERSON"),
        ("Niger", "GPE"),
        ("Senegal", "GPE"),
        ("Togo", "PERSON"),
    )
    assert got["Togo"].type == got["Mali"].type == "place"
    assert got["Togo"].settled
    # A list of people stays people.
    text = "Blair, Brown and Prescott met in London."
    got = named(text, ("Blair", "PERSON"), ("Brown", "PERSON"), ("Prescott", "PERSON"), ("London", "GPE"))
    assert {got[n].type for n in ("Blair", "Brown", "Prescott")} == {"person"}


def test_in_x_and_the_state_of_x_make_a_place() -> None:
    got = named("Rains fell in the state of Bahia, traders said.", ("Bahia", "ORG"))
    assert got["Bahia"].type == "place"
    got = named("Dry weather in Bahia cut the crop.", ("Bahia", "PERSON"))
    assert got["Bahia"].type == "place"
    # "in" before a person's possessive is not a place.
    got = named("There was little new in Farrakhan's speech.", ("Farrakhan", "PERSON"))
    assert got["Farrakhan"].type == "person"


def test_a_settled_type_wins_the_articles_vote() -> None:
    text = "Russian gas firm Gazprom bid. Gazprom won. Critics of Gazprom were silent."
    marks = spans(text, ("Gazprom", "GPE"))
    marks[0] = (marks[0][0], marks[0][1], "ORG")
    got = {e.name: e for e in resolve(text, marks)}
    assert got["Gazprom"].type == "org" and got["Gazprom"].settled


def test_an_organisations_short_form_after_its_longer_name() -> None:
    got = named(
        "Baikal Finance Group won the auction. Baikal was bought.",
        ("Baikal Finance Group", "ORG"),
        ("Baikal", "PERSON"),
    )
    assert list(got) == ["Baikal Finance Group"] and got["Baikal Finance Group"].aliases == ["Baikal"]
    text = "Yukos lost Yuganskneftegas. Rosneft bought Yugansk. Yugansk pumps oil."
    got = named(text, ("Yuganskneftegas", "PERSON"), ("Yugansk", "GPE"), ("Rosneft", "ORG"))
    assert "Yugansk" not in got and got["Yuganskneftegas"].aliases == ["Yugansk"]


def test_no_short_form_where_the_evidence_says_two() -> None:
    # Listed side by side: two companies.
    text = "Yukos sued Gazpromneft and Gazprom. Gazprom said it would appeal."
    assert {"Gazprom", "Gazpromneft"} <= set(named(text, ("Gazprom", "ORG"), ("Gazpromneft", "ORG")))
    # A person whose name starts a compound, a place that starts an organisation's name.
    got = named("Murrayfield was full. Murray scored.", ("Murrayfield", "ORG"), ("Murray", "PERSON"))
    assert got["Murray"].type == "person"
    got = named(
        "Nottingham University said so. Nottingham was quiet.",
        ("Nottingham University", "ORG"),
        ("Nottingham", "GPE"),
    )
    assert "Nottingham" in got
    got = named("Congressional leaders met. Congress agreed.", ("Congressional", "ORG"), ("Congress", "ORG"))
    assert "Congress" in got
    text = "The Senate Banking Committee met. The Senate voted."
    got = named(text, ("Senate Banking Committee", "ORG"), ("Senate", "ORG"))
    assert "Senate" in got
    # The short form before the long one is no evidence.
    got = named(
        "Baikal was unknown. Baikal Finance Group won.", ("Baikal Finance Group", "ORG"), ("Baikal", "PERSON")
    )
    assert "Baikal" in got


def corpus_of(*articles: list[Entity]) -> CorpusEntities:
    corpus = CorpusEntities(overrides=Overrides())
    for entities in articles:
        corpus.add(entities)
    return corpus


def carriers(corpus: CorpusEntities, name: str) -> list[str]:
    low = name.casefold()
    return [
        f"{i.type}:{i.name}" for i in corpus.listing() if low in {n.casefold() for n in (i.name, *i.aliases)}
    ]


def test_long_forms_of_one_acronym_one_inside_the_other_are_one() -> None:
    corpus = corpus_of(
        [Entity("International Natural Rubber Organization", "org", aliases=["INRO"])],
        [Entity("International Natural Rubber Organization", "org")],
        [Entity("International Rubber Organisation", "org", aliases=["INRO"])],
        [Entity("INRO", "org")],
    )
    assert carriers(corpus, "INRO") == ["org:International Natural Rubber Organization"]
    assert carriers(corpus, "International Rubber Organisation") == carriers(corpus, "INRO")
    # The more named form is the entity, not a stray longer span.
    corpus = corpus_of(
        *[[Entity("European Union", "org", aliases=["EU"])]] * 5,
        [Entity("A European Union", "org", aliases=["EU"])],
    )
    assert carriers(corpus, "EU") == ["org:European Union"]
    # Two long forms that spell one acronym but are not one inside the other stay apart.
    corpus = corpus_of(
        [Entity("International Coffee Organization", "org", aliases=["ICO"])],
        [Entity("International Cocoa Organization", "org", aliases=["ICO"])],
    )
    assert len(corpus.listing()) == 2


def test_an_alias_of_another_type_links_when_articles_linked_it_as_often() -> None:
    linked = [Entity("Yuganskneftegas", "org", aliases=["Yugansk"])]
    corpus = corpus_of(linked, linked, [Entity("Yugansk", "place")], [Entity("Yugansk", "place")])
    assert carriers(corpus, "Yugansk") == ["org:Yuganskneftegas"]
    # The links count together when articles spelt or typed the fuller name differently.
    corpus = corpus_of(
        *[linked] * 3,
        [Entity("Yuganskneftegaz", "person", aliases=["Yugansk"])],
        *[[Entity("Yugansk", "place")]] * 8,
    )
    assert carriers(corpus, "Yugansk")[0] == "org:Yuganskneftegas"
    assert "place:Yugansk" not in carriers(corpus, "Yugansk")
    # One article's "Congressional ... Congress" does not take Congress.
    congress = [Entity("Congress", "org")]
    corpus = corpus_of([Entity("Congressional", "org", aliases=["Congress"])], *[congress] * 10)
    assert "org:Congress" in carriers(corpus, "Congress")
    # Nor one article's "Google News ... Google" Google; where most articles that name Baikal
    # say it is Baikal Finance Group's short form, it is.
    google = [Entity("Google", "org")]
    corpus = corpus_of([Entity("Google News", "org", aliases=["Google"])], *[google] * 10)
    assert "org:Google" in carriers(corpus, "Google")
    baikal = [Entity("Baikal Finance Group", "org", aliases=["Baikal"])]
    corpus = corpus_of(baikal, baikal, [Entity("Baikal", "person")])
    assert carriers(corpus, "Baikal") == ["org:Baikal Finance Group"]
    # One article's "Jordan" for Michael Jordan does not take the country.
    jordan = [Entity("Jordan", "place")]
    corpus = corpus_of([Entity("Michael Jordan", "person", aliases=["Jordan"])], jordan, jordan, jordan)
    assert "place:Jordan" in carriers(corpus, "Jordan")


def test_one_type_by_the_evidence_of_the_words_around_it() -> None:
    guessed = [Entity("Gazprom", "place")]
    settled = [Entity("Gazprom", "org", settled=True)]
    corpus = corpus_of(*[guessed] * 10, *[settled] * 3, [Entity("Gazprom", "org")])
    assert carriers(corpus, "Gazprom") == ["org:Gazprom"]
    assert corpus.listing()[0].articles == 14
    # A few settled articles do not outweigh hundreds of guesses ("a Tokyo bank", "London
    # newspaper": the model's place for Japan stands).
    japan = [Entity("Japan", "place")]
    corpus = corpus_of(*[japan] * 300, *[[Entity("Japan", "org", settled=True)]] * 4)
    assert carriers(corpus, "Japan") == ["place:Japan"]
    # Without settled evidence the commoner type wins, as before.
    corpus = corpus_of(*[guessed] * 10, *[[Entity("Gazprom", "org")]] * 4)
    assert carriers(corpus, "Gazprom") == ["place:Gazprom"]
    # Both types settled by the words around them: two things ("Liverpool" the city and the club).
    city, club = [Entity("Liverpool", "place", settled=True)], [Entity("Liverpool", "org", settled=True)]
    corpus = corpus_of(*[city] * 20, *[club] * 22)
    assert sorted(carriers(corpus, "Liverpool")) == ["org:Liverpool", "place:Liverpool"]


def test_a_full_name_the_model_guessed_an_org_is_the_person_the_words_settled() -> None:
    # (BBC: "Bernie Ebbers" the model's org in 7 articles, a person by the words around it in 2)
    guessed = [Entity("Bernie Ebbers", "org")]
    settled = [Entity("Bernie Ebbers", "person", settled=True)]
    corpus = corpus_of(*[guessed] * 7, *[settled] * 2)
    assert carriers(corpus, "Bernie Ebbers") == ["person:Bernie Ebbers"]
    # A one-word name stays two: the town "Clinton" the words settled is no reason to read the
    # model's bare "Clinton"s as the town.
    corpus = corpus_of(
        *[[Entity("Clinton", "person")]] * 7, *[[Entity("Clinton", "place", settled=True)]] * 2
    )
    assert sorted(carriers(corpus, "Clinton")) == ["person:Clinton", "place:Clinton"]
    # No words settle a work's type: a place "settled" by "starring in Finding Neverland" does not
    # take the film's articles.
    film = [Entity("Finding Neverland", "work")]
    corpus = corpus_of(*[film] * 6, *[[Entity("Finding Neverland", "place", settled=True)]] * 2)
    assert "work:Finding Neverland" in carriers(corpus, "Finding Neverland")


def test_names_that_differ_by_a_comma_or_how_a_number_is_written_are_one() -> None:
    # (Reuters: "Goldman, Sachs and Co" 106 articles and "Goldman Sachs" 23; BBC: "World War II",
    # "World War Two" and "World War 2", "Channel 4" and "Channel Four")
    corpus = corpus_of(
        *[[Entity("Goldman, Sachs and Co", "org")]] * 5,
        *[[Entity("Goldman Sachs", "org")]] * 2,
        *[[Entity("World War II", "event")]] * 3,
        [Entity("World War Two", "event")],
        [Entity("World War 2", "event")],
        [Entity("World War I", "event")],
        *[[Entity("Channel 4", "org")]] * 3,
        [Entity("Channel Four", "org")],
        [Entity("Malcolm X", "person")],
        [Entity("Malcolm", "person")],
    )
    named = {i.name: i.articles for i in corpus.listing()}
    assert named["Goldman, Sachs and Co"] == 7 and "Goldman Sachs" not in named
    assert named["World War II"] == 5 and named["World War I"] == 1
    assert named["Channel 4"] == 4 and "Channel Four" not in named
    assert "Malcolm X" in named


def test_a_place_said_beside_the_company_it_begins_is_that_company() -> None:
    # (Reuters: "Dome", a place to the model in 24 stories, 17 of them beside Dome Petroleum Ltd)
    story = "Murgold Resources Inc said assays were good. Murgold said drilling goes on."
    got = {
        e.name: e for e in resolve(story, spans(story, ("Murgold Resources Inc", "ORG"), ("Murgold", "GPE")))
    }
    assert got["Murgold"].type == "place" and got["Murgold"].within == "Murgold Resources Inc"
    # Read as a place where it stands, or a country: nothing noted.
    for text, word in (
        ("Olney Bancshares Inc bought the First National Bank of Olney, Texas. Olney, Texas grew.", "Olney"),
        ("Shanghai Automotive Industry Corp waits for the Shanghai city government.", "Shanghai"),
        ("China National Petroleum Corp said China would buy more.", "China"),
    ):
        firm = text.split(" Inc")[0].split(" Corp")[0] + (" Inc" if " Inc" in text else " Corp")
        named = {e.name: e for e in resolve(text, spans(text, (firm, "ORG"), (word, "GPE")))}
        assert named[word].within == "", text
    # Across the corpus: a word said so in most of its articles joins the company; a place said
    # so in a few of its articles stays the place.
    firm = [Entity("Dome Petroleum Ltd", "org")]
    beside = [*firm, Entity("Dome", "place", within="Dome Petroleum Ltd")]
    corpus = corpus_of(*[beside] * 4, [Entity("Dome", "place")], *[firm] * 3)
    assert carriers(corpus, "Dome") == ["org:Dome Petroleum Ltd"]
    city = [Entity("Phoenix", "place")]
    beside = [Entity("Phoenix Steel Corp", "org"), Entity("Phoenix", "place", within="Phoenix Steel Corp")]
    corpus = corpus_of(*[city] * 10, *[beside] * 3)
    assert carriers(corpus, "Phoenix") == ["place:Phoenix"]


def test_an_institutions_bare_name_is_its_one_countrys() -> None:
    # (Reuters: "Agriculture Department" in 49 stories, "U.S. Agriculture Department" in 243)
    us, japan = Entity("U.S.", "place"), Entity("Japan", "place")
    given = [Entity("U.S. Agriculture Department", "org"), us]
    bare = [Entity("Agriculture Department", "org"), us]
    corpus = corpus_of(*[given] * 5, *[bare] * 3, [Entity("Agriculture Department", "org")])
    assert carriers(corpus, "Agriculture Department") == ["org:U.S. Agriculture Department"]
    # One story that names another country's is not against it.
    corpus = corpus_of(*[given] * 5, *[bare] * 3, [Entity("Irish Agriculture Department", "org")])
    assert carriers(corpus, "Agriculture Department") == ["org:U.S. Agriculture Department"]
    # A stories-wide name of many countries' institutions stays apart: the bare name's stories
    # that name one country name others as often.
    court = [Entity("U.S. Supreme Court", "org"), us]
    other = [Entity("Supreme Court", "org"), japan]
    corpus = corpus_of(*[court] * 5, *[[Entity("Supreme Court", "org"), us]] * 3, *[other] * 2)
    assert carriers(corpus, "Supreme Court") == ["org:Supreme Court"]
    # Stories that name several countries tell nothing; two countries' names given tell it is
    # no one country's.
    both = [Entity("Supreme Court", "org"), us, japan]
    corpus = corpus_of(*[court] * 5, *[both] * 4)
    assert carriers(corpus, "Supreme Court") == ["org:Supreme Court"]
    corpus = corpus_of(
        *[[Entity("Japanese Finance Ministry", "org"), japan]] * 3,
        *[[Entity("French Finance Ministry", "org")]] * 3,
        *[[Entity("Finance Ministry", "org"), japan]] * 4,
    )
    assert carriers(corpus, "Finance Ministry") == ["org:Finance Ministry"]
    # Where the corpus names the institution with one country only, the bare name's other
    # countries are passing mentions (a New Zealand firm's filing with the SEC): the country
    # need only lead each of them.
    sec = Entity("U.S. Securities and Exchange Commission", "org")
    bare_sec = Entity("Securities and Exchange Commission", "org")
    mentions = [[bare_sec, Entity(c, "place")] for c in ("New Zealand", "Brazil", "Philippines")]

    def one_sec(corpus: CorpusEntities) -> bool:
        return carriers(corpus, sec.name) == carriers(corpus, bare_sec.name)

    assert one_sec(corpus_of(*[[sec, us]] * 5, *[[bare_sec, us]] * 6, *mentions))
    # ... not where another country's is named too: then the bare name may be either.
    other_sec = [Entity("Japanese Securities and Exchange Commission", "org"), japan]
    assert not one_sec(corpus_of(*[[sec, us]] * 5, other_sec, *[[bare_sec, us]] * 6, *mentions))
    # A nationality opening a name is part of it: the American Stock Exchange is not every one.
    corpus = corpus_of(
        *[[Entity("American Stock Exchange", "org"), us]] * 5, *[[Entity("Stock Exchange", "org"), us]] * 3
    )
    assert carriers(corpus, "Stock Exchange") == ["org:Stock Exchange"]


def test_the_countries_beside_a_name_survive_save_load_and_removal(tmp_path: object) -> None:
    from pathlib import Path

    story = [Entity("Agriculture Department", "org"), Entity("U.S.", "place")]
    corpus = corpus_of(story, story, [Entity("Agriculture Department", "org")])
    key = entity_key("org", "Agriculture Department")
    assert corpus.raw[key].countries == {"united states": 2}
    corpus.save(Path(str(tmp_path)))
    again = CorpusEntities.load(Path(str(tmp_path)))
    assert again.raw[key].countries == {"united states": 2} and again.counts_countries
    again.remove(story)
    assert again.raw[key].countries == {"united states": 1}


def test_a_name_is_shown_by_its_most_used_spelling_in_any_order(tmp_path: object) -> None:
    # (The first spelling seen was kept: re-indexing Reuters in another order changed 230 of
    # its listing's lines, "McDonalds Corp" or a heading's "Mcdonalds Corp")
    from pathlib import Path

    heading, body = [Entity("Mcdonalds Corp", "org")], [Entity("McDonalds Corp", "org")]
    for order in ([heading, body, body], [body, body, heading], [body, heading, body]):
        assert carriers(corpus_of(*order), "McDonalds Corp") == ["org:McDonalds Corp"]
    corpus = corpus_of(heading, heading, body)
    assert carriers(corpus, "McDonalds Corp") == ["org:Mcdonalds Corp"]
    corpus.remove(heading)  # (one each: the one with more capitals)
    assert carriers(corpus, "McDonalds Corp") == ["org:McDonalds Corp"]
    corpus.save(Path(str(tmp_path)))
    again = CorpusEntities.load(Path(str(tmp_path)))
    again.add(heading)
    again.add(heading)
    again.overrides = Overrides()
    assert carriers(again, "McDonalds Corp") == ["org:Mcdonalds Corp"]
    # A heading's capitals are never the name while another spelling is there.
    corpus = corpus_of(*[[Entity("TAIWAN", "place")]] * 3, [Entity("Taiwan", "place")])
    assert carriers(corpus, "Taiwan") == ["place:Taiwan"]


def test_settled_counts_survive_save_and_load(tmp_path: object) -> None:
    from pathlib import Path

    corpus = corpus_of([Entity("Gazprom", "org", settled=True)], [Entity("Gazprom", "org")])
    corpus.save(Path(str(tmp_path)))
    again = CorpusEntities.load(Path(str(tmp_path)))
    assert again.raw[entity_key("org", "Gazprom")].settled == 1
    corpus.remove([Entity("Gazprom", "org", settled=True)])
    assert corpus.raw[entity_key("org", "Gazprom")].settled == 0


class _Entry:
    def __init__(self, name: str, type_: str, articles: int) -> None:
        self.name, self.type, self.articles = name, type_, articles


def test_a_folder_named_after_an_outlet_the_stories_name() -> None:
    names = {
        "org:bbc": _Entry("BBC", "org", 40),
        "org:bbc news": _Entry("BBC News", "org", 30),
        "org:bbc sport": _Entry("BBC Sport", "org", 5),
        "org:yukos": _Entry("Yukos", "org", 20),
        "org:news corp": _Entry("News Corp", "org", 3),
    }
    assert folder_outlet("bbc", names) == "BBC"
    assert folder_outlet("BBC-News", names) == "BBC"
    # Stories about a company, filed under its name: no media name of it.
    assert folder_outlet("yukos", names) == ""
    # A folder named with a media word alone, or after nothing the stories name.
    assert folder_outlet("news", names) == ""
    assert folder_outlet("business", names) == ""


def test_a_commodity_grade_is_a_product() -> None:
    text = "Brent crude fell. Brent was at 18.20 dlrs. West Texas Intermediate blend rose."
    got = named(text, ("West Texas Intermediate", "ORG"), ("Brent", "ORG"))
    assert got["Brent"].type == got["West Texas Intermediate"].type == "product"
    # Named as what it is, before or after: "the U.S. benchmark grade", "benchmark crude".
    for text in (
        "The rise brings West Texas Intermediate, the U.S. benchmark grade, to 17.50 dlrs.",
        "It raised the posted price of the U.S. benchmark crude West Texas Intermediate.",
        "Its price for the benchmark grade, West Texas Intermediate, rose.",
        "the United States' West Texas Intermediate (WTI) crude.",
    ):
        assert named(text, ("West Texas Intermediate", "ORG"))["West Texas Intermediate"].type == "product", (
            text
        )
    # A country after "crude," is a country; a company after "downgrade" a company.
    assert (
        named("It sold 9,000 barrels of crude, Iran's agency said.", ("Iran", "GPE"))["Iran"].type == "place"
    )
    got = named("Moody's may downgrade Tandy Corp's debt.", ("Tandy Corp", "ORG"))
    assert got["Tandy Corp"].type == "org"
    # A person of that name is not a grade.
    got = named("Brent Scowcroft said so.", ("Brent Scowcroft", "PERSON"))
    assert got["Brent Scowcroft"].type == "person"


def test_a_last_word_is_a_sign_off_after_a_sentence_a_line_or_figures_only() -> None:
    from spacetui.entities.sources import outlet_in_text

    assert outlet_in_text("Prices rose.\n Reuter") == "Reuter"
    assert outlet_in_text("Net profit 997.1 mln Reuter") == "Reuter"
    # The end of a list of fixtures is a club, not the story's outlet.
    assert outlet_in_text("Southampton v Portsmouth\n\nCharlton v Yeovil") == ""


def test_a_settled_place_or_a_country_is_no_persons_surname() -> None:
    # A country is the country, not James Ireland.
    text = "The Dragons might use James Ireland. The majority of Ireland and Scotland players rested."
    got = named(text, ("James Ireland", "PERSON"), ("Ireland", "GPE"), ("Scotland", "GPE"))
    assert got["Ireland"].type == "place" and got["James Ireland"].aliases == []
    text = "Hooper picked Jason Scotland. Scotland lost to France."
    got = named(text, ("Jason Scotland", "PERSON"), ("Scotland", "GPE"), ("France", "GPE"))
    assert got["Scotland"].type == "place" and got["Jason Scotland"].aliases == []
    # The model's "place" that is no country, and not "in X", stays the person's surname.
    text = "Coach Mike Ruddock spoke. Ruddock said the players need a rest."
    got = named(text, ("Mike Ruddock", "PERSON"), ("Ruddock", "GPE"))
    assert list(got) == ["Mike Ruddock"] and got["Mike Ruddock"].aliases == ["Ruddock"]


def test_a_countrys_names_are_one_place() -> None:
    text = "Britain and the USA agreed. The UK said the United States would pay. America paid."
    got = named(
        text, ("Britain", "GPE"), ("USA", "GPE"), ("UK", "GPE"), ("United States", "GPE"), ("America", "GPE")
    )
    assert sorted(got) == ["Britain", "United States"]
    assert got["Britain"].aliases == ["UK"] and sorted(got["United States"].aliases) == ["America", "USA"]
    # Across articles, each naming the country one way.
    corpus = corpus_of(
        [Entity("Britain", "place")],
        [Entity("UK", "place")],
        [Entity("United Kingdom", "place")],
        [Entity("Britain", "place")],
    )
    assert carriers(corpus, "UK") == carriers(corpus, "United Kingdom") == ["place:Britain"]
    # A country's official name is one of its names (Reuters: "the Federal Republic of Germany").
    corpus = corpus_of(
        *[[Entity("West Germany", "place")]] * 3, [Entity("Federal Republic of Germany", "place")]
    )
    assert carriers(corpus, "Federal Republic of Germany") == ["place:West Germany"]
    # Only in the place sense: an organisation named "America" is not the country.
    corpus = corpus_of([Entity("America", "org")], [Entity("United States", "place")])
    assert sorted(carriers(corpus, "America")) == ["org:America"]


def test_a_nationality_is_no_organisation() -> None:
    text = "Despite praising the Irish he claimed the Welsh had the upper hand in the Six Nations."
    got = named(text, ("Irish", "ORG"), ("Welsh", "ORG"), ("Six Nations", "EVENT"))
    assert "Welsh" not in got and "Irish" not in got and "Six Nations" in got
    # The model's "person" too, where no one in the article has it as a surname.
    got = named(text, ("Irish", "PERSON"), ("Welsh", "PERSON"), ("Six Nations", "EVENT"))
    assert "Welsh" not in got and "Irish" not in got
    # A person of that name stays ("Dawn French"), and so does an organisation it begins.
    got = named(
        "Dawn French starred. French said so. Welsh Water raised bills.",
        ("Dawn French", "PERSON"),
        ("French", "PERSON"),
        ("Welsh Water", "ORG"),
    )
    assert got["Dawn French"].aliases == ["French"] and got["Welsh Water"].type == "org"


def test_a_place_before_an_organisations_noun_stays_a_place() -> None:
    text = "Hollywood studios ask for help. Stars flocked to Hollywood."
    got = named(text, ("Hollywood", "GPE"))
    assert got["Hollywood"].type == "place" and not got["Hollywood"].settled
    # The model's "person" before such a noun is still the organisation.
    got = named("Analysts said the Vodafone group would gain.", ("Vodafone", "PERSON"))
    assert got["Vodafone"].type == "org"


def test_a_country_joins_no_persons_entity_across_articles() -> None:
    # "Jordan" alone for Michael Jordan in three articles; the country in two, far rarer.
    jordan, full = [Entity("Jordan", "person")], [Entity("Michael Jordan", "person")]
    country = [Entity("Jordan", "place")]
    corpus = corpus_of(*[jordan] * 3, *[full] * 4, *[country] * 2)
    assert sorted(carriers(corpus, "Jordan")) == ["person:Michael Jordan", "place:Jordan"]
    # A place that is no country, far rarer than the person of its name, joins as before.
    corpus = corpus_of(*[[Entity("Hewitt", "person")]] * 6, [Entity("Hewitt", "place")])
    assert carriers(corpus, "Hewitt") == ["person:Hewitt"]


def test_an_articles_entities_are_shown_as_the_corpus_names_them() -> None:
    from spacetui.articles.model import Article
    from spacetui.stories.compare import compare

    guessed = [Entity("Gazprom", "place", mentions=[(0, 7)])]
    settled = [Entity("Gazprom", "org", settled=True, mentions=[(0, 7)])]
    # One article names the unit by two keys the corpus holds one entity.
    two = [
        Entity("Yuganskneftegas", "org", mentions=[(0, 15)]),
        Entity("Yugansk", "place", mentions=[(20, 27)]),
    ]
    yugansk = [Entity("Yuganskneftegas", "org", aliases=["Yugansk"])]
    corpus = corpus_of(*[guessed] * 10, *[settled] * 3, *[yugansk] * 4, two)
    shown = corpus.as_named(guessed)
    assert [(e.type, e.name, e.mentions) for e in shown] == [("org", "Gazprom", [(0, 7)])]
    (unit,) = corpus.as_named(two)
    listed = {(i.type, i.name) for i in corpus.listing()}
    assert (unit.type, unit.name) in listed and unit.aliases == ["Yugansk"]
    assert unit.mentions == [(0, 15), (20, 27)]
    # Compare: the model's place in one story and its organisation in another are one entity,
    # of the corpus's type; each keeps its own spelling.
    first = Article("a", "A", ["Gazprom"], entities=guessed)
    second = Article("b", "B", ["Gazprom"], entities=settled)
    assert [(a.type, a.name) for a, _ in compare(first, second, corpus).shared] == [("org", "Gazprom")]
    assert compare(first, second).only_first  # (without the corpus, the model's two types)


def test_where_someone_works_is_an_organisation_not_a_person() -> None:
    bank = "Dresdner Kleinwort Wasserstein"
    text = f"Aviation analyst Mike Powell of {bank} says prices will rise. Others agreed."
    got = named(text, ("Mike Powell", "PERSON"), (bank, "PERSON"))
    assert (got[bank].type, got[bank].settled) == ("org", True)
    assert got["Mike Powell"].type == "person"
    text = f'"Now is the time," said Hannes Wittig, telecoms analyst at {bank}.'
    got = named(text, ("Hannes Wittig", "PERSON"), (bank, "ORG"))
    assert (got[bank].type, got[bank].settled) == ("org", True)
    # Someone of a place stays that place; a person named after no one stays a person.
    text = "Tony Blair of Britain met Gordon Brown in London."
    got = named(text, ("Tony Blair", "PERSON"), ("Britain", "GPE"), ("Gordon Brown", "PERSON"))
    assert (got["Britain"].type, got["Gordon Brown"].type) == ("place", "person")


def test_a_settled_organisation_outweighs_the_models_person_across_articles() -> None:
    bank = "Dresdner Kleinwort Wasserstein"
    guessed = [Entity(bank, "person")]
    settled = [Entity(bank, "org", settled=True)]
    assert carriers(corpus_of(guessed, guessed, settled, settled), bank) == [f"org:{bank}"]
    # Guesses alone: two guesses each side stay apart, as before.
    corpus = corpus_of(guessed, guessed, [Entity(bank, "org")], [Entity(bank, "org")])
    assert sorted(carriers(corpus, bank)) == [f"org:{bank}", f"person:{bank}"]


def test_a_first_name_misspelt_is_the_same_person() -> None:
    full = [Entity("Mikhail Khodorkovsky", "person")]
    corpus = corpus_of(*[full] * 6, [Entity("Mihkail Khodorkovsky", "person")])
    assert carriers(corpus, "Mihkail Khodorkovsky") == ["person:Mikhail Khodorkovsky"]
    # With the surname misspelt too, and a letter left out or put in.
    corpus = corpus_of(
        *[full] * 6,
        [Entity("Mihkail Khordokovsky", "person")],
        [Entity("Mikhal Khodorkovsky", "person")],
        [Entity("Mickhail Khodorkovsky", "person")],
    )
    assert len(corpus.listing()) == 1
    # Within an article: the slip beside the name it misspells, named more often.
    text = (
        "Mikhail Khodorkovsky was in court. Mikhail Khodorkovsky denied it. "
        "Lawyers for Mihkail Khodorkovsky said he would appeal."
    )
    people = named(text, ("Mikhail Khodorkovsky", "PERSON"), ("Mihkail Khodorkovsky", "PERSON"))
    assert list(people) == ["Mikhail Khodorkovsky"]
    assert "Mihkail Khodorkovsky" in people["Mikhail Khodorkovsky"].aliases


def test_people_who_share_a_surname_stay_apart() -> None:
    def apart(common: str, rare: str, *others: list[Entity]) -> None:
        corpus = corpus_of(*[[Entity(common, "person")]] * 6, [Entity(rare, "person")], *others)
        assert carriers(corpus, rare) == [f"person:{rare}"], (common, rare)

    apart("Gordon Brown", "Nick Brown")
    apart("Bill Clinton", "Hillary Clinton")
    apart("Tana Umaga", "Tama Umaga")  # short first names: mostly two names
    apart("Jon Smith", "Jan Smith")
    apart("John Smith", "J. Smith")  # an initial
    apart("Louis Smith", "Louise Smith")  # an ending makes another name
    apart("Steven Gerrard", "Steve Gerrard")
    apart("Antonio Banderas", "Antonia Banderas")
    # Marvin is another person's first name in the corpus: a name, not a slip.
    apart("Martin Davis", "Marvin Davis", [Entity("Marvin Gaye", "person")])
    # Not rare enough beside the other spelling to be a slip.
    katharine, katherine = [Entity("Katharine Hepburn", "person")], [Entity("Katherine Hepburn", "person")]
    corpus = corpus_of(katharine, katharine, katherine)
    assert len(corpus.listing()) == 2
    # Within an article, two names each named once are two people.
    text = "Martin Davis met Marvin Davis. Bill Clinton and Hillary Clinton were there."
    labels = [(n, "PERSON") for n in ("Martin Davis", "Marvin Davis", "Bill Clinton", "Hillary Clinton")]
    assert sorted(named(text, *labels)) == sorted(n for n, _ in labels)


def test_a_lone_first_name_joins_the_person_articles_linked_it_to_by_far() -> None:
    blair = [Entity("Tony Blair", "person", aliases=["Tony"])]
    martin = [Entity("Tony Martin", "person")]
    lone = [Entity("Tony", "person"), Entity("Blair", "person")]  # "keep at it Tony" to Mr Blair
    corpus = corpus_of(*[blair] * 3, *[[Entity("Tony Blair", "person")]] * 20, *[martin] * 2, lone, lone)
    assert carriers(corpus, "Tony") == ["person:Tony Blair"]
    # Articles linked "Gordon" to two people: alone, it is neither's.
    brown = [Entity("Gordon Brown", "person", aliases=["Gordon"])]
    darcy = [Entity("Gordon D'Arcy", "person", aliases=["Gordon"])]
    corpus = corpus_of(
        *[brown] * 2, darcy, *[[Entity("Gordon Brown", "person")]] * 20, [Entity("Gordon", "person")]
    )
    assert "person:Gordon" in carriers(corpus, "Gordon")
    # Linked only to Sir Alan Budd, but Alan Milburn is named far more: alone, it is neither's.
    budd = [Entity("Alan Budd", "person", aliases=["Alan"])]
    corpus = corpus_of(*[budd] * 3, *[[Entity("Alan Milburn", "person")]] * 20, [Entity("Alan", "person")])
    assert "person:Alan" in carriers(corpus, "Alan")
    # The one person of that first name, whom articles linked it to: theirs.
    paula = [Entity("Paula Radcliffe", "person", aliases=["Paula"])]
    corpus = corpus_of(*[paula] * 3, [Entity("Paula", "person"), Entity("Radcliffe", "person")])
    assert carriers(corpus, "Paula") == ["person:Paula Radcliffe"]


def test_a_first_name_alone_is_the_person_only_where_the_article_names_the_surname() -> None:
    # BBC: articles linked "Ray" to Ray Charles (the film about him beside his name), and seven
    # stories name only the film: "Ray star Jamie Foxx". News names a person in full before a
    # first name alone, so an article without the surname is about someone, or something, else.
    charles = [Entity("Ray Charles", "person", aliases=["Ray"])]
    other = [Entity("Ray Whitehouse", "person")]  # (a first name: two people have it)
    film = [Entity("Ray", "person"), Entity("Jamie Foxx", "person")]
    corpus = corpus_of(*[charles] * 6, *[[Entity("Ray Charles", "person")]] * 20, other, *[film] * 7)
    assert "person:Ray" in carriers(corpus, "Ray")
    assert "person:Ray Charles" in carriers(corpus, "Ray Charles")
    # The model's place for the film ("starring in Ray") is not him either.
    corpus = corpus_of(
        *[charles] * 6, *[[Entity("Ray Charles", "person")]] * 20, other, *[[Entity("Ray", "place")]] * 3
    )
    assert "place:Ray" in carriers(corpus, "Ray")
    # Where the articles name the surname beside it ("Ray ... Charles's songs"), it is him.
    beside = [Entity("Ray", "person"), Entity("Charles", "person")]
    corpus = corpus_of(*[charles] * 6, *[[Entity("Ray Charles", "person")]] * 20, other, *[beside] * 3, film)
    assert carriers(corpus, "Ray") == ["person:Ray Charles"]
    # The same counts after articles go (add and remove are exact) and after save and load.
    for _ in range(3):
        corpus.remove(beside)
    assert "person:Ray" in carriers(corpus, "Ray")
    # A word that is no one else's first name is not held back: "Goodyear" of the model's
    # person "Goodyear Tire", "Zhao" (a surname, said first) of Zhao Ziyang.
    zhao = [Entity("Zhao Ziyang", "person", aliases=["Zhao"])]
    corpus = corpus_of(*[zhao] * 4, [Entity("Zhao", "person"), Entity("Deng", "person")])
    assert carriers(corpus, "Zhao") == ["person:Zhao Ziyang"]


def test_the_surnames_beside_a_first_name_survive_save_and_load(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    charles = [Entity("Ray Charles", "person", aliases=["Ray"])]
    other = [Entity("Ray Whitehouse", "person")]
    beside = [Entity("Ray", "person"), Entity("Charles", "person")]
    film = [Entity("Ray", "person"), Entity("Jamie Foxx", "person")]
    for lone, alone in ((beside, False), (film, True)):
        corpus = corpus_of(*[charles] * 6, *[[Entity("Ray Charles", "person")]] * 20, other, *[lone] * 3)
        corpus.save(tmp_path)
        loaded = CorpusEntities.load(tmp_path)
        loaded.overrides = Overrides()
        assert loaded.counts_beside and not loaded.stale
        loaded._canon = None  # worked out again from the counts as loaded
        assert ("person:Ray" in carriers(loaded, "Ray")) is alone


def test_an_organisation_cut_at_a_particle_is_one_name() -> None:
    # The small model reads "Banco do Brasil" as "Banco" (org) and "Brasil" (a person).
    text = "Petrobras said the Saudis will accept Banco do Brasil credit guarantees."
    got = named(text, ("Banco", "ORG"), ("Brasil", "PERSON"))
    assert "Banco do Brasil" in got and got["Banco do Brasil"].type == "org"
    assert "Brasil" not in got
    text = "The Banque de France held rates, Caixa Geral de Depositos said."
    got = named(text, ("Banque", "ORG"), ("France", "GPE"), ("Caixa Geral", "ORG"), ("Depositos", "ORG"))
    assert {"Banque de France", "Caixa Geral de Depositos"} <= set(got)


def test_a_particle_joins_nothing_but_an_organisation_to_a_name() -> None:
    # A person's particle is the person's; an organisation before a lower-case word stays as it is.
    text = "Charles de Gaulle airport was closed; officials met Jean de Villiers in Paris."
    got = named(text, ("Charles", "PERSON"), ("Gaulle", "PERSON"), ("Jean de Villiers", "PERSON"))
    assert not any(" de " in name and e.type == "org" for name, e in got.items())
    text = "Shares of Petrobras de facto fell; Reuters de Brasil reported it."
    got = named(text, ("Petrobras", "ORG"), ("Reuters", "ORG"))
    assert "Petrobras de facto" not in got


def test_a_company_whose_name_ends_in_s_keeps_it() -> None:
    # BBC: "Standard & Poor's, Moody's and Fitch" (the model's org "Moody's", the article never
    # saying "Moody" alone) was cut to "Moody", which the corpus made the rugby player Lewis Moody.
    text = "Three agencies - Standard & Poor's, Moody's and Fitch - cut the rating."
    at = text.index("Moody's")
    assert [(e.type, e.name) for e in resolve(text, [(at, at + 7, "ORG")])] == [("org", "Moody's")]
    # A possessive's owner is named without it too: the "'s" is cut.
    text = "Gazprom's bid failed. Gazprom said it would try again."
    assert {(e.type, e.name) for e in resolve(text, [(0, 9, "ORG"), (22, 29, "ORG")])} == {("org", "Gazprom")}
    # A person's possessive is always cut.
    text = "Lewis Moody's knee is sore."
    assert [e.name for e in resolve(text, [(0, 13, "PERSON")])] == ["Lewis Moody"]


def test_a_company_whose_name_ends_in_s_is_no_persons_surname() -> None:
    moody = [Entity("Lewis Moody", "person", aliases=["Moody"])]
    agency = [Entity("Moody's", "org")]
    corpus = corpus_of(*[moody] * 9, *[agency] * 3)
    assert carriers(corpus, "Moody's") == ["org:Moody's"]
    assert carriers(corpus, "Lewis Moody") == ["person:Lewis Moody"]
    # The model's "Moody" of "Moody's" (it left the "'s" out) is a spelling of the company...
    corpus = corpus_of(*[agency] * 20, *[[Entity("Moody", "org")]] * 3)
    assert [(i.type, i.name, i.articles) for i in corpus.listing()] == [("org", "Moody's", 23)]
    # ... unless people go by that name: then a bare "Moody" (the model's organisation in a team
    # list, BBC) is left to the rules for a person's name, as before.
    corpus = corpus_of(*[moody] * 9, *[agency] * 3, [Entity("Moody", "org")])
    assert {(i.type, i.name, i.articles) for i in corpus.listing()} == {
        ("person", "Lewis Moody", 10),
        ("org", "Moody's", 3),
    }


def test_a_portfolio_word_is_no_part_of_the_ministers_name() -> None:
    # Reuters: "Indonesian Minister of Mines and Energy Subroto" gave a person "Energy Subroto"
    # (20 stories); "Minister of Mines Patrick Chitambala" one "Mines Patrick Chitambala".
    from spacetui.entities.resolve import trim

    cases = [
        ("Indonesian Minister\nof Mines and Energy Subroto told Reuters.", "Energy Subroto", "Subroto"),
        ("Minister of Mines Patrick Chitambala\nconfirmed", "Mines Patrick Chitambala", "Patrick Chitambala"),
        ("Secretary of State George Shultz said", "State George Shultz", "George Shultz"),
        # the name itself after the title stays whole
        ("Secretary of State George Shultz said", "George Shultz", "George Shultz"),
        ("the Minister of Finance, John Smith, said", "John Smith", "John Smith"),
        ("the Bank of England Governor said", "England Governor", "England Governor"),
    ]
    for text, span, name in cases:
        s = text.index(span)
        a, b = trim(text, s, s + len(span), "person")
        assert text[a:b] == name, (span, text[a:b])


def test_a_company_named_in_full_then_by_its_first_word_is_one() -> None:
    # Reuters: "Moody's Investors Service Inc said ... Moody's said" gave two organisations in
    # the same story (74 stories), and two lines at the top of the corpus's organisations.
    text = "Moody's Investors Service Inc said it cut USX Corp. Moody's said the move was due."
    got = named(text, ("Moody's Investors Service Inc", "ORG"), ("Moody's", "ORG"), ("USX Corp", "ORG"))
    assert set(got) == {"Moody's Investors Service Inc", "USX Corp"}
    assert got["Moody's Investors Service Inc"].aliases == ["Moody's"]
    text = "Salomon Brothers Inc said it would buy. Salomon said the price was fair."
    got = named(text, ("Salomon Brothers Inc", "ORG"), ("Salomon", "ORG"))
    assert list(got) == ["Salomon Brothers Inc"]
    # Only after a company's full name: a committee is not its chamber, a service not its maker.
    text = "The Senate Banking Committee met. The Senate voted."
    assert "Senate" in named(text, ("Senate Banking Committee", "ORG"), ("Senate", "ORG"))
    text = "Google News changed. Google said it was pleased."
    assert "Google" in named(text, ("Google News", "ORG"), ("Google", "ORG"))
    # Named before the full name, or listed beside it: no evidence.
    text = "Moody's was quiet. Moody's Investors Service Inc said it would cut."
    assert "Moody's" in named(text, ("Moody's Investors Service Inc", "ORG"), ("Moody's", "ORG"))
    text = "Gazprom Neft Co and Gazprom were fined. Gazprom said it would appeal."
    assert "Gazprom" in named(text, ("Gazprom Neft Co", "ORG"), ("Gazprom", "ORG"))
    # A subsidiary's full name, then the parent by its own: the parent (Reuters, Texaco).
    text = "A Texaco Pipeline Co spokesman said so. Texaco Inc owns it. Texaco said repairs would start."
    got = named(text, ("Texaco Pipeline Co", "ORG"), ("Texaco Inc", "ORG"), ("Texaco", "ORG"))
    assert got["Texaco Inc"].aliases == ["Texaco"] and got["Texaco Pipeline Co"].aliases == []


def test_a_short_company_word_after_the_company_with_its_legal_form_is_the_company() -> None:
    # Reuters (Hughes Tool's merger): "Baker International Corp ... Baker said today it would
    # withdraw the lawsuit", the model calling Baker a person; five letters were too short for
    # the first-word rule, and the corpus listed the story under the person James Baker.
    text = (
        "Hughes Tool Co approved a merger with Baker International Corp. Baker said it would drop the suit."
    )
    got = named(text, ("Hughes Tool Co", "ORG"), ("Baker International Corp", "ORG"), ("Baker", "PERSON"))
    assert set(got) == {"Hughes Tool Co", "Baker International Corp"}
    assert got["Baker International Corp"].aliases == ["Baker"]
    # Without the legal form no evidence (a board is not its chair), and a person named in full
    # is that person.
    text = "The Baker Street Committee met. Baker said it would not."
    assert "Baker" in named(text, ("Baker Street Committee", "ORG"), ("Baker", "PERSON"))
    text = "James Baker met Baker International Corp officials. Baker said the talks went well."
    got = named(text, ("James Baker", "PERSON"), ("Baker International Corp", "ORG"), ("Baker", "PERSON"))
    assert got["James Baker"].aliases == ["Baker"] and got["Baker International Corp"].aliases == []
    # A person's name that the article gives a company with its legal form is the company.
    text = "Hughes Tool Co will merge into Baker Hughes Inc. The merged company, Baker Hughes, said so."
    at = text.index("Baker Hughes,")
    got = named(text, ("Baker Hughes Inc", "ORG"), ("Baker Hughes", "PERSON"))
    assert got["Baker Hughes Inc"].type == "org" and got["Baker Hughes Inc"].mentions[-1] == (at, at + 12)
    # However short the word.
    text = "May Department Stores Co reported sales. May said it was doing well."
    got = named(text, ("May Department Stores Co", "ORG"), ("May", "PERSON"))
    assert list(got) == ["May Department Stores Co"]


def test_a_firm_of_two_names_said_twice_and_never_apart_is_one_organisation() -> None:
    # Reuters: "Duff and Phelps said ..." read as an organisation "Duff" and a person "Phelps",
    # whom the corpus then took for the only Phelps it named in full.
    text = "Duff and Phelps said it cut the rating. The move reflects debt, Duff and Phelps said."
    spans = [(0, 4, "ORG"), (9, 15, "PERSON"), (67, 71, "ORG"), (76, 82, "PERSON")]
    assert [(e.type, e.name) for e in resolve(text, spans)] == [("org", "Duff and Phelps")]
    # Said once, or a name of the two said alone: two names.
    text = "Talks between Reagan and Nakasone went well, Reagan said."
    at = text.index("Nakasone")
    got = resolve(text, [(14, 20, "PERSON"), (at, at + 8, "ORG"), (45, 51, "PERSON")])
    assert ("org", "Nakasone") in [(e.type, e.name) for e in got]
    text = "Siemens and Ericsson won. Siemens and Ericsson have 90 pct. Siemens said so."
    got = resolve(text, [(0, 7, "ORG"), (12, 20, "PERSON"), (26, 33, "ORG"), (38, 46, "PERSON")])
    assert "Siemens and Ericsson" not in [e.name for e in got]


def test_a_name_said_only_in_a_pair_notes_the_pair() -> None:
    # Said once, the article cannot tell a firm from two parties; it notes the pair for the corpus.
    text = "Duff and Phelps said it lowered the rating of Acme Corp."
    got = {e.name: e for e in resolve(text, [(0, 4, "ORG"), (9, 15, "PERSON"), (46, 55, "ORG")])}
    assert (got["Duff"].within, got["Phelps"].within, got["Acme Corp"].within) == (
        "Duff and Phelps",
        "Duff and Phelps",
        "",
    )
    # Not a name the article also says alone, nor the last of a list.
    text = "Duff and Phelps said it lowered the rating. Phelps, a unit, agreed."
    got = {e.name: e for e in resolve(text, [(0, 4, "ORG"), (9, 15, "PERSON"), (44, 50, "PERSON")])}
    assert got["Duff"].within == "Duff and Phelps" and got["Phelps"].within == ""
    text = "It is owned by Acme, Wagner and Brown, the partners said."
    at = text.index("Wagner")
    got = {
        e.name: e for e in resolve(text, [(15, 19, "ORG"), (at, at + 6, "ORG"), (at + 11, at + 16, "PERSON")])
    }
    assert got["Wagner"].within == got["Brown"].within == ""


def test_a_name_said_in_a_pair_the_corpus_names_as_a_firm_is_that_firm() -> None:
    # Reuters: stories saying "Duff and Phelps" once listed their "Phelps" under the only Phelps
    # named in full (a gas company's vice president, in one story): choosing him gave 10 stories,
    # 9 of them about the rating agency.
    firm = [Entity("Duff and Phelps", "org")]
    said_once = [
        Entity("Duff", "org", within="Duff and Phelps"),
        Entity("Phelps", "person", within="Duff and Phelps"),
    ]
    executive = [Entity("Michael Phelps", "person", aliases=["Phelps"])]
    corpus = corpus_of(firm, firm, *[said_once] * 4, executive)
    firm_key = corpus.canonical_key(entity_key("org", "Duff and Phelps"))
    assert corpus.canonical_key(entity_key("person", "Phelps")) == firm_key
    assert corpus.canonical_key(entity_key("org", "Duff")) == firm_key
    assert corpus.canonical_key(entity_key("person", "Michael Phelps")) != firm_key
    # A pair no article names as one organisation is two names ("Pepsi and Shirlie", singers).
    pair = [
        Entity("Pepsi", "org", within="Pepsi and Shirlie"),
        Entity("Shirlie", "person", within="Pepsi and Shirlie"),
    ]
    corpus = corpus_of(pair, pair, [Entity("PepsiCo", "org")])
    assert corpus.canonical_key(entity_key("person", "Shirlie")) == entity_key("person", "Shirlie")
    # Nor is a name that most of its articles say apart from the pair.
    alone = [Entity("Phelps", "person")]
    corpus = corpus_of(firm, firm, said_once, alone, alone, executive)
    assert corpus.canonical_key(entity_key("person", "Phelps")) != firm_key


def test_a_department_of_x_is_the_x_department() -> None:
    # Reuters listed "U.S. Agriculture Department" (243 stories) and "U.S. Department of
    # Agriculture" (181) as two organisations.
    corpus = corpus_of(
        *[[Entity("U.S. Agriculture Department", "org")]] * 3,
        *[[Entity("U.S. Department of Agriculture", "org", aliases=["USDA"])]] * 2,
        *[[Entity("Ministry of Finance", "org")]] * 2,
        [Entity("Finance Ministry", "org")],
    )
    listed = {(i.name, i.articles) for i in corpus.listing()}
    assert listed == {("U.S. Agriculture Department", 5), ("Ministry of Finance", 3)}
    assert carriers(corpus, "USDA") == ["org:U.S. Agriculture Department"]
    # A bank of a country is not that country's bank, nor a long portfolio reordered.
    from spacetui.entities.aliases import loose_key

    assert loose_key("Bank of England", "org") != loose_key("England Bank", "org")
    assert loose_key("Department of Health and Human Services", "org").startswith("department of")


def test_a_company_and_its_short_name_are_one_across_articles_as_articles_linked_them() -> None:
    # Reuters: 74 stories linked "Moody's" to "Moody's Investors Service Inc"; 95 name Moody's
    # alone. The corpus looked the short name up without its "'s" and found no link.
    full = [Entity("Moody's Investors Service Inc", "org", aliases=["Moody's"])]
    alone = [Entity("Moody's", "org")]
    corpus = corpus_of(*[full] * 4, *[alone] * 5)
    assert [(i.name, i.articles) for i in corpus.listing()] == [("Moody's Investors Service Inc", 9)]
    # A person of that name is not the company, nor the company a person's surname.
    corpus = corpus_of(*[full] * 4, *[alone] * 5, *[[Entity("Lewis Moody", "person", aliases=["Moody"])]] * 3)
    assert carriers(corpus, "Lewis Moody") == ["person:Lewis Moody"]
    assert carriers(corpus, "Moody's") == ["org:Moody's Investors Service Inc"]


def test_an_institutions_head_word_alone_is_the_one_named_before() -> None:
    # Reuters listed "Bank" (195 stories) among the top organisations: "the Bank" of a story
    # about the Bank of England, the World Bank, the Islamic Development Bank.
    text = "The Bank of England said it would help. The Bank gave 200 mln stg."
    got = named(text, ("Bank of England", "ORG"), ("Bank", "ORG"))
    assert list(got) == ["Bank of England"] and len(got["Bank of England"].mentions) == 2
    # (a mention of it, not one of its names: no list shows "Bank" among its aliases)
    assert got["Bank of England"].aliases == []
    text = "The World Bank lent more. The Bank's president said so."
    assert list(named(text, ("World Bank", "ORG"), ("Bank", "ORG"))) == ["World Bank"]
    text = "The European Community agreed. The Community will pay."
    assert list(named(text, ("European Community", "ORG"), ("Community", "ORG"))) == ["European Community"]
    # Two of that head named before it, or none: it stays itself.
    text = "The World Bank and the Bank of England met. The Bank said nothing."
    assert "Bank" in named(text, ("World Bank", "ORG"), ("Bank of England", "ORG"), ("Bank", "ORG"))
    text = "The Bank said nothing. The Bank of England had spoken."
    assert "Bank" in named(text, ("Bank of England", "ORG"), ("Bank", "ORG"))
    # The word inside a name is not its head: "Bank sources" are no union's.
    text = "The Cyprus Bank Employees' Union struck. Bank sources said so."
    assert "Bank" in named(text, ("Cyprus Bank Employees' Union", "ORG"), ("Bank", "ORG"))


def test_a_head_word_left_alone_joins_no_institution_across_articles() -> None:
    # Articles linked "Bank" to the Bank of England where they named it; a story saying only
    # "Bank sources said" is not about the Bank of England for that.
    boe = [Entity("Bank of England", "org", aliases=["Bank"])]
    world = [Entity("World Bank", "org", aliases=["Bank"])]
    corpus = corpus_of(*[boe] * 9, world, *[[Entity("Bank", "org")]] * 2)
    assert {(i.name, i.articles) for i in corpus.listing()} == {
        ("Bank of England", 9),
        ("World Bank", 1),
        ("Bank", 2),
    }


def test_a_clipping_after_the_name_it_clips_is_that_organisation() -> None:
    # Reuters: "The Federal Reserve entered the market ... a Fed spokesman said" gave two
    # organisations in 125 stories, and "Fed" (209 stories) its own line in the sidebar.
    text = "The Federal Reserve entered the market, a Fed spokesman said. The Fed added reserves."
    got = named(text, ("Federal Reserve", "ORG"), ("Fed", "ORG"))
    assert list(got) == ["Federal Reserve"] and got["Federal Reserve"].aliases == ["Fed"]
    text = "The U.S. Federal Reserve met. The Fed said nothing."
    assert list(named(text, ("U.S. Federal Reserve", "ORG"), ("Fed", "ORG"))) == ["U.S. Federal Reserve"]
    # Before the name, beside two names it could clip, or most of a word: it stays itself.
    text = "The Fed said nothing. The Federal Reserve had spoken."
    assert "Fed" in named(text, ("Federal Reserve", "ORG"), ("Fed", "ORG"))
    text = "The Federal Reserve and Federated Department Stores Inc met. The Fed said nothing."
    got = named(text, ("Federal Reserve", "ORG"), ("Federated Department Stores Inc", "ORG"), ("Fed", "ORG"))
    assert "Fed" in got
    text = "The Congressional Budget Office said so. Congress agreed."
    assert "Congress" in named(text, ("Congressional Budget Office", "ORG"), ("Congress", "ORG"))


def test_variants_of_one_institutions_name_in_an_article_are_one() -> None:
    text = "The Federal Reserve Board said so. The Federal Reserve will act. The Federal Reserve agreed."
    got = named(text, ("Federal Reserve Board", "ORG"), ("Federal Reserve", "ORG"))
    assert list(got) == ["Federal Reserve Board"]
    assert got["Federal Reserve Board"].aliases == ["Federal Reserve"]
    # A country's name in front is left to the corpus: an article's "Japanese Finance Ministry"
    # is one of the corpus's many "Finance Ministry".
    text = "The Japanese Finance Ministry met. The Finance Ministry said nothing."
    assert len(named(text, ("Japanese Finance Ministry", "ORG"), ("Finance Ministry", "ORG"))) == 2
    # A name with a head of its own is an institution of its own: the Federal Home Loan Bank
    # Board regulates the Federal Home Loan Banks.
    text = "The Federal Home Loan Bank Board said the Federal Home Loan Bank would lend."
    got = named(text, ("Federal Home Loan Bank Board", "ORG"), ("Federal Home Loan Bank", "ORG"))
    assert len(got) == 2
    # Two heads are two institutions: the Asian Development Bank runs the Asian Development Fund.
    text = "The Asian Development Bank said the Asian Development Fund would lend."
    assert len(named(text, ("Asian Development Bank", "ORG"), ("Asian Development Fund", "ORG"))) == 2
    # Two countries' institutions, or one word left: two.
    text = "The U.S. Federal Reserve and the Canadian Federal Reserve met."
    assert len(named(text, ("U.S. Federal Reserve", "ORG"), ("Canadian Federal Reserve", "ORG"))) == 2
    text = "The Scottish Parliament voted. Parliament at Westminster did not."
    assert len(named(text, ("Scottish Parliament", "ORG"), ("Parliament", "ORG"))) == 2


def test_variants_called_by_one_short_name_are_one_across_articles() -> None:
    # Reuters listed the Fed four times: Fed, Federal Reserve, Federal Reserve Board, U.S.
    # Federal Reserve. Stories link "Fed" to the Federal Reserve, others to the Board.
    reserve = [Entity("Federal Reserve", "org", aliases=["Fed"])]
    board = [Entity("Federal Reserve Board", "org", aliases=["Fed"])]
    us = [Entity("U.S. Federal Reserve", "org", aliases=["Fed"])]
    corpus = corpus_of(
        *[reserve] * 5,
        *[board] * 3,
        us,
        *[[Entity("Fed", "org")]] * 2,
        *[[Entity("Federal Reserve Board", "org")]] * 4,
    )
    assert [(i.name, i.articles) for i in corpus.listing()] == [("Federal Reserve Board", 15)]
    # Names of two institutions a short name was given to stay two (and the short name with
    # them, with no dominant one).
    savings = [Entity("Federal Savings Bank Board", "org", aliases=["Fed"])]
    corpus = corpus_of(*[reserve] * 3, *[savings] * 3, [Entity("Fed", "org")])
    assert len(corpus.listing()) == 3


def test_an_acronym_is_no_initials_of_a_name_that_holds_it() -> None:
    # Reuters: "the U.S. Senate ... U.S. officials" made the country an alias of the Senate, and
    # the story lost its place (16 stories; "US Sprint", "U.S. Supercomputers" alike).
    text = "The U.S. Senate voted on Monday. U.S. officials said the bill would pass."
    at = text.index("U.S. officials")
    labelled = [(4, 15, "ORG"), (at, at + 4, "GPE")]
    got = {e.name: e for e in resolve(text, labelled) if e.type != "date"}
    assert got["U.S."].type == "place" and got["U.S. Senate"].aliases == []
    # Initials still make an acronym where the article defines none.
    text = "The International Cocoa Organization met. The ICO said prices would rise."
    got = named(text, ("International Cocoa Organization", "ORG"), ("ICO", "ORG"))
    assert got["International Cocoa Organization"].aliases == ["ICO"]


def test_a_political_group_the_article_treats_as_one_is_an_organisation() -> None:
    # BBC: 234 politics stories name the Conservatives; the model calls "Tory", "Tories" and
    # "Conservatives" a group (NORP), so the sidebar listed only the 21 saying "Conservative Party".
    text = (
        "Tory leader Michael Howard said the Tories would win. The Conservative Party agreed. "
        "Conservatives cheered."
    )
    got = named(
        text,
        ("Tory", "NORP"),
        ("Tories", "NORP"),
        ("Michael Howard", "PERSON"),
        ("Conservative Party", "ORG"),
        ("Conservatives", "NORP"),
    )
    # (and "Tory" is the Conservatives' other name: one party, by its own name)
    party = got["Conservative Party"]
    assert party.type == "org" and sorted(party.aliases) == ["Conservatives", "Tories", "Tory"]
    assert len(party.mentions) == 4 and "Tories" not in got
    text = "Christian Democrat leader Helmut Kohl said the Christian Democrats won."
    got = named(
        text, ("Christian Democrat", "NORP"), ("Christian Democrats", "NORP"), ("Helmut Kohl", "PERSON")
    )
    assert got["Christian Democrats"].type == "org"
    # A word the model left out of the name, where the article names the group in full too.
    text = "The Liberal Democrat leader will visit. They saw the stand the Liberal Democrats took."
    at, full = text.index("Democrat leader"), text.index("Liberal Democrats")
    labelled = [(4, 11, "ORG"), (at, at + 8, "NORP"), (full, full + 17, "NORP")]
    got = {e.name: e for e in resolve(text, labelled) if e.type != "date"}
    assert list(got) == ["Liberal Democrats"] and got["Liberal Democrats"].aliases == ["Liberal Democrat"]
    # ... or says it in those words twice (the model cut "Liberal" off both); not an owner.
    text = (
        "Former Liberal Democrat MP Ann Bell spoke. Liberal Democrat Sam Tees agreed. "
        "Mr Howard's Tory party too."
    )
    labelled = spans(
        text, ("Democrat", "NORP"), ("Ann Bell", "PERSON"), ("Sam Tees", "PERSON"), ("Tory", "NORP")
    )
    got = {e.name: e for e in resolve(text, labelled) if e.type != "date"}
    assert len(got["Liberal Democrat"].mentions) == 2 and "Tory" in got
    # The word before is a name of its own: the Senate and the Republicans.
    text = "Senate Republican leader Bob Dole spoke. Senate Republicans agreed."
    labelled = spans(
        text, ("Senate", "ORG"), ("Republican", "NORP"), ("Republicans", "NORP"), ("Bob Dole", "PERSON")
    )
    got = {e.name: e for e in resolve(text, labelled) if e.type != "date"}
    assert {"Senate", "Republicans"} <= set(got)
    # ... and by its clipped name (which the model takes for a person now and then).
    text = "Liberal Democrats leader Charles Kennedy said the Lib Dems would win."
    got = named(text, ("Liberal Democrats", "NORP"), ("Charles Kennedy", "PERSON"), ("Lib Dems", "PERSON"))
    assert got["Liberal Democrats"].aliases == ["Lib Dems"] and "Lib Dems" not in got
    # Without such words the article gives no evidence; a nationality, a faith, a people or a
    # region is never a party.
    assert "Tories" not in named("The Tories said nothing.", ("Tories", "NORP"))
    text = "British MPs met Muslim leaders, Tamil leaders and Western leaders."
    got = named(text, ("British", "NORP"), ("Muslim", "NORP"), ("Tamil", "NORP"), ("Western", "NORP"))
    assert got == {}


def test_a_political_groups_names_are_one_across_articles_named_after_its_party() -> None:
    tories = [Entity("Tories", "org", aliases=["Tory"])]
    tory = [Entity("Tory", "org", aliases=["Tories"])]
    party = [Entity("Tory Party", "org", aliases=["Tories"])]
    corpus = corpus_of(*[tory] * 5, *[tories] * 3, party)
    assert [(i.name, i.articles) for i in corpus.listing()] == [("Tory Party", 9)]
    # A party's other name is the party though no article links them (on the BBC folder "Tory
    # Party" 88 stories and "Conservative Party" 39 were two), shown by its own name.
    conservatives = [Entity("Conservative Party", "org", aliases=["Conservatives"])]
    corpus = corpus_of(*[tory] * 5, *[tories] * 3, party, *[conservatives] * 2)
    (shown,) = corpus.listing()
    assert (shown.name, shown.articles) == ("Conservative Party", 11)
    assert {"Tory", "Tories", "Tory Party", "Conservatives"} <= set(shown.aliases)
    # Without an article linking them, two names stay two.
    corpus = corpus_of(*[[Entity("Time", "org")]] * 2, [Entity("Times", "org")])
    assert len(corpus.listing()) == 2
    # A group's clipped name linked to its full name in some articles: one.
    full = [Entity("Liberal Democrats", "org", aliases=["Lib Dems"])]
    corpus = corpus_of(*[[Entity("Lib Dems", "org")]] * 4, *[full] * 2)
    assert [(i.name, i.articles) for i in corpus.listing()] == [("Lib Dems", 6)]
    # A near spelling of a compound is no spelling of a plain word (Reuters: the model's new
    # "Republican" took RepublicBank's name).
    corpus = corpus_of(*[[Entity("Republican", "org")]] * 3, [Entity("RepublicBank", "org")])
    assert len(corpus.listing()) == 2


def test_a_name_with_s_in_it_is_no_owner_and_what_is_owned() -> None:
    # Reuters: "rated A-2 by Moody's Investors Service" gave "Moody" and "Investors Service".
    text = "The notes are rated A-2 by Moody's Investors Service and A-minus by the agency."
    assert set(named(text, ("Moody's Investors Service", "ORG"))) == {"Moody's Investors Service"}
    # An owner the article also names without "'s" is one: "Gazprom's Yuganskneftegas".
    text = "Gazprom said it would bid. Gazprom's Yuganskneftegas unit was sold."
    got = named(text, ("Gazprom's Yuganskneftegas", "ORG"), ("Gazprom", "ORG"))
    assert {"Gazprom", "Yuganskneftegas"} <= set(got)


def test_codes_in_a_table_of_figures_are_no_names() -> None:
    # Reuters price tables: the model's "organisations" UNTRD (untraded), UNCH, month codes.
    text = (
        "Silver futures were quoted in New York.\n\nNY COMEX SILVER 09:30\n"
        " APR7 UNTRD\n MAY7  6685 UP  105\n JAN8 UNTRD\n SEP7 1.8250/60 (UNCH)\n"
        "Dealers at Shearson Lehman said trade was thin."
    )
    got = named(
        text, ("UNTRD", "ORG"), ("UNCH", "ORG"), ("MAY7", "ORG"), ("UP", "ORG"), ("Shearson Lehman", "ORG")
    )
    assert set(got) == {"Shearson Lehman"}
    # A row's label names the row (CoNLL's baseball standings); so does a line of prose in
    # capitals, a dateline alone, a results line with words in it.
    text = "NEW YORK 74 59 .556 -\nBALTIMORE 70 63 .526 4\nBOSTON 69 65 .515 5 1/2\n"
    assert set(named(text, ("NEW YORK", "ORG"), ("BALTIMORE", "ORG"), ("BOSTON", "ORG"))) == {
        "NEW YORK",
        "BALTIMORE",
        "BOSTON",
    }
    text = (
        "LONDON 1996-08-30\nOPEC OUTPUT ROSE TO 15.8 MLN BPD IN MARCH, REUTER SURVEY SHOWS\nRoma 2 Bari 0\n"
    )
    got = named(text, ("LONDON", "GPE"), ("OPEC", "ORG"), ("Roma", "ORG"), ("Bari", "ORG"))
    assert set(got) == {"LONDON", "OPEC", "Roma", "Bari"}


def test_an_acronym_by_initials_alone_is_of_its_own_type() -> None:
    # Reuters: "the U.S. District Court in Washington, D.C." made "D.C." the court's alias, and
    # then every "Washington, D.C." of the corpus a court.
    text = "Judge Joyce Green of the U.S. District Court in Washington, D.C., rejected the bid."
    model = [
        *spans(text, ("District Court", "ORG"), ("Washington", "GPE")),
        (text.index("D.C."), text.index("D.C.") + 4, "GPE"),
    ]
    got = {e.name: e for e in resolve(text, sorted(model))}
    assert got["District Court"].aliases == [] and got["D.C."].type == "place"
    # An organisation's initials, of an organisation, still are it.
    text = "The Commodity Credit Corporation will pay. The CCC said bids were due."
    got = named(text, ("Commodity Credit Corporation", "ORG"), ("CCC", "ORG"))
    assert got["Commodity Credit Corporation"].aliases == ["CCC"]


def test_a_span_run_across_a_sentence_end_after_a_legal_form_is_two_names() -> None:
    text = "The notes are rated BBB by Standard and Poor's Corp. Paine Webber Inc led the issue."
    got = named(text, ("Standard and Poor's Corp. Paine Webber Inc", "ORG"))
    assert set(got) == {"Standard and Poor's Corp.", "Paine Webber Inc"}


def test_a_country_the_model_calls_a_person_is_a_place() -> None:
    text = "Sri Lanka will uproot rubber trees. Madagascar said prices would fall."
    got = named(text, ("Sri Lanka", "PERSON"), ("Madagascar", "PERSON"))
    assert (got["Sri Lanka"].type, got["Madagascar"].type) == ("place", "place")
    # ... unless the story names someone by it.
    text = "Michael Jordan scored 40 points. Jordan said the team played well."
    got = named(text, ("Michael Jordan", "PERSON"), ("Jordan", "PERSON"))
    assert got["Michael Jordan"].type == "person" and got["Michael Jordan"].aliases == ["Jordan"]


def test_a_us_states_abbreviation_is_the_state() -> None:
    # Reuters listed "Fla." (51 stories) apart from "Florida" (86): "MIAMI, Fla." datelines.
    corpus = corpus_of(*[[Entity("Florida", "place")]] * 3, *[[Entity("Fla.", "place")]] * 2)
    assert [(i.name, i.articles) for i in corpus.listing()] == [("Florida", 5)]
    # An organisation's initials are not a state's ("N.C." of "National Comics" stays apart).
    corpus = corpus_of([Entity("North Carolina", "place")], [Entity("N.C.", "org")])
    assert sorted(i.name for i in corpus.listing()) == ["N.C.", "North Carolina"]
    # Not an acronym in capitals: BBC's "LA" is Los Angeles, not Louisiana ("La."); a dateline's
    # "Calif" (its dot cut) is California.
    la = [Entity("Los Angeles", "place", aliases=["LA"])]
    corpus = corpus_of(*[la] * 3, [Entity("LA", "place")], [Entity("Louisiana", "place")])
    assert carriers(corpus, "Louisiana") == ["place:Louisiana"]
    assert carriers(corpus, "LA") == ["place:Los Angeles"]
    corpus = corpus_of([Entity("Louisiana", "place")], [Entity("La.", "place")])
    assert [(i.name, i.articles) for i in corpus.listing()] == [("Louisiana", 2)]
    corpus = corpus_of(*[[Entity("California", "place")]] * 2, [Entity("Calif", "place")])
    assert [(i.name, i.articles) for i in corpus.listing()] == [("California", 3)]
    # The state is listed by its name, however more often a dateline abbreviates it.
    corpus = corpus_of(*[[Entity("N.J.", "place")]] * 5, [Entity("New Jersey", "place")])
    assert [(i.name, i.aliases) for i in corpus.listing()] == [("New Jersey", ["N.J."])]


def test_a_firm_named_like_a_place_is_not_the_place() -> None:
    # (Reuters: "Chicago Corp analyst John Bilson", "the Chicago Corp acted as placement agent":
    # the firm and its short "Chicago" were listed as the city)
    firm = [Entity("Chicago Corp", "org", aliases=["Chicago"])]
    corpus = corpus_of(*[[Entity("Chicago", "place")]] * 20, *[firm] * 2, [Entity("Chicago", "org")])
    assert carriers(corpus, "Chicago Corp") == ["org:Chicago Corp"]
    assert sorted(carriers(corpus, "Chicago")) == ["org:Chicago Corp", "place:Chicago"]
    # A name more often said alone than the longer name that took it is its own entity: BBC's
    # event "Olympic" (26 stories) had joined the Olympic Stadium (6) through one story's link.
    stadium = [Entity("Olympic Stadium", "place", aliases=["Olympic"], settled=True)]
    corpus = corpus_of(
        *[stadium] * 2,
        *[[Entity("Olympic Stadium", "place", settled=True)]] * 4,
        *[[Entity("Olympic", "person")]] * 2,
        *[[Entity("Olympic", "event")]] * 20,
    )
    assert carriers(corpus, "Olympic Stadium") == ["place:Olympic Stadium"]
    assert "event:Olympic" in carriers(corpus, "Olympic")
    assert [i.articles for i in corpus.listing() if i.name == "Olympic Stadium"] == [8]
    # The model's other types for a firm's own name still join it ("Gynex" a place once).
    corpus = corpus_of(*[[Entity("Gynex Inc", "org", aliases=["Gynex"])]] * 4, [Entity("Gynex", "place")])
    assert carriers(corpus, "Gynex") == ["org:Gynex Inc"]


def test_a_credit_grade_is_no_name() -> None:
    # Reuters: the rating "CCC-plus" became the Commodity Credit Corporation (the CCC) in 25
    # stories; "BB" a place in 76.
    text = "The debentures are rated B-3 by Moody's and CCC-plus by S/P, cut to BB from BBB."
    got = named(text, ("B-3", "ORG"), ("Moody's", "ORG"), ("CCC", "ORG"), ("BB", "GPE"), ("BBB", "ORG"))
    assert set(got) == {"Moody's"}
    # The Commodity Credit Corporation, where no rating is spoken of, is an organisation.
    text = "Wheat will be paid in commodities from the CCC inventory, the USDA said."
    assert "CCC" in named(text, ("CCC", "ORG"), ("USDA", "ORG"))


def test_a_countrys_currency_is_no_name() -> None:
    # Reuters: "U.S. Dollar" an organisation in 94 stories, "H.K. Dlrs" a person in 14.
    text = "The Australian dollar rose to 0.7085 U.S. Dlrs. The U.S. Dollar fell against 12 H.K. Dlrs."
    got = named(
        text,
        ("Australian dollar", "ORG"),
        ("U.S. Dlrs", "PERSON"),
        ("U.S. Dollar", "ORG"),
        ("H.K. Dlrs", "PERSON"),
    )
    assert got == {}
    text = "Million Dollar Baby won the award."
    assert "Million Dollar Baby" in named(text, ("Million Dollar Baby", "WORK_OF_ART"))


def test_an_institution_goes_on_over_of_and_its_name() -> None:
    # Reuters: "Group of" + "Seven" (a number to the model) was listed as "Group" (62 stories).
    text = "The Group of Seven industrialised countries met in Paris."
    assert "Group of Seven" in named(text, ("Group of", "ORG"), ("Seven", "CARDINAL"), ("Paris", "GPE"))
    text = "The Federal Reserve Bank of New York said reserves rose."
    got = named(text, ("Federal Reserve Bank", "ORG"), ("New York", "GPE"))
    assert set(got) == {"Federal Reserve Bank of New York"}
    # Not after a legal form, nor over a person or a job.
    text = "NEC Corp of Japan said sales rose."
    assert set(named(text, ("NEC Corp", "ORG"), ("Japan", "GPE"))) == {"NEC Corp", "Japan"}
    text = "It joined the Social Democratic Party of Prime Minister Kalevi Sorsa."
    got = named(text, ("Social Democratic Party", "ORG"), ("Kalevi Sorsa", "PERSON"))
    assert {"Social Democratic Party", "Kalevi Sorsa"} <= set(got)


def test_a_group_of_nations_by_its_number_is_one() -> None:
    # Reuters: "Group of Seven" (36 stories) and "G-7" listed apart; "G-5" from "Group of Five".
    corpus = corpus_of(
        *[[Entity("Group of Seven", "org")]] * 3, [Entity("G-7", "org")], [Entity("G7", "org")]
    )
    assert [(i.name, i.articles) for i in corpus.listing()] == [("Group of Seven", 5)]
    corpus = corpus_of([Entity("Group of Five", "org")], [Entity("G-7", "org")], [Entity("GE", "org")])
    assert sorted(i.name for i in corpus.listing()) == ["G-7", "GE", "Group of Five"]


def test_a_name_written_in_capitals_gives_way_to_the_name_as_written() -> None:
    # Reuters' first story naming Taiwan has it in a table, "TAIWAN": the sidebar listed
    # "TAIWAN" (160 stories) and "PHILIPPINES", whichever form came first.
    corpus = corpus_of([Entity("TAIWAN", "place")], [Entity("Taiwan", "place")], [Entity("TAIWAN", "place")])
    assert [(i.name, i.articles) for i in corpus.listing()] == [("Taiwan", 3)]
    # An acronym stays as it is written; a name seen only in capitals stays so.
    corpus = corpus_of([Entity("NATO", "org")], [Entity("Nato", "org")], [Entity("ZIMBABWE", "place")])
    assert sorted(i.name for i in corpus.listing()) == ["NATO", "ZIMBABWE"]
