"""The article's own outlet is no entity of the story: its name in the article's ``source``
field ("Reuters", "BBC News"), its sign-off at the end of the text ("... ended. Reuter") and its
credit in the dateline ("LONDON (Reuters) - ..."). What names the outlet is recognised from
those places, not from a list of outlets; every mention of that name in the article is then
left out of the entities, and the outlet found becomes the article's source when it had none.

A folder of saved stories with neither (the BBC folder: one story a file, no byline, no
sign-off) is named after its outlet more often than not: a folder whose name the stories use as
a media outlet's ("BBC" beside "BBC News", "BBC Radio", "BBC Sport") gives its stories that
outlet as their source (``folder_outlet``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from spacetui.entities.overrides import norm

# Words after an outlet's name that still name the outlet ("BBC News Online", "Reuters World Service").
_OUTLET_WORDS = frozenset(
    [
        "news",
        "online",
        "sport",
        "service",
        "world",
        "wire",
        "wires",
        "newswire",
        "agency",
        "radio",
        "tv",
        "television",
    ]
)
# Before a sign-off: the end of a sentence or of a line.
_SIGN_OFF_BEFORE = re.compile(r"(?:[.!?\"'”’)]\s+|\n\s*)$")
# A credit in a dateline: "LONDON (Reuters) -", "WASHINGTON, March 3 (Reuters) --".
_CREDIT_AROUND = re.compile(r"\(\s*$")
_CREDIT_AFTER = re.compile(r"\s*\)\s*[-–—]")
DATELINE_CHARS = 120
# A capitalised word alone at the very end of the text, and a bracketed name in a dateline.
_LAST_WORD = re.compile(r"([A-Z][A-Za-z]{1,19})\s*$")
_BRACKETED = re.compile(r"\(\s*([A-Z][\w&.' -]{0,30}?)\s*\)")


def outlet_key(name: str) -> str:
    """The outlet a name stands for: "BBC News Online" -> "bbc", "Reuters" / "Reuter" -> "reuter"."""
    words = norm(name).split()
    while len(words) > 1 and words[-1] in _OUTLET_WORDS:
        words.pop()
    key = " ".join(words)
    return key[:-1] if key.endswith("s") and len(key) > 3 else key


def sign_off(text: str, start: int, end: int) -> bool:
    """A lone capitalised word that ends the text with no stop of its own, after the end of a
    sentence, a line, or a table's figures ("... 997.1 mln Reuter"): a wire's sign-off. (After a
    capitalised word it would be the end of a longer name; after other words, the end of a
    sentence or a line of fixtures: "Charlton v Yeovil".)"""
    if text[end:].strip() or " " in text[start:end].strip():
        return False
    if _SIGN_OFF_BEFORE.search(text, max(0, start - 4), start):
        return True
    before = text[max(0, start - 40) : start].split()[-2:]
    return bool(before) and not before[-1][0].isupper() and any(c.isdigit() for c in "".join(before))


def sign_off_start(text: str, start: int, end: int) -> int | None:
    """Where the text's sign-off starts, when the span ``start:end`` runs on into it."""
    if text[end:].strip():
        return None
    last = _LAST_WORD.search(text, start)
    if last is None or last.start(1) <= start or not sign_off(text, last.start(1), last.end(1)):
        return None
    return last.start(1)


def credit(text: str, start: int, end: int) -> bool:
    """The name in brackets in the dateline ("LONDON (Reuters) - ...")."""
    return (
        start < DATELINE_CHARS
        and _CREDIT_AROUND.search(text, max(0, start - 3), start) is not None
        and _CREDIT_AFTER.match(text, end) is not None
    )


def own_outlet(text: str, names: list[tuple[int, int]], source: str) -> tuple[set[str], str]:
    """(outlet keys of the article's own outlet, the outlet's name as the text writes it when
    only the text told it). ``names`` are the name mentions' offsets."""
    keys = {outlet_key(source)} if source.strip() else set()
    found = ""
    last = _LAST_WORD.search(text)
    if last and sign_off(text, last.start(1), last.end(1)):
        found = last.group(1)  # (the model often sees no name in a lone last word)
        keys.add(outlet_key(found))
    for s, e in names:
        if credit(text, s, e):
            keys.add(outlet_key(text[s:e]))
            found = found or text[s:e]
    keys.discard("")
    return keys, found if not source.strip() else ""


def outlet_in_text(text: str) -> str:
    """The outlet an article's text names in its sign-off or its dateline credit; "" if none."""
    head = text[:DATELINE_CHARS]
    names = [(m.start(1), m.end(1)) for m in _BRACKETED.finditer(head)]
    return own_outlet(text, names, "")[1]


# Articles that must name a folder's name as an outlet ("BBC News", "BBC Radio 4", ...) and as
# a name on its own before the folder's name is taken for their outlet.
FOLDER_OUTLET_MIN = 2


def folder_outlet(folder: str, names: Mapping[str, Any]) -> str:
    """The outlet a folder's name stands for, as the stories write it ("bbc" -> "BBC"), or "".

    ``names``: the corpus's entity counts (key -> an entry with ``name`` and ``articles``). The
    folder's name must be a name of the stories on its own and, followed by a media word, a
    media outlet's ("BBC News", "BBC Sport"): a folder "yukos" of stories about Yukos, or a
    folder "news", is no outlet."""
    key = outlet_key(" ".join(folder.replace("_", " ").replace("-", " ").split()))
    if not key or key in _OUTLET_WORDS or not any(c.isalpha() for c in key):
        return ""
    bare: dict[str, int] = {}
    media = 0
    for entry in names.values():
        name = entry.name
        if outlet_key(name) != key:
            continue
        if len(norm(name).split()) > len(key.split()):
            media += entry.articles
        elif entry.type == "org":
            bare[name] = bare.get(name, 0) + entry.articles
    if media < FOLDER_OUTLET_MIN or sum(bare.values()) < FOLDER_OUTLET_MIN:
        return ""
    return max(bare, key=lambda n: (bare[n], n))
