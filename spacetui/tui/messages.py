"""The app's messages, each a dataclass: what workers post to the UI (workers never touch
widgets; handlers own the state), and the work widgets and the command palette ask the main
screen for (they never call it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.message import Message

if TYPE_CHECKING:
    from textual.widget import Widget

    from spacetui.articles.model import Article
    from spacetui.entities import EntityInfo
    from spacetui.library import ArticleRef, ArticleState, SavedSearch
    from spacetui.search.results import EntityCounts, Filter, Hit, SearchResult
    from spacetui.search.saved import SavedStatus
    from spacetui.tui.document import Document, Span


@dataclass
class IndexProgress(Message):
    """The first-run build moved on: stage is scanning, indexing, entities or saving."""

    stage: str
    done: int
    total: int
    articles: int = 0

    def can_replace(self, message: Message) -> bool:
        # A burst of progress updates only needs the newest.
        return isinstance(message, IndexProgress)


@dataclass
class LiveUpdate(Message):
    """The folders changed and the index was brought up to date (``summary``), or could not be
    (``error``)."""

    bubble = False  # the screen that watches handles it

    summary: str
    changed: bool
    error: str | None = None


@dataclass
class IndexReady(Message):
    """The index is open (``articles`` in it), or could not be opened/built (``error``)."""

    articles: int
    error: str | None = None
    built: bool = False


@dataclass
class SearchDone(Message):
    """Results for query number ``seq``; ``append`` for a further page of the same query."""

    seq: int
    result: SearchResult
    append: bool = False


@dataclass
class EntitiesCounted(Message):
    """The sidebar's entities of ``result`` (the first page of query number ``seq``); ``error``
    says why there are none when they could not be counted."""

    seq: int
    result: SearchResult
    counted: EntityCounts
    error: str | None = None


@dataclass
class SuggestionFound(Message):
    """The "did you mean" of ``result`` (the first page of query number ``seq``), worked out
    once typing paused; None when there is none."""

    seq: int
    result: SearchResult
    suggestion: str | None


@dataclass
class ArticleLoaded(Message):
    """An article laid out for pane ``pane_id``, with its find spans already computed."""

    pane_id: str
    article: Article | None
    document: Document | None
    find_query: str
    find_spans: list[Span]
    error: str | None = None
    state: ArticleState | None = None  # the article's library state (None: not loaded)


@dataclass
class FindReady(Message):
    """Spans for a find typed in pane ``pane_id`` (``error`` if the text could not be read)."""

    pane_id: str
    seq: int
    query: str
    spans: list[Span]
    error: str | None


@dataclass
class RelatedReady(Message):
    article_id: str
    title: str
    hits: list[Hit]


@dataclass
class CorrectionDone(Message):
    """A correction is in entities.toml and the entity table shows it (or ``error`` says why not).
    ``filters``: each entity filter as it reads now (None: its entity is hidden), with its keys."""

    notice: str
    filters: list[tuple[Filter, Filter | None, list[str]]]
    error: str | None = None
    follow: tuple[str, str] | None = None  # (type, name) the corrected entity has now


@dataclass
class AppearsWithReady(Message):
    """The entities named with ``info`` in ``together`` of the current results, most first."""

    info: EntityInfo
    together: int
    others: list[EntityInfo]
    error: str | None


def library_bindings(where: str, *, show: bool = True) -> list[Binding]:
    """The library keys, alike in the results and a reading pane (ids ``where.star`` ...);
    ``show``: the star key in the footer."""
    return [
        Binding("asterisk", "library('star')", "Star / unstar", show=show, id=f"{where}.star"),
        Binding("u", "library('read')", "Mark read / unread", show=False, id=f"{where}.read"),
        Binding("t", "library('tags')", "Edit tags", show=False, id=f"{where}.tags"),
        Binding("a", "library('note')", "Edit note", show=False, id=f"{where}.note"),
    ]


@dataclass
class LibraryEditRequested(Message):
    """A key asked to change an article's library state: ``what`` is star, read, tags or note."""

    ref: ArticleRef
    state: ArticleState
    what: str


@dataclass
class LibraryChanged(Message):
    """An article's library state after a change (``error``: the change could not be saved)."""

    ref: ArticleRef
    state: ArticleState | None
    notice: str = ""
    error: str = ""


@dataclass
class SavedReady(Message):
    """The saved searches with their total and new counts, as of index and library ``version``
    (``error``: they could not be read)."""

    version: object
    statuses: list[SavedStatus]
    error: str = ""


@dataclass
class SavedChanged(Message):
    """A saved search was saved, opened, renamed or removed (``opened``: run it now), or
    ``error`` says why not; ``notice`` says what happened."""

    notice: str
    opened: SavedSearch | None = None
    error: str = ""


@dataclass
class HistoryLoaded(Message):
    """Queries used before, most recent first."""

    queries: list[str]


# --- work asked of the main screen (by the result list, the sidebar, the palette) -------------
@dataclass
class OpenArticle(Message):
    """Open article ``article_id`` in the active reading pane (``split``: beside it). ``find``:
    find the query's words in it; ``words``: its length, when known (a short one opens at once);
    ``from_results``: opened from the results, so the query is worth recalling."""

    article_id: str
    split: bool = False
    find: bool = True
    words: int | None = None
    from_results: bool = False


@dataclass
class ToggleEntity(Message):
    """Filter the results by the entity ``info``, or stop filtering by it."""

    info: EntityInfo


@dataclass
class OpenSaved(Message):
    """Run the saved search ``name`` (its query, filters and sort)."""

    name: str


# --- focus and layout, asked of the screen by a widget ---------------------------------------
# The app hands the next key over only once the messages a key sent up have been handled up to
# the screen (``SpacetuiApp.on_event``): the keys typed right behind one of these follow it.
@dataclass
class FocusWanted(Message):
    """Move the focus to ``widget`` (a part of the asking widget: a pane's find bar, its text)."""

    widget: Widget


@dataclass
class ResultsWanted(Message):
    """The search box is done (Enter, or Down past the newest query): focus the results, if the
    list shows any."""


@dataclass
class ZoomWanted(Message):
    """Fill the screen with ``widget``, or, when it fills it already, restore the layout."""

    widget: Widget
