"""The main screen's lookups: the screens a result, a reading pane or the sidebar leads to
(related articles, other versions, a comparison of two articles, a story, an entity's dated
events). Each is read in a worker; an article picked there opens by ``OpenArticle``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work

from spacetui.safetext import display_text
from spacetui.tui.messages import OpenArticle, RelatedReady
from spacetui.tui.screens.main_base import MainScreenBase
from spacetui.tui.widgets.sidebar import EntitySidebar

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacetui.search.results import Hit
    from spacetui.stories.compare import Comparison
    from spacetui.stories.events import Event
    from spacetui.tui.widgets.reading_pane import ReadingPane
    from spacetui.tui.widgets.results import ResultsList


class Lookups(MainScreenBase):
    def _open_picked(self, article_id: str | None) -> None:
        if article_id:
            self.post_message(OpenArticle(article_id, find=False))

    def _open_picked_hit(self, hit: Hit | None) -> None:
        self._open_picked(hit.id if hit is not None else None)

    # --- related articles ---------------------------------------------------------------------
    def on_reading_pane_related_requested(self, message: ReadingPane.RelatedRequested) -> None:
        article = message.pane.article
        if article is not None:
            self._related(article.id, display_text(article.title))

    @work(thread=True, exclusive=True, group="related")
    def _related(self, article_id: str, title: str) -> None:
        try:
            hits = self._app.backend.related(article_id)
        except Exception:
            hits = []
        self.post_message(RelatedReady(article_id, title, hits))

    @on(RelatedReady)
    def _related_ready(self, message: RelatedReady) -> None:
        from spacetui.tui.screens.related import RelatedScreen

        if not message.hits:
            self.notify("No related articles found.", timeout=3)
            return
        self.app.push_screen(RelatedScreen(message.title, message.hits), self._open_picked_hit)

    # --- copies and comparing -----------------------------------------------------------------
    def on_results_list_versions_wanted(self, message: ResultsList.VersionsWanted) -> None:
        if not message.hit.versions:
            self.notify("This article has no other versions.", timeout=3)
            return
        self._versions(message.hit)

    @work(thread=True, exclusive=True, group="versions")
    def _versions(self, hit: Hit) -> None:
        try:
            hits = self._app.backend.versions(hit)
        except Exception:
            hits = []
        self.app.call_from_thread(self._versions_ready, hit, hits)

    def _versions_ready(self, hit: Hit, hits: list[Hit]) -> None:
        from spacetui.tui.screens.related import RelatedScreen

        if hits:
            screen = RelatedScreen(display_text(hit.title), hits, heading="Versions of")
            self.app.push_screen(screen, self._open_picked_hit)

    def on_results_list_compare_wanted(self, message: ResultsList.CompareWanted) -> None:
        if message.first is None:
            self.notify("Mark an article with m first, then press c on another.", timeout=4)
            return
        if message.first.id == message.second.id:
            self.notify("That is the marked article: press c on another one.", timeout=4)
            return
        self._compare(message.first.id, message.second.id)

    def action_compare_panes(self) -> None:
        """Compare the articles open in the two panes (the left one first)."""
        articles = [p.article for p in self.panes() if p.article is not None]
        if len(articles) < 2:
            self.notify("Open two articles side by side (v on a result) to compare them.", timeout=4)
            return
        self._compare(articles[0].id, articles[1].id)

    @work(thread=True, exclusive=True, group="compare")
    def _compare(self, first_id: str, second_id: str) -> None:
        try:
            comparison = self._app.backend.compare(first_id, second_id)
        except Exception as exc:
            self.app.call_from_thread(
                self.notify, f"Could not compare: {display_text(str(exc))}", severity="error"
            )
            return
        if comparison is not None:
            self.app.call_from_thread(self._compare_ready, comparison)

    def _compare_ready(self, comparison: Comparison) -> None:
        from spacetui.tui.screens.compare import CompareScreen

        self.app.push_screen(CompareScreen(comparison))

    # --- the story view and dated events (screens/story.py) ------------------------------------
    def on_results_list_story_wanted(self, message: ResultsList.StoryWanted) -> None:
        backend, article_id = self._app.backend, message.hit.id

        def story() -> tuple[str, list[Hit], list[Event]]:
            view = backend.story(article_id)
            title = display_text(view.hits[0].title) if view.hits else view.story
            return f"Story: “{title}”", view.hits, view.events

        self._story_screen(story, "the story")

    @on(EntitySidebar.EventsWanted)
    def _events_wanted(self, message: EntitySidebar.EventsWanted) -> None:
        backend, info = self._app.backend, message.info

        def events() -> tuple[str, list[Hit], list[Event]]:
            heading = f"Dated events naming {info.type}: {display_text(info.name)}"
            return heading, [], backend.entity_events(info)

        self._story_screen(events, "the events")

    @work(thread=True, exclusive=True, group="story")
    def _story_screen(self, load: Callable[[], tuple[str, list[Hit], list[Event]]], what: str) -> None:
        from spacetui.tui.screens.story import StoryScreen

        try:
            heading, hits, events = load()
        except Exception as exc:
            self.app.call_from_thread(self.notify, f"Could not read {what}: {display_text(str(exc))}")
            return
        self.app.call_from_thread(self.app.push_screen, StoryScreen(heading, hits, events), self._open_picked)
