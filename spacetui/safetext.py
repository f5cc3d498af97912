"""Make untrusted text (articles, file names, queries) safe to show in a terminal.

Article files come from the web: they may carry ANSI/OSC escape sequences, C0/C1 control
characters or bidi overrides. Stored and JSON text stays exact; anything drawn on a
terminal goes through :func:`display_text` first.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/SOS/PM/APC
# (ESC P/X/^/_ ... ST), and two-byte escapes. Also the 8-bit C1 forms (CSI = U+009B, OSC = U+009D).
_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?            # CSI
  | (?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])        # OSC, DCS, SOS, PM, APC ...
      .*?(?:\x07|\x1b\\|\x9c|$)                    # ... up to BEL or ST (or end of text)
  | \x1b[ -/]*[0-~]?                               # other two/three-byte escapes
    """,
    re.VERBOSE | re.DOTALL,
)
# C0 (but tab/newline), DEL, C1, bidi embeddings/overrides/isolates, and other invisibles
# that can reorder or hide what is shown.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\ufff9-\ufffb]"
)
# Lone surrogates stand for undecodable bytes in file names (surrogateescape): printed, they
# would either crash the encoder or emit the raw byte, and 0x9b is an 8-bit CSI.
_SURROGATES = re.compile("[\ud800-\udfff]")
# What JSON output must not carry raw (json.dumps only escapes C0): C1, bidi and other
# invisibles, line/paragraph separators, surrogates. \uXXXX keeps the parsed text exact.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\u061c\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


def strip_controls(text: str) -> str:
    """Remove escape sequences and control characters; keep newlines and tabs."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    if "\x1b" in text or "\x9b" in text or "\x9d" in text or "\x90" in text:
        text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    return _SURROGATES.sub("\ufffd", text)


def display_text(text: str) -> str:
    """Text for one terminal line (titles, names, paths): controls removed, newlines as spaces."""
    return " ".join(strip_controls(text).split())


def inline_text(chunk: str) -> str:
    """One run of a line (a highlighted word, the text between): :func:`display_text`, keeping
    one space where the run had whitespace at an edge, once escape sequences are gone (a title
    "Red alert<ESC>[0m headline" must not show "alertheadline")."""
    clean = strip_controls(chunk)
    core = " ".join(clean.split())
    if not core:
        return " " if clean else ""
    return (" " if clean[:1].isspace() else "") + core + (" " if clean[-1:].isspace() else "")


def json_safe(dumped: str) -> str:
    """Escape, in already-dumped JSON, what a terminal could act on; parsing gives the same text."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
