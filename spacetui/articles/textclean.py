"""Plain-text article extraction: find the article inside a page's saved text.

Works on clean text (headline on line 1, paragraphs), on a page's visible text (block elements
on their own lines) and on one-line scrapes where every block was glued together. The steps:

1. segment every line into units: sentences, plus the places where blocks were glued together
   (``NewsRussia``: lowercase then Uppercase with no space; ``2021May``; ``...world.READ``) and a
   leading run of names or labels before a sentence (``Thom Waite Last year, ...``);
2. score each unit as prose or furniture from generic signals (length, punctuation, function
   words, title-case ratio, repeated units, link lists, sign-up/cookie/share phrases);
3. keep the best contiguous run (maximum-sum segment of the scores), minus furniture inside it;
4. recover headline, standfirst, byline and date from the units before the run.

Pure Python and regular expressions: no model, a few milliseconds per article.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from spacetui.articles.cleaning.paragraphs import drop_sign_off, is_hard_wrapped, split_paragraphs
from spacetui.articles.furniture import (
    ABBREVIATIONS,
    CLOSING_PHRASES,
    FUNCTION_WORDS,
    MONTHS,
    SENTENCE_OPENERS,
    STRONG_PHRASES,
    WEAK_WORDS,
    words,
)


@dataclass(slots=True)
class Unit:
    """A sentence or block fragment: ``line[start:end]`` of source line ``line_no``."""

    text: str
    line_no: int
    group: int  # blank-line separated group (a paragraph in clean text)
    start: int
    end: int
    glued_before: bool = False  # split from the previous unit where no white space was
    words: list[str] = field(default_factory=list)
    value: float = 0.0
    prose: bool = False
    furniture: bool = False
    template: bool = False  # a template phrase or a short weak-word label, not merely repeated
    repeated: bool = False
    listed: bool = False  # an item of a list typed with markers


@dataclass(slots=True)
class TextResult:
    title: str = ""
    standfirst: str = ""
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    site: str = ""
    paragraphs: list[str] = field(default_factory=list)
    cleaned: bool = False  # False: the text was clean and came through untouched


# --- segmentation -----------------------------------------------------------------------------

_CLOSERS = "\"'”’)]»"
# Where a sentence may end: terminal punctuation, optional closing quotes, white space, then a
# capital, digit or opening quote.
_SENT_END = re.compile(r"[.!?…][\"'”’)\]»]*\s+(?=[\"'“‘(\[«]?[A-Z0-9À-ÖØ-Þ])")
# Glue where blocks met without white space: "NewsRussia", "2021May", "world.READ", "✔️May".
# The leading look-ahead is a cheap first test (every glue point is before one of these
# characters), so the look-behinds run at few positions.
_GLUE = re.compile(
    r"(?=[A-Z“‘12])(?:"
    r"(?<=[a-zà-öø-ÿ]{2})(?=[A-Z][a-zà-öø-ÿ])"
    r"|(?<=\d)(?=[A-Z][a-z]{2})"
    r"|(?<=[a-z]{3})(?=(?:19|20)\d\d(?!\d))"
    r"|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z]|[A-Z]{3}|[“‘])"
    r"|(?<=[a-z][.!?][”’\"])(?=[A-Z])"
    r"|(?<=[)”’])(?=[A-Z][a-z])"
    r"|(?<=[^\w\s,;:'’\"“”.!?()\-–—&/@#$%+<\[{])(?=[A-Z][a-z])"
    r")"
)
# Separators of navigation and breadcrumbs, set off by spaces.
# (each pattern below that starts with \s+ starts it with (?<!\s): a run of white space is then
# tried once, from its start, not from each of its characters: 20,000 tabs took 2 s)
_SEPARATOR = re.compile(r"(?<!\s)\s+(?:\||•|·|»|›|>|/|::)\s+")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_LAST_TOKEN = re.compile(r"([A-Za-z]+)\.$")


_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# A date written out with its year, and the time that may follow: "Nov. 19, 2019 8:03 am ET".
_FULL_DATE = (
    rf"\b(?:{_MONTH_RE}\.?\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH_RE}\.?),?\s+(?:19|20)\d\d"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d\d(?:\s?[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4}\b)?)?"
)
# A date line run into the next block: "by Jane Doe March 3, 2024 Heavy snow forced ...". In a
# sentence a comma or a lower-case word follows a date.
_DATE_CUT = re.compile(rf"{_FULL_DATE}\s+(?=[A-Z][a-z]|[AI]\s)")
# words a date line starts with ("Posted by Jane Doe on March 3, 2024"): after any other lower-case
# word, or a capitalised "On"/"Since", the date is inside a sentence
_DATE_LEADS = frozenset(["on", "at", "published", "updated", "posted", "modified"])
_CAMEL = re.compile(r"(?<![\w])[A-Z]?[a-z]+(?:[A-Z][a-z]+)+(?![\w])")


def _sentence_cuts(line: str, protected: frozenset[str] = frozenset()) -> list[tuple[int, bool]]:
    """Cut points in a line: (position, glued) pairs, in order.

    ``protected`` CamelCase words recur in the text, so they are names ("WorldCom"), not glue.
    """
    cuts: list[tuple[int, bool]] = []
    for m in _SENT_END.finditer(line):
        # a bounded look-back: the whole prefix would make long one-line pages quadratic
        before = line[max(0, m.start() - 30) : m.start() + 1].rstrip(_CLOSERS)
        tok = _LAST_TOKEN.search(before) if before.endswith(".") else None
        if tok and (tok.group(1).lower() in ABBREVIATIONS or len(tok.group(1)) == 1):
            continue  # "Mr. Smith", "J. K. Rowling", "U.S. officials"
        cuts.append((m.end(), False))
    for m in _GLUE.finditer(line):
        if protected and line[m.start() - 1 : m.start()].islower():
            a = m.start()
            while a > 0 and line[a - 1].isalpha():
                a -= 1
            b = m.start()
            while b < len(line) and line[b].isalpha():
                b += 1
            if line[a:b] in protected:
                continue
        cuts.append((m.start(), True))
    for m in _SEPARATOR.finditer(line):
        cuts.append((m.start(), False))
        cuts.append((m.end(), False))
    for m in _DATE_CUT.finditer(line):
        # "... by Jane Doe March 3, 2024 Heavy snow": a block ends; "On January 6, 2021 Trump
        # supporters ...", "since March 3, 2024 Parents ...": a sentence goes on
        lead_words = line[max(0, m.start() - 20) : m.start()].split()
        word = lead_words[-1] if lead_words else ""
        in_sentence = word.isalpha() and word not in _DATE_LEADS
        if not (in_sentence and (word.islower() or word.lower() in FUNCTION_WORDS)):
            cuts.append((m.end(), False))
    cuts.sort()
    return cuts


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text)


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _prose_window(words: list[str]) -> bool:
    """Do these words read like running prose (few capitals, enough function words)?"""
    if len(words) < 5:
        return False
    head = words[:14]
    caps = sum(_is_cap(w) for w in head[1:]) / max(1, len(head) - 1)
    func = sum(w.lower() in FUNCTION_WORDS for w in head) / len(head)
    return caps <= 0.35 and func >= 0.2


def _split_label_run(text: str) -> int:
    """Offset where a sentence starts after a leading run of names/labels, or 0.

    "Thom Waite Last year, it was announced ..." -> offset of "Last": a run of capitalised words
    followed by a capitalised sentence opener, after which the text reads as prose.
    """
    matches = list(_WORD.finditer(text))
    if len(matches) < 7:
        return 0
    for i in range(1, min(len(matches) - 5, 40)):
        word = matches[i].group()
        if not word[:1].isupper() or word.lower() not in SENTENCE_OPENERS:
            continue
        prefix = [m.group() for m in matches[:i]]
        if sum(_is_cap(w) for w in prefix) / len(prefix) < 0.75:
            return 0  # the text before is itself prose: a capital opener here is mid-sentence
        between = text[matches[i - 1].end() : matches[i].start()]
        if any(c in between for c in ",;:"):
            continue
        if _prose_window([m.group() for m in matches[i:]]):
            return matches[i].start()
    return 0


def segment(text: str) -> list[Unit]:
    units: list[Unit] = []
    camel = Counter(_CAMEL.findall(text))
    protected = frozenset(w for w, c in camel.items() if c > 1)
    group = 0
    prev_blank = False
    for line_no, line in enumerate(text.split("\n")):
        if not line.strip():
            if not prev_blank:
                group += 1
            prev_blank = True
            continue
        prev_blank = False
        cuts = [(0, False), *_sentence_cuts(line, protected), (len(line), False)]
        for (a, glued), (b, _) in itertools.pairwise(cuts):
            piece = line[a:b]
            if not piece.strip():
                continue
            lead = len(piece) - len(piece.lstrip())
            s, e = a + lead, a + len(piece.rstrip())
            # only where no sentence just ended: after one, "A Fool Such As I" is a title
            after_sentence = line[max(0, s - 20) : s].rstrip().rstrip(_CLOSERS)[-1:] in (".", "!", "?")
            off = 0 if after_sentence else _split_label_run(line[s:e])
            spans = [(s, s + off, glued), (s + off, e, False)] if off else [(s, e, glued)]
            for us, ue, g in spans:
                chunk = line[us:ue].strip()
                if chunk:
                    us2 = us + (len(line[us:ue]) - len(line[us:ue].lstrip()))
                    units.append(Unit(chunk, line_no, group, us2, us2 + len(chunk), glued_before=g))
    return units


# --- scoring ----------------------------------------------------------------------------------

_TWEET_SIGNATURE = re.compile(
    r"pic\.twitter\.com/\w+|—\s*[^()—]{1,60}\(@\w{1,15}\)\s*[A-Z][a-z]+\.? \d{1,2}, \d{4}", re.IGNORECASE
)
_HANDLE = re.compile(r"(?<!\w)[@#]\w+")
_URLISH = re.compile(r"https?://|www\.|\.com\b|\.html?\b")


def _norm(text: str) -> str:
    return " ".join(_tokens(text.lower()))


# cased letters of the common scripts (a regex count: a per-character loop costs ms per page)
_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯΑ-Ω]")
_LOWER = re.compile(r"[a-zß-öø-ÿа-яα-ω]")


LONG_SENTENCE, RUN_ON, LONG_FLOOR = 60, 200, -0.3


def score_units(units: list[Unit]) -> None:
    counts = Counter(_norm(u.text) for u in units)
    # An all-capitals document (wire copy, old archives) has no case signal: do not read its
    # every sentence as a title-cased menu.
    joined = " ".join(u.text for u in units)
    n_upper, n_lower = len(_UPPER.findall(joined)), len(_LOWER.findall(joined))
    all_caps = n_upper + n_lower >= 200 and n_upper >= 0.9 * (n_upper + n_lower)
    for u in units:
        words: list[str] = _tokens(u.text)
        u.words = words
        n = len(words)
        key = _norm(u.text)
        u.repeated = counts[key] > 1 and n < 40 and bool(key)
        strong_hits = len(STRONG_PHRASES.findall(u.text))
        if n == 0:
            u.value = 0.0  # stray punctuation: belongs to whatever surrounds it
            continue
        lower = [w.lower() for w in words]
        func = sum(w in FUNCTION_WORDS for w in lower) / n
        caps = 0.0 if all_caps else sum(_is_cap(w) for w in words[1:]) / max(1, n - 1)
        weak = sum(w in WEAK_WORDS for w in lower) / n
        ends = u.text.rstrip(_CLOSERS)[-1:] in ".!?…:;"
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
        if _URLISH.search(u.text) and n < 12:
            v -= 2.0
        u.value = v
        u.prose = v > 0
        u.template = strong or weak_short
        u.furniture = strong or (u.repeated and n < 25 and not (ends and n >= 3)) or weak_short


def _drop_embeds(units: list[Unit]) -> None:
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
                k for k in range(j + 1, i) if _HANDLE.search(units[k].text) or _URLISH.search(units[k].text)
            ]
            for k in range(tweety[0] if tweety else i, i):
                units[k].furniture = units[k].template = True
                units[k].value = min(units[k].value, 0.0) - 3.0


DENSITY_WINDOW = 80  # words each side
DENSITY_LOW, DENSITY_HIGH = 0.5, 0.8


LONG_UNIT = 50  # words: longer than any teaser, a block in its own right


def _sentence_like(u: Unit) -> bool:
    n = len(u.words)
    return u.value > 0 and n >= 5 and (n >= LONG_UNIT or u.text.rstrip(_CLOSERS)[-1:] in ".!?…:;")


LIST_ITEM_WEIGHT = 0.5
LIST_ITEM_TIGHT = 0.8
LIST_ITEM_CAPS = 0.25
SPACED_GROUPS = 3  # blank-line parted blocks at least
_BULLET = re.compile(r"[-+*•◦▪‣–—]\s")


MARKED_RUN = 3  # lines at least
MARKED_VALUE = 0.5


def _score_marked_lists(units: list[Unit]) -> None:
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
    if _sentence_like(u) or u.listed:
        return 1.0
    prev = units[i - 1] if i else None
    nxt = units[i + 1] if i + 1 < len(units) else None
    if (prev and prev.line_no == u.line_no) or (nxt and nxt.line_no == u.line_no):
        return 0.0
    if u.value <= 0 or len(u.words) < 5:
        return 0.0
    if sum(_is_cap(w) for w in u.words[1:]) / max(1, len(u.words) - 1) > LIST_ITEM_CAPS:
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


BARRIER_SHARE = 0.6


# A comment's header: "Jane on May 3, 2018 at 4:47 pm said:", "Jane says:", "3 hours ago Reply".
# "2 days ago", "3 hours ago": how old a comment is.
_AGO = r"\b\d+\s(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\sago\b"
_COMMENT_HEADER = re.compile(
    r"\b\d{1,2}:\d\d\s?[ap]\.?m\.?\b.{0,12}?\b(?:said|says|wrote)\s?:"
    r"|\b(?:said|says|wrote)\s?:\s"
    rf"|{_AGO}(?:.{{0,80}}?\breply\b|\sat\s\d{{1,2}}:\d\d)",
    re.IGNORECASE,
)
COMMENT_HEADERS = 3


_SAYS_END = re.compile(r"\b(?:said|says|wrote)\s?:$")
_AGO_AT = re.compile(rf"{_AGO}\s+at\s+\d{{1,2}}:\d\d", re.I)


def _header_line(units: list[Unit], i: int) -> bool:
    """A comment's header on lines of its own: "jane_doe says:" with the date on the next line
    (an article quoting "Various people wrote:" has no date under it), or a bare user name with
    "2 days ago at 07:52 am" under it."""
    u = units[i]
    if len(u.words) > 6 or i + 1 >= len(units) or units[i + 1].line_no == u.line_no:
        return False
    nxt = units[i + 1]
    if _SAYS_END.search(u.text):
        return _is_stamp_unit(nxt)
    named = 1 <= len(u.words) <= 4 and not _ends_block(u, strict=True)
    # "at 07:52" too: a live blog's "Roads closed" over "1 hour ago" is an entry, not a comment.
    return named and len(nxt.words) <= 10 and bool(_AGO_AT.search(nxt.text))


_REPLY_BUTTON = re.compile(r"(?:reply|report|flag)\b(?:\s*[↓↑→»])?(?:\s+(?:reply|report)\b)?(?!\s*:)", re.I)
REPLY_REACH = 12  # units back from a comment's reply button to its header's date


def _reply_button(units: list[Unit], i: int) -> bool:
    """A comment's "Reply" button; on a one-line page it runs on into the next comment's name,
    with its date just after ("Report Reply Rarst · March 10, 2017")."""
    u = units[i]
    if len(u.words) > 8 or not _REPLY_BUTTON.match(u.text):
        return False
    if _REPLY_BUTTON.fullmatch(u.text):
        return True
    after = units[i + 1 : i + 3]
    return bool(after) and any(_is_stamp_unit(v) for v in after) and all(len(v.words) <= 16 for v in after)


def _cut_at_comments(units: list[Unit], s: int, e: int) -> int:
    """End the run where a comment thread starts: several comment headers follow one another,
    or several comments end in a "Reply" button (the thread then starts on the line of the
    first one's date)."""
    marks = [i for i in range(s, e) if _COMMENT_HEADER.search(units[i].text) or _header_line(units, i)]
    first = marks[0] if len(marks) >= COMMENT_HEADERS else e
    replies = [i for i in range(s, e) if _reply_button(units, i)]
    if len(replies) >= COMMENT_HEADERS:
        j = replies[0]
        k = next((k for k in range(j - 1, max(s, j - REPLY_REACH) - 1, -1) if _is_stamp_unit(units[k])), -1)
        while k > s and units[k - 1].line_no == units[k].line_no and len(units[k - 1].words) <= 6:
            k -= 1  # "Jane Doe · March 10, 2017 at 12:20 AM": the header's line
        if k > s:
            first = min(first, k)
    if first >= e or not any(u.value > 0 for u in units[s:first]):
        return e  # no thread, or the page is the thread itself
    return first


# A unit that ends in a full date (and time): on one-line pages, the date cut above leaves each
# teaser's "Headline Author Wednesday November 20, 2019" as one.
_ENDS_DATED = re.compile(rf"{_FULL_DATE}\s*$")
DATED_LIST_ITEMS, DATED_LIST_GAP, DATED_LIST_AFTER = 3, 8, 0.3
DATED_TAIL = 60  # characters


def _dated_head(units: list[Unit], i: int) -> int:
    """Where a teaser's head starts if unit ``i`` ends one, else -1: a few words of headline or
    name, then the date, in one unit or over the short lines just before it (not a date alone,
    nor a changelog's version and date)."""
    u = units[i]
    if len(u.words) > 40 or u.template:
        return -1  # (an embedded tweet's signature ends in its date too)
    m = _ENDS_DATED.search(u.text, max(0, len(u.text) - DATED_TAIL))  # (a date with its time fits)
    if m is None:
        return -1
    lead, start = _word_count(u.text[: m.start()]), i
    for j in range(i - 1, max(-1, i - 3), -1):
        v = units[j]
        if (
            lead >= 4
            or len(v.words) > 20
            or _ends_block(v, strict=True)
            or _ENDS_DATED.search(v.text, max(0, len(v.text) - DATED_TAIL))
        ):
            break
        lead, start = lead + _word_count(v.text), j
    return start if lead >= 4 else -1


def _word_count(text: str) -> int:
    """Words with letters: "4.2.3" in a table of releases is not a headline's word."""
    return sum(1 for t in _tokens(text) if t[:1].isalpha())


def _dated_lists(units: list[Unit], s: int, e: int) -> list[tuple[int, int]]:
    """Runs of teaser heads a few units apart, as (first unit of the first head, last head)."""
    starts = {i: _dated_head(units, i) for i in range(s, e)}
    heads = [i for i, start in starts.items() if start >= s]
    lists: list[tuple[int, int]] = []
    k = 0
    while k < len(heads):
        chain = [heads[k]]
        while k + 1 < len(heads) and heads[k + 1] - chain[-1] <= DATED_LIST_GAP:
            k += 1
            chain.append(heads[k])
        k += 1
        if len(chain) >= DATED_LIST_ITEMS:
            lists.append((starts[chain[0]], chain[-1]))
    return lists


def _cut_at_dated_list(units: list[Unit], s: int, e: int) -> int:
    """End the run where a list of dated items starts and runs on to its end (teasers: headline,
    author and date, then a summary). A box of them with the article going on after it
    ("Recommended" mid-article) is dropped from the body instead."""
    for first, last in _dated_lists(units, s, e):
        before = sum(u.value for u in units[s:first] if u.value > 0)
        # (past the last item's summary)
        after = sum(u.value for u in units[last + 2 : e] if u.value > 0)
        if before > 0 and after < DATED_LIST_AFTER * before:
            return first
        for u in units[first : last + 1]:
            if not _sentence_like(u):
                u.furniture, u.value = True, min(u.value, 0.0) - 1.0
    return e


LIST_LEAD_WORDS = 25  # at most, in the line that announces a list
LIST_LINES = 3  # at least


def _take_announced_list(units: list[Unit], e: int) -> int:
    """Carry the run on over a list its last line announces ("The tour's dates:"): the lines
    set tight under it, up to the next blank line. Tour dates, results or prices score as
    furniture one by one, but the article called for them."""
    n = len(units)
    if e >= n or units[-1].line_no == units[0].line_no:
        return e
    lead = units[e - 1]
    if not _announces(lead):
        lead = units[e]
        if not _announces(lead) or lead.value > 0:
            return e
    first = units.index(lead) + 1
    if first >= n or units[first].group != lead.group or units[first].line_no != lead.line_no + 1:
        return e  # the lines after a blank line are the page's, not the list's
    end, lines = first, 0
    while end < n and units[end].group == lead.group and not units[end].template:
        if end == first or units[end].line_no != units[end - 1].line_no:
            lines += 1
        end += 1
    if lines < LIST_LINES or (end < n and units[end].group == lead.group):
        return e  # a template line inside: a box of links, not the article's list
    for u in units[first:end]:
        u.prose, u.furniture = True, False
    return max(e, end)


def _announces(u: Unit) -> bool:
    return (
        u.text.rstrip().endswith(":")
        and 2 <= len(u.words) <= LIST_LEAD_WORDS
        and not u.template
        and not CLOSING_PHRASES.search(u.text)
    )


HEADLINE_BODY_WORDS = 40  # of prose after the headline, at least
HEADLINE_META = 3  # units after the headline where its date line or byline is
HEADLINE_PROBE = 6  # words: a one-line page's title is found again by its first words
PROBE_CHARS = 300


def _start_at_headline(units: list[Unit], s: int, e: int, lines: list[str]) -> int:
    """Start the run at the page's headline when the run holds it with its date line or byline
    just under it: a page's text opens with its <title>, and the article follows where the page
    says it again as its heading. What the run took in before it (a menu of teasers with their
    summaries) is the page's. (The title said again without a date under it is a recipe's card,
    a photo's caption or a "most read" list.)"""
    one_line = len(lines) == 1
    if one_line:
        # the <title> runs on into the page: its first words, glued in a unit with the date
        probe_words = _norm(lines[0][:PROBE_CHARS]).split()[:HEADLINE_PROBE]
        if len(probe_words) < HEADLINE_PROBE:
            return s
        probe, first_word = f" {' '.join(probe_words)} ", probe_words[0]
    else:
        title = f" {_norm(lines[0])} "
    seen: Counter[str] | None = None
    for h in range(s + 1, e):
        u = units[h]
        if one_line:
            if first_word not in u.text.lower() or probe not in f" {_key(u)} ":
                continue
            if _STAMP.search(u.text):
                return h if _prose_after(units, h, e) >= HEADLINE_BODY_WORDS else s
        else:
            if not 4 <= len(u.words) <= TITLE_TOKENS or u.line_no == 0:
                continue
            key = _key(u)
            if f" {key} " not in title:
                continue
            if seen is None:
                seen = Counter(_key(v) for v in units[s:e])  # (once: a page of repeats stays linear)
            if seen[key] > 1:
                continue  # said over and over (a page's own copies): no telling which starts it
        header = units[h + 1 : min(e, h + 1 + HEADLINE_META)]
        if not any(_is_stamp_unit(v) or _BYLINE.match(v.text.strip()) for v in header):
            continue
        return h if _prose_after(units, h, e) >= HEADLINE_BODY_WORDS else s
    return s


def _key(u: Unit) -> str:
    """The unit's words in lower case, as :func:`_norm` gives them."""
    return " ".join(w.lower() for w in u.words)


def _prose_after(units: list[Unit], h: int, e: int) -> int:
    return sum(len(v.words) for v in units[h + 1 : e] if _sentence_like(v))


def _cut_at_barrier(units: list[Unit], s: int, e: int) -> int:
    """End the run at a template block (share bar, newsletter box, "Related", comments, ©) once
    most of the run's prose is behind it: what follows is the page's tail (author bio, comments,
    teasers) however well it reads."""
    total = sum(u.value for u in units[s:e] if u.value > 0)
    mass = 0.0
    for i in range(s, e):
        u = units[i]
        # a template block, or a short line such as "Share your thoughts with friends."
        closing = (u.template and u.value <= -3.0) or len(u.words) <= 8
        if closing and mass >= BARRIER_SHARE * total and CLOSING_PHRASES.search(u.text):
            return i
        if u.value > 0:
            mass += u.value
    return e


def _grow_list_page(units: list[Unit], s: int, e: int) -> tuple[int, int]:
    """On a page with no running prose (results, a timetable) the best run is a few of its
    lines: the page's body is the whole block of them between its header and footer, so the
    run grows over every unit that is not furniture (nor the <title> line a page's text opens
    with)."""
    lines = units[-1].line_no > 0
    while s > 0 and not units[s - 1].furniture and not (lines and units[s - 1].line_no == 0):
        s -= 1
    while e < len(units) and not units[e].furniture:
        e += 1
    for u in units[s:e]:
        u.prose = u.prose or bool(u.words)
    return s, e


def best_run(units: list[Unit]) -> tuple[int, int]:
    """Maximum-sum contiguous segment [start, end) of unit values (Kadane)."""
    best, best_span = 0.0, (0, 0)
    cur, cur_start = 0.0, 0
    for i, u in enumerate(units):
        if cur <= 0:
            cur, cur_start = 0.0, i
        cur += u.value
        if cur > best:
            best, best_span = cur, (cur_start, i + 1)
    return best_span


# --- metadata ---------------------------------------------------------------------------------

_YEAR = r"(?:19|20)\d\d(?!\d)"
_DATE_PATTERNS = [
    re.compile(
        rf"\b(?P<m>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)", re.I
    ),
    re.compile(
        rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)",
        re.I,
    ),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<mn>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<![\d/.])(?P<mn>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d\d)(?!\d)"),
    re.compile(r"(?<![\d/.])(?P<d>\d{1,2})\.(?P<mn>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?!\d)"),
]


def find_dates(text: str) -> list[tuple[int, str]]:
    """(offset, ISO date) for every date written out in ``text``, in order."""
    found: list[tuple[int, str]] = []
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(text):
            g = m.groupdict()
            try:
                month = MONTHS[g["m"].lower().rstrip(".")] if g.get("m") else int(g["mn"])
                day, year = int(g["d"]), int(g["y"])
                if g.get("mn") and month > 12 and day <= 12:
                    month, day = day, month  # 21/12/2018
                iso = date(year, month, day).isoformat()
            except (KeyError, ValueError):
                continue
            found.append((m.start(), iso))
    found.sort()
    return found


# (a month before a day's number is the date glued on: "By Gillian Mohney March 11, 2015")
_NAME_TOKEN = rf"(?!(?i:{_MONTH_RE})\.?\s+\d)(?:[A-Z][a-zA-Z'’\-]+\.?|[A-Z]\.)"
_NAME = rf"(?:{_NAME_TOKEN})(?:\s+(?:(?:de|van|von|der|da|di|la|le|bin|al)\s+)?(?:{_NAME_TOKEN})){{1,3}}"
_BYLINE = re.compile(
    rf"(?:^|\b)(?:[Bb]y|BY|[Ww]ords(?:\s+by)?|[Ww]ritten\s+by|[Aa]uthor:?|[Tt]ext(?:\s+by)?|[Rr]eporting\s+by)(?:\s*:)?\s+"
    rf"(?P<names>{_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})*)"
)
_BARE_NAME = re.compile(rf"^(?P<names>{_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})*)$")
# words no person's name holds: page furniture, sections, roles, organisations, time zones
_NOT_NAME = (
    WEAK_WORDS
    | FUNCTION_WORDS
    | words(
        """
    film tv music art arts fashion culture life style sport sports business politics world opinion
    science tech technology health travel food uk us new york street journal times post daily editor
    staff reporter correspondent contributor team desk press associated
    writer writers author authors columnist columnists contributors officer editors producer analyst
    blog blogs today yesterday weekly magazine review reviews weather forecast reprints sharing
    podcasts radio network channel online digital national international global united states kingdom
    republic northern southern eastern western university college institute foundation association
    department ministry agency company group football basketball baseball soccer hockey golf tennis
    am pm est edt cst cdt mst mdt pst pdt gmt bst utc cet et pt alerts obituaries publications products
    founder corporation communications inc ltd llc
    """
    )
)

# a short line "Posted by Jane Doe" is a byline; "abused by Larry Smith" is a sentence
_BYLINE_LEADS = words("posted story written published article post column analysis report reporting words")
# words that begin place names and labels but end people's names ("South Korea" / "Ed West")
_NOT_FIRST_NAME = words("north south east west opening space")
# day names: a date glued after a name ("Rob Crilly Wednesday November 20")
_DAY_NAMES = words("monday tuesday wednesday thursday friday saturday sunday")
# buttons and stamps that run on after a name
_BUTTONS = _DAY_NAMES | words("follow following subscribe view updated published posted edited")
_NEWSROOM = words("editorial desk team newsroom wires")
# a job title between a name and the date: "Meg James Staff Writer Nov. 20, 2019"
_ROLES = words(
    """
    staff writer writers editor editors reporter reporters correspondent contributor contributing
    columnist columnists producer analyst senior chief deputy associate managing executive special
    political national foreign investigative
    """
)


_CONTRACTION = re.compile(r"['’](?:re|ll|ve|m|d)$|n['’]t$", re.IGNORECASE)


def _strip_name_tail(toks: list[str], *, little_words: bool = True) -> list[str]:
    """What runs on after a name: "Laurie Oakes From: Herald Sun", "Umair Irfan Updated Nov 13",
    "Michael Hiltzik Business Columnist", "Vincent Vallet Follow". ``little_words``: function
    words too (after "By ...", not before a bare time: "Kick Off 15:30" is no name)."""
    tail = _BUTTONS | FUNCTION_WORDS if little_words else _BUTTONS
    toks = list(toks)
    role = False
    while toks:
        word = toks[-1].lower().strip(".,:")
        if word in _NEWSROOM:
            return []  # "Example Riders Editorial Staff": a publication, not a person
        if word in _ROLES:
            role = True
        elif not (word in tail or (role and word in _NOT_NAME)):
            break
        toks.pop()
    return toks


def _clean_names(raw: str) -> list[str]:
    names = []
    for part in re.split(r"\s*(?:,|&|\band\b)\s*", raw):
        toks = part.strip(" .").split()
        if toks and toks[0] in toks[1:]:
            toks = toks[: toks.index(toks[0], 1)]  # "Ryan Reed Ryan Reed": the byline said twice
        toks = _strip_name_tail(toks)
        part = " ".join(toks).strip(" .")
        if any(_CONTRACTION.search(t) for t in toks):
            continue  # "You're Broke": a phrase
        if len(toks) < 2 or any(t.lower().strip(".") in _NOT_NAME for t in toks):
            continue
        if toks[0].lower() in _NOT_FIRST_NAME:
            continue  # "South Korea" (a dateline); "Ed West" is a name
        # "Laws IAB Member Seal": a name is set in one case, all capitals or not; initials ("AJ
        # Willingham") and a surname in capitals ("Jean-Michel NORMAND") aside
        caps = [t.isupper() for t in toks[:-1] if len(t.strip(".")) > 2]
        if (any(caps) and not all(caps)) or (caps and all(caps) and not toks[-1].isupper()):
            continue
        if not any(caps) and toks[-1].isupper() and len(toks) > 2:
            continue  # "Jennifer Jett SEOUL": the dateline's city
        names.append(part)
    return names


def find_authors(text: str, *, bare: bool = False) -> list[str]:
    m = _BYLINE.search(text)
    if m:
        names = _clean_names(m.group("names"))
        if names:
            return names
    if bare:
        m = _BARE_NAME.match(text.strip())
        if m:
            return _clean_names(m.group("names"))
    return []


_WEEKDAY_RE = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?"
# What follows a byline's name: a date, a time, "3 hours ago", "14 min read", "8h".
_STAMP = re.compile(
    rf"(?:{_WEEKDAY_RE}\.?,?\s+)?(?:{_MONTH_RE}\.?\s+\d{{1,2}}(?!\d)|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_RE}\b"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?!\d)|(?:19|20)\d\d-\d\d-\d\d|\d{1,2}:\d\d"
    r"|(?<!\d)\d{1,3}\s?(?:min|mins|minutes?|hrs?|hours?|days?|weeks?|months?)\s+(?:ago|read)\b|\d{1,2}[hmd]\b)"
)
# (each optional part starts with a character of its own: adjacent \s* would backtrack cubically)
_STAMP_AFTER = re.compile(rf"\s*(?:,\s*)?(?:@\w+\s*)?(?:[-–—•·|,]\s*)?{_STAMP.pattern}")
# a date line next to a byline line may also just say "Updated ..." (a glued name may not)
_STAMP_LINE = re.compile(rf"{_STAMP.pattern}|\b(?:Updated|Published|Posted)\b")
# A name glued to the stamp after it: "Dan Goodin - Apr 16, 2015", "Alex Perry 1 day ago",
# "Vincent Vallet Follow Oct 18, 2019", "Devindra Hardawar, @devindra 11.03.17".
_NAME_STAMP = re.compile(
    rf"(?P<names>(?:{_NAME_TOKEN})(?:\s+(?:{_NAME_TOKEN})){{1,3}})\s*(?:,\s*)?(?:@\w+\s*)?(?:[-–—•·|,]\s*)?"
    rf"(?:Follow\s+|on\s+)?(?={_STAMP.pattern})"
)
BYLINE_REACH = 60  # units before the body where a "By ..." line may be
# "Photo by", "Reviewed by", "Powered by": someone other than the writer
_CAPTION_BY = re.compile(
    r"\b(?:photo(?:graph)?s?|image|illustration|video|graphic|credit|courtesy|edited|produced|reviewed"
    r"|checked|translated|narrated|hosted|presented|sponsored|powered|designed|developed)\s*$",
    re.I,
)


def _name_before_stamp(raw: str, *, whole: bool) -> str:
    """The person's name at the end of a run of capitalised words before a date: a headline
    may run into it ("... of the 20th Century Sarah Archer 1:39 PM ET"). Two words, or three
    when one of them is an initial ("Bradley M. Kuhn"), or all of a ``whole`` run of up to
    three that starts after a lower-case word or a stop ("... stories. Mary Beth Smith May 3")."""
    toks = _strip_name_tail(raw.split(), little_words=False)
    if not (whole and len(toks) <= 3):
        keep = 3 if len(toks) >= 3 and any(len(t.strip(".")) == 1 for t in toks[-3:]) else 2
        toks = toks[-keep:]
    if any(t.lower().strip(".") in _DAY_NAMES for t in toks):
        return ""
    names = _clean_names(" ".join(toks))
    return names[0] if names else ""


def _is_stamp_unit(u: Unit) -> bool:
    return len(u.words) <= 16 and bool(_STAMP_LINE.search(u.text))


def _find_byline(units: list[Unit], body_start: int) -> list[str]:
    """The article's author(s), from the header just before the body: an explicit "By ..."
    nearest the body; else a name set right before the date ("Mike Conley December 18, 2020");
    else a name on a line of its own a step from the date line. A name line with no date beside
    it is too often a menu or a sidebar ("Key Specs", "Silicon Valley") to be taken."""
    window = units[:body_start][-25:]
    # a video player or a photo's caption may stand between an explicit byline and the body
    for u in reversed(units[:body_start][-BYLINE_REACH:]):
        for m in reversed(list(_BYLINE.finditer(u.text))):
            lead = u.text[max(0, m.start() - 20) : m.start()]
            if _CAPTION_BY.search(lead):
                continue  # "Photo by ..." credits the picture
            words_before = lead.split()
            # "a report released on Monday by Stanford University ...": a sentence, unless the
            # date follows ("... Phenomenon by Laura June Topolsky July 10, 2015"); a short line
            # ("Posted by Jane Doe", "Story by Jane Doe") is a byline of its own
            in_sentence = m.group()[:1] == "b" and bool(words_before) and words_before[-1].isalpha()
            if in_sentence and len(u.words) <= 8 and words_before[-1].lower() in _BYLINE_LEADS:
                in_sentence = False
            if in_sentence and ":" not in m.group()[:4] and not _STAMP_AFTER.match(u.text, m.end()):
                continue
            names = _clean_names(m.group("names"))
            names = [n for n in names if len(n.split()) >= 2]
            if names:
                return names
    for wi in range(len(window) - 1, -1, -1):
        u = window[wi]
        for m in reversed(list(_NAME_STAMP.finditer(u.text))):
            before = u.text[max(0, m.start() - 30) : m.start()].split()
            if before and before[-1] in FUNCTION_WORDS:
                continue  # "... Amazon's strategy with Whole Foods April 28": a headline's end
            # (after "20th" a run may still be a headline's end: only a word or a stop starts a name)
            whole = not before or (before[-1].isalpha() and before[-1].islower()) or before[-1][-1:] in ".!?"
            name = _name_before_stamp(m.group("names"), whole=whole)
            if name and not _ends_title(u, u.text[: m.end("names")], name, units):
                return _name_over_role(window, wi) or [name]
    for i in range(len(window) - 1, -1, -1):
        u = window[i]
        if len(u.words) > 4:
            continue  # (a repeated name is fine: the author's bio at the foot says it again)
        bare = _BARE_NAME.match(u.text.strip())
        names = _clean_names(bare.group("names")) if bare else []
        by_line = i > 0 and window[i - 1].text.strip().rstrip(":").lower() == "by"
        if names and (by_line or _stamp_near(window, i)):
            return names
    for u in units[body_start : body_start + 2]:
        names = find_authors(u.text[:100])
        if names and u.text.lstrip().lower().startswith("by"):
            return names
    return []


ROLE_WORDS = 4  # at most, in a job-title line ("Senior Games Editor")


def _name_over_role(window: list[Unit], i: int) -> list[str]:
    """The name of a byline block that sets the author over a job title over the outlet and its
    date ("Ben Silverman / Games Editor / Yahoo Finance October 13, 2016"): the name before the
    date there is the outlet's."""
    if i < 2:
        return []
    role, who = window[i - 1], window[i - 2]
    roles = [w.lower() in _ROLES for w in role.words]
    title_like = any(roles) and all(r or w[:1].isupper() for r, w in zip(roles, role.words, strict=True))
    if not title_like or len(role.words) > ROLE_WORDS or len(who.words) > ROLE_WORDS:
        return []
    bare = _BARE_NAME.match(who.text.strip())
    return _clean_names(bare.group("names")) if bare else []


def _ends_title(u: Unit, text: str, name: str, units: list[Unit]) -> bool:
    """Is ``name`` at the end of ``text`` (the start of unit ``u``) the end of the page's
    headline, said again before its date ("... Eastern Equine Encephalitis Reported November
    19")? The name with the two words before it stands in the page's opening <title>, earlier."""
    k = len(name.split()) + 2
    cut = _last_words_start(text, k)
    if cut is None or not units:
        return False
    phrase = _norm(text[cut:])
    at = u.start + cut  # where the phrase starts on its line
    first = units[0].line_no
    parts = []
    for v in units[:TITLE_TOKENS]:
        if v.line_no != first:
            break
        parts.append(v.text if v.line_no != u.line_no else v.text[: max(0, at - v.start)])
    head = " ".join(" ".join(parts).split(" ", TITLE_TOKENS)[:TITLE_TOKENS])
    return f" {phrase} " in f" {_norm(head)} "


def _last_words_start(text: str, k: int) -> int | None:
    """Where the last ``k`` words of ``text`` start, None if it has fewer. Walks back from the
    end: a unit with a date after every title-cased run is asked once per run, and splitting
    the whole text each time was quadratic."""
    i = len(text)
    start = None
    for _ in range(k):
        while i > 0 and text[i - 1].isspace():
            i -= 1
        end = i
        while i > 0 and not text[i - 1].isspace():
            i -= 1
        if i == end:
            return None
        start = i
    return start


def _stamp_near(window: list[Unit], i: int) -> bool:
    """A date line within a step or two of unit ``i`` (over a job title or a "Follow" button)."""
    for steps in (range(i + 1, min(len(window), i + 4)), range(i - 1, max(-1, i - 3), -1)):
        for j in steps:
            if _is_stamp_unit(window[j]):
                return True
            if len(window[j].words) > 6:
                break  # a sentence or a headline: the byline's neighbourhood ends there
    return False


_TITLE_SEPARATOR = re.compile(r"(?<!\s)\s+(?:\||–|-|—|::|·|•|»|✩|:)\s+")


def _headline_like(u: Unit) -> bool:
    n = len(u.words)
    # A headline may repeat (the page's <title> says it too); a template phrase never is one.
    if not 3 <= n <= 30 or u.template:
        return False
    if _SEPARATOR.search(u.text) or _URLISH.search(u.text) or find_dates(u.text):
        return False
    if _BYLINE.match(u.text.strip()):
        return False
    return not (n > 12 and u.text.rstrip(_CLOSERS).endswith("."))


# --- the extraction ---------------------------------------------------------------------------


def _join(line_text: dict[int, str], units: list[Unit]) -> str:
    """Units of one paragraph joined with their original spacing where they were adjacent."""
    out = ""
    prev: Unit | None = None
    for u in units:
        if prev is not None and prev.line_no == u.line_no:
            gap = line_text[u.line_no][prev.end : u.start]
            out += gap if gap.strip() == "" and gap else ("" if u.glued_before and not gap else " ")
        elif prev is not None:
            out += " "
        out += u.text
        prev = u
    return out


def _rechunk(text: str, target_words: int = 90) -> list[str]:
    """A very long one-line body becomes paragraphs of a few sentences each, for reading."""
    if len(text.split()) < target_words * 1.5:
        return [text]
    pieces: list[str] = []
    start = 0
    for m in _SENT_END.finditer(text):
        seg_words = len(text[start : m.end()].split())
        if seg_words >= target_words:
            pieces.append(text[start : m.end()].strip())
            start = m.end()
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def extract(text: str, *, title: str | None = None) -> TextResult:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").strip()
    text = drop_sign_off(text)
    if is_hard_wrapped(text):
        # one line a paragraph, the way the rest of cleaning reads a text's blocks
        text = "\n\n".join(split_paragraphs(text))
    if not text:
        return TextResult(title=title or "")
    lines = text.split("\n")
    line_text = dict(enumerate(lines))
    units = segment(text)
    score_units(units)
    _score_marked_lists(units)
    _drop_embeds(units)

    # Clean text: headline on line 1 (or given), everything else prose. Comes through untouched.
    head_units = [u for u in units if u.line_no == 0] if title is None else []
    body_units = [u for u in units if u.line_no != 0] if title is None else units
    if _is_clean(body_units, units, titled=title is not None) and (
        title is not None or len(lines) > 1 or not head_units
    ):
        return _untouched(lines, title)

    plain = [u.value for u in units]
    weigh_by_neighbourhood(units)
    s, e = best_run(units)
    if s == e:  # nothing dense enough: the page is all short pieces; judge them one by one
        for u, v in zip(units, plain, strict=True):
            u.value = v
        s, e = best_run(units)
        if s < e:
            s, e = _grow_list_page(units, s, e)
    if s == e:
        # No run of prose at all: a short note or a list. Keeping it beats losing the file.
        return _untouched(lines, title)
    e = _cut_at_dated_list(units, s, _cut_at_barrier(units, s, _cut_at_comments(units, s, e)))
    e = _take_announced_list(units, e)
    s = _start_at_headline(units, s, e, lines)
    # Trim the run's edges to units that read as prose.
    while s < e and not units[s].prose:
        s += 1
    s = _skip_header(units, s, e)
    while e > s and not units[e - 1].prose:
        e -= 1
    kept = [u for u in units[s:e] if not (u.furniture and u.value < 0)]

    paragraphs: list[str] = []
    by_group: dict[int, list[Unit]] = {}
    grouped = _has_groups(lines)  # (once: per unit it made long pages quadratic)
    for u in kept:
        by_group.setdefault(u.group if grouped else u.line_no, []).append(u)
    for group_units in by_group.values():
        # A group spanning several lines of list items or blocks: one paragraph per line, unless
        # lines are wrapped sentences (a line that does not end a sentence continues).
        current: list[Unit] = []
        for u in group_units:
            if current and u.line_no != current[-1].line_no and _ends_block(current[-1]):
                paragraphs.extend(_rechunk(_join(line_text, current)))
                current = []
            current.append(u)
        if current:
            paragraphs.extend(_rechunk(_join(line_text, current)))

    if not paragraphs:
        return _untouched(lines, title)
    result = TextResult(paragraphs=paragraphs, cleaned=True)
    _recover_metadata(result, units, s, title, lines)
    return result


def _untouched(lines: list[str], title: str | None) -> TextResult:
    """The text as written: line 1 is the headline (unless one is given), blank lines part
    paragraphs; a byline and date set on short lines of their own right under the headline are
    the article's byline and date, not its first paragraph."""
    if title is None and len(lines) > 1 and len(lines[0]) <= 300:
        title, lines = " ".join(lines[0].split()), lines[1:]
    authors, day, used = _head_meta(lines)
    return TextResult(
        title=title or "", authors=authors, date=day, paragraphs=split_paragraphs("\n".join(lines[used:]))
    )


HEAD_META_WORDS = 14
_TIME = re.compile(r"(?<![\d.:])\d{1,2}[:.]\d\d(?![\d.:])")
_WEEKDAY = re.compile(rf"\b{_WEEKDAY_RE}\b\.?")
# what a date line may say besides the date: "Published: Tuesday 11 March 2015, 3:46 PM GMT"
_DATE_LINE_WORDS = words("published updated posted last modified on at am pm gmt utc bst est edt pst pdt cet")


def _date_line(text: str) -> str | None:
    """The date of a line that is a date and nothing else, or None."""
    dates = find_dates(text)
    if not dates:
        return None
    rest = text
    for pat in _DATE_PATTERNS:
        rest = pat.sub(" ", rest)
    rest = _WEEKDAY.sub(" ", _TIME.sub(" ", rest))
    if any(w.lower().strip(".") not in _DATE_LINE_WORDS for w in _WORD.findall(rest)):
        return None
    return dates[0][1]


def _head_meta(lines: list[str]) -> tuple[list[str], str | None, int]:
    """The byline and date lines that open a clean text ("By Jane Doe", "March 11, 2015"): its
    authors, its date, and how many lines they take (0 when the text opens with prose)."""
    authors: list[str] = []
    day: str | None = None
    used = seen = 0
    for i, line in enumerate(lines):
        text = " ".join(line.split())
        if not text:
            continue
        seen += 1
        if seen > HEADLINE_META or len(text.split()) > HEAD_META_WORDS:
            break
        names = find_authors(text) if not authors and _BYLINE.match(text) else []
        if names:
            authors = names
            day = day or next((d for _, d in find_dates(text)), None)
        elif day is None and (found := _date_line(text)):
            day = found
        else:
            break
        used = i + 1
    return authors, day, used


def _is_meta(u: Unit) -> bool:
    """Date lines, bylines and template bits: what sits between a headline and its body."""
    n = len(u.words)
    if u.furniture and n <= 12:
        return True
    if n <= 10 and find_dates(u.text):
        return True
    return n <= 8 and bool(find_authors(u.text, bare=n <= 4))


def _skip_header(units: list[Unit], s: int, e: int) -> int:
    """Start after the last date/byline/template unit near the top of the run: a headline and
    standfirst before it are the header, not the body."""
    words, cut = 0, s
    for j in range(s, min(e, s + 15)):
        if _is_meta(units[j]):
            cut = j + 1
        words += len(units[j].words)
        if words > 80:
            break
    while cut < e and not units[cut].prose:
        cut += 1
    return cut if cut < e else s


def _has_groups(lines: list[str]) -> bool:
    return any(not line.strip() for line in lines)


def _ends_block(u: Unit, *, strict: bool = False) -> bool:
    return u.text.rstrip(_CLOSERS)[-1:] in ".!?…:;" or (not strict and len(u.words) < 8)


def _is_clean(body_units: list[Unit], all_units: list[Unit], *, titled: bool = False) -> bool:
    """No sign of a web page: no template phrases, repeats, navigation lists or glued blocks.

    Structural on purpose: a typed article may hold a team sheet or a list that scores poorly as
    prose, and must still come through untouched. ``titled`` text came with its own title (a JSON
    record, a Markdown file): its body was exported, not scraped, so a body that is mostly tables
    (wire-service price lists) is still the article.
    """
    words = sum(len(u.words) for u in body_units)
    if words < 20:
        # Too short to judge as prose: clean unless it carries template phrases.
        return not any(u.template for u in all_units)
    # (an exported record may repeat whole passages: only template phrases count against it)
    if (
        sum(
            (u.template if titled else u.furniture and not u.repeated) and len(u.words) <= 15
            for u in body_units
        )
        >= 2
    ):
        return False
    # A quote repeated in a typed article happens; several repeated template bits do not.
    if not titled and len({_norm(u.text) for u in body_units if u.repeated and u.furniture}) >= 2:
        return False
    # distinct glued words: a brand written in CamelCase many times is one
    glued = {u.text.split()[0] for u in all_units if u.glued_before}
    if len(glued) > 3:
        return False
    short_run = 0
    last_line = -1
    for u in all_units:
        if u.line_no == last_line:
            continue
        adjacent = u.line_no == last_line + 1
        last_line = u.line_no
        # a row of figures is a table, not a link list
        short = len(u.words) <= 4 and not _ends_block(u, strict=True) and not any(c.isdigit() for c in u.text)
        short_run = short_run + 1 if short and adjacent else int(short)
        if short_run >= 4:
            return False  # a navigation or link list
    if titled:
        return True
    bad = sum(len(u.words) for u in body_units if u.value < 0)
    return bad / words < 0.75


DATE_UNIT_WORDS = 60  # one-line pages glue the date line to its neighbours
DATE_TAIL_WORDS = 70  # of a longer glued unit, the part next to the body
_UPDATED = re.compile(
    rf"\b(?:updated|modified|edited|revised)\W*(?:on\W*)?(?:{_WEEKDAY_RE}\W*)?$", re.IGNORECASE
)


def _words_start(text: str, n: int, *, from_end: bool) -> int:
    """Offset where the last ``n`` words of ``text`` start (``from_end``), or where its first
    ``n`` words end."""
    gaps = [m.start() for m in re.finditer(r"\s+", text)]
    if len(gaps) < n:
        return 0 if from_end else len(text)
    return gaps[-n] if from_end else gaps[n - 1]


def _header_date(units: list[Unit], body_start: int) -> str | None:
    """The date nearest the body in the header, else one at the top of the body. A one-line page
    glues the date line into a long unit: only its part next to the body counts. A date marked as
    an update ("Updated Dec. 7") gives way to a plain one just before it (the publication)."""
    candidates: list[tuple[str, bool]] = []  # (ISO date, marked as an update), nearest first
    for u in reversed(units[:body_start][-25:]):
        found = find_dates(u.text)
        if found and len(u.words) > DATE_UNIT_WORDS:
            tail = _words_start(u.text, DATE_TAIL_WORDS, from_end=True)
            found = [(o, d) for o, d in found if o >= tail]
        if found:
            off, iso = found[0]
            candidates.append((iso, bool(_UPDATED.search(u.text[max(0, off - 30) : off]))))
    if candidates:
        plain = [iso for iso, updated in candidates[:3] if not updated]
        return plain[0] if plain else candidates[0][0]
    for i, u in enumerate(units[body_start : body_start + 3]):
        # the run's first unit may still hold the end of the header ("Published on: June 25, 2024")
        head = u.text[: _words_start(u.text, DATE_UNIT_WORDS, from_end=False)] if i == 0 else u.text[:120]
        found = find_dates(head)
        if found:
            return found[0][1]
    return None


def _recover_metadata(
    result: TextResult, units: list[Unit], body_start: int, title: str | None, lines: list[str]
) -> None:
    before = units[:body_start]
    window = before[-25:]
    result.date = _header_date(units, body_start)

    result.authors = _find_byline(units, body_start)

    if title is not None:
        result.title = title
        return
    result.title, result.standfirst = _find_title(units, before, window)
    if len(units) > 1 and units[-1].line_no == 0:
        body_char = units[body_start].start if body_start < len(units) else len(lines[0])
        page_title = _page_title_prefix(lines[0], units, body_char)
    else:
        page_title = _page_title_line(units, body_start, lines)
    if page_title:
        result.title = page_title
        result.site = _site_from_title(lines[0], page_title, one_line=units[-1].line_no == 0)


SITE_WORDS = 5  # at most, in a site's name
# words that alone name a section, a page or a format, not a site
_NOT_SITE = _NOT_NAME | words("page amp live watch opinion analysis home")


def _site_from_title(line: str, headline: str, *, one_line: bool) -> str:
    """The site's name where the page's <title> gives it beside the headline: its last part
    after it ("Headline | Section | The Guardian", a tagline aside) or its first part before it
    ("BBC News - Headline"). On a one-line page the <title> runs on into the page: its last part
    is the longest run of first words that the page says again (its logo, its footer)."""
    line = " ".join(line.split())
    headline = " ".join(headline.split())
    if line.startswith(headline):
        rest = line[len(headline) :]
        if not _PART_SEP.match(rest):
            return ""
        if one_line:
            return _site_part(_site_run(_last_title_part(rest), line))
        # the last part, unless it is a tagline: "... ✩ Mozilla Hacks – the Web developer blog"
        parts = [p.strip() for p in _PART_SEP.split(rest) if p.strip()]
        named = [p for p in parts if not _tagline(p)]
        return _site_part(named[-1]) if named else ""
    if one_line:
        return ""
    if line.endswith(headline):
        # (spaced separators only: "Live: Headline" and "Watch: Headline" name no site)
        parts = _PAGE_SEP.split(line[: -len(headline)] + " ")
        if len(parts) >= 2 and not parts[-1].strip():
            return _site_part(parts[0])
    elif len(line.split()) <= 3 and not _PART_SEP.search(line):
        return _site_part(line)  # a <title> that is only the site's name ("Quanta Magazine")
    return ""


def _last_title_part(rest: str) -> str:
    """Of a one-line page's text after the headline, from the <title>'s last part on: parts of
    a few words each set off by separators, the last one running into the page."""
    toks = rest.split(" ", TITLE_TOKENS + 1)[:TITLE_TOKENS]
    last = 0
    for k, tok in enumerate(toks):
        if tok in _SEP_TOKENS:
            if k - last > SITE_WORDS + 1 and last:
                break  # a long part: the page's own text, not the <title>
            last = k + 1
    return " ".join(toks[last:])


def _site_run(text: str, page: str) -> str:
    """The longest run of ``text``'s first capitalised words that ``page`` says twice."""
    toks = text.split(" ", SITE_WORDS + 1)[:SITE_WORDS]
    best = ""
    for k in range(1, len(toks) + 1):
        if toks[k - 1] in _SEP_TOKENS or not (toks[k - 1][:1].isupper() or toks[k - 1][:1].isdigit()):
            break
        name = " ".join(toks[:k])
        if len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", page)) >= 2:
            best = name
    return best


def _tagline(part: str) -> bool:
    """ "the Web developer blog", "The best news in town": a phrase, not a name."""
    toks = part.split()
    return toks[0].lower() in FUNCTION_WORDS and any(
        t.islower() and t not in FUNCTION_WORDS for t in toks[1:]
    )


SITE_CHARS = 40


def _site_part(part: str) -> str:
    """A site's name: a few words with letters, not a section, a page number or a label ("Page 2",
    "Opinion", "Video", "AMP"), nor a lone little word."""
    part = part.strip(" |-–—·:")
    toks = part.split()
    if not 1 <= len(toks) <= SITE_WORDS or len(part) > SITE_CHARS or not any(c.isalpha() for c in part):
        return ""
    if find_dates(part) or STRONG_PHRASES.search(part) or _tagline(part):
        return ""
    plain = [t.lower().strip(".,") for t in toks]
    if all(t in _NOT_SITE or t.isdigit() for t in plain):
        return ""
    return part


_SEP_TOKENS = frozenset(["|", "-", "–", "—", "·", "::", "»", "/", "›", "•", "✩", "★"])


TITLE_TOKENS = 40  # how far into a one-line page its <title> may reach


def _page_title_prefix(line: str, units: list[Unit], body_char: int | None = None) -> str:
    """A one-line scrape of a saved page starts with its <title>, now glued to the page. The
    headline is the part of it the page repeats (as its <h1>) before the body; failing that the
    title ends at the first title separator ("Headline | Site", keeping a one-word site when the
    headline is short), where its first word comes again, or at the first menu word."""
    toks = line.split(" ", 60)[:60]
    # the <h1> comes before the body (give or take a misplaced body start)
    limit = len(line) if body_char is None else body_char + 2000
    title = _title_run_repeated(line[:limit])
    if title:
        return title
    sep = next((i for i, t in enumerate(toks[:31]) if t in _SEP_TOKENS), None)
    if sep is not None:
        head = toks[:sep]
        if len(head) >= 5:
            title = " ".join(head)
        else:
            # "Mozilla - Wikipedia Mozilla From ...": the title ends where its headline repeats
            rest = toks[sep + 1 : sep + 9]
            again = next((j for j in range(1, len(rest)) if rest[j : j + len(head)] == head), None)
            if head and again is not None:
                title = " ".join(toks[: sep + 1 + again])
            else:
                title = _title_by_parts(toks, sep)
    else:
        for k in range(3, 31):
            prefix = " ".join(toks[:k])
            if len(toks) <= k or line.find(prefix, len(prefix)) < 0:
                break
            title = prefix
        if not title:
            # else it runs up to the page's first menu word or template phrase ("... Log in"), or
            # to where its first word comes again ("MathJax v3 with ... MathJax v3 beta: ...")
            ends = [j for j in range(3, min(31, len(toks))) if _starts_menu(toks, j)][:1]
            if toks and toks[0].lower() not in FUNCTION_WORDS:
                ends += [j for j in range(2, min(21, len(toks))) if toks[j] == toks[0]][:1]
            title = " ".join(toks[: min(ends)]) if ends else ""
    title = _strip_seps(title)
    n = len(title.split())
    if not 2 <= n <= 40 or (n <= 6 and find_dates(title)) or STRONG_PHRASES.search(title):
        return ""
    return title


def _title_by_parts(toks: list[str], sep: int) -> str:
    """ "Firefox — Customize it — The most flexible browser — Mozilla Firefox for ...": a short
    first part, then parts of a few words each set off by the same separator. The last part is
    the site's name (Readability's rule), running on into the page: it is dropped."""
    ends = [sep]
    j = sep + 1
    while j < min(len(toks), TITLE_TOKENS):
        nxt = next((k for k in range(j, min(j + 9, len(toks))) if toks[k] in _SEP_TOKENS), None)
        # each part a phrase of its own (some word in lower case), not a label ("Film & TV / News")
        if nxt is None or toks[nxt] != toks[sep] or nxt - j < 3 or not any(t.islower() for t in toks[j:nxt]):
            break
        ends.append(nxt)
        j = nxt + 1
    return " ".join(toks[: ends[-1]]) if len(ends) >= 3 else ""


def _strip_seps(title: str) -> str:
    """ "Raspberry Pi 3 -": a separator that ends a title belonged to the part cut off."""
    toks = title.split()
    while toks and toks[-1] in _SEP_TOKENS:
        toks.pop()
    return " ".join(toks)


def _tok_fold(tok: str) -> str:
    return tok.translate(_QUOTES).casefold().strip("'")


def _title_run_repeated(text: str) -> str:
    """The longest run of a one-line page's opening <title> parts that the page says again later
    (its <h1>). A run starts where a part does (the line's start, after a separator or "Site:")
    and ends at a separator, or, open-ended, where the repetition stops (the <title>'s last part
    runs straight on into the page): then it needs three words, no separator just after, and not
    to start after a separator (a <title>'s last part is the site's name). A run that starts in
    lower case must not repeat after a function word, inside a sentence ("Vision Pro is the ...")."""
    toks = text.split()
    if len(toks) < 4:
        return ""
    folded = [_tok_fold(t) for t in toks]
    where: dict[str, list[int]] = {}
    for k, t in enumerate(folded):
        where.setdefault(t, []).append(k)
    best: tuple[int, int] = (0, 0)
    # "Site: Headline" only in the title's first part: a colon further on is the page's text
    first_sep = next((i for i, t in enumerate(toks[:TITLE_TOKENS]) if t in _SEP_TOKENS), TITLE_TOKENS)
    for b in range(min(TITLE_TOKENS, len(toks))):
        if toks[b] in _SEP_TOKENS:
            continue
        colon = toks[b - 1].endswith(":") and len(toks[b - 1]) > 1 and b <= min(first_sep, 10)
        if b and not (toks[b - 1] in _SEP_TOKENS or colon):
            continue
        length = 0
        lower_start = toks[b][:1].islower()
        for k in where[folded[b]]:
            if k <= b or (lower_start and toks[k - 1] in FUNCTION_WORDS):
                continue
            n = 0
            while n < TITLE_TOKENS and b + n < k and k + n < len(toks) and folded[b + n] == folded[k + n]:
                n += 1
            length = max(length, n)
        e = b + length
        while e > b and toks[e - 1] in _SEP_TOKENS:
            e -= 1
        words = e - b
        closed = e < len(toks) and toks[e] in _SEP_TOKENS
        after_sep = b > 0 and toks[b - 1] in _SEP_TOKENS
        if not closed and (words < 3 or after_sep or any(t in _SEP_TOKENS for t in toks[e : e + 8])):
            continue
        run = " ".join(toks[b:e])
        if words < 2 or words <= best[1] - best[0] or STRONG_PHRASES.search(run):
            continue
        if all(t.lower() in WEAK_WORDS for t in _tokens(run)):
            continue
        best = (b, e)
    return " ".join(toks[best[0] : best[1]])


def _starts_menu(toks: list[str], j: int) -> bool:
    word = toks[j]
    if not word[:1].isupper():
        return False
    return word.lower() in WEAK_WORDS or bool(STRONG_PHRASES.match(" ".join(toks[j : j + 4])))


def _page_title_line(units: list[Unit], body_start: int, lines: list[str]) -> str:
    """A saved page's text opens with its <title> on a line of its own: the headline, usually
    with the site's name, which :func:`clean_page_title` takes off."""
    line = lines[0]
    first = [u for u in units if u.line_no == 0]
    if not first or len(first) == len(units) or body_start < len(first):
        return ""
    n = sum(len(u.words) for u in first)
    if not 2 <= n <= 40:
        return ""
    # the page's own heading lines up to the body: its <h1> is usually among them
    body_line = units[body_start].line_no if body_start < len(units) else len(lines)
    heading_lines = [h.strip() for h in lines[1 : body_line + 1] if 1 <= len(h.split()) <= 40]
    repeated = _title_part_repeated(line, heading_lines) or _site_only_title(line, heading_lines)
    if repeated:
        return repeated
    if not _could_be_title(line):
        return ""
    headings = frozenset(u.text for u in units[len(first) : body_start] if 2 <= len(u.words) <= 40)
    return clean_page_title(line, headings)


def _site_only_title(line: str, heading_lines: list[str]) -> str:
    """A <title> of two or three words and no separator that the page never repeats may be just
    the site's name ("Quanta Magazine"): then a headline-like heading the header gives twice
    (breadcrumb and <h1>) is the headline; the one nearest the body."""
    if len(line.split()) > 3 or _PART_SEP.search(line):
        return ""
    keys = [_qfold(h) for h in heading_lines]
    if _qfold(line) in keys:
        return ""
    counts = Counter(keys)
    for h, key in zip(reversed(heading_lines), reversed(keys), strict=True):
        n = len(h.split())
        if counts[key] >= 2 and 3 <= n <= 20 and _could_be_title(h) and not _URLISH.search(h):
            return " ".join(h.split())
    return ""


def _could_be_title(line: str) -> bool:
    """Not a template line ("Sign in"), a bare date or a run of menu words."""
    if STRONG_PHRASES.search(line):
        return False
    toks = _tokens(line)
    if all(t.lower() in WEAK_WORDS for t in toks):
        return False
    # a date inside a long title is part of it ("Weekly Edition for March 26, 2015")
    rest = line
    for pat in _DATE_PATTERNS:
        rest = pat.sub(" ", rest)
    if rest == line:
        return True
    # words besides the date, times, day names and labels: "Thursday 13 May 2021 10:00 BST" and
    # "Published March 3, 2024 by Jane Doe" are the lines under a headline, not one
    others = [
        t
        for t in _tokens(rest)
        if not t.isdigit() and t.lower()[:3] not in _DAY_PREFIXES and t.lower() not in WEAK_WORDS
    ]
    return len(others) >= 4


_DAY_PREFIXES = frozenset(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])


# Where a page's <title> joins its parts: spaced separators, and a colon after a word.
_PART_SEP = re.compile(r"(?<!\s)\s+(?:[|\-–—·•»›/✩★~]|::)\s+|(?<=\w):\s+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": "'", "”": "'", "„": "'", '"': "'", "`": "'"})


def _qfold(text: str) -> str:
    """Case, white space and quote styles folded: a title and its heading set in other quotes agree."""
    return " ".join(text.translate(_QUOTES).casefold().split())


def _title_part_repeated(line: str, heading_lines: list[str]) -> str:
    """The longest run of a <title>'s parts that the page repeats as a heading line of its own
    (its <h1>): "Storm closes schools ✩ Example News – the regional daily" with a heading "Storm
    closes schools" is "Storm closes schools". The <title>'s text is kept (its quotes, its
    spacing). A lone word, or a short last part ("- The Verge"), is the site's name, which the
    page shows as its logo."""
    keys = {_qfold(h) for h in heading_lines}
    if not keys:
        return ""
    bounds = [0]
    for m in _PART_SEP.finditer(line):
        bounds += [m.start(), m.end()]
    bounds.append(len(line))
    parts = list(zip(bounds[::2], bounds[1::2], strict=True))
    best, best_words = "", 0
    for i, (a, _) in enumerate(parts):
        for _, b in parts[i:]:
            run = line[a:b].strip()
            k = len(run.split())
            site_like = i == len(parts) - 1 > 0 and k < 4
            if k > best_words and k >= 2 and not site_like and _qfold(run) in keys:
                if STRONG_PHRASES.search(run):
                    continue  # "Sign in": a template line, not a headline
                best, best_words = " ".join(run.split()), k
    return best


def _find_title(units: list[Unit], before: list[Unit], window: list[Unit]) -> tuple[str, str]:
    if not units:
        return "", ""
    candidates = [u for u in window if _headline_like(u)]
    # The page's <title> usually opens its visible text and the headline repeats it (or part of
    # it) later: a candidate whose words already appeared near the very top is the headline.
    first = units[0]
    top_units = [u for u in units[:12] if u.line_no == first.line_no and u.start < 300]
    top_norm = " " + _norm(" ".join(u.text for u in top_units)) + " "
    for u in reversed(candidates):
        key = _norm(u.text)
        if len(key.split()) < 2 or u in top_units[:1]:
            continue
        if u.line_no == first.line_no:
            # one line: the earlier occurrence must be before this unit, not the unit itself
            head = " " + _norm(" ".join(v.text for v in top_units if v.start < u.start)) + " "
            if f" {key} " in head:
                return u.text, _standfirst_after(u, window)
        elif f" {key} " in top_norm:
            return u.text, _standfirst_after(u, window)
    if candidates:
        last = candidates[-1]
        idx = candidates.index(last)
        if idx > 0:
            prev = candidates[idx - 1]
            # headline then standfirst: the standfirst is a sentence, or at least as long, and
            # follows straight on
            adjacent = window.index(prev) + 1 == window.index(last)
            sentence = len(last.words) >= 15 or last.text.rstrip(_CLOSERS).endswith(".")
            if (sentence and len(prev.words) < len(last.words)) or (
                adjacent and len(prev.words) <= len(last.words)
            ):
                return prev.text, last.text
        return last.text, ""
    # Fall back to the longest part of the page title on the first line.
    top = " ".join(u.text for u in top_units)
    if len(units) > 1 and units[1].line_no != first.line_no and 2 <= len(top.split()) <= 30:
        parts = [p for p in _TITLE_SEPARATOR.split(top) if p.strip()]
        return max(parts, key=len).strip(), ""
    return "", ""


def _standfirst_after(u: Unit, window: list[Unit]) -> str:
    if u not in window:
        return ""
    i = window.index(u)
    for v in window[i + 1 : i + 4]:
        if _headline_like(v) and len(v.words) >= 8:
            return v.text
    return ""


# Readability's separators plus spaced en and em dashes ("Title — Site"), common in page titles.
_SEPS = "|\\-\\\\/>»–—"
_PAGE_SEP = re.compile(rf" [{_SEPS}] ")
_HIER_SEP = re.compile(r" [\\/>»] ")


def clean_page_title(
    orig: str, headings: set[str] | frozenset[str] = frozenset(), only_h1: str | None = None
) -> str:
    """A page's <title> less its site name after (or before) a separator, unless that leaves too
    little; Mozilla Readability's rule, so titles agree with what reader views show."""
    orig = cur = " ".join(orig.split())
    hierarchical = False
    if _PAGE_SEP.search(cur):
        hierarchical = bool(_HIER_SEP.search(cur))
        cur = re.sub(rf"(.*)[{_SEPS}] .*", r"\1", orig)
        if len(cur.split()) < 3:
            cur = re.sub(rf"^[^{_SEPS}]*[{_SEPS}]", "", orig)
    elif ": " in cur:
        if cur not in headings:
            cur = orig[orig.rfind(":") + 1 :]
            if len(cur.split()) < 3:
                cur = orig[orig.find(":") + 1 :]
            elif len(orig[: orig.find(":")].split()) > 5:
                cur = orig
    elif (len(cur) > 150 or len(cur) < 15) and only_h1:
        cur = only_h1
    cur = " ".join(cur.split())
    n = len(cur.split())
    if n <= 4 and (not hierarchical or n != len(re.sub(rf"[{_SEPS}]+", "", orig).split()) - 1):
        cur = orig
    return cur
