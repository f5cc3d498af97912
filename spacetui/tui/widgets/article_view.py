"""The article text: wrapped by us (so a hit's line is known), drawn line by line, styles by span.

Text is never parsed as markup: each line is drawn as plain segments of its block's text, and
highlights are styles on character ranges.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from spacetui.tui.document import Document, Span
from spacetui.tui.widgets.ordered import OrderedKeys
from spacetui.tui.widgets.steady import SteadyScrollbars

INDENT = 1  # left margin inside the pane


class ArticleView(OrderedKeys, SteadyScrollbars, ScrollView, can_focus=True):
    """A scrollable, wrapped, highlightable article."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Line down", show=False, id="article.down"),
        Binding("k,up", "scroll_up", "Line up", show=False, id="article.up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="article.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="article.bottom"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="article.page_down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="article.page_up"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--headline",
        "article-view--standfirst",
        "article-view--meta",
        "article-view--raw",
        "article-view--hit",
        "article-view--current",
        "article-view--mention",
        "article-view--mention-current",
    }

    DEFAULT_CSS = """
    ArticleView {
        overflow-x: hidden;
        scrollbar-gutter: stable;
        & > .article-view--headline { text-style: bold; color: $text-primary; }
        & > .article-view--standfirst { text-style: italic; }
        & > .article-view--meta { color: $text-muted; }
        & > .article-view--raw { color: $text-warning; }
        & > .article-view--hit { background: $warning 35%; }
        & > .article-view--current { background: $warning; color: $background; text-style: bold; }
        & > .article-view--mention { text-style: underline; color: $text-accent; }
        & > .article-view--mention-current { background: $accent; color: $background; text-style: bold; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.document: Document | None = None
        self.hits: list[Span] = []
        self.current_hit: int | None = None
        self.mentions: list[Span] = []
        self.current_mention: int | None = None
        self._wrap_width = -1
        # A hit asked to be shown before the view had a height: shown at the first size.
        self._pending_reveal: tuple[int, int] | None = None
        self._frame_style: Style | None = None
        # One entry per screen line: (block index, start, end) in that block's text.
        self._lines: list[tuple[int, int, int]] = []
        self._block_first_line: list[int] = []
        self._strips: dict[int, Strip] = {}

    def watch_has_focus(self, has_focus: bool) -> None:
        """Not restyled when the focus comes or goes: no rule styles the view by focus (its pane's
        border shows where the focus is: MainScreen._frame_focus), and Textual restyling it and
        its eight component classes was ~1.5 ms of every article opened. A ``:focus`` rule for
        this view would need this to call ``update_node_styles()`` again."""

    # --- content ------------------------------------------------------------------------------
    def set_document(self, document: Document | None) -> None:
        self.document = document
        self.hits, self.current_hit = [], None
        self.mentions, self.current_mention = [], None
        self._wrap_width = -1
        self._pending_reveal = None
        if self.scrollable_content_region.width or self._expected_width():
            self._relayout()
        else:
            # No width yet and none to expect: wrap when the layout gives one (on_resize).
            self._lines, self._block_first_line = [], []
            self._strips.clear()
        self.scroll_to(0, 0, animate=False, immediate=True)

    def set_hits(self, hits: list[Span], current: int | None) -> None:
        self.hits, self.current_hit = hits, current
        self._restyle()

    def set_mentions(self, mentions: list[Span], current: int | None) -> None:
        self.mentions, self.current_mention = mentions, current
        self._restyle()

    def _restyle(self) -> None:
        self._strips.clear()
        self.refresh()

    # --- layout -------------------------------------------------------------------------------
    def text_width(self) -> int:
        """The width the text wraps to (what it will be, for a view not laid out yet)."""
        width = self.scrollable_content_region.width or self._expected_width()
        return max(10, width - INDENT - 1)

    def _expected_width(self) -> int:
        """The text width a view mounted this moment is about to get: the nearest laid-out
        container's, less the borders and scrollbar in between. Wrapping to it now puts the
        text in the very next frame; a wrong guess (a second pane splits the width) is
        re-wrapped on resize, keeping the same line at the top."""
        chrome = self.styles.scrollbar_size_vertical
        for node in self.ancestors:
            width = getattr(node, "size", None)
            if width is not None and width.width:
                return max(0, width.width - chrome)
            chrome += node.styles.gutter.width if hasattr(node, "styles") else 0
        return 0

    def _relayout(self) -> None:
        width = self.text_width()
        self._wrap_width = width
        self._strips.clear()
        if self.document is not None:
            wrapped = self.document.wrapped(width)
            self._lines, self._block_first_line = wrapped.lines, wrapped.block_first_line
        else:
            self._lines, self._block_first_line = [], []
        size = Size(width + INDENT, len(self._lines))
        if size != self.virtual_size:
            # The view's own size never depends on its text (1fr in its pane), so a new text
            # needs its scrollbars updated, not the whole screen laid out again (which setting
            # the reactive asks for). A scrollbar appearing or going still lays out again.
            self.set_reactive(ArticleView.virtual_size, size)
            self._scroll_update(size)
        self.refresh()
        self.post_message(self.Scrolled())  # the position indicator depends on the layout

    def on_resize(self) -> None:
        self.post_message(self.Scrolled())
        if self._wrap_width == -1 and self.document is not None:
            self._relayout()
            # The layout pass that sized this view has already told the scrollbar its height.
            self._scroll_update(self.virtual_size)
            self.post_message(self.Wrapped())
            return
        if self.text_width() != self._wrap_width:
            # Keep the same text at the top of the view across a re-wrap.
            y = int(self.scroll_y)
            top = self._lines[y] if 0 <= y < len(self._lines) else None
            self._relayout()
            if top is not None and self._pending_reveal is None:
                self.scroll_to(y=self.line_of(top[0], top[1]), animate=False)
        if self._pending_reveal is not None and self.scrollable_content_region.height:
            self.reveal(*self._pending_reveal)

    def line_of(self, block: int, offset: int) -> int:
        """The screen line showing ``offset`` of ``block``."""
        if not self._block_first_line or block >= len(self._block_first_line):
            return 0
        first = self._block_first_line[block]
        last = (
            self._block_first_line[block + 1] if block + 1 < len(self._block_first_line) else len(self._lines)
        )
        starts = [self._lines[i][1] for i in range(first, last)]
        return first + max(0, bisect_right(starts, offset) - 1)

    def reveal(self, block: int, offset: int) -> None:
        """Scroll so a position is in view, a third of the way down if it was off screen."""
        height = self.scrollable_content_region.height
        if not height:
            # Not laid out yet: a third of no height would put the hit on the top line.
            self._pending_reveal = (block, offset)
            return
        self._pending_reveal = None
        line = self.line_of(block, offset)
        if self.scroll_y <= line < self.scroll_y + height - 1:
            return
        # force: a view wrapped a moment ago may not have worked out its scrollbar yet
        self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True, force=True)

    @property
    def percent(self) -> int:
        height = self.scrollable_content_region.height
        if len(self._lines) <= height:
            return 100
        return min(100, round(100 * (int(self.scroll_y) + height) / len(self._lines)))

    @property
    def line_count(self) -> int:
        return len(self._lines)

    # --- drawing ------------------------------------------------------------------------------
    def _block_style(self, kind: str) -> Style:
        if kind in ("headline", "standfirst", "meta", "raw"):
            return self.get_component_rich_style(f"article-view--{kind}")
        return Style()

    def _line_segments(self, index: int) -> list[Segment]:
        """One screen line: its block's style, with its mentions' and then its hits' over it
        (the layering ``Text.stylize`` gives, without a Text per line; a Text with no spans also
        dropped the block's own style, so a headline without a hit in it was not bold)."""
        assert self.document is not None
        b, start, end = self._lines[index]
        block = self.document.blocks[b]
        text = block.text[start:end]
        base = self._block_style(block.kind)
        marks: list[tuple[int, int, Style]] = []
        layers = (
            (self.mentions, self.current_mention, "mention", "mention-current"),
            (self.hits, self.current_hit, "hit", "current"),
        )
        for spans, current, name, current_name in layers:
            for n, (sb, s, e) in enumerate(spans):
                if sb == b and e > start and s < end:
                    style = self.get_component_rich_style(
                        f"article-view--{current_name if n == current else name}"
                    )
                    marks.append((max(s, start) - start, min(e, end) - start, style))
        if not marks:
            return [Segment(text, base)]
        cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
        segments = []
        for left, right in pairwise(cuts):
            style = base
            for s, e, mark in marks:
                if s <= left and right <= e:
                    style += mark
            segments.append(Segment(text[left:right], style))
        return segments

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's style walks its ancestors each time it is asked for: once per frame,
        # not once per line (it was most of the time this view took to draw a page).
        self._frame_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._frame_style = None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        style = self._frame_style or self.rich_style
        if index >= len(self._lines) or self.document is None:
            return Strip.blank(width, style)
        strip = self._strips.get(index)
        if strip is None:
            segments = [Segment(" " * INDENT, style), *self._line_segments(index)]
            strip = Strip(segments).apply_style(style)
            self._strips[index] = strip
        return strip.crop_extend(0, width, style)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.post_message(self.Scrolled())

    @dataclass
    class Wrapped(Message):
        """A document shown before the view had a width is laid out now (hits can be revealed)."""

    @dataclass
    class Scrolled(Message):
        """The view moved (the pane updates its position indicator)."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleView.Scrolled)
