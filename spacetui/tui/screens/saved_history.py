"""The main screen's saved searches and query history: the sidebar's "Saved" counts (checked
every few seconds, counted again only when the index or the library changed), saving, opening,
renaming and removing a saved search, and the queries the search box recalls."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work

from spacetui.safetext import display_text
from spacetui.tui.messages import HistoryLoaded, OpenSaved, SavedChanged, SavedReady
from spacetui.tui.saved_counts import SavedCounts
from spacetui.tui.screens.main_base import MainScreenBase
from spacetui.tui.widgets.search_bar import SearchBar
from spacetui.tui.widgets.sidebar import EntitySidebar

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacetui.library import SavedSearch
    from spacetui.search.saved import SavedStatus
    from spacetui.tui.backend import Backend

# Saved searches' counts are checked this often (seconds): a directory listing and a PRAGMA
# when nothing changed; counted again only after an index run or a library change.
SAVED_POLL = 3.0


class SavedAndHistory(MainScreenBase):
    def __init__(self) -> None:
        super().__init__()
        self.saved_counts = SavedCounts()
        self._polling = False

    @property
    def saved(self) -> list[SavedStatus]:
        """The saved searches as the sidebar shows them, with their counts."""
        return self.saved_counts.statuses

    def start_saved_and_history(self) -> None:
        """The index is open: load the history, count the saved searches and keep them counted."""
        self._load_history()
        self.refresh_saved()
        if not self._polling:
            self._polling = True
            self.set_interval(SAVED_POLL, self._poll_saved)

    # --- the query history --------------------------------------------------------------------
    def remember_query(self, query: str) -> None:
        if query.strip():
            self.query_one(SearchBar).remember(query)
            self._remember_query(query)

    @work(thread=True, group="history")
    def _remember_query(self, query: str) -> None:
        import contextlib

        from spacetui.library import LibraryError

        # The history is a convenience: the search itself went ahead.
        with contextlib.suppress(LibraryError, OSError):
            self._app.backend.remember_query(query)

    @work(thread=True, group="history")
    def _load_history(self) -> None:
        try:
            queries = self._app.backend.history()
        except Exception:
            queries = []
        self.post_message(HistoryLoaded(queries))

    @on(HistoryLoaded)
    def _history_loaded(self, message: HistoryLoaded) -> None:
        bar = self.query_one(SearchBar)
        typed_here = [q for q in bar.history if q not in message.queries]  # before it loaded
        bar.history = typed_here + message.queries

    @on(SearchBar.Submitted, "#search")
    def _query_submitted(self, event: SearchBar.Submitted) -> None:
        self.remember_query(event.value)

    # --- the saved searches' counts -----------------------------------------------------------
    def refresh_saved(self, force: bool = True) -> None:
        """Count the saved searches' matches again (after an index run: call this)."""
        if self._app.backend.ready:
            self._refresh_saved(force)

    def _poll_saved(self) -> None:
        self.refresh_saved(force=False)

    @work(thread=True, exclusive=True, group="saved")
    def _refresh_saved(self, force: bool) -> None:
        backend = self._app.backend
        version: object = None
        try:
            version = backend.saved_version()
            if not self.saved_counts.worth_counting(version, force):
                return
            statuses = backend.saved_statuses()
        except Exception as exc:  # an unreadable library or index: said once, not raised
            self.post_message(SavedReady(version, [], error=str(exc) or type(exc).__name__))
            return
        self.post_message(SavedReady(version, statuses))

    @on(SavedReady)
    def _saved_ready(self, message: SavedReady) -> None:
        error, changed = self.saved_counts.landed(message.version, message.statuses, message.error)
        if error:
            self.notify(f"Saved searches: {display_text(error)}", severity="error", timeout=8)
        if changed:
            self.query_one(EntitySidebar).set_saved(message.statuses)

    # --- saving, opening, renaming, removing --------------------------------------------------
    def action_save_search(self) -> None:
        from spacetui.tui.screens.entity_edit import NameScreen

        if not self._app.backend.ready:
            self.notify("The index is still opening: save the search in a moment.", timeout=3)
            return
        query, filters, sort = self.query_text, tuple(self.filters), self.sort
        described = self.search_state.describe()

        def named(name: str | None) -> None:
            if name:
                self._saved_change(lambda b: b.save_search(name, query, filters, sort), f"Saved “{name}”.")
                self.remember_query(query)

        self.app.push_screen(
            NameScreen(f"Save “{described[:60]}” as", query.strip()[:40], placeholder="a name"), named
        )

    def open_saved(self, name: str) -> None:
        """Run a saved search (its query, filters and sort); what it matches now becomes seen."""
        if self._app.backend.ready:
            self._saved_change(lambda b: b.open_saved(name) or False, "", opens=True)

    @on(OpenSaved)
    def _open_saved_wanted(self, message: OpenSaved) -> None:
        self.open_saved(message.name)

    @on(EntitySidebar.SavedAct)
    def _saved_act(self, message: EntitySidebar.SavedAct) -> None:
        from spacetui.tui.screens.entity_edit import NameScreen

        name = message.name
        if message.what == "remove":
            self._saved_change(lambda b: b.change_saved(name, None), f"Deleted the saved search “{name}”.")
            return

        def renamed(new: str | None) -> None:
            if new and new != name:
                self._saved_change(lambda b: b.change_saved(name, new), f"Renamed “{name}” to “{new}”.")

        self.app.push_screen(NameScreen(f"Rename the saved search “{display_text(name)}”", name), renamed)

    @work(thread=True, group="saved-change")
    def _saved_change(self, change: Callable[[Backend], object], notice: str, opens: bool = False) -> None:
        from spacetui.library import LibraryError, SavedSearch

        try:
            done = change(self._app.backend)
        except (LibraryError, OSError) as exc:
            self.post_message(SavedChanged("", error=str(exc)))
            return
        if done is False:
            self.post_message(SavedChanged("", error="That saved search is gone (deleted elsewhere?)."))
            return
        opened = done if opens and isinstance(done, SavedSearch) else None
        self.post_message(SavedChanged(notice, opened))

    @on(SavedChanged)
    async def _saved_changed(self, message: SavedChanged) -> None:
        if message.error:
            self.notify(display_text(message.error), severity="error", timeout=6)
        elif message.opened is not None:
            await self._apply_saved(message.opened)
        elif message.notice:
            self.notify(display_text(message.notice), timeout=3)
        self.refresh_saved()

    async def _apply_saved(self, search: SavedSearch) -> None:
        self.search_state.apply_saved(search)
        bar = self.query_one(SearchBar)
        bar.value = search.query  # searches (SearchBar.Changed)
        bar.cursor_position = len(search.query)
        self.remember_query(search.query)
        await self._filters_changed()
        self.notify(f"Saved search “{display_text(search.name)}”.", timeout=2)
        self._focus_results_or_search()
