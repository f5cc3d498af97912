"""Train the learned headline ranker and measure it honestly: cross-validation grouped by site.

For every page with a gold title (the Readability set's ``meta.json``) and each text form
(``raw.txt``, ``raw_oneline.txt``), cleaning runs as usual and hands its headline step's input
(the text, where the body starts, the rules' pick) to
:mod:`spacetui.articles.cleaning.headline_rank`, which lists title-like candidate spans and their
features; a candidate is labelled right when it equals the gold title (case and spacing folded,
as ``benchmarks/extraction.py`` scores titles). A logistic regression (scikit-learn, a developer's
tool: cleaning reads the stored coefficients in plain Python) scores candidates; a page's
headline is its best.

``--cv`` prints, per form, headline exact match of the rules and of the ranker on pages of sites
the ranker never saw (GroupKFold over sites), and how often the gold is among the candidates;
``--write`` fits on every page and stores the coefficients in the package.
Usage: ``python benchmarks/train_headline.py [--cv] [--write] [--folds 5]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.extraction import Page, extraction_root, fold, load_pages  # noqa: E402
from benchmarks.train_cleaning import site_of  # noqa: E402
from spacetui.articles.cleaning.headline_rank import (  # noqa: E402
    HEADLINE_FEATURES,
    WEIGHTS,
    candidates,
    features,
)
from spacetui.articles.cleaning.logistic import Weights  # noqa: E402
from spacetui.articles.cleaning.pipeline import extract  # noqa: E402

FORMS = ("txt", "oneline")


@dataclass
class Sample:
    page: Page
    form: str
    rule: str  # the rules' headline, as cleaning gives it
    texts: list[str]  # candidates (empty: cleaning took the text as clean, no choice to make)
    rows: list[list[float]]
    labels: list[int]

    @property
    def gold(self) -> str:
        return fold(str(self.page.meta["title"]))


def samples(pages: list[Page]) -> list[Sample]:
    out: list[Sample] = []
    for page in pages:
        if not page.meta.get("title"):
            continue
        gold = fold(str(page.meta["title"]))
        for form in FORMS:
            seen: list[tuple[str, int, str]] = []

            def capture(text: str, body_char: int, rule: str, seen: list[tuple[str, int, str]] = seen) -> str:
                seen.append((text, body_char, rule))
                return rule

            rule = extract(getattr(page, form), headline=capture).title
            texts: list[str] = []
            rows: list[list[float]] = []
            if seen:
                text, body_char, rule_title = seen[0]
                cands = candidates(text, body_char, rule_title)
                texts = [c.text for c in cands]
                rows = features(text, body_char, rule_title, cands)
            labels = [int(fold(t) == gold) for t in texts]
            out.append(Sample(page, form, rule, texts, rows, labels))
    return out


def fit(data: list[Sample], c: float = 1.0) -> Weights:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.asarray([r for s in data for r in s.rows], dtype=float)
    y = np.asarray([v for s in data for v in s.labels])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    model.fit((x - mean) / scale, y)
    return Weights(tuple(mean), tuple(scale), tuple(model.coef_[0]), float(model.intercept_[0]))


def pick(s: Sample, w: Weights) -> str:
    if not s.texts:
        return s.rule
    return s.texts[max(range(len(s.texts)), key=lambda i: w.probability(s.rows[i]))]


def grouped_cv(pages: list[Page], folds: int, c: float = 1.0) -> None:
    from sklearn.model_selection import GroupKFold

    data = samples(pages)
    groups = [site_of(s.page) for s in data]
    print(
        f"{len(data)} page texts with a gold title, {len(set(groups))} sites, {folds} site-grouped folds"
        f" ({len(HEADLINE_FEATURES)} features, C={c})"
    )
    ranked: dict[int, bool] = {}
    fallback: dict[int, bool] = {}  # the rules' pick, the ranker's only where the rules have none
    for train, test in GroupKFold(n_splits=folds).split(data, groups=groups):
        weights = fit([data[i] for i in train if data[i].texts], c)
        for i in test:
            ranked[i] = fold(pick(data[i], weights)) == data[i].gold
            fallback[i] = ranked[i] if not data[i].rule else fold(data[i].rule) == data[i].gold
    print("headline exact match on held-out sites: the rules, the learned ranker, gold among candidates")
    for form in FORMS:
        for subset in ("english", "all"):
            idx = [i for i, s in enumerate(data) if s.form == form and (subset == "all" or s.page.english)]
            rules = [fold(data[i].rule) == data[i].gold for i in idx]
            learned = [ranked[i] for i in idx]
            backed = [fallback[i] for i in idx]
            reach = [bool(any(data[i].labels)) or rules[k] for k, i in enumerate(idx)]
            print(
                f"  {form:8} {subset:8} pages {len(idx):3d}   rules {statistics.fmean(rules):.3f}"
                f"  ranker {statistics.fmean(learned):.3f}  rules, else ranker {statistics.fmean(backed):.3f}"
                f"  gold among candidates {statistics.fmean(reach):.3f}"
            )
    for i, s in enumerate(data):
        if ranked[i] != (fold(s.rule) == s.gold):
            won = "ranker" if ranked[i] else "rules "
            print(f"    {won} right: {s.form:7} {s.page.id:28} gold {s.gold[:70]!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cv", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    args = ap.parse_args(argv)
    root = extraction_root()
    if root is None:
        return 2
    pages = load_pages(root, ["zyte", "readability"], None)
    if args.cv:
        grouped_cv(pages, args.folds, args.c)
    if args.write:
        data = [s for s in samples(pages) if s.texts]
        weights = fit(data, args.c)
        WEIGHTS.write_text(json.dumps(weights.to_json(HEADLINE_FEATURES), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS} ({len(HEADLINE_FEATURES)} features)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
