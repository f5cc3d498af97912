"""Speed and memory at scale, with peers measured in the same run.

    python benchmarks/speed.py [--n 100000] [--entities] [--skip-build] [--only index,query,app,startup]
    python benchmarks/speed.py --n 1000000 --entities-only --no-peers     # one machine at 1M

The ``cli`` section times ``spacetui search --limit 1`` plain beside ``--json`` (#14: within 1.5x).
The ``app`` section types queries into the real app (``typing_e2e``) and opens the long article
of the ``article`` section in tmux (``open_e2e``): what a person waits for, beside the search
layer's own figures.

Corpus: Reuters-21578 from ../shared replicated to N articles with distinct ids (copies get a
``-copyK`` suffix). Indexes live under --work (default /tmp/spacetui-bench) and are reused with
--skip-build. Peers: SQLite FTS5 (porter, bm25) and tantivy (if installed) on the same texts and
queries; the bare Textual app (one Static) for start-up.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._corpus import REUTERS, distinct_reuters, replicated_reuters

ROOT = Path(__file__).resolve().parent.parent


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def peak_rss_mib() -> str:
    """Peak resident set of this process and, separately, of its largest finished child
    (Whoosh's writer processes, spaCy's workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return f"{me:.0f} (+ child {kids:.0f})" if kids else f"{me:.0f}"


def row(*cells: object) -> None:
    print(" | ".join(str(c) for c in cells))


def make_queries(jsonl: Path, per_length: int = 60, seed: int = 7) -> dict[int, list[str]]:
    """1-3 word queries from real title words (what a person would type)."""
    rng = random.Random(seed)
    words: list[str] = []
    with open(jsonl, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n >= 21578:
                break
            title = json.loads(line).get("title") or ""
            words += [w.lower() for w in re.findall(r"[A-Za-z]{4,}", title)]
    vocab = sorted(set(words))
    common = [w for w in vocab if words.count(w) >= 3] if len(vocab) < 20000 else vocab
    return {k: [" ".join(rng.sample(common, k)) for _ in range(per_length)] for k in (1, 2, 3)}


# --- index build ----------------------------------------------------------------------------


def build_spacetui(jsonl: Path, index_dir: Path, entities: bool) -> dict[str, float]:
    from spacetui.index.build import update_index

    started = time.perf_counter()
    report = update_index(
        index_dir, [jsonl], rebuild=True, entities=entities, max_bytes=1 << 40, n_process=os.cpu_count() or 1
    )
    seconds = time.perf_counter() - started
    return {"articles": report.articles, "seconds": seconds, "docs_s": report.articles / seconds}


def build_fts5(jsonl: Path, db: Path) -> dict[str, float]:
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("CREATE VIRTUAL TABLE a USING fts5(id UNINDEXED, title, body, tokenize='porter')")
    with open(jsonl, encoding="utf-8") as fh:
        rows = ((r["id"], r["title"], r["text"]) for r in map(json.loads, fh))
        con.executemany("INSERT INTO a VALUES (?, ?, ?)", rows)
    con.commit()
    n = con.execute("SELECT count(*) FROM a").fetchone()[0]
    con.close()
    seconds = time.perf_counter() - started
    return {"articles": n, "seconds": seconds, "docs_s": n / seconds}


def build_tantivy(jsonl: Path, path: Path) -> dict[str, float] | None:
    try:
        import tantivy
    except ImportError:
        return None
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("title", stored=True, tokenizer_name="en_stem")
    sb.add_text_field("body", stored=True, tokenizer_name="en_stem")
    schema = sb.build()
    started = time.perf_counter()
    index = tantivy.Index(schema, path=str(path))
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    n = 0
    with open(jsonl, encoding="utf-8") as fh:
        for r in map(json.loads, fh):
            writer.add_document(tantivy.Document(id=r["id"], title=r["title"], body=r["text"]))
            n += 1
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - started
    return {"articles": n, "seconds": seconds, "docs_s": n / seconds}


# --- queries --------------------------------------------------------------------------------


def time_spacetui(index_dir: Path, queries: dict[int, list[str]]) -> dict[str, tuple[float, float]]:
    from spacetui.search.service import SearchService

    service = SearchService(index_dir)
    service.search("warm up", limit=20)
    out = {}
    for k, qs in queries.items():
        times = []
        for q in qs:
            started = time.perf_counter()
            result = service.search(q, limit=20, snippets=True, facets=True)
            times.append((time.perf_counter() - started) * 1000)
            assert result.error is None, (q, result.error)
        out[f"{k} word"] = (pct(times, 50), pct(times, 95))
    for label, qs in {
        "prefix (4 letters)": [q.split()[0][:4] + "*" for q in queries[1]],
        "fuzzy": [q.split()[0] + "~" for q in queries[1]],
        "phrase": ['"' + q + '"' for q in queries[2]],
    }.items():
        times = []
        for q in qs:
            started = time.perf_counter()
            service.search(q, limit=20, snippets=True, facets=True)
            times.append((time.perf_counter() - started) * 1000)
        out[label] = (pct(times, 50), pct(times, 95))
    return out


def time_fts5(db: Path, queries: dict[int, list[str]]) -> dict[str, tuple[float, float]]:
    con = sqlite3.connect(db)
    out = {}
    for k, qs in queries.items():
        times = []
        for q in qs:
            match = " ".join(f'"{w}"' for w in q.split())
            started = time.perf_counter()
            rows = con.execute(
                "SELECT id, title, snippet(a, 2, '[', ']', '…', 24) FROM a WHERE a MATCH ? "
                "ORDER BY bm25(a) LIMIT 20",
                (match,),
            ).fetchall()
            con.execute("SELECT count(*) FROM a WHERE a MATCH ?", (match,)).fetchone()
            times.append((time.perf_counter() - started) * 1000)
            del rows
        out[f"{k} word"] = (pct(times, 50), pct(times, 95))
    con.close()
    return out


def time_tantivy(path: Path, queries: dict[int, list[str]]) -> dict[str, tuple[float, float]] | None:
    try:
        import tantivy
    except ImportError:
        return None
    index = tantivy.Index.open(str(path))
    index.reload()
    searcher = index.searcher()
    out = {}
    for k, qs in queries.items():
        times = []
        for q in qs:
            started = time.perf_counter()
            query = index.parse_query(" AND ".join(q.split()), ["title", "body"])
            result = searcher.search(query, 20, count=True)
            for _, address in result.hits:
                searcher.doc(address)
            times.append((time.perf_counter() - started) * 1000)
        out[f"{k} word"] = (pct(times, 50), pct(times, 95))
    return out


# --- one article: adding it to the big index, opening it --------------------------------------


def long_article(jsonl: Path, folder: Path, words: int = 5000) -> Path:
    """A 5,000-word article of real newswire text (Reuters stories run together), as a .txt."""
    folder.mkdir(parents=True, exist_ok=True)
    paragraphs: list[str] = []
    count = 0
    with open(jsonl, encoding="utf-8") as fh:
        for line in fh:
            text = " ".join((json.loads(line).get("text") or "").split())
            if len(text.split()) < 80:
                continue
            paragraphs.append(text)
            count += len(text.split())
            if count >= words:
                break
    path = folder / f"long-article-{time.time_ns()}.txt"  # a new article on every run
    path.write_text(
        "Oil prices and the trade deficit: a long read\n\n" + "\n\n".join(paragraphs), encoding="utf-8"
    )
    return path


def time_article(index_dir: Path, jsonl: Path, work: Path, entities: bool) -> None:
    from spacetui.articles.loaders import path_id
    from spacetui.index.build import update_index
    from spacetui.search.service import SearchService

    folder = work / "one-article"
    path = long_article(jsonl, folder)
    load_s = 0.0
    if entities:
        from spacetui.entities.ner import load_model

        started = time.perf_counter()
        load_model()
        load_s = time.perf_counter() - started
    started = time.perf_counter()
    report = update_index(index_dir, [folder], entities=entities, max_bytes=1 << 27)
    add_s = time.perf_counter() - started
    service = SearchService(index_dir)
    service.search("warm up", limit=20)
    article_id = path_id(path)
    terms = service.query_terms("oil prices")
    times = []
    words = 0
    for _ in range(20):
        started = time.perf_counter()
        article = service.article(article_id)
        assert article is not None
        spans = service.match_spans(article.body_text, terms)
        times.append((time.perf_counter() - started) * 1000)
        words = article.word_count
    service.close()
    ents = "with entities" if entities else "no entities"
    print(f"\n## One article at {report.articles:,} articles")
    row("measure", "value", "target")
    row(f"add one article to the index ({ents}), s", f"{add_s:.2f}", "<= 2 s plus model load")
    if entities:
        row("  spaCy model load, s", f"{load_s:.2f}", "")
    row(
        f"open a {words:,}-word article (stored fields + {len(spans)} highlights), ms p50",
        f"{pct(times, 50):.1f}",
        "<= 30 ms",
    )
    row("  p95 ms", f"{pct(times, 95):.1f}", "")


# --- through the app ---------------------------------------------------------------------------


def disk_mib(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def app_latency(index_dir: Path, per_length: int) -> None:
    """Keystroke to results drawn (headless app, keys sent as a burst) and Enter to an article on
    screen (tmux)."""
    import asyncio

    from benchmarks.typing_e2e import measure

    queries = make_queries(REUTERS, per_length=per_length)
    print(f"\n## Through the app at {index_dir.name}: keystroke to results drawn (headless, 120x40)")
    row("query", "p50 ms", "p95 ms", "target", "sidebar p50 ms", "p95 ms")
    for k, qs in queries.items():
        t, s = asyncio.run(measure(index_dir, qs))
        row(
            f"{k} word",
            f"{pct(t, 50):.0f}",
            f"{pct(t, 95):.0f}",
            "p50 <= 30, p95 <= 60",
            f"{pct(s, 50):.0f}",
            f"{pct(s, 95):.0f}",
        )
    if shutil.which("tmux") is None:
        print("opening an article: tmux not installed, skipped")
        return
    opened = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "open_e2e.py"), "--index", str(index_dir), "--runs", "8"],
        capture_output=True,
        text=True,
    )
    print("\n## Opening the long article in tmux (benchmarks/open_e2e.py; target <= 30 ms p50)")
    print((opened.stdout + opened.stderr).strip())


# --- start-up and memory in a real terminal -------------------------------------------------


def _tmux_start(session: str, command: str, env: dict[str, str]) -> None:
    """A 120x40 tmux session running ``command`` (replacing the shell, so its pid is the app's)."""
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    # A tmux server started without a terminal hands panes COLUMNS=80 LINES=24, and Textual obeys.
    tmux = ["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40"]
    environment = ["env", "-u", "COLUMNS", "-u", "LINES", *[f"{k}={v}" for k, v in env.items()]]
    subprocess.run([*tmux, *environment, "sh", "-c", f"exec {command}"], check=True)


def _tmux_screen(session: str) -> str:
    capture = ["tmux", "capture-pane", "-p", "-t", session]
    return subprocess.run(capture, capture_output=True, text=True).stdout


def _tmux_first_paint(command: str, marker: str, env: dict[str, str], timeout: float = 20.0) -> float | None:
    session = f"bench{os.getpid()}"
    started = time.perf_counter()
    _tmux_start(session, command, env)
    try:
        while time.perf_counter() - started < timeout:
            if marker in _tmux_screen(session):
                return time.perf_counter() - started
            time.sleep(0.003)
        return None
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def _tmux_rss(
    command: str, marker: str, env: dict[str, str], settle: float = 3.0, query: str = ""
) -> tuple[float | None, float | None]:
    """Resident set at idle after start-up, and (with ``query``) idle again after typing it."""
    session = f"benchrss{os.getpid()}"
    _tmux_start(session, command, env)

    def rss() -> float | None:
        pid = subprocess.run(
            ["tmux", "list-panes", "-t", session, "-F", "#{pane_pid}"], capture_output=True, text=True
        ).stdout.split()[0]
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return None

    try:
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline and marker not in _tmux_screen(session):
            time.sleep(0.05)
        time.sleep(settle)
        at_start = rss()
        after_query = None
        if query:
            subprocess.run(["tmux", "send-keys", "-t", session, "-l", query], check=True)
            time.sleep(settle)
            after_query = rss()
        return at_start, after_query
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def cli_output(index_dir: Path, queries: dict[int, list[str]], per_length: int = 5) -> None:
    """``spacetui search Q --limit 1`` plain beside ``--json`` (and ``--json --facets``), each a
    process as a script runs it, the runs interleaved so machine noise hits each alike."""
    cases = {"plain": [], "--json": ["--json"], "--json --facets": ["--json", "--facets"]}
    times: dict[str, list[float]] = {k: [] for k in cases}
    for qs in queries.values():
        for q in qs[:per_length]:
            for label, extra in cases.items():
                cmd = [
                    sys.executable,
                    "-m",
                    "spacetui",
                    "search",
                    q,
                    "--index",
                    str(index_dir),
                    "--limit",
                    "1",
                    *extra,
                ]
                started = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True)
                times[label].append((time.perf_counter() - started) * 1000)
    print(
        f"\n## spacetui search --limit 1, plain beside JSON ({len(times['plain'])} queries of 1-3 words, "
        "ms per process)"
    )
    row("output", "p50 ms", "p95 ms", "p50 / plain")
    base = statistics.median(times["plain"])
    for label, values in times.items():
        row(
            label,
            f"{statistics.median(values):.0f}",
            f"{pct(values, 95):.0f}",
            f"{statistics.median(values) / base:.2f}x",
        )


def startup(index_dirs: dict[str, Path], runs: int) -> None:
    if shutil.which("tmux") is None:
        print("start-up: tmux not installed, skipped")
        return
    bare = ROOT / "benchmarks" / "bare_app.py"
    py = sys.executable
    # Textual's modules were byte-compiled when pip installed them; ours are compiled here too, as
    # installing a wheel does, so that both sides start from bytecode. (An editable checkout run
    # with PYTHONDONTWRITEBYTECODE, as on CI machines, otherwise compiles ~30 modules per start.)
    import compileall

    compileall.compile_dir(ROOT / "spacetui", quiet=1)
    cfg = Path(tempfile.mkdtemp()) / "config.toml"
    base_env = {"SPACETUI_CONFIG": str(cfg), "TERM": "xterm-256color"}
    cases = {"bare Textual app (one Static)": (f"{py} {bare}", "bare-app-ready", {})}
    for label, ix in index_dirs.items():
        cases[f"spacetui, {label}"] = (f"{py} -m spacetui", "spacetui", {"SPACETUI_INDEX": str(ix)})
    print(f"\n## Start-up to first painted frame (tmux 120x40, {runs} runs, median / p90 in ms)")
    row("app", "median ms", "p90 ms", "ratio to bare")
    bare_median = None
    # Interleave runs so machine noise hits every case alike.
    samples: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(runs):
        for label, (cmd, marker, extra) in cases.items():
            t = _tmux_first_paint(cmd, marker, {**base_env, **extra})
            if t is not None:
                samples[label].append(t * 1000)
    for label, values in samples.items():
        med = statistics.median(values) if values else float("nan")
        if bare_median is None:
            bare_median = med
        row(label, f"{med:.0f}", f"{pct(values, 90):.0f}", f"{med / bare_median:.2f}x")
    print("\n## Memory: resident set at idle (tmux, 3 s after first paint, index open; then 3 s after")
    print("typing the query 'space oil' into the search box)")
    row("app", "RSS MiB at start", "RSS MiB after a query")
    for label, (cmd, marker, extra) in cases.items():
        query = "space oil" if extra else ""  # the bare app has no search box
        at_start, after = _tmux_rss(cmd, marker, {**base_env, **extra}, query=query)
        row(label, f"{at_start:.1f}" if at_start else "n/a", f"{after:.1f}" if after else "-")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "spacetui-bench")
    ap.add_argument("--entities", action="store_true", help="also time the build with entities")
    ap.add_argument("--skip-build", action="store_true", help="reuse indexes from an earlier run")
    ap.add_argument("--entities-only", action="store_true", help="build only the index with entities")
    ap.add_argument("--no-peers", action="store_true", help="skip SQLite FTS5 and tantivy")
    ap.add_argument("--only", default="index,query,cli,article,app,startup", help="sections to run")
    ap.add_argument("--typed", type=int, default=20, help="queries per length typed into the app")
    ap.add_argument("--runs", type=int, default=15, help="start-up runs per app")
    args = ap.parse_args()
    sections = set(args.only.split(","))
    print("# spacetui speed benchmark")
    print("command: python " + " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]))
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    jsonl = replicated_reuters(args.work / "data", args.n)
    print(f"corpus: Reuters-21578 replicated to {args.n:,} articles with distinct ids ({jsonl})")
    ix = args.work / f"ix-{args.n}"
    db = args.work / f"fts5-{args.n}.db"
    tv = args.work / f"tantivy-{args.n}"
    ix_ent = args.work / f"ix-{args.n}-entities"

    if "index" in sections and not args.skip_build:
        print("\n## Index build")
        row("engine", "articles", "seconds", "docs/s", "peak RSS MiB")

        def built(label: str, index_dir: Path, entities: bool, corpus: Path = jsonl) -> dict[str, float]:
            r = build_spacetui(corpus, index_dir, entities=entities)
            row(label, r["articles"], f"{r['seconds']:.0f}", f"{r['docs_s']:.0f}", peak_rss_mib())
            return r

        if not args.entities_only:
            built("spacetui (no entities)", ix, entities=False)
        if args.entities_only or args.entities:
            built("spacetui (with entities)", ix_ent, entities=True)
        if args.entities and not args.entities_only:
            # Copies of a story reuse its NER and resolution within a run, which flatters the
            # replicated corpus: the distinct stories alone give the rate for real archives.
            distinct = replicated_reuters(args.work / "data", distinct_reuters())
            r = built(
                "spacetui (with entities, distinct stories only)",
                args.work / "ix-distinct-entities",
                entities=True,
                corpus=distinct,
            )
            print(f"  -> {args.n:,} distinct stories at that rate: {args.n / r['docs_s'] / 60:.1f} min")
        if args.no_peers:
            print("(peers not built: --no-peers)")
    if "index" in sections and not args.skip_build and not args.no_peers:
        r = build_fts5(jsonl, db)
        row("SQLite FTS5 (porter)", r["articles"], f"{r['seconds']:.0f}", f"{r['docs_s']:.0f}", "")
        t = build_tantivy(jsonl, tv)
        row(
            "tantivy (en_stem)",
            *(
                ("not installed", "", "", "")
                if t is None
                else (t["articles"], f"{t['seconds']:.0f}", f"{t['docs_s']:.0f}", "")
            ),
        )

    qix = ix_ent if (ix_ent / "CURRENT").exists() else ix
    print(f"\nindex on disk: {qix.name} {disk_mib(qix):,.0f} MiB")

    if "query" in sections:
        queries = make_queries(jsonl)
        print(
            f"\n## Query latency at {args.n:,} articles: top 20 with snippets "
            "(spacetui: + sidebar facets), ms p50 / p95"
        )
        ents = "with entities: sidebar counts are real" if qix == ix_ent else "no entities: sidebar empty"
        print(f"spacetui index: {qix.name} ({ents})")
        ours = time_spacetui(qix, queries)
        fts = time_fts5(db, queries) if db.exists() else {}
        tan = time_tantivy(tv, queries) if tv.exists() else None
        row("query", "spacetui p50", "p95", "FTS5 p50", "p95", "tantivy p50", "p95")
        for label, (p50, p95) in ours.items():
            f = fts.get(label)
            t = (tan or {}).get(label)
            row(
                label,
                f"{p50:.1f}",
                f"{p95:.1f}",
                f"{f[0]:.1f}" if f else "-",
                f"{f[1]:.1f}" if f else "-",
                f"{t[0]:.1f}" if t else "-",
                f"{t[1]:.1f}" if t else "-",
            )

    if "cli" in sections:
        cli_output(qix, make_queries(jsonl))

    if "article" in sections:
        time_article(qix, jsonl, args.work, entities=qix == ix_ent)

    if "app" in sections:
        app_latency(qix, args.typed)

    if "startup" in sections:
        from spacetui.index.build import update_index

        seeds_ix = args.work / "ix-seeds"
        if not (seeds_ix / "CURRENT").exists():
            update_index(seeds_ix)
        startup({"seeds index": seeds_ix, f"{args.n // 1000}k index": qix}, args.runs)


if __name__ == "__main__":
    main()
