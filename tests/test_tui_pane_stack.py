"""The pane stack in the real app: where an article opens, at most two panes, a spare ahead,
and which pane is active after one closes."""

from __future__ import annotations

from pathlib import Path

import pytest

from spacetui.tui.widgets.pane_stack import MAX_PANES, PaneStack
from spacetui.tui.widgets.reading_pane import ReadingPane
from tests.test_tui_app import SIZE, make_app, ready, wait_for

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_panes_open_split_and_close_in_the_stack(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        stack = screen.query_one("#panes", PaneStack)
        assert stack.active is None and not stack.display
        first = await stack.open_pane(split=False)
        assert stack.panes() == [first] and stack.active is first and stack.display
        assert await stack.open_pane(split=False) is first  # no split: the active pane again
        await wait_for(pilot, lambda: len(stack.query(ReadingPane)) == 2, "a spare after the first")
        second = await stack.open_pane(split=True)
        assert stack.panes() == [first, second] and stack.active is second
        # With the most panes open, split opens into the other one, and no spare is made.
        assert await stack.open_pane(split=True) is first and stack.active is first
        await pilot.pause(0.5)
        assert len(stack.query(ReadingPane)) == MAX_PANES
        assert stack.pane_of(first.view) is first and stack.by_id(second.id or "") is second
        assert await stack.close(first) is second and stack.active is second
        await wait_for(pilot, lambda: len(stack.query(ReadingPane)) == 2, "a spare again")
        assert stack.panes() == [second]
        assert await stack.close(second) is None
        assert stack.active is None and not stack.display and not stack.panes()
