"""Whether a sentence speaks of a day ahead or gone: "will meet on Friday" is the coming Friday,
"met on Friday" the one just gone; "output fell in December", in a story of March, last December.

News names the days around its own date by weekday alone, and about a third of those in the
Reuters stories are days ahead ("Stoltenberg is due to attend a Bundesbank meeting on
Thursday", "the board Monday will discuss"). NER runs without a tagger (``ner.py``), so the
tense is read from the words: the verb group nearest the date, in either direction within its
sentence and clause, says which. A future's marks are a modal ("will", "must"), a present "to
be" ("is scheduled Monday"), "due/expected to", a progressive ("is meeting"), or a verb of a
timetable in the present ("leaves", "opens"); a past's are a past tense ("met", "was", "said")
or a perfect ("has fallen"). "for Friday", "until Friday" and "ahead of Friday" are days ahead,
"since Friday" one gone. With no mark, the day is one gone: news mostly reports what happened,
and so is a weekday's event ("Monday's attack"), whatever the sentence's verb.

A month said without its year is the article's year (a dividend "payable May 7", a "May
delivery") unless the sentence places it with a preposition and a nearby verb: "fell in
December", "since October", "December's 4.40 billion" in a story of March are last year's;
"by January", "until February" with a verb ahead, in October, next year's.

Measured on dates read by hand in Reuters stories (scratch samples): weekdays right in 70-75%
before (always the day gone), 95-97% with this; of the months the rule moves to another year,
about 9 in 10 read right by hand.
"""

from __future__ import annotations

import re

from spacetui.articles.furniture import words as _words

_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])|\n|;")


_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*|,")
REACH = 400  # characters either side of the weekday read for its sentence
NEAR_WORDS = 30  # a verb group further from the weekday is another clause's

# "would": the future of a past saying ("she said she would rule Monday"), news' usual case.
_AHEAD_MODALS = frozenset(
    ["will", "shall", "would", "must", "should", "may", "might", "can", "won't", "'ll", "’ll"]
)
_BE_NOW = frozenset(["is", "are", "am", "isn't", "aren't", "'re", "’re"])
_BE_PAST = frozenset(["was", "were", "wasn't", "weren't", "did", "didn't", "had", "hadn't"])
_BE_ANY = _BE_NOW | _BE_PAST | frozenset(["be", "been", "being", "'s", "’s"])
_HAVE = frozenset(["has", "have", "'ve", "’ve", "hasn't", "haven't"])
_NOT = frozenset(["not", "never", "n't"])
# "due to attend", "expected to open", "plans to visit": an intention or a timetable ahead.
_TO_AHEAD = _words(
    "due set scheduled expected slated likely unlikely poised going plan plans planning intend intends "
    "intending aim aims hope hopes want wants agreed promised pledged vowed threatened "
    "is are"
)
# Participles that place their noun's time ahead without "to be": "a hearing scheduled Monday".
_SCHEDULED = _words("scheduled expected slated planned due set")
# Present tense of a timetable: "Nakasone leaves on Wednesday", "the offer opens Tuesday".
_TIMETABLE = _words(
    "begins begin starts opens closes ends expires resumes resume meets meet convenes convene "
    "reconvenes reopens reopen matures leaves arrives travels flies visits goes holds takes"
)
# Past tenses news uses most that do not end in -ed.
_PAST_IRREGULAR = _words(
    "said told rose fell sold bought paid made took gave came went met held left lost won began "
    "spoke wrote saw got brought kept ran struck broke chose drove grew knew led stood sent spent "
    "built thought found became hit slid sank shrank swung fought caught sought dealt meant felt "
    "heard threw flew drew forecast quit sprang underwent withdrew overtook undertook"
)
_NOT_VERBS = _words(
    "hundred indeed unidentified detailed limited proceed exceed succeed speed breed greed bleed creed steed"
)
_DETERMINERS = _words("the a an its their his her our this that these those")
_PREPOSITIONS = _words("of in on at with from by about into over under among without within against")
# Words that open another clause after the weekday: its verb is not the weekday's.
_CLAUSE_OPENERS = _words(
    "after before when while because although though which who whom whose where that if unless whereas"
)
_LEFT_OPENERS = _CLAUSE_OPENERS | frozenset(["despite"])
# Verbs of saying, as in a report's attribution after a comma (", they added").
_REPORTING = _words("said says added told noted stated reported announced")


def _around(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """The words of the sentence before and after ``text[start:end]`` (commas as words)."""
    before = text[max(0, start - REACH) : start]
    after = text[end : end + REACH]
    cuts = list(_SENTENCE_END.finditer(before))
    if cuts:
        before = before[cuts[-1].end() :]
    cut = _SENTENCE_END.search(after)
    if cut:
        after = after[: cut.start()]
    return _WORD.findall(before), _WORD.findall(after)


def _said_before(left: list[str]) -> list[str]:
    lower = [w.lower() for w in left]
    return lower[:-1] if lower[-1:] in (["late"], ["early"], ["mid"]) else lower  # "until late Friday"


def speaks_ahead(text: str, start: int, end: int) -> bool:
    """Whether the weekday at ``text[start:end]`` is a day ahead of the article's date."""
    left, _ = _around(text, start, end)
    owned = text[end : end + 2] in ("'s", "’s")
    said_before = _said_before(left)
    if said_before[-2:] == ["ahead", "of"]:
        return True  # selling ahead of Friday's figures
    if owned:
        # "Monday's attack", "Sunday's elections": a day named for its event, which the
        # sentence's verb does not place ("Iran would avenge Monday's raids"); read right on a
        # sample of Reuters' possessive weekdays the verb's tense lost more than it gained.
        return False
    if said_before[-1:] == ["for"]:
        return True  # a strike called for Wednesday
    if said_before[-1:] in (["until"], ["till"], ["coming"]):
        return True  # talks adjourned until Thursday, an offer opening this coming Tuesday
    if said_before[-1:] == ["since"]:
        return False
    return verb_tense(text, start, end) is True


# Words before a month that place something in it ("fell in December", "since October",
# "between December and February"), and words after one that make it a contract's ("May
# delivery", "July futures"): a contract is no month gone.
_IN_A_MONTH = _words("in during between")
_BY_A_MONTH = _words("by until till")
NEAR_A_MONTH = 8  # words: a month's verb further away is often another phrase's
_DAY_AFTER = re.compile(r"\s+\d{1,2}(?:st|nd|rd|th)?\b(?![.,]?\d)")
_CONTRACT = _words(
    "delivery deliveries contract contracts futures shipment shipments loading position options"
)


def year_step(text: str, start: int, end: int, later: bool) -> int:
    """For a month named without its year at ``text[start:end]``: -1 when the sentence speaks
    of it as gone and it comes later in the year than the article's month ("steel output fell
    in December" in a story of March: last December), +1 when it speaks of it ahead and it comes
    earlier ("prices would top 22 dlrs by January" in April: next January), else 0 (the
    article's year). A month's place in a sentence is looser than a weekday's ("declared a
    dividend payable May 7"), so only a month the sentence places with a preposition, or a day
    of it beside a past verb ("the year ended December 31"), moves."""
    left, right = _around(text, start, end)
    said_before = _said_before(left)
    if (right[:1] and right[0].lower() in _CONTRACT) or (said_before[-2:-1] and said_before[-2] in _CONTRACT):
        return 0  # "May delivery", "crude for delivery in May"
    if later:
        if text[end : end + 2] in ("'s", "’s") or said_before[-1:] == ["since"]:
            return -1  # "down from December's 4.40 billion", "since October"
        if said_before[-1:] and said_before[-1] in _IN_A_MONTH:
            said = verb_tense(text, start, end, NEAR_A_MONTH, sayings=False)
            return -1 if said is False else 0
        day = _DAY_AFTER.match(text, end)
        if day and _past_beside(left, _WORD.findall(text[day.end() : day.end() + 40])):
            return -1
        return 0
    if said_before[-1:] and said_before[-1] in _BY_A_MONTH:
        said = verb_tense(text, start, end, NEAR_A_MONTH, sayings=False)
        return 1 if said is True else 0
    return 0


# Verbs that set a day rather than report it ("shareholders registered May 26", "has fixed
# April 3 as the date"): their past tense says nothing of the day's.
_SETTING = _words("registered dated fixed set scheduled payable delivered accrued extended postponed moved")


def _past_beside(left: list[str], right: list[str]) -> bool:
    """A day of a month right after a past verb ("the year ended December 31", "a contract that
    expired December 13", "Reagan fired November 25") or right before one ("Lawson as recently
    as December 17 said"), with no word of a time ahead right after it ("the year ended August
    31 will be ...") and no perfect ("has fixed April 3": a day set, not one gone)."""
    if any(w.lower() in _AHEAD_MODALS or w.lower() in _BE_NOW for w in right[:2]):
        return False
    before = left[-1].lower() if left else ""
    # (not a verb that sets a day, nor a saying: "said May 4 has been set as the record date")
    setting = before in _SETTING or before in _SCHEDULED or before in _REPORTING
    if before and not setting and (before.endswith("ed") or before in _PAST_IRREGULAR):
        # (not after "has", "was", "its": "its planned April 6 launch" is an adjective; "a
        # lockout that started December 14" is a past)
        ahead_of_it = left[-2].lower() if len(left) > 1 else ""
        adjective = ahead_of_it in _DETERMINERS and ahead_of_it != "that"
        return before not in _NOT_VERBS and ahead_of_it not in _HAVE | _BE_ANY and not adjective
    # a saying right after it ("as recently as December 17 said"; not "fiscal 1986/87 ending
    # June 30 rose": the figure's verb)
    return bool(right) and right[0].lower() in _REPORTING


def verb_tense(
    text: str, start: int, end: int, near: int = NEAR_WORDS, *, sayings: bool = True
) -> bool | None:
    """True: the verb group nearest ``text[start:end]`` in its clause (within ``near`` words)
    speaks ahead (or of now), False: of the past, None: no verb group marks it.
    ``sayings=False``: a verb of saying counts only right before the date's preposition ("said
    in December"), not as the clause that reports another ("Malaysia said it expects a shortage
    in April", "... the summit in June, they added")."""
    left, right = _around(text, start, end)
    lower = [w.lower() for w in left]
    # Past a word that opens the weekday's clause or phrase ("the report will be issued tonight,
    # despite closures on Friday"), the verbs are another clause's.
    left = left[next((n + 1 for n in range(len(lower) - 1, -1, -1) if lower[n] in _LEFT_OPENERS), 0) :]
    opener = next(
        (
            n
            for n, w in enumerate(right)
            # ("and"/"but" before a lower-case word: "traded late Friday and are expected to
            # open ..."; "on Thursday and Friday" goes on)
            if w.lower() in _CLAUSE_OPENERS
            or (w in ("and", "but") and n + 1 < len(right) and right[n + 1][:1].islower())
        ),
        len(right),
    )
    comma = next((n for n, w in enumerate(right) if w == ","), len(right))
    words = [*left, "", *right[:opener]]  # the weekday as an empty word
    here = len(left)
    # The weekday's own clause first: the words before it, and after it up to a comma ("Mustapha,
    # who leaves for Moscow on Tuesday, met ..."); then past the comma ("On Friday, Washington
    # announced ...").
    own = min(here + 1 + comma, len(words))
    for reach in (own, len(words)):
        for distance in range(1, near + 1):
            for i in (here - distance, here + distance):  # the left first: its verb usually governs
                if not (0 <= i < reach and i != here):
                    continue
                if not sayings and i != here - 2 and words[i].lower() in _REPORTING:
                    continue
                said = _tense_at(words, i)
                if said is not None:
                    return said
    return None


def _tense_at(words: list[str], i: int) -> bool | None:
    """True: a verb group of the future or present at word ``i``; False: of the past; None:
    no tense here (or a participle or base form whose auxiliary lies further on)."""
    word = words[i]
    if not word or (word[0].isupper() and i > 0 and words[i - 1]):
        return None  # the weekday, or a name inside the sentence ("May", "United")
    w = word.lower().replace("’", "'")
    prev = words[i - 1].lower().replace("’", "'") if i > 0 else ""
    after = words[i + 1].lower() if i + 1 < len(words) else ""
    if w in _AHEAD_MODALS or w.endswith("'ll"):
        # "may have met" is a past; "will have completed" and "would have to" are not
        then = words[i + 2].lower() if i + 2 < len(words) else ""
        return after != "have" or then == "to" or w in ("will", "shall", "won't") or w.endswith("'ll")
    if w in _BE_PAST:
        return False
    if w in _BE_NOW:
        return True
    if w == "to":
        # "due to attend", and "a bond to be issued in April" (not "due to the decline")
        if (prev in _TO_AHEAD and not (after in _DETERMINERS or after[:1].isdigit())) or after == "be":
            before = words[i - 2].lower() if i > 1 else ""
            return prev not in _BE_PAST and before not in _BE_PAST  # "was expected to": a past
        return None
    deferred = prev in _BE_ANY or prev in _AHEAD_MODALS or prev == "to" or prev in _NOT or prev in _BE_PAST
    if w.endswith("ing") and len(w) > 4:
        if prev in _BE_NOW:
            return True  # "is meeting on Tuesday"
        return False if prev in _BE_PAST else None
    past = w.endswith("ed") and len(w) > 4 and w not in _NOT_VERBS  # ("agreed", not "proceed")
    if past or w in _PAST_IRREGULAR:
        if prev in _HAVE:
            return False  # "has fallen since": a perfect is a past
        if deferred or prev in _DETERMINERS or prev in _PREPOSITIONS or prev.endswith("'s"):
            # "was cut", "will cut", "did not meet": the auxiliary says; "its planned merger",
            # "of industrialized nations": an adjective
            return None
        return w in _SCHEDULED  # (True: "a hearing scheduled Monday")
    if w in _TIMETABLE:
        if deferred or prev in _DETERMINERS:
            return None
        return True
    return None
