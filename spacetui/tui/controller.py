"""What the main screen searches for, as plain Python: the query, the filters and the sort, the
search scheduling that follows from them, and the trail of articles opened (back/forward).

No Textual here: the screen feeds it what the user did and asks it what to search and what to
say; the unit tests drive it without an app. Search-layer types load on first use, so importing
this costs the app's start-up nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacetui.safetext import display_text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from spacetui.library import SavedSearch
    from spacetui.search.results import Filter, SearchResult

TRAIL_MAX = 100  # articles remembered for back/forward ([ and ]), this session


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """One search to run: query number ``seq`` of what the user asked for; ``offset`` > 0 asks
    for a further page of it."""

    seq: int
    query: str
    filters: tuple[Filter, ...]
    sort: str
    offset: int = 0


@dataclass(slots=True)
class SearchController:
    """The query, filters and sort, and which search runs when.

    One search is in flight at a time: a change searches at once when none is running,
    otherwise the newest query is marked pending and runs as soon as the current one lands. No
    debounce delay, and fast typing never piles up threads competing for the GIL.
    """

    query_text: str = ""
    filters: list[Filter] = field(default_factory=list)
    # The index keys each entity filter stands for (its aliases as grouped), for marking mentions.
    filter_keys: dict[Filter, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    result: SearchResult | None = None  # the newest first page shown
    seq: int = 0
    in_flight: bool = False
    pending: bool = False

    # --- scheduling ---------------------------------------------------------------------------
    def changed(self, ready: bool) -> SearchRequest | None:
        """The query, filters or sort changed: the search to start now, if any (else it runs
        when the one in flight lands, or when the index opens)."""
        self.seq += 1
        if self.in_flight:
            self.pending = True
            return None
        return self.start(ready)

    def start(self, ready: bool, offset: int = 0) -> SearchRequest | None:
        """The newest query (a further page of it, from ``offset``) if the index is ``ready``."""
        if not ready:
            return None  # it searches when the index opens
        self.in_flight = True
        return SearchRequest(self.seq, self.query_text, tuple(self.filters), self.sort, offset)

    def landed(self, seq: int, ready: bool) -> tuple[SearchRequest | None, bool]:
        """Search ``seq`` finished: (the pending search to start now, whether ``seq`` is still
        the newest query, so its results are the ones to show)."""
        self.in_flight = False
        follow = None
        if self.pending:
            self.pending = False
            follow = self.start(ready)
        return follow, seq == self.seq

    def set_query(self, text: str) -> None:
        self.query_text = text

    def toggle_sort(self) -> str:
        self.sort = "date" if self.sort == "relevance" else "relevance"
        return self.sort

    # --- filters ------------------------------------------------------------------------------
    def toggle_entity(self, type_: str, name: str, keys: Iterable[str] = ()) -> None:
        """Filter by an entity, or stop filtering by it if it already does."""
        from spacetui.search.results import Filter

        f = Filter.entity(type_, name)
        if not self.remove_filter(f):
            self.filters.append(f)
            self.filter_keys[f] = list(keys)

    def remove_filter(self, f: Filter) -> bool:
        if f not in self.filters:
            return False
        self.filters.remove(f)
        self.filter_keys.pop(f, None)
        return True

    def drop_last_filter(self) -> bool:
        return bool(self.filters) and self.remove_filter(self.filters[-1])

    def clear_filters(self) -> bool:
        had = bool(self.filters)
        self.filters.clear()
        self.filter_keys.clear()
        return had

    def corrected(self, refiltered: Iterable[tuple[Filter, Filter | None, list[str]]]) -> None:
        """Entity corrections renamed, merged or hid entities: each (old filter, new or None
        when hidden, new keys) takes its place; a filter that became a duplicate of another goes."""
        for old, new, keys in refiltered:
            if old not in self.filters:
                continue
            at = self.filters.index(old)
            self.filter_keys.pop(old, None)
            if new is None or new in self.filters[:at] + self.filters[at + 1 :]:
                del self.filters[at]
            else:
                self.filters[at] = new
                self.filter_keys[new] = keys

    def apply_saved(self, search: SavedSearch) -> None:
        """A saved search's query, filters and sort become the current ones."""
        from spacetui.search.saved import filters_of

        self.filters = filters_of(search)
        self.filter_keys.clear()
        self.sort = search.sort
        self.query_text = search.query

    def chosen_entities(self) -> set[tuple[str, str]]:
        """(type, name) of the entities filtered by, for the sidebar's marks."""
        return {(f.type, f.value) for f in self.filters if f.kind == "entity"}

    def mention_keys(self) -> list[str]:
        """The entity keys a reading pane marks: those of every entity filter, and the key of the
        name and type it shows (an article's entities carry the corpus's, corrected ones too)."""
        from spacetui.entities import entity_key

        keys: list[str] = []
        for f in self.filters:
            if f.kind == "entity":
                keys += [entity_key(f.type, f.value), *self.filter_keys.get(f, ())]
        return list(dict.fromkeys(keys))

    # --- what the screen says -----------------------------------------------------------------
    def describe(self) -> str:
        """The search in a line: "rocket · person: Yulia Peresild" ("everything" for no query)."""
        described = display_text(self.query_text.strip()) or "everything"
        if self.filters:
            described += " · " + " · ".join(display_text(f.label) for f in self.filters)
        return described

    def title(self) -> str:
        """The results box's title: how many match what, filtered how, in which order."""
        result = self.result
        if result is None:
            return "Results"
        query = display_text(result.query)
        if query:
            noun = "result" if result.total == 1 else "results"
            title = f"{result.total:,} {noun} for “{query}”"
            if result.all_words is not None:
                title += f" · {result.all_words:,} with all the words"
        else:
            # a filter narrows "all": "1 article · person: Dmitry Rogozin", not "All 1 articles"
            noun = "article" if result.total == 1 else "articles"
            title = f"{result.total:,} {noun}" if self.filters else f"All {result.total:,} {noun}"
        for f in self.filters:
            title += f" · {display_text(f.label)}"
        title += " · newest first" if (self.sort == "date" or not query) else " · by relevance"
        return title

    def subtitle(self, shown: int, available: int) -> str:
        """Under the results: how many of them the list holds (``shown``), when not all of the
        ``available`` ones (fewer than the total when copies are folded)."""
        result = self.result
        if result is None:
            return ""
        sub = f"showing {shown:,} of {result.total:,}" if shown < available else ""
        if available < result.total and shown >= available:
            sub = f"{shown:,} results: copies folded under “+N versions”"
        return sub

    def no_results_text(self, index_articles: int) -> str:
        """What the empty results box says: how to add articles, or how to find more."""
        result = self.result
        if index_articles == 0 and not self.query_text.strip():
            return (
                "No articles yet.\n\nAdd a folder of saved articles from a shell:\n"
                "    spacetui index ~/news\nthen press Ctrl+R here to reload."
            )
        lines = [f"No results for “{display_text(self.query_text)}”."]
        if result is not None and result.suggestion:
            lines.append(
                f"\nDid you mean “{display_text(result.suggestion)}”? Press Ctrl+Y to search for it."
            )
        filters = "\nFilters narrow the results: Backspace in an empty search box removes the last one."
        if result is not None and result.left_out:
            # "space -musk": the words find articles, and the clause leaves every one out
            lines += ["\n" + said for said in result.left_out_said()]
            if self.filters:
                lines.append(filters)
            return "\n".join(lines)
        if self.filters:
            lines.append(filters)
        lines.append("\nTry fewer words, a prefix (spac*), a fuzzy word (peresild~) or OR between words.")
        return "\n".join(lines)


@dataclass(slots=True)
class Trail:
    """Articles opened this session, for back/forward like a browser: ``step`` moves along it;
    opening another article after going back drops the ones ahead."""

    ids: list[str] = field(default_factory=list)
    at: int = -1

    def visit(self, article_id: str) -> None:
        if not self.ids or self.ids[self.at] != article_id:
            del self.ids[self.at + 1 :]
            self.ids.append(article_id)
            del self.ids[:-TRAIL_MAX]
        self.at = len(self.ids) - 1

    def step(self, step: int) -> str | None:
        """The article ``step`` places back (< 0) or forward along the trail, now the current
        one; None when there is none that far."""
        at = self.at + step
        if not 0 <= at < len(self.ids):
            return None
        self.at = at
        return self.ids[at]
