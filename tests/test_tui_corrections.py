"""Correcting entities from the sidebar (the real app, Pilot, the seed index): each key writes
entities.toml and the sidebar, filters and highlights show the correction at once; ``w`` lists
what appears with an entity."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest
from textual.pilot import Pilot

from spacetui.entities import EntityInfo, entity_key
from spacetui.entities.overrides import norm
from spacetui.paths import entities_file
from spacetui.tui.screens.entity_edit import AppearsWithScreen, ChoiceScreen, NameScreen, PickEntityScreen
from spacetui.tui.screens.main import MainScreen
from spacetui.tui.widgets.chips import Chip
from spacetui.tui.widgets.sidebar import EntitySidebar
from tests.test_tui_app import SIZE, anyio_backend, choose_entity, make_app, ready, wait_for

pytestmark = pytest.mark.anyio
__all__ = ["anyio_backend"]  # the fixture, shared


def chips(screen: MainScreen) -> list[str]:
    return [str(c.render()) for c in screen.query(Chip)]


def shown(screen: MainScreen) -> dict[tuple[str, str], EntityInfo]:
    return {(i.type, i.name): i for i in screen.query_one(EntitySidebar)._by_option.values()}


async def highlight(pilot: Pilot[int], screen: MainScreen, type_: str, name: str) -> EntityInfo:
    sidebar = screen.query_one(EntitySidebar)
    await wait_for(pilot, lambda: (type_, name) in shown(screen), name)
    sidebar.expanded.add(type_)
    sidebar._rebuild()
    sidebar.focus()
    sidebar.highlighted = sidebar.get_option_index(f"e:{type_}:{name}")
    await pilot.pause()
    return shown(screen)[(type_, name)]


def highlighted(screen: MainScreen) -> tuple[str, str] | None:
    info = screen.query_one(EntitySidebar).highlighted_entity
    return (info.type, info.name) if info else None


def written() -> dict[str, object]:
    return tomllib.loads(entities_file().read_text(encoding="utf-8"))


def articles_naming(screen: MainScreen, names: set[str]) -> int:
    """Articles of the current results whose own entities name any of ``names``."""
    backend = screen.app.backend  # type: ignore[attr-defined]
    assert screen.result is not None
    count = 0
    for hit in screen.result.hits:
        article = backend.article(hit.id)
        forms = {norm(n) for e in article.entities for n in [e.name, *e.aliases]}
        count += bool(forms & {norm(n) for n in names})
    return count


async def test_x_hides_an_entity_and_u_brings_it_back(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        before = await highlight(pilot, screen, "org", "Guardian")
        await pilot.press("x")
        await wait_for(pilot, lambda: ("org", "Guardian") not in shown(screen), "Guardian hidden")
        assert written() == {"hide": ["org:Guardian"]}
        await pilot.press("u")
        await wait_for(pilot, lambda: ("org", "Guardian") in shown(screen), "Guardian back")
        assert shown(screen)[("org", "Guardian")].articles == before.articles
        assert not entities_file().exists()  # there was no file before the correction


async def test_r_renames_and_the_old_name_stays_an_alias(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        before = await highlight(pilot, screen, "person", "Elon Musk")
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, NameScreen), "the name dialog")
        await pilot.press(*"Elon R. Musk", "enter")
        await wait_for(pilot, lambda: ("person", "Elon R. Musk") in shown(screen), "renamed")
        after = shown(screen)[("person", "Elon R. Musk")]
        assert ("person", "Elon Musk") not in shown(screen)
        assert "Elon Musk" in after.aliases and after.articles == before.articles
        assert highlighted(screen) == ("person", "Elon R. Musk")  # the highlight goes with it
        assert written() == {"rename": {"person:Elon Musk": "Elon R. Musk"}}
        # Esc in the dialog changes nothing.
        await highlight(pilot, screen, "person", "Elon R. Musk")
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, NameScreen), "the name dialog")
        await pilot.press("escape")
        assert written() == {"rename": {"person:Elon Musk": "Elon R. Musk"}}


async def test_m_merges_into_a_picked_entity_of_one_type_and_the_filter_follows(
    seed_index: Path, tmp_path: Path
) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        station = "International Space Station"
        both = articles_naming(screen, {station, "SpaceX"})
        await choose_entity(pilot, screen, station)  # a filter on the entity about to be merged
        await wait_for(pilot, lambda: screen.result and screen.result.filters, "filtered")
        await highlight(pilot, screen, "place", station)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, PickEntityScreen), "the picker")
        picker = app.screen
        assert isinstance(picker, PickEntityScreen)
        await pilot.press(*"spcex")  # a typo still finds it
        await wait_for(pilot, lambda: picker.shown and picker.shown[0].name == "SpaceX", "SpaceX first")
        await pilot.press("enter")
        await wait_for(pilot, lambda: ("place", station) not in shown(screen), "merged")
        merged = shown(screen)[("org", "SpaceX")]
        assert station in merged.aliases
        assert highlighted(screen) == ("org", "SpaceX")
        assert written() == {"merge": {"org:SpaceX": [f"place:{station}"]}}
        # The chip names the merged entity; its articles are those that name either.
        await wait_for(
            pilot, lambda: [str(c.render()) for c in screen.query(Chip)] == ["org: SpaceX ✕"], "chip"
        )
        await wait_for(pilot, lambda: screen.result and screen.result.total == both, "results")
        assert merged.articles == both  # one count per article, not one per name
        assert not any(n == station for _, n in shown(screen))


async def test_t_changes_the_type(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        before = await highlight(pilot, screen, "product", "Crew Dragon")
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen), "the type list")
        await pilot.press("j", "enter")  # from "product", one down: "event"
        await wait_for(pilot, lambda: ("event", "Crew Dragon") in shown(screen), "retyped")
        assert ("product", "Crew Dragon") not in shown(screen)
        assert shown(screen)[("event", "Crew Dragon")].articles == before.articles
        assert highlighted(screen) == ("event", "Crew Dragon")
        assert written() == {"type": {"product:Crew Dragon": "event"}}
        sidebar = screen.query_one(EntitySidebar)
        assert any(o.id == "head:event" for o in sidebar.options)


async def test_a_splits_off_an_alias(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        before = await highlight(pilot, screen, "person", "Yulia Peresild")
        assert before.aliases == ["Yulia Pereslid"]
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen), "the alias list")
        await pilot.press("enter")
        await wait_for(pilot, lambda: ("person", "Yulia Pereslid") in shown(screen), "split")
        assert shown(screen)[("person", "Yulia Peresild")].aliases == []
        assert written() == {"split": {"Yulia Peresild": ["Yulia Pereslid"]}}
        # An entity with no other name says so and writes nothing.
        await highlight(pilot, screen, "person", "Dmitry Rogozin")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert written() == {"split": {"Yulia Peresild": ["Yulia Pereslid"]}}


async def test_w_lists_what_appears_with_an_entity_in_these_results(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await highlight(pilot, screen, "person", "Dmitry Rogozin")
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, AppearsWithScreen), "the list")
        listing = app.screen
        assert isinstance(listing, AppearsWithScreen)
        # Against the articles themselves: every other entity (by the corpus's canonical key)
        # of the results that name him, once per article.
        backend = app.backend
        corpus = backend._svc().corpus()
        assert screen.result is not None
        him = corpus.canonical_key(entity_key("person", "Dmitry Rogozin"))
        expected: Counter[str] = Counter()
        together = 0
        for hit in screen.result.hits:
            article = backend.article(hit.id)
            assert article is not None
            keys = {corpus.canonical_key(entity_key(e.type, e.name)) for e in article.entities}
            if him in keys:
                together += 1
                expected.update(keys - {him})
        assert together and listing.together == together
        assert {i.keys[0]: i.articles for i in listing.others} == dict(expected)
        first = listing.others[0]
        await pilot.press("enter")  # adds it as a filter
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "closed")
        await wait_for(
            pilot,
            lambda: [str(c.render()) for c in screen.query(Chip)] == [f"{first.type}: {first.name} ✕"],
            "chip",
        )


async def test_tab_into_the_sidebar_highlights_an_entity_so_its_keys_work_at_once(
    seed_index: Path, tmp_path: Path
) -> None:
    # Seen in tmux: Tab to the sidebar, then `w`, did nothing (the first row is a heading, which
    # cannot be highlighted, so no entity was).
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        sidebar = screen.query_one(EntitySidebar)
        await wait_for(pilot, lambda: bool(shown(screen)), "entities")
        sidebar.highlighted = None
        sidebar.focus()
        await pilot.pause()
        first = next(o.id for o in sidebar.options if (o.id or "").startswith("e:"))
        assert sidebar.highlighted_option is not None and sidebar.highlighted_option.id == first
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, AppearsWithScreen), "the list")
