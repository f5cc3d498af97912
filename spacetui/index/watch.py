"""Live folders: the folders an index holds are watched, and each settled burst of file changes
becomes one incremental update (the same crash-safe ``update_index`` as ``spacetui index``).

Used headless by ``spacetui watch`` and by the app in a worker thread. ``watchfiles`` (a small
Rust-backed library: inotify, FSEvents, polling where neither works) does the watching; it loads
only when watching starts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from spacetui.articles.loaders import format_of
from spacetui.index.build import DEFAULT_MAX_BYTES, IndexReport, update_index
from spacetui.index.store import IndexBusy, IndexError_, IndexStore

DEBOUNCE_MS = 1500  # a copy of many files settles into one update
# How often watchfiles wakes to look for a stop and for a settled burst. Its default (50 ms)
# wakes an idle app 20 times a second, each time taking the interpreter lock from the UI
# thread (benchmarks/watch_idle.py): a burst settles at most this much later instead.
STEP_MS = 500
OnUpdate = Callable[[IndexReport | None, str | None], None]  # (report, or an error message)
Updater = Callable[[Path, bool], IndexReport]  # (index, with entities)


class UpdateFailed(IndexError_):
    """An update in another process failed; its message says why."""


def update_in_subprocess(index_dir: Path, entities: bool = True) -> IndexReport:
    """The app's updater: ``spacetui index`` in its own process, so the indexer (and spaCy) never
    share the app's memory or its interpreter lock with the typing."""
    import json
    import subprocess
    import sys

    command = [
        sys.executable,
        "-m",
        "spacetui",
        "--index",
        str(index_dir),
        "index",
        "--json",
        "-q",
        "--wait",
        "5",
    ]
    proc = subprocess.run(
        command + ([] if entities else ["--no-entities"]),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        lines = [line for line in proc.stderr.splitlines() if line.strip()]
        raise UpdateFailed(lines[-1] if lines else f"spacetui index exited {proc.returncode}")
    return IndexReport.from_dict(json.loads(proc.stdout))


def _meta(index_dir: Path) -> dict[str, object]:
    store = IndexStore(index_dir)
    current = store.current_dir()
    return store.read_meta(current) if current else {}


def watched_roots(index_dir: Path) -> list[Path]:
    """The folders (and files) the index holds that exist now."""
    roots = _meta(index_dir).get("roots")
    if not isinstance(roots, list):
        return []
    return [Path(str(r)) for r in roots if Path(str(r)).exists()]


def is_article_change(path: str) -> bool:
    """A change worth an update: a file a loader reads, not an editor's or a download's
    temporary file, nor a hidden one."""
    name = Path(path).name
    if name.startswith((".", "~", "#")) or name.endswith(("~", ".part", ".crdownload", ".tmp", ".swp")):
        return False
    return format_of(Path(path)) is not None


def describe(report: IndexReport) -> str:
    """One line for a notice: "3 new articles, 1 changed, 2 removed"."""
    parts = []
    if report.added:
        parts.append(f"{report.added} new article{'s' if report.added != 1 else ''}")
    if report.updated:
        parts.append(f"{report.updated} changed")
    if report.removed:
        parts.append(f"{report.removed} removed")
    return ", ".join(parts) or "no article changed"


def watch_index(
    index_dir: Path,
    on_update: OnUpdate,
    *,
    stop: threading.Event | None = None,
    entities: bool | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    debounce_ms: int = DEBOUNCE_MS,
    update: Updater | None = None,
) -> None:
    """Watch until ``stop`` is set (or the process is interrupted); after each burst of
    changes, bring the index up to date (``update``, or here) and tell ``on_update``. A busy
    index (another run holds it) or a failed run is reported and retried at the next change.
    ``entities`` defaults to what the index was built with."""
    from watchfiles import watch

    if entities is None:
        entities = _meta(index_dir).get("entity_fingerprint") not in (None, "off")

    roots = watched_roots(index_dir)
    if not roots:
        on_update(None, f"the index at {index_dir} holds no folder that exists now: nothing to watch")
        return
    for _changes in watch(
        *roots,
        watch_filter=lambda _change, path: is_article_change(path),
        debounce=debounce_ms,
        step=min(STEP_MS, debounce_ms),
        stop_event=stop,
        raise_interrupt=False,
    ):
        try:
            if update is not None:
                report = update(index_dir, entities)
            else:
                report = update_index(
                    index_dir, None, entities=entities, max_bytes=max_bytes, lock_timeout=5.0
                )
        except IndexBusy as exc:
            on_update(None, f"{exc}; trying again at the next change")
            continue
        except (IndexError_, OSError) as exc:
            on_update(None, f"could not update the index: {exc}")
            continue
        on_update(report, None)
