"""Snippets and highlighting: excerpts as (text, highlighted) segments, never markup."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from spacetui.search.results import Segment

SNIPPET_CHARS = 220


class SegmentFormatter:
    """A Whoosh highlight formatter that returns segments instead of markup."""

    between = " … "

    def format(self, fragments: list[Any], replace: bool = False) -> list[Segment]:
        out: list[Segment] = []
        done = -1  # end of the text already shown: overlapping fragments continue from it
        for fragment in sorted(fragments, key=lambda f: f.startchar):
            text = fragment.text
            if fragment.endchar <= done:
                continue
            if done >= 0 and fragment.startchar > done:
                out.append((self.between, False))
            pos = max(fragment.startchar, done)
            done = fragment.endchar
            for token in sorted(fragment.matches, key=lambda t: t.startchar):
                if token.startchar < pos:
                    continue
                if token.startchar > pos:
                    out.append((text[pos : token.startchar], False))
                out.append((text[token.startchar : token.endchar], True))
                pos = token.endchar
            if fragment.endchar > pos:
                out.append((text[pos : fragment.endchar], False))
        return _squash(out)


def _squash(segments: list[Segment]) -> list[Segment]:
    """Whitespace runs become single spaces (a snippet is one line), also where a run is split
    between two segments (two fragments of a table's row meet in its column gap)."""
    out: list[Segment] = []
    for text, hit in segments:
        text = " ".join(text.split()) if hit else re.sub(r"\s+", " ", text)
        if text.startswith(" ") and out and out[-1][0].endswith(" "):
            out[-1] = (out[-1][0][:-1], out[-1][1])
            if not out[-1][0]:
                out.pop()
        if text:
            out.append((text, hit))
    return out


def segments(text: str, spans: Sequence[tuple[int, int]]) -> list[Segment]:
    """Split ``text`` into (text, highlighted) runs from sorted, non-overlapping spans."""
    out: list[Segment] = []
    pos = 0
    for start, end in spans:
        if start < pos:
            continue
        if start > pos:
            out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    if pos < len(text):
        out.append((text[pos:], False))
    return out


_analyzers: dict[Any, Any] = {}


def _word_analysis() -> re.Pattern[str]:
    """The text fields' tokenizer pattern, without its capture group (findall gives whole words)."""
    words = _analyzers.get("words")
    if words is None:
        from whoosh.analysis.tokenizers import default_pattern

        words = _analyzers["words"] = re.compile(
            default_pattern.pattern.replace("(\\.", "(?:\\."), re.UNICODE
        )
    return words


def _cached_stem(stem: Callable[[str], str] | None) -> Callable[[str], str]:
    """``stem`` (by default the text fields' stem of today's indexes), its answers kept."""
    if stem is None:
        from spacetui.index.analysis import word_stem

        stem = word_stem
    cached = _analyzers.get(stem)
    if cached is None:
        from functools import lru_cache

        cached = _analyzers[stem] = lru_cache(maxsize=50_000)(stem)
    return cached


@dataclass(frozen=True, slots=True)
class TextWords:
    """What a find needs of a text, worked out once per article: its distinct words (lower-cased)
    and its lower-cased copy when that keeps every offset. Each find is then a look-up over a
    few thousand words and one scan in C, not a walk over every word of a 30 MB text."""

    vocabulary: frozenset[str]
    lower: str | None


def text_words(text: str) -> TextWords:
    words = _word_analysis()
    lower = text.lower()
    return TextWords(
        frozenset(w.lower() for w in set(words.findall(text))),
        lower if len(lower) == len(text) else None,
    )


_WORD_CHAR = re.compile(r"[\w\*]")  # what the tokenizer counts as part of a word


def _whole_token(text: str, start: int, end: int) -> bool:
    """Is text[start:end] a whole token as the tokenizer cuts them (runs of word characters,
    single dots inside a word)?"""
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    if before and (
        _WORD_CHAR.match(before[-1])
        or (before[-1] == "." and _WORD_CHAR.match(before[:1]) and len(before) == 2)
    ):
        return False
    return not (
        after
        and (
            _WORD_CHAR.match(after[0]) or (after[0] == "." and len(after) == 2 and _WORD_CHAR.match(after[1]))
        )
    )


def match_spans(
    text: str,
    terms: Sequence[str],
    words: TextWords | None = None,
    stem: Callable[[str], str] | None = None,
) -> list[tuple[int, int]]:
    """Where ``terms`` occur in ``text``: words compared in their index form (lower-cased,
    stemmed by the index's own ``stem``), so a find for "film" also lights up "films" and
    "filming" as the search did. ``words`` is ``text_words(text)`` when the caller keeps it for
    the next find."""
    if not terms or not text:
        return []
    stem = _cached_stem(stem)
    wanted = set(terms)
    if words is None:
        words = text_words(text)
    from spacetui.index.analysis import ACRONYM_MARK, fold_accents, is_acronym_at

    found = {w for w in words.vocabulary if w in wanted or stem(fold_accents(w)) in wanted}
    # an acronym's index form ("us^", index/analysis.py) lights up the word where it is indexed
    # as one: in capitals, not in a line of capitals
    acronyms = {t[: -len(ACRONYM_MARK)] for t in wanted if t.endswith(ACRONYM_MARK)} & words.vocabulary
    spans: list[tuple[int, int]] = []
    if found and words.lower is not None:
        spans = _match_words(text, words.lower, found, found)
    elif found:
        # (lower case changes this text's length, "İ" to "i̇": word by word, as the tokenizer cuts)
        spans = [m.span() for m in _word_analysis().finditer(text) if m.group().lower() in found]
    if acronyms:
        capitals = _match_words(text, text, {a.upper() for a in acronyms})
        spans = sorted(spans + [(a, b) for a, b in capitals if is_acronym_at(text, a, b)])
    return spans


def _match_words(
    text: str, hay: str, alternatives: set[str], lower: set[str] | None = None
) -> list[tuple[int, int]]:
    """Where the whole words ``alternatives`` occur in ``hay`` (``text`` or its lower-cased copy,
    offsets alike); with ``lower``, where the word lower-cased is one of those."""
    if not alternatives:
        return []
    pattern = re.compile("|".join(re.escape(w) for w in sorted(alternatives, key=len, reverse=True)))
    spans = []
    pos = 0
    while m := pattern.search(hay, pos):
        start, end = m.span()
        if _whole_token(text, start, end) and (lower is None or text[start:end].lower() in lower):
            spans.append((start, end))
            pos = end
        else:
            pos = start + 1  # a word inside a longer one: a real token may start within it
    return spans


def score_of(value: Any) -> float:
    """Whoosh gives a tuple of sort keys as the score of sorted results; keep the relevance."""
    if isinstance(value, tuple):
        value = value[-1] if value else 0.0
    try:
        return float(value or 0.0)
    except (TypeError, ValueError):
        return 0.0


def lead(text: str, chars: int = SNIPPET_CHARS) -> list[Segment]:
    text = " ".join(text.split())
    if len(text) > chars:
        cut = text.rfind(" ", 0, chars)
        text = text[: cut if cut > chars // 2 else chars] + " …"
    return [(text, False)] if text else []
