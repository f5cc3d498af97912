""" "Did you mean": spelling suggestions for words the index does not have."""

from __future__ import annotations

from typing import Any

from spacetui.search.query import WORD


def suggest(searcher: Any, text: str) -> str | None:
    words = WORD.findall(text)
    changed = False
    out: list[str] = []
    analyzer = searcher.schema["body"].analyzer
    for word in words:
        if (
            len(word) < 3
            or len(word) > 40  # no real word is this long; its automaton takes seconds
            or len(out) >= 32  # a pasted wall of text: correct its first words only
            or not list(analyzer(word))  # a stop word: never indexed, nothing to correct
            or searcher.doc_frequency("body", word)
            or searcher.doc_frequency("title", word)
        ):
            out.append(word)
            continue
        try:
            # From the right first letter: the whole lexicon of a big index takes seconds.
            suggestions = searcher.suggest("body", word, limit=1, maxdist=2, prefix=1)
        except Exception:
            suggestions = []
        if suggestions and suggestions[0] != word:
            out.append(suggestions[0])
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else None
