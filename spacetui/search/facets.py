"""Entity counts of a result (the sidebar's facets), over the articles that matched."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

    def __init__(self, postings: ArrayPostings) -> None:
        np = postings.np
        self.np = np
        self.n = postings.n
        names: list[str] = []
        docs: list[Any] = []
        keys: list[Any] = []
        for kid, term in enumerate(postings.searcher.reader().lexicon("entity_key")):
            names.append(term.decode("utf-8") if isinstance(term, bytes) else term)
            ids, _ = postings.term("entity_key", term, cache=False)
            docs.append(ids.astype(np.int32))
            keys.append(np.full(len(ids), kid, dtype=np.int32))
        self.names = names
        doc_of = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int32)
        key_of = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int32)
        self.set_pairs(doc_of, key_of)

    def grouped(self, canon: dict[str, str]) -> KeyTable:
        """The same table over entities rather than keys (``canon``: key -> its entity's key),
        one pair per article and entity. Kept until ``canon`` changes (a correction)."""
        cached = getattr(self, "_grouped", None)
        if cached is not None and cached[0] is canon:
            return cached[1]
        np = self.np
        group_names, groups = entity_groups(self.names, canon)
        group_of_key = np.array(groups, dtype=np.int64)
        doc_of = np.repeat(np.arange(self.n, dtype=np.int64), np.diff(self.indptr))
        width = max(1, len(group_names))
        pairs = np.unique(doc_of * width + group_of_key[self.keys_by_doc])
        table = KeyTable.__new__(KeyTable)
        table.np, table.n, table.names = np, self.n, group_names
        table.set_pairs((pairs // width).astype(np.int32), (pairs % width).astype(np.int32))
        self._grouped = (canon, table)
        return table

    def set_pairs(self, doc_of: Any, key_of: Any) -> None:
        """Keep the (article, key) pairs grouped by article (CSR): a result's keys are then
        gathered from its own articles' rows, not from a pass over every pair."""
        np = self.np
        order = np.argsort(doc_of, kind="stable")
        self.keys_by_doc = key_of[order]
        self.indptr = np.searchsorted(doc_of[order], np.arange(self.n + 1))

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
        nz = np.flatnonzero(every)
        return nz, every[nz]
