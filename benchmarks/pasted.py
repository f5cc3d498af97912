"""A researcher pastes a sentence from a story: is that story the first result?

    python benchmarks/pasted.py --index IX [--n 200] [--seed 7]

``IX`` is an index of Reuters-21578 (``spacetui index --index IX $SHARED/data/news/reuters21578.jsonl``;
``benchmarks/entities_reuters.py`` leaves one in its work folder). Sentences of 8-40 words are
taken from random stories (as the records have them, one per story); a story that says the
sentence word for word (the source, or a copy) counts as found. Prints how often one is first,
in the top 5 and in the top 20, and the search layer's time (top 20, no snippets or counts;
the first searches read postings cold).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
from pathlib import Path

from _corpus import REUTERS, require

_COPY = re.compile(r"-copy\d+$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"])")


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--n", type=int, default=200, help="stories to take a sentence from")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    from spacetui.search.service import SearchService

    records = [json.loads(line) for line in require(REUTERS).read_text("utf-8").splitlines() if line.strip()]
    said = {r["id"]: words(f"{r.get('title') or ''} {r.get('text') or ''}") for r in records}
    stories = [r for r in records if len((r.get("text") or "").split()) > 60]
    rng = random.Random(args.seed)
    service = SearchService(args.index)
    ranks: list[int | None] = []
    times: list[float] = []
    for record in rng.sample(stories, min(args.n, len(stories))):
        sentences = [
            s
            for s in _SENTENCE_END.split(" ".join(record["text"].split()))
            if 8 <= len(s.split()) <= 40 and not s.isupper()
        ]
        if not sentences:
            continue
        sentence = rng.choice(sentences)
        says = {i for i, text in said.items() if words(sentence) in text}
        start = time.perf_counter()
        result = service.search(sentence, limit=20, facets=False, snippets=False)
        times.append((time.perf_counter() - start) * 1000)
        # (in a replicated corpus, benchmarks/speed.py --n, a copy "ID-copyK" says what ID says)
        ids = [_COPY.sub("", hit.id) for hit in result.hits]
        ranks.append(next((k for k, i in enumerate(ids) if i in says), None))
    service.close()
    n = len(ranks)

    def within(k: int) -> str:
        found = sum(1 for r in ranks if r is not None and r < k)
        return f"{found}/{n} ({found / n:.3f})"

    print(f"# pasted sentences: {args.index}, {n} sentences from random Reuters stories")
    print(f"first {within(1)}, top 5 {within(5)}, top 20 {within(20)}")
    print(f"search ms: p50 {statistics.median(times):.0f}, p90 {statistics.quantiles(times, n=10)[-1]:.0f}")


if __name__ == "__main__":
    main()
