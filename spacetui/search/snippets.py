"""Snippets and highlighting: excerpts as (text, highlighted) segments, never markup."""

from __future__ import annotations

import re
from collections.abc import Sequence
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
    """Whitespace runs become single spaces (a snippet is one line)."""
    out: list[Segment] = []
    for text, hit in segments:
        text = " ".join(text.split()) if hit else re.sub(r"\s+", " ", text)
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


_analyzers: dict[str, Any] = {}


def match_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Where ``terms`` occur in ``text``: words compared in their index form (lower-cased,
    stemmed), so a find for "film" also lights up "films" and "filming" as the search did."""
    if not terms or not text:
        return []
    stem = _analyzers.get("stem")
    if stem is None:
        # The text fields' tokenizer and stemmer, without building a Token per word: a
        # 5,000-word article is scanned in a few milliseconds.
        from functools import lru_cache

        from whoosh.analysis.tokenizers import default_pattern
        from whoosh.lang import stemmer_for_language

        _analyzers["pattern"] = re.compile(default_pattern.pattern, re.UNICODE)
        stem = _analyzers["stem"] = lru_cache(maxsize=50_000)(stemmer_for_language("en"))
    wanted = set(terms)
    spans = []
    for m in _analyzers["pattern"].finditer(text):
        word = m.group().lower()
        if word in wanted or stem(word) in wanted:
            spans.append(m.span())
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
