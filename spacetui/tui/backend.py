"""The app's one door to the index: runs in worker threads, returns plain data.

Importing this module is cheap; the search layer (and Whoosh with it) is imported on the first
call, which happens in a worker after the first frame is painted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacetui.articles.model import Article
    from spacetui.entities import EntityInfo
    from spacetui.library import ArticleRef, ArticleState, SavedSearch
    from spacetui.search.results import EntityCounts, Filter, Hit, SearchResult
    from spacetui.search.saved import SavedStatus
    from spacetui.search.service import SearchService
    from spacetui.stories.compare import Comparison
    from spacetui.stories.events import Event
    from spacetui.tui.document import Document, Span

PAGE = 50  # results fetched at a time as the reader goes down the list: 100k hits cost what 50 do
# A new query's first page, what each keystroke waits for, is two screens of cards and at least
# this many: each card's snippet is read from the index (50 were ~18 ms of a search at 1M).
FIRST_PAGE = 20


@dataclass(slots=True)
class StoryView:
    story: str  # the story's id (its first article's)
    hits: list[Hit]  # its articles, by date
    events: list[Event]  # its dated events, in date order


def _settle(service: SearchService) -> None:
    """Work out what searches need of a newly opened index (not on a keystroke), then take it
    out of the garbage collector's sight. The entity table and the copies are ~200,000 Python
    objects at 100k articles, which every full collection walked: while typing, one ran about
    every second and stopped the app for up to 150 ms. They live as long as the index does and
    are freed by reference counting all the same."""
    import gc

    _ = service.corpus().table  # the entities, merged (built on the first sidebar otherwise)
    service.stories()  # the copies (seconds at a million articles)
    service.copy_keys()  # which documents are copies, by number (a second at a million)
    # (what an earlier freeze kept, an index since replaced, is collected first)
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class Backend:
    def __init__(self, index_dir: Path, max_file_bytes: int, seed: bool | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.seed = seed  # build the bundled seeds when missing (None: only the default index)
        self.max_file_bytes = max_file_bytes
        self.service: SearchService | None = None
        self.outdated = False  # the index was built by an older spacetui
        self._undo: list[str | None] = []  # entities.toml before each correction made here
        self.correction_errors: list[str] = []
        self.timeline = False  # the timeline is shown: each new search counts its days too

    @property
    def ready(self) -> bool:
        return self.service is not None

    def open(self, progress: Callable[[str, int, int, int], None]) -> tuple[int, bool]:
        """Open the index, building the bundled seeds first if there is none. -> (articles, built)."""
        from spacetui.search.service import SearchService

        service = SearchService(self.index_dir)
        built = False
        if not service.exists():
            from spacetui.index.build import update_index
            from spacetui.index.store import IndexMissing, missing_message
            from spacetui.paths import is_default_index

            seed = is_default_index(self.index_dir) if self.seed is None else self.seed
            if not seed:
                raise IndexMissing(missing_message(self.index_dir))

            update_index(self.index_dir, None, max_bytes=self.max_file_bytes, progress=progress)
            built = True
        try:
            status = service.status()
            articles, self.outdated = status.articles, status.outdated
            _settle(service)
        except Exception as exc:
            # A truncated or missing index file surfaces as whatever Whoosh raised: name it.
            from spacetui.index.store import IndexDamaged, IndexMissing, damaged_message

            if isinstance(exc, IndexMissing):
                raise
            reason = service.store.damage()
            if reason:
                raise IndexDamaged(damaged_message(self.index_dir, reason)) from exc
            raise
        self.service = service
        return articles, built

    def _svc(self) -> SearchService:
        if self.service is None:
            raise RuntimeError("the index is not open yet")
        return self.service

    def search(
        self,
        query: str,
        filters: Sequence[Filter],
        sort: str,
        offset: int = 0,
        facets: bool = True,
        stop: Callable[[], bool] | None = None,
        limit: int = PAGE,
        suggest: bool = True,
    ) -> SearchResult:
        """The page of results from ``offset``; raises Superseded when ``stop`` says a newer
        search took its place. Without ``suggest`` no "did you mean" is worked out
        (:meth:`suggestion` does, later)."""
        svc = self._svc()
        if svc.refresh():  # another index run: what the first searches would work out, now
            _settle(svc)
        # An empty query lists everything: newest first reads better than index order.
        effective = "date" if not query.strip() and sort == "relevance" else sort
        result = svc.search(
            query,
            filters=filters,
            sort=effective,
            limit=limit,
            offset=offset,
            facets=facets,
            collapse=True,
            stop=stop,
            suggest=suggest,
        )
        if self.timeline and offset == 0 and not result.error:
            result.timeline = svc.timeline_of(result)
        result.sort = sort
        return result

    def facets(self, result: SearchResult, stop: Callable[[], bool] | None = None) -> EntityCounts:
        """The sidebar's entities of a first page searched with ``facets=False``; raises
        Superseded when ``stop`` says so."""
        return self._svc().count_facets(result, stop)

    def suggestion(self, result: SearchResult, stop: Callable[[], bool] | None = None) -> str | None:
        """The "did you mean" of a search run with ``suggest=False``; raises Superseded when
        ``stop`` says so."""
        return self._svc().suggestion(result, stop)

    def article(self, article_id: str) -> Article | None:
        return self._svc().article(article_id)

    def export(self, query: str, filters: Sequence[Filter], sort: str, fmt: str, path: Path) -> int:
        """Every article that matches, whole, written to ``path`` as ``fmt``; how many."""
        from spacetui.export import write_articles

        svc = self._svc()
        effective = "date" if not query.strip() and sort == "relevance" else sort
        result = svc.search(query, filters=filters, sort=effective, limit=10**9, facets=False, snippets=False)
        articles = (a for a in (svc.article(h.id) for h in result.hits) if a is not None)
        tmp = path.with_name(path.name + ".part")
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            written = write_articles(articles, fmt, fh)
        tmp.replace(path)  # a half-written export never sits under the real name
        return written

    def state(self, article: Article) -> ArticleState:
        return self._svc().state(article)

    def change_library(self, ref: ArticleRef, what: str, value: object) -> ArticleState:
        """Save one change to an article's library state: ``what`` is star, read, tags (a list)
        or note (text). Raises LibraryError with the reason when it cannot be saved."""
        library = self._svc().library
        if what == "star":
            return library.set_starred(ref, bool(value))
        if what == "read":
            return library.set_read(ref, bool(value))
        if what == "tags" and isinstance(value, (list, tuple)):
            return library.set_tags(ref, [str(t) for t in value])
        if what == "note":
            return library.set_note(ref, str(value))
        raise ValueError(f"unknown library change {what!r}")

    # --- saved searches and the query history (library.sqlite3) -------------------------------
    def saved_version(self) -> tuple[object, ...]:
        """Changes when a saved search's counts may have: an index run, a library change."""
        svc = self._svc()
        return (svc.version(), svc.library.snapshot().version)

    def saved_statuses(self) -> list[SavedStatus]:
        from spacetui.search import saved

        return saved.statuses(self._svc())

    def save_search(self, name: str, query: str, filters: Sequence[Filter], sort: str) -> SavedSearch:
        from spacetui.search import saved

        svc = self._svc()
        svc.refresh()
        return saved.save(svc, name, query, filters, sort)

    def open_saved(self, name: str) -> SavedSearch | None:
        """The saved search of that name, marked opened (what it matches now is seen)."""
        from spacetui.search import saved

        svc = self._svc()
        found = svc.library.saved_search(name)
        if found is not None:
            svc.refresh()
            saved.opened(svc, found)
        return found

    def change_saved(self, name: str, new_name: str | None) -> bool:
        """Rename a saved search (``new_name``) or remove it (None); False if there is none."""
        library = self._svc().library
        return library.remove_search(name) if new_name is None else library.rename_search(name, new_name)

    def history(self) -> list[str]:
        return self._svc().library.history()

    def remember_query(self, query: str) -> None:
        self._svc().library.remember_query(query)

    def document(
        self, article: Article, terms: Sequence[str], raw: bool = False
    ) -> tuple[Document, list[Span]]:
        from spacetui.tui.document import build_document, find_spans  # first article, not start-up

        svc = self._svc()
        doc = build_document(article, raw=raw)
        # Read the words here, in the opening worker, so no find has to (1.5 s at 30 MB).
        return doc, find_spans(doc, terms, svc.match_spans, svc.text_words, prepare=True)

    def find(self, doc: Document, text: str) -> list[Span]:
        """Spans for a find typed in a pane; raises QueryError for a query it cannot read."""
        from spacetui.tui.document import find_spans, plain_find

        svc = self._svc()
        terms = svc.query_terms(text)
        spans = find_spans(doc, terms, svc.match_spans, svc.text_words)
        if not spans and text.strip():
            # Words the index never saw (or stop words): fall back to a plain, case-blind find.
            spans = plain_find(doc, text.strip())
        return spans

    def versions(self, hit: Hit) -> list[Hit]:
        """A result and its copies, the result first (groups already carry the ids)."""
        return self._svc().hits_for([hit.id, *hit.versions])

    def compare(self, first_id: str, second_id: str) -> Comparison | None:
        from spacetui.stories.compare import compare  # (rapidfuzz) on the first compare, in a worker

        svc = self._svc()
        first, second = svc.article(first_id, as_stored=True), svc.article(second_id, as_stored=True)
        if first is None or second is None:
            return None
        return compare(first, second, svc.corpus())

    def story(self, article_id: str) -> StoryView:
        """The story an article is in: its articles by date and its dated events."""
        svc = self._svc()
        groups = svc.stories()
        return StoryView(
            groups.story_of(article_id),
            svc.hits_for(groups.members(article_id)),
            svc.story_events(article_id),
        )

    def entity_events(self, info: EntityInfo) -> list[Event]:
        return self._svc().entity_events(info.type, info.name)

    def related(self, article_id: str) -> list[Hit]:
        return self._svc().related(article_id, limit=10)

    def entities(self) -> list[EntityInfo]:
        return self._svc().entities()

    def appears_with(
        self, info: EntityInfo, query: str, filters: Sequence[Filter]
    ) -> tuple[int, list[EntityInfo]]:
        svc = self._svc()
        svc.refresh()
        return svc.appears_with(info.type, info.name, query, filters)

    # --- corrections (entities.toml) ----------------------------------------------------------
    def correct(self, change: Callable[[Path], None]) -> None:
        """Write one correction to entities.toml (``change(path)``) and show the entity table
        under the file from now on; the previous file is kept for ``undo``. Raises
        overrides.CorrectionError with the reason when the file cannot be changed."""
        from spacetui.paths import entities_file

        path = entities_file()
        try:
            before: str | None = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            before = None
        except (OSError, UnicodeDecodeError):
            before = None  # change() says what is wrong with it
        change(path)
        self._undo.append(before)
        self._reload_corrections(path)

    def undo(self) -> bool:
        """Put entities.toml back as it was before the last correction made here."""
        from spacetui.paths import entities_file

        if not self._undo:
            return False
        before = self._undo.pop()
        path = entities_file()
        if before is None:
            path.unlink(missing_ok=True)
        else:
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(before, encoding="utf-8")
            tmp.replace(path)
        self._reload_corrections(path)
        return True

    def _reload_corrections(self, path: Path) -> None:
        from spacetui.entities import overrides

        loaded = overrides.load(path)
        self.correction_errors = list(loaded.errors)  # entries of the file it ignores
        self._svc().corpus().set_overrides(loaded)

    def refilter(self, filters: Sequence[Filter]) -> list[tuple[Filter, Filter | None, list[str]]]:
        """Each entity filter as the corrected table names it (None: hidden), with its keys."""
        from spacetui.entities import entity_key
        from spacetui.search.results import Filter

        corpus = self._svc().corpus()
        out: list[tuple[Filter, Filter | None, list[str]]] = []
        for f in filters:
            if f.kind != "entity":
                continue
            key = entity_key(f.type, f.value)
            info = corpus.info(key)
            if info is None:
                hidden = key in corpus.corrected().hidden
                out.append((f, None if hidden else f, []))
            else:
                out.append((f, Filter.entity(info.type, info.name), list(info.keys)))
        return out

    def titles(self, text: str, limit: int = 20) -> list[Hit]:
        """Articles whose title matches (for the command palette)."""
        svc = self._svc()
        words = [w for w in text.replace('"', " ").replace(":", " ").split() if w.isalnum()]
        if not words:
            return []
        parts = [f"title:{w}" for w in words[:-1]]
        last = words[-1]
        parts.append(f"title:{last}*" if len(last) >= 2 else f"title:{last}")
        result = svc.search(" ".join(parts), limit=limit, facets=False, snippets=False)
        if result.error or not result.hits:
            result = svc.search(" ".join(words), limit=limit, facets=False, snippets=False)
        return result.hits


def mentions_for(doc: Document, keys: Sequence[str]) -> list[Span]:
    """Where the entities with these entity keys are mentioned in the document."""
    from spacetui.entities import entity_key
    from spacetui.tui.document import mention_spans

    wanted = set(keys)
    ranges: list[tuple[int, int]] = []
    for entity in doc.article.entities:
        names = [entity.name, *entity.aliases]
        if any(entity_key(entity.type, n) in wanted for n in names):
            ranges.extend(entity.mentions)
    return mention_spans(doc, ranges)
