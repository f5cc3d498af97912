"""Entity benchmark: CoNLL-2003 dev exact-match P/R/F1 (PER, ORG, LOC), ours beside raw spaCy-sm,
and throughput of the whole index build with entities on the BBC folder (1 and 2 processes), then
the cost of a corrections-file change and of a rebuild on that index (both reuse stored NER).

    /work/venv/bin/python benchmarks/entities.py                 # CoNLL dev + throughput
    /work/venv/bin/python benchmarks/entities.py --skip-speed    # CoNLL only
    /work/venv/bin/python benchmarks/entities.py --ablate        # CoNLL with each rule switched off

Both systems share one spaCy run, so the difference is exactly what resolution adds. Raw
spaCy-sm maps PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC; ours maps person->PER, org->ORG,
place->LOC (every mention of every entity, with the entity's type). MISC and our other types
are not scored. Each CoNLL sentence line is one paragraph, the dateline's date the article date.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spacetui.articles.model import PARAGRAPH_SEP, Article  # noqa: E402
from spacetui.entities import resolve  # noqa: E402
from spacetui.entities.ner import NerRunner  # noqa: E402

SHARED = Path(os.environ.get("SPACETUI_SHARED", ROOT.parent / "shared"))
TYPES = ("PER", "ORG", "LOC")
RAW_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
OUR_MAP = {"person": "PER", "org": "ORG", "place": "LOC"}

Span = tuple[int, int, str]


def load_docs(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def to_article(doc: dict) -> tuple[Article, list[int], list[int]]:
    """The document as an article (a line a paragraph) and offset maps to the original text."""
    lines = doc["text"].split("\n")
    orig_starts, body_starts = [], []
    o = b = 0
    for line in lines:
        orig_starts.append(o)
        body_starts.append(b)
        o += len(line) + 1
        b += len(line) + len(PARAGRAPH_SEP)
    date = None
    dateline = (doc.get("dateline") or "").split()
    if dateline and len(dateline[-1]) == 10 and dateline[-1][4] == "-":
        date = dateline[-1]
    article = Article(id=doc["id"], title=doc.get("title_line", ""), body=lines, date=date)
    return article, orig_starts, body_starts


def to_orig(s: int, e: int, orig_starts: list[int], body_starts: list[int]) -> tuple[int, int]:
    import bisect

    i = bisect.bisect_right(body_starts, s) - 1
    delta = orig_starts[i] - body_starts[i]
    return s + delta, e + delta


def score(gold: set[Span], pred: set[Span]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for t in (*TYPES, "ALL"):
        g = {x for x in gold if t == "ALL" or x[3] == t}
        p = {x for x in pred if t == "ALL" or x[3] == t}
        tp = len(g & p)
        prec = tp / len(p) if p else 0.0
        rec = tp / len(g) if g else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[t] = {"p": prec, "r": rec, "f1": f1, "gold": len(g), "pred": len(p), "tp": tp}
    return out


def conll(path: Path, ablate: bool) -> dict[str, dict[str, dict[str, float]]]:
    docs = load_docs(path)
    items = [to_article(d) for d in docs]
    articles = [a for a, _, _ in items]
    t0 = time.perf_counter()
    spans = NerRunner(1).spans([a.body for a in articles])
    ner_s = time.perf_counter() - t0
    gold: set[Span] = set()
    raw: set[Span] = set()
    for k, (doc, (_art, os_, bs)) in enumerate(zip(docs, items, strict=True)):
        for ent in doc["entities"]:
            if ent["type"] in TYPES:
                gold.add((k, ent["char_start"], ent["char_end"], ent["type"]))  # type: ignore[arg-type]
        for s, e, label in spans[k]:
            if label in RAW_MAP:
                raw.add((k, *to_orig(s, e, os_, bs), RAW_MAP[label]))  # type: ignore[arg-type]

    def ours(disabled: frozenset[str] = frozenset()) -> set[Span]:
        pred: set[Span] = set()
        for k, (art, os_, bs) in enumerate(items):
            for ent in resolve.resolve(art.body_text, spans[k], date=art.date, disabled=disabled):
                if ent.type in OUR_MAP:
                    for s, e in ent.mentions:
                        pred.add((k, *to_orig(s, e, os_, bs), OUR_MAP[ent.type]))  # type: ignore[arg-type]
        return pred

    t1 = time.perf_counter()
    results = {"spaCy-sm raw": score(gold, raw), "spacetui": score(gold, ours())}  # type: ignore[arg-type]
    resolve_s = time.perf_counter() - t1
    words = sum(len(d["text"].split()) for d in docs)
    print(
        f"CoNLL-2003 dev: {len(docs)} documents, {words:,} words; "
        f"NER {ner_s:.1f} s, resolution {resolve_s:.1f} s"
    )
    if ablate:
        for rule in resolve.RULES:
            results[f"  without {rule}"] = score(gold, ours(frozenset({rule})))  # type: ignore[arg-type]
    return results


def print_table(results: dict[str, dict[str, dict[str, float]]]) -> None:
    head = f"{'system':<28}" + "".join(f"{t + ' P':>8}{t + ' R':>8}{t + ' F1':>8}" for t in (*TYPES, "ALL"))
    print(head)
    for name, r in results.items():
        print(
            f"{name:<28}"
            + "".join(f"{r[t]['p']:8.3f}{r[t]['r']:8.3f}{r[t]['f1']:8.3f}" for t in (*TYPES, "ALL"))
        )
    if "spacetui" in results:
        d = results["spacetui"]["ALL"]["f1"] - results["spaCy-sm raw"]["ALL"]["f1"]
        print(f"F1 gain over raw spaCy-sm (PER+ORG+LOC, micro): {d:+.3f}")


def throughput(bbc: Path) -> None:
    """The whole index build with entities, from scratch, one and two processes; then what a
    corrections-file change and a rebuild cost on that index (both without NER)."""
    from spacetui.articles.loaders import load_paths
    from spacetui.index.build import update_index
    from spacetui.search.service import SearchService

    articles = load_paths([bbc]).articles
    words = sum(a.word_count for a in articles)
    del articles
    from spacetui.entities.ner import load_model

    load_model()  # once per run in real use too; loaded here so n=1 and n=2 compare fairly
    with tempfile.TemporaryDirectory() as tmp:
        no_corrections = Path(tmp) / "none.toml"
        for n in (1, 2):
            index = Path(tmp) / f"index-{n}"
            load = os.getloadavg()[0]
            t0 = time.perf_counter()
            report = update_index(index, [bbc], rebuild=True, n_process=n, overrides_path=no_corrections)
            dt = time.perf_counter() - t0
            print(
                f"BBC index build with entities, n_process={n}: {report.articles:,} articles, "
                f"{words:,} words in {dt:6.1f} s = {report.articles / dt:6.1f} articles/s, "
                f"{words / dt:8,.0f} words/s  (load average before: {load:.1f})"
            )
        corrections = Path(tmp) / "entities.toml"
        corrections.write_text('hide = ["place:Nowhere"]\n[rename]\n"Tony Blair" = "Anthony Blair"\n')
        t0 = time.perf_counter()
        report = update_index(index, n_process=2, overrides_path=corrections)
        dt = time.perf_counter() - t0
        print(
            f"BBC corrections file changed: {report.entities_updated:,} articles re-resolved in "
            f"{dt:.1f} s (no NER)"
        )
        t0 = time.perf_counter()
        report = update_index(index, rebuild=True, n_process=2, overrides_path=corrections)
        dt = time.perf_counter() - t0
        print(f"BBC --rebuild reusing stored NER spans: {report.articles:,} articles in {dt:.1f} s")
        counts = Counter(i.type for i in SearchService(index).entities())
        print("distinct entities per type on BBC:", dict(counts.most_common()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--conll", type=Path, default=SHARED / "data" / "ner" / "dev.docs.jsonl")
    ap.add_argument("--bbc", type=Path, default=SHARED / "data" / "news" / "bbc")
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--ablate", action="store_true", help="score with each resolution rule off in turn")
    args = ap.parse_args()
    if not args.conll.exists():
        print(f"skipped: {args.conll} not found (set SPACETUI_SHARED)")
        return 0
    print_table(conll(args.conll, args.ablate))
    if not args.skip_speed and args.bbc.exists():
        print()
        throughput(args.bbc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
