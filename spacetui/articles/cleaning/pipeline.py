"""The cleaning stages in order: segment, score, find the body, recover headline, byline, date, site."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacetui.articles.cleaning.body import (
    best_run,
    cut_at_barrier,
    cut_at_comments,
    cut_at_dated_list,
    ends_block,
    grow_list_page,
    has_groups,
    is_clean,
    join_units,
    rechunk,
    skip_header,
    start_at_headline,
    take_announced_list,
)
from spacetui.articles.cleaning.byline import byline_at_start, find_byline, head_meta
from spacetui.articles.cleaning.date import dateline_at_start, header_date
from spacetui.articles.cleaning.headline import (
    after_site_prefix,
    find_title,
    lone_headline,
    opening_headline,
    page_title_line,
    page_title_prefix,
    typed_headline,
)
from spacetui.articles.cleaning.headline_rank import ranked_headline
from spacetui.articles.cleaning.paragraphs import (
    is_hard_wrapped,
    is_typed,
    rejoin_wrapped,
    split_paragraphs,
    split_sign_off,
    table_rows,
)
from spacetui.articles.cleaning.result import Extracted
from spacetui.articles.cleaning.scoring import (
    drop_embeds,
    in_capitals,
    score_marked_lists,
    score_units,
    weigh_by_neighbourhood,
)
from spacetui.articles.cleaning.segment import Unit, segment, sentence_ends
from spacetui.articles.cleaning.site import site_from_title
from spacetui.articles.cleaning.words import MENU_WORDS, final_mark


# The stages that trim the best run of prose, in order; each may be switched off to measure it.
def _trim_comments(units: list[Unit], s: int, e: int, lines: list[str]) -> tuple[int, int]:
    return s, cut_at_comments(units, s, e)


def _trim_barrier(units: list[Unit], s: int, e: int, lines: list[str]) -> tuple[int, int]:
    return s, cut_at_barrier(units, s, e)


def _trim_dated_list(units: list[Unit], s: int, e: int, lines: list[str]) -> tuple[int, int]:
    return s, cut_at_dated_list(units, s, e)


def _take_list(units: list[Unit], s: int, e: int, lines: list[str]) -> tuple[int, int]:
    return s, take_announced_list(units, e)


def _from_headline(units: list[Unit], s: int, e: int, lines: list[str]) -> tuple[int, int]:
    return start_at_headline(units, s, e, lines), e


def _prose_edges(units: list[Unit], s: int, e: int, lines: list[str]) -> tuple[int, int]:
    while s < e and not units[s].prose:
        s += 1
    s = skip_header(units, s, e)
    while e > s and not units[e - 1].prose:
        e -= 1
    return s, e


Stage = Callable[[list[Unit], int, int, list[str]], tuple[int, int]]
STAGES: list[tuple[str, Stage]] = [
    ("comments", _trim_comments),  # reader comments end the article
    ("barrier", _trim_barrier),  # a run of furniture ends it
    ("dated list", _trim_dated_list),  # so does a list of dated teasers
    ("announced list", _take_list),  # a list the last sentence announces belongs to it
    ("headline", _from_headline),  # the article starts at its headline when one is found again
    ("prose edges", _prose_edges),  # and its edges are units that read as prose, past a header
]

# How units are scored: the hand-written rules, or the classifier learned from labelled pages
# (see benchmarks/extraction.py --cv for the site-grouped comparison that chose between them).
UnitScorer = Callable[[list[Unit]], None]


def rule_scores(units: list[Unit]) -> None:
    weigh_by_neighbourhood(units)


def extract(
    text: str,
    *,
    title: str | None = None,
    scorer: UnitScorer | None = None,
    skip: frozenset[str] = frozenset(),
    headline: HeadlinePicker | None = None,
) -> Extracted:
    """The article in ``text``; ``scorer``, ``skip`` (stage names) and ``headline`` are for
    measuring."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").strip()
    text, wire = split_sign_off(text)
    result = _extract_body(text, title=title, scorer=scorer, skip=skip, headline=headline)
    if wire and not result.source:
        result.source = wire  # a wire story saved without its outlet: the sign-off names it
    return result


def _extract_body(
    text: str,
    *,
    title: str | None,
    scorer: UnitScorer | None,
    skip: frozenset[str],
    headline: HeadlinePicker | None = None,
) -> Extracted:
    typed = is_typed(text)
    if title is None and typed:
        head = typed_headline(text.split("\n"))
        if head:
            title, text = head, text.split("\n", 1)[1].strip("\n")
            typed = is_typed(text)
    if typed and is_hard_wrapped(text):
        # one line a paragraph, the way the rest of cleaning reads a text's blocks
        text = rejoin_wrapped(text)
    if not text:
        return Extracted(title=title or "")
    lines = text.split("\n")
    line_text = dict(enumerate(lines))
    table_lines = table_rows(lines) if typed else set()
    units = segment(text)
    score_units(units)
    score_marked_lists(units)
    drop_embeds(units)

    # Clean text: headline on line 1 (or given), everything else prose. Comes through untouched.
    head_units = [u for u in units if u.line_no == 0] if title is None else []
    body_units = [u for u in units if u.line_no != 0] if title is None else units
    if is_clean(body_units, units, titled=title is not None, table_lines=table_lines) and (
        title is not None or len(lines) > 1 or not head_units
    ):
        return _untouched(lines, title)

    plain = [u.value for u in units]
    (scorer or default_scorer())(units)
    s, e = best_run(units)
    if s == e:  # nothing dense enough: the page is all short pieces; judge them one by one
        for u, v in zip(units, plain, strict=True):
            u.value = v
        s, e = best_run(units)
        if s < e:
            s, e = grow_list_page(units, s, e)
    if s == e:
        # No run of prose at all: a short note or a list. Keeping it beats losing the file.
        return _untouched(lines, title)
    for name, stage in STAGES:
        if name not in skip:
            s, e = stage(units, s, e, lines)
    kept = [u for u in units[s:e] if not (u.furniture and u.value < 0)]

    paragraphs: list[str] = []
    by_group: dict[int, list[Unit]] = {}
    grouped = has_groups(lines)  # (once: per unit it made long pages quadratic)
    for u in kept:
        by_group.setdefault(u.group if grouped else u.line_no, []).append(u)
    for group_units in by_group.values():
        # A group spanning several lines of list items or blocks: one paragraph per line, unless
        # lines are wrapped sentences (a line that does not end a sentence continues).
        current: list[Unit] = []
        for u in group_units:
            if current and u.line_no != current[-1].line_no and ends_block(current[-1]):
                paragraphs.extend(rechunk(join_units(line_text, current)))
                current = []
            current.append(u)
        if current:
            paragraphs.extend(rechunk(join_units(line_text, current)))

    if not paragraphs:
        return _untouched(lines, title)
    result = Extracted(paragraphs=paragraphs, cleaned=True)
    _recover_metadata(result, units, s, title, lines)
    if title is None and units:
        body_line = units[s].line_no if s < len(units) else len(lines) - 1
        body_char = sum(len(line) + 1 for line in lines[:body_line])
        body_char += units[s].start if s < len(units) else len(lines[-1])
        result.title = (headline or default_headline())("\n".join(lines), body_char, result.title)
        if result.title and len(lines) == 1 and in_capitals(text):
            _give_back_headline(result, text, body_char)
    head = result.title
    if title is None and head:
        _drop_header(paragraphs, head, result.source)
        if not result.authors:
            # "<headline> By Jane Doe The county council said ...": the byline under it
            names, end = byline_at_start(paragraphs[0])
            if names and end < len(paragraphs[0]):
                result.authors, paragraphs[0] = names, paragraphs[0][end:].lstrip(" ,")
    return result


HEADER_CHARS = 300  # a page's header before its headline: a site's name, slogan, menu
MENU_RUN = 3  # menu words in a row at a story's start


def _drop_header(paragraphs: list[str], head: str, site: str) -> None:
    """A headline glued in front of the story's first sentence is the headline, not the story;
    and so is what comes before it in the same run when no sentence ends there (a one-line
    page's "The North East's quality newspaper website Home News Sport Jobs <headline> The
    county council said ...": the site's slogan and menu), and the site's name glued after it
    ("<headline>-Northern Echo")."""
    first = paragraphs[0]
    # (the last place it stands: a header may hold it too)
    at = max(
        (
            m.start()
            for m in re.finditer(re.escape(head) + r"(?=[\s\-|–—:])", first[: HEADER_CHARS + len(head)])
        ),
        default=-1,
    )
    if at >= 0 and next(sentence_ends(first[:at]), None) is None:
        first = first[at + len(head) :]
        if site:
            glued = re.match(r"\s*[-|–—:]\s*" + re.escape(site) + r"(?=\s)", first)
            first = first[glued.end() :] if glued else first
        first = first.lstrip()
    # the menu left at the story's start ("Home News Sport Business Jobs The county council ...")
    words = first.split(" ", MENU_RUN * 4)
    run = next(
        (n for n, w in enumerate(words) if not (w[:1].isupper() and w.lower() in MENU_WORDS)), len(words)
    )
    if run >= MENU_RUN and run < len(words):
        first = " ".join(words[run:])
    # and the date line under the headline ("Published: 12/03/2008 The county council ...")
    dated = dateline_at_start(first)
    if dated and first[dated:].lstrip()[:1].isupper():
        first = first[dated:].lstrip()
    paragraphs[0] = first


def _give_back_headline(result: Extracted, text: str, body_char: int) -> None:
    """A one-line text in capitals has no line or case to mark where a headline ends: what the
    pickers took for one is a guess that cuts the story's first sentence ("BERLIN ONE LAST" |
    "RUN HANS WEIDNER HAD ..."). No headline, then; words right before the body go back to it."""
    head, result.title = result.title, ""
    if result.paragraphs and text[:body_char].rstrip().endswith(head):
        result.paragraphs[0] = f"{head} {result.paragraphs[0]}"


def _untouched(lines: list[str], title: str | None) -> Extracted:
    """The text as written: line 1 is the headline (unless one is given; a lone short line is
    both), blank lines part paragraphs; a byline and date set on short lines of their own right
    under the headline are the article's byline and date, not its first paragraph."""
    if title is None and len(lines) > 1 and len(lines[0]) <= 300:
        title, lines = " ".join(lines[0].split()), lines[1:]
    elif title is None and len(lines) == 1:
        title = lone_headline(lines[0])  # and the line stays the text: it is all there is
    authors, day, used = head_meta(lines)
    return Extracted(
        title=title or "", authors=authors, date=day, paragraphs=split_paragraphs("\n".join(lines[used:]))
    )


def _recover_metadata(
    result: Extracted, units: list[Unit], body_start: int, title: str | None, lines: list[str]
) -> None:
    before = units[:body_start]
    window = before[-25:]
    result.date = header_date(units, body_start)

    result.authors = find_byline(units, body_start)

    if title is not None:
        result.title = title
        return
    result.title, result.standfirst = find_title(units, before, window)
    if len(units) > 1 and units[-1].line_no == 0:
        body_char = units[body_start].start if body_start < len(units) else len(lines[0])
        page_title = page_title_prefix(lines[0], units, body_char)
    else:
        page_title = page_title_line(units, body_start, lines)
    if page_title:
        result.title = page_title
        result.source = site_from_title(lines[0], page_title, one_line=units[-1].line_no == 0)
    elif not result.title:
        result.title = opening_headline(lines[0])
        if not result.title and units[-1].line_no == 0:
            result.title = after_site_prefix(lines[0])
            if result.title:
                result.source = site_from_title(lines[0], result.title, one_line=True)


# How the headline is picked among the page's title-like spans: the rules' own pick, or the
# learned ranker (:mod:`.headline_rank`), given the text, where its body starts and the rules' pick.
HeadlinePicker = Callable[[str, int, str], str]


def rule_headline(text: str, body_char: int, rule_title: str) -> str:
    return rule_title


def fallback_headline(text: str, body_char: int, rule_title: str) -> str:
    """The rules' pick, else the learned ranker's: on sites held out of its training
    (``benchmarks/train_headline.py --cv``) the ranker was right beyond the rules only where they
    found nothing (a one-line page that opens with its headline), and ranking every span of a
    one-line page's head costs ~20x the cleaning itself."""
    if rule_title:
        return rule_title
    ranked = ranked_headline(text, body_char, rule_title)
    # a sentence is the text itself ("Just a note to self."), not a headline over it
    return "" if final_mark(ranked) == "." else ranked


def default_headline() -> HeadlinePicker:
    return fallback_headline


def default_scorer() -> UnitScorer:
    """The scorer cleaning uses: the hand rules. The learned classifier
    (:func:`spacetui.articles.cleaning.classifier.learned_scores`, trees that read the rules'
    scores among their features) is measured beside them on sites held out of its training
    (``benchmarks/extraction.py --cv``): body F1 0.938 / 0.917 against the rules' 0.938 / 0.911
    (txt / one-line), but it fails 16 of the tests of page kinds the tuning pages lack (list
    pages, comment threads, live blogs, 2008-style headers: ``tests/test_clean.py``,
    ``tests/test_headline_unseen.py``), so it is not used."""
    return rule_scores
