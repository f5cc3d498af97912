"""Option-list entries drawn from a Rich renderable, laid out once per width.

Given a plain Rich renderable, Textual's option list renders each entry to measure its height,
for all entries at once whenever the list is filled (every keystroke fills the result list and
the sidebar), and again for each style it is drawn in. An entry that knows its height without
laying itself out (a one-line name) costs nothing until it is on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.text import Text
from textual._context import active_app
from textual.strip import Strip
from textual.visual import Visual

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from textual.css.styles import RulesMap
    from textual.style import Style
    from textual.visual import RenderOptions


class LaidOut(Visual):
    """A Rich renderable (``__rich_console__``) that is also a Textual visual. Subclasses may
    override :meth:`height` with a cheaper count, which must equal the lines laid out."""

    _laid_out: tuple[int, list[list[Segment]]] | None = None  # (width, lines)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        raise NotImplementedError

    def lines(self, width: int) -> list[list[Segment]]:
        if self._laid_out is None or self._laid_out[0] != width:
            app = active_app.get()
            options = app.console_options.update_width(width).update(highlight=False)
            lines = _own_lines(self, app.console, options)
            if lines is None:
                rendered = app.console.render(self, options)
                lines = list(
                    Segment.split_and_crop_lines(rendered, width, include_new_lines=False, pad=False)
                )
            self._laid_out = (width, lines)
        return self._laid_out[1]

    def height(self, width: int) -> int:
        return len(self.lines(width))

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.height(width)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        # The base style goes under each segment's own, as Textual does for a Rich renderable.
        base = style.rich_style
        lines = self.lines(width)[:height]
        if not base:
            return [Strip(line) for line in lines]
        return [Strip([Segment(text, base + own, None) for text, own, _ in line]) for line in lines]


def _own_lines(entry: LaidOut, console: Console, options: ConsoleOptions) -> list[list[Segment]] | None:
    """The entry's lines when it yields only one-line texts that fit (what the result cards and
    the sidebar's names yield, already cut and wrapped), each drawn straight from its spans: the
    console's general path (measure, wrap again, join, split into lines) was most of the cost
    of a card, and every keystroke lays out the cards and names in view anew. None: draw it the
    general way."""
    lines: list[list[Segment]] = []
    width = options.max_width
    for part in entry.__rich_console__(console, options):
        if not (isinstance(part, Text) and part.no_wrap and part.end == "\n"):
            return None
        plain = part.plain
        if "\n" in plain or "\t" in plain or part.cell_len > width:
            return None
        if part.spans:
            lines.append(list(part.render(console)))
        else:  # (rendered alone, a text without spans leaves its own style to its container)
            lines.append([Segment(plain, console.get_style(part.style) if part.style else None)])
    return lines
