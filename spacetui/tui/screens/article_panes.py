"""The main screen's reading panes: opening an article into one (at once when it is short, in a
worker when long), showing it when it is loaded, reloading it raw, closing a pane, and the trail
of articles opened (back and forward with ``[`` and ``]``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, cast

from textual import events, on, work
from textual.timer import Timer
from textual.widgets import OptionList

from spacetui.tui.controller import Trail
from spacetui.tui.messages import ArticleLoaded
from spacetui.tui.screens.main_base import MainScreenBase

if TYPE_CHECKING:
    from spacetui.tui.widgets.pane_stack import PaneStack
    from spacetui.tui.widgets.reading_pane import ReadingPane

# Articles up to this many words open without a worker (a 5,000-word one takes ~3 ms to load);
# longer ones load in a worker so the screen never stalls.
INLINE_OPEN_WORDS = 20_000
# The result the cursor rests on in the focused list is loaded ahead, in a worker, this long
# after the cursor stopped there, so Enter only has to show it (holding j does not load each one).
PREFETCH_AFTER = 0.08
# The result list's share of the column while a reading pane is open, and its fewest rows then.
RESULTS_HEIGHT_READING = "35%"
RESULTS_MIN_HEIGHT_READING = 8


@dataclass
class Prefetched:
    """An article loaded ahead for the result the cursor rests on, valid only for the search
    result it was made from (a new search may have moved the index on) and the same find."""

    result: object
    terms: tuple[str, ...]
    query: str
    loaded: ArticleLoaded


class ArticlePanes(MainScreenBase):
    def __init__(self) -> None:
        super().__init__()
        self.trail = Trail()
        self._prefetched: Prefetched | None = None
        self._prefetch_timer: Timer | None = None

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
        self._fit_results_box()
        pane.raw = False
        terms = list(self.result.terms) if (find and self.result is not None) else []
        query = self.query_text.strip() if terms else ""
        if words is not None and words <= INLINE_OPEN_WORDS:
            # An article of ordinary length loads in a few milliseconds: here and now, so the
            # next frame shows it (a worker costs a round trip, a "loading" frame and GIL
            # contention with that frame: ~3x the time).
            pane.article_id = article_id
            loaded = self._take_prefetched(article_id, terms, query)
            if loaded is None:
                loaded = self._load(pane.id or "", article_id, terms, query, False)
            else:  # the library state may have changed since (a star): read it now (~0.1 ms)
                assert loaded.article is not None
                loaded = replace(loaded, pane_id=pane.id or "", state=self._app.backend.state(loaded.article))
            self._article_loaded(loaded)
        else:
            pane.show_loading(article_id)
            self._load_article(pane.id or "", article_id, terms, query, False, pane.view.text_width())
        self.set_focus(pane.view)

    def _fit_results_box(self) -> None:
        """The result list gives way to the reading panes below it while any is open.

        Set on the box's own styles, not as a CSS class: a class restyles the box and all in it
        (the list, its scrollbars), a few ms of opening a first pane; this only lays it out."""
        box = self.query_one("#results-box")
        reading = bool(self.panes())
        box.styles.height = RESULTS_HEIGHT_READING if reading else "1fr"
        box.styles.min_height = RESULTS_MIN_HEIGHT_READING if reading else None

    def _load(
        self, pane_id: str, article_id: str, terms: list[str], query: str, raw: bool, width: int | None = None
    ) -> ArticleLoaded:
        """The article and its hits, and (``width``: called in a worker) its lines at that width,
        so the pane it opens in does not wrap it on the event loop."""
        backend = self._app.backend
        try:
            article = backend.article(article_id)
            if article is None:
                return ArticleLoaded(pane_id, None, None, "", [], error=f"No article {article_id}")
            document, spans = backend.document(article, terms, raw=raw)
            if width is not None:
                document.wrapped(width)
        except Exception as exc:
            return ArticleLoaded(pane_id, None, None, "", [], error=str(exc))
        return ArticleLoaded(pane_id, article, document, query, spans, state=backend.state(article))

    # --- loading ahead the result the cursor rests on ---------------------------------------------
    def _take_prefetched(self, article_id: str, terms: list[str], query: str) -> ArticleLoaded | None:
        """The article loaded ahead, if it is this one for this search and find (used once: the
        pane keeps its document)."""
        ahead, self._prefetched = self._prefetched, None
        if (
            ahead is None
            or ahead.result is not self.result
            or ahead.loaded.article is None
            or ahead.loaded.article.id != article_id
            or ahead.terms != tuple(terms)
            or ahead.query != query
        ):
            return None
        return ahead.loaded

    @on(OptionList.OptionHighlighted, "#results")
    def _result_highlighted(self) -> None:
        self._schedule_prefetch()

    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        if event.widget is self._results():
            self._schedule_prefetch()

    def _schedule_prefetch(self) -> None:
        if self._prefetch_timer is not None:
            self._prefetch_timer.stop()
        self._prefetch_timer = self.set_timer(PREFETCH_AFTER, self._prefetch_current)

    def _prefetch_current(self) -> None:
        results = self._results()
        hit = results.current if results is not None and results.has_focus else None
        if hit is None or hit.words is None or hit.words > INLINE_OPEN_WORDS or self.result is None:
            return
        ahead = self._prefetched
        if (
            ahead is not None
            and ahead.result is self.result
            and ahead.loaded.article is not None
            and ahead.loaded.article.id == hit.id
        ):
            return  # loaded already
        terms = tuple(self.result.terms)
        stack = self._stack()
        pane = stack.pane_for(split=False) if stack is not None else None
        width = pane.view.text_width() if pane is not None and pane.is_mounted else None
        self._prefetch(self.result, hit.id, terms, self.query_text.strip() if terms else "", width)

    @work(thread=True, group="prefetch", exclusive=True)
    def _prefetch(
        self, result: object, article_id: str, terms: tuple[str, ...], query: str, width: int | None
    ) -> None:
        loaded = self._load("", article_id, list(terms), query, False, width)
        if loaded.article is not None:
            self._prefetched = Prefetched(result, terms, query, loaded)

    @work(thread=True, group="article")
    def _load_article(
        self, pane_id: str, article_id: str, terms: list[str], query: str, raw: bool, width: int | None
    ) -> None:
        self.post_message(self._load(pane_id, article_id, terms, query, raw, width))

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
        query = pane.find_query if terms else ""
        self._load_article(pane.id or "", pane.article.id, terms, query, pane.raw, pane.view.text_width())

    async def on_reading_pane_close_requested(self, message: ReadingPane.CloseRequested) -> None:
        await self.close_pane(message.pane)

    async def close_pane(self, pane: ReadingPane) -> None:
        if self.maximized is not None:
            self.minimize()
        left = await cast("PaneStack", self.query_one("#panes")).close(pane)
        self._fit_results_box()
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
