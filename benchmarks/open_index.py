"""What opening a big index costs before the first page: the groups of copies and stories, each
document's copy key, the memory they hold, and labelling a page of results with them.

    python benchmarks/open_index.py --index IX [--runs 3]

Each run is a fresh process (what a script's ``spacetui search`` or the app pays once). Prints
per run: seconds to open the groups and the copy keys, the process's resident memory they
added and after five collapsed searches, and milliseconds to label a page of 50 results.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_ONE_RUN = r"""
import gc, json, os, random, sys, time
from pathlib import Path
from spacetui.search.service import SearchService

def rss():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

service = SearchService(Path(sys.argv[1]))
service._index(); service._searcher().reader()
gc.collect(); before = rss()
t = time.perf_counter(); groups = service.stories(); groups_s = time.perf_counter() - t
t = time.perf_counter(); service.copy_keys(); keys_s = time.perf_counter() - t
gc.collect(); opened = rss() - before
for q in ("oil prices", "coffee", "bank rates", "trade deficit japan", "gold"):
    service.search(q, collapse=True, limit=50)
ids = [h.id for h in service.search("oil", limit=2000, facets=False, snippets=False).hits]
random.seed(1)
pages = [random.sample(ids, min(50, len(ids))) for _ in range(200)]
# (code from before labels(): the lookups a result page made one article at a time)
def one_by_one(page):
    return [(groups.story_of(a), groups.versions_of(a)) for a in page]
labels = getattr(groups, "labels", None) or one_by_one
t = time.perf_counter()
for page in pages:
    labels(page)
label_ms = (time.perf_counter() - t) / len(pages) * 1000
print(json.dumps({"groups_s": groups_s, "copy_keys_s": keys_s, "opened_mib": opened,
                  "rss_mib": rss(), "label_page_ms": label_ms}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--code", type=Path, default=ROOT, help="a checkout to measure (default: this one)")
    args = parser.parse_args()
    for run in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-c", _ONE_RUN, str(args.index)],
            cwd=args.code,
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"run {run + 1}: groups {r['groups_s']:.2f} s, copy keys {r['copy_keys_s']:.2f} s, "
            f"+{r['opened_mib']:.1f} MiB opening them, {r['rss_mib']:.0f} MiB after five searches, "
            f"labels {r['label_page_ms']:.2f} ms per page of 50"
        )


if __name__ == "__main__":
    main()
