"""Saved searches against the index: what each matches now, and how much of that is new since
it was last opened (the definition of "new" is on :class:`spacetui.library.SavedSearch`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacetui.library import LibraryError, SavedSearch
from spacetui.search.results import Filter

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacetui.search.service import SearchService


@dataclass(frozen=True, slots=True)
class SavedStatus:
    search: SavedSearch
    total: int = 0
    new: int = 0
    error: str = ""  # the query cannot run now (the counts are 0 then)

    def to_dict(self) -> dict[str, object]:
        out = {**self.search.to_dict(), "total": self.total, "new": self.new}
        if self.error:
            out["error"] = self.error
        return out


def filters_of(search: SavedSearch) -> list[Filter]:
    return [Filter(kind, value, type_) for kind, value, type_ in search.filters]


def filter_tuples(filters: Sequence[Filter]) -> list[tuple[str, str, str]]:
    return [(f.kind, f.value, f.type) for f in filters]


def matching(service: SearchService, query: str, filters: Sequence[Filter]) -> list[str]:
    """The content hashes of every article the search matches now. Raises LibraryError (with
    the query's own message) for a query that cannot run."""
    result = service.search(query, filters=filters, limit=1, facets=False, snippets=False)
    if result.error:
        raise LibraryError(result.error)
    return service.content_hashes(result.matched if result.matched is not None else ())


def status(service: SearchService, search: SavedSearch) -> SavedStatus:
    try:
        hashes = matching(service, search.query, filters_of(search))
    except LibraryError as exc:
        return SavedStatus(search, error=str(exc))
    return SavedStatus(search, len(hashes), search.new_among(hashes))


def statuses(service: SearchService) -> list[SavedStatus]:
    """Every saved search with its total and new counts, against the index as it is now."""
    service.refresh()
    return [status(service, s) for s in service.library.saved_searches()]


def save(service: SearchService, name: str, query: str, filters: Sequence[Filter], sort: str) -> SavedSearch:
    """Save a search under a name; what it matches now is all seen (nothing new yet)."""
    hashes = matching(service, query, filters)
    return service.library.save_search(name, query, filter_tuples(filters), sort, hashes)


def opened(service: SearchService, search: SavedSearch) -> None:
    """The search was opened: what it matches now is seen."""
    service.library.mark_opened(search.name, matching(service, search.query, filters_of(search)))
