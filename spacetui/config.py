"""The user's settings: one TOML file (``SPACETUI_CONFIG`` overrides where it is)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacetui.paths import config_file


class ConfigError(Exception):
    pass


@dataclass(slots=True)
class Config:
    theme: str = "textual-dark"
    mouse: bool = True
    max_file_mb: float = 20.0
    watch: bool = True  # the app keeps the index up to date while its folders change
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> keys
    path: Path | None = None

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file means defaults, a broken one raises ConfigError."""
    path = path or config_file()
    cfg = Config(path=path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return cfg
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from exc
    import tomllib  # only when there is a file: no config, no parser on the start-up path

    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config {path} is not valid TOML: {exc}") from exc
    ui = data.get("ui", {})
    if isinstance(ui.get("theme"), str):
        cfg.theme = ui["theme"]
    if isinstance(ui.get("mouse"), bool):
        cfg.mouse = ui["mouse"]
    index = data.get("index", {})
    if isinstance(index.get("max_file_mb"), (int, float)) and index["max_file_mb"] > 0:
        cfg.max_file_mb = float(index["max_file_mb"])
    if isinstance(index.get("watch"), bool):
        cfg.watch = index["watch"]
    keymap = data.get("keymap", {})
    if isinstance(keymap, dict):
        cfg.keymap = {str(k): str(v) for k, v in keymap.items() if isinstance(v, str)}
    return cfg


def save_setting(section: str, key: str, value: str | bool | float, path: Path | None = None) -> None:
    """Remember one setting (e.g. the theme) without disturbing the rest of the file."""
    from spacetui import tomledit

    path = path or config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    text = tomledit.edit(text, section, key, tomledit.value(value))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
