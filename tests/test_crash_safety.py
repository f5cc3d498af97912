"""Killing an index run at any point never loses the previous index."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spacetui.index.build import update_index
from spacetui.search.service import SearchService
from tests.conftest import ROOT
from tests.test_robust_support import prose


def _answers(index_dir: Path) -> tuple[int, list[str]]:
    service = SearchService(index_dir)
    try:
        result = service.search("Cruise", limit=10, facets=False)
        return result.total, sorted(h.id for h in result.hits)
    finally:
        service.close()


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.4, 0.9, 1.6, 2.4])
def test_sigkill_mid_build_keeps_the_old_index(seed_index: Path, tmp_path: Path, delay: float) -> None:
    before = _answers(seed_index)
    assert before[0] == 2
    corpus = tmp_path / "many"
    corpus.mkdir()
    for n in range(600):
        (corpus / f"{n:04d}.txt").write_text(f"Railway story {n}\n\n" + prose(n), encoding="utf-8")
    env = {**os.environ, "SPACETUI_INDEX": str(seed_index)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "spacetui", "index", str(corpus), "--no-entities", "-q"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    assert _answers(seed_index) == before  # the old index opens and answers the same

    report = update_index(seed_index, [corpus], entities=False)  # the next run completes
    assert report.articles == 602
    assert _answers(seed_index) == before
    service = SearchService(seed_index)
    assert service.search("railway", limit=1, facets=False).total == 600
    service.close()


def test_interrupt_mid_build_keeps_the_old_index(seed_index: Path, tmp_path: Path) -> None:
    before = _answers(seed_index)
    corpus = tmp_path / "few"
    corpus.mkdir()
    for n in range(50):
        (corpus / f"{n}.txt").write_text(f"Quarry report {n}\n\n" + prose(n), encoding="utf-8")

    def stop(stage: str, done: int, total: int, articles: int) -> None:
        if stage == "indexing" and articles >= 25:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        update_index(seed_index, [corpus], entities=False, progress=stop)
    assert _answers(seed_index) == before
    assert SearchService(seed_index).search("quarry", facets=False).total == 0
