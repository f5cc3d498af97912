"""Reading ``date:`` values into day ranges on the publication date.

The index keeps each article's publication day as an ordinal (``date_key``; 0 when undated), so
every form becomes an inclusive range of ordinals that never includes 0: undated articles never
match a date filter. Relative forms are resolved against today.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from spacetui.lexicon import MONTHS

ACCEPTED = (
    '2021, 2021-05, 2021-05-13, 20210513, "May 2021", "13 May 2021", >2021-05, <=2021-05-13, '
    "[2021-01 to 2021-03], 2021-01..2021-03, 2021.., ..2021, 2w.. (also 3d, 6m, 1y), today, "
    "yesterday, thisweek, lastweek, thismonth, lastmonth, thisyear, lastyear"
)
FIRST = 1  # date(1, 1, 1); 0 is "no date"
LAST = date.max.toordinal()

# One date:VALUE clause in query text: a bracketed range (may hold spaces), a quoted value or a
# run of non-space characters.
DATE_CLAUSE = re.compile(
    r'(?<![\w.])date:(\[[^\]]*\]?|\{[^}]*\}?|\[[^}]*\}|\{[^\]]*\]|(?:[<>]=?|=)?"[^"]*"?|\S*)', re.I
)

_DAY = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
# Whoosh's compact form: 20210513, 202105.
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})?")
# A month by name with its year, and a day before or after it: "may2021", "13may2021",
# "may13,2021", "13thmay2021" (spaces are taken out before matching).
_MONTH_NUMBER = {
    name: next(i + 1 for i, full in enumerate(MONTHS[:12]) if full.startswith(name)) for name in MONTHS
}
_ORDINAL = r"(?:st|nd|rd|th)?"
_NAMED_MONTH = re.compile(
    rf"(?:(\d{{1,2}}){_ORDINAL}(?:of)?)?({'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?"
    rf"(?:(\d{{1,2}}){_ORDINAL},?)?(\d{{4}})"
)
_AGO = re.compile(r"(\d{1,4})\s*(d|days?|w|weeks?|m|months?|y|years?)(?:\s*ago)?")
_COMPARE = re.compile(r"(>=|<=|>|<|=)\s*(.*)")
_BRACKETS = re.compile(r"([\[{])\s*(.*?)\s*\b(?:to)\b\s*(.*?)\s*([\]}])", re.I)
_OPEN_BRACKETS = re.compile(r"([\[{])\s*(?:to\s+)?(.*?)\s*([\]}])", re.I)


def _months_back(day: date, months: int) -> date:
    month0 = day.year * 12 + day.month - 1 - months
    year, month = divmod(month0, 12)
    if year < 1:
        raise ValueError("before year 1")
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _year_month_day(v: str) -> tuple[int, str | None, str | None] | None:
    """(year, month, day) of a written date, spaces taken out; month and day None where it names
    none (2021, 2021-05, 2021-05-13, 20210513, may2021, 13may2021)."""
    if m := _DAY.fullmatch(v) or _COMPACT.fullmatch(v):
        return int(m.group(1)), m.group(2), m.group(3)
    if m := _NAMED_MONTH.fullmatch(v):
        return int(m.group(4)), str(_MONTH_NUMBER[m.group(2)]), m.group(1) or m.group(3)
    return None


def _span(value: str, today: date) -> tuple[int, int] | None:
    """The first and last day (ordinals) a single date value names, or None."""
    v = value.strip().lower().replace(" ", "")
    try:
        if ymd := _year_month_day(v):
            year, month, day = ymd
            if month is None:
                return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
            mo = int(month)
            if day is None:
                last = calendar.monthrange(year, mo)[1]
                return date(year, mo, 1).toordinal(), date(year, mo, last).toordinal()
            one = date(year, mo, int(day)).toordinal()
            return one, one
        if m := _AGO.fullmatch(v):
            n, unit = int(m.group(1)), m.group(2)[0]
            if unit == "d":
                d = today - timedelta(days=n)
            elif unit == "w":
                d = today - timedelta(weeks=n)
            else:
                d = _months_back(today, n * (12 if unit == "y" else 1))
            return d.toordinal(), d.toordinal()
    except (ValueError, OverflowError):
        return None
    t = today.toordinal()
    monday = t - today.weekday()
    month_start = today.replace(day=1)
    last_month_end = month_start - timedelta(days=1)
    named = {
        "today": (t, t),
        "yesterday": (t - 1, t - 1),
        "thisweek": (monday, monday + 6),
        "lastweek": (monday - 7, monday - 1),
        "thismonth": (month_start.toordinal(), t),
        "lastmonth": (last_month_end.replace(day=1).toordinal(), last_month_end.toordinal()),
        "thisyear": (date(today.year, 1, 1).toordinal(), date(today.year, 12, 31).toordinal()),
        "lastyear": (date(today.year - 1, 1, 1).toordinal(), date(today.year - 1, 12, 31).toordinal()),
    }
    return named.get(v)


def read_date(value: str, today: date | None = None) -> tuple[int, int] | None:
    """The inclusive day range (ordinals, never 0) a ``date:`` value means, or None when it
    cannot be read. An empty range (``date:<0001``) comes back with first > last."""
    today = today or date.today()
    v = value.strip()
    if len(v) >= 2 and v[0] == '"' and v[-1] == '"':
        v = v[1:-1].strip()
    if not v:
        return None
    if m := _BRACKETS.fullmatch(v):
        lo = _end(m.group(2), today, low=True, exclusive=m.group(1) == "{")
        hi = _end(m.group(3), today, low=False, exclusive=m.group(4) == "}")
    elif m := _OPEN_BRACKETS.fullmatch(v):  # [2021] or {2021}: the one value
        return _span(m.group(2), today)
    elif ".." in v:
        a, _, b = v.partition("..")
        lo = _end(a, today, low=True, exclusive=False)
        hi = _end(b, today, low=False, exclusive=False)
    elif m := _COMPARE.fullmatch(v):
        op, rest = m.group(1), m.group(2).strip()
        if len(rest) >= 2 and rest[0] == '"' and rest[-1] == '"':
            rest = rest[1:-1]  # date:>"May 2021"
        got = _span(rest, today)
        if got is None:
            return None
        first, last = got
        lo, hi = {
            ">": (last + 1, LAST),
            ">=": (first, LAST),
            "<": (FIRST, first - 1),
            "<=": (FIRST, last),
            "=": (first, last),
        }[op]
    else:
        got = _span(v, today)
        if got is None:
            return None
        if _AGO.fullmatch(v.lower().replace(" ", "")):
            return got[0], today.toordinal()  # date:2w = the last two weeks
        return got
    if lo is None or hi is None:
        return None
    return max(lo, FIRST), min(hi, LAST)


def _end(value: str, today: date, *, low: bool, exclusive: bool) -> int | None:
    """One end of a range: a missing end is open (the first or last day there is)."""
    value = value.strip()
    if not value or value == "*":
        return FIRST if low else LAST
    got = _span(value, today)
    if got is None:
        return None
    first, last = got
    if low:
        return last + 1 if exclusive else first
    return first - 1 if exclusive else last
