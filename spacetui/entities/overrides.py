"""The user's entity corrections: ``entities.toml`` in the config directory.

They apply at the next index run, from the raw NER spans stored with each article: NER does not
run again, only resolution. The file (every table optional)::

    # Hide entities everywhere. "type:Name" limits a rule to one type
    # (person, org, place, date, work, product, event); a bare name means any type.
    hide = ["Getty Images", "person:Share"]

    [rename]        # name or alias = new canonical name (merges into it if that exists)
    "Yulia Pereslid" = "Yulia Peresild"

    [merge]         # canonical name = names (or aliases) that are the same entity
    "International Space Station" = ["the station", "Space Station"]

    [split]         # canonical name = names that must NOT be merged into it
    "Tom Cruise" = ["Cruise"]

    [type]          # name = the type it really is
    "Crew Dragon" = "product"
    "Washington" = "place"

Names match case-insensitively, ignoring dots, "the" and possessives, against an entity's
canonical name or any of its aliases. A broken file is reported once and ignored (the index
then resolves as if there were none), never a crash.
"""

from __future__ import annotations

import hashlib
import sys
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

TYPES = ("person", "org", "place", "date", "work", "product", "event")


@lru_cache(maxsize=1 << 17)
def norm(name: str) -> str:
    """Matching form of a name: case-folded, dots, "the" and a trailing possessive dropped."""
    n = " ".join(name.replace(".", " ").replace("’", "'").split()).casefold()
    if n.startswith("the "):
        n = n[4:]
    if n.endswith("'s"):
        n = n[:-2]
    elif n.endswith("'"):
        n = n[:-1]
    return n.replace(" ", "") if len(n) <= 12 and all(len(w) == 1 for w in n.split()) else n


def split_typed(name: str) -> tuple[str | None, str]:
    """ "org:Goldman Sachs" -> ("org", "Goldman Sachs"), as a search's entity filter and the
    corrections file write a typed name; a name without a type's prefix ("Star Wars: Episode I")
    -> (None, the name)."""
    head, sep, rest = name.partition(":")
    if sep and head.strip().lower() in TYPES and rest.strip():
        return head.strip().lower(), rest.strip()
    return None, name.strip()


@dataclass(slots=True)
class Rule:
    type: str | None
    key: str  # norm() of the name

    def matches(self, type_: str, names: list[str]) -> bool:
        return (self.type is None or self.type == type_) and any(norm(n) == self.key for n in names)


def _rule(name: str) -> Rule:
    t, n = split_typed(name)
    return Rule(t, norm(n))


@dataclass(slots=True)
class Overrides:
    hide: list[Rule] = field(default_factory=list)
    rename: list[tuple[Rule, str]] = field(default_factory=list)  # (what, new name)
    merge: list[tuple[Rule, str]] = field(default_factory=list)  # (member, canonical)
    split: list[tuple[str, str]] = field(default_factory=list)  # (norm canonical, norm alias)
    types: list[tuple[Rule, str]] = field(default_factory=list)
    # norm(canonical) -> its type, for a [merge] key written "type:Name": the members take it
    merge_types: dict[str, str] = field(default_factory=dict)
    digest: str = "none"
    errors: list[str] = field(default_factory=list)

    def hidden(self, type_: str, names: list[str]) -> bool:
        return any(r.matches(type_, names) for r in self.hide)

    def retype(self, type_: str, name: str) -> str:
        for rule, new in self.types:
            if rule.matches(type_, [name]):
                return new
        return type_

    def forbidden(self, canonical: str, alias: str) -> bool:
        """True if the user split ``alias`` off ``canonical``: never merge them."""
        return (norm(canonical), norm(alias)) in self._split_set()

    def _split_set(self) -> set[tuple[str, str]]:
        return set(self.split)

    def canonical(self, type_: str, names: list[str]) -> str | None:
        """The name the user wants for an entity known by ``names``, if any rule says so."""
        for rule, new in self.rename:
            if rule.matches(type_, names):
                return new
        for rule, new in self.merge:
            if rule.matches(type_, names):
                return new
        return None

    def joins(self, type_: str, names: list[str], target: str) -> bool:
        """True if a rule names the entity as another one's (a rename of it, a member of a
        merge), not merely as ``target`` itself (the key of a ``[merge]`` table)."""
        goal = norm(target)
        return any(
            norm(new) == goal and rule.key != goal and rule.matches(type_, names)
            for rule, new in (*self.rename, *self.merge)
        )

    def target_type(self, name: str) -> str | None:
        """The type a ``[merge]`` key gives its members ("org:Yuganskneftegas"), if written."""
        return self.merge_types.get(norm(name))

    def merge_targets(self) -> set[str]:
        """Names (normalised) that renames and merges make other names into: across the corpus,
        one entity whatever types the articles gave its forms ("Yugansk" merged into
        "Yuganskneftegas" must not leave a place and an organisation of that name)."""
        return {norm(new) for _rule, new in [*self.rename, *self.merge]}

    @property
    def empty(self) -> bool:
        return not (self.hide or self.rename or self.merge or self.split or self.types)


def load(path: Path | None) -> Overrides:
    """Read the corrections file; missing means none, broken means none plus an error message."""
    if path is None:
        return Overrides()
    try:
        raw = path.read_bytes()
    except OSError:
        return Overrides()
    digest = hashlib.sha1(raw).hexdigest()[:12]
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        msg = f"{path}: ignored, not valid TOML ({exc})"
        print(f"spacetui: {msg}", file=sys.stderr)
        return Overrides(digest=digest, errors=[msg])
    out = Overrides(digest=digest)

    def names(value: object, where: str) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        out.errors.append(f"{path}: {where}: expected a name or a list of names")
        return []

    for name in names(data.get("hide", []), "hide"):
        out.hide.append(_rule(name))
    for section, target in (("rename", out.rename), ("merge", out.merge)):
        table = data.get(section, {})
        if not isinstance(table, dict):
            out.errors.append(f"{path}: [{section}] must be a table")
            continue
        for key, value in table.items():
            if section == "rename":
                for new in names(value, f"rename.{key}")[:1]:
                    target.append((_rule(key), split_typed(new)[1]))
            else:
                typed, canonical = split_typed(key)
                target.append((_rule(key), canonical))
                if typed:
                    out.merge_types[norm(canonical)] = typed
                for member in names(value, f"merge.{key}"):
                    target.append((_rule(member), canonical))
    split = data.get("split", {})
    if isinstance(split, dict):
        for key, value in split.items():
            for alias in names(value, f"split.{key}"):
                out.split.append((norm(split_typed(key)[1]), norm(split_typed(alias)[1])))
    types = data.get("type", {})
    if isinstance(types, dict):
        for key, value in types.items():
            if isinstance(value, str) and value.lower() in TYPES:
                out.types.append((_rule(key), value.lower()))
            else:
                out.errors.append(f"{path}: type.{key}: expected one of {', '.join(TYPES)}")
    for msg in out.errors:
        print(f"spacetui: {msg}", file=sys.stderr)
    return out


# --- writing corrections (from the app) ---------------------------------------------------------
# Each adds one correction to the file in place (spacetui.tomledit): the user's comments, order and
# other entries stay as written. The entity a correction is about is written "type:Name", so that
# hiding the person "Washington" leaves the place alone.


class CorrectionError(Exception):
    """The corrections file could not be changed; the message says why, in words."""


def typed(type_: str, name: str) -> str:
    return f"{type_}:{name}"


def hide(path: Path, type_: str, name: str) -> None:
    data = _read(path)
    current = _names_of(data.get("hide", []))
    entry = typed(type_, name)
    if entry not in current:
        _write(path, data, [(None, "hide", [*current, entry])])


def rename(path: Path, type_: str, name: str, new: str) -> None:
    new = new.strip()
    if not new or new.startswith("#"):
        raise CorrectionError("A name cannot be empty.")
    _write(path, _read(path), [("rename", typed(type_, name), new)])


def merge(path: Path, member: tuple[str, str], into: tuple[str, str]) -> None:
    """``member`` (type, name) is the same entity as ``into``; the merged one keeps ``into``'s type.
    Whatever was merged into ``member`` before moves along with it."""
    if norm(member[1]) == norm(into[1]) and member[0] == into[0]:
        raise CorrectionError("An entity cannot be merged into itself.")
    data = _read(path)
    table = data.get("merge", {})
    if not isinstance(table, dict):
        raise CorrectionError(f"{path}: [merge] is not a table; fix it by hand first.")
    key = typed(*into)
    members = _names_of(table.get(key, []))
    edits: list[tuple[str | None, str, object]] = []
    for old in (typed(*member), member[1]):  # a merge into the member, made before
        if old in table and old != key:
            members += [m for m in _names_of(table[old]) if m not in members]
            edits.append(("merge", old, None))
    members = [m for m in members if m != key]
    if typed(*member) not in members:
        members.append(typed(*member))
    _write(path, data, [*edits, ("merge", key, members)])


def split(path: Path, canonical: str, alias: str) -> None:
    """``alias`` is not ``canonical``: never merge them."""
    data = _read(path)
    table = data.get("split", {})
    current = _names_of(table.get(canonical, [])) if isinstance(table, dict) else []
    if alias not in current:
        _write(path, data, [("split", canonical, [*current, alias])])


def retype(path: Path, type_: str, name: str, new_type: str) -> None:
    if new_type not in TYPES:
        raise CorrectionError(f"Unknown type {new_type!r}: one of {', '.join(TYPES)}.")
    _write(path, _read(path), [("type", typed(type_, name), new_type)])


def _names_of(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _read(path: Path) -> dict[str, object]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise CorrectionError(f"Could not read {path}: {exc}") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CorrectionError(f"{path} is not valid TOML ({exc}); fix it first.") from exc


def _write(path: Path, before: dict[str, object], edits: list[tuple[str | None, str, object]]) -> None:
    from spacetui import tomledit

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except OSError as exc:
        raise CorrectionError(f"Could not read {path}: {exc}") from exc
    for table, key, value in edits:
        rendered = None if value is None else tomledit.value(value)  # type: ignore[arg-type]
        text = tomledit.edit(text, table, key, rendered)
    # The edit must say exactly what was meant and keep everything else: checked, not assumed
    # (a file laid out in a way the line editor does not follow is left alone).
    expected = {k: (dict(v) if isinstance(v, dict) else v) for k, v in before.items()}
    for table, key, value in edits:
        where = expected if table is None else expected.setdefault(table, {})
        assert isinstance(where, dict)
        if value is None:
            where.pop(key, None)
        else:
            where[key] = value
    try:
        after = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        after = None
    if after != expected:
        raise CorrectionError(
            f"{path} is laid out in a way spacetui cannot edit safely; add the correction by hand."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise CorrectionError(f"Could not write {path}: {exc}") from exc
