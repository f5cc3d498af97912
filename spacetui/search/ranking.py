"""How natural-language queries are scored (BM25F settings and idf), in one place."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any


@dataclass(slots=True, frozen=True)
class Ranking:
    """How natural-language queries are scored: BM25F over the text fields taken as one.

    A word's occurrences in the headline, standfirst and body are added up (the headline
    weighted), each normalised by its own field's length, and then saturated once. Scoring each
    field on its own and summing (Whoosh's BM25F) counts a word twice when it is in the
    headline and the body, which ranks short, repetitive articles too high. The idf is
    Lucene's (Robertson-Sparck Jones, never negative); Whoosh's own adds 1 to every word's idf,
    which lets common words weigh too much in long queries. Settings measured with
    ``benchmarks/relevance.py`` on TIME and SciFact; k1 and b are the textbook values.
    """

    k1: float = 1.2
    b: float = 0.75
    title_weight: float = 3.0
    standfirst_weight: float = 1.0
    body_weight: float = 1.0
    author_weight: float = 1.0
    query_tf: bool = True  # a word repeated in a pasted query counts again (as in BM25)
    blend: bool = True  # False: score each field alone and sum them (Whoosh's BM25F)
    lucene_idf: bool = True

    def weights(self) -> dict[str, float]:
        return {
            "title": self.title_weight,
            "standfirst": self.standfirst_weight,
            "body": self.body_weight,
            "author": self.author_weight,
        }

    def weighting(self) -> Any:
        """The Whoosh weighting for parsed (syntax) queries: the same k1, b and idf."""
        return make_weighting(self)

    def ablations(self) -> Iterator[tuple[str, Ranking]]:
        """Each choice undone on its own (for ``benchmarks/relevance.py --ablation``)."""
        yield "fields scored apart (Whoosh BM25F)", replace(self, blend=False)
        yield "Whoosh idf (log(N/(df+1))+1)", replace(self, lucene_idf=False)
        yield "title weight 1", replace(self, title_weight=1.0)
        yield "repeated query words once", replace(self, query_tf=False)
        yield "k1=1.5", replace(self, k1=1.5)
        yield "b=0.9", replace(self, b=0.9)


RANKING = Ranking()


def bm25_idf(doc_count: int, df: int, lucene: bool) -> float:
    if lucene:
        return math.log(1 + (doc_count - df + 0.5) / (df + 0.5))
    return math.log(doc_count / (df + 1)) + 1


# The BM25F formulas, written once for every scorer (Whoosh's matcher and the ranker over either
# postings backing): each works on a float or on a numpy array alike.


def length_norm(length: Any, avg: float, r: Ranking) -> Any:
    """How much a field's length scales a word's count (1 at the average length)."""
    return (1 - r.b) + r.b * length / avg


def saturate(tf: Any, idf: float, r: Ranking) -> Any:
    """The score of length-normalised, field-weighted counts summed over the fields."""
    return idf * tf * (r.k1 + 1) / (r.k1 + tf)


def term_score(tf: Any, norm: Any, idf: float, r: Ranking, boost: float = 1.0) -> Any:
    """BM25 of one word in one field (query syntax: fields scored apart)."""
    return boost * idf * tf * (r.k1 + 1) / (tf + r.k1 * norm)


def make_weighting(ranking: Ranking) -> Any:
    from whoosh import scoring

    class _Bm25(scoring.BM25F):
        def idf(self, searcher: Any, fieldname: str, text: Any) -> float:
            return bm25_idf(
                searcher.doc_count_all(), searcher.doc_frequency(fieldname, text), ranking.lucene_idf
            )

    return _Bm25(B=ranking.b, K1=ranking.k1)
