"""What a search gives back: plain dataclasses, no Whoosh in them (the app imports these).

Text comes back as segments ``(text, highlighted)`` so no caller ever parses markup out of
article text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacetui.entities import EntityInfo
from spacetui.library.state import NO_STATE, ArticleState
from spacetui.safetext import display_text

Segment = tuple[str, bool]  # (text, is a hit)


@dataclass(slots=True, frozen=True)
class Filter:
    """A restriction on results: an entity, a source or an author (shown as a chip)."""

    kind: str  # "entity", "source", "author"
    value: str
    type: str = ""  # entity type, for kind == "entity"

    @classmethod
    def entity(cls, type_: str, name: str) -> Filter:
        return cls("entity", name, type_)

    @property
    def label(self) -> str:
        return f"{self.type}: {self.value}" if self.kind == "entity" else f"{self.kind}: {self.value}"


@dataclass(slots=True)
class Hit:
    id: str
    title: str
    date: str | None
    source: str
    authors: list[str]
    path: str
    words: int
    score: float
    title_segments: list[Segment] = field(default_factory=list)
    snippet: list[Segment] = field(default_factory=list)
    content_hash: str = ""  # the article's identity to the library
    state: ArticleState = NO_STATE  # read, starred, tags, note
    group: str = ""  # its story's id (its own id when no other article tells the story)
    versions: list[str] = field(default_factory=list)  # ids of its copies (exact or near)

    @property
    def snippet_text(self) -> str:
        return "".join(t for t, _ in self.snippet)

    def to_dict(self) -> dict[str, Any]:
        """For JSON output: every string through the terminal rules of the plain output (no
        control or escape sequence survives into ``jq -r``)."""
        return {
            "id": display_text(self.id),
            "title": display_text(self.title),
            "date": self.date,
            "source": display_text(self.source),
            "authors": [display_text(a) for a in self.authors],
            "path": display_text(self.path),
            "words": self.words,
            "score": round(self.score, 4),
            "snippet": display_text(self.snippet_text),
            "highlights": [display_text(t) for t, hit in self.snippet if hit],
            **state_dict(self.state),
            "group": display_text(self.group or self.id),
            "versions": [display_text(v) for v in self.versions],
        }


@dataclass(slots=True)
class EntityCounts:
    """The entities named in a search's matches: the most named of each type, each with the
    number of matching articles that name it, and how many entities of each type they name."""

    entities: list[EntityInfo] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)  # type -> entities of it named


@dataclass(slots=True)
class SearchResult:
    query: str
    filters: tuple[Filter, ...] = ()
    sort: str = "relevance"
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    offset: int = 0
    limit: int = 0  # the results asked for, from ``offset``
    error: str | None = None  # the query could not be run; say why and how to fix it
    suggestion: str | None = None  # "did you mean"
    # Nothing found: each clause that leaves out every article the rest of the query finds
    # ("-musk", "date:1987-05"), with how many that is.
    left_out: list[tuple[str, int]] = field(default_factory=list)
    # The words a "did you mean" would correct, when the search was run without working it out
    # (``suggest=False``: the app asks for it once typing pauses).
    to_correct: str | None = None
    notices: list[str] = field(default_factory=list)  # e.g. expansion capped, OR fallback
    facets: list[EntityInfo] = field(default_factory=list)  # the most named of each type
    entity_totals: dict[str, int] = field(default_factory=dict)  # entities of each type named
    elapsed_ms: float = 0.0
    terms: list[str] = field(default_factory=list)  # what a reading pane should highlight
    # Copies collapsed under one result: ``total`` still counts every matching article;
    # ``folded`` is how many matching copies were folded into this page's results (each hit's
    # ``versions`` names all its copies, matching or not).
    collapsed: bool = False
    folded: int = 0
    # Of the total, how many have all the words, where the rest have only some ("chelsea
    # mourinho": 69 results, 20 with both); None when every result has them all.
    all_words: int | None = None
    matched: Any = None  # every matching document, in the ranker's form (timeline, sidebar counts)
    timeline: Any = None  # a stories.timeline.Timeline of them, when the app asked for one

    @property
    def ok(self) -> bool:
        return self.error is None

    def left_out_said(self) -> list[str]:
        """``left_out`` in words, safe to show: "“-musk” leaves out both articles ..."."""
        said = []
        for clause, n in self.left_out:
            what = "the one article" if n == 1 else "both articles" if n == 2 else f"all {n:,} articles"
            said.append(f"“{display_text(clause)}” leaves out {what} the rest of the query finds.")
        return said

    def to_dict(self) -> dict[str, Any]:
        def safe(text: str | None) -> str | None:
            return None if text is None else display_text(text)

        return {
            "query": display_text(self.query),
            "filters": [
                {"kind": f.kind, "type": f.type or None, "value": display_text(f.value)} for f in self.filters
            ],
            "sort": self.sort,
            "total": self.total,  # matching articles, copies included
            "all_words": self.all_words,  # of them, those with every word (null: all of them)
            "shown": len(self.hits),  # results on this page (one per group of copies when collapsed)
            "collapsed": self.collapsed,
            "folded": self.folded,
            "offset": self.offset,
            "error": safe(self.error),
            "suggestion": safe(self.suggestion),
            "left_out": [{"clause": display_text(c), "articles": n} for c, n in self.left_out],
            "notices": [display_text(n) for n in self.notices],
            "hits": [h.to_dict() for h in self.hits],
            # counted over the matching articles (corpus-wide mention counts would mislead here)
            "facets": [
                {
                    "name": display_text(f.name),
                    "type": f.type,
                    "aliases": [display_text(a) for a in f.aliases],
                    "articles": f.articles,
                }
                for f in self.facets
            ],
            # how many entities of each type the matching articles name ("facets" lists the
            # most named of each type, up to 100)
            "entity_totals": self.entity_totals,
            "elapsed_ms": round(self.elapsed_ms, 2),
        }


OUTDATED = (
    "This index was built by an older spacetui: run `spacetui index` to bring it up to date "
    "(until then it answers, and lists entities, by the old rules)."
)


@dataclass(slots=True)
class IndexStatus:
    path: Path
    articles: int
    roots: list[str]
    updated: str | None
    generation: str
    # built by an older spacetui (another schema): it answers, but by the old rules until the
    # next `spacetui index` rebuilds it
    outdated: bool = False


def state_dict(state: ArticleState) -> dict[str, Any]:
    """The library state for JSON output (``read``, ``starred``, ``tags``, ``note``)."""
    data = state.to_dict()
    data["tags"] = [display_text(t) for t in data["tags"]]
    data["note"] = display_text(data["note"])
    return data


class QueryError(Exception):
    """A query the user must fix; the message says how."""


class Superseded(Exception):
    """A newer search took this one's place while it ran: what is left of it is not wanted."""
