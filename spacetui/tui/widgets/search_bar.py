"""The search box: answers as you type (the screen debounces and runs the query in a worker)."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class OrderedInput(Input):
    """An Input that applies Backspace in order with the keys around it.

    Textual runs a key's binding after the printable keys that arrived in the same read have
    been inserted, so a fast "⌫x" burst (a quick typist, or tmux send-keys) deleted the x.
    """

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "backspace":
            event.stop()
            event.prevent_default()
            self.action_delete_left()
            return
        await super()._on_key(event)


class SearchBar(OrderedInput):
    """Type a query; Enter or Down goes to the results; Backspace on empty drops the last filter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_results", "Go to results", show=False, id="search.to_results"),
    ]

    class ToResults(Message):
        pass

    class DropLastFilter(Message):
        pass

    def action_to_results(self) -> None:
        self.post_message(self.ToResults())

    async def action_submit(self) -> None:
        await super().action_submit()
        self.post_message(self.ToResults())

    def action_delete_left(self) -> None:
        if not self.value and self.cursor_position == 0:
            self.post_message(self.DropLastFilter())
            return
        super().action_delete_left()
