"""The sidebar's saved searches and their counts, as plain Python: when they are worth counting
again, whether a new count changes what the sidebar shows, and saying an error once, not every
few seconds. No Textual here (the screen's ``SavedAndHistory`` counts in a worker)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacetui.search.saved import SavedStatus


@dataclass(slots=True)
class SavedCounts:
    statuses: list[SavedStatus] = field(default_factory=list)
    version: object = None  # of the index and the library the counts are of
    error: str = ""  # the last error said

    def worth_counting(self, version: object, force: bool) -> bool:
        """Count again: asked to (after an index run, a change), or the versions moved on."""
        return force or version != self.version

    def landed(self, version: object, statuses: list[SavedStatus], error: str = "") -> tuple[str, bool]:
        """New counts (or ``error``): (the error to say now, "" when none or said already;
        whether the list the sidebar shows changed)."""
        self.version = version
        if error:
            said, self.error = ("" if error == self.error else error), error
            return said, False
        self.error = ""
        if [s.to_dict() for s in statuses] == [s.to_dict() for s in self.statuses]:
            return "", False
        self.statuses = statuses
        return "", True
