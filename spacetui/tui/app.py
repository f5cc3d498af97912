"""The Textual app: wiring only (bindings, styles, commands, keymap, theme); screens do the work."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input

from spacetui.config import Config, save_setting
from spacetui.tui.backend import Backend
from spacetui.tui.screens.main import MainScreen

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.theme import Theme

    from spacetui.articles.model import Article


KEY_HANDOVER_WAIT = 0.5  # seconds
IDLE_COLLECT_AFTER = 2.0  # seconds without a key or a click before a full collection may run


def _provider(name: str) -> type[Provider]:
    from spacetui.tui import commands

    return getattr(commands, name)


class SpacetuiApp(App[int]):
    TITLE = "spacetui"
    CSS_PATH = "app.tcss"
    # Providers load when the palette first opens, not before the first frame.
    COMMANDS: ClassVar = App.COMMANDS | {
        lambda: _provider("ActionsProvider"),
        lambda: _provider("ArticlesProvider"),
        lambda: _provider("EntitiesProvider"),
        lambda: _provider("SavedProvider"),
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer shows one key per action: Ctrl+Q, which quits wherever the focus is (q
        # types a q in the search box).
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit_anywhere"),
        Binding("q", "quit", "Quit", show=False, id="app.quit"),
        Binding("f1,question_mark", "help", "Help", id="app.help"),
    ]

    def __init__(self, index_dir: Path, config: Config | None = None) -> None:
        super().__init__()
        self.config = config or Config()
        self.backend = Backend(Path(index_dir), self.config.max_file_bytes)
        self.keymap: dict[str, str] = dict(self.config.keymap)
        # run_app pauses the garbage collector for start-up and sets this: the collector then
        # resumes after the first frame, and what lives as long as the app is frozen out of it.
        self.manage_gc = False
        self._results_seen = False
        self._last_input = time.monotonic()

    def get_default_screen(self) -> Screen:
        # The main screen is the base of the stack: no blank default screen is composed,
        # styled and painted before it.
        return MainScreen()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self._last_input = time.monotonic()
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)
            return
        # Keys from the terminal go to the focused widget one at a time: the next is not
        # handed over until this one is handled there, so a key that moves focus ("/", Enter,
        # Esc) sends the keys typed right behind it to where focus went (a paste, tmux
        # send-keys or a fast typist deliver them in one read).
        target = self.focused or self.screen
        await super().on_event(event)
        if not event.is_forwarded:
            return  # a priority binding took it
        if event.is_printable and isinstance(target, Input):
            # A character typed into a box moves no focus, and the keys behind it queue up
            # behind it in the box: waiting for each held a burst's keys (a paste, tmux
            # send-keys) a round trip apiece while the first ones' searches ran.
            return
        # Handled means handled there and by the nodes above it, up to the screen: a widget
        # asks the screen to move the focus by message, and the message climbs one node at a
        # time. The focused widget is waited on twice: for the key, then for what it posted.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + KEY_HANDOVER_WAIT
        for node in (target, *target.ancestors_with_self):
            handled = asyncio.Event()
            remaining = deadline - loop.time()
            if remaining <= 0 or not node.call_later(handled.set):
                break
            with contextlib.suppress(TimeoutError):
                # A bound, not a timing target: a handler that waits on the app itself
                # must not stall the keyboard.
                await asyncio.wait_for(handled.wait(), remaining)
            if isinstance(node, Screen):
                break

    def first_frame_painted(self) -> None:
        """Called by the main screen once its first frame is on the terminal."""
        if self.manage_gc:
            # What start-up built lives as long as the app: keep it out of every future
            # collection (shorter pauses while typing), then collect as usual.
            gc.freeze()
            gc.enable()

    def first_results_shown(self) -> None:
        """Called by the main screen when the index is open and its first results are shown."""
        if self.manage_gc and not self._results_seen:
            # The open index (Whoosh readers, the ranker's tables, the entity lists) is ~200k
            # objects at 100k articles: a full collection walked them all, a 50-130 ms pause
            # that landed in the middle of opening an article or a keystroke now and then.
            gc.freeze()
            # What is left for full collections is the UI's own churn (~40 ms to free after a
            # few articles): run them when nobody is typing, not whenever a count runs over.
            young, middle, _ = gc.get_threshold()
            gc.set_threshold(young, middle, 1000)
            self.set_interval(1.0, self._collect_when_idle)
        self._results_seen = True

    def _collect_when_idle(self) -> None:
        if gc.get_count()[2] and time.monotonic() - self._last_input >= IDLE_COLLECT_AFTER:
            gc.collect()

    def on_mount(self) -> None:
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        elif self.config.theme:
            self.notify(f"Unknown theme {self.config.theme!r} in the config; using the default.", timeout=5)
        if self.keymap:
            self.set_keymap(self.keymap)
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        # Chosen in the palette: remember it for next time (only when it really changed).
        if theme.name != self.config.theme:
            self.config.theme = theme.name
            try:
                save_setting("ui", "theme", theme.name, self.config.path)
            except OSError as exc:
                self.notify(f"Could not save the theme: {exc}", severity="warning")

    def action_help(self) -> None:
        from spacetui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # --- getting text out ---------------------------------------------------------------------
    def export_markdown(self, article: Article) -> Path | None:
        from spacetui.export import slug, to_markdown

        path = Path.cwd() / f"{slug(article.title, 60) or article.id}.md"
        try:
            path.write_text(to_markdown(article), encoding="utf-8")
        except OSError as exc:
            self.notify(f"Could not export: {exc}", severity="error")
            return None
        self.notify(f"Exported to {path}", timeout=5)
        return path

    def open_web_page(self, url: str) -> None:
        """The article's web page in the browser: a graphical one in the background, a terminal
        one (lynx, w3m: $BROWSER) with the app suspended meanwhile."""
        import webbrowser

        from spacetui.safetext import display_text

        shown = display_text(url)
        if not url.startswith(("http://", "https://")):
            self.notify("This article has no web address." if not url else f"Not a web address: {shown}")
            return
        try:
            browser = webbrowser.get()
        except webbrowser.Error:
            self.notify(
                f"No browser found (set $BROWSER). The address: {shown}", severity="warning", timeout=8
            )
            return
        in_terminal = isinstance(browser, webbrowser.GenericBrowser) and not isinstance(
            browser, webbrowser.BackgroundBrowser
        )
        if not in_terminal:

            def start() -> None:
                # webbrowser says a browser that would not start only by returning False
                if not browser.open(url):
                    self.call_from_thread(
                        self.notify,
                        f"Could not start the browser. The address: {shown}",
                        severity="error",
                        timeout=8,
                    )

            self.run_worker(start, thread=True, group="browser")
            self.notify(f"Opening {shown}", timeout=3)
            return
        try:
            with self.suspend():
                browser.open(url)
        except Exception as exc:  # SuspendNotSupported, or the browser could not start
            self.notify(f"Could not open the browser: {exc}", severity="error")
        finally:
            self.refresh()

    def open_external(self, article: Article, variable: str) -> None:
        """Show the article in $PAGER or $EDITOR, with the app suspended meanwhile."""
        import shlex
        import subprocess
        import tempfile

        from textual.app import SuspendNotSupported

        from spacetui.export import to_markdown

        fallback = "less" if variable == "PAGER" else "vi"
        command = shlex.split(os.environ.get(variable) or fallback)
        with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as fh:
            fh.write(to_markdown(article))
            name = fh.name
        try:
            with self.suspend():
                subprocess.run([*command, name], check=False)
        except SuspendNotSupported:
            self.notify("This terminal cannot hand over to another program.", severity="warning")
        except OSError as exc:
            self.notify(f"Could not run {command[0]}: {exc}", severity="error")
        finally:
            Path(name).unlink(missing_ok=True)
            self.refresh()
