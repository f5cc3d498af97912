"""What stories cost at scale: the linker (copies and same-story links, with entities) and the
dated events, over a big corpus, without running NER again.

    python benchmarks/stories_cost.py --entities-from INDEX --corpus BIG.jsonl [--limit N]

INDEX is an index built *with* entities of the records that BIG.jsonl's ids come from (a record
``X-copyK`` of the speed benchmark's corpus is a copy of ``X``): each big-corpus article gets the
entities the index found for its original, so the linker sees what an indexing run with entities
would give it. Prints the seconds of each part (the linker's own clock, ``stories_seconds`` in an
index report, and the events' extraction) and per 1,000 articles.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import time
from pathlib import Path

from spacetui.articles.model import Article
from spacetui.index.build import iter_stored
from spacetui.stories.events import extract
from spacetui.stories.linking import StoryLinker

_COPY = re.compile(r"-copy\d+$")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities-from", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    by_record = {a.id: a for a in iter_stored(args.entities_from)}  # JSONL records keep their ids
    loaded = time.perf_counter() - started
    articles: list[Article] = []
    missing = 0
    with args.corpus.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            source = by_record.get(_COPY.sub("", str(rec["id"])))
            if source is None:
                missing += 1
                continue
            article = copy.copy(source)
            article.id = str(rec["id"])
            article.date = rec.get("date") or source.date
            articles.append(article)
            if args.limit and len(articles) >= args.limit:
                break
    linker = StoryLinker()
    for article in articles:
        linker.add(article)
    groups = linker.groups()
    t0 = time.perf_counter()
    events = sum(len(extract(a)) for a in articles)
    events_seconds = time.perf_counter() - t0
    n = len(articles)
    print(
        f"articles {n:,} (no original for {missing:,}; {len(by_record):,} originals read in {loaded:.1f} s)\n"
        f"linker {linker.seconds:.1f} s ({1000 * linker.seconds / max(1, n):.2f} s per 1,000): "
        f"{len(groups.versions):,} groups of copies, {len(groups.stories):,} stories\n"
        f"events {events_seconds:.1f} s ({1000 * events_seconds / max(1, n):.2f} s per 1,000): "
        f"{events:,} events"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
