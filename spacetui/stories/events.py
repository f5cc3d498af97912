"""Dated events: "5 October 2021: launch from Baikonur", the sentences that say what happened on
a day, worked out at index time and listed for a story or an entity in date order.

An event is a sentence of an article's body that names a date resolved to a day (by the entity
resolution: "on Tuesday" against the article's own date, "5 October 2021" as written); a month
or a year alone is too vague to place among the others. With the sentence go the entity keys it
names, so an entity's events are the sentences that name it, not every date in its articles.

``extract`` runs at index time (it reads the sentence cuts of the cleaning stage); the rest is
plain JSON for the search service, the CLI and the app.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacetui.articles.model import Article
from spacetui.entities.corpus import entity_key

MAX_PER_ARTICLE = 40
MAX_CHARS = 280  # a longer sentence is cut to a window around its date
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(slots=True)
class Event:
    day: str  # ISO day
    text: str  # the sentence (one line)
    when: str  # the date as the sentence gives it ("on Tuesday", "5 October 2021")
    things: list[str] = field(default_factory=list)  # entity keys the sentence names
    # Filled when read back: the article it comes from.
    article: str = ""
    title: str = ""
    source: str = ""
    published: str | None = None

    def to_stored(self) -> list[Any]:
        return [self.day, self.text, self.when, self.things]

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day,
            "text": self.text,
            "when": self.when,
            "article": self.article,
            "title": self.title,
            "source": self.source,
            "published": self.published,
        }


def extract(article: Article) -> list[Event]:
    """The article's dated events, in the order it tells them (one per sentence and day)."""
    from spacetui.articles.cleaning.segment import sentence_ends  # index time only

    days = [e for e in article.entities if e.type == "date" and e.value and _DAY.match(e.value)]
    if not days:
        return []
    body = article.body_text
    named = [
        (s, e, entity_key(ent.type, ent.name))
        for ent in article.entities
        if ent.type != "date"
        for s, e in ent.mentions
    ]
    found: list[tuple[int, Event]] = []
    seen: set[tuple[str, int]] = set()
    cuts: dict[int, list[int]] = {}  # paragraph start -> its sentence starts
    for ent in days:
        day = str(ent.value)
        for start, end in ent.mentions:
            if not (0 <= start < end <= len(body)):
                continue
            para = body.rfind("\n", 0, start) + 1
            para_end = body.find("\n", end)
            para_end = len(body) if para_end < 0 else para_end
            if para not in cuts:
                cuts[para] = [0, *sentence_ends(body[para:para_end])]
            s = para + max(c for c in cuts[para] if para + c <= start)
            e = min([para + c for c in cuts[para] if para + c >= end] + [para_end])
            if (day, s) in seen:
                continue
            seen.add((day, s))
            things = sorted({k for ms, me, k in named if s <= ms and me <= e})
            text = _window(body, s, e, start, end)
            found.append((s, Event(day, text, " ".join(body[start:end].split()), things)))
    found.sort(key=lambda f: f[0])
    return [event for _, event in found[:MAX_PER_ARTICLE]]


def _window(body: str, s: int, e: int, start: int, end: int) -> str:
    """The sentence on one line; a long one cut to MAX_CHARS around the date."""
    if e - s > MAX_CHARS:
        lo = max(s, min(start - MAX_CHARS // 3, e - MAX_CHARS))
        hi = min(e, lo + MAX_CHARS)
        lo = body.find(" ", lo, start) + 1 if lo > s else lo  # whole words only
        cut = body.rfind(" ", end, hi) if hi < e else -1
        hi = cut if cut > end else hi
        text = ("… " if lo > s else "") + body[lo:hi].strip() + (" …" if hi < e else "")
    else:
        text = body[s:e]
    return " ".join(text.split())


def to_stored(events: Iterable[Event]) -> str:
    return json.dumps([ev.to_stored() for ev in events], ensure_ascii=False)


def to_column(article: Article, events: Iterable[Event]) -> bytes:
    """An article's events for the index's events column: with the article fields an event
    lists, as its stored fields would give them (``from_column`` reads it back)."""
    row = {
        "id": article.id,
        "title": article.title or "",
        "source": article.source or "",
        "date_iso": article.date or None,
        "events": [ev.to_stored() for ev in events],
    }
    return json.dumps(row, ensure_ascii=False).encode("utf-8")


def from_column(value: bytes) -> list[Event]:
    if not value:
        return []  # an article without events
    try:
        row = json.loads(value)
    except ValueError:
        return []
    return from_stored(row) if isinstance(row, dict) else []


def from_stored(stored: dict[str, Any]) -> list[Event]:
    """An index document's events, with the article they come from."""
    rows = stored.get("events") or "[]"
    try:
        rows = json.loads(rows) if isinstance(rows, str) else rows  # a list in the column's rows
    except ValueError:
        return []
    if not isinstance(rows, list):
        return []
    out = []
    for row in rows:
        if isinstance(row, list) and len(row) == 4:
            day, text, when, things = row
            out.append(
                Event(
                    str(day),
                    str(text),
                    str(when),
                    [str(k) for k in things],
                    article=str(stored.get("id", "")),
                    title=str(stored.get("title", "")),
                    source=str(stored.get("source", "")),
                    published=stored.get("date_iso"),
                )
            )
    return out


def in_date_order(events: Iterable[Event], keys: Iterable[str] | None = None) -> list[Event]:
    """Events by day, then by article date; only those naming one of ``keys`` when given. A
    sentence told twice (copies, a story re-sent) is listed once, from its earliest article."""
    wanted = set(keys) if keys is not None else None
    chosen = [ev for ev in events if wanted is None or wanted.intersection(ev.things)]
    chosen.sort(key=lambda ev: (ev.day, ev.published or "9999", ev.article))
    seen: set[tuple[str, str]] = set()
    out = []
    for ev in chosen:
        said = (ev.day, ev.text.casefold())
        if said not in seen:
            seen.add(said)
            out.append(ev)
    return out
