"""Library state on the index's documents: which documents each article's state belongs to, and
the documents an ``is:``/``tag:``/``has:`` term picks."""

from __future__ import annotations

from typing import Any

from whoosh.reading import TermNotFound

from spacetui.library import ArticleState, LibrarySnapshot
from spacetui.library.terms import LibraryTerm


class LibraryDocs:
    """The state of every document that has one, for one reader and one library snapshot.

    A document takes the state of the row with its content hash; a row whose content is in no
    document (its file was edited in place) gives its state to the document with its id.
    ``memo`` keeps the documents of each hash and id looked up in this reader, so a new
    snapshot (every change to the library) costs dictionary lookups, not index lookups.
    """

    def __init__(
        self, reader: Any, snapshot: LibrarySnapshot, memo: dict[tuple[str, str], tuple[int, ...]]
    ) -> None:
        self.snapshot = snapshot
        self.states: dict[int, ArticleState] = {}

        def docs(fieldname: str, text: str) -> tuple[int, ...]:
            key = (fieldname, text)
            found = memo.get(key)
            if found is None:
                try:
                    found = tuple(reader.postings(fieldname, text).all_ids()) if text else ()
                except TermNotFound:
                    found = ()
                memo[key] = found
            return found

        by_content: set[int] = set()
        edited = []
        for row in sorted(snapshot.rows, key=lambda r: r.updated_at):
            found = docs("content_hash", row.content_hash)
            if not found:
                edited.append(row)
            for d in found:
                self.states[d] = row.state
                by_content.add(d)
        for row in edited:  # newest last: it wins
            for d in docs("id", row.article_id):
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
