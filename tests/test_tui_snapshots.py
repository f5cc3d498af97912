"""SVG snapshots of the main states (pytest-textual-snapshot), at 120x40 and 80x24.

Update after an intended change of the look: ``pytest tests/test_tui_snapshots.py --snapshot-update``
(then look at the SVGs in tests/__snapshots__ before committing them).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from spacetui.config import Config
from spacetui.tui.app import SpacetuiApp
from spacetui.tui.screens.main import MainScreen
from spacetui.tui.widgets.results import ResultsList

POLL = 400


async def _wait(pilot: Pilot[int], condition: Callable[[], object]) -> None:
    for _ in range(POLL):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app did not get there")


def _app(index_dir: Path, tmp_path: Path) -> SpacetuiApp:
    return SpacetuiApp(index_dir, Config(path=tmp_path / "config.toml"))


def _steps(query: str, *, open_article: bool = False, split: bool = False):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[int]) -> None:
        app = pilot.app
        await _wait(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.result is not None)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        for widget in screen.query(Input):
            widget.cursor_blink = False  # a blinking cursor would make the picture flicker
        await pilot.press(*query)
        await _wait(pilot, lambda: screen.result and screen.result.query == query and not screen.workers)
        if screen.result is not None and screen.result.to_correct:  # "did you mean" follows a pause
            await _wait(pilot, lambda: screen.result is not None and screen.result.suggestion is not None)
        if open_article:
            screen.query_one(ResultsList).focus()
            await pilot.press("enter")
            await _wait(pilot, lambda: screen.panes() and screen.panes()[0].article)
        if split:
            screen.query_one(ResultsList).focus()
            await pilot.press("j", "v")
            await _wait(
                pilot,
                lambda: len(screen.panes()) == 2 and all(p.article for p in screen.panes()),
            )
        await pilot.pause(0.1)
        await _wait(pilot, lambda: not screen.workers)
        # opening marks read: the picture shows the marks after that is saved
        await _wait(pilot, lambda: all(p.state.read for p in screen.panes()))

    return run_before


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_snapshot_query_with_open_article(
    snap_compare: Callable[..., bool], seed_index: Path, tmp_path: Path, size: tuple[int, int]
) -> None:
    """A query, its results, the entity sidebar (wide only) and the article with the find on."""
    app = _app(seed_index, tmp_path)
    # One matching article, so the picture does not depend on ranking details.
    assert snap_compare(app, terminal_size=size, run_before=_steps("salyut", open_article=True))


def test_snapshot_two_panes(snap_compare: Callable[..., bool], seed_index: Path, tmp_path: Path) -> None:
    """Both seeds side by side (no query: every article, newest first, so the order is fixed)."""
    app = _app(seed_index, tmp_path)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_steps("", open_article=True, split=True))


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_snapshot_no_results_did_you_mean(
    snap_compare: Callable[..., bool], seed_index: Path, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = _app(seed_index, tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=_steps("pereslidd"))
