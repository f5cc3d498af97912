"""Ranking, written once over :class:`~spacetui.search.postings.Postings`: numpy arrays for big
indexes, lists for small ones, the same scores, order, matched sets and facet counts from both
(``tests/test_search_rankers.py`` compares them on one index)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any

from spacetui.index.analysis import is_stop_word
from spacetui.search import whoosh_internals
from spacetui.search.blend import Blend
from spacetui.search.facets import FacetCounts, facet_counts
from spacetui.search.phrases import PHRASE_MODE
from spacetui.search.postings import Postings, Scored, open_postings
from spacetui.search.ranking import Ranking, bm25_idf, length_norm, saturate, term_score
from spacetui.search.results import Superseded

# Below this many articles lists give the same results as arrays, and numpy (~12 MiB resident)
# never loads; above, whole posting lists scored as arrays keep 100,000 articles fast.
ARRAY_MIN_DOCS = 2000
# Characters of stored text first read for each word at a phrase's ends ("in the red")
WORD_CHARS = 40
# Places of a phrase left (its rarest words found in a row) that are checked in the stored text
# rather than by reading the other words' positions (each a posting read per segment)
TEXT_CHECK_PLACES = 16
# A stop word's positions are read only where the places left are in at least one of this many
# of its articles: passing its postings costs more than reading the texts of fewer (100,000
# Reuters articles, "end of the year": 304 ms by text, 568 by positions; "a year": 5.8 s, 0.9)
DENSE_STOP_WORD = 20
CHECK_EVERY = 512  # articles of a phrase between two looks at whether the user typed on
DF_CACHE = 50_000  # document frequencies kept per ranker (a thread's view of one index state)

Top = list[tuple[float, int]]  # (score, docnum), best first


class Ranker:
    """BM25F for natural-language queries and Whoosh's BM25 per field for query syntax, scored
    over whole posting lists (every matching article at once) rather than Whoosh's matchers
    step by step. Also yields the exact matched set, which the sidebar counts reuse instead of
    running the query a second time. Scores are the ones Whoosh's matchers give; the parts this
    cannot do (phrases, expansions) are run by Whoosh and their scores taken over.
    """

    def __init__(self, searcher: Any, ranking: Ranking, postings: Postings) -> None:
        self.searcher = searcher
        self.ranking = ranking
        self.postings = postings
        self.n = searcher.doc_count_all()
        self.by_date = False  # set per search (one ranker per thread)
        # set per search: whether the user has typed on (a phrase of common words can take
        # seconds, and a thread cannot be stopped from outside: it would race the next search)
        self.stop: Callable[[], bool] | None = None
        self._dfs: dict[tuple[str, bytes], int] = {}

    @classmethod
    def open(cls, searcher: Any, ranking: Ranking, shared: dict[str, Any], array_min_docs: int) -> Ranker:
        """The ranker for this searcher's index, arrays from ``array_min_docs`` articles on."""
        arrays = searcher.doc_count_all() >= array_min_docs
        return cls(searcher, ranking, open_postings(searcher, shared, arrays))

    def _check(self) -> None:
        if self.stop is not None and self.stop():
            raise Superseded

    # --- scoring --------------------------------------------------------------------------
    def _df(self, fieldname: str, btext: bytes) -> int:
        """A term's document frequency, kept: a pasted sentence asks for each of its words in
        every text field, and Whoosh looks each one up in every segment's term table."""
        key = (fieldname, btext)
        df = self._dfs.get(key)
        if df is None:
            if len(self._dfs) >= DF_CACHE:
                self._dfs.clear()
            df = self._dfs[key] = self.searcher.doc_frequency(fieldname, btext)
        return df

    def _avg_length(self, fieldname: str) -> float:
        return float(self.searcher.avg_field_length(fieldname) or 1.0)

    def word(self, stem: str, plain: str, seen: dict[tuple[str, bytes], Any]) -> Scored:
        """One word's BM25F over the text fields taken as one: occurrences weighted and
        length-normalised per field, added up, then saturated once. Records each field's
        postings in ``seen`` (for highlighting)."""
        p = self.postings
        r = self.ranking
        schema = self.searcher.schema
        parts = []
        df = 0
        for fieldname, weight in r.weights().items():
            if not weight or fieldname not in schema:
                continue
            btext = schema[fieldname].to_bytes(plain if fieldname == "author" else stem)
            df = max(df, self._df(fieldname, btext))
            ids, tf = p.term(fieldname, btext)
            if not len(ids):
                continue
            avg = self._avg_length(fieldname)

            def weighted(t: Any, length: Any, w: float = weight, avg: float = avg) -> Any:
                return w * t / length_norm(length, avg, r)

            parts.append((ids, p.each(weighted, tf, p.lengths(fieldname, ids))))
            seen[(fieldname, btext)] = ids
        if not parts:
            return p.scored(())
        ids, tfc = p.merge(parts, "sum", every=False)
        idf = bm25_idf(self.n, df, r.lucene_idf)
        return ids, p.each(lambda t: saturate(t, idf, r), tfc)

    def evaluate(self, node: Any, seen: dict[tuple[str, bytes], Any], memo: dict[int, Any]) -> Scored:
        """(matching live articles, their scores) of a parsed query; each term's postings go
        into ``seen``. A node met again in the same run (the fill-up query shares the main
        query's words) is worked out once."""
        got = memo.get(id(node))
        if got is not None and got[0] is node:
            return got[1]
        self._check()  # (typed on: a search no one will see stops at the next word)
        out = self._evaluate(node, seen, memo)
        memo[id(node)] = (node, out)
        return out

    def _evaluate(self, node: Any, seen: dict[tuple[str, bytes], Any], memo: dict[int, Any]) -> Scored:
        from whoosh import query as wq

        p = self.postings
        cls = type(node)
        boost = node.boost
        if isinstance(node, Blend):
            words = {(q.fieldname, q.text) for q in node.subqueries}
            stem = next((t for f, t in words if f == "body"), next(iter(words))[1])
            plain = next((t for f, t in words if f == "author"), stem)
            ids, scores = self.word(stem, plain, seen)
            return ids, p.each(lambda s: s * boost, scores)
        if cls is wq.Term:
            return self._term(node, seen)
        if cls is wq.Phrase and node.slop == 1:
            return self._phrase(node, seen)
        if cls in (wq.Or, wq.And, wq.DisjunctionMax):
            parts = [self.evaluate(q, seen, memo) for q in node.subqueries]
            if not parts:
                return p.scored(())
            how = "max" if cls is wq.DisjunctionMax else "sum"
            ids, scores = p.merge(parts, how, every=cls is wq.And)
            return ids, p.each(lambda s: s * boost, scores)
        if cls is wq.Not:
            ids, _ = self.evaluate(node.query, seen, memo)
            alive = p.alive()
            (rest,) = p.pick(p.within(alive, ids, inside=False), alive)
            return rest, p.constant(rest, 0.0)
        if cls is wq.AndNot:
            a, sa = self.evaluate(node.a, seen, memo)
            b, _ = self.evaluate(node.b, seen, memo)
            ids, scores = p.pick(p.within(a, b, inside=False), a, sa)
            return ids, scores
        if cls is wq.AndMaybe:
            a, sa = self.evaluate(node.a, seen, memo)
            b, sb = self.evaluate(node.b, seen, memo)
            return p.merge([(a, sa), p.pick(p.within(b, a), b, sb)], "sum", every=False)
        if cls is wq.NumericRange and node.fieldname == "date_key":
            # Read from the day column (Whoosh's NumericRange is not exact on it); undated
            # articles (day 0) never match a date.
            lo = max(node.start or 1, 1)
            hi = node.end
            alive = p.alive()
            days = p.days(alive)
            if hi is None:
                flags = p.each(lambda d: d >= lo, days)
            else:
                flags = p.each(lambda d: (d >= lo) & (d <= hi), days)
            (ids,) = p.pick(flags, alive)
            return ids, p.constant(ids, float(boost))
        if cls is wq.Every:
            alive = p.alive()
            return alive, p.constant(alive, 1.0)
        if node is wq.NullQuery or cls is type(wq.NullQuery):
            return p.scored(())
        # Anything else (phrases, expansions): Whoosh runs it; its words light up in snippets.
        ids, scores = p.scored(
            (docnum, score) for score, docnum in self.searcher.search(node, limit=None).top_n
        )
        schema = self.searcher.schema
        for fieldname, text in node.iter_all_terms():
            # (a phrase's stop words light up nothing: "of" is in every article)
            if fieldname in schema and not is_stop_word(
                text if isinstance(text, str) else text.decode("utf-8")
            ):
                btext = text if isinstance(text, bytes) else schema[fieldname].to_bytes(text)
                seen[(fieldname, btext)] = p.term(fieldname, btext)[0]
        out: Scored = p.pick(p.within(ids, p.alive()), ids, scores)
        return out

    def _term(self, node: Any, seen: dict[tuple[str, bytes], Any]) -> Scored:
        """One word in one field (query syntax): BM25 of that field alone."""
        p = self.postings
        schema = self.searcher.schema  # a Whoosh Schema has no .get()
        field = schema[node.fieldname] if node.fieldname in schema else None  # noqa: SIM401
        if field is None:
            return p.scored(())
        try:
            btext = field.to_bytes(node.text)
        except ValueError:
            return p.scored(())
        ids, tf = p.term(node.fieldname, btext)
        seen[(node.fieldname, btext)] = ids
        boost = node.boost
        if not field.scorable:
            return ids, p.each(lambda t: boost * t, tf)
        r = self.ranking
        idf = bm25_idf(self.n, self._df(node.fieldname, btext), r.lucene_idf)
        avg = self._avg_length(node.fieldname)

        def score(t: Any, length: Any) -> Any:
            return term_score(t, length_norm(length, avg, r), idf, r, boost)

        return ids, p.each(score, tf, p.lengths(node.fieldname, ids))

    def _phrase(self, node: Any, seen: dict[tuple[str, bytes], Any]) -> Scored:
        """Articles with the phrase's words in a row, scored as Whoosh scores a phrase (its words'
        scores added), stop words aside. The articles with all its other words are the
        candidates. Positions are read for those only, rarest word first and stop words last
        ("of" is in every article: Whoosh's own phrase walked all of them, 1.2 s for "end of the
        year" at 100,000 articles); once few places are left, the rest of the phrase is read in
        their stored text (a pasted sentence's twenty words would each cost a posting read for
        the one article that says it)."""
        from whoosh import query as wq

        p = self.postings
        reader = self.searcher.reader()
        schema = self.searcher.schema
        fieldname, words = node.fieldname, list(node.words)
        field = schema[fieldname] if fieldname in schema else None  # noqa: SIM401
        if field is None:
            return p.scored(())
        try:
            btexts = [field.to_bytes(w) for w in words]
        except ValueError:
            return p.scored(())
        dfs = [self._df(fieldname, b) for b in btexts]
        if not all(dfs):
            return p.scored(())
        content = [i for i, w in enumerate(words) if not is_stop_word(w)]
        by_text = bool(content) and field.stored and field.format.supports("characters")
        checked = content if by_text else list(range(len(words)))
        rarest = sorted(checked, key=lambda i: dfs[i])
        # positions are read rarest first, the stop words last, while many places are left
        order = rarest + sorted(set(range(len(words))) - set(checked), key=lambda i: dfs[i])
        candidates = p.term(fieldname, btexts[rarest[0]])[0]
        for i in rarest[1:]:
            if not len(candidates):
                break  # (no article has all the words: most fields, for a pasted sentence)
            (candidates,) = p.pick(p.within(candidates, p.term(fieldname, btexts[i])[0]), candidates)
        if not len(candidates):
            return p.scored(())
        parts = [self._term(wq.Term(fieldname, words[i], boost=node.boost), seen) for i in content or checked]
        ids, scores = p.merge(parts, "sum", every=True)
        # article -> where the phrase would start -> its read words' (index, startchar, endchar)
        places: dict[int, dict[int, list[tuple[int, int, int]]]] = {d: {} for d in p.as_list(candidates)}
        read = 0
        for n, i in enumerate(order):
            if n and by_text and i not in content and len(places) * DENSE_STOP_WORD < dfs[i]:
                break
            self._check()
            left: dict[int, dict[int, list[tuple[int, int, int]]]] = {}
            for k, (d, found) in enumerate(
                self._places(reader, field, fieldname, btexts[i], sorted(places), by_text)
            ):
                if not k % CHECK_EVERY:
                    self._check()
                here = {pos - i: (i, a, b) for pos, a, b in found}
                kept = {st: [w] for st, w in here.items()} if n == 0 else {
                    st: [*got, here[st]] for st, got in places[d].items() if st in here
                }  # fmt: skip
                if kept:
                    left[d] = kept
            places, read = left, n + 1
            if not places or (by_text and sum(map(len, places.values())) <= TEXT_CHECK_PLACES):
                break
        if by_text and read < len(words):
            fit = {}
            for k, (d, v) in enumerate(places.items()):
                if not k % CHECK_EVERY:
                    self._check()
                if self._words_fit(d, field, fieldname, words, v):
                    fit[d] = v
            places = fit
        return p.pick(p.within(ids, p.column(sorted(places))), ids, scores)

    @staticmethod
    def _places(
        reader: Any, field: Any, fieldname: str, btext: bytes, docs: list[int], by_text: bool
    ) -> Iterator[tuple[int, list[tuple[int, int, int]]]]:
        """Each of ``docs`` (ascending) that has the term, with where: (position, startchar,
        endchar), the characters 0 when not asked. Read block by block, segment by segment:
        stepping a matcher to each article took half of a phrase's time."""
        if by_text:
            decode = field.format.decode_characters
        else:
            positions = field.format.decode_positions

            def decode(value: bytes) -> list[tuple[int, int, int]]:
                return [(pos, 0, 0) for pos in positions(value)]

        k = 0
        for leaf, base in reader.leaf_readers():
            start, end = k, base + leaf.doc_count_all()
            while k < len(docs) and docs[k] < end:
                k += 1
            local = [d - base for d in docs[start:k]]
            if not local or (fieldname, btext) not in leaf:
                continue
            m = leaf.postings(fieldname, btext)
            m = getattr(m, "child", m) if leaf.has_deletions() else m  # only live articles are asked
            values = whoosh_internals.posting_values(m, local)
            for d, value in values if values is not None else _stepped(m, local):
                yield d + base, decode(value)

    def _words_fit(
        self,
        docnum: int,
        field: Any,
        fieldname: str,
        words: list[str],
        starts: dict[int, list[tuple[int, int, int]]],
    ) -> bool:
        """Whether, at one of these places, the stored text has the phrase's words that were not
        read from positions, around and between the ones that were (the positions already say
        how many words lie between those)."""
        text = self.searcher.reader().stored_fields(docnum).get(fieldname) or ""

        def words_in(part: str) -> list[str]:
            return [t.text for t in field.analyzer(part, mode=PHRASE_MODE)]

        def before(at: int, k: int) -> list[str]:
            # the k words before ``at``; the window grows until a word more than needed is in
            # it (so its first word is whole) or it reaches the start (a table's wide gaps)
            width = WORD_CHARS * k
            while True:
                got = words_in(text[max(0, at - width) : at])
                if len(got) > k or width >= at:
                    return got[-k:]
                width *= 2

        def after(at: int, k: int) -> list[str]:
            width = WORD_CHARS * k
            while True:
                got = words_in(text[at : at + width])
                if len(got) > k or at + width >= len(text):
                    return got[:k]
                width *= 2

        last = len(words) - 1
        for found in starts.values():
            spans = sorted(found)
            first, s0, _ = spans[0]
            end, _, e_last = spans[-1]
            fits = not first or before(s0, first) == words[:first]
            for (a, _, ea), (b, sb, _) in itertools.pairwise(spans):
                fits = fits and (b - a == 1 or words_in(text[ea:sb]) == words[a + 1 : b])
            if fits and end < last:
                fits = after(e_last, last - end) == words[end + 1 :]
            if fits:
                return True
        return False

    # --- ranking --------------------------------------------------------------------------
    def _top(self, ids: Any, scores: Any, k: int) -> Top:
        """The k best, best first; by day (newest first, undated last) when sorting by date."""
        p = self.postings
        order = p.best(ids, scores, k, p.days(ids) if self.by_date else None)
        return list(zip(p.as_list(p.take(scores, order)), p.as_list(p.take(ids, order)), strict=True))

    def run(
        self, query: Any, fill: Any, allowed: Any, wanted: int, first: Any = None
    ) -> tuple[Top, Any, dict[tuple[str, bytes], Any], int]:
        """The top ``wanted`` (score, docnum) of a parsed query, the ids of every article that
        matched, each term's postings, and how many articles ``query`` itself matched.

        ``fill`` (the any-words query for "all the words" searches): when ``query`` matches
        fewer than ``wanted``, its articles follow, and they always count in the total, as the
        search box promises. ``allowed`` (ids, None: every article) limits both. ``first`` (a
        pasted text as one phrase): the matches it also matches come before the others, each
        part in its own order; it adds no matches."""
        p = self.postings
        seen: dict[tuple[str, bytes], Any] = {}
        memo: dict[int, Any] = {}
        ids, scores = self.evaluate(query, seen, memo)
        if allowed is not None:
            ids, scores = p.pick(p.within(ids, allowed), ids, scores)
        if first is not None:
            top = self._tiered_top(ids, scores, self.evaluate(first, {}, memo)[0], wanted)
        else:
            top = self._top(ids, scores, wanted)
        if fill is None:
            return top, ids, seen, len(ids)
        more, more_scores = self.evaluate(fill, seen, memo)
        more, more_scores = p.pick(p.within(more, ids, inside=False), more, more_scores)
        if allowed is not None:
            more, more_scores = p.pick(p.within(more, allowed), more, more_scores)
        if not len(more):
            return top, ids, seen, len(ids)
        top += self._top(more, more_scores, wanted - len(top))
        matched, _ = p.merge([(ids, scores), (more, more_scores)], "sum", every=False)
        return top, matched, seen, len(ids)

    def _tiered_top(self, ids: Any, scores: Any, leading: Any, k: int) -> Top:
        """The k best of ``ids``, those among ``leading`` first."""
        p = self.postings
        lead, lead_scores = p.pick(p.within(ids, leading), ids, scores)
        if not len(lead):
            return self._top(ids, scores, k)
        top = self._top(lead, lead_scores, k)
        rest, rest_scores = p.pick(p.within(ids, leading, inside=False), ids, scores)
        return top + self._top(rest, rest_scores, k - len(top))

    # --- sets of articles -----------------------------------------------------------------
    def matching(self, query: Any) -> Any:
        """The ids of the live articles a filter query matches (``allowed`` for :meth:`run`)."""
        ids, _ = self.evaluate(query, {}, {})
        return ids

    def without(self, allowed: Any, query: Any) -> Any:
        """``allowed`` (None: every article) less what ``query`` matches."""
        base = self.postings.alive() if allowed is None else allowed
        (rest,) = self.postings.pick(self.postings.within(base, self.matching(query), inside=False), base)
        return rest

    def docset(self, allowed: Any) -> set[int]:
        return set(self.postings.as_list(allowed))

    def in_page(self, page: list[int], ids: Any) -> list[int]:
        """The page's articles that are among ``ids`` (a term's matches), in page order."""
        if not page:
            return []
        p = self.postings
        (found,) = p.pick(p.within(p.column(page), ids), p.column(page))
        return [int(d) for d in p.as_list(found)]

    def matched(self, docs: Iterable[int]) -> Any:
        return self.postings.column(sorted(docs))

    def facet_counts(
        self,
        matched: Any,
        per_type: int,
        canon: dict[str, str] | None = None,
        hidden: Collection[str] = (),
    ) -> FacetCounts:
        """Articles among ``matched`` per entity key, or per entity when ``canon`` maps keys to
        their entity's key (an article counted once however many of its keys it holds); the
        ``per_type`` most named of each type, and how many there are (``facets.facet_counts``)."""
        return facet_counts(self.postings, matched, per_type, canon, hidden)


def _stepped(matcher: Any, wanted: list[int]) -> Iterator[tuple[int, bytes]]:
    """(id, encoded value) of each ``wanted`` id (ascending) the matcher has, stepping to each."""
    for d in wanted:
        if matcher.is_active() and matcher.id() < d:
            matcher.skip_to(d)
        if not matcher.is_active():
            return
        if matcher.id() == d:
            yield d, matcher.value()
