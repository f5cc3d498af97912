"""Stage 4: the article's headline and standfirst, from the text and the page's <title> line."""

from __future__ import annotations

import re
from collections import Counter

from spacetui.articles.cleaning.byline import BYLINE
from spacetui.articles.cleaning.date import DATE_PATTERNS, find_dates
from spacetui.articles.cleaning.scoring import norm
from spacetui.articles.cleaning.segment import Unit, tokens
from spacetui.articles.cleaning.site import SELF_NOUNS, SITE_WORDS, is_slogan
from spacetui.articles.cleaning.words import (
    PAGE_SEP,
    PART_SEP,
    QUOTES,
    SEP_TOKENS,
    SEPARATOR,
    SEPS,
    TITLE_SENTENCE_END,
    TITLE_TOKENS,
    URLISH,
    cut_short,
    final_mark,
)
from spacetui.articles.furniture import FUNCTION_WORDS, SENTENCE_OPENERS, STRONG_PHRASES, WEAK_WORDS

_TITLE_SEPARATOR = re.compile(r"(?<!\s)\s+(?:\||–|-|—|::|·|•|»|✩|:)\s+")


def _headline_like(u: Unit) -> bool:
    n = len(u.words)
    # A headline may repeat (the page's <title> says it too); a template phrase never is one.
    if not 3 <= n <= 30 or u.template:
        return False
    if SEPARATOR.search(u.text) or URLISH.search(u.text) or find_dates(u.text):
        return False
    if BYLINE.match(u.text.strip()):
        return False
    return not (n > 12 and final_mark(u.text) == ".")


def page_title_prefix(line: str, units: list[Unit], body_char: int | None = None) -> str:
    """A one-line scrape of a saved page starts with its <title>, now glued to the page. The
    headline is the part of it the page repeats (as its <h1>) before the body; failing that the
    title ends at the first title separator ("Headline | Site", keeping a one-word site when the
    headline is short), where its first word comes again, or at the first menu word."""
    code = _CODE_PREFIX.match(line)
    if code and any(c in code.group() for c in "=<>{};"):
        # a script's text left at the page's top ("Script1.1 SRC=/Global/ad.asp ..."): not a title
        line = line[code.end() :]
        body_char = None if body_char is None else max(0, body_char - code.end())
    head = line.split(" ", 20)[:20]
    menu = _menu_end(head)
    if menu and all(t[:1].isupper() for t in head[:menu]) and _menu_start(head) <= SITE_WORDS:
        # the header's menu opens the page ("Home News Sport Business Jobs Headline ..."): no title
        cut = len(" ".join(line.split(" ", menu)[:menu])) + 1
        line = line[cut:]
        body_char = None if body_char is None else max(0, body_char - cut)
    toks = line.split(" ", 60)[:60]
    # the <h1> comes before the body (give or take a misplaced body start)
    limit = len(line) if body_char is None else body_char + 2000
    title = _title_run_repeated(line[:limit])
    if title:
        return _unless_slogan(line, title)
    sep = next((i for i, t in enumerate(toks[:31]) if t in SEP_TOKENS), None)
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
        if cut_short(title):
            title = ""  # the page said the title's opening words again, not the title
        if not title:
            # else it runs up to the page's first menu word or template phrase ("... Log in"), or
            # to where its first word comes again ("MathJax v3 with ... MathJax v3 beta: ...")
            ends = [j for j in range(3, min(31, len(toks))) if _starts_menu(toks, j)][:1]
            if toks and toks[0].lower() not in FUNCTION_WORDS:
                ends += [
                    j
                    for j in range(2, min(21, len(toks)))
                    if toks[j] == toks[0] and not cut_short(" ".join(toks[:j]))
                ][:1]
            title = " ".join(toks[: min(ends)]) if ends else ""
    if not title and body_char is not None and body_char < HEADLINE_OPENS:
        title = _opening_headline(toks)
    title = _strip_seps(_without_dateline(_after_menu(_repeated_inside(title, line[:limit]))))
    title = _without_glued_site(title, line[len(title) :])
    n = len(title.split())
    if not 2 <= n <= 40 or (n <= 6 and find_dates(title)) or STRONG_PHRASES.search(title):
        return ""
    return _unless_slogan(line, title)


def _unless_slogan(line: str, title: str) -> str:
    """The <title> found at the page's top, unless it is a site's slogan: then the headline
    under it where the <title> is only the site's name and slogan, else none."""
    if not _site_and_slogan(title):
        return title
    return _under_slogan(line, title) if _site_then_slogan(title) else ""


def _under_slogan(line: str, title: str) -> str:
    """The <title> is the site's name and slogan ("The Example Echo: news from the heart of
    the North East"): the headline is the one after it (and the menu), read as a page that
    opens with its headline ("Man jailed ... 12 March 2008 The council ...")."""
    toks = line.split(" ", 80)[:80]
    toks = toks[len(title.split()) :]
    return _opening_headline(toks[_menu_end(toks[: SITE_WORDS + 12]) :])


def _site_and_slogan(title: str) -> bool:
    """ "The Example Echo: news from the heart of the North East": a site's name and its slogan."""
    parts = PART_SEP.split(title)
    return len(parts) > 1 and is_slogan(parts[-1])


def _site_then_slogan(title: str) -> bool:
    """Only a site's name, then its slogan: "The Example Echo: news from the North East", not
    "Star Wars Jedi: Fallen Order review - shoots for the moon"."""
    parts = PART_SEP.split(title)
    name = parts[0].split()
    return (
        len(parts) == 2
        and len(name) <= SITE_WORDS
        and all(t[:1].isupper() or t in FUNCTION_WORDS for t in name)
        and is_slogan(parts[1])
    )


def _without_glued_site(title: str, rest: str) -> str:
    """ "Council tax to rise-Example Echo": the site's name glued to the headline's last word,
    split off where the page names the site again further on (its footer, its logo)."""
    for m in _GLUED_SEP.finditer(title):
        site = title[m.end() :].strip()
        if 1 <= len(site.split()) <= SITE_WORDS and re.search(rf"(?<!\w){re.escape(site)}(?!\w)", rest):
            return title[: m.start()]
    return title


# a script's tokens: code characters, a URL or path, "Script1.1", an identifier with "_" or
# dots ("google_ad_client", "document.write"), a keyword, punctuation alone ("==", "?")
_CODE_PREFIX = re.compile(
    r"(?:(?:\S*[=<>{};()]\S*|\S*://\S*|/\S+|[A-Za-z]+\d+(?:\.\d+)+|\w+_\w+|[a-z]+\.[a-z]\w*\S*|[a-z]+[A-Z]\w*"
    r"|var|function|if|else|return|new|typeof|[^\w\s]+)(?:\s+|$))+"
)
HEADLINE_OPENS = 3  # characters: the body starts the page, its headline glued on in front
OPENING_WORDS = (4, 20)  # a headline's length in words


TYPED_HEADLINE_WORDS = (2, 20)  # a typed text's headline line, in words
REPEATED_WORDS = 4  # a run this long said twice is a heading, not chance


def _repeated_inside(title: str, text: str) -> str:
    """ "Site Physics Biology All Articles Cells That Taste Danger Read Later": a title that ran
    on through the header holds the headline the page says again as its <h1>; the longest such
    run of words is it."""
    toks = title.split()
    after = " " + " ".join(text.split()[len(toks) :]) + " "
    best: list[str] = []
    best_end = 0
    # the header's words come first (a site's name and menu: two or more capitalised words); a
    # run after anything else, or one the page repeats with the word before, is the title cut short
    for i in range(2, len(toks)):
        header = all(t[:1].isupper() for t in toks[:i])
        if not header or not (toks[i][:1].isupper() or toks[i][:1].isdigit()):
            continue
        if f" {toks[i - 1]} {toks[i]} " in after:
            continue
        n = len(best) + 1
        while i + n <= len(toks) and f" {' '.join(toks[i : i + n])} " in after:
            best, best_end = toks[i : i + n], i + n
            n += 1
    if len(best) < REPEATED_WORDS or len(best) == len(toks) or best[-1].lower() in FUNCTION_WORDS:
        return title
    if any(t.islower() for t in toks[best_end:]):
        # "Wild Rose's Mary Steenburgen Wrote the Best Movie Song of the Year": the phrase goes
        # on after the run (the words after a headline are the page's labels, "Read Later"), so
        # the run is a piece another heading shares, not the headline after the header
        return title
    if STRONG_PHRASES.search(" ".join(best)):
        return title
    return " ".join(best)


def _after_menu(title: str) -> str:
    """ "Site - Slogan Home News Sport Headline": a run of menu words inside a title means the
    page's header ran into it; the headline is the part after the last run, nearest the body."""
    toks = title.split()
    cut = _menu_end(toks)
    rest = toks[cut:]
    return " ".join(rest) if cut and len(rest) >= 3 else title


def _menu_start(toks: list[str]) -> int:
    """Where the first run of menu words among ``toks`` starts (``len(toks)``: none). Only a
    site's name comes before a menu that opens the page; a Title Case headline before it
    ("Nollywood Actress, Kate Henshaw Is Looking Stunning In New Photos Home About ...") is the
    page's <title>."""
    return next((j for j in range(len(toks) - 1) if _menu_pair(toks, j)), len(toks))


def _menu_pair(toks: list[str], j: int) -> bool:
    """Two menu words in a row start at ``j`` ("Home News")."""
    return all(t[:1].isupper() and t.lower() in WEAK_WORDS for t in toks[j : j + 2])


def _menu_end(toks: list[str]) -> int:
    """Where the last run of menu words among ``toks`` ends (0: none)."""
    cut = 0
    for j in range(len(toks) - 1):
        if _menu_pair(toks, j):
            cut = j + 2
    # the menu runs on through capitalised words while the next is capitalised too ("Sport
    # Business Man jailed ...": "Man" opens the headline)
    while cut and cut + 1 < len(toks) and toks[cut][:1].isupper() and toks[cut + 1][:1].isupper():
        if toks[cut].lower() in FUNCTION_WORDS:
            break
        cut += 1
    return cut


def _without_dateline(title: str) -> str:
    """ "Man jailed for attack on bus driver 12 March 2008": a one-line page glues the dateline
    under the headline onto it. A date after a function word is the headline's own ("Weekly
    Edition for March 26, 2015")."""
    dates = find_dates(title)
    if not dates:
        return title
    at = dates[-1][0]
    head = title[:at].split()
    tail = title[at:].split()
    if len(head) < 3 or len(tail) > 5 or head[-1].lower() in FUNCTION_WORDS:
        return title
    return " ".join(head)


def opening_headline(line: str) -> str:
    """The headline that opens a page's text when nothing else gave one: without it the loader
    falls back to the file's name, which is never the better headline."""
    title = _strip_seps(_without_dateline(_after_menu(_opening_headline(line.split(" ", 60)[:60]))))
    if not title or find_dates(title) or STRONG_PHRASES.search(title) or not _could_be_title(title):
        return ""
    return title


def _opening_headline(toks: list[str]) -> str:
    """A page that opens with its headline and goes straight on into the story ("Man jailed for
    attack on bus driver The council ..."): the words before the first sentence's opening word,
    with no sentence end among them."""
    lo, hi = OPENING_WORDS
    # the site's slogan set before it ("Britain's No.1 quality newspaper website Man jailed ...")
    head = toks[: SITE_WORDS + 3]
    head = head[: next((i for i, t in enumerate(head) if t in SEP_TOKENS), len(head))]
    slogan = max(
        (
            k
            for k in range(2, len(head) + 1)
            if head[k - 1].lower() in SELF_NOUNS and is_slogan(" ".join(head[:k]))
        ),
        default=0,
    )
    toks = toks[slogan:]
    for j in range(lo, min(hi + 1, len(toks))):
        if _dateline_at(toks, j):
            return " ".join(toks[:j])  # "Headline Published: 12/03/2008 The council ..."
        prev = toks[j - 1]
        if prev[-1:] in ".!?:;" or prev in SEP_TOKENS:
            return ""
        word = toks[j]
        if word[:1].isupper() and word.lower() in SENTENCE_OPENERS and not toks[j - 1][:1].isupper():
            return " ".join(toks[:j])
    return ""


def _dateline_at(toks: list[str], j: int) -> bool:
    """A dateline starts at token ``j``: a date, or a capitalised label ("Published:",
    "Updated:") right before one."""
    word = toks[j]
    if not (word[:1].isupper() or word[:1].isdigit()):
        return False
    if word.endswith(":") and len(word) > 2:
        at = " ".join(toks[j + 1 : j + 5])
        dates = find_dates(at)
        return bool(dates) and dates[0][0] == 0
    dates = find_dates(" ".join(toks[j : j + 4]))
    return bool(dates) and dates[0][0] == 0


def after_site_prefix(line: str) -> str:
    """ "icScotland - Man jailed for attack Home News ...": when nothing else gave a headline, a
    one-line page whose short first part is the site's name has it after that, up to the next
    separator or the header's first menu word."""
    toks = line.split(" ", 60)[:60]
    sep = next((i for i, t in enumerate(toks[: SITE_WORDS + 1]) if t in SEP_TOKENS), None)
    if not sep:
        return ""
    end = sep + 1
    while end < min(len(toks), sep + 1 + TITLE_TOKENS) and toks[end] not in SEP_TOKENS:
        if end > sep + 3 and _starts_menu(toks, end):
            break
        end += 1
    if end >= len(toks) or not (toks[end] in SEP_TOKENS or _starts_menu(toks, end)):
        return ""  # no end in sight: the "title" is the page's text
    title = " ".join(toks[sep + 1 : end])
    if STRONG_PHRASES.search(title) or not _could_be_title(title) or len(title.split()) < 3:
        return ""
    if is_slogan(title):
        # "Example Echo | The North East's quality newspaper website Home News Sport Headline The
        # council ...": the site's slogan, then its menu; the headline opens the text after them
        menu = _menu_end(toks[end : end + 20])
        title = _opening_headline(toks[end + menu :]) if menu else ""
        if not title or is_slogan(title):
            return ""
    return title


def _title_by_parts(toks: list[str], sep: int) -> str:
    """ "Firefox — Customize it — The most flexible browser — Mozilla Firefox for ...": a short
    first part, then parts of a few words each set off by the same separator. The last part is
    the site's name (Readability's rule), running on into the page: it is dropped."""
    ends = [sep]
    j = sep + 1
    while j < min(len(toks), TITLE_TOKENS):
        nxt = next((k for k in range(j, min(j + 9, len(toks))) if toks[k] in SEP_TOKENS), None)
        # each part a phrase of its own (some word in lower case), not a label ("Film & TV / News")
        if nxt is None or toks[nxt] != toks[sep] or nxt - j < 3 or not any(t.islower() for t in toks[j:nxt]):
            break
        ends.append(nxt)
        j = nxt + 1
    return " ".join(toks[: ends[-1]]) if len(ends) >= 3 else ""


def _strip_seps(title: str) -> str:
    """ "Raspberry Pi 3 -": a separator that ends a title belonged to the part cut off."""
    toks = title.split()
    while toks and toks[-1] in SEP_TOKENS:
        toks.pop()
    return " ".join(toks)


# the <title> and the <h1> of one page may set the same quotes and dashes differently
_TITLE_MARKS = str.maketrans({**{chr(k): v for k, v in QUOTES.items()}, "–": "-", "—": "-"})


def _tok_fold(tok: str) -> str:
    return tok.translate(_TITLE_MARKS).casefold().strip("'")


def _title_run_repeated(text: str) -> str:
    """The longest run of a one-line page's opening <title> parts that the page says again later
    (its <h1>). A run starts where a part does (the line's start, after a separator or "Site:")
    and ends at a separator, or, open-ended, where the repetition stops (the <title>'s last part
    runs straight on into the page): then it needs three words, no separator just after, and not
    to start after a separator (a <title>'s last part is the site's name). A repeat inside a
    sentence (after a function word or a comma: "Vision Pro is the ...") is not the page's heading."""
    toks = text.split()
    if len(toks) < 4:
        return ""
    folded = [_tok_fold(t) for t in toks]
    where: dict[str, list[int]] = {}
    for k, t in enumerate(folded):
        where.setdefault(t, []).append(k)
    best: tuple[int, int] = (0, 0)
    best_run = ""
    # "Site: Headline" only in the title's first part: a colon further on is the page's text
    first_sep = next((i for i, t in enumerate(toks[:TITLE_TOKENS]) if t in SEP_TOKENS), TITLE_TOKENS)
    for b in range(min(TITLE_TOKENS, len(toks))):
        if toks[b] in SEP_TOKENS:
            continue
        colon = toks[b - 1].endswith(":") and len(toks[b - 1]) > 1 and b <= min(first_sep, 10)
        if b and not (toks[b - 1] in SEP_TOKENS or colon):
            continue
        length, glued = 0, ""
        for k in where[folded[b]]:
            if k <= b or _inside_sentence(toks[k - 1]):
                continue
            n = 0
            while n < TITLE_TOKENS and b + n < k and k + n < len(toks) and folded[b + n] == folded[k + n]:
                n += 1
            if n > length or (n == length and not glued):
                length, glued = n, _glued_word(toks, b + n, k + n)
        e = b + length
        while e > b and toks[e - 1] in SEP_TOKENS:
            e -= 1
        if e < b + length:
            glued = ""
        words = e - b
        # the run ends at a separator, or at its last word's sentence end ("... Big Lie. How to ...")
        closed = e < len(toks) and (toks[e] in SEP_TOKENS or (bool(glued) and toks[e][-1:] in ".!?"))
        # a run after a separator is the site's name, unless longer than any site's name
        after_sep = b > 0 and toks[b - 1] in SEP_TOKENS
        parted = any(t in SEP_TOKENS for t in toks[b:e])
        after_sep = after_sep and (words + bool(glued) <= SITE_WORDS or parted)
        if not closed and (words < 3 or after_sep or any(t in SEP_TOKENS for t in toks[e : e + 8])):
            continue
        run = " ".join([*toks[b:e], glued] if glued else toks[b:e])
        if words < 2 or words <= best[1] - best[0] or STRONG_PHRASES.search(run):
            continue
        if all(t.lower() in WEAK_WORDS for t in tokens(run)):
            continue
        best, best_run = (b, e), run
    return best_run


def _inside_sentence(before: str) -> bool:
    """The word before a repeat puts it inside a sentence ("what to make of the US-China trade
    war", "says, 'Meth ..."): the words are the story's, not a heading's."""
    return before in FUNCTION_WORDS or (before.endswith(",") and before[:1].islower())


def _glued_word(toks: list[str], i: int, j: int) -> str:
    """The headline's last word where the <title> glued the site's name to it ("Sallu-India"
    for "Sallu"): the word as the page repeats it, when the <title> token runs on past it with a
    hyphen or a capital."""
    if i >= len(toks) or j >= len(toks):
        return ""
    word, glued = toks[j].rstrip(".,:;!?"), toks[i]
    if len(word) < 2 or not glued.startswith(word) or len(glued) == len(word):
        return ""
    rest = glued[len(word) :]
    if rest in ("!", "?"):
        return glued  # the headline's own mark, the page's repeat without it
    # "Lie." in "Samantha and The Great Big Lie. How to ... | Medium": a sentence's end, not the word's
    return word if rest[0] in "-–—|:·.,;" or rest[0].isupper() else ""


def _starts_menu(toks: list[str], j: int) -> bool:
    word = toks[j]
    if not word[:1].isupper():
        return False
    return word.lower() in WEAK_WORDS or bool(STRONG_PHRASES.match(" ".join(toks[j : j + 4])))


def page_title_line(units: list[Unit], body_start: int, lines: list[str]) -> str:
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
    repeated = (
        _title_part_repeated(line, heading_lines)
        or _title_part_repeated(_GLUED_SEP.sub(r" \1 ", line), heading_lines)
        or _site_only_title(line, heading_lines)
    )
    if repeated:
        return repeated
    if not _could_be_title(line):
        return ""
    headings = frozenset(u.text for u in units[len(first) : body_start] if 2 <= len(u.words) <= 40)
    return clean_page_title(line, headings)


# "... bus driver-Example Times": a site's name glued to the headline's last word (split only
# where the page repeats the part before it, so "Coca-Cola" stays whole)
_GLUED_SEP = re.compile(r"(?<=[\w)'\"”’])([-–—|])(?=[A-Z])")


def _site_only_title(line: str, heading_lines: list[str]) -> str:
    """A <title> of two or three words and no separator that the page never repeats may be just
    the site's name ("Quanta Magazine"): then a headline-like heading the header gives twice
    (breadcrumb and <h1>) is the headline; the one nearest the body."""
    if len(line.split()) > 3 or PART_SEP.search(line):
        return ""
    keys = [_qfold(h) for h in heading_lines]
    if _qfold(line) in keys:
        return ""
    counts = Counter(keys)
    for h, key in zip(reversed(heading_lines), reversed(keys), strict=True):
        n = len(h.split())
        if counts[key] >= 2 and 3 <= n <= 20 and _could_be_title(h) and not URLISH.search(h):
            return " ".join(h.split())
    return ""


def _could_be_title(line: str) -> bool:
    """Not a template line ("Sign in"), a bare date or a run of menu words."""
    if STRONG_PHRASES.search(line):
        return False
    toks = tokens(line)
    if all(t.lower() in WEAK_WORDS for t in toks):
        return False
    # a date inside a long title is part of it ("Weekly Edition for March 26, 2015")
    rest = line
    for pat in DATE_PATTERNS:
        rest = pat.sub(" ", rest)
    if rest == line:
        return True
    # words besides the date, times, day names and labels: "Thursday 13 May 2021 10:00 BST" and
    # "Published March 3, 2024 by Jane Doe" are the lines under a headline, not one
    others = [
        t
        for t in tokens(rest)
        if not t.isdigit() and t.lower()[:3] not in _DAY_PREFIXES and t.lower() not in WEAK_WORDS
    ]
    return len(others) >= 4


_DAY_PREFIXES = frozenset(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])


def _qfold(text: str) -> str:
    """Case, white space, quote and dash styles folded: a title and its heading set in other marks agree."""
    return " ".join(text.translate(_TITLE_MARKS).casefold().split())


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
    for m in sorted([*PART_SEP.finditer(line), *TITLE_SENTENCE_END.finditer(line)], key=lambda m: m.start()):
        if m.start() >= bounds[-1]:
            bounds += [m.start(), m.end()]
    bounds.append(len(line))
    parts = list(zip(bounds[::2], bounds[1::2], strict=True))
    best, best_words = "", 0
    for i, (a, _) in enumerate(parts):
        for j, (_, b) in enumerate(parts[i:], start=i):
            run = line[a:b].strip()
            if TITLE_SENTENCE_END.match(line, b) and run.endswith("."):
                run = run[:-1]  # the full stop ends the <title>'s sentence, not the heading
            k = len(run.split())
            site_like = i == len(parts) - 1 > 0 and k < 4
            if line[b : b + 1] == ":" and j + 1 < len(parts):
                after = len(line[slice(*parts[j + 1])].split())
                if after >= 3 and after > k:
                    continue  # "Impeachment hearings: Key moments from ...": a label over the headline
            if k > best_words and k >= 2 and not site_like and _qfold(run) in keys:
                if STRONG_PHRASES.search(run):
                    continue  # "Sign in": a template line, not a headline
                best, best_words = " ".join(run.split()), k
    return best


def find_title(units: list[Unit], before: list[Unit], window: list[Unit]) -> tuple[str, str]:
    if not units:
        return "", ""
    # (a site's name and slogan is never the headline: "The Echo: news from the North East")
    candidates = [u for u in window if _headline_like(u) and not _site_then_slogan(u.text)]
    # The page's <title> usually opens its visible text and the headline repeats it (or part of
    # it) later: a candidate whose words already appeared near the very top is the headline.
    first = units[0]
    top_units = [u for u in units[:12] if u.line_no == first.line_no and u.start < 300]
    top_norm = " " + norm(" ".join(u.text for u in top_units)) + " "
    for u in reversed(candidates):
        key = norm(u.text)
        if len(key.split()) < 2 or u in top_units[:1]:
            continue
        if u.line_no == first.line_no:
            # one line: the earlier occurrence must be before this unit, not the unit itself
            head = " " + norm(" ".join(v.text for v in top_units if v.start < u.start)) + " "
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
            sentence = len(last.words) >= 15 or final_mark(last.text) == "."
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


_HIER_SEP = re.compile(r" [\\/>»] ")


def clean_page_title(
    orig: str, headings: set[str] | frozenset[str] = frozenset(), only_h1: str | None = None
) -> str:
    """A page's <title> less its site name after (or before) a separator, unless that leaves too
    little; Mozilla Readability's rule, so titles agree with what reader views show."""
    orig = cur = " ".join(orig.split())
    if " : " in orig and not PAGE_SEP.search(orig):
        # "Alibaba to raise $12.9bn in Hong Kong listing : CityAM": a spaced colon sets off the
        # site's name like a bar does
        cut = clean_page_title(orig.replace(" : ", " | "), headings, only_h1)
        return cut.replace(" | ", " : ")
    hierarchical = False
    if PAGE_SEP.search(cur):
        hierarchical = bool(_HIER_SEP.search(cur))
        cur = re.sub(rf"(.*)[{SEPS}] .*", r"\1", orig)
        if len(cur.split()) < 3:
            cur = re.sub(rf"^[^{SEPS}]*[{SEPS}]", "", orig)
    elif ": " in cur:
        # "'Meth. We're On It': South Dakota campaign is working": a quotation before the colon
        # is the headline's own words, not a site's name
        quoted = cur[:1] in "'\"‘“" and cur[: cur.find(": ")][-1:] in "'\"’”"
        if cur not in headings and not quoted:
            cur = orig[orig.rfind(":") + 1 :]
            if len(cur.split()) < 3:
                cur = orig[orig.find(":") + 1 :]
            elif len(orig[: orig.find(":")].split()) > 5:
                cur = orig
    elif (len(cur) > 150 or len(cur) < 15) and only_h1:
        cur = only_h1
    cur = " ".join(cur.split())
    n = len(cur.split())
    if n <= 4 and (not hierarchical or n != len(re.sub(rf"[{SEPS}]+", "", orig).split()) - 1):
        cur = orig
    return cur


def _headline_words(line: str) -> str:
    """The line, spaces squeezed, if it could be a typed headline: a few words, no sentence end."""
    head = " ".join(line.split())
    lo, hi = TYPED_HEADLINE_WORDS
    return head if lo <= len(head.split()) <= hi and final_mark(head) != "." else ""


def typed_headline(lines: list[str]) -> str:
    """The headline of a text typed at a fixed width (a wire story, a typed file): its first line,
    where the layout sets it apart from what follows (a blank line, the next line indented as a
    paragraph's start, or the line in capitals over a story that is not) and it does not end a
    sentence. A wire's text has no site name or menu above its headline to take for one, and
    cutting it at a dash ("CORRECTION - ...") or a guessed end loses its words. "" when the
    layout does not say."""
    if len(lines) < 2:
        return ""
    first, second = lines[0], lines[1]
    head = _headline_words(first)
    if not head:
        return ""
    indent = len(first) - len(first.lstrip())
    set_apart = (
        not second.strip()
        or len(second) - len(second.lstrip()) > indent
        or (not any(c.islower() for c in head) and any(c.islower() for c in second))
    )
    return head if set_apart else ""


def lone_headline(text: str) -> str:
    """A text of one short line in capitals that ends no sentence is a headline alone (a wire's
    flash: "BRAZIL BANK STRIKE CONTINUES, STOCK MARKET CLOSED"); "" for anything else (a short
    page's one line of text, squeezed, is its headline and its text run together)."""
    if "\n" in text.strip() or any(c.islower() for c in text):
        return ""
    return _headline_words(text)
