"""SVG snapshots of the grouped results with the timeline, and of the compare view.

Update after an intended change of the look: ``pytest tests/test_tui_stories_snapshots.py
--snapshot-update`` (then look at the SVGs in tests/__snapshots__ before committing them).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from spacetui.index.build import update_index
from spacetui.tui.screens.compare import CompareScreen
from spacetui.tui.screens.main import MainScreen
from spacetui.tui.widgets.results import ResultsList
from tests.test_stories import OTHER, STORY
from tests.test_tui_snapshots import _app, _wait


async def _search(pilot: Pilot[int], query: str) -> MainScreen:
    app = pilot.app
    await _wait(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.result is not None)
    screen = app.screen
    assert isinstance(screen, MainScreen)
    for widget in screen.query(Input):
        widget.cursor_blink = False
    await pilot.press(*query)
    await _wait(pilot, lambda: screen.result and screen.result.query == query and not screen.workers)
    return screen


def test_snapshot_grouped_results_and_timeline(
    snap_compare: Callable[..., bool], corpus: Path, tmp_path: Path
) -> None:
    """Two copies as one result ('+1 version') under a timeline by day."""
    records = [
        ("w0", "Breakwater to be rebuilt", STORY, "2021-03-01"),
        ("w1", "Breakwater to be rebuilt", STORY, "2021-03-02"),
        ("w2", "Harbour library opens", OTHER, "2021-03-04"),
        ("w3", "Harbour library opens its roof garden", OTHER.replace("Saturday", "Sunday"), "2021-03-09"),
    ]
    with open(corpus / "wire.jsonl", "w", encoding="utf-8") as fh:
        for rid, title, text, day in records:
            fh.write(
                json.dumps({"id": rid, "title": title, "text": f"Harbour news. {text}", "date": day}) + "\n"
            )
    index = tmp_path / "index"
    update_index(index, [corpus], entities=False)

    async def run_before(pilot: Pilot[int]) -> None:
        screen = await _search(pilot, "harbour")
        screen.query_one(ResultsList).focus()
        await pilot.press("T")
        await _wait(pilot, lambda: screen.query("#timeline") and not screen.workers)
        await pilot.pause(0.1)

    assert snap_compare(_app(index, tmp_path), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_compare_the_seeds(
    snap_compare: Callable[..., bool], seed_index: Path, tmp_path: Path
) -> None:
    async def run_before(pilot: Pilot[int]) -> None:
        screen = await _search(pilot, "")
        screen.query_one(ResultsList).focus()
        await pilot.press("m", "j", "c")
        await _wait(pilot, lambda: isinstance(pilot.app.screen, CompareScreen))
        await pilot.pause(0.1)

    assert snap_compare(_app(seed_index, tmp_path), terminal_size=(120, 40), run_before=run_before)
