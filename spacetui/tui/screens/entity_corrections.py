"""The main screen's entity corrections (hide, rename, merge, retype, split, undo: asked for in the
sidebar), and the list of entities named with one. Each dialog's answer becomes a change to
entities.toml (``spacetui.tui.corrections``), written in a worker; the filters follow it."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual import on, work

from spacetui.safetext import display_text
from spacetui.tui import corrections
from spacetui.tui.messages import AppearsWithReady, CorrectionDone, ToggleEntity
from spacetui.tui.screens.main_base import MainScreenBase
from spacetui.tui.widgets.sidebar import EntitySidebar

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacetui.entities import EntityInfo
    from spacetui.search.results import Filter
    from spacetui.tui.corrections import Correction

Answer = TypeVar("Answer")


class EntityCorrections(MainScreenBase):
    @on(EntitySidebar.Act)
    def _entity_act(self, message: EntitySidebar.Act) -> None:
        # The dialogs load on first use.
        from spacetui.tui.screens.entity_edit import ChoiceScreen, NameScreen, PickEntityScreen

        info, what = message.info, message.what
        label = corrections.label(info)

        if what == "with":
            self._appears_with(info, self.query_text, tuple(self.filters))
        elif what == "hide":
            self._correct(corrections.hidden(info))
        elif what == "rename":
            self.app.push_screen(
                NameScreen(f"Rename {label}", info.name), self._correct_with(info, corrections.renamed)
            )
        elif what == "merge":
            others = [e for e in self._app.backend.entities() if (e.type, e.name) != (info.type, info.name)]
            self.app.push_screen(
                PickEntityScreen(f"Merge {label} into…", others),
                self._correct_with(info, corrections.merged),
            )
        elif what == "type":
            self.app.push_screen(
                ChoiceScreen(f"Type of {label}", corrections.type_choices(), info.type),
                self._correct_with(info, corrections.retyped),
            )
        elif what == "split":
            choices = corrections.alias_choices(info)
            if not choices:
                self.notify(f"{label} has no other name to split off.", timeout=3)
                return
            self.app.push_screen(
                ChoiceScreen(f"Split off {label}…", choices),
                self._correct_with(info, corrections.split_off),
            )

    def _correct_with(
        self, info: EntityInfo, make: Callable[[EntityInfo, Answer], Correction | None]
    ) -> Callable[[Answer], None]:
        """A dialog's callback: the correction its answer makes, if any, is written."""

        def answered(answer: Answer) -> None:
            if (correction := make(info, answer)) is not None:
                self._correct(correction)

        return answered

    def _correct(self, correction: Correction) -> None:
        self._run_correction(correction, tuple(self.filters))

    @on(EntitySidebar.Undo)
    def _undo_correction(self) -> None:
        if self._app.backend.ready:
            self._run_correction(None, tuple(self.filters))

    @work(thread=True, group="correct")
    def _run_correction(self, correction: Correction | None, filters: tuple[Filter, ...]) -> None:
        """Write ``correction`` (None: undo the last one), then read each filter as it is now."""
        from spacetui.entities.overrides import CorrectionError

        backend = self._app.backend
        try:
            if correction is None:
                if not backend.undo():
                    self.post_message(CorrectionDone("", [], error="No correction to undo."))
                    return
            else:
                backend.correct(correction.change)
            refiltered = backend.refilter(filters)
        except (CorrectionError, OSError) as exc:
            self.post_message(CorrectionDone("", [], error=str(exc)))
            return
        notice = correction.notice if correction is not None else "Undid the last entity correction."
        if backend.correction_errors:  # the user's own entries the file reader cannot use
            notice += f"\nIgnored in the file: {'; '.join(backend.correction_errors[:2])}"
        follow = correction.follow if correction is not None else None
        self.post_message(CorrectionDone(notice, refiltered, follow=follow))

    @on(CorrectionDone)
    async def _correction_done(self, message: CorrectionDone) -> None:
        if message.error:
            self.notify(display_text(message.error), severity="error", timeout=8)
            return
        self.search_state.corrected(message.filters)
        self.notify(message.notice, timeout=4)
        self.query_one(EntitySidebar).follow = message.follow
        await self._filters_changed()  # searches again: the sidebar shows the table as corrected

    # --- what appears with an entity ----------------------------------------------------------
    @work(thread=True, exclusive=True, group="with")
    def _appears_with(self, info: EntityInfo, query: str, filters: tuple[Filter, ...]) -> None:
        try:
            together, others = self._app.backend.appears_with(info, query, filters)
        except Exception as exc:  # a query error, an index gone meanwhile: said, not raised
            self.post_message(AppearsWithReady(info, 0, [], error=str(exc)))
            return
        self.post_message(AppearsWithReady(info, together, others, error=None))

    @on(AppearsWithReady)
    def _appears_with_ready(self, message: AppearsWithReady) -> None:
        from spacetui.tui.screens.entity_edit import AppearsWithScreen

        if message.error:
            self.notify(display_text(message.error), severity="error", timeout=5)
            return

        def chosen(other: EntityInfo | None) -> None:
            if other is not None:
                self.post_message(ToggleEntity(other))

        self.app.push_screen(AppearsWithScreen(message.info, message.together, message.others), chosen)
