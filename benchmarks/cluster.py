"""Indexing with entities: the local process pool beside a Dask cluster of 1 and 2 workers.

    python benchmarks/cluster.py [--n 1000] [--jobs 2]

Writes ``--n`` distinct Reuters stories (``../shared/data/news/reuters21578.jsonl``) as text
files, builds an index of them three ways with entities, and prints articles per second for
each: the local build (``--jobs`` NER processes), ``--cluster local:1`` and ``--cluster local:2``
(start-up of the cluster and of each worker's model included, as a user pays it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from spacetui.index.build import update_index

SHARED = Path(os.environ.get("SPACETUI_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def write_stories(folder: Path, n: int) -> int:
    written, seen = 0, set()
    with (SHARED / "data" / "news" / "reuters21578.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            text = record.get("text") or ""
            if len(text.split()) < 60 or text in seen:
                continue
            seen.add(text)
            (folder / f"{written:06d}.txt").write_text(
                f"{record.get('title') or ''}\n\n{text}", encoding="utf-8"
            )
            written += 1
            if written == n:
                break
    return written


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="spacetui-cluster-"))
    try:
        stories = scratch / "stories"
        stories.mkdir()
        n = write_stories(stories, args.n)
        print(f"{n} distinct Reuters stories, {os.cpu_count()} cores")
        runs: list[tuple[str, dict[str, object]]] = [
            (f"local process pool ({args.jobs} NER processes)", {"n_process": args.jobs}),
            ("Dask cluster, 1 worker (local:1)", {"cluster": "local:1"}),
            ("Dask cluster, 2 workers (local:2)", {"cluster": "local:2"}),
        ]
        for label, options in runs:
            index = scratch / f"ix-{len(label)}"
            started = time.perf_counter()
            report = update_index(index, [stories], **options)  # type: ignore[arg-type]
            seconds = time.perf_counter() - started
            print(f"{label:<45} {report.added / seconds:7.1f} articles/s  ({seconds:.1f} s)")
            shutil.rmtree(index)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
