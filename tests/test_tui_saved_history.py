"""Saved searches, query history and back/forward in the real app (Pilot) on real indexes."""

from __future__ import annotations

from pathlib import Path

import pytest

from spacetui.library import LibraryStore
from spacetui.library.state import LIBRARY_FILE
from spacetui.search.service import SearchService
from spacetui.tui.screens.entity_edit import NameScreen
from spacetui.tui.screens.main import MainScreen
from spacetui.tui.widgets.results import ResultsList
from spacetui.tui.widgets.search_bar import SearchBar
from spacetui.tui.widgets.sidebar import EntitySidebar
from tests.test_saved_history import build, hashes_now, rocket_index, write
from tests.test_tui_app import SIZE, make_app, ready, search, wait_for

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def stored(index_dir: Path) -> LibraryStore:
    return LibraryStore(index_dir / LIBRARY_FILE)


def saved_rows(screen: MainScreen) -> dict[str, tuple[int, int]]:
    """The sidebar's Saved section: name -> (total, new) as listed."""
    sidebar = screen.query_one(EntitySidebar)
    listed = {o.id[2:] for o in sidebar.options if o.id and o.id.startswith("s:")}
    return {s.search.name: (s.total, s.new) for s in sidebar.saved if s.search.name in listed}


async def highlight_saved(pilot: object, screen: MainScreen, name: str) -> EntitySidebar:
    sidebar = screen.query_one(EntitySidebar)
    sidebar.focus()
    sidebar.highlighted = sidebar.get_option_index(f"s:{name}")
    return sidebar


async def test_save_a_search_see_its_new_count_after_an_index_run_and_open_it(
    tmp_path: Path, corpus: Path
) -> None:
    index_dir = rocket_index(tmp_path, corpus)
    app = make_app(index_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await search(pilot, "rocket")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, NameScreen), "the name dialog")
        await pilot.press("ctrl+u", *"Launches", "enter")
        seen = set(hashes_now(index_dir, "rocket"))
        await wait_for(pilot, lambda: "Launches" in saved_rows(screen), "the Saved section")
        assert saved_rows(screen)["Launches"] == (len(seen), 0)
        kept = stored(index_dir).saved_search("launches")
        assert kept is not None and (kept.query, kept.sort) == ("rocket", "relevance")

        # Another process indexes two more rocket articles (and one that does not match).
        write(corpus, "rocket8.txt", "Rocket launch 8", "Rocket 8 launched at dawn.")
        write(corpus, "rocket9.txt", "Rocket launch 9", "Rocket 9 launched at dusk.")
        write(corpus, "tea.txt", "Tea", "Green tea.")
        build(index_dir, corpus)
        now = hashes_now(index_dir, "rocket")
        expected = (len(now), len(set(now) - seen))
        assert expected[1] == 2
        await wait_for(pilot, lambda: saved_rows(screen)["Launches"] == expected, "the new count")

        # Open it from the sidebar, from elsewhere: its query runs, and nothing is new any more.
        screen.query_one(SearchBar).value = "tea"
        await wait_for(pilot, lambda: screen.result is not None and screen.result.query == "tea", "tea")
        await highlight_saved(pilot, screen, "Launches")
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: screen.result is not None and screen.result.query == "rocket" and not screen.workers,
            "the saved search's results",
        )
        assert screen.query_one(SearchBar).value == "rocket"
        assert screen.result is not None and screen.result.total == len(now)
        await wait_for(pilot, lambda: saved_rows(screen)["Launches"] == (len(now), 0), "new reset")


async def test_palette_opens_and_sidebar_renames_and_deletes_a_saved_search(
    tmp_path: Path, corpus: Path
) -> None:
    from spacetui.search import saved

    index_dir = rocket_index(tmp_path, corpus)
    saved.save(SearchService(index_dir), "bakery", "bread", [], "date")
    app = make_app(index_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await wait_for(pilot, lambda: "bakery" in saved_rows(screen), "the Saved section")
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"bakery")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: screen.result is not None and screen.result.query == "bread", "opened by palette"
        )
        assert screen.sort == "date"

        await highlight_saved(pilot, screen, "bakery")
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, NameScreen), "the rename dialog")
        await pilot.press("ctrl+u", *"loaves", "enter")
        await wait_for(pilot, lambda: list(saved_rows(screen)) == ["loaves"], "renamed")
        assert [s.name for s in stored(index_dir).saved_searches()] == ["loaves"]

        await highlight_saved(pilot, screen, "loaves")
        await pilot.press("x")
        await wait_for(pilot, lambda: stored(index_dir).saved_searches() == [], "deleted")
        await wait_for(pilot, lambda: saved_rows(screen) == {}, "gone from the sidebar")


async def test_up_and_down_recall_queries_across_sessions(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        for query in ("space", "dogecoin", "space"):
            bar = screen.query_one(SearchBar)
            bar.value = ""
            await search(pilot, query)
            bar.focus()
            await pilot.press("enter")
        await wait_for(pilot, lambda: stored(seed_index).history()[:2] == ["space", "dogecoin"], "saved")
        bar = screen.query_one(SearchBar)
        bar.focus()
        bar.value = "musk"
        await pilot.press("up")
        assert bar.value == "space"
        await pilot.press("up")
        assert bar.value == "dogecoin"
        await pilot.press("up")  # no earlier one: stays
        assert bar.value == "dogecoin"
        await pilot.press("down")
        assert bar.value == "space"
        await pilot.press("down")
        assert bar.value == "musk"  # what was typed comes back
        await wait_for(pilot, lambda: screen.query_one(ResultsList).hits, "results for musk")
        await pilot.press("down")
        assert screen.focused is screen.query_one(ResultsList)

    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        bar = screen.query_one(SearchBar)
        await wait_for(pilot, lambda: bar.history[:2] == ["space", "dogecoin"], "history loaded")
        bar.focus()
        await pilot.press("up")
        assert bar.value == "space"


async def test_brackets_go_back_and_forward_through_opened_articles(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        listing = screen.query_one(ResultsList)
        ids = [h.id for h in listing.hits]
        assert len(ids) == 2
        listing.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.panes() and screen.panes()[0].article, "first article")

        def shown() -> str | None:
            article = screen.active_pane.article if screen.active_pane else None
            return article.id if article else None

        await wait_for(pilot, lambda: shown() == ids[0], "first article")
        listing.focus()
        await pilot.press("j", "enter")
        await wait_for(pilot, lambda: shown() == ids[1], "second article")
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: shown() == ids[0], "back")
        await pilot.press("left_square_bracket")  # nothing earlier: stays, and says so
        await pilot.pause()
        assert shown() == ids[0]
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: shown() == ids[1], "forward")


async def test_the_new_keys_are_in_the_help_and_clash_with_nothing(seed_index: Path, tmp_path: Path) -> None:
    from spacetui.tui.screens.help import help_rows

    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        rows = {
            bid: (keys, section) for section, entries in help_rows(app) for keys, _, bid in entries if bid
        }
        for bid in ("main.save_search", "main.trail_back", "main.trail_forward", "search.history_back"):
            assert bid in rows
        # Each new key is bound once anywhere (so no box or pane shadows it).
        every_key = [
            k.strip() for _, entries in help_rows(app) for keys, _, _ in entries for k in keys.split(",")
        ]
        for bid in ("main.save_search", "main.trail_back", "main.trail_forward"):
            for key in rows[bid][0].split(","):
                assert every_key.count(key.strip()) == 1, key
        readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
        for key in ("`Ctrl+S`", "`[` `]`", "`↑` `↓`"):
            assert key in readme
