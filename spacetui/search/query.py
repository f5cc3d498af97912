"""Reading what a person typed: checks, the Whoosh parser set-up, and capped expansions."""

from __future__ import annotations

import re
import time
from typing import Any

from spacetui.index.schema import QUERY_FIELDS
from spacetui.search import whoosh_internals
from spacetui.search.results import QueryError

# Expensive expansions (prefix, wildcard, fuzzy) are capped: scan at most SCAN_CAP terms and
# search with the EXPAND_CAP most frequent of them.
SCAN_CAP = 20_000
EXPAND_CAP = 64
EXPAND_SECONDS = 0.15  # time for all expansions of one query; past it, search what was found
# expansions always made, whatever the time: one word~ is a node per text field, and the first
# (a cold lexicon, a busy machine) can use the whole budget alone
FREE_EXPANSIONS = 8
LONG_QUERY_WORDS = 5  # natural-language queries this long are ranked with OR at once

FIELD_REF = re.compile(r"(?<![\w.])([A-Za-z_]\w*):(?!//)")
_SYNTAX = re.compile(r'["()*?~^\[\]{}]|(?<![\w.])[A-Za-z_]\w*:(?!//)|(?:^|\s)(?:AND|OR|NOT|ANDNOT)(?:\s|$)')
_FUZZY_AUTO = re.compile(r"(?<![\w~])(\w{6,})~(?![\d.])")
_TOO_SHORT_PREFIX = re.compile(r"(?:^|[\s(:])(\w?)\*(?=\s|\)|$)")
WORD = re.compile(r"\w+", re.UNICODE)
OPERATOR = re.compile(r"(?:^|\s)(?:AND|OR|NOT|ANDNOT)(?:\s|$)")
DANGLING = re.compile(r"^(?:(?:AND|OR|ANDNOT)\s+)+|(?:\s+(?:AND|OR|NOT|ANDNOT))+$")


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


# --- snippets ---------------------------------------------------------------------------------


def make_parser(schema: Any, group: str) -> Any:
    """Whoosh's parser for query syntax over the text fields; ``group`` joins bare words."""
    from whoosh import qparser
    from whoosh.qparser.dateparse import DateParserPlugin

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
    return parser


def parse(parser: Any, text: str) -> Any:
    text = _FUZZY_AUTO.sub(r"\1~2", text)  # long words: allow 2 edits (transpositions)
    query = parser.parse(text)
    errors = []
    query.accept(lambda q: errors.append(q) if getattr(q, "error", None) else q)
    if errors:
        raise QueryError(f"Could not read this part of the query: {errors[0].error}")
    return query


def cap_expansions(query: Any, reader: Any, notices: list[str]) -> Any:
    """Prefix, wildcard and fuzzy words become the most common index terms they match, within
    a time budget (and said so in ``notices`` when capped)."""
    from whoosh import query as wq

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
        for n, btext in enumerate(whoosh_internals.expansion_terms(node, reader)):
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
            wq.Term(node.fieldname, field_obj.from_bytes(b) if isinstance(b, bytes) else b, boost=node.boost)
            for b in found
        ]
        return wq.Or(terms, boost=node.boost) if len(terms) > 1 else terms[0]

    return query.accept(visit)
