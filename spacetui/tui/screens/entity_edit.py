"""Small dialogs for correcting an entity from the sidebar, and the "appears with" list.

A name to type (rename), an entity to pick by a fuzzy match of its name (merge into), one of a
few choices (its type, the alias to split off), and the entities that appear with one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from spacetui.safetext import display_text
from spacetui.tui.widgets.ordered import OrderedInput
from spacetui.tui.widgets.sidebar import EntityLine, entity_label

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from spacetui.entities import EntityInfo

_Result = TypeVar("_Result")

PICK_SHOWN = 50  # entities listed in the merge picker at a time
PICK_MIN_SCORE = 75  # rapidfuzz QRatio below which a name is not offered as a spelling of the text


class _Dialog(ModalScreen[_Result]):
    """Esc (the ``cancel`` action) answers None."""

    def action_cancel(self) -> None:
        self.dismiss(None)


class _ListDialog(_Dialog[_Result]):
    """A dialog around one list: j/k move in it."""

    def action_list_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_list_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()


def _entity_option(info: EntityInfo) -> Option:
    return Option(EntityLine("  ", f"{info.type}: {entity_label(info)}", info.articles))


class NameScreen(_Dialog["str | None"]):
    """Type a line (a name, tags, a note); Enter keeps it, Esc cancels (None). With
    ``allow_empty``, Enter on an empty line answers "" (clear it)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, title: str, value: str, *, allow_empty: bool = False, placeholder: str = "") -> None:
        super().__init__()
        self.title_text, self.value = title, value
        self.allow_empty, self.placeholder = allow_empty, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = Content(self.title_text)
            box.border_subtitle = Content("Enter saves · Esc cancels")
            # Keys in order: Ctrl+U then a name in one read must clear, then type (tmux, pastes).
            yield OrderedInput(self.value, placeholder=self.placeholder, id="dialog-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        self.dismiss(value if value or self.allow_empty else None)


class ChoiceScreen(_ListDialog["str | None"]):
    """Pick one of a few values (shown by their labels)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Cancel", id="choice.cancel"),
        Binding("j", "list_down", "Down", show=False, id="choice.down"),
        Binding("k", "list_up", "Up", show=False, id="choice.up"),
    ]

    def __init__(self, title: str, choices: list[tuple[str, str]], current: str | None = None) -> None:
        super().__init__()
        self.title_text, self.choices, self.current = title, choices, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = Content(self.title_text)
            box.border_subtitle = Content("Enter chooses · Esc cancels")
            yield OptionList(*[Option(Text(label), id=value) for value, label in self.choices])

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        values = [v for v, _ in self.choices]
        options.highlighted = values.index(self.current) if self.current in values else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


class PickEntityScreen(_Dialog["EntityInfo | None"]):
    """Type part of a name; the entities whose names match best are listed (rapidfuzz)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pick.cancel"),
        Binding("down", "to_list", "To the list", show=False, id="pick.to_list"),
    ]

    def __init__(self, title: str, entities: list[EntityInfo]) -> None:
        super().__init__()
        self.title_text = title
        self.entities = entities  # most named first
        self.shown: list[EntityInfo] = []
        self._choices: list[str] | None = None  # every name and alias, as compared
        self._owners: list[int] = []  # the entity of each

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box pick-box") as box:
            box.border_title = Content(self.title_text)
            box.border_subtitle = Content("type to narrow · ↓ to the list · Enter picks · Esc cancels")
            yield OrderedInput(placeholder="a name or part of one", id="pick-input")
            yield OptionList(id="pick-list")

    def on_mount(self) -> None:
        self._show(self.entities[:PICK_SHOWN])
        self.query_one(Input).focus()

    def matches(self, text: str) -> list[EntityInfo]:
        """The entities whose name or an alias is closest to ``text``, best first."""
        text = text.strip()
        if not text:
            return self.entities[:PICK_SHOWN]
        from rapidfuzz import fuzz, process, utils  # the first keystroke here, never at start-up

        if self._choices is None:  # once: every name and alias, as rapidfuzz compares them
            self._owners = [n for n, e in enumerate(self.entities) for _ in (e.name, *e.aliases)]
            self._choices = [utils.default_process(x) for e in self.entities for x in (e.name, *e.aliases)]
        # Names that contain what was typed first (most named first), then close spellings of a
        # whole name (not of a part: "AI" is no spelling of "Baikal").
        needle = utils.default_process(text)
        contain = [self._owners[n] for n, c in enumerate(self._choices) if needle in c]
        found = process.extract(
            needle, self._choices, scorer=fuzz.QRatio, limit=PICK_SHOWN * 2, score_cutoff=PICK_MIN_SCORE
        )
        close = sorted((-score, self._owners[n]) for _, score, n in found)  # ties: the most named first
        ranked = list(dict.fromkeys([*contain, *(n for _, n in close)]))
        return [self.entities[n] for n in ranked[:PICK_SHOWN]]

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show(self.matches(event.value))

    def _show(self, infos: list[EntityInfo]) -> None:
        self.shown = infos
        options = self.query_one(OptionList)
        options.clear_options()
        if not infos:
            options.add_option(Option(Text("No entity by that name.", style="dim"), disabled=True))
            return
        options.add_options(_entity_option(e) for e in infos)
        options.highlighted = 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if self.shown and options.highlighted is not None:
            self.dismiss(self.shown[options.highlighted])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.shown):
            self.dismiss(self.shown[event.option_index])

    def action_to_list(self) -> None:
        self.query_one(OptionList).focus()


class AppearsWithScreen(_ListDialog["EntityInfo | None"]):
    """The entities named in the most of the current results that name the chosen one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Close", id="with.close"),
        Binding("j", "list_down", "Down", show=False, id="with.down"),
        Binding("k", "list_up", "Up", show=False, id="with.up"),
    ]

    def __init__(self, info: EntityInfo, together: int, others: list[EntityInfo]) -> None:
        super().__init__()
        self.info, self.together, self.others = info, together, others

    def compose(self) -> ComposeResult:
        noun = "article" if self.together == 1 else "articles"
        with Vertical(classes="dialog-box with-box") as box:
            box.border_title = Content(
                f"Appears with {display_text(self.info.name)} · in {self.together:,} {noun} of these results"
            )
            box.border_subtitle = Content("Enter adds it as a filter · Esc closes")
            options = [_entity_option(i) for i in self.others]
            if not options:
                options = [
                    Option(Text("Nothing else is named in these articles.", style="dim"), disabled=True)
                ]
            yield OptionList(*options)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.others):
            self.dismiss(self.others[event.option_index])
