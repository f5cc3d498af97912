"""The two rankers: numpy over whole posting lists for big indexes, dicts for small ones.

Both give the same scores, order, matched sets and facet counts (``tests/test_search_rankers.py``
compares them on one index).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from typing import Any

from spacetui.search import whoosh_internals
from spacetui.search.blend import Blend, Spellings
from spacetui.search.facets import FacetTable
from spacetui.search.ranking import Ranking, bm25_idf, length_norm, saturate, term_score

# Below this many articles a dict-based ranker gives the same results as the numpy one, and numpy
# (~12 MiB resident) never loads; above, whole posting lists scored as arrays keep 100,000 fast.
ARRAY_MIN_DOCS = 2000
TERM_CACHE = 256  # posting arrays kept per reader (typing re-uses the words already typed)


class FastRanker:
    """BM25F for plain (natural-language) queries, scored with numpy over whole posting lists.

    Scores are the same as :class:`Ranking`'s Blend query gives through Whoosh's matchers, but
    a word's postings are read block by block into arrays (and cached), and every matching
    article is scored at once, so a common word in 100,000 articles costs milliseconds rather
    than a Python step per article. It also yields the exact matched set, which the sidebar
    counts reuse instead of running the query a second time.
    """

    def __init__(self, searcher: Any, ranking: Ranking, shared: dict[str, Any] | None = None) -> None:
        import numpy as np

        self.np = np
        self.searcher = searcher
        self.ranking = ranking
        self.n = searcher.doc_count_all()
        self.leaves = list(searcher.reader().leaf_readers())
        # Arrays are shared by every thread's ranker over the same index state (the app searches
        # from a new worker thread per query); only reading postings needs this thread's searcher.
        self.shared = shared if shared is not None else {}
        alive = self.shared.get("alive")
        if alive is None:
            alive = np.ones(self.n, dtype=bool)
            for leaf, base in self.leaves:
                if leaf.has_deletions():
                    count = leaf.doc_count_all()
                    dead = getattr(leaf, "deleted_docs_set", None)
                    if dead is None:
                        dead = [d for d in range(count) if leaf.is_deleted(d)]
                    alive[np.fromiter(dead, dtype=np.int64) + base] = False
            self.shared["alive"] = alive
        self.alive = alive
        self._lengths: dict[str, Any] = self.shared.setdefault("lengths", {})
        self._terms: dict[tuple[str, bytes], tuple[Any, Any]] = self.shared.setdefault("terms", {})
        self.by_date = False  # set per search (one ranker per thread)

    def lengths(self, fieldname: str) -> Any:
        got = self._lengths.get(fieldname)
        if got is None:
            from whoosh.util.numeric import byte_to_length

            np = self.np
            table = np.array([byte_to_length(i) for i in range(256)], dtype=np.float64)
            out = np.zeros(self.n, dtype=np.float64)
            for leaf, base in self.leaves:
                count = leaf.doc_count_all()
                try:
                    raw = whoosh_internals.length_bytes(leaf, fieldname, count)
                    if raw is None:
                        continue  # no article in this segment has the field
                    out[base : base + count] = table[raw]
                except Exception:  # another codec: ask per article (slower, same numbers)
                    length = leaf.doc_field_length
                    out[base : base + count] = [length(i, fieldname, 0) for i in range(count)]
            got = self._lengths[fieldname] = out
        return got

    def postings(self, fieldname: str, btext: bytes, cache: bool = True) -> tuple[Any, Any]:
        key = (fieldname, btext)
        got = self._terms.get(key)
        if got is not None:
            return got
        np = self.np
        ids_parts: list[Any] = []
        tf_parts: list[Any] = []
        for leaf, base in self.leaves:
            if (fieldname, btext) not in leaf:
                continue
            m = leaf.postings(fieldname, btext)
            m = getattr(m, "child", m) if leaf.has_deletions() else m  # deletions masked below
            blocks = whoosh_internals.posting_blocks(m)
            if blocks is not None:
                for block_ids, block_weights in blocks:
                    ids_parts.append(np.asarray(block_ids, dtype=np.int64) + base)
                    tf_parts.append(np.asarray(block_weights, dtype=np.float64))
            else:
                pairs = [(d + base, w) for d, w in m.items_as("weight")]
                ids_parts.append(np.array([d for d, _ in pairs], dtype=np.int64))
                tf_parts.append(np.array([w for _, w in pairs], dtype=np.float64))
        if ids_parts:
            ids = np.concatenate(ids_parts)
            tf = np.concatenate(tf_parts)
            keep = self.alive[ids]
            got = (ids[keep], tf[keep])
        else:
            got = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))
        if cache:
            if len(self._terms) >= TERM_CACHE:
                with contextlib.suppress(KeyError, RuntimeError, StopIteration):  # another thread
                    self._terms.pop(next(iter(self._terms)))
            self._terms[key] = got
        return got

    def word(self, stem: str, plain: str) -> tuple[Any, Any, list[tuple[str, bytes, Any]]]:
        """One word's matching articles and BM25F scores, and its per-field postings."""
        np = self.np
        r = self.ranking
        schema = self.searcher.schema
        ids_parts, contrib_parts, fields = [], [], []
        df = 0
        for fieldname, weight in r.weights().items():
            if not weight or fieldname not in schema:
                continue
            btext = schema[fieldname].to_bytes(plain if fieldname == "author" else stem)
            df = max(df, self.searcher.doc_frequency(fieldname, btext))
            ids, tf = self.postings(fieldname, btext)
            if not len(ids):
                continue
            avg = self.searcher.avg_field_length(fieldname) or 1.0
            norm = length_norm(self.lengths(fieldname)[ids], avg, r)
            ids_parts.append(ids)
            contrib_parts.append(weight * tf / norm)
            fields.append((fieldname, btext, ids))
        if not ids_parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0), fields
        if len(ids_parts) == 1:
            docs, tfc = ids_parts[0], contrib_parts[0]
        else:
            docs, inverse = np.unique(np.concatenate(ids_parts), return_inverse=True)
            tfc = np.bincount(inverse, weights=np.concatenate(contrib_parts))
        idf = bm25_idf(self.n, df, r.lucene_idf)
        return docs, saturate(tfc, idf, r), fields

    def spelled(
        self, word: tuple[str, str], spellings: Spellings
    ) -> tuple[Any, Any, list[tuple[str, bytes, Any]]]:
        """:meth:`word`, or the best score of each article over the word's other spellings."""
        docs, s, fields = self.word(*word)
        for other in spellings.get(word, ()):
            d2, s2, f2 = self.word(*other)
            if len(d2):
                best = self.np.zeros(self.n, dtype=self.np.float64)
                best[docs] = s
                best[d2] = self.np.maximum(best[d2], s2)
                docs = self.np.union1d(docs, d2)
                s = best[docs]
            fields = fields + f2
        return docs, s, fields

    def rank(
        self,
        words: Sequence[tuple[str, str]],
        group: str,
        allowed: Any,
        wanted: int,
        spellings: Spellings | None = None,
    ) -> tuple[list[tuple[float, int]], Any, dict[tuple[str, bytes], Any], int]:
        """Top ``wanted`` (score, docnum), the matched docnums, each term's postings, and how
        many articles have every word.

        "and": articles with every word first, then (if they are fewer than ``wanted``) those
        with any, as the search box promises; "or": any word, ranked.
        """
        np = self.np
        counts: dict[tuple[str, str], int] = {}
        for w in words:
            counts[w] = counts.get(w, 0) + 1
        scores = np.zeros(self.n, dtype=np.float64)
        hits = np.zeros(self.n, dtype=np.int32)
        postings: dict[tuple[str, bytes], Any] = {}
        for word, n in counts.items():
            docs, s, fields = self.spelled(word, spellings or {})
            scores[docs] += s * (n if self.ranking.query_tf else 1)
            hits[docs] += 1
            for fieldname, btext, ids in fields:
                postings[(fieldname, btext)] = ids
        if allowed is not None:
            hits[~allowed] = 0
        any_mask = hits > 0
        if group == "and" and len(counts) > 1:
            all_docs = np.flatnonzero(hits == len(counts))
            top = self._top(all_docs, scores, wanted)
            if len(top) < wanted:
                rest = np.flatnonzero(any_mask & (hits < len(counts)))
                top += self._top(rest, scores, wanted - len(top))
            # One total whatever the page size: every article with any of the words.
            return top, np.flatnonzero(any_mask), postings, len(all_docs)
        matched = np.flatnonzero(any_mask)
        return self._top(matched, scores, wanted), matched, postings, len(matched)

    def _top(self, docs: Any, scores: Any, k: int) -> list[tuple[float, int]]:
        np = self.np
        if k <= 0 or not len(docs):
            return []
        s = scores[docs]
        if self.by_date:
            # Newest first, relevance breaking ties; undated articles (0) last.
            order = np.lexsort((docs, -s, -self.dates()[docs]))[:k]
            return [(float(s[i]), int(docs[i])) for i in order]
        if len(docs) > k:
            # The k best; of equal scores at the edge, the first articles (docs is in order).
            kth = -np.partition(-s, k - 1)[k - 1]
            above = np.flatnonzero(s > kth)
            part = np.concatenate([above, np.flatnonzero(s == kth)[: k - len(above)]])
            docs, s = docs[part], s[part]
        order = np.lexsort((docs, -s))  # best first; ties by article order, as Whoosh does
        return [(float(s[i]), int(docs[i])) for i in order]

    def matching(self, query: Any) -> Any:
        """The articles a filter query matches, as a mask for :meth:`rank` and :meth:`run`
        (date ranges read from the day column: Whoosh's NumericRange is not exact on it)."""
        mask, _ = self.evaluate(query, {})
        return mask & self.alive

    def without(self, allowed: Any, query: Any) -> Any:
        """``allowed`` (None: every article) less what ``query`` matches."""
        mask, _ = self.evaluate(query, {})
        return (self.alive if allowed is None else allowed) & ~mask

    def docset(self, allowed: Any) -> set[int]:
        return {int(d) for d in self.np.flatnonzero(allowed)}

    def in_page(self, page: list[int], ids: Any) -> list[int]:
        """The page's articles that are among ``ids`` (a term's matches), in page order."""
        if not page:
            return []
        docs = self.np.array(page, dtype=self.np.int64)
        return [int(d) for d in docs[self.np.isin(docs, ids)]]

    def matched(self, docs: Iterable[int]) -> Any:
        return self.np.fromiter(docs, dtype=self.np.int64)

    def facet_counts(self, matched: Any, cap: int, canon: dict[str, str] | None = None) -> dict[str, int]:
        """Articles among ``matched`` per entity key, or per entity when ``canon`` maps keys to
        their entity's key (an article counted once however many of its keys it holds)."""
        table = self.shared.get("facets")
        if table is None:
            table = self.shared["facets"] = FacetTable(self)
        if not table.names:
            return {}
        return (table.grouped(canon) if canon is not None else table).counts(matched, cap)

    def dates(self) -> Any:
        got = self._lengths.get("\0date_key")
        if got is None:
            np = self.np
            col = self.searcher.reader().column_reader("date_key")
            got = np.fromiter((col[i] or 0 for i in range(self.n)), dtype=np.int64, count=self.n)
            self._lengths["\0date_key"] = got
        return got

    def evaluate(self, node: Any, postings: dict[tuple[str, bytes], Any]) -> tuple[Any, Any]:
        """(matching mask, scores) of a parsed query, with Whoosh's BM25 per field; the parts
        numpy cannot do (phrases, ranges) are run by Whoosh and their scores taken over."""
        from whoosh import query as wq

        np = self.np
        n = self.n
        cls = type(node)
        if isinstance(node, Blend):
            words = {(q.fieldname, q.text) for q in node.subqueries}
            stem = next((t for f, t in words if f == "body"), next(iter(words))[1])
            plain = next((t for f, t in words if f == "author"), stem)
            docs, sc, fields = self.word(stem, plain)
            for fieldname, btext, ids in fields:
                postings[(fieldname, btext)] = ids
            mask = np.zeros(n, dtype=bool)
            mask[docs] = True
            scores = np.zeros(n)
            scores[docs] = sc * node.boost
            return mask, scores
        if cls is wq.Term:
            schema = self.searcher.schema  # a Whoosh Schema has no .get()
            field = schema[node.fieldname] if node.fieldname in schema else None  # noqa: SIM401
            mask = np.zeros(n, dtype=bool)
            scores = np.zeros(n)
            if field is None:
                return mask, scores
            try:
                btext = field.to_bytes(node.text)
            except ValueError:
                return mask, scores
            ids, tf = self.postings(node.fieldname, btext)
            postings[(node.fieldname, btext)] = ids
            mask[ids] = True
            if field.scorable:
                r = self.ranking
                idf = bm25_idf(n, self.searcher.doc_frequency(node.fieldname, btext), r.lucene_idf)
                avg = self.searcher.avg_field_length(node.fieldname) or 1.0
                norm = length_norm(self.lengths(node.fieldname)[ids], avg, r)
                scores[ids] = term_score(tf, norm, idf, r, node.boost)
            else:
                scores[ids] = node.boost * tf
            return mask, scores
        if cls in (wq.Or, wq.And, wq.DisjunctionMax):
            parts = [self.evaluate(q, postings) for q in node.subqueries]
            if not parts:
                return np.zeros(n, dtype=bool), np.zeros(n)
            mask = parts[0][0].copy()
            for m, _ in parts[1:]:
                mask = (mask & m) if cls is wq.And else (mask | m)
            if cls is wq.DisjunctionMax:
                scores = np.max([sc for _, sc in parts], axis=0)
            else:
                scores = np.sum([sc for _, sc in parts], axis=0)
            return mask, scores * node.boost * mask
        if cls is wq.Not:
            m, _ = self.evaluate(node.query, postings)
            return self.alive & ~m, np.zeros(n)
        if cls is wq.AndNot:
            a, sa = self.evaluate(node.a, postings)
            b, _ = self.evaluate(node.b, postings)
            mask = a & ~b
            return mask, sa * mask
        if cls is wq.AndMaybe:
            a, sa = self.evaluate(node.a, postings)
            _, sb = self.evaluate(node.b, postings)
            return a, (sa + sb) * a
        if cls is wq.NumericRange and node.fieldname == "date_key":
            days = self.dates()
            lo, hi = node.start or 0, node.end if node.end is not None else days.max(initial=0)
            mask = (days >= lo) & (days <= hi) & self.alive
            return mask, mask * float(node.boost)
        if cls is wq.Every:
            return self.alive.copy(), self.alive.astype(np.float64)
        if node is wq.NullQuery or cls is type(wq.NullQuery):
            return np.zeros(n, dtype=bool), np.zeros(n)
        # Anything else (phrases, date ranges): Whoosh runs it; its words light up in snippets.
        mask = np.zeros(n, dtype=bool)
        scores = np.zeros(n)
        for score, docnum in self.searcher.search(node, limit=None).top_n:
            mask[docnum] = True
            scores[docnum] = score
        for fieldname, text in node.iter_all_terms():
            if fieldname in self.searcher.schema:
                btext = text if isinstance(text, bytes) else self.searcher.schema[fieldname].to_bytes(text)
                postings[(fieldname, btext)] = self.postings(fieldname, btext)[0]
        return mask & self.alive, scores

    def run(
        self, query: Any, fill: Any, allowed: Any, wanted: int
    ) -> tuple[list[tuple[float, int]], Any, dict[tuple[str, bytes], Any], int]:
        """Like :meth:`rank`, for a parsed query (and the any-words query to fill up with)."""
        np = self.np
        postings: dict[tuple[str, bytes], Any] = {}
        mask, scores = self.evaluate(query, postings)
        mask &= self.alive
        if allowed is not None:
            mask &= allowed
        docs = np.flatnonzero(mask)
        top = self._top(docs, scores, wanted)
        if fill is None:
            return top, docs, postings, len(docs)
        # The any-word articles count in the total even when the page is full of all-word ones.
        more_mask, more_scores = self.evaluate(fill, postings)
        more_mask &= self.alive & ~mask
        if allowed is not None:
            more_mask &= allowed
        rest = np.flatnonzero(more_mask)
        top += self._top(rest, more_scores, wanted - len(top))
        return top, (np.flatnonzero(mask | more_mask) if len(rest) else docs), postings, len(docs)


class SmallRanker:
    """:class:`FastRanker`'s ranking, step for step, over dicts and sets: for small indexes,
    where arrays buy nothing and numpy would be the largest thing in memory. Same scores, same
    order, same matched sets and facet counts (tests compare the two on the same index)."""

    def __init__(self, searcher: Any, ranking: Ranking, shared: dict[str, Any] | None = None) -> None:
        self.searcher = searcher
        self.ranking = ranking
        self.n = searcher.doc_count_all()
        self.reader = searcher.reader()
        self.shared = shared if shared is not None else {}
        alive = self.shared.get("small_alive")
        if alive is None:
            is_deleted = self.reader.is_deleted
            alive = self.shared["small_alive"] = frozenset(d for d in range(self.n) if not is_deleted(d))
        self.alive: frozenset[int] = alive
        self._lengths: dict[str, dict[int, float]] = self.shared.setdefault("small_lengths", {})
        self.by_date = False

    def length(self, fieldname: str) -> dict[int, float]:
        got = self._lengths.get(fieldname)
        if got is None:
            size = self.reader.doc_field_length
            got = self._lengths[fieldname] = {d: float(size(d, fieldname, 0) or 0) for d in self.alive}
        return got

    def postings(self, fieldname: str, btext: bytes) -> dict[int, float]:
        if (fieldname, btext) not in self.reader:
            return {}
        m = self.reader.postings(fieldname, btext)
        return {d: float(w) for d, w in m.items_as("weight") if d in self.alive}

    def word(self, stem: str, plain: str) -> tuple[dict[int, float], list[tuple[str, bytes, Any]]]:
        r = self.ranking
        schema = self.searcher.schema
        tfc: dict[int, float] = {}
        fields: list[tuple[str, bytes, Any]] = []
        df = 0
        for fieldname, weight in r.weights().items():
            if not weight or fieldname not in schema:
                continue
            btext = schema[fieldname].to_bytes(plain if fieldname == "author" else stem)
            df = max(df, self.searcher.doc_frequency(fieldname, btext))
            tf = self.postings(fieldname, btext)
            if not tf:
                continue
            avg = self.searcher.avg_field_length(fieldname) or 1.0
            lengths = self.length(fieldname)
            for d in sorted(tf):
                norm = length_norm(lengths[d], avg, r)
                tfc[d] = tfc.get(d, 0.0) + weight * tf[d] / norm
            fields.append((fieldname, btext, frozenset(tf)))
        idf = bm25_idf(self.n, df, r.lucene_idf)
        return {d: saturate(t, idf, r) for d, t in tfc.items()}, fields

    def spelled(
        self, word: tuple[str, str], spellings: Spellings
    ) -> tuple[dict[int, float], list[tuple[str, bytes, Any]]]:
        found, fields = self.word(*word)
        for other in spellings.get(word, ()):
            f2, fl2 = self.word(*other)
            found = {d: max(found.get(d, 0.0), f2.get(d, 0.0)) for d in sorted(found.keys() | f2.keys())}
            fields = fields + fl2
        return found, fields

    def rank(
        self,
        words: Sequence[tuple[str, str]],
        group: str,
        allowed: Any,
        wanted: int,
        spellings: Spellings | None = None,
    ) -> tuple[list[tuple[float, int]], Any, dict[tuple[str, bytes], Any], int]:
        counts: dict[tuple[str, str], int] = {}
        for w in words:
            counts[w] = counts.get(w, 0) + 1
        scores: dict[int, float] = {}
        hits: dict[int, int] = {}
        postings: dict[tuple[str, bytes], Any] = {}
        for word, n in counts.items():
            found, fields = self.spelled(word, spellings or {})
            for d, s in found.items():
                scores[d] = scores.get(d, 0.0) + s * (n if self.ranking.query_tf else 1)
                hits[d] = hits.get(d, 0) + 1
            for fieldname, btext, ids in fields:
                postings[(fieldname, btext)] = ids
        if allowed is not None:
            hits = {d: h for d, h in hits.items() if d in allowed}
        if group == "and" and len(counts) > 1:
            all_docs = sorted(d for d, h in hits.items() if h == len(counts))
            top = self._top(all_docs, scores, wanted)
            if len(top) < wanted:
                rest = sorted(d for d, h in hits.items() if h < len(counts))
                top += self._top(rest, scores, wanted - len(top))
            return top, sorted(hits), postings, len(all_docs)
        matched = sorted(hits)
        return self._top(matched, scores, wanted), matched, postings, len(matched)

    def _top(self, docs: list[int], scores: dict[int, float], k: int) -> list[tuple[float, int]]:
        if k <= 0 or not docs:
            return []
        if self.by_date:
            dates = self.dates()
            order = sorted(docs, key=lambda d: (-dates.get(d, 0), -scores.get(d, 0.0), d))
        else:
            order = sorted(docs, key=lambda d: (-scores.get(d, 0.0), d))
        return [(scores.get(d, 0.0), d) for d in order[:k]]

    def dates(self) -> dict[int, int]:
        got = self.shared.get("small_dates")
        if got is None:
            col = self.reader.column_reader("date_key")
            got = self.shared["small_dates"] = {d: col[d] or 0 for d in range(self.n)}
        return got

    def evaluate(
        self, node: Any, postings: dict[tuple[str, bytes], Any]
    ) -> tuple[set[int], dict[int, float]]:
        """(matching articles, scores) of a parsed query, as :meth:`FastRanker.evaluate`."""
        from whoosh import query as wq

        cls = type(node)
        if isinstance(node, Blend):
            words = {(q.fieldname, q.text) for q in node.subqueries}
            stem = next((t for f, t in words if f == "body"), next(iter(words))[1])
            plain = next((t for f, t in words if f == "author"), stem)
            found, fields = self.word(stem, plain)
            for fieldname, btext, ids in fields:
                postings[(fieldname, btext)] = ids
            return set(found), {d: s * node.boost for d, s in found.items()}
        if cls is wq.Term:
            schema = self.searcher.schema
            field = schema[node.fieldname] if node.fieldname in schema else None  # noqa: SIM401
            if field is None:
                return set(), {}
            try:
                btext = field.to_bytes(node.text)
            except ValueError:
                return set(), {}
            tf = self.postings(node.fieldname, btext)
            postings[(node.fieldname, btext)] = frozenset(tf)
            if not field.scorable:
                return set(tf), {d: node.boost * t for d, t in tf.items()}
            r = self.ranking
            idf = bm25_idf(self.n, self.searcher.doc_frequency(node.fieldname, btext), r.lucene_idf)
            avg = self.searcher.avg_field_length(node.fieldname) or 1.0
            lengths = self.length(node.fieldname)
            scores = {}
            for d, t in tf.items():
                scores[d] = term_score(t, length_norm(lengths[d], avg, r), idf, r, node.boost)
            return set(tf), scores
        if cls in (wq.Or, wq.And, wq.DisjunctionMax):
            parts = [self.evaluate(q, postings) for q in node.subqueries]
            if not parts:
                return set(), {}
            mask = set(parts[0][0])
            for m, _ in parts[1:]:
                mask = (mask & m) if cls is wq.And else (mask | m)
            combined: dict[int, float] = {}
            for d in mask:
                values = [sc.get(d, 0.0) for _, sc in parts]
                combined[d] = (max(values) if cls is wq.DisjunctionMax else _ordered_sum(values)) * node.boost
            return mask, combined
        if cls is wq.Not:
            m, _ = self.evaluate(node.query, postings)
            return set(self.alive - m), {}
        if cls is wq.AndNot:
            a, sa = self.evaluate(node.a, postings)
            b, _ = self.evaluate(node.b, postings)
            mask = a - b
            return mask, {d: sa.get(d, 0.0) for d in mask}
        if cls is wq.AndMaybe:
            a, sa = self.evaluate(node.a, postings)
            _, sb = self.evaluate(node.b, postings)
            return a, {d: sa.get(d, 0.0) + sb.get(d, 0.0) for d in a}
        if cls is wq.NumericRange and node.fieldname == "date_key":
            days = self.dates()
            lo, hi = node.start or 0, node.end
            in_range = {
                d for d in self.alive if days.get(d, 0) >= lo and (hi is None or days.get(d, 0) <= hi)
            }
            return in_range, dict.fromkeys(in_range, float(node.boost))
        if cls is wq.Every:
            return set(self.alive), dict.fromkeys(self.alive, 1.0)
        if node is wq.NullQuery or cls is type(wq.NullQuery):
            return set(), {}
        mask, scores = set(), {}
        for score, docnum in self.searcher.search(node, limit=None).top_n:
            if docnum in self.alive:
                mask.add(docnum)
                scores[docnum] = score
        for fieldname, text in node.iter_all_terms():
            if fieldname in self.searcher.schema:
                btext = text if isinstance(text, bytes) else self.searcher.schema[fieldname].to_bytes(text)
                postings[(fieldname, btext)] = frozenset(self.postings(fieldname, btext))
        return mask, scores

    def run(
        self, query: Any, fill: Any, allowed: Any, wanted: int
    ) -> tuple[list[tuple[float, int]], Any, dict[tuple[str, bytes], Any], int]:
        postings: dict[tuple[str, bytes], Any] = {}
        mask, scores = self.evaluate(query, postings)
        mask &= self.alive
        if allowed is not None:
            mask &= allowed
        docs = sorted(mask)
        top = self._top(docs, scores, wanted)
        if fill is None:
            return top, docs, postings, len(docs)
        more_mask, more_scores = self.evaluate(fill, postings)
        more_mask = (more_mask & self.alive) - mask
        if allowed is not None:
            more_mask &= allowed
        rest = sorted(more_mask)
        top += self._top(rest, more_scores, wanted - len(top))
        return top, (sorted(mask | more_mask) if rest else docs), postings, len(docs)

    def matching(self, query: Any) -> frozenset[int]:
        mask, _ = self.evaluate(query, {})
        return frozenset(mask & self.alive)

    def without(self, allowed: Any, query: Any) -> frozenset[int]:
        mask, _ = self.evaluate(query, {})
        return frozenset((self.alive if allowed is None else allowed) - mask)

    def docset(self, allowed: Any) -> set[int]:
        return set(allowed)

    def in_page(self, page: list[int], ids: Any) -> list[int]:
        return [d for d in page if d in ids]

    def matched(self, docs: Iterable[int]) -> list[int]:
        return sorted(docs)

    def facet_counts(self, matched: Any, cap: int, canon: dict[str, str] | None = None) -> dict[str, int]:
        keys_of = self.shared.get("small_facets")
        if keys_of is None:
            keys_of = {}
            for term in self.reader.lexicon("entity_key"):
                name = term.decode("utf-8") if isinstance(term, bytes) else term
                for d in self.postings("entity_key", term):
                    keys_of.setdefault(d, []).append(name)
            self.shared["small_facets"] = keys_of
        counts: dict[str, int] = {}
        for d in matched:
            names = keys_of.get(d, ())
            if canon is not None:
                names = list(dict.fromkeys(canon.get(n, n) for n in names))
            for name in names:
                counts[name] = counts.get(name, 0) + 1
        if len(counts) > cap:
            counts = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:cap])
        return {name: counts[name] for name in sorted(counts)}  # key order, as the arrays give


def _ordered_sum(values: list[float]) -> float:
    total = 0.0
    for v in values:
        total += v
    return total
