"""A story (S on a result): its articles by date with their sources, its dated events, and
comparing two of its articles. The same screen lists an entity's dated events (d in the sidebar).

Enter opens the highlighted article (or the article an event comes from) in the reading pane;
``m`` marks an article and ``c`` compares the highlighted one with it (with the story's first
article when none is marked).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from spacetui.safetext import display_text

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from spacetui.search.results import Hit
    from spacetui.stories.compare import Comparison
    from spacetui.stories.events import Event
    from spacetui.tui.app import SpacetuiApp


def article_row(hit: Hit, marked: bool = False) -> Text:
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append("▸ " if marked else "  ", style="bold yellow")
    row.append(f"{hit.date or 'undated':<10}  ", style="dim")
    row.append(f"{display_text(hit.source or '—')[:24]:<24}  ", style="cyan")
    row.append(display_text(hit.title) or "(untitled)", style="bold")
    return row


def story_counts(hits: list[Hit]) -> str:
    """The story's heading: "3 articles, 2 sources, by date". The sources counted are the names
    a source field holds (an article without one is no source); "source unknown" when none has
    one."""
    sources = len({name for h in hits if (name := display_text(h.source or "").strip().casefold())})
    noun = "article" if len(hits) == 1 else "articles"
    if not sources:
        said = "source unknown" if len(hits) == 1 else "sources unknown"
    else:
        said = f"{sources} source{'s' * (sources != 1)}"
    return f"{len(hits)} {noun}, {said}, by date"


def event_row(event: Event) -> Text:
    row = Text()
    row.append(f"{event.day}  ", style="bold cyan")
    said = Text(display_text(event.text))
    said.highlight_words([display_text(event.when)], style="bold", case_sensitive=True)
    row.append_text(said)
    row.append(f"  — {display_text(event.source or event.title)}", style="dim")
    return row


class StoryScreen(ModalScreen["str | None"]):
    """Dismissed with the id of the article to open, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss_none", "Close", id="story.close"),
        Binding("m", "mark", "Mark to compare", id="story.mark"),
        Binding("c", "compare", "Compare with the marked", id="story.compare"),
        Binding("j", "list_down", "Down", show=False, id="story.down"),
        Binding("k", "list_up", "Up", show=False, id="story.up"),
    ]

    def __init__(self, heading: str, hits: list[Hit], events: list[Event]) -> None:
        super().__init__()
        self.heading = heading
        self.hits = hits
        self.events = events
        self.marked: Hit | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="story-box") as box:
            box.border_title = Content(self.heading)
            keys = "Enter opens · m marks · c compares · Tab to events · Esc closes"
            box.border_subtitle = Content(keys if self.hits else "Enter opens · Esc closes")
            if self.hits:
                yield Static(Content(story_counts(self.hits)), classes="story-heading")
                yield OptionList(*[Option(article_row(h)) for h in self.hits], id="story-articles")
            yield Static(
                Content(f"Dated events ({len(self.events)})" if self.events else "No dated events"),
                classes="story-heading",
            )
            yield OptionList(*[Option(event_row(e)) for e in self.events], id="story-events")

    def on_mount(self) -> None:
        for options in self.query(OptionList):
            if options.option_count:
                options.highlighted = 0
        self.query(OptionList).first().focus()

    def _articles(self) -> OptionList | None:
        found = self.query("#story-articles")
        return found.first(OptionList) if found else None

    @property
    def current(self) -> Hit | None:
        articles = self._articles()
        if articles is None or articles.highlighted is None:
            return None
        return self.hits[articles.highlighted]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "story-articles":
            self.dismiss(self.hits[event.option_index].id)
        else:
            self.dismiss(self.events[event.option_index].article)

    def action_mark(self) -> None:
        articles, hit = self._articles(), self.current
        if articles is None or hit is None:
            return
        self.marked = None if self.marked is hit else hit
        for n, h in enumerate(self.hits):
            articles.replace_option_prompt_at_index(n, article_row(h, h is self.marked))

    def action_compare(self) -> None:
        hit = self.current
        if hit is None:
            return
        other = self.marked or self.hits[0]
        if other is hit:
            self.notify("Mark another article with m, or move to another one.", timeout=4)
            return
        self._compare(other.id, hit.id)

    @work(thread=True, exclusive=True, group="story-compare")
    def _compare(self, first_id: str, second_id: str) -> None:
        app: SpacetuiApp = self.app  # type: ignore[assignment]
        try:
            comparison = app.backend.compare(first_id, second_id)
        except Exception as exc:
            app.call_from_thread(
                self.notify, f"Could not compare: {display_text(str(exc))}", severity="error"
            )
            return
        if comparison is not None:
            app.call_from_thread(self._show_comparison, comparison)

    def _show_comparison(self, comparison: Comparison) -> None:
        from spacetui.tui.screens.compare import CompareScreen

        self.app.push_screen(CompareScreen(comparison))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def action_list_down(self) -> None:
        focused = self.focused
        if isinstance(focused, OptionList):
            focused.action_cursor_down()

    def action_list_up(self) -> None:
        focused = self.focused
        if isinstance(focused, OptionList):
            focused.action_cursor_up()
