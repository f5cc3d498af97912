"""The timeline above the results (T): bars per day, week or month, and a range to filter by.

Focused (Tab, or ``T`` when shown), ``←`` ``→`` move a cursor over the buckets, ``Shift+←``
``Shift+→`` stretch the range from where it started, ``Enter`` posts ``RangeChosen`` (the
screen puts ``date:FIRST..LAST`` in the query) and ``Esc`` drops the range and leaves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

if TYPE_CHECKING:
    from datetime import date

    from spacetui.stories.timeline import Bucket, Timeline

_LEVELS = " ▁▂▃▄▅▆▇█"
MAX_CELL = 4  # columns a bucket takes at most when there is room


class TimelineBar(Widget, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "move(-1)", "Earlier", show=False, id="timeline.left"),
        Binding("right,l", "move(1)", "Later", show=False, id="timeline.right"),
        Binding("shift+left,H", "stretch(-1)", "Stretch earlier", show=False, id="timeline.stretch_left"),
        Binding("shift+right,L", "stretch(1)", "Stretch later", show=False, id="timeline.stretch_right"),
        Binding("home,g", "jump(0)", "First", show=False, id="timeline.first"),
        Binding("end,G", "jump(-1)", "Last", show=False, id="timeline.last"),
        Binding("enter", "choose", "Filter by these dates", id="timeline.choose"),
        Binding("escape", "leave", "Leave", id="timeline.leave"),
    ]

    @dataclass
    class RangeChosen(Message):
        """Filter the results to these days (both included)."""

        first: date
        last: date

    class Left(Message):
        """Esc: the screen moves the focus back to the results."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.timeline: Timeline | None = None
        self.cursor = 0
        self.pivot = 0  # where a stretched range started
        self._offset = 0  # first bucket drawn, when there are more than columns

    # -- data ---------------------------------------------------------------------------------
    def show(self, timeline: Timeline) -> None:
        """New results: the range starts over at the first bucket."""
        self.timeline = timeline
        self.cursor = self.pivot = self._offset = 0
        if timeline.buckets:
            first, last = timeline.buckets[0].start, timeline.buckets[-1].end
            self.border_title = Content(f"{first} – {last}, by {timeline.unit}: {timeline.dated} dated")
        else:
            self.border_title = Content("no dated results")
        self.border_subtitle = Content(f"{timeline.undated} undated") if timeline.undated else None
        self.refresh()

    @property
    def buckets(self) -> list[Bucket]:
        return self.timeline.buckets if self.timeline is not None else []

    @property
    def selected(self) -> tuple[date, date] | None:
        """The first and last day of the range under the cursor."""
        if not self.buckets:
            return None
        lo, hi = sorted((self.pivot, self.cursor))
        return self.buckets[lo].start, self.buckets[hi].end

    # -- keys ---------------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        self._to(self.cursor + step)
        self.pivot = self.cursor
        self.refresh()

    def action_stretch(self, step: int) -> None:
        self._to(self.cursor + step)
        self.refresh()

    def action_jump(self, where: int) -> None:
        self._to(where if where >= 0 else len(self.buckets) - 1)
        self.pivot = self.cursor
        self.refresh()

    def action_choose(self) -> None:
        chosen = self.selected
        if chosen is not None:
            self.post_message(self.RangeChosen(*chosen))

    def action_leave(self) -> None:
        self.pivot = self.cursor
        self.refresh()
        self.post_message(self.Left())

    def _to(self, n: int) -> None:
        self.cursor = max(0, min(n, len(self.buckets) - 1))

    # -- drawing ------------------------------------------------------------------------------
    def _columns(self, width: int) -> tuple[int, int, int]:
        """(first bucket drawn, how many, columns each): every bucket when they fit, else a
        window that follows the cursor."""
        n = len(self.buckets)
        if n <= width:
            return 0, n, max(1, min(MAX_CELL, width // max(1, n)))
        if self.cursor < self._offset:
            self._offset = self.cursor
        elif self.cursor >= self._offset + width:
            self._offset = self.cursor - width + 1
        self._offset = max(0, min(self._offset, n - width))
        return self._offset, width, 1

    def render(self) -> Text:
        width = max(1, self.content_size.width)
        rows = max(1, self.content_size.height - 1)  # the last row says what the range is
        buckets = self.buckets
        if not buckets:
            return Text("")
        start, shown, cell = self._columns(width)
        top = max(b.count for b in buckets) or 1
        lo, hi = sorted((self.pivot, self.cursor))
        focused = self.has_focus
        lines: list[Text] = [Text(no_wrap=True, end="") for _ in range(rows)]
        for n in range(start, start + shown):
            eighths = round(buckets[n].count / top * rows * 8)
            if buckets[n].count and not eighths:
                eighths = 1  # a day with one article among hundreds still shows
            style = "reverse" if focused and lo <= n <= hi else ""
            for r in range(rows):
                level = max(0, min(8, eighths - (rows - 1 - r) * 8))
                lines[r].append(_LEVELS[level] * cell, style=style)
        first, last = buckets[lo].start, buckets[hi].end
        count = sum(b.count for b in buckets[lo : hi + 1])
        span = f"{first}" if first == last else f"{first} – {last}"
        label = Text(no_wrap=True, end="")
        label.append(f"{span}: {count:,} dated", style="bold" if focused else "dim")
        if focused:
            label.append("  ←→ move · Shift+←→ stretch · Enter filters · Esc leaves", style="dim")
        return Text("\n", no_wrap=True).join([*lines, label])
