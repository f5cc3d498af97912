"""The library's words in a query: ``is:unread``, ``is:read``, ``is:starred``, ``tag:NAME``,
``has:note``, ``has:tag``, each negated by ``-`` or ``NOT`` in front.

They are filters on the whole query (as date filters are): taken out of the text before it is
parsed, and applied as the set of articles with (or without) that state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacetui.library.state import normalise_tag

# what each word names: (property, whether articles must have it)
IS_VALUES = {"read": ("read", True), "unread": ("read", False), "starred": ("starred", True)}
HAS_VALUES = {"note": ("note", True), "tag": ("tag", True), "tags": ("tag", True)}
LIBRARY_FIELDS = ("is", "has", "tag")

_CLAUSE = re.compile(
    r"""(?:(?<=[\s(])|^)
    (?P<op>(?-i:AND|OR)\s+)?
    (?P<neg>-|\+|(?-i:(?:AND\s*)?NOT)\s+)?
    (?P<field>is|has|tag):(?P<value>"[^"]*"|[^\s()"]+)""",
    re.VERBOSE | re.IGNORECASE,
)
_LEADING_OP = re.compile(r"^\s*(?:AND|OR)\s+|(?<=\()\s*(?:AND|OR)\s+")
_TRAILING_OP = re.compile(r"\s+(?:AND|OR|NOT|ANDNOT)\s*$|\s+(?:AND|OR|NOT|ANDNOT)\s*(?=\))")
_EMPTY_GROUP = re.compile(r"\(\s*\)")


@dataclass(frozen=True, slots=True)
class LibraryTerm:
    """Articles whose ``prop`` (read, starred, note, tag) is set (``value``: the tag named), or,
    with ``want`` False, those without it."""

    prop: str
    want: bool = True
    value: str = ""


def extract_terms(text: str, notices: list[str]) -> tuple[str, list[LibraryTerm]]:
    """``text`` without its library words, and those words as terms. A word with a value it
    does not know (``is:new``) is left as words, and a notice says what it takes."""
    terms: list[LibraryTerm] = []
    ored = False

    def one(m: re.Match[str]) -> str:
        nonlocal ored
        field = m.group("field").lower()
        raw = m.group("value").strip('"')
        value = raw.lower()
        negated = (m.group("neg") or "").strip() not in ("", "+")
        op = (m.group("op") or "").strip().upper()
        if field == "tag":
            tag = normalise_tag(raw)
            if not tag:
                notices.append("tag: needs a name (tag:climate).")
                return " "
            term = LibraryTerm("tag", True, tag)
        elif field == "is" and value in IS_VALUES:
            term = LibraryTerm(*IS_VALUES[value])
        elif field == "has" and value in HAS_VALUES:
            term = LibraryTerm(*HAS_VALUES[value])
        else:
            known = ", ".join(f"{field}:{v}" for v in (IS_VALUES if field == "is" else ("note", "tag")))
            notices.append(f"'{field}:{raw}' is not a library word ({known}); searched '{raw}' as words.")
            return f" {m.group('op') or ''}{m.group('neg') or ''}{raw}"
        if negated:
            term = LibraryTerm(term.prop, not term.want, term.value)
        ored = ored or op == "OR" or m.string[m.end() :].lstrip().startswith("OR ")
        terms.append(term)
        return " "

    rest = _CLAUSE.sub(one, text)
    if terms:
        for _ in range(3):  # "a AND is:starred OR b" leaves operators with one side
            rest = _EMPTY_GROUP.sub(" ", _TRAILING_OP.sub("", _LEADING_OP.sub("", rest)))
        rest = " ".join(rest.split())
    if ored:
        notices.append("Library words (is:, tag:, has:) filter the whole query: OR does not apply to them.")
    return rest, terms
