"""A reading pane: the article view, its own find (n/N, "k of N") and mention stepping."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from spacetui.library import NO_STATE, ArticleRef, ArticleState
from spacetui.safetext import display_text
from spacetui.tui.document import Document, Span
from spacetui.tui.messages import FindReady, FocusWanted, LibraryEditRequested, ZoomWanted, library_bindings
from spacetui.tui.widgets.article_view import ArticleView
from spacetui.tui.widgets.ordered import OrderedInput

if TYPE_CHECKING:
    from rich.text import Text
    from textual.app import ComposeResult

    from spacetui.articles.model import Article
    from spacetui.tui.app import SpacetuiApp


class FindBar(OrderedInput):
    """Type to find in the open article; Enter keeps the find, Esc closes the bar."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close find", id="find.close"),
    ]

    def _close(self) -> None:
        pane = self.parent
        if isinstance(pane, ReadingPane):
            pane.close_find()

    def action_close(self) -> None:
        self._close()

    async def action_submit(self) -> None:
        self._close()


class ReadingPane(Vertical, can_focus=False):
    """One article. Each pane keeps its own scroll, find and mention state."""

    ALLOW_MAXIMIZE = True  # z: the pane (with its find bar) fills the screen

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_hit", "Next hit", id="pane.next_hit"),
        Binding("N", "prev_hit", "Previous hit", show=False, id="pane.prev_hit"),
        # "/" is the search box everywhere (MainScreen); find in the article has its own key.
        Binding("f", "find", "Find in article", id="pane.find"),
        Binding("m", "next_mention", "Next mention", show=False, id="pane.next_mention"),
        Binding("M", "prev_mention", "Previous mention", show=False, id="pane.prev_mention"),
        Binding("r", "toggle_raw", "Raw text", show=False, id="pane.raw"),
        Binding("R", "related", "Related", id="pane.related"),
        Binding("y", "copy", "Copy", show=False, id="pane.copy"),
        Binding("e", "export", "Export Markdown", show=False, id="pane.export"),
        Binding("p", "pager", "Open in $PAGER", show=False, id="pane.pager"),
        Binding("E", "editor", "Open in $EDITOR", show=False, id="pane.editor"),
        Binding("o", "open_url", "Open its web page", show=False, id="pane.open_url"),
        Binding("z", "zoom", "Zoom pane", show=False, id="pane.zoom"),
        Binding("x", "close", "Close pane", id="pane.close"),
        *library_bindings("pane", show=False),  # (a footer with them all hides Quit at 120 columns)
    ]

    @dataclass
    class CloseRequested(Message):
        pane: ReadingPane

    @dataclass
    class ReloadRequested(Message):
        """Load the article again (raw text toggled)."""

        pane: ReadingPane

    @dataclass
    class RelatedRequested(Message):
        pane: ReadingPane

    @dataclass
    class Changed(Message):
        """The pane's state (find, mentions, position) changed: for tests and the status line."""

        pane: ReadingPane

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.document: Document | None = None
        self.article_id: str | None = None
        self.state: ArticleState = NO_STATE  # the article's library state
        self.raw = False
        self.find_query = ""
        self.hits: list[Span] = []
        self.current_hit: int | None = None
        self.find_error: str | None = None
        self.mention_keys: list[str] = []
        self.mentions: list[Span] = []
        self.current_mention: int | None = None
        self._find_seq = 0
        self._applied_seq = 0
        self._pending_steps = 0  # n/N pressed while the newest find was still running
        self._find_text = ""  # what the newest started find looks for
        self._library_line: Text | None = None  # what the library line shows

    @property
    def _app(self) -> SpacetuiApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        library = Static(classes="pane-library")
        library.display = False
        yield library
        yield ArticleView()
        bar = FindBar(placeholder="find in this article — Enter keeps it, Esc closes")
        bar.display = False
        yield bar

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def find_bar(self) -> FindBar:
        return self.query_one(FindBar)

    # --- showing ------------------------------------------------------------------------------
    def show_loading(self, article_id: str) -> None:
        self.article_id = article_id
        self.border_title = Content("loading…")

    def show(self, article: Article, document: Document, find_query: str, spans: list[Span]) -> None:
        same = self.article is not None and self.article.id == article.id
        self.article = article
        self.article_id = article.id
        self.document = document
        y = self.view.scroll_y if same else 0
        self.view.set_document(document)
        self.find_query = find_query
        self.find_error = None
        self.hits = spans
        self.current_hit = 0 if spans else None
        self.view.set_hits(spans, self.current_hit)
        self.set_mention_keys(self.mention_keys)
        self.border_title = Content(display_text(article.title) or "(untitled)")
        if same:
            self.view.scroll_to(y=y, animate=False)
        elif spans:
            self.call_after_refresh(self._reveal_current)
        self._update_status()

    def set_state(self, state: ArticleState) -> None:
        """Show the article's stars, tags and note above its text (nothing when it has none)."""
        from rich.text import Text

        from spacetui.tui.widgets.results import tags_text

        self.state = state
        parts = [Text("★ starred", style="yellow")] if state.starred else []
        if state.tags:
            parts.append(tags_text(state))
        if state.note:
            parts.append(Text("✎ ", style="cyan") + Text(display_text(state.note)))
        line = Text(" · ").join(parts)
        if line == self._library_line:
            return  # as shown: updating a Static lays the whole screen out again
        self._library_line = line
        library = self.query_one(".pane-library", Static)
        library.update(line)
        library.display = bool(line.plain)

    @property
    def library_text(self) -> str:
        """What the library line shows (for tests)."""
        library = self.query_one(".pane-library", Static)
        return str(library.render()) if library.display else ""

    def action_library(self, what: str) -> None:
        article = self.article
        if article is not None:
            self.post_message(LibraryEditRequested(ArticleRef.of(article), self.state, what))

    def show_error(self, message: str) -> None:
        self.border_title = Content("not found")
        self.border_subtitle = Content(display_text(message))

    def set_mention_keys(self, keys: list[str]) -> None:
        """Highlight the mentions of these entities (entity keys) in the article."""
        from spacetui.tui.backend import mentions_for

        self.mention_keys = list(keys)
        self.mentions = mentions_for(self.document, keys) if self.document and keys else []
        self.current_mention = None
        self.view.set_mentions(self.mentions, None)
        self._update_status()

    def _reveal_current(self) -> None:
        if self.current_hit is not None and self.current_hit < len(self.hits):
            b, s, _ = self.hits[self.current_hit]
            self.view.reveal(b, s)

    def _update_status(self) -> None:
        parts: list[str] = []
        if self.find_error:
            parts.append(self.find_error)
        elif self.find_query:
            shown = display_text(self.find_query)
            if len(shown) > 24:
                shown = shown[:23] + "…"
            if self.hits:
                k = (self.current_hit or 0) + 1
                parts.append(f"“{shown}” {k} of {len(self.hits)}")
            else:
                parts.append(f"“{shown}” not found")
        if self.mention_keys:
            if self.mentions:
                k = self.current_mention + 1 if self.current_mention is not None else 0
                parts.append(f"mention {k} of {len(self.mentions)}")
            else:
                parts.append("no mentions here")
        if self.raw:
            parts.append("raw")
        if self.document is not None:
            parts.append(f"{self.view.percent}%")
        self.border_subtitle = Content(" · ".join(parts))
        self.post_message(self.Changed(self))

    @property
    def status_text(self) -> str:
        return str(self.border_subtitle or "")

    @on(ArticleView.Wrapped)
    def _wrapped(self) -> None:
        self._reveal_current()

    @on(ArticleView.Scrolled)
    def _scrolled(self) -> None:
        self._update_status()

    # --- find ---------------------------------------------------------------------------------
    def _step_hit(self, delta: int) -> None:
        # Typed text whose Input.Changed is still queued counts as a find under way too: "n"
        # right behind "/word⏎" steps through that word's hits, not the previous find's.
        if self._find_seq != self._applied_seq or self.find_bar.value != self._find_text:
            self._pending_steps += delta  # applied when the find's hits arrive
            return
        if not self.hits:
            self.app.bell()
            return
        if self.current_hit is None:
            self.current_hit = 0 if delta > 0 else len(self.hits) - 1
        else:
            self.current_hit = (self.current_hit + delta) % len(self.hits)
        self.view.set_hits(self.hits, self.current_hit)
        b, s, _ = self.hits[self.current_hit]
        self.view.reveal(b, s)
        self._update_status()

    def action_next_hit(self) -> None:
        self._step_hit(1)

    def action_prev_hit(self) -> None:
        self._step_hit(-1)

    def action_find(self) -> None:
        if self.document is None:
            return
        bar = self.find_bar
        bar.display = True
        bar.value = ""
        self.post_message(FocusWanted(bar))

    @on(Input.Changed, "FindBar")
    def _find_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._find_seq += 1
        self._find_text = event.value
        self._run_find(self._find_seq, event.value)

    def _run_find(self, seq: int, text: str) -> None:
        doc = self.document
        backend = self._app.backend
        if doc is None or not backend.ready:
            return
        if not text.strip():
            self.post_message(FindReady(self.id or "", seq, "", [], None))
            return

        def work() -> None:
            from spacetui.search.results import QueryError

            try:
                spans, error = backend.find(doc, text), None
            except QueryError as exc:
                spans, error = [], str(exc)
            self.post_message(FindReady(self.id or "", seq, text, spans, error))

        self.run_worker(work, thread=True, exclusive=True, group="find")

    @on(FindReady)
    def _find_ready(self, message: FindReady) -> None:
        message.stop()
        if message.seq != self._find_seq:
            return  # an older find finished after a newer one started
        if message.error:
            self._applied_seq = message.seq
            self._pending_steps = 0
            self.find_error = message.error
            self._update_status()
            return
        self._applied_seq = message.seq
        steps, self._pending_steps = self._pending_steps, 0
        self.find_error = None
        self.find_query = message.query
        self.hits = message.spans
        self.current_hit = steps % len(self.hits) if self.hits else None
        self.view.set_hits(self.hits, self.current_hit)
        self._reveal_current()
        self._update_status()

    def close_find(self) -> None:
        """Hide the find bar (the find stays on) and go back to the text."""
        self.find_bar.display = False
        self.post_message(FocusWanted(self.view))

    # --- mentions -----------------------------------------------------------------------------
    def _step_mention(self, delta: int) -> None:
        if not self.mentions:
            self.notify("No chosen entity is mentioned here: choose one in the sidebar.", timeout=3)
            return
        if self.current_mention is None:
            self.current_mention = 0 if delta > 0 else len(self.mentions) - 1
        else:
            self.current_mention = (self.current_mention + delta) % len(self.mentions)
        self.view.set_mentions(self.mentions, self.current_mention)
        b, s, _ = self.mentions[self.current_mention]
        self.view.reveal(b, s)
        self._update_status()

    def action_next_mention(self) -> None:
        self._step_mention(1)

    def action_prev_mention(self) -> None:
        self._step_mention(-1)

    # --- everything else ----------------------------------------------------------------------
    def action_toggle_raw(self) -> None:
        if self.article is None:
            return
        if not self.article.raw and not self.raw:
            self.notify("This article has no raw text stored.", timeout=3)
            return
        self.raw = not self.raw
        self.post_message(self.ReloadRequested(self))

    def action_related(self) -> None:
        if self.article is not None:
            self.post_message(self.RelatedRequested(self))

    def action_copy(self) -> None:
        if self.article is None:
            return
        from spacetui.export import to_markdown
        from spacetui.tui.clipboard import copy_text

        message, copied = copy_text(self.app, to_markdown(self.article), "the article (as Markdown)")
        self.notify(message, severity="information" if copied else "warning", timeout=3 if copied else 12)

    def action_export(self) -> None:
        if self.article is not None:
            self._app.export_markdown(self.article)

    def action_open_url(self) -> None:
        if self.article is not None:
            self._app.open_web_page(self.article.url)

    def action_pager(self) -> None:
        if self.article is not None:
            self._app.open_external(self.article, "PAGER")

    def action_editor(self) -> None:
        if self.article is not None:
            self._app.open_external(self.article, "EDITOR")

    def action_zoom(self) -> None:
        self.post_message(ZoomWanted(self))

    def action_close(self) -> None:
        self.post_message(self.CloseRequested(self))
