"""From raw NER spans to canonical, typed entities with mention offsets.

Runs without spaCy: it needs only the article text, the stored spans and the article date, so
corrections and rule changes re-apply to a whole index without running NER again. Steps:

1. map spaCy labels to the sidebar's types, trim "the", honorifics and jobs ("Mr", "Rapper"),
   possessives, stray punctuation, an unclosed bracket and trailing common words; drop numbers,
   ages, durations, one-letter junk, hashtags/handles, glued page furniture, and spans the words
   around show are no names: table labels ("Shr 34 cts vs"), units ("billion U.S. Dlrs"), time
   zones ("0530 GMT"), plural acronyms ("MPs"), nationalities, a capital that only opens a
   sentence ("House prices"), the tail of a longer name ("the Gambling Bill"), codes in a table of
   figures ("JAN8 UNTRD"), credit grades ("rated CCC-plus"), currencies ("U.S. Dlrs"); mend the
   model's cuts: a company cut at "and" ("Standard and" + "Poor's Corp"), at a particle ("Banco
   do Brasil") or at "of" ("Group of" + "Seven") is one name, a span run across a sentence's end
   after a legal form two;
2. find titles and vehicles the model misses from generic cue words ("the film X", "X actor",
   "X spacecraft");
3. make each surface form's type consistent across the article (majority vote);
4. merge aliases: surname to full name, acronym or dotted form to its long form, near-identical
   spellings (rapidfuzz), all keeping every form as an alias;
5. find further mentions of each entity's forms the model missed;
6. apply the user's corrections (rename, merge, split, hide, type).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate, pairwise

from spacetui import lexicon
from spacetui.articles.model import Entity
from spacetui.entities import aliases, dates, parties, sources, tense
from spacetui.entities.aliases import close_spelling, is_acronym, place_stem, similar_names  # noqa: F401 (their home before)
from spacetui.entities.overrides import Overrides, norm
from spacetui.entities.team_sheets import team_sheet_people

# (The version of these rules, to bump when they change: spacetui/entities/rules.py.)

# Rule names the benchmark can switch off one at a time (``--ablate``) to measure each: passed
# to ``resolve`` as ``disabled``.
RULES = (
    "trim",
    "owner",
    "filters",
    "cues",
    "coordination",
    "fixtures",
    "context",
    "vote",
    "aliases",
    "find_more",
    "sources",
    "particles",
    "parties",
    "and_names",
    "firm_words",
    "of_names",
    "tense",
)

LABELS = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "DATE": "date",
    "WORK_OF_ART": "work",
    "PRODUCT": "product",
    "EVENT": "event",
}
NAME_TYPES = ("person", "org", "place", "work", "product", "event")
# Long forms an acronym may stand for, and the types an acronym span may carry.
ACRONYM_TYPES = ("org", "place", "event", "product", "work")

_QUOTES = "\"'“”‘’«»`"
_EDGE_JUNK = " \t\n,;:!?()[]{}<>*|/\\–—-" + _QUOTES
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_HONORIFICS = lexicon.pattern(lexicon.HONORIFICS)
_HONORIFIC = re.compile(rf"^(?:{_HONORIFICS})\.?\s+(?=[A-Z])")
# A job before a name, capitalised as a title or at a sentence start ("Rapper Eminem", "President
# Bush", "Chancellor Gordon Brown"): not part of the name.
_ROLES = lexicon.pattern(lexicon.JOB_TITLES)
# "Minister of ", "Minister of Mines and ": a portfolio's words follow, then the person's name.
_PORTFOLIO_BEFORE = re.compile(
    r"\b(?:Minister|Ministry|Secretary|Department|Commissioner)\s+of\s+(?:[A-Z][\w-]*\s+and\s+)?$"
)
_ROLE = re.compile(rf"^(?:{_ROLES})\s+(?=[A-Z][a-z])")
# A nationality or a party's nickname before a full name ("Briton Tim Henman", "Kenyan Susan
# Chepkemei", "Tory Liam Fox"): not part of the name. (Only before two names: "German Khan" may
# be a name.)
_DESCRIBED = re.compile(rf"^(?:{lexicon.pattern(lexicon.DEMONYMS)}|Tory|Tories)\s+(?=[A-Z][\w'’-]*\s+[A-Z])")
# One word that is a job or an honorific ("President", "Dr."), not a name's first word.
_JOB_OR_HONORIFIC = re.compile(rf"(?:{_ROLES}|{_HONORIFICS})\.?")
# A compass word opens a place's name, not a person's ("North Devon", "West Bromwich").
_COMPASS = re.compile(r"(?:North|South|East|West|Northern|Southern|Eastern|Western|Central)\s")
# (One way only to split the spaces between words: "\s+[-–]?\s*" backtracked exponentially on a
# span with double spaces between its lower-case words.)
_TRAILING_LOWER = re.compile(r"(?:\s+(?:[-–]\s*)?[a-z][a-z\-]*)+$")
_POSSESSIVE_AFTER = re.compile(r"\s?['’]s?\b")
# "NewsRussia": words run together. A surname particle before the capital is part of a name:
# "Leonardo DiCaprio" and "Jack McConnell" were dropped as page furniture.
_NAME_PARTICLE = r"Mc|Mac|Di|De|Da|Du|Del|La|Le|Van|Von|Fitz"
_GLUED = re.compile(rf"(?<![A-Za-z])(?!(?:{_NAME_PARTICLE})[A-Z])[A-Za-z]*[a-z][A-Z][a-z]")
# A time zone after a clock time ("0530 GMT", "10:30 EST"), which the model calls an organisation.
# (a clock time, perhaps in brackets or with "hrs", or another zone and a slash: "EDT/GMT")
_CLOCK_BEFORE = re.compile(
    r"(?:\b(?:[01]\d|2[0-3])[:.]?[0-5]\d\)?\s*(?:am|pm|hrs|hours|local)?\s*\(?|\b(?:[A-Z]{1,4}T|UTC)/)$"
)
_TIME_ZONE = re.compile(r"[A-Z]{1,4}T|UTC")
# A clock time the model calls a date ("1700 EST", "0800 gmt", "1530 hrs (0930 GMT)").
_HHMM = r"(?:[01]\d|2[0-3])[0-5]\d"
_CLOCK = re.compile(_HHMM)
_CLOCK_RANGE = re.compile(rf"\s*(?:to|and|-|–)\s*{_HHMM}(?![\d.,])")
_ZONE_AFTER = re.compile(rf"\s*(?:-\s*)?(?i:hrs|hours|local\s+time|{lexicon.pattern(lexicon.TIME_ZONES)})\b")
# A quantity before a "person" ("7.15 billion N.Z. Dlrs"): a unit or currency, not a person. (A bare
# number is not enough: "62 Nolan Henke" in a golf leaderboard.)
_QUANTITY_BEFORE = re.compile(r"\d(?:[\d.,]*\d)?[ \t]*(?:mln|bln|million|billion|thousand)[ \t]+$")
# A table row's label ("Shr 34 cts vs 1.19 dlrs", "Avg shrs 51.7 mln"): a short word that starts a
# line that goes on, after at most one lower-case word, with a number. (Names in a results table,
# "M. Slater run out 9", are longer or have an initial.)
_LINE_START = re.compile(r"(?:^|\n)[ \t]*$")
_ROW_AFTER = re.compile(r"[ \t]+(?:[a-z]+[ \t]+)?[-+(]?[$£€]?\d")
# ... or anywhere, where the row compares two figures ("... Net 12.6 mln vs 15.8 mln Revs 337.3 mln
# vs 315.2 mln": a table whose lines were joined into one paragraph).
_ROW_VS = re.compile(r"[ \t]+(?:[a-z]+[ \t]+)?[-+(]?[$£€]?\d[\d.,]*(?:[ \t]+[a-z]+){0,2}[ \t]+vs?\.?[ \t]")
# A formatted number opening a "person" ("727,781 Revs"): table figures run into a label.
_FIGURE_START = re.compile(r"\d+[.,]\d")
_LOWER = re.compile(r"[a-z]")
# A credit rating's grade on the agencies' scales ("BBB-plus", "Baa-2", "A-1"), which the model
# calls an organisation, a place or a product, where a rating's words stand near it.
_CREDIT_GRADE = re.compile(
    r"(?:AAA|AA|A|BBB|BB|B|CCC|CC|C|D|Aaa|Aa|Baa|Ba|Caa|Ca|P)(?:[-+]|-?[123]|-plus|-minus)?"
)
_RATING_WORDS = re.compile(
    r"\b(?:rat(?:ed|es|ing|ings)|downgrad\w*|upgrad\w*|affirm\w*|lowered|raised|reduced|debt|debentures)\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_ROW_LABEL = re.compile(r"[A-Z][a-z]{1,3}")
# "the Bill.", "the Premiership,": a one-word "person" after "the" that ends a phrase is a thing. (A
# person's name after "the" is a modifier, as in "the Dole campaign", and is left alone.)
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_PHRASE_END = re.compile(r"\s*[\"”’']?\s*(?:[,.;:!?)]|$)")
# A company's legal form ends its name: "Moody's Investors Service Inc" is one name, and "Co" or
# "Corp" alone (the model's cut of "Merrill Lynch and Co") names no one.
_LEGAL = r"(?:Inc|Corp|Co|Cos|Ltd|Plc|PLC|LLC|Llc|AG|SA|NV|BV|GmbH|SpA|Corporation|Company)\.?"
_LEGAL_END = re.compile(rf"\s{_LEGAL}$")
_LEGAL_ONLY = re.compile(rf"{_LEGAL}(?:\s+{_LEGAL})*")
# A department's word in a job title ("Finance Minister Edouard Balladur", "Secretary of State
# George Shultz") is not an organisation mentioned.
_JOB_AFTER = re.compile(r"\s+(?:Minister|Secretary|Ministers|Secretaries)\b")
_JOB_BEFORE = re.compile(r"\b(?:Secretary|Minister|Ministers|Secretaries)\s+(?:of|for)\s+(?:the\s+)?$")
# The start of a name the model cut after "of the": "Lord of the Rings" came as "Rings".
_OF_THE_BEFORE = re.compile(r"(?<![\w'’.-])[A-Z][a-z]+ [Oo]f the $")
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?:]['\"”’)]*\s+|\n)['\"“‘(]*$")
_CAPITAL_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z][a-z]+) $")
_CAPITAL_AFTER = re.compile(r" [A-Z][a-z]")
# A plural acronym ("MPs", "CDs", "MEPs") is a common noun, not a name.
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_FIGURE = re.compile(r"[-+(]?\d[\d.,:/()\-–]*")
_CODE_WORD = re.compile(r"\b(?=\w*\d)(?=\w*[^\W\d_])\w+\b")  # letters and digits in one word
_FIGURES_AFTER = re.compile(r"(?:\s+[-+(]?\d[\d.,:/()\-–]*)+$")  # "Li Na 6-3 7-6", "Revs 15.4"
_SCORES_AFTER = re.compile(r"(?:,?\s+\(?\d{1,2}[-–]\d{1,2}\)?)+$")  # "Federer 6-3 6-4": set scores
_WEB = re.compile(r"[@#]|https?:|www\.|\.com\b|pic\.twitter")

# Cue words: a capitalised title right after these is a work ("the film Challenge").
_WORK_BEFORE = (
    r"film|films|filming|movie|movies|book|novel|memoir|series|sitcom|show|album|single|song|play|"
    r"musical|documentary|opera|titled|entitled|title is|titled as|sequel|franchise|blockbuster|"
    # What actors and directors do with a title: "worked with on Edge of Tomorrow", "starred in".
    r"starred in|starring in|starring role in|appeared in|worked on|worked with on|sequel to|remake of"
)
# ... and right before these ("the Mission: Impossible actor", "Salyut 7 filmmaker").
_WORK_AFTER = r"actor|actress|star|stars|filmmaker|director|author|novelist|screenwriter|franchise|sequel"
# A capitalised name right before these is a product or vehicle ("Crew Dragon flight").
_PRODUCT_AFTER = (
    r"spacecraft|spaceship|capsule|rocket|launcher|satellite|module|aircraft|airliner|jet|jets|"
    r"plane|planes|helicopter|car|cars|truck|phone|phones|smartphone|handset|console|tablet|laptop|"
    r"chip|processor|submarine|warship|destroyer|frigate|carrier|tank|drone|drones|probe|lander|"
    r"rover|telescope|browser|app|software|vaccine|missile|missiles|engine|flight|mission"
)
# Context words that settle a name's type: "space agency Roscosmos", "cosmonauts Vladimir ...".
_ORG_NOUN = (
    r"agency|company|firm|group|broadcaster|network|bank|airline|carrier|maker|manufacturer|"
    r"operator|retailer|giant|start-up|startup|club|party|union|newspaper|magazine|tabloid|website|"
    r"outlet|studio|studios|label|regulator|ministry|watchdog|conglomerate|insurer|lender|publisher|"
    r"distributor|corporation|organisation|organization|charity|institute|university"
)
_PERSON_NOUN = (
    r"actor|actress|director|filmmaker|producer|president|minister|cosmonauts?|astronauts?|singer|"
    r"rapper|coach|striker|goalkeeper|captain|chairman|chairwoman|chief|spokesman|spokeswoman|"
    r"senator|governor|mayor|novelist|author|writer|journalist|presenter|comedian|star|Mr|Mrs|Ms|"
    r"Dr|Sir|Dame|Lord|Lady|King|Queen|Prince|Princess|Pope|General|Gen|Col|Capt|Prof|Rev"
)
_PRODUCT_NOUN = r"cryptocurrency|spacecraft|rocket|vaccine|drug|smartphone|console|model|jet|aircraft"
_CUE_BEFORE = [
    (re.compile(rf"\b(?:{_PERSON_NOUN})\.?\s+$"), "person"),
    (re.compile(rf"\b(?:{_ORG_NOUN})\s+$", re.I), "org"),
    (re.compile(rf"\b(?:{_PRODUCT_NOUN})\s+$", re.I), "product"),
]
_CUE_AFTER = [(re.compile(rf"^\s+(?:[a-z]+\s+)?(?:{_ORG_NOUN})\b"), "org")]
# A grade of a commodity is named before the commodity ("Brent crude", "Brent-grade", "West Texas
# Intermediate blend", "... Intermediate (WTI) crude"), before or after it as what it is ("West
# Texas Intermediate, the U.S. benchmark grade", "benchmark crude West Texas Intermediate"): a
# product, whatever the model says.
_GRADE_AFTER = re.compile(
    r"^(?:\s+|-|\s+\([A-Z]{2,6}\)\s+|,\s+the\s+(?:[A-Z][\w.]*\s+)?(?:benchmark\s+|marker\s+)?)"
    r"(?:crude|crudes|blend|grade)\b"
)
# (Not "benchmark" alone: "the benchmark Nikkei", "benchmark Treasury bonds".)
_GRADE_BEFORE = re.compile(r"\b(?:crude|grade|blend)\s*,?\s+$")
# One boards a vehicle, not a person: "aboard Soyuz MS-19" (the model often says PERSON).
_ABOARD = re.compile(r"\b(?:aboard|on board|onboard)\s+(?:the\s+)?$", re.I)
# Where someone works is no person: "analyst at X", "economists with X", "Mike Powell of X" (a
# person "of" another person is not news English). A bank named after its founders ("Dresdner
# Kleinwort Wasserstein") reads to the model as a person's name.
_STAFF_AT = re.compile(
    r"\b(?:analysts?|economists?|strategists?|traders?|dealers?|brokers?|researchers?|"
    r"consultants?|spokes(?:wo)?man|spokesperson|executives?|bankers?|employees?|staff)\s+"
    r"(?:at|with)\s+(?:the\s+)?$"
)
# "in Washington", "from Paris": a place, which a person's surname must not swallow.
_LOCATIVE = re.compile(r"\b(?:in|near|across|throughout|outside|inside)\s+$")
# "the state of Bahia", "the port of Bahia Blanca": a place.
_PLACE_OF = re.compile(r"\b(?:state|province|region|port|city|town|island|county|district|republic)\s+of\s+$")
_DEMONYMS = frozenset(lexicon.DEMONYMS)
# Between the names one span lists: "Gazprom and Rosneft", "Gazpromneft, Rosneft", "A, B & C".
_COORDINATOR = re.compile(r"\s*,\s*(?:(?:and|or|&)\s+)?|\s+(?:and|or|&)\s+")
# Two sides facing each other: a match ("Arsenal v Stoke", "Cardiff or Blackburn v Colchester")
# or a case ("Roe v Wade").
_VERSUS = re.compile(r"\s+(?:v|vs|v\.|vs\.|versus)\s+(?=[A-Z])")
# Between two items of a list: "Mali, Niger, Senegal and Togo".
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)")
# Last word of a multi-word name that settles its type ("International Space Station").
_HEADS = {
    "place": [
        "station",
        "airport",
        "bridge",
        "street",
        "road",
        "avenue",
        "square",
        "park",
        "stadium",
        "arena",
        "tower",
        "palace",
        "castle",
        "cathedral",
        "mountain",
        "mountains",
        "river",
        "lake",
        "island",
        "islands",
        "sea",
        "ocean",
        "bay",
        "valley",
        "county",
        "province",
        "city",
        "cosmodrome",
        "desert",
        "canal",
        "peninsula",
        "strait",
        "gulf",
        "coast",
    ],
    "org": list(lexicon.ORGANISATION_HEADS),
    "event": [
        "war",
        "games",
        "olympics",
        "cup",
        "championship",
        "championships",
        "festival",
        "summit",
        "conference",
        "election",
        "elections",
        "revolution",
        "crisis",
        "race",
        "open",
        "grand",
        "prix",
        "expo",
        "marathon",
        "tournament",
        "awards",
        "slam",
    ],
}
_HEAD_TYPE = {w: t for t, ws in _HEADS.items() for w in ws}
# Heads no one has as a surname (unlike "Street", "Bank", "Post"): they settle a "person" too
# ("Manchester United" is an org, "Grammy Awards" an event).
_NEVER_SURNAME_HEADS = {
    "org": "united fc afc dem dems democrats republicans rovers wanderers athletic inc ltd plc corp llc"
    " party university ministry department committee council commission association federation"
    " institute airlines airways holdings rugby",
    "event": "awards cup championship championships olympics festival prix tournament slam",
}
_NEVER_SURNAME = {w: t for t, ws in _NEVER_SURNAME_HEADS.items() for w in ws.split()}
# "Burnley v Blackburn": a fixture, not a person.
_FIXTURE = re.compile(r"\S\s+(?:v|vs|v\.|vs\.)\s+[A-Z]")
# (The head ends the run, or a number after it: "First Marathon Securities Ltd" and "Federal Open
# Market Committee" are no events, "World War II" is one.)
_NUMBERED = r"(?:\s+(?:[IVX]+|One|Two|Three|Four|Five|\d{1,4})\b)?"
_HEAD_ENDS_RUN = r"\b(?!\s+[A-Z])"
_EVENT_HEADS = "|".join(w.title() for w in _HEADS["event"])
_EVENT_RUN = re.compile(
    rf"(?<![\w.])(?P<t>(?:[A-Z][\w'’\-]*\s+){{1,4}}(?:{_EVENT_HEADS}){_NUMBERED}){_HEAD_ENDS_RUN}"
)
# Place heads that also end club names ("Stoke City", "Derby County", "Crystal Palace").
_CLUB_PLACE_HEADS = {"city", "county", "palace"}
# Heads that make a capitalised run a place even where the model saw nothing ("the Baikonur
# Cosmodrome"). Narrower than _HEADS["place"]: not the heads that also end club names.
_PLACE_RUN_HEADS = (
    "Cosmodrome|Airport|Airfield|Stadium|Cathedral|Castle|Bridge|Mountains|River|Lake|Island|Islands|"
    "Ocean|Sea|Bay|Valley|Desert|Canal|Peninsula|Strait|Gulf|Glacier|Volcano|Spaceport"
)
_PLACE_RUN = re.compile(
    rf"(?<![\w.])(?P<t>(?:[A-Z][\w'’\-]*\s+){{1,3}}(?:{_PLACE_RUN_HEADS})){_HEAD_ENDS_RUN}"
)
_RELATIVE_DAY = {"Today", "Tomorrow", "Yesterday", "Tonight"}
_TITLE_WORD = r"(?:[A-Z][\w'’\-]*|\d[\w\-]*)"
_TITLE = rf"{_TITLE_WORD}(?::?\s+(?:(?:of|the|and|in|on|a|an|to|for|from)\s+)*{_TITLE_WORD})*"
# The cue word is in lower case: a capitalised one is part of a name ("the UK Film Council", "the
# European Film Market" are no titles "Council" and "Market"). The title itself must be capitalised
# ("the film Challenge would ..." ends at "Challenge").
_WORK_CUE_BEFORE = re.compile(rf"\b(?:{_WORK_BEFORE})\s+[\"“‘']?(?P<t>{_TITLE})")
_WORK_CUE_AFTER = re.compile(rf"(?P<t>{_TITLE})[\"”’']?\s+(?:{_WORK_AFTER})\b")
_PRODUCT_CUE = re.compile(rf"(?P<t>{_TITLE})\s+(?:{_PRODUCT_AFTER})\b")
_ABOARD_CUE = re.compile(rf"\b(?:aboard|on board|onboard)\s+(?:(?:the|a|an)\s+)?(?P<t>{_TITLE})")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n)$")


def _at_sentence_start(text: str, at: int) -> bool:
    """``_SENTENCE_START`` on ``text[:at]``, looking back only over the spaces before ``at``: a
    copy and search of all the text before each mention was quadratic on long articles."""
    j = at
    while j > 0 and text[j - 1].isspace():
        j -= 1
    return _SENTENCE_START.search(text, max(0, j - 1), at) is not None


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    type: str
    source: str = "ner"  # ner, cue, found
    label: str = ""  # the model's label
    settled: bool = False  # the type read from the words around it, not the model's guess


@dataclass(slots=True)
class Group:
    type: str
    mentions: list[Mention] = field(default_factory=list)
    value: str | None = None
    name: str = ""
    here_only: bool = False  # a place read as one where it stands: no one's surname

    def forms(self) -> Counter[str]:
        return Counter(m.text for m in self.mentions)


def _name_with_s(text: str, word: str) -> bool:
    """The "'s" after ``word`` ends a company's name, not a possessive: "Moody's", "Sotheby's",
    "Lloyd's". Read so when the model's one-word organisation holds the "'s" (it leaves a
    possessive's out: "Microsoft's profits") and the article never writes the word without it (a
    possessive's owner is named bare too: "Gazprom's bid ... Gazprom said"). Cut, "Moody's" was
    "Moody", and the corpus made it the rugby player Lewis Moody. A name of several words keeps
    it where the article writes it before a legal form: "Standard and Poor's Corp ... Standard
    and Poor's said"."""
    if not word or not word[:1].isupper():
        return False
    last = re.escape(word.split()[-1])
    if re.search(rf"(?<![\w'’]){last}['’]s\s+{_LEGAL}(?!\w)", text):
        return True
    if " " in word:
        return False
    return re.search(rf"(?<![\w'’]){re.escape(word)}(?![\w'’])", text) is None


def trim(text: str, start: int, end: int, type_: str) -> tuple[int, int]:
    """Offsets of the name inside a span: no "the", possessive, quotes or stray punctuation."""
    while True:
        s, e = start, end
        while start < end and text[start] in _EDGE_JUNK:
            start += 1
        while start < end and text[end - 1] in _EDGE_JUNK:
            end -= 1
        # A final dot is part of "I.S.S." or "Inc." but not of a sentence end.
        if end - start > 1 and text[end - 1] == ".":
            last = text[start:end].split()[-1]
            if not re.fullmatch(r"(?:[A-Za-z]\.)+|[A-Z][a-z]{0,3}\.", last):
                end -= 1
        span = text[start:end]
        m = _POSSESSIVE.search(span)
        company = type_ == "org" and m is not None and m.group(0)[-1:] == "s"
        if m and end - start > 3 and not (company and _name_with_s(text, span[: m.start()])):
            end -= len(m.group(0))
        if type_ == "person" and _PORTFOLIO_BEFORE.search(text, max(0, start - 80), start):
            # "Minister of Mines and Energy Subroto": the span's first word is the portfolio's.
            first = re.match(r"[A-Z][\w-]*\s+(?=[A-Z])", text[start:end])
            if first:
                start += first.end()
        if type_ == "person":
            # "Mr Blair" is Blair: the honorific would keep him apart from "Tony Blair".
            m3 = (
                _HONORIFIC.match(text[start:end])
                or _ROLE.match(text[start:end])
                or _DESCRIBED.match(text[start:end])
            )
            if m3 and end - start > len(m3.group(0)) + 1:
                start += len(m3.group(0))
        if type_ in ("person", "org", "place"):
            span = text[start:end]
            # "Court of Arbitration for Sport (CAS": an opened bracket the span does not close.
            cut = span.rfind("(")
            if cut > 0 and ")" not in span[cut:]:
                end = start + cut
            # "Associated Press news agency", "Bill Cosby - moved": words after the name (but the
            # name's own head written in lower case is part of it: "Labour party").
            m4 = _TRAILING_LOWER.search(text[start:end])
            if m4 and m4.start() > 0 and m4.group(0).strip() not in _HEAD_TYPE:
                end = start + m4.start()
        if type_ == "person":
            # "Jie Zheng 6-2 7-5", "Federer 6-3 6-4": a score or figure after a name (a table's
            # "Revs 15.4" has no name before it, and is dropped whole)
            m5 = _FIGURES_AFTER.search(text[start:end])
            if m5 and len(text[start : start + m5.start()].split()) >= 2:
                end = start + m5.start()
        if type_ not in ("date", "work"):
            # (and a club's, a ground's: "Arsenal 2-1", "Stamford Bridge 3-1")
            m6 = _SCORES_AFTER.search(text[start:end])
            if m6 and m6.start() > 0:
                end = start + m6.start()
        if type_ == "date":
            start, end = dates.relative_core(text, start, end)
        if type_ != "work" and type_ != "date":
            m2 = _LEADING_THE.match(text[start:end])
            if m2 and end - start > len(m2.group(0)) + 1:
                start += len(m2.group(0))
        if (s, e) == (start, end):
            return start, end


def _keep(surface: str, type_: str) -> bool:
    if type_ == "date":
        return dates.is_date_mention(surface)
    if len(surface) < 2 or not _HAS_LETTER.search(surface):
        return False
    if _WEB.search(surface) or "\n" in surface:
        return False
    if _GLUED.search(surface) and " " in surface:
        return False  # "Film & TV / NewsRussia": page furniture run together
    if not surface[0].isupper() and not surface[0].isdigit():
        return False  # names are capitalised ("iPhone" is the rare loss)
    after_first = surface.split()[1:]
    if type_ == "person" and (_CODE_WORD.search(surface) or any(_FIGURE.fullmatch(w) for w in after_first)):
        # "JUL8 UNTRD", "Revs 15.4", "Mar 1263 BID": a table's row, no one's name (a figure
        # opens a stage name: "50 Cent"; "Soyuz MS-19", the model's person, is retyped later)
        return False
    # An all-caps single word is almost never a person's name.
    return not (type_ == "person" and not any(c.islower() for c in surface) and " " not in surface)


def candidates(
    text: str, spans: list[tuple[int, int, str]], *, disabled: frozenset[str] = frozenset()
) -> list[Mention]:
    out: list[Mention] = []
    # Words the model calls a nationality or language somewhere in the article ("Welsh").
    norp = {text[s:e] for s, e, label in spans if label in ("NORP", "LANGUAGE")}
    # ... and nationalities no one in the article has as a surname ("Irvine Welsh").
    surnames = {
        text[s:e].split()[-1] for s, e, label in spans if label == "PERSON" and " " in text[s:e].strip()
    }
    norp |= _DEMONYMS - surnames
    if "trim" not in disabled:
        spans = cut_at_sentence_ends(text, spans)
    if "particles" not in disabled:
        spans = joined_at_particles(text, spans)
    if "and_names" not in disabled:
        spans = joined_at_and(text, spans)
        spans = firms_of_two_names(text, spans)
    if "of_names" not in disabled:
        spans = continued_after_of(text, spans)
    crossing = _Spans(spans)
    for s0, e0, label in spans:
        type_ = LABELS.get(label)
        if type_ is None:
            continue
        pieces = [(s0, e0, type_)]
        # "Elon Musk's SpaceX" as one span: the owner, then what is owned (an organisation).
        inner = re.search(r"['’]s\s+(?=[A-Z])", text[s0:e0])
        if inner and (_LEGAL_END.search(text[s0:e0]) or _name_with_s(text, text[s0 : s0 + inner.start()])):
            # "Moody's Investors Service (Inc)", "Standard and Poor's Corp", "Reader's Digest": one
            # name (a legal form ends it, or the article never names the "owner" without "'s")
            inner = None
        if inner and type_ in ("person", "org") and "owner" not in disabled:
            pieces = [(s0, s0 + inner.start(), type_), (s0 + inner.end(), e0, "org")]
        for s, e, t in pieces:
            word = text[s:e].strip()
            if t in ("org", "work", "product") and word.istitle() and " " not in word:
                s = _of_the_start(text, s, crossing)
            if "trim" not in disabled:
                s, e = trim(text, s, e, t)
            surface = text[s:e]
            if e <= s:
                continue
            if t != "date" and dates.only_date_words(surface) and (t != "event" or dates.names_year(surface)):
                # The model's "March 21, 1983" event, a table's "JAN 10" organisation: a date. (Not
                # its event without a year: "the September 11 attacks" is no day of the article's year.)
                t = "date"
            if "filters" in disabled:
                out.append(Mention(s, e, surface, t, label=label))
                continue
            if not _keep(surface, t) or dates._AGE.match(surface):
                continue
            after = text[e : e + 40]
            if t == "person" and " " not in surface and re.match(r"\s+of\s+[A-Z]", after):
                continue  # "Edge of Tomorrow", "Bank of ...": part of a longer title, not a person
            if t == "date" and surface in _RELATIVE_DAY and not _at_sentence_start(text, s):
                continue  # a capitalised "Tomorrow" mid-sentence is part of a title
            if t == "date" and _CLOCK.fullmatch(surface) and _a_clock(text, surface, e):
                continue  # "by 1700 EST", "1530 hrs": a time of day, not the year 1700
            if (
                t == "date"
                and _OLD_YEAR.fullmatch(surface)
                and not _YEAR_WORD_BEFORE.search(text, max(0, s - 12), s)
            ):
                continue  # "about 1700 lawsuits", "fell 508 points to 1738", "SEP7 1624 UP 13"
            if t != "date" and _not_a_name(text, s, e, t, norp, crossing):
                continue
            out.append(Mention(s, e, surface, t, label=label))
    return out


# A legal form that ends a sentence, another capitalised word after it: "Corp. PaineWebber".
_LEGAL_THEN_SENTENCE = re.compile(rf"\s{_LEGAL}(?<=\.)(?=\s+[A-Z])")


def cut_at_sentence_ends(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A span the model ran across a sentence's end after a legal form is two names: "Standard
    and Poor's Corp. PaineWebber Inc" ("... rated by Standard and Poor's Corp. PaineWebber Inc
    led the issue"). A legal form is a company name's last word."""
    out: list[tuple[int, int, str]] = []
    for s, e, label in spans:
        for cut in _LEGAL_THEN_SENTENCE.finditer(text, s, e):
            out.append((s, cut.end(), label))
            s = cut.end()
            while s < e and text[s].isspace():
                s += 1
        out.append((s, e, label))
    return out


_PARTICLE = re.compile(r"[ \t]+(?:do|da|dos|das|de|del|della|des|du|di)[ \t]+")


def joined_at_particles(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """An organisation the model cut at a lower-case particle, as one: "Banco" (org) "do"
    "Brasil" (read as a person) is "Banco do Brasil"; also "Banque de France", "Caixa Geral
    de Depositos". Only an organisation's span continues, and only over the particle."""
    order = sorted(spans)
    out: list[tuple[int, int, str]] = []
    for s, e, label in order:
        if out:
            ps, pe, plabel = out[-1]
            gap = _PARTICLE.fullmatch(text, pe, s)
            if plabel == "ORG" and gap is not None and text[s : s + 1].isupper():
                out[-1] = (ps, e, "ORG")
                continue
        out.append((s, e, label))
    return out


# "of" and what it names after an institution's head: " of Seven", " of New York", " of 24".
_OF_NAME = re.compile(r"[ \t]+of[ \t]+((?:[A-Z][\w'’.-]*|\d+)(?:[ \t]+(?:[A-Z][\w'’.-]*|\d+))*)")
_INSTITUTION_HEADS = frozenset(lexicon.ORGANISATION_HEADS) - frozenset(lexicon.LEGAL_FORMS)
_JOB_FIRST = re.compile(rf"(?:{_ROLES})\b")


def continued_after_of(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """An institution the model ended at its head or at "of" goes on over "of" and the name or
    number after it: "Group of" + "Seven" (a number to the model) is the Group of Seven, "the
    Federal Reserve Bank" + "of New York" the Federal Reserve Bank of New York. Not after a
    legal form ("NEC Corp of Japan" is NEC Corp), nor over a person or a job ("the Social
    Democratic Party of Prime Minister Kalevi Sorsa")."""
    out = list(spans)
    for s, e, label in sorted(spans):
        if label != "ORG":
            continue
        words = text[s:e].split()
        at = e
        if words and words[-1] == "of" and len(words) > 1:
            at = s + text[s:e].rstrip().rfind(" of")  # "Group of": the head, then " of ..."
            words = words[:-1]
        if not words or words[-1].lower() not in _INSTITUTION_HEADS:
            continue
        m = _OF_NAME.match(text, at)
        if m is None or _JOB_FIRST.match(m.group(1)) or _SENTENCE_BREAK.search(m.group(1)):
            continue
        end = m.end()
        after = [x for x in out if x[0] < end and x[1] > e]
        if any(x[2] == "PERSON" or x[1] > end for x in after):
            continue
        out = [x for x in out if x not in after and x != (s, e, label)]
        out.append((s, end, "ORG"))
    return sorted(out)


# Capitalised words, then "and" or "&", just before a span: "Standard and " of "Poor's Corp".
_AND_BEFORE = re.compile(r"(?<![\w'’.&-])((?:[A-Z][\w'’.&-]*[ \t]+)*[A-Z][\w'’.&-]*)[ \t]+(?:and|&)[ \t]+$")
_SENTENCE_BREAK = re.compile(r"\.\s+[A-Z]")
# ... and "and", then capitalised words ending in a legal form (or the form alone), just after
# one: " and Telegraph Co", " and Co Inc".
_AND_LEGAL_AFTER = re.compile(
    rf"[ \t]+(?:and|&)[ \t]+((?:[A-Z][\w'’.&-]*[ \t]+)*?{_LEGAL}(?:[ \t]+{_LEGAL})*)(?!\w)"
)
_NAME_LABELS = ("ORG", "PERSON", "GPE", "LOC", "NORP", "FAC")
_LEGAL_AFTER = re.compile(rf"(?:[ \t]+{_LEGAL})+")


def joined_at_and(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A company with "and" in its name ("Standard and Poor's Corp", "American Telephone and
    Telegraph Co") that the model cut at the "and": two parts around "and" (or "&"), the second
    ending in a legal form, one of them the model's organisation and the other capitalised words
    no other span holds, or one name the model ended there. The evidence is
    ``split_coordinated``'s, the other way round: neither part is named alone in the article. Two
    names stay two when the first is complete on its own, a person's or one with an
    organisation's head word ("Chemical Bank and Marine Midland Banks Inc"), unless the second is
    one word that names no one alone ("Alex Brown and Sons Inc", "Worthen Bank and Trust Co");
    never after a country, a legal form or a figure. The article's other mentions of the name,
    with or without the legal form ("Standard and Poor's said"), are it."""
    out = list(spans)
    for readings in _cut_at_and(text, spans):
        for left, right in readings:
            names = _one_name(text, spans, left, right)
            if names is not None:
                for js, je in names:
                    out = [x for x in out if not (x[0] < je and js < x[1])]
                    out.append((js, je, "ORG"))
                break
    return sorted(out)


# Two one-word names joined by "and", and what stands before them ("Wagner and Brown and AFG").
_NAME_WORD = r"[A-Z][\w'’-]*"  # one capitalised word of a name ("Duff", "O'Neill")
_TWO_NAMES = re.compile(rf"({_NAME_WORD}) (?:and|&) ({_NAME_WORD})")
_LIST_BEFORE = re.compile(r"(?:\band|&|,)\s*$")


def firms_of_two_names(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A firm named after two people ("Duff and Phelps", "Phillips and Drew", "Bausch and Lomb")
    that the model read as an organisation and a person: two one-word names around "and", one
    the model's organisation and the other its person, is one organisation where the article
    says the pair at least twice and never either name without the other. (Two parties said
    together once, "Reagan and Nakasone", "Refco and ADM", are as often two; and an article
    about two names each names them apart.)"""
    order = sorted(spans)
    out = list(spans)
    done: set[str] = set()
    for (s1, e1, l1), (s2, e2, l2) in pairwise(order):
        if {l1, l2} != {"ORG", "PERSON"}:
            continue
        pair = _TWO_NAMES.fullmatch(text, s1, e2)
        if pair is None or pair.end(1) != e1 or pair.start(2) != s2 or text[s1:e2] in done:
            continue
        done.add(text[s1:e2])
        if _LIST_BEFORE.search(text, max(0, s1 - 6), s1):
            continue  # the last of a list: "Wagner and Brown and AFG"
        joined = _occurrences(text, text[s1:e2])
        if len(joined) < 2:
            continue
        alone = [
            w
            for w in (pair.group(1), pair.group(2))
            if len(re.findall(rf"(?<![\w'’-]){re.escape(w)}(?![\w'’-])", text)) > len(joined)
        ]
        if alone:
            continue
        for js, je in joined:
            out = [x for x in out if not (x[0] < je and js < x[1])]
            out.append((js, je, "ORG"))
    return sorted(out)


_PAIR_AFTER = re.compile(rf" (?:and|&) ({_NAME_WORD})")
_PAIR_BEFORE = re.compile(rf"({_NAME_WORD}) (?:and|&) $")


def note_pairs_said_once(text: str, entities: list[Entity]) -> None:
    """A one-word name (organisation, person, place) the article says only beside another, as
    "X and Y" ("Duff and Phelps said it lowered ..."), notes that pair (``Entity.within``).
    Said once, a pair is as often two parties as a firm ("Nixon and Ford", "Pepsi and
    Shirlie"), so the article alone cannot tell (``firms_of_two_names`` needs it twice); across
    the corpus, where other articles name the pair as one organisation, it is that organisation
    (``aliases.link``), not the one person of that surname some other story names in full."""
    starts: dict[int, Entity] = {}
    for e in entities:
        if e.type in ("org", "person", "place") and " " not in e.name:
            for s, end in e.mentions:
                if " " not in text[s:end]:
                    starts[s] = e
    for e in {id(e): e for e in starts.values()}.values():
        pairs = set()
        for s, end in e.mentions:
            after = _PAIR_AFTER.match(text, end)
            before = _PAIR_BEFORE.search(text, max(0, s - 40), s)
            if after and starts.get(after.start(1), e) is not e:
                first = s
                pairs.add((s, after.end(1)))
            elif before and starts.get(before.start(1), e) is not e:
                first = before.start(1)
                pairs.add((first, end))
            else:
                break
            if _LIST_BEFORE.search(text, max(0, first - 6), first):
                break  # the last of a list: "Wagner and Brown and AFG"
        else:
            said = {text[a:b] for a, b in pairs}
            if len(said) == 1:
                e.within = said.pop()


def note_firm_words(text: str, entities: list[Entity]) -> None:
    """A one-word place that begins the name of the one company the article named before it in
    full with a legal form, and nowhere reads as a place there ("in Dome"), notes that company
    (``Entity.within``): the model's place for a company's short name ("Murgold Resources Inc
    said ... Murgold said"), but no country or U.S. state ("China National Petroleum Corp ...
    China"). Across the corpus a word said so in most of its articles is that company
    (``aliases.link``); a real place is not ("Phoenix" beside Phoenix Steel Corp in 3 of its
    16 Reuters stories: joined in each, the articles' links carried the city to the firm)."""
    firms: dict[str, list[Entity]] = {}
    for e in entities:
        if e.type == "org" and " " in e.name and e.mentions and _LEGAL_END.search(e.name):
            firms.setdefault(norm(e.name.split()[0]), []).append(e)
    for e in entities:
        named = firms.get(norm(e.name), []) if e.type == "place" and " " not in e.name else []
        if (
            len(named) == 1
            and e.mentions
            and not e.within
            and e.name not in _COUNTRIES_AND_STATES
            and min(named[0].mentions)[0] < min(e.mentions)[0]
            and not any(_reads_as_place(text, s, end) for s, end in e.mentions)
        ):
            e.within = named[0].name


def _reads_as_place(text: str, start: int, end: int) -> bool:
    """Where it stands the name reads as a place: "in Phoenix", "the Shanghai city government",
    "Olney, Texas"."""
    if _LOCATIVE.search(text, max(0, start - 12), start) or _PLACE_NOUN_AFTER.match(text, end):
        return True
    m = _COMMA_NAME_AFTER.match(text, end)
    if m is None:
        return False
    first = m.group(1).split()[0]
    return bool({m.group(1), first, first.rstrip(".")} & _COUNTRIES_AND_STATES)  # ("Texas. The")


_PLACE_NOUN_AFTER = re.compile(r"\s+(?:city|province|state|region|county|district|area|port)\b")
_COMMA_NAME_AFTER = re.compile(r",\s+([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)")
_COUNTRIES_AND_STATES = frozenset(lexicon.COUNTRY_NAMES) | {
    w for state, abbrs in lexicon.US_STATE_ABBREVIATIONS.items() for w in (state, *abbrs)
}


_Part = tuple[int, int, str | None]


def _one_name(
    text: str, spans: list[tuple[int, int, str]], left_part: _Part, right_part: _Part
) -> list[tuple[int, int]] | None:
    """Where "<left> and <right>" stands in the text as one company's name, or None: two names."""
    (ls, le, left_label), (rs, re_, _) = left_part, right_part
    left, right = text[ls:le], _POSSESSIVE.sub("", text[rs:re_])
    core = _LEGAL_END.sub("", right)
    if _LEGAL_ONLY.fullmatch(right):
        # "J.P. Morgan and Co Inc", "Merrill Lynch and Co": a firm named after its founders
        return [(ls, re_)] if left_label in ("PERSON", "ORG") and not _DIGIT.search(left) else None
    if (
        core == right
        or left in lexicon.COUNTRY_NAMES
        or _DIGIT.search(left)
        or _SENTENCE_BREAK.search(left)
        or _SENTENCE_BREAK.search(right)
        or any(_LEGAL_ONLY.fullmatch(w) for w in left.split())
    ):
        return None
    complete = left_label == "PERSON" or (left_label is not None and " " in left)
    complete = complete or any(w.lower() in lexicon.ORGANISATION_HEADS for w in left.split())
    if complete and " " in core:
        return None
    joined = _occurrences(text, text[ls:rs] + core)
    if any(_part_named_alone(text, part, joined, spans) for part in (left, core)):
        return None
    return [(js, tail.end() if (tail := _LEGAL_AFTER.match(text, je)) else je) for js, je in joined]


def _cut_at_and(text: str, spans: list[tuple[int, int, str]]) -> Iterator[list[tuple[_Part, _Part]]]:
    """Where a name may go on across "and": the readings of (left part, right part) to try in
    turn, each part with the model's label (None: words the model left out). The right part is
    the model's organisation, after capitalised words or another name ended at "and" (that name
    whole, then, where it lists another before them, "B-1 and Standard", the words alone); or
    the left part is, before capitalised words that end in a legal form ("American Telephone"
    and "Telegraph Co")."""
    order = sorted(spans)
    for s, e, label in order:
        if label not in ("ORG", "PERSON") or not text[s : s + 1].isupper():
            continue
        before = _AND_BEFORE.search(text, max(0, s - 80), s) if label == "ORG" else None
        if before is not None:
            ls, le = before.span(1)
            inside = [x for x in order if x[0] < le and x[1] > ls]
            if not inside:
                yield [((ls, le, None), (s, e, label))]
            elif len(inside) == 1 and inside[0][1] == le and inside[0][2] in _NAME_LABELS:
                # the model's name whole: "Bank of Tokyo and ..." is not "Tokyo and ..."
                readings: list[tuple[_Part, _Part]] = [((inside[0][0], le, inside[0][2]), (s, e, label))]
                if _LIST_GAP.search(text, inside[0][0], ls):
                    readings.append(((ls, le, None), (s, e, label)))
                yield readings
        after = _AND_LEGAL_AFTER.match(text, e)
        if after is not None:
            rs, re_ = after.span(1)
            if not any(x[0] < re_ and x[1] > rs for x in order):
                yield [((s, e, label), (rs, re_, None))]


def _part_named_alone(
    text: str, part: str, joined: list[tuple[int, int]], spans: list[tuple[int, int, str]]
) -> bool:
    """The model named ``part`` outside ``joined`` (as its own span), or its words stand alone."""
    key = norm(part)
    for s, e, label in spans:
        if label in _NAME_LABELS and norm(text[s:e]) == key and not any(_overlaps((s, e), j) for j in joined):
            return True
    return _named_alone(text, part, joined)


class _Spans:
    """The model's spans sorted by start, with the furthest end of each prefix: whether one
    crosses a stretch of text in log time (a scan of all spans per mention was quadratic)."""

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        order = sorted((s, e) for s, e, _ in spans)
        self.starts = [s for s, _ in order]
        self.reach = list(accumulate((e for _, e in order), max))

    def cross(self, lo: int, hi: int) -> bool:
        """Some span starts before ``hi`` and ends after ``lo``."""
        n = bisect_left(self.starts, hi)
        return n > 0 and self.reach[n - 1] > lo


def _of_the_start(text: str, s: int, spans: _Spans) -> int:
    """Where a name the model cut after "of the" starts: "Rings" is "Lord of the Rings", "Earth"
    "Friends of the Earth"; not after a job ("Governor of the Bundesbank") or a sentence's first
    word ("Head of the ...")."""
    head = _OF_THE_BEFORE.search(text[max(0, s - 30) : s])
    if head is None:
        return s
    at = s - len(head.group(0))
    word = head.group(0).split()[0]
    if _at_sentence_start(text, at) or _JOB_OR_HONORIFIC.fullmatch(word):
        return s
    if spans.cross(at, s):
        return s  # the word before is in another name
    return at


def _fragment(text: str, s: int, spans: _Spans) -> bool:
    """The last word of a longer capitalised name the model cut short ("the Gambling Bill",
    "Finance Bill"): a capitalised word right before, which is no title or job ("President
    Bush"), opens no sentence and belongs to no other name."""
    m = _CAPITAL_BEFORE.search(text, max(0, s - 30), s)
    if m is None:
        return False
    word = m.group(1)
    if re.fullmatch(_PERSON_NOUN, word, re.I) or _JOB_OR_HONORIFIC.fullmatch(word):
        return False
    if _OPENS_SENTENCE.search(text, max(0, m.start(1) - 5), m.start(1)):
        return False  # '"If Holmes ...', "So Doug ..."
    return not spans.cross(m.start(1), s)


# A year before 1900 said alone is a figure unless a word that places a year is before it
# ("in 1871", "since 1776"; not "of": "a new high of 1757"): news counts and prices in the
# thousands far more often.
_OLD_YEAR = re.compile(r"1[0-8]\d\d")
_YEAR_WORD_BEFORE = re.compile(
    r"\b(?:in|since|from|until|till|by|during|before|after|year|early|late|mid-?)\s*$", re.I
)


def _a_clock(text: str, number: str, end: int) -> bool:
    """A number shaped like a time of day is one where a zone or "hrs" follows it, here or where
    the article says it again ("after 1530 EST ... after 1530 if they could")."""
    if _ZONE_AFTER.match(text, end):
        return True
    pair = _CLOCK_RANGE.match(text, end)  # "from 1700 to 2100 local time"
    if pair and _ZONE_AFTER.match(text, pair.end()):
        return True
    return any(_ZONE_AFTER.match(text, m.end()) for m in re.finditer(rf"(?<![\d.,]){number}(?![\d.,])", text))


def _not_a_name(text: str, s: int, e: int, type_: str, norp: set[str], spans: _Spans) -> bool:
    """Spans the model takes for names that the words around them show are something else."""
    surface = text[s:e]
    before = text[max(0, s - 40) : s]
    if _PLURAL_ACRONYM.fullmatch(surface):
        return True  # "MPs", "CDs"
    if _TIME_ZONE.fullmatch(surface) and _CLOCK_BEFORE.search(before):
        return True  # "0530 GMT"
    if " " not in surface and surface in norp and type_ in ("person", "org"):
        return True  # "Welsh", "Scots": a nationality ("Liege" may be both)
    if " " not in surface and _SENTENCE_START.search(before) and _common_word(text, surface):
        return True  # "House prices rose": a capital only because the sentence starts there
    if type_ == "org" and _LEGAL_ONLY.fullmatch(surface):
        return True  # "Co", "Co Inc"
    if type_ == "org" and " " not in surface and (_JOB_AFTER.match(text, e) or _JOB_BEFORE.search(before)):
        return True  # "Finance Minister", "Secretary of State"
    if _ROW_LABEL.fullmatch(surface) and _ROW_VS.match(text, e):
        return True  # "Revs 337.3 mln vs 315.2 mln": a table row's label, whatever the model says
    if _in_a_figures_table(text, s, e):
        return True  # "JAN8 UNTRD", "DMK 1.8250/60 (UNCH)": a price table's codes
    if _a_currency(surface):
        return True  # "U.S. Dollar", "H.K. Dlrs": money, which the model calls an organisation or a person
    if _CREDIT_GRADE.fullmatch(surface) and _RATING_WORDS.search(
        text, max(0, s - 80), min(len(text), e + 40)
    ):
        return True  # "rated B-3 by Moody's and CCC-plus by S/P": a grade, not the CCC
    if type_ != "person":
        return False
    if _QUANTITY_BEFORE.search(before):
        return True  # "7.15 billion N.Z. Dlrs"
    if " " not in surface and _fragment(text, s, spans):
        return True  # "Bill" of "the Gambling Bill"
    at_line_start = _LINE_START.search(text[max(0, s - 20) : s])
    if _FIGURE_START.match(surface):
        return True
    # "Shr 34 cts", "Avg shrs 51.7 mln" at a line's start (results, "Roma 2 Bari 0", may be clubs)
    return bool(at_line_start and _ROW_LABEL.fullmatch(surface) and _ROW_AFTER.match(text, e))


_CURRENCY = re.compile(
    r"(?:dollars?|dlrs?|yen|marks?|francs?|pounds?|sterling|lira|lire|pesos?|guilders?|crowns?|"
    r"rupees?|yuan|rand|schillings?|krona|kronor|krone|kroner|ringgit|baht|riyals?|dinars?)\.?",
    re.IGNORECASE,
)
_INITIALS = re.compile(r"(?:[A-Z]\.)+")


def _a_currency(surface: str) -> bool:
    """A country's currency: its name, nationality or initials, then the unit ("U.S. Dollar",
    "Australian dollars", "H.K. Dlrs"); not "Million Dollar Baby"."""
    words = surface.split()
    if len(words) < 2 or not _CURRENCY.fullmatch(words[-1]):
        return False
    country = " ".join(words[:-1])
    return (
        country in lexicon.COUNTRY_NAMES
        or country in lexicon.DEMONYMS
        or all(_INITIALS.fullmatch(w) for w in words[:-1])
    )


def _in_a_figures_table(text: str, s: int, e: int) -> bool:
    """The span is a code in a table of figures: its line and the line before or after it have
    no lower-case letter and hold a figure in at least a quarter of their words, and it is no
    row's label, or has a figure in it ("APR7 UNTRD", "MAY7 6685 UP 105", "(UNCH)"). A row's
    label names it ("NEW YORK 74 59 .556"); a line of prose, even in capitals, names things, and
    so does a dateline alone ("LONDON 1996-08-30")."""
    start = text.rfind("\n", 0, s) + 1
    end = text.find("\n", e)
    end = len(text) if end < 0 else end
    if not _figures_line(text[start:end]):
        return False
    if not text[start:s].strip() and not _DIGIT.search(text[s:e]):
        return False  # a row's label is its name: "NEW YORK 74 59 .556", "U.S. 1-2 210-250 LB"
    before = text[: max(0, start - 1)].rstrip("\n")
    after = text[end:].lstrip("\n")
    return _figures_line(before[before.rfind("\n") + 1 :]) or _figures_line(after.split("\n", 1)[0])


def _figures_line(line: str) -> bool:
    if _LOWER.search(line):
        return False
    words = line.split()
    return 4 * sum(1 for w in words if _DIGIT.search(w)) >= len(words) > 0


def _common_word(text: str, word: str) -> bool:
    """The word also stands in lower case in the text ("house prices" after "House prices")."""
    if not word.istitle():
        return False  # "US" is not "us"
    low = word.lower()
    at = text.find(low)
    while at >= 0:
        if _word_edge(text, at, at + len(low)):
            return True
        at = text.find(low, at + 1)
    return False


def context_types(text: str, mentions: list[Mention]) -> None:
    """Let a name's own words and its neighbours settle its type: heads and cue words. A type
    read this way is ``settled``: it outweighs the model's unaided guess (``vote_types``, and
    across articles ``corpus``)."""
    surnames = {m.text.split()[-1] for m in mentions if m.type == "person"}
    full_surnames = {m.text.split()[-1] for m in mentions if m.type == "person" and " " in m.text}
    things: set[str] = set()  # one-word "people" that "the X." shows are things
    person_ends = {m.end for m in mentions if m.type == "person" and " " in m.text}
    given_names = {m.text.split()[0] for m in mentions if m.type == "person" and " " in m.text}
    for m in mentions:
        if m.type not in NAME_TYPES:
            continue
        if (
            m.type == "person"
            and m.text in lexicon.COUNTRY_NAMES
            and m.text not in full_surnames | given_names
        ):
            # "Sri Lanka will uproot rubber trees": a country is no one, unless the story names a
            # person by it ("Michael Jordan ... Jordan scored", "Chad Smith ... Chad said")
            m.type, m.settled = "place", True
            continue
        if m.source == "cue":
            m.settled = True
        words = m.text.split()
        head_word, last = _name_head(words)
        head = _HEAD_TYPE.get(head_word) if len(words) > 1 else None
        # (the model's state, "Soviet Union", "West Bank", keeps its type against an org head;
        # its organisation "Stoke City", "Derby County" keeps it against a club's place head)
        if (
            head
            and m.type in ("org", "place", "event", "product")
            and m.source != "cue"
            and not (head == "org" and m.label == "GPE")
            and not (m.type == "org" and last and head_word in _CLUB_PLACE_HEADS)
        ):
            m.type, m.settled = head, True
            continue
        if m.type == "person" and len(words) > 1:
            head = _NEVER_SURNAME.get(words[-1].lower().rstrip("."))
            if head or _FIXTURE.search(m.text):
                m.type, m.settled = head or "event", True  # the model's "Manchester United", "Grammy Awards"
                continue
            if _COMPASS.match(m.text):
                m.type, m.settled = "place", True  # "North Devon"
                continue
        if m.type == "work":
            continue
        before = text[max(0, m.start - 40) : m.start]
        after = text[m.end : m.end + 40]
        if m.type == "person" and _ABOARD.search(before):
            m.type, m.settled = "product", True
            continue
        if (
            m.type == "person"
            and len(words) == 1
            and _THE_BEFORE.search(before)
            and _PHRASE_END.match(after)
            and not re.fullmatch(_PERSON_NOUN, m.text)  # "the Queen" is a person
            and m.text[:-1] not in surnames  # "the Clintons", a family
        ):
            m.type, m.settled = "org", True
            things.add(m.text)
            continue
        if len(words) == 1 and m.text not in full_surnames and _a_place_here(text, m):
            m.type, m.settled = "place", True  # "in Bahia", "the state of Bahia"
            continue
        if m.type in ("person", "org") and (_STAFF_AT.search(before) or _of_a_person(text, m, person_ends)):
            m.type, m.settled = "org", True
            continue
        if _GRADE_AFTER.match(after) or (
            _GRADE_BEFORE.search(before) and (m.type != "place" or len(words) > 1)
        ):
            m.type, m.settled = "product", True
            continue
        for pattern, t in _CUE_BEFORE:
            if pattern.search(before):
                if not (t == "person" and " " not in m.text and m.type == "place"):
                    m.type, m.settled = t, True
                break
        else:
            # (Not the model's place: one before an organisation's noun is mostly where it is,
            # "Hollywood studios", "a Tokyo bank", "London newspapers".)
            for pattern, t in _CUE_AFTER:
                if pattern.match(after) and m.type in ("product", "person", "work"):
                    m.type, m.settled = t, True
    # One "the Bill." settles the article's other "Bill"s, which a vote would make a person.
    for m in mentions:
        if m.type == "person" and m.text in things:
            m.type, m.settled = "org", True
    _listed_places(text, mentions)
    team_sheet_people(text, mentions)


def _name_head(words: list[str]) -> tuple[str, bool]:
    """The word that says what a name names, lower case, and whether it ends the name: the last
    word, or the head word before "of" ("Bank" of "Bank of Iron County", not the head of the place
    it names; "Awards" of "Music of Black Origin Awards", which has none before "of")."""
    if "of" in words[1:-1]:
        before_of = words[words.index("of", 1) - 1].lower().rstrip(".")
        if before_of in _HEAD_TYPE:
            return before_of, False
    return words[-1].lower().rstrip("."), True


def _of_a_person(text: str, m: Mention, person_ends: set[int]) -> bool:
    """A name right after a person's full name and "of": "Mike Powell of X" (X is where he works
    or comes from, not another person)."""
    at = m.start - len(" of ")
    return at in person_ends and text[at : m.start] == " of " and " " in m.text


def _a_place_here(text: str, m: Mention) -> bool:
    """Words before a one-word "person" that say it is a place: "in Bahia" (not "in Farrakhan's
    speech"); before any one-word name: "the state of Bahia". ("in" before a company is common:
    "a stake in Gazprom".)"""
    if m.type == "person" and _locative(text, m):
        return True
    return m.type in ("person", "org") and bool(_PLACE_OF.search(text, max(0, m.start - 30), m.start))


def _listed_places(text: str, mentions: list[Mention]) -> None:
    """A one-word "person" in a list of places is a place: "Mali, Niger, Senegal and Togo" (a
    list holds one kind of thing; a list with a person in it says nothing). The list settles
    its places' type."""
    named = sorted((m for m in mentions if m.type in NAME_TYPES), key=lambda m: m.start)
    runs: list[list[Mention]] = []
    for m in named:
        if runs and _LIST_GAP.fullmatch(text, runs[-1][-1].end, m.start):
            runs[-1].append(m)
        else:
            runs.append([m])
    for run in runs:
        kinds = {m.type for m in run if not (m.type == "person" and " " not in m.text)}
        if kinds == {"place"} and len(run) > 1:
            for m in run:
                if m.type == "place" or " " not in m.text:
                    m.type, m.settled = "place", True


def split_coordinated(text: str, mentions: list[Mention]) -> list[Mention]:
    """A span that joins names the article also names alone is those names: "Gazprom and
    Rosneft" where "Gazprom" and "Rosneft" stand alone elsewhere in it (as the model's names, or
    one as the same words in mid-sentence, the model having missed it; a capital alone is weak
    evidence: "Standard" and "Poor" of "Standard & Poor's"). Each part takes the type its own
    mentions have, else the span's. In a list ("Moody, Vyvyan and ...") one part named alone
    is enough. A name with "and" in it ("Procter & Gamble", "Bosnia and Herzegovina", "the
    University of the Highlands and Islands") stays whole: its parts are not all named alone,
    outside the name itself."""
    alone: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.type in NAME_TYPES:
            alone.setdefault(norm(m.text), []).append(m)
    out: list[Mention] = []
    for m in mentions:
        parts = _coordinated_parts(text, m) if m.type in NAME_TYPES else []
        if not parts:
            out.append(m)
            continue
        joined = _occurrences(text, m.text)  # the whole name, wherever it stands
        seen = [[o for o in alone.get(norm(text[s:e]), ()) if not _within(o, joined)] for s, e in parts]
        # At least one part the model named alone; the others named alone too, by the model or
        # in plain words, or the span is items of a list that goes on after it ("Moody, Vyvyan
        # and Back"): a comma in a name is rare.
        listed = "," in m.text and _LIST_GAP.match(text, m.end) is not None
        alone_too = [bool(seen[i]) or _named_alone(text, text[s:e], joined) for i, (s, e) in enumerate(parts)]
        # A part named only in the list must not begin another of the article's names or be
        # begun by one: the alias rules would take that name for its short form ("Gazprom, its
        # unit Gazpromneft, Rosneft and ...": "Gazprom" would become "Gazpromneft").
        new = [norm(text[s:e]) for (s, e), known in zip(parts, alone_too, strict=True) if not known]
        named = all(alone_too) or (
            listed and not any(_stem_related(n, alone.keys() - {norm(m.text)}) for n in new)
        )
        if not named or not any(seen):
            out.append(m)
            continue
        for (s, e), own in zip(parts, seen, strict=True):
            counts = Counter(o.type for o in own) or Counter([m.type])
            type_ = max(counts, key=lambda t: (counts[t], t == m.type))
            out.append(Mention(s, e, text[s:e], type_, m.source, m.label))
    return out


def split_fixtures(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Arsenal v Stoke" is two sides, whoever else the story names: a fixture list names each
    club once, in its fixture. A side that is either of two ("Cardiff or Blackburn v
    Colchester", the replay's winner) is both. Each side takes the type its own mentions have,
    else a place's or a person's named in full for a span the model called so, else an
    organisation's (a club, a team)."""
    if not any(_VERSUS.search(m.text) for m in mentions):
        return mentions
    types: dict[str, Counter[str]] = {}
    for m in mentions:
        # (a club the model took for someone elsewhere in the story, "Yeovil said", is no one
        # in its fixture: one word is a person's side only where the span was a person's)
        if not _VERSUS.search(m.text) and (m.type != "person" or " " in m.text):
            types.setdefault(norm(m.text), Counter())[m.type] += 1
    out: list[Mention] = []
    for m in mentions:
        cuts = list(_VERSUS.finditer(text, m.start, m.end)) if m.type in NAME_TYPES else []
        if not cuts:
            out.append(m)
            continue
        sides = [
            side
            for s, e in _between(m.start, m.end, cuts)
            for side in _between(s, e, list(_COORDINATOR.finditer(text, s, e)))
        ]
        for s, e in sides:
            # (one word facing another is a team: "Birmingham v Leeds", a person to the model)
            one_word = " " not in text[s:e].strip()
            fallback = m.type if m.type == "place" or (m.type == "person" and not one_word) else "org"
            s, e = trim(text, s, e, fallback)
            if e > s and _keep(text[s:e], fallback):
                own = types.get(norm(text[s:e]))
                type_ = max(own, key=lambda t: (own[t], t == fallback)) if own else fallback
                out.append(Mention(s, e, text[s:e], type_, m.source, m.label))
    return out


def _stem_related(name: str, names: Iterable[str]) -> bool:
    """One of ``names`` (normalised, other than ``name``) begins it or is begun by it."""
    return any(o != name and (o.startswith(name) or name.startswith(o)) for o in names)


def _within(m: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(_overlaps((m.start, m.end), s) for s in spans)


def _occurrences(text: str, words: str) -> list[tuple[int, int]]:
    """Where ``words`` stand in the text as whole words."""
    out = []
    at = text.find(words)
    while at >= 0:
        if _word_edge(text, at, at + len(words)):
            out.append((at, at + len(words)))
        at = text.find(words, at + 1)
    return out


def _named_alone(text: str, name: str, joined: list[tuple[int, int]]) -> bool:
    """The name's words stand in the text on their own: outside ``joined``, in mid-sentence
    (a capital opening a sentence says nothing) and not next to another capitalised word (the
    piece of a longer name: "Highlands" of "the Highlands and Islands")."""
    for s, e in _occurrences(text, name):
        if any(_overlaps((s, e), j) for j in joined) or _at_sentence_start(text, s):
            continue
        if _CAPITAL_BEFORE.search(text, max(0, s - 30), s) or _CAPITAL_AFTER.match(text, e):
            continue
        return True
    return False


def _coordinated_parts(text: str, m: Mention) -> list[tuple[int, int]]:
    """Offsets of the names a span lists ("A and B", "A, B & C"), or [] if it lists none."""
    cuts = list(_COORDINATOR.finditer(text, m.start, m.end))
    if not cuts:
        return []
    parts = []
    for s, e in _between(m.start, m.end, cuts):
        s, e = trim(text, s, e, m.type)
        if e <= s or not _keep(text[s:e], m.type) or _LEGAL_ONLY.fullmatch(text[s:e]):
            return []  # (a legal form is the name's own end: "Jefferies and Co", "Growmark, Inc.")
        parts.append((s, e))
    return parts


def _between(start: int, end: int, cuts: list[re.Match[str]]) -> list[tuple[int, int]]:
    """The stretches of ``start``..``end`` around the ``cuts`` found in it (all of it: none)."""
    bounds = [start, *(x for c in cuts for x in c.span()), end]
    return list(zip(bounds[::2], bounds[1::2], strict=True))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def cue_mentions(text: str, found: list[Mention], norp: list[tuple[int, int]]) -> list[Mention]:
    """Works, products and events named next to a cue word, where the model saw nothing."""
    protected = [(m.start, m.end) for m in found if m.type in ("person", "place", "date")] + norp
    out: list[Mention] = []
    patterns = (
        (_WORK_CUE_BEFORE, "work"),
        (_WORK_CUE_AFTER, "work"),
        (_PRODUCT_CUE, "product"),
        (_ABOARD_CUE, "product"),
        (_PLACE_RUN, "place"),
        (_EVENT_RUN, "event"),
    )
    for pattern, type_ in patterns:
        for m in pattern.finditer(text):
            s, e = m.span("t")
            if pattern in (_ABOARD_CUE, _PLACE_RUN) and any(
                _overlaps((s, e), (f.start, f.end)) for f in found
            ):
                continue  # the model named it: its type (and context_types) decide
            if pattern is not _WORK_CUE_BEFORE:
                # Drop leading words the model already named (the "SpaceX" of "SpaceX Crew Dragon").
                for f in found:
                    if f.start <= s < f.end < e and f.type in ("org", "person", "place"):
                        s = f.end + 1
                while s < e and text[s] == " ":
                    s += 1
                first = text[s:e].split(" ", 1)
                if type_ == "product" and len(first) > 1 and re.search(r"[a-z][A-Z]|^[A-Z]{2,}$", first[0]):
                    # A maker's name in front ("SpaceX Crew Dragon", "BMW X5"): an organisation.
                    out.append(Mention(s, s + len(first[0]), first[0], "org", source="cue"))
                    s += len(first[0]) + 1
                if _at_sentence_start(text, s) and " " not in text[s:e]:
                    continue  # a lone capitalised word opening a sentence is no evidence
            s, e = trim(text, s, e, type_)
            surface = text[s:e]
            if e <= s or not _keep(surface, type_) or any(_overlaps((s, e), p) for p in protected):
                continue
            if surface.split()[0].lower() in aliases.CONNECTORS or not re.search(r"[A-Z]", surface):
                continue
            if type_ == "work" and is_acronym(surface):
                continue  # "appeared in BBC ...", "starred in TV ...": a channel, not a title
            out.append(Mention(s, e, surface, type_, source="cue"))
    return out


def _merge_cues(found: list[Mention], cues: list[Mention]) -> list[Mention]:
    # A cue-found title replaces the model's overlapping org/product/work guess.
    kept = [m for m in found if not any(_overlaps((m.start, m.end), (c.start, c.end)) for c in cues)]
    seen: list[tuple[int, int]] = []
    for c in sorted(cues, key=lambda c: (c.start, -(c.end - c.start))):
        if not any(_overlaps((c.start, c.end), s) for s in seen):
            kept.append(c)
            seen.append((c.start, c.end))
    return sorted(kept, key=lambda m: m.start)


def vote_types(mentions: list[Mention]) -> None:
    """One surface form, one type within an article: the majority (first seen on a tie) of the
    mentions whose type the words around them settled, else of all."""
    by_form: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.type in NAME_TYPES:
            by_form.setdefault(norm(m.text), []).append(m)
    for every in by_form.values():
        ms = [m for m in every if m.settled] or every
        counts = Counter(m.type for m in ms)
        if len({m.type for m in every}) < 2:
            continue
        best = max(counts, key=lambda t: (counts[t], -next(i for i, m in enumerate(ms) if m.type == t)))
        for m in every:
            m.type = best
            m.settled = m.settled or ms is not every


def company_types(mentions: list[Mention]) -> None:
    """A name the model calls a person where the article names a company of that name with its
    legal form is the company: "the merged company, Baker Hughes" beside "Baker Hughes Inc",
    "Exxon" beside "Exxon Corp". (A legal form is the company's own word; a person is never
    named with one.)"""
    companies = {
        bare
        for m in mentions
        if m.type == "org" and (bare := aliases.without_legal_form(m.text)) and bare != norm(m.text)
    }
    for m in mentions:
        if m.type == "person" and norm(m.text) in companies:
            m.type = "org"
            m.settled = True


def _year_step(m: Mention, base: str | None, text: str, disabled: frozenset[str]) -> int:
    """A month said without its year in another year than the article's: "fell in December" in
    March is last December (``tense.year_step``)."""
    month = dates.month_without_year(m.text)
    if month is None or not base or not text or "tense" in disabled:
        return 0
    number, start, end = month
    if not base[5:7].isdigit() or number == int(base[5:7]):
        return 0
    return tense.year_step(text, m.start + start, m.start + end, later=number > int(base[5:7]))


def group_mentions(
    mentions: list[Mention],
    overrides: Overrides,
    base: str | None,
    text: str = "",
    *,
    disabled: frozenset[str] = frozenset(),
    families: dict[str, str] | None = None,
) -> list[Group]:
    """Mentions grouped into entities: dates by the day they name (a relative date in a dated
    article too; in an undated one it is left out), names by the article's alias rules
    (``families``: the names of a political group the article names, ``parties``)."""
    groups: dict[str, Group] = {}
    for m in mentions:
        if m.type == "date":
            ahead = (
                "tense" not in disabled
                and bool(text)
                and dates.names_weekday(m.text)
                and tense.speaks_ahead(text, m.start, m.end)
            )
            rel = dates.relative(m.text, base, ahead=ahead)
            name, value = (
                rel
                if rel is not None
                else dates.normalise(m.text, base, year_step=_year_step(m, base, text, disabled))
            )
            if rel is not None and value is None:
                continue  # "Tuesday" in an undated article, "this week": no day to list it under
            key = "date:" + (value if value and name[0].isdigit() else norm(name))
            g = groups.setdefault(key, Group("date", value=value, name=name))
        else:
            g = groups.setdefault(f"{m.type}:{norm(m.text)}", Group(m.type))
        g.mentions.append(m)
    if "aliases" in disabled:
        return list(groups.values())
    # "George Washington ... in Washington", "James Ireland ... Ireland and Scotland": a mention
    # that reads as a place, or names a country, stays a place.
    surnames = {norm(_best_form(g)).split()[-1] for g in groups.values() if g.type == "person" and _multi(g)}
    for key, g in list(groups.items()):
        if g.type == "place" and not _multi(g) and norm(_best_form(g)) in surnames:
            here = [m for m in g.mentions if _no_surname(text, m)]
            if here and len(here) < len(g.mentions):
                g.mentions = [m for m in g.mentions if m not in here]
                groups[key + "#here"] = Group("place", here, here_only=True)
            elif here:
                g.here_only = True
    # (a place read as one where it stands links to nothing: it is the place)
    forms = [
        aliases.Form(key, _best_form(g), g.type, len(g.mentions), first=min(m.start for m in g.mentions))
        for key, g in groups.items()
        if g.type != "date" and not g.here_only
    ]
    spans = [(m.start, m.end, m.text) for g in groups.values() if g.type != "date" for m in g.mentions]
    scope = dataclasses.replace(
        aliases.ARTICLE,
        defined=aliases.definitions(text, spans),
        paired=_listed_together(text, spans),
        families=families or {},
    )
    canon = aliases.link(forms, scope, forbidden=overrides.forbidden)
    for key, target in canon.items():
        into, g = groups[target], groups[key]
        into.mentions.extend(g.mentions)
        for m in g.mentions:
            m.settled = m.settled and m.type == into.type
            m.type = into.type
    return [g for k, g in groups.items() if k not in canon]


def _listed_together(text: str, spans: list[tuple[int, int, str]]) -> set[tuple[str, str]]:
    """First words of names the text lists side by side ("Gazprom and Gazpromneft"): two things."""
    out: set[tuple[str, str]] = set()
    for (_, e1, a), (s2, _, b) in itertools.pairwise(sorted(spans)):
        if _LIST_GAP.fullmatch(text, e1, s2) and a.split() and b.split():
            x, y = norm(a).split()[0], norm(b).split()[0]
            out.update({(x, y), (y, x)})
    return out


def _multi(g: Group) -> bool:
    return len(_best_form(g).split()) > 1


def _no_surname(text: str, m: Mention) -> bool:
    """A place no person's surname stands for: read as one where it stands ("in Washington") or
    a country's name. (A place settled by a list was tried too: on CoNLL's results tables it
    kept players' surnames apart, dev F1 0.714 to 0.713.)"""
    return _locative(text, m) or m.text in lexicon.COUNTRY_NAMES


def _locative(text: str, m: Mention) -> bool:
    """Read as a place where it stands: "in Washington" (but not "in Farrakhan's speech")."""
    return bool(_LOCATIVE.search(text[max(0, m.start - 12) : m.start])) and not _POSSESSIVE_AFTER.match(
        text, m.end
    )


def _best_form(g: Group) -> str:
    """The name to show: the most used of the longest forms, preferring normal case to CAPS."""
    forms = g.forms()
    if not forms:
        return g.name

    def score(f: str) -> tuple[int, int, int, int, int]:
        return (
            len(f.split()),
            int(not (f.isupper() and len(f) > 4)),
            int("." not in f),
            int(not any(o != f and o.startswith(f) for o in forms)),  # "Yugansk" of "Yuganskneftegas"
            forms[f],
        )

    return max(forms, key=score)


def find_more(text: str, groups: list[Group]) -> None:
    """Further mentions of each entity's own forms, where the model missed them."""
    taken = sorted((m.start, m.end) for g in groups for m in g.mentions)
    for g in groups:
        if g.type == "date":
            continue
        for form in list(g.forms()):
            if len(form) < 3 or not form[0].isupper():
                continue
            # str.find, not a regex per form: compiling one per name was a tenth of build time.
            at = text.find(form)
            while at >= 0:
                end = at + len(form)
                if _word_edge(text, at, end):
                    span = (at, end)
                    if not any(_overlaps(span, t) for t in taken):
                        g.mentions.append(Mention(at, end, form, g.type, source="found"))
                        taken.append(span)
                    at = text.find(form, end)
                else:
                    at = text.find(form, at + 1)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _word_edge(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is a whole word run: no word character (or @, #) just before it and
    no word character just after it."""
    if start > 0 and (_is_word_char(text[start - 1]) or text[start - 1] in "@#"):
        return False
    return end >= len(text) or not _is_word_char(text[end])


def resolve(
    text: str,
    spans: list[tuple[int, int, str]],
    *,
    date: str | None = None,
    source: str = "",
    overrides: Overrides | None = None,
    disabled: frozenset[str] = frozenset(),
) -> list[Entity]:
    """Canonical entities of one article from its text, raw NER spans, date and outlet
    (``source``); ``disabled`` switches rules off by name (``RULES``)."""
    overrides = overrides or Overrides()
    families: dict[str, str] = {}
    if "parties" not in disabled:
        spans, families = parties.as_organisations(text, spans)
    found = candidates(text, spans, disabled=disabled)
    norp = [(s, e) for s, e, label in spans if label in ("NORP", "LANGUAGE")]
    if "cues" not in disabled:
        found = _merge_cues(found, cue_mentions(text, found, norp))
    if "sources" not in disabled:
        outlet, _ = sources.own_outlet(text, [(m.start, m.end) for m in found if m.type != "date"], source)
        found = [_before_sign_off(text, m) if m.type != "date" else m for m in found]
        found = [
            m
            for m in found
            if m.type == "date" or (m.end > m.start and sources.outlet_key(m.text) not in outlet)
        ]
    if "fixtures" not in disabled:
        found = split_fixtures(text, found)
    if "coordination" not in disabled:
        found = split_coordinated(text, found)
    if "context" not in disabled:
        context_types(text, found)
    for m in found:
        m.type = overrides.retype(m.type, m.text)
    if "vote" not in disabled:
        company_types(found)
        vote_types(found)
    groups = group_mentions(found, overrides, date, text, disabled=disabled, families=families)
    if "find_more" not in disabled:
        find_more(text, groups)
    entities = [_entity(g) for g in groups]
    if "and_names" not in disabled:
        note_pairs_said_once(text, entities)
    if "firm_words" not in disabled:
        note_firm_words(text, entities)
    return apply_overrides(entities, overrides)


def _before_sign_off(text: str, m: Mention) -> Mention:
    """A span the model ran on into the text's sign-off ("Acme Co Inc. Reuter"), cut before it;
    empty (start == end) when nothing of a name is left ("Corp. Reuter")."""
    cut = sources.sign_off_start(text, m.start, m.end)
    if cut is None:
        return m
    s, e = trim(text, m.start, cut, m.type)
    surface = text[s:e]
    if e <= s or not _keep(surface, m.type) or _LEGAL_ONLY.fullmatch(surface):
        return Mention(m.start, m.start, "", m.type, m.source)
    return Mention(s, e, surface, m.type, m.source)


def _entity(g: Group) -> Entity:
    name = g.name if g.type == "date" else _best_form(g)
    mentions = sorted({(m.start, m.end) for m in g.mentions})
    names: list[str] = []
    seen = {name.casefold()}
    for form in sorted(g.forms(), key=lambda f: min(m.start for m in g.mentions if m.text == f)):
        if aliases.is_back_reference(form) and " " in name:
            continue  # "the Bank" of the Bank of England: a mention, not one of its names
        if form.casefold() not in seen:
            seen.add(form.casefold())
            names.append(form)
    settled = any(m.settled for m in g.mentions)
    return Entity(name=name, type=g.type, aliases=names, mentions=mentions, value=g.value, settled=settled)


def apply_overrides(entities: list[Entity], overrides: Overrides) -> list[Entity]:
    """Hide, rename and merge entities as the user's corrections say."""
    if overrides.empty:
        return _ordered(entities)
    out: dict[tuple[str, str], Entity] = {}
    for e in entities:
        names = [e.name, *e.aliases]
        if overrides.hidden(e.type, names):
            continue
        new = overrides.canonical(e.type, names)
        if new and new != e.name:
            e.aliases = [a for a in [e.name, *e.aliases] if a.casefold() != new.casefold()]
            e.name = new
            e.type = overrides.target_type(new) or e.type  # merged: one entity, one type
        key = (e.type, norm(e.name))
        if key in out:
            into = out[key]
            into.mentions = sorted(set(into.mentions) | set(e.mentions))
            into.settled = into.settled or e.settled
            for a in [e.name, *e.aliases]:
                if a.casefold() != into.name.casefold() and a not in into.aliases:
                    into.aliases.append(a)
        else:
            out[key] = e
    return _ordered(list(out.values()))


def _ordered(entities: list[Entity]) -> list[Entity]:
    return sorted(entities, key=lambda e: (-len(e.mentions), e.mentions[0][0] if e.mentions else 0))
