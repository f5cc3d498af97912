"""The Textual app. Importing this package stays cheap: the app module loads on launch."""

from __future__ import annotations

import gc
import sys
from pathlib import Path


def run_app(index_dir: Path | None, config_path: Path | None) -> int:
    """Open the app on ``index_dir`` (default: the usual index) with the user's config."""
    # Start-up creates ~10^5 long-lived objects (Textual's modules, styles, widgets) and the
    # collector would walk them again and again before the first frame (~20 ms on this
    # machine). It is paused until that frame is painted (SpacetuiApp.first_frame_painted).
    gc.disable()
    try:
        from spacetui.config import Config, ConfigError, load_config
        from spacetui.paths import default_index_dir

        try:
            config = load_config(config_path)
        except ConfigError as exc:
            print(f"spacetui: {exc}; using the defaults", file=sys.stderr)
            config = Config(path=config_path)
        where = Path(index_dir).expanduser() if index_dir else default_index_dir()
        if index_dir is not None:
            from spacetui.index.store import IndexStore, missing_message
            from spacetui.paths import is_default_index

            # Only the default index is made from the bundled seeds; a mistyped --index is said.
            if IndexStore(where).current_name() is None and not is_default_index(where):
                print(f"spacetui: {missing_message(where)}", file=sys.stderr)
                return 3
        from spacetui.tui.app import SpacetuiApp

        app = SpacetuiApp(where, config)
        app.manage_gc = True
        app.run(mouse=config.mouse)
        return app.return_code or 0
    finally:
        gc.enable()
