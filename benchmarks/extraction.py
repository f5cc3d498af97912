"""Article extraction benchmark: body precision/recall/F1 and title/author/date accuracy.

Reads the Zyte and Readability page sets from ``../shared/data/extraction`` (or
``$SPACETUI_SHARED/data/extraction``). For every page and input form it scores:

- ``html``: ``raw.html`` through spacetui's :func:`extract_from_html`, against two baselines in
  the same run: the page's visible text (``raw.txt``) and trafilatura with default settings.
- ``txt``: ``raw.txt`` (visible text, block elements on their own lines) through
  :func:`extract_from_text`, against the raw text itself.
- ``oneline``: ``raw_oneline.txt`` (all white space squeezed, like seed 004), same.

Body scores are bag-of-words (lowercase ``\\w+`` tokens) precision, recall and F1 against
``expected.txt``; title/author/date accuracy only where the Readability set has gold.
``--cv`` adds the text cleaning's honest estimate: body F1 of the hand rules and of the learned unit
classifier on sites held out of training (GroupKFold by site), and the rules' per-stage ablation
(see ``benchmarks/train_cleaning.py``); and headline exact match of the rules alone and of the
learned headline ranker on held-out sites (``benchmarks/train_headline.py``). Needs scikit-learn.
Usage: ``python benchmarks/extraction.py [--limit N] [--sets zyte,readability] [--forms html,txt,oneline]``
``[--cv]``
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from spacetui.articles.clean import Extracted, extract_from_html, extract_from_text  # noqa: E402
from spacetui.articles.cleaning.date import find_dates  # noqa: E402
from spacetui.articles.dates import to_iso  # noqa: E402

_TOKEN = re.compile(r"\w+")
_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "that",
        "for",
        "it",
        "on",
        "with",
        "as",
        "was",
        "by",
        "at",
        "be",
        "this",
        "are",
        "from",
        "have",
        "an",
        "or",
        "not",
        "but",
        "his",
        "her",
    ]
)
_HTML_LANG = re.compile(r"<html[^>]*?\blang\s*=\s*[\"']?([A-Za-z-]+)", re.IGNORECASE)


def tokens(text: str) -> Counter[str]:
    return Counter(t.lower() for t in _TOKEN.findall(text))


def prf(got: str, gold: str) -> tuple[float, float, float]:
    g, e = tokens(got), tokens(gold)
    overlap = sum((g & e).values())
    p = overlap / sum(g.values()) if g else (1.0 if not e else 0.0)
    r = overlap / sum(e.values()) if e else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _name_fold(text: str) -> str:
    text = re.sub(r"^\s*by\s+", "", text, flags=re.IGNORECASE)
    return " ".join(_TOKEN.findall(text.casefold()))


def author_match(got: list[str], gold: str) -> bool:
    g = _name_fold(", ".join(got))
    e = _name_fold(gold)
    if not g or not e:
        return g == e
    return g == e or g in e or e in g


def _site_words(name: str) -> list[str]:
    """ "http://www.tmz.com" ~ "TMZ.com" ~ "TMZ", "the Guardian" ~ "The Guardian": lower-case
    words, without a scheme, "www.", a top-level domain or a leading "the"."""
    name = re.sub(r"^\s*(?:https?://)?(?:www\.)?|\.(?:com|org|net|co\.uk)\b.*$", "", name.casefold())
    words = _TOKEN.findall(name)
    return words[1:] if words[:1] == ["the"] else words


def site_match(got: str, gold: str) -> bool:
    """The same name, spaced or not ("HeraldSun" / "Herald Sun"), or one that starts the other
    ("BuzzFeed" / "BuzzFeed News"); "News" for "BBC News" is no match."""
    g, e = _site_words(got), _site_words(gold)
    if not g or not e:
        return False
    short, long_ = sorted((g, e), key=len)
    return "".join(g) == "".join(e) or long_[: len(short)] == short


def is_english(meta: dict[str, object], html: str, expected: str) -> bool:
    lang = meta.get("lang")
    if not lang:
        m = _HTML_LANG.search(html[:5000])
        lang = m.group(1) if m else None
    if lang:
        return str(lang).lower().startswith("en")
    words = [t.lower() for t in _TOKEN.findall(expected)]
    return bool(words) and sum(w in _ENGLISH for w in words) / len(words) > 0.15


@dataclass
class Page:
    set: str
    id: str
    meta: dict[str, object]
    html: str
    txt: str
    oneline: str
    expected: str
    english: bool


@dataclass
class Scores:
    p: list[float] = field(default_factory=list)
    r: list[float] = field(default_factory=list)
    f: list[float] = field(default_factory=list)
    title: list[bool] = field(default_factory=list)
    author: list[bool] = field(default_factory=list)
    date: list[bool] = field(default_factory=list)
    site: list[bool] = field(default_factory=list)
    # the same, only on pages whose gold value is in the input text at all (text forms): the
    # rest are metadata-only titles and dates no reading of the text can recover
    title_reach: list[bool] = field(default_factory=list)
    date_reach: list[bool] = field(default_factory=list)
    # text forms, both sets: the headline equals one of the page's own headings found in the text
    heading: list[bool] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)


def load_pages(root: Path, sets: list[str], limit: int | None) -> list[Page]:
    pages: list[Page] = []
    for name in sets:
        folder = root / name / "pairs"
        for case in sorted(folder.iterdir())[:limit]:

            def read(fname: str, case: Path = case) -> str:
                return (case / fname).read_text(encoding="utf-8", errors="replace")

            meta = json.loads(read("meta.json"))
            html, expected = read("raw.html"), read("expected.txt")
            pages.append(
                Page(
                    name,
                    case.name,
                    meta,
                    html,
                    read("raw.txt"),
                    read("raw_oneline.txt"),
                    expected,
                    is_english(meta, html, expected),
                )
            )
    return pages


def trafilatura_baseline(html: str) -> Extracted:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True)
    if doc is None:
        return Extracted()
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return Extracted(
        title=data.get("title") or "",
        authors=[data["author"]] if data.get("author") else [],
        date=data.get("date"),
        source=data.get("sitename") or "",
        paragraphs=(data.get("text") or "").splitlines(),
    )


def methods(form: str) -> dict[str, Callable[[Page], Extracted]]:
    if form == "html":
        return {
            "raw text": lambda pg: Extracted(paragraphs=[pg.txt]),
            "trafilatura": lambda pg: trafilatura_baseline(pg.html),
            "spacetui": lambda pg: extract_from_html(pg.html, url=str(pg.meta.get("url") or "") or None),
        }
    return {
        "raw text": lambda pg: Extracted(paragraphs=[getattr(pg, form)]),
        "spacetui": lambda pg: extract_from_text(getattr(pg, form)),
    }


def score(page: Page, ex: Extracted, ms: float, acc: Scores, source: str | None = None) -> None:
    """Add one page's scores; ``source`` is the input text of a text form (for the reachable
    figures)."""
    p, r, f = prf("\n".join(ex.paragraphs), page.expected)
    acc.p.append(p)
    acc.r.append(r)
    acc.f.append(f)
    acc.ms.append(ms)
    if source is not None:
        headings = {h for h in page_headings(page) if h in fold(source)}
        if headings:
            acc.heading.append(fold(ex.title) in headings)
    if page.set != "readability":
        return
    if page.meta.get("title"):
        gold_title = fold(str(page.meta["title"]))
        acc.title.append(fold(ex.title) == gold_title)
        if source is not None and gold_title in fold(source):
            acc.title_reach.append(acc.title[-1])
    if page.meta.get("author"):
        acc.author.append(author_match(ex.authors, str(page.meta["author"])))
    if page.meta.get("site_name"):
        acc.site.append(site_match(ex.source, str(page.meta["site_name"])))
    if page.meta.get("date"):
        gold = to_iso(str(page.meta["date"])[:10])
        acc.date.append(bool(ex.date) and to_iso(ex.date) == gold)
        if source is not None and gold in {d for _, d in find_dates(source)}:
            acc.date_reach.append(acc.date[-1])


_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def page_headings(page: Page) -> set[str]:
    """The headlines a reader could call right, folded: the page's gold title (Readability),
    its <title> as the Zyte set derives it, and its <h1> when it has exactly one. Exact match to
    a single gold undercounts: the Zyte titles are cut at quotes, and a page's <title> and <h1>
    are often two wordings of one headline."""
    out = {str(page.meta[k]) for k in ("title", "html_title_derived") if page.meta.get(k)}
    h1s = {html.unescape(_TAG.sub(" ", m)) for m in _H1.findall(page.html)}
    h1s = {" ".join(h.split()) for h in h1s if len(h.split()) >= 2}
    if len(h1s) == 1:
        out |= h1s
    return {f for f in map(fold, out) if f}


def _mean(xs: list[float] | list[bool]) -> str:
    return f"{statistics.fmean(xs):.3f}" if xs else "  -  "


def _acc(xs: list[bool]) -> str:
    return f"{statistics.fmean(xs):.3f} ({len(xs):3d})" if xs else "   -      "


def extraction_root() -> Path | None:
    """``../shared/data/extraction`` (or under ``$SPACETUI_SHARED``), or None, said on stderr."""
    shared = Path(os.environ.get("SPACETUI_SHARED", REPO.parent / "shared"))
    root = shared / "data" / "extraction"
    if not root.is_dir():
        print(f"../shared/data not found: {root}", file=sys.stderr)
        return None
    return root


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="pages per set")
    ap.add_argument("--sets", default="zyte,readability")
    ap.add_argument("--forms", default="html,txt,oneline")
    ap.add_argument("--worst", type=int, default=0, help="list the N worst spacetui pages per form")
    ap.add_argument("--cv", action="store_true", help="site-grouped CV of the learned cleaning, and ablation")
    args = ap.parse_args(argv)
    root = extraction_root()
    if root is None:
        return 2
    pages = load_pages(root, args.sets.split(","), args.limit)
    n_en = sum(p.english for p in pages)
    print(f"{len(pages)} pages ({n_en} English) from {root}")
    header = (
        f"{'form':8} {'method':12} {'pages':>7} {'P mean':>7} {'R mean':>7} {'F1 mean':>7} {'F1 med':>7}"
        f" {'title (n)':>11} {'author (n)':>11} {'date (n)':>11} {'site (n)':>11}"
        f" {'ms mean':>8} {'ms med':>7}"
    )
    by_form: dict[str, dict[str, dict[str, Scores]]] = {}
    for form in args.forms.split(","):
        results: dict[str, dict[str, Scores]] = {}
        by_form[form] = results
        worst: list[tuple[float, str]] = []
        for name, fn in methods(form).items():
            per = {"english": Scores(), "all": Scores()}
            for page in pages:
                t0 = time.perf_counter()
                try:
                    ex = fn(page)
                except Exception as exc:  # a crash scores zero but never stops the run
                    where = f"{form} {name} {page.set}/{page.id}"
                    print(f"  ! {where}: {type(exc).__name__}: {exc}", file=sys.stderr)
                    ex = Extracted()
                ms = (time.perf_counter() - t0) * 1000
                source = getattr(page, form) if form != "html" else None
                score(page, ex, ms, per["all"], source)
                if page.english:
                    score(page, ex, ms, per["english"], source)
                    if name == "spacetui":
                        worst.append((per["english"].f[-1], f"{page.set}/{page.id}"))
            results[name] = per
        print()
        print(header)
        for subset in ("english", "all"):
            for name, per_subset in results.items():
                s = per_subset[subset]
                print(
                    f"{form:8} {name:12} {subset + ' ' + str(len(s.f)):>7} {_mean(s.p):>7} {_mean(s.r):>7}"
                    f" {_mean(s.f):>7} {statistics.median(s.f) if s.f else 0:7.3f}"
                    f" {_acc(s.title):>11} {_acc(s.author):>11} {_acc(s.date):>11} {_acc(s.site):>11}"
                    f" {statistics.fmean(s.ms):8.1f} {statistics.median(s.ms):7.1f}"
                )
        for subset in ("english", "all"):
            s = results["spacetui"][subset]
            if s.title_reach or s.date_reach:
                print(
                    f"{form:8} spacetui     {subset:>7} where the gold is in the text:"
                    f" title {_acc(s.title_reach)} of {len(s.title)},"
                    f" date {_acc(s.date_reach)} of {len(s.date)}"
                )
        for subset in ("english", "all"):
            s = results["spacetui"][subset]
            if s.heading:
                print(
                    f"{form:8} spacetui     {subset:>7} headline is one of the page's own headings found"
                    f" in the text (<title>, Zyte's derived title, its one <h1>; both sets):"
                    f" {_acc(s.heading)}"
                )
        if args.worst:
            for f, pid in sorted(worst)[: args.worst]:
                print(f"    worst {form}: {f:.3f} {pid}")
    print_targets(by_form)
    if args.cv:
        from benchmarks.train_cleaning import grouped_cv
        from benchmarks.train_headline import grouped_cv as headline_cv

        print("\nsite-grouped cross-validation (text forms)")
        grouped_cv(pages, folds=5)
        print("\nheadline: site-grouped cross-validation of the learned ranker (pages with a gold title)")
        headline_cv(pages, folds=5)
    return 0


def _p90(xs: list[float]) -> float:
    return sorted(xs)[int(0.9 * (len(xs) - 1))] if xs else 0.0


def _reach_note(xs: list[bool], what: str) -> str:
    return f"{statistics.fmean(xs):.3f} = {sum(xs)}/{len(xs)} of pages whose gold {what} is in the text"


def print_targets(by_form: dict[str, dict[str, dict[str, Scores]]]) -> None:
    """The issue's targets (English pages), each with the number measured in this run."""
    ours = {form: res["spacetui"]["english"] for form, res in by_form.items() if "spacetui" in res}
    checks: list[tuple[str, float, float]] = []  # (what, measured, needed)
    if "html" in ours:
        h, traf = ours["html"], by_form["html"]["trafilatura"]["english"]
        checks += [
            ("html body F1 mean >= trafilatura's", statistics.fmean(h.f), statistics.fmean(traf.f)),
            ("html body F1 mean >= 0.92", statistics.fmean(h.f), 0.92),
        ]
    if "oneline" in ours:
        o = ours["oneline"]
        checks += [
            ("oneline body F1 mean >= 0.88", statistics.fmean(o.f), 0.88),
            ("oneline body F1 median >= 0.93", statistics.median(o.f), 0.93),
        ]
        if "txt" in ours:
            checks.append(
                ("txt body F1 mean >= oneline's", statistics.fmean(ours["txt"].f), statistics.fmean(o.f))
            )
    context: dict[str, str] = {}  # what -> the reachable figure, printed beside (never checked)
    for form, sc in ours.items():
        if sc.title:
            what = f"{form} title exact >= 0.85"
            checks.append((what, statistics.fmean(sc.title), 0.85))
            if sc.title_reach:
                context[what] = _reach_note(sc.title_reach, "title")
        if sc.date:
            what = f"{form} date (day) >= 0.85"
            checks.append((what, statistics.fmean(sc.date), 0.85))
            if sc.date_reach:
                context[what] = _reach_note(sc.date_reach, "date")
    print("\ntargets (English pages)")
    for what, got, need in checks:
        note = f"  [{context[what]}]" if what in context else ""
        print(f"  {'ok  ' if got >= need else 'MISS'} {what:38} {got:.3f} (needs {need:.3f}){note}")
    for form, sc in ours.items():
        print(f"  time {form:8} ms per article: median {statistics.median(sc.ms):.1f}, p90 {_p90(sc.ms):.1f}")


if __name__ == "__main__":
    raise SystemExit(main())
