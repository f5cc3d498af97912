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
