"""Set or remove one entry of a TOML file's text in place, keeping everything else as written.

The user's own files (``config.toml``, ``entities.toml``) carry their comments, order and
layout: a full rewrite by a serializer would lose them. So an edit touches only the lines of the
one entry it changes (a value spread over several lines included); tables and keys it does not
know stay as they are. Values are rendered here; keys are compared as TOML reads them, so
``"Tom Cruise"``, ``'Tom Cruise'`` and a bare ``theme`` all match.
"""

from __future__ import annotations

import tomllib

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
# Line breaks to Python's str.splitlines and some editors, though not to TOML: escaped all the same.
_BREAKS = {"\x85", "\u2028", "\u2029"}


def string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or ch in _BREAKS:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def value(v: str | bool | float | list[str]) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(string(s) for s in v) + "]"
    return string(v)


def key(name: str) -> str:
    """A key as written: bare when TOML allows it, quoted otherwise."""
    bare = name and all(c.isascii() and (c.isalnum() or c in "-_") for c in name)
    return name if bare else string(name)


def _header(line: str) -> str | None:
    """The table a ``[table]`` line opens (as TOML reads its name), else None."""
    stripped = line.strip()
    if not stripped.startswith("[") or stripped.startswith("[["):
        return None
    try:
        parsed = tomllib.loads(stripped)
    except tomllib.TOMLDecodeError:
        return None
    if len(parsed) == 1:
        name, inner = next(iter(parsed.items()))
        if isinstance(inner, dict) and not inner:
            return name
    return None


def _entry(lines: list[str], start: int, end: int) -> tuple[str, int] | None:
    """The key of the entry starting at ``lines[start]`` and the line after its value."""
    if "=" not in lines[start] or lines[start].lstrip().startswith("#"):
        return None
    for stop in range(start + 1, end + 1):
        try:
            parsed = tomllib.loads("\n".join(line.removesuffix("\r") for line in lines[start:stop]))
        except tomllib.TOMLDecodeError:
            continue
        if len(parsed) == 1:
            return next(iter(parsed)), stop
        return None
    return None


def _span(lines: list[str], table: str | None) -> tuple[int, int] | None:
    """Lines [start, end) of a table's own entries (the top level for None)."""
    start: int | None = 0 if table is None else None
    for i, line in enumerate(lines):
        name = _header(line) if line.lstrip().startswith("[") else None
        if name is None:
            continue
        if start is not None:
            return start, i
        if name == table:
            start = i + 1
    return (start, len(lines)) if start is not None else None


def edit(text: str, table: str | None, name: str, rendered: str | None) -> str:
    """``text`` with ``name = rendered`` set in ``table`` (None: the top level), or the entry
    removed when ``rendered`` is None. An existing entry is replaced where it stands; a new one
    goes at the end of its table, and a missing table is added at the end of the file."""
    # Split at newlines only: a name may hold other line separators (U+2028 …) inside its quotes.
    lines = text.split("\n")
    if lines and not lines[-1]:
        lines.pop()
    line = None if rendered is None else f"{key(name)} = {rendered}"
    span = _span(lines, table)
    if span is None:
        if line is None:
            return text
        while lines and not lines[-1].strip():
            lines.pop()
        if lines:
            lines.append("")
        lines += [f"[{key(table)}]" if table is not None else "", line]
        return "\n".join(lines) + "\n"
    start, end = span
    i = start
    last = start  # after the table's last entry: a new one goes there, before blank lines
    if table is None:
        # Not above the file's opening comment, nor between a table and the comment on it.
        while last < end and not lines[last].strip():
            last += 1
        head = last
        while head < end and lines[head].lstrip().startswith("#"):
            head += 1
        if head < end and not lines[head].strip():
            last = head
    while i < end:
        found = _entry(lines, i, end)
        if found is None:
            i += 1
            continue
        found_key, stop = found
        if found_key == name:
            lines[i:stop] = [] if line is None else [line]
            return "\n".join(lines) + "\n"
        i = last = stop
    if line is None:
        return text
    # A table's header (or the comment on it) right below keeps its blank line above.
    lines[last:last] = [line, ""] if last < len(lines) and lines[last].strip() and table is None else [line]
    return "\n".join(lines) + "\n"
