"""The reader's library: what a person did with the articles (read, starred, tagged, noted).

Kept in SQLite beside the index, keyed by content so it outlives rebuilds and moved folders.
The UI and the CLI use :class:`LibraryStore` and the plain dataclasses here; none of them
knows SQL.
"""

from spacetui.library.state import (
    LIBRARY_FILE,
    NO_STATE,
    ArticleRef,
    ArticleState,
    normalise_tag,
    parse_tags,
)
from spacetui.library.store import LibraryError, LibrarySnapshot, LibraryStore, SavedSearch

__all__ = [
    "LIBRARY_FILE",
    "NO_STATE",
    "ArticleRef",
    "ArticleState",
    "LibraryError",
    "LibrarySnapshot",
    "LibraryStore",
    "SavedSearch",
    "normalise_tag",
    "parse_tags",
]
