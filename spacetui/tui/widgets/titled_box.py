"""A bordered box whose title and subtitle change often, redrawn on their rows only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Vertical
from textual.geometry import Region

if TYPE_CHECKING:
    from typing import Self

    from textual.content import Content


class TitledBox(Vertical):
    """The result list's box says what is shown ("1,444 results for …", "showing 20 of 1,444"),
    which changes with every search. Textual redraws a whole widget when its border title
    changes: for this box, every row of its frame and background, ~2 ms of each keystroke's
    frame. Only the top and bottom rows show the titles, so only they are redrawn."""

    _titling = False
    _titles: tuple[Content | None, Content | None] = (None, None)

    def set_titles(self, title: Content | None, subtitle: Content | None) -> None:
        if (title, subtitle) == self._titles:
            return
        self._titles = (title, subtitle)
        self._titling = True
        try:
            self.border_title = title
            self.border_subtitle = subtitle
        finally:
            self._titling = False
        width, height = self.outer_size
        if width and height:
            # (a refresh's regions are in the content's coordinates: the border rows are outside)
            x, y = -self.content_offset
            self.refresh(Region(x, y, width, 1), Region(x, y + height - 1, width, 1))
        else:  # not laid out yet
            self.refresh()

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        if self._titling and not (regions or layout or recompose):
            return self  # the title setters' whole-box refresh: set_titles asks for its rows
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
