"""The key bar at the bottom: the keys the focused widget and the screen answer to, drawn as one
line of text.

Textual's ``Footer`` mounts a widget per key and rebuilds them all whenever the focus moves to a
widget with other keys: ~33 ms on the event loop after every such move (opening an article,
leaving a pane), during which the next key waits. This bar works out the same keys (one per
action, in the screen's order, the command palette's key at the right) and redraws one line:
well under a millisecond. A click on a key presses it, as in the footer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class ShownKey:
    key: str  # what a click simulates
    display: str  # how the key is written ("^q")
    description: str
    enabled: bool


class KeyBar(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description", "key-bar--palette"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--palette { color: $foreground 20%; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys: list[ShownKey] = []
        self.palette: ShownKey | None = None
        self._spans: list[tuple[int, int, ShownKey]] = []  # cells each key takes, for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys, palette = self._shown(screen)
        if keys != self.keys or palette != self.palette:
            self.keys, self.palette = keys, palette
            self.refresh()

    def _shown(self, screen: Screen[object]) -> tuple[list[ShownKey], ShownKey | None]:
        """As Textual's footer chooses them: the shown bindings, one per action, in order."""
        active = screen.active_bindings
        keys: list[ShownKey] = []
        actions: set[str] = set()
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            display = self.app.get_key_display(binding)
            keys.append(ShownKey(binding.key, display, binding.description, enabled))
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            palette = ShownKey(binding.key, self.app.get_key_display(binding), binding.description, enabled)
            keys = [k for k in keys if k.key != palette.key]
        return keys, palette

    def shown_keys(self) -> list[ShownKey]:
        """The keys on screen (those cut off at the right edge are not)."""
        return [key for _start, end, key in self._spans if end <= self.size.width and key is not self.palette]

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        line = Text(no_wrap=True, overflow="crop")
        self._spans = []
        width = self.size.width
        tail = Text()
        if self.palette is not None:
            tail = Text.assemble(
                ("▏", self.get_component_rich_style("key-bar--palette")),
                (self.palette.display, key_style),
                (f" {self.palette.description}", description_style),
            )
        room = max(0, width - tail.cell_len)
        for key in self.keys:
            piece = Text.assemble((f" {key.display} ", key_style), (f"{key.description} ", description_style))
            if not key.enabled:
                piece.stylize("dim")
            start = line.cell_len
            if start + piece.cell_len > room:
                break  # a key that does not fit whole is not drawn
            line.append_text(piece)
            self._spans.append((start, line.cell_len, key))
        if self.palette is not None:
            line.append(" " * (room - line.cell_len))
            self._spans.append((room, width, self.palette))
            line.append_text(tail)
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                if key.enabled:
                    self.app.simulate_key(key.key)
                else:
                    self.app.bell()
                return
