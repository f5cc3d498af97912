"""The real app (App.run_test + Pilot) on real indexes: the seeds and small fixture corpora."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget

from spacetui.config import Config, load_config
from spacetui.index.build import update_index
from spacetui.tui.app import SpacetuiApp
from spacetui.tui.messages import SearchDone
from spacetui.tui.screens.main import MainScreen
from spacetui.tui.widgets.article_view import ArticleView
from spacetui.tui.widgets.chips import Chip
from spacetui.tui.widgets.reading_pane import ReadingPane
from spacetui.tui.widgets.results import ResultsList
from spacetui.tui.widgets.search_bar import SearchBar
from spacetui.tui.widgets.sidebar import EntitySidebar

pytestmark = pytest.mark.anyio

SIZE = (120, 40)
POLL = 400  # polls of 0.02 s at most: a bound on waiting, not a timing assertion


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def make_app(index_dir: Path, tmp_path: Path, **config: object) -> SpacetuiApp:
    cfg = Config(path=tmp_path / "config.toml", **config)  # type: ignore[arg-type]
    return SpacetuiApp(index_dir, cfg)


async def wait_for(pilot: Pilot[int], condition: Callable[[], object], what: str) -> None:
    for _ in range(POLL):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"gave up waiting for {what}")


def main_screen(app: SpacetuiApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen), type(screen)
    return screen


def results_listed(screen: MainScreen, query: str) -> bool:
    return screen.result is not None and screen.result.query == query


def results_shown(screen: MainScreen, query: str | None = None) -> bool:
    """The results of ``query`` (any, if None) landed, and the sidebar shows their entities
    (it is filled in the frame after the results)."""
    result = screen.result
    if result is None or (query is not None and result.query != query):
        return False
    return screen.query_one(EntitySidebar).facets is result.facets


async def ready(pilot: Pilot[int]) -> MainScreen:
    """Wait until the index is open and the first results are shown."""
    app: SpacetuiApp = pilot.app  # type: ignore[assignment]
    await wait_for(
        pilot, lambda: isinstance(app.screen, MainScreen) and results_shown(app.screen), "first results"
    )
    return main_screen(app)


async def search(pilot: Pilot[int], text: str) -> MainScreen:
    screen = main_screen(pilot.app)  # type: ignore[arg-type]
    screen.query_one("#search").focus()
    await pilot.press(*text)
    await wait_for(
        pilot,
        lambda: results_shown(screen, text) and not screen.workers,
        f"results for {text!r}",
    )
    return screen


def titles(screen: MainScreen) -> list[str]:
    return [h.title for h in screen.query_one(ResultsList).hits]


def view_text(view: ArticleView) -> str:
    """What the article view draws, line by line (all of it, not only what is scrolled in)."""
    lines = []
    for index in range(view.line_count):
        lines.append("".join(segment.text for segment in view._line_segments(index)))
    return "\n".join(lines)


async def open_first(pilot: Pilot[int], screen: MainScreen) -> ReadingPane:
    screen.query_one(ResultsList).focus()
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen.panes() and screen.panes()[0].article, "article")
    return screen.panes()[0]


async def opened(pilot: Pilot[int], query: str) -> tuple[MainScreen, ReadingPane]:
    """The first result for ``query`` open in a reading pane."""
    screen = await ready(pilot)
    await search(pilot, query)
    return screen, await open_first(pilot, screen)


# --- search ----------------------------------------------------------------------------------


async def test_typing_a_query_updates_the_results(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert len(titles(screen)) == 2  # no query: every article
        assert "All 2 articles" in str(screen.query_one("#results-box").border_title)
        await search(pilot, "dogecoin")
        assert titles(screen) == ["Russia pulls ahead of Elon Musk in the race to shoot first movie in space"]
        box_title = str(screen.query_one("#results-box").border_title)
        assert "1 result for “dogecoin”" in box_title
        # The snippet carries the hit, marked as a hit.
        hit = screen.query_one(ResultsList).hits[0]
        assert any(is_hit and text.lower() == "dogecoin" for text, is_hit in hit.snippet)


async def test_new_results_and_typed_keys_lay_the_screen_out_no_more(
    seed_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every keystroke echoed a key and filled the result list; each change of their scrollable
    # size was taken for a change of layout, and the whole screen was laid out and drawn again
    # twice per keystroke (a third of a keystroke's time at a million articles).
    from textual.screen import Screen

    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        results, bar = screen.query_one(ResultsList), screen.query_one(SearchBar)
        hits = results.hits
        results.set_hits(hits * 30, 60)  # taller than the list: it has a scroll bar
        await wait_for(pilot, lambda: results.show_vertical_scrollbar and results.drawn, "a scroll bar")
        await pilot.pause(0.2)  # (and its arrival laid out: the list a column narrower)
        layouts: list[str] = []
        original = Screen._refresh_layout

        def counted(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
            if not kwargs.get("scroll"):  # (a box scrolled: its place on screen looked up again)
                layouts.append(type(self).__name__)
            original(self, *args, **kwargs)

        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        results.set_hits(hits * 20, 40)  # another page, another height, the scroll bar stays
        await pilot.pause()
        assert (
            layouts == [] and len(results.options) == 40 and results.virtual_size.height > results.size.height
        )
        # A query longer than the box: every key echoed without a layout, the box showing its end.
        bar.focus()
        monkeypatch.setattr(screen, "_schedule_search", lambda: None)  # (the results stay as they are)
        await pilot.pause()
        layouts.clear()
        typed = "z" * 130 + "end"
        await pilot.press(*typed)
        await pilot.pause()
        assert bar.value == typed and layouts == []
        row = "".join(s.text for s in app.screen._compositor.render_strips()[1])
        assert "zzzend" in row and bar.scroll_x > 0, row


async def test_the_sidebar_counts_entities_once_the_results_are_drawn(
    seed_index: Path, tmp_path: Path
) -> None:
    # Counted "after the next refresh", the entities were often counted while the results were
    # being drawn: the counting thread and the drawing shared the interpreter, and the results
    # came later (at a million articles the count is a third of a search).
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        results = screen.query_one(ResultsList)
        backend = app.backend
        counted = backend.facets
        drawn_when_counted: list[bool] = []

        def facets(*args: Any, **kwargs: Any) -> Any:
            drawn_when_counted.append(results.drawn or not results.display)  # (none to draw)
            return counted(*args, **kwargs)

        backend.facets = facets  # type: ignore[method-assign]
        for query in ("space", "film", "russia", "dogecoin", "space film"):
            screen.query_one(SearchBar).value = ""
            await search(pilot, query)
        assert drawn_when_counted and all(drawn_when_counted), drawn_when_counted


async def test_stale_results_never_replace_newer_ones(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await search(pilot, "dogecoin")
        shown = titles(screen)
        from spacetui.search.results import SearchResult

        old = SearchResult(query="cruise", total=0)
        screen.post_message(SearchDone(screen._seq - 1, old))
        await pilot.pause(0.1)
        assert titles(screen) == shown
        assert screen.result is not None and screen.result.query == "dogecoin"


async def test_half_typed_syntax_is_searched_as_words_and_said_so(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await search(pilot, "cruise")
        before = titles(screen)
        assert len(before) == 2
        body = screen.query_one("#body").region
        await pilot.press("space", "quotation_mark")
        status = screen.query_one("#query-status")
        await wait_for(
            pilot,
            lambda: "Read as words: an unclosed quote" in str(status.render()),
            "notice",
        )
        assert not status.has_class("-error")
        assert titles(screen) == before  # the words alone: the same results
        # the notice has its own row: nothing below moves while a query is typed
        assert screen.query_one("#body").region == body
        await pilot.press("backspace", "backspace")
        await wait_for(pilot, lambda: not str(status.render()).strip(), "the notice to clear")


async def test_no_results_offers_did_you_mean(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await search(pilot, "pereslidd")
        empty = screen.query_one("#empty-text")
        # "did you mean" follows the (empty) results: the search a keystroke waits for does not
        # look through the index's words
        assert screen.result is not None and screen.result.to_correct == "pereslidd"
        await wait_for(pilot, lambda: "Did you mean “pereslid”" in str(empty.render()), "the suggestion")
        assert "No results" in str(empty.render())
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: screen.result and screen.result.query == "pereslid", "suggestion")
        # (both seeds: "pereslid" also finds the other spelling of the same person's name)
        await wait_for(pilot, lambda: len(titles(screen)) == 2, "suggested results")


async def test_no_results_names_the_exclusion_that_left_all_out(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await search(pilot, "space -musk")
        empty = screen.query_one("#empty-text")
        # both seeds say "space", and both name Musk
        await wait_for(pilot, lambda: "“-musk” leaves out both articles" in str(empty.render()), "the cause")
        assert "Try fewer words" not in str(empty.render())


async def test_a_misspelt_word_among_known_ones_offers_did_you_mean(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await search(pilot, "pereslidd cruise")  # no article has both: those with "cruise" show
        status = screen.query_one("#query-status")
        await wait_for(pilot, lambda: "Did you mean" in str(status.render()), "suggestion")
        assert "“pereslid cruise”" in str(status.render()) and titles(screen)
        await pilot.press("ctrl+y")
        await wait_for(
            pilot, lambda: screen.result and screen.result.query == "pereslid cruise", "suggested search"
        )
        await wait_for(pilot, lambda: "Did you mean" not in str(status.render()), "the suggestion to go")


async def test_sort_by_date(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await search(pilot, "cruise")
        screen.query_one(ResultsList).focus()
        await pilot.press("s")
        await wait_for(pilot, lambda: screen.result and screen.result.sort == "date", "date sort")
        assert "newest first" in str(screen.query_one("#results-box").border_title)
        assert titles(screen)[0].startswith("Russia pulls ahead")  # the dated one first


# --- reading -----------------------------------------------------------------------------------


async def test_open_article_starts_a_find_and_n_steps(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        _, pane = await opened(pilot, "cruise")
        total = len(pane.hits)
        assert total >= 3
        assert f"“cruise” 1 of {total}" in pane.status_text
        text = view_text(pane.view)
        assert "Cruise" in text
        for block, start, end in pane.hits:
            assert pane.document is not None
            assert pane.document.blocks[block].text[start:end].lower() == "cruise"
        await pilot.press("n")
        assert f"“cruise” 2 of {total}" in pane.status_text
        await pilot.press("N", "N")
        assert f"“cruise” {total} of {total}" in pane.status_text
        # The article is all there: headline, byline, paragraphs.
        assert pane.article is not None
        assert text.splitlines()[0].startswith(pane.article.title[:20])
        assert " ".join(pane.article.body[-1].split()[:6]) in " ".join(text.split())


async def test_a_hit_shown_before_the_view_has_a_size_lands_a_third_down() -> None:
    # Opening an article can ask for its first hit before the layout has sized the view (seen
    # under load): a third of no height put the hit on the top line, with no text before it.
    from textual.app import App, ComposeResult

    from spacetui.articles.model import Article
    from spacetui.tui.document import build_document

    paragraphs = [f"Paragraph {n} says nothing much at all here." for n in range(60)]
    paragraphs[40] = "Here is the needle."
    document = build_document(Article(id="a", title="A title", body=paragraphs))
    block = next(i for i, b in enumerate(document.blocks) if "needle" in b.text)

    class OneView(App[None]):
        def compose(self) -> ComposeResult:
            yield ArticleView()

        def on_mount(self) -> None:
            view = self.query_one(ArticleView)
            assert view.scrollable_content_region.height == 0  # the case under test
            view.set_document(document)
            view.reveal(block, 0)

    app = OneView()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(ArticleView)
        await wait_for(pilot, lambda: view.scroll_y > 0, "the view to scroll to the hit")
        await pilot.pause()
        height = view.scrollable_content_region.height
        assert view.scroll_y == view.line_of(block, 0) - height // 3


async def test_f_starts_a_new_find_in_the_pane(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        _, pane = await opened(pilot, "dogecoin")
        await pilot.press("f")
        assert pane.find_bar.display and pane.find_bar.has_focus
        await pilot.press(*"roscosmos")
        await wait_for(pilot, lambda: pane.find_query == "roscosmos", "the find")
        assert pane.hits and f"“roscosmos” 1 of {len(pane.hits)}" in pane.status_text
        await pilot.press("enter")
        assert not pane.find_bar.display and pane.view.has_focus
        await pilot.press("n")
        assert f"“roscosmos” 2 of {len(pane.hits)}" in pane.status_text


async def test_keys_in_one_burst_find_then_step_in_the_order_typed(seed_index: Path, tmp_path: Path) -> None:
    """As a terminal delivers a fast typist or a paste: every key queued before any is handled."""
    from textual import events

    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        _, pane = await opened(pilot, "dogecoin")
        for key, char in [("f", "f"), *((c, c) for c in "roscosmos"), ("enter", "\r"), ("n", "n")]:
            app.post_message(events.Key(key, char))
        await wait_for(pilot, lambda: pane.find_query == "roscosmos", "the find")
        await pilot.pause()
        assert len(pane.hits) == 2 and not pane.raw
        assert "“roscosmos” 2 of 2" in pane.status_text, pane.status_text
        # The narrow case of that burst: "n" handled while the last letter's Input.Changed is
        # still queued (the previous find already shown) steps through the new find's hits.
        await pilot.press("f", *"roscosm")
        await wait_for(pilot, lambda: pane.find_query == "roscosm", "the find")
        pane.find_bar.value = "roscosmos"
        pane.action_next_hit()
        await wait_for(pilot, lambda: pane.find_query == "roscosmos", "the newer find")
        await pilot.pause()
        assert "“roscosmos” 2 of 2" in pane.status_text, pane.status_text


async def test_second_pane_opens_beside_and_closing_gives_space_back(
    seed_index: Path, tmp_path: Path
) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, first = await opened(pilot, "cruise")
        solo_width = first.size.width
        results = screen.query_one(ResultsList)
        results.focus()
        await pilot.press("j", "v")
        await wait_for(pilot, lambda: len(screen.panes()) == 2, "second pane")
        panes = screen.panes()
        await wait_for(pilot, lambda: all(p.article for p in panes), "both articles")
        assert {p.article.id for p in panes if p.article} == {h.id for h in results.hits}
        await pilot.pause()
        assert panes[0].size.width < solo_width and panes[1].size.width < solo_width
        # Each pane has its own find state.
        panes[1].view.focus()
        await pilot.press("n")
        assert "2 of" in panes[1].status_text and "1 of" in panes[0].status_text
        await pilot.press("x")
        await wait_for(pilot, lambda: len(screen.panes()) == 1, "one pane")
        await pilot.pause()
        assert screen.panes()[0].size.width == solo_width
        await pilot.press("x")
        await wait_for(pilot, lambda: not screen.panes(), "no pane")
        assert not screen.query_one("#panes").display


async def test_a_new_pane_is_the_spare_made_ahead_and_a_fresh_spare_follows(
    seed_index: Path, tmp_path: Path
) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        spare = screen.query_one("#panes").query(ReadingPane).first()
        assert not spare.display and not screen.panes()
        await search(pilot, "cruise")
        pane = await open_first(pilot, screen)
        assert pane is spare and pane.display
        await wait_for(pilot, lambda: len(screen.query(ReadingPane)) == 2, "a new spare")
        assert screen.panes() == [pane]
        # A pane closed with its find bar open and raw text on does not come back that way.
        await pilot.press("r", "f", *"space")
        assert pane.raw and pane.find_bar.display
        await screen.close_pane(pane)
        await wait_for(pilot, lambda: not screen.panes(), "the pane closed")
        pane = await open_first(pilot, screen)
        assert not pane.raw and not pane.find_bar.display and pane.find_query == "cruise"


async def test_the_box_holding_the_focus_has_the_bright_border_in_any_theme(
    seed_index: Path, tmp_path: Path
) -> None:
    from textual.color import Color

    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, pane = await opened(pilot, "cruise")
        box = screen.query_one("#results-box")

        def colour(name: str) -> Color:
            return Color.parse(app.theme_variables[name])

        assert pane.styles.border_top[1] == colour("border")
        assert box.styles.border_top[1] == colour("border-blurred")
        screen.query_one(ResultsList).focus()
        await pilot.pause()
        assert box.styles.border_top[1] == colour("border")
        assert pane.styles.border_top[1] == colour("border-blurred")
        app.theme = "gruvbox" if app.theme != "gruvbox" else "nord"
        await pilot.pause()
        assert box.styles.border_top[1] == colour("border")
        assert pane.styles.border_top[1] == colour("border-blurred")


async def test_escape_backs_out_one_level(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, pane = await opened(pilot, "cruise")
        await pilot.press("f")
        assert pane.find_bar.has_focus
        await pilot.press("escape")
        assert pane.view.has_focus
        await pilot.press("escape")
        assert screen.query_one(ResultsList).has_focus
        await pilot.press("escape")
        assert screen.query_one("#search").has_focus
        await pilot.press("escape")  # and out of the search box again, to the results
        assert screen.query_one(ResultsList).has_focus


async def test_raw_related_copy_and_export(
    seed_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TMUX", raising=False)  # (y under tmux: tests/test_tui_library.py)
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        _, pane = await opened(pilot, "dogecoin")
        await pilot.press("r")
        await wait_for(pilot, lambda: pane.document is not None and pane.document.raw, "raw text")
        assert "raw" in pane.status_text
        await pilot.press("r")
        await wait_for(pilot, lambda: pane.document is not None and not pane.document.raw, "clean text")
        await pilot.press("y")
        assert app.clipboard.startswith("# Russia pulls ahead")
        await pilot.press("e")
        exported = list(tmp_path.glob("*.md"))
        assert len(exported) == 1 and "Dogecoin" in exported[0].read_text()
        await pilot.press("R")
        from spacetui.tui.screens.related import RelatedScreen

        await wait_for(pilot, lambda: isinstance(app.screen, RelatedScreen), "related articles")
        assert app.screen.hits[0].title.startswith("Tom Cruise Has")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: pane.article and pane.article.title.startswith("Tom Cruise"), "related open"
        )


# --- entities ----------------------------------------------------------------------------------


async def choose_entity(pilot: Pilot[int], screen: MainScreen, name: str) -> None:
    sidebar = screen.query_one(EntitySidebar)
    await wait_for(pilot, lambda: any(i.name == name for i in sidebar._by_option.values()), name)
    option_id = next(k for k, i in sidebar._by_option.items() if i.name == name)
    sidebar.focus()
    sidebar.highlighted = sidebar.get_option_index(option_id)
    await pilot.press("enter")


async def test_the_sidebar_heading_says_how_many_entities_the_results_name(
    seed_index: Path, tmp_path: Path
) -> None:
    # The sidebar lists the most named of each type; its heading counts them all, and once a
    # type is opened up a last line says how many more are not listed.
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        sidebar = screen.query_one(EntitySidebar)
        result = screen.result
        assert result is not None
        assert result.entity_totals["person"] == sum(f.type == "person" for f in result.facets) > 0

        def text(option_id: str) -> str:
            return str(sidebar.get_option(option_id).prompt)

        people = [f for f in result.facets if f.type == "person"]
        dates = [f for f in result.facets if f.type == "date"]
        assert text("head:person") == f"People ({len(people)})"
        assert len(dates) > 8  # (more than a type shows before it is opened up)
        sidebar.set_facets(result.facets, set(), {**result.entity_totals, "date": 1234})
        assert text("head:date") == "Dates (1,234)"
        assert text("more:date") == f"  … {1234 - 8:,} more"
        sidebar.highlighted = sidebar.get_option_index("more:date")
        sidebar.action_choose()
        assert text("rest:date") == f"  … {1234 - len(dates):,} more in fewer articles"


async def test_entity_sidebar_groups_counts_and_aliases(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        sidebar = screen.query_one(EntitySidebar)
        headers = [o.id for o in sidebar.options if o.id and o.id.startswith("head:")]
        assert headers[:3] == ["head:person", "head:org", "head:place"]
        infos = {i.name: i for i in sidebar._by_option.values()}
        assert infos["Yulia Peresild"].articles == 2
        assert "Yulia Pereslid" in infos["Yulia Peresild"].aliases
        from spacetui.tui.widgets.sidebar import entity_label

        assert entity_label(infos["Yulia Peresild"]) == "Yulia Peresild (also: Yulia Pereslid)"
        await search(pilot, "dogecoin")
        counts = {i.name: i.articles for i in sidebar._by_option.values()}
        assert counts.get("Tom Cruise") == 1  # counts follow the result set


def assert_lines_styled_as_rich_layers_them(view: ArticleView) -> None:
    """Each line: its block's style, its mentions' over it, its hits' over those (as a rich Text
    styled span by span in that order renders it)."""
    from rich.text import Text

    assert view.document is not None
    style_of = view.get_component_rich_style
    for index in range(view.line_count):
        b, start, end = view._lines[index]
        block = view.document.blocks[b]
        text = Text(block.text[start:end], end="")
        if block.kind in ("headline", "standfirst", "meta", "raw"):
            text.stylize(style_of(f"article-view--{block.kind}"))
        for spans, current, name, now in (
            (view.mentions, view.current_mention, "mention", "mention-current"),
            (view.hits, view.current_hit, "hit", "current"),
        ):
            for n, (sb, s, e) in enumerate(spans):
                if sb == b and e > start and s < end:
                    style = style_of(f"article-view--{now if n == current else name}")
                    text.stylize(style, max(s, start) - start, min(e, end) - start)
        drawn = [(seg.text, seg.style or None) for seg in view._line_segments(index) if seg.text]
        expected = [(seg.text, seg.style or None) for seg in text.render(view.app.console) if seg.text]
        assert drawn == expected, (index, drawn, expected)


async def test_choosing_an_entity_adds_a_chip_filters_and_highlights(
    seed_index: Path, tmp_path: Path
) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await choose_entity(pilot, screen, "Dmitry Rogozin")
        await wait_for(pilot, lambda: screen.result and screen.result.filters, "filtered results")
        chips = list(screen.query(Chip))
        assert [str(c.render()) for c in chips] == ["person: Dmitry Rogozin ✕"]
        assert titles(screen) == ["Russia pulls ahead of Elon Musk in the race to shoot first movie in space"]
        title = str(screen.query_one("#results-box").border_title)
        assert title.startswith("1 article · person: Dmitry Rogozin"), title  # not "All 1 articles"
        pane = await open_first(pilot, screen)
        assert pane.mentions, "the chosen entity's mentions are highlighted"
        await pilot.press("m")
        assert f"mention 1 of {len(pane.mentions)}" in pane.status_text
        block, start, end = pane.mentions[0]
        assert pane.document is not None
        assert pane.document.blocks[block].text[start:end] == "Dmitry Rogozin"
        await pilot.press("f", *"russia", "enter")  # hits too, some inside or beside mentions
        await wait_for(pilot, lambda: pane.hits, "hits")
        assert_lines_styled_as_rich_layers_them(pane.view)
        # Backspace in the empty search box removes the chip.
        screen.query_one("#search").focus()
        await pilot.press("backspace")
        await wait_for(pilot, lambda: not screen.query(Chip), "chip removed")
        await wait_for(pilot, lambda: len(titles(screen)) == 2, "unfiltered results")
        assert not pane.mentions


# --- keys, help, palette, config ------------------------------------------------------------


def test_every_binding_has_an_id_and_a_description() -> None:
    from spacetui.tui.screens.help import sections

    seen = set()
    for _title, classes in sections():
        for cls in classes:
            for b in cls.__dict__.get("BINDINGS", []):
                assert b.id and b.description, (cls.__name__, b)
                assert b.id not in seen, b.id
                seen.add(b.id)


async def test_help_is_generated_from_the_bindings(seed_index: Path, tmp_path: Path) -> None:
    from spacetui.tui.screens.help import HelpScreen, help_rows

    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        screen.query_one(ResultsList).focus()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {bid: (keys, desc) for _t, entries in help_rows(app) for keys, desc, bid in entries}
        assert rows["pane.next_hit"] == ("n", "Next hit")
        assert rows["app.quit"][1] == "Quit"
        await pilot.press("escape")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_keymap_from_the_config_rebinds_keys(seed_index: Path, tmp_path: Path) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text('[keymap]\n"pane.next_hit" = "l"\n"results.open_split" = "w"\n')
    config = load_config(config_file)
    app = SpacetuiApp(seed_index, config)
    async with app.run_test(size=SIZE) as pilot:
        _, pane = await opened(pilot, "cruise")
        await pilot.press("l")
        assert "2 of" in pane.status_text
        await pilot.press("n")  # no longer bound
        assert "2 of" in pane.status_text
        from spacetui.tui.screens.help import help_rows

        rows = {bid: keys for _t, entries in help_rows(app) for keys, _d, bid in entries}
        assert rows["pane.next_hit"] == "l"


async def test_palette_jumps_to_an_entity(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"rogozin")
        from textual.command import CommandList

        await wait_for(
            pilot,
            lambda: app.screen.query(CommandList) and app.screen.query_one(CommandList).option_count,
            "hits",
        )
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.filters, "the entity filter")
        assert screen.filters[0].value == "Dmitry Rogozin"


async def test_theme_from_config_and_remembered(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path, theme="nord")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.theme == "nord"
        app.theme = "gruvbox"
        await pilot.pause()
    assert load_config(tmp_path / "config.toml").theme == "gruvbox"


# --- hostile text and empty states -------------------------------------------------------------

HOSTILE = (
    "Hostile [bold]headline[/bold] \x1b[31mred\x1b[0m\n\n"
    "Click [@click=app.quit]here[/] to win. \x1b]52;c;aGVsbG8=\x07Clipboard grab. "
    "Bell\x07 and [link=http://evil.example]link[/link] and a cursor move \x1b[2J\x1b[H.\n\n"
    "Second paragraph mentions the hostile headline again with \u202eoverride\u202c text.\n"
)


async def test_hostile_article_text_is_inert(tmp_path: Path, corpus: Path) -> None:
    (corpus / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    index_dir = tmp_path / "hostile-index"
    update_index(index_dir, [corpus], entities=False)
    app = make_app(index_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await search(pilot, "hostile")
        results = screen.query_one(ResultsList)
        assert len(results.hits) == 1
        drawn = "\n".join(
            "".join(seg.text for seg in results.render_line(y)) for y in range(results.size.height)
        )
        assert "[bold]headline[/bold]" in drawn
        pane = await open_first(pilot, screen)
        text = view_text(pane.view)
        assert "[@click=app.quit]here[/]" in text
        assert "[link=http://evil.example]" in text
        for bad in ("\x1b", "\x07", "\u202e", "]52;"):
            assert bad not in text and bad not in drawn
        # Nothing drawn carries an action: the markup was never parsed.
        for y in range(pane.view.size.height):
            for seg in pane.view.render_line(y):
                assert not (seg.style and seg.style.meta and "@click" in seg.style.meta)
        await pilot.click(ArticleView, offset=(10, 4))
        assert app.is_running
        assert f"1 of {len(pane.hits)}" in pane.status_text


async def test_empty_index_says_what_to_do(tmp_path: Path, corpus: Path) -> None:
    index_dir = tmp_path / "empty-index"
    update_index(index_dir, [corpus], entities=False)
    app = make_app(index_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        empty = str(screen.query_one("#empty-text").render())
        assert "No articles yet" in empty and "spacetui index" in empty


async def test_first_run_builds_the_seed_index_with_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = tmp_path / "fresh"
    monkeypatch.setenv("SPACETUI_INDEX", str(index_dir))  # only the default index gets the seeds
    app = make_app(index_dir, tmp_path)
    seen: list[str] = []

    def hook(message: object) -> None:
        from spacetui.tui.messages import IndexProgress, IndexReady

        if isinstance(message, (IndexProgress, IndexReady)):
            seen.append(type(message).__name__)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        screen = await ready(pilot)
        assert len(titles(screen)) == 2
    assert "IndexProgress" in seen and seen[-1] == "IndexReady"


async def test_mouse_can_be_turned_off(tmp_path: Path) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text("[ui]\nmouse = false\n")
    assert load_config(config_file).mouse is False  # run_app passes it to App.run(mouse=...)


async def test_palette_jumps_to_an_article(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"russia pulls")
        from textual.command import CommandList

        def article_hit() -> bool:
            lists = app.screen.query(CommandList)
            if not lists:
                return False
            options = lists.first().options
            return any("Article: Russia pulls ahead" in str(o.prompt) for o in options)

        await wait_for(pilot, article_hit, "the article in the palette")
        commands = app.screen.query_one(CommandList)
        index = next(n for n, o in enumerate(commands.options) if "Article: Russia" in str(o.prompt))
        commands.highlighted = index
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: screen.panes() and screen.panes()[0].article,
            "the article",
        )
        article = screen.panes()[0].article
        assert article is not None and article.title.startswith("Russia pulls ahead")


async def test_results_load_a_page_at_a_time(tmp_path: Path, corpus: Path) -> None:
    from spacetui.tui.backend import PAGE

    for n in range(PAGE * 2 + 30):
        (corpus / f"story{n:03}.txt").write_text(
            f"Story number {n} about the harbour\n\nThe harbour board met on day {n} to talk about boats.\n",
            encoding="utf-8",
        )
    index_dir = tmp_path / "many"
    update_index(index_dir, [corpus], entities=False)
    app = make_app(index_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await search(pilot, "harbour")
        results = screen.query_one(ResultsList)
        assert results.total == PAGE * 2 + 30
        # only the first page is fetched and drawn: two screens of cards
        first = len(results.hits)
        assert 2 * results.size.height // 4 <= first < PAGE
        assert f"showing {first} of 130" in str(screen.query_one("#results-box").border_subtitle)
        # scrolled by the wheel, the cursor stays on the first card: the next page comes all the same
        results.scroll_end(animate=False)
        await wait_for(pilot, lambda: len(results.hits) == first + PAGE, "the page the scroll asked for")
        assert results.highlighted == 0
        results.focus()
        await pilot.press("G")  # the real last result: the pages between load on the way
        await wait_for(pilot, lambda: results.highlighted == results.total - 1, "the last result")
        assert len(results.hits) == results.total == PAGE * 2 + 30
        assert results.current is not None and results.current.id == results.hits[-1].id
        assert len({h.id for h in results.hits}) == len(results.hits)
        assert screen.query_one("#results-box").border_subtitle is None
        await pilot.press("g", "end")  # End does the same, with everything already loaded
        await wait_for(pilot, lambda: results.highlighted == results.total - 1, "End")

        # G, then g before the pages have come (both in one tick, so no page can land between):
        # the later key wins when they land.
        await search(pilot, "boats")
        results.focus()
        results.action_last()
        results.action_first()
        await wait_for(pilot, lambda: len(results.hits) > PAGE, "the page G asked for")
        await pilot.pause(0.3)
        assert results.highlighted == 0, (results.highlighted, len(results.hits))


def test_the_app_module_loads_no_index_or_nlp_code() -> None:
    """First paint waits for Textual only: Whoosh, spaCy and friends load later, in a worker."""
    import subprocess
    import sys

    code = (
        "import sys, spacetui.cli.main, spacetui.tui, spacetui.tui.app\n"
        "heavy = ('whoosh', 'spacy', 'dateparser', 'trafilatura', 'rapidfuzz', 'htmldate')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


async def test_reload_picks_up_articles_indexed_meanwhile(tmp_path: Path, corpus: Path) -> None:
    (corpus / "one.txt").write_text("First harbour story\n\nBoats in the harbour.\n", encoding="utf-8")
    index_dir = tmp_path / "live"
    update_index(index_dir, [corpus], entities=False)
    app = make_app(index_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert len(titles(screen)) == 1
        (corpus / "two.txt").write_text("Second harbour story\n\nMore boats.\n", encoding="utf-8")
        update_index(index_dir, [corpus], entities=False)  # e.g. `spacetui index` in another shell
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: len(titles(screen)) == 2, "the new article")
        assert "spacetui · 2 articles" in str(screen.query_one("#search").border_title)
        await pilot.press("ctrl+l")  # clearing no filters is harmless
        assert not screen.filters


async def test_zoom_fills_the_screen_and_escape_restores(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, pane = await opened(pilot, "cruise")
        await pilot.press("z")
        assert screen.maximized is pane
        await pilot.press("escape")
        assert screen.maximized is None
        assert pane.view.has_focus


async def test_an_index_from_an_older_spacetui_says_so(seed_index: Path, tmp_path: Path) -> None:
    from tests.test_cli import _make_outdated

    _make_outdated(seed_index)
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        notices = app._notifications
        await wait_for(pilot, lambda: any("older spacetui" in n.message for n in notices), "notice")


async def test_live_folders_add_new_articles_with_a_notice(tmp_path: Path) -> None:
    """A file dropped into an indexed folder while the app runs is indexed in the background
    (another process) and found, with one line saying so; typing was never blocked meanwhile."""
    from spacetui.index.build import update_index
    from spacetui.tui.messages import LiveUpdate

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Quarry opens\n\nA granite quarry opened near the river.", encoding="utf-8")
    update_index(tmp_path / "ix", [folder], entities=False)
    app = make_app(tmp_path / "ix", tmp_path, watch=True)
    updates: list[LiveUpdate] = []

    def hook(message: object) -> None:
        if isinstance(message, LiveUpdate) and all(message is not u for u in updates):
            updates.append(message)  # (the hook can see one message more than once)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        screen = await ready(pilot)
        assert titles(screen) == ["Quarry opens"]
        await pilot.pause(0.5)  # the watch is set up
        (folder / "b.txt").write_text("Marble prices\n\nMarble sold at a record price.", encoding="utf-8")
        for _ in range(3000):  # bounded: the update runs `spacetui index` in another process
            if updates and screen.index_articles == 2:
                break
            await pilot.pause(0.02)
        assert [(u.summary, u.error) for u in updates] == [("1 new article", None)]
        await search(pilot, "marble")
        assert titles(screen) == ["Marble prices"]
    for _ in range(200):  # the watch stops with the screen (it checks its stop event each step)
        if not any(t.name == "spacetui-watch" and t.is_alive() for t in threading.enumerate()):
            break
        await asyncio.sleep(0.02)
    assert not any(t.name == "spacetui-watch" and t.is_alive() for t in threading.enumerate())


async def test_e_on_the_results_exports_every_match(
    seed_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import csv

    from spacetui.search.service import SearchService

    monkeypatch.chdir(tmp_path)
    expected = SearchService(seed_index).search("space", limit=100, facets=False)
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search(pilot, "space")
        screen.query_one(ResultsList).focus()
        await pilot.press("e")
        await wait_for(
            pilot, lambda: "Export" in str(getattr(app.screen, "title_text", "")), "the format choice"
        )
        assert f"Export {expected.total} articles" in app.screen.title_text  # type: ignore[attr-defined]
        await pilot.press("down", "enter")  # the second choice: CSV
        await wait_for(pilot, lambda: list(tmp_path.glob("spacetui-space*.csv")), "the exported file")
        await wait_for(pilot, lambda: not list(tmp_path.glob("*.part")), "the file complete")
    rows = list(csv.DictReader((tmp_path / "spacetui-space.csv").open(encoding="utf-8")))
    assert sorted(r["id"] for r in rows) == sorted(h.id for h in expected.hits)


def use_browser(monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    import webbrowser

    monkeypatch.setenv("BROWSER", command)
    # webbrowser reads $BROWSER once a process: make it read this test's
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})


def page_with_url(tmp_path: Path) -> Path:
    from spacetui.index.build import update_index

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\ntitle: Quarry opens\nurl: https://example.org/quarry?id=1\n---\n\nA granite quarry opened.",
        encoding="utf-8",
    )
    update_index(tmp_path / "ix", [folder], entities=False)
    return tmp_path / "ix"


async def test_o_opens_the_articles_web_page_in_the_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = page_with_url(tmp_path)
    visited = tmp_path / "visited.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {visited}\n', encoding="utf-8")
    browser.chmod(0o755)
    use_browser(monkeypatch, f"{browser} %s &")  # '&': a browser that runs beside the app
    app = make_app(index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, "quarry")
        await pilot.press("o")
        for _ in range(POLL):
            if visited.exists() and visited.read_text():
                break
            await pilot.pause(0.02)
    assert visited.read_text() == "https://example.org/quarry?id=1"


async def test_a_browser_that_does_not_start_is_said_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = page_with_url(tmp_path)
    use_browser(monkeypatch, f"{tmp_path / 'no-such-browser'} %s &")
    app = make_app(index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, "quarry")
        await pilot.press("o")
        said = lambda: [n.message for n in app._notifications if "Could not start" in n.message]  # noqa: E731
        await wait_for(pilot, said, "a notification that the browser did not start")
        assert "https://example.org/quarry?id=1" in said()[0]


async def test_the_sidebar_widens_with_the_terminal_and_keeps_entities_to_two_lines(
    seed_index: Path, tmp_path: Path
) -> None:
    from rich.console import Console

    from spacetui.tui.widgets.sidebar import MAX_LINES, EntityLine, EntitySidebar

    aliases = ", ".join(f"Alias Number {n}" for n in range(12))
    console = Console(width=30, record=True)
    console.print(EntityLine("  ", f"Organisation of Petroleum Exporting Countries (also: {aliases})", 189))
    lines = console.export_text().splitlines()
    assert len(lines) == MAX_LINES and lines[-1].endswith("…") and "189" in lines[0]

    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=(200, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.query_one(EntitySidebar).outer_size.width == 40  # a fifth of 200
        await pilot.resize_terminal(120, 40)
        await pilot.pause(0.1)
        assert screen.query_one(EntitySidebar).outer_size.width == 32


async def test_ctrl_b_shows_the_sidebar_and_goes_there_and_hiding_gives_the_focus_back(
    seed_index: Path, tmp_path: Path
) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=(90, 40)) as pilot:  # narrow: the sidebar starts hidden
        screen = await ready(pilot)
        sidebar = screen.query_one(EntitySidebar)
        results = screen.query_one(ResultsList)
        assert not sidebar.display
        results.focus()
        await pilot.pause()
        await pilot.press("ctrl+b")
        assert sidebar.display and sidebar.has_focus
        await pilot.press("ctrl+b")
        assert not sidebar.display and results.has_focus
        # A key typed right behind ^b lands in the sidebar it showed (j moves its cursor there).
        from textual import events

        before = sidebar.highlighted
        for key, char in [("ctrl+b", None), ("j", "j")]:
            app.post_message(events.Key(key, char))
        await wait_for(pilot, lambda: sidebar.has_focus, "the sidebar")
        await pilot.pause()
        assert sidebar.highlighted is not None and sidebar.highlighted != before
        assert results.highlighted == 0  # j did not move the results


async def test_ctrl_b_goes_to_a_shown_sidebar_before_it_hides_it(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:  # wide: the sidebar starts shown
        screen = await ready(pilot)
        sidebar = screen.query_one(EntitySidebar)
        screen.query_one("#search").focus()
        await pilot.pause()
        assert sidebar.display and not sidebar.has_focus
        await pilot.press("ctrl+b")
        assert sidebar.display and sidebar.has_focus
        await pilot.press("ctrl+b")
        assert not sidebar.display and not sidebar.has_focus


async def test_keys_behind_enter_in_the_search_box_go_to_the_results(
    seed_index: Path, tmp_path: Path
) -> None:
    """The search box asks the screen for the results by message; the next key still lands there."""
    from textual import events

    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search(pilot, "space")
        results = screen.query_one(ResultsList)
        assert len(results.hits) >= 2
        start = results.highlighted
        for key, char in [("enter", "\r"), ("j", "j")]:
            app.post_message(events.Key(key, char))
        await wait_for(pilot, lambda: results.has_focus, "the results")
        await pilot.pause()
        assert screen.query_one("#search", SearchBar).value == "space"  # no j typed in the box
        assert results.highlighted == (start or 0) + 1


async def test_the_result_under_the_cursor_is_loaded_ahead_and_opens_as_it_is_now(
    seed_index: Path, tmp_path: Path
) -> None:
    from spacetui.library import ArticleRef

    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await search(pilot, "cruise")
        assert screen._prefetched is None  # typing in the search box loads nothing ahead
        listing = screen.query_one(ResultsList)
        listing.focus()
        await wait_for(pilot, lambda: screen._prefetched is not None, "the result loaded ahead")
        ahead = screen._prefetched
        assert ahead is not None and ahead.loaded.article is not None
        hit = listing.current
        assert hit is not None and ahead.loaded.article.id == hit.id
        assert ahead.loaded.document is not None
        wrapped_ahead = list(ahead.loaded.document._wraps.values())  # wrapped for the pane to come
        # Starred after it was loaded ahead: the pane shows the state at opening, not the old one.
        app.backend.change_library(ArticleRef.of(ahead.loaded.article), "star", True)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.panes() and screen.panes()[0].article, "article")
        pane = screen.panes()[0]
        assert pane.article is not None and pane.article.id == hit.id
        assert "★ starred" in pane.library_text
        assert screen._prefetched is None  # used once: the pane owns that document now
        # The width it was wrapped to ahead is the one the pane has: opening did not wrap it again.
        await pilot.pause()
        assert pane.view._wrap_width == pane.view.text_width()
        assert any(w.lines is pane.view._lines for w in wrapped_ahead)
        # The same text and hits as loading it at Enter gives.
        assert screen.result is not None and pane.document is not None
        fresh = screen._load("", hit.id, list(screen.result.terms), "cruise", False)
        assert fresh.document is not None
        assert [b.text for b in fresh.document.blocks] == [b.text for b in pane.document.blocks]
        assert fresh.find_spans == pane.hits
        # A load made for an earlier search is never used for a later one.
        listing.focus()
        await wait_for(pilot, lambda: screen._prefetched is not None, "loaded ahead again")
        terms = list(screen.result.terms) if screen.result else []
        await search(pilot, "dogecoin")
        assert screen._take_prefetched(hit.id, terms, "cruise") is None


async def test_a_long_article_is_wrapped_in_the_worker_that_loads_it_for_its_pane(
    seed_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Articles past the inline limit load in a worker, which also wraps them to the width the
    pane's view gets, so the event loop never wraps them (it would at a second width)."""
    from spacetui.tui.screens import article_panes

    monkeypatch.setattr(article_panes, "INLINE_OPEN_WORDS", 0)  # every article counts as long here
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await search(pilot, "cruise")
        screen.query_one(ResultsList).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.panes() and screen.panes()[0].document, "article")
        pane = screen.panes()[0]
        await pilot.pause()
        assert pane.document is not None and pane.view.line_count > 0
        assert list(pane.document._wraps) == [pane.view._wrap_width] == [pane.view.text_width()]
        pane.view.focus()
        await pilot.press("r")  # raw text: loaded again in the worker, wrapped there too
        await wait_for(pilot, lambda: pane.document is not None and pane.document.raw, "raw text")
        await pilot.pause()
        assert list(pane.document._wraps) == [pane.view._wrap_width]
        # The load a worker runs wraps at the width it is given, and only then.
        article_id = pane.document.article.id
        wrapped = screen._load("", article_id, [], "", False, 50).document
        unwrapped = screen._load("", article_id, [], "", False).document
        assert wrapped is not None and unwrapped is not None
        assert list(wrapped._wraps) == [50] and not unwrapped._wraps


async def test_result_cards_draw_as_textual_draws_them_as_rich_renderables(
    seed_index: Path, tmp_path: Path
) -> None:
    """A card laid out once per width (a Textual visual) draws, and measures, the same as Textual
    draws the same card given as a Rich renderable, in each style the list gives it."""
    from textual.visual import RichVisual, Visual

    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await search(pilot, "cruise")
        results = screen.query_one(ResultsList)
        assert results.options
        for width in (results.scrollable_content_region.width, 37):
            for focused in (results, screen.query_one(SearchBar)):
                focused.focus()
                await pilot.pause()
                for component in ("option-list--option", "option-list--option-highlighted"):
                    style = results.get_visual_style(component)
                    for option in results.options:
                        card, as_rich = option.prompt, RichVisual(results, option.prompt)
                        assert isinstance(card, Visual)
                        ours = Visual.to_strips(results, card, width, None, style)
                        theirs = Visual.to_strips(results, as_rich, width, None, style)
                        assert [list(s) for s in ours] == [list(s) for s in theirs]
                        assert card.get_height(results.styles, width) == as_rich.get_height(
                            results.styles, width
                        )


async def test_scrollbars_follow_their_views_through_layouts_and_resizes(
    seed_index: Path, tmp_path: Path
) -> None:
    """Scroll views lay their scrollbars out only when a size changed: they still follow a new
    search, a pane opening below the results and a terminal resize."""

    def check(*views: Widget) -> None:
        for view in views:
            assert view.show_vertical_scrollbar, view  # each overflows here
            bar = view.vertical_scrollbar
            assert bar.window_virtual_size == view.virtual_size.height, view
            assert bar.window_size == view.container_size.height - view.scrollbar_size_horizontal, view

    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=(120, 24)) as pilot:
        screen = await ready(pilot)
        sidebar, results = screen.query_one(EntitySidebar), screen.query_one(ResultsList)
        await pilot.pause()
        check(sidebar)
        await search(pilot, "space")
        await pilot.pause()
        check(sidebar)
        before = results.container_size.height
        pane = await open_first(pilot, screen)
        await pilot.pause()
        assert results.container_size.height < before  # now the results overflow too
        check(sidebar, results, pane.view)
        await pilot.resize_terminal(100, 20)
        await pilot.pause(0.1)
        check(sidebar, results, pane.view)
        # The cards follow a new width (a height change alone keeps them).
        card = results.options[0].prompt
        assert card._laid_out is not None and card._laid_out[0] == results.scrollable_content_region.width


async def test_the_key_bar_follows_the_focus_and_a_click_presses_its_key(
    seed_index: Path, tmp_path: Path
) -> None:
    from spacetui.tui.widgets.key_bar import KeyBar

    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await search(pilot, "cruise")
        bar = screen.query_one(KeyBar)

        def descriptions() -> list[str]:
            return [k.description for k in bar.shown_keys()]

        listing = screen.query_one(ResultsList)
        listing.focus()
        await wait_for(pilot, lambda: "Open" in descriptions(), "the result list's keys")
        assert descriptions()[0] == "Quit"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Close pane" in descriptions(), "the pane's keys")
        assert "Open" not in descriptions()
        # Drawn as it is worked out: each key shown is on the bar's line, at its place.
        line = bar.render().plain
        for start, end, key in bar._spans:
            assert f"{key.display} {key.description}" in line[start:end]
        # A click on "/ Search" does what the key does: the search box gets the focus.
        start, _end, _key = next(s for s in bar._spans if s[2].description == "Search")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await wait_for(
            pilot,
            lambda: isinstance(app.focused, SearchBar) or app.focused is screen.query_one("#search"),
            "the search box",
        )


async def test_results_are_drawn_as_soon_as_they_land(seed_index: Path, tmp_path: Path) -> None:
    """Not on the next tick of Textual's frame timer (0-16 ms later): with that timer stopped,
    the results are drawn all the same."""
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        results = screen.query_one(ResultsList)
        seen: list[str] = []
        set_hits, draw = results.set_hits, screen._compositor_refresh

        def filled(*args: Any, **kwargs: Any) -> None:
            set_hits(*args, **kwargs)
            seen.append("results")

        def drawn() -> None:
            draw()
            seen.append("frame")

        results.set_hits = filled  # type: ignore[method-assign]
        screen._compositor_refresh = drawn  # type: ignore[method-assign]
        timer = screen._update_timer
        timer.pause()
        timer.resume = lambda: None  # type: ignore[method-assign]
        await search(pilot, "shipenko")
        assert "results" in seen
        assert "frame" in seen[seen.index("results") :], seen


async def test_the_results_are_drawn_before_their_entities_are_counted(
    seed_index: Path, tmp_path: Path
) -> None:
    """The sidebar's counts (a third of a search at a million articles) follow the results: the
    results are drawn while they are counted. Counts for a query typed past are not made."""
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        sidebar = screen.query_one(EntitySidebar)
        before = sidebar.facets
        gate = threading.Event()
        asked: list[str] = []
        stopped: list[str] = []
        count = app.backend.facets

        def gated(result: Any, stop: Callable[[], bool] | None = None) -> Any:
            asked.append(result.query)
            gate.wait(10)
            try:
                return count(result, stop)
            except Exception:
                stopped.append(result.query)
                raise

        app.backend.facets = gated  # type: ignore[method-assign]
        frames: list[str] = []
        draw = screen._compositor_refresh

        def drawn() -> None:
            draw()
            frames.append(screen.result.query if screen.result else "")

        screen._compositor_refresh = drawn  # type: ignore[method-assign]
        screen.query_one(SearchBar).value = "shipenko"
        await wait_for(pilot, lambda: asked == ["shipenko"], "the entities asked for")
        assert screen.result is not None and screen.result.query == "shipenko"
        assert [h.id for h in screen.query_one(ResultsList).hits] == [h.id for h in screen.result.hits]
        assert "shipenko" in frames  # drawn, while
        assert sidebar.facets is before  # the sidebar still shows the last query's
        screen.query_one(SearchBar).value = "peresild"
        await wait_for(pilot, lambda: results_listed(screen, "peresild"), "results")
        gate.set()
        await wait_for(pilot, lambda: results_shown(screen, "peresild"), "the entities of the newest query")
        assert stopped == ["shipenko"]  # typed on: not counted
        assert asked == ["shipenko", "peresild"]
        assert {f.name for f in sidebar.facets} >= {"Klim Shipenko"}


async def test_the_results_box_redraws_only_its_title_rows(seed_index: Path, tmp_path: Path) -> None:
    from textual.content import Content

    from spacetui.tui.widgets.titled_box import TitledBox

    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        box = screen.query_one("#results-box", TitledBox)
        await pilot.pause()
        drawn: list[int] = []
        render_line = box.render_line

        def counted(y: int) -> Any:
            drawn.append(y)
            return render_line(y)

        box.render_line = counted  # type: ignore[method-assign]
        box.set_titles(Content("Seventeen results"), Content("showing ten"))
        await pilot.pause()
        assert len(drawn) <= 2, drawn  # the title rows, not the 30-odd rows between them
        shot = app.export_screenshot().replace("&#160;", " ")
        assert "Seventeen results" in shot and "showing ten" in shot
        box.set_titles(Content("Seventeen results"), None)
        await pilot.pause()
        assert "showing ten" not in app.export_screenshot().replace("&#160;", " ")
