""" "Did you mean": spelling suggestions from the index's own vocabulary.

A word the index does not have is replaced by the indexed word nearest to it (edit distance,
transpositions counting one, sound-alike letters half), the most frequent of equally near ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacetui.index.analysis import is_stop_word
from spacetui.search.query import WORD
from spacetui.search.results import Superseded

SPELLING_FIELDS = ("body", "title")


# Letters that spell one sound: typing one for the other is the likeliest misspelling ("opek"
# for "opec" before "open"), so swapping them costs half an edit.
SOUND_ALIKE = frozenset({("c", "k"), ("k", "c"), ("c", "q"), ("q", "c"), ("k", "q"), ("q", "k"),
                         ("s", "z"), ("z", "s"), ("i", "y"), ("y", "i")})  # fmt: skip


def _substitution(a: str, b: str) -> float:
    if a == b:
        return 0.0
    return 0.5 if (a, b) in SOUND_ALIKE else 1.0


def edit_distance(a: str, b: str) -> float:
    """Optimal string alignment distance (a swap of two neighbours is one edit; a sound-alike
    letter for another, half of one)."""
    prev2: list[float] = []
    prev: list[float] = [float(n) for n in range(len(b) + 1)]
    for i, ca in enumerate(a, 1):
        cur: list[float] = [float(i)] + [0.0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + _substitution(ca, cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _spelling_field(schema: Any, fieldname: str) -> str:
    field = schema[fieldname]
    return field.spelling_fieldname(fieldname) if field.separate_spelling() else fieldname


MAX_EDITS = 2
Vocabulary = dict[tuple[str, str], list[str]]  # (field, first letter) -> the index's words


def _near_words(
    reader: Any, fieldname: str, word: str, vocabulary: dict[tuple[str, str], list[str]]
) -> list[str]:
    """The field's words within two edits of ``word`` that start with its first letter (the
    whole lexicon of a big index takes seconds). Each letter's words are read from the index
    once per state of it (``vocabulary``, kept by the caller): reading and comparing them took
    ~0.15 s a field for every word checked at 100k articles."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    key = (fieldname, word[0])
    words = vocabulary.get(key)
    if words is None:
        spelt = (
            t.decode("utf-8", "replace") if isinstance(t, bytes) else str(t)
            for t in reader.expand_prefix(fieldname, word[0])
        )
        # (stop words are indexed for phrases, but "the" for "thw" would search for nothing)
        words = vocabulary[key] = [w for w in spelt if not is_stop_word(w)]
    # (in C over the letter's words: a Python step per word was ~2/3 of a suggestion at 1M)
    found = process.extract(word, words, scorer=OSA.distance, score_cutoff=MAX_EDITS, limit=None)
    return [w for w, _, _ in found]


def suggest(
    searcher: Any,
    text: str,
    vocabulary: dict[tuple[str, str], list[str]] | None = None,
    stop: Callable[[], bool] | None = None,
) -> str | None:
    """``text`` with each word the index does not have replaced by its nearest indexed word, or
    None if none was. ``vocabulary`` keeps words read from the index between calls (for one
    state of the index only). ``stop`` is asked before each word and as its candidates are
    weighed: when it says so (the user typed on), Superseded is raised."""
    vocabulary = {} if vocabulary is None else vocabulary
    schema = searcher.schema
    fields = [_spelling_field(schema, f) for f in SPELLING_FIELDS if f in schema]
    reader = searcher.reader()
    analyzer = schema["body"].analyzer

    def frequency(word: str) -> int:
        return sum(searcher.doc_frequency(f, word) for f in fields)

    changed = False
    out: list[str] = []
    nearest: dict[str, str] = {}  # (a word pasted 300 times is looked up once: it took 19 s)
    for word in WORD.findall(text):
        if stop is not None and stop():
            raise Superseded
        if word in nearest:
            out.append(nearest[word])
            changed = changed or nearest[word] != word
            continue
        if (
            len(word) < 3
            or len(word) > 40  # no real word is this long; its automaton takes seconds
            or len(out) >= 32  # a pasted wall of text: correct its first words only
            or not list(analyzer(word))  # a stop word: never indexed, nothing to correct
            or frequency(word)
        ):
            out.append(word)
            continue
        candidates: set[str] = set()
        for f in fields:
            try:
                candidates.update(_near_words(reader, f, word, vocabulary))
            except Exception:  # a field this index does not have
                continue
        # The nearest; of those, the most frequent (a frequency is a look-up in each field, and a
        # short word has hundreds of candidates within two edits).
        distance: dict[str, float] = {}
        for n, c in enumerate(candidates):
            if n % 64 == 0 and stop is not None and stop():
                raise Superseded  # (a short word has hundreds: tens of ms)
            distance[c] = edit_distance(word, c)
        least = min(distance.values(), default=0.0)
        nearest_ones = [c for c, d in distance.items() if d == least]
        nearest[word] = min(nearest_ones, key=lambda c: (-frequency(c), c)) if nearest_ones else word
        out.append(nearest[word])
        changed = changed or nearest[word] != word
    return " ".join(out) if changed else None
