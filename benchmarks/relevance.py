"""Relevance benchmark: spacetui's own search layer against bm25s, SQLite FTS5 and tantivy.

Collections are BEIR-format folders (``corpus.jsonl``, ``queries.jsonl``, ``qrels/test.tsv``)
under ``../shared/data/ir/`` (or ``$SPACETUI_SHARED/data/ir``). spacetui is measured through
``SearchService.search`` -- the same code the app runs for a query typed or pasted into the
search box -- on an index built by ``update_index`` from ``corpus.jsonl`` (the JSONL loader and
text cleaning included). The peers index the same ``title`` + ``text`` with their usual English
set-ups. Every query is run one at a time, top 100.

    python benchmarks/relevance.py                       # both collections, all systems
    python benchmarks/relevance.py --collections time --ablation

Metrics as trec_eval/BEIR compute them: nDCG@10 (linear gain), MRR@10, Recall@100.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = Path(os.environ.get("SPACETUI_SHARED", ROOT.parent / "shared"))
IR_DIR = SHARED / "data" / "ir"
DEPTH = 100

Run = dict[str, list[str]]  # query id -> ranked doc ids
Qrels = dict[str, dict[str, int]]


@dataclass(slots=True)
class Collection:
    name: str
    path: Path
    docs: dict[str, tuple[str, str]]  # id -> (title, text)
    queries: dict[str, str]  # only judged queries
    qrels: Qrels


@dataclass(slots=True)
class Row:
    collection: str
    system: str
    ndcg: float | None = None
    mrr: float | None = None
    recall: float | None = None
    ms_p50: float | None = None
    note: str = ""


def load_collection(name: str) -> Collection:
    path = IR_DIR / name
    if not (path / "corpus.jsonl").exists():
        raise SystemExit(f"{path}/corpus.jsonl not found: set SPACETUI_SHARED to the shared folder")
    docs: dict[str, tuple[str, str]] = {}
    with open(path / "corpus.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            docs[str(rec["_id"])] = (rec.get("title") or "", rec.get("text") or "")
    qrels: Qrels = {}
    with open(path / "qrels" / "test.tsv", encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            qid, did, score = line.split("\t")[:3]
            qrels.setdefault(qid, {})[did] = int(score)
    queries: dict[str, str] = {}
    with open(path / "queries.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if str(rec["_id"]) in qrels:
                queries[str(rec["_id"])] = rec["text"]
    return Collection(name, path, docs, queries, qrels)


# --- metrics ------------------------------------------------------------------------------------


def evaluate(run: Run, qrels: Qrels) -> tuple[float, float, float]:
    """Mean nDCG@10, MRR@10 and Recall@100 over the judged queries (a missing run scores 0)."""
    ndcgs, rrs, recalls = [], [], []
    for qid, judged in qrels.items():
        ranked = run.get(qid, [])
        dcg = sum(judged.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
        ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:10]
        idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
        ndcgs.append(dcg / idcg if idcg else 0.0)
        rr = 0.0
        for i, d in enumerate(ranked[:10]):
            if judged.get(d, 0) > 0:
                rr = 1.0 / (i + 1)
                break
        rrs.append(rr)
        relevant = {d for d, g in judged.items() if g > 0}
        recalls.append(len(relevant & set(ranked[:DEPTH])) / len(relevant) if relevant else 0.0)
    n = len(qrels) or 1
    return sum(ndcgs) / n, sum(rrs) / n, sum(recalls) / n


def timed_run(queries: dict[str, str], search: Callable[[str], list[str]]) -> tuple[Run, float]:
    run: Run = {}
    times = []
    for qid, text in queries.items():
        t0 = time.perf_counter()
        run[qid] = search(text)
        times.append((time.perf_counter() - t0) * 1000)
    return run, statistics.median(times)


# --- spacetui -----------------------------------------------------------------------------------


def spacetui_index(coll: Collection, work: Path, rebuild: bool) -> tuple[Path, str]:
    """Build (or reuse) a spacetui index of ``corpus.jsonl``; return it and a cleaning note."""
    from spacetui.index.build import update_index
    from spacetui.index.schema import SCHEMA_VERSION, build_schema

    # The index depends on the schema and on the loading/cleaning code: key the cache on both.
    digest = hashlib.sha1(repr(build_schema()).encode() + str(SCHEMA_VERSION).encode())
    pkg = ROOT / "spacetui"
    for src in sorted(
        [*(pkg / "articles").rglob("*.py"), *(pkg / "articles").rglob("*.json"), pkg / "index" / "build.py"]
    ):
        digest.update(src.read_bytes())
    schema_key = digest.hexdigest()[:8]
    corpus = coll.path / "corpus.jsonl"
    st = corpus.stat()
    index_dir = work / f"{coll.name}-{schema_key}-{st.st_size}-{st.st_mtime_ns}"
    if rebuild or not index_dir.exists():
        report = update_index(index_dir, [corpus], rebuild=True, entities=False)
        errors = getattr(report, "errors", [])
        if errors:
            print(f"  {coll.name}: {len(errors)} records not indexed, e.g. {errors[0]}", file=sys.stderr)
    return index_dir, cleaning_note(coll, index_dir)


def cleaning_note(coll: Collection, index_dir: Path) -> str:
    """How much of the collection's text reached the index (the loader cleans JSON records)."""
    from spacetui.search.service import SearchService

    service = SearchService(index_dir)
    searcher = service._searcher()
    kept_docs = 0
    kept_words = total_words = 0
    word = re.compile(r"\w+")
    for did, (title, text) in coll.docs.items():
        total_words += len(word.findall(title)) + len(word.findall(text))
        docnum = searcher.document_number(id=did)
        if docnum is None:
            continue
        kept_docs += 1
        stored = searcher.stored_fields(docnum)
        got = " ".join(str(stored.get(f, "")) for f in ("title", "standfirst", "body"))
        kept_words += len(word.findall(got))
    service.close()
    return (
        f"indexed {kept_docs}/{len(coll.docs)} docs, "
        f"{100 * kept_words / max(total_words, 1):.1f}% of the words"
    )


def run_spacetui(coll: Collection, index_dir: Path, ranking: object | None = None) -> tuple[Run, float]:
    from spacetui.search.service import SearchService

    service = SearchService(index_dir, ranking=ranking)  # type: ignore[arg-type]
    service.search("warm up", limit=10, facets=False, snippets=False)

    def search(text: str) -> list[str]:
        result = service.search(text, limit=DEPTH, facets=False, snippets=False)
        if result.error:
            print(f"  query error: {text[:60]!r}: {result.error}", file=sys.stderr)
        return [h.id for h in result.hits]

    try:
        return timed_run(coll.queries, search)
    finally:
        service.close()


# --- peers --------------------------------------------------------------------------------------


def run_bm25s(coll: Collection) -> tuple[Run, float]:
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("english")
    ids = list(coll.docs)
    texts = [f"{t} {x}" for t, x in coll.docs.values()]
    retriever = bm25s.BM25()  # Lucene idf, k1=1.5, b=0.75
    retriever.index(
        bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False
    )
    k = min(DEPTH, len(ids))

    def search(text: str) -> list[str]:
        tokens = bm25s.tokenize([text], stopwords="en", stemmer=stemmer, show_progress=False)
        if not tokens.ids[0]:
            return []
        docs, scores = retriever.retrieve(tokens, k=k, show_progress=False)
        return [ids[d] for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    return timed_run(coll.queries, search)


def run_fts5(coll: Collection) -> tuple[Run, float]:
    import sqlite3

    con = sqlite3.connect(":memory:")
    con.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, text, tokenize='porter unicode61')"
    )
    con.executemany("INSERT INTO docs VALUES (?, ?, ?)", ((d, t, x) for d, (t, x) in coll.docs.items()))
    con.commit()

    def search(text: str) -> list[str]:
        words = re.findall(r"\w+", text.lower())
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        rows = con.execute(
            "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (match, DEPTH)
        ).fetchall()
        return [r[0] for r in rows]

    return timed_run(coll.queries, search)


def run_tantivy(coll: Collection) -> tuple[Run, float]:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", tokenizer_name="en_stem")
    builder.add_text_field("text", tokenizer_name="en_stem")
    schema = builder.build()
    index = tantivy.Index(schema)
    writer = index.writer()
    for did, (title, text) in coll.docs.items():
        writer.add_document(tantivy.Document(id=did, title=title, text=text))
    writer.commit()
    index.reload()
    searcher = index.searcher()

    def search(text: str) -> list[str]:
        words = re.findall(r"\w+", text.lower())
        if not words:
            return []
        query = index.parse_query(" ".join(words), ["title", "text"])  # default: OR
        return [searcher.doc(addr)["id"][0] for _, addr in searcher.search(query, DEPTH).hits]

    return timed_run(coll.queries, search)


PEERS: dict[str, Callable[[Collection], tuple[Run, float]]] = {
    "bm25s (PyStemmer)": run_bm25s,
    "SQLite FTS5 bm25 (porter)": run_fts5,
    "tantivy (en_stem)": run_tantivy,
}


def ablation_variants() -> Iterable[tuple[str, object]]:
    """spacetui's ranking settings, each step taken back on its own (search-time settings only)."""
    from spacetui.search.ranking import RANKING

    yield "chosen settings", RANKING
    yield from RANKING.ablations()


# --- main ---------------------------------------------------------------------------------------


def fmt(x: float | None, digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def print_table(rows: list[Row]) -> None:
    head = ("collection", "system", "nDCG@10", "MRR@10", "R@100", "ms/q p50", "note")
    lines = [head] + [
        (r.collection, r.system, fmt(r.ndcg), fmt(r.mrr), fmt(r.recall), fmt(r.ms_p50, 1), r.note)
        for r in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for line in lines[1:]:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--collections", default="time,scifact", help="comma-separated folders of ../shared/data/ir"
    )
    ap.add_argument("--no-peers", action="store_true", help="measure spacetui only")
    ap.add_argument(
        "--ablation", action="store_true", help="also run spacetui with each ranking change undone"
    )
    ap.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "spacetui-relevance")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the cached spacetui indexes")
    args = ap.parse_args(argv)

    args.work_dir.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    for name in [c.strip() for c in args.collections.split(",") if c.strip()]:
        coll = load_collection(name)
        label = f"{name} ({len(coll.docs)} docs, {len(coll.queries)} q)"
        index_dir, note = spacetui_index(coll, args.work_dir, args.rebuild)
        variants: list[tuple[str, object | None]] = [("spacetui", None)]
        if args.ablation:
            variants = [(f"spacetui: {v}", r) for v, r in ablation_variants()]
        for system, ranking in variants:
            run, ms = run_spacetui(coll, index_dir, ranking)
            rows.append(Row(label, system, *evaluate(run, coll.qrels), ms, note if ranking is None else ""))
        if args.no_peers:
            continue
        for system, fn in PEERS.items():
            try:
                run, ms = fn(coll)
            except ImportError as exc:
                rows.append(Row(label, system, note=f"not installed ({exc.name})"))
                continue
            except Exception as exc:  # one broken peer must not lose the others' numbers
                rows.append(Row(label, system, note=f"failed: {type(exc).__name__}: {exc}"[:80]))
                continue
            rows.append(Row(label, system, *evaluate(run, coll.qrels), ms))
    print_table(rows)
    cmd = " ".join(
        shlex.quote(a) for a in [Path(sys.executable).name, "benchmarks/relevance.py", *sys.argv[1:]]
    )
    print(f"\ncommand: {cmd}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
