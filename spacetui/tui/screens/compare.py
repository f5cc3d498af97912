"""Two articles side by side: entities in both, in one only, spelled two ways, and disagreements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from spacetui.safetext import display_text

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from spacetui.stories.compare import Comparison


def comparison_text(comparison: Comparison) -> Text:
    """The comparison as plain Text (article text never goes through markup)."""
    data: dict[str, Any] = comparison.to_dict()
    text = Text()
    for label, brief in (("1", data["first"]), ("2", data["second"])):
        text.append(f"{label}. ", style="bold")
        text.append(display_text(brief["title"]), style="bold")
        text.append(f"  {brief['date'] or 'undated'}\n", style="dim")

    def section(title: str, lines: list[str], style: str) -> None:
        text.append(f"\n{title} ({len(lines)})\n", style=style)
        for line in lines or ["none"]:
            text.append(f"  {display_text(line)}\n")

    section(
        "Spelled two ways",
        [f"{v['first']} / {v['second']} ({v['type']})" for v in data["variants"]],
        "bold yellow",
    )
    section(
        "Disagree",
        [
            f"{c['entity']}: {c['kind']} {', '.join(c['first'])} in 1, {', '.join(c['second'])} in 2"
            for c in data["conflicts"]
        ],
        "bold red",
    )
    section("In both", [f"{e['name']} ({e['type']})" for e in data["shared"]], "bold cyan")
    section("Only in 1", [f"{e['name']} ({e['type']})" for e in data["only_first"]], "bold cyan")
    section("Only in 2", [f"{e['name']} ({e['type']})" for e in data["only_second"]], "bold cyan")
    return text


class CompareScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="compare.close"),
        Binding("j", "scroll_down", "Down", show=False, id="compare.down"),
        Binding("k", "scroll_up", "Up", show=False, id="compare.up"),
    ]

    def __init__(self, comparison: Comparison) -> None:
        super().__init__()
        self.comparison = comparison

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="compare-box") as box:
            box.border_title = Content("Compare two articles")
            box.border_subtitle = Content("Esc closes")
            yield Static(comparison_text(self.comparison), id="compare-text")

    def on_mount(self) -> None:
        self.query_one("#compare-box").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one("#compare-box", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#compare-box", VerticalScroll).scroll_up()
