"""Entity corrections asked for in the sidebar, as plain Python: the question each one asks,
and the change to entities.toml (``spacetui.entities.overrides``) its answer makes, with what to
say and which entity the sidebar follows afterwards.

No Textual here (the screen's ``EntityCorrections`` opens the dialogs and runs the changes in a
worker); the unit tests apply the changes to a real file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacetui.safetext import display_text

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from spacetui.entities import EntityInfo


@dataclass(frozen=True, slots=True)
class Correction:
    """A change to entities.toml: ``change(path)`` writes it; ``follow`` is the (type, name)
    the corrected entity has afterwards, for the sidebar to keep it in view."""

    change: Callable[[Path], None]
    notice: str
    follow: tuple[str, str] | None = None


def label(info: EntityInfo) -> str:
    return f"{info.type}: {display_text(info.name)}"


def hidden(info: EntityInfo) -> Correction:
    from spacetui.entities import overrides

    return Correction(
        lambda path: overrides.hide(path, info.type, info.name), f"Hidden {label(info)} (u undoes it)."
    )


def renamed(info: EntityInfo, new: str | None) -> Correction | None:
    """Rename to ``new`` (None: the dialog was cancelled or the name is unchanged)."""
    from spacetui.entities import overrides

    if not new or new == info.name:
        return None
    return Correction(
        lambda path: overrides.rename(path, info.type, info.name, new),
        f"Renamed {label(info)} to {display_text(new)}.",
        (info.type, new),
    )


def merged(info: EntityInfo, into: EntityInfo | None) -> Correction | None:
    from spacetui.entities import overrides

    if into is None:
        return None
    return Correction(
        lambda path: overrides.merge(path, (info.type, info.name), (into.type, into.name)),
        f"Merged {label(info)} into {label(into)}.",
        (into.type, into.name),
    )


def retyped(info: EntityInfo, new: str | None) -> Correction | None:
    from spacetui.entities import overrides

    if not new or new == info.type:
        return None
    return Correction(
        lambda path: overrides.retype(path, info.type, info.name, new),
        f"{display_text(info.name)} is now a {new}.",
        (new, info.name),
    )


def split_off(info: EntityInfo, alias: str | None) -> Correction | None:
    from spacetui.entities import overrides

    if not alias:
        return None
    return Correction(
        lambda path: overrides.split(path, info.name, alias),
        f"Split {display_text(alias)} off {label(info)}; articles that name both are "
        "regrouped at the next `spacetui index`.",
    )


def type_choices() -> list[tuple[str, str]]:
    """The types an entity can be given (a date is found, not chosen)."""
    from spacetui.entities import overrides

    return [(t, t) for t in overrides.TYPES if t != "date"]


def alias_choices(info: EntityInfo) -> list[tuple[str, str]]:
    """The other names that can be split off an entity (none: nothing to split)."""
    return [(a, display_text(a)) for a in info.aliases]
