"""Benchmark corpora made from ../shared (never copied into the repo): replicated Reuters."""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SPACETUI_SHARED", ROOT.parent / "shared"))
REUTERS = SHARED / "data" / "news" / "reuters21578.jsonl"
BBC = SHARED / "data" / "news" / "bbc"


def require(path: Path) -> Path:
    if not path.exists():
        raise SystemExit(f"benchmark data not found: {path} (set SPACETUI_SHARED to the shared folder)")
    return path


def distinct_reuters() -> int:
    """How many Reuters-21578 stories have text (the corpus without copies)."""
    require(REUTERS)
    with open(REUTERS, encoding="utf-8") as fh:
        return sum(1 for line in fh if line.strip() and (json.loads(line).get("text") or "").strip())


def replicated_reuters(target_dir: Path, n: int) -> Path:
    """Reuters-21578 repeated until ``n`` articles, each copy with its own id (``-copyK``)."""
    require(REUTERS)
    target_dir.mkdir(parents=True, exist_ok=True)
    out = target_dir / f"reuters-{n}.jsonl"
    if out.exists():
        return out
    records = [json.loads(line) for line in REUTERS.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [r for r in records if (r.get("text") or "").strip()]
    tmp = out.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for i in range(n):
            r = records[i % len(records)]
            copy = i // len(records)
            rec = {
                "id": f"{r['id']}-copy{copy}" if copy else r["id"],
                "title": r.get("title") or "",
                "text": r.get("text") or "",
                "date": r.get("date"),
                "author": r.get("author"),
                "source": r.get("source") or "Reuters",
            }
            fh.write(json.dumps(rec) + "\n")
    tmp.replace(out)
    return out
