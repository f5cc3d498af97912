"""Typing end to end through the real app (headless, 120x40): keystroke to results on screen.

    python benchmarks/typing_e2e.py --index /tmp/spacetui-bench/ix-100000 [--queries 40]
        [--gap-ms 0] [--timeline]

Each query is typed key by key into the search box, ``--gap-ms`` apart (0: as fast as the keys
can be sent, like a burst of typing; a quick typist is ~100). The clock runs from the moment the
last key is handed to the app until the screen has drawn a frame after that query's results
landed (the compositor's refresh, as a terminal would be written), the results being the moment
the list was filled with them. The sidebar's entities are counted once the results are drawn and
follow in a later frame: its column is the clock to that frame. The app has no debounce: a
keystroke searches at once when no search is running, otherwise the newest query runs as soon as
the current one lands, so the clock includes waiting for the previous prefix's search.

Keys go straight to the driver and the frame is caught where Textual draws it: Pilot's
``press()`` and ``pause()`` wait until the process is idle, with a sleep of at least 20 ms each,
so a clock around them measures that sleep, and the search already ran inside ``press()``.
(This benchmark once did that: its "21-23 ms" were Pilot's 20 ms plus the draw.)
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._corpus import REUTERS
from benchmarks.speed import make_queries, pct


async def measure(
    index_dir: Path, queries: list[str], timeline: bool = False, gap_ms: float = 0.0
) -> tuple[list[float], list[float]]:
    """Per query: keystroke to its results drawn, and to its entities drawn in the sidebar."""
    from textual import events
    from textual.screen import Screen

    from spacetui.tui.app import SpacetuiApp
    from spacetui.tui.screens.main import MainScreen
    from spacetui.tui.widgets.results import ResultsList
    from spacetui.tui.widgets.sidebar import EntitySidebar

    frames: list[float] = []
    draw = Screen._compositor_refresh
    set_hits = ResultsList.set_hits
    set_facets = EntitySidebar.set_facets
    filled: dict[int, tuple[object, float]] = {}  # id of a list of hits (or entities) shown -> (it, when)

    def traced(self: Screen) -> None:
        draw(self)
        frames.append(time.perf_counter())

    def traced_hits(self: ResultsList, hits: list[Any], total: int, *, last: bool = False) -> None:
        set_hits(self, hits, total, last=last)
        filled[id(hits)] = (hits, time.perf_counter())  # (kept: no other list takes its id)

    def traced_facets(self: EntitySidebar, facets: list[Any], *args: Any, **kwargs: Any) -> None:
        set_facets(self, facets, *args, **kwargs)
        filled[id(facets)] = (facets, time.perf_counter())

    Screen._compositor_refresh = traced  # type: ignore[method-assign]
    ResultsList.set_hits = traced_hits  # type: ignore[method-assign]
    EntitySidebar.set_facets = traced_facets  # type: ignore[method-assign]
    app = SpacetuiApp(index_dir)
    # The collector as `spacetui` runs it (paused until the first frame, the open index kept
    # out of full collections): left at Python's defaults, a full collection walked the index's
    # objects in the middle of a keystroke now and then.
    app.manage_gc = True
    gc.disable()
    times: list[float] = []
    sidebar: list[float] = []
    try:
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
            driver = app._driver
            assert driver is not None
            for query in ["warm up", *queries]:
                screen.query_one("#search").value = ""  # type: ignore[attr-defined]
                await pilot.pause()
                started = 0.0
                filled.clear()
                for c in query:
                    if gap_ms:
                        await asyncio.sleep(gap_ms / 1000)
                    started = time.perf_counter()
                    key = "space" if c == " " else c
                    driver.send_message(events.Key(key, c))
                    await asyncio.sleep(0)
                for shown, what, into in (("hits", "results", times), ("facets", "entities", sidebar)):
                    while time.perf_counter() - started < 10:
                        result = screen.result
                        if result is not None and result.query == query:
                            # the first frame after the list was filled with them (this loop may
                            # only see the result after that frame)
                            listed = filled.get(id(getattr(result, shown)), (None, 0.0))[1]
                            drawn = [t for t in frames if listed and t >= listed]
                            if drawn:
                                into.append((drawn[0] - started) * 1000)
                                break
                        await asyncio.sleep(0.0005)
                    else:
                        raise SystemExit(f"no {what} drawn for {query!r} within 10 s")
                await pilot.pause()
    finally:
        Screen._compositor_refresh = draw  # type: ignore[method-assign]
        ResultsList.set_hits = set_hits  # type: ignore[method-assign]
        EntitySidebar.set_facets = set_facets  # type: ignore[method-assign]
        gc.enable()
    return times[1:], sidebar[1:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--queries", type=int, default=30, help="queries per length (1, 2, 3 words)")
    ap.add_argument("--timeline", action="store_true", help="with the timeline shown (T)")
    ap.add_argument("--gap-ms", type=float, default=0.0, help="time between keys (0: a burst)")
    args = ap.parse_args()

    queries = make_queries(REUTERS, per_length=args.queries)
    print(f"# typing end to end through the app (headless, 120x40; keys {args.gap_ms:g} ms apart)")
    print("command: python " + " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]))
    print(f"index: {args.index}")
    print("query | results p50 ms | p95 ms | sidebar p50 ms | p95 ms")
    for k, qs in queries.items():
        t, s = asyncio.run(measure(args.index, qs, args.timeline, args.gap_ms))
        print(f"{k} word | {pct(t, 50):.0f} | {pct(t, 95):.0f} | {pct(s, 50):.0f} | {pct(s, 95):.0f}")


if __name__ == "__main__":
    main()
