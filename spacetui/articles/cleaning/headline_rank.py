"""The learned headline ranker: title-like spans of a page's head as candidates, each described
by features (agreement with the <title> and its repeat, distance to the body, length, case,
function words, separators, menu words around it), scored by a logistic regression whose
coefficients are data (``headline_weights.json``, written by ``benchmarks/train_headline.py``)
and applied in plain Python."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacetui.articles.cleaning.date import find_dates
from spacetui.articles.cleaning.logistic import Weights
from spacetui.articles.cleaning.segment import is_cap
from spacetui.articles.cleaning.site import is_slogan
from spacetui.articles.cleaning.words import QUOTES, SEP_TOKENS, TITLE_TOKENS, URLISH, final_mark
from spacetui.articles.furniture import FUNCTION_WORDS, STRONG_PHRASES, WEAK_WORDS

WEIGHTS = Path(__file__).with_name("headline_weights.json")

HEADLINE_FEATURES = [
    "log_words", "short", "rule_pick", "contains_rule", "inside_rule", "in_title", "starts_text",
    "whole_line", "log_repeats", "title_repeated_later", "repeated_near_body", "log_to_body",
    "after_body", "caps_share", "function_share", "weak_share", "ends_sentence", "inner_seps",
    "prev_sep", "next_sep", "prev_break", "next_break", "prev_menu", "next_menu", "template_phrase",
    "dated", "code_like", "footer_share", "lower_start", "ends_function", "one_line", "slogan",
    "inner_sentence_end",
]  # fmt: skip

MAX_WORDS = 30  # in a headline
NEAR_BODY = 120  # tokens before the body start where the page's <h1> and headline lines sit
_CODE = re.compile(r"[=<>{};]|\w\.\w+/|^/")


@dataclass(frozen=True, slots=True)
class Candidate:
    """Tokens ``[start, end)`` of the page's head: a span that might be the headline."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class _Head:
    toks: list[str]
    folded: list[str]
    breaks: list[bool]  # a line break before the token
    body: int  # token index where the body starts
    title_end: int  # tokens of the <title> (the first line, or a one-line page's first tokens)
    every: list[str]  # the whole text's folded tokens, to count repeats
    where: dict[str, list[int]]  # each folded token's places in ``every``
    footer: frozenset[str]
    one_line: bool

    def places(self, key: list[str]) -> list[int]:
        """Where the whole text says the folded words ``key``."""
        n = len(key)
        if not n:
            return []
        return [i for i in self.where.get(key[0], []) if self.every[i : i + n] == key]


def _fold(tok: str) -> str:
    return tok.translate(QUOTES).casefold().strip("'\".,:;!?()[]")


def _menu(tok: str) -> bool:
    return tok[:1].isupper() and tok.lower().strip(".,:;") in WEAK_WORDS


def _head(text: str, body_char: int) -> _Head:
    toks: list[str] = []
    breaks: list[bool] = []
    body = -1
    last = 0
    for m in re.finditer(r"\S+", text):
        if body < 0 and m.start() >= body_char:
            body = len(toks)
        if body >= 0 and len(toks) > body + MAX_WORDS:
            break
        toks.append(m.group())
        breaks.append("\n" in text[last : m.start()])
        last = m.end()
    if body < 0:
        body = len(toks)
    one_line = "\n" not in text.strip()
    first_break = next((i for i in range(1, len(toks)) if breaks[i]), len(toks))
    title_end = min(TITLE_TOKENS, len(toks)) if one_line else first_break
    folded = [_fold(t) for t in toks]
    every = [_fold(t) for t in text.split()]
    where: dict[str, list[int]] = {}
    for i, t in enumerate(every):
        where.setdefault(t, []).append(i)
    footer = frozenset(_fold(t) for t in text[-500:].split() if t[:1].isupper())
    return _Head(toks, folded, breaks, body, title_end, every, where, footer, one_line)


def _starts(h: _Head) -> list[int]:
    """Where a headline may start: the text's start, a line's, a capitalised word, after a
    separator, a sentence's end or a menu word; in the <title> or near the body."""
    n = len(h.toks)
    lo = max(0, h.body - NEAR_BODY)
    out = []
    for i in range(n):
        if i >= h.title_end and i < lo:
            continue
        prev = h.toks[i - 1] if i else ""
        if (
            i == 0
            or h.breaks[i]
            or prev in SEP_TOKENS
            or prev[-1:] in ".!?:»"
            or _menu(prev)
            or h.toks[i][:1].isupper()
            or h.toks[i][:1].isdigit()
        ):
            out.append(i)
    return out


def _ends_at(h: _Head, e: int) -> bool:
    """A span may end before token ``e``: the text's end or a line's, a separator, a menu word,
    the body start, or after a sentence's end."""
    if e >= len(h.toks) or e == h.body or e == h.title_end:
        return True
    nxt, last = h.toks[e], h.toks[e - 1]
    return h.breaks[e] or nxt in SEP_TOKENS or last[-1:] in ".!?" or _menu(nxt) or nxt[:1].isupper()


def _sentence_ends_inside(toks: list[str], s: int, e: int) -> bool:
    """A sentence ends inside ``toks[s:e]`` and another begins: no headline ("... next year
    Councillor Jane Smith said ... angry. Councillor" is a headline run on into the story)."""
    return any(
        toks[k][-1:] in ".!?" and len(toks[k]) > 3 and toks[k + 1][:1].isupper() for k in range(s, e - 1)
    )


def _cuts_a_name(toks: list[str], s: int, e: int) -> bool:
    """A span in sentence case ends inside a name: between two capitalised words whose run goes
    on, within a word or two, into lower case ("... next year Councillor Jane | Smith said").
    A run that goes on in capitals is the menu's ("... in Durham | Home News Sport")."""
    if e >= len(toks) or e - s < 2 or not (toks[e - 1][:1].isupper() and toks[e][:1].isupper()):
        return False
    if not toks[e - 1][-1:].isalpha() or _menu(toks[e]):
        return False
    r = e
    while r < len(toks) and r - e < 3 and toks[r][:1].isupper():
        r += 1
    if r >= len(toks) or not toks[r][:1].islower():
        return False
    return any(t[:1].islower() and t.lower() not in FUNCTION_WORDS for t in toks[s:e])


def candidates(text: str, body_char: int, rule_title: str) -> list[Candidate]:
    """The page's title-like spans, the rules' headline among them (first)."""
    h = _head(text, body_char)
    out: dict[tuple[int, int], Candidate] = {}
    for s in _starts(h):
        if h.toks[s] in SEP_TOKENS:
            continue
        for e in range(s + 1, min(len(h.toks), s + MAX_WORDS) + 1):
            if any(h.breaks[k] for k in range(s + 1, e)):
                break
            if e > h.body + 2 and s < h.body:
                break
            if h.toks[e - 1] in SEP_TOKENS or not _ends_at(h, e):
                continue
            if _sentence_ends_inside(h.toks, s, e):
                break  # and so does every longer span from here
            if _cuts_a_name(h.toks, s, e):
                continue
            out[(s, e)] = Candidate(" ".join(h.toks[s:e]), s, e)
    cands = list(out.values())
    if rule_title:
        cands.insert(0, Candidate(rule_title, -1, -1))
    return cands


def features(text: str, body_char: int, rule_title: str, cands: list[Candidate]) -> list[list[float]]:
    """One row of :data:`HEADLINE_FEATURES` a candidate."""
    h = _head(text, body_char)
    rule_key = " ".join(_fold(t) for t in rule_title.split())
    near_lo = max(0, h.body - NEAR_BODY)
    rows = []
    for c in cands:
        words = c.text.split()
        key_toks = [_fold(t) for t in words]
        key = " ".join(key_toks)
        n = len(words)
        places = h.places(key_toks)
        s, e = c.start, c.end
        if s < 0:  # the rules' own pick: where the page first says it
            s = places[0] if places else 0
            e = s + n
        lower = [w.lower().strip(".,:;!?") for w in words]
        prev = h.toks[s - 1] if 0 < s <= len(h.toks) else ""
        nxt = h.toks[e] if e < len(h.toks) else ""
        repeats = len(places) - 1
        near = sum(near_lo <= i and i + n <= h.body for i in places) - (near_lo <= s and e <= h.body)
        near_repeat = float(near > 0)
        caps = [w for w in words if w[:1].isalpha()]
        rows.append(
            [
                math.log1p(n),
                float(n <= 2),
                float(key == rule_key),
                float(bool(rule_key) and f" {rule_key} " in f" {key} " and key != rule_key),
                float(bool(key) and f" {key} " in f" {rule_key} " and key != rule_key),
                float(e <= h.title_end),
                float(s == 0),
                float((s == 0 or h.breaks[s]) and (e >= len(h.toks) or h.breaks[e])),
                math.log1p(max(0, repeats)),
                float(e <= h.title_end and repeats > 0),
                near_repeat,
                math.log1p(max(0, h.body - e)),
                float(s >= h.body),
                sum(is_cap(w) for w in caps) / max(1, len(caps)),
                sum(w in FUNCTION_WORDS for w in lower) / max(1, n),
                sum(w in WEAK_WORDS for w in lower) / max(1, n),
                float(final_mark(c.text) in ".!?"),
                float(min(3, sum(w in SEP_TOKENS for w in words))),
                float(prev in SEP_TOKENS),
                float(nxt in SEP_TOKENS),
                float(s == 0 or (s < len(h.breaks) and h.breaks[s])),
                float(e >= len(h.toks) or h.breaks[e]),
                float(_menu(prev)),
                float(_menu(nxt) or bool(STRONG_PHRASES.match(" ".join(h.toks[e : e + 4])))),
                float(bool(STRONG_PHRASES.search(c.text))),
                float(bool(find_dates(c.text))),
                float(bool(URLISH.search(c.text) or _CODE.search(c.text))),
                sum(_fold(w) in h.footer for w in words if w[:1].isupper()) / max(1, n),
                float(c.text[:1].islower()),
                float(bool(lower) and lower[-1] in FUNCTION_WORDS),
                float(h.one_line),
                float(is_slogan(c.text)),
                # "... next year Councillor Jane Smith said ... angry. Councillor": a headline holds no
                # sentence's end followed by another sentence
                float(_sentence_ends_inside(words, 0, len(words))),
            ]
        )
    return rows


@lru_cache(maxsize=1)
def stored_weights() -> Weights:
    return Weights.from_json(json.loads(WEIGHTS.read_text(encoding="utf-8")), features=HEADLINE_FEATURES)


def ranked_headline(text: str, body_char: int, rule_title: str, weights: Weights | None = None) -> str:
    """The candidate the ranker scores highest (the rules' pick when there is none)."""
    cands = candidates(text, body_char, rule_title)
    if not cands:
        return rule_title
    w = weights or stored_weights()
    rows = features(text, body_char, rule_title, cands)
    best = max(range(len(cands)), key=lambda i: w.probability(rows[i]))
    return cands[best].text
