"""The result list: one card per hit (title, date/source/author, snippet), a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from spacetui.safetext import display_text, inline_text
from spacetui.tui.messages import LibraryEditRequested, OpenArticle, library_bindings
from spacetui.tui.widgets.laid_out import LaidOut
from spacetui.tui.widgets.ordered import OrderedKeys
from spacetui.tui.widgets.quick_lines import QuickOptionList
from spacetui.tui.widgets.steady import SteadyScrollbars

if TYPE_CHECKING:
    from textual import events

    from spacetui.library import ArticleState
    from spacetui.search.results import Hit, Segment

HIT_STYLE = Style(bold=True, underline=True)
MORE_WHEN_WITHIN = 10  # fetch the next page when the cursor is this close to the end


def segments_text(segments: list[Segment], base: str | Style = "") -> Text:
    """Untrusted (text, is_hit) runs as one line of plain Text: styles by span, never markup."""
    text = Text(style=base, end="")
    for chunk, hit in segments:
        run = inline_text(chunk)
        core = run.strip()
        if not core:
            text.append(run)
            continue
        if run[:1] == " ":
            text.append(" ")
        text.append(core, style=HIT_STYLE if hit else "")
        if run[-1:] == " ":
            text.append(" ")
    return text


def tags_text(state: ArticleState) -> Text:
    return Text(" ".join(f"#{display_text(t)}" for t in state.tags), style="magenta")


def state_marks(state: ArticleState) -> Text:
    """Tags and a note mark, for the end of a line (" · #climate #to-read · ✎")."""
    text = Text()
    if state.tags:
        text.append(" · ")
        text.append_text(tags_text(state))
    if state.note:
        text.append(" · ✎", style="cyan")
    return text


def _snippet_width(width: int) -> int:
    return max(4, max(10, width) - 5)  # indented under the number and marks


def _cards(hits: list[Hit], start: int) -> list[Option]:
    """Options for ``hits``, numbered on from ``start`` results already listed."""
    return [Option(ResultCard(h, start + n)) for n, h in enumerate(hits, 1)]


class ResultCard(LaidOut):
    """One hit: title line, meta line, up to two lines of snippet. Laid out once per width (the
    focus leaving the list, opening an article, changes every card's style), and its height
    counted, not laid out: a search fills 50 cards and shows ~9."""

    def __init__(self, hit: Hit, number: int) -> None:
        self.hit = hit
        self.number = number
        self._snippet = ""  # as drawn (plain), once asked for

    def height(self, width: int) -> int:
        snippet = self._snippet = self._snippet or segments_text(self.hit.snippet).plain
        if not snippet.strip() or "\n" in snippet:
            return super().height(width)
        # One line when it fits, or is one word (cut with "…"); else it wraps, to two at most.
        fits = cell_len(snippet.rstrip()) <= _snippet_width(width) or len(snippet.split()) == 1
        return 2 + (1 if fits else 2)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(10, options.max_width)
        hit = self.hit
        state = hit.state
        title = Text(f"{self.number:>2}.", style="dim")
        # the marks column: unread dot, star (never from article text)
        title.append(" " if state.read else "•", style="bold")
        title.append("★ " if state.starred else "  ", style="yellow")
        title.append_text(
            segments_text(hit.title_segments or [(hit.title, False)], "" if state.read else "bold")
        )
        title.truncate(width, overflow="ellipsis")
        meta = [hit.date or "undated", hit.source, ", ".join(hit.authors)]
        line = Text("     " + " · ".join(display_text(m) for m in meta if m), style="dim")
        if hit.versions:  # copies folded under this result: '+' lists them
            n = len(hit.versions)
            line.append(f"  +{n} version{'s' if n != 1 else ''}", style="bold yellow")
        line.append_text(state_marks(state))
        line.truncate(width, overflow="ellipsis")
        lines = [title, line]
        snippet = segments_text(hit.snippet)
        inner = _snippet_width(width)
        wrapped = list(snippet.wrap(console, inner, overflow="ellipsis"))
        if len(wrapped) > 2:
            wrapped = wrapped[:2]
            wrapped[1].rstrip()
            wrapped[1].truncate(inner - 1, overflow="crop")
            if not wrapped[1].plain.endswith("…"):  # a snippet's own "…" says it already
                wrapped[1].append("…")
        for part in wrapped:
            part.pad_left(5)
            lines.append(part)
        for part in lines:
            # Textual counts an option's height by its newlines: every line ends with one.
            part.end = "\n"
            part.no_wrap = True
            yield part


class ResultsList(OrderedKeys, SteadyScrollbars, QuickOptionList):
    """Hits for the current query; more pages load as the cursor nears the end."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="results.open"),
        Binding("v", "open_split", "Open beside", id="results.open_split"),
        Binding("plus", "versions", "Versions", show=False, id="results.versions"),
        Binding("S", "story", "Story", show=False, id="results.story"),
        Binding("m", "mark", "Mark to compare", show=False, id="results.mark"),
        Binding("c", "compare", "Compare with marked", show=False, id="results.compare"),
        Binding("j", "cursor_down", "Down", show=False, id="results.down"),
        Binding("k", "cursor_up", "Up", show=False, id="results.up"),
        Binding("g", "first", "First", show=False, id="results.first"),
        Binding("G", "last", "Last", show=False, id="results.last"),
        Binding("e", "screen.export_results", "Export results", id="results.export"),
        *library_bindings("results"),
    ]

    @dataclass
    class VersionsWanted(Message):
        hit: Hit

    @dataclass
    class StoryWanted(Message):
        """The story ``hit`` is in: its articles, sources and dated events."""

        hit: Hit

    @dataclass
    class CompareWanted(Message):
        """Compare ``first`` (marked with m; None: nothing marked yet) with ``second``."""

        first: Hit | None
        second: Hit

    @dataclass
    class MoreWanted(Message):
        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ResultsList.MoreWanted)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: list[Hit] = []
        self.total = 0
        self.loading_more = False
        self.to_last = False  # G/End asked for the last result: follow the pages as they load
        self._landing = False  # the cursor is being moved by a page landing, not by the reader
        self.marked: Hit | None = None  # the first article of a compare (m), kept across searches
        self._cards_width = -1  # the width the cards were laid out at

    def on_resize(self, event: events.Resize) -> None:
        # The option list forgets every card's lines on any resize; they depend on the width
        # only, and a reading pane opening below changes the height (50 cards measured again).
        if event.size.width == self._cards_width:
            event.prevent_default()
            self.refresh()
        self._cards_width = event.size.width

    def set_hits(self, hits: list[Hit], total: int, *, last: bool = False) -> None:
        """A new first page; ``last``: it holds every result there is (the list asks for no more)."""
        self.hits = list(hits)
        self.total = len(self.hits) if last else total
        self.loading_more = False
        self.to_last = False
        self.replace_options(_cards(self.hits, 0))
        if self.hits:
            self.highlighted = 0

    def add_hits(self, hits: list[Hit], *, last: bool = False) -> None:
        have = {h.id for h in self.hits}
        fresh = [h for h in hits if h.id not in have]
        start = len(self.hits)
        self.hits.extend(fresh)
        if last:  # before the cursor moves: a cursor near the end would ask for a page more
            self.total = len(self.hits)
        self.loading_more = False
        self.add_options(_cards(fresh, start))
        if self.to_last:
            self.to_last = bool(fresh) and len(self.hits) < self.total
            if self.hits:
                self._landing = True
                try:
                    self.highlighted = len(self.hits) - 1  # asks for the next page while short
                finally:
                    self._landing = False

    def update_state(self, content_hash: str, article_id: str, state: ArticleState) -> None:
        """Show an article's new library state in its card (the same content anywhere in the list)."""
        from dataclasses import replace

        for n, hit in enumerate(self.hits):
            if hit.content_hash == content_hash or hit.id == article_id:
                self.hits[n] = replace(hit, state=state)
                self.replace_option_prompt_at_index(n, ResultCard(self.hits[n], n + 1))

    def action_library(self, what: str) -> None:
        hit = self.current
        if hit is not None:
            from spacetui.library import ArticleRef

            ref = ArticleRef(hit.id, hit.content_hash, hit.path, hit.title)
            self.post_message(LibraryEditRequested(ref, hit.state, what))

    def action_last(self) -> None:
        """The real last result: the pages still to load are fetched on the way."""
        self.to_last = len(self.hits) < self.total
        super().action_last()

    @property
    def current(self) -> Hit | None:
        if self.highlighted is None or not (0 <= self.highlighted < len(self.hits)):
            return None
        return self.hits[self.highlighted]

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if self.to_last and not self._landing and highlighted != len(self.hits) - 1:
            # the reader moved elsewhere before the pages came: they must not pull the cursor back
            self.to_last = False
        if (
            highlighted is not None
            and not self.loading_more
            and len(self.hits) < self.total
            and highlighted >= len(self.hits) - MORE_WHEN_WITHIN
        ):
            self.loading_more = True
            self.post_message(self.MoreWanted())

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        # (scrolled by the wheel or the scroll bar, the cursor stays put: ask as it would)
        if (
            new_value > old_value
            and not self.loading_more
            and len(self.hits) < self.total
            and new_value >= self.max_scroll_y - self.scrollable_content_region.height
        ):
            self.loading_more = True
            self.post_message(self.MoreWanted())

    @staticmethod
    def _open(hit: Hit, *, split: bool) -> OpenArticle:
        return OpenArticle(hit.id, split=split, words=hit.words, from_results=True)

    def action_open(self) -> None:
        self.to_last = False
        if self.current is not None:
            self.post_message(self._open(self.current, split=False))

    def action_versions(self) -> None:
        if self.current is not None:
            self.post_message(self.VersionsWanted(self.current))

    def action_story(self) -> None:
        if self.current is not None:
            self.post_message(self.StoryWanted(self.current))

    def action_mark(self) -> None:
        if self.current is not None:
            self.marked = self.current
            self.notify(f"Marked “{display_text(self.current.title)}”: press c on another result to compare.")

    def action_compare(self) -> None:
        if self.current is not None:
            self.post_message(self.CompareWanted(self.marked, self.current))

    def action_open_split(self) -> None:
        if self.current is not None:
            self.post_message(self._open(self.current, split=True))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # A mouse click selects: open it, like Enter.
        event.stop()
        self.action_open()
