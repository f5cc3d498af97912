"""The library in the real app (Pilot): star, read, tag and note keys, opening marks read, the
marks in the results and the pane; and the first-minute fixes (Esc, quit, /, y under tmux, a
missing --index)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from spacetui.library import LibraryStore
from spacetui.library.state import LIBRARY_FILE
from spacetui.tui.app import SpacetuiApp
from spacetui.tui.screens.entity_edit import NameScreen
from spacetui.tui.screens.main import MainScreen
from spacetui.tui.widgets.results import ResultCard, ResultsList
from tests.test_tui_app import SIZE, make_app, opened, ready, search, wait_for

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def results(screen: MainScreen) -> ResultsList:
    return screen.query_one(ResultsList)


def card_text(screen: MainScreen, n: int) -> str:
    """The result card as drawn (its lines joined)."""
    from rich.console import Console

    console = Console(width=100, no_color=True)
    with console.capture() as captured:
        console.print(ResultCard(results(screen).hits[n], n + 1))
    return captured.get()


def stored(index_dir: Path) -> LibraryStore:
    """The library file as another process sees it."""
    return LibraryStore(index_dir / LIBRARY_FILE)


def notices(app: SpacetuiApp) -> list[str]:
    return [n.message for n in app._notifications]


def footer_keys(app: SpacetuiApp) -> dict[str, str]:
    """What the footer shows on screen: description -> key (a key cut off at the edge is not
    shown)."""
    from spacetui.tui.widgets.key_bar import KeyBar

    return {key.description: key.display for key in app.screen.query_one(KeyBar).shown_keys()}


async def test_star_read_tag_and_note_keys_in_the_results(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        listing = results(screen)
        listing.focus()
        await pilot.press("j", "k")  # the cursor passing over a result does not read it
        await pilot.pause()
        assert not (seed_index / LIBRARY_FILE).exists()
        assert all("•" in card_text(screen, n).splitlines()[0] for n in range(len(listing.hits)))
        hit = listing.hits[0]

        await pilot.press("asterisk")
        await wait_for(pilot, lambda: listing.hits[0].state.starred, "the star")
        assert "★" in card_text(screen, 0).splitlines()[0]
        assert stored(seed_index).snapshot().state(hit.id, hit.content_hash).starred

        await pilot.press("u")
        await wait_for(pilot, lambda: listing.hits[0].state.read, "marked read")
        assert "•" not in card_text(screen, 0).splitlines()[0]
        await pilot.press("u")
        await wait_for(pilot, lambda: not listing.hits[0].state.read, "marked unread")

        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, NameScreen), "the tag editor")
        await pilot.press(*"Climate to-read", "enter")
        await wait_for(pilot, lambda: listing.hits[0].state.tags == ("climate", "to-read"), "tags")
        assert "#climate #to-read" in card_text(screen, 0)

        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, NameScreen), "the note editor")
        await pilot.press(*"check the figures", "enter")
        await wait_for(pilot, lambda: listing.hits[0].state.note == "check the figures", "the note")
        assert "✎" in card_text(screen, 0)
        # Esc in the editor changes nothing
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, NameScreen), "the note editor")
        await pilot.press("ctrl+u", "escape")
        await pilot.pause()
        assert stored(seed_index).snapshot().state(hit.id, hit.content_hash).note == "check the figures"

        # The same state, through the search box's words.
        await search(pilot, "tag:climate")
        assert [h.id for h in results(screen).hits] == [hit.id]


async def test_opening_marks_read_and_the_pane_shows_stars_tags_and_note(
    seed_index: Path, tmp_path: Path
) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, pane = await opened(pilot, "dogecoin")
        assert pane.article is not None
        article = pane.article
        await wait_for(pilot, lambda: results(screen).hits[0].state.read, "read on opening")
        assert stored(seed_index).snapshot().state(article.id, article.content_hash).read
        assert pane.library_text == ""  # nothing to say yet

        await pilot.press("asterisk")
        await wait_for(pilot, lambda: pane.state.starred, "starred from the pane")
        assert "★ starred" in pane.library_text
        assert results(screen).hits[0].state.starred  # the card follows
        await pilot.press("t", *"space", "enter")
        await wait_for(pilot, lambda: pane.state.tags == ("space",), "tagged from the pane")
        await pilot.press("a", *"ask Roscosmos", "enter")
        await wait_for(pilot, lambda: pane.state.note == "ask Roscosmos", "noted from the pane")
        assert "#space" in pane.library_text and "ask Roscosmos" in pane.library_text
        await pilot.press("u")
        await wait_for(pilot, lambda: not pane.state.read, "unread from the pane")

    # A new session on the same index shows what the last one did.
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await search(pilot, "is:starred has:note")
        hits = results(screen).hits
        assert [h.id for h in hits] == [article.id] and hits[0].state.tags == ("space",)
        screen.query_one("#search").value = ""
        await search(pilot, "is:starred is:unread")
        assert [h.id for h in results(screen).hits] == [article.id]


async def test_escape_leaves_the_search_box_and_quit_is_always_in_the_footer(
    seed_index: Path, tmp_path: Path
) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, _ = await opened(pilot, "cruise")
        await wait_for(pilot, lambda: footer_keys(app), "the footer")
        assert footer_keys(app).get("Quit") == "^q"  # in a reading pane
        box = screen.query_one("#search")
        await pilot.press("slash")  # "/" is the search box, from a pane too
        assert box.has_focus
        await pilot.pause()
        assert footer_keys(app).get("Quit") == "^q"  # in the search box
        await pilot.press("end", "space", "q")
        assert box.value == "cruise q"  # q types a q there
        await pilot.press("backspace", "backspace")
        await pilot.press("escape")
        assert results(screen).has_focus  # Esc leaves the box, to the results
        await pilot.pause()
        assert footer_keys(app).get("Quit") == "^q"
        screen.query_one("#sidebar").focus()
        await pilot.pause()
        assert footer_keys(app).get("Quit") == "^q"  # in the sidebar
        await pilot.press("q")
    assert app.return_code == 0


async def test_escape_leaves_the_search_box_with_no_results_too(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search(pilot, "qq")
        assert screen.result is not None and screen.result.total == 0
        await pilot.press("escape")
        assert screen.focused is None
        await pilot.press("q")
    assert app.return_code == 0


async def test_quit_is_on_screen_in_a_pane_at_80_columns(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, "cruise")
        await wait_for(pilot, lambda: footer_keys(app), "the footer")
        assert next(iter(footer_keys(app).items())) == ("Quit", "^q")


async def test_ctrl_q_quits_from_the_search_box(seed_index: Path, tmp_path: Path) -> None:
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.query_one("#search").has_focus
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_a_missing_index_that_is_not_the_default_is_not_made(tmp_path: Path) -> None:
    where = tmp_path / "typo"
    app = make_app(where, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen_of(app)
        await wait_for(pilot, lambda: screen.index_error, "the error")
        assert f"no index at {where}; run `spacetui index PATH --index {where}`" in screen.index_error
    assert not where.exists()


def main_screen_of(app: SpacetuiApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


# --- y under tmux ------------------------------------------------------------------------------

TMUX = shutil.which("tmux")


@pytest.fixture
def tmux_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private tmux server, and $TMUX pointing at it as inside one of its panes."""
    if TMUX is None:
        pytest.skip("tmux is not installed (apt-get install tmux)")
    sock = Path("/tmp") / f"spacetui-lib-{os.getpid()}-{tmp_path.name[-8:]}.sock"
    subprocess.run(
        [TMUX, "-S", str(sock), "-f", "/dev/null", "new", "-d", "-s", "t", "sleep 300"], check=True
    )
    pid = subprocess.run(
        [TMUX, "-S", str(sock), "display", "-p", "#{pid}"], capture_output=True, text=True, check=True
    ).stdout.strip()
    pane = subprocess.run(
        [TMUX, "-S", str(sock), "display", "-p", "#{pane_id}"], capture_output=True, text=True, check=True
    ).stdout.strip()
    monkeypatch.setenv("TMUX", f"{sock},{pid},0")
    monkeypatch.setenv("TMUX_PANE", pane)
    try:
        yield sock
    finally:
        subprocess.run([TMUX, "-S", str(sock), "kill-server"], check=False)
        sock.unlink(missing_ok=True)


def tmux_at(sock: Path, *args: str) -> str:
    return subprocess.run(
        [TMUX or "tmux", "-S", str(sock), *args], capture_output=True, text=True, check=True
    ).stdout


async def test_y_under_tmux_says_how_to_let_it_copy(
    seed_index: Path, tmp_path: Path, tmux_server: Path
) -> None:
    from spacetui.export import to_markdown

    assert tmux_at(tmux_server, "show", "-sv", "set-clipboard").strip() == "external"  # tmux's default
    app = make_app(seed_index, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        _, pane = await opened(pilot, "dogecoin")
        assert pane.article is not None
        await pilot.press("y")
        said = notices(app)[-1]
        assert "Not copied to the clipboard" in said and "set-clipboard on" in said
        assert "Copied" not in said
        assert tmux_at(tmux_server, "show-buffer") == to_markdown(pane.article)  # in tmux's buffer

        tmux_at(tmux_server, "set", "-g", "allow-passthrough", "on")
        await pilot.press("y")
        assert notices(app)[-1].startswith("Copied the article") and "passthrough" in notices(app)[-1]

        tmux_at(tmux_server, "set", "-s", "set-clipboard", "on")
        await pilot.press("y")
        assert notices(app)[-1] == "Copied the article (as Markdown) to the clipboard (through tmux)."
        assert app.clipboard == to_markdown(pane.article)
