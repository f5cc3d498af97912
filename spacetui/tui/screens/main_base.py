"""What the main screen's parts share: the app and its backend, the search state, and the widgets
they update (found by id: results, chips and panes are mounted after the first frame).

``MainScreen`` (screens/main.py) is these parts put together (``ArticlePanes``,
``LibraryActions``, ``SavedAndHistory``, ``EntityCorrections``, ``Lookups``, ``ResultsExport``,
``LiveFolders``), each handling one concern's messages and workers; the screen composes the
widgets and runs the search. A part that needs another's work declares it here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from spacetui.tui.controller import SearchController
from spacetui.tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from textual.widget import Widget

    from spacetui.articles.model import Article
    from spacetui.library import ArticleState
    from spacetui.search.results import Filter, SearchResult
    from spacetui.tui.app import SpacetuiApp
    from spacetui.tui.widgets.pane_stack import PaneStack
    from spacetui.tui.widgets.reading_pane import ReadingPane
    from spacetui.tui.widgets.results import ResultsList


class MainScreenBase(Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.search_state = SearchController()

    @property
    def _app(self) -> SpacetuiApp:
        return self.app  # type: ignore[return-value]

    # The search state lives in the controller; these read it.
    @property
    def query_text(self) -> str:
        return self.search_state.query_text

    @property
    def filters(self) -> list[Filter]:
        return self.search_state.filters

    @property
    def sort(self) -> str:
        return self.search_state.sort

    @property
    def result(self) -> SearchResult | None:
        return self.search_state.result

    def _results(self) -> ResultsList | None:
        found = self.query("#results")
        return cast("ResultsList", found.first()) if found else None

    def _stack(self) -> PaneStack | None:
        found = self.query("#panes")
        return cast("PaneStack", found.first()) if found else None

    def panes(self) -> list[ReadingPane]:
        """The reading panes on screen (not the hidden spare)."""
        stack = self._stack()
        return stack.panes() if stack is not None else []

    def _pane_of(self, widget: Widget | None) -> ReadingPane | None:
        stack = self._stack()
        return stack.pane_of(widget) if stack is not None else None

    @property
    def active_pane(self) -> ReadingPane | None:
        stack = self._stack()
        return stack.active if stack is not None else None

    def _focus_results_or_search(self) -> None:
        results = self._results()
        if results is not None and results.display and results.hits:
            self.set_focus(results)
        else:
            self.set_focus(self.query_one(SearchBar))

    def opened(self, article: Article, state: ArticleState) -> None:
        """An article was shown in a pane, in this library state (``LibraryActions`` reads it)."""
        raise NotImplementedError

    async def _filters_changed(self) -> None:
        """The filters changed: show them and search again (``MainScreen`` does)."""
        raise NotImplementedError
