"""Shared fixtures: hermetic paths, the seed index, and the location of ../shared."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = Path(os.environ.get("SPACETUI_SHARED", ROOT.parent / "shared"))
SHARED_DATA = SHARED / "data"

# Words with which a sentence can speak of a day ahead; a sentence with none of them reports.
CAN_LOOK_AHEAD = re.compile(
    r"\b(?:will|would|shall|must|should|may|might|can|won't|\w+'ll|due|expected|scheduled|set|slated|"
    r"until|till|plans?|intends?|aims?|hopes?|wants?|is|are|for|coming|ahead|begins?|starts?|opens?|"
    r"closes?|ends?|expires?|resumes?|meets?|convenes?|reconvenes|matures?|leaves|arrives|travels|"
    r"flies|visits|goes|holds|takes|\w+ing)\b",
    re.I,
)


def require_shared(*parts: str) -> Path:
    """A path inside ../shared/data, or skip the test (CI turns this skip into a failure)."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        message = f"../shared/data not found ({path}); set SPACETUI_SHARED to run this test"
        if os.environ.get("SPACETUI_REQUIRE_SHARED"):
            pytest.fail(message)  # CI always has ../shared: a skip there would hide a gap
        pytest.skip(message)
    return path


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read or write the developer's own config, data or index."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SPACETUI_INDEX", str(home / "index"))
    monkeypatch.setenv("SPACETUI_CONFIG", str(home / "config" / "config.toml"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture(scope="session")
def _seed_index_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from spacetui.index.build import update_index

    home = tmp_path_factory.mktemp("seed-master")
    os.environ.setdefault("SPACETUI_CONFIG", str(home / "config.toml"))
    index_dir = home / "index"
    update_index(index_dir, [SEEDS], overrides_path=home / "no-entities-overrides.toml")
    return index_dir


@pytest.fixture
def seed_index(_seed_index_master: Path, tmp_path: Path) -> Path:
    """A private copy of an index of the two seed articles (built once per session)."""
    target = tmp_path / "index"
    shutil.copytree(_seed_index_master, target)
    return target


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the real `spacetui` command line in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "spacetui", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        cwd=ROOT,
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Iterator[Path]:
    """An empty folder for a test's own articles."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    yield folder


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """With SPACETUI_REQUIRE_SHARED (CI), a test skipped for want of ../shared fails instead."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("SPACETUI_REQUIRE_SHARED"):
        reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if "shared" in reason:
            report.outcome = "failed"
            report.longrepr = f"CI requires ../shared, but the test skipped: {reason}"
