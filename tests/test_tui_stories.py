"""The app with copies and comparing: '+N versions' on a result, its versions, the compare screen."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import OptionList, Sparkline, Static

from spacetui.index.build import update_index
from spacetui.tui.screens.compare import CompareScreen
from spacetui.tui.screens.related import RelatedScreen
from spacetui.tui.widgets.results import ResultCard, ResultsList
from tests.test_stories import OTHER, STORY
from tests.test_tui_app import SIZE, make_app, ready, search, wait_for

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_copies_are_one_result_with_their_versions(corpus: Path, tmp_path: Path) -> None:
    (corpus / "a.txt").write_text(f"Breakwater to be rebuilt\n\n{STORY}\n", encoding="utf-8")
    (corpus / "b.txt").write_text(f"Breakwater to be rebuilt\n\n{STORY}\n", encoding="utf-8")
    (corpus / "c.txt").write_text(f"Library opens\n\n{OTHER}\n", encoding="utf-8")
    index = tmp_path / "index"
    update_index(index, [corpus], entities=False)
    app = make_app(index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "breakwater")
        results = screen.query_one(ResultsList)
        assert len(results.hits) == 1 and screen.result is not None and screen.result.total == 2
        # Every result is in (no page to wait for), and the box says why there are fewer.
        assert results.total == 1
        assert "copies folded" in str(screen.query_one("#results-box").border_subtitle)
        (hit,) = results.hits
        assert len(hit.versions) == 1
        card = Console(width=100, record=True, file=io.StringIO())
        card.print(ResultCard(hit, 1))
        assert "+1 version" in card.export_text()
        results.focus()
        await pilot.press("plus")
        await wait_for(pilot, lambda: isinstance(app.screen, RelatedScreen), "the versions list")
        listed = app.screen
        assert isinstance(listed, RelatedScreen)
        assert {h.id for h in listed.hits} == {hit.id, *hit.versions}
        assert listed.query_one(OptionList).option_count == 2
        await pilot.press("escape")


async def test_compare_two_results(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        screen = await search(pilot, "space")
        results = screen.query_one(ResultsList)
        assert len(results.hits) == 2
        results.focus()
        results.highlighted = 0
        await pilot.press("c")  # nothing marked yet: a hint, no screen
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)
        await pilot.press("m", "j", "c")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen), "the compare screen")
        shown = str(app.screen.query_one("#compare-text", Static).render())
        assert "Spelled two ways (1)" in shown
        assert "Yulia Pereslid / Yulia Peresild" in shown or "Yulia Peresild / Yulia Pereslid" in shown
        assert "Dmitry Rogozin" in shown
        await pilot.press("escape")
        await wait_for(
            pilot, lambda: not isinstance(app.screen, CompareScreen), "the compare screen to close"
        )


async def test_timeline_above_the_results(corpus: Path, tmp_path: Path) -> None:
    days = ["2021-03-01", "2021-03-01", "2021-03-04", "2021-03-20", None]
    with open(corpus / "wire.jsonl", "w", encoding="utf-8") as fh:
        for n, day in enumerate(days):
            fh.write(
                json.dumps({"id": f"w{n}", "title": f"Harbour report {n}", "text": OTHER, "date": day}) + "\n"
            )
    index = tmp_path / "index"
    update_index(index, [corpus], entities=False)
    app = make_app(index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "harbour")
        assert not screen.query("#timeline")  # nothing to pay for until it is asked for
        screen.query_one(ResultsList).focus()
        await pilot.press("T")
        await wait_for(
            pilot,
            lambda: screen.query("#timeline") and screen.query_one("#timeline", Sparkline).data != [],
            "the timeline",
        )
        line = screen.query_one("#timeline", Sparkline)
        dated = sorted(d for d in days if d)
        span = (date.fromisoformat(dated[-1]) - date.fromisoformat(dated[0])).days + 1
        assert list(line.data or []) and len(list(line.data or [])) == span  # by day: one bar a day
        assert sum(list(line.data or [])) == len(dated)
        assert "by day" in str(line.border_title) and "1 undated" in str(line.border_subtitle)
        await pilot.press("T")
        await pilot.pause()
        assert not line.display


async def test_compare_the_two_open_panes(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "space")
        results = screen.query_one(ResultsList)
        results.focus()
        await pilot.press("C")  # no pane open: a hint, no screen
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.panes() and screen.panes()[0].article, "the first pane")
        results.focus()
        await pilot.press("j", "v")
        await wait_for(
            pilot, lambda: len(screen.panes()) == 2 and all(p.article for p in screen.panes()), "two panes"
        )
        await pilot.press("C")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen), "the compare screen")
        compared = app.screen
        assert isinstance(compared, CompareScreen)
        first, second = (p.article for p in screen.panes())
        assert first is not None and second is not None
        assert (compared.comparison.first.id, compared.comparison.second.id) == (first.id, second.id)
