"""Prefixes and wildcards read against the words as written, not their stems.

The text fields index stems ("cruise" is "cruis", "hoping" is "hope"), so a pattern matched
against the stems misses the words it spells: ``cr?ise`` found nothing, and with Porter2's stems
``organi?ation`` found 33 Reuters stories where 438 say "organisation" or "organization" (whose
stem was "organ"). Whoosh keeps each stemmed field's words as written in a spelling field
(``spell_title``, ``spell_body``); a pattern is matched there, and each word it finds stands for
the term that word is indexed as, in each text field (the standfirst keeps no words of its own:
its words are mostly the body's).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh import query as wq

from spacetui.search.query import TEXT_FIELDS
from spacetui.search.whoosh_internals import expansion_terms

# where the words as written are kept: a word found in either stands for its term in every text
# field ("DIFFER" in a headline is a form of "different" said only in bodies)
_WRITTEN_WORDS = ("spell_body", "spell_title")


def written_pattern(fieldname: str, written: str, stemmed: str, termclass: Any, boost: float) -> Any:
    """The pattern query for ``written`` (as typed, lower case) in a stemmed field, or None
    where the field keeps no words as written."""
    if fieldname not in TEXT_FIELDS or not written.strip("*?"):
        return None
    if termclass is wq.Prefix:
        return WrittenPrefix(fieldname, written, stemmed, boost=boost)
    if termclass is wq.Wildcard:
        return WrittenWildcard(fieldname, written, stemmed, boost=boost)
    return None


def _field_terms(query: Any, base: Any, reader: Any) -> Iterator[bytes]:
    """The field's terms whose written words match the pattern: each word found in the
    spelling fields, analysed as the field indexes it, once."""
    names = [n for n in _WRITTEN_WORDS if n in reader.indexed_field_names()]
    if not names:
        # an index written without spelling fields: the stemmed pattern, as Whoosh reads it
        yield from expansion_terms(base(query.fieldname, query.stemmed), reader)
        return
    field = reader.schema[query.fieldname]
    seen: set[bytes] = set()
    for name in names:
        for bword in expansion_terms(base(name, query.text), reader):
            word = bword.decode("utf-8", "replace")
            for term in field.process_text(word, mode="index"):
                btext = field.to_bytes(term)
                if btext not in seen:
                    seen.add(btext)
                    if (query.fieldname, btext) in reader:
                        yield btext


class _Written:
    """A pattern typed by the user (``text``, lower case) over a stemmed field, with the stem
    the field's analyzer makes of it (``stemmed``, for indexes without spelling fields)."""

    fieldname: str
    text: str
    boost: float
    stemmed: str

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and (self.fieldname, self.text, self.boost, self.stemmed) == (
            other.fieldname,
            other.text,
            other.boost,
            other.stemmed,
        )

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.fieldname, self.text, self.boost, self.stemmed))

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}({self.fieldname!r}, {self.text!r}, {self.stemmed!r}, boost={self.boost})"


# Whoosh asks a pattern query for its terms through ``_btexts`` (whoosh_internals checks the name)


class WrittenPrefix(_Written, wq.Prefix):
    def __init__(self, fieldname: str, text: str, stemmed: str, boost: float = 1.0) -> None:
        wq.Prefix.__init__(self, fieldname, text, boost=boost)
        self.stemmed = stemmed

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        return _field_terms(self, wq.Prefix, ixreader)


class WrittenWildcard(_Written, wq.Wildcard):
    def __init__(self, fieldname: str, text: str, stemmed: str, boost: float = 1.0) -> None:
        wq.Wildcard.__init__(self, fieldname, text, boost=boost)
        self.stemmed = stemmed

    def normalize(self) -> Any:
        return self if self.text != "*" else wq.Every(self.fieldname, boost=self.boost)

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        return _field_terms(self, wq.Wildcard, ixreader)
