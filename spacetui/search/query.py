"""Reading what a person typed into a plan, the Whoosh parser set-up, and capped expansions.

Text never fails to search: what is not valid syntax (an unknown ``word:``, an unclosed quote
or bracket, an unreadable date) is searched as words, and the plan says so in one notice.
"""

from __future__ import annotations

import copy
import re
import time
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from spacetui.index.analysis import is_stop_word, spells_acronym
from spacetui.index.schema import QUERY_FIELDS
from spacetui.library.terms import LibraryTerm, extract_terms
from spacetui.search import whoosh_internals
from spacetui.search.dates import ACCEPTED, DATE_CLAUSE, read_date
from spacetui.search.phrases import PHRASE_MODE, phrase_query
from spacetui.search.results import QueryError

# Expensive expansions (prefix, wildcard, fuzzy) are capped: scan at most SCAN_CAP terms and
# search with the EXPAND_CAP most frequent of them.
SCAN_CAP = 20_000
EXPAND_CAP = 64
EXPAND_SECONDS = 0.15  # time for all expansions of one query; past it, search what was found
# expansions always made, whatever the time: one word~ is a node per text field, and the first
# (a cold lexicon, a busy machine) can use the whole budget alone
FREE_EXPANSIONS = 8
_QUESTION_MARK = re.compile(r"(?<=\w)\?+(?=\s|$)")
ONE_PHRASE = re.compile(r'"[^"]+"')
LONG_QUERY_WORDS = 5  # natural-language queries this long are ranked with OR at once

FIELD_REF = re.compile(r"(?<![\w.])([A-Za-z_]\w*):(?!//)")
_SYNTAX = re.compile(r'["()*?~^\[\]{}]|(?<![\w.])[A-Za-z_]\w*:(?!//)|(?:^|\s)(?:AND|OR|NOT|ANDNOT)(?:\s|$)')
_FUZZY_AUTO = re.compile(r"(?<![\w~])(\w{6,})~(?![\d.])")
_TOO_SHORT_PREFIX = re.compile(r"(?:^|[\s(:])(\w?)\*(?=\s|\)|$)")
WORD = re.compile(r"\w+", re.UNICODE)
COMPOUND = re.compile(r"(?<![\w-])\w+(?:-\w+)+(?![\w-])")
_OPERATORS = ("AND", "OR", "NOT", "ANDNOT")
# a word alone between operators or brackets (not "th*", "9,000", "u.s.")
_OPS = "|".join(_OPERATORS)
_OPERAND = re.compile(rf"(?:^|[(]|\b(?:{_OPS})\b)\s*(\w+)(?=\s*(?:$|[)]|(?:{_OPS})\b))")
OPERATOR = re.compile(r"(?:^|\s)(?:AND|OR|NOT|ANDNOT)(?:\s|$)")
DANGLING = re.compile(r"^(?:(?:AND|OR|ANDNOT)\s+)+|(?:\s+(?:AND|OR|NOT|ANDNOT))+$")


# +word / -word (also -"a phrase", -field:value, -(a group)) at the start of a word
_SIGNED = re.compile(r'(?:^|(?<=\s))([+-])((?:[A-Za-z_]\w*:)?(?:"[^"]*"|\([^()]*\)|\[[^\]]*\]|[^\s"()]+))')
MAX_QUERY_CHARS = 2000
# field:value, field:"a phrase", field:[a TO b] (a whole clause, as typed)
_FIELD_CLAUSE = re.compile(r'(?:^|(?<=\s))([A-Za-z_]\w*):(?!//)("[^"]*"|\[[^\]]*\]|\{[^}]*\}|[^\s"()\[{]+)')


@dataclass(slots=True)
class QueryPlan:
    """How a query was read: the ranked part, what every result must (not) have, and what was
    read differently from how it was typed."""

    text: str  # the ranked part: plain words, or query syntax when ``natural`` is False
    natural: bool
    required: list[str] = field(default_factory=list)  # +clauses: each must match
    excluded: list[str] = field(default_factory=list)  # -clauses: none may match
    notices: list[str] = field(default_factory=list)
    everything: bool = False  # nothing to rank: every article (then filtered)
    library: list[LibraryTerm] = field(default_factory=list)  # is:unread, tag:x ... (filters)
    # the clauses that narrow the results, as typed ("-musk", "+oil", "date:1987-03",
    # "org:gazprom"): what to try without when nothing is found
    limits: list[str] = field(default_factory=list)
    # the ranked part without its fields, which only filter: what "any of the words" fills up
    # with ("gold title:wheat" is the wheat titles that say gold, not every wheat title; "gold
    # source:reuters" the gold stories, not every Reuters story)
    loose: str = ""


def dates_to_keys(text: str, notices: list[str], today: date | None = None) -> str:
    """``date:VALUE`` clauses as day ranges on ``date_key``; an unreadable one is searched as
    its words, and a notice names it with the forms that work."""

    def one(m: re.Match[str]) -> str:
        got = read_date(m.group(1), today)
        if got is None:
            notices.append(
                f"Could not read the date '{m.group(1)}'; searched it as words. Dates: {ACCEPTED}."
            )
            return " ".join(WORD.findall(m.group(1)))
        return f"date_key:[{got[0]} TO {got[1]}]"

    return DATE_CLAUSE.sub(one, text)


def repair(text: str) -> tuple[str, list[str]]:
    """Query syntax with its mistakes undone (what is left is searched as words), and what was
    undone, each said once."""
    fixed: list[str] = []
    for _ in range(50):
        try:
            check_query(text)
            return text, fixed
        except QueryError as exc:
            message = str(exc)
        if message.startswith("Unclosed quote"):
            at = text.rfind('"')
            text = text[:at] + " " + text[at + 1 :]
            fixed.append("an unclosed quote")
        elif message.startswith("A ')'") or message.startswith("A '('"):
            text = text.replace("(", " ").replace(")", " ")
            fixed.append("an unmatched bracket")
        elif message.startswith("Unknown field"):
            masked = re.sub(r'"[^"]*"', lambda q: "_" * len(q.group()), text)
            for ref in FIELD_REF.finditer(masked):
                if ref.group(1).lower() not in QUERY_FIELDS:
                    text = text[: ref.end() - 1] + " " + text[ref.end() :]
                    fixed.append(f"'{ref.group(1)}:' (not a field)")
                    break
        elif message.startswith("Type at least 2"):
            text = _TOO_SHORT_PREFIX.sub(lambda m: m.group().replace("*", " "), text)
            fixed.append("'*' after fewer than 2 letters")
        else:
            return text, fixed
    return text, fixed


def read_query(text: str, today: date | None = None) -> QueryPlan:
    """Read typed or pasted text into a :class:`QueryPlan`; never raises."""
    notices: list[str] = []
    stripped = " ".join((text or "").replace("\x00", " ").split())
    if len(stripped) > MAX_QUERY_CHARS:
        stripped = stripped[:MAX_QUERY_CHARS]
        notices.append("The query was cut to its first 2,000 characters.")
    stripped, library = extract_terms(stripped, notices)
    stripped = _UNBRACKETED_RANGE.sub(lambda m: _as_range(m, today), stripped)
    plan = _read_words(stripped, notices, today)
    plan.library = library
    return plan


# "date:1987-03-05 to 1987-03-09", as a person writes a range: the bracketed range it means.
_UNBRACKETED_RANGE = re.compile(r"(?<![\w.])date:([^\s\[\]{}\"]+)\s+to\s+([^\s\[\]{}\"():]+)", re.I)


def _as_range(m: re.Match[str], today: date | None) -> str:
    if read_date(m.group(1), today) is None or read_date(m.group(2), today) is None:
        return m.group()
    return f"date:[{m.group(1)} to {m.group(2)}]"


def _read_words(stripped: str, notices: list[str], today: date | None) -> QueryPlan:
    # "who is the ceo of opec?": a question mark that ends a word ends a question (Whoosh's
    # one-letter wildcard sits inside a word: "wom?n")
    stripped = _QUESTION_MARK.sub("", stripped).strip()
    if not stripped or stripped == "*":
        return QueryPlan("", False, everything=True, notices=notices)
    n_words = len(WORD.findall(stripped))
    shouted = n_words >= LONG_QUERY_WORDS and not any(c.islower() for c in stripped)
    quoted = ONE_PHRASE.fullmatch(stripped) is not None
    if (n_words >= 12 or shouted) and not FIELD_REF.search(stripped) and not quoted:
        # A pasted paragraph (or one in capitals): its AND/OR/NOT, brackets, quotes and dashes
        # are text, not operators. (Quoted whole, it is a phrase, however long.)
        return QueryPlan(stripped.lower(), True, notices=notices)
    fixed: list[str] = []
    if looks_like_syntax(stripped) or _SIGNED.search(stripped):
        stripped, fixed = repair(stripped)
    required: list[str] = []
    excluded: list[str] = []
    limits: list[str] = []

    def signed(m: re.Match[str]) -> str:
        clause = m.group(2)
        if not WORD.search(clause):
            return m.group()
        (required if m.group(1) == "+" else excluded).append(clause)
        limits.append(m.group())
        return " "

    rest = " ".join(_SIGNED.sub(signed, stripped).split())
    if not OPERATOR.search(rest) and "(" not in rest:
        # Without boolean logic a date is a filter, not a word to rank or to fill up with.
        def date_filter(m: re.Match[str]) -> str:
            if read_date(m.group(1), today) is None:
                return m.group()  # searched as its words, below
            required.append(m.group())
            limits.append(m.group())
            return " "

        rest = " ".join(DATE_CLAUSE.sub(date_filter, rest).split())

        # ... and so is a field: "yukos org:gazprom" means Yukos stories naming Gazprom (as
        # Whoosh and Lucene read it), not every story with either.
        def field_filter(m: re.Match[str]) -> str:
            if m.group(1).lower() not in QUERY_FIELDS or not WORD.search(m.group(2)):
                return m.group()
            if DATE_CLAUSE.fullmatch(m.group()):
                return m.group()  # (a date that could not be read is searched as its words)
            required.append(m.group())
            limits.append(m.group())
            return " "

        rest = " ".join(_FIELD_CLAUSE.sub(field_filter, rest).split())
    # +word is also ranked on, as any other word (a field is a filter only)
    ranked_too = [c for c in required if not DATE_CLAUSE.fullmatch(c)]
    loose = " ".join([rest, *(c for c in ranked_too if not _FIELD_CLAUSE.fullmatch(c))]).strip()
    rest = " ".join([rest, *ranked_too]).strip()
    if fixed:
        notices.append("Read as words: " + ", ".join(dict.fromkeys(fixed)) + ".")
    if not [w for w in WORD.findall(stripped) if w not in ("AND", "OR", "NOT", "ANDNOT")]:
        notices.append("Nothing to search for: type a word (AND, OR and NOT join words).")
        return QueryPlan("", True, notices=notices)
    rest = dates_to_keys(rest, notices, today)
    loose = dates_to_keys(loose, [], today)
    required = [c for c in (dates_to_keys(c, notices, today) for c in required) if WORD.search(c)]
    excluded = [c for c in (dates_to_keys(c, notices, today) for c in excluded) if WORD.search(c)]
    natural = not looks_like_syntax(rest)
    if natural and n_words < LONG_QUERY_WORDS and COMPOUND.search(rest):
        # "kilroy-silk": read by the parser, which makes a hyphenated word one phrase (as web
        # search reads it); as plain words its parts apart found "silk" alone (a pasted
        # sentence's "long-term" stays two words)
        rest, loose, natural = rest.lower(), loose.lower(), False
    # Half-typed operators at the ends ("cruise OR") wait for their other side.
    rest = lower_but_acronyms(rest) if natural else (DANGLING.sub("", rest).strip() or rest)
    loose = lower_but_acronyms(loose) if natural else (DANGLING.sub("", loose).strip() or loose)
    if not WORD.search(rest):
        rest = ""
    loose = loose if WORD.search(loose) else ""
    return QueryPlan(
        rest, natural, required, excluded, notices, everything=not rest, limits=limits, loose=loose
    )


def without_clause(text: str, clause: str) -> str | None:
    """The query with one of its clauses (as the plan's ``limits`` hold it) taken out; None
    when the text does not hold it as typed (a repaired query)."""
    flat = " ".join(text.split())
    m = re.search(rf"(?:^|(?<=\s)){re.escape(clause)}(?=\s|$)", flat)
    if m is None:
        return None
    return " ".join((flat[: m.start()] + flat[m.end() :]).split())


_WORD_RUN = re.compile(r"\w+")


def lower_but_acronyms(text: str) -> str:
    """Plain words in lower case, but a stop word typed in capitals: "US", "IT", "WHO" are
    acronyms (index/analysis.py ``CapitalsFilter``)."""
    out: list[str] = []
    at = 0
    for m in _WORD_RUN.finditer(text):
        if spells_acronym(m.group()):
            out += [text[at : m.start()].lower(), m.group()]
            at = m.end()
    out.append(text[at:].lower())
    return "".join(out)


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
    for ref in FIELD_REF.finditer(re.sub(r'"[^"]*"', '""', text)):
        name = ref.group(1).lower()
        if name not in QUERY_FIELDS:
            fields = ", ".join(QUERY_FIELDS)
            raise QueryError(f"Unknown field '{ref.group(1)}:'. Fields you can use: {fields}.")
    m = _TOO_SHORT_PREFIX.search(text)
    if m and text.strip() != "*":
        raise QueryError("Type at least 2 letters before * (a shorter prefix matches almost everything).")
    words = [w for w in WORD.findall(text) if w not in ("AND", "OR", "NOT", "ANDNOT")]
    if not words and text.strip() != "*":
        raise QueryError("Nothing to search for: type a word (AND, OR and NOT join words).")


@cache
def _parser_class() -> Any:
    from whoosh import qparser
    from whoosh import query as wq
    from whoosh.qparser.syntax import attach

    class PhraseNode(qparser.PhrasePlugin.PhraseNode):
        def query(self, parser: Any) -> Any:
            field = _field_of(parser, self.fieldname or parser.fieldname)
            if field is None or not field.analyzer:
                return super().query(parser)
            fieldname = self.fieldname or parser.fieldname
            q = phrase_query(
                field, fieldname, self.text, slop=self.slop, boost=self.boost, start=self.textstartchar
            )
            return attach(q, self)

    class PhraseTagger(qparser.PhrasePlugin.PhraseTagger):
        def create(self, parser: Any, match: Any) -> Any:
            node = super().create(parser, match)
            return PhraseNode(node.text, node.textstartchar, node.slop)

    class PhrasePlugin(qparser.PhrasePlugin):
        def taggers(self, parser: Any) -> Any:
            return [(PhraseTagger(self.expr), 0)]

    class Parser(qparser.QueryParser):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.remove_plugin_class(qparser.PhrasePlugin)
            self.add_plugin(PhrasePlugin())  # a phrase keeps its stop words

        def term_query(
            self,
            fieldname: str,
            text: str,
            termclass: Any,
            boost: float = 1.0,
            tokenize: bool = True,
            removestops: bool = True,
        ) -> Any:
            # "kilroy-silk", "covid-19", "state-of-the-art": one word the analyzer splits is a
            # phrase, as web search reads it; joined by the query's own AND/OR it found "silk"
            # alone
            field = _field_of(self, fieldname)
            if (
                termclass is wq.Term
                and tokenize
                and removestops
                and field is not None
                and field.analyzer
                and not field.self_parsing()
                and field.multitoken_query == "default"
                and sum(1 for _ in field.tokenize(text, mode=PHRASE_MODE)) > 1
            ):
                return phrase_query(field, fieldname, text, boost=boost)
            made = super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
            if termclass in (wq.Prefix, wq.Wildcard) and isinstance(made, termclass):
                # a pattern spells words, not their stems
                from spacetui.index.analysis import fold_accents
                from spacetui.search.patterns import written_pattern

                written = fold_accents(text.lower())
                return written_pattern(fieldname, written, made.text, termclass, boost) or made
            return made

    return Parser


def _field_of(parser: Any, fieldname: str | None) -> Any:
    schema = parser.schema
    return schema[fieldname] if schema is not None and fieldname and fieldname in schema else None


TEXT_FIELDS = ("title", "standfirst", "body")  # the article's own words (a pasted text is looked for here)
BARE_WORD_FIELDS = (*TEXT_FIELDS, "author")  # where a word without a field is looked for


@cache
def _bare_words_plugin() -> Any:
    from whoosh import qparser
    from whoosh.qparser import syntax

    class BareWords(qparser.MultifieldPlugin):
        """A word without a field is looked for in each of the fields, as MultifieldParser
        does; a stop word is never a loose word in any of them. The byline's analyzer keeps
        stop words ("Jane Of Arc"), so "before AND cocoa" was the cocoa stories by someone
        named "before": none, where "before cocoa" found every cocoa story."""

        def do_multifield(self, parser: Any, group: Any) -> Any:
            for i, node in enumerate(group):
                if isinstance(node, syntax.GroupNode):
                    group[i] = self.do_multifield(parser, node)
                elif node.has_fieldname and node.fieldname is None:
                    word = str(node.text) if isinstance(node, syntax.WordNode) else ""
                    stop = bool(word) and is_stop_word(word.lower())
                    nodes = []
                    for name in self.fieldnames:
                        if stop and _loose_word(parser, name, word) and not _acronym(parser, name, word):
                            continue
                        one = copy.copy(node)
                        one.set_fieldname(name)
                        one.set_boost(self.boosts.get(name, 1.0))
                        nodes.append(one)
                    group[i] = self.group(nodes)
            return group

    return BareWords


def bare_stop_words(text: str) -> list[str]:
    """The stop words that stand alone as an operand of query syntax, which the parser leaves
    out: ``before AND cocoa`` is ``cocoa``. (Those among other words, "impact of the war AND
    oil", are left out as in any plain query, and said by no notice.)"""
    rest = _FIELD_CLAUSE.sub(" ", re.sub(r'"[^"]*"', " ", text))
    found = [m.group(1) for m in _OPERAND.finditer(rest)]
    return list(dict.fromkeys(w for w in found if w not in _OPERATORS and is_stop_word(w.lower())))


def _loose_word(parser: Any, fieldname: str, word: str) -> bool:
    """Whether the field's analyzer keeps the word among a query's loose words."""
    field = _field_of(parser, fieldname)
    return field is not None and any(True for _ in field.tokenize(word, mode="query"))


def _acronym(parser: Any, fieldname: str, word: str) -> bool:
    """Whether the field reads the word as an acronym ("US" in a text field: index/analysis.py)."""
    from spacetui.index.analysis import ACRONYM_MARK

    field = _field_of(parser, fieldname)
    if field is None:
        return False
    return any(t.text.endswith(ACRONYM_MARK) for t in field.tokenize(word, mode="query"))


def make_parser(schema: Any, group: str) -> Any:
    """Whoosh's parser for query syntax over the text fields; ``group`` joins bare words."""
    from whoosh import qparser

    og = qparser.OrGroup.factory(0.9) if group == "or" else qparser.AndGroup
    parser = _parser_class()(None, schema, group=og)
    parser.add_plugin(_bare_words_plugin()(list(BARE_WORD_FIELDS), fieldboosts={"title": 1.5}))
    parser.remove_plugin_class(qparser.SingleQuotePlugin)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    return parser


def parse(parser: Any, text: str) -> Any:
    text = _FUZZY_AUTO.sub(r"\1~2", text)  # long words: allow 2 edits (transpositions)
    query = parser.parse(text)
    errors = []
    query.accept(lambda q: errors.append(q) if getattr(q, "error", None) else q)
    if errors:
        raise QueryError(f"Could not read this part of the query: {errors[0].error}")

    def empty_ranges(node: Any) -> Any:
        # date:<0001 and the like: a range with nothing in it
        if isinstance(node, wq.NumericRange) and None not in (node.start, node.end) and node.start > node.end:
            return wq.NullQuery
        return node

    from whoosh import query as wq

    return query.accept(empty_ranges)


def cap_expansions(query: Any, reader: Any, notices: list[str], memo: dict[str, Any] | None = None) -> Any:
    """Prefix, wildcard and fuzzy words become the most common index terms they match, within
    a time budget (and said so in ``notices`` when capped). ``memo`` carries expansions from one
    reading of a search to the next (its all-words and any-word forms), so both use the same
    terms whatever the clock did: a word cut short in one and not the other would give two
    counts for one search."""
    from whoosh import query as wq

    if memo is None:
        memo = {}

    deadline = time.perf_counter() + EXPAND_SECONDS
    made = 0

    def visit(node: Any) -> Any:
        if not isinstance(node, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm, wq.Regex, wq.TermRange)):
            return node
        key = repr(node)
        if key not in memo:
            memo[key] = expand(node)
        return memo[key]

    def expand(node: Any) -> Any:
        nonlocal made
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
        for n, btext in enumerate(whoosh_internals.expansion_terms(node, reader)):
            # Past the time budget, keep what was found (never stop empty-handed).
            if n >= SCAN_CAP or (n and n % 16 == 0 and time.perf_counter() > deadline):
                capped = True
                break
            word = btext.decode("utf-8", "replace") if isinstance(btext, bytes) else str(btext)
            if is_stop_word(word):
                continue  # (indexed for phrases; "th*" and "teh~" are loose words, not "the")
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
            wq.Term(node.fieldname, field_obj.from_bytes(b) if isinstance(b, bytes) else b, boost=node.boost)
            for b in found
        ]
        return wq.Or(terms, boost=node.boost) if len(terms) > 1 else terms[0]

    return query.accept(visit)
