"""The reading panes side by side: which one an article opens into, the spare made ahead of
time, which is active, and closing one.

The screen decides what to load into a pane and where the focus goes; this widget owns the
panes themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.containers import Horizontal
from textual.strip import Strip

if TYPE_CHECKING:
    from textual.geometry import Region
    from textual.widget import AwaitMount, Widget

    from spacetui.tui.widgets.reading_pane import ReadingPane

MAX_PANES = 2
SPARE_PANE_DELAY = 0.2  # seconds after a pane opens, the next spare is made


class PaneStack(Horizontal):
    """Up to ``MAX_PANES`` reading panes (hidden while none is open), plus one hidden spare."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._counter = 0
        self._spare: ReadingPane | None = None  # mounted, hidden, ready to open into
        self._spare_mounting: AwaitMount | None = None
        self._active: str | None = None  # id of the pane the next article opens into

    def render_lines(self, crop: Region) -> list[Strip]:
        # The panes fill the stack (1fr each), so none of its own rows shows: blank rows in its
        # style, rather than Textual drawing each row of an empty container as a pane opens.
        blank = Strip.blank(crop.width, self.rich_style)
        return [blank] * crop.height

    def panes(self) -> list[ReadingPane]:
        """The reading panes on screen (not the hidden spare)."""
        return cast("list[ReadingPane]", [p for p in self.query("ReadingPane") if p.display])

    @property
    def active(self) -> ReadingPane | None:
        """The pane an article opens into: the one last opened or focused, else the first."""
        panes = self.panes()
        return next((p for p in panes if p.id == self._active), panes[0] if panes else None)

    def activate(self, pane: ReadingPane | None) -> None:
        self._active = pane.id if pane is not None else None

    def pane_of(self, widget: Widget | None) -> ReadingPane | None:
        """The pane holding ``widget``, if any."""
        panes = self.panes()
        if widget is None or not panes:
            return None
        return next((p for p in panes if p in widget.ancestors_with_self), None)

    def by_id(self, pane_id: str) -> ReadingPane | None:
        return next((p for p in self.panes() if p.id == pane_id), None)

    @staticmethod
    def _opens_new(split: bool, panes: list[ReadingPane]) -> bool:
        return (split and len(panes) == 1) or not panes

    def pane_for(self, split: bool) -> ReadingPane | None:
        """The pane ``open_pane(split)`` would open into now (None: one not made yet)."""
        panes = self.panes()
        if self._opens_new(split, panes):
            return self._spare
        active = self.active
        return next(p for p in panes if p is not active) if split else active

    async def open_pane(self, split: bool) -> ReadingPane:
        """The pane to open an article into, now active: the active one, or (``split`` with one
        open, or none open) a new one beside it."""
        if self._opens_new(split, self.panes()):
            pane = await self._take_spare()
            pane.display = True
            self.display = True
            # Not call_after_refresh: that can run before the frame this open is waiting for.
            self.set_timer(SPARE_PANE_DELAY, self.mount_spare)
        else:
            found = self.pane_for(split)
            assert found is not None  # a pane is open
            pane = found
        self.activate(pane)
        return pane

    async def _take_spare(self) -> ReadingPane:
        pane, mounting = self._spare, self._spare_mounting
        self._spare = self._spare_mounting = None
        if pane is not None and mounting is not None and not pane.is_mounted:
            await mounting  # opened in the moment the spare was being made
        if pane is None or not pane.is_attached:
            pane = self._new_pane()
            await self.mount(pane)
        return pane

    def _new_pane(self) -> ReadingPane:
        from spacetui.tui.widgets.reading_pane import ReadingPane

        self._counter += 1
        return ReadingPane(id=f"pane-{self._counter}")

    def mount_spare(self) -> None:
        # Mounting a pane (compose, styles, layout) is a third of the time to open an article
        # into a new one: do it ahead, after the frame, while nobody waits for it.
        if self._spare is not None or len(self.panes()) >= MAX_PANES:
            return
        pane = self._new_pane()
        pane.display = False
        self._spare = pane
        self._spare_mounting = self.mount(pane)

    async def close(self, pane: ReadingPane) -> ReadingPane | None:
        """Close ``pane``; the pane left open, now active (None: none is, and the stack hides)."""
        await pane.remove()
        panes = self.panes()
        self.display = bool(panes)
        self.mount_spare()
        left = panes[0] if panes else None
        self.activate(left)
        return left
