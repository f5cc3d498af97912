"""What the library keeps about an article, and how an article is named to it (no SQL here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacetui.articles.model import Article

LIBRARY_FILE = "library.sqlite3"  # in the index folder, beside CURRENT (a rebuild keeps it)
NOTE_MAX_CHARS = 2000  # a short note, not a second article
TAG_MAX_CHARS = 64


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """An article as the library knows it.

    ``content_hash`` (of the file's bytes, or of a JSON record) is the identity: it survives
    ``--rebuild``, a cleaning change and a moved folder. ``id`` (path-based for files) finds
    the article again after its file was edited in place.
    """

    id: str
    content_hash: str
    path: str = ""
    title: str = ""

    @classmethod
    def of(cls, article: Article) -> ArticleRef:
        return cls(article.id, article.content_hash, article.path, article.title)


@dataclass(frozen=True, slots=True)
class ArticleState:
    read: bool = False
    starred: bool = False
    tags: tuple[str, ...] = ()
    note: str = ""

    @property
    def empty(self) -> bool:
        return not (self.read or self.starred or self.tags or self.note)

    def to_dict(self) -> dict[str, Any]:
        return {"read": self.read, "starred": self.starred, "tags": list(self.tags), "note": self.note}


NO_STATE = ArticleState()

_TAG_JUNK = re.compile(r'[\s,"()]+')


def normalise_tag(text: str) -> str:
    """A tag as stored and searched: lower case, no spaces, commas, quotes or brackets ("" if
    nothing is left). ``Climate Change`` and ``climate-change`` are one tag."""
    tag = _TAG_JUNK.sub("-", text.strip().casefold()).strip("-+")
    return tag[:TAG_MAX_CHARS]


def parse_tags(text: str) -> list[str]:
    """Tags typed in one line, separated by spaces or commas, each normalised, in order, once."""
    return list(dict.fromkeys(t for t in (normalise_tag(p) for p in re.split(r"[\s,]+", text)) if t))


def clean_note(text: str) -> str:
    """A note as stored: one paragraph of plain text, at most NOTE_MAX_CHARS."""
    return " ".join(text.split())[:NOTE_MAX_CHARS]
