"""What the learned unit classifier reads of each unit: length, punctuation, function words,
title case, template phrases, repeats, lists, position, and the same of its neighbours."""

from __future__ import annotations

import math

from spacetui.articles.cleaning.scoring import weigh_by_neighbourhood
from spacetui.articles.cleaning.segment import Unit, is_cap
from spacetui.articles.cleaning.words import URLISH, final_mark
from spacetui.articles.furniture import FUNCTION_WORDS, STRONG_PHRASES, WEAK_WORDS

NEIGHBOURS = 3  # units each side whose prose share describes a unit's surroundings

FEATURES = [
    "log_words", "function_share", "caps_share", "ends_sentence", "template_phrases", "weak_share",
    "repeated", "template", "furniture", "listed", "urlish", "digit_share", "glued_before",
    "position", "rule_score", "prev_ends", "next_ends", "prev_function", "next_function",
    "around_prose", "around_words", "rule_weighted",
]  # fmt: skip


def _signed_log(v: float) -> float:
    return math.copysign(math.log1p(abs(v)), v)


def _own(u: Unit) -> list[float]:
    n = len(u.words)
    lower = [w.lower() for w in u.words]
    return [
        math.log1p(n),
        sum(w in FUNCTION_WORDS for w in lower) / n if n else 0.0,
        sum(is_cap(w) for w in u.words[1:]) / max(1, n - 1),
        float(final_mark(u.text) in ".!?…:;"),
        float(min(2, len(STRONG_PHRASES.findall(u.text)))),
        sum(w in WEAK_WORDS for w in lower) / n if n else 0.0,
        float(u.repeated),
        float(u.template),
        float(u.furniture),
        float(u.listed),
        float(bool(URLISH.search(u.text))),
        sum(c.isdigit() for c in u.text) / max(1, len(u.text)),
        float(u.glued_before),
    ]


def unit_features(units: list[Unit]) -> list[list[float]]:
    """One row of :data:`FEATURES` per unit (after the rule scoring set its flags and value)."""
    own = [_own(u) for u in units]
    # the rules' score after their neighbourhood weighting, the values left as they were
    plain = [u.value for u in units]
    weigh_by_neighbourhood(units)
    weighted = [u.value for u in units]
    for u, v in zip(units, plain, strict=True):
        u.value = v
    n = len(units)
    rows = []
    for i, u in enumerate(units):
        prev = own[i - 1] if i else [0.0] * len(own[0])
        nxt = own[i + 1] if i + 1 < n else [0.0] * len(own[0])
        lo, hi = max(0, i - NEIGHBOURS), min(n, i + NEIGHBOURS + 1)
        around = [units[j] for j in range(lo, hi) if j != i]
        words = sum(len(a.words) for a in around)
        prose = sum(len(a.words) for a in around if a.prose) / words if words else 0.0
        rows.append(
            [
                *own[i],
                i / max(1, n - 1),
                _signed_log(u.value),
                prev[3],
                nxt[3],
                prev[1],
                nxt[1],
                prose,
                math.log1p(words),
                _signed_log(weighted[i]),
            ]
        )
    return rows
