"""End to end in a real terminal: tmux runs `spacetui` on an isolated config and index."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ROOT

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install tmux)")
WAIT = 60.0  # an upper bound for a slow, loaded machine, not a speed target


def tmux(*args: str) -> str:
    return subprocess.run([TMUX or "tmux", *args], capture_output=True, text=True, check=False).stdout


@contextmanager
def running_app(index: Path, home: Path) -> Iterator[str]:
    """`spacetui` on ``index`` in a tmux session of its own (120x40); yields the session's name."""
    name = f"spacetui-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    env = {
        "SPACETUI_INDEX": str(index),
        "SPACETUI_CONFIG": str(home / "config.toml"),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
    }
    app = f"{shlex.quote(sys.executable)} -m spacetui"
    # After the app exits, say how, and keep the pane open so the test can read it.
    script = f"cd {shlex.quote(str(ROOT))} && {app}; echo spacetui-exit=$?; sleep 30"
    # A tmux server started from a process without a terminal hands panes COLUMNS=80 and
    # LINES=24, which would override the real pane size: drop them.
    command = [
        "env",
        "-u",
        "COLUMNS",
        "-u",
        "LINES",
        *[f"{k}={v}" for k, v in env.items()],
        "sh",
        "-c",
        script,
    ]
    subprocess.run(
        [TMUX or "tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40", *command], check=True
    )
    try:
        yield name
    finally:
        tmux("kill-session", "-t", name)


@pytest.fixture
def session(seed_index: Path, tmp_path: Path) -> Iterator[str]:
    with running_app(seed_index, tmp_path) as name:
        yield name


def screen(name: str) -> str:
    return tmux("capture-pane", "-p", "-t", name)


def wait_for_text(name: str, text: str) -> str:
    deadline = time.monotonic() + WAIT
    shown = ""
    while time.monotonic() < deadline:
        shown = screen(name)
        if text in shown:
            return shown
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{shown}\n{_pane_state(name)}")


def _pane_state(name: str) -> str:
    """What the pane runs and how its processes stand, for a failure message."""
    pane = tmux("display-message", "-p", "-t", name, "#{pane_pid} #{pane_dead} #{pane_current_command}")
    if not pane.strip():
        return f"(no session {name}; sessions: {tmux('list-sessions').strip() or 'none'})"
    ps = subprocess.run(["ps", "-eo", "pid,ppid,stat,etime,args"], capture_output=True, text=True).stdout
    pid = pane.split()[0]
    tree = [line for line in ps.splitlines() if pid in line.split()[:2] or "spacetui" in line]
    return "pane: " + pane.strip() + "\n" + "\n".join(tree[:20])


def test_search_open_and_quit_in_a_real_terminal(session: str) -> None:
    wait_for_text(session, "spacetui · 2 articles")  # the index is open
    tmux("send-keys", "-t", session, "dogecoin")
    shown = wait_for_text(session, "1 result for “dogecoin”")
    assert "Russia pulls ahead of Elon Musk in the race to shoot first movie in space" in shown
    # Keys sent in one burst act in the order typed: Enter (to the results), Enter (open) ...
    tmux("send-keys", "-t", session, "Enter", "Enter")
    wait_for_text(session, "“dogecoin” 1 of 1")
    # ... and a new find in the article, closing the find bar, a step to the second hit.
    tmux("send-keys", "-t", session, "f", "roscosmos", "Enter", "n")
    shown = wait_for_text(session, "“roscosmos” 2 of 2")
    assert "Roscosmos" in shown
    tmux("send-keys", "-t", session, "q")
    shown = wait_for_text(session, "spacetui-exit=0")
    # The terminal is given back: normal screen, cursor shown, no mouse reporting left on.
    flags = tmux("display-message", "-p", "-t", session, "#{alternate_on} #{cursor_flag} #{mouse_any_flag}")
    assert flags.split() == ["0", "1", "0"], flags
    assert "Russia pulls ahead" not in shown


def test_star_tag_escape_and_quit_in_a_real_terminal(session: str, seed_index: Path) -> None:
    from spacetui.library import LibraryStore
    from spacetui.library.state import LIBRARY_FILE

    wait_for_text(session, "spacetui · 2 articles")
    tmux("send-keys", "-t", session, "dogecoin")
    wait_for_text(session, "1 result for “dogecoin”")
    # Esc leaves the search box for the results; the library keys act on the result there. (A
    # key sent in the same read as Esc would make it Alt+key, as in any terminal: a pause.)
    tmux("send-keys", "-t", session, "Escape")
    time.sleep(0.5)
    tmux("send-keys", "-t", session, "*")
    wait_for_text(session, "1.•★ Russia pulls ahead")
    tmux("send-keys", "-t", session, "t")
    wait_for_text(session, "Tags of “Russia pulls ahead")
    tmux("send-keys", "-t", session, "space race", "Enter")
    wait_for_text(session, "#race #space")
    assert "^q Quit" in screen(session)
    # q in the search box types (over the query, selected when the box takes the focus) ...
    tmux("send-keys", "-t", session, "/", "q")
    wait_for_text(session, "0 results for “q”")
    # ... and Esc, then q, quits.
    tmux("send-keys", "-t", session, "Escape")
    time.sleep(0.5)
    tmux("send-keys", "-t", session, "q")
    wait_for_text(session, "spacetui-exit=0")
    rows = list(LibraryStore(seed_index / LIBRARY_FILE).snapshot().rows)
    assert [(r.state.starred, r.state.tags) for r in rows] == [(True, ("race", "space"))]


def test_a_saved_search_counts_a_file_added_to_a_watched_folder(tmp_path: Path) -> None:
    from spacetui.library import LibraryStore
    from spacetui.library.state import LIBRARY_FILE
    from tests.test_saved_history import hashes_now, rocket_index, write

    folder = tmp_path / "news"
    folder.mkdir()
    index = rocket_index(tmp_path, folder)
    seen = set(hashes_now(index, "rocket"))
    articles = len(hashes_now(index, ""))
    with running_app(index, tmp_path) as name:
        wait_for_text(name, f"spacetui · {articles} articles")
        tmux("send-keys", "-t", name, "rocket")
        wait_for_text(name, f"{len(seen)} results for “rocket”")
        tmux("send-keys", "-t", name, "C-s")
        wait_for_text(name, "Save “rocket” as")
        tmux("send-keys", "-t", name, "C-u", "Launches", "Enter")
        wait_for_text(name, "Saved (1)")
        assert "+" not in _saved_row(name, "Launches")  # nothing new yet
        # Files land in the watched folder: one more rocket article and one that does not match.
        write(folder, "rocket8.txt", "Rocket launch 8", "Rocket 8 launched at dawn.")
        write(folder, "tea.txt", "Tea", "Green tea.")
        wait_for_text(name, "2 new articles")
        new = set(hashes_now(index, "rocket")) - seen
        assert len(new) == 1
        wait_for_text(name, f"Launches  +{len(new)} new")
        kept = LibraryStore(index / LIBRARY_FILE).saved_search("launches")
        assert kept is not None and kept.query == "rocket"


def _saved_row(name: str, saved: str) -> str:
    return next((line for line in screen(name).splitlines() if saved in line), "")
