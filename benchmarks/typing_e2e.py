"""Typing end to end through the real app (Textual Pilot): keystroke to results on screen.

    python benchmarks/typing_e2e.py --index /tmp/spacetui-bench/ix-100000 [--queries 40] [--timeline]

Each query is typed key by key into the search box as a person would; the clock runs from the
last keystroke until the results list and the sidebar show that query's result and the screen
has been refreshed. The app has no debounce: a keystroke searches at once when no search is
running, otherwise the newest query runs as soon as the current one lands, so the clock includes
waiting for the previous prefix's search.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._corpus import REUTERS
from benchmarks.speed import make_queries, pct


async def measure(index_dir: Path, queries: list[str], timeline: bool = False) -> list[float]:
    from spacetui.tui.app import SpacetuiApp
    from spacetui.tui.screens.main import MainScreen

    app = SpacetuiApp(index_dir)
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        deadline = time.perf_counter() + 60
        while not app.backend.ready and time.perf_counter() < deadline:
            await pilot.pause(0.05)
        screen = app.screen
        assert isinstance(screen, MainScreen), screen
        if timeline:  # shown above the results: each search also counts its results' days
            await screen.action_toggle_timeline()
            assert app.backend.timeline, "the timeline did not show"
            screen.query_one("#search").focus()
            await pilot.pause()
        for query in ["warm up", *queries]:
            screen.query_one("#search").value = ""  # type: ignore[attr-defined]
            await pilot.pause()
            await pilot.press(*["space" if c == " " else c for c in query])
            started = time.perf_counter()
            while time.perf_counter() - started < 10:
                result = screen.result
                if result is not None and result.query == query:
                    break
                await asyncio.sleep(0.001)
            await pilot.pause()  # let the refresh that shows it happen
            times.append((time.perf_counter() - started) * 1000)
    return times[1:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--queries", type=int, default=30, help="queries per length (1, 2, 3 words)")
    ap.add_argument("--timeline", action="store_true", help="with the timeline shown (T)")
    args = ap.parse_args()

    queries = make_queries(REUTERS, per_length=args.queries)
    print("# typing end to end through the app (Pilot, 120x40)")
    print("command: python " + " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]))
    print(f"index: {args.index}")
    print("query | p50 ms | p95 ms")
    for k, qs in queries.items():
        t = asyncio.run(measure(args.index, qs, args.timeline))
        print(f"{k} word | {pct(t, 50):.0f} | {pct(t, 95):.0f}")


if __name__ == "__main__":
    main()
