"""Keys that take effect in the order they were typed.

Textual runs a key's binding only once the key has bubbled up to the app, by which time the
keys that arrived in the same read (a fast typist, a paste of keystrokes, tmux send-keys) have
already been handled by the focused widget: "⌫x" deleted the x, "⏎G" or "/abc" sent the
letters to the widget that was about to lose focus. Two parts make keys act in order:
``SpacetuiApp.on_event`` hands the focused widget one key at a time (the next waits until this
one is handled there), and widgets with this mixin run a bound key's binding at once, so a
binding that moves focus has moved it before the next key is handed over. A key that still
reaches a widget after focus moved on (focus moved by a message handled later) is passed to
the widget that has focus now. Focus changes in the app use ``Screen.set_focus`` (immediate),
not ``focus()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.widget import Widget


async def handled_in_order(widget: Widget, event: events.Key) -> bool:
    """Re-route or run ``event`` now. False: let the widget handle the key itself."""
    focused = widget.screen.focused
    if focused is not widget and focused is not None:
        event.stop()
        event.prevent_default()
        widget.app.post_message(events.Key(event.key, event.character))
        return True
    check = getattr(widget.app, "_check_bindings", None)  # Textual's own binding lookup
    if check is None:
        return False
    if await check(event.key):
        event.stop()
        event.prevent_default()
        return True
    return False


class OrderedKeys:
    """Mixin for focusable widgets (put it first in the bases)."""

    async def _on_key(self, event: events.Key) -> None:
        if not await handled_in_order(self, event):  # type: ignore[arg-type]
            await super()._on_key(event)  # type: ignore[misc]


class OrderedInput(Input):
    """An Input: printable keys are typed; bound keys (⌫, ⏎, ⇥, Esc...) act at once."""

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if event.is_printable and (focused is self or focused is None):
            await super()._on_key(event)
            return
        if not await handled_in_order(self, event):
            await super()._on_key(event)
