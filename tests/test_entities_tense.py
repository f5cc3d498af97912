"""A weekday said alone is the coming one when its sentence speaks ahead ("will meet on
Friday"), the one just gone otherwise ("met on Friday"). Our own sentences; the real-data
checks are in tests/test_entities_reuters.py and tests/test_stories_events.py."""

from __future__ import annotations

import pytest

from spacetui.entities import dates
from spacetui.entities.tense import speaks_ahead, year_step


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
        "Colombo would have to settle the terms on Friday.",
        "By Friday the banks will have completed the transfer.",
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


@pytest.mark.parametrize(
    ("sentence", "month", "later", "step"),
    [
        ("Steel output fell 2.1 pct in December from November.", "December", True, -1),
        ("Exports were down from December's 4.40 billion marks.", "December", True, -1),
        ("The plant has been idle since October.", "October", True, -1),
        ("Oil prices would top 22 dlrs a barrel by January, he predicted.", "January", False, 1),
        ("The company said it will not buy more shares until February.", "February", False, 1),
        # the article's year
        ("The dividend is payable May 7 to holders of record April 16.", "May", True, 0),
        ("Cocoa for May delivery was off nine dlrs.", "May", True, 0),
        ("Malaysia said it expects a rubber shortage in April.", "April", True, 0),
        ("He might step down after the summit of industrialized nations in June.", "June", True, 0),
        ("The merger is expected to be completed in June, they said.", "June", True, 0),
        ("Sales rose in January.", "January", False, 0),
        # a day of the month beside a past verb
        ("It lost 1.3 mln dlrs in the year ended December 31.", "December", True, -1),
        ("A labour contract at the plant expired December 13.", "December", True, -1),
        ("Lawson as recently as December 17 said taxes would stay.", "December", True, -1),
        ("The exchange has postponed its planned April 6 launch.", "April", True, 0),
        ("Revenues for the year ended August 31 will be about 1.2 billion dlrs.", "August", True, 0),
        ("Stone said April 10 is the redemption date.", "April", True, 0),
        ("Shareholders registered May 26 will get the bonus shares.", "May", True, 0),
    ],
)
def test_the_year_of_a_month_said_without_one(sentence: str, month: str, later: bool, step: int) -> None:
    start = sentence.index(month)
    assert year_step(sentence, start, start + len(month), later) == step


def test_a_month_gone_is_last_years() -> None:
    # said in March 1987
    assert dates.normalise("December", "1987-03-10", year_step=-1) == ("December 1986", "1986-12")
    assert dates.normalise("January 1", "1987-10-19", year_step=1) == ("1 January 1988", "1988-01-01")
    assert dates.normalise("December 1985", "1987-03-10", year_step=-1)[1] == "1985-12"  # its own year
    assert dates.month_without_year("since October 3") == (10, 6, 13)
    # placed by a word: "last December" in March is last year's, "last March" a year ago
    assert dates.normalise("last December", "1987-03-10") == ("December 1986", "1986-12")
    assert dates.normalise("last March", "1987-03-10") == ("March 1986", "1986-03")
    assert dates.normalise("next January", "1987-03-10") == ("January 1988", "1988-01")
    assert dates.normalise("this December", "1987-03-10") == ("December 1987", "1987-12")
    assert dates.normalise("late last December", "1987-03-10") == ("late last December", "1986-12")
    assert dates.month_without_year("December last year") is None
