"""The main screen's export of the whole result set (``e`` on the results): a format picked from
three, every matching article written to a new file in the working folder, in a worker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from spacetui.safetext import display_text
from spacetui.tui.screens.main_base import MainScreenBase

if TYPE_CHECKING:
    from spacetui.search.results import Filter

EXPORT_CHOICES = [
    ("md", "Markdown, one file (.md)"),
    ("csv", "CSV table (.csv)"),
    ("jsonl", "JSON lines (.jsonl)"),
]


class ResultsExport(MainScreenBase):
    def action_export_results(self) -> None:
        """Every article of the current results out to a file here, in a format picked from three."""
        from spacetui.tui.screens.entity_edit import ChoiceScreen

        if self.result is None or not self.result.total:
            self.notify("No results to export.", severity="warning", timeout=3)
            return
        total = self.result.total
        query, filters, sort = self.query_text, tuple(self.filters), self.sort

        def chosen(fmt: str | None) -> None:
            if fmt:
                self._export(query, filters, sort, fmt)

        noun = "article" if total == 1 else "articles"
        self.app.push_screen(ChoiceScreen(f"Export {total:,} {noun} as…", EXPORT_CHOICES), chosen)

    @work(thread=True, group="export")
    def _export(self, query: str, filters: tuple[Filter, ...], sort: str, fmt: str) -> None:
        from pathlib import Path

        from spacetui.export import free_path, slug

        path = free_path(Path.cwd(), f"spacetui-{slug(query, 40) or 'all'}", fmt)
        try:
            written = self._app.backend.export(query, filters, sort, fmt, path)
        except OSError as exc:
            self.app.call_from_thread(self.notify, f"Could not export: {exc}", severity="error")
            return
        noun = "article" if written == 1 else "articles"
        self.app.call_from_thread(
            self.notify, display_text(f"Exported {written:,} {noun} to {path}"), timeout=6
        )
