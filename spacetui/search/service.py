"""The search service: the facade the CLI and the app call.

Thread use: each thread gets its own Whoosh searcher (they are not thread-safe), reused across
queries and refreshed when the index changes.
"""

from __future__ import annotations

import dataclasses
import math
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacetui.articles.model import Article
from spacetui.entities import CorpusEntities, EntityInfo
from spacetui.index.analysis import fold_accents, is_stop_word
from spacetui.index.schema import ENTITY_FIELDS
from spacetui.index.store import IndexError_, IndexMissing, IndexStore, missing_message
from spacetui.library import NO_STATE, ArticleRef, ArticleState, LibrarySnapshot, LibraryStore
from spacetui.library.terms import LibraryTerm
from spacetui.search.blend import Spellings, blend_query
from spacetui.search.dates import DATE_CLAUSE
from spacetui.search.facets import FACETS_PER_TYPE
from spacetui.search.phrases import PHRASE_MODE, phrase_query
from spacetui.search.query import (
    LONG_QUERY_WORDS,
    OPERATOR,
    TEXT_FIELDS,
    WORD,
    QueryPlan,
    bare_stop_words,
    cap_expansions,
    looks_like_syntax,
    lower_but_acronyms,
    make_parser,
    parse,
    read_query,
    without_clause,
)
from spacetui.search.rankers import ARRAY_MIN_DOCS, Ranker
from spacetui.search.ranking import RANKING, Ranking
from spacetui.search.results import (
    EntityCounts,
    Filter,
    Hit,
    IndexStatus,
    QueryError,
    SearchResult,
    Segment,
    Superseded,
)
from spacetui.search.snippets import (
    SNIPPET_CHARS,
    SegmentFormatter,
    TextWords,
    lead,
    match_spans,
    score_of,
    segments,
    text_words,
)
from spacetui.search.suggest import suggest
from spacetui.stories.groups import StoryGroups

if TYPE_CHECKING:
    from spacetui.stories.events import Event
    from spacetui.stories.timeline import Timeline


# A collapsed search fetches this much more than the copies per article say, to fill its page
# in one search (a search that has to look further costs about twice).
COLLAPSE_MARGIN = 1.5
# Nothing found: at most this many of the query's narrowing clauses and filters are tried, one
# at a time, without it (a search each), to name the one that left everything out.
MAX_CLAUSES_TRIED = 4
NONE_HAS_ALL = "No article has all the words: showing those with any of them."


def too_common(text: str) -> str:
    """What to say of a word (or clause) that is only stop words: searched alone it is nothing."""
    return (
        f"'{text}' is too common a word to search for alone: quote it with the words around it (\"the who\")."
    )


def _check(stop: Callable[[], bool] | None) -> None:
    if stop is not None and stop():
        raise Superseded


class _Fold:
    """Picks a collapsed page from ranked documents: the first copy of each group of copies,
    results ``offset`` to ``wanted``, before any result card is made. ``copy_keys`` numbers
    each document's group (``doc_tables.copy_keys``), so a page is picked by array work
    however many copies rank above it (at a million articles, thousands)."""

    def __init__(self, copy_keys: Any, offset: int, wanted: int) -> None:
        self.copy_keys = copy_keys
        self.offset = offset
        self.wanted = wanted
        self.shown = 0  # results found by the last pick (up to ``wanted``)
        self.folded = 0  # copies folded into the page's results
        self.skipped = 0  # copies folded anywhere (how much further a longer search must look)

    def pick(self, docnums: Sequence[int]) -> list[int]:
        """The positions in ``docnums`` (best first) of the page's results."""
        import numpy as np

        keys = self.copy_keys[np.asarray(docnums, dtype=np.int64)]
        _, first, group = np.unique(keys, return_index=True, return_inverse=True)
        # A group's place among the results is the rank of its best copy.
        order = np.argsort(first, kind="stable")
        place = np.empty(len(first), dtype=np.int64)
        place[order] = np.arange(len(first))
        copy = np.ones(len(keys), dtype=bool)
        copy[first] = False
        of_page = place[group]
        self.skipped = int(copy.sum())
        self.folded = int(np.count_nonzero(copy & (of_page >= self.offset) & (of_page < self.wanted)))
        self.shown = min(len(first), self.wanted)
        return [int(pos) for pos in first[order][self.offset : self.wanted]]


def _stored_hit(
    stored: dict[str, Any],
    score: float,
    title: list[Segment],
    snippet: list[Segment],
    state: ArticleState = NO_STATE,
) -> Hit:
    return Hit(
        id=stored["id"],
        title=stored.get("title", ""),
        date=stored.get("date_iso"),
        source=stored.get("source", ""),
        authors=[a for a in stored.get("author", "").split("; ") if a],
        path=stored.get("path", ""),
        words=stored.get("words", 0),
        score=score,
        title_segments=title,
        snippet=snippet,
        content_hash=stored.get("content_hash", ""),
        state=state,
    )


RELATED_TERMS = 25  # an article's most telling words that find related ones


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
        self.library = LibraryStore.beside(self.index_dir)
        self._stories: StoryGroups | None = None
        self._dates_said: tuple[Any, str | None] | None = None  # (searcher, _dates_here's answer)

    # --- opening and refreshing -----------------------------------------------------------
    def exists(self) -> bool:
        return self.store.current_name() is not None

    def _index(self) -> Any:
        if self._ix is None:
            with self._lock:
                if self._ix is None:
                    name = self.store.current_name()
                    if name is None:
                        raise IndexMissing(missing_message(self.index_dir))
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
                self._stories = None
            self._local = threading.local()
            return name is not None
        if self._ix is None:
            return False
        searcher = self._searcher()
        if not searcher.up_to_date():
            # Not searcher.refresh(): it re-uses the reader of a segment that is still there,
            # deletions and all, so an article removed from that segment would still be found.
            self._local.searcher = self._index().searcher(weighting=self._weighting)
            self._corpus = None
            self._stories = None
            return True
        return False

    def version(self) -> tuple[str, int]:
        """Which commit of the index is current: it changes with every index run (and
        ``--rebuild``). Cheap: a file read and a directory listing, no searcher opened."""
        name = self.store.current_name()
        if name is None:
            return ("", -1)
        if name != self._gen_name:
            return (name, -1)  # a new generation, opened by the next search or refresh()
        return (name, int(self._index().latest_generation()))

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

    def stories(self) -> StoryGroups:
        """Copies and stories, as the last index run worked them out (plain JSON: cheap)."""
        if self._stories is None:
            self._index()
            self._stories = StoryGroups.load(self.index_dir / (self._gen_name or ""))
        return self._stories

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
            cache[group] = make_parser(self._searcher().schema, group)
        return cache[group]

    def _natural_words(self, text: str) -> list[tuple[str, str]]:
        """The words of a plain query: (index form in the text fields, lower-cased word)."""
        analyzer = self._searcher().schema["body"].analyzer
        # (stop words are never loose words, but an acronym in capitals, "US": "the who" is
        # read as a phrase before this)
        return [
            (t.text, text[t.startchar : t.endchar].lower()) for t in analyzer(text, chars=True, mode="query")
        ]

    def _verbatim(self, text: str) -> Any:
        """A pasted text as one phrase in the headline, standfirst or body (None for fewer than
        two words): a researcher who pastes a sentence wants first the articles that say it."""
        from whoosh import query as wq

        schema = self._searcher().schema
        phrases = [phrase_query(schema[f], f, text) for f in TEXT_FIELDS if f in schema]
        phrases = [q for q in phrases if isinstance(q, wq.Phrase)]
        return wq.Or(phrases) if phrases else None

    def _only_stop_words(self, text: str) -> bool:
        """Whether a plain query is two or more words, all of them stop words (indexed for
        phrases: an index from before has none, and there they stay loose words)."""
        analyzer = self._searcher().schema["body"].analyzer
        if any(True for _ in analyzer(text, mode="query", acronyms=False)):  # ("THE WHO" too)
            return False
        return sum(1 for _ in analyzer(text, mode=PHRASE_MODE)) > 1

    def _spellings(self, words: Sequence[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """The other spellings of the typed words that name one entity two ways in the corpus
        ("peresild" also finds "Pereslid"), as (index form, word) pairs."""
        table = self._spellings_table()
        if not table:
            return {}
        analyzer = self._searcher().schema["body"].analyzer
        found: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for stem, plain in words:
            spelt = table.get(plain) or table.get(fold_accents(plain)) or []  # ("peresíld" typed)
            others = [
                (tokens[0].text, other) for other in spelt if (tokens := list(analyzer(other, mode="query")))
            ]
            if others:
                found[(stem, plain)] = others
        return found

    def _spellings_table(self) -> dict[str, list[str]]:
        if self._corpus is None:  # (a script's one search: the small file, not the whole table)
            from spacetui.entities.corpus import stored_spellings

            self._index()
            stored = stored_spellings(self.index_dir / (self._gen_name or ""))
            if stored is not None:
                return stored
        return self.corpus().spellings()

    def _parse(self, text: str, group: str) -> Any:
        return parse(self._parser(group), text)

    def _cap_expansions(self, query: Any, notices: list[str], memo: dict[str, Any] | None = None) -> Any:
        return cap_expansions(query, self._searcher().reader(), notices, memo)

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

    def _filter_query(self, filters: Sequence[Filter], plan: QueryPlan | None = None) -> Any:
        """What every result must match: the chips, and the query's +clauses and dates."""
        from whoosh import query as wq

        parts = []
        for f in filters:
            if f.kind == "entity":
                keys = self.corpus().keys_for(f.type, f.value)
                parts.append(wq.Or([wq.Term("entity_key", k) for k in keys]))
            elif f.kind in ("source", "author"):
                words = [w.lower() for w in WORD.findall(f.value)] or [f.value.lower()]
                parts.append(wq.Phrase(f.kind, words) if len(words) > 1 else wq.Term(f.kind, words[0]))
        if plan is not None:
            parts += [q for q in (self._clause(c, plan.notices) for c in plan.required) if q is not None]
        return wq.And(parts) if parts else None

    def _allowed(
        self,
        flt: Any,
        mask: Any,
        library: Sequence[LibraryTerm] = (),
        snapshot: LibrarySnapshot | None = None,
    ) -> Any:
        """The articles a result may come from (None: any), in the ranker's form."""
        ranker = self._ranker()
        allowed = ranker.matching(flt) if flt is not None else None
        allowed = ranker.without(allowed, mask) if mask is not None else allowed
        if library:
            allowed = self._with_library(allowed, library, snapshot or self._snapshot())
        return allowed

    def _snapshot(self, notices: list[str] | None = None) -> LibrarySnapshot:
        """The library as it is now; a library file that cannot be read shows no state (and
        ``notices`` says why), it never stops a search."""
        from spacetui.library import LibraryError
        from spacetui.library.store import EMPTY

        try:
            return self.library.snapshot()
        except LibraryError as exc:
            if notices is not None:
                notices.append(f"Read state, stars and tags are not shown: {exc}")
            return EMPTY

    def _library_docs(self, snapshot: LibrarySnapshot) -> Any:
        """The library state of the documents, kept until the index or the library changes and
        shared by the threads (document numbers are those of the index's segments, as the
        ranking arrays in ``_shared`` are)."""
        from spacetui.search.library import LibraryDocs

        self._ranker()  # (brings _shared up to date with this thread's searcher)
        with self._lock:
            shared = self._shared
            memo = shared.setdefault("library_memo", {})
        docs = shared.get("library_docs")
        if docs is None or docs.snapshot is not snapshot:
            docs = shared["library_docs"] = LibraryDocs(self._searcher().reader(), snapshot, memo)
        return docs

    def _with_library(self, allowed: Any, terms: Sequence[LibraryTerm], snapshot: LibrarySnapshot) -> Any:
        """``allowed`` narrowed to the articles with (or without) each term's library state, in
        the ranker's form (its postings' ids)."""
        docs = self._library_docs(snapshot)
        p = self._ranker().postings
        out = p.alive() if allowed is None else allowed
        for term in terms:
            having = p.column(sorted(docs.having(term)))
            (out,) = p.pick(p.within(out, having, inside=term.want), out)
        return out

    def _mask_query(self, plan: QueryPlan) -> Any:
        """What no result may match: the query's -clauses."""
        from whoosh import query as wq

        parts = [q for q in (self._clause(c, plan.notices) for c in plan.excluded) if q is not None]
        return wq.Or(parts) if parts else None

    def _clause(self, text: str, notices: list[str]) -> Any:
        """One +/- clause as a Whoosh query (its words, if it is not valid syntax); None, and a
        notice, for a clause of stop words only (``-the``, ``title:of``): as a filter it would
        match nothing, as an exclusion nothing either, and both without a word said."""
        from whoosh import query as wq

        try:
            query = self._parse(text, "and") if looks_like_syntax(text) else None
        except QueryError:
            query = None
        if query is None:
            query = blend_query(self._natural_words(lower_but_acronyms(text)), self.ranking, "and")
        if query == wq.NullQuery:
            if WORD.search(text):
                notices.append(too_common(text))
            return None
        return self._entity_aliases(self._cap_expansions(query, notices))

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
        collapse: bool = False,
        stop: Callable[[], bool] | None = None,
        suggest: bool = True,
    ) -> SearchResult:
        """Run a query typed by a person. Never raises for a bad query: ``error`` says what to fix.

        With ``collapse`` (what the CLI's search and the app ask for), copies of one article
        (exact or near) are one result, the best-ranked copy, its ``versions`` naming the others;
        ``offset`` and ``limit`` then count results. ``total`` counts every matching article all
        the same. Without it every article is its own result (listings, exports, counts).
        ``stop`` is asked while the articles are ranked and between the steps that follow (each
        snippet, the spelling suggestion, the counts): when it says so (the user typed on), the
        search raises :class:`Superseded` instead of making what no one will see.
        Without ``suggest``, a search that would say "did you mean" leaves the words to correct
        in ``to_correct`` for :meth:`suggestion` (seconds on a big index's first misspelling).
        """
        groups = self.stories()  # (no index: IndexMissing, as from any search)
        if not collapse or not groups.has_copies:
            result = self._search_once(
                text, filters, sort, limit, offset, facets, snippets, stop=stop, suggest=suggest
            )
            result.collapsed, result.limit = collapse, limit
            self._label(result, groups)
            return result
        wanted = offset + limit
        # Copies rank together: rank as many more as the index's articles have copies on
        # average, with a margin, so that one search mostly fills the page.
        per_result = groups.copies_per_article(self._searcher().doc_count())
        fetch = max(wanted, math.ceil(wanted * per_result * COLLAPSE_MARGIN))
        fold = _Fold(self.copy_keys(), offset, wanted)
        result = self._search_once(text, filters, sort, fetch, 0, facets, snippets, fold, stop, suggest)
        while not (result.error or fold.shown >= wanted or fetch >= result.total):
            # Still short: rank further (folding is cheap: no card is made for a folded copy).
            fetch = min(result.total, 2 * fetch + fold.skipped)
            # (the sidebar counts every match, whatever was ranked: counted once, kept)
            counted = result.facets, result.entity_totals
            result = self._search_once(text, filters, sort, fetch, 0, False, snippets, fold, stop, suggest)
            result.facets, result.entity_totals = counted
        result.offset, result.limit, result.collapsed, result.folded = offset, limit, True, fold.folded
        self._label(result, groups)
        return result

    def _label(self, result: SearchResult, groups: StoryGroups) -> None:
        labels = groups.labels([hit.id for hit in result.hits])
        for hit, (story, versions) in zip(result.hits, labels, strict=True):
            hit.group, hit.versions = story, versions

    def copy_keys(self) -> Any:
        """Each document's group of copies, numbered (``doc_tables.copy_keys``), for this
        thread's reader; worked out once per state of the index and shared by the threads
        (a second at a million articles: the app does it when it opens the index)."""
        from spacetui.index import doc_tables

        groups = self.stories()
        self._ranker()  # (brings _shared up to date with this thread's searcher)
        with self._lock:
            shared = self._shared
        made = shared.get("copy_keys")
        if made is None or made[0] is not groups:
            reader = self._searcher().reader()
            keys = groups.copy_keys(
                doc_tables.segments_of(reader),
                lambda g: doc_tables.copy_keys(reader, shared.get("gen_dir"), g.version_numbers),
            )
            made = shared["copy_keys"] = (groups, keys)
        return made[1]

    def _search_once(
        self,
        text: str,
        filters: Sequence[Filter],
        sort: str,
        limit: int,
        offset: int,
        facets: bool,
        snippets: bool,
        fold: _Fold | None = None,
        stop: Callable[[], bool] | None = None,
        suggest: bool = True,
    ) -> SearchResult:
        started = time.perf_counter()
        text = text or ""
        result = SearchResult(query=text, filters=tuple(filters), sort=sort, offset=offset)
        try:
            self._run(result, text, limit, offset, facets, snippets, fold, stop, suggest)
        except (IndexError_, OSError, Superseded):
            raise
        except Exception as exc:
            # A parser corner case: search the words (never a traceback, never a dead end).
            words = " ".join(WORD.findall(text)).lower()
            retry = SearchResult(query=text, filters=tuple(filters), sort=sort, offset=offset)
            try:
                self._run(retry, words, limit, offset, facets, snippets, fold, stop, suggest)
            except (IndexError_, OSError, Superseded):
                raise
            except Exception:
                result.error = f"This query could not be run ({type(exc).__name__}). Check its syntax."
            else:
                result = retry
                result.notices.insert(0, "Read as words: the query syntax could not be read.")
        if not result.error and result.total == 0:
            self._explain_none(result, text, stop)
        result.notices = list(dict.fromkeys(result.notices))  # each said once
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        return result

    def _explain_none(self, result: SearchResult, text: str, stop: Callable[[], bool] | None) -> None:
        """Nothing found: which of the query's narrowing clauses and filters left out what the
        rest of it finds ("space -musk": both seeds name Musk), and what dates the index has when a date
        clause did, or when nothing else explains it (a folder of text files has no dates)."""
        tries: list[tuple[str, str, tuple[Filter, ...]]] = []  # (what is left out, query, filters)
        for clause in read_query(text).limits:
            without = without_clause(text, clause)
            if without is not None:
                tries.append((clause, without, result.filters))
        # (a filter chosen in the sidebar, or given to the CLI, likewise: "person: Yulia Peresild")
        tries += [(f.label, text, tuple(g for g in result.filters if g != f)) for f in result.filters]
        for said, query, filters in tries[:MAX_CLAUSES_TRIED]:
            probe = SearchResult(query=query, filters=filters)
            try:
                self._run(probe, query, 1, 0, False, False, stop=stop, suggest=False)
            except (IndexError_, OSError, Superseded):
                raise
            except Exception:
                continue  # (a corner case of the parser: this clause is not the one to name)
            if probe.total:
                result.left_out.append((said, probe.total))
        # ("xyzzy date:1987" finds nothing with or without its date: the dates are no help)
        dated = any(DATE_CLAUSE.search(c) for c, _ in result.left_out) or not tries
        if dated and DATE_CLAUSE.search(text) and (dates := self._dates_here()):
            result.notices.append(dates)

    def _dates_here(self) -> str | None:
        """What dates the index has, for a date filter that found nothing (None: no articles).
        Worked out once per searcher: typing a date, every keystroke may find nothing."""
        searcher = self._searcher()
        if self._dates_said is None or self._dates_said[0] is not searcher:
            self._dates_said = (searcher, self._say_dates(searcher.reader()))
        return self._dates_said[1]

    def _say_dates(self, reader: Any) -> str | None:
        from datetime import date

        if not reader.doc_count():
            return None
        days = self._all_days()
        if reader.has_deletions():
            days = [days[d] for d in reader.all_doc_ids()]
        dated = [int(day) for day in days if day]
        if not dated:
            return f"None of the {len(days):,} articles here has a date: a date filter never matches them."
        first, last = date.fromordinal(min(dated)).isoformat(), date.fromordinal(max(dated)).isoformat()
        said = f"The dated articles here run from {first} to {last}."
        undated = len(days) - len(dated)
        if undated:
            verbs = ("has", "matches") if undated == 1 else ("have", "match")
            said += f" {undated:,} {verbs[0]} no date and never {verbs[1]} a date filter."
        return said

    def timeline(self, text: str, filters: Sequence[Filter] = (), unit: str | None = None) -> Timeline:
        """The matching articles counted by publication day, week or month."""

        result = self._search_once(text, filters, "relevance", 1, 0, False, False)
        if result.error:
            raise QueryError(result.error)
        return self.timeline_of(result, unit)

    def timeline_of(self, result: SearchResult, unit: str | None = None) -> Timeline:
        """The timeline of a search already run (its matching documents' days)."""
        from spacetui.stories.timeline import timeline, timeline_counts

        matched = result.matched if result.matched is not None else ()
        days = self._all_days()
        if hasattr(matched, "dtype"):  # the array ranker: count with numpy, not item by item
            import numpy

            values, counts = numpy.unique(numpy.asarray(days)[matched], return_counts=True)
            return timeline_counts(dict(zip(values.tolist(), counts.tolist(), strict=True)), unit)
        return timeline((days[d] for d in matched), unit)

    def _all_days(self) -> Any:
        """Each document's publication day (``date_key``): the ranker's column (a numpy array
        where the array ranker is used, else a list)."""
        return self._ranker().postings.all_days()

    def _run(
        self,
        result: SearchResult,
        text: str,
        limit: int,
        offset: int,
        facets: bool,
        snippets: bool,
        fold: _Fold | None = None,
        stop: Callable[[], bool] | None = None,
        suggest: bool = True,
    ) -> None:
        from whoosh import query as wq
        from whoosh import sorting

        plan = read_query(text)
        if plan.everything and result.sort == "relevance":
            result.sort = "date"  # nothing to rank (only filters): newest first, not index order
        snapshot = self._snapshot(result.notices)
        searcher = self._searcher()
        stripped = plan.text
        natural = plan.natural
        if natural and self._only_stop_words(stripped):
            # "the who": the band; as loose words, nearly every article
            natural, stripped = False, '"' + " ".join(WORD.findall(stripped)) + '"'
        group = "and"
        verbatim = None  # a pasted text as one phrase: articles that say it word for word lead
        words: list[tuple[str, str]] = []
        spellings: Spellings = {}
        query: Any = None
        if plan.everything:
            query = wq.Every()
            natural = False
        elif not natural:
            try:
                query = self._parse(stripped, "and")
            except QueryError as exc:
                # Pasted text Whoosh cannot read as syntax: its words, and say so.
                result.notices.append(f"Read as words ({exc}).")
                natural, stripped = True, " ".join(WORD.findall(stripped)).lower()
            else:
                # "before AND cocoa" is "cocoa": say so, as "before -central" and "+the" do
                result.notices += [
                    too_common(w) for w in bare_stop_words(stripped) if not self._natural_words(w)
                ]  # (not an acronym: "US OR UK")
        if natural:
            words = self._natural_words(stripped)
            if not words:
                result.notices.append(too_common(stripped))
            spellings = self._spellings(words)
            group = "or" if len(WORD.findall(stripped)) >= LONG_QUERY_WORDS else "and"
            query = blend_query(words, self.ranking, group, spellings)
            if group == "or" and result.sort == "relevance":  # (newest first is newest first)
                verbatim = self._verbatim(stripped)
        flt = self._filter_query(result.filters, plan)
        mask = self._mask_query(plan)
        if natural and not words and (flt is not None or mask is not None):
            # "before -central": the stop word left out, what is left is the query (as
            # "before AND NOT central" reads, and "-central" alone); "+the" has nothing left
            query, natural, stripped = wq.Every(), False, ""
        expanded: dict[str, Any] = {}
        query = self._entity_aliases(self._cap_expansions(query, result.notices, expanded))
        result.notices[:0] = plan.notices
        result.terms = self._highlight_terms(query)

        wanted = offset + limit
        # Words without operators ("hot line" proposal, (SLE) patients): all of them first,
        # then articles with any, as for plain words.
        bag = not natural and not OPERATOR.search(stripped) and len(WORD.findall(stripped)) > 1
        # What the fill-up reads: the query without its fields, which only filter (the query as
        # read, "the who" a phrase, where it has none)
        loose = plan.loose if plan.loose != plan.text else stripped
        if self.ranking.blend and result.sort in ("relevance", "date"):
            fill = None
            if bag and not plan.everything and loose:
                fill = self._entity_aliases(
                    self._cap_expansions(self._parse(loose, "or"), result.notices, expanded)
                )
                if fill == query:  # one phrase: nothing to fill up with
                    fill = None
            elif natural and group == "and" and isinstance(query, wq.And):
                fill = wq.Or(query.subqueries)  # the same words: the ranker scores each once
            self._ranker().by_date = result.sort == "date"
            self._run_fast(
                result,
                query,
                words if natural else None,
                fill,
                verbatim,
                flt,
                mask,
                offset,
                wanted,
                facets,
                snippets,
                plan,
                snapshot,
                fold,
                stop,
                suggest,
            )
            return
        allowed = self._allowed(flt, mask, plan.library, snapshot)
        docs = self._ranker().docset(allowed) if allowed is not None else None
        if docs is not None and not docs:
            docs = {-1}  # none allowed ("film -cruise"): Whoosh reads an empty filter as no filter
        kwargs: dict[str, Any] = {"filter": docs, "terms": True}
        if result.sort == "date":
            # Newest first; relevance breaks ties. Undated articles (date_key 0) come last.
            kwargs["sortedby"] = [sorting.FieldFacet("date_key", reverse=True), sorting.ScoreFacet()]

        def every_match(q: Any) -> list[int]:
            # (a Results' len() counts the query's matches without the filter when the page
            # is shorter than them: counted here, filtered)
            found = searcher.docs_for_query(q)
            return sorted(found if docs is None else (d for d in found if d in docs))

        hits = searcher.search(query, limit=max(wanted, 1), **kwargs)
        matched = every_match(query)
        ordered = list(hits)
        none_has_all = False
        if (natural and group == "and" and len(words) > 1) or (bag and loose):
            # One total whatever the page size: every article with any of the words.
            if natural:
                or_query = blend_query(words, self.ranking, "or", spellings)
            else:
                or_query = self._entity_aliases(
                    self._cap_expansions(self._parse(loose, "or"), result.notices, expanded)
                )
            more = searcher.search(or_query, limit=max(wanted, 1), **kwargs)
            any_word = every_match(or_query)
            if len(any_word) > len(matched):
                if not matched:
                    result.notices.append(NONE_HAS_ALL)
                    none_has_all = True
                have = {h.docnum for h in ordered}
                ordered += [h for h in more if h.docnum not in have]
                matched = any_word
                result.terms = self._highlight_terms(or_query)
                hits = more
        _check(stop)
        # Every match, not only the ranked page: the timeline, the saved counts and the sidebar
        # count them all, as on the ranker's path.
        result.total = total = len(matched)
        result.matched = self._ranker().matched(matched)
        page = ordered[offset:wanted]
        if fold is not None:
            page = [ordered[i] for i in fold.pick([h.docnum for h in ordered])]
        if snippets:
            from whoosh.highlight import PinpointFragmenter

            hits.fragmenter = PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=70, autotrim=True)
            hits.formatter = SegmentFormatter()
            hits.fragmenter.charlimit = None
        for h in page:
            _check(stop)
            result.hits.append(self._hit(h, snippets, snapshot))
        if (total == 0 or none_has_all) and natural and stripped:
            self._did_you_mean(result, stripped, suggest, stop)
        if facets:
            counted = self.count_facets(result, stop)
            result.facets, result.entity_totals = counted.entities, counted.totals

    def _ranker(self) -> Ranker:
        searcher = self._searcher()
        ranker = getattr(self._local, "ranker", None)
        if ranker is None or ranker.searcher is not searcher:
            from spacetui.index import doc_tables

            key: Any = doc_tables.segments_of(searcher.reader()) or id(searcher)  # (none: nothing to share)
            with self._lock:
                if self._shared_key != key:
                    gen_dir = self.index_dir / self._gen_name if self._gen_name else None
                    self._shared_key, self._shared = key, {"gen_dir": gen_dir}
                shared = self._shared
            ranker = self._local.ranker = Ranker.open(searcher, self.ranking, shared, self.array_min_docs)
        return ranker

    def _run_fast(
        self,
        result: SearchResult,
        query: Any,
        words: list[tuple[str, str]] | None,
        fill: Any,
        verbatim: Any,
        flt: Any,
        mask: Any,
        offset: int,
        wanted: int,
        facets: bool,
        snippets: bool,
        plan: QueryPlan,
        snapshot: LibrarySnapshot,
        fold: _Fold | None = None,
        stop: Callable[[], bool] | None = None,
        suggest: bool = True,
    ) -> None:
        from whoosh.searching import Hit as WhooshHit
        from whoosh.searching import Results

        searcher = self._searcher()
        ranker = self._ranker()
        allowed = self._allowed(flt, mask, plan.library, snapshot)
        ranker.stop = stop
        try:
            top, matched, postings, all_count = ranker.run(query, fill, allowed, max(wanted, 1), verbatim)
        finally:
            ranker.stop = None
        _check(stop)  # ranked; the snippets and counts that follow are for the screen only
        result.total = len(matched)
        result.matched = matched
        if fill is not None and all_count < result.total:
            result.all_words = all_count
        none_has_all = fill is not None and all_count == 0 < result.total
        if none_has_all:
            result.notices.append(NONE_HAS_ALL)
        page = top[offset:wanted]
        if fold is not None:
            page = [top[i] for i in fold.pick([d for _, d in top])]
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

            from spacetui.search import whoosh_internals

            results.fragmenter = PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=70, autotrim=True)
            results.formatter = SegmentFormatter()
            results.fragmenter.charlimit = None
            whoosh_internals.load_page_characters(results, "body", termdocs)
        # (the user may type on meanwhile: a search no one will see stops between steps)
        for pos, (score, docnum) in enumerate(page):
            _check(stop)
            result.hits.append(self._hit(WhooshHit(results, docnum, pos, score), snippets, snapshot))
        if (result.total == 0 or none_has_all) and words:
            # (a misspelt word among known ones finds articles with the others: "cofee quotas")
            self._did_you_mean(result, result.query.lower(), suggest, stop)
        if facets:
            counted = self.count_facets(result, stop)
            result.facets, result.entity_totals = counted.entities, counted.totals

    def _hit(self, h: Any, snippets: bool, snapshot: LibrarySnapshot) -> Hit:
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
                snippet = lead(stored.get("standfirst") or stored.get("body", ""))
        state = snapshot.state(stored["id"], stored.get("content_hash", ""))
        return _stored_hit(stored, score_of(h.score), title_segments, snippet, state)

    def content_hashes(self, docnums: Iterable[int]) -> list[str]:
        """The content hash of each of these articles (document numbers from a result's
        ``matched``): from the hash column where the index has one, else from stored fields
        (indexes built before the column; each read unpickles a whole article)."""
        reader = self._searcher().reader()
        column = _column(reader, "content_hash")
        if column is not None:
            return [str(column[int(d)]) for d in docnums]
        return [str(reader.stored_fields(int(d)).get("content_hash", "")) for d in docnums]

    def hits_for(self, ids: Sequence[str]) -> list[Hit]:
        """Result cards for these articles (the versions of a result, say), in this order."""
        searcher = self._searcher()
        snapshot = self._snapshot()
        hits = []
        for article_id in ids:
            docnum = searcher.document_number(id=article_id)
            if docnum is not None:
                stored = searcher.stored_fields(docnum)
                snippet = lead(stored.get("standfirst") or stored.get("body", ""))
                state = snapshot.state(stored["id"], stored.get("content_hash", ""))
                hits.append(_stored_hit(stored, 0.0, [(stored.get("title", ""), False)], snippet, state))
        return hits

    def query_terms(self, text: str) -> list[str]:
        """The index terms a query would match (for highlighting and in-article find), read as
        the search reads it (what is not syntax as words; exclusions and dates light nothing)."""
        plan = read_query(text)
        if plan.everything and not plan.required:
            return []
        ranked = " ".join([plan.text, *plan.required]).strip()
        try:
            query = self._parse(ranked if not plan.natural else lower_but_acronyms(ranked), "or")
        except QueryError:
            query = self._parse(lower_but_acronyms(" ".join(WORD.findall(ranked))), "or")
        except Exception as exc:
            raise QueryError(f"This query could not be read ({type(exc).__name__}).") from exc
        return self._highlight_terms(self._cap_expansions(query, []))

    def match_spans(
        self, text: str, terms: Sequence[str], words: TextWords | None = None
    ) -> list[tuple[int, int]]:
        """Character spans in ``text`` of words that match any of ``terms`` (index form);
        ``words`` is ``text_words(text)``, kept by a caller that finds in one text again."""
        return match_spans(text, terms, words, self._stem())

    def _stem(self) -> Callable[[str], str] | None:
        """The stem this index's text fields were written with (its stored schema names it: an
        index not yet rebuilt for a new stem still finds its words as its search does)."""
        schema = self._searcher().schema
        if "body" not in schema:
            return None
        items = getattr(schema["body"].analyzer, "items", ())
        return next((f.stemfn for f in items if getattr(f, "stemfn", None) is not None), None)

    def text_words(self, text: str) -> TextWords:
        return text_words(text)

    def _highlight_terms(self, query: Any) -> list[str]:
        terms: list[str] = []
        try:
            for fieldname, text in query.iter_all_terms():
                if fieldname in ("title", "body", "standfirst", "author"):
                    value = text.decode("utf-8") if isinstance(text, bytes) else str(text)
                    if value not in terms and not is_stop_word(value):  # (a phrase's "of")
                        terms.append(value)
        except Exception:
            pass
        return terms

    def _did_you_mean(
        self, result: SearchResult, text: str, suggest: bool, stop: Callable[[], bool] | None
    ) -> None:
        if suggest:
            result.suggestion = self._suggest(text, stop)
        else:
            result.to_correct = text

    def suggestion(self, result: SearchResult, stop: Callable[[], bool] | None = None) -> str | None:
        """The "did you mean" of a search run with ``suggest=False`` (None: nothing to say);
        ``stop`` as for :meth:`search`."""
        return self._suggest(result.to_correct, stop) if result.to_correct else None

    def _suggest(self, text: str, stop: Callable[[], bool] | None = None) -> str | None:
        self._ranker()  # (brings _shared up to date with this thread's searcher)
        with self._lock:
            vocabulary = self._shared.setdefault("spelling_vocabulary", {})
        return suggest(self._searcher(), text, vocabulary, stop)

    # --- facets ---------------------------------------------------------------------------
    def count_facets(self, result: SearchResult, stop: Callable[[], bool] | None = None) -> EntityCounts:
        """The sidebar's entities of a search's matches, each with the number of them that name
        it. A search counts them itself unless run with ``facets=False``: the app draws the
        results first and asks for these after (a third of a search at a million articles).
        ``stop`` as for :meth:`search`."""
        if result.error or not result.total or result.matched is None:
            return EntityCounts()
        _check(stop)
        return self._count_facets(result.matched, stop=stop)

    def _count_facets(
        self, matched: Any, per_type: int = FACETS_PER_TYPE, stop: Callable[[], bool] | None = None
    ) -> EntityCounts:
        """Entities of the ``matched`` articles, each with the number of those articles that name
        it (by any of its keys: an article holding two counts once); the ``per_type`` most named
        of each type, and how many of each there are."""
        corpus = self.corpus()
        counted = self._ranker().facet_counts(matched, per_type, corpus.aliases(), corpus.corrected().hidden)
        _check(stop)
        return EntityCounts(corpus.facets(counted.counts) if counted.counts else [], counted.totals)

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

    def article(self, article_id: str, *, as_stored: bool = False) -> Article | None:
        """The article, its entities as the corpus names and types them (``as_stored``: as the
        index stored them, each article's own spellings and the model's types)."""
        from spacetui.index.build import article_from_stored

        searcher = self._searcher()
        resolved = self.resolve_id(article_id)
        if resolved is None:
            return None
        docnum = searcher.document_number(id=resolved)
        if docnum is None:
            return None
        article = article_from_stored(searcher.stored_fields(docnum))
        if not as_stored:
            # One entity keeps one name and type wherever a reader sees it.
            article.entities = self.corpus().as_named(article.entities)
        return article

    def state(self, article: Article) -> ArticleState:
        """The library state of an article (none if the library cannot be read)."""
        return self._snapshot().state(article.id, article.content_hash) if article.content_hash else NO_STATE

    def ref(self, article_id: str) -> ArticleRef | None:
        """How the library names the article with this id (or unique start of one)."""
        article = self.article(article_id)
        if article is None:
            return None
        return ArticleRef.of(article)

    def story_events(self, article_id: str) -> list[Event]:
        """The dated events of the story an article (or a story id) is in, in date order."""
        from spacetui.stories.events import in_date_order

        return in_date_order(self._events_of(self.stories().members(article_id)))

    def entity_events(self, type_: str, name: str) -> list[Event]:
        """The dated events whose sentence names this entity (any of its spellings across the
        corpus), from every article that names it, in date order."""
        from whoosh import query as wq

        from spacetui.stories.events import in_date_order

        keys = self.corpus().keys_for(type_, name)
        docnums = self._searcher().docs_for_query(wq.Or([wq.Term("entity_key", k) for k in keys]))
        return in_date_order(self._events_at(docnums), keys)

    def _events_of(self, ids: Sequence[str]) -> list[Event]:
        searcher = self._searcher()
        found = (searcher.document_number(id=article_id) for article_id in ids)
        return self._events_at(n for n in found if n is not None)

    def _events_at(self, docnums: Iterable[int]) -> list[Event]:
        """The events of these documents: from the events column (one small value each), or
        from the stored fields of an index from before the column."""
        from spacetui.stories.events import from_column, from_stored

        reader = self._searcher().reader()
        column = _column(reader, "event_rows")
        if column is not None:
            return [ev for n in docnums for ev in from_column(column[int(n)])]
        return [ev for n in docnums for ev in from_stored(reader.stored_fields(int(n)))]

    def related(self, article_id: str, limit: int = 5) -> list[Hit]:
        searcher = self._searcher()
        docnum = searcher.document_number(id=article_id)
        if docnum is None:
            return []
        from whoosh import query as wq

        # Whoosh's more_like, without the stop words now indexed (they would match every article)
        terms = [
            (w, weight)
            for w, weight in searcher.key_terms([docnum], "body", numterms=40)
            if not is_stop_word(w)
        ]
        like = wq.Or([wq.Term("body", w, boost=weight) for w, weight in terms[:RELATED_TERMS]])
        results = searcher.search(like, limit=limit, mask={docnum})
        snapshot = self._snapshot()
        return [self._hit(h, False, snapshot) for h in results[:limit]]

    def list_articles(self, sort: str = "date") -> Iterator[Hit]:
        """Every article, newest first (no snippets)."""
        result = self.search("", sort=sort, limit=10**9, facets=False, snippets=False)
        yield from result.hits

    def entities(self, type_: str | None = None) -> list[EntityInfo]:
        if type_ is not None and type_ not in ENTITY_FIELDS:
            raise QueryError(f"Unknown entity type '{type_}'. Types: {', '.join(ENTITY_FIELDS)}.")
        items = self.corpus().listing(type_)
        # The table's counts are summed over an entity's keys; these count each article once.
        reader = self._searcher().reader()
        every = self._ranker().matched(reader.all_doc_ids())
        found = {i.keys[0]: i.articles for i in self._count_facets(every, per_type=10**9).entities if i.keys}
        items = [dataclasses.replace(i, articles=found.get(i.keys[0], 0)) if i.keys else i for i in items]
        items.sort(key=lambda i: (-i.articles, -i.mentions, i.name.casefold()))
        return [i for i in items if i.articles > 0]

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


def _column(reader: Any, name: str) -> Any:
    """The reader's column of this field, or None: an index from before the column (or a
    codec without columns), whose stored fields say the same."""
    try:
        return reader.column_reader(name) if reader.has_column(name) else None
    except Exception:
        return None
