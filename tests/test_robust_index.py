"""The index survives kills, a full disk, two writers, a reader during commits, and odd places."""

from __future__ import annotations

import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spacetui.index.build import update_index
from spacetui.index.search import SearchService
from tests.conftest import ROOT, SEEDS
from tests.test_robust_support import article_text, no_traceback, permissions_bite, run, text_of

KILLS = 10


def _answers(index: Path, query: str = "Cruise") -> tuple[int, list[str]]:
    service = SearchService(index)
    try:
        result = service.search(query, limit=1000, facets=False)
        assert result.error is None
        return result.total, sorted(h.id for h in result.hits)
    finally:
        service.close()


def _corpus(folder: Path, n: int, word: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        (folder / f"{k:04d}.txt").write_text(article_text(k, f"{word} story {k}"), "utf-8")
    return folder


def _popen(index: Path, *args: str, **kw: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SPACETUI_INDEX": str(index)}
    return subprocess.Popen(
        [sys.executable, "-m", "spacetui", "index", *args, "--no-entities", "-q"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.slow
def test_sigkill_at_random_points_never_loses_the_index(seed_index: Path, tmp_path: Path) -> None:
    before = _answers(seed_index)
    corpus = _corpus(tmp_path / "many", 300, "Railway")
    rng = random.Random(11)
    survived = 0
    for k in range(KILLS):
        args = [str(corpus)] + (["--rebuild", str(SEEDS)] if k % 3 == 2 else [])
        proc = _popen(seed_index, *args)
        time.sleep(rng.uniform(0.3, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        # The previous index opens and answers the same; the update is all there or not at all.
        assert _answers(seed_index) == before, f"kill {k}"
        assert _answers(seed_index, "railway")[0] in (0, 300), f"kill {k}"
        survived += 1
    print(f"kills survived: {survived}")
    report = update_index(seed_index, [corpus], entities=False)  # the next run completes
    assert report.articles == 302
    assert _answers(seed_index) == before
    assert _answers(seed_index, "railway")[0] == 300


def _limit_file_size() -> None:
    # Writes past 256 KB fail with EFBIG, as on a full disk (ignored SIGXFSZ would kill otherwise).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))


@pytest.mark.parametrize("rebuild", [False, True])
def test_disk_full_fails_clearly_and_keeps_the_old_index(
    seed_index: Path, tmp_path: Path, rebuild: bool
) -> None:
    before = _answers(seed_index)
    corpus = _corpus(tmp_path / "big", 150, "Harbour")
    proc = _popen(seed_index, str(corpus), *(["--rebuild"] if rebuild else []), preexec_fn=_limit_file_size)
    _, err = proc.communicate(timeout=300)
    message = err.decode()
    assert proc.returncode == 3, message
    assert "Traceback" not in message
    assert "previous index is unchanged" in message and "disk space" in message, message
    assert _answers(seed_index) == before
    assert _answers(seed_index, "harbour")[0] == 0
    update_index(seed_index, [corpus], entities=False)  # with room again, it completes
    assert _answers(seed_index, "harbour")[0] == 150


def test_two_index_runs_at_once(seed_index: Path, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "many", 300, "Tunnel")
    first = _popen(seed_index, str(corpus))
    lock = seed_index / ".lock"
    for _ in range(600):  # wait until the first run holds the lock (bounded polling)
        if lock.exists() and lock.read_text().strip() == str(first.pid):
            break
        time.sleep(0.02)
    refused = run("index", "--no-entities", "--wait", "0", env={"SPACETUI_INDEX": str(seed_index)})
    waited = _popen(seed_index)  # default: waits for the first to finish
    assert first.wait(timeout=300) == 0
    assert waited.wait(timeout=300) == 0, waited.stderr.read() if waited.stderr else ""
    if refused.returncode != 0:  # (unless the first finished before it asked)
        assert refused.returncode == 3
        assert "another spacetui is updating the index" in text_of(refused.stderr)
        no_traceback(refused)
    assert _answers(seed_index, "tunnel")[0] == 300
    assert _answers(seed_index)[0] == 2


def test_reader_keeps_working_while_an_index_run_commits(seed_index: Path, tmp_path: Path) -> None:
    service = SearchService(seed_index)
    try:
        assert service.search("Cruise", facets=False).total == 2
        update_index(seed_index, [_corpus(tmp_path / "a", 40, "Bridge")], entities=False)
        assert service.search("Cruise", facets=False).total == 2  # still on what it had
        assert service.refresh()
        assert service.search("bridge", facets=False).total == 40
        # Two rebuilds: the generation the reader has open is deleted under it.
        for word in ("Ferry", "Canal"):
            update_index(seed_index, [SEEDS, _corpus(tmp_path / word, 5, word)], rebuild=True, entities=False)
        service.search("Cruise", facets=False)  # no exception, whatever it answers
        service.refresh()
        assert service.search("canal", facets=False).total == 5
        assert service.search("Cruise", facets=False).total == 2
    finally:
        service.close()


def test_odd_places(tmp_path: Path) -> None:
    # A path with spaces and non-ASCII works.
    odd = tmp_path / "my index dir" / "índice ü 日本"
    proc = run("search", "Cruise", env={"SPACETUI_INDEX": str(odd)})
    assert proc.returncode == 0, proc.stderr
    assert b"2 results" in proc.stdout

    # A file where the index folder should be: a clear message, exit 3.
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    for args in (("index", "--no-entities"), ("search", "x"), ("list",)):
        proc = run(*args, env={"SPACETUI_INDEX": str(blocker / "index")})
        assert proc.returncode == 3, (args, proc.stderr)
        assert b"index" in proc.stderr and b"Traceback" not in proc.stderr

    # A config path that is a folder: a warning, and the defaults.
    proc = run("index", "--no-entities", env={"SPACETUI_INDEX": str(odd), "SPACETUI_CONFIG": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    assert b"using defaults" in proc.stderr


def test_read_only_index_folder(tmp_path: Path) -> None:
    bite = permissions_bite()
    if bite is None:
        pytest.skip("running as root without the right to drop capabilities: chmod does not stop root")
    index = tmp_path / "ro"
    update_index(index, [SEEDS], entities=False)
    index.chmod(0o555)
    try:
        env = {**os.environ, "SPACETUI_INDEX": str(index)}
        reader = subprocess.run(
            [sys.executable, "-m", "spacetui", "search", "Cruise"],
            capture_output=True,
            env=env,
            cwd=ROOT,
            **bite,
        )
        assert reader.returncode == 0, reader.stderr  # searching needs no writing
        writer = subprocess.run(
            [sys.executable, "-m", "spacetui", "index", str(tmp_path), "--no-entities"],
            capture_output=True,
            env=env,
            cwd=ROOT,
            **bite,
        )
        assert writer.returncode == 3, writer.stderr
        assert b"read-only" in writer.stderr and b"Traceback" not in writer.stderr
    finally:
        index.chmod(0o755)
