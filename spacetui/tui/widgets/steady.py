"""Scroll views that lay out their scrollbars again only when a size changed.

Textual's ``ScrollView`` compares the sizes each layout of the screen gives it with its own, and
they never match (a scroll view's virtual size is its content's, its container size its own less
the gutter), so every layout redraws its scrollbars and, in a partial layout, sends it a resize
(which makes an option list measure all its options again). Opening an article lays the screen
out: the sidebar's 34-row scrollbar alone was ~2 ms of it, though nothing about it changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.geometry import Size


class SteadyScrollbars:
    """Mixin for ``ScrollView`` widgets (before the Textual class in the bases; a plain class,
    so Textual's CSS, which follows the first widget base only, still sees that one)."""

    _sizes_seen: tuple[Size, Size, Size, Size] | None = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        seen = (size, virtual_size, container_size, self.virtual_size)  # type: ignore[attr-defined]
        if seen == self._sizes_seen:
            return False  # the same layout as last time: nothing to update
        self._sizes_seen = seen
        return super()._size_updated(size, virtual_size, container_size, layout)  # type: ignore[misc]
