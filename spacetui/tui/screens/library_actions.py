"""The main screen's library edits: star, read, tags and notes, asked for by the result list and
the reading panes (``LibraryEditRequested``), saved in a worker, shown wherever the article is.
What each key changes is ``spacetui.tui.library_edits``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work

from spacetui.safetext import display_text
from spacetui.tui import library_edits
from spacetui.tui.messages import LibraryChanged, LibraryEditRequested
from spacetui.tui.screens.main_base import MainScreenBase

if TYPE_CHECKING:
    from spacetui.articles.model import Article
    from spacetui.library import ArticleRef, ArticleState
    from spacetui.tui.library_edits import LibraryEdit


class LibraryActions(MainScreenBase):
    @on(LibraryEditRequested)
    def _library_edit(self, message: LibraryEditRequested) -> None:
        ref, what = message.ref, message.what
        edit = library_edits.toggled(what, message.state)
        if edit is not None:
            self._change_library(ref, edit)
            return
        asked = library_edits.dialog(what, ref, message.state)
        if asked is None:
            return
        from spacetui.tui.screens.entity_edit import NameScreen

        def edited(value: str | None) -> None:
            if value is not None:
                self._change_library(ref, library_edits.answered(what, value))

        dialog = NameScreen(asked.title, asked.initial, allow_empty=True, placeholder=asked.placeholder)
        self.app.push_screen(dialog, edited)

    def opened(self, article: Article, state: ArticleState) -> None:
        """An article was opened in a pane with this library state: it is read now."""
        edit = library_edits.opened_read(state)
        if edit is not None:
            from spacetui.library import ArticleRef

            self._change_library(ArticleRef.of(article), edit)

    @work(thread=True, group="library")
    def _change_library(self, ref: ArticleRef, edit: LibraryEdit) -> None:
        from spacetui.library import LibraryError

        try:
            state = self._app.backend.change_library(ref, edit.what, edit.value)
        except (LibraryError, OSError) as exc:
            self.post_message(LibraryChanged(ref, None, error=str(exc)))
            return
        self.post_message(LibraryChanged(ref, state, edit.notice))

    @on(LibraryChanged)
    def _library_changed(self, message: LibraryChanged) -> None:
        if message.error or message.state is None:
            self.notify(display_text(message.error), severity="error", timeout=8)
            return
        ref, state = message.ref, message.state
        results = self._results()
        if results is not None:
            results.update_state(ref.content_hash, ref.id, state)
        for pane in self.panes():
            if library_edits.shows(pane.article, ref):
                pane.set_state(state)
        if message.notice:
            self.notify(message.notice, timeout=2)
