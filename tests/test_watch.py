"""Live folders: files added, changed and removed under an index's folders reach the index."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from spacetui.index.build import IndexReport, update_index
from spacetui.index.watch import describe, is_article_change, watch_index
from spacetui.search.service import SearchService
from tests.conftest import ROOT

Update = tuple[IndexReport | None, str | None]


def _story(folder: Path, name: str, title: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return path


def _next(updates: queue.Queue[Update], timeout: float = 30.0) -> IndexReport:
    report, error = updates.get(timeout=timeout)
    assert error is None and report is not None, error
    return report


def test_changes_reach_the_index_while_watching(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    _story(folder, "a.txt", "Quarry opens", "A granite quarry opened on Monday near the river.")
    index = tmp_path / "ix"
    update_index(index, [folder], entities=False)
    updates: queue.Queue[Update] = queue.Queue()
    stop = threading.Event()
    watcher = threading.Thread(
        target=watch_index,
        args=(index, lambda r, e: updates.put((r, e))),
        kwargs={"stop": stop, "debounce_ms": 300},
    )
    watcher.start()
    try:
        time.sleep(0.5)  # the watch is set up
        _story(folder, "b.txt", "Marble prices", "Marble from the quarry sold at record prices.")
        _story(folder, "c.txt", "Slate roofs", "Slate roofing made a comeback this year.")
        (folder / "notes.txt~").write_text("an editor's backup, not an article", encoding="utf-8")
        added = 0
        while added < 2:
            report = _next(updates)
            added += report.added
        assert added == 2 and "new article" in describe(report)
        service = SearchService(index)
        assert service.search("marble").total == 1 and service.search("slate").total == 1

        (folder / "a.txt").unlink()
        assert _next(updates).removed == 1
        service.refresh()
        assert service.search("granite").total == 0
    finally:
        stop.set()
        watcher.join(timeout=10)
    assert not watcher.is_alive()


def test_which_changes_count() -> None:
    assert is_article_change("/news/story.html") and is_article_change("/news/feed.jsonl")
    assert not is_article_change("/news/story.html.part") and not is_article_change("/news/.story.txt.swp")
    assert not is_article_change("/news/~story.txt") and not is_article_change("/news/picture.png")


def test_watch_on_the_command_line_reports_json_lines(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    _story(folder, "a.txt", "Quarry opens", "A granite quarry opened on Monday near the river.")
    index = tmp_path / "ix"
    update_index(index, [folder], entities=False)
    env = {**os.environ, "SPACETUI_INDEX": str(index)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "spacetui", "watch", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        assert proc.stderr is not None and "Watching" in proc.stderr.readline()
        time.sleep(1.0)  # the line is printed just before the watch is set up
        _story(folder, "b.txt", "Marble prices", "Marble from the quarry sold at record prices.")
        assert proc.stdout is not None
        record = json.loads(proc.stdout.readline())
        assert record["error"] is None and record["report"]["added"] == 1
    finally:
        proc.terminate()
        proc.wait(timeout=10)
