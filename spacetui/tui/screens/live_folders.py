"""The main screen's live folders: a thread watches the index's folders and brings the index up
to date when files are added, changed or removed (``spacetui.index.watch``), then says so with
``LiveUpdate``; the screen reloads on it."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from spacetui.tui.messages import LiveUpdate
from spacetui.tui.screens.main_base import MainScreenBase

if TYPE_CHECKING:
    from spacetui.index.build import IndexReport


class LiveFolders(MainScreenBase):
    def __init__(self) -> None:
        super().__init__()
        self._live: threading.Event | None = None  # set to stop watching the folders

    def watch_folders(self) -> None:
        """Start watching, once (the setting is on and the index open)."""
        if self._live is not None:
            return
        # A plain daemon thread, not a Textual worker: it runs as long as the screen does, and
        # "no work under way" (tests, the status) should not wait for it.
        self._live = threading.Event()
        threading.Thread(target=self._watch, args=(self._live,), name="spacetui-watch", daemon=True).start()

    def _watch(self, stop: threading.Event) -> None:
        from spacetui.index.watch import describe, update_in_subprocess, watch_index

        def updated(report: IndexReport | None, error: str | None) -> None:
            if report is None:
                self.post_message(LiveUpdate("", False, error or "the index could not be updated"))
            else:
                self.post_message(LiveUpdate(describe(report), report.changed))

        try:
            watch_index(self._app.backend.index_dir, updated, stop=stop, update=update_in_subprocess)
        except Exception as exc:  # no watching on this system (inotify limits...): say so once
            self.post_message(LiveUpdate("", False, f"not watching the folders: {exc}"))

    def on_unmount(self) -> None:
        if self._live is not None:
            self._live.set()
