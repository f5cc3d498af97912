"""Copying text out of the app: OSC 52, and what tmux does with it.

A terminal copies what a program sends in an OSC 52 sequence. tmux sits between: it passes a
program's OSC 52 on only with ``set-clipboard on`` (its default, ``external``, drops it), or
lets a sequence through wrapped in its passthrough escape when ``allow-passthrough`` is on.
Under tmux with neither, nothing would reach the clipboard: the text goes into tmux's own paste
buffer instead, and the message says how to let ``y`` reach the clipboard.
"""

from __future__ import annotations

import base64
import os
import subprocess
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

TMUX_TIMEOUT = 2.0  # seconds; a tmux that does not answer is treated as not passing anything on


def _tmux(*args: str, stdin: str | None = None) -> str | None:
    """Ask the tmux server the app runs under ($TMUX); None if it cannot be asked."""
    try:
        done = subprocess.run(
            ["tmux", *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=TMUX_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def copy_text(app: App[object], text: str, what: str) -> tuple[str, bool]:
    """Copy ``text`` and say what happened: (message, whether it reached the clipboard as far
    as the app can know). ``what`` names the text ("the article (as Markdown)")."""
    app.copy_to_clipboard(text)  # OSC 52 (and app.clipboard, for the palette and tests)
    if not os.environ.get("TMUX"):
        return f"Copied {what} to the clipboard.", True
    if _tmux("show-options", "-sv", "set-clipboard") == "on":
        return f"Copied {what} to the clipboard (through tmux).", True
    pane = os.environ.get("TMUX_PANE", "")
    passthrough = _tmux("show-options", "-Apv", *(("-t", pane) if pane else ()), "allow-passthrough")
    if passthrough in ("on", "all"):
        encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
        # tmux's passthrough: DCS tmux; <the sequence, its ESCs doubled> ST
        driver = app._driver  # Textual keeps the terminal writer private
        if driver is not None:
            driver.write(f"\x1bPtmux;\x1b\x1b]52;c;{encoded}\x07\x1b\\")
        return f"Copied {what} to the clipboard (through tmux's passthrough).", True
    buffered = _tmux("load-buffer", "-", stdin=text) is not None
    where = " It is in tmux's paste buffer (prefix ] pastes it)." if buffered else ""
    return (
        "Not copied to the clipboard: tmux does not pass a program's copy on. To let y copy, run "
        "`tmux set -s set-clipboard on` (and add `set -s set-clipboard on` to ~/.tmux.conf)." + where,
        False,
    )
