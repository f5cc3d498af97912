"""Print a sample of same-story links to label by hand: one random pair of articles that are
not copies of each other from each of 30 stories (seeded), with the start of each text.

    python benchmarks/stories_sample.py INDEX_DIR [--n 30] [--seed 1987]

The README's precision figure for Reuters-21578 was read off this output.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from spacetui.search.service import SearchService


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("index", type=Path)
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1987)
    args = parser.parse_args()
    service = SearchService(args.index)
    groups = service.stories()
    rng = random.Random(args.seed)
    pairs = []
    for story in groups.stories:
        apart = [
            (a, b)
            for i, a in enumerate(story)
            for b in story[i + 1 :]
            if groups.version_group(a) != groups.version_group(b)
        ]
        if apart:
            pairs.append(rng.choice(apart))
    print(f"stories with a pair that are not copies: {len(pairs)} of {len(groups.stories)}", file=sys.stderr)
    rng.shuffle(pairs)
    for n, (a, b) in enumerate(pairs[: args.n]):
        print(f"## {n} {a} | {b}")
        for article in (service.article(a), service.article(b)):
            if article is not None:
                text = " ".join(article.body_text.split())[:200]
                print(f"  [{(article.date or '-')[:10]}] {article.title[:70]} :: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
