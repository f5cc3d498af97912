"""What the live-folder watcher costs an idle app: CPU time and wakeups, watcher on against off.

    python benchmarks/watch_idle.py [--seconds 60] [--runs 2] [--keep /tmp/spacetui-idle]

Indexes a folder of a few small articles (no entities), then runs the app in tmux (120x40) as a
person would, once with ``[index] watch = true`` and once with ``false`` (interleaved, ``--runs``
times each). After the index is open and the first results are drawn, nobody types for
``--seconds``; the app's process is read from /proc before and after: CPU time (user + system,
all threads, from /proc/PID/stat) and wakeups (context switches, voluntary and not, summed over
its threads from /proc/PID/task/*/status). Threads that came or went during the window are
counted from zero or left out, so the figure is a floor for short-lived ones.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SESSION = f"idlebench{os.getpid()}"
TICK = os.sysconf("SC_CLK_TCK")


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (fields 14 and 15)


def wakeups(pid: int) -> dict[str, int]:
    """Context switches per thread (id -> count) of the process now."""
    out: dict[str, int] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            status = (task / "status").read_text()
        except OSError:
            continue  # the thread ended meanwhile
        total = 0
        for line in status.splitlines():
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                total += int(line.split()[1])
        out[task.name] = total
    return out


def write_articles(folder: Path, n: int = 20) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = f"Harbour report {i}\n\n" + " ".join(
            f"The harbour at port {i} handled {i * 7 + j} cargo ships in week {j}." for j in range(40)
        )
        (folder / f"report-{i:02d}.txt").write_text(text, encoding="utf-8")


def app_pid() -> int:
    """The app's process: the pane runs it with exec, so it is the pane's own."""
    return int(tmux("display-message", "-p", "-t", SESSION, "#{pane_pid}").strip())


def measure(index: Path, config: Path, seconds: float) -> tuple[float, int, int]:
    """(CPU seconds, wakeups, threads) of one idle window of the app."""
    env = {
        "SPACETUI_INDEX": str(index),
        "SPACETUI_CONFIG": str(config),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(config.parent),
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    command = ["env", "-u", "COLUMNS", "-u", "LINES", *[f"{k}={v}" for k, v in env.items()]]
    command += ["sh", "-c", f"exec {shlex.quote(sys.executable)} -m spacetui"]
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", *command], check=True
    )
    try:
        deadline = time.monotonic() + 60
        while (
            "articles for" not in (shown := tmux("capture-pane", "-p", "-t", SESSION)) and "All " not in shown
        ):
            if time.monotonic() > deadline:
                raise SystemExit(f"the app never showed its results:\n{shown}")
            time.sleep(0.2)
        time.sleep(5)  # the spare pane, the history and the saved counts load after the results
        pid = app_pid()
        cpu0, wake0 = cpu_seconds(pid), wakeups(pid)
        time.sleep(seconds)
        cpu1, wake1 = cpu_seconds(pid), wakeups(pid)
        woke = sum(count - wake0.get(tid, 0) for tid, count in wake1.items())
        return cpu1 - cpu0, woke, len(wake1)
    finally:
        tmux("kill-session", "-t", SESSION)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="work here (kept) instead of a temporary folder")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is not installed")
    work = args.keep or Path(tempfile.mkdtemp(prefix="spacetui-idle-"))
    folder, index = work / "articles", work / "index"
    if not index.exists():
        write_articles(folder)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "spacetui",
                "--index",
                str(index),
                "index",
                str(folder),
                "--no-entities",
                "-q",
            ],
            check=True,
        )
    results: dict[bool, list[tuple[float, int, int]]] = {True: [], False: []}
    for _ in range(args.runs):
        for watch in (False, True):
            config = work / f"watch-{'on' if watch else 'off'}" / "config.toml"
            config.parent.mkdir(parents=True, exist_ok=True)
            config.write_text(f"[index]\nwatch = {'true' if watch else 'false'}\n", encoding="utf-8")
            cpu, woke, threads = measure(index, config, args.seconds)
            results[watch].append((cpu, woke, threads))
            print(
                f"watch {'on ' if watch else 'off'}: {cpu * 1000:7.0f} ms CPU, {woke:6d} wakeups, "
                f"{threads} threads in {args.seconds:.0f} s",
                flush=True,
            )
    for watch in (False, True):
        runs = results[watch]
        cpu = statistics.median(r[0] for r in runs) / args.seconds * 1000
        woke = statistics.median(r[1] for r in runs) / args.seconds
        print(
            f"median, watch {'on ' if watch else 'off'}: "
            f"{cpu:.2f} ms CPU per second, {woke:.1f} wakeups per second"
        )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
