"""Helpers shared by the robustness tests (tests/test_robust_*.py); no tests of its own."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

WORDS = [
    "officials",
    "province",
    "railway",
    "line",
    "open",
    "year",
    "delays",
    "flooding",
    "engineers",
    "rebuilt",
    "bridges",
    "tunnel",
    "minister",
    "budget",
    "council",
    "station",
    "passengers",
    "freight",
    "timetable",
    "contract",
    "workers",
    "weather",
    "harbour",
    "river",
    "mayor",
]


def prose(seed: int, sentences: int = 12) -> str:
    """A paragraph of varied, ordinary prose (the cleaner rightly drops repeated boilerplate)."""
    rng = random.Random(seed)
    out = []
    for k in range(sentences):
        words = rng.sample(WORDS, 9)
        out.append(f"The {' '.join(words)} were discussed again on day {k + 1} of inquiry {seed}.")
    return " ".join(out)


def article_text(seed: int, title: str, extra: str = "") -> str:
    """A plain-text article: headline, blank line, prose paragraphs."""
    return f"{title}\n\n{prose(seed)}\n\n{extra}{prose(seed + 1000)}\n\n{prose(seed + 2000)}\n"


# Everything a hostile article could try on a terminal.
ESCAPES = [
    "\x1b[31m",  # SGR colour
    "\x1b[2J\x1b[H",  # clear screen, cursor home
    "\x1b[6n",  # device status report: makes the terminal type a reply
    "\x1b]0;pwned-title\x07",  # OSC 0: window title
    "\x1b]52;c;cHduZWQ=\x07",  # OSC 52: write the clipboard
    "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1bPq#0;2;0;0;0\x1b\\",  # DCS (sixel)
    "\x9b31m",  # 8-bit CSI
    "\x9d0;eight-bit\x9c",  # 8-bit OSC ... ST
    "\x07\x08\x7f",  # BEL, BS, DEL
    "\u202e\u2066\u200f",  # bidi override, isolate, RLM
]
MARKUP = ["[bold]B[/bold]", "[link=http://evil.example]L[/link]", "[/]", "[@click=app.quit]Q[/]"]
PAYLOAD = " ".join(ESCAPES + MARKUP)

# What may never reach a terminal from article text: ESC, other C0 (but \t \n), DEL, C1, bidi
# controls, and lone surrogates (undecodable bytes).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ud800-\udfff]")
RICH_SGR = re.compile(r"\x1b\[[0-9;]*m")


def unsafe_in(text: str) -> list[str]:
    """The unsafe characters in ``text``, as repr strings (empty when safe)."""
    return sorted({repr(ch) for ch in UNSAFE.findall(text)})


def run(
    *args: str,
    env: dict[str, str] | None = None,
    timeout: float = 180,
    drop: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[bytes]:
    """The real CLI in a subprocess, output kept as bytes (so raw bytes cannot hide)."""
    full = {**os.environ, **(env or {})}
    for name in drop:
        full.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "spacetui", *args],
        capture_output=True,
        env=full,
        timeout=timeout,
        cwd=ROOT,
    )


def text_of(data: bytes) -> str:
    """Decode CLI output strictly: a raw undecodable byte is itself a failure."""
    return data.decode("utf-8")


def no_traceback(proc: subprocess.CompletedProcess[bytes]) -> None:
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err


def write_bytes_name(folder: Path, name: bytes, data: bytes) -> Path:
    """A file whose name is raw bytes (may be undecodable)."""
    path = os.path.join(os.fsencode(folder), name)
    with open(path, "wb") as fh:
        fh.write(data)
    return Path(os.fsdecode(path))


def _drop_dac_capabilities() -> None:
    """In a child before exec: root loses the capabilities that bypass file permissions."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, from the bounding set
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def permissions_bite() -> dict[str, object] | None:
    """subprocess arguments under which chmod 000 / a read-only folder really stop the child.

    Not root: none needed. Root (CI here): drop the DAC capabilities in the child (it stays
    uid 0, so the interpreter under /root still runs). None if that is not allowed.
    """
    if os.geteuid() != 0:
        return {}
    try:
        subprocess.run(["true"], preexec_fn=_drop_dac_capabilities, check=True)
    except (subprocess.SubprocessError, OSError):
        return None
    return {"preexec_fn": _drop_dac_capabilities}
