"""A weekday said alone is the coming one when its sentence speaks ahead ("will meet on
Friday"), the one just gone otherwise ("met on Friday"). Our own sentences; the real-data
checks are in tests/test_entities_reuters.py and tests/test_stories_events.py."""

from __future__ import annotations

import pytest

from spacetui.entities import dates
from spacetui.entities.tense import speaks_ahead


def _ahead(sentence: str, weekday: str) -> bool:
    start = sentence.index(weekday)
    return speaks_ahead(sentence, start, start + len(weekday))


@pytest.mark.parametrize(
    "sentence",
    [
        "The two sides will meet again on Friday.",
        "Stoltenberg is due to attend a routine Bundesbank meeting on Thursday in West Berlin.",
        "The company said its board on Monday will discuss the offer.",
        "A hearing is scheduled Monday on the motion.",
        "The unions have called a general strike for Wednesday.",
        "Economy Minister Youssri Mustapha, who leaves for Moscow on Tuesday, met President Mubarak.",
        "The judge said she would rule Monday on the request.",
        "Hearings in a state court were delayed until Monday.",
        "The minister is meeting bankers on Thursday.",
        "Dealers are cautious ahead of Friday's jobs figures.",
        "The Fed is expected to supply reserves permanently, effective Thursday, by buying bills.",
    ],
)
def test_a_day_ahead(sentence: str) -> None:
    weekday = next(w for w in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday") if w in sentence)
    assert _ahead(sentence, weekday)


@pytest.mark.parametrize(
    "sentence",
    [
        "Brazil's central bank governor met senior bankers here on Wednesday.",
        "On Friday, Washington announced plans for tariffs on Japanese goods.",
        "Treasury Secretary James Baker said Monday the United States should have more say.",
        "Federal funds traded at six pct late Friday and are expected to open there today.",
        "The notes were sold by late Friday afternoon.",
        "The dollar has fallen since Monday.",
        "Schmidt had been expected back on Monday but had not returned.",
        "Iran would avenge Monday's raids, the sea captains feared.",
        "The report was issued, despite closures on Friday of last week.",
        "The company gained 17 pct due to the decline on Thursday in its rival's shares.",
        "Attacks on Iranian oil platforms in the Gulf on Monday.",
    ],
)
def test_a_day_gone(sentence: str) -> None:
    weekday = next(w for w in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday") if w in sentence)
    assert not _ahead(sentence, weekday)


@pytest.mark.parametrize(
    ("text", "ahead", "value"),
    [
        ("Friday", False, "1987-03-13"),  # said on a Wednesday: the Friday before
        ("Friday", True, "1987-03-20"),  # the Friday to come
        ("Wednesday", True, "1987-03-18"),  # the article's own day: "will close on Wednesday"
        ("Wednesday", False, "1987-03-18"),
        ("on Tuesday", True, "1987-03-24"),
        ("last Friday", True, "1987-03-13"),  # its own word wins
        ("next Monday", False, "1987-03-23"),
        ("this coming Tuesday", False, "1987-03-24"),
    ],
)
def test_the_day_a_weekday_names(text: str, ahead: bool, value: str) -> None:
    rel = dates.relative(text, "1987-03-18", ahead=ahead)  # a Wednesday
    assert rel is not None and rel[1] == value
