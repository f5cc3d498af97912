"""The search box: answers as you type (the screen runs the query in a worker); Up and Down
recall earlier queries, as in a shell."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive

from spacetui.tui.messages import ResultsWanted
from spacetui.tui.widgets.ordered import OrderedInput


class SearchBar(OrderedInput):
    """Type a query; Enter goes to the results; Up recalls earlier queries (Down comes back, and
    past the newest goes to the results); Backspace on empty drops the last filter."""

    # The input sets its scrollable width to the text's on every keystroke, which Textual takes
    # for a change of layout: the whole screen laid out and drawn again to echo a key. The box's
    # own size never depends on it (an auto-sized input asks for a layout itself).
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "recall(1)", "Earlier query", show=False, id="search.history_back"),
        Binding("down", "recall(-1)", "Later query / go to results", show=False, id="search.to_results"),
    ]

    @dataclass
    class DropLastFilter(Message):
        """Backspace in an empty box: remove the last filter."""

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id)
        self.history: list[str] = []  # most recent first (the screen loads and extends it)
        self._recall = -1  # which history entry is shown (-1: what the user typed)
        self._draft = ""  # what the user typed before recalling

    def remember(self, query: str) -> None:
        """Put a query at the top of the history (once)."""
        query = query.strip()
        if query:
            self.history = [query, *(q for q in self.history if q != query)]
        self._recall = -1

    def action_recall(self, step: int) -> None:
        if self._recall >= 0 and (
            self._recall >= len(self.history) or self.value != self.history[self._recall]
        ):
            self._recall = -1  # edited since it was recalled: start over from what is there
        if self._recall < 0 and step < 0:
            self.action_to_results()
            return
        if self._recall < 0:
            self._draft = self.value
        at = self._recall + step
        if at >= len(self.history):
            self.app.bell()
            return
        self._recall = at
        self.value = self.history[at] if at >= 0 else self._draft
        self.cursor_position = len(self.value)

    def action_to_results(self) -> None:
        self.post_message(ResultsWanted())

    async def action_submit(self) -> None:
        await super().action_submit()
        self.action_to_results()

    def action_delete_left(self) -> None:
        if not self.value and self.cursor_position == 0:
            self.post_message(self.DropLastFilter())
            return
        super().action_delete_left()
