"""Phrases: a quoted phrase, or a word the analyzer splits ("kilroy-silk"), read with its stop words.

The index keeps stop words in their places (index/analysis.py), so ``"house of representatives"``
is the three words in a row, not "White House representatives", and ``"in the red"`` is not
"red". A query's loose words leave stop words out; a phrase keeps them.

An index built before indexed no stop words, and its stored analyzer leaves them out of a phrase
too: a phrase always matches the way its index was written.
"""

from __future__ import annotations

from typing import Any

PHRASE_MODE = "phrase"  # the analyzer's mode for a phrase's words (stop words kept)


def phrase_query(
    field: Any, fieldname: str, text: str, *, slop: int = 1, boost: float = 1.0, start: int = 0
) -> Any:
    """The query for ``text`` as a phrase in one field: a term for one word, else Whoosh's phrase
    of the words as the field's analyzer indexes them. ``start``: where ``text`` begins in the
    typed query (for highlighting)."""
    from whoosh import query as wq

    # (the analyzer yields one token object over and over: copy what is needed as it goes)
    tokens = [
        (t.text, start + t.startchar, start + t.endchar)
        for t in field.tokenize(text, mode=PHRASE_MODE, chars=True)
    ]
    if not tokens:
        return wq.NullQuery
    if len(tokens) == 1:
        return wq.Term(fieldname, tokens[0][0], boost=boost)
    words = [word for word, _, _ in tokens]
    char_ranges = [(a, b) for _, a, b in tokens]
    return wq.Phrase(fieldname, words, slop=slop, boost=boost, char_ranges=char_ranges)
