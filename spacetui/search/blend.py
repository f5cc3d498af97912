"""The query for plain words: one clause per word, each scored over the text fields as one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from spacetui.search.ranking import RANKING, Ranking, bm25_idf, length_norm, saturate

Spellings = Mapping[tuple[str, str], Sequence[tuple[str, str]]]


def blend_query(
    words: Sequence[tuple[str, str]], ranking: Ranking, group: str, spellings: Spellings | None = None
) -> Any:
    """One clause per distinct word: (stemmed word for the text fields, the word as typed for
    the byline); AND or OR of them. A word with other ``spellings`` (an entity named two ways
    in the corpus) scores as the best of them."""
    from whoosh import query as wq

    counts: dict[tuple[str, str], int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    weights = ranking.weights()
    clauses = []
    for word, n in counts.items():
        boost = float(n) if ranking.query_tf else 1.0
        options = []
        for stem, plain in (word, *(spellings or {}).get(word, ())):
            terms = [wq.Term(f, plain if f == "author" else stem, boost=w) for f, w in weights.items() if w]
            options.append(
                Blend(terms, boost=boost, ranking=ranking) if ranking.blend else wq.Or(terms, boost=boost)
            )
        clauses.append(options[0] if len(options) == 1 else wq.DisjunctionMax(options))
    if not clauses:
        return wq.NullQuery
    if len(clauses) == 1:
        return clauses[0]
    return wq.And(clauses) if group == "and" else wq.Or(clauses)


def _classes() -> tuple[type, type]:
    from whoosh import matching
    from whoosh import query as wq

    class Blend(wq.CompoundQuery):
        """A word in several fields, scored as if they were one field (BM25F proper)."""

        JOINT = " | "

        def __init__(self, subqueries: list[Any], boost: float = 1.0, ranking: Ranking = RANKING) -> None:
            super().__init__(subqueries, boost=boost)
            self.ranking = ranking

        def apply(self, fn: Any) -> Any:
            return self.__class__([fn(q) for q in self.subqueries], boost=self.boost, ranking=self.ranking)

        def normalize(self) -> Any:
            return self

        def matcher(self, searcher: Any, context: Any = None) -> Any:
            top = searcher.get_parent()
            reader = searcher.reader()
            subs = []
            df = 0
            for q in self.subqueries:
                if q.fieldname not in searcher.schema:
                    continue
                btext = searcher.schema[q.fieldname].to_bytes(q.text)
                df = max(df, top.doc_frequency(q.fieldname, btext))
                if (q.fieldname, btext) in reader:
                    avg = top.avg_field_length(q.fieldname) or 1.0
                    subs.append((reader.postings(q.fieldname, btext), q.fieldname, q.boost, avg))
            if not subs:
                return matching.NullMatcher()
            idf = bm25_idf(top.doc_count_all(), df, self.ranking.lucene_idf) * self.boost
            return BlendMatcher(subs, reader, idf, self.ranking)

    class BlendMatcher(matching.Matcher):
        def __init__(self, subs: list[Any], reader: Any, idf: float, ranking: Ranking) -> None:
            self.subs = subs
            self.reader = reader
            self.idf = idf
            self.ranking = ranking
            self._id: int | None = None
            self._find()

        def _find(self) -> None:
            ids = [m.id() for m, *_ in self.subs if m.is_active()]
            self._id = min(ids) if ids else None

        def is_active(self) -> bool:
            return self._id is not None

        def id(self) -> int:
            return self._id  # type: ignore[return-value]

        def reset(self) -> None:
            for m, *_ in self.subs:
                m.reset()
            self._find()

        def children(self) -> list[Any]:
            return [m for m, *_ in self.subs]

        def copy(self) -> Any:
            subs = [(m.copy(), *rest) for m, *rest in self.subs]
            return BlendMatcher(subs, self.reader, self.idf, self.ranking)

        def supports(self, astype: str) -> bool:
            return False

        def next(self) -> None:
            cur = self._id
            for m, *_ in self.subs:
                if m.is_active() and m.id() == cur:
                    m.next()
            self._find()

        def skip_to(self, target: int) -> None:
            for m, *_ in self.subs:
                if m.is_active() and m.id() < target:
                    m.skip_to(target)
            self._find()

        def weight(self) -> float:
            cur = self._id
            return sum(m.weight() for m, *_ in self.subs if m.is_active() and m.id() == cur)

        def score(self) -> float:
            cur = self._id
            r = self.ranking
            length = self.reader.doc_field_length
            tf = 0.0
            for m, fieldname, w, avg in self.subs:
                if m.is_active() and m.id() == cur:
                    tf += w * m.weight() / length_norm(length(cur, fieldname, 1), avg, r)
            return saturate(tf, self.idf, r)

        def max_quality(self) -> float:
            # tf * (k1 + 1) / (k1 + tf) < k1 + 1: a true upper bound, so skipping stays exact
            return self.idf * (self.ranking.k1 + 1)

        block_quality = max_quality

    return Blend, BlendMatcher


Blend: Any
BlendMatcher: Any
Blend, BlendMatcher = _classes()
