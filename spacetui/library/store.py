"""The library's SQLite file: read state, stars, tags and notes; saved searches and the history
of queries typed.

One file per index (``<index>/library.sqlite3``), in WAL mode, so the app and a script (or the
watcher) can write at once: each change is one ``BEGIN IMMEDIATE`` transaction, waited for up
to BUSY_MS. The file is made on the first write; reading a missing file means "no state".

Readers get a :class:`LibrarySnapshot` of every row, kept in memory and read again only when
the file changed (``PRAGMA data_version`` for other processes, a counter for this one), so a
keystroke costs a dictionary lookup per hit, not a query.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacetui.library.state import NO_STATE, ArticleRef, ArticleState, clean_note, normalise_tag

BUSY_MS = 10_000

# Schema steps, applied in order, each a list of statements; PRAGMA user_version counts those
# done.
MIGRATIONS: list[list[str]] = [
    [
        """
    CREATE TABLE article (
        key INTEGER PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,  -- the identity (see ArticleRef)
        article_id TEXT NOT NULL,           -- finds it again after an edit in place
        path TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        read_at REAL,                       -- unix time it was opened; NULL: unread
        starred_at REAL,
        note TEXT NOT NULL DEFAULT '',
        updated_at REAL NOT NULL
    )""",
        "CREATE INDEX article_by_id ON article(article_id)",
        """
    CREATE TABLE article_tag (
        key INTEGER NOT NULL REFERENCES article(key) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (key, tag)
    ) WITHOUT ROWID""",
        "CREATE INDEX tag_by_name ON article_tag(tag)",
    ],
    [
        """
    CREATE TABLE saved_search (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        query TEXT NOT NULL,
        filters TEXT NOT NULL DEFAULT '[]',  -- JSON: [[kind, value, type], ...]
        sort TEXT NOT NULL DEFAULT 'relevance',
        created_at REAL NOT NULL,
        opened_at REAL NOT NULL,
        seen BLOB NOT NULL DEFAULT x''        -- match keys (see seen_keys) of what matched then
    )""",
        """
    CREATE TABLE query_history (
        query TEXT PRIMARY KEY,
        used_at REAL NOT NULL
    )""",
        "CREATE INDEX history_by_time ON query_history(used_at)",
    ],
]

HISTORY_MAX = 200  # queries kept; the oldest go first
SEEN_KEY_BYTES = 8  # per matching article in a saved search's "seen" set (64 bits: no collisions in practice)


class LibraryError(Exception):
    """The library file cannot be read or written; the message says why."""


def seen_key(content_hash: str) -> bytes:
    """An article's key in a saved search's seen set: a short digest of its content hash (the
    identity that survives --rebuild and a moved folder; see SavedSearch)."""
    return hashlib.blake2b(content_hash.encode("utf-8"), digest_size=SEEN_KEY_BYTES).digest()


def seen_keys(content_hashes: Iterable[str]) -> bytes:
    """The seen set as stored: sorted keys, end to end."""
    return b"".join(sorted({seen_key(h) for h in content_hashes if h}))


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A query kept under a name, with its filters and sort.

    ``seen`` holds the content hashes (as seen_key digests) of the articles that matched when
    it was last opened. "New" is what matches now and is not in that set: an article added
    since, or one that did not match then (tagged since, say). Content hashes, not index
    document numbers or indexing times, because both of those change on ``--rebuild`` and a
    moved folder, which would make every article "new"; an article edited in place has new
    content and counts as new.
    """

    name: str
    query: str
    filters: tuple[tuple[str, str, str], ...] = ()  # (kind, value, type), as search.results.Filter
    sort: str = "relevance"
    created_at: float = 0.0
    opened_at: float = 0.0
    seen: frozenset[bytes] = frozenset()

    def new_among(self, content_hashes: Iterable[str]) -> int:
        """How many of these (the articles matching now) were not seen when last opened."""
        return sum(1 for h in set(content_hashes) if h and seen_key(h) not in self.seen)

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "query": self.query,
            "filters": [{"kind": k, "value": v, "type": t} for k, v, t in self.filters],
            "sort": self.sort,
        }


@dataclass(frozen=True, slots=True)
class StateRow:
    content_hash: str
    article_id: str
    updated_at: float
    state: ArticleState


@dataclass(slots=True)
class LibrarySnapshot:
    """Every article the library has state for, as of one version of the file."""

    version: tuple[int, int] = (0, 0)
    by_hash: dict[str, StateRow] = field(default_factory=dict)
    by_id: dict[str, StateRow] = field(default_factory=dict)  # the newest row of each id

    def row(self, article_id: str, content_hash: str) -> StateRow | None:
        """The row of an article: by its content, else (edited in place) by its id."""
        return self.by_hash.get(content_hash) or self.by_id.get(article_id)

    def state(self, article_id: str, content_hash: str) -> ArticleState:
        row = self.row(article_id, content_hash)
        return row.state if row is not None else NO_STATE

    @property
    def rows(self) -> Iterable[StateRow]:
        return self.by_hash.values()


EMPTY = LibrarySnapshot()


class LibraryStore:
    """Thread-safe: one connection, used under a lock (the app reads from worker threads)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._writes = 0  # changes made through this connection (data_version does not see them)
        self._snapshot = EMPTY

    @classmethod
    def beside(cls, index_dir: Path) -> LibraryStore:
        from spacetui.library.state import LIBRARY_FILE

        return cls(Path(index_dir) / LIBRARY_FILE)

    def exists(self) -> bool:
        return self._conn is not None or self.path.is_file()

    # --- connection -------------------------------------------------------------------------
    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._conn is not None:
            return self._conn
        if not create and not self.path.is_file():
            return None
        if create and not self.path.parent.is_dir():
            raise LibraryError(f"no index folder at {self.path.parent} for the library")
        conn = None
        try:
            conn = sqlite3.connect(
                self.path, timeout=BUSY_MS / 1000, isolation_level=None, check_same_thread=False
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at checkpoints, never corrupt
            conn.execute("PRAGMA foreign_keys = ON")
            self._migrate(conn)
        except (sqlite3.Error, LibraryError) as exc:
            if conn is not None:
                conn.close()
            if isinstance(exc, LibraryError):
                raise
            raise LibraryError(f"cannot open the library {self.path}: {exc}") from exc
        self._conn = conn
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        done = conn.execute("PRAGMA user_version").fetchone()[0]
        if done > len(MIGRATIONS):
            raise LibraryError(f"{self.path} was written by a newer spacetui (schema {done})")
        if done == len(MIGRATIONS):
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            done = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
            for step in MIGRATIONS[done:]:
                for statement in step:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            self._snapshot = EMPTY

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write, all or nothing, with the file locked against other writers meanwhile."""
        with self._lock:
            conn = self._connect(create=True)
            assert conn is not None
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise LibraryError(f"cannot write the library {self.path}: {exc}") from exc
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            finally:
                self._writes += 1

    # --- reading ----------------------------------------------------------------------------
    def snapshot(self) -> LibrarySnapshot:
        """Every row, read again only if the file changed since the last call."""
        with self._lock:
            conn = self._connect(create=False)
            if conn is None:
                return EMPTY
            try:
                version = (conn.execute("PRAGMA data_version").fetchone()[0], self._writes)
                if version != self._snapshot.version:
                    self._snapshot = self._load(conn, version)
            except sqlite3.Error as exc:
                raise LibraryError(f"cannot read the library {self.path}: {exc}") from exc
            return self._snapshot

    @staticmethod
    def _load(conn: sqlite3.Connection, version: tuple[int, int]) -> LibrarySnapshot:
        tags: dict[int, list[str]] = {}
        for key, tag in conn.execute("SELECT key, tag FROM article_tag ORDER BY key, tag"):
            tags.setdefault(key, []).append(tag)
        snap = LibrarySnapshot(version)
        rows = conn.execute(
            "SELECT key, content_hash, article_id, read_at, starred_at, note, updated_at "
            "FROM article ORDER BY updated_at"
        )
        for key, content_hash, article_id, read_at, starred_at, note, updated in rows:
            state = ArticleState(read_at is not None, starred_at is not None, tuple(tags.get(key, ())), note)
            row = StateRow(content_hash, article_id, updated, state)
            snap.by_hash[content_hash] = row
            snap.by_id[article_id] = row  # newest last: it wins
        return snap

    def state(self, ref: ArticleRef) -> ArticleState:
        return self.snapshot().state(ref.id, ref.content_hash)

    def tag_counts(self) -> dict[str, int]:
        """Every tag in use, with how many articles carry it."""
        counts: dict[str, int] = {}
        for row in self.snapshot().rows:
            for tag in row.state.tags:
                counts[tag] = counts.get(tag, 0) + 1
        return counts

    # --- writing ----------------------------------------------------------------------------
    def _key(self, conn: sqlite3.Connection, ref: ArticleRef) -> int:
        """The row of ``ref``, made if need be. An article edited in place (same id, new content)
        gets a new row that starts with the old one's state; the old row stays for any copy of
        the old content elsewhere."""
        if not ref.content_hash:
            raise LibraryError(f"article {ref.id} has no content hash: run `spacetui index --rebuild`")
        now = time.time()
        found = conn.execute(
            "SELECT key, article_id, path, title FROM article WHERE content_hash = ?", (ref.content_hash,)
        ).fetchone()
        if found is not None:
            key, article_id, path, title = found
            if (article_id, path, title) != (ref.id, ref.path or path, ref.title or title):
                conn.execute(
                    "UPDATE article SET article_id = ?, path = ?, title = ? WHERE key = ?",
                    (ref.id, ref.path or path, ref.title or title, key),
                )
            return int(key)
        before = conn.execute(
            "SELECT key, read_at, starred_at, note FROM article WHERE article_id = ? "
            "ORDER BY updated_at DESC LIMIT 1",
            (ref.id,),
        ).fetchone()
        read_at, starred_at, note = before[1:] if before is not None else (None, None, "")
        key = conn.execute(
            "INSERT INTO article (content_hash, article_id, path, title, read_at, starred_at, note, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (ref.content_hash, ref.id, ref.path, ref.title, read_at, starred_at, note, now),
        ).lastrowid
        assert key is not None
        if before is not None:
            conn.execute(
                "INSERT INTO article_tag (key, tag) SELECT ?, tag FROM article_tag WHERE key = ?",
                (key, before[0]),
            )
        return key

    def _write(self, ref: ArticleRef, change: Callable[[sqlite3.Connection, int], object]) -> ArticleState:
        """Run ``change(conn, key)`` on the article's row in one transaction; its state after."""
        with self._lock:
            try:
                with self.transaction() as conn:
                    key = self._key(conn, ref)
                    change(conn, key)
                    conn.execute("UPDATE article SET updated_at = ? WHERE key = ?", (time.time(), key))
                self._patch(conn, key)
            except sqlite3.Error as exc:
                raise LibraryError(f"cannot write the library {self.path}: {exc}") from exc
            return self.state(ref)

    def _patch(self, conn: sqlite3.Connection, key: int) -> None:
        """After a write here: the snapshot with that one row changed, not the whole file read
        again (unless another process wrote meanwhile)."""
        snap = self._snapshot
        version = (conn.execute("PRAGMA data_version").fetchone()[0], self._writes)
        if snap is EMPTY or snap.version != (version[0], version[1] - 1):
            return  # read whole on the next snapshot()
        row = conn.execute(
            "SELECT content_hash, article_id, read_at, starred_at, note, updated_at "
            "FROM article WHERE key = ?",
            (key,),
        ).fetchone()
        tags = tuple(
            t for (t,) in conn.execute("SELECT tag FROM article_tag WHERE key = ? ORDER BY tag", (key,))
        )
        content_hash, article_id, read_at, starred_at, note, updated = row
        state = ArticleState(read_at is not None, starred_at is not None, tags, note)
        new = StateRow(content_hash, article_id, updated, state)
        # A new snapshot, not this one changed: readers in other threads may be going through it.
        self._snapshot = LibrarySnapshot(
            version, {**snap.by_hash, content_hash: new}, {**snap.by_id, article_id: new}
        )

    def relink(self, moved: Iterable[tuple[str, str, str]]) -> None:
        """New (id, path) of articles the index now has under another id: ``(content hash,
        id, path)`` each (the indexer calls this for a moved or renamed file)."""
        rows = [(article_id, path, content_hash) for content_hash, article_id, path in moved]
        try:
            with self.transaction() as conn:
                conn.executemany("UPDATE article SET article_id = ?, path = ? WHERE content_hash = ?", rows)
        except sqlite3.Error as exc:
            raise LibraryError(f"cannot write the library {self.path}: {exc}") from exc

    def set_read(self, ref: ArticleRef, read: bool = True) -> ArticleState:
        # Read again keeps the time it was first read.
        def change(conn: sqlite3.Connection, key: int) -> None:
            if read:
                conn.execute(
                    "UPDATE article SET read_at = coalesce(read_at, ?) WHERE key = ?", (time.time(), key)
                )
            else:
                conn.execute("UPDATE article SET read_at = NULL WHERE key = ?", (key,))

        return self._write(ref, change)

    def set_starred(self, ref: ArticleRef, starred: bool = True) -> ArticleState:
        def change(conn: sqlite3.Connection, key: int) -> None:
            if starred:
                conn.execute(
                    "UPDATE article SET starred_at = coalesce(starred_at, ?) WHERE key = ?",
                    (time.time(), key),
                )
            else:
                conn.execute("UPDATE article SET starred_at = NULL WHERE key = ?", (key,))

        return self._write(ref, change)

    def set_note(self, ref: ArticleRef, note: str) -> ArticleState:
        text = clean_note(note)
        return self._write(
            ref, lambda conn, key: conn.execute("UPDATE article SET note = ? WHERE key = ?", (text, key))
        )

    def tag(self, ref: ArticleRef, add: Iterable[str] = (), remove: Iterable[str] = ()) -> ArticleState:
        """Add and remove tags (each normalised); other tags, and other writers' tags, stay."""
        added = [t for t in (normalise_tag(x) for x in add) if t]
        removed = [t for t in (normalise_tag(x) for x in remove) if t and t not in added]

        def change(conn: sqlite3.Connection, key: int) -> None:
            conn.executemany("DELETE FROM article_tag WHERE key = ? AND tag = ?", [(key, t) for t in removed])
            conn.executemany(
                "INSERT OR IGNORE INTO article_tag (key, tag) VALUES (?, ?)", [(key, t) for t in added]
            )

        return self._write(ref, change)

    def set_tags(self, ref: ArticleRef, tags: Iterable[str]) -> ArticleState:
        """Exactly these tags (the app's tag editor)."""
        wanted = list(dict.fromkeys(t for t in (normalise_tag(x) for x in tags) if t))

        def change(conn: sqlite3.Connection, key: int) -> None:
            conn.execute("DELETE FROM article_tag WHERE key = ?", (key,))
            conn.executemany("INSERT INTO article_tag (key, tag) VALUES (?, ?)", [(key, t) for t in wanted])

        return self._write(ref, change)

    # --- saved searches -----------------------------------------------------------------------
    def saved_searches(self) -> list[SavedSearch]:
        """Every saved search, by name."""
        rows = self._rows(
            "SELECT name, query, filters, sort, created_at, opened_at, seen FROM saved_search "
            "ORDER BY name COLLATE NOCASE"
        )
        return [_saved(row) for row in rows]

    def _rows(self, sql: str, params: tuple[object, ...] = ()) -> list[Any]:
        """The rows of one read ([] when there is no library file yet)."""
        with self._lock:
            conn = self._connect(create=False)
            if conn is None:
                return []
            try:
                return conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise LibraryError(f"cannot read the library {self.path}: {exc}") from exc

    def saved_search(self, name: str) -> SavedSearch | None:
        wanted = name.strip().casefold()
        return next((s for s in self.saved_searches() if s.name.casefold() == wanted), None)

    def save_search(
        self,
        name: str,
        query: str,
        filters: Iterable[tuple[str, str, str]] = (),
        sort: str = "relevance",
        matching: Iterable[str] = (),
    ) -> SavedSearch:
        """Keep (or replace) a search under ``name``; ``matching``: the content hashes of what it
        matches now (all seen: nothing is new yet)."""
        name = " ".join(name.split())
        if not name:
            raise LibraryError("a saved search needs a name")
        now = time.time()
        data = json.dumps([list(f) for f in filters])
        try:
            with self.transaction() as conn:
                conn.execute(
                    "INSERT INTO saved_search (name, query, filters, sort, created_at, opened_at, seen) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET name = excluded.name, "
                    "query = excluded.query, filters = excluded.filters, sort = excluded.sort, "
                    "opened_at = excluded.opened_at, seen = excluded.seen",
                    (name, query, data, sort, now, now, seen_keys(matching)),
                )
        except sqlite3.Error as exc:
            raise LibraryError(f"cannot write the library {self.path}: {exc}") from exc
        found = self.saved_search(name)
        assert found is not None
        return found

    def mark_opened(self, name: str, matching: Iterable[str]) -> bool:
        """The search was opened and showed these (content hashes): none of them is new now."""
        return self._change_saved(
            "UPDATE saved_search SET opened_at = ?, seen = ? WHERE name = ?",
            (time.time(), seen_keys(matching), name),
        )

    def rename_search(self, name: str, new: str) -> bool:
        new = " ".join(new.split())
        if not new:
            raise LibraryError("a saved search needs a name")
        other = self.saved_search(new)
        if other is not None and other.name.casefold() != name.casefold():
            raise LibraryError(f"there is already a saved search named {other.name!r}")
        return self._change_saved("UPDATE saved_search SET name = ? WHERE name = ?", (new, name))

    def remove_search(self, name: str) -> bool:
        return self._change_saved("DELETE FROM saved_search WHERE name = ?", (name,))

    def _change_saved(self, sql: str, params: tuple[object, ...]) -> bool:
        """Run one change to a saved search; False if there is none of that name."""
        try:
            with self.transaction() as conn:
                return conn.execute(sql, params).rowcount > 0
        except sqlite3.Error as exc:
            raise LibraryError(f"cannot write the library {self.path}: {exc}") from exc

    # --- history of queries -------------------------------------------------------------------
    def history(self, limit: int = HISTORY_MAX) -> list[str]:
        """Queries used, most recent first, each once."""
        rows = self._rows(
            "SELECT query FROM query_history ORDER BY used_at DESC, rowid DESC LIMIT ?", (limit,)
        )
        return [q for (q,) in rows]

    def remember_query(self, query: str) -> None:
        """Put a query at the top of the history (moved up if it is there), keeping HISTORY_MAX."""
        query = query.strip()
        if not query:
            return
        try:
            with self.transaction() as conn:
                conn.execute(
                    "INSERT INTO query_history (query, used_at) VALUES (?, ?) "
                    "ON CONFLICT(query) DO UPDATE SET used_at = excluded.used_at",
                    (query, time.time()),
                )
                conn.execute(
                    "DELETE FROM query_history WHERE query NOT IN (SELECT query FROM query_history "
                    "ORDER BY used_at DESC, rowid DESC LIMIT ?)",
                    (HISTORY_MAX,),
                )
        except sqlite3.Error as exc:
            raise LibraryError(f"cannot write the library {self.path}: {exc}") from exc


def _saved(row: tuple[str, str, str, str, float, float, bytes]) -> SavedSearch:
    name, query, filters, sort, created, opened, seen = row
    try:
        parsed = tuple((str(k), str(v), str(t)) for k, v, t in json.loads(filters))
    except (ValueError, TypeError):
        parsed = ()  # a hand-edited row: the query still runs
    keys = frozenset(bytes(seen[i : i + SEEN_KEY_BYTES]) for i in range(0, len(seen), SEEN_KEY_BYTES))
    return SavedSearch(name, query, parsed, sort, created, opened, keys)
