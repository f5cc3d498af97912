"""spacetui with timestamps, for benchmarks/open_e2e.py: when the terminal driver reads an Enter
key, and when it writes a frame that holds a given text (``SPACETUI_TRACE_MARK``). Lines go to
``SPACETUI_TRACE`` as "<monotonic seconds> enter" / "<monotonic seconds> mark". Nothing else in
the app changes."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from textual import events
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

# The checkout this file is in, whatever PYTHONPATH the tmux server was started with (a server
# started elsewhere would otherwise run another checkout's spacetui).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TRACE = open(os.environ["SPACETUI_TRACE"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115
MARK = os.environ.get("SPACETUI_TRACE_MARK", "")

_process = Driver.process_message
_write = LinuxDriver.write


def process_message(self: Driver, message: object) -> None:
    if isinstance(message, events.Key) and message.key == "enter":
        TRACE.write(f"{time.monotonic():.6f} enter\n")
    _process(self, message)  # type: ignore[arg-type]


def write(self: LinuxDriver, data: str) -> None:
    _write(self, data)
    if MARK and MARK in data:
        TRACE.write(f"{time.monotonic():.6f} mark\n")


Driver.process_message = process_message  # type: ignore[method-assign]
LinuxDriver.write = write  # type: ignore[method-assign]

if __name__ == "__main__":
    from spacetui.cli.main import main

    sys.argv = ["spacetui", *sys.argv[1:]]
    raise SystemExit(main())
