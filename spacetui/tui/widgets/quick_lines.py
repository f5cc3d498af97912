"""Option lists that draw their lines without Textual's general visual pipeline.

Every keystroke refills the result list and the sidebar, so every visible entry is drawn anew.
Textual's ``OptionList`` looks up its styles, its content region and its line table again for
each line, and puts each entry through the general ``Visual.to_strips`` (links, alignment,
selection): about a third of the lists' cost in a frame after a search. Our entries are
``LaidOut`` renderables (laid out once per width) drawn in one of four styles (plain,
highlighted, hovered, disabled), so the styles are looked up once per frame and an entry's
strips are made once per style, straight from its laid-out lines.

The option list's own names used here (its line table, its render cache, the hovered option)
are all in this module; ``tests/test_quick_lines.py`` fails if a Textual release changes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.geometry import Size, Spacing
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widgets import OptionList

from spacetui.tui.widgets.laid_out import LaidOut

if TYPE_CHECKING:
    from textual.geometry import Region
    from textual.style import Style
    from textual.widgets.option_list import Option

_OPTION = "option-list--option"
NO_PADDING = Spacing(0, 0, 0, 0)


class QuickOptionList(OptionList):
    """An option list whose ``LaidOut`` entries are drawn the quick way (others its own way),
    refilled without laying the screen out again."""

    quick = True  # False: drawn the option list's own way (the tests compare the two)
    _frame_styles: tuple[int, Style, Style, Style, Style] | None = None  # for this frame
    # Every refill changes the list's scrollable height, which Textual takes for a change of
    # layout: the whole screen laid out and drawn again on each keystroke, though nothing but the
    # list moved. Its own size is its container's (an auto-sized list asks for a layout when
    # filled, ``add_options``); a scroll bar that comes or goes asks for one itself.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    drawn = False  # its lines were drawn since it was last refilled (``replace_options``)

    def replace_options(self, options: list[Option]) -> None:
        """The list's entries, all anew, in one go: emptied first, the list had no scroll bar
        for a moment and then one again, a layout of the whole screen each time."""
        self.drawn = False
        if options:
            self.set_options(options)
        else:
            self.clear_options()

    def render_lines(self, crop: Region) -> list[Strip]:
        self.drawn = True
        # (the option list's own render_lines brings its line table up to date first)
        if not self.quick or self.get_component_styles(_OPTION).padding or self._get_left_gutter_width():
            return super().render_lines(crop)
        width = self.scrollable_content_region.width
        style = self.get_visual_style
        self._frame_styles = (
            width,
            style(_OPTION),
            style(_OPTION, f"{_OPTION}-highlighted"),
            style(_OPTION, f"{_OPTION}-hover"),
            style(_OPTION, f"{_OPTION}-disabled"),
        )
        try:
            return super().render_lines(crop)
        finally:
            self._frame_styles = None

    def render_line(self, y: int) -> Strip:
        frame = self._frame_styles
        if frame is None:
            return super().render_line(y)
        width, plain, highlighted, hover, disabled = frame
        lines = self._line_cache.lines
        line_number = self.scroll_offset.y + y
        if not 0 <= line_number < len(lines):
            return Strip.blank(width, plain.rich_style)
        index, offset = lines[line_number]
        option: Option = self.options[index]
        if option.disabled:
            style = disabled
        elif self.highlighted == index:
            style = highlighted
        elif self._mouse_hovering_over == index:
            style = hover
        else:
            style = plain
        prompt = option.prompt
        if not isinstance(prompt, LaidOut) or option._divider:
            return super().render_line(y)
        cache = self._option_render_cache
        key = (option, style, NO_PADDING)  # the option list's own key: its strips are these
        strips = cache.get(key)
        if strips is None:
            strips = cache[key] = _strips(prompt, width, style, index)
        return strips[offset] if offset < len(strips) else Strip.blank(width, plain.rich_style)


def _strips(entry: LaidOut, width: int, style: Style, index: int) -> list[Strip]:
    """The entry's lines over its style, padded to the width, each cell knowing its option (a
    click says which entry it hit)."""
    base = style.rich_style + RichStyle.from_meta({"option": index})
    strips = []
    for line in entry.lines(width):
        segments = [Segment(text, base + own if own else base, None) for text, own, _ in line]
        used = sum(cell_len(text) for text, _, _ in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        strips.append(Strip(segments, max(width, used)))
    return strips
