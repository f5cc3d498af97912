"""Entity counts of a result (the sidebar's facets), over the articles that matched."""

from __future__ import annotations

from typing import Any

FACET_KEYS_CAP = 1000  # entity keys handed to the sidebar from one huge result (more than anyone scrolls)


class FacetTable:
    """Entity keys per article as flat numpy arrays (one row per article-key pair)."""

    def __init__(self, ranker: Any) -> None:
        np = ranker.np
        self.np = np
        self.n = ranker.n
        reader = ranker.searcher.reader()
        names: list[str] = []
        docs: list[Any] = []
        keys: list[Any] = []
        for kid, term in enumerate(reader.lexicon("entity_key")):
            names.append(term.decode("utf-8") if isinstance(term, bytes) else term)
            ids, _ = ranker.postings("entity_key", term, cache=False)
            docs.append(ids.astype(np.int32))
            keys.append(np.full(len(ids), kid, dtype=np.int32))
        self.names = names
        self._grouped: tuple[dict[str, str], FacetTable] | None = None
        doc_of = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int32)
        key_of = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int32)
        self.set_pairs(doc_of, key_of)

    def grouped(self, canon: dict[str, str]) -> FacetTable:
        """The same table over entities rather than keys (``canon``: key -> its entity's key),
        one pair per article and entity: an article naming one entity by two keys ("Yugansk"
        and "Yuganskneftegas") counts once. Kept until ``canon`` changes (a correction)."""
        cached = self._grouped
        if cached is not None and cached[0] is canon:
            return cached[1]
        np = self.np
        group_names = sorted({canon.get(n, n) for n in self.names})  # (key order, as the lexicon's)
        group_id = {g: i for i, g in enumerate(group_names)}
        group_of_key = np.array([group_id[canon.get(n, n)] for n in self.names], dtype=np.int64)
        doc_of = np.repeat(np.arange(self.n, dtype=np.int64), np.diff(self.indptr))
        width = max(1, len(group_names))
        pairs = np.unique(doc_of * width + group_of_key[self.keys_by_doc])
        table = FacetTable.__new__(FacetTable)
        table.np, table.n, table.names, table._grouped = np, self.n, group_names, None
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

    def counts(self, matched: Any, cap: int) -> dict[str, int]:
        """Articles per entity key among ``matched``; exact, but only the ``cap`` biggest keys
        are passed on when a huge result holds more (the sidebar shows the top ones)."""
        np = self.np
        matched = np.asarray(matched, dtype=np.int64)
        starts = self.indptr[matched]
        lens = self.indptr[matched + 1] - starts
        total = int(lens.sum())
        if not total:
            return {}
        # Row offsets of every pair of the matched articles, without a Python loop.
        rows = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(total)
        keys = self.keys_by_doc[rows]
        if total < len(self.names):
            nz, counts = np.unique(keys, return_counts=True)
        else:
            every = np.bincount(keys, minlength=len(self.names))
            nz = np.flatnonzero(every)
            counts = every[nz]
        if len(nz) > cap:
            # The cap biggest, ties at the edge taken in key order (as the small ranker does).
            kth = -np.partition(-counts, cap - 1)[cap - 1]
            above = np.flatnonzero(counts > kth)
            ties = np.flatnonzero(counts == kth)[: cap - len(above)]
            top = np.sort(np.concatenate([above, ties]))
            nz, counts = nz[top], counts[top]
        names = self.names
        return {names[k]: int(c) for k, c in zip(nz.tolist(), counts.tolist(), strict=True)}
