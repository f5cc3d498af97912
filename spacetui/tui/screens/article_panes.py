"""The main screen's reading panes: opening an article into one (at once when it is short, in a
worker when long), showing it when it is loaded, reloading it raw, closing a pane, and the trail
of articles opened (back and forward with ``[`` and ``]``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on, work

from spacetui.tui.controller import Trail
from spacetui.tui.messages import ArticleLoaded
from spacetui.tui.screens.main_base import MainScreenBase

if TYPE_CHECKING:
    from spacetui.tui.widgets.pane_stack import PaneStack
    from spacetui.tui.widgets.reading_pane import ReadingPane

# Articles up to this many words open without a worker (a 5,000-word one takes ~3 ms to load);
# longer ones load in a worker so the screen never stalls.
INLINE_OPEN_WORDS = 20_000


class ArticlePanes(MainScreenBase):
    def __init__(self) -> None:
        super().__init__()
        self.trail = Trail()

    async def open_article(
        self,
        article_id: str,
        *,
        split: bool = False,
        find: bool = True,
        words: int | None = None,
        trail: bool = True,
    ) -> None:
        if trail:
            self.trail.visit(article_id)
        pane = await cast("PaneStack", self.query_one("#panes")).open_pane(split)
        self._update_pane_classes()
        pane.raw = False
        terms = list(self.result.terms) if (find and self.result is not None) else []
        query = self.query_text.strip() if terms else ""
        if words is not None and words <= INLINE_OPEN_WORDS:
            # An article of ordinary length loads in a few milliseconds: here and now, so the
            # next frame shows it (a worker costs a round trip, a "loading" frame and GIL
            # contention with that frame: ~3x the time).
            pane.article_id = article_id
            self._article_loaded(self._load(pane.id or "", article_id, terms, query, False))
        else:
            pane.show_loading(article_id)
            self._load_article(pane.id or "", article_id, terms, query, False)
        self.set_focus(pane.view)

    def _update_pane_classes(self) -> None:
        # On the box it resizes, not on #main: a class there restyles everything below it.
        self.query_one("#results-box").set_class(bool(self.panes()), "-reading")

    def _load(self, pane_id: str, article_id: str, terms: list[str], query: str, raw: bool) -> ArticleLoaded:
        backend = self._app.backend
        try:
            article = backend.article(article_id)
            if article is None:
                return ArticleLoaded(pane_id, None, None, "", [], error=f"No article {article_id}")
            document, spans = backend.document(article, terms, raw=raw)
        except Exception as exc:
            return ArticleLoaded(pane_id, None, None, "", [], error=str(exc))
        return ArticleLoaded(pane_id, article, document, query, spans, state=backend.state(article))

    @work(thread=True, group="article")
    def _load_article(self, pane_id: str, article_id: str, terms: list[str], query: str, raw: bool) -> None:
        self.post_message(self._load(pane_id, article_id, terms, query, raw))

    @on(ArticleLoaded)
    def _article_loaded(self, message: ArticleLoaded) -> None:
        stack = self._stack()
        pane = stack.by_id(message.pane_id) if stack is not None else None
        if pane is None:
            return  # closed meanwhile
        if message.article is None or message.document is None:
            pane.show_error(message.error or "not found")
            return
        if pane.article_id != message.article.id:
            return  # the pane moved on to another article
        pane.mention_keys = self.search_state.mention_keys()
        pane.show(message.article, message.document, message.find_query, message.find_spans)
        if message.state is not None:
            pane.set_state(message.state)
            self.opened(message.article, message.state)

    def on_reading_pane_reload_requested(self, message: ReadingPane.ReloadRequested) -> None:
        pane = message.pane
        if pane.article is None:
            return
        terms = list(self.result.terms) if self.result is not None and pane.find_query else []
        self._load_article(pane.id or "", pane.article.id, terms, pane.find_query if terms else "", pane.raw)

    async def on_reading_pane_close_requested(self, message: ReadingPane.CloseRequested) -> None:
        await self.close_pane(message.pane)

    async def close_pane(self, pane: ReadingPane) -> None:
        if self.maximized is not None:
            self.minimize()
        left = await cast("PaneStack", self.query_one("#panes")).close(pane)
        self._update_pane_classes()
        if left is not None:
            self.set_focus(left.view)
        else:
            self._focus_results_or_search()

    async def action_trail(self, step: int) -> None:
        """Back (-1) or forward (1) through the articles opened this session."""
        article_id = self.trail.step(step)
        if article_id is None:
            self.notify("No earlier article opened." if step < 0 else "No later article opened.", timeout=2)
            return
        await self.open_article(article_id, find=False, trail=False)
