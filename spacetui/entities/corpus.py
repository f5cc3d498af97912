"""Corpus-wide entity table, kept beside the index, with aliases merged across articles.

Each article's entities are already resolved within the article; across articles one entity can
still carry several keys: an article that only says "Cruise", one that only says "ISS", one
that spells "Yulia Pereslid". ``CorpusEntities`` keeps raw per-key counts (exact under add and
remove) and, on top, a map from alias keys to the canonical key, computed from:

1. the alias rules of ``aliases`` (the ones articles use too), weighed by articles: spelling
   choices (US/UK, legal forms), alias evidence (what articles linked, the most linked long form
   winning: one article's "ICO" beside the cocoa organisation does not take the coffee one's
   acronym), surnames unless as often a first name ("Charles"), acronyms only where some article
   spelled them out, place stems unless the bare name is the more common ("Edinburgh" is not
   "Edinburgh Airport"), near-identical spellings;
2. one entity, one type: one name under several types joins into the type its articles (over
   all its forms) mostly give it, when clearly more common (a place against an organisation:
   twice; "Liverpool" the city and the club stay two), an article whose words settled the type
   ("gas firm Gazprom", "Brent crude") weighing as several where it is the model's guess; a
   one-word "person" that other articles call one thing (or whose plural names a thing:
   "Oscar" of "the Oscars"), and hardly any article names in a person's full name, is that
   thing ("Yukos"); a name the user's corrections merge or rename into is one entity whatever
   its types.

The user's ``[split]`` corrections veto a merge. The map is computed when saving (index time)
and stored in ``entities.json``, so the app only reads it.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacetui.articles.model import Entity

if TYPE_CHECKING:
    from spacetui.entities.corrections import Corrected

CORPUS_FILE = "entities.json"
# The spellings table again, alone: a search reads it without the whole entity table (a script's
# `spacetui search` at 100k articles spent a second loading the table for this small part).
SPELLINGS_FILE = "spellings.json"
FORMAT = 2
# Version of the cross-article merge rules: a map saved under other rules is worked out again.
ALIAS_RULES = 37
# A name's usual type wins over a rarer one when it has this many times the articles (a person
# against a thing), or twice (two kinds of thing: the model's place for a company).
TYPE_MAJORITY = 3
THING_MAJORITY = 2
# A one-word "person" is the thing other articles call it when at least this many articles give it
# one other type, and more than this many times the articles that name it in a person's full name.
# (Two were too few: 'Eminem', typed a place once and an org once, became an org.)
THING_MIN_ARTICLES = 3
# A word that opens the full names of this many people (of as many surnames) and names no thing
# is a first name ("Tony"); fewer are mostly the model's slips ("Said Wales", "Said Mr Bysshe").
FIRST_NAME_PEOPLE = 5
THING_OVER_FULL_NAMES = 2
# An article whose words settled a name's type ("gas firm Gazprom") weighs as much as this many
# where the type is the model's guess; this many such articles make the model's guesses of other
# types give way when the settled type also weighs more.
SETTLED_WEIGHT = 4
SETTLED_MIN = 2
# Query fields over entities and the type each one means (None: any type, whole names).
QUERY_FIELD_TYPES: dict[str, str | None] = {
    "entity": None,
    "person": "person",
    "org": "org",
    "place": "place",
    "when": "date",
    "work": "work",
    "product": "product",
    "event": "event",
}
# A field query naming more entities than this is a common word: the field alone answers it.
QUERY_EXPAND_CAP = 64
# Words as Whoosh's StandardAnalyzer cuts them ("I.S.S." is one word, "i.s.s").
_QUERY_WORD = re.compile(r"\w+(?:\.?\w+)*")


def entity_key(type_: str, name: str) -> str:
    """Facet/filter term for an entity: type and case-folded name (commas would split it)."""
    return f"{type_}:{' '.join(name.replace(',', ' ').split()).casefold()}"


@dataclass(slots=True)
class EntityInfo:
    """One entity across the corpus (or a result set), as the sidebar and ``spacetui entities`` show it."""

    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    articles: int = 0
    mentions: int = 0
    keys: list[str] = field(default_factory=list)  # entity_key terms that mean this entity

    def also(self) -> str:
        """Its other names as a line says them (:func:`aliases_said`)."""
        return aliases_said(self.aliases)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "articles": self.articles,
            "mentions": self.mentions,
        }


ALIASES_SAID = 6  # a name's other names listed after it ("also: ..."; all of them in JSON)


def aliases_said(aliases: list[str], shown: int = ALIASES_SAID) -> str:
    """ "Pereslid", or the first ``shown`` of many and how many more: a date read from 150
    phrasings ("a year ago", "the same quarter last year", ...) is one line, not a page."""
    if len(aliases) <= shown:
        return ", ".join(aliases)
    return f"{', '.join(aliases[:shown])} and {len(aliases) - shown} more"


@dataclass(slots=True)
class _Raw:
    """Counts for one key, exact under add/remove."""

    name: str
    type: str
    articles: int = 0
    mentions: int = 0
    aliases: dict[str, int] = field(default_factory=dict)  # alias -> articles using it
    settled: int = 0  # articles where the words around it settled its type
    # A one-word person: the other people's surnames its articles name -> articles (``aliases.Form.beside``)
    beside: dict[str, int] = field(default_factory=dict)
    # The pair of names it was said in alone ("Duff and Phelps") -> articles (``Entity.within``)
    within: dict[str, int] = field(default_factory=dict)
    # The key's spellings -> articles ("McDonalds Corp", "Mcdonalds Corp"): ``name`` is the one
    # most used, whatever order the articles came in (``_spelling``). None: one spelling, ``name``
    # (most keys: no dictionary each, at millions of keys)
    names: dict[str, int] | None = None
    # An organisation's name of two words or more: the country named alone by its articles that
    # name one -> articles (``aliases.Form.countries``); None: none counted
    countries: dict[str, int] | None = None


class CorpusEntities:
    """Corpus-wide entity table, saved as JSON beside the index."""

    def __init__(self, *, overrides: Any = None) -> None:
        self.raw: dict[str, _Raw] = {}
        self.overrides = overrides  # an overrides.Overrides; None: read the user's file when needed
        self._canon: dict[str, str] | None = None  # alias key -> canonical key
        self._corrected: Corrected | None = None  # the same with the user's corrections applied
        self._merged: dict[str, EntityInfo] | None = None
        self._base_merged: dict[str, EntityInfo] | None = None  # the same before the corrections
        self._word_index: dict[tuple[str, str], set[str]] | None = None  # (type, word) -> keys
        self._spellings: dict[str, list[str]] | None = None  # word -> its other spellings
        self.stale = False  # loaded from a missing or older-format file: rebuild from the index
        self.merge_outdated = False  # its saved alias map is by older merge rules: save it again
        # Whether ``_Raw.beside`` and ``_Raw.countries`` were counted (a file saved before they
        # were has neither: the next index run rebuilds the table from the index)
        self.counts_beside = True
        self.counts_countries = True

    # -- updates -----------------------------------------------------------------------------

    def add(self, entities: list[Entity]) -> None:
        surnames = _surnames(entities)
        country = _one_country(entities)
        for e in entities:
            key = entity_key(e.type, e.name)
            r = self.raw.get(key)
            if r is None:
                r = self.raw[key] = _Raw(e.name, e.type)
            elif r.names is not None or e.name != r.name:
                r.names = r.names if r.names is not None else {r.name: r.articles}
                r.names[e.name] = r.names.get(e.name, 0) + 1
                r.name = _spelling(r.names)
            r.articles += 1
            r.mentions += len(e.mentions)
            r.settled += e.settled
            if e.within:
                r.within[e.within] = r.within.get(e.within, 0) + 1
            for alias in e.aliases:
                if alias != r.name:
                    r.aliases[alias] = r.aliases.get(alias, 0) + 1
            for word in surnames.get(key, ()):
                r.beside[word] = r.beside.get(word, 0) + 1
            if country and _counts_countries(e):
                r.countries = r.countries if r.countries is not None else {}
                r.countries[country] = r.countries.get(country, 0) + 1
        self._dirty()

    def remove(self, entities: list[Entity]) -> None:
        surnames = _surnames(entities)
        country = _one_country(entities)
        for e in entities:
            key = entity_key(e.type, e.name)
            r = self.raw.get(key)
            if r is None:
                continue
            for word in surnames.get(key, ()):
                if word in r.beside:
                    r.beside[word] -= 1
                    if r.beside[word] <= 0:
                        del r.beside[word]
            if r.countries and country in r.countries and _counts_countries(e):
                r.countries[country] -= 1
                if r.countries[country] <= 0:
                    del r.countries[country]
                r.countries = r.countries or None
            if r.names is not None and e.name in r.names:
                r.names[e.name] -= 1
                if r.names[e.name] <= 0:
                    del r.names[e.name]
                if r.names:
                    r.name = _spelling(r.names)
                if len(r.names) <= 1:
                    r.names = None
            r.articles -= 1
            r.mentions -= len(e.mentions)
            r.settled = max(0, r.settled - e.settled)
            if e.within in r.within:
                r.within[e.within] -= 1
                if r.within[e.within] <= 0:
                    del r.within[e.within]
            for alias in e.aliases:
                if alias in r.aliases:
                    r.aliases[alias] -= 1
                    if r.aliases[alias] <= 0:
                        del r.aliases[alias]
            if r.articles <= 0:
                del self.raw[key]
        self._dirty()

    def _dirty(self) -> None:
        self._canon = None
        self._corrected = None
        self._merged = None
        self._base_merged = None
        self._word_index = None
        self._spellings = None

    # -- queries -----------------------------------------------------------------------------

    @property
    def table(self) -> dict[str, EntityInfo]:
        """Merged entities by canonical key."""
        if self._merged is None:
            if self._base_merged is None:
                self._base_merged = self._merge(self.raw, self._base_aliases())
            corrected = self.corrected()
            self._merged = self._base_merged if self._overrides().empty else self._correct_table(corrected)
        return self._merged

    def _correct_table(self, corrected: Corrected) -> dict[str, EntityInfo]:
        """The index's table with the entities the corrections touch built again (a correction
        made in the app shows without merging the whole table again)."""
        base, canon = self._base_merged or {}, self._base_aliases()
        stale: set[str] = set()  # entities of the index's table that change
        rebuilt = set(corrected.names) | set(corrected.types) | set(corrected.split) | set(corrected.joined)
        for k in self.raw:
            was, now = canon.get(k, k), corrected.canon.get(k, k)
            if k in corrected.hidden or was != now or now in rebuilt:
                stale.add(was)
        # Every entity holding a key of a changed one is built again (a split leaves the rest).
        for k in self.raw:
            if canon.get(k, k) in stale and k not in corrected.hidden:
                rebuilt.add(corrected.canon.get(k, k))
        out = {ck: info for ck, info in base.items() if ck not in stale and ck not in rebuilt}
        keys = [k for k in self.raw if k not in corrected.hidden and corrected.canon.get(k, k) in rebuilt]
        fresh = self._merge({k: self.raw[k] for k in keys}, corrected.canon)
        _relabel(fresh, corrected)
        out.update(fresh)
        return out

    def canonical_key(self, key: str) -> str:
        return self.aliases().get(key, key)

    def listing(self, type_: str | None = None) -> list[EntityInfo]:
        items = [i for i in self.table.values() if type_ is None or i.type == type_]
        return sorted(items, key=lambda i: (-i.articles, -i.mentions, i.name.casefold()))

    def info(self, key: str) -> EntityInfo | None:
        return self.table.get(self.canonical_key(key))

    def as_named(self, entities: list[Entity]) -> list[Entity]:
        """An article's entities as the corpus names them: the name and type of the entity its
        key belongs to (what the sidebar and ``spacetui entities`` show), the article's own other
        forms as aliases. Two of the article's entities that the corpus holds one ("Yugansk",
        "Yuganskneftegas") become one; an entity the user hid is left out. Dates stay as
        resolved: their value is the article's own."""
        from spacetui.entities.overrides import norm

        hidden = self.corrected().hidden
        out: dict[str, Entity] = {}
        for e in entities:
            key = entity_key(e.type, e.name)
            if e.type == "date":
                out.setdefault(key, e)
                continue
            if key in hidden:
                continue
            info = self.info(key)
            if info is None:  # (not in the table the index saved: shown as stored)
                out.setdefault(key, e)
                continue
            ckey = entity_key(info.type, info.name)
            seen = out.get(ckey)
            if seen is None:
                seen = out[ckey] = Entity(info.name, info.type, settled=e.settled)
            for form in (e.name, *e.aliases):
                if norm(form) != norm(info.name) and form not in seen.aliases:
                    seen.aliases.append(form)
            seen.mentions = sorted({*seen.mentions, *e.mentions})
            seen.settled = seen.settled or e.settled
        return list(out.values())

    def keys_for(self, type_: str, name: str) -> list[str]:
        """Every entity_key that means this entity (its own and its aliases' across the corpus)."""
        key = self.canonical_key(entity_key(type_, name))
        info = self.table.get(key)
        return list(info.keys) if info else [key]

    def query_keys(self, field_name: str, words: list[str]) -> list[str]:
        """entity_key terms for a field query (``person:cruise``, ``entity:"Tom Cruise"``).

        An article's own fields hold the names it used; this adds the articles that name the
        same entity only by another form seen elsewhere in the corpus (one article says
        "Pereslid", another "Peresild"; one "NASA", another only the long form). ``entity``
        matches a whole name or alias of any type; a typed field matches when every query word
        is a word of one of the entity's names or aliases. Empty when nothing (or too much)
        matches: the field itself still answers.
        """
        from spacetui.entities.overrides import norm

        if field_name not in QUERY_FIELD_TYPES or not words:
            return []
        type_ = QUERY_FIELD_TYPES[field_name]
        table = self.table
        index = self._words()
        if type_ is None:
            found = list(index.get(("", norm(" ".join(words))), ()))
        else:
            query = [w.casefold() for w in words]
            found = list(set.intersection(*[index.get((type_, w), set()) for w in query]))
            found = [k for k in found if any(_has_words(n, query) for n in _names(table[k]))]
        if not found or len(found) > QUERY_EXPAND_CAP:
            return []
        return sorted({key for k in found for key in table[k].keys})

    def _words(self) -> dict[tuple[str, str], set[str]]:
        if self._word_index is None:
            from spacetui.entities.overrides import norm

            # (type, word) -> keys for typed fields; ("", whole name) -> keys for ``entity:``.
            # Only entities known by more than one form: for the rest, every article's own
            # fields already hold the one name, and the field query finds them all.
            index: dict[tuple[str, str], set[str]] = defaultdict(set)
            for k, info in self.table.items():
                if not info.aliases and len(info.keys) < 2:
                    continue
                for name in _names(info):
                    index[("", norm(name))].add(k)
                    for w in _QUERY_WORD.findall(name.casefold()):
                        index[(info.type, w)].add(k)
            self._word_index = dict(index)
        return self._word_index

    def spellings(self) -> dict[str, list[str]]:
        """Other spellings of a name's words, from the forms of one entity that differ in a word
        or two at the same place ("Yulia Peresild" / "Yulia Pereslid": peresild <-> pereslid), so
        that typing either spelling finds both. Only close spellings of words of four letters or
        more: "NASA" is not a spelling of "National Aeronautics ...", nor "Tom" of "Thomas"."""
        if self._spellings is None:
            pairs: dict[str, set[str]] = defaultdict(set)
            for info in self.table.values():
                if not info.aliases:
                    continue
                forms = [_QUERY_WORD.findall(n.casefold()) for n in _names(info)]
                for a, b in itertools.combinations(forms, 2):
                    if len(a) != len(b):
                        continue
                    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
                    if len(diff) > 2:
                        continue
                    for x, y in diff:
                        if min(len(x), len(y)) >= 4 and _close_spelling(x, y):
                            pairs[x].add(y)
                            pairs[y].add(x)
            self._spellings = {w: sorted(v) for w, v in pairs.items()}
        return self._spellings

    def facets(self, counts: dict[str, int]) -> list[EntityInfo]:
        """Entities of a result set from article counts per key, alias keys merged.

        ``articles`` is the count within the result set: the sum over the entity's keys, so the
        caller counts per entity where an article can hold two of its keys (the search service
        passes counts already per entity, with the entities the user hid left out:
        ``facets.facet_counts``); ``mentions`` and ``aliases`` are the corpus-wide ones.
        """
        table = self.table
        canon = self.aliases()
        # Hot path (every keystroke): sum plain ints per canonical key first, build objects after.
        summed: dict[str, int] = {}
        for key, n in counts.items():
            if n > 0:
                ckey = canon.get(key, key)
                summed[ckey] = summed.get(ckey, 0) + n
        out: list[EntityInfo] = []
        for ckey, n in summed.items():
            base = table.get(ckey)
            if base is None:
                type_, _, name = ckey.partition(":")
                out.append(EntityInfo(name=name, type=type_, articles=n, keys=[ckey]))
            else:
                out.append(
                    EntityInfo(
                        name=base.name,
                        type=base.type,
                        aliases=list(base.aliases),
                        articles=n,
                        mentions=base.mentions,
                        keys=list(base.keys),
                    )
                )
        out.sort(key=lambda i: (-i.articles, -i.mentions, i.name.casefold()))
        return out

    # -- cross-article aliases ---------------------------------------------------------------

    def aliases(self) -> dict[str, str]:
        """Alias key -> canonical key, with the user's corrections applied."""
        return self.corrected().canon

    def _base_aliases(self) -> dict[str, str]:
        if self._canon is None:
            self._canon = self._compute_aliases()
        return self._canon

    def corrected(self) -> Corrected:
        if self._corrected is None:
            from spacetui.entities.corrections import correct

            self._corrected = correct(self.raw, self._base_aliases(), self._overrides())
        return self._corrected

    def set_overrides(self, overrides: Any) -> None:
        """Show the table under these corrections (made in the app) from now on."""
        self.overrides = overrides
        self._corrected = None
        self._merged = None
        self._word_index = None

    def _overrides(self) -> Any:
        if self.overrides is None:
            from spacetui.entities import overrides
            from spacetui.paths import entities_file

            self.overrides = overrides.load(entities_file())
        return self.overrides

    def _forbidden(self, canonical: str, alias: str) -> bool:
        return bool(self._overrides().forbidden(canonical, alias))

    def _compute_aliases(self) -> dict[str, str]:
        from spacetui.entities import aliases
        from spacetui.entities.overrides import norm

        raw = self.raw
        counted = self.counts_beside
        forms = [
            aliases.Form(
                k,
                r.name,
                r.type,
                r.articles,
                dict(r.aliases),
                beside=dict(r.beside) if counted and " " not in norm(r.name) else None,
                within=dict(r.within),
                countries=dict(r.countries or {}),
            )
            for k, r in raw.items()
            if r.type != "date"
        ]
        # An article links an acronym to its long form only where it spells it out: those links,
        # stored as aliases, are the corpus's evidence for the long form's other spellings too.
        defined: dict[str, set[str]] = defaultdict(set)
        for r in raw.values():
            for alias in r.aliases:
                if (acro := aliases.is_acronym(alias)) and aliases.spells_out(acro, r.name):
                    defined[acro].add(norm(r.name))
        scope = dataclasses.replace(aliases.CORPUS, defined=dict(defined))
        canon = aliases.link(forms, scope, forbidden=self._forbidden)
        return self._one_type(canon)

    def _one_type(self, canon: dict[str, str]) -> dict[str, str]:
        """One entity, one type: keys of one name under several types join (a one-word "person"
        only when other articles clearly call it a thing), and each merged entity takes the type
        most of its articles give it, across all its forms."""
        from spacetui.entities.aliases import first_name_words, possessive_part
        from spacetui.entities.overrides import norm

        raw = self.raw
        clusters: dict[str, list[str]] = defaultdict(list)
        for k in raw:
            clusters[canon.get(k, k)].append(k)

        def weight(root: str) -> int:
            return sum(raw[k].articles for k in clusters[root])

        def evidence(root: str) -> int:
            return sum(raw[k].settled for k in clusters[root])

        def guessed(root: str) -> bool:
            # Only the model's guesses give the type. (No words settle a work's type: a title
            # after "in" reads as a place, "starring in Finding Neverland".)
            return evidence(root) == 0 and raw[root].type != "work"

        def score(root: str) -> int:
            # An article whose words settled the type counts as SETTLED_WEIGHT guessing ones.
            return weight(root) + (SETTLED_WEIGHT - 1) * evidence(root)

        # Articles naming a person in full, by first and by last word of the name.
        in_full: dict[str, int] = defaultdict(int)
        for entry in raw.values():
            words = norm(entry.name).split()
            if entry.type == "person" and len(words) > 1:
                in_full[words[0]] += entry.articles
                if words[-1] != words[0]:
                    in_full[words[-1]] += entry.articles
        # First names: words that open several people's full names and name no thing of their own
        # ("Tony", not "Nottingham" of the model's "Nottingham City").
        things_named = {norm(e.name) for e in raw.values() if e.type not in ("person", "date")}
        people = (e.name for e in raw.values() if e.type == "person")
        first_names = first_name_words(people, FIRST_NAME_PEOPLE) - things_named
        targets = self._merge_targets()
        by_name: dict[str, list[str]] = defaultdict(list)
        for k, r in raw.items():
            # (a name of two's word that joined the firm, "Phelps" of Duff and Phelps, is no
            # name of the firm: the model's place "Phelps" beside Michael Phelps stays his)
            if r.type != "date" and not _part_of_firm(r, raw[canon.get(k, k)]):
                # ("Moody", a spelling of the company Moody's, is not the rugby player's name)
                by_name[norm(r.name) + possessive_part(raw[canon.get(k, k)].name)].append(k)
        joined: dict[str, str] = {}  # root -> root it joins

        def top(root: str) -> str:
            while root in joined:
                root = joined[root]
            return root

        for n, keys in by_name.items():
            roots = list(dict.fromkeys(top(canon.get(k, k)) for k in keys))
            if len(roots) < 2 and (raw[roots[0]].type != "person" or n + "s" not in by_name):
                continue
            person = [r for r in roots if raw[r].type == "person"]
            things = [r for r in roots if raw[r].type != "person"]
            if n in targets:
                keep = roots  # the user merged other names into this one: one entity whatever its types
                best = max(keep, key=lambda r: (weight(r), r))
            elif person:
                one_word = " " not in n
                plural = [k for k in by_name.get(n + "s", ()) if raw[k].type != "person"] if one_word else []
                if one_word and _a_thing(things, in_full.get(n, 0), raw):
                    # A one-word "person" ("Yukos", "Anfield") that other articles type otherwise
                    # and hardly any names as part of a person's full name is that other thing
                    # (the most named one: "Liverpool" the club and the city stay two).
                    best = max(things, key=lambda r: (weight(r), r))
                    keep = [*self._bare_people(person, keys, n, best, clusters, first_names), best]
                    keep += [r for r in things if THING_MAJORITY * weight(r) <= weight(best)]
                elif plural and _a_thing(plural, in_full.get(n, 0), raw):
                    # A person's name has no plural that names a thing: "Oscar" of "the Oscars".
                    award = _most_named(plural, raw)
                    best = top(canon.get(award, award))
                    keep = [*self._bare_people(person, keys, n, best, clusters, first_names), best]
                else:
                    # A person and a thing of one name: the rarer joins when far rarer, a type
                    # the words around the name settled weighing more ("analyst at Dresdner
                    # Kleinwort Wasserstein" against the model's person); a full name also when
                    # only the model's guesses give it the other type ("Bernie Ebbers", the
                    # model's org in 7 articles, a person by the words around it in 2); but a
                    # country is no one's surname: "Jordan" stays apart from Michael Jordan.
                    best = max(roots, key=lambda r: (score(r), r))
                    # (not a one-word name's: "Clinton" the town, settled by "in Clinton", does not
                    # make the model's bare "Clinton"s a place)
                    keep = [
                        r
                        for r in roots
                        if r == best
                        or (
                            _gives_way(
                                score(r),
                                guessed(r),
                                score(best),
                                evidence(best),
                                TYPE_MAJORITY,
                                not one_word,
                            )
                            and not _a_country_of_a_person(raw[r], raw[best])
                        )
                    ]
            else:
                # "Gazprom" a place in some articles, an organisation in more: one entity. Where
                # both are common, two ("Liverpool" the city and the club). A type the words
                # around the name settled ("gas firm Gazprom") outweighs the model's guesses.
                # (A longer name's entity that holds this one as a short name, "Chicago Corp" with
                # its "Chicago", and the name's own entity of another type stay apart when the
                # own one is the name's: the city, or "Olympic", an event in 26 BBC stories, which
                # the Olympic Stadium, named in 6, took by a few articles' "Olympic".)
                best = max(roots, key=lambda r: (score(r), r))
                keep = [
                    r
                    for r in roots
                    if r == best
                    or (
                        _gives_way(score(r), guessed(r), score(best), evidence(best))
                        and not _own_name_apart(raw[r], raw[best], n, weight(r), weight(best))
                    )
                ]
            best = top(best)
            keep = list(dict.fromkeys(top(r) for r in keep))
            for other in keep:
                if other != best and not self._forbidden(raw[best].name, raw[other].name):
                    joined[other] = best
                    clusters[best].extend(clusters.pop(other))
        # Every key to its entity's root: one entity, one key, one type (the root's).
        return {k: root for root, keys in clusters.items() for k in keys if k != root}

    def _bare_people(
        self,
        person: list[str],
        keys: list[str],
        name: str,
        thing: str,
        clusters: dict[str, list[str]],
        first_names: set[str],
    ) -> list[str]:
        """Of the entities of the one-word "person" ``name`` that is the ``thing``, those that join
        it whole. Where the bare name was linked as a surname to a full name that opens with a
        first name (``first_names``), only the bare name's own keys move to the thing: the bare
        "Blackburn"s of 9 football stories are the club, and Tony Blackburn, the DJ of one story,
        stays a person. A "full name" opening with another word is the model's slip and joins
        whole ("Said Wales", "Vivendi Universal")."""
        from spacetui.entities.overrides import norm

        whole = []
        for root in person:
            words = norm(self.raw[root].name).split()
            if words == [name] or words[0] not in first_names:
                whole.append(root)
                continue
            bare = [
                k
                for k in keys
                if k in clusters[root]
                and self.raw[k].type == "person"
                and not self._forbidden(self.raw[thing].name, self.raw[k].name)
            ]
            clusters[root] = [k for k in clusters[root] if k not in bare]
            clusters[thing].extend(bare)
        return whole

    def _merge_targets(self) -> set[str]:
        """Names the user's corrections merge or rename other names into."""
        return self._overrides().merge_targets()

    def _merge(self, raw: dict[str, _Raw], canon: dict[str, str]) -> dict[str, EntityInfo]:
        from spacetui.entities.aliases import is_acronym
        from spacetui.entities.overrides import norm

        # An acronym the corpus gives to another entity is no alias of this one: one article's
        # "ICO" beside the International Cocoa Organization is the coffee organisation's.
        owner = {norm(r.name): canon.get(k, k) for k, r in self.raw.items() if is_acronym(r.name)}
        out: dict[str, EntityInfo] = {}
        # Each entity's names so far, normalised: an alias that is the name or another alias
        # again with "the", dots or other case says nothing ("A year ago", "the year-ago").
        said: dict[str, set[str]] = {}
        order = sorted(raw.items(), key=lambda kv: kv[0] in canon)  # canonical keys first
        for key, r in order:
            ckey = canon.get(key, key)
            info = out.get(ckey)
            if info is None:
                c = self.raw[ckey]
                info = out[ckey] = EntityInfo(name=c.name, type=c.type, keys=[ckey])
                said[ckey] = {norm(c.name)}
            names = said[ckey]
            if key != ckey and norm(r.name) not in names:
                info.aliases.append(r.name)
                names.add(norm(r.name))
            if key != ckey:
                info.keys.append(key)
            info.articles += r.articles
            info.mentions += r.mentions
            ranked = sorted(r.aliases, key=lambda a: -r.aliases[a]) if len(r.aliases) > 1 else r.aliases
            for alias in ranked:
                if owner.get(norm(alias), ckey) != ckey or norm(alias) in names:
                    continue
                info.aliases.append(alias)
                names.add(norm(alias))
        return out

    # -- storage -----------------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        data = {
            "format": FORMAT,
            "entities": {
                k: {
                    "name": r.name,
                    "type": r.type,
                    "articles": r.articles,
                    "mentions": r.mentions,
                    "aliases": r.aliases,
                    **({"settled": r.settled} if r.settled else {}),
                    **({"beside": r.beside} if r.beside else {}),
                    **({"within": r.within} if r.within else {}),
                    **({"countries": r.countries} if r.countries else {}),
                    **({"names": r.names} if r.names else {}),
                }
                for k, r in self.raw.items()
            },
            "alias_rules": ALIAS_RULES,
            "counts_beside": self.counts_beside,
            "counts_countries": self.counts_countries,
            "aliases": self._base_aliases(),  # the user's corrections apply on reading
            # worked out here, at index time: on a large corpus it takes about 150 ms
            "spellings": self.spellings(),
        }
        for name, content in (
            (SPELLINGS_FILE, {"alias_rules": ALIAS_RULES, "spellings": data["spellings"]}),
            (CORPUS_FILE, data),  # (last: a folder with it has both)
        ):
            tmp = directory / (name + ".tmp")
            tmp.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
            tmp.replace(directory / name)

    @classmethod
    def load(cls, directory: Path) -> CorpusEntities:
        corpus = cls()
        corpus.stale = True
        try:
            data = json.loads((directory / CORPUS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return corpus
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return corpus  # an older format: the builder rebuilds it from the index
        corpus.stale = False
        corpus.counts_beside = data.get("counts_beside") is True
        corpus.counts_countries = data.get("counts_countries") is True
        for key, v in data.get("entities", {}).items():
            aliases = v.get("aliases", {})
            if isinstance(aliases, list):
                aliases = dict.fromkeys(aliases, 1)
            corpus.raw[key] = _Raw(
                name=v["name"],
                type=v["type"],
                articles=int(v.get("articles", 0)),
                mentions=int(v.get("mentions", 0)),
                aliases={str(a): int(n) for a, n in aliases.items()},
                settled=int(v.get("settled", 0)),
                beside={str(w): int(n) for w, n in v.get("beside", {}).items()},
                within={str(w): int(n) for w, n in v.get("within", {}).items()},
                countries={str(c): int(n) for c, n in v["countries"].items()} if v.get("countries") else None,
                names={str(n): int(k) for n, k in v["names"].items()} if v.get("names") else None,
            )
        if data.get("alias_rules", 1) != ALIAS_RULES:
            corpus.merge_outdated = True
            return corpus  # saved under other merge rules: aliases and spellings worked out on use
        stored = data.get("aliases")
        if isinstance(stored, dict):
            corpus._canon = {k: t for k, t in stored.items() if k in corpus.raw and t in corpus.raw}
        spellings = data.get("spellings")
        if isinstance(spellings, dict):  # (files written before it have none: worked out on use)
            corpus._spellings = {str(w): [str(o) for o in others] for w, others in spellings.items()}
        return corpus


def _surnames(entities: list[Entity]) -> dict[str, set[str]]:
    """For each one-word person an article names, the surnames of the other people it names
    (the last word of each name, a one-word name itself)."""
    from spacetui.entities.overrides import norm

    people = [(entity_key(e.type, e.name), norm(e.name).split()) for e in entities if e.type == "person"]
    last = {key: words[-1] for key, words in people if words}
    return {
        key: {word for other, word in last.items() if other != key and word != words[0]}
        for key, words in people
        if len(words) == 1
    }


def _one_country(entities: list[Entity]) -> str | None:
    """The one country an article names as a place (``aliases.country_of``'s key), None if it
    names none or several: a story that names only the U.S. tells whose "Supreme Court" it
    means, one that names Norway and the U.S. does not."""
    from spacetui.entities.aliases import country_of

    countries = {c for e in entities if e.type == "place" and (c := country_of(e.name))}
    return countries.pop() if len(countries) == 1 else None


def _counts_countries(e: Entity) -> bool:
    """Whether the countries beside ``e`` are counted: an organisation's name of two words or
    more, one that may be an institution's bare name ("Agriculture Department")."""
    return e.type == "org" and " " in e.name.strip()


def stored_spellings(directory: Path) -> dict[str, list[str]] | None:
    """The spellings table the last index run saved (``CorpusEntities.spellings``), without
    loading the entity table; None when there is none under today's merge rules."""
    try:
        data = json.loads((directory / SPELLINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("alias_rules") != ALIAS_RULES:
        return None
    spellings = data.get("spellings")
    if not isinstance(spellings, dict):
        return None
    return {str(w): [str(o) for o in others] for w, others in spellings.items()}


def _relabel(table: dict[str, EntityInfo], corrected: Corrected) -> None:
    """The names and types the user gave, the old name kept as an alias; split aliases dropped."""
    from spacetui.entities.overrides import norm

    for key, info in table.items():
        new = corrected.names.get(key)
        if new is not None and new != info.name:
            info.aliases = [a for a in [info.name, *info.aliases] if norm(a) != norm(new)]
            info.name = new
        info.type = corrected.types.get(key, info.type)
        gone = corrected.split.get(key)
        if gone:
            info.aliases = [a for a in info.aliases if norm(a) not in gone]


def _part_of_firm(entry: _Raw, entity: _Raw) -> bool:
    """``entry`` is one of the two names of the firm ``entity`` is (``aliases.link`` rule 2a)."""
    from spacetui.entities.aliases import without_legal_form

    if entity is entry or entity.type != "org" or not entry.within:
        return False
    return without_legal_form(entity.name) in {without_legal_form(pair) for pair in entry.within}


def _close_spelling(a: str, b: str) -> bool:
    from spacetui.entities.resolve import close_spelling  # index time, or a first query on an older index

    return close_spelling(a, b)


def _names(info: EntityInfo) -> list[str]:
    return [info.name, *info.aliases]


def _has_words(name: str, words: list[str]) -> bool:
    have = _QUERY_WORD.findall(name.casefold())
    return all(w in have for w in words)


def _spelling(names: dict[str, int]) -> str:
    """The spelling a key is shown by: not a table's or a heading's capitals ("Taiwan", not
    "TAIWAN"), then the most used, then the one with the more capitals ("McDonalds Corp", not a
    heading's "Mcdonalds Corp")."""
    return max(names, key=lambda n: (not _in_capitals(n), names[n], sum(c.isupper() for c in n), n))


def _in_capitals(name: str) -> bool:
    """Written in capitals and more than an acronym's length: "TAIWAN", not "NATO" or "U.S."."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) > 4 and all(c.isupper() for c in letters)


def _most_named(keys: list[str], raw: dict[str, _Raw]) -> str:
    """The key named in the most articles (then mentions; then by key, for a stable choice)."""
    return max(keys, key=lambda k: (raw[k].articles, raw[k].mentions, k))


def _a_country_of_a_person(entry: _Raw, best: _Raw) -> bool:
    """A country's name, the place, beside a person's entity."""
    from spacetui.lexicon import COUNTRY_NAMES

    return entry.type == "place" and best.type == "person" and entry.name in COUNTRY_NAMES


def _a_thing(things: list[str], in_full: int, raw: dict[str, _Raw]) -> bool:
    """Other articles type the name as one thing, more often than it is part of a person's full name."""
    typed = max((raw[k].articles for k in things), default=0)
    return typed >= THING_MIN_ARTICLES and typed > THING_OVER_FULL_NAMES * in_full


def _own_name_apart(entry: _Raw, best: _Raw, name: str, weight: int, best_weight: int) -> bool:
    """Whether ``entry`` (the root of an entity one of whose keys is ``name``) stays apart from the
    name's ``best`` entity though it gives way: they are of two types, one is the name's own entity
    and the other a longer name's that holds the name as a short one, and the name's own is the
    name's (the longer name's entity is the rarer, or the own one outweighs it)."""
    from spacetui.entities.overrides import norm

    if entry.type == best.type or (norm(entry.name) == name) == (norm(best.name) == name):
        return False
    return norm(best.name) == name or weight > best_weight


def _gives_way(
    score: int,
    guessed: bool,
    best: int,
    best_evidence: int,
    majority: int = THING_MAJORITY,
    guesses_give_way: bool = True,
) -> bool:
    """A name's rarer type joins its commoner one (by articles, settled ones weighing more) when
    ``majority`` times rarer, or (``guesses_give_way``) when only the model's guesses give it
    (``guessed``) and words settled the other one."""
    if majority * score <= best:
        return True
    return guesses_give_way and guessed and best_evidence >= SETTLED_MIN and best > score


def _dominant(options: list[str], raw: dict[str, _Raw]) -> str | None:
    """The one option, or the one with at least three times the articles of the next."""
    options = list(dict.fromkeys(options))
    if not options:
        return None
    if len(options) == 1:
        return options[0]
    ranked = sorted(options, key=lambda k: -raw[k].articles)
    if raw[ranked[0]].articles >= 3 * max(1, raw[ranked[1]].articles):
        return ranked[0]
    return None
