"""The core never imports Textual (the CLI, scripts and tests use it without a terminal UI)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys


def test_core_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        "import spacetui.articles.loaders, spacetui.articles.clean, spacetui.entities\n"
        "import spacetui.index.build, spacetui.search.service, spacetui.cli.commands\n"
        "from spacetui.search.service import SearchService\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "", f"core imported: {proc.stdout}"


def test_app_package_import_is_light() -> None:
    """`import spacetui.tui` must not pull the index, Whoosh or NLP onto the start-up path."""
    code = (
        "import sys\nimport spacetui.tui, spacetui.cli.main\n"
        "heavy = [m for m in ('whoosh', 'spacy', 'dateparser', 'trafilatura') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == ""


def test_first_frame_path_imports_nothing_heavy() -> None:
    """Everything the app imports before its first frame: no index, NLP, numpy or argparse.

    The search layer (Whoosh, numpy), the reading pane and the result list load after the first
    paint; this is the import chain of `spacetui` up to `App.run`, plus the first screen.
    """
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import spacetui.cli.main, spacetui.tui, spacetui.config, spacetui.paths\n"
        "from spacetui.config import load_config\n"
        "from spacetui.tui.app import SpacetuiApp\n"
        "app = SpacetuiApp(Path('no-such-index'), load_config(Path('no-such-config.toml')))\n"
        "screen = app.get_default_screen()\n"
        "heavy = ('whoosh', 'spacy', 'numpy', 'dateparser', 'trafilatura', 'argparse', 'tomllib',\n"
        "         'spacetui.index', 'spacetui.search.service', 'spacetui.tui.widgets.reading_pane',\n"
        "         'spacetui.tui.widgets.results')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "", f"loaded before the first frame: {proc.stdout}"


def test_search_layer_leaves_urllib_request_unloaded_but_working() -> None:
    """whoosh.compat's urllib.request import (http.client, email: ~2 MiB) is skipped; the real
    module still imports for anyone who needs it, and Whoosh's re-export still works. Forks
    without whoosh.compat (whoosh3) must not load urllib.request either."""
    has_compat = importlib.util.find_spec("whoosh.compat") is not None
    code = (
        "import sys\n"
        "import spacetui.search.service\n"
        "print(','.join(m for m in ('urllib.request', 'http.client', 'email.parser') if m in sys.modules))\n"
        "import urllib.request\n"
        "assert urllib.request.urlopen and sys.modules['urllib.request'] is urllib.request\n"
    )
    if has_compat:
        code += "import whoosh.compat\nassert callable(whoosh.compat.urlretrieve)\n"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "", f"loaded with the search layer: {proc.stdout}"
