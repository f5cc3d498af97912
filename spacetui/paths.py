"""Where things live: the bundled seeds, the index, the config file."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "spacetui"
PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parent


def seeds_dir() -> Path:
    """The default corpus: inside the wheel as ``spacetui/_seeds``, in a checkout as ``seeds/``."""
    bundled = PACKAGE_DIR / "_seeds"
    if bundled.is_dir():
        return bundled
    return CHECKOUT_DIR / "seeds"


def in_checkout() -> bool:
    """True when running from a source checkout (an editable install), not a wheel."""
    return (CHECKOUT_DIR / "pyproject.toml").is_file() and (CHECKOUT_DIR / "index" / "README.md").is_file()


def default_index_dir() -> Path:
    env = os.environ.get("SPACETUI_INDEX")
    if env:
        return Path(env).expanduser()
    if in_checkout():
        return CHECKOUT_DIR / "index"
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "index"


def is_default_index(path: Path) -> bool:
    """Whether ``path`` is the index spacetui uses when given none (the only one it fills with the
    bundled seeds when missing: any other missing index is a mistake to report)."""
    default = default_index_dir()
    try:
        return Path(path).expanduser().resolve() == default.resolve()
    except OSError:
        return Path(path).expanduser().absolute() == default.absolute()


def config_dir() -> Path:
    env = os.environ.get("SPACETUI_CONFIG")
    if env:
        return Path(env).expanduser().parent
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def config_file() -> Path:
    env = os.environ.get("SPACETUI_CONFIG")
    if env:
        return Path(env).expanduser()
    return config_dir() / "config.toml"


def entities_file() -> Path:
    """The user's entity corrections (rename, merge, split, hide)."""
    return config_dir() / "entities.toml"
