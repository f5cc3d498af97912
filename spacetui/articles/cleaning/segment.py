"""Stage 1: cut a text into units (sentences, and the places where blocks were glued together)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacetui.articles.cleaning.words import CLOSERS, DATE_LEADS, FULL_DATE, SEPARATOR, WORD, final_mark
from spacetui.articles.furniture import ABBREVIATIONS, FUNCTION_WORDS, SENTENCE_OPENERS


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


# Where a sentence may end: terminal punctuation, optional closing quotes, white space, then a
# capital, digit or opening quote.
SENT_END = re.compile(r"[.!?…][\"'”’)\]»]*\s+(?=[\"'“‘(\[«]?[A-Z0-9À-ÖØ-Þ])")


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


_LAST_TOKEN = re.compile(r"([A-Za-z]+)\.$")


# A date line run into the next block: "by Jane Doe March 3, 2024 Heavy snow forced ...". In a
# sentence a comma or a lower-case word follows a date.
_DATE_CUT = re.compile(rf"{FULL_DATE}\s+(?=[A-Z][a-z]|[AI]\s)")


_CAMEL = re.compile(r"(?<![\w])[A-Z]?[a-z]+(?:[A-Z][a-z]+)+(?![\w])")


def sentence_ends(line: str) -> Iterator[int]:
    """Where sentences end in running text (the start of the next one), abbreviations and
    initials aside."""
    for m in SENT_END.finditer(line):
        # a bounded look-back: the whole prefix would make long one-line pages quadratic
        before = line[max(0, m.start() - 30) : m.start() + 1].rstrip(CLOSERS)
        tok = _LAST_TOKEN.search(before) if before.endswith(".") else None
        if tok and (tok.group(1).lower() in ABBREVIATIONS or len(tok.group(1)) == 1):
            continue  # "Mr. Smith", "J. K. Rowling", "U.S. officials"
        yield m.end()


def _sentence_cuts(line: str, protected: frozenset[str] = frozenset()) -> list[tuple[int, bool]]:
    """Cut points in a line: (position, glued) pairs, in order.

    ``protected`` CamelCase words recur in the text, so they are names ("WorldCom"), not glue.
    """
    cuts: list[tuple[int, bool]] = [(end, False) for end in sentence_ends(line)]
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
    for m in SEPARATOR.finditer(line):
        cuts.append((m.start(), False))
        cuts.append((m.end(), False))
    for m in _DATE_CUT.finditer(line):
        # "... by Jane Doe March 3, 2024 Heavy snow": a block ends; "On January 6, 2021 Trump
        # supporters ...", "since March 3, 2024 Parents ...": a sentence goes on
        lead_words = line[max(0, m.start() - 20) : m.start()].split()
        word = lead_words[-1] if lead_words else ""
        in_sentence = word.isalpha() and word not in DATE_LEADS
        if not (in_sentence and (word.islower() or word.lower() in FUNCTION_WORDS)):
            cuts.append((m.end(), False))
    cuts.sort()
    return cuts


def tokens(text: str) -> list[str]:
    return WORD.findall(text)


def is_cap(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _prose_window(words: list[str]) -> bool:
    """Do these words read like running prose (few capitals, enough function words)?"""
    if len(words) < 5:
        return False
    head = words[:14]
    caps = sum(is_cap(w) for w in head[1:]) / max(1, len(head) - 1)
    func = sum(w.lower() in FUNCTION_WORDS for w in head) / len(head)
    return caps <= 0.35 and func >= 0.2


def _split_label_run(text: str) -> int:
    """Offset where a sentence starts after a leading run of names/labels, or 0.

    "Thom Waite Last year, it was announced ..." -> offset of "Last": a run of capitalised words
    followed by a capitalised sentence opener, after which the text reads as prose.
    """
    matches = list(WORD.finditer(text))
    if len(matches) < 7:
        return 0
    for i in range(1, min(len(matches) - 5, 40)):
        word = matches[i].group()
        if not word[:1].isupper() or word.lower() not in SENTENCE_OPENERS:
            continue
        prefix = [m.group() for m in matches[:i]]
        if sum(is_cap(w) for w in prefix) / len(prefix) < 0.75:
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
            after_sentence = final_mark(line[max(0, s - 20) : s]) in ".!?"
            off = 0 if after_sentence else _split_label_run(line[s:e])
            spans = [(s, s + off, glued), (s + off, e, False)] if off else [(s, e, glued)]
            for us, ue, g in spans:
                chunk = line[us:ue].strip()
                if chunk:
                    us2 = us + (len(line[us:ue]) - len(line[us:ue].lstrip()))
                    units.append(Unit(chunk, line_no, group, us2, us2 + len(chunk), glued_before=g))
    return units
