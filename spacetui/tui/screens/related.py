"""Articles related to the open one (Whoosh's more-like-this), to open in the pane."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from spacetui.tui.widgets.results import ResultCard

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from spacetui.search.results import Hit


class RelatedScreen(ModalScreen["Hit | None"]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss_none", "Close", id="related.close"),
        Binding("j", "list_down", "Down", show=False, id="related.down"),
        Binding("k", "list_up", "Up", show=False, id="related.up"),
    ]

    def __init__(self, title: str, hits: list[Hit], heading: str = "Related to") -> None:
        super().__init__()
        self.title_text = title
        self.hits = hits
        self.heading = heading

    def compose(self) -> ComposeResult:
        with Vertical(id="related-box") as box:
            box.border_title = Content(f"{self.heading} “{self.title_text}”")
            box.border_subtitle = Content("Enter opens · Esc closes")
            yield OptionList(*[Option(ResultCard(h, n + 1)) for n, h in enumerate(self.hits)])

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[event.option_index])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def action_list_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_list_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()
