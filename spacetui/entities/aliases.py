"""Alias linking: which names are one entity. One set of rules, used within an article (forms
weighed by mentions, ``resolve.group_mentions``) and across the corpus (keys weighed by articles,
``corpus.CorpusEntities``). In order, each rule linking a name to a fuller one of its type:

1. spelling: the same name once US/UK spellings ("Organization" / "Organisation"), a company's
   legal form ("Toyota Motor Corp" / "Toyota Motor") and hyphens are set aside, and a
   government body's two word orders ("Department of Agriculture" / "Agriculture Department")
   are one; a country's names (``lexicon.COUNTRY_ALIASES``: "Britain", "UK", "United Kingdom")
   are one name, and so are a U.S. state's ("Mich.", "Michigan");
2. alias evidence (corpus): a name that articles resolved as an alias of one entity;
3. surname: a one-word person, the last word of a full name (the first word where the scope
   allows it and only one full name has it); a one-word name that is as often a first name
   across the corpus ("Charles") is no one's surname, only the first name of the one person
   articles linked it to and named far more than anyone else who has it ("Tony" of Tony Blair;
   not "Gordon", linked to Gordon Brown and to Gordon D'Arcy); a name's last words said alone
   ("Bra Kanon" of Denis Bra Kanon) or with a word the model took in front ("Sen William
   Proxmire") are that person, the more named form carrying the other;
4. acronym: to the long form that spells it out where a text defines it ("the Organization of
   Petroleum Exporting Countries (OPEC)", "OPEC (Organization of ...)") or, across the corpus,
   where articles linked them; within an article also by initials when it defines none. Two
   long forms defined as one acronym, one the other with words left out ("International Rubber
   Organisation" and "International Natural Rubber Organisation", both "INRO"), are one;
5. place stem: "Baikonur" for "Baikonur Cosmodrome";
6. organisation stem, within an article: "Baikal" after "Baikal Finance Group", "Yugansk" (the
   model's place) beside "Yuganskneftegas", a company's first word after its name in full with
   its legal form ("Moody's" after "Moody's Investors Service Inc"), unless some text pairs the
   two ("Gazprom and Gazpromneft" are two) or the article names the short one's own company;
   an institution's head word alone after the one institution of that head named in full
   ("the Bank" after "the Bank of England", ``lexicon.BACK_REFERENCE_HEADS``); a clipping
   after the name it clips ("the Fed" after "the Federal Reserve"); variants of one
   institution's name ("U.S. Federal Reserve", "Federal Reserve Board", "Federal Reserve":
   ``variant_core``);
   across the corpus the articles' links are the evidence (rule 2), to a one-word name or
   across types only when a good share of the articles naming the short form linked it, and
   variants of one institution's name that articles called by one short name are one;
7. near-identical spellings (rapidfuzz): "Yulia Pereslid" / "Yulia Peresild", and long one-word
   names ("Yuganskneftegas" / "Yuganskneftegaz"); a person's first name misspelt beside the same
   surname ("Mihkail" / "Mikhail Khodorkovsky") only with evidence that it is a slip, not another
   person (``first_name_slip``);
8. country variants, across the corpus: an institution's bare name and its country's
   ("Agriculture Department" of "U.S. Agriculture Department") where that country leads the
   names given with one and the bare name's stories that name one country (all the others
   together, or, when no other country's is named, each of them); one country's
   institution named with and without a public body's head ("U.S. Treasury" / "U.S. Treasury
   Department", ``_country_and_word``).

With several candidates, the most weighed wins when it weighs ``Scope.dominance`` times the next.
The caller's rule switches (``disabled``) and the user's ``[split]`` corrections (``forbidden``)
veto links.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacetui.entities.overrides import norm
from spacetui.lexicon import (
    BACK_REFERENCE_HEADS,
    COUNTRIES,
    COUNTRY_ALIASES,
    COUNTRY_OFFICIAL_NAMES,
    DEMONYMS,
    LEGAL_FORMS,
    NUMBER_WORDS,
    ORGANISATION_HEADS,
    PARTY_NICKNAMES,
    SURNAME_PARTICLES,
    US_STATE_ABBREVIATIONS,
)

# Shortest word told apart from a near spelling as a typo: below it, one letter more or less is
# mostly another name (Davis / Davies, Clark / Clarke, Peston / Preston).
MIN_VARIANT_WORD = 7
# A one-word name needs this many letters to be a spelling variant of another one-word name
# ("Gorbachev" / "Gorbachov"); shorter ones are mostly other names ("Hamburg" / "Homburg").
MIN_VARIANT_NAME = 9
_LEGAL_WORDS = frozenset(LEGAL_FORMS)
CONNECTORS = frozenset(
    ["of", "the", "and", "for", "in", "on", "at", "to", "de", "du", "la", "le", "&", "a", "an"]
)
# Place heads a place is also named without ("Baikonur" for "Baikonur Cosmodrome").
PLACE_STEM_HEADS = frozenset(
    [
        *("cosmodrome", "airport", "airfield", "stadium", "cathedral", "castle", "bridge", "mountains"),
        *("river", "lake", "island", "islands", "ocean", "sea", "bay", "valley", "desert", "canal"),
        *("peninsula", "strait", "gulf", "glacier", "volcano", "spaceport"),
    ]
)
# An organisation's short form: a one-word name that begins its longer name ("Baikal" of "Baikal
# Finance Group", "Yugansk" of "Yuganskneftegas"), of at least this many letters, the longer
# one-word name at least STEM_MORE letters longer.
MIN_STEM = 6
STEM_MORE = 3
# Shortest clipping of an organisation's name ("Fed").
MIN_CLIP = 3
_ORG_HEADS = frozenset(ORGANISATION_HEADS) | frozenset(LEGAL_FORMS)
_BACK_HEADS = frozenset(BACK_REFERENCE_HEADS)
# Between the items of a list or a pair: "Gazprom and Gazpromneft", "Gazprom-Rosneft".
_FIRM_PAIR = re.compile(r"[\w'’-]+ (?:and|&) [\w'’-]+")  # "duff and phelps", as ``norm`` leaves it
_PAIR_SPLIT = re.compile(r"\s*(?:\band\b|&|,|/|-)\s*")
# Articles naming a name alone are at most this many times those linking it to a one-word name or
# one of another type, for the link to hold across the corpus.
LINK_SHARE = 2
# Types an acronym may stand for.
ACRONYM_TYPES = ("org", "place", "event", "product", "work")
_AND_END = re.compile(r"\s+(?:and|&)$")
_LEGAL_TAIL = re.compile(r"(?:\s+(?:" + "|".join(sorted(LEGAL_FORMS, key=len, reverse=True)) + r"))+$")
# A government body named by its head before or after its portfolio: "(U.S.) Department of
# Agriculture" / "Agriculture Department", "Ministry of Finance" / "Finance Ministry".
_OF_PORTFOLIO = re.compile(r"^(.*?)\b(department|ministry) of (?:the )?(\w+(?: \w+)?)$")
# A country by its other names ("UK", "Britain", "America"), normalised, to its name's.
_COUNTRY = {
    norm(alias): norm(country)
    for table in (COUNTRY_ALIASES, COUNTRY_OFFICIAL_NAMES)
    for country, names in table.items()
    for alias in names
}
# A U.S. state by its abbreviation, normalised ("Calif." and the "Calif" a dateline's dot was cut
# from); not an acronym in capitals: "LA" is Los Angeles, not Louisiana's "La." (``_state``).
_STATE = {norm(abbr): norm(state) for state, abbrs in US_STATE_ABBREVIATIONS.items() for abbr in abbrs}
# Between a long form and its acronym, or an acronym and its long form, in a definition.
_DEFINE_GAP = re.compile(r"\s*(?:,\s*|\(\s*)(?:the\s+|or\s+)?$", re.I)


@dataclass(slots=True)
class Form:
    """One name in the scope: an article's form (weight: mentions) or a corpus key (articles)."""

    key: str
    name: str
    type: str
    weight: int
    # Names the scope already linked to it, with how often (corpus: articles that did).
    aliases: dict[str, int] = field(default_factory=dict)
    first: int = 0  # where an article first names it (0 across the corpus)
    # A one-word name across the corpus: the last words of the other people named in the
    # articles that name it as a person, with how many articles did (empty for other types;
    # None: not counted, as in an article).
    beside: dict[str, int] | None = None
    # A one-word name said only as one of a pair ("Duff and Phelps"): the pair -> articles that did
    within: dict[str, int] = field(default_factory=dict)
    # An organisation across the corpus: the one country its articles name, of those that name
    # one (``country_of``) -> articles (empty in an article)
    countries: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class Scope:
    """How the rules weigh evidence in one scope."""

    dominance: float = 1.0  # the top candidate needs this many times the next one's weight
    lone_first_names: bool = False  # a one-word person may be the first name of one full name
    first_name_guard: bool = False  # ... and is no one's surname when as often a first name
    # Types a one-word name may have and still be a surname: within an article the model's "org",
    # "place" or "product" for "Blair" is a surname of the article's Tony Blair ("Cole 73" in a
    # team sheet); across articles only a person. (Not its "work": "Kinsey", the film.)
    surname_types: tuple[str, ...] = ("person",)
    stem_needs_weight: bool = False  # "Edinburgh" is not "Edinburgh Airport" when named more often
    # An acronym links by initials alone. Across articles most such links were wrong ("BBC" to a
    # list of rugby players "Barkley, Beattie, Christophers", "FBI" to "First Boston Inc").
    acronym_by_initials: bool = False
    defined: dict[str, set[str]] = field(default_factory=dict)  # acronym -> norm long forms spelled out
    # An organisation's short form links to its longer name named before it in the article. (Across
    # the corpus the bare short forms follow the articles that linked them: rule 2.)
    org_stems: bool = False
    # An alias links to a one-word name, one of another type ("Yugansk", the model's place, to
    # the company Yuganskneftegas) or a thing's name it begins ("Baikal" of "Baikal Finance
    # Group") only when articles linked them in a good share of the articles naming it
    # (LINK_SHARE): one article's "Congressional ... Congress" or "Google News ... Google" is no
    # evidence.
    cross_type_evidence: bool = False
    paired: set[tuple[str, str]] = field(default_factory=set)  # words the text lists side by side
    # A first name said alone is a person named in full elsewhere only where its articles name
    # that person's surname too ("keep at it Tony" in a letter about Mr Blair). News names a
    # person in full before using a first name alone, so a first name in an article without the
    # surname is someone else or something else: the film "Ray" is not Ray Charles, a wife
    # "Sheila" not Sheila Ferguson. Needs ``Form.beside``; forms without it are not held back.
    first_name_needs_surname: bool = False
    # A political group's names in an article ("Tories", "Tory", "Tory Party"), normalised, to
    # one key: spellings of one name for rule 1 (``parties``).
    families: dict[str, str] = field(default_factory=dict)
    # An institution's bare name is its country's: "Agriculture Department" and "U.S. Agriculture
    # Department" where the names of it given with a country are mostly the U.S.'s, and so are
    # the bare name's articles that name one country (rule 8). Needs ``Form.countries``.
    country_variants: bool = False


ARTICLE = Scope(
    dominance=1.0,
    lone_first_names=True,
    surname_types=("person", "org", "place", "product"),
    acronym_by_initials=True,
    org_stems=True,
)
CORPUS = Scope(
    dominance=3.0,
    first_name_guard=True,
    stem_needs_weight=True,
    cross_type_evidence=True,
    first_name_needs_surname=True,
    country_variants=True,
)
# Of the articles naming a first name alone, the share that must name the person's surname too.
SURNAME_SHARE = 0.5


def loose_key(name: str, type_: str) -> str:
    """The name with spelling choices set aside: "-isation" as "-ization", "co-operation" as
    "cooperation", hyphens and commas as spaces, (for an organisation) no legal form at the end and (for a
    place) a country's other names as its name ("Britain", "UK" as "united kingdom"; "Mich." as
    "michigan")."""
    if type_ == "place" and (country := _COUNTRY.get(norm(name)) or _state(name)):
        return country
    n = norm(name).replace("-", " ").replace(",", " ")  # ("Goldman, Sachs and Co", "Goldman Sachs")
    n = re.sub(r"is(ation|ations|ed|ing)\b", r"iz\1", n)
    n = n.replace("co operation", "cooperation")
    if type_ == "org":
        stripped = _LEGAL_TAIL.sub("", n)
        if stripped and stripped != n:
            # "Merrill Lynch and Co Inc" is Merrill Lynch ("and Co": the firm of its founders);
            # (as norm drops a final possessive: "Standard and Poor's" of "... Poor's Corp")
            n = _AND_END.sub("", stripped).removesuffix("'s")
        # "Department of Agriculture" is said "Agriculture Department" as well: one word order.
        n = _OF_PORTFOLIO.sub(r"\1\3 \2", n)
        # "Group of Seven", "G-7", "G7": one group of nations, by its number.
        if (group := _GROUP_OF.fullmatch(n)) and (
            number := str(NUMBER_WORDS.get(group[1], group[1]))
        ).isdigit():
            n = f"g{number}"
    words = n.split()
    if type_ == "org":
        # "US Sprint", "U.S. Sprint", "United States Sprint": a country opening the name is one
        # country however spelt (a nationality is a word of the name: "American Express")
        country, rest = _leading_country(words)
        if country in _COUNTRY_KEYS:
            words = [*country.split(), *rest]
    if len(words) > 1 and (figure := _figure(words[-1])):
        # "World War Two", "World War II", "World War 2"; "Channel Four", "Channel 4": one name
        words[-1] = figure
    return " ".join(words)


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "xi": 11, "xii": 12}


def _state(name: str) -> str | None:
    """The U.S. state a place's name abbreviates ("Fla.", "Calif", "N.J."), None for another
    name or an acronym in capitals without dots ("LA", "PA")."""
    if "." not in name and name.strip().isupper():
        return None
    return _STATE.get(norm(name))


def _figure(word: str) -> str | None:
    """A number written in words or Roman numerals, as its figure. (Not "v" or "x": "Arsenal v",
    "Malcolm X".)"""
    value = NUMBER_WORDS.get(word) or _ROMAN.get(word)
    return str(value) if value else None


_GROUP_OF = re.compile(r"(?:group of|g) ?(\w+)")


def without_legal_form(name: str) -> str:
    """The name normalised, its legal forms off the end ("baker hughes" of "Baker Hughes, Inc.";
    "" for a legal form alone)."""
    return _LEGAL_TAIL.sub("", norm(name)).rstrip(" ,")


def possessive_part(name: str) -> str:
    """ "'s" when it is part of the name ("Moody's": resolve.trim cuts a possessive's), else "".
    Names match without it (``norm``), which made the company Moody's the rugby player Moody:
    an organisation's spellings join (``loose_key``), but no other type's name does."""
    return "'s" if name.endswith(("'s", "’s")) else ""


def name_key(name: str) -> str:
    """A one-word name as the rules look it up: normalised, with the "'s" that is part of it
    ("moody's" is the company, "moody" may be a person)."""
    return norm(name) + possessive_part(name)


def is_back_reference(name: str) -> bool:
    """A head word said alone ("the Bank"): a mention of the institution named before, not a
    name of its own (``lexicon.BACK_REFERENCE_HEADS``)."""
    return name_key(name) in _BACK_HEADS


def initials(name: str) -> str:
    if "," in name:
        return ""  # a list of names ("Barkley, Beattie, Christophers"), not one long name
    words = [w for w in re.split(r"[\s\-]+", name) if w]
    return "".join(w[0] for w in words if w[0].isupper() and w.lower() not in CONNECTORS)


def spells_out(acro: str, long_form: str) -> bool:
    """The acronym's letters, in order, from the long form's words, each word giving at least
    its first letter: "ICCO" from "International Cocoa Organization", "GATT" from "General
    Agreement on Tariffs and Trade" (connecting words may give none)."""
    words = [w.lower() for w in re.split(r"[\s\-]+", long_form) if w]
    letters = acro.lower()

    def match(a: int, w: int) -> bool:
        if w == len(words):
            return a == len(letters)
        word = words[w]
        if word in CONNECTORS and match(a, w + 1):
            return True
        if a >= len(letters) or word[0] != letters[a]:
            return False
        # this word's first letter, then any more of its letters in order
        a += 1
        if match(a, w + 1):
            return True
        for i in range(1, len(word)):
            if a < len(letters) and word[i] == letters[a]:
                a += 1
                if match(a, w + 1):
                    return True
        return False

    return len(words) > 1 and match(0, 0)


def is_acronym(surface: str) -> str | None:
    bare = surface.replace(".", "").replace(" ", "")
    if 2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper():
        return bare
    return None


def place_stem(name: str) -> str | None:
    """The name without a place head ("Heathrow Airport" -> "heathrow"); None if it has none."""
    words = norm(name).split()
    if len(words) > 1 and words[-1] in PLACE_STEM_HEADS:
        return " ".join(words[:-1])
    return None


def definitions(text: str, spans: list[tuple[int, int, str]]) -> dict[str, set[str]]:
    """Acronym -> the normalised long forms the text defines it as: a long form right before its acronym in
    brackets or after a comma ("... Countries (OPEC)", "... Countries, OPEC,"), or an acronym
    right before its long form in brackets ("OPEC (Organization of ...)"). ``spans`` are the
    article's name mentions (start, end, surface), in order."""
    out: dict[str, set[str]] = defaultdict(set)
    ordered = sorted(spans)
    for (_s1, e1, a), (s2, _e2, b) in itertools.pairwise(ordered):
        gap = text[e1:s2]
        if len(gap) > 8 or not _DEFINE_GAP.fullmatch(gap):
            continue
        for short, long_ in ((b, a), (a, b)):
            acro = is_acronym(short)
            if acro and " " in long_.strip() and spells_out(acro, long_):
                if short is a and "(" not in gap:
                    continue  # "OPEC, Organization of ..." is a list, not a definition
                out[acro].add(norm(long_))
    return dict(out)


def link(
    forms: list[Form],
    scope: Scope,
    *,
    forbidden: Callable[[str, str], bool] = lambda _canonical, _alias: False,
) -> dict[str, str]:
    """Alias key -> the key of the fuller name it stands for (chains followed to the root)."""
    from rapidfuzz import fuzz

    by_key = {f.key: f for f in forms}
    canon: dict[str, str] = {}

    def root(k: str) -> str:
        seen = {k}
        while k in canon and canon[k] not in seen:
            k = canon[k]
            seen.add(k)
        return k

    def join(k: str, target: str) -> bool:
        k, target = root(k), root(target)
        if k == target or forbidden(by_key[target].name, by_key[k].name):
            return False
        canon[k] = target
        return True

    def pick(options: list[Form], evidence: str = "") -> Form | None:
        """The one option (by root), or the dominant one: by how often the scope linked
        ``evidence`` to it, else by weight."""
        roots: dict[str, int] = {}
        named: dict[str, str] = {}  # one name under two types is one candidate (its heaviest root)
        for o in sorted(options, key=lambda o: -o.weight):
            r = named.setdefault(norm(by_key[root(o.key)].name), root(o.key))
            if evidence:
                roots[r] = roots.get(r, 0) + _linked(o, evidence)
            else:
                roots[r] = roots.get(r, 0) + o.weight
        if not roots:
            return None
        ranked = sorted(roots, key=lambda r: (-roots[r], r))
        if len(ranked) > 1 and roots[ranked[0]] < scope.dominance * max(1, roots[ranked[1]]):
            return None
        return by_key[ranked[0]]

    multi = [f for f in forms if len(f.name.split()) > 1]
    single = [f for f in forms if len(f.name.split()) == 1]
    # 1. Spelling choices: the most weighed spelling carries the others.
    by_loose: dict[tuple[str, str], list[Form]] = defaultdict(list)
    for f in forms:
        if f.type != "date":
            by_loose[(f.type, scope.families.get(norm(f.name)) or loose_key(f.name, f.type))].append(f)
    # One-word names people go by in the scope (surnames, aliases): a bare "Moody" there may be
    # the rugby player as well as the model's "Moody" of "Moody's"; the later rules choose.
    people_words = {norm(f.name).split()[-1] for f in forms if f.type == "person" and norm(f.name)}
    people_words |= {norm(a) for f in forms if f.type == "person" for a in f.aliases if " " not in a}
    states = frozenset(_STATE.values())
    for (type_, loose), group in by_loose.items():
        if len(group) > 1:
            # (a state by its name, not by a dateline's abbreviation: "New Jersey", not "N.J.")
            spelled = [f for f in group if type_ == "place" and loose in states and norm(f.name) == loose]
            top = max(spelled or group, key=lambda f: (f.weight, len(f.name), f.key))
            owned = possessive_part(top.name)
            for f in group:
                bare = owned and not possessive_part(f.name)
                if f is not top and not (bare and norm(f.name) in people_words):
                    join(f.key, top.key)
    # (1b.) A political group's names that articles linked are one entity ("Tory", "Tories",
    # "Tory Party"; "Lib Dems", "Liberal Democrats": ``one_group``), named "<group> Party"
    # where one is.
    short_orgs = {norm(f.name): f for f in forms if f.type == "org" and len(f.name.split()) <= 3}
    ties: dict[str, set[str]] = defaultdict(set)
    for f in short_orgs.values():
        for alias in f.aliases:
            o = short_orgs.get(norm(alias))
            if o is not None and o is not f and one_group(alias, f.name):
                ties[f.key].add(o.key)
                ties[o.key].add(f.key)
    # A party's other name is the party, whether or not an article linked the two.
    by_group: dict[str, list[Form]] = defaultdict(list)
    for f in short_orgs.values():
        by_group[group_key(f.name)].append(f)
    for named in by_group.values():
        if len(named) > 1 and any(_nickname(f.name) for f in named):
            for f, o in itertools.permutations(named, 2):
                ties[f.key].add(o.key)
    done: set[str] = set()
    for seed in ties:
        if seed in done:
            continue
        component: list[Form] = []
        todo = [seed]
        while todo:
            k = todo.pop()
            if k not in done:
                done.add(k)
                component.append(by_key[k])
                todo.extend(ties[k])
        shown = min(component, key=_group_name_rank)
        for f in component:
            if f is not shown:
                join(f.key, shown.key)
    # (4.) Long forms of one acronym, one the other with words left out: one entity, the fuller name.
    by_loose_name: dict[str, list[Form]] = defaultdict(list)
    for f in multi:
        by_loose_name[norm(f.name)].append(f)
    for long_forms in scope.defined.values():
        found = [f for n in long_forms for f in by_loose_name.get(n, ()) if f.type in ACRONYM_TYPES]
        for a, b in itertools.combinations(found, 2):
            if a.type != b.type:
                continue
            la, lb = loose_key(a.name, a.type), loose_key(b.name, b.type)
            if _words_within(la, lb) or _words_within(lb, la):
                # (the more named is the entity: not a stray "A European Union" over "European Union")
                light, heavy = sorted((a, b), key=lambda f: (f.weight, len(f.name), f.key))
                join(light.key, heavy.key)
    # (6d.) Within an article, variants of one institution's name (``variant_core``): "the U.S.
    # Federal Reserve", "the Federal Reserve Board", "the Federal Reserve". The most named is the entity.
    if scope.org_stems:
        for group in _variant_groups(multi):
            # (and of one country: an article's "Japanese Finance Ministry" stays itself beside its
            # "Finance Ministry", which the corpus gives to many countries)
            countries = {variant_core(f.name)[0] for f in group}
            if len(group) > 1 and one_institution(group) and len(countries) == 1:
                top = max(group, key=lambda f: (f.weight, len(f.name), f.key))
                for f in group:
                    if f is not top:
                        join(f.key, top.key)

    def join_variants(options: list[Form]) -> None:
        """Variants of one institution's name that the scope called by one short name are that
        institution: "Fed" of the Federal Reserve in some articles, of the Federal Reserve Board
        in others."""
        for group in _variant_groups(options):
            roots = {root(o.key) for o in group}
            if len(roots) > 1 and one_institution(group):
                top = max(roots, key=lambda r: (by_key[r].weight, len(by_key[r].name), r))
                for r in roots:
                    if r != top:
                        join(r, top)

    # 2. Alias evidence: names the scope's parts already linked to one fuller name.
    by_alias: dict[str, list[Form]] = defaultdict(list)
    for f in forms:  # (one-word names too: "Yugansk" of "Yuganskneftegas")
        for alias in f.aliases:
            if norm(alias) != norm(f.name):
                by_alias[name_key(alias)].append(f)
    # Articles naming a person in full, by first and by last word of the name.
    persons = [f for f in multi if f.type == "person" and norm(f.name).split()]
    by_last: dict[str, list[Form]] = defaultdict(list)
    by_first: dict[str, list[Form]] = defaultdict(list)
    first_weight: dict[str, int] = defaultdict(int)
    for f in persons:
        words = norm(f.name).split()
        by_last[words[-1]].append(f)
        by_first[words[0]].append(f)
        first_weight[words[0]] += f.weight
    # Words that are the first names of two people or more: "Ray" (Ray Charles, Ray Whitehouse),
    # not "Goodyear" (the model's person "Goodyear Tire") or "Zhao" (Zhao Ziyang's surname).
    first_names = first_name_words([f.name for f in persons])
    by_norm: dict[str, list[Form]] = defaultdict(list)
    by_initials: dict[str, list[Form]] = defaultdict(list)
    # Organisations named "X and Y" (perhaps with a legal form: "Bausch and Lomb Inc"), by "x and y"
    firms: dict[str, list[Form]] = defaultdict(list)
    for f in multi:
        by_norm[norm(f.name)].append(f)
        if f.type == "org" and _FIRM_PAIR.fullmatch(pair := without_legal_form(f.name)):
            firms[pair].append(f)
        # (not a name that holds the acronym itself: "U.S." is no initials of "U.S. Senate")
        letters = initials(f.name) if f.type in ACRONYM_TYPES else ""
        if letters and letters not in {w.replace(".", "") for w in f.name.split()}:
            by_initials[letters].append(f)
    by_stem: dict[str, list[Form]] = defaultdict(list)
    for f in multi:
        if f.type == "place" and (stem := place_stem(f.name)):
            by_stem[stem].append(f)
    # Organisations by first word (a head ends the name), and one-word organisations by name.
    by_first_word: dict[str, list[Form]] = defaultdict(list)
    # Institutions by their head word: "bank" of "World Bank" and of "Bank of England".
    by_head: dict[str, list[Form]] = defaultdict(list)
    for f in multi:
        words = norm(f.name).split()
        if f.type == "org" and words[-1] in _ORG_HEADS:
            by_first_word[words[0]].append(f)
        if f.type == "org" and (head := _head_word(words)) in _BACK_HEADS:
            by_head[head].append(f)
    # One-word names of a company (the model often says person): "Yuganskneftegas".
    compounds = sorted(
        ((norm(f.name), f) for f in single if f.type in ("org", "person")), key=lambda nf: nf[0]
    )
    paired = _paired_words(forms) | scope.paired
    for f in single:
        if f.type == "date" or f.key in canon:
            continue
        n = name_key(f.name)
        if is_back_reference(f.name) and not scope.org_stems:
            # "Bank" that no article could tie to the one bank it named: across the corpus a
            # dominant bank is no evidence of which bank a story without one means.
            continue
        acro = is_acronym(f.name)
        # 2a. Said, in most of its articles, only as one of a pair that other articles name as
        # one organisation: that firm ("Duff and Phelps said ..." once), whatever another
        # article linked the word to (the one Phelps named in full, an executive elsewhere).
        # 2b. The same for a one-word place said, in most of its articles, beside a company
        # whose name it begins ("Murgold Resources Inc ... Murgold said"; ``note_firm_words``).
        held = [pair for pair, said in f.within.items() if 2 * said > f.weight]
        firm = pick(
            [
                t
                for pair in held
                for t in firms.get(without_legal_form(pair))
                or [o for o in by_loose.get(("org", loose_key(pair, "org")), ()) if " " in o.name]
            ]
        )
        linked = [] if firm is not None else by_alias.get(n, [])
        # (the articles that linked it to any fuller name: its spellings and types are one yet)
        shared = scope.cross_type_evidence and LINK_SHARE * sum(_linked(t, n) for t in linked) >= f.weight
        options = [
            t
            for t in linked
            if (t.type == f.type and " " in t.name and (f.type == "person" or norm(t.name).split()[0] != n))
            or (acro and f.name in t.aliases)
            or shared
        ]
        if firm is not None:
            options = [firm]
        elif options:
            join_variants(options)
            # Several fuller names: the one the scope linked it to most often.
            chosen = pick(options, n)
            options = [chosen] if chosen is not None else []
        # 3. Surnames (and a lone first name).
        if not options and f.type in scope.surname_types:
            options = by_last.get(n, [])
            lone = by_first.get(n, [])
            if not options and scope.lone_first_names and f.type == "person" and len(lone) == 1:
                options = lone
        # "Charles" alone, where Charles Kennedy and Charles Clarke are as common as Ray Charles:
        # most likely a first name, so no one's surname.
        guard = options and firm is None and f.type == "person" and scope.first_name_guard
        if guard and first_weight.get(n, 0) >= max(o.weight for o in options):
            # A first name alone that articles linked to a person ("Tony" of Tony Blair): that
            # person, if of all who have it the articles linked it to them and named them far
            # the most (not "Alan" to Sir Alan Budd, beside the far more named Alan Milburn).
            named_most, linked_most = pick(by_first.get(n, [])), pick(by_first.get(n, []), n)
            first_name_of = [o for o in options if o.type == "person" and norm(o.name).split()[0] == n]
            options = [
                o
                for o in first_name_of
                if named_most is not None
                and linked_most is not None
                and root(o.key) == root(named_most.key) == root(linked_most.key)
            ]
        if (
            options
            and firm is None
            and scope.first_name_needs_surname
            and f.beside is not None
            and n in first_names
        ):
            options = [o for o in options if _surname_beside(f, n, o)]
        # 4. Acronyms: to the long form a text spelled out; within one article, to the one whose
        # initials they are when none is spelled out.
        if not options and acro:
            spelled = [t for long_ in scope.defined.get(acro, ()) for t in by_norm.get(long_, [])]
            spelled = [t for t in spelled if t.type in ACRONYM_TYPES]
            # (by initials alone, a place's are a place's: "D.C." of "Washington, D.C." is no
            # District Court; the model's other types for an acronym are weaker evidence)
            initialled = [t for t in by_initials.get(acro, []) if f.type != "place" or t.type == "place"]
            options = spelled or (initialled if scope.acronym_by_initials else [])
        # 5. A place named without its head, unless the bare name is the more common.
        if not options and f.type == "place":
            options = [t for t in by_stem.get(n, []) if t.weight >= f.weight or not scope.stem_needs_weight]
        # 6. An organisation's short form, after its longer name.
        # (Only the model's unaided guesses: a "person" that begins an organisation's name
        # ("Baikal"), a "place" that begins a company's one-word name ("Yugansk"). The first word
        # of an organisation's name typed as one is mostly another ("the Senate" is not the
        # Senate Banking Committee, "Google" not Google News), typed as a place mostly the place
        # ("Nottingham" of "Nottingham University"); the start of a one-word name typed as a
        # person or an organisation mostly another name: "Murray" of "Murrayfield", "Congress"
        # of "Congressional".)
        if not options and scope.org_stems and len(n) >= MIN_CLIP:
            long_enough = len(n) >= MIN_STEM
            longer = by_first_word.get(n, []) if f.type == "person" and long_enough else []
            longer += _starting(compounds, n) if f.type == "place" and long_enough else []
            # A company named in full with its legal form, then by its first word: news style
            # ("Moody's Investors Service Inc said ... Moody's said"). A legal form marks the
            # longer name as the company's own, not a part of something ("Senate Banking
            # Committee", "Google News").
            # Not where the article names the short one's own company too ("Texaco Inc" beside
            # "Texaco Pipeline Co": Texaco is the first).
            own = f.type == "org" and len(by_loose[(f.type, loose_key(f.name, f.type))]) > 1
            company = f.type == "org" and long_enough and not own
            # A shorter word the model calls a person is the company too ("Baker International
            # Corp ... Baker said", "May Department Stores Co ... May said": in Reuters always
            # the company, where the corpus made it James Baker), but no acronym: a unit carries
            # its parent's letters ("BHP" after "BHP Gold Mines Ltd" is The Broken Hill Pty Co).
            # (A short organisation stays apart: across the corpus "Dow" after "Dow Chemical Co"
            # would carry the stock index's "the Dow" into the company.)
            company = company or (f.type == "person" and not long_enough and not acro)
            if company:
                longer += [t for t in by_first_word.get(n, []) if norm(t.name).split()[-1] in _LEGAL_WORDS]
            options = [
                t
                for t in longer
                if (t.first < f.first or " " not in t.name) and (n, norm(t.name).split()[0]) not in paired
            ]
        # 6b. An institution's head word alone, after the one institution of that head the
        # article named in full: "the Bank" after "the Bank of England". Two such (the World
        # Bank and the Bank of England): no telling which.
        if not options and scope.org_stems and f.type == "org" and is_back_reference(f.name):
            earlier = [t for t in by_head.get(n, []) if t.first < f.first]
            if len({root(t.key) for t in earlier}) == 1:
                options = earlier
        # 6c. A clipping of an organisation's name, after the one organisation it clips: "the
        # Fed" after "the Federal Reserve".
        if not options and scope.org_stems and f.type == "org" and not acro:
            earlier = [t for t in multi if t.type == "org" and t.first < f.first and clips(n, t.name)]
            if len({root(t.key) for t in earlier}) == 1:
                options = earlier
        target = pick(options)
        if target is not None:
            join(f.key, target.key)
    # 3b. A person's last words said alone: a surname with its particle ("De Clercq", "van
    # Gogh") or of two words ("Bra Kanon", "Hernandez Grisanti"), and a name the model took a
    # word in front of ("Sen William Proxmire", "Briton Tim Henman"): one person with the
    # fuller name, if one is named far the most. The more named of the two is the entity; a
    # surname with its particle always gives way to the full name.
    for f in multi:
        words = norm(f.name).split()
        if f.type != "person" or f.key in canon or not words:  # (a corrected name may have no words)
            continue
        target = pick([o for o in by_last.get(words[-1], []) if _ends_with(norm(o.name).split(), words)])
        if target is None:
            continue
        if all(w in SURNAME_PARTICLES for w in words[:-1]) or target.weight >= f.weight:
            join(f.key, target.key)
        else:
            join(target.key, f.key)
    # 7. Near-identical spellings of one name (same type, same initials), the more weighed wins.
    buckets: dict[tuple[str, str], list[Form]] = defaultdict(list)
    for f in forms:
        if f.type == "date":
            continue
        words = norm(f.name).split()
        if len(words) > 1 or (words and len(words[0]) >= MIN_VARIANT_NAME):
            buckets[(f.type, "".join(w[0] for w in words))].append(f)
    for group in buckets.values():
        if len(group) > 1:
            _fuzzy(group, join, fuzz, lambda heavy, light: first_name_slip(heavy, light, first_weight, scope))
    # 8. Across the corpus, an institution's bare name and its country's: "Agriculture Department"
    # (49 Reuters stories) and "U.S. Agriculture Department" (243). The country must lead the
    # names given with one ("Irish Agriculture Department" once) and, among the bare name's
    # articles that name one country, all the others together, by the scope's dominance (and in
    # two articles at least): a bare "Supreme Court", "Finance Ministry", "Stock Exchange" is of
    # whichever country the story is about. (Last: it reads the roots the spelling rules left.)
    if scope.country_variants:
        cores = {f.key: variant_core(f.name) for f in multi if f.type == "org"}
        by_core: dict[str, list[Form]] = defaultdict(list)
        for f in multi:
            if f.key in cores:
                by_core[cores[f.key][1]].append(f)
        for core, core_forms in by_core.items():
            if " " not in core or not any(cores[f.key][0] for f in core_forms):
                continue
            group = one_head(core_forms)
            given: dict[str, int] = defaultdict(int)
            for f in group:
                if qualifier := cores[f.key][0]:
                    given[qualifier] += f.weight
            lead = _ahead(given, scope.dominance)
            if lead not in _COUNTRY_KEYS:
                continue  # (none, or a nationality: "American Stock Exchange" is a name of its own)
            bare_forms = [
                f
                for f in group
                if not cores[f.key][0] and _said_of(f.countries, lead, scope.dominance, alone=len(given) == 1)
            ]
            if not bare_forms:
                continue
            # (The most named is the entity. A form an earlier rule gave to another name stays
            # there: "Court of Appeals", a spelling of a Court of Appeal that BBC stories name with
            # Britain as often.)
            members = [f for f in group if cores[f.key][0] == lead] + bare_forms
            top = max(members, key=lambda f: (f.weight, len(f.name), f.key))
            keys = {f.key for f in members}
            for f in members:
                if f is not top and root(f.key) in keys:
                    join(f.key, top.key)
        # 8b. One country's institution named with and without its head: "U.S. Treasury" (174
        # Reuters stories) and "U.S. Treasury Department", "U.K. Intervention" and "U.K.
        # Intervention Board". The country makes one word enough to name it (a bare "Treasury"
        # is any country's); a public body's head, not a firm's ("U S West" is no "America West
        # Airlines").
        by_country_word: dict[tuple[str, str], list[tuple[Form, str]]] = defaultdict(list)
        for f in multi:
            if f.type == "org" and (country_word := _country_and_word(f.name)):
                country, word, head = country_word
                by_country_word[(country, word)].append((f, head))
        for headed in by_country_word.values():
            heads: dict[str, int] = defaultdict(int)
            for f, head in headed:
                heads[head] += f.weight
            if "" not in heads or len(heads) < 2:
                continue
            # (of two heads, the most named: the bare name is its short name)
            top_head = max((h for h in heads if h), key=lambda h: (heads[h], h))
            roots = {root(f.key) for f, head in headed if head in ("", top_head)}
            heaviest = max(roots, key=lambda r: (by_key[r].weight, len(by_key[r].name), r))
            for r in roots:
                if r != heaviest:
                    join(r, heaviest)
    return {k: root(k) for k in canon if root(k) != k}


# The heads of public bodies: "U.S. Customs Service", "Ghana Cocoa Board".
_PUBLIC_HEADS = frozenset(
    (
        *("department", "ministry", "board", "service", "office", "agency", "commission", "bureau"),
        *("council", "committee", "association", "authority"),
    )
)


def _country_and_word(name: str) -> tuple[str, str, str] | None:
    """(country, word, head) of an organisation's name that is a country, one word and perhaps a
    public body's head ("U.S. Treasury Department": united states, treasury, department); None
    for any other name."""
    country, rest = _leading_country(loose_key(name, "org").split())
    if country not in _COUNTRY_KEYS:
        return None
    if len(rest) == 1 and rest[0] not in _ORG_HEADS:
        return country, rest[0], ""
    if len(rest) == 2 and rest[1] in _PUBLIC_HEADS and rest[0] not in _ORG_HEADS:
        return country, rest[0], rest[1]
    return None


def _country_words() -> dict[tuple[str, ...], str]:
    """A country or a nationality a name may open with, in ``norm``'s words with its dots as
    spaces ("u s" of "U.S. Federal Reserve"), to the country's key (a nationality is its own)."""
    out: dict[tuple[str, ...], str] = {}
    for country, names in COUNTRY_ALIASES.items():
        for name in (country, *names):
            out[tuple(name.replace(".", " ").casefold().split())] = norm(country)
    for name in (*COUNTRIES, *DEMONYMS):
        if name not in _CONTINENTAL:
            out.setdefault(tuple(name.replace(".", " ").casefold().split()), norm(name))
    return out


def first_name_words(people: Iterable[str], at_least: int = 2) -> set[str]:
    """Words that open the full names of ``at_least`` people of as many surnames."""
    surnames: dict[str, set[str]] = defaultdict(set)
    for name in people:
        words = norm(name).split()
        if len(words) > 1:
            surnames[words[0]].add(words[-1])
    return {w for w, said in surnames.items() if len(said) >= at_least}


def _leading_country(words: list[str]) -> tuple[str, list[str]]:
    """The country or nationality a name's words open with (its key: a country's is in
    ``_COUNTRY_KEYS``; "" if none) and the words after it (the name needs some)."""
    for size in (3, 2, 1):
        if len(words) > size and (country := _COUNTRY_WORDS.get(tuple(words[:size]))):
            return country, words[size:]
    return "", words


def country_of(name: str) -> str | None:
    """The country a place's name names ("U.S.", "United States", "America": "united states"),
    None for another place or a nationality."""
    country = _COUNTRY_WORDS.get(tuple(name.replace(".", " ").casefold().split()))
    return country if country in _COUNTRY_KEYS else None


def _said_of(countries: dict[str, int], country: str, dominance: float, alone: bool = False) -> bool:
    """Whether a name's articles that name one country name ``country`` (``Form.countries``),
    in two articles at least and ``dominance`` times as many as all the others; or, where
    ``country`` is ``alone`` the one the corpus names the institution with, as many as the next
    country (the other countries are then stories' passing mentions: a New Zealand company's
    filing with the Securities and Exchange Commission, which no other country has here)."""
    said = countries.get(country, 0)
    others = sum(countries.values()) - said
    if alone:
        others = max((n for c, n in countries.items() if c != country), default=0)
    return said >= 2 and said >= dominance * others


def _ahead(counts: dict[str, int], dominance: float) -> str | None:
    """The key counted most, if at least ``dominance`` times the next one (None if none)."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or (len(ranked) > 1 and ranked[0][1] < dominance * ranked[1][1]):
        return None
    return ranked[0][0]


# Continents' adjectives name no country's institution: "European Community" is not a
# "Community" of Europe's.
_CONTINENTAL = frozenset(["Arab", "European", "African", "Asian"])
_COUNTRY_WORDS = _country_words()
_COUNTRY_KEYS = frozenset(norm(c) for c in COUNTRIES)


def variant_core(name: str) -> tuple[str, str, str]:
    """An organisation's name as its variants share it: the country it opens with ("" if none),
    the rest without a head word at its end (where two words or more are left that end in no head
    of their own), and that head ("" if none). "U.S. Federal Reserve", "Federal Reserve Board" and
    "Federal Reserve" share the core "federal reserve"; the Federal Home Loan Bank Board is not a
    Federal Home Loan Bank (a name ending in a head names an institution of its own), nor the
    Senate Banking Committee the Senate (one word is too little to name one)."""
    country, words = _leading_country(loose_key(name, "org").split())
    head = ""
    if len(words) > 2 and words[-1] in _ORG_HEADS and words[-2] not in _ORG_HEADS:
        head, words = words[-1], words[:-1]
    return country, " ".join(words), head


def one_institution(forms: list[Form]) -> bool:
    """Names that are variants of one institution's (``variant_core``): one core of two words or
    more (one word is too little: the Scottish Parliament is not every "Parliament"), at most one
    country (the U.S. Treasury is not the U.K. Treasury) and at most one head (the Asian
    Development Bank runs the Asian Development Fund)."""
    cores = [variant_core(f.name) for f in forms]
    names = {core for _, core, _ in cores}
    return (
        len(names) == 1
        and " " in next(iter(names))
        and len({c for c, _, _ in cores if c}) <= 1
        and len({h for _, _, h in cores if h}) <= 1
    )


def _variant_groups(forms: list[Form]) -> list[list[Form]]:
    """Organisations' names by ``variant_core``, each group cut to one head (``one_head``)."""
    by_core: dict[str, list[Form]] = defaultdict(list)
    for f in forms:
        if f.type == "org":
            by_core[variant_core(f.name)[1]].append(f)
    return [one_head(group) for group in by_core.values()]


def one_head(forms: list[Form]) -> list[Form]:
    """Of names that share a core, those without a head and those with the head most weighed:
    "Federal Reserve" is the short name of the Federal Reserve Board more than of a Federal
    Reserve Bank."""
    heads: dict[str, int] = defaultdict(int)
    for f in forms:
        heads[variant_core(f.name)[2]] += f.weight
    heads.pop("", None)
    if len(heads) < 2:
        return forms
    top = max(heads, key=lambda h: (heads[h], h))
    return [f for f in forms if variant_core(f.name)[2] in ("", top)]


def clips(short: str, long_: str) -> bool:
    """``short`` (normalised) is a clipping of the organisation name ``long_``: the start of its
    first word after any country ("fed" of "Federal Reserve", "U.S. Federal Reserve")."""
    _, core, _ = variant_core(long_)
    first = core.split()[0] if " " in core else ""
    return clipped_word(short, first)


def clipped_word(short: str, word: str) -> bool:
    """``short`` is ``word`` cut to half of it or less ("fed" of "federal", "dem" of "democrat"):
    a word that ends later is mostly a word of its own ("Congress" of "Congressional")."""
    return (
        len(short) >= MIN_CLIP and short.isalpha() and word.startswith(short) and len(word) >= 2 * len(short)
    )


def clipped_words(short: str, long_: str) -> bool:
    """A name of two words or more with its words clipped ("Lib Dems" of "Liberal Democrats")."""
    ws, wl = family(short).split(), family(long_).split()
    return (
        len(ws) == len(wl) > 1
        and ws != wl
        and all(a == b or clipped_word(a, b) for a, b in zip(ws, wl, strict=True))
    )


# A political group's names (``parties``): its forms as one key, its party's name.
_PARTY = re.compile(r"\s+party$", re.I)


def family(name: str) -> str:
    """A group's forms as one key: "Tories", "Tory" -> "tory"; "Democrats", "Democratic" ->
    "democrat"."""
    key = norm(name)
    if key.endswith("ies") and len(key) > 4:
        key = key[:-3] + "y"
    elif key.endswith("s") and not key.endswith("ss"):
        key = key[:-1]
    elif key.endswith("ic") and len(key) > 6:
        key = key[:-2]
    return key


def party_of(name: str) -> str | None:
    """The group a party is named after: "Tory" of "Tory Party"; None for another name."""
    stripped = _PARTY.sub("", name.strip())
    return stripped if stripped != name.strip() and stripped and stripped[0].isupper() else None


def group_key(name: str) -> str:
    """The group a name is of, as ``family`` keys it, by its own name: "Tory Party", "Tories",
    "Conservatives" -> "conservative"."""
    key = _as_named(name)
    return PARTY_NICKNAMES.get(key, key)


def _as_named(name: str) -> str:
    """The group a name is of, as this name calls it: "Tory Party", "Tories" -> "tory"."""
    return family(party_of(name) or name)


def _nickname(name: str) -> bool:
    """A party's other name ("Tory Party", "Tories"): ``lexicon.PARTY_NICKNAMES``."""
    return _as_named(name) in PARTY_NICKNAMES


def one_group(a: str, b: str) -> bool:
    """Two names of one group: one key (``group_key``), or one the other's words clipped ("Lib
    Dems" of "Liberal Democrats")."""
    return group_key(a) == group_key(b) or clipped_words(a, b) or clipped_words(b, a)


def _group_name_rank(f: Form) -> tuple[bool, bool, int, str]:
    """A political group's name to show, first: its party's ("Conservative Party", before its
    other name's "Tory Party"), else the most named."""
    return party_of(f.name) is None, _nickname(f.name), -f.weight, f.key


def _head_word(words: list[str]) -> str:
    """An organisation name's head: its last word, or its first before "of" ("bank of england")."""
    if len(words) > 2 and words[1] == "of":
        return words[0]
    return words[-1] if words else ""


def _ends_with(words: list[str], tail: list[str]) -> bool:
    """A fuller name ending in ``tail``: "willy de clercq" in "de clercq"."""
    return len(words) > len(tail) and words[-len(tail) :] == tail


def _linked(form: Form, alias: str) -> int:
    """How often the scope linked ``alias`` (a ``name_key``) to the form."""
    return sum(n for a, n in form.aliases.items() if name_key(a) == alias)


def _words_within(short: str, long_: str) -> bool:
    """The words of ``short`` are words of ``long_``, in order, and fewer."""
    rest = iter(long_.split())
    words = short.split()
    return len(words) < len(long_.split()) and all(w in rest for w in words)


def _starting(names: list[tuple[str, Form]], stem: str) -> list[Form]:
    """One-word names (sorted) that begin with ``stem`` and run on STEM_MORE letters or more."""
    at = bisect.bisect_left(names, (stem,))
    out = []
    while at < len(names) and names[at][0].startswith(stem):
        if len(names[at][0]) >= len(stem) + STEM_MORE:
            out.append(names[at][1])
        at += 1
    return out


def _surname_beside(f: Form, n: str, o: Form) -> bool:
    """``f`` (a one-word name, ``n``) may be ``o``: it is not ``o``'s first name, or the articles
    naming it alone as a person name ``o``'s surname too often enough (a place or an organisation
    of the model's never: the film "Ray" typed a place is not Ray Charles)
    (``Scope.first_name_needs_surname``)."""
    words = norm(o.name).split()
    if o.type != "person" or len(words) < 2 or words[0] != n:
        return True
    return (f.beside or {}).get(words[-1], 0) >= SURNAME_SHARE * f.weight


def _paired_words(forms: list[Form]) -> set[tuple[str, str]]:
    """Pairs of words a name sets side by side as two things ("Gazprom and Gazpromneft",
    "Gazprom-Rosneft"), both ways round."""
    out: set[tuple[str, str]] = set()
    for f in forms:
        parts = [p.split()[0] for p in _PAIR_SPLIT.split(norm(f.name)) if p.split()]
        if len(parts) > 1:
            out.update(itertools.permutations(parts, 2))
    return out


# Largest bucket of same-type, same-initials names compared pairwise for spelling variants.
FUZZY_BUCKET = 3000


def _fuzzy(
    group: list[Form], join: Callable[[str, str], bool], fuzz: object, slip: Callable[[Form, Form], bool]
) -> None:
    group = sorted(group, key=lambda f: (-f.weight, f.key))[:FUZZY_BUCKET]
    names = [norm(f.name) for f in group]
    if len(group) <= 8:
        pairs = [(i, j) for i in range(len(group)) for j in range(i + 1, len(group))]
    else:
        import numpy
        from rapidfuzz import process

        # All pairs scored in C; only the few close ones go through the Python rules.
        scores = process.cdist(names, names, scorer=fuzz.ratio, score_cutoff=88, dtype=numpy.uint8)  # type: ignore[attr-defined]
        rows, cols = numpy.nonzero(numpy.triu(scores, 1))
        pairs = list(zip(rows.tolist(), cols.tolist(), strict=True))
    linked: set[str] = set()
    for i, j in pairs:
        a, b = group[i], group[j]
        if a.key in linked or b.key in linked or _compound(a.name) != _compound(b.name):
            continue
        alike = similar_names(names[i], names[j], fuzz.ratio, a.type)  # type: ignore[attr-defined]
        if (alike or slip(a, b)) and join(b.key, a.key):
            linked.add(b.key)  # the more weighed spelling (sorted first) is canonical


_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")


def _compound(name: str) -> bool:
    """Two words written as one, each with its capital ("RepublicBank" is Republic + Bank): no
    spelling of a plain word ("Republican") one letter or two away."""
    return bool(_INNER_CAPITAL.search(name))


def similar_names(a: str, b: str, ratio: object, type_: str = "") -> bool:
    """Two spellings of one name: same word count, same initials, >= 88% alike, long enough."""
    wa, wb = a.split(), b.split()
    if a == b or len(wa) != len(wb) or len(a) < 8:
        return False
    if [w[0] for w in wa] != [w[0] for w in wb]:
        return False
    # Different first names with one surname ("John Smith" / "Jane Smith") are two people.
    if len(wa) > 1 and wa[:-1] != wb[:-1] and wa[-1] != wb[-1]:
        return False
    if len(wa) > 1 and wa[-1] == wb[-1] and type_ in ("person", ""):
        return False  # one surname, two first names: two people
    # Each word that differs must be a long word misspelt, not another short word: "David Davis" /
    # "David Davies", "Matt Williams" / "Matt Willis", "South Africa" / "South America" are two.
    for x, y in zip(wa, wb, strict=True):
        if x == y or (type_ != "person" and (x + "s" == y or y + "s" == x)):
            continue  # a plural ("Lib Dem" / "Lib Dems"), except in people's names (William/Williams)
        if type_ == "org" and x in _LEGAL_WORDS and y in _LEGAL_WORDS:
            continue  # "Toyota Motor Corp" / "Toyota Motor Co", "... Corp" / "... Corporation"
        if _swapped(x, y):
            continue  # two letters typed the wrong way round: "Bank of Toyko"
        if min(len(x), len(y)) < MIN_VARIANT_WORD or not close_spelling(x, y):
            return False
    return ratio(a, b) >= 88  # type: ignore[operator]


# Shortest first name told apart from a near spelling as a slip: shorter ones one letter apart are
# mostly two names (Tama / Tana, Gus / Guy, Jon / Jan, Paul / Paula).
MIN_FIRST_NAME = 5


def first_name_slip(heavy: Form, light: Form, first_weight: dict[str, int], scope: Scope) -> bool:
    """``light`` is ``heavy`` with its first name misspelt ("Mihkail Khodorkovsky" of "Mikhail
    Khodorkovsky"): two people of the same surname whose first names are one typing slip apart.

    The spelling: the same surname (or a spelling of it, ``similar_names``), each first name of
    MIN_FIRST_NAME letters or more (no initials), one edit apart (a swap of two neighbouring
    letters counts as one), with the same first letter and not at the ending (``_other_ending``).
    The evidence that it is a slip and not a relative or a namesake: the misspelt first name is no
    other person's in the scope (Marvin Davis beside Martin Davis: both are real first names), and
    the slip is the rarer form by ``scope.dominance`` (across the corpus, three times fewer
    articles; in an article, fewer mentions)."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import OSA

    if heavy.type != "person" or light.type != "person":
        return False
    wh, wl = norm(heavy.name).split(), norm(light.name).split()
    if len(wh) < 2 or len(wh) != len(wl):
        return False
    rest_h, rest_l = " ".join(wh[1:]), " ".join(wl[1:])
    if rest_h != rest_l and not similar_names(rest_h, rest_l, fuzz.ratio, "person"):
        return False
    fh, fl = wh[0], wl[0]
    if min(len(fh), len(fl)) < MIN_FIRST_NAME or not (fh.isalpha() and fl.isalpha()):
        return False
    if fh[0] != fl[0] or OSA.distance(fh, fl) != 1 or _other_ending(fh, fl):
        return False
    if first_weight.get(fl, 0) > light.weight:
        return False  # someone else's first name too
    return heavy.weight > light.weight and heavy.weight >= scope.dominance * light.weight


def _other_ending(a: str, b: str) -> bool:
    """One first name the other with a letter added at the end or its last vowel changed: a name
    of its own (Louis / Louise, Steve / Steven, Antonio / Antonia), not a slip (William / Willian)."""
    short, long_ = sorted((a, b), key=len)
    if len(long_) == len(short) + 1:
        return long_.startswith(short)
    return a[:-1] == b[:-1] and a[-1] in _VOWELS and b[-1] in _VOWELS


_VOWELS = frozenset("aeiouy")


def _swapped(a: str, b: str) -> bool:
    """One word with two neighbouring letters swapped ("toyko" / "tokyo")."""
    if len(a) != len(b) or len(a) < 4:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def close_spelling(a: str, b: str) -> bool:
    """Two spellings of one word: at most one edit (a swap of two letters counts as one) per five
    letters."""
    from rapidfuzz.distance import OSA

    return OSA.distance(a, b) <= max(len(a), len(b)) // 5
