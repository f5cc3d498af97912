"""Entity counts of a result (the sidebar's facets), over the articles that matched."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacetui.index.doc_tables import SegmentTable
    from spacetui.search.postings import ArrayPostings, Postings, Scored

FACET_KEYS_CAP = 1000  # entity keys handed to the sidebar from one huge result (more than anyone scrolls)


def facet_counts(
    postings: Postings, matched: Any, cap: int, canon: dict[str, str] | None = None
) -> dict[str, int]:
    """Articles per entity key among ``matched``, in key order; exact, but only the ``cap``
    biggest keys are passed on when a huge result holds more (the sidebar shows the top ones;
    ties at the edge are taken in key order). With ``canon`` (key -> its entity's key), per
    entity: an article naming one entity by two keys ("Yugansk", "Yuganskneftegas") counts once."""
    keys, counts = postings.key_counts(matched, canon)
    if len(keys) > cap:
        chosen = postings.best(keys, counts, cap, ranked=False)
        keys, counts = postings.take(keys, chosen), postings.take(counts, chosen)
    names = postings.key_names(canon)
    return {names[k]: int(c) for k, c in zip(postings.as_list(keys), postings.as_list(counts), strict=True)}


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
