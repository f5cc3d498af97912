"""The one article model every layer shares."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

PARAGRAPH_SEP = "\n\n"


@dataclass(slots=True)
class Mention:
    """One place an entity is named: character offsets into ``Article.body_text``."""

    start: int
    end: int


@dataclass(slots=True)
class Entity:
    """A canonical entity named in an article (filled at index time by ``spacetui.entities``)."""

    name: str
    type: str  # person, org, place, date, work, product, event
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    value: str | None = None  # normalised value (ISO date for absolute dates)
    # The words around a mention settled its type (a head, "gas firm X", "in X"): across the
    # corpus such articles outweigh the ones with the model's guess alone.
    settled: bool = False
    # A one-word name the article says only as one of two ("Duff and Phelps"): that pair; or the
    # model's place that begins the company the article named in full ("Murgold Resources Inc
    # ... Murgold said"): that company. Across the corpus, said so in most of its articles, it is
    # that organisation.
    within: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "mentions": [list(m) for m in self.mentions],
            "value": self.value,
        }
        if self.settled:
            data["settled"] = True
        if self.within:
            data["within"] = self.within
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(
            name=str(data["name"]),
            type=str(data["type"]),
            aliases=[str(a) for a in data.get("aliases", [])],
            mentions=[(int(s), int(e)) for s, e in data.get("mentions", [])],
            value=data.get("value"),
            settled=bool(data.get("settled", False)),
            within=str(data.get("within", "")),
        )


@dataclass(slots=True)
class Article:
    """A clean article: what the index stores and every view shows.

    ``body`` is the article text as paragraphs; ``body_text`` joins them with blank lines and
    is what entity mention offsets and highlights refer to. ``raw`` is the text as loaded,
    before cleaning, so a reader can always see what was dropped.
    """

    id: str
    title: str
    body: list[str]
    standfirst: str = ""
    authors: list[str] = field(default_factory=list)
    date: str | None = None  # ISO 8601 (YYYY-MM-DD, or with a time)
    source: str = ""
    url: str = ""
    path: str = ""
    format: str = ""  # txt, md, html, json, jsonl
    raw: str = ""
    content_hash: str = ""
    entities: list[Entity] = field(default_factory=list)
    # Raw named-entity spans (start, end, label) in body_text, as the NER model gave them. Kept
    # so entity corrections (renames, merges, hides) apply again without re-running NER.
    ner: list[tuple[int, int, str]] | None = None

    @property
    def body_text(self) -> str:
        return PARAGRAPH_SEP.join(self.body)

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.body)

    def to_dict(self, *, include_raw: bool = False) -> dict[str, Any]:
        data = asdict(self)
        data["entities"] = [e.to_dict() for e in self.entities]
        data["word_count"] = self.word_count
        if not include_raw:
            data.pop("raw")
        return data


@dataclass(slots=True)
class LoadError:
    """A file (or record) that could not be loaded, and why, in one line."""

    path: str
    reason: str

    def __post_init__(self) -> None:
        # Reasons can come from library exceptions whose messages span several lines.
        self.reason = " ".join(self.reason.split())


def content_hash(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:32]
