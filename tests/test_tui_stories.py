"""The app with copies and comparing: '+N versions' on a result, its versions, the compare screen."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.widgets import OptionList, Static

from spacetui.index.build import update_index
from spacetui.tui.screens.compare import CompareScreen
from spacetui.tui.screens.related import RelatedScreen
from spacetui.tui.widgets.results import ResultCard, ResultsList
from spacetui.tui.widgets.timeline import TimelineBar
from tests.conftest import run_cli
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
        pages: list[int] = []  # the offset of each search the screen runs
        real_search = app.backend.search

        def search_counted(*args: Any, offset: int = 0, **kwargs: Any) -> Any:
            pages.append(offset)
            return real_search(*args, offset=offset, **kwargs)

        app.backend.search = search_counted  # type: ignore[method-assign]
        screen = await search(pilot, "breakwater")
        results = screen.query_one(ResultsList)
        assert len(results.hits) == 1 and screen.result is not None and screen.result.total == 2
        # Every result is in (no page to wait for), and the box says why there are fewer.
        assert results.total == 1
        await pilot.pause()
        assert pages and not any(pages), f"a further page was asked for: offsets {pages}"
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
            lambda: screen.query("#timeline") and screen.query_one("#timeline", TimelineBar).buckets,
            "the timeline",
        )
        bar = screen.query_one("#timeline", TimelineBar)
        assert bar.has_focus and bar.timeline is not None
        dated = sorted(d for d in days if d)
        span = (date.fromisoformat(dated[-1]) - date.fromisoformat(dated[0])).days + 1
        assert len(bar.timeline.counts) == span  # by day: one bar a day
        assert sum(bar.timeline.counts) == len(dated)
        assert "by day" in str(bar.border_title) and "1 undated" in str(bar.border_subtitle)
        await pilot.press("T")
        await pilot.pause()
        assert not bar.display and screen.query_one(ResultsList).has_focus


def _dated_wire(corpus: Path, days: list[str]) -> list[dict[str, str]]:
    """Records on these days with texts of their own (no copies to fold)."""
    records = []
    for n, day in enumerate(days):
        words = " ".join(f"{w}{n}" for w in ("quay", "crane", "ferry", "tide", "berth", "pier", "dock"))
        text = f"Harbour report {n}. The {words} were counted on the day by the harbour office."
        records.append({"id": f"w{n}", "title": f"Harbour report {n}", "text": text, "date": day})
    with open(corpus / "wire.jsonl", "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in records)
    return records


@pytest.mark.parametrize(
    ("days", "unit"),
    [
        (["2021-03-01", "2021-03-02", "2021-03-02", "2021-03-04", "2021-03-05", "2021-03-09"], "day"),
        (["2021-01-04", "2021-01-20", "2021-02-02", "2021-02-03", "2021-03-15", "2021-07-30"], "week"),
    ],
)
async def test_a_range_on_the_timeline_filters_the_search(
    corpus: Path, tmp_path: Path, days: list[str], unit: str
) -> None:
    """Right, Shift+Right, Enter: the query gets the range's dates and the results are those of
    the same search from the command line, and the records dated in the range."""
    records = _dated_wire(corpus, days)
    index = tmp_path / "index"
    update_index(index, [corpus], entities=False)
    app = make_app(index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "harbour")
        screen.query_one(ResultsList).focus()
        await pilot.press("T")
        await wait_for(
            pilot, lambda: screen.query("#timeline") and screen.query_one(TimelineBar).buckets, "bars"
        )
        bar = screen.query_one(TimelineBar)
        assert bar.timeline is not None and bar.timeline.unit == unit
        await pilot.press("right", "shift+right", "shift+right")
        chosen = bar.selected
        assert chosen is not None
        first, last = chosen
        assert first == bar.buckets[1].start and last == bar.buckets[3].end
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: screen.result is not None and "date:" in screen.result.query and not screen.workers,
            "the filtered results",
        )
        assert screen.result is not None
        query = screen.result.query
        assert query == f"harbour date:{first.isoformat()}..{last.isoformat()}"
        shown = {h.id for h in screen.query_one(ResultsList).hits}
        proc = run_cli("--index", str(index), "search", query, "--json", "--limit", "100")
        assert proc.returncode == 0, proc.stderr
        assert shown == {h["id"] for h in json.loads(proc.stdout)["hits"]}
        in_range = {r["id"] for r in records if first <= date.fromisoformat(r["date"]) <= last}
        assert shown == in_range and in_range  # the test is void if the range held nothing
        # Esc leaves the timeline for the results, the filter stays
        bar.focus()
        await pilot.press("escape")
        await pilot.pause()
        assert screen.query_one(ResultsList).has_focus and "date:" in screen.query_text


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
