"""Political groups named by their members: "the Tories", "Democrats", "the Conservatives".

The model calls these a nationality or a group (NORP), with "British" and "Muslim", so they never
became entities: the BBC's politics stories, 234 of which name the Conservatives, listed only the
21 that say "Conservative Party". A group is an organisation where the article treats it as one:
right after its name come its leader, its MPs, its party or its spokesman ("Tory leader Michael
Howard", "Democratic senators", "the Conservative party"), or the article names "<group> Party".
Then every mention of the group in that article is the organisation, in any of its forms ("Tory",
"Tories"), one with "<group> Party" where the article also names it so. A nationality, a faith, a
people or a region is never one (``lexicon.DEMONYMS``, ``lexicon.FAITHS``, ``lexicon.PEOPLES``,
``lexicon.REGIONAL_ADJECTIVES``): "British MPs" are not a party.

Only the article's own words are the evidence: a story that says "the Tories" but never "Tory
leader" gets no organisation from it.
"""

from __future__ import annotations

import re

from spacetui import lexicon
from spacetui.entities.aliases import clipped_words, family, party_of
from spacetui.entities.overrides import norm

_CUE = re.compile(rf"[ \t]+(?:{'|'.join(lexicon.GROUP_ROLES)})\b")
_NEVER_WORDS = (*lexicon.DEMONYMS, *lexicon.FAITHS, *lexicon.PEOPLES, *lexicon.REGIONAL_ADJECTIVES)


_NEVER = frozenset({norm(w) for w in _NEVER_WORDS} | {family(w) for w in _NEVER_WORDS})


def _never(surface: str) -> bool:
    """A nationality, a faith, a people or a region ("British", "Moslems", "Bosnian Serb",
    "Western"), by its last word: "Christian Democrats" are a party."""
    words = norm(surface).split()
    return not words or words[-1] in _NEVER or family(words[-1]) in _NEVER or norm(surface) in _NEVER


def as_organisations(
    text: str, spans: list[tuple[int, int, str]]
) -> tuple[list[tuple[int, int, str]], dict[str, str]]:
    """The spans with the mentions of groups the article treats as organisations labelled as
    organisations, and those groups' names (normalised: their forms and "<group> Party") -> the
    group's key, for the aliases' rule 1."""
    # Names the article gives groups and organisations, to take a word in front back into a
    # group's name where the model left it out ("Liberal | Democrat leader", "the Liberal Democrats").
    named = {family(text[s:e]) for s, e, label in spans if label in ("NORP", "ORG")}
    tagged = [(s, e) for s, e, label in spans if label != "NORP"]
    spans = [
        (_fuller(text, s, e, named, tagged), e, label) if label == "NORP" else (s, e, label)
        for s, e, label in spans
    ]
    cued: set[str] = set()
    for s0, e0, label in spans:
        s, e = _name(text, s0, e0) if label == "NORP" else (s0, s0)
        if e > s and _CUE.match(text, e) and not _never(text[s:e]):
            cued.add(family(text[s:e]))
    for s, e, label in spans:
        if label == "ORG" and (group := party_of(text[s:e])) and not _never(group):
            cued.add(family(group))  # the article names its party
    if not cued:
        return spans, {}
    out: list[tuple[int, int, str]] = []
    forms: dict[str, str] = {}
    for s0, e0, label in spans:
        s, e = _name(text, s0, e0) if label == "NORP" else (s0, e0)
        if label == "NORP" and e > s and (key := family(text[s:e])) in cued:
            out.append((s, e, "ORG"))
            forms[norm(text[s:e])] = key
            continue
        if label in ("ORG", "PERSON") and (clipped := _clipping_of(text[s:e], cued)):
            out.append((s0, e0, "ORG"))  # "the Lib Dems" (the model's person, now and then)
            forms[norm(text[s:e])] = clipped
            continue
        out.append((s0, e0, label))
        if label == "ORG" and (group := party_of(text[s:e])) and (key := family(group)) in cued:
            forms[norm(text[s:e])] = key
    # (the model's own span over a word taken into a group's name goes: "Liberal" of "Liberal Democrat")
    taken = [(s, e) for s, e, label in out if label == "ORG" and norm(text[s:e]) in forms]
    out = [
        (s, e, label) for s, e, label in out if (s, e) in taken or not any(a < e and s < b for a, b in taken)
    ]
    return out, forms


# Capitalised words that begin a sentence more than a name: "The Tories", "But Labour".
_NOT_NAMES = frozenset(
    ["the", "a", "an", "but", "and", "or", "if", "as", "so", "yet", "when", "while", "mr", "mrs"]
)
_WORD_BEFORE = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*[ \t]+$")


def _fuller(text: str, s: int, e: int, named: set[str], tagged: list[tuple[int, int]]) -> int:
    """Where the group's name starts: with the capitalised word before the span where the
    article names the group so elsewhere, as a name or, where the model saw no other name in the
    word, in these words again ("Former Liberal Democrat MP ... Liberal Democrat Sarah Teather";
    not "Senate Republican leader ... Senate Republicans", the Senate being a name of its own);
    not a country's or a people's word, nor an owner ("Howard's Tory party")."""
    m = _WORD_BEFORE.search(text, max(0, s - 40), s)
    if m is None:
        return s
    word = m.group(0).strip()
    owner = word.endswith(("'s", "’s"))
    if owner or _never(word) or word in lexicon.COUNTRY_NAMES or word.casefold() in _NOT_NAMES:
        return s
    fuller = text[m.start() : e]
    if family(fuller) in named:
        return m.start()
    alone = not any(a < m.end() and m.start() < b for a, b in tagged)
    return m.start() if alone and text.count(fuller) > 1 else s


def _name(text: str, s: int, e: int) -> tuple[int, int]:
    """The group's name in a span: its last run of capitalised words ("None of the Tories")."""
    words = list(re.finditer(r"\S+", text[s:e]))
    k = len(words)
    while k and words[k - 1].group(0)[0].isupper():
        k -= 1
    if k == len(words):
        return s, s
    return s + words[k].start(), e


def _clipping_of(name: str, groups: set[str]) -> str | None:
    """The one group (``family`` key) whose name ``name`` clips ("Lib Dems" of "liberal democrat")."""
    found = [g for g in groups if clipped_words(name, g)]
    return found[0] if len(found) == 1 else None
