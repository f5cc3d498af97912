"""The Textual app. Importing this package stays cheap: the app module loads on launch."""

from __future__ import annotations

from pathlib import Path


def run_app(index_dir: Path | None, config_path: Path | None) -> int:
    import sys

    print("spacetui: the app is not built yet; use `spacetui search`, `list`, `show`.", file=sys.stderr)
    return 2
