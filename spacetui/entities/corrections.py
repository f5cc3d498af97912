"""The user's corrections (``entities.toml``) applied to the corpus table as it is read.

The index applies them when it resolves the stored NER spans (``spacetui index``); this applies
them to the table saved with the index, so that a correction made in the app shows at once and
``spacetui entities`` shows it before the next index run. On a table built under the same file
it changes nothing more: the names are already the corrected ones.

It works on whole entities (a canonical key and the keys linked to it): hide, retype, rename or
merge them, and cut the links the user split. Merged entities become one, with one type: the
type of the entity merged into (or the one its ``[merge]`` key names), else the commonest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from spacetui.entities.overrides import Overrides, norm


@dataclass(slots=True)
class Corrected:
    canon: dict[str, str]  # key -> canonical key: the index's links and the user's
    names: dict[str, str] = field(default_factory=dict)  # canonical key -> name the user gave it
    types: dict[str, str] = field(default_factory=dict)  # canonical key -> type it now has
    hidden: set[str] = field(default_factory=set)  # every key of a hidden entity
    split: dict[str, set[str]] = field(default_factory=dict)  # canonical key -> norm of aliases cut off
    # canonical key -> all its keys, for the entities the user merged: its keys can share an
    # article, so its count is of articles with any of them, not a sum over keys
    joined: dict[str, list[str]] = field(default_factory=dict)


def correct(raw: Mapping[str, Any], canon: Mapping[str, str], overrides: Overrides) -> Corrected:
    """``raw``: key -> counts with ``name``, ``type``, ``articles``, ``aliases`` (corpus._Raw)."""
    from spacetui.entities.corpus import entity_key

    if overrides.empty:
        return Corrected(dict(canon))
    members: dict[str, list[str]] = defaultdict(list)
    for k in raw:
        c = canon.get(k, k)
        members[c if c in raw else k].append(k)
    # Split: a key linked to an entity under a name the user said is another one goes its own way.
    cut: dict[str, set[str]] = {}
    for pair_canon, alias in overrides.split:
        cut.setdefault(pair_canon, set()).add(alias)
    if cut:
        for c in list(members):
            gone = cut.get(norm(raw[c].name), set())
            for k in [k for k in members[c] if k != c and norm(raw[k].name) in gone]:
                members[c].remove(k)
                members[k].append(k)
    group_of = {k: c for c, keys in members.items() for k in keys}
    out = Corrected({k: c for k, c in group_of.items() if k != c})
    name_of: dict[str, str] = {}  # entities a rule names (and those they join): corrected name
    type_of: dict[str, str] = {}
    joins: dict[str, str] = {}  # canonical key -> the name a rule sends it to
    # Most entities no rule names: they are passed over on one set look-up per name.
    named = {rule.key for rule in overrides.hide}
    named.update(rule.key for rule, _ in (*overrides.rename, *overrides.merge, *overrides.types))
    touched = {
        group_of[k]
        for k, r in raw.items()
        if norm(r.name) in named or (r.aliases and any(norm(a) in named for a in r.aliases))
    }
    for c in touched:
        r, keys = raw[c], members[c]
        names = [raw[k].name for k in keys]
        every = names + [a for k in keys for a in raw[k].aliases]
        if overrides.hidden(r.type, every):
            out.hidden.update(keys)
            for k in keys:
                out.canon.pop(k, None)
            continue
        # A [type] rule names the entity itself, not a word some article used for it: "Washington"
        # = "place" does not make George Washington a place.
        type_ = next((t for n in names if (t := overrides.retype(r.type, n)) != r.type), r.type)
        name = r.name
        new = overrides.canonical(r.type, every)
        if new is not None:
            name = new
            if overrides.joins(r.type, every, new):
                joins[c] = new
        name_of[c], type_of[c] = name, type_
    # Merge: an entity sent to a name joins the entity of that name (of the [merge] key's type,
    # if it says one); the merged entity takes its type. Then one name and type, one entity.
    wanted_names = {norm(n) for n in name_of.values()}
    by_name: dict[str, list[str]] = defaultdict(list)  # (only the names that matter here)
    for c in members:
        if c not in out.hidden and c not in joins:
            n = norm(name_of.get(c, raw[c].name))
            if n in wanted_names:
                by_name[n].append(c)
    for cs in by_name.values():
        for c in cs:
            if c not in name_of:
                name_of[c], type_of[c] = raw[c].name, raw[c].type
    parent: dict[str, str] = {}

    def root(c: str) -> str:
        while parent.get(c, c) != c:
            c = parent[c]
        return c

    for c, new in joins.items():
        wanted = overrides.target_type(new)
        natives = [n for n in by_name.get(norm(new), []) if wanted is None or type_of[n] == wanted]
        if natives:
            parent[c] = max(natives, key=lambda n: raw[n].articles)
    by_identity: dict[tuple[str, str], list[str]] = defaultdict(list)
    for c in name_of:
        top = root(c)
        by_identity[(type_of[top], norm(name_of[top]))].append(c)
    for group in by_identity.values():
        tops = {root(c) for c in group}
        # Only where the user changed something: other same-named entities are the index's call.
        changed = any(c in joins or name_of[c] != raw[c].name or type_of[c] != raw[c].type for c in group)
        if len(tops) > 1 and changed:
            main = max(tops, key=lambda t: (raw[t].articles, t not in joins))
            for t in tops - {main}:
                parent[t] = main
    for c in name_of:
        top = root(c)
        for k in members[c]:
            if k != top:
                out.canon[k] = top
        if c != top:
            continue
        if name_of[c] != raw[c].name:
            out.names[c] = name_of[c]
        if type_of[c] != raw[c].type:
            out.types[c] = type_of[c]
        # The corrected name and type find the entity too (a filter made from what the sidebar shows).
        shown = entity_key(type_of[c], name_of[c])
        if shown != c and shown not in raw:
            out.canon[shown] = c
    for c in members if cut else ():
        gone = cut.get(norm(name_of.get(c, raw[c].name)), set()) | cut.get(norm(raw[c].name), set())
        if gone and c not in out.hidden:
            out.split[root(c)] = gone
    # Counted by article: the entities the user merged, and any corrected one of several keys (the
    # index's own links can put two keys of one name in one article: "Yuganskneftegas" as an
    # org and as a person), so that its count is the same before and after the next index run.
    for top in {root(c) for c in name_of}:
        keys = [k for c in name_of if root(c) == top for k in members[c]]
        if len(keys) > 1:
            out.joined[top] = keys
    return out
