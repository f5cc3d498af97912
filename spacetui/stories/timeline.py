"""Publication dates counted by day, week or month: the bucket chosen from the span, so a
timeline has enough bars to show a shape and few enough to fit a terminal row."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

# Longest span (in days) drawn by day, by week, by month; longer ones by year.
DAY_SPAN = 62
WEEK_SPAN = 2 * 366
MONTH_SPAN = 20 * 366


@dataclass(slots=True)
class Bucket:
    start: date
    end: date  # last day in it
    count: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "count": self.count}


@dataclass(slots=True)
class Timeline:
    unit: str = "day"  # day, week, month or year
    buckets: list[Bucket] = field(default_factory=list)
    dated: int = 0
    undated: int = 0

    @property
    def counts(self) -> list[int]:
        return [b.count for b in self.buckets]

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "dated": self.dated,
            "undated": self.undated,
            "buckets": [b.to_dict() for b in self.buckets],
        }


def choose_unit(first: date, last: date) -> str:
    span = (last - first).days
    if span <= DAY_SPAN:
        return "day"
    if span <= WEEK_SPAN:
        return "week"
    if span <= MONTH_SPAN:
        return "month"
    return "year"


def _start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())  # ISO weeks start on Monday
    if unit == "month":
        return day.replace(day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    return day


def _next(start: date, unit: str) -> date:
    if unit == "day":
        return start + timedelta(days=1)
    if unit == "week":
        return start + timedelta(days=7)
    if unit == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def timeline(days: Iterable[int], unit: str | None = None) -> Timeline:
    """Bucket publication days (date ordinals; 0 is undated), empty buckets included."""
    return timeline_counts(Counter(days), unit)


def timeline_counts(per_day: dict[int, int], unit: str | None = None) -> Timeline:
    """The same from a count of articles per day."""
    counts = dict(per_day)
    undated = counts.pop(0, 0)
    out = Timeline(undated=undated, dated=sum(counts.values()))
    if not counts:
        return out
    first, last = date.fromordinal(min(counts)), date.fromordinal(max(counts))
    out.unit = unit or choose_unit(first, last)
    per_start: Counter[date] = Counter()
    for ordinal, n in counts.items():
        per_start[_start(date.fromordinal(ordinal), out.unit)] += n
    start = _start(first, out.unit)
    while start <= last:
        following = _next(start, out.unit)
        out.buckets.append(Bucket(start, following - timedelta(days=1), per_start.get(start, 0)))
        start = following
    return out


def with_date_range(query: str, first: date, last: date) -> str:
    """The query with its publication-date filter replaced by ``date:FIRST..LAST`` (days, both
    included). With boolean logic the range is required (``+date:``): a bare clause there
    would be one more alternative of an OR. An excluded range (``-date:``) is the user's and stays."""
    from spacetui.search.dates import DATE_CLAUSE
    from spacetui.search.query import OPERATOR

    def drop(m: re.Match[str]) -> str:
        sign = query[m.start() - 1 : m.start()]
        return m.group() if sign == "-" else ""

    kept = " ".join(DATE_CLAUSE.sub(drop, query).split())
    kept = " ".join(w for w in kept.split() if w != "+")  # a "+" whose date went
    span = first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
    sign = "+" if OPERATOR.search(kept) or "(" in kept else ""
    return f"{kept} {sign}date:{span}".strip()
