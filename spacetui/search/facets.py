"""Entity counts of a result (the sidebar's facets), over the articles that matched."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacetui.index.doc_tables import SegmentTable
    from spacetui.search.postings import ArrayPostings, Postings, Scored

FACETS_PER_TYPE = 100  # entities of each type handed to the sidebar (it shows 8, then these)


@dataclass(slots=True)
class FacetCounts:
    """Articles per entity among a search's matches: ``counts`` for the ``per_type`` most named
    of each type (name -> articles), ``totals`` how many entities of each type they name."""

    counts: dict[str, int]
    totals: dict[str, int]


def facet_counts(
    postings: Postings,
    matched: Any,
    per_type: int,
    canon: dict[str, str] | None = None,
    hidden: Collection[str] = (),
) -> FacetCounts:
    """Articles per entity key among ``matched``, exact; of each type only the ``per_type``
    keys in most articles are passed on (ties at the edge in key order), the number of them all
    in ``totals``. With ``canon`` (key -> its entity's key), per entity: an article naming one
    entity by two keys ("Yugansk", "Yuganskneftegas") counts once. ``hidden`` keys (hidden by
    the user) are neither passed on nor counted."""
    keys, counts = postings.key_counts(matched, canon)
    names = postings.key_names(canon)
    chosen: dict[str, int] = {}
    totals: dict[str, int] = {}
    # Names are sorted and begin with their type ("person:…"): the keys of a type are one run
    # of key numbers, and one run of the ascending ``keys``.
    for type_, first, end in type_runs(names):
        lo, hi = bisect_left(keys, first), bisect_left(keys, end)
        run_keys, run_counts = keys[lo:hi], counts[lo:hi]
        gone = [k for k in (_number(names, h) for h in hidden if h.startswith(type_ + ":")) if k in run_keys]
        if gone:
            keep = [i for i, k in enumerate(postings.as_list(run_keys)) if k not in gone]
            run_keys, run_counts = postings.take(run_keys, keep), postings.take(run_counts, keep)
        if not len(run_keys):
            continue
        totals[type_] = len(run_keys)
        if len(run_keys) > per_type:
            best = postings.best(run_keys, run_counts, per_type, ranked=False)
            run_keys, run_counts = postings.take(run_keys, best), postings.take(run_counts, best)
        for k, c in zip(postings.as_list(run_keys), postings.as_list(run_counts), strict=True):
            chosen[names[k]] = int(c)
    return FacetCounts(chosen, totals)


def type_runs(names: list[str]) -> list[tuple[str, int, int]]:
    """(type, first key number, end) of each entity type among ``names`` (sorted "type:name"
    keys): one look-up per type."""
    runs: list[tuple[str, int, int]] = []
    at = 0
    while at < len(names):
        type_ = names[at].partition(":")[0]
        end = bisect_left(names, type_ + ";", at)  # (";" sorts right after ":")
        runs.append((type_, at, end))
        at = end
    return runs


def _number(names: list[str], name: str) -> int:
    """The key number of ``name`` (-1 if not a key)."""
    k = bisect_left(names, name)
    return k if k < len(names) and names[k] == name else -1


def entity_groups(names: list[str], canon: dict[str, str]) -> tuple[list[str], list[int]]:
    """The entities' keys (in key order, as the lexicon's) and, for each key, its entity's number."""
    group_names = sorted({canon.get(n, n) for n in names})
    group_id = {g: i for i, g in enumerate(group_names)}
    return group_names, [group_id[canon.get(n, n)] for n in names]


class KeyTable:
    """Entity keys per article as flat numpy arrays (one row per article-key pair)."""

    def __init__(self, postings: ArrayPostings, segments: Sequence[tuple[int, SegmentTable]]) -> None:
        """From each segment's table (``segments``: (first document number, table) pairs in
        order): key numbers made global (all keys sorted, as in the lexicon), rows laid end to end."""
        np = self.np = postings.np
        self.n = postings.n
        names = sorted({name for _, table in segments for name in table.key_names})
        number = {name: k for k, name in enumerate(names)}
        self.names = names
        keys: list[Any] = []
        indptr: list[Any] = [np.zeros(1, dtype=np.int64)]
        done = 0
        for _base, table in segments:
            remap = np.array([number[name] for name in table.key_names], dtype=np.int32)
            keys.append(remap[np.asarray(table.key_ids)] if len(remap) else np.zeros(0, dtype=np.int32))
            indptr.append(np.asarray(table.key_indptr[1:], dtype=np.int64) + done)
            done += int(table.key_indptr[-1])
        self.keys_by_doc = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int32)
        self.indptr = np.concatenate(indptr)
        if len(self.indptr) != self.n + 1:
            raise ValueError(f"segment tables cover {len(self.indptr) - 1} articles of {self.n}")

    def grouped(self, canon: dict[str, str]) -> KeyTable:
        """The same table over entities rather than keys (``canon``: key -> its entity's key),
        one pair per article and entity. Kept until ``canon`` changes (a correction)."""
        cached = getattr(self, "_grouped", None)
        if cached is not None and cached[0] is canon:
            return cached[1]
        np = self.np
        group_names, groups = entity_groups(self.names, canon)
        group_of_key = np.array(groups, dtype=np.int32)
        group_of_pair = group_of_key[self.keys_by_doc] if len(groups) else self.keys_by_doc
        keep = np.ones(len(group_of_pair), dtype=bool)
        # Only an entity with two keys or more can be named twice by one article: look for
        # repeats among those pairs alone (a few percent), not by sorting every pair.
        several = np.bincount(group_of_key, minlength=len(group_names)) > 1 if len(groups) else None
        if several is not None and several.any():
            rows = np.flatnonzero(several[group_of_pair])
            doc_of_row = np.searchsorted(self.indptr, rows, side="right") - 1
            pair = doc_of_row.astype(np.int64) * len(group_names) + group_of_pair[rows]
            order = np.argsort(pair, kind="stable")
            repeat = np.flatnonzero(pair[order][1:] == pair[order][:-1]) + 1
            keep[rows[order[repeat]]] = False
        dropped = np.concatenate([[0], np.cumsum(~keep)])
        table = KeyTable.__new__(KeyTable)
        table.np, table.n, table.names = np, self.n, group_names
        table.keys_by_doc = group_of_pair[keep]
        table.indptr = self.indptr - dropped[self.indptr]
        self._grouped = (canon, table)
        return table

    def counts(self, matched: Any) -> Scored:
        """The key numbers named in ``matched`` articles, ascending, and articles per key."""
        np = self.np
        matched = np.asarray(matched, dtype=np.int64)
        starts = self.indptr[matched]
        lens = self.indptr[matched + 1] - starts
        total = int(lens.sum())
        if not total:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        # Row offsets of every pair of the matched articles, without a Python loop.
        rows = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(total)
        keys = self.keys_by_doc[rows]
        if total < len(self.names):
            return np.unique(keys, return_counts=True)
        every = np.bincount(keys, minlength=len(self.names))
        nz = np.flatnonzero(every > 0)  # (a bool array: much quicker to scan)
        return nz, every[nz]
