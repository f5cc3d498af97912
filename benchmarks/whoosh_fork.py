"""Run the test suite against another Whoosh fork, so moving off `whoosh-reloaded` is a known step.

whoosh-reloaded says it is no longer maintained; `whoosh3` is the active fork. Both install the
`whoosh` package, so the check needs its own virtual environment: this script makes one (or reuses
`--venv`), installs the project with its test extra, swaps the fork in, and runs pytest there.
It is not part of CI (it installs packages); run it before deciding a move:

    python benchmarks/whoosh_fork.py                      # whoosh3, fresh venv in a temp folder
    python benchmarks/whoosh_fork.py --venv /tmp/w3venv   # reuse (and keep) a venv
    python benchmarks/whoosh_fork.py --fork whoosh3==3.54.0 -- tests/test_search.py -x

The move itself is the `whoosh-reloaded` line in pyproject.toml.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, text=True, **kwargs)  # type: ignore[call-overload,no-any-return]


def prepare(venv: Path, fork: str) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        run([sys.executable, "-m", "venv", str(venv)], check=True)
        run([str(python), "-m", "pip", "install", "-q", "-e", f"{ROOT}[test]"], check=True)
    run([str(python), "-m", "pip", "uninstall", "-y", "-q", "whoosh-reloaded"], check=False)
    run([str(python), "-m", "pip", "install", "-q", fork], check=True)
    return python


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fork", default="whoosh3", help="pip requirement of the fork (default: whoosh3)")
    parser.add_argument("--venv", type=Path, help="virtual environment to make or reuse (kept afterwards)")
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest (default: the whole suite)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="spacetui-fork-") as scratch:
        venv = args.venv or Path(scratch) / "venv"
        python = prepare(venv, args.fork)
        ask_version = [str(python), "-c", "import whoosh; print(whoosh.versionstring())"]
        version = run(ask_version, capture_output=True, check=True).stdout.strip()
        started = time.perf_counter()
        tests = run(
            [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", *(args.pytest_args or ["tests"])],
            cwd=ROOT,
            capture_output=True,
        )
        elapsed = time.perf_counter() - started
    print(tests.stdout[-4000:])
    last_line = tests.stdout.splitlines()[-1] if tests.stdout.strip() else ""
    summary = re.findall(r"(\d+) (passed|failed|errors?|skipped)", last_line)
    counts = ", ".join(f"{n} {what}" for n, what in summary) or "no summary (see output above)"
    print(f"whoosh fork {args.fork} ({version}): {counts} in {elapsed:.0f} s; pytest exit {tests.returncode}")
    return tests.returncode


if __name__ == "__main__":
    sys.exit(main())
