"""The result list and the sidebar draw their entries the quick way (``QuickOptionList``) exactly as
Textual's option list draws them: same text, same styles, same option under each cell, in every
style an entry is drawn in (plain, highlighted, hovered, disabled, focused or not)."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from spacetui.search.results import Hit
from spacetui.tui.widgets.quick_lines import QuickOptionList
from spacetui.tui.widgets.results import ResultCard
from spacetui.tui.widgets.sidebar import EntityLine

pytestmark = pytest.mark.anyio


class Quick(QuickOptionList):
    pass


def _options() -> list[Option]:
    hits = [
        Hit(
            id=f"a{n}",
            title=f"Title {n} [bold]not markup[/bold] " + "long " * n,
            date="1987-03-02",
            source="reuters",
            authors=["Jeremy Clift"],
            path=f"/tmp/a{n}.txt",
            words=["sharply"],
            score=1.0,
            snippet=[("Prices rose ", False), ("sharply", True), (" in March " * n, False)],
        )
        for n in range(6)
    ]
    options = [Option(ResultCard(h, n + 1)) for n, h in enumerate(hits)]
    options.append(Option(Text("People", style="bold"), disabled=True))  # a heading: not LaidOut
    options += [Option(EntityLine("  ", f"Name {n} (also: N{n}, Nn{n})" * (n + 1), n)) for n in range(4)]
    options.append(Option(EntityLine("  ", "Disabled one", 3), disabled=True))
    return options


class Lists(App[None]):
    CSS = "OptionList { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield Quick(*_options(), id="quick")
        yield OptionList(Option("another"), id="other")


def _drawn(widget: Quick, *, quick: bool) -> list[list[tuple[str, object]]]:
    from textual.geometry import Region

    widget.quick = quick
    widget._clear_caches()
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return [[(s.text, s.style) for s in line] for line in lines]


async def test_quick_lines_draw_what_the_option_list_draws() -> None:
    app = Lists()
    async with app.run_test(size=(70, 60)) as pilot:
        widget = app.query_one("#quick", Quick)
        for highlighted in (None, 0, 2, 8, 11):
            for hover in (None, 1, 3):
                for focused in ("#quick", "#other"):
                    widget.highlighted = highlighted
                    widget._mouse_hovering_over = hover  # the option list's own hover state
                    app.query_one(focused).focus()
                    await pilot.pause()
                    state = (highlighted, hover, focused)
                    assert _drawn(widget, quick=True) == _drawn(widget, quick=False), state
        assert any(isinstance(o.prompt, Text) for o in widget.options)  # a heading drawn both ways


def test_the_option_list_internals_used_are_there() -> None:
    # QuickOptionList reads these option-list internals; a Textual release that renames them fails here.
    widget = OptionList(Option("x"))
    names = ("_line_cache", "_option_render_cache", "_mouse_hovering_over", "_update_lines")
    for name in (*names, "_get_left_gutter_width", "_clear_caches"):
        assert hasattr(widget, name), name
    assert hasattr(widget._line_cache, "lines")
    assert hasattr(Option("x"), "_divider")
