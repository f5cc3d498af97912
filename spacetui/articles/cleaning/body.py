"""Stage 3: the body, the best contiguous run of prose units, cut at comments, lists and barriers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection

from spacetui.articles.cleaning.byline import BYLINE, STAMP, find_authors, is_stamp_unit
from spacetui.articles.cleaning.date import find_dates
from spacetui.articles.cleaning.scoring import norm, sentence_like
from spacetui.articles.cleaning.segment import SENT_END, Unit, tokens
from spacetui.articles.cleaning.words import FULL_DATE, HEADLINE_META, TITLE_TOKENS, final_mark
from spacetui.articles.furniture import CLOSING_PHRASES

BARRIER_SHARE = 0.6


# A comment's header: "Jane on May 3, 2018 at 4:47 pm said:", "Jane says:", "3 hours ago Reply".
# "2 days ago", "3 hours ago": how old a comment is.
_AGO = r"\b\d+\s(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\sago\b"


_COMMENT_HEADER = re.compile(
    r"\b\d{1,2}:\d\d\s?[ap]\.?m\.?\b.{0,12}?\b(?:said|says|wrote)\s?:"
    r"|\b(?:said|says|wrote)\s?:\s(?!\s*[\"\u201c'\u2018])"  # (prose: "he said:" opens a quote)
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
        return is_stamp_unit(nxt)
    named = 1 <= len(u.words) <= 4 and not ends_block(u, strict=True)
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
    return bool(after) and any(is_stamp_unit(v) for v in after) and all(len(v.words) <= 16 for v in after)


def cut_at_comments(units: list[Unit], s: int, e: int) -> int:
    """End the run where a comment thread starts: several comment headers follow one another,
    or several comments end in a "Reply" button (the thread then starts on the line of the
    first one's date)."""
    marks = [i for i in range(s, e) if _COMMENT_HEADER.search(units[i].text) or _header_line(units, i)]
    first = marks[0] if len(marks) >= COMMENT_HEADERS else e
    replies = [i for i in range(s, e) if _reply_button(units, i)]
    if len(replies) >= COMMENT_HEADERS:
        j = replies[0]
        k = next((k for k in range(j - 1, max(s, j - REPLY_REACH) - 1, -1) if is_stamp_unit(units[k])), -1)
        while k > s and units[k - 1].line_no == units[k].line_no and len(units[k - 1].words) <= 6:
            k -= 1  # "Jane Doe · March 10, 2017 at 12:20 AM": the header's line
        if k > s:
            first = min(first, k)
    if first >= e or not any(u.value > 0 for u in units[s:first]):
        return e  # no thread, or the page is the thread itself
    return first


# A unit that ends in a full date (and time): on one-line pages, the date cut above leaves each
# teaser's "Headline Author Wednesday November 20, 2019" as one.
_ENDS_DATED = re.compile(rf"{FULL_DATE}\s*$")


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
            or ends_block(v, strict=True)
            or _ENDS_DATED.search(v.text, max(0, len(v.text) - DATED_TAIL))
        ):
            break
        lead, start = lead + _word_count(v.text), j
    return start if lead >= 4 else -1


def _word_count(text: str) -> int:
    """Words with letters: "4.2.3" in a table of releases is not a headline's word."""
    return sum(1 for t in tokens(text) if t[:1].isalpha())


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


def cut_at_dated_list(units: list[Unit], s: int, e: int) -> int:
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
            if not sentence_like(u):
                u.furniture, u.value = True, min(u.value, 0.0) - 1.0
    return e


LIST_LEAD_WORDS = 25  # at most, in the line that announces a list


LIST_LINES = 3  # at least


def take_announced_list(units: list[Unit], e: int) -> int:
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


HEADLINE_PROBE = 6  # words: a one-line page's title is found again by its first words


PROBE_CHARS = 300


def start_at_headline(units: list[Unit], s: int, e: int, lines: list[str]) -> int:
    """Start the run at the page's headline when the run holds it with its date line or byline
    just under it: a page's text opens with its <title>, and the article follows where the page
    says it again as its heading. What the run took in before it (a menu of teasers with their
    summaries) is the page's. (The title said again without a date under it is a recipe's card,
    a photo's caption or a "most read" list.)"""
    one_line = len(lines) == 1
    if one_line:
        # the <title> runs on into the page: its first words, glued in a unit with the date
        probe_words = norm(lines[0][:PROBE_CHARS]).split()[:HEADLINE_PROBE]
        if len(probe_words) < HEADLINE_PROBE:
            return s
        probe, first_word = f" {' '.join(probe_words)} ", probe_words[0]
    else:
        title = f" {norm(lines[0])} "
    seen: Counter[str] | None = None
    for h in range(s + 1, e):
        u = units[h]
        if one_line:
            if first_word not in u.text.lower() or probe not in f" {_key(u)} ":
                continue
            if STAMP.search(u.text):
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
        if not any(is_stamp_unit(v) or BYLINE.match(v.text.strip()) for v in header):
            continue
        return h if _prose_after(units, h, e) >= HEADLINE_BODY_WORDS else s
    return s


def _key(u: Unit) -> str:
    """The unit's words in lower case, as :func:`norm` gives them."""
    return " ".join(w.lower() for w in u.words)


def _prose_after(units: list[Unit], h: int, e: int) -> int:
    return sum(len(v.words) for v in units[h + 1 : e] if sentence_like(v))


def cut_at_barrier(units: list[Unit], s: int, e: int) -> int:
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


def grow_list_page(units: list[Unit], s: int, e: int) -> tuple[int, int]:
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


def join_units(line_text: dict[int, str], units: list[Unit]) -> str:
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


def rechunk(text: str, target_words: int = 90) -> list[str]:
    """A very long one-line body becomes paragraphs of a few sentences each, for reading."""
    if len(text.split()) < target_words * 1.5:
        return [text]
    pieces: list[str] = []
    start = 0
    for m in SENT_END.finditer(text):
        seg_words = len(text[start : m.end()].split())
        if seg_words >= target_words:
            pieces.append(text[start : m.end()].strip())
            start = m.end()
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def _is_meta(u: Unit) -> bool:
    """Date lines, bylines and template bits: what sits between a headline and its body."""
    n = len(u.words)
    if u.furniture and n <= 12:
        return True
    if n <= 10 and find_dates(u.text):
        return True
    return n <= 8 and bool(find_authors(u.text, bare=n <= 4))


def skip_header(units: list[Unit], s: int, e: int) -> int:
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


def has_groups(lines: list[str]) -> bool:
    return any(not line.strip() for line in lines)


def ends_block(u: Unit, *, strict: bool = False) -> bool:
    return final_mark(u.text) in ".!?…:;" or (not strict and len(u.words) < 8)


def is_clean(
    body_units: list[Unit], all_units: list[Unit], *, titled: bool = False, table_lines: Collection[int] = ()
) -> bool:
    """No sign of a web page: no template phrases, repeats, navigation lists or glued blocks.

    Structural on purpose: a typed article may hold a team sheet or a list that scores poorly as
    prose, and must still come through untouched. ``titled`` text came with its own title (a JSON
    record, a Markdown file): its body was exported, not scraped, so a body that is mostly tables
    (wire-service price lists) is still the article. A unit on one of ``table_lines`` (rows of a
    typed table) is neither prose nor furniture, whatever its words ("ELEVATOR  LOADING  WAITING").
    """
    words = sum(len(u.words) for u in body_units)
    if words < 20:
        # Too short to judge as prose: clean unless it carries template phrases.
        return not any(u.template for u in all_units)

    def table_row(u: Unit) -> bool:
        return u.line_no in table_lines

    # (an exported record may repeat whole passages: only template phrases count against it)
    if (
        sum(
            (u.template if titled else u.furniture and not u.repeated)
            and len(u.words) <= 15
            and not table_row(u)
            for u in body_units
        )
        >= 2
    ):
        return False
    # A quote repeated in a typed article happens; several repeated template bits do not.
    repeats = {norm(u.text) for u in body_units if u.repeated and u.furniture and not table_row(u)}
    if not titled and len(repeats) >= 2:
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
        short = len(u.words) <= 4 and not ends_block(u, strict=True) and not any(c.isdigit() for c in u.text)
        short_run = short_run + 1 if short and adjacent else int(short)
        if short_run >= 4:
            return False  # a navigation or link list
    if titled:
        return True
    bad = sum(len(u.words) for u in body_units if u.value < 0 and not table_row(u))
    return bad / words < 0.75
