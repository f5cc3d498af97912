"""The sidebar: saved searches (with new matches) on top, then the entities of the current
results: who, which organisation, where and when."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from spacetui.safetext import display_text
from spacetui.tui.messages import OpenSaved, ToggleEntity
from spacetui.tui.widgets.laid_out import LaidOut
from spacetui.tui.widgets.ordered import OrderedKeys
from spacetui.tui.widgets.quick_lines import QuickOptionList
from spacetui.tui.widgets.steady import SteadyScrollbars

if TYPE_CHECKING:
    from spacetui.entities import EntityInfo
    from spacetui.search.saved import SavedStatus

TYPE_LABELS = {
    "person": "People",
    "org": "Organisations",
    "place": "Places",
    "date": "Dates",
    "work": "Works",
    "product": "Products",
    "event": "Events",
}
PER_TYPE = 8  # shown per type until "more" is chosen


def entity_label(info: EntityInfo) -> str:
    """'Yulia Peresild (also: Pereslid)': aliases and spelling variants stay visible."""
    name = display_text(info.name)
    if info.aliases:
        return f"{name} (also: {display_text(info.also())})"
    return name


MAX_LINES = 2  # of one entity in the sidebar and pickers


class EntityLine(LaidOut):
    """One entity: a mark, the name with its aliases, the count; continuation lines indented."""

    def __init__(self, mark: str, label: str, count: int) -> None:
        self.mark, self.label, self.count = mark, label, count

    def _name_width(self, width: int) -> int:
        return max(12, width) - 2 - len(f"{self.count:>4}")

    def height(self, width: int) -> int:
        # Counted, not laid out (50 names on every search): the name wraps only where its last
        # word would end past the column, and shows on two lines at most.
        if self.label.strip() and "\n" not in self.label:
            return 1 if cell_len(self.label.rstrip()) <= self._name_width(width) else MAX_LINES
        return super().height(width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(12, options.max_width)
        count = f"{self.count:>4}"
        # The name wraps beside the count column; continuation lines are indented. Two lines at
        # most: a long list of aliases ends in "…" rather than filling the sidebar.
        name_width = self._name_width(width)
        label = self.label
        if "\n" not in label and "\t" not in label and cell_len(label) <= name_width:
            lines = [Text(label)]  # (most names: nothing to wrap)
        else:
            lines = list(Text(label).wrap(console, name_width, overflow="fold"))
        if len(lines) > MAX_LINES:
            lines = lines[:MAX_LINES]
            lines[-1].truncate(name_width - 1)
            lines[-1].append("…")
        for n, line in enumerate(lines):
            row = Text(self.mark if n == 0 else "    ", style="bold")
            row.append_text(line)
            if n == 0:
                row.pad_right(width - len(count) - row.cell_len)
                row.append(count, style="dim")
            row.end = "\n"  # Textual counts an option's height by its newlines
            row.no_wrap = True
            yield row


def saved_label(status: SavedStatus) -> str:
    """'climate  +3 new': the name, and the matches new since it was last opened."""
    name = display_text(status.search.name)
    if status.error:
        return f"{name}  (cannot run)"
    return f"{name}  +{status.new} new" if status.new else name


class EntitySidebar(OrderedKeys, SteadyScrollbars, QuickOptionList):
    """Saved searches (total and new counts), then the entities of the current result set,
    grouped by type, with article counts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Filter by entity / open the saved search", id="sidebar.choose"),
        Binding("j", "cursor_down", "Down", show=False, id="sidebar.down"),
        Binding("k", "cursor_up", "Up", show=False, id="sidebar.up"),
        Binding("g", "first", "First", show=False, id="sidebar.first"),
        Binding("G", "last", "Last", show=False, id="sidebar.last"),
        Binding("w", "act('with')", "Appears with", id="sidebar.with"),
        Binding("d", "events", "Dated events", show=False, id="sidebar.events"),
        Binding(
            "r", "act('rename')", "Rename (an entity or a saved search)", show=False, id="sidebar.rename"
        ),
        Binding("m", "act('merge')", "Merge into…", show=False, id="sidebar.merge"),
        Binding("a", "act('split')", "Split off an alias", show=False, id="sidebar.split"),
        Binding("t", "act('type')", "Change type", show=False, id="sidebar.type"),
        Binding(
            "x", "act('hide')", "Hide the entity / delete the saved search", show=False, id="sidebar.hide"
        ),
        Binding("u", "undo", "Undo the last correction", show=False, id="sidebar.undo"),
    ]

    @dataclass
    class SavedAct(Message):
        """Rename (``what`` = rename) or delete (remove) the saved search ``name``."""

        name: str
        what: str

    @dataclass
    class EventsWanted(Message):
        """The dated events whose sentence names the entity ``info``."""

        info: EntityInfo

    @dataclass
    class Undo(Message):
        """Put entities.toml back as it was before the last correction made in the app."""

    @dataclass
    class Act(Message):
        """A key asked for something about the highlighted entity: ``what`` is ``with``
        (appears with) or a correction: ``rename``, ``merge``, ``split``, ``type``, ``hide``."""

        info: EntityInfo
        what: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.facets: list[EntityInfo] = []
        self.totals: dict[str, int] = {}  # entities of each type the results name (facets: the most named)
        self.saved: list[SavedStatus] = []
        self.chosen: set[tuple[str, str]] = set()
        self.expanded: set[str] = set()
        self._by_option: dict[str, EntityInfo] = {}
        self.follow: tuple[str, str] | None = None  # (type, name) to highlight once it is listed

    def set_facets(
        self, facets: list[EntityInfo], chosen: set[tuple[str, str]], totals: dict[str, int]
    ) -> None:
        self.facets = facets
        self.totals = totals
        self.chosen = chosen
        self._rebuild()

    def set_saved(self, statuses: list[SavedStatus]) -> None:
        self.saved = statuses
        self._rebuild()

    def _rebuild(self) -> None:
        keep = self.highlighted_option.id if self.highlighted_option else None
        at = self.highlighted or 0
        if self.follow is not None:
            # A corrected entity (renamed, retyped, merged into another): the highlight goes with it.
            type_, name = self.follow
            self.follow = None
            keep = f"e:{type_}:{name}"
            self.expanded.add(type_)
        groups: dict[str, list[EntityInfo]] = {}
        for info in self.facets:
            groups.setdefault(info.type, []).append(info)
        order = [t for t in TYPE_LABELS if t in groups] + sorted(t for t in groups if t not in TYPE_LABELS)
        options: list[Option] = []
        self._by_option = {}
        if self.saved:
            options.append(
                Option(Text(f"Saved ({len(self.saved)})", style="bold"), id="head:saved", disabled=True)
            )
            for status in self.saved:
                line = EntityLine("  ", saved_label(status), status.total)
                options.append(Option(line, id=f"s:{status.search.name}"))
        for type_ in order:
            items = groups[type_]
            named = self.totals.get(type_, len(items))
            header = Text(f"{TYPE_LABELS.get(type_, type_.title())} ({named:,})", style="bold")
            options.append(Option(header, id=f"head:{type_}", disabled=True))
            shown = items if type_ in self.expanded else items[:PER_TYPE]
            for info in shown:
                oid = f"e:{type_}:{info.name}"  # stable across rebuilds: the highlight stays put
                self._by_option[oid] = info
                mark = "● " if (info.type, info.name) in self.chosen else "  "
                options.append(Option(EntityLine(mark, entity_label(info), info.articles), id=oid))
            if len(items) > len(shown):
                more = Text(f"  … {named - len(shown):,} more", style="italic dim")
                options.append(Option(more, id=f"more:{type_}"))
            elif named > len(shown):
                # (the most named of a type are listed: the rest are in fewer of these articles)
                rest = Text(f"  … {named - len(shown):,} more in fewer articles", style="italic dim")
                options.append(Option(rest, id=f"rest:{type_}", disabled=True))
        if not order:
            options.append(Option(Text("No entities in these results.", style="dim"), disabled=True))
        self.replace_options(options)
        if keep is not None:
            try:
                self.highlighted = self.get_option_index(keep)
            except Exception:
                # Gone (merged, hidden, renamed): stay where it was, on the next entity.
                self.highlighted = self._nearest_entity(at)

    def _nearest_entity(self, at: int) -> int | None:
        ids = [o.id or "" for o in self.options]
        after = [n for n in range(at, len(ids)) if ids[n].startswith(("e:", "s:"))]
        before = [n for n in range(min(at, len(ids)) - 1, -1, -1) if ids[n].startswith(("e:", "s:"))]
        found = after or before
        return found[0] if found else None

    def action_choose(self) -> None:
        option = self.highlighted_option
        if option is None or option.id is None:
            return
        if option.id.startswith("s:"):
            self.post_message(OpenSaved(option.id[2:]))
            return
        if option.id.startswith("more:"):
            self.expanded.add(option.id[5:])
            self._rebuild()
            return
        info = self._by_option.get(option.id)
        if info is not None:
            self.post_message(ToggleEntity(info))

    @property
    def highlighted_entity(self) -> EntityInfo | None:
        option = self.highlighted_option
        return self._by_option.get(option.id) if option is not None and option.id else None

    @property
    def highlighted_saved(self) -> str | None:
        option = self.highlighted_option
        return option.id[2:] if option is not None and option.id and option.id.startswith("s:") else None

    def action_act(self, what: str) -> None:
        name = self.highlighted_saved
        if name is not None:
            if what in ("rename", "hide"):
                self.post_message(self.SavedAct(name, "rename" if what == "rename" else "remove"))
            else:
                self.notify("On a saved search: Enter opens it, r renames, x deletes.", timeout=3)
            return
        info = self.highlighted_entity
        if info is None:
            self.notify("Highlight an entity first (j/k).", timeout=3)
            return
        self.post_message(self.Act(info, what))

    def _on_focus(self, event: events.Focus) -> None:
        # The first row is a type's heading, which cannot be highlighted: without this, the
        # sidebar's keys (Enter, w, r, m ...) would do nothing until the user pressed j.
        if self.highlighted is None:
            self.highlighted = self._nearest_entity(0)

    def action_events(self) -> None:
        info = self.highlighted_entity
        if info is None:
            self.notify("Highlight an entity first (j/k).", timeout=3)
            return
        self.post_message(self.EventsWanted(info))

    def action_undo(self) -> None:
        self.post_message(self.Undo())

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.highlighted = event.option_index
        self.action_choose()
