"""Entities: named-entity extraction at index time, typing, aliases, and corpus-wide counts.

Contract with the index (``spacetui.index.build`` and ``spacetui.search``):

- ``EntityPipeline(overrides_path=..., n_process=...)``: ``annotate(articles)`` fills
  ``Article.ner`` (raw spans; runs spaCy only where ``ner`` is None) and ``Article.entities``
  (canonical, typed, with mention offsets into ``body_text``). ``fingerprint`` changes when the
  user's corrections file or the resolution rules change: the builder then re-resolves every
  stored article from its ``ner`` without re-running NER.
- ``CorpusEntities``: per-corpus counts kept beside the index, updated as articles come and go;
  it also merges keys that mean one entity across articles (``facets``, ``keys_for``).
- ``entity_key(type, name)``: the term stored in the ``entity_key`` field for facets and filters.

Modules: ``ner`` (spaCy loading and batching), ``resolve`` (typing, filtering, aliases),
``dates`` (DATE spans to ISO), ``overrides`` (the user's ``entities.toml``), ``corpus``
(cross-article aliases). Importing this package is cheap: spaCy, dateparser and rapidfuzz load
only when NER or resolution actually runs.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacetui.articles.model import Article, Entity
from spacetui.entities.corpus import CORPUS_FILE, CorpusEntities, EntityInfo, entity_key

# Spans of bodies seen in this run, kept for duplicates up to this many bytes of compact JSON
# (about 300 bytes per news story, so ~200k stories). It used to hold the last 4096 bodies only,
# so a duplicate further back than that (a corpus saved twice, one after the other) ran NER again.
RECENT_BYTES = 64 << 20
# Resolved entities of recent (body, date, spans), as compact JSON, for the same reason: a copy
# of a story skips resolution (deterministic in those and the corrections, fixed for a run).
RESOLVED_BYTES = 96 << 20

__all__ = ["CORPUS_FILE", "CorpusEntities", "EntityInfo", "EntityPipeline", "entity_key", "ner_model"]


def ner_model() -> str:
    """Name and version of the NER model: stored spans are reusable only under the same one."""
    from spacetui.entities.ner import model_version

    return model_version()


@dataclass(slots=True)
class Annotation:
    """A batch started by ``EntityPipeline.start``: its articles and the NER still running."""

    articles: list[Article]
    digests: list[bytes]  # bodies sent to NER, in order
    pending: Any  # ner.PendingSpans, or None when nothing needed NER


class EntityPipeline:
    """NER (spaCy, only where an article has no stored spans) then resolution (always)."""

    def __init__(
        self,
        *,
        overrides_path: Path | None = None,
        n_process: int = 1,
        disabled: frozenset[str] = frozenset(),
    ) -> None:
        from spacetui.entities import overrides

        self.overrides_path = overrides_path
        self.disabled = disabled  # resolution rules switched off (``resolve.RULES``), for measuring
        self.n_process = n_process
        self.overrides = overrides.load(overrides_path)
        self._runner: Any = None
        # body digest -> spans as compact JSON: duplicate articles (the same story saved twice)
        # run NER once. JSON strings, not tuples: ~6x smaller for a run of 100k articles.
        self._recent: dict[bytes, str] = {}
        self._recent_bytes = 0
        self._resolved: dict[bytes, str] = {}
        self._resolved_bytes = 0
        # body digest -> articles waiting for spans already being computed for an earlier batch.
        self._inflight: dict[bytes, list[Article]] = {}
        # folder -> the outlet its stories come from (``sources.folder_outlet``), for stories
        # that name none themselves
        self.folder_outlets: dict[str, str] = {}

    @property
    def fingerprint(self) -> str:
        """Changes with the rules, the model or the corrections file: then re-resolve all."""
        from spacetui.entities.ner import model_version
        from spacetui.entities.rules import RULES_VERSION

        key = f"{RULES_VERSION}|{model_version()}|{self.overrides.digest}|{','.join(sorted(self.disabled))}"
        return hashlib.sha1(key.encode()).hexdigest()[:12]

    def annotate(self, articles: list[Article]) -> None:
        """Fill ``ner`` (where None) and ``entities`` of every article, in place."""
        self.finish(self.start(articles))

    def start(self, articles: list[Article]) -> Annotation:
        """Send the articles that need NER to the worker pool and return at once (NER of small
        batches runs here); ``finish`` completes them. The builder starts batch k+1 before it
        finishes batch k, so resolution and index writing overlap NER. Batches finish in order."""
        todo: dict[bytes, list[Article]] = {}  # body digest -> articles with that exact body
        for a in articles:
            if a.ner is None:
                digest = hashlib.sha1(a.body_text.encode("utf-8", "surrogatepass")).digest()
                known = self._recent.get(digest)
                if known is not None:
                    a.ner = [(s, e, label) for s, e, label in json.loads(known)]
                elif digest in self._inflight:
                    self._inflight[digest].append(a)  # filled when an earlier batch finishes
                else:
                    todo.setdefault(digest, []).append(a)
        pending = None
        if todo:
            if self._runner is None:
                from spacetui.entities.ner import NerRunner

                self._runner = NerRunner(self.n_process)
            for digest, same in todo.items():
                self._inflight[digest] = same
            pending = self._runner.start([same[0].body for same in todo.values()])
        return Annotation(articles, list(todo), pending)

    def finish(self, job: Annotation) -> None:
        """Wait for the job's NER, then resolve its articles."""
        from spacetui.entities.resolve import resolve
        from spacetui.entities.sources import outlet_in_text

        if job.pending is not None:
            for digest, found in zip(job.digests, job.pending.get(), strict=True):
                for article in self._inflight.pop(digest):
                    article.ner = list(found)
                self._remember(digest, found)
        articles = job.articles
        for article in articles:
            spans: list[tuple[int, int, str]] = [tuple(s) for s in article.ner or []]  # type: ignore[misc]
            if not article.source:
                # A wire's sign-off or dateline credit tells the outlet the loader did not know,
                # else the folder the story was saved in.
                article.source = outlet_in_text(article.body_text) or self.folder_source(article.path)
            key = _resolve_key(article.body_text, article.date, article.source, spans, self.disabled)
            known = self._resolved.get(key)
            if known is not None:
                article.entities = [Entity.from_dict(d) for d in json.loads(known)]
                continue
            article.entities = resolve(
                article.body_text,
                spans,
                date=article.date,
                source=article.source,
                overrides=self.overrides,
                disabled=self.disabled,
            )
            encoded = json.dumps(
                [e.to_dict() for e in article.entities], ensure_ascii=False, separators=(",", ":")
            )
            self._resolved[key] = encoded
            self._resolved_bytes += len(encoded)
            while self._resolved_bytes > RESOLVED_BYTES and self._resolved:
                self._resolved_bytes -= len(self._resolved.pop(next(iter(self._resolved))))

    def folder_source(self, path: str) -> str:
        """The outlet of the nearest folder holding ``path`` that has one; "" if none."""
        if not self.folder_outlets or not path:
            return ""
        folder = os.path.dirname(path)
        while folder and folder not in self.folder_outlets:
            parent = os.path.dirname(folder)
            folder = "" if parent == folder else parent
        return self.folder_outlets.get(folder, "")

    def _remember(self, digest: bytes, spans: list[tuple[int, int, str]]) -> None:
        encoded = json.dumps(spans, separators=(",", ":"))
        self._recent[digest] = encoded
        self._recent_bytes += len(encoded)
        while self._recent_bytes > RECENT_BYTES and self._recent:
            # Oldest first (dicts keep insertion order).
            self._recent_bytes -= len(self._recent.pop(next(iter(self._recent))))

    def close(self) -> None:
        """Stop the worker processes, if any (they also stop at exit)."""
        if self._runner is not None:
            self._runner.close()


def _resolve_key(
    text: str, date: str | None, source: str, spans: list[tuple[int, int, str]], disabled: frozenset[str]
) -> bytes:
    rules = ",".join(sorted(disabled))
    h = hashlib.sha1(text.encode("utf-8", "surrogatepass"))
    h.update(f"\x00{date}\x00{source}\x00{rules}\x00{spans!r}".encode("utf-8", "surrogatepass"))
    return h.digest()
