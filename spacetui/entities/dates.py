"""DATE mentions: keep real dates, drop ages and durations, normalise the absolute ones to ISO.

Dates are found by the NER model only (never by ``dateparser.search_dates``, which invents
them); ``dateparser.parse`` then normalises a span that names a month or a year, relative to the
article's own date. A relative span ("today", "Tuesday", "this year", "the same period last
year") is a real day, month or year of a dated article (``relative``); in an undated article, or
when it names no definite period ("recent weeks", "this week"), it is not listed.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from spacetui.lexicon import MONTHS, NUMBER_WORDS, WEEKDAYS

_MONTH = r"(?:" + "|".join(MONTHS) + r")\.?"
_HAS_MONTH = re.compile(rf"\b{_MONTH}\b", re.I)
_HAS_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)s?\b")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WEEKDAY = re.compile(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)
_WEEKDAY_NAME = re.compile(
    r"^(?:(?:on|by|until|since|from|early|late|earlier|later)\s+)?(?:(?P<which>last|next|this|coming|"
    r"past|this\s+coming)\s+)?(?P<day>"
    + "|".join(WEEKDAYS)
    + r")(?:\s+(?:morning|afternoon|evening|night))?$",
    re.I,
)
# Day words: offset in days from the article's date.
_DAY_WORDS = re.compile(
    r"^(?:(?:earlier|later|early|late)\s+)?(?P<w>today|tonight|yesterday|tomorrow|this morning|"
    r"this afternoon|this evening|last night)$",
    re.I,
)
_DAY_OFFSET = {"yesterday": -1, "last night": -1, "tomorrow": 1}
# "this year", "the same period last year", "earlier this month", "two years ago": a year or month.
_PERIOD = re.compile(
    r"\b(?:(?P<which>this|last|next|past|previous|coming)\s+(?P<unit>year|month)|"
    r"(?P<n>a|an|one|two|three|four|five|\d)\s+(?P<unit2>year|month)s?\s+(?:ago|earlier|before)|"
    r"(?P<unit3>year|month)[- ](?:ago|earlier))\b",
    re.I,
)
_SEASON = re.compile(
    r"^(?:(?:early|late)\s+)?(?P<which>this|last|next)\s+(?P<s>spring|summer|autumn|fall|winter)$", re.I
)
# Last month of each season (northern): "last summer" in October is this year's.
_SEASON_END = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}
_COUNT = {"a": 1, "an": 1, **NUMBER_WORDS}
_VAGUE_WORDS = re.compile(
    r"\b(ago|today|yesterday|tomorrow|tonight|week|weekend|month|year|decade|century|summer|winter|"
    r"spring|autumn|fall|season|quarter|christmas|easter|morning|afternoon|evening|night|recently|"
    r"era|days|times)\b",
    re.I,
)
_NUMBER = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+(?:\.\d+)?|several|few|"
_NUMBER += r"many|some|couple of|a couple of|a few|the|\w+-)"
# Ages and durations: "36", "36-year-old", "aged 36", "two years", "the next five days".
_AGE = re.compile(r"^(aged?\s+)?\d{1,3}(\s*-?\s*(year|month|week|day)s?\s*-?\s*old)?$", re.I)
_DURATION = re.compile(
    rf"^(about |around |nearly |almost |more than |less than |over |under |up to |at least |the )?"
    rf"(past |last |next |first |previous |coming |following )?(\d+\s*-\s*)?({_NUMBER}\s+)?"
    r"(more |full |straight |consecutive )?"
    r"(days?|weeks?|months?|years?|decades?|centuries|hours?|minutes?|seconds?|nights?)"
    r"(\s+(long|old|later|earlier|running|in a row))?$",
    re.I,
)
# Qualifiers in front of a date: normalise what follows, keep the surface text as the name.
_QUALIFIER = re.compile(
    r"^(no later than|not before|as early as|as late as|the end of|the start of|the beginning of|"
    r"the middle of|the first half of|the second half of|end of|start of|beginning of|middle of|"
    r"early|late|mid|by|since|until|before|after|around|about|in|on|from)\s*-?\s*",
    re.I,
)


def is_date_mention(text: str) -> bool:
    """Whether a DATE span is a date worth listing (not an age, a duration or a bare number)."""
    t = " ".join(text.split())
    if not t or _AGE.match(t) or (_DURATION.match(t) and "ago" not in t.lower()):
        return False
    if _ISO.match(t) or _HAS_MONTH.search(t) or _HAS_YEAR.search(t) or _WEEKDAY.search(t):
        return True
    return bool(_VAGUE_WORDS.search(t))


# Words a relative date is said with, around its core ("the same period last year", "the first
# two months of this year", "nearly two years ago", "late last month").
_AROUND = (
    "the a an same period quarter quarters first second third fourth half halves end start "
    "beginning middle of early late earlier later mid in on by since until before after around "
    "about nearly almost more than less just only under over some this last next past previous "
    "coming year years month months week weeks day days ago 's ’s fiscal financial calendar "
    "spring summer autumn fall winter one two three four five six seven eight nine ten eleven "
    "twelve ending ended beginning starting year-ago year-earlier month-ago"
)
_AROUND_WORDS = frozenset(_AROUND.split())
_TIME_BEFORE_DAY = re.compile(rf"(?P<time>[0-2]\d[0-5]\d)\s*-\s*{_MONTH}\s+\d{{1,2}}", re.I)
_TOKEN = re.compile(r"[\w'’.,-]+")


_DATE_WORD = re.compile(
    rf"{_MONTH}|{_WEEKDAY.pattern}|\d{{1,4}}(?:st|nd|rd|th)?|to|and|of|the|[,\-–]", re.IGNORECASE
)


def only_date_words(text: str) -> bool:
    """A month with a day or a year and nothing else: "February 22", "March 21, 1983", "February
    21 to 28" (the model's event or work, which is a date all the same)."""
    if not re.fullmatch(r"[\w\s.,\-–]+", text):
        return False  # "Jul/Nov 3-1/2": a futures spread
    words = re.findall(r"[\w.]+|[,\-–]", text)
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    return (
        bool(_HAS_MONTH.search(text))
        and bool(numbers)
        and all(1 <= n <= 31 or 1500 <= n <= 2099 for n in numbers)  # a day or a year: not "Mar 1263"
        and all(_DATE_WORD.fullmatch(w) for w in words)
    )


def names_year(text: str) -> bool:
    return bool(_HAS_YEAR.search(text))


def names_weekday(text: str) -> bool:
    return bool(_WEEKDAY.search(text))


def month_without_year(text: str) -> tuple[int, int, int] | None:
    """(month number, start, end of the month's word) in a DATE span that names a month but no
    year ("December", "since October 3"), else None."""
    if _HAS_YEAR.search(text) or re.search(r"\b(?:this|last|next)\s+year\b", text, re.I):
        return None
    m = _HAS_MONTH.search(text)
    if m is None:
        return None
    number = _MONTH_NUMBER.get(m.group(0).lower().rstrip("."))
    return (number, m.start(), m.end()) if number else None


def relative_core(text: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of the relative date inside a DATE span the model ran over a figure or a name
    before or after it ("16.06 last month", "70 mln a year earlier", "Last year South Africa",
    "late last month de Graaf"): the words a relative date is said with, around the words
    that place it. A span naming a month or a year, or with nothing that places it, is kept."""
    span = text[start:end]
    core = _PERIOD.search(span)
    if core is None or is_absolute(span):
        return start, end
    words = [(m.start(), m.end(), m.group(0).strip(".,").lower()) for m in _TOKEN.finditer(span)]
    inside = [n for n, (s, e, _) in enumerate(words) if s < core.end() and e > core.start()]
    if not inside:
        return start, end
    first, last = inside[0], inside[-1]

    def said_with(n: int) -> bool:
        word = words[n][2]
        if word in _AROUND_WORDS or word.removesuffix("'s").removesuffix("’s") in _AROUND_WORDS:
            return True
        # a count of years or months ("5 years ago"), not a figure before the date
        return word.isdigit() and n + 1 < len(words) and words[n + 1][2].rstrip("s") in ("year", "month")

    while first > 0 and said_with(first - 1):
        first -= 1
    while last + 1 < len(words) and said_with(last + 1):
        last += 1
    return start + words[first][0], start + words[last][1]


def relative(text: str, base: str | None, *, ahead: bool = False) -> tuple[str, str | None] | None:
    """A relative date against the article date ``base``: (display name, ISO value), or (text,
    None) when it cannot be placed (no date, or no definite period: then it is not listed).
    None when the text is not relative (it names a month or a year itself). ``ahead``: its
    sentence speaks of a day to come (``tense.speaks_ahead``), so a bare weekday is the next
    one, not the last."""
    t = " ".join(text.split()).strip(" ,.;:")
    if is_absolute(t):
        return None
    day = _base_day(base)
    if day is None:
        return t, None
    m = _DAY_WORDS.match(t)
    if m:
        return _day_value(day + timedelta(days=_DAY_OFFSET.get(m["w"].lower(), 0)))
    m = _WEEKDAY_NAME.match(t)
    if m:
        target = WEEKDAYS.index(m["day"].lower())
        back = (day.weekday() - target) % 7  # 0..6 days before the article date
        which = " ".join((m["which"] or "").lower().split())
        if which == "last" or which == "past":
            back = back or 7
        elif which in ("next", "coming", "this coming"):
            return _day_value(day + timedelta(days=(target - day.weekday()) % 7 or 7))
        elif ahead and not which:
            # "will meet on Friday": the coming one (on a Friday, that day: news says "today"
            # for it, but a story filed early says "Friday" of the day it goes out)
            return _day_value(day + timedelta(days=(target - day.weekday()) % 7))
        # News speaks of the days just gone ("said on Tuesday"): the latest such day up to the date.
        return _day_value(day - timedelta(days=back))
    m = _SEASON.match(t)
    if m:
        end = _SEASON_END[m["s"].lower()]
        which = m["which"].lower()
        year = day.year
        if which == "last" and day.month <= end:
            year -= 1
        elif which == "next" and day.month >= end:
            year += 1
        return str(year), str(year)
    m = _PERIOD.search(t)
    if m:
        unit = (m["unit"] or m["unit2"] or m["unit3"]).lower()
        which = (m["which"] or "").lower()
        step = (
            {"this": 0, "next": 1, "coming": 1}.get(which, -1)
            if which
            else -_COUNT.get((m["n"] or "a").lower(), int(m["n"]) if (m["n"] or "").isdigit() else 1)
        )
        if unit == "year":
            return str(day.year + step), str(day.year + step)
        months = day.year * 12 + day.month - 1 + step
        value = f"{months // 12:04d}-{months % 12 + 1:02d}"
        return _display(value, "month"), value
    return t, None


def _base_day(base: str | None) -> date | None:
    if not base:
        return None
    try:
        return date.fromisoformat(base[:10])
    except ValueError:
        return None


def _day_value(d: date) -> tuple[str, str]:
    return _display(d.isoformat(), "day"), d.isoformat()


def is_absolute(text: str) -> bool:
    """Names a month or a year: normalisable. Weekdays and "last week" stay text."""
    return bool(_ISO.match(text) or _HAS_MONTH.search(text) or _HAS_YEAR.search(text))


def normalise(text: str, base: str | None, *, year_step: int = 0) -> tuple[str, str | None]:
    """(display name, ISO value or None) for a DATE span, relative to the article date ``base``.

    The value is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` by what the text names. A span with a
    qualifier ("late 2020") keeps its text as the name; a plain one gets a standard name
    ("5 October 2021") so the same date merges across articles.
    """
    t = " ".join(text.split()).strip(" ,.;:")
    if not is_absolute(t):
        return t, None
    core = t
    qualified = False
    while True:
        m = _QUALIFIER.match(core)
        if not m or not m.group(0):
            break
        core = core[m.end() :]
        qualified = True
    which = _WHICH_MONTH.fullmatch(core)
    if which and base and base[:4].isdigit() and base[5:7].isdigit():
        value = _which_month(which, int(base[:4]), int(base[5:7]))
        if value is None:
            return t, None
        return (t, value) if qualified else (_display(value, "day" if which["d"] else "month"), value)
    # Decades and spans ("the 1990s", "2020-2023") are kept as text with the first year.
    decade = re.fullmatch(r"(the\s+)?(\d{4})s", core, re.I)
    span = re.fullmatch(r"(\d{4})\s*[-–/]\s*(\d{2}|\d{4})", core)
    if decade or span:
        year = (decade or span).group(2 if decade else 1)  # type: ignore[union-attr]
        return t, year
    if not _HAS_YEAR.search(core) and base is None:
        return t, None  # "June 1" without a known year: no value rather than a guess
    year = base[:4] if base else None
    if year:
        core = re.sub(r"\bthis year\b", year, core, flags=re.I)
        core = re.sub(r"\bnext year\b", str(int(year) + 1), core, flags=re.I)
        core = re.sub(r"\blast year\b", str(int(year) - 1), core, flags=re.I)
    time = _TIME_BEFORE_DAY.fullmatch(core)
    if time and not (base and abs(int(time["time"]) - int(base[:4])) <= 1):
        core = core[time.end("time") :].strip(" -")  # "1630 - APRIL 7": a table's time, then the day
    parsed = _parse(core, base[:10] if base else None)
    if parsed is None:
        return t, None
    value, period = parsed
    if year_step and period in ("day", "month") and not _HAS_YEAR.search(core):
        # a month of the year before or after the article's (``tense.year_step``)
        with contextlib.suppress(ValueError):
            moved = f"{int(value[:4]) + year_step:04d}{value[4:]}"
            datetime.fromisoformat(moved + "-01" * (2 - moved.count("-")))  # (no 29 February)
            value = moved
    if qualified or not _plain(core):
        return t, value
    return _display(value, period), value


# "last December", "next January", "this March 31": a month placed by a word, not a year.
_WHICH_MONTH = re.compile(
    rf"(?P<which>last|past|next|coming|this)\s+(?P<m>{_MONTH})(?:\s+(?P<d>\d{{1,2}}))?", re.I
)


def _which_month(m: re.Match[str], year: int, month: int) -> str | None:
    """The month (or day) "last/next/this <month>" names, said in ``month`` of ``year``: "last
    December" in March 1987 is December 1986, "last March" in March a year before."""
    named = _MONTH_NUMBER.get(m["m"].lower().rstrip("."))
    if named is None:
        return None
    which = m["which"].lower()
    if which in ("last", "past"):
        year -= named >= month
    elif which in ("next", "coming"):
        year += named <= month
    if not m["d"]:
        return f"{year:04d}-{named:02d}"
    try:
        return date(year, named, int(m["d"])).isoformat()
    except ValueError:
        return None


def _plain(core: str) -> bool:
    # Only month/day/year words and numbers: safe to replace by a standard name.
    words = re.findall(r"[A-Za-z]+", core)
    return all(w.lower().rstrip(".") in MONTHS or w.lower() in {"of", "the"} for w in words)


def _display(value: str, period: str) -> str:
    d = datetime.fromisoformat(value + "-01" * (2 - value.count("-")))
    if period == "day":
        return f"{d.day} {d:%B %Y}"
    if period == "month":
        return f"{d:%B %Y}"
    return f"{d.year}"


_MONTH_NUMBER = {name: (i % 12) + 1 for i, name in enumerate(MONTHS[:12])} | {
    name: MONTHS.index(full) + 1
    for name, full in [
        ("jan", "january"),
        ("feb", "february"),
        ("mar", "march"),
        ("apr", "april"),
        ("jun", "june"),
        ("jul", "july"),
        ("aug", "august"),
        ("sep", "september"),
        ("sept", "september"),
        ("oct", "october"),
        ("nov", "november"),
        ("dec", "december"),
    ]
}
# "1987", "March", "March 3", "March 1987", "March 3, 1987", "3 March 1987": most DATE spans.
_SIMPLE = re.compile(
    rf"^(?:(?P<m1>{_MONTH})(?:\s+(?P<d1>\d{{1,2}}))?,?(?:\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH}),?(?:\s+(?P<y2>\d{{4}}))?"
    r"|(?P<y3>\d{4}))$",
    re.I,
)


def _parse_simple(text: str, base: str | None) -> tuple[str, str] | None:
    """The common shapes without dateparser (~3 ms a call): the same values it gives, missing
    parts from the article date. None when the text is not one of them or names no real day."""
    m = _SIMPLE.match(text)
    if not m:
        return None
    if m["y3"]:
        return m["y3"], "year"
    month = _MONTH_NUMBER[(m["m1"] or m["m2"]).lower().rstrip(".")]
    day, year = m["d1"] or m["d2"], m["y1"] or m["y2"]
    if year is None:
        if base is None or not base[:4].isdigit():
            return None
        year = base[:4]
    if day is None:
        return f"{int(year):04d}-{month:02d}", "month"
    try:
        return datetime(int(year), month, int(day)).date().isoformat(), "day"
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def _parse(text: str, base: str | None) -> tuple[str, str] | None:
    simple = _parse_simple(text, base)
    if simple is not None:
        return simple
    return _parse_dateparser(text, base)


def _parse_dateparser(text: str, base: str | None) -> tuple[str, str] | None:
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "current_period"}
    if base:
        with contextlib.suppress(ValueError):
            settings["RELATIVE_BASE"] = datetime.fromisoformat(base)
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    except Exception:  # dateparser raises a zoo of errors on odd input
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj
    period = data.period or "day"
    if period == "year":
        return f"{d.year:04d}", period
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}", period
    return d.date().isoformat(), "day"
