"""Command palette providers: every bound action, plus jumping to an article, an entity or a
saved search."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from spacetui.safetext import display_text
from spacetui.tui.messages import OpenArticle, OpenSaved, ToggleEntity

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from spacetui.entities import EntityInfo
    from spacetui.tui.app import SpacetuiApp
    from spacetui.tui.screens.main import MainScreen


def _highlighted(provider: Provider, query: str, candidate: str) -> tuple[float, Content]:
    """Fuzzy score and display for untrusted text: plain Content styled by offsets, no markup."""
    matcher = provider.matcher(query)
    score, offsets = matcher.fuzzy_search.match(query, candidate)
    content = Content(candidate)
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(provider.match_style or "bold reverse", offset, offset + 1)
    return score, content


def _main(provider: Provider) -> MainScreen | None:
    from spacetui.tui.screens.main import MainScreen

    screen = provider.screen
    return screen if isinstance(screen, MainScreen) else None


class ActionsProvider(Provider):
    """Every action that has a key, found by its description."""

    def _commands(self) -> list[tuple[str, str, str, DOMNode | None]]:
        from spacetui.tui.screens.help import effective_keys, own_bindings, sections
        from spacetui.tui.widgets.reading_pane import ReadingPane

        main = _main(self)
        out: list[tuple[str, str, str, DOMNode | None]] = []
        for title, classes in sections():
            for cls in classes:
                target: DOMNode | None
                if cls is type(self.app):
                    target = self.app
                elif main is None:
                    continue
                elif cls is type(main):
                    target = main
                elif cls is ReadingPane:
                    target = main.active_pane
                else:
                    found = list(main.query(cls.__name__))
                    target = found[0] if found else None
                if target is None:
                    continue
                for b in own_bindings(cls):
                    if (b.id and b.id.endswith((".down", ".up", ".close"))) or b.id == "main.back":
                        continue
                    label = f"{title}: {b.description}"
                    out.append((label, effective_keys(self.app, b), b.action, target))
        return out

    async def discover(self) -> Hits:
        for label, keys, action, target in self._commands():
            yield DiscoveryHit(Content(label), partial(self.app.run_action, action, target), help=keys)

    async def search(self, query: str) -> Hits:
        for label, keys, action, target in self._commands():
            score, display = _highlighted(self, query, label)
            if score > 0:
                yield Hit(score, display, partial(self.app.run_action, action, target), text=label, help=keys)


class ArticlesProvider(Provider):
    """Jump to an article by (part of) its title."""

    async def search(self, query: str) -> Hits:
        app: SpacetuiApp = self.app  # type: ignore[assignment]
        main = _main(self)
        if main is None or not app.backend.ready or len(query.strip()) < 2:
            return
        try:
            hits = await asyncio.to_thread(app.backend.titles, query)
        except Exception:
            return
        for hit in hits:
            title = display_text(hit.title) or hit.id
            score, display = _highlighted(self, query, title)
            when = hit.date or "undated"
            yield Hit(
                max(score, 0.2),
                Content("Article: ") + display,
                partial(main.post_message, OpenArticle(hit.id, find=False)),
                text=f"Article: {title}",
                help=f"{when} · {display_text(hit.source)}" if hit.source else when,
            )


class EntitiesProvider(Provider):
    """Filter by an entity named anywhere in the corpus."""

    async def startup(self) -> None:
        app: SpacetuiApp = self.app  # type: ignore[assignment]
        self._entities: list[EntityInfo] = []
        if app.backend.ready:
            try:
                listing = await asyncio.to_thread(app.backend.entities)
                self._entities = listing[:5000]
            except Exception:
                self._entities = []

    async def search(self, query: str) -> Hits:
        from spacetui.tui.widgets.sidebar import TYPE_LABELS, entity_label

        main = _main(self)
        if main is None:
            return
        for info in self._entities:
            label = entity_label(info)
            score, display = _highlighted(self, query, label)
            if score > 0:
                kind = TYPE_LABELS.get(info.type, info.type)
                plural = "" if info.articles == 1 else "s"
                yield Hit(
                    score * 0.9,
                    Content(f"{kind}: ") + display,
                    partial(main.post_message, ToggleEntity(info)),
                    text=f"{kind}: {label}",
                    help=f"filter by this entity · {info.articles} article{plural}",
                )


class SavedProvider(Provider):
    """Open a saved search by (part of) its name."""

    def _hits(self) -> list[tuple[str, str, str]]:
        from spacetui.tui.widgets.sidebar import saved_label

        main = _main(self)
        if main is None:
            return []
        out = []
        for status in main.saved:
            query = display_text(status.search.query) or "everything"
            out.append(
                (status.search.name, f"Saved search: {saved_label(status)}", f"{status.total} · {query}")
            )
        return out

    async def discover(self) -> Hits:
        main = _main(self)
        for name, label, help_text in self._hits():
            if main is not None:
                yield DiscoveryHit(
                    Content(label), partial(main.post_message, OpenSaved(name)), help=help_text
                )

    async def search(self, query: str) -> Hits:
        main = _main(self)
        for name, label, help_text in self._hits():
            score, display = _highlighted(self, query, label)
            if score > 0 and main is not None:
                yield Hit(
                    score, display, partial(main.post_message, OpenSaved(name)), text=label, help=help_text
                )
