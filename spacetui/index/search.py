"""The search layer: the one door the CLI and the app use to reach the index.

Nothing outside this module (and the builder) knows Whoosh: callers pass query strings and
:class:`Filter` objects and get plain dataclasses back. Text comes back as segments
``(text, highlighted)`` so no caller ever has to parse markup out of article text.

Thread use: each thread gets its own Whoosh searcher (they are not thread-safe), reused across
queries and refreshed when the index changes.
"""

from __future__ import annotations

import contextlib
import math
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from spacetui.articles.model import Article
from spacetui.entities import CorpusEntities, EntityInfo
from spacetui.index.schema import ENTITY_FIELDS, QUERY_FIELDS
from spacetui.index.store import IndexError_, IndexMissing, IndexStore

Segment = tuple[str, bool]  # (text, is a hit)

# Expensive expansions (prefix, wildcard, fuzzy) are capped: scan at most SCAN_CAP terms and
# search with the EXPAND_CAP most frequent of them.
SCAN_CAP = 20_000
EXPAND_CAP = 64
EXPAND_SECONDS = 0.15  # time for all expansions of one query; past it, search what was found
# expansions always made, whatever the time: one word~ is a node per text field, and the first
# (a cold lexicon, a busy machine) can use the whole budget alone
FREE_EXPANSIONS = 8
LONG_QUERY_WORDS = 5  # natural-language queries this long are ranked with OR at once
SNIPPET_CHARS = 220
# Below this many articles a dict-based ranker gives the same results as the numpy one, and numpy
# (~12 MiB resident) never loads; above, whole posting lists scored as arrays keep 100,000 fast.
ARRAY_MIN_DOCS = 2000
FACET_KEYS_CAP = 1000  # entity keys handed to the sidebar from one huge result (more than anyone scrolls)


# --- ranking ----------------------------------------------------------------------------------


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
        return _make_weighting(self)

    def ablations(self) -> Iterator[tuple[str, Ranking]]:
        """Each choice undone on its own (for ``benchmarks/relevance.py --ablation``)."""
        yield "fields scored apart (Whoosh BM25F)", replace(self, blend=False)
        yield "Whoosh idf (log(N/(df+1))+1)", replace(self, lucene_idf=False)
        yield "title weight 1", replace(self, title_weight=1.0)
        yield "repeated query words once", replace(self, query_tf=False)
        yield "k1=1.5", replace(self, k1=1.5)
        yield "b=0.9", replace(self, b=0.9)


RANKING = Ranking()


def _idf(doc_count: int, df: int, lucene: bool) -> float:
    if lucene:
        return math.log(1 + (doc_count - df + 0.5) / (df + 0.5))
    return math.log(doc_count / (df + 1)) + 1


def _make_weighting(ranking: Ranking) -> Any:
    from whoosh import scoring

    class _Bm25(scoring.BM25F):
        def idf(self, searcher: Any, fieldname: str, text: Any) -> float:
            return _idf(searcher.doc_count_all(), searcher.doc_frequency(fieldname, text), ranking.lucene_idf)

    return _Bm25(B=ranking.b, K1=ranking.k1)


Spellings = Mapping[tuple[str, str], Sequence[tuple[str, str]]]


def _blend_query(
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
                _Blend(terms, boost=boost, ranking=ranking) if ranking.blend else wq.Or(terms, boost=boost)
            )
        clauses.append(options[0] if len(options) == 1 else wq.DisjunctionMax(options))
    if not clauses:
        return wq.NullQuery
    if len(clauses) == 1:
        return clauses[0]
    return wq.And(clauses) if group == "and" else wq.Or(clauses)


def _blend_classes() -> tuple[type, type]:
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
            idf = _idf(top.doc_count_all(), df, self.ranking.lucene_idf) * self.boost
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
            b = self.ranking.b
            k1 = self.ranking.k1
            length = self.reader.doc_field_length
            tf = 0.0
            for m, fieldname, w, avg in self.subs:
                if m.is_active() and m.id() == cur:
                    tf += w * m.weight() / ((1 - b) + b * length(cur, fieldname, 1) / avg)
            return self.idf * tf * (k1 + 1) / (k1 + tf)

        def max_quality(self) -> float:
            # tf * (k1 + 1) / (k1 + tf) < k1 + 1: a true upper bound, so skipping stays exact
            return self.idf * (self.ranking.k1 + 1)

        block_quality = max_quality

    return Blend, BlendMatcher


_Blend: Any
_BlendMatcher: Any
_Blend, _BlendMatcher = _blend_classes()


@dataclass(slots=True, frozen=True)
class Filter:
    """A restriction on results: an entity, a source or an author (shown as a chip)."""

    kind: str  # "entity", "source", "author"
    value: str
    type: str = ""  # entity type, for kind == "entity"

    @classmethod
    def entity(cls, type_: str, name: str) -> Filter:
        return cls("entity", name, type_)

    @property
    def label(self) -> str:
        return f"{self.type}: {self.value}" if self.kind == "entity" else f"{self.kind}: {self.value}"


@dataclass(slots=True)
class Hit:
    id: str
    title: str
    date: str | None
    source: str
    authors: list[str]
    path: str
    words: int
    score: float
    title_segments: list[Segment] = field(default_factory=list)
    snippet: list[Segment] = field(default_factory=list)

    @property
    def snippet_text(self) -> str:
        return "".join(t for t, _ in self.snippet)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "authors": self.authors,
            "path": self.path,
            "words": self.words,
            "score": round(self.score, 4),
            "snippet": self.snippet_text,
            "highlights": [t for t, hit in self.snippet if hit],
        }


@dataclass(slots=True)
class SearchResult:
    query: str
    filters: tuple[Filter, ...] = ()
    sort: str = "relevance"
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    offset: int = 0
    error: str | None = None  # the query could not be run; say why and how to fix it
    suggestion: str | None = None  # "did you mean"
    notices: list[str] = field(default_factory=list)  # e.g. expansion capped, OR fallback
    facets: list[EntityInfo] = field(default_factory=list)
    elapsed_ms: float = 0.0
    terms: list[str] = field(default_factory=list)  # what a reading pane should highlight

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "filters": [{"kind": f.kind, "type": f.type or None, "value": f.value} for f in self.filters],
            "sort": self.sort,
            "total": self.total,
            "offset": self.offset,
            "error": self.error,
            "suggestion": self.suggestion,
            "notices": self.notices,
            "hits": [h.to_dict() for h in self.hits],
            "facets": [f.to_dict() for f in self.facets],
            "elapsed_ms": round(self.elapsed_ms, 2),
        }


OUTDATED = (
    "This index was built by an older spacetui: run `spacetui index` to bring it up to date "
    "(until then it answers, and lists entities, by the old rules)."
)


@dataclass(slots=True)
class IndexStatus:
    path: Path
    articles: int
    roots: list[str]
    updated: str | None
    generation: str
    # built by an older spacetui (another schema): it answers, but by the old rules until the
    # next `spacetui index` rebuilds it
    outdated: bool = False


class QueryError(Exception):
    """A query the user must fix; the message says how."""


# --- query text checks ------------------------------------------------------------------------

_FIELD_REF = re.compile(r"(?<![\w.])([A-Za-z_]\w*):(?!//)")
_SYNTAX = re.compile(r'["()*?~^\[\]{}]|(?<![\w.])[A-Za-z_]\w*:(?!//)|(?:^|\s)(?:AND|OR|NOT|ANDNOT)(?:\s|$)')
_FUZZY_AUTO = re.compile(r"(?<![\w~])(\w{6,})~(?![\d.])")
_TOO_SHORT_PREFIX = re.compile(r"(?:^|[\s(:])(\w?)\*(?=\s|\)|$)")
_WORD = re.compile(r"\w+", re.UNICODE)
_OPERATOR = re.compile(r"(?:^|\s)(?:AND|OR|NOT|ANDNOT)(?:\s|$)")
_DANGLING = re.compile(r"^(?:(?:AND|OR|ANDNOT)\s+)+|(?:\s+(?:AND|OR|NOT|ANDNOT))+$")


def looks_like_syntax(text: str) -> bool:
    return bool(_SYNTAX.search(text))


def check_query(text: str) -> None:
    """Raise QueryError with a helpful message for mistakes Whoosh would silently misread."""
    if text.count('"') % 2:
        raise QueryError('Unclosed quote: add the closing " (or remove the opening one).')
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            raise QueryError("A ')' has no matching '(': remove it or add the '('.")
    if depth > 0:
        raise QueryError("A '(' is not closed: add the ')' (or remove the '(').")
    # A colon inside quotes is part of a phrase ("Mission: Impossible"), not a field.
    for ref in _FIELD_REF.finditer(re.sub(r'"[^"]*"', '""', text)):
        name = ref.group(1).lower()
        if name not in QUERY_FIELDS:
            fields = ", ".join(QUERY_FIELDS)
            raise QueryError(f"Unknown field '{ref.group(1)}:'. Fields you can use: {fields}.")
    m = _TOO_SHORT_PREFIX.search(text)
    if m and text.strip() != "*":
        raise QueryError("Type at least 2 letters before * (a shorter prefix matches almost everything).")
    words = [w for w in _WORD.findall(text) if w not in ("AND", "OR", "NOT", "ANDNOT")]
    if not words and text.strip() != "*":
        raise QueryError("Nothing to search for: type a word (AND, OR and NOT join words).")


# --- snippets ---------------------------------------------------------------------------------


class _SegmentFormatter:
    """A Whoosh highlight formatter that returns segments instead of markup."""

    between = " … "

    def format(self, fragments: list[Any], replace: bool = False) -> list[Segment]:
        out: list[Segment] = []
        for n, fragment in enumerate(sorted(fragments, key=lambda f: f.startchar)):
            text = fragment.text
            if n:
                out.append((self.between, False))
            pos = fragment.startchar
            for token in sorted(fragment.matches, key=lambda t: t.startchar):
                if token.startchar < pos:
                    continue
                if token.startchar > pos:
                    out.append((text[pos : token.startchar], False))
                out.append((text[token.startchar : token.endchar], True))
                pos = token.endchar
            if fragment.endchar > pos:
                out.append((text[pos : fragment.endchar], False))
        return _squash(out)


def _squash(segments: list[Segment]) -> list[Segment]:
    """Whitespace runs become single spaces (a snippet is one line)."""
    out: list[Segment] = []
    for text, hit in segments:
        text = " ".join(text.split()) if hit else re.sub(r"\s+", " ", text)
        if text:
            out.append((text, hit))
    return out


def segments(text: str, spans: Sequence[tuple[int, int]]) -> list[Segment]:
    """Split ``text`` into (text, highlighted) runs from sorted, non-overlapping spans."""
    out: list[Segment] = []
    pos = 0
    for start, end in spans:
        if start < pos:
            continue
        if start > pos:
            out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    if pos < len(text):
        out.append((text[pos:], False))
    return out


_analyzers: dict[str, Any] = {}


def match_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Where ``terms`` occur in ``text``: words compared in their index form (lower-cased,
    stemmed), so a find for "film" also lights up "films" and "filming" as the search did."""
    if not terms or not text:
        return []
    stem = _analyzers.get("stem")
    if stem is None:
        # The text fields' tokenizer and stemmer, without building a Token per word: a
        # 5,000-word article is scanned in a few milliseconds.
        from functools import lru_cache

        from whoosh.analysis.tokenizers import default_pattern
        from whoosh.lang import stemmer_for_language

        _analyzers["pattern"] = re.compile(default_pattern.pattern, re.UNICODE)
        stem = _analyzers["stem"] = lru_cache(maxsize=50_000)(stemmer_for_language("en"))
    wanted = set(terms)
    spans = []
    for m in _analyzers["pattern"].finditer(text):
        word = m.group().lower()
        if word in wanted or stem(word) in wanted:
            spans.append(m.span())
    return spans


def _score(value: Any) -> float:
    """Whoosh gives a tuple of sort keys as the score of sorted results; keep the relevance."""
    if isinstance(value, tuple):
        value = value[-1] if value else 0.0
    try:
        return float(value or 0.0)
    except (TypeError, ValueError):
        return 0.0


def _lead(text: str, chars: int = SNIPPET_CHARS) -> list[Segment]:
    text = " ".join(text.split())
    if len(text) > chars:
        cut = text.rfind(" ", 0, chars)
        text = text[: cut if cut > chars // 2 else chars] + " …"
    return [(text, False)] if text else []


# --- the fast path for plain queries ------------------------------------------------------------

TERM_CACHE = 256  # posting arrays kept per reader (typing re-uses the words already typed)


class _FastRanker:
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
                    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

                    col = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
                    if col is None:
                        continue  # no article in this segment has the field
                    if getattr(col, "_fixedlen", 0) == 1:
                        # One length byte per article: read the column in one go.
                        stored = min(col._count, count)
                        raw = np.zeros(count, dtype=np.uint8)
                        data = col._dbfile.get(col._basepos, stored)
                        raw[:stored] = np.frombuffer(data, dtype=np.uint8)
                    else:
                        raw = np.fromiter((col[i] for i in range(count)), dtype=np.uint8, count=count)
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
            if hasattr(m, "_read_ids") and hasattr(m, "_next_block"):
                while m.is_active():
                    if m._ids is None:
                        m._read_ids()
                    if m._weights is None:
                        m._read_weights()
                    ids_parts.append(np.asarray(m._ids, dtype=np.int64) + base)
                    tf_parts.append(np.asarray(m._weights, dtype=np.float64))
                    m._next_block()
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
            norm = (1 - r.b) + r.b * self.lengths(fieldname)[ids] / avg
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
        idf = _idf(self.n, df, r.lucene_idf)
        return docs, idf * tfc * (r.k1 + 1) / (r.k1 + tfc), fields

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
                matched = np.flatnonzero(any_mask) if len(rest) else all_docs
                return top, matched, postings, len(all_docs)
            return top, all_docs, postings, len(all_docs)
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

    def allow(self, docs: Iterable[int]) -> Any:
        """The filter's articles as a mask for :meth:`rank` and :meth:`run`."""
        allowed = self.np.zeros(self.n, dtype=bool)
        allowed[list(docs)] = True
        return allowed

    def in_page(self, page: list[int], ids: Any) -> list[int]:
        """The page's articles that are among ``ids`` (a term's matches), in page order."""
        if not page:
            return []
        docs = self.np.array(page, dtype=self.np.int64)
        return [int(d) for d in docs[self.np.isin(docs, ids)]]

    def matched(self, docs: Iterable[int]) -> Any:
        return self.np.fromiter(docs, dtype=self.np.int64)

    def facet_counts(self, matched: Any, cap: int) -> dict[str, int]:
        table = self.shared.get("facets")
        if table is None:
            table = self.shared["facets"] = _FacetTable(self)
        return table.counts(matched, cap) if table.names else {}

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
        if isinstance(node, _Blend):
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
                idf = _idf(n, self.searcher.doc_frequency(node.fieldname, btext), r.lucene_idf)
                avg = self.searcher.avg_field_length(node.fieldname) or 1.0
                norm = (1 - r.b) + r.b * self.lengths(node.fieldname)[ids] / avg
                scores[ids] = node.boost * idf * tf * (r.k1 + 1) / (tf + r.k1 * norm)
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
        if fill is None or len(top) >= wanted:
            return top, docs, postings, len(docs)
        more_mask, more_scores = self.evaluate(fill, postings)
        more_mask &= self.alive & ~mask
        if allowed is not None:
            more_mask &= allowed
        rest = np.flatnonzero(more_mask)
        top += self._top(rest, more_scores, wanted - len(top))
        return top, (np.flatnonzero(mask | more_mask) if len(rest) else docs), postings, len(docs)


class _FacetTable:
    """Entity keys per article as flat numpy arrays (one row per article-key pair)."""

    def __init__(self, ranker: _FastRanker) -> None:
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
        doc_of = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int32)
        key_of = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int32)
        self.set_pairs(doc_of, key_of)

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


class _SmallRanker:
    """:class:`_FastRanker`'s ranking, step for step, over dicts and sets: for small indexes,
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
                norm = (1 - r.b) + r.b * lengths[d] / avg
                tfc[d] = tfc.get(d, 0.0) + weight * tf[d] / norm
            fields.append((fieldname, btext, frozenset(tf)))
        idf = _idf(self.n, df, r.lucene_idf)
        return {d: idf * t * (r.k1 + 1) / (r.k1 + t) for d, t in tfc.items()}, fields

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
                matched = sorted(hits) if rest else all_docs
                return top, matched, postings, len(all_docs)
            return top, all_docs, postings, len(all_docs)
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
        """(matching articles, scores) of a parsed query, as :meth:`_FastRanker.evaluate`."""
        from whoosh import query as wq

        cls = type(node)
        if isinstance(node, _Blend):
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
            idf = _idf(self.n, self.searcher.doc_frequency(node.fieldname, btext), r.lucene_idf)
            avg = self.searcher.avg_field_length(node.fieldname) or 1.0
            lengths = self.length(node.fieldname)
            scores = {}
            for d, t in tf.items():
                norm = (1 - r.b) + r.b * lengths[d] / avg
                scores[d] = node.boost * idf * t * (r.k1 + 1) / (t + r.k1 * norm)
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
        if fill is None or len(top) >= wanted:
            return top, docs, postings, len(docs)
        more_mask, more_scores = self.evaluate(fill, postings)
        more_mask = (more_mask & self.alive) - mask
        if allowed is not None:
            more_mask &= allowed
        rest = sorted(more_mask)
        top += self._top(rest, more_scores, wanted - len(top))
        return top, (sorted(mask | more_mask) if rest else docs), postings, len(docs)

    def allow(self, docs: Iterable[int]) -> frozenset[int]:
        return frozenset(docs)

    def in_page(self, page: list[int], ids: Any) -> list[int]:
        return [d for d in page if d in ids]

    def matched(self, docs: Iterable[int]) -> list[int]:
        return sorted(docs)

    def facet_counts(self, matched: Any, cap: int) -> dict[str, int]:
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
            for name in keys_of.get(d, ()):
                counts[name] = counts.get(name, 0) + 1
        if len(counts) > cap:
            counts = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:cap])
        return {name: counts[name] for name in sorted(counts)}  # key order, as the arrays give


def _ordered_sum(values: list[float]) -> float:
    total = 0.0
    for v in values:
        total += v
    return total


# --- the service ------------------------------------------------------------------------------


class SearchService:
    """Open an index lazily and answer queries against it."""

    def __init__(
        self, index_dir: Path, *, ranking: Ranking | None = None, array_min_docs: int | None = None
    ) -> None:
        self.index_dir = Path(index_dir)
        self.ranking = ranking or RANKING
        self.array_min_docs = ARRAY_MIN_DOCS if array_min_docs is None else array_min_docs
        self._weighting = self.ranking.weighting()
        self.store = IndexStore(self.index_dir)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._ix: Any = None
        self._gen_name: str | None = None
        self._corpus: CorpusEntities | None = None
        self._shared_key: Any = None  # index state the shared ranking arrays belong to
        self._shared: dict[str, Any] = {}
        self._joined_docs: tuple[Any, dict[str, Any]] | None = None  # (corrected table, docs)

    # --- opening and refreshing -----------------------------------------------------------
    def exists(self) -> bool:
        return self.store.current_name() is not None

    def _index(self) -> Any:
        if self._ix is None:
            with self._lock:
                if self._ix is None:
                    name = self.store.current_name()
                    if name is None:
                        raise IndexMissing(f"no index at {self.index_dir}: run `spacetui index` first")
                    storage = self.store.open_storage(self.index_dir / name, readonly=True)
                    try:
                        self._ix = storage.open_index()
                    except Exception as exc:
                        raise IndexError_(
                            f"the index at {self.index_dir} cannot be opened ({exc}); "
                            "rebuild it with `spacetui index --rebuild`"
                        ) from exc
                    self._gen_name = name
        return self._ix

    def _searcher(self) -> Any:
        ix = self._index()
        searcher = getattr(self._local, "searcher", None)
        if searcher is None or getattr(self._local, "ix", None) is not ix:
            searcher = ix.searcher(weighting=self._weighting)
            self._local.searcher = searcher
            self._local.ix = ix
        return searcher

    def refresh(self) -> bool:
        """Pick up a newer commit or a rebuilt generation. True if anything changed."""
        name = self.store.current_name()
        if name != self._gen_name:
            with self._lock:
                self._ix = None
                self._corpus = None
            self._local = threading.local()
            return name is not None
        if self._ix is None:
            return False
        searcher = self._searcher()
        if not searcher.up_to_date():
            try:
                self._local.searcher = searcher.refresh()
            except TypeError:  # Whoosh cannot refresh the reader of an empty index: open anew
                self._local.searcher = self._index().searcher(weighting=self._weighting)
            self._corpus = None
            return True
        return False

    def status(self) -> IndexStatus:
        searcher = self._searcher()
        meta = self.store.read_meta()
        return IndexStatus(
            path=self.index_dir,
            articles=searcher.doc_count(),
            roots=list(meta.get("roots", [])),
            updated=meta.get("updated"),
            generation=self._gen_name or "",
            outdated=self.outdated(meta),
        )

    def outdated(self, meta: dict[str, Any] | None = None) -> bool:
        """Built by an older spacetui (another schema, or entities found by older rules): from
        the index's small meta file only."""
        from spacetui.entities.rules import RULES_VERSION
        from spacetui.index.schema import SCHEMA_VERSION

        meta = self.store.read_meta() if meta is None else meta
        if not meta:
            return False
        with_entities = meta.get("entity_fingerprint") not in (None, "off")
        return meta.get("schema_version") != SCHEMA_VERSION or (
            with_entities and meta.get("entity_rules") != RULES_VERSION
        )

    def corpus(self) -> CorpusEntities:
        if self._corpus is None:
            self._index()
            self._corpus = CorpusEntities.load(self.index_dir / (self._gen_name or ""))
        return self._corpus

    def close(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
        self._local = threading.local()

    # --- parsing --------------------------------------------------------------------------
    def _parser(self, group: str) -> Any:
        cache = getattr(self._local, "parsers", None)
        if cache is None or getattr(self._local, "parsers_ix", None) is not self._ix:
            cache = self._local.parsers = {}
            self._local.parsers_ix = self._ix
        if group not in cache:
            from whoosh import qparser
            from whoosh.qparser.dateparse import DateParserPlugin

            schema = self._index().schema
            og = qparser.OrGroup.factory(0.9) if group == "or" else qparser.AndGroup
            parser = qparser.MultifieldParser(
                ["title", "standfirst", "body", "author"],
                schema,
                fieldboosts={"title": 1.5, "standfirst": 1.0, "body": 1.0, "author": 1.0},
                group=og,
            )
            parser.remove_plugin_class(qparser.SingleQuotePlugin)
            parser.add_plugin(qparser.FuzzyTermPlugin())
            parser.add_plugin(qparser.GtLtPlugin())
            parser.add_plugin(DateParserPlugin(free=False))
            cache[group] = parser
        return cache[group]

    def _natural_words(self, text: str) -> list[tuple[str, str]]:
        """The words of a plain query: (index form in the text fields, lower-cased word)."""
        analyzer = self._index().schema["body"].analyzer
        words = [(t.text, text[t.startchar : t.endchar]) for t in analyzer(text, chars=True, mode="query")]
        if not words:  # only stop words ("the who"): search for them after all
            tokens = analyzer(text, chars=True, mode="query", removestops=False)
            words = [(t.text, text[t.startchar : t.endchar]) for t in tokens]
        return words

    def _spellings(self, words: Sequence[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """The other spellings of the typed words that name one entity two ways in the corpus
        ("peresild" also finds "Pereslid"), as (index form, word) pairs."""
        table = self.corpus().spellings()
        if not table:
            return {}
        analyzer = self._index().schema["body"].analyzer
        found: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for stem, plain in words:
            others = [
                (tokens[0].text, other)
                for other in table.get(plain, ())
                if (tokens := list(analyzer(other, mode="query")))
            ]
            if others:
                found[(stem, plain)] = others
        return found

    def _parse(self, text: str, group: str) -> Any:
        text = _FUZZY_AUTO.sub(r"\1~2", text)  # long words: allow 2 edits (transpositions)
        query = self._parser(group).parse(text)
        errors = []
        query.accept(lambda q: errors.append(q) if getattr(q, "error", None) else q)
        if errors:
            raise QueryError(f"Could not read this part of the query: {errors[0].error}")
        return query

    def _cap_expansions(self, query: Any, notices: list[str]) -> Any:
        from whoosh import query as wq

        reader = self._searcher().reader()
        deadline = time.perf_counter() + EXPAND_SECONDS
        made = 0

        def visit(node: Any) -> Any:
            nonlocal made
            if not isinstance(node, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm, wq.Regex, wq.TermRange)):
                return node
            made += 1
            if made > FREE_EXPANSIONS and time.perf_counter() > deadline:
                # Hundreds of "word~" in one query: each automaton costs time even when it
                # finds nothing, so past the budget the rest are left out (and said so).
                if not any(n.startswith("Some wildcard") for n in notices):
                    notices.append("Some wildcard or fuzzy words were left out: the query has too many.")
                return wq.NullQuery
            if isinstance(node, wq.FuzzyTerm) and node.maxdist > 2:
                # "a~99" builds an automaton for 99 edits: seconds, and it matches everything.
                node = wq.FuzzyTerm(node.fieldname, node.text, boost=node.boost, maxdist=2)
            if isinstance(node, wq.FuzzyTerm) and not node.prefixlength and len(node.text) > 2:
                # Keep the first letter: a spelling automaton over the whole lexicon of 100,000
                # articles takes seconds; starting from the right letter, milliseconds.
                node = wq.FuzzyTerm(
                    node.fieldname, node.text, boost=node.boost, maxdist=node.maxdist, prefixlength=1
                )
            field_obj = reader.schema[node.fieldname]
            found: list[Any] = []
            capped = False
            for n, btext in enumerate(node._btexts(reader)):
                # Past the time budget, keep what was found (never stop empty-handed).
                if n >= SCAN_CAP or (n and n % 16 == 0 and time.perf_counter() > deadline):
                    capped = True
                    break
                found.append(btext)
            if len(found) > EXPAND_CAP:
                capped = True
                found.sort(key=lambda b: -reader.doc_frequency(node.fieldname, b))
                found = found[:EXPAND_CAP]
            if capped:
                notices.append(
                    f"'{node.text}' matches many words: searched the {len(found)} most common. "
                    "Type more letters to narrow it."
                )
            if not found:
                return wq.NullQuery
            terms = [
                wq.Term(
                    node.fieldname, field_obj.from_bytes(b) if isinstance(b, bytes) else b, boost=node.boost
                )
                for b in found
            ]
            return wq.Or(terms, boost=node.boost) if len(terms) > 1 else terms[0]

        return query.accept(visit)

    def _entity_aliases(self, query: Any) -> Any:
        """``person:pereslid`` also finds the articles that only say "Peresild" (corpus aliases)."""
        from whoosh import query as wq

        from spacetui.entities.corpus import QUERY_FIELD_TYPES

        def visit(node: Any) -> Any:
            if isinstance(node, (wq.Term, wq.Phrase)) and node.fieldname in QUERY_FIELD_TYPES:
                words = node.words if isinstance(node, wq.Phrase) else [node.text]
                keys = self.corpus().query_keys(node.fieldname, [str(w) for w in words])
                if keys:
                    return wq.Or([node, *(wq.Term("entity_key", k) for k in keys)], boost=node.boost)
            return node

        return query.accept(visit)

    def _filter_query(self, filters: Sequence[Filter]) -> Any:
        from whoosh import query as wq

        parts = []
        for f in filters:
            if f.kind == "entity":
                keys = self.corpus().keys_for(f.type, f.value)
                parts.append(wq.Or([wq.Term("entity_key", k) for k in keys]))
            elif f.kind in ("source", "author"):
                words = [w.lower() for w in _WORD.findall(f.value)] or [f.value.lower()]
                parts.append(wq.Phrase(f.kind, words) if len(words) > 1 else wq.Term(f.kind, words[0]))
        return wq.And(parts) if parts else None

    # --- searching ------------------------------------------------------------------------
    def search(
        self,
        text: str,
        *,
        filters: Sequence[Filter] = (),
        sort: str = "relevance",
        limit: int = 20,
        offset: int = 0,
        facets: bool = True,
        snippets: bool = True,
    ) -> SearchResult:
        """Run a query typed by a person. Never raises for a bad query: ``error`` says what to fix."""
        started = time.perf_counter()
        text = text or ""
        result = SearchResult(query=text, filters=tuple(filters), sort=sort, offset=offset)
        try:
            self._run(result, text, limit, offset, facets, snippets)
        except QueryError as exc:
            result.error = str(exc)
        except (IndexError_, OSError):
            raise
        except Exception as exc:  # a parser corner case must never reach the user as a traceback
            result.error = f"This query could not be run ({type(exc).__name__}). Check its syntax."
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        return result

    def _run(
        self, result: SearchResult, text: str, limit: int, offset: int, facets: bool, snippets: bool
    ) -> None:
        from whoosh import query as wq
        from whoosh import sorting

        stripped = " ".join(text.replace("\x00", " ").split())
        searcher = self._searcher()
        if len(stripped) > 2000:
            stripped = stripped[:2000]
            result.notices.append("The query was cut to its first 2,000 characters.")
        natural = not looks_like_syntax(stripped)
        n_words = len(_WORD.findall(stripped))
        shouted = n_words >= LONG_QUERY_WORDS and not any(c.islower() for c in stripped)
        if not natural and (n_words >= 12 or shouted) and not _FIELD_REF.search(stripped):
            # A pasted paragraph (or one in capitals): its AND/OR/NOT, brackets and quotes are
            # text, not operators.
            natural = True
        elif not natural:
            # Long pasted text with stray punctuation reads as words too.
            check_query(stripped)
        group = "and"
        words: list[tuple[str, str]] = []
        spellings: Spellings = {}
        if not stripped or stripped == "*":
            query = wq.Every()
            natural = False
        elif natural:
            stripped = stripped.lower()
            words = self._natural_words(stripped)
            spellings = self._spellings(words)
            group = "or" if len(_WORD.findall(stripped)) >= LONG_QUERY_WORDS else "and"
            query = _blend_query(words, self.ranking, group, spellings)
        else:
            # Half-typed operators at the ends ("cruise OR") wait for their other side.
            stripped = _DANGLING.sub("", stripped).strip() or stripped
            query = self._parse(stripped, "and")
        query = self._cap_expansions(query, result.notices)
        query = self._entity_aliases(query)
        flt = self._filter_query(result.filters)
        result.terms = self._highlight_terms(query)

        kwargs: dict[str, Any] = {"filter": flt, "terms": True}
        if result.sort == "date":
            # Newest first; relevance breaks ties. Undated articles (date_key 0) come last.
            kwargs["sortedby"] = [sorting.FieldFacet("date_key", reverse=True), sorting.ScoreFacet()]
        wanted = offset + limit
        if self.ranking.blend and result.sort in ("relevance", "date"):
            fill = None
            if not natural and not _OPERATOR.search(stripped) and len(_WORD.findall(stripped)) > 1:
                fill = self._entity_aliases(self._cap_expansions(self._parse(stripped, "or"), []))
            self._ranker().by_date = result.sort == "date"
            plain = words if natural else None
            self._run_fast(
                result, query, plain, spellings, group, fill, flt, offset, wanted, facets, snippets
            )
            return
        hits = searcher.search(query, limit=max(wanted, 1), **kwargs)
        total = len(hits)
        ordered = list(hits)
        # Words without operators ("hot line" proposal, (SLE) patients): all of them first,
        # then articles with any, as for plain words.
        bag = not natural and not _OPERATOR.search(stripped) and len(_WORD.findall(stripped)) > 1
        if ((natural and group == "and" and len(words) > 1) or bag) and total < wanted:
            if natural:
                or_query = _blend_query(words, self.ranking, "or", spellings)
            else:
                or_query = self._entity_aliases(self._cap_expansions(self._parse(stripped, "or"), []))
            more = searcher.search(or_query, limit=max(wanted, 1), **kwargs)
            if len(more) > total:
                if total == 0:
                    result.notices.append("No article has all the words: showing those with any of them.")
                have = {h.docnum for h in ordered}
                ordered += [h for h in more if h.docnum not in have]
                total = len(more)
                result.terms = self._highlight_terms(or_query)
                hits = more
        result.total = total
        page = ordered[offset:wanted]
        if snippets:
            from whoosh.highlight import PinpointFragmenter

            hits.fragmenter = PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=70, autotrim=True)
            hits.formatter = _SegmentFormatter()
            hits.fragmenter.charlimit = None
        for h in page:
            result.hits.append(self._hit(h, snippets))
        if total == 0 and natural and stripped:
            result.suggestion = self._suggest(stripped)
        if facets:
            result.facets = self._facets(query, flt, total)

    def _ranker(self) -> _FastRanker | _SmallRanker:
        searcher = self._searcher()
        ranker = getattr(self._local, "ranker", None)
        if ranker is None or ranker.searcher is not searcher:
            try:
                key: Any = tuple(
                    (leaf.segment().segment_id(), leaf.segment().deleted_count())
                    for leaf, _ in searcher.reader().leaf_readers()
                )
            except Exception:  # not a segment reader: nothing to share
                key = id(searcher)
            with self._lock:
                if self._shared_key != key:
                    self._shared_key, self._shared = key, {}
                shared = self._shared
            kind = _FastRanker if searcher.doc_count_all() >= self.array_min_docs else _SmallRanker
            ranker = self._local.ranker = kind(searcher, self.ranking, shared)
        return ranker

    def _run_fast(
        self,
        result: SearchResult,
        query: Any,
        words: list[tuple[str, str]] | None,
        spellings: Spellings,
        group: str,
        fill: Any,
        flt: Any,
        offset: int,
        wanted: int,
        facets: bool,
        snippets: bool,
    ) -> None:
        from whoosh.searching import Hit as WhooshHit
        from whoosh.searching import Results

        searcher = self._searcher()
        ranker = self._ranker()
        allowed = ranker.allow(searcher.docs_for_query(flt)) if flt is not None else None
        if words is not None:
            top, matched, postings, all_count = ranker.rank(words, group, allowed, max(wanted, 1), spellings)
        else:
            top, matched, postings, all_count = ranker.run(query, fill, allowed, max(wanted, 1))
        result.total = len(matched)
        if (group == "and" or fill is not None) and all_count == 0 < result.total:
            result.notices.append("No article has all the words: showing those with any of them.")
        page = top[offset:wanted]
        # A Whoosh Results for the page only, with the matched terms of each hit, so highlighting
        # (pinpoint, from the stored character offsets) works as for any other search.
        results = Results(searcher, query, page)
        page_docs = [d for _, d in page]
        termdocs: dict[tuple[str, bytes], list[int]] = {}
        docterms: dict[int, list[tuple[str, bytes]]] = {d: [] for d in page_docs}
        for term, ids in postings.items():
            found = ranker.in_page(page_docs, ids)
            if found:
                termdocs[term] = found
                for d in found:
                    docterms[d].append(term)
        results.termdocs = termdocs
        results.docterms = docterms
        if snippets:
            from whoosh.highlight import PinpointFragmenter

            results.fragmenter = PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=70, autotrim=True)
            results.formatter = _SegmentFormatter()
            results.fragmenter.charlimit = None
        for pos, (score, docnum) in enumerate(page):
            result.hits.append(self._hit(WhooshHit(results, docnum, pos, score), snippets))
        if result.total == 0 and words:
            result.suggestion = self._suggest(result.query.lower())
        if facets and result.total:
            result.facets = self._count_facets(matched)

    def _hit(self, h: Any, snippets: bool) -> Hit:
        stored = h.fields()
        title = stored.get("title", "")
        snippet: list[Segment] = []
        title_segments: list[Segment] = [(title, False)]
        if snippets:
            try:
                got = h.highlights("body", top=2)
                snippet = got if isinstance(got, list) else []
                title_terms = {t[1] for t in h.matched_terms() if t[0] == "title"}
                if title_terms:
                    words = {w.decode("utf-8") if isinstance(w, bytes) else w for w in title_terms}
                    title_segments = segments(title, self.match_spans(title, sorted(words)))
            except Exception:  # highlighting is a nicety; never lose the hit over it
                snippet = []
            if not snippet:
                snippet = _lead(stored.get("standfirst") or stored.get("body", ""))
        return Hit(
            id=stored["id"],
            title=title,
            date=stored.get("date_iso"),
            source=stored.get("source", ""),
            authors=[a for a in stored.get("author", "").split("; ") if a],
            path=stored.get("path", ""),
            words=stored.get("words", 0),
            score=_score(h.score),
            title_segments=title_segments,
            snippet=snippet,
        )

    def query_terms(self, text: str) -> list[str]:
        """The index terms a query would match (for highlighting and in-article find)."""
        stripped = " ".join(text.split())
        if not stripped or stripped == "*":
            return []
        try:
            if looks_like_syntax(stripped):
                check_query(stripped)
                query = self._parse(stripped, "or")
            else:
                query = self._parse(stripped.lower(), "or")
            return self._highlight_terms(self._cap_expansions(query, []))
        except QueryError:
            raise
        except Exception as exc:
            raise QueryError(f"This query could not be read ({type(exc).__name__}).") from exc

    def match_spans(self, text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
        """Character spans in ``text`` of words that match any of ``terms`` (index form)."""
        return match_spans(text, terms)

    def _highlight_terms(self, query: Any) -> list[str]:
        terms: list[str] = []
        try:
            for fieldname, text in query.iter_all_terms():
                if fieldname in ("title", "body", "standfirst", "author"):
                    value = text.decode("utf-8") if isinstance(text, bytes) else str(text)
                    if value not in terms:
                        terms.append(value)
        except Exception:
            pass
        return terms

    def _suggest(self, text: str) -> str | None:
        searcher = self._searcher()
        words = _WORD.findall(text)
        changed = False
        out: list[str] = []
        analyzer = searcher.schema["body"].analyzer
        for word in words:
            if (
                len(word) < 3
                or len(word) > 40  # no real word is this long; its automaton takes seconds
                or len(out) >= 32  # a pasted wall of text: correct its first words only
                or not list(analyzer(word))  # a stop word: never indexed, nothing to correct
                or searcher.doc_frequency("body", word)
                or searcher.doc_frequency("title", word)
            ):
                out.append(word)
                continue
            try:
                # From the right first letter: the whole lexicon of a big index takes seconds.
                suggestions = searcher.suggest("body", word, limit=1, maxdist=2, prefix=1)
            except Exception:
                suggestions = []
            if suggestions and suggestions[0] != word:
                out.append(suggestions[0])
                changed = True
            else:
                out.append(word)
        return " ".join(out) if changed else None

    # --- facets ---------------------------------------------------------------------------
    def _count_facets(self, matched: Any) -> list[EntityInfo]:
        counts = self._ranker().facet_counts(matched, FACET_KEYS_CAP)
        return self.corpus().facets(counts, self._joined_articles(matched)) if counts else []

    def _joined_articles(self, matched: Any | None) -> dict[str, int]:
        """Articles (among ``matched``, or all) of each entity of several keys that the user
        corrected in entities.toml (its keys can share an article: summed counts are too high)."""
        corrected = self.corpus().corrected()
        if not corrected.joined:
            return {}
        cached = self._joined_docs
        if cached is None or cached[0] is not corrected:  # (a new table for each reader)
            import numpy
            from whoosh import query as wq

            searcher = self._searcher()
            docs = {
                ckey: numpy.fromiter(
                    searcher.docs_for_query(wq.Or([wq.Term("entity_key", k) for k in keys])),
                    dtype=numpy.int64,
                )
                for ckey, keys in corrected.joined.items()
            }
            self._joined_docs = cached = (corrected, docs)
        if matched is None:
            return {ckey: len(d) for ckey, d in cached[1].items()}
        import numpy

        return {ckey: int(numpy.isin(d, matched).sum()) for ckey, d in cached[1].items()}

    def _facets(self, query: Any, flt: Any, total: int) -> list[EntityInfo]:
        if total == 0:
            return []
        from whoosh import query as wq

        q = wq.And([query, flt]) if flt is not None else query
        return self._count_facets(self._ranker().matched(self._searcher().docs_for_query(q)))

    # --- articles -------------------------------------------------------------------------
    def resolve_id(self, text: str) -> str | None:
        """An exact article id, or the one id that starts with ``text``."""
        searcher = self._searcher()
        if searcher.document_number(id=text) is not None:
            return text
        ids = self.ids_starting(text, 2)
        return ids[0] if len(ids) == 1 else None

    def ids_starting(self, text: str, limit: int) -> list[str]:
        """Up to ``limit`` article ids that start with ``text``, sorted."""
        from whoosh import query as wq

        if not text:
            return []
        searcher = self._searcher()
        ids = sorted(searcher.stored_fields(d)["id"] for d in searcher.docs_for_query(wq.Prefix("id", text)))
        return ids[:limit]

    def article(self, article_id: str) -> Article | None:
        from spacetui.index.build import article_from_stored

        searcher = self._searcher()
        resolved = self.resolve_id(article_id)
        if resolved is None:
            return None
        docnum = searcher.document_number(id=resolved)
        return article_from_stored(searcher.stored_fields(docnum)) if docnum is not None else None

    def related(self, article_id: str, limit: int = 5) -> list[Hit]:
        searcher = self._searcher()
        docnum = searcher.document_number(id=article_id)
        if docnum is None:
            return []
        results = searcher.more_like(docnum, "body", top=limit, numterms=25)
        return [self._hit(h, snippets=False) for h in results[:limit]]

    def list_articles(self, sort: str = "date") -> Iterator[Hit]:
        """Every article, newest first (no snippets)."""
        result = self.search("", sort=sort, limit=10**9, facets=False, snippets=False)
        yield from result.hits

    def appears_with(
        self, type_: str, name: str, text: str = "", filters: Sequence[Filter] = ()
    ) -> tuple[int, list[EntityInfo]]:
        """How many articles (of the query ``text`` and ``filters``) name this entity, and the other
        entities named in them with the number of those articles each, most first."""
        own = Filter.entity(type_, name)
        result = self.search(
            text, filters=[*filters, own] if own not in filters else filters, limit=1, snippets=False
        )
        if result.error:
            raise QueryError(result.error)
        return result.total, [i for i in result.facets if (i.type, i.name) != (type_, name)]

    def entities(self, type_: str | None = None) -> list[EntityInfo]:
        if type_ is not None and type_ not in ENTITY_FIELDS:
            raise QueryError(f"Unknown entity type '{type_}'. Types: {', '.join(ENTITY_FIELDS)}.")
        items = self.corpus().listing(type_)
        joined = self._joined_articles(None)
        for info in items:
            info.articles = joined.get(info.keys[0], info.articles) if info.keys else info.articles
        if joined:
            items.sort(key=lambda i: (-i.articles, -i.mentions, i.name.casefold()))
        return items
