"""What the library (read state, stars, tags) costs a keystroke's search, at scale.

    python benchmarks/library_speed.py [--n 100000] [--work DIR] [--read 5000]

Corpus: Reuters-21578 from ../shared replicated to N articles (as benchmarks/speed.py). The
search is the app's (50 results with snippets and sidebar facets) for each prefix of typed
queries, timed: with no library file; with a library of state on --read read articles (a tenth
of them starred, a tenth tagged); and with the library words (is:unread, -is:starred, tag:x)
added to each query. Prints p50/p95 per condition and the difference the state makes.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._corpus import REUTERS, replicated_reuters, require

TYPED = ["cocoa prices", "oil output", "bank of japan", "trade deficit", "wheat exports"]
PAGE = 50  # what the app fetches per search (spacetui.tui.backend.PAGE)


def keystrokes() -> list[str]:
    return [q[:n] for q in TYPED for n in range(2, len(q) + 1) if q[n - 1] != " "]


def timed(service, queries: list[str], rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        for q in queries:
            started = time.perf_counter()
            result = service.search(q, limit=PAGE, snippets=True, facets=True)
            times.append((time.perf_counter() - started) * 1000)
            assert result.error is None, (q, result.error)
    return times


def summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "spacetui-bench-library")
    ap.add_argument("--read", type=int, default=5000, help="articles given library state")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    require(REUTERS)
    from spacetui.index.build import update_index
    from spacetui.library import ArticleRef, LibraryStore
    from spacetui.library.state import LIBRARY_FILE
    from spacetui.search.service import SearchService

    args.work.mkdir(parents=True, exist_ok=True)
    index_dir = args.work / f"ix-{args.n}"
    if not (index_dir / "CURRENT").exists():
        jsonl = replicated_reuters(args.work, args.n)
        started = time.perf_counter()
        update_index(index_dir, [jsonl], entities=False, max_bytes=1 << 30)
        print(f"built {index_dir} in {time.perf_counter() - started:.0f} s")
    library_file = index_dir / LIBRARY_FILE
    for extra in ("", "-wal", "-shm"):
        Path(str(library_file) + extra).unlink(missing_ok=True)

    queries = keystrokes()
    service = SearchService(index_dir)
    timed(service, queries, 1)  # warm the caches (postings, facet table)
    alone = timed(service, queries, args.rounds)

    # a heavy reader's library, written as the app writes it
    searcher = service._searcher()
    reader = searcher.reader()
    rng = random.Random(5)
    docs = rng.sample(range(reader.doc_count_all()), min(args.read, reader.doc_count_all()))
    store = LibraryStore(library_file)
    started = time.perf_counter()
    for n, docnum in enumerate(docs):
        stored = reader.stored_fields(docnum)
        ref = ArticleRef(stored["id"], stored["content_hash"], stored.get("path", ""))
        store.set_read(ref)
        if n % 10 == 0:
            store.set_starred(ref)
        if n % 10 == 5:
            store.tag(ref, add=["markets"])
    write_ms = (time.perf_counter() - started) * 1000 / max(1, len(docs))
    store.close()

    service = SearchService(index_dir)
    timed(service, queries, 1)
    # Paired and interleaved: each keystroke with and without the library, so a busy machine's
    # drift falls on both (a second service reads the same index with no library file).
    bare = SearchService(index_dir)
    bare.library = LibraryStore(args.work / "no-library.sqlite3")
    timed(bare, queries, 1)
    with_state: list[float] = []
    without: list[float] = []
    paired: list[float] = []
    for n in range(args.rounds):
        for q in queries:
            took = {}
            for svc in (service, bare) if n % 2 else (bare, service):
                started = time.perf_counter()
                svc.search(q, limit=PAGE, snippets=True, facets=True)
                took[id(svc)] = (time.perf_counter() - started) * 1000
            with_state.append(took[id(service)])
            without.append(took[id(bare)])
            paired.append(took[id(service)] - took[id(bare)])
    # the work the marks add to a search, alone: one snapshot check and a lookup per hit
    page = service.search(queries[0], limit=PAGE).hits
    started = time.perf_counter()
    for _ in range(1000):
        snap = service.library.snapshot()
        for h in page:
            snap.state(h.id, h.content_hash)
    marks_us = (time.perf_counter() - started) * 1000  # (1000 runs: ms total = us each)
    first = time.perf_counter()
    service.search("cocoa is:unread", limit=PAGE)
    first_filter_ms = (time.perf_counter() - first) * 1000
    filtered = timed(service, [f"{q} is:unread" for q in queries], args.rounds)
    filtered += timed(service, [f"{q} -is:starred tag:markets" for q in queries], args.rounds)
    # one more change (opening an article marks it read), then the same filter again
    stored = reader.stored_fields(next(d for d in range(reader.doc_count_all()) if d not in set(docs)))
    service.library.set_read(ArticleRef(stored["id"], stored["content_hash"]))
    again = time.perf_counter()
    service.search("cocoa is:unread", limit=PAGE)
    after_change_ms = (time.perf_counter() - again) * 1000

    print(f"\n{args.n:,} articles, library state on {len(docs):,} ({write_ms:.2f} ms per write)")
    print(
        f"{len(queries)} keystrokes x {args.rounds} rounds, top {PAGE} with snippets and facets; ms p50 / p95"
    )
    base = summary(without)
    for label, times in (
        ("no library (first run)", alone),
        ("no library file", without),
        ("with state (marks)", with_state),
        ("+ is:/tag: words", filtered),
    ):
        p50, p95 = summary(times)
        print(f"  {label:<22} {p50:7.2f} / {p95:7.2f}   (p50 {p50 - base[0]:+.2f})")
    print(f"  with state - without, same keystroke, median of pairs: {statistics.median(paired):+.2f} ms")
    print(f"  the marks' own work (snapshot check + {len(page)} lookups): {marks_us:.1f} us per search")
    print(f"  first is:unread search (state mapped onto the index): {first_filter_ms:.0f} ms")
    print(f"  is:unread search right after one more change: {after_change_ms:.0f} ms")
    print(f"\n{' '.join(sys.argv)}")


if __name__ == "__main__":
    main()
