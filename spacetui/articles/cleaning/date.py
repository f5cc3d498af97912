"""Stage 4: the article's date: dates written in the text, and the date line next to the headline."""

from __future__ import annotations

import re
from datetime import date

from spacetui import lexicon
from spacetui.articles.cleaning.segment import Unit
from spacetui.articles.cleaning.words import MONTH_RE, WEEKDAY_RE, WORD
from spacetui.articles.furniture import MONTHS, words

_YEAR = r"(?:19|20)\d\d(?!\d)"


DATE_PATTERNS = [
    re.compile(
        rf"\b(?P<m>{MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)", re.I
    ),
    re.compile(
        rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)",
        re.I,
    ),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<mn>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<![\d/.])(?P<mn>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d\d)(?!\d)"),
    re.compile(r"(?<![\d/.])(?P<d>\d{1,2})\.(?P<mn>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?!\d)"),
]


# A date line's label and what may follow its date ("Published: 12/03/2008 10:30 GMT").
_DATELINE_LABEL = re.compile(
    rf"(?:(?:(?:last\s+)?updated|published|posted|date)\s*:?\s*)?(?:{WEEKDAY_RE},?\s+)?", re.I
)
_TIME_AFTER = re.compile(r"[,\s]+(?:at\s+)?\d{1,2}[:.]\d\d(?:\s*(?:[ap]\.?m\.?|GMT|BST|UTC|ET))?", re.I)


def dateline_at_start(text: str) -> int:
    """Where a date line opening ``text`` ends ("Published: 12/03/2008", "12 March 2008 10:30
    GMT"), or 0 when it does not open with one."""
    at = _DATELINE_LABEL.match(text)
    start = at.end() if at else 0
    for pat in DATE_PATTERNS:
        m = pat.match(text, start)
        if m:
            after = _TIME_AFTER.match(text, m.end())
            return after.end() if after else m.end()
    return 0


def find_dates(text: str) -> list[tuple[int, str]]:
    """(offset, ISO date) for every date written out in ``text``, in order."""
    found: list[tuple[int, str]] = []
    for pat in DATE_PATTERNS:
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


_TIME = re.compile(r"(?<![\d.:])\d{1,2}[:.]\d\d(?![\d.:])")


_WEEKDAY = re.compile(rf"\b{WEEKDAY_RE}\b\.?")


# what a date line may say besides the date: "Published: Tuesday 11 March 2015, 3:46 PM GMT"
_DATE_LINE_WORDS = words("published updated posted last modified on at am pm") | frozenset(lexicon.TIME_ZONES)


def date_line(text: str) -> str | None:
    """The date of a line that is a date and nothing else, or None."""
    dates = find_dates(text)
    if not dates:
        return None
    rest = text
    for pat in DATE_PATTERNS:
        rest = pat.sub(" ", rest)
    rest = _WEEKDAY.sub(" ", _TIME.sub(" ", rest))
    if any(w.lower().strip(".") not in _DATE_LINE_WORDS for w in WORD.findall(rest)):
        return None
    return dates[0][1]


DATE_UNIT_WORDS = 60  # one-line pages glue the date line to its neighbours


DATE_TAIL_WORDS = 70  # of a longer glued unit, the part next to the body


_UPDATED = re.compile(
    rf"\b(?:updated|modified|edited|revised)\W*(?:on\W*)?(?:{WEEKDAY_RE}\W*)?$", re.IGNORECASE
)


def _words_start(text: str, n: int, *, from_end: bool) -> int:
    """Offset where the last ``n`` words of ``text`` start (``from_end``), or where its first
    ``n`` words end."""
    gaps = [m.start() for m in re.finditer(r"\s+", text)]
    if len(gaps) < n:
        return 0 if from_end else len(text)
    return gaps[-n] if from_end else gaps[n - 1]


def header_date(units: list[Unit], body_start: int) -> str | None:
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
