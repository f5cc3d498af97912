"""Bylines: the names of the people who wrote an article."""

from __future__ import annotations

import re

_BY = re.compile(r"^\s*by[\s:]+", re.IGNORECASE)


def byline_names(parts: list[str], outlet: str = "") -> list[str]:
    """Authors as names: a leading "By" dropped (the reader shows its own, so it was doubled) and
    the outlet a wire byline ends with ("By Jane Arraf, Reuters") left to the source field."""
    names: list[str] = []
    outlet_key = outlet.casefold().strip()
    for part in parts:
        name = " ".join(_BY.sub("", part).split()).strip(" ,;")
        if not name or (outlet_key and name.casefold() == outlet_key):
            continue
        if name not in names:
            names.append(name)
    return names
