"""What stories cost at scale.

    python benchmarks/stories_cost.py [--n 100000] [--rounds 2] [--work /tmp/stories] [--keep DIR]
                                      [--lock FILE]
    python benchmarks/stories_cost.py --entities-from INDEX --corpus BIG.jsonl [--limit N]
    python benchmarks/stories_cost.py --events-read INDEX
    python benchmarks/stories_cost.py --outside INDEX [--limit 10000] [--work DIR]

The first form is the check "grouping adds at most 10% to indexing time": full builds with
entities of replicated Reuters (as benchmarks/speed.py builds them), with the story work (copies,
same-story links, dated events) and without it (``update_index(stories=False)``), interleaved
(with, without, with, without, ...) to spread the noise of a shared machine over both. Each build
runs in its own process, into a new folder (no NER output of an earlier build to reuse). Prints
every build's wall time and CPU time (the build and its NER processes: other jobs on a shared
machine stretch the first, hardly the second), the story work's own clock in the builds with it,
and the ratios of the medians and of each round's pair. The last build with stories is kept at
--keep (default WORK/ix-N); then the events of the entities named most are read from it
(``--events-read INDEX`` alone), timed beside reading those articles' stored fields, which is
what they took before the events column.

Each build with stories also prints the stage's CPU (the indexing thread's, which runs it). What
the story work adds outside that clock is the events column, serialised and written with each
article: ``--outside INDEX`` writes --limit articles of INDEX into a new index with their events
and without, interleaved, and prints the CPU each took.

The second form times the parts alone without running NER again: INDEX is an index built *with*
entities of the records that BIG.jsonl's ids come from (a record ``X-copyK`` of the speed
benchmark's corpus is a copy of ``X``): each big-corpus article gets the entities the index found
for its original, so the linker sees what an indexing run with entities would give it. Prints the
seconds of each part (the linker's own clock, ``stories_seconds`` in an index report, and the
events' extraction) and per 1,000 articles.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._corpus import replicated_reuters
from spacetui.articles.model import Article
from spacetui.index.build import iter_stored
from spacetui.stories.events import extract
from spacetui.stories.linking import StoryLinker

_COPY = re.compile(r"-copy\d+$")


def build_once(corpus: Path, index_dir: Path, stories: bool) -> dict[str, float]:
    """One full build with entities, as `spacetui index --rebuild` runs it (all cores for NER)."""
    from spacetui.index.build import update_index

    started = time.perf_counter()
    report = update_index(
        index_dir,
        [corpus],
        rebuild=True,
        entities=True,
        max_bytes=1 << 40,
        n_process=os.cpu_count() or 1,
        stories=stories,
    )
    return {
        "seconds": time.perf_counter() - started,
        "articles": report.articles,
        "stories_seconds": report.stories_seconds,
        "stories_cpu_seconds": report.stories_cpu_seconds,
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def full_builds(n: int, rounds: int, work: Path, keep: Path, lock: Path | None) -> None:
    corpus = replicated_reuters(work / "data", n)
    walls: dict[bool, list[float]] = {True: [], False: []}
    cpus: dict[bool, list[float]] = {True: [], False: []}
    for r in range(1, rounds + 1):
        for stories in (True, False):
            label = "with stories" if stories else "without"
            target = work / f"ix-{n}-{'stories' if stories else 'plain'}"
            shutil.rmtree(target, ignore_errors=True)
            # A process of its own: the spaCy model and worker start-up are paid by every build.
            # With --lock each build holds the shared machine's heavy-job lock for itself alone.
            cmd = [sys.executable, __file__, "--one", str(target), "--corpus", str(corpus)]
            if lock is not None:
                cmd = ["flock", str(lock), *cmd]
            cpu_before = _children_cpu()
            out = subprocess.run(
                cmd + ([] if stories else ["--no-stories"]), check=True, capture_output=True, text=True
            )
            # CPU time of the build and its NER processes: other jobs on a shared machine stretch
            # the wall clock but hardly this.
            cpu = _children_cpu() - cpu_before
            got = json.loads(out.stdout.strip().splitlines()[-1])
            walls[stories].append(got["seconds"])
            cpus[stories].append(cpu)
            own = ""
            if stories:
                own = (
                    f", story work's own clock {got['stories_seconds']:.1f} s"
                    f" ({100 * got['stories_seconds'] / got['seconds']:.1f}% of the wall time),"
                    f" its CPU {got['stories_cpu_seconds']:.1f} s"
                    f" ({100 * got['stories_cpu_seconds'] / cpu:.1f}% of the build's CPU)"
                )
            print(
                f"round {r} {label}: wall {got['seconds']:.1f} s, CPU {cpu:.1f} s, "
                f"{got['articles']:,} articles{own}",
                flush=True,
            )
            if stories:
                shutil.rmtree(keep, ignore_errors=True)
                target.rename(keep)
            else:
                shutil.rmtree(target)
    for what, values in (("wall", walls), ("CPU", cpus)):
        with_s, without_s = statistics.median(values[True]), statistics.median(values[False])
        rounds_ = zip(values[True], values[False], strict=True)
        pairs = ", ".join(f"{100 * (a / b - 1):+.1f}%" for a, b in rounds_)
        print(
            f"{what}: median with stories {with_s:.1f} s, without {without_s:.1f} s: "
            f"stories add {100 * (with_s / without_s - 1):+.1f}% (each round: {pairs})"
        )
    print(f"(index kept at {keep})")
    events_read(keep)


def events_read(index: Path, entities: int = 5) -> None:
    """An entity's events (`spacetui events --entity`, the app's `d`) for the entities named in
    most articles: read from the events column, against reading each article's stored fields
    (what it took before the column: one whole article unpickled per article naming it)."""
    from whoosh import query as wq

    from spacetui.search.service import SearchService

    service = SearchService(index)
    searcher = service._searcher()
    for info in service.entities()[:entities]:
        keys = service.corpus().keys_for(info.type, info.name)
        started = time.perf_counter()
        events = service.entity_events(info.type, info.name)
        column = time.perf_counter() - started
        started = time.perf_counter()
        docnums = searcher.docs_for_query(wq.Or([wq.Term("entity_key", k) for k in keys]))
        for n in docnums:
            searcher.stored_fields(n)
        stored = time.perf_counter() - started
        print(
            f"events of {info.name} ({info.articles:,} articles): {len(events):,} events in "
            f"{1000 * column:.0f} ms (entity_events); their stored fields {1000 * stored:.0f} ms"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("/tmp/stories"))
    parser.add_argument("--keep", type=Path, help="where the last build with stories stays")
    parser.add_argument("--lock", type=Path, help="a lock file each build holds (flock) while it runs")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # a single build (a child process)
    parser.add_argument("--no-stories", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--entities-from", type=Path)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--events-read", type=Path, help="only time reading entities' events")
    parser.add_argument("--outside", type=Path, help="time the story work outside its clock (INDEX)")
    args = parser.parse_args()
    if args.events_read:
        events_read(args.events_read)
        return 0
    if args.outside:
        outside(args.outside, args.work, args.limit or 10_000)
        return 0
    if args.one:
        print(json.dumps(build_once(args.corpus, args.one, stories=not args.no_stories)))
        return 0
    if args.entities_from is None:
        keep = args.keep or args.work / f"ix-{args.n // 1000}k"
        full_builds(args.n, args.rounds, args.work, keep, args.lock)
        return 0
    if args.corpus is None:
        parser.error("--entities-from needs --corpus")
    parts(args.entities_from, args.corpus, args.limit)
    return 0


def parts(entities_from: Path, corpus: Path, limit: int) -> None:
    started = time.perf_counter()
    by_record = {a.id: a for a in iter_stored(entities_from)}  # JSONL records keep their ids
    loaded = time.perf_counter() - started
    articles: list[Article] = []
    missing = 0
    with corpus.open(encoding="utf-8") as fh:
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
            if limit and len(articles) >= limit:
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


def outside(index: Path, work: Path, limit: int, rounds: int = 2) -> None:
    """What the story work adds to indexing outside its own clock: each article's events go into
    the events column (serialised, then written by the index writer). Times writing ``limit``
    articles of INDEX (built with entities) into a new index with their events and without,
    interleaved, beside serialising the column alone; extracting the events is inside the clock."""
    from whoosh import index as wi

    from spacetui.index.build import article_fields
    from spacetui.index.schema import build_schema
    from spacetui.stories.events import to_column

    articles = [a for a in itertools.islice(iter_stored(index), limit)]
    events = [extract(a) if a.entities else [] for a in articles]
    started = time.perf_counter()
    for article, found in zip(articles, events, strict=True):
        if found:
            to_column(article, found)
    serialise = time.perf_counter() - started
    print(
        f"{len(articles):,} articles, {sum(map(len, events)):,} events; "
        f"serialising the column {serialise:.2f} s"
    )
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(rounds):
        for with_events in (True, False):
            target = work / "outside-ix"
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            ix = wi.create_in(str(target), build_schema())
            started, cpu = time.perf_counter(), time.process_time()
            writer = ix.writer(limitmb=128)
            for article, found in zip(articles, events, strict=True):
                writer.add_document(**article_fields(article, "sig", found if with_events else ()))
            writer.commit()
            times[with_events].append(time.process_time() - cpu)
            print(
                f"write {'with' if with_events else 'without'} events: "
                f"{time.perf_counter() - started:.1f} s wall, "
                f"{times[with_events][-1]:.1f} s CPU",
                flush=True,
            )
    shutil.rmtree(work / "outside-ix", ignore_errors=True)
    added = statistics.median(times[True]) - statistics.median(times[False])
    print(
        f"the events column adds {added:.2f} s CPU to writing {len(articles):,} articles "
        f"({1000 * added / max(1, len(articles)):.2f} s per 1,000)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
