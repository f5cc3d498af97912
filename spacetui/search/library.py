"""Library state on the index's documents: which documents each article's state belongs to, and
the documents an ``is:``/``tag:``/``has:`` term picks."""

from __future__ import annotations

from typing import Any

from spacetui.library import ArticleState, LibrarySnapshot
from spacetui.library.terms import LibraryTerm


def _docs(reader: Any, fieldname: str, text: str) -> list[int]:
    if not text or (fieldname, text) not in reader:
        return []
    return list(reader.postings(fieldname, text).all_ids())


class LibraryDocs:
    """The state of every document that has one, for one reader and one library snapshot.

    A document takes the state of the row with its content hash; failing that (its file was
    edited in place), the newest row with its id.
    """

    def __init__(self, reader: Any, snapshot: LibrarySnapshot) -> None:
        self.snapshot = snapshot
        self.states: dict[int, ArticleState] = {}
        by_content: set[int] = set()
        rows = sorted(snapshot.rows, key=lambda r: r.updated_at)
        for row in rows:
            for d in _docs(reader, "content_hash", row.content_hash):
                self.states[d] = row.state
                by_content.add(d)
        for row in rows:  # newest last: it wins
            for d in _docs(reader, "id", row.article_id):
                if d not in by_content:
                    self.states[d] = row.state

    def having(self, term: LibraryTerm) -> set[int]:
        """The documents with the term's property (whatever ``term.want`` says)."""
        if term.prop == "read":
            return {d for d, s in self.states.items() if s.read}
        if term.prop == "starred":
            return {d for d, s in self.states.items() if s.starred}
        if term.prop == "note":
            return {d for d, s in self.states.items() if s.note}
        if term.prop == "tag":
            if not term.value:
                return {d for d, s in self.states.items() if s.tags}
            return {d for d, s in self.states.items() if term.value in s.tags}
        raise ValueError(f"unknown library property {term.prop!r}")
