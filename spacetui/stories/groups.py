"""The saved groups, as readers see them: which articles are copies of one another, which tell
one story. Only groups of two or more are kept; an article in none is its own story and has no
versions.

A group's id is its first article (earliest date, then id), so ``spacetui story ID`` takes the
story's id or the id of any article in it.

On disk the groups are arrays (``stories-groups-*/``, memory-mapped when read) named by a small
``stories.json``: at a million articles, Python lists and dictionaries of every grouped id took
~170 MiB and 2.5 s to load, where the arrays are read page by page as lookups touch them.
Articles are found by a 64-bit hash of their id (sorted, binary-searched), checked against the
id itself. The same folder may hold each document's group of copies by document number
(``copy_keys``, what folding copies in a search needs), valid for the segments it names.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import itertools
import json
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacetui import arrays as stored_arrays

STORIES_FILE = "stories.json"
FORMAT = 4
_JSON_FORMAT = 3  # the lists-in-JSON format before the arrays (still read: no rebuild needed)
GROUPS_PREFIX = "stories-groups-"
_ARRAYS = (
    "hashes",  # uint64, sorted: each grouped article's id hashed
    "id_blob",  # the ids, UTF-8, in hash order
    "id_offsets",
    "version",  # int32 per article: its group of copies (-1: none)
    "story",  # int32 per article: its story (-1: none)
    "version_indptr",  # the groups of copies, CSR: members index the articles above
    "version_members",
    "story_indptr",
    "story_members",
)
COPY_KEYS = "copy_keys"


def id_hash(article_id: str) -> int:
    """A stable 64-bit hash of an article id (not Python's ``hash``, which changes per process)."""
    digest = hashlib.blake2b(article_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


@dataclass(slots=True)
class _Table:
    hashes: Any
    id_blob: Any
    id_offsets: Any
    version: Any
    story: Any
    version_indptr: Any
    version_members: Any
    story_indptr: Any
    story_members: Any

    @classmethod
    def empty(cls) -> _Table:
        # (plain lists: a corpus without copies, such as the seeds, never loads numpy)
        return cls([], [], [0], [], [], [0], [], [0], [])

    @classmethod
    def of(cls, versions: Sequence[Sequence[str]], stories: Sequence[Sequence[str]]) -> _Table:
        import numpy as np

        ids = list(dict.fromkeys(itertools.chain(itertools.chain.from_iterable(versions), *stories)))
        if not ids:
            return cls.empty()
        hashes = np.fromiter((id_hash(a) for a in ids), dtype=np.uint64, count=len(ids))
        order = np.argsort(hashes, kind="stable")
        position = np.empty(len(ids), dtype=np.int64)
        position[order] = np.arange(len(ids), dtype=np.int64)
        number = {a: int(p) for a, p in zip(ids, position.tolist(), strict=True)}
        encoded = [ids[i].encode("utf-8", "surrogatepass") for i in order.tolist()]
        offsets = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])

        def csr(groups: Sequence[Sequence[str]]) -> tuple[Any, Any, Any]:
            indptr = np.zeros(len(groups) + 1, dtype=np.int64)
            np.cumsum([len(g) for g in groups], out=indptr[1:])
            numbers = (number[a] for g in groups for a in g)
            members = np.fromiter(numbers, dtype=np.int32, count=int(indptr[-1]))
            of = np.full(len(ids), -1, dtype=np.int32)
            of[members] = np.repeat(np.arange(len(groups), dtype=np.int32), np.diff(indptr))
            return indptr, members, of

        version_indptr, version_members, version = csr(versions)
        story_indptr, story_members, story = csr(stories)
        return cls(
            hashes[order],
            np.frombuffer(b"".join(encoded), dtype=np.uint8),
            offsets,
            version,
            story,
            version_indptr,
            version_members,
            story_indptr,
            story_members,
        )

    @classmethod
    def read(cls, folder: Path) -> _Table:
        return cls(**{name: stored_arrays.load(folder / f"{name}.npy") for name in _ARRAYS})

    def write(self, folder: Path) -> None:
        for name in _ARRAYS:
            stored_arrays.save(folder / f"{name}.npy", getattr(self, name))

    def __len__(self) -> int:
        return len(self.hashes)

    def id_at(self, n: int) -> str:
        a, b = int(self.id_offsets[n]), int(self.id_offsets[n + 1])
        return str(memoryview(self.id_blob)[a:b], "utf-8", "surrogatepass")

    def ids_at(self, numbers: Any) -> list[str]:
        blob = memoryview(self.id_blob)
        starts, ends = self.id_offsets[numbers].tolist(), self.id_offsets[numbers + 1].tolist()
        return [str(blob[a:b], "utf-8", "surrogatepass") for a, b in zip(starts, ends, strict=True)]

    def find(self, article_ids: Sequence[str]) -> list[int]:
        """Each id's number in the table (-1: in no group), by one binary search for them all."""
        size = len(self.hashes)
        if not size or not article_ids:
            return [-1] * len(article_ids)
        import numpy as np

        wanted = np.fromiter((id_hash(a) for a in article_ids), dtype=np.uint64, count=len(article_ids))
        at = np.minimum(np.searchsorted(self.hashes, wanted), size - 1)
        found = np.where(self.hashes[at] == wanted, at, -1)
        candidates = np.flatnonzero(found >= 0)
        # Each candidate's id is checked against the one asked for (two ids may share a hash).
        blob = memoryview(self.id_blob)
        starts = self.id_offsets[found[candidates]].tolist()
        ends = self.id_offsets[found[candidates] + 1].tolist()
        numbers = found.tolist()
        for i, a, b in zip(candidates.tolist(), starts, ends, strict=True):
            if bytes(blob[a:b]) != article_ids[i].encode("utf-8", "surrogatepass"):
                numbers[i] = self._find_in_run(article_ids[i], numbers[i])
        return numbers

    def _find_in_run(self, article_id: str, n: int) -> int:
        h = int(self.hashes[n])
        while n < len(self.hashes) and int(self.hashes[n]) == h:
            if self.id_at(n) == article_id:
                return n
            n += 1
        return -1

    def group(self, indptr: Any, members: Any, number: int) -> list[str]:
        return self.ids_at(members[int(indptr[number]) : int(indptr[number + 1])])


@dataclass(slots=True)
class StoryGroups:
    index_generation: int = -1  # the Whoosh commit these were worked out for
    state: str = ""  # the linker's own files (signatures), for the next incremental update
    stale: bool = False  # missing or another format: the builder works them out again
    _table: _Table = field(default_factory=_Table.empty)
    _copy_keys: Any = None  # each document's group of copies, for the segments named below
    _copy_keys_for: list[list[Any]] | None = None
    _copy_keys_file: Path | None = None  # (read when first asked for)
    _in_versions: int = 0  # articles in a group of copies
    _version_pairs: int = 0  # the sum of each group's size squared

    def __post_init__(self) -> None:
        if not len(self._table):
            return
        import numpy as np

        sizes = np.diff(np.asarray(self._table.version_indptr))
        # (worked out once: summed over 20,000 groups on every search it cost 1.6 ms of 20)
        self._in_versions = int(sizes.sum())
        self._version_pairs = int((sizes * sizes).sum())

    @classmethod
    def of(
        cls,
        versions: Sequence[Sequence[str]],
        stories: Sequence[Sequence[str]],
        index_generation: int = -1,
        state: str = "",
    ) -> StoryGroups:
        """Groups of copies (first copy first) and stories (by date), as the linker finds them."""
        return cls(index_generation, state, _table=_Table.of(versions, stories))

    # -- reading ------------------------------------------------------------------------------
    @property
    def has_copies(self) -> bool:
        return self._in_versions > 0

    def copies_per_article(self, articles: int) -> float:
        """How many articles a result stands for, on average over the index's articles (at least
        1): how much further a collapsed search looks to fill a page."""
        if not self._in_versions or articles <= 0:
            return 1.0
        return max(1.0, (self._version_pairs + articles - self._in_versions) / articles)

    def version_groups(self) -> list[list[str]]:
        """Every group of copies, first copy first (all of them: for tests and reports)."""
        t = self._table
        return [t.group(t.version_indptr, t.version_members, n) for n in range(len(t.version_indptr) - 1)]

    def story_groups(self) -> list[list[str]]:
        t = self._table
        return [t.group(t.story_indptr, t.story_members, n) for n in range(len(t.story_indptr) - 1)]

    def versions_of(self, article_id: str) -> list[str]:
        """The other copies of an article (exact or near), first one first."""
        return self.labels([article_id])[0][1]

    def labels(self, article_ids: Sequence[str]) -> list[tuple[str, list[str]]]:
        """Each article's story id and its other copies (what a result shows), found together
        (a page of results: array work and one decoding pass, not a lookup per article)."""
        t = self._table
        numbers = t.find(article_ids)
        if all(n < 0 for n in numbers):
            return [(article_id, []) for article_id in article_ids]
        import numpy as np

        found = np.asarray(numbers, dtype=np.int64)
        at = found[found >= 0]
        story, version = t.story[at], t.version[at]
        firsts = t.ids_at(t.story_members[t.story_indptr[story[story >= 0]]])
        # Every copy of every article found, in one pass: group by group, then split.
        grouped = version[version >= 0]
        starts = t.version_indptr[grouped]
        lengths = t.version_indptr[grouped + 1] - starts
        before = np.cumsum(lengths) - lengths  # (where each group's copies start in the flat list)
        flat = np.repeat(starts - before, lengths) + np.arange(int(lengths.sum()))
        copies = t.ids_at(t.version_members[flat])
        sizes = lengths.tolist()
        first_of, copies_of = iter(firsts), iter(sizes)
        position = 0
        out: list[tuple[str, list[str]]] = []
        stories, versions = _aligned(found, story, version)
        for article_id, n, s, v in zip(article_ids, found.tolist(), stories, versions, strict=True):
            if n < 0:
                out.append((article_id, []))
                continue
            first = next(first_of) if s >= 0 else article_id
            others: list[str] = []
            if v >= 0:
                size = next(copies_of)
                others = [a for a in copies[position : position + size] if a != article_id]
                position += size
            out.append((first, others))
        return out

    def version_numbers(self, article_ids: Sequence[str]) -> list[int]:
        """Each article's group of copies by number (-1: it has no copies)."""
        version = self._table.version
        return [int(version[n]) if n >= 0 else -1 for n in self._table.find(article_ids)]

    def version_group(self, article_id: str) -> str:
        """The id of the first copy: what a result list collapses on."""
        t = self._table
        (n,) = t.find([article_id])
        version = int(t.version[n]) if n >= 0 else -1
        return article_id if version < 0 else t.id_at(int(t.version_members[int(t.version_indptr[version])]))

    def story_of(self, article_id: str) -> str:
        """The story id of an article (its first article's id; an article alone is its own)."""
        return self.labels([article_id])[0][0]

    def members(self, article_id: str) -> list[str]:
        """The articles of the story that ``article_id`` (a story id or any member) is in, by date."""
        t = self._table
        (n,) = t.find([article_id])
        story = int(t.story[n]) if n >= 0 else -1
        return [article_id] if story < 0 else t.group(t.story_indptr, t.story_members, story)

    def has_copy_keys_for(self, segments: list[list[Any]] | None) -> bool:
        saved = self._copy_keys is not None or self._copy_keys_file is not None
        return saved and segments is not None and self._copy_keys_for == segments

    def naming(self, index_generation: int, state: str) -> StoryGroups:
        """The same groups (and their saved copy keys) for another commit of the index and
        another saved state of the linker: an update that touched no group."""
        return dataclasses.replace(self, index_generation=index_generation, state=state)

    def saved_copy_keys(self) -> tuple[list[list[Any]], Any] | None:
        """The copy keys saved with these groups and the segments they were made for (None:
        none saved)."""
        if self._copy_keys_for is None:
            return None
        keys = self.copy_keys(self._copy_keys_for, lambda _: None)
        return None if keys is None else (self._copy_keys_for, keys)

    def copy_keys(self, segments: list[list[Any]] | None, compute: Callable[[StoryGroups], Any]) -> Any:
        """Each document's group of copies for a reader over ``segments`` (its segments' ids
        and deletion counts, in order: ``doc_tables.segments_of``): the saved array if it was
        made for them, else ``compute(self)``."""
        if not self.has_copy_keys_for(segments):
            return compute(self)
        if self._copy_keys is None and self._copy_keys_file is not None:
            try:
                self._copy_keys = stored_arrays.load(self._copy_keys_file)
            except (OSError, ValueError):  # (a newer run replaced the groups meanwhile)
                self._copy_keys_file = None
                return compute(self)
        return self._copy_keys

    # -- storage ------------------------------------------------------------------------------
    def save(
        self,
        directory: Path,
        copy_keys: tuple[list[list[Any]], Any] | None = None,
    ) -> None:
        """Write the arrays to a folder of their own, then the small file naming them
        (atomically), then drop folders no longer named. ``copy_keys`` (the segments and each
        document's group of copies) is saved with them."""
        name = f"{GROUPS_PREFIX}{self.state or os.urandom(4).hex()}"
        if (directory / name).exists():
            name = f"{name}-{os.urandom(3).hex()}"
        tmp = directory / f".{name}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        self._table.write(tmp)
        meta: dict[str, Any] = {
            "format": FORMAT,
            "index_generation": self.index_generation,
            "state": self.state,
            "groups": name,
            "articles": len(self._table),
        }
        if copy_keys is not None:
            meta["copy_keys_for"] = copy_keys[0]
            stored_arrays.save(tmp / f"{COPY_KEYS}.npy", copy_keys[1])
        os.replace(tmp, directory / name)
        _write_json(directory / STORIES_FILE, meta)
        for path in _group_folders(directory):
            if path.name != name:
                shutil.rmtree(path, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> StoryGroups:
        try:
            data = json.loads((directory / STORIES_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(stale=True)
        if not isinstance(data, dict):
            return cls(stale=True)
        generation, state = int(data.get("index_generation", -1)), str(data.get("state", ""))
        if data.get("format") == _JSON_FORMAT:
            versions = [list(map(str, g)) for g in data.get("versions", [])]
            stories = [list(map(str, g)) for g in data.get("stories", [])]
            return cls.of(versions, stories, generation, state)
        if data.get("format") != FORMAT:
            return cls(stale=True)
        folder = directory / str(data.get("groups", ""))
        keys_for = data.get("copy_keys_for")
        keys_file = folder / f"{COPY_KEYS}.npy" if keys_for is not None else None
        if data.get("articles") == 0:  # no copies, no stories: nothing to read
            return cls(generation, state, _copy_keys_for=keys_for, _copy_keys_file=keys_file)
        try:
            table = _Table.read(folder)
        except (OSError, ValueError, TypeError):  # (a newer run removed it: the caller reloads)
            return cls(stale=True)
        return cls(generation, state, _table=table, _copy_keys_for=keys_for, _copy_keys_file=keys_file)


def _aligned(found: Any, *columns: Any) -> list[list[int]]:
    """Columns read for the found articles only, spread back over every article (-1 where not
    found)."""
    import numpy as np

    out = []
    for column in columns:
        full = np.full(len(found), -1, dtype=np.int64)
        full[found >= 0] = column
        out.append(full.tolist())
    return out


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


def _group_folders(directory: Path) -> Iterable[Path]:
    with contextlib.suppress(OSError):
        return [p for p in directory.iterdir() if p.name.lstrip(".").startswith(GROUPS_PREFIX) and p.is_dir()]
    return []
