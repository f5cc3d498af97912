"""Stage 2: score each unit as prose or page furniture from generic signals, then by its neighbours."""

from __future__ import annotations

import bisect
import re
from collections import Counter

from spacetui.articles.cleaning.segment import Unit, is_cap, tokens
from spacetui.articles.cleaning.words import URLISH, final_mark
from spacetui.articles.furniture import FUNCTION_WORDS, STRONG_PHRASES, WEAK_WORDS

_TWEET_SIGNATURE = re.compile(
    r"pic\.twitter\.com/\w+|—\s*[^()—]{1,60}\(@\w{1,15}\)\s*[A-Z][a-z]+\.? \d{1,2}, \d{4}", re.IGNORECASE
)


_HANDLE = re.compile(r"(?<!\w)[@#]\w+")


def norm(text: str) -> str:
    return " ".join(tokens(text.lower()))


# cased letters of the common scripts (a regex count: a per-character loop costs ms per page)
_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯΑ-Ω]")


_LOWER = re.compile(r"[a-zß-öø-ÿа-яα-ω]")


LONG_SENTENCE, RUN_ON, LONG_FLOOR = 60, 200, -0.3


def in_capitals(text: str) -> bool:
    """Text written in capitals (telex, wire copy, an old magazine archive): its case says
    nothing of what is a title, a name or a menu."""
    n_upper, n_lower = len(_UPPER.findall(text)), len(_LOWER.findall(text))
    return n_upper + n_lower >= 200 and n_upper >= 0.9 * (n_upper + n_lower)


def score_units(units: list[Unit]) -> None:
    counts = Counter(norm(u.text) for u in units)
    # An all-capitals document (wire copy, old archives) has no case signal: do not read its
    # every sentence as a title-cased menu.
    all_caps = in_capitals(" ".join(u.text for u in units))
    for u in units:
        words: list[str] = tokens(u.text)
        u.words = words
        n = len(words)
        key = norm(u.text)
        u.repeated = counts[key] > 1 and n < 40 and bool(key)
        strong_hits = len(STRONG_PHRASES.findall(u.text))
        if n == 0:
            u.value = 0.0  # stray punctuation: belongs to whatever surrounds it
            continue
        lower = [w.lower() for w in words]
        func = sum(w in FUNCTION_WORDS for w in lower) / n
        caps = 0.0 if all_caps else sum(is_cap(w) for w in words[1:]) / max(1, n - 1)
        weak = sum(w in WEAK_WORDS for w in lower) / n
        ends = final_mark(u.text) in ".!?…:;"
        handles = len(_HANDLE.findall(u.text))
        if n >= 8 and func >= 0.22 and caps <= 0.4:
            v = n * (1.0 if ends else 0.4)
        elif n >= 5 and func >= 0.15 and caps <= 0.5:
            v = n * (0.6 if ends else 0.2)
        elif n >= 5:
            v = -0.3 * n if caps > 0.6 else (0.2 * n if ends else -0.1 * n)
        else:
            v = 0.5 if ends and n >= 3 and caps <= 0.5 else -1.5
        if v > 0 and n > LONG_SENTENCE:
            # Past ~60 words a "sentence" is mostly several blocks that met without punctuation
            # (teaser lists, captions, menus): its words count for less and less.
            v *= max(LONG_FLOOR, (RUN_ON - n) / (RUN_ON - LONG_SENTENCE))
        # One template phrase inside a real sentence ("his copyright had been infringed") is a
        # word, not a sign-up box; short units or several phrases are furniture.
        strong = strong_hits >= 2 or (strong_hits == 1 and (v <= 0 or n < 12))
        if strong:
            v = min(v, 0.0) - 3.0 - (0.5 * n if n < 30 else 0.0)
        elif strong_hits:
            v *= 0.5
        weak_short = n <= 6 and weak >= 0.3 and not ends
        if weak_short:
            v = min(v, -2.0)
        if u.repeated and not (ends and n >= 8 and v > 0):
            # a repeated full sentence is a pull quote (or a page's own repetition), not a label
            v = min(v, 0.0) - 2.0
        if handles:
            v -= 1.5 * handles
        if URLISH.search(u.text) and n < 12:
            v -= 2.0
        u.value = v
        u.prose = v > 0
        u.template = strong or weak_short
        u.furniture = strong or (u.repeated and n < 25 and not (ends and n >= 3)) or weak_short


def drop_embeds(units: list[Unit]) -> None:
    """An embedded tweet: its signature, and the tweet text (at most ~280 characters) before it."""
    for i, u in enumerate(units):
        m = _TWEET_SIGNATURE.search(u.text)
        if not m:
            continue
        u.furniture = u.template = True
        u.value = min(u.value, 0.0) - 5.0
        budget = 300 - m.start()
        j = i - 1
        while j >= 0 and units[j].line_no == u.line_no and len(units[j].text) <= budget:
            budget -= len(units[j].text) + 1
            j -= 1
        if (j >= 0 and units[j].line_no == u.line_no) or (j < 0 and i > 0):
            # only drop the tweet text when a boundary was found within the budget, and only from
            # its first sentence that reads like a tweet (a handle, hashtag or link) on: the
            # sentences before that are the article's own
            tweety = [
                k for k in range(j + 1, i) if _HANDLE.search(units[k].text) or URLISH.search(units[k].text)
            ]
            for k in range(tweety[0] if tweety else i, i):
                units[k].furniture = units[k].template = True
                units[k].value = min(units[k].value, 0.0) - 3.0


DENSITY_WINDOW = 80  # words each side


DENSITY_LOW, DENSITY_HIGH = 0.5, 0.8


LONG_UNIT = 50  # words: longer than any teaser, a block in its own right


def sentence_like(u: Unit) -> bool:
    n = len(u.words)
    return u.value > 0 and n >= 5 and (n >= LONG_UNIT or final_mark(u.text) in ".!?…:;")


LIST_ITEM_WEIGHT = 0.5


LIST_ITEM_TIGHT = 0.8


LIST_ITEM_CAPS = 0.25


SPACED_GROUPS = 3  # blank-line parted blocks at least


_BULLET = re.compile(r"[-+*•◦▪‣–—]\s")


MARKED_RUN = 3  # lines at least


MARKED_VALUE = 0.5


def score_marked_lists(units: list[Unit]) -> None:
    """Lines that start with a list marker ("+ Added Slime Block", "* Tweaked the debug screen"),
    several in a row, are a list the author typed: a page's menus show no markers. Short items
    then are not furniture, and each counts a little as content."""
    lines: dict[int, list[Unit]] = {}
    for u in units:
        lines.setdefault(u.line_no, []).append(u)
    marked = [n for n, us in lines.items() if us[0].start == 0 and _BULLET.match(us[0].text)]
    runs: list[list[int]] = []
    for n in marked:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    for run in runs:
        if len(run) < MARKED_RUN:
            continue
        for n in run:
            for u in lines[n]:
                if not u.template:
                    u.listed, u.furniture = True, False
                    u.value = max(u.value, MARKED_VALUE)
                    u.prose = True


def _prose_weight(units: list[Unit], i: int, *, spaced: bool) -> float:
    """How much unit ``i`` counts as running prose around its neighbours: a sentence fully; a
    prose-like line of its own with no closing stop (a list item: "Added a spectator mode",
    "Fixed a crash when ...") in part, as list-shaped articles are made of them. ``spaced``:
    the page parts its blocks with blank lines, so lines with none between them are a list."""
    u = units[i]
    if sentence_like(u) or u.listed:
        return 1.0
    prev = units[i - 1] if i else None
    nxt = units[i + 1] if i + 1 < len(units) else None
    if (prev and prev.line_no == u.line_no) or (nxt and nxt.line_no == u.line_no):
        return 0.0
    if u.value <= 0 or len(u.words) < 5:
        return 0.0
    if sum(is_cap(w) for w in u.words[1:]) / max(1, len(u.words) - 1) > LIST_ITEM_CAPS:
        return 0.0  # a headline's capitals ("Here's when Black Friday deals start at Amazon")
    # a marked item ("+ Added ...", "• Fixed ...") or one set tight against the next line is a
    # list's; a line on its own may also be a teaser's headline or summary
    tight = spaced and any(v is not None and v.group == u.group for v in (prev, nxt))
    return LIST_ITEM_TIGHT if tight or _BULLET.match(u.text) else LIST_ITEM_WEIGHT


def weigh_by_neighbourhood(units: list[Unit]) -> None:
    """Scale each unit by the share of running prose around it.

    A teaser list (headline, summary sentence, name, label, ...) holds sentences that score as
    prose on their own; around them, though, most words are not prose, while inside an article
    nearly all are. The better of the two sides counts, so an article's first and last sentences
    keep their weight. A window is measured in words, and a long neighbour counts only with the
    words that fall inside it.
    """
    n = len(units)
    if n < 3:
        return
    total = [0]
    prose = [0.0]
    spaced = units[-1].group - units[0].group >= SPACED_GROUPS
    for i, u in enumerate(units):
        k = len(u.words)
        total.append(total[-1] + k)
        prose.append(prose[-1] + k * _prose_weight(units, i, spaced=spaced))

    def share(lo_words: int, hi_words: int) -> float:
        """Prose share of the words at positions [lo_words, hi_words) of the page."""
        if hi_words <= lo_words:
            return 0.0
        return (_prose_upto(hi_words) - _prose_upto(lo_words)) / (hi_words - lo_words)

    def _prose_upto(w: int) -> float:
        j = bisect.bisect_right(total, w) - 1  # unit j holds word position w
        if j >= n:
            return float(prose[n])
        inside = w - total[j]
        k = total[j + 1] - total[j]
        return prose[j] + ((prose[j + 1] - prose[j]) * inside / k if k else 0.0)

    span = DENSITY_HIGH - DENSITY_LOW
    end = total[n]
    for i, u in enumerate(units):
        if u.value <= 0 or len(u.words) >= LONG_UNIT:
            continue
        a, b = total[i], total[i + 1]
        # the best of a few windows of the same width placed over the unit
        room = max(0, DENSITY_WINDOW - (b - a))
        density = 0.0
        for frac in (0.0, 0.25, 0.5, 0.75, 1.0):
            lo = max(0, a - int(room * frac))
            hi = min(end, lo + max(DENSITY_WINDOW, b - a))
            density = max(density, share(max(0, hi - max(DENSITY_WINDOW, b - a)), hi))
        if density < DENSITY_HIGH:
            u.value *= max(-1.0, (density - DENSITY_LOW) / span)
