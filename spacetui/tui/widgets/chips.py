"""Filter chips under the search bar: one per active filter, each removable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import HorizontalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from spacetui.safetext import display_text
from spacetui.tui.widgets.ordered import OrderedKeys

if TYPE_CHECKING:
    from textual import events

    from spacetui.search.results import Filter


class Chip(OrderedKeys, Static, can_focus=True):
    """One filter; Enter, Delete or a click removes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,delete,backspace,x", "remove", "Remove filter", id="chip.remove"),
    ]

    @dataclass
    class Remove(Message):
        filter: Filter

    def __init__(self, filter: Filter) -> None:
        # Entity names come from articles: plain Content, never markup.
        super().__init__(Content(f"{display_text(filter.label)} ✕"))
        self.filter = filter

    def action_remove(self) -> None:
        self.post_message(self.Remove(self.filter))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_remove()


class FilterChips(HorizontalScroll, can_focus=False):
    """The row of chips (hidden when there are no filters)."""

    async def set_filters(self, filters: list[Filter]) -> None:
        await self.remove_children()
        if filters:
            await self.mount_all([Chip(f) for f in filters])
        self.display = bool(filters)
