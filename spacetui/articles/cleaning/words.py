"""Word lists and patterns shared by the cleaning stages: months, dates, separators, name stops."""

from __future__ import annotations

import re

from spacetui import lexicon
from spacetui.articles.furniture import FUNCTION_WORDS, WEAK_WORDS, words

CLOSERS = "\"'”’)]»"


# Separators of navigation and breadcrumbs, set off by spaces.
# (each pattern below that starts with \s+ starts it with (?<!\s): a run of white space is then
# tried once, from its start, not from each of its characters: 20,000 tabs took 2 s)
SEPARATOR = re.compile(r"(?<!\s)\s+(?:\||•|·|»|›|>|/|::)\s+")


_SEPARATOR_MARKS = ("|", "•", "·", "»", "›", ">", "/", "::")


def final_mark(text: str) -> str:
    """The last character that says how a piece of text ends: past white space, closing quotes
    and brackets, and a separator left with nothing after it. Tokenized text sets its closers
    off by a space ('... THE END . "') and an archive may close a paragraph with a lone mark
    ("... PECULIAR . /"): the sentence ended all the same."""
    t = text
    while True:
        before = t
        t = t.rstrip().rstrip(CLOSERS)
        for mark in _SEPARATOR_MARKS:
            if t.endswith(mark) and t[: -len(mark)][-1:].isspace():
                t = t[: -len(mark)]
                break
        if t == before:
            return t[-1:]


WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


# month and weekday names (full and short) as written in a dateline, from the shared word lists
MONTH_RE = lexicon.pattern(tuple(m.capitalize() for m in lexicon.MONTHS))


# A date written out with its year, and the time that may follow: "Nov. 19, 2019 8:03 am ET".
FULL_DATE = (
    rf"\b(?:{MONTH_RE}\.?\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH_RE}\.?),?\s+(?:19|20)\d\d"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d\d(?:\s?[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4}\b)?)?"
)


# words a date line starts with ("Posted by Jane Doe on March 3, 2024"): after any other lower-case
# word, or a capitalised "On"/"Since", the date is inside a sentence
DATE_LEADS = frozenset(["on", "at", "published", "updated", "posted", "modified"])


URLISH = re.compile(r"https?://|www\.|\.com\b|\.html?\b")


HEADLINE_META = 3  # units after the headline where its date line or byline is


# a news site's sections, as its menu names them
SECTION_WORDS = words(
    """
    film tv music art arts fashion culture life style sport sports business politics world opinion
    science tech technology health travel food uk us
    """
)
# words a site's menu is made of ("Home News Sport Business Jobs")
MENU_WORDS = WEAK_WORDS | SECTION_WORDS

# words no person's name holds: page furniture, sections, roles, organisations, time zones
NOT_NAME = (
    WEAK_WORDS
    | FUNCTION_WORDS
    | SECTION_WORDS
    | frozenset(lexicon.TIME_ZONES)
    | words(
        """
    new york street journal times post daily editor
    staff reporter correspondent contributor team desk press associated
    writer writers author authors columnist columnists contributors officer editors producer analyst
    blog blogs today yesterday weekly magazine review reviews weather forecast reprints sharing
    podcasts radio network channel online digital national international global united states kingdom
    republic northern southern eastern western university college institute foundation association
    department ministry agency company group football basketball baseball soccer hockey golf tennis
    am pm et pt alerts obituaries publications products
    founder corporation communications inc ltd llc
    """
    )
)


WEEKDAY_RE = lexicon.pattern(tuple(d.capitalize() for d in lexicon.WEEKDAYS + lexicon.WEEKDAY_ABBREVIATIONS))


HEAD_META_WORDS = 14


SEP_TOKENS = frozenset(["|", "-", "–", "—", "·", "::", "»", "/", "›", "•", "✩", "★"])


TITLE_TOKENS = 40  # how far into a one-line page its <title> may reach


# Where a page's <title> joins its parts: spaced separators, and a colon after a word.
PART_SEP = re.compile(r"(?<!\s)\s+(?:[|\-–—·•»›/✩★~]|::)\s+|(?<=\w):\s+")


QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": "'", "”": "'", "„": "'", '"': "'", "`": "'"})


# Readability's separators plus spaced en and em dashes ("Title — Site"), common in page titles.
SEPS = "|\\-\\\\/>»–—"


PAGE_SEP = re.compile(rf" [{SEPS}] ")

# Words an English headline does not end on: a title cut there was cut short ("... to Build a").
HEADLINE_NEVER_ENDS = words(
    "a an the of to in at for with by from into onto and or nor but as than its their his her our my"
    " your whose via"
)


def cut_short(title: str) -> bool:
    toks = title.split()
    return bool(toks) and toks[-1].casefold() in HEADLINE_NEVER_ENDS


# "Samantha and The Great Big Lie. How to get shanked ... | by John C. Welch": a <title> may hold
# the headline's sentence and the next one; this is the space between them
TITLE_SENTENCE_END = re.compile(r"(?<=[a-z]{2}[.!?])\s+(?=[A-Z])")
