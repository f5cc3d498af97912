"""What a phrase costs in the search layer, beside the same words searched loose.

    python benchmarks/phrases.py --index IX [--runs 7]

Phrases are matched by the ranker itself (rarest word first; stop words, and the rest of a long
phrase once few places are left, checked in the stored text; a stop word's positions read where
the places are dense); loose words are scored over whole posting lists. Prints, per query,
the total and the p50 and best of ``--runs`` searches (top 20, snippets and sidebar counts, as
the app asks), after one warm-up search each.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

# Phrases with stop words inside, at an end, none at all, beside common words ("a year",
# "9,000": a digit is a stop word); and the same words loose.
PHRASES = (
    '"end of the year"',
    '"a year"',
    '"9,000"',
    '"the company said"',
    '"bank of japan"',
    '"house of representatives"',
    '"in the red"',
    '"oil prices"',
    '"west texas intermediate"',
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()

    from spacetui.search.service import SearchService

    service = SearchService(args.index)
    print(f"# phrases: {args.index} ({service.status().articles:,} articles), {args.runs} runs each")
    print(f"{'query':32} {'total':>8} {'p50 ms':>8} {'best ms':>8}")
    for query in [q for p in PHRASES for q in (p, p.strip('"'))]:
        service.search(query, limit=20)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            result = service.search(query, limit=20)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{query:32} {result.total:8,} {statistics.median(times):8.1f} {min(times):8.1f}")
    service.close()


if __name__ == "__main__":
    main()
