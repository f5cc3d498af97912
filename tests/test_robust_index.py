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

from spacetui.index import build
from spacetui.index.build import update_index
from spacetui.index.store import IndexDamaged, IndexStore
from spacetui.search.service import SearchService
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


# --- a damaged index --------------------------------------------------------------------------


def _zero(path: Path) -> None:
    path.write_bytes(bytes(path.stat().st_size))


def _gen_files(index: Path, pattern: str) -> list[Path]:
    current = IndexStore(index).current_dir()
    assert current is not None
    files = sorted(current.glob(pattern))
    assert files, pattern
    return files


# Each breaks the live generation on disk the way a crash, a bad disk or a stray `rm` would.
DAMAGE = {
    "segment zeroed": lambda ix: [_zero(f) for f in _gen_files(ix, "*.seg")],
    "segment truncated": lambda ix: [os.truncate(f, f.stat().st_size // 3) for f in _gen_files(ix, "*.seg")],
    "segment emptied": lambda ix: [os.truncate(f, 0) for f in _gen_files(ix, "*.seg")],
    "segment deleted": lambda ix: [f.unlink() for f in _gen_files(ix, "*.seg")],
    "TOC deleted": lambda ix: [f.unlink() for f in _gen_files(ix, "*.toc")],
    "TOC zeroed": lambda ix: [_zero(f) for f in _gen_files(ix, "*.toc")],
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_damaged_index_says_so_and_index_rebuilds_it(seed_index: Path, tmp_path: Path, kind: str) -> None:
    corpus = _corpus(tmp_path / "more", 30, "Glacier")
    update_index(seed_index, [corpus], entities=False)
    before, glaciers = _answers(seed_index), _answers(seed_index, "glacier")
    damaged_gen = IndexStore(seed_index).current_dir()
    assert damaged_gen is not None
    DAMAGE[kind](seed_index)
    env = {"SPACETUI_INDEX": str(seed_index)}

    for args in (
        ("search", "Cruise"),
        ("search", "Cruise", "--json"),
        ("list",),
        ("show", "x"),
    ):  # (`entities` still answers: it reads its own table, which is intact)
        proc = run(*args, env=env)
        message = text_of(proc.stderr)
        assert proc.returncode == 3, (args, message)
        assert f"the index at {seed_index} is damaged (" in message, (args, message)
        assert "spacetui index --rebuild" in message and "unexpected" not in message, message
        no_traceback(proc)

    # `spacetui index` rebuilds it from the folders it remembers, beside the damaged one.
    proc = run("index", "--no-entities", env=env)
    assert proc.returncode == 0, text_of(proc.stderr)
    assert "the index was damaged" in text_of(proc.stdout)
    no_traceback(proc)
    assert _answers(seed_index) == before
    assert _answers(seed_index, "glacier") == glaciers
    assert IndexStore(seed_index).current_dir() != damaged_gen
    assert damaged_gen.is_dir()  # kept (as the previous generation) until the next rebuild
    assert IndexStore(seed_index).damage() is None


def test_damaged_index_without_its_folders_list_asks_for_them(seed_index: Path) -> None:
    current = IndexStore(seed_index).current_dir()
    assert current is not None
    (current / "spacetui.json").unlink()
    _zero(next(current.glob("*.seg")))
    env = {"SPACETUI_INDEX": str(seed_index)}
    proc = run("index", "--no-entities", env=env)
    assert proc.returncode == 3
    assert "does not say which folders it held" in text_of(proc.stderr)
    no_traceback(proc)
    with pytest.raises(IndexDamaged):  # and nothing was rebuilt from the wrong folders
        update_index(seed_index, None, entities=False)
    proc = run("index", "--no-entities", str(SEEDS), env=env)  # given them, it rebuilds
    assert proc.returncode == 0, text_of(proc.stderr)
    assert _answers(seed_index)[0] == 2


def test_app_backend_names_the_damage(seed_index: Path) -> None:
    from spacetui.tui.backend import Backend

    DAMAGE["segment truncated"](seed_index)
    backend = Backend(seed_index, 1 << 20)
    with pytest.raises(IndexDamaged, match=r"is damaged .*spacetui index --rebuild"):
        backend.open(lambda stage, done, total: None)
    assert not backend.ready


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_app_shows_a_damaged_index_clearly(
    seed_index: Path, tmp_path: Path, anyio_backend: str
) -> None:
    from textual.widgets import Static

    from spacetui.config import Config
    from spacetui.tui.app import SpacetuiApp

    DAMAGE["segment zeroed"](seed_index)
    app = SpacetuiApp(seed_index, Config(path=tmp_path / "config.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        shown = ""
        for _ in range(400):  # bounded polling, not a timing assertion
            await pilot.pause(0.02)
            if getattr(app.screen, "index_error", None):
                shown = str(app.screen.query_one("#empty-text", Static).render())
                break
        assert "could not be opened" in shown and "is damaged" in shown, shown
        assert "spacetui index --rebuild" in shown


# --- SIGKILL during the multi-process writer ---------------------------------------------------

MP_KILLS = 5


def _children(pid: int) -> set[int]:
    """Live processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z" and int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited (reaped or not, it holds nothing)


def _wait_gone(pids: set[int], polls: int = 100) -> set[int]:
    for _ in range(polls):  # up to ~10 s: workers notice their parent is gone within a second
        left = {p for p in pids if _alive(p)}
        if not left:
            return left
        time.sleep(0.1)
    return left


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the multi-process writer needs 2 or more CPUs")
def test_sigkill_during_multiprocess_rebuild(seed_index: Path, tmp_path: Path) -> None:
    before = _answers(seed_index)
    # Real files, just over the size that switches a rebuild to Whoosh's multi-process writer.
    corpus = tmp_path / "big"
    corpus.mkdir()
    size = n = 0
    while size < build.MP_MIN_BYTES + (256 << 10):
        path = corpus / f"{n:05d}.txt"
        path.write_text(article_text(n, f"Lighthouse story {n}"), "utf-8")
        size += path.stat().st_size
        n += 1
    rng = random.Random(7)
    landed = orphan_checks = 0
    for k in range(MP_KILLS):
        proc = _popen(seed_index, "--rebuild", str(corpus))
        workers: set[int] = set()
        for _ in range(3000):  # until the writer's sub-processes are up (bounded polling)
            workers = _children(proc.pid)
            if workers or proc.poll() is not None:
                break
            time.sleep(0.01)
        assert workers, f"kill {k}: no writer processes (the multi-process path was not taken)"
        time.sleep(rng.uniform(0.0, 4.0))  # somewhere in indexing, merging or committing
        workers |= _children(proc.pid)
        orphan_checks += any(_alive(p) for p in workers)  # killed while its workers ran
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)  # (not communicate(): an orphan holding the pipes would hang it)
        left = _wait_gone(workers)
        for pid in left:  # fail clearly, and leave no stray process behind the test
            os.kill(pid, signal.SIGKILL)
        assert not left, f"kill {k}: orphan writer processes left running: {sorted(left)}"
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()
        if proc.returncode == 0:  # it finished before the kill: the new index is whole
            assert _answers(seed_index, "lighthouse")[0] == n
            break
        landed += 1
        assert _answers(seed_index) == before, f"kill {k}"
        assert _answers(seed_index, "lighthouse")[0] == 0, f"kill {k}"
    print(f"multi-process rebuild kills survived: {landed} ({orphan_checks} with writer processes running)")
    assert landed >= 3 and orphan_checks >= 1
    proc = _popen(seed_index, "--rebuild", str(corpus))  # the next run completes
    workers = set()
    while proc.poll() is None:
        workers |= _children(proc.pid)
        time.sleep(0.05)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    assert workers, "the next run did not use the multi-process writer"
    assert not _wait_gone(workers)
    assert _answers(seed_index, "lighthouse")[0] == n
    assert _answers(seed_index)[0] == 0  # --rebuild with a folder: exactly that folder
    assert not list(seed_index.glob("gen-*.tmp"))  # the killed runs' half-written generations
