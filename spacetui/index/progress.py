"""How far an index build is, and how to say it: one wording for the CLI and the app."""

from __future__ import annotations

import time
from collections.abc import Callable

# (stage, done, total, articles): stages are "scanning" (files), "indexing" (bytes read, so one big
# JSONL moves too), "entities" (articles), "saving"; articles is how many were read so far.
Progress = Callable[[str, int, int, int], None]
PROGRESS_EVERY = 0.1  # seconds between progress reports while reading

STAGES = {
    "scanning": "Scanning files",
    "indexing": "Reading articles",
    "entities": "Finding entities",
    "saving": "Saving the index",
}


def progress_text(stage: str, done: int, total: int, articles: int) -> str:
    """``Reading articles: 12.3 of 30.0 MB, 5,120 articles`` and the like."""
    name = STAGES.get(stage, stage.capitalize())
    if stage == "indexing":
        read = f"{_mb(done)} of {_mb(total)} MB" if total else ""
        count = f"{articles:,} article{'' if articles == 1 else 's'}"
        return f"{name}: {read}, {count}" if read else f"{name}: {count}"
    if stage == "scanning":
        return f"{name}: {done:,} found" if done else name
    if stage == "entities" and total:
        return f"{name}: {done:,} of {total:,} articles"
    return name


def _mb(n: int) -> str:
    mb = n / (1024 * 1024)
    return f"{mb:.1f}" if mb < 100 else f"{mb:,.0f}"


class ReadProgress:
    """Bytes read across the files being indexed, reported at most every PROGRESS_EVERY s."""

    def __init__(self, progress: Progress, total_bytes: int) -> None:
        self.progress = progress
        self.total = total_bytes
        self.done = 0  # bytes of the files already finished
        self.in_file = 0  # bytes of the current file read so far
        self.file_size = 0
        self.articles = 0
        self.reported = 0.0

    def start_file(self, size: int) -> None:
        self.in_file, self.file_size = 0, size

    def at(self, position: int) -> None:
        self.in_file = min(position, self.file_size)  # the file may have grown since it was listed
        self._report()

    def end_file(self) -> None:
        self.done += self.file_size
        self.in_file = 0
        self._report(last=self.done >= self.total)

    def _report(self, last: bool = False) -> None:
        now = time.perf_counter()
        if last or now - self.reported >= PROGRESS_EVERY:
            self.reported = now
            self.progress("indexing", self.done + self.in_file, self.total, self.articles)
