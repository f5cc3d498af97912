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
    Keys queued here after focus moved on are passed on to the newly focused widget.
    """

    async def _on_key(self, event: events.Key) -> None:
        if self.screen.focused is not self and self.screen.focused is not None:
            # This key came in the same burst as the one that moved focus away ("⏎G" typed
            # fast): hand it to the widget that has focus now, as the typist meant.
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
            return
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

    async def _on_key(self, event: events.Key) -> None:
        # Move focus at once, in order: "⏎G" typed fast must send G to the results, not here.
        if event.key == "enter" and self.screen.focused is self:
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, self.value))
            self.action_to_results()
            return
        await super()._on_key(event)

    def action_to_results(self) -> None:
        results = self.screen.query("#results")
        if results and results.first().display and results.first().focusable:
            self.screen.set_focus(results.first())
        self.post_message(self.ToResults())

    def action_delete_left(self) -> None:
        if not self.value and self.cursor_position == 0:
            self.post_message(self.DropLastFilter())
            return
        super().action_delete_left()
