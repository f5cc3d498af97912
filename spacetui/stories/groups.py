"""The saved groups, as readers see them: which articles are copies of one another, which tell
one story. Plain JSON (no datasketch), small: only groups of two or more are written; an article
in none is its own story and has no versions.

A group's id is its first article (earliest date, then id), so ``spacetui story ID`` takes the
story's id or the id of any article in it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STORIES_FILE = "stories.json"
FORMAT = 3


@dataclass(slots=True)
class StoryGroups:
    versions: list[list[str]] = field(default_factory=list)  # copies of one article, first first
    stories: list[list[str]] = field(default_factory=list)  # one story's articles, by date
    index_generation: int = -1  # the Whoosh commit these were worked out for
    state: str = ""  # the linker's own files (signatures), for the next incremental update
    stale: bool = False  # missing or another format: the builder works them out again
    _version_of: dict[str, int] = field(default_factory=dict)
    _story_of: dict[str, int] = field(default_factory=dict)  # where its copies do not say it
    _story_of_copies: list[int] = field(default_factory=list)  # per group of copies (-1: not one)
    _in_versions: int = 0  # articles in a group of copies
    _version_pairs: int = 0  # the sum of each group's size squared

    def __post_init__(self) -> None:
        self._version_of = {a: n for n, group in enumerate(self.versions) for a in group}
        story = {a: n for n, group in enumerate(self.stories) for a in group}
        # Copies are told as one story: a group's story is kept once, and only articles their
        # copies do not place are looked up one by one (at a million articles, nearly all are
        # copies, and a second dictionary of every id was 30 MiB).
        of_copies = []
        for group in self.versions:
            first = story.get(group[0], -1)
            of_copies.append(first if all(story.get(a, -1) == first for a in group) else -1)
        self._story_of_copies = of_copies
        version_of = self._version_of
        self._story_of = {
            a: n for a, n in story.items() if (v := version_of.get(a)) is None or of_copies[v] != n
        }
        # (worked out once: summed over 20,000 groups on every search it cost 1.6 ms of 20)
        self._in_versions = sum(len(g) for g in self.versions)
        self._version_pairs = sum(len(g) * len(g) for g in self.versions)

    # -- reading ------------------------------------------------------------------------------
    def copies_per_article(self, articles: int) -> float:
        """How many articles a result stands for, on average over the index's articles (at least
        1): how much further a collapsed search looks to fill a page."""
        if not self._in_versions or articles <= 0:
            return 1.0
        return max(1.0, (self._version_pairs + articles - self._in_versions) / articles)

    def versions_of(self, article_id: str) -> list[str]:
        """The other copies of an article (exact or near), first one first."""
        n = self._version_of.get(article_id)
        return [] if n is None else [a for a in self.versions[n] if a != article_id]

    def version_numbers(self, article_ids: list[str]) -> list[int]:
        """Each article's group of copies by number (-1: it has no copies)."""
        get = self._version_of.get
        return [get(a, -1) for a in article_ids]

    def version_group(self, article_id: str) -> str:
        """The id of the first copy: what a result list collapses on."""
        n = self._version_of.get(article_id)
        return article_id if n is None else self.versions[n][0]

    def _story(self, article_id: str) -> int | None:
        n = self._story_of.get(article_id)
        if n is None and (v := self._version_of.get(article_id)) is not None:
            n = self._story_of_copies[v]
        return None if n is None or n < 0 else n

    def story_of(self, article_id: str) -> str:
        """The story id of an article (its first article's id; an article alone is its own)."""
        n = self._story(article_id)
        return article_id if n is None else self.stories[n][0]

    def members(self, article_id: str) -> list[str]:
        """The articles of the story that ``article_id`` (a story id or any member) is in, by date."""
        n = self._story(article_id)
        return [article_id] if n is None else list(self.stories[n])

    # -- storage ------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "index_generation": self.index_generation,
            "state": self.state,
            "versions": self.versions,
            "stories": self.stories,
        }

    def save(self, directory: Path) -> None:
        tmp = directory / (STORIES_FILE + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(self.to_json(), fh, ensure_ascii=False)
            fh.flush()
            import os

            os.fsync(fh.fileno())
        tmp.replace(directory / STORIES_FILE)

    @classmethod
    def load(cls, directory: Path) -> StoryGroups:
        try:
            data = json.loads((directory / STORIES_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(stale=True)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return cls(stale=True)
        # One string per id: an article is in a group of copies and in a story, and JSON reads
        # each mention as its own string (at a million articles, 2M strings where 1M do).
        one: dict[str, str] = {}
        return cls(
            versions=[[one.setdefault(a, a) for a in map(str, g)] for g in data.get("versions", [])],
            stories=[[one.setdefault(a, a) for a in map(str, g)] for g in data.get("stories", [])],
            index_generation=int(data.get("index_generation", -1)),
            state=str(data.get("state", "")),
        )
