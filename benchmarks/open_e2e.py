"""Opening an article in a real terminal (tmux 120x40): Enter on a result to its text on screen.

    python benchmarks/open_e2e.py --index /tmp/spacetui-bench/ix-100000-entities [--runs 12]

The index must hold the 5,040-word article ``benchmarks/speed.py --only article`` adds ("Oil
prices and the trade deficit: a long read"). The app runs in tmux as a person runs it, in two
clocks: from ``tmux send-keys Enter`` until ``capture-pane`` shows the pane titled with that
article (this includes tmux and polling it: the first row, a key echoed in the search box, shows
that floor), and inside the app, from the terminal driver reading the Enter key to it writing
the frame with the article's first line (``benchmarks/_traced_app.py``). Opening into a new
reading pane mounts it; opening into the pane already open replaces another article there.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TITLE = "Oil prices and the trade deficit: a long read"
MARK = "Showers continued throughout the week"  # its first line (and no other article's here)
SESSION = f"openbench{os.getpid()}"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", SESSION)


def wait(check: Callable[[str], bool], timeout: float = 30.0) -> float:
    """Seconds until the screen passes ``check`` (polled as fast as tmux answers)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if check(screen()):
            return time.perf_counter() - started
        time.sleep(0.002)
    raise SystemExit(f"timed out; the screen was:\n{screen()}")


def press(key: str, check: Callable[[str], bool]) -> float:
    started = time.perf_counter()
    tmux("send-keys", "-t", SESSION, key)
    wait(check)
    return (time.perf_counter() - started) * 1000


def in_app_ms(trace: Path) -> float:
    """The last Enter the app read to the first frame after it that holds the article's text."""
    events = [line.split() for line in trace.read_text(encoding="utf-8").splitlines() if line.strip()]
    enter = max(i for i, (_, kind) in enumerate(events) if kind == "enter")
    mark = next(float(t) for t, kind in events[enter:] if kind == "mark")
    return (mark - float(events[enter][0])) * 1000


def focus_results() -> None:
    """Tab until the key bar offers Open (the result list has the focus)."""
    for _ in range(6):
        if "Open" in screen().splitlines()[-1]:
            return
        tmux("send-keys", "-t", SESSION, "Tab")
        time.sleep(0.3)
    raise SystemExit(f"could not focus the result list:\n{screen()}")


def pane_shows_title(text: str) -> bool:
    return f"╭─ {TITLE[:40]}" in text


def pane_shows_text(text: str) -> bool:
    """The article itself on screen, not only its title on the pane's border."""
    return pane_shows_title(text) and MARK in text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=12)
    args = ap.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is not installed")
    print("# open an article in a real terminal (tmux 120x40)")
    print("command: python " + " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]))
    config = Path(tempfile.mkdtemp()) / "config.toml"
    trace = config.parent / "trace.log"
    app = [sys.executable, str(Path(__file__).resolve().parent / "_traced_app.py")]
    env = ["env", "-u", "COLUMNS", "-u", "LINES", f"SPACETUI_INDEX={args.index}", f"SPACETUI_CONFIG={config}"]
    env += [f"SPACETUI_TRACE={trace}", f"SPACETUI_TRACE_MARK={MARK}"]
    tmux("kill-session", "-t", SESSION)
    size = ["-x", "120", "-y", "40"]
    subprocess.run(["tmux", "new-session", "-d", "-s", SESSION, *size, *env, *app], check=True)
    try:
        wait(lambda s: "articles" in s)
        time.sleep(1.0)
        echo: list[float] = []
        typed = ""
        for ch in "zqxj" * 3:
            typed += ch
            echo.append(press(ch, lambda s, t=typed: f"▊  {t}" in s))
            time.sleep(0.2)
        tmux("send-keys", "-t", SESSION, "C-u")
        query = TITLE.split(":")[0].lower()
        tmux("send-keys", "-t", SESSION, "-l", query)
        wait(lambda s: TITLE in s and query in s)
        time.sleep(1.0)
        focus_results()
        lines = screen().splitlines()
        if not any(TITLE in line and re.search(r"\b1\.\W", line) for line in lines):
            raise SystemExit(f"the long article is not the first result:\n{screen()}")
        new_pane: list[float] = []
        same_pane: list[float] = []
        new_inside: list[float] = []
        same_inside: list[float] = []
        for _ in range(args.runs):
            tmux("send-keys", "-t", SESSION, "g")  # the first result: the long article
            time.sleep(0.2)
            new_pane.append(press("Enter", pane_shows_text))
            time.sleep(0.3)
            new_inside.append(in_app_ms(trace))
            tmux("send-keys", "-t", SESSION, "Escape")  # back to the results, the pane stays
            time.sleep(0.2)
            tmux("send-keys", "-t", SESSION, "G")  # the last result shown: another article
            time.sleep(0.3)
            press("Enter", lambda s: not pane_shows_title(s))  # another article in that pane
            time.sleep(0.3)
            tmux("send-keys", "-t", SESSION, "Escape")
            time.sleep(0.2)
            tmux("send-keys", "-t", SESSION, "g")
            time.sleep(0.2)
            same_pane.append(press("Enter", pane_shows_text))
            time.sleep(0.3)
            same_inside.append(in_app_ms(trace))
            tmux("send-keys", "-t", SESSION, "x")  # close the pane for the next round
            wait(lambda s: not pane_shows_title(s))
            time.sleep(0.3)
            focus_results()
        print("measure | p50 ms | p95 ms | min ms")
        for label, values in (
            ("a key echoed in the search box (measuring floor)", echo),
            ("Enter to the article on screen, new reading pane (tmux)", new_pane),
            ("Enter to the article on screen, pane already open (tmux)", same_pane),
            ("  in the app: Enter read to that frame written, new pane", new_inside),
            ("  in the app: Enter read to that frame written, pane open", same_inside),
        ):
            values.sort()
            p95 = values[round(0.95 * (len(values) - 1))]
            print(f"{label} | {statistics.median(values):.0f} | {p95:.0f} | {values[0]:.0f}")
    finally:
        tmux("kill-session", "-t", SESSION)


if __name__ == "__main__":
    main()
