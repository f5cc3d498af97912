"""The search box: answers as you type (the screen debounces and runs the query in a worker)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message

from spacetui.tui.widgets.ordered import OrderedInput


class SearchBar(OrderedInput):
    """Type a query; Enter or Down goes to the results; Backspace on empty drops the last filter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_results", "Go to results", show=False, id="search.to_results"),
    ]

    class DropLastFilter(Message):
        pass

    def action_to_results(self) -> None:
        # Focus moves now (set_focus), not on a later message: the next key goes there.
        results = self.screen.query("#results")
        if results and results.first().display and results.first().focusable:
            self.screen.set_focus(results.first())

    async def action_submit(self) -> None:
        await super().action_submit()
        self.action_to_results()

    def action_delete_left(self) -> None:
        if not self.value and self.cursor_position == 0:
            self.post_message(self.DropLastFilter())
            return
        super().action_delete_left()
