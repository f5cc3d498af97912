"""Entities: named-entity extraction at index time, typing, aliases, and corpus-wide counts.

Contract with the index (``spacetui.index.build`` and ``spacetui.index.search``):

- ``EntityPipeline(overrides_path=..., n_process=...)``: ``annotate(articles)`` fills
  ``Article.ner`` (raw spans; runs spaCy only where ``ner`` is None) and ``Article.entities``
  (canonical, typed, with mention offsets into ``body_text``). ``fingerprint`` changes when the
  user's corrections file or the resolution rules change: the builder then re-resolves every
  stored article from its ``ner`` without re-running NER.
- ``CorpusEntities``: per-corpus counts kept beside the index, updated as articles come and go.
- ``entity_key(type, name)``: the term stored in the ``entity_key`` field for facets and filters.

Importing this package is cheap: spaCy loads only when NER actually runs.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacetui.articles.model import Article, Entity

CORPUS_FILE = "entities.json"


def entity_key(type_: str, name: str) -> str:
    """Facet/filter term for an entity: type and case-folded name (commas would split it)."""
    return f"{type_}:{' '.join(name.replace(',', ' ').split()).casefold()}"


@dataclass(slots=True)
class EntityInfo:
    """One entity across the corpus (or a result set), as the sidebar and ``spacetui entities`` show it."""

    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    articles: int = 0
    mentions: int = 0
    keys: list[str] = field(default_factory=list)  # entity_key terms that mean this entity

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "articles": self.articles,
            "mentions": self.mentions,
        }


class EntityPipeline:
    """Placeholder until the entities issue lands: finds no entities."""

    def __init__(self, *, overrides_path: Path | None = None, n_process: int = 1) -> None:
        self.overrides_path = overrides_path
        self.n_process = n_process

    @property
    def fingerprint(self) -> str:
        return hashlib.sha1(b"none").hexdigest()[:12]

    def annotate(self, articles: list[Article]) -> None:
        for article in articles:
            if article.ner is None:
                article.ner = []
            article.entities = []


class CorpusEntities:
    """Corpus-wide entity table, saved as JSON beside the index."""

    def __init__(self) -> None:
        self.table: dict[str, EntityInfo] = {}

    def add(self, entities: list[Entity]) -> None:
        for e in entities:
            key = entity_key(e.type, e.name)
            info = self.table.setdefault(key, EntityInfo(name=e.name, type=e.type, keys=[key]))
            info.articles += 1
            info.mentions += len(e.mentions)
            for alias in e.aliases:
                if alias not in info.aliases and alias != info.name:
                    info.aliases.append(alias)

    def remove(self, entities: list[Entity]) -> None:
        for e in entities:
            info = self.table.get(entity_key(e.type, e.name))
            if info is None:
                continue
            info.articles -= 1
            info.mentions -= len(e.mentions)
            if info.articles <= 0:
                del self.table[entity_key(e.type, e.name)]

    def listing(self, type_: str | None = None) -> list[EntityInfo]:
        items = [i for i in self.table.values() if type_ is None or i.type == type_]
        return sorted(items, key=lambda i: (-i.articles, -i.mentions, i.name.casefold()))

    def facets(self, counts: dict[str, int]) -> list[EntityInfo]:
        """Entities of a result set: ``counts`` maps entity keys to articles in that set."""
        out = []
        for key, n in counts.items():
            info = self.table.get(key)
            if info is not None:
                out.append(EntityInfo(info.name, info.type, list(info.aliases), n, info.mentions, [key]))
        return sorted(out, key=lambda i: (-i.articles, -i.mentions, i.name.casefold()))

    def info(self, key: str) -> EntityInfo | None:
        return self.table.get(key)

    def keys_for(self, type_: str, name: str) -> list[str]:
        key = entity_key(type_, name)
        info = self.table.get(key)
        return list(info.keys) if info else [key]

    def save(self, directory: Path) -> None:
        data = {k: {**v.to_dict(), "keys": v.keys} for k, v in self.table.items()}
        tmp = directory / (CORPUS_FILE + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(directory / CORPUS_FILE)

    @classmethod
    def load(cls, directory: Path) -> CorpusEntities:
        corpus = cls()
        try:
            data = json.loads((directory / CORPUS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return corpus
        for key, v in data.items():
            corpus.table[key] = EntityInfo(
                name=v["name"],
                type=v["type"],
                aliases=v.get("aliases", []),
                articles=v.get("articles", 0),
                mentions=v.get("mentions", 0),
                keys=v.get("keys", [key]),
            )
        return corpus
