"""A span that joins two names ("Gazprom and Rosneft") is split only where the article itself
gives the evidence: each part named alone elsewhere in it, or the span items of a list that goes
on. Small texts of our own with the spans a model gives (no model run)."""

from __future__ import annotations

from spacetui.entities.resolve import resolve
from tests.test_entity_rules import named, spans


def types(text: str, *labelled: tuple[str, str]) -> dict[str, str]:
    return {name: e.type for name, e in named(text, *labelled).items()}


def test_two_names_each_named_alone_are_split() -> None:
    text = (
        "Rosneft bought the unit. Gazprom said nothing. "
        "Analysts said Gazprom and Rosneft could not trade freely."
    )
    got = types(text, ("Gazprom and Rosneft", "ORG"), ("Gazprom", "GPE"), ("Rosneft", "ORG"))
    assert "Gazprom and Rosneft" not in got
    # Each part is the one entity its own mentions make, not a new one of the span's type.
    assert set(got) == {"Gazprom", "Rosneft"}
    model = spans(text, ("Gazprom and Rosneft", "ORG"), ("Gazprom", "GPE"), ("Rosneft", "ORG"))
    found = {e.name: e for e in resolve(text, model)}
    assert len(found["Rosneft"].mentions) == len(found["Gazprom"].mentions) == 2
    assert found["Gazprom"].type == "place"  # (the only type its own mention has)


def test_a_part_the_model_missed_counts_in_mid_sentence_only() -> None:
    # "Gazprom" stands alone in mid-sentence, untagged: with the model's "Rosneft", evidence.
    text = "It was a unit of Gazprom which merged with Rosneft. Gazprom and Rosneft said so."
    assert set(types(text, ("Gazprom and Rosneft", "ORG"), ("Rosneft", "ORG"))) == {"Gazprom", "Rosneft"}
    # No part the model named alone: two capitals are no evidence ("Standard & Poor's").
    text = "A Standard rating. Yet Poor sales. Standard & Poor's cut the rating."
    assert "Standard & Poor" in types(text, ("Standard & Poor's", "ORG"))


def test_one_name_with_and_in_it_stays_whole() -> None:
    # Only one part named alone.
    text = "Bosnia and Herzegovina voted. Troops left Bosnia in May."
    got = types(text, ("Bosnia and Herzegovina", "GPE"), ("Bosnia", "GPE"))
    assert "Bosnia and Herzegovina" in got
    for text, name in (
        ("Procter & Gamble bought Gillette. Procter & Gamble shares rose.", "Procter & Gamble"),
        ("Marks and Spencer sales fell. Marks and Spencer said so.", "Marks and Spencer"),
    ):
        assert name in types(text, (name, "ORG")), text
    # A legal form after "and" or a comma ends one company's name, though the firm is named alone.
    text = "Jefferies is a broker, and the Co said so. Analysts at Jefferies and Co agreed."
    got = types(text, ("Jefferies and Co", "ORG"), ("Jefferies", "ORG"))
    assert "Jefferies and Co" in got


def test_the_parts_must_stand_alone_outside_the_name_itself() -> None:
    # The model cut the name once ("the University of the Highlands" + "Islands") and kept it
    # whole once: the cut pieces are no evidence that the whole is two names.
    text = (
        "He joined the University of the Highlands and Islands in 2001. "
        "Staff at the University of the Highlands and Islands agreed."
    )
    first = text.index("University")
    second = text.index("University", first + 1)
    highlands = text.index("Islands")
    model = [
        (first, first + len("University of the Highlands"), "ORG"),
        (highlands, highlands + len("Islands"), "GPE"),
        (second, second + len("University of the Highlands and Islands"), "ORG"),
    ]
    got = {e.name for e in resolve(text, model)}
    assert "University of the Highlands and Islands" in got


def test_items_of_a_list_that_goes_on() -> None:
    # "Moody" is named only here, but the span is items of a list ending "and ...".
    text = "Vyvyan played well. The replacements were Moody, Vyvyan and two others."
    got = types(text, ("Moody, Vyvyan", "ORG"), ("Vyvyan", "PERSON"))
    assert {"Moody", "Vyvyan"} <= set(got) and "Moody, Vyvyan" not in got
    assert got["Vyvyan"] == "person"
    # ... but not where a part named only in the list begins another of the article's names:
    # the alias rules would take "Gazprom" for the short form of a new "Gazpromneft".
    text = "Rosneft is state-owned. It sued Gazprom, its unit Gazpromneft, Rosneft and the shell."
    model = spans(text, ("Gazpromneft, Rosneft", "ORG"), ("Rosneft", "ORG"), ("Gazprom", "GPE"))
    got = {e.name: e for e in resolve(text, model)}
    assert "Gazprom" in got and "Gazpromneft, Rosneft" in got
    # Not a list going on: a town and its country stay as the model gave them.
    text = "Auckland is rainy. He flew to Auckland, New Zealand last week."
    assert "Auckland, New Zealand" in types(text, ("Auckland, New Zealand", "GPE"), ("Auckland", "GPE"))


def test_the_rule_can_be_switched_off() -> None:
    text = "Rosneft bought it. Gazprom said no. Gazprom and Rosneft fell."
    model = spans(text, ("Gazprom and Rosneft", "ORG"), ("Gazprom", "ORG"), ("Rosneft", "ORG"))
    off = {e.name for e in resolve(text, model, disabled=frozenset({"coordination"}))}
    assert "Gazprom and Rosneft" in off


# The other way round: a company with "and" in its name, which the model cut at the "and".


def test_a_company_cut_at_and_is_joined() -> None:
    text = (
        "Standard and Poor's Corp said it cut the debt ratings of Acme Holdings Inc. "
        "The downgrade affects 120 mln dlrs of debt, Standard and Poor's said."
    )
    got = named(text, ("Poor's Corp", "ORG"), ("Poor's", "ORG"), ("Acme Holdings Inc", "ORG"))
    assert "Poor's Corp" not in got and "Poor's" not in got
    company = got["Standard and Poor's Corp"]
    assert company.type == "org" and len(company.mentions) == 2  # with or without "Corp"
    # Both parts the model's organisations: "American Telephone" is no company alone.
    text = "American Telephone and Telegraph Co said it would buy the unit for 20 mln dlrs."
    got = named(text, ("American Telephone", "ORG"), ("Telegraph Co", "ORG"))
    assert set(got) == {"American Telephone and Telegraph Co"}
    # The model's span before the words lists another name: "B-1 and Standard" + "Poor's Corp".
    text = "Moody's rates the bonds B-1 and Standard and Poor's Corp rates them B-plus."
    got = named(text, ("B-1 and Standard", "ORG"), ("Poor's Corp", "ORG"), ("Moody's", "ORG"))
    assert "Standard and Poor's Corp" in got
    # Only the first part tagged, or the second with a possessive: the same company.
    text = "Sprint still pays American Telephone and Telegraph Co to lease its lines."
    assert set(named(text, ("American Telephone", "ORG"))) == {"American Telephone and Telegraph Co"}
    text = "Calls went through American Telephone and Telegraph Co's long distance service."
    got = named(text, ("American Telephone", "ORG"), ("Telegraph Co's", "ORG"))
    assert set(got) == {"American Telephone and Telegraph Co"}
    # A person's name in front: one company when the rest is one word ("and Sons").
    text = "The shares were placed by Alex Brown and Sons Inc, the company said."
    assert set(named(text, ("Alex Brown", "PERSON"), ("Sons Inc", "ORG"))) == {"Alex Brown and Sons Inc"}


def test_two_companies_side_by_side_stay_two() -> None:
    # A part named alone elsewhere in the article.
    text = "Conoco said it agreed. The fields are held by Conoco and Atlantic Richfield Co."
    got = named(text, ("Conoco", "ORG"), ("Atlantic Richfield Co", "ORG"))
    assert {"Conoco", "Atlantic Richfield Co"} <= set(got)
    # The first a complete name (a person's, a legal form's, a bank's) and the second no one word.
    for first, label in (("Chemical Bank", "ORG"), ("Asher Edelman", "PERSON"), ("Ford Motor Co", "ORG")):
        text = f"The offer was made by {first} and Marine Midland Banks Inc on Monday."
        got = named(text, (first, label), ("Marine Midland Banks Inc", "ORG"))
        assert {first, "Marine Midland Banks Inc"} <= set(got), first
    # A name the model ended before "and" is the first name whole: "Bank of Tokyo", not "Tokyo".
    text = "It was led by Bank of Tokyo and Westpac Banking Corp, dealers said."
    got = named(text, ("Bank of Tokyo", "ORG"), ("Westpac Banking Corp", "ORG"))
    assert {"Bank of Tokyo", "Westpac Banking Corp"} <= set(got)
    # A country, a figure, or no legal form: never joined.
    text = "Trade between France and Renault Corp grew. It rated Aa-2 and Moody Corp agreed."
    got = named(text, ("France", "GPE"), ("Renault Corp", "ORG"), ("Moody Corp", "ORG"))
    assert {"France", "Renault Corp", "Moody Corp"} <= set(got)
    text = "The House and Senate passed the bill."
    assert set(named(text, ("House", "ORG"), ("Senate", "ORG"))) == {"House", "Senate"}


def test_joining_at_and_can_be_switched_off() -> None:
    text = "Standard and Poor's Corp said it cut the rating."
    model = spans(text, ("Poor's Corp", "ORG"))
    assert {e.name for e in resolve(text, model, disabled=frozenset({"and_names"}))} == {"Poor's Corp"}


def test_a_firm_named_after_its_founders_is_an_organisation() -> None:
    # Reuters: "J.P. Morgan and Co Inc" was the person J.P. Morgan in 19 stories.
    text = "J.P. Morgan and Co Inc said its profit rose. Morgan's chairman was pleased."
    got = named(text, ("J.P. Morgan", "PERSON"), ("Co Inc", "ORG"))
    assert got["J.P. Morgan and Co Inc"].type == "org"
    assert named(text, ("J.P. Morgan", "PERSON"))["J.P. Morgan and Co Inc"].type == "org"  # "Co" untagged
    # One company with its short name in the story.
    text = "Merrill Lynch and Co Inc said it would sell the unit. Merrill Lynch said talks went on."
    got = named(text, ("Merrill Lynch", "ORG"))
    assert set(got) == {"Merrill Lynch and Co Inc"} and got["Merrill Lynch and Co Inc"].aliases == [
        "Merrill Lynch"
    ]


def test_a_fixture_is_its_two_sides() -> None:
    # A fixture list names each club once, in its fixture (the model's span for it as a whole,
    # a person's now and then); a side that is either of two is both.
    text = "Third round draw:\n\nArsenal v Stoke\n\nCardiff or Blackburn v Colchester\n\nBirmingham v Leeds"
    got = types(
        text,
        ("Arsenal v Stoke", "ORG"),
        ("Cardiff or Blackburn v Colchester", "ORG"),
        ("Birmingham v Leeds", "PERSON"),
    )
    assert got == {name: "org" for name in ("Arsenal", "Stoke", "Cardiff", "Blackburn", "Colchester",
                                            "Birmingham", "Leeds")}  # fmt: skip
    # A side the story names otherwise keeps that type; people named in full stay people.
    text = "Scotland v England was the highlight, and England won in Scotland. Marvin Gaye v Tuff Jam?"
    got = types(text, ("Scotland v England", "EVENT"), ("Scotland", "GPE"), ("England", "GPE"),
                ("Marvin Gaye v Tuff Jam", "PERSON"))  # fmt: skip
    assert got == {"Scotland": "place", "England": "place", "Marvin Gaye": "person", "Tuff Jam": "person"}
    # A club's score is no part of its name.
    assert set(types("Chelsea beat Arsenal 2-1 on Sunday.", ("Chelsea", "ORG"), ("Arsenal 2-1", "ORG"))) == {
        "Chelsea",
        "Arsenal",
    }
