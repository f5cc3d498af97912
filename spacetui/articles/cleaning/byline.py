"""Stage 4: the article's byline: names after "By", over a job title, or before a date stamp."""

from __future__ import annotations

import re

from spacetui.articles.cleaning.date import date_line, find_dates
from spacetui.articles.cleaning.scoring import norm
from spacetui.articles.cleaning.segment import Unit
from spacetui.articles.cleaning.words import (
    HEAD_META_WORDS,
    HEADLINE_META,
    MONTH_RE,
    NOT_NAME,
    TITLE_TOKENS,
    WEEKDAY_RE,
)
from spacetui.articles.furniture import FUNCTION_WORDS, words

# (a month before a day's number is the date glued on: "By Gillian Mohney March 11, 2015")
_NAME_TOKEN = rf"(?!(?i:{MONTH_RE})\.?\s+\d)(?:[A-Z][a-zA-Z'’\-]+\.?|[A-Z]\.)"


_NAME = rf"(?:{_NAME_TOKEN})(?:\s+(?:(?:de|van|von|der|da|di|la|le|bin|al)\s+)?(?:{_NAME_TOKEN})){{1,3}}"


BYLINE = re.compile(
    rf"(?:^|\b)(?:[Bb]y|BY|[Ww]ords(?:\s+by)?|[Ww]ritten\s+by|[Aa]uthor:?|[Tt]ext(?:\s+by)?|[Rr]eporting\s+by)(?:\s*:)?\s+"
    rf"(?P<names>{_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})*)"
)


_BARE_NAME = re.compile(rf"^(?P<names>{_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})*)$")


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
        elif not (word in tail or (role and word in NOT_NAME)):
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
        if len(toks) < 2 or any(t.lower().strip(".") in NOT_NAME for t in toks):
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
    m = BYLINE.search(text)
    if m:
        names = _clean_names(m.group("names"))
        if names:
            return names
    if bare:
        m = _BARE_NAME.match(text.strip())
        if m:
            return _clean_names(m.group("names"))
    return []


# What follows a byline's name: a date, a time, "3 hours ago", "14 min read", "8h".
STAMP = re.compile(
    rf"(?:{WEEKDAY_RE}\.?,?\s+)?(?:{MONTH_RE}\.?\s+\d{{1,2}}(?!\d)|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_RE}\b"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?!\d)|(?:19|20)\d\d-\d\d-\d\d|\d{1,2}:\d\d"
    r"|(?<!\d)\d{1,3}\s?(?:min|mins|minutes?|hrs?|hours?|days?|weeks?|months?)\s+(?:ago|read)\b|\d{1,2}[hmd]\b)"
)


# (each optional part starts with a character of its own: adjacent \s* would backtrack cubically)
_STAMP_AFTER = re.compile(rf"\s*(?:,\s*)?(?:@\w+\s*)?(?:[-–—•·|,]\s*)?{STAMP.pattern}")


# a date line next to a byline line may also just say "Updated ..." (a glued name may not)
_STAMP_LINE = re.compile(rf"{STAMP.pattern}|\b(?:Updated|Published|Posted)\b")


# A name glued to the stamp after it: "Dan Goodin - Apr 16, 2015", "Alex Perry 1 day ago",
# "Vincent Vallet Follow Oct 18, 2019", "Devindra Hardawar, @devindra 11.03.17".
_NAME_STAMP = re.compile(
    rf"(?P<names>(?:{_NAME_TOKEN})(?:\s+(?:{_NAME_TOKEN})){{1,3}})\s*(?:,\s*)?(?:@\w+\s*)?(?:[-–—•·|,]\s*)?"
    rf"(?:Follow\s+|on\s+)?(?={STAMP.pattern})"
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


def is_stamp_unit(u: Unit) -> bool:
    return len(u.words) <= 16 and bool(_STAMP_LINE.search(u.text))


def find_byline(units: list[Unit], body_start: int) -> list[str]:
    """The article's author(s), from the header just before the body: an explicit "By ..."
    nearest the body; else a name set right before the date ("Mike Conley December 18, 2020");
    else a name on a line of its own a step from the date line. A name line with no date beside
    it is too often a menu or a sidebar ("Key Specs", "Silicon Valley") to be taken."""
    window = units[:body_start][-25:]
    # a video player or a photo's caption may stand between an explicit byline and the body
    for u in reversed(units[:body_start][-BYLINE_REACH:]):
        for m in reversed(list(BYLINE.finditer(u.text))):
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


def byline_at_start(text: str) -> tuple[list[str], int]:
    """A "By Jane Doe" opening a one-line page's story, right after its headline: (the names,
    where the byline ends), or ([], 0)."""
    m = BYLINE.match(text)
    if m is None or m.group()[:1] not in "Bb":
        return [], 0
    names = [n for n in _clean_names(m.group("names")) if len(n.split()) >= 2]
    if not names:
        return [], 0
    at = text.find(names[-1], m.start("names"))
    if at < 0:
        return [], 0
    end = at + len(names[-1])
    last = names[-1].split()
    if len(last) >= 3 and text[end : end + 2].strip()[:1].islower():
        # "By Jane Doe Heavy snow forced ...": the story's first word, not the name's last
        names[-1] = " ".join(last[:-1])
        end = at + len(names[-1])
    return names, end


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
    phrase = norm(text[cut:])
    at = u.start + cut  # where the phrase starts on its line
    first = units[0].line_no
    parts = []
    for v in units[:TITLE_TOKENS]:
        if v.line_no != first:
            break
        parts.append(v.text if v.line_no != u.line_no else v.text[: max(0, at - v.start)])
    head = " ".join(" ".join(parts).split(" ", TITLE_TOKENS)[:TITLE_TOKENS])
    return f" {phrase} " in f" {norm(head)} "


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
            if is_stamp_unit(window[j]):
                return True
            if len(window[j].words) > 6:
                break  # a sentence or a headline: the byline's neighbourhood ends there
    return False


def head_meta(lines: list[str]) -> tuple[list[str], str | None, int]:
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
        names = find_authors(text) if not authors and BYLINE.match(text) else []
        if names:
            authors = names
            day = day or next((d for _, d in find_dates(text)), None)
        elif day is None and (found := date_line(text)):
            day = found
        else:
            break
        used = i + 1
    return authors, day, used


_BY = re.compile(r"^\s*by[\s:]+", re.IGNORECASE)


def byline_names(parts: list[str], outlet: str = "") -> list[str]:
    """Authors as names: a leading "By" dropped (the reader shows its own, so it was doubled) and
    the outlet a wire byline ends with ("By Jane Arraf, Reuters") left to the source field; a
    lone name that is also the site's (a personal blog) is the author."""
    names: list[str] = []
    for part in parts:
        name = " ".join(_BY.sub("", part).split()).strip(" ,;")
        if name and name not in names:
            names.append(name)
    outlet_key = outlet.casefold().strip()
    people = [n for n in names if n.casefold() != outlet_key]
    return people or names
