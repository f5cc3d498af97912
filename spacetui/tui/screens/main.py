"""The main screen: search bar, filter chips, entity sidebar, results, reading panes.

Composition and wiring: the screen lays out the widgets, opens the index, runs the search
(state and scheduling in ``spacetui.tui.controller``), keeps the filters and moves the focus.
Each other concern is a part it is made of (``screens/main_base.py`` lists them): the reading
panes, library edits, saved searches and history, entity corrections, lookups (related,
versions, compare, story), the export and the live folders. Index work runs in thread workers
that post messages (``spacetui.tui.messages``); only handlers touch widgets, and widgets ask
for work by message.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import Reactive
from textual.widgets import Static

from spacetui.safetext import display_text
from spacetui.tui.controller import SearchRequest
from spacetui.tui.messages import (
    EntitiesCounted,
    FocusWanted,
    IndexProgress,
    IndexReady,
    LiveUpdate,
    OpenArticle,
    ResultsWanted,
    SearchDone,
    SuggestionFound,
    ToggleEntity,
    ZoomWanted,
)
from spacetui.tui.screens.article_panes import ArticlePanes
from spacetui.tui.screens.entity_corrections import EntityCorrections
from spacetui.tui.screens.library_actions import LibraryActions
from spacetui.tui.screens.live_folders import LiveFolders
from spacetui.tui.screens.lookups import Lookups
from spacetui.tui.screens.results_export import ResultsExport
from spacetui.tui.screens.saved_history import SavedAndHistory
from spacetui.tui.widgets.search_bar import SearchBar
from spacetui.tui.widgets.sidebar import EntitySidebar
from spacetui.tui.widgets.titled_box import TitledBox

if TYPE_CHECKING:
    from textual import events
    from textual.app import ComposeResult
    from textual.binding import ActiveBinding
    from textual.widget import Widget

    from spacetui.entities import EntityInfo
    from spacetui.search.results import Filter, SearchResult
    from spacetui.tui.widgets.chips import Chip, FilterChips
    from spacetui.tui.widgets.pane_stack import PaneStack
    from spacetui.tui.widgets.timeline import TimelineBar

NARROW = 100  # below this many columns the sidebar starts hidden
CARD_ROWS = 4  # a result card's lines: its title, date and source, two of snippet
SUGGEST_AFTER = 0.3  # seconds without a keystroke before "did you mean" is worked out


class MainScreen(
    ArticlePanes, LibraryActions, SavedAndHistory, EntityCorrections, Lookups, ResultsExport, LiveFolders
):
    # Textual repaints the whole screen when focus moves (~10 ms at 120x40, on every Enter and
    # Tab); the widgets gaining and losing focus repaint themselves, so only they need to.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", id="main.search"),
        Binding("s", "toggle_sort", "Sort", id="main.sort"),
        Binding("ctrl+b", "toggle_sidebar", "Entities", id="main.sidebar"),
        Binding("escape", "back", "Back", show=False, id="main.back"),
        Binding("ctrl+y", "use_suggestion", "Use suggestion", show=False, id="main.suggestion"),
        Binding("ctrl+r", "reload", "Reload index", show=False, id="main.reload"),
        Binding("ctrl+l", "clear_filters", "Clear filters", show=False, id="main.clear_filters"),
        Binding("T", "toggle_timeline", "Timeline", show=False, id="main.timeline"),
        Binding("C", "compare_panes", "Compare the two panes", show=False, id="main.compare_panes"),
        Binding("ctrl+s", "save_search", "Save search", show=False, id="main.save_search"),
        Binding(
            "left_square_bracket", "trail(-1)", "Previous article opened", show=False, id="main.trail_back"
        ),
        Binding(
            "right_square_bracket",
            "trail(1)",
            "Next article opened (after [)",
            show=False,
            id="main.trail_forward",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.index_error: str | None = None
        self.index_articles = -1  # unknown until the index opens

    @property
    def _seq(self) -> int:
        return self.search_state.seq

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """Quit first: the footer draws keys in this order and cuts off the ones that do not fit,
        and quitting must stay on screen whatever box has the focus (and at 80 columns)."""
        bindings = super().active_bindings
        first = {k: b for k, b in bindings.items() if b.binding.action == "quit"}
        return first | {k: b for k, b in bindings.items() if k not in first}

    # --- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield SearchBar(
            placeholder='Search articles — words, "a phrase", person:cruise, date:>2021 …', id="search"
        )
        yield Static(id="query-status")
        # Filter chips (#chips), the result list (#results) and the reading panes (#panes) are
        # hidden at first: they are mounted after the first frame (_after_first_paint).
        with Horizontal(id="body"):
            yield EntitySidebar(id="sidebar")
            with Vertical(id="main"), TitledBox(id="results-box"), Vertical(id="empty"):
                yield Static(id="empty-text")

    def on_mount(self) -> None:
        self.query_one(EntitySidebar).border_title = "Entities"
        self.query_one(SearchBar).border_title = Content("spacetui")
        if self.app.size.width < NARROW:
            self.query_one(EntitySidebar).display = False
        self._set_empty("Opening the index…")
        self._update_title()
        self.app.theme_changed_signal.subscribe(self, self._frame_focus)
        self.set_focus(self.query_one(SearchBar))
        # Paint first; the key bar follows, and Whoosh is imported and the index opened in a
        # worker after that.
        self.call_after_refresh(self._after_first_paint)

    async def _after_first_paint(self) -> None:
        from spacetui.tui.widgets.chips import FilterChips
        from spacetui.tui.widgets.key_bar import KeyBar
        from spacetui.tui.widgets.pane_stack import PaneStack
        from spacetui.tui.widgets.results import ResultsList

        self._app.first_frame_painted()
        chips, results, panes = FilterChips(id="chips"), ResultsList(id="results"), PaneStack(id="panes")
        for widget in (chips, results, panes):
            widget.display = False
        await self.mount(chips, after="#query-status")
        await self.query_one("#results-box").mount(results, before="#empty")
        await self.query_one("#main").mount(panes, after="#results-box")
        await self.mount(KeyBar(id="keys"))
        self.refresh_bindings()  # a key bar mounted late has not seen the bindings yet
        self._open_index()
        panes.mount_spare()

    def on_resize(self) -> None:
        # A narrow terminal gets a narrower sidebar (it starts hidden below NARROW columns).
        # Wide terminals give it a fifth of the width (names and aliases on fewer lines).
        width = 26 if self.size.width < NARROW else min(48, max(32, self.size.width // 5))
        self.query_one(EntitySidebar).styles.width = width

    # --- opening the index --------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="open")
    def _open_index(self) -> None:
        backend = self._app.backend

        def progress(stage: str, done: int, total: int, articles: int) -> None:
            self.post_message(IndexProgress(stage, done, total, articles))

        try:
            articles, built = backend.open(progress)
        except Exception as exc:  # an unreadable index must show a message, not a traceback
            self.post_message(IndexReady(0, error=str(exc) or type(exc).__name__))
            return
        self.post_message(IndexReady(articles, built=built))

    @on(IndexProgress)
    async def _index_progress(self, message: IndexProgress) -> None:
        from textual.widgets import ProgressBar  # only a first run needs it

        from spacetui.index.progress import progress_text

        said = progress_text(message.stage, message.done, message.total, message.articles)
        if message.stage == "indexing" and message.total and message.done >= message.total:
            # The last batch is read; entity extraction and the commit come next.
            said = "Finding people, places and dates, then saving"
        self._set_empty(f"First run: building the index of the bundled articles.\n{said}…")
        bars = self.query("#build-progress")
        if not bars:
            await self.query_one("#empty").mount(ProgressBar(id="build-progress", show_eta=False))
        bar = self.query_one("#build-progress", ProgressBar)
        bar.update(total=message.total or None, progress=message.done)

    @on(IndexReady)
    async def _index_ready(self, message: IndexReady) -> None:
        await self.query("#build-progress").remove()
        if message.error:
            self.index_error = message.error
            self._set_empty(f"The index could not be opened.\n\n{display_text(message.error)}")
            return
        self.index_error = None
        if self._app.config.watch:
            self.watch_folders()
        self.index_articles = message.articles
        noun = "article" if message.articles == 1 else "articles"
        self.query_one(SearchBar).border_title = Content(f"spacetui · {message.articles:,} {noun}")
        if message.built:
            self.notify(f"Indexed {message.articles} bundled articles.", timeout=3)
        elif self._app.backend.outdated:
            from spacetui.search.results import OUTDATED

            self.notify(OUTDATED, severity="warning", timeout=10)
        self._start_search()
        self.start_saved_and_history()

    # --- live folders (the watcher: screens/live_folders.py) -------------------------------------
    @on(LiveUpdate)
    def _live_update(self, message: LiveUpdate) -> None:
        if message.error:
            self.notify(display_text(message.error), severity="warning", timeout=6)
        elif message.changed:
            self.notify(f"{message.summary}.", timeout=4)
            self.action_reload()
            self.refresh_saved()

    # --- searching ----------------------------------------------------------------------------
    @on(SearchBar.Changed, "#search")
    def _query_changed(self, event: SearchBar.Changed) -> None:
        self.search_state.set_query(event.value)
        self._schedule_search()

    def _schedule_search(self) -> None:
        self._run_search(self.search_state.changed(self._app.backend.ready))

    def _start_search(self, *, offset: int = 0) -> None:
        self._run_search(self.search_state.start(self._app.backend.ready, offset))

    def _run_search(self, request: SearchRequest | None) -> None:
        if request is not None:
            self._search(request)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, request: SearchRequest) -> None:
        from spacetui.search.results import SearchResult, Superseded
        from spacetui.tui.backend import PAGE

        query, offset = request.query, request.offset
        try:
            result = self._app.backend.search(
                query,
                request.filters,
                request.sort,
                offset=offset,
                limit=self._first_page() if offset == 0 else PAGE,
                facets=False,  # counted once the results are drawn (_count_entities)
                suggest=False,  # and "did you mean" worked out then (_suggest)
                # typed on while this ran: its snippets would never be shown
                stop=lambda: self.search_state.seq != request.seq,
            )
        except Superseded:
            result = SearchResult(query=query)
        except Exception as exc:
            result = SearchResult(query=query, error=f"The index could not be read: {exc}")
        # Posted even when superseded: the screen needs to know the thread is free.
        self.post_message(SearchDone(request.seq, result, append=offset > 0))

    @on(SearchDone)
    def _search_done(self, message: SearchDone) -> None:
        follow, newest = self.search_state.landed(message.seq, self._app.backend.ready)
        self._run_search(follow)
        if not newest:
            return  # stale: the newest query wins
        result = message.result
        results = self._results()
        assert results is not None  # mounted before the index opens
        if result.error:
            # Keep what was shown; say what to fix right under the box.
            self._set_status(result.error, error=True)
            results.loading_more = False
            if self.result is None:
                self._set_empty(result.error)
            return
        if message.append:
            results.add_hits(result.hits, last=self._last_page(result))
            self._update_title()
            return
        self.search_state.result = result
        self._show_notices(result)
        results.set_hits(result.hits, result.total, last=self._last_page(result))
        self._draw_timeline(result)
        self._app.first_results_shown()
        self._show_results_or_empty()
        self._update_title()
        self._results_to_draw = True
        # The sidebar follows in the next frame: its counts (a third of a search at a million
        # articles) and its lines (a third of a frame) no longer hold up the results. Counted
        # once the results are drawn (_on_idle): after the next refresh, they were often counted
        # while the results were drawn, the two threads sharing the interpreter.
        self._to_count = (message.seq, result)
        if result.to_correct:
            # once typing pauses: a prefix typed past ("bango" of "bangor") needs none, and
            # looking through the index's words beside the next keystroke's search slows it
            self.set_timer(SUGGEST_AFTER, partial(self._suggest, message.seq, result))

    def _show_notices(self, result: SearchResult) -> None:
        notices = list(result.notices)
        if result.suggestion and result.total:  # (with no results, the empty box says it)
            notices.append(f"Did you mean “{result.suggestion}”? Ctrl+Y searches for it.")
        self._set_status(" ".join(notices))

    def _suggest(self, seq: int, result: SearchResult) -> None:
        if self.search_state.seq == seq and self.search_state.result is result:  # (else typed on)
            self._suggestion_of(seq, result)

    @work(thread=True, exclusive=True, group="suggest")
    def _suggestion_of(self, seq: int, result: SearchResult) -> None:
        # (a word misspelt is looked up in the index's words: tens of ms, seconds for the first
        # word of a letter on a big index; it must not hold up the next keystroke's search)
        from spacetui.search.results import Superseded

        try:
            suggestion = self._app.backend.suggestion(result, stop=lambda: self.search_state.seq != seq)
        except Superseded:
            return
        except Exception:
            return  # a suggestion is a nicety: no word of it when the index cannot give one
        self.post_message(SuggestionFound(seq, result, suggestion))

    @on(SuggestionFound)
    def _suggestion_found(self, message: SuggestionFound) -> None:
        result = message.result
        if result is not self.search_state.result or not message.suggestion:
            return
        result.suggestion = message.suggestion
        self._show_notices(result)
        self._show_results_or_empty()

    def _count_entities(self, seq: int, result: SearchResult) -> None:
        if self.search_state.seq == seq and self.search_state.result is result:  # (else typed on)
            self._entities_of(seq, result)

    @work(thread=True, exclusive=True, group="entities")
    def _entities_of(self, seq: int, result: SearchResult) -> None:
        from spacetui.search.results import EntityCounts, Superseded

        error = None
        try:
            counted = self._app.backend.facets(result, stop=lambda: self.search_state.seq != seq)
        except Superseded:
            return  # the newer query's come after its results
        except Exception as exc:
            counted, error = EntityCounts(), f"The entities of these results could not be counted: {exc}"
        self.post_message(EntitiesCounted(seq, result, counted, error))

    @on(EntitiesCounted)
    def _entities_counted(self, message: EntitiesCounted) -> None:
        if message.result is not self.search_state.result:
            return
        if message.error:
            self.notify(message.error, severity="error")
        result, counted = message.result, message.counted
        result.facets, result.entity_totals = counted.entities, counted.totals
        self.query_one(EntitySidebar).set_facets(
            result.facets, self.search_state.chosen_entities(), result.entity_totals
        )

    # --- drawing ------------------------------------------------------------------------------
    _results_to_draw = False  # new results are laid out on the next idle: draw them then
    _to_count: tuple[int, SearchResult] | None = None  # the entities to count once they are drawn

    async def _on_idle(self, event: events.Idle) -> None:
        # Textual draws on a 60 fps grid: a frame waits for the grid's next tick, and the frame
        # that echoed the last key was drawn a few ms before the results landed, so they waited
        # 0-16 ms (8 on average) for nothing. They are drawn as soon as they are laid out; the
        # frame after them keeps the grid. (Screen._on_idle runs after this: callbacks.)
        if self._results_to_draw and self.is_current and not self.app._batch_count:
            if self._layout_required or self._dirty_widgets or self._repaint_required:
                self._on_timer_update()
            results = self._results()
            if results is None or results.drawn or not results.display:
                self._results_to_draw = False
        if not self._results_to_draw and self._to_count is not None:
            seq, result = self._to_count
            self._to_count = None
            self._count_entities(seq, result)

    @staticmethod
    def _last_page(result: SearchResult) -> bool:
        """A short page of collapsed results is the last: the list then holds them all, though
        fewer than the articles that match (copies folded), and asks for no more."""
        return result.collapsed and len(result.hits) < result.limit

    def _first_page(self) -> int:
        """Two screens of cards (at least FIRST_PAGE): the list asks for more as it is read."""
        from spacetui.tui.backend import FIRST_PAGE

        results = self._results()
        rows = results.size.height if results is not None and results.size.height else self.app.size.height
        return max(FIRST_PAGE, 2 * (rows // CARD_ROWS + 1))

    def on_results_list_more_wanted(self) -> None:
        results = self._results()
        assert results is not None
        self._start_search(offset=len(results.hits))

    _status: tuple[str, bool] = ("", False)  # what the line under the search box says

    def _set_status(self, text: str, *, error: bool = False) -> None:
        # (mostly nothing, as before: an update lays the screen out again, on every keystroke)
        if (text, error) == self._status:
            return
        self._status = (text, error)
        status = self.query_one("#query-status", Static)
        status.set_class(error, "-error")
        status.update(Content(("⚠ " if error else "") + display_text(text)))

    def _set_empty(self, text: str) -> None:
        self.query_one("#empty-text", Static).update(Content(text))
        self.query_one("#empty").display = True
        results = self._results()
        if results is not None:
            results.display = False

    def _show_results_or_empty(self) -> None:
        result = self.result
        if result is None:
            return
        results = self._results()
        if result.total and results is not None:
            self.query_one("#empty").display = False
            results.display = True
            return
        self._set_empty(self.search_state.no_results_text(self.index_articles))

    def _update_title(self) -> None:
        box = self.query_one("#results-box", TitledBox)
        title = Content(self.search_state.title())
        results = self._results()
        shown = len(results.hits) if results is not None else 0
        if results is not None:
            available = results.total
        else:
            available = self.result.total if self.result is not None else 0
        sub = self.search_state.subtitle(shown, available)
        box.set_titles(title, Content(sub) if sub else None)

    # --- filters and entities -----------------------------------------------------------------
    @on(ToggleEntity)
    async def _toggle_entity_wanted(self, message: ToggleEntity) -> None:
        await self.toggle_entity(message.info)

    async def toggle_entity(self, info: EntityInfo) -> None:
        self.search_state.toggle_entity(info.type, info.name, info.keys or ())
        await self._filters_changed()

    async def remove_filter(self, f: Filter) -> None:
        if self.search_state.remove_filter(f):
            await self._filters_changed()

    async def _filters_changed(self) -> None:
        await cast("FilterChips", self.query_one("#chips")).set_filters(self.filters)
        keys = self.search_state.mention_keys()
        for pane in self.panes():
            pane.set_mention_keys(keys)
        self._schedule_search()

    async def on_chip_remove(self, message: Chip.Remove) -> None:
        await self.remove_filter(message.filter)
        self.set_focus(self.query_one(SearchBar))

    @on(SearchBar.DropLastFilter)
    async def _drop_last_filter(self) -> None:
        if self.search_state.drop_last_filter():
            await self._filters_changed()

    async def action_clear_filters(self) -> None:
        if self.search_state.clear_filters():
            await self._filters_changed()

    # --- panes (opening, loading, closing: screens/article_panes.py) --------------------------
    @on(OpenArticle)
    async def _open_article_wanted(self, message: OpenArticle) -> None:
        if message.from_results:
            self.remember_query(self.query_text)  # the query led somewhere: worth recalling
        await self.open_article(
            message.article_id, split=message.split, find=message.find, words=message.words
        )

    # --- focus and layout, asked for by widgets --------------------------------------------------
    @on(FocusWanted)
    def _focus_wanted(self, message: FocusWanted) -> None:
        self.set_focus(message.widget)

    @on(ResultsWanted)
    def _results_wanted(self) -> None:
        results = self._results()
        if results is not None and results.display and results.focusable:
            self.set_focus(results)

    @on(ZoomWanted)
    def _zoom_wanted(self, message: ZoomWanted) -> None:
        if self.maximized is message.widget:
            self.minimize()
        else:
            self.maximize(message.widget, container=False)

    def set_focus(
        self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False
    ) -> None:
        super().set_focus(widget, scroll_visible, from_app_focus)
        self._frame_focus()

    def _frame_focus(self, *_: object) -> None:
        """The box holding the focus (results or a reading pane) gets the brighter border.

        Not CSS ``:focus-within``: Textual restyles the whole subtree of such a box on every
        focus move, which also throws away the result list's rendered lines (~2 ms of each
        Enter on a result)."""
        if not self.is_attached:
            return
        variables = self.app.theme_variables
        focused = self.focused
        for box in (*self.query("#results-box"), *self.query("ReadingPane")):
            holds = focused is not None and box in focused.ancestors_with_self
            colour = Color.parse(variables["border" if holds else "border-blurred"])
            if box.styles.border_top[1] != colour:
                box.styles.border = ("round", colour)

    def on_descendant_focus(self, event: object) -> None:
        pane = self._pane_of(self.focused)
        if pane is not None:
            cast("PaneStack", self.query_one("#panes")).activate(pane)

    # --- the timeline -------------------------------------------------------------------------
    async def action_toggle_timeline(self) -> None:
        """The results per day, week or month above them (T shows or hides it); focused, a range
        of it filters the search (``widgets.timeline``)."""
        from spacetui.tui.widgets.timeline import TimelineBar

        found = self.query("#timeline")
        if found:
            bar = found.first(TimelineBar)
            bar.display = not bar.display
        else:
            bar = TimelineBar(id="timeline")
            await self.query_one("#results-box").mount(bar, before=0)
        self._app.backend.timeline = bar.display
        if bar.display:
            bar.focus()
            self._start_search()
        elif (results := self._results()) is not None:
            results.focus()

    def _draw_timeline(self, result: SearchResult) -> None:
        from spacetui.tui.widgets.timeline import TimelineBar

        found = self.query("#timeline")
        if found and result.timeline is not None:
            found.first(TimelineBar).show(result.timeline)

    def on_timeline_bar_range_chosen(self, message: TimelineBar.RangeChosen) -> None:
        """Enter on the timeline: its range becomes the query's date filter."""
        from spacetui.stories.timeline import with_date_range

        self.query_one("#search", SearchBar).value = with_date_range(
            self.query_text, message.first, message.last
        )

    def on_timeline_bar_left(self) -> None:
        if (results := self._results()) is not None:
            results.focus()

    def action_focus_search(self) -> None:
        self.set_focus(self.query_one(SearchBar))

    def action_toggle_sort(self) -> None:
        self.search_state.toggle_sort()
        self.notify(f"Sorted by {'date, newest first' if self.sort == 'date' else 'relevance'}.", timeout=2)
        self._schedule_search()

    def action_toggle_sidebar(self) -> None:
        """Go to the sidebar (shown first if hidden); from the sidebar, hide it and give the focus
        back. (A shown sidebar the focus is not in is gone to, not hidden: ^b reads "Entities".)"""
        sidebar = self.query_one(EntitySidebar)
        if sidebar.display and self.focused is sidebar:
            sidebar.display = False
            self._focus_results_or_search()
            return
        sidebar.display = True
        self.set_focus(sidebar)

    def action_back(self) -> None:
        if self.maximized is not None:
            self.minimize()
            return
        focused = self.focused
        if focused is None:
            self.set_focus(self.query_one(SearchBar))
        elif self._pane_of(focused) is not None:
            self._focus_results_or_search()
        elif isinstance(focused, SearchBar):
            # Out of the box: to the results, or (none shown) to no box, where q quits.
            results = self._results()
            self.set_focus(results if results is not None and results.display and results.hits else None)
        else:
            self.set_focus(self.query_one(SearchBar))

    def action_use_suggestion(self) -> None:
        if self.result is not None and self.result.suggestion:
            self.query_one(SearchBar).value = self.result.suggestion

    def action_reload(self) -> None:
        if self._app.backend.ready:
            self._open_index()
        else:
            self._schedule_search()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "use_suggestion":
            return bool(self.result and self.result.suggestion)
        return True
