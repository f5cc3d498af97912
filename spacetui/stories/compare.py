"""Two articles side by side: the entities both name, those only one names, the ones both name
but spell differently, and what they say about one entity that disagrees.

An entity of one article is the same as one of the other when they have the same type and
share a name or alias (in matching form), the corpus merged their keys, or (dates) they have
the same full date. Of what is left, two names of one type that ``similar_names`` takes for two
spellings of one name (the seeds' Pereslid / Peresild) are a *variant*: one entity too.

Disagreements are kept narrow on purpose (a wrong "conflict" costs a reader more than a missed
one): a person's age written beside their name ("X, 36," / "X (36)" / "36-year-old X" / "X,
aged 36"), and the one full date an article writes out beside an entity (within the same
sentence, close to its mention) when each article gives exactly one and the two sentences
otherwise say the same (same figures, most of the same words).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from spacetui.articles.model import Article, Entity
from spacetui.entities.aliases import similar_names
from spacetui.entities.corpus import CorpusEntities, entity_key
from spacetui.entities.dates import is_absolute
from spacetui.entities.overrides import norm

_AGE_AFTER = re.compile(r"\s*(?:,\s*(?:aged\s+)?|\(\s*(?:aged\s+)?)(\d{1,3})\s*[,)]")
# "the 36-year-old actor X": the age, then at most three lower-case words, then the name.
_AGE_BEFORE = re.compile(r"\b(\d{1,3})-year-old(?:\s+[a-z][\w-]*){0,3}\s+$")
_BEFORE_CHARS = 60
# A date attached to an entity: in the same sentence, at most this many characters away.
DATE_NEAR = 80
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(slots=True)
class Comparison:
    first: Article
    second: Article
    shared: list[tuple[Entity, Entity]] = field(default_factory=list)
    only_first: list[Entity] = field(default_factory=list)
    only_second: list[Entity] = field(default_factory=list)
    variants: list[tuple[Entity, Entity]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def brief(a: Article) -> dict[str, Any]:
            return {"id": a.id, "title": a.title, "date": a.date, "source": a.source}

        def entity(e: Entity) -> dict[str, Any]:
            return {"name": e.name, "type": e.type}

        return {
            "first": brief(self.first),
            "second": brief(self.second),
            "shared": [
                {"name": a.name, "type": a.type, **({"second_name": b.name} if b.name != a.name else {})}
                for a, b in self.shared
            ],
            "only_first": [entity(e) for e in self.only_first],
            "only_second": [entity(e) for e in self.only_second],
            "variants": [{"type": a.type, "first": a.name, "second": b.name} for a, b in self.variants],
            "conflicts": self.conflicts,
        }


def _names(e: Entity) -> set[str]:
    return {norm(n) for n in [e.name, *e.aliases] if norm(n)}


def _same_name(a: Entity, b: Entity) -> bool:
    return a.type == b.type and norm(a.name) == norm(b.name)


def _same(a: Entity, b: Entity, canonical: dict[int, str]) -> bool:
    if a.type != b.type:
        return False
    if _names(a) & _names(b):
        return True
    if a.type == "date":
        return bool(a.value and a.value == b.value and _FULL_DATE.match(a.value))
    ka, kb = canonical.get(id(a)), canonical.get(id(b))
    return ka is not None and ka == kb


def _variant(a: Entity, b: Entity) -> bool:
    if a.type != b.type or a.type == "date":
        return False
    from rapidfuzz import fuzz

    return any(similar_names(x, y, fuzz.ratio, a.type) for x in _names(a) for y in _names(b))


def compare(first: Article, second: Article, corpus: CorpusEntities | None = None) -> Comparison:
    """``first`` and ``second`` with their entities as stored (each article's own spellings).
    With the ``corpus``, each entity takes the type the corpus gives it (the sidebar's), one
    entity of the corpus is one entity here, and what the user hid is left out."""
    canonical: dict[int, str] = {}  # id of an entity -> its corpus entity's key
    if corpus is not None:
        first, second = _typed(first, corpus, canonical), _typed(second, corpus, canonical)
    out = Comparison(first, second)
    left = list(second.entities)
    matched: dict[int, Entity] = {}
    # The same name first, so that "October" does not take the other's "October 2021" from
    # under its own "October 2021"; then the other ways of being one entity; then variants.
    for test in (_same_name, lambda a, b: _same(a, b, canonical), _variant):
        for n, a in enumerate(first.entities):
            if n in matched:
                continue
            match = next((b for b in left if test(a, b)), None)
            if match is not None:
                matched[n] = match
                left.remove(match)
    for n, a in enumerate(first.entities):
        match = matched.get(n)
        if match is None:
            out.only_first.append(a)
            continue
        if a.type != "date" and not (_names(a) & _names(match)):
            out.variants.append((a, match))
        out.shared.append((a, match))
    out.only_second = left
    text_a, text_b = first.body_text, second.body_text
    dated_a, dated_b = _dated(first), _dated(second)
    for a, b in out.shared:
        if a.type == "person":
            ages_a, ages_b = _ages(text_a, a), _ages(text_b, b)
            if ages_a and ages_b and ages_a != ages_b:
                out.conflicts.append(_conflict(a, b, "age", sorted(ages_a), sorted(ages_b)))
        if a.type != "date":
            days_a, days_b = _attached_dates(text_a, a, dated_a), _attached_dates(text_b, b, dated_b)
            if len(days_a) == 1 and len(days_b) == 1 and days_a.keys() != days_b.keys():
                (said_a,), (said_b,) = days_a.values(), days_b.values()
                if _one_statement(said_a, said_b):
                    out.conflicts.append(_conflict(a, b, "date", sorted(days_a), sorted(days_b)))
    return out


def _typed(article: Article, corpus: CorpusEntities, canonical: dict[int, str]) -> Article:
    """The article's entities with the corpus's types, two that the corpus holds one entity
    ("Murgold" and "Murgold Resources Inc") one here, under the article's spelling of the corpus's
    name where it has it."""
    hidden = corpus.corrected().hidden
    entities: list[Entity] = []
    by_key: dict[str, Entity] = {}
    for e in article.entities:
        key = entity_key(e.type, e.name)
        if e.type == "date":
            entities.append(e)
            continue
        if key in hidden:
            continue
        info = corpus.info(key)
        typed = dataclasses.replace(e, type=info.type) if info is not None else e
        root = corpus.canonical_key(key)
        seen = by_key.get(root)
        if seen is not None:
            first, other = (typed, seen) if info is not None and e.name == info.name else (seen, typed)
            merged = dataclasses.replace(
                first,
                aliases=[
                    a for a in dict.fromkeys([*first.aliases, other.name, *other.aliases]) if a != first.name
                ],
                mentions=sorted({*first.mentions, *other.mentions}),
            )
            entities[entities.index(seen)] = by_key[root] = merged
            canonical[id(merged)] = root
            continue
        canonical[id(typed)] = root
        by_key[root] = typed
        entities.append(typed)
    return dataclasses.replace(article, entities=entities)


def _conflict(a: Entity, b: Entity, kind: str, first: list[str], second: list[str]) -> dict[str, Any]:
    return {"entity": a.name, "type": a.type, "kind": kind, "first": first, "second": second}


def _ages(text: str, person: Entity) -> set[str]:
    ages: set[str] = set()
    for start, end in person.mentions:
        after = _AGE_AFTER.match(text, end)
        if after:
            ages.add(after.group(1))
        before = _AGE_BEFORE.search(text[max(0, start - _BEFORE_CHARS) : start])
        if before:
            ages.add(before.group(1))
    return {a for a in ages if 0 < int(a) < 120}


def _dated(article: Article) -> list[tuple[int, int, str]]:
    """(start, end, ISO day) of each mention of a full date the article writes out ("March 18",
    "5 October 2021"). A day said relative to the article's own date ("yesterday", "on
    Tuesday") is left out: two reports of one event say it from different dates (a story re-sent
    the next day says "yesterday" again; a wire's date stamp and a reporter's "today" sit in
    different time zones), so their days differing is no disagreement between them. On Reuters'
    stories, 77 date "disagreements" in 1,008 pairs of one story's articles were almost all
    that."""
    text = article.body_text
    return [
        (s, e, d.value)
        for d in article.entities
        if d.type == "date" and d.value and _FULL_DATE.match(d.value)
        for s, e in d.mentions
        if is_absolute(text[s:e])
    ]


def _attached_dates(text: str, entity: Entity, dated: list[tuple[int, int, str]]) -> dict[str, str]:
    """Each full date attached to the entity -> what its sentence says without that date."""
    days: dict[str, str] = {}
    for start, end in entity.mentions:
        for ds, de, value in dated:
            gap = ds - end if ds >= end else start - de
            if 0 <= gap <= DATE_NEAR and not _SENTENCE_END.search(text[min(end, de) : max(start, ds)]):
                lo = max((m.end() for m in _SENTENCE_END.finditer(text, 0, min(start, ds))), default=0)
                hi = _SENTENCE_END.search(text, max(end, de))
                days[value] = text[lo:ds] + " " + text[de : hi.end() if hi else len(text)]
    return days


_WORDS = re.compile(r"\w+")
_FIGURE = re.compile(r"\d[\d.,/-]*")


def _one_statement(a: str, b: str) -> bool:
    """Two sentences (their dates taken out) say the same thing: the same figures and most of
    the same words. A daily report's sentences share their words but not their figures ("the
    Treasury's balance fell on March 30 to 2.1 billion dlrs", the next day's "... to 1.8 billion"):
    two days' news, not two dates for one."""
    if set(_FIGURE.findall(a)) != set(_FIGURE.findall(b)):
        return False
    wa, wb = set(_WORDS.findall(a.lower())), set(_WORDS.findall(b.lower()))
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.5
