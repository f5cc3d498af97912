"""Opening an article with the app run headless (``App.run_test``, 120x40): the Enter posted as
the terminal driver posts it, to the end of the first frame that holds the article's first line.

    python benchmarks/open_headless.py --index IX [--runs 10]

The same index and steps as ``benchmarks/open_e2e.py`` (the long article first in the results,
opened into a new pane, then into the pane already open), without a terminal: besides the wall
time it gives the main thread's CPU time, which other jobs on a shared machine hardly move.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console
from textual import events
from textual._compositor import Compositor

from spacetui.config import Config
from spacetui.tui.app import SpacetuiApp

TITLE = "Oil prices and the trade deficit: a long read"
MARK = "Showers continued throughout the week"  # its first line (and no other article's here)
QUERY = TITLE.split(":")[0].lower()

_frame: dict[str, float | None] = {"wall": None, "cpu": None}
_watching = [False]
_render_update = Compositor.render_update


def render_update(self: Compositor, *args: Any, **kwargs: Any) -> Any:
    update = _render_update(self, *args, **kwargs)
    if _watching[0] and _frame["wall"] is None and update is not None:
        wall, cpu = time.perf_counter(), time.thread_time()  # before looking at the frame
        if MARK in update.render_segments(Console(width=120, force_terminal=True)):
            _frame.update(wall=wall, cpu=cpu)
    return update


Compositor.render_update = render_update  # type: ignore[method-assign]


async def run(index: Path, runs: int) -> dict[str, list[float]]:
    app = SpacetuiApp(index, Config(path=Path(tempfile.mkdtemp()) / "config.toml"))
    timings: dict[str, list[float]] = {k: [] for k in ("new", "open", "new cpu", "open cpu")}
    async with app.run_test(size=(120, 40)) as pilot:

        async def until(check: Callable[[], object], what: str) -> None:
            started = time.perf_counter()
            while not check():
                if time.perf_counter() - started > 60:
                    raise SystemExit(f"timed out waiting for {what}")
                await asyncio.sleep(0.005)

        def key(name: str, char: str | None = None) -> None:
            app.post_message(events.Key(name, char))

        await until(lambda: getattr(app.screen, "result", None) is not None, "the index")
        screen: Any = app.screen
        screen.query_one("#search").focus()
        await pilot.press(*QUERY)
        await until(lambda: screen.result.query == QUERY and not screen.workers, "the results")
        results = screen.query_one("#results")
        if not results.hits or results.hits[0].title != TITLE:
            raise SystemExit("the long article is not the first result (benchmarks/speed.py --only article)")
        results.focus()
        await pilot.pause(0.3)

        async def open_timed(kind: str) -> None:
            _frame.update(wall=None, cpu=None)
            _watching[0] = True
            wall, cpu = time.perf_counter(), time.thread_time()
            key("enter", "\r")
            await until(lambda: _frame["wall"] is not None, "the article on screen")
            _watching[0] = False
            timings[kind].append(((_frame["wall"] or 0) - wall) * 1000)
            timings[f"{kind} cpu"].append(((_frame["cpu"] or 0) - cpu) * 1000)

        for _ in range(runs):
            key("g", "g")  # the first result, loaded ahead as the cursor rests on it
            await pilot.pause(0.25)
            await open_timed("new")
            await pilot.pause(0.3)
            for step, wait in (("escape", 0.2), ("G", 0.3), ("enter", 0.3), ("escape", 0.2), ("g", 0.25)):
                key(step, step if len(step) == 1 else ("\r" if step == "enter" else None))
                await pilot.pause(wait)
            await open_timed("open")
            await pilot.pause(0.3)
            key("x", "x")  # close the pane for the next round
            await pilot.pause(0.4)
            results.focus()
            await pilot.pause(0.2)
    return timings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    print("# open an article, the app headless (120x40)")
    print("command: python " + " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]))
    timings = asyncio.run(run(args.index, args.runs))
    print("measure | p50 ms | min ms")
    for label, kind in (
        ("Enter to the frame, new reading pane (wall)", "new"),
        ("Enter to the frame, pane already open (wall)", "open"),
        ("  main thread CPU, new pane", "new cpu"),
        ("  main thread CPU, pane open", "open cpu"),
    ):
        values = timings[kind]
        print(f"{label} | {statistics.median(values):.1f} | {min(values):.1f}")


if __name__ == "__main__":
    main()
