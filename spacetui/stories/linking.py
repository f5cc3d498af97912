"""Index time: find copies and same-story articles as they are added and removed.

Each article gets a hash of its normalised words (title and body, case-folded, punctuation
dropped: an exact copy), and a MinHash signature of its word 3-shingles. Two LSH tables over the
signatures give candidates without comparing every pair: one at ``NEAR_COPY`` (a near copy: a
wire story re-sent with a word changed), one at ``STORY_CANDIDATE``. A candidate is the same
story when enough of the text is shared, the entities they name mostly agree, and they are dated
within ``STORY_DAYS`` of each other (or one is undated).

Groups are the connected parts of those links: copies first (``versions``), then stories (a
story holds its copies). Adding or removing an article touches its own links only; the groups
are then read off the stored links, which is cheap. The state (signatures and links) is saved in
the index generation, written before the generation is published (a rebuild) or after the commit
it belongs to (an update; a run killed in between leaves a stamp that does not match, and the
next run works it out again from the stored articles).

Thresholds were measured on Reuters-21578 and the BBC folder (see README, "Stories").
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import pickle
import re
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy
from datasketch import MinHash, MinHashLSH

from spacetui.articles.model import Article
from spacetui.entities.corpus import entity_key
from spacetui.stories.groups import StoryGroups

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # values fit 32 bits: signatures are stored as uint32
SHINGLE = 3  # words per shingle
# Texts with fewer shingles than this (a headline alone, a one-line table row) are only ever
# exact copies: a few words in common say nothing about the story.
MIN_SHINGLES = 12
# Estimated Jaccard similarity of the shingle sets.
NEAR_COPY = 0.8
STORY_CANDIDATE = 0.2
STORY_TEXT = 0.2
# Share of the smaller article's named things (people, organisations, places, works, products,
# events; not dates) that the other names too.
STORY_ENTITIES = 0.5
# Most of the named things in each article's lead must be named in the other: wire stories
# written from one template ("X raises prime rate", "X unit files for debt offering") share
# their text and the regulator, and differ in who they are about.
# The lead's first named thing (who the story is about) must be among them.
STORY_LEAD = 0.75
LEAD_CHARS = 250
# Daily reports ("U.K. money market given N mln stg help") repeat their words every day: the
# same story is told the same day or the next; and a story does not drift, link by link, over
# more than STORY_SPAN days (the strongest links are taken first).
STORY_DAYS = 1
STORY_SPAN = 3
_WORD = re.compile(r"\w+")
_STORY_TYPES = frozenset({"person", "org", "place", "work", "product", "event"})
STATE_PREFIX = "stories-state-"
STATE_FORMAT = 2  # 2: columns and the LSH tables, pickled


@dataclass(slots=True)
class _Record:
    digest: str  # of the normalised words ("" for an article without words)
    day: int  # date ordinal, 0 undated
    things: frozenset[str]  # entity keys of named things
    lead: frozenset[str]  # those named in the first LEAD_CHARS characters of the body
    subject: str  # the first of them ("" if none)
    signature: Any  # numpy uint32 array, or None for a short text


def normalised_words(article: Article) -> list[str]:
    return _WORD.findall(f"{article.title}\n{article.body_text}".casefold())


def text_digest(words: list[str]) -> str:
    """The exact-copy key: a hash of the normalised words."""
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest() if words else ""


def _day(date: str | None) -> int:
    from datetime import date as Date

    if not date:
        return 0
    try:
        return Date.fromisoformat(date[:10]).toordinal()
    except ValueError:
        return 0


_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def shingle_hashes(words: list[str]) -> Any:
    """32-bit hashes of the word 3-shingles, each once: each word hashed once with CRC-32
    (stable across runs, and in C), three neighbours mixed with numpy (string shingles and
    datasketch's SHA-1 in Python were most of the linking time)."""
    if len(words) < SHINGLE:
        return numpy.zeros(0, dtype=numpy.uint64)
    h = numpy.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=numpy.uint64, count=len(words))
    with numpy.errstate(over="ignore"):  # wrapping multiplication is the point
        mixed = h[:-2] * _MIX[0] ^ h[1:-1] * _MIX[1] ^ h[2:] * _MIX[2]
    return numpy.unique(mixed >> numpy.uint64(32))


_MIX = (numpy.uint64(0x9E3779B97F4A7C15), numpy.uint64(0xC2B2AE3D27D4EB4F), numpy.uint64(0x165667B19E3779F9))


def signature_of(hashes: Any) -> Any:
    """MinHash signature (uint32) of a set of shingle hashes (datasketch's random permutations)."""
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=int, permutations=_PERMUTATIONS)
    m.update_batch(hashes.tolist())
    return m.hashvalues.astype(numpy.uint32)


class BandTable:
    """LSH over signatures: datasketch's ``MinHashLSH`` bands (the same bands and rows for a
    threshold, so the same candidates), its buckets keyed by the signature's bytes. Each
    article's band keys are cut once for both query and insert: datasketch's own tables, which
    byte-swap every band of every call, were most of the linker's time after shingling."""

    def __init__(self, threshold: float) -> None:
        self.ranges: list[tuple[int, int]] = list(
            MinHashLSH(threshold=threshold, num_perm=NUM_PERM).hashranges
        )
        self.buckets: list[dict[bytes, set[str]]] = [{} for _ in self.ranges]
        self.keys: dict[str, list[bytes]] = {}

    def band_keys(self, signature: Any) -> list[bytes]:
        return [signature[start:end].tobytes() for start, end in self.ranges]

    def query(self, keys: list[bytes]) -> set[str]:
        found: set[str] = set()
        for bucket, key in zip(self.buckets, keys, strict=True):
            found.update(bucket.get(key, ()))
        return found

    def insert(self, article_id: str, keys: list[bytes]) -> None:
        self.keys[article_id] = keys
        for bucket, key in zip(self.buckets, keys, strict=True):
            bucket.setdefault(key, set()).add(article_id)

    def remove(self, article_id: str) -> None:
        keys = self.keys.pop(article_id, None)
        if keys is None:
            return
        for bucket, key in zip(self.buckets, keys, strict=True):
            held = bucket[key]
            held.discard(article_id)
            if not held:
                del bucket[key]


def similarity(a: Any, b: Any) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(numpy.count_nonzero(a == b)) / NUM_PERM


def entity_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set that the other one has too."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _named_in(lead: frozenset[str], things: frozenset[str]) -> float:
    return len(lead & things) / len(lead) if lead else 1.0


_F = TypeVar("_F", bound=Callable[..., Any])


def _in_bulk(method: _F) -> _F:
    """Runs with the cyclic garbage collector paused: loading or saving the state makes a
    record per article at once, none of them garbage, and the collector's walks over the
    growing heap were half of loading a million articles' state (4.2 -> 2.1 s)."""

    @functools.wraps(method)
    def paused(*args: Any, **kwargs: Any) -> Any:
        was = gc.isenabled()
        gc.disable()
        try:
            return method(*args, **kwargs)
        finally:
            if was:
                gc.enable()

    return paused  # type: ignore[return-value]


class _Links:
    """Undirected links between article ids."""

    def __init__(self) -> None:
        self.adj: dict[str, set[str]] = {}

    def add(self, a: str, b: str) -> None:
        self.adj.setdefault(a, set()).add(b)
        self.adj.setdefault(b, set()).add(a)

    def drop(self, a: str) -> None:
        for b in self.adj.pop(a, ()):
            others = self.adj.get(b)
            if others is not None:
                others.discard(a)
                if not others:
                    del self.adj[b]

    def pairs(self) -> list[list[str]]:
        return sorted([a, b] for a, others in self.adj.items() for b in others if a < b)


class StoryLinker:
    """Copies and same-story links over the articles of one index, updated article by article."""

    def __init__(self) -> None:
        self.records: dict[str, _Record] = {}
        self.by_digest: dict[str, set[str]] = {}
        self.near = _Links()
        self.story = _Links()
        self._near_lsh = BandTable(NEAR_COPY)
        self._story_lsh = BandTable(STORY_CANDIDATE)
        self._in_lsh: set[str] = set()  # one article of each set of exact copies
        self.seconds = 0.0  # spent adding, removing and saving (what grouping adds to indexing)
        self.cpu_seconds = 0.0  # the same, CPU of this thread (a loaded machine stretches the wall clock)
        self.changed = False
        # The groups saved with the state this linker was loaded from, while no update has
        # touched them: an article with no copy and no link joins no group and leaving one
        # takes it from none, so saving need not work out a million articles' groups again.
        self._saved_groups: StoryGroups | None = None

    def __len__(self) -> int:
        return len(self.records)

    # -- updates ------------------------------------------------------------------------------
    def add(self, article: Article) -> None:
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            self._add(article)
        finally:
            self.seconds += time.perf_counter() - started
            self.cpu_seconds += time.thread_time() - cpu

    def _add(self, article: Article) -> None:
        if article.id in self.records:
            self.remove(article.id)
        words = normalised_words(article)
        named = [e for e in article.entities if e.type in _STORY_TYPES]
        things = frozenset(entity_key(e.type, e.name) for e in named)
        first = {
            entity_key(e.type, e.name): min((s for s, _ in e.mentions), default=LEAD_CHARS) for e in named
        }
        lead = frozenset(k for k, start in first.items() if start < LEAD_CHARS)
        subject = min(lead, key=lambda k: (first[k], k)) if lead else ""
        digest = text_digest(words)
        twin = next(iter(self.by_digest.get(digest, ())), None)
        if twin is not None:
            # An exact copy: its version group holds it, its original's signature and links
            # serve for it (no shingling, no LSH: a corpus saved twice costs little).
            record = _Record(digest, _day(article.date), things, lead, subject, self.records[twin].signature)
            self._insert(article.id, record)
            return
        hashes = shingle_hashes(words)
        signature = signature_of(hashes) if len(hashes) >= MIN_SHINGLES else None
        self._insert(article.id, _Record(digest, _day(article.date), things, lead, subject, signature))

    def _insert(self, article_id: str, record: _Record, *, links: bool = True) -> None:
        """Keep the record; the first of its exact copies goes into the LSH tables (and is linked)."""
        self.records[article_id] = record
        self.changed = True
        copies = self.by_digest.setdefault(record.digest, set()) if record.digest else set()
        first = not copies
        copies.add(article_id)
        if first:
            self._index(article_id, links)
        else:
            self._saved_groups = None  # a copy of another: their group of copies changes

    def _index(self, article_id: str, links: bool) -> None:
        record = self.records[article_id]
        if record.signature is None:
            return
        self._in_lsh.add(article_id)
        near_keys = self._near_lsh.band_keys(record.signature)
        story_keys = self._story_lsh.band_keys(record.signature)
        if links:
            for other in self._near_lsh.query(near_keys):
                if similarity(record.signature, self.records[other].signature) >= NEAR_COPY:
                    self.near.add(article_id, other)
                    self._saved_groups = None
            for other in self._story_lsh.query(story_keys):
                if self._same_story(record, self.records[other]):
                    self.story.add(article_id, other)
                    self._saved_groups = None
        self._near_lsh.insert(article_id, near_keys)
        self._story_lsh.insert(article_id, story_keys)

    def remove(self, article_id: str) -> None:
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            self._remove(article_id)
        finally:
            self.seconds += time.perf_counter() - started
            self.cpu_seconds += time.thread_time() - cpu

    def _remove(self, article_id: str) -> None:
        record = self.records.pop(article_id, None)
        if record is None:
            return
        self.changed = True
        same = self.by_digest.get(record.digest, set())
        same.discard(article_id)
        if same or article_id in self.near.adj or article_id in self.story.adj:
            self._saved_groups = None  # it was in a group
        if not same:
            self.by_digest.pop(record.digest, None)
        if article_id in self._in_lsh:
            self._in_lsh.discard(article_id)
            self._near_lsh.remove(article_id)
            self._story_lsh.remove(article_id)
        self.near.drop(article_id)
        self.story.drop(article_id)
        if same:  # the copy that stood for the others is gone: another one stands for them
            standing = min(same)
            if standing not in self._in_lsh:
                self._index(standing, links=True)

    @staticmethod
    def _same_story(a: _Record, b: _Record) -> bool:
        if a.day and b.day and abs(a.day - b.day) > STORY_DAYS:
            return False
        # Without named things on a side only the text could say it, and text alone links
        # copies (a version), not reports of one story.
        if not a.things or not b.things or similarity(a.signature, b.signature) < STORY_TEXT:
            return False
        if entity_overlap(a.things, b.things) < STORY_ENTITIES:
            return False
        if (a.subject and a.subject not in b.things) or (b.subject and b.subject not in a.things):
            return False
        return _named_in(a.lead, b.things) >= STORY_LEAD and _named_in(b.lead, a.things) >= STORY_LEAD

    # -- groups -------------------------------------------------------------------------------
    def groups(self, index_generation: int = -1, state: str = "") -> StoryGroups:
        # Union-find over texts, not articles: a set of exact copies is one node from the start
        # (a million articles of 21,000 texts are 21,000 nodes; an article without words is
        # its own node).
        node_of = {a: ("\0" + r.digest if r.digest else a) for a, r in self.records.items()}
        parent: dict[str, str] = {}

        def find(a: str) -> str:
            root = a
            while parent.get(root, root) != root:
                root = parent[root]
            while parent.get(a, a) != root:
                parent[a], a = root, parent[a]
            return root

        for a, others in self.near.adj.items():
            for b in others:
                ra, rb = find(node_of[a]), find(node_of[b])
                if ra != rb:
                    parent[ra] = rb
        root_of = self._roots(node_of, find)
        versions = self._components(root_of)
        # Dates each part spans (first, last day; undated articles stretch nothing).
        span: dict[str, tuple[int, int]] = {}
        for a, record in self.records.items():
            if record.day:
                root = root_of[a]
                lo, hi = span.get(root, (record.day, record.day))
                span[root] = (min(lo, record.day), max(hi, record.day))
        links = sorted(
            (
                (similarity(self.records[a].signature, self.records[b].signature), a, b)
                for a, b in self.story.pairs()
            ),
            key=lambda t: (-t[0], t[1], t[2]),
        )
        for _, a, b in links:
            ra, rb = find(node_of[a]), find(node_of[b])
            if ra == rb:
                continue
            days = [d for r in (ra, rb) if r in span for d in span[r]]
            if days and max(days) - min(days) > STORY_SPAN:
                continue  # the story would drift: a daily report linked day after day
            parent[ra] = rb
            if days:
                span[rb] = (min(days), max(days))
        stories = self._components(self._roots(node_of, find))
        return StoryGroups.of(versions, stories, index_generation, state)

    @staticmethod
    def _roots(node_of: dict[str, str], find: Any) -> dict[str, str]:
        """Each article's part (its node's root): one find per node, not per article."""
        root_of_node: dict[str, str] = {}
        out: dict[str, str] = {}
        for a, node in node_of.items():
            root = root_of_node.get(node)
            if root is None:
                root = root_of_node[node] = find(node)
            out[a] = root
        return out

    def _components(self, root_of: dict[str, str]) -> list[list[str]]:
        parts: dict[str, list[str]] = {}
        for a, root in root_of.items():
            parts.setdefault(root, []).append(a)

        def order(a: str) -> tuple[int, str]:
            day = self.records[a].day
            return (day or 10**9, a)  # earliest first, undated last

        groups = [sorted(g, key=order) for g in parts.values() if len(g) > 1]
        return sorted(groups, key=lambda g: order(g[0]))

    # -- storage ------------------------------------------------------------------------------
    @_in_bulk
    def save(
        self,
        directory: Path,
        index_generation: int,
        copy_keys: Callable[[StoryGroups], tuple[list[list[Any]], Any]] | None = None,
    ) -> StoryGroups:
        """Write the state, then the groups that name it (atomically); drop older state files.
        ``copy_keys`` works out each document's group of copies for the index's reader, saved
        with the groups (so that a search need not).

        The state is columns, not a record per article: exact copies share one signature row
        and each distinct set of named things is written once, and the LSH tables are kept as
        they are (a million articles: seconds to save and load, where re-inserting every
        signature and a JSON record per article took minutes)."""
        started, cpu = time.perf_counter(), time.thread_time()
        token = f"{index_generation}-{os.getpid()}-{os.urandom(3).hex()}"
        ids = list(self.records)
        rows: list[Any] = []
        row_of: dict[str, int] = {}  # exact copies (one digest) share their original's signature
        sets: dict[frozenset[str], int] = {}
        sig_row = numpy.full(len(ids), -1, dtype=numpy.int64)
        things = numpy.zeros(len(ids), dtype=numpy.int64)
        lead = numpy.zeros(len(ids), dtype=numpy.int64)
        for n, a in enumerate(ids):
            r = self.records[a]
            if r.signature is not None:
                key = r.digest or a
                row = row_of.get(key)
                if row is None:
                    row = row_of[key] = len(rows)
                    rows.append(r.signature)
                sig_row[n] = row
            things[n] = sets.setdefault(r.things, len(sets))
            lead[n] = sets.setdefault(r.lead, len(sets))
        state = {
            "format": STATE_FORMAT,
            "ids": ids,
            "digest": [self.records[a].digest for a in ids],
            "day": numpy.array([self.records[a].day for a in ids], dtype=numpy.int64),
            "subject": [self.records[a].subject for a in ids],
            "sets": list(sets),
            "things": things,
            "lead": lead,
            "signatures": numpy.array(rows, dtype=numpy.uint32).reshape(len(rows), NUM_PERM),
            "sig_row": sig_row,
            "in_lsh": self._in_lsh,
            "near_lsh": self._near_lsh,
            "story_lsh": self._story_lsh,
            "near": self.near.adj,
            "story": self.story.adj,
        }
        with open(directory / f"{STATE_PREFIX}{token}.pickle", "wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
            fh.flush()
            os.fsync(fh.fileno())
        saved = self._saved_groups
        if saved is not None:
            groups = saved.naming(index_generation, token)
        else:
            groups = self.groups(index_generation, token)
        groups.save(directory, copy_keys(groups) if copy_keys is not None else None)
        self._saved_groups = groups
        for old in directory.glob(f"{STATE_PREFIX}*"):
            if token not in old.name:
                old.unlink(missing_ok=True)
        self.changed = False
        self.seconds += time.perf_counter() - started
        self.cpu_seconds += time.thread_time() - cpu
        return groups

    @classmethod
    @_in_bulk
    def load(cls, directory: Path, index_generation: int) -> StoryLinker | None:
        """The saved state, if it belongs to this commit of the index; else None (work it out).
        (A pickle, like Whoosh's own files in the same folder: an index is trusted data.)"""
        groups = StoryGroups.load(directory)
        if groups.stale or groups.index_generation != index_generation or not groups.state:
            return None
        try:
            with open(directory / f"{STATE_PREFIX}{groups.state}.pickle", "rb") as fh:
                state = pickle.load(fh)
            if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
                return None
            linker = cls()
            sets, signatures = state["sets"], state["signatures"]
            rows = [signatures[n] for n in range(len(signatures))]  # one array per row, shared by copies
            rows.append(None)  # (row -1: a text too short for a signature)
            ids, digests = state["ids"], state["digest"]
            if not len(ids) == len(digests) == len(state["day"]) == len(state["subject"]):
                return None
            # (by columns, not a loop over articles: a million records in a second, not three)
            linker.records = dict(
                zip(
                    ids,
                    map(
                        _Record,
                        digests,
                        state["day"].tolist(),
                        map(sets.__getitem__, state["things"].tolist()),
                        map(sets.__getitem__, state["lead"].tolist()),
                        state["subject"],
                        map(rows.__getitem__, state["sig_row"].tolist()),
                    ),
                    strict=True,
                )
            )
            by_digest = linker.by_digest
            for a, digest in zip(ids, digests, strict=True):
                if digest:
                    same = by_digest.get(digest)
                    if same is None:
                        by_digest[digest] = {a}
                    else:
                        same.add(a)
            linker._in_lsh = state["in_lsh"]
            linker._near_lsh, linker._story_lsh = state["near_lsh"], state["story_lsh"]
            linker.near.adj, linker.story.adj = state["near"], state["story"]
        except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, pickle.UnpicklingError):
            return None
        linker.changed = False
        linker._saved_groups = groups
        return linker

    @classmethod
    def from_articles(cls, articles: Iterable[Article]) -> StoryLinker:
        linker = cls()
        for article in articles:
            linker.add(article)
        return linker
