"""The help screen, generated from the bindings themselves (and the keymap), so it never drifts."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.app import App, ComposeResult
    from textual.dom import DOMNode


def sections() -> list[tuple[str, list[type[DOMNode]]]]:
    """Where each group of keys works, in the order a newcomer meets them."""
    from spacetui.tui.app import SpacetuiApp
    from spacetui.tui.screens.entity_edit import AppearsWithScreen, ChoiceScreen, NameScreen, PickEntityScreen
    from spacetui.tui.screens.main import MainScreen
    from spacetui.tui.screens.story import StoryScreen
    from spacetui.tui.widgets.article_view import ArticleView
    from spacetui.tui.widgets.chips import Chip
    from spacetui.tui.widgets.reading_pane import FindBar, ReadingPane
    from spacetui.tui.widgets.results import ResultsList
    from spacetui.tui.widgets.search_bar import SearchBar
    from spacetui.tui.widgets.sidebar import EntitySidebar
    from spacetui.tui.widgets.timeline import TimelineBar

    return [
        ("Everywhere", [SpacetuiApp, MainScreen]),
        ("Search box", [SearchBar]),
        ("Results", [ResultsList]),
        ("Timeline (T)", [TimelineBar]),
        ("Entity sidebar", [EntitySidebar]),
        ("Filter chips", [Chip]),
        ("Reading pane", [ReadingPane, ArticleView]),
        ("Find in article", [FindBar]),
        ("Story (S) and dated events (d)", [StoryScreen]),
        (
            "Dialogs (entity merge, type, rename, appears with; tags, note)",
            [PickEntityScreen, ChoiceScreen, NameScreen, AppearsWithScreen],
        ),
    ]


def own_bindings(cls: type[DOMNode]) -> list[Binding]:
    """Bindings a class declares itself (with ids), not the ones it inherits."""
    out = []
    for b in cls.__dict__.get("BINDINGS", []):
        if isinstance(b, Binding) and b.id:
            out.append(b)
    return out


def effective_keys(app: App[object], binding: Binding) -> str:
    """The keys that run a binding now (the user's keymap wins), as people write them."""
    keymap: dict[str, str] = getattr(app, "keymap", {}) or {}
    keys = keymap.get(binding.id or "", binding.key)
    shown = []
    for key in keys.split(","):
        key = key.strip()
        if key:
            shown.append(app.get_key_display(Binding(key, binding.action)))
    return ", ".join(shown)


def help_rows(app: App[object]) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(section, [(keys, description, binding id)]) for every binding with an id."""
    rows = []
    for title, classes in sections():
        entries = []
        for cls in classes:
            for b in own_bindings(cls):
                entries.append((effective_keys(app, b), b.description or b.action, b.id or ""))
        rows.append((title, entries))
    rows[0][1].extend(
        [
            (app.get_key_display(Binding("tab", "")), "Next pane or box", ""),
            (
                app.get_key_display(Binding("ctrl+p", "")),
                "Command palette: actions, articles, entities, theme",
                "",
            ),
        ]
    )
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1,question_mark", "close", "Close help", id="help.close"),
        Binding("j,down", "scroll_down", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="help.up"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = Content("Keys — rebind any of them by id in the [keymap] table of the config")
            box.border_subtitle = Content("Esc closes")
            yield Static(self._table())

    def _table(self) -> Table:
        table = Table(box=None, expand=True, show_header=True, header_style="bold", pad_edge=False)
        table.add_column("Keys", no_wrap=True)
        table.add_column("Does")
        table.add_column("id (for the keymap)", style="dim", no_wrap=True)
        for title, entries in help_rows(self.app):
            table.add_row(Text(title, style="bold underline"), "", "")
            for keys, description, bid in entries:
                table.add_row(Text(keys, style="bold"), Text(description), Text(bid))
            table.add_row("", "", "")
        return table

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up()
