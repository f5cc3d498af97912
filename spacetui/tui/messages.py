"""Messages workers post to the UI (workers never touch widgets; handlers own the state)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.message import Message

if TYPE_CHECKING:
    from spacetui.articles.model import Article
    from spacetui.entities import EntityInfo
    from spacetui.library import ArticleRef, ArticleState, SavedSearch
    from spacetui.search.results import Filter, Hit, SearchResult
    from spacetui.search.saved import SavedStatus
    from spacetui.tui.document import Document, Span


class IndexProgress(Message):
    """The first-run build moved on: stage is scanning, indexing, entities or saving."""

    def __init__(self, stage: str, done: int, total: int, articles: int = 0) -> None:
        super().__init__()
        self.stage = stage
        self.done = done
        self.total = total
        self.articles = articles

    def can_replace(self, message: Message) -> bool:
        # A burst of progress updates only needs the newest.
        return isinstance(message, IndexProgress)


class LiveUpdate(Message):
    """The folders changed and the index was brought up to date (``summary``), or could not be
    (``error``)."""

    bubble = False  # the screen that watches handles it

    def __init__(self, summary: str, changed: bool, error: str | None = None) -> None:
        super().__init__()
        self.summary = summary
        self.changed = changed
        self.error = error


class IndexReady(Message):
    """The index is open (``articles`` in it), or could not be opened/built (``error``)."""

    def __init__(self, articles: int, error: str | None = None, built: bool = False) -> None:
        super().__init__()
        self.articles = articles
        self.error = error
        self.built = built


class SearchDone(Message):
    """Results for query number ``seq``; ``append`` for a further page of the same query."""

    def __init__(self, seq: int, result: SearchResult, append: bool = False) -> None:
        super().__init__()
        self.seq = seq
        self.result = result
        self.append = append


class ArticleLoaded(Message):
    """An article laid out for pane ``pane_id``, with its find spans already computed."""

    def __init__(
        self,
        pane_id: str,
        article: Article | None,
        document: Document | None,
        find_query: str,
        find_spans: list[Span],
        error: str | None = None,
        state: ArticleState | None = None,
    ) -> None:
        super().__init__()
        self.pane_id = pane_id
        self.state = state  # the article's library state (None: not loaded)
        self.article = article
        self.document = document
        self.find_query = find_query
        self.find_spans = find_spans
        self.error = error


class FindReady(Message):
    """Spans for a find typed in pane ``pane_id`` (``error`` if the text could not be read)."""

    def __init__(self, pane_id: str, seq: int, query: str, spans: list[Span], error: str | None) -> None:
        super().__init__()
        self.pane_id = pane_id
        self.seq = seq
        self.query = query
        self.spans = spans
        self.error = error


class RelatedReady(Message):
    def __init__(self, article_id: str, title: str, hits: list[Hit]) -> None:
        super().__init__()
        self.article_id = article_id
        self.title = title
        self.hits = hits


class CorrectionDone(Message):
    """A correction is in entities.toml and the entity table shows it (or ``error`` says why not).
    ``filters``: each entity filter as it reads now (None: its entity is hidden), with its keys."""

    def __init__(
        self,
        notice: str,
        filters: list[tuple[Filter, Filter | None, list[str]]],
        error: str | None = None,
        follow: tuple[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.notice = notice
        self.follow = follow  # (type, name) the corrected entity has now
        self.filters = filters
        self.error = error


class AppearsWithReady(Message):
    """The entities named with ``info`` in ``together`` of the current results, most first."""

    def __init__(self, info: EntityInfo, together: int, others: list[EntityInfo], error: str | None) -> None:
        super().__init__()
        self.info = info
        self.together = together
        self.others = others
        self.error = error


def library_bindings(where: str, *, show: bool = True) -> list[Binding]:
    """The library keys, alike in the results and a reading pane (ids ``where.star`` ...);
    ``show``: the star key in the footer."""
    return [
        Binding("asterisk", "library('star')", "Star / unstar", show=show, id=f"{where}.star"),
        Binding("u", "library('read')", "Mark read / unread", show=False, id=f"{where}.read"),
        Binding("t", "library('tags')", "Edit tags", show=False, id=f"{where}.tags"),
        Binding("a", "library('note')", "Edit note", show=False, id=f"{where}.note"),
    ]


class LibraryEditRequested(Message):
    """A key asked to change an article's library state: ``what`` is star, read, tags or note."""

    def __init__(self, ref: ArticleRef, state: ArticleState, what: str) -> None:
        super().__init__()
        self.ref = ref
        self.state = state
        self.what = what


class LibraryChanged(Message):
    """An article's library state after a change (``error``: the change could not be saved)."""

    def __init__(
        self, ref: ArticleRef, state: ArticleState | None, notice: str = "", error: str = ""
    ) -> None:
        super().__init__()
        self.ref = ref
        self.state = state
        self.notice = notice
        self.error = error


class SavedReady(Message):
    """The saved searches with their total and new counts, as of index and library ``version``
    (``error``: they could not be read)."""

    def __init__(self, version: object, statuses: list[SavedStatus], error: str = "") -> None:
        super().__init__()
        self.version = version
        self.statuses = statuses
        self.error = error


class SavedChanged(Message):
    """A saved search was saved, opened, renamed or removed (``opened``: run it now), or
    ``error`` says why not; ``notice`` says what happened."""

    def __init__(self, notice: str, opened: SavedSearch | None = None, error: str = "") -> None:
        super().__init__()
        self.notice = notice
        self.opened = opened
        self.error = error


class HistoryLoaded(Message):
    """Queries used before, most recent first."""

    def __init__(self, queries: list[str]) -> None:
        super().__init__()
        self.queries = queries
