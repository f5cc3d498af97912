"""Getting articles out: one article as Markdown or plain text, a result set as JSONL, CSV or
one Markdown bundle. Every string passes the terminal rules (no control or escape sequence
survives into a file someone will ``cat``); no Textual and no Whoosh here."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from spacetui.safetext import display_text, strip_controls

if TYPE_CHECKING:
    from spacetui.articles.model import Article

FORMATS = ("jsonl", "csv", "md")
CSV_COLUMNS = ("id", "title", "date", "source", "authors", "url", "path", "words", "text")


def slug(text: str, limit: int) -> str:
    """A file name's stem from ``text``: lower case, runs of anything but word characters as
    one dash, at most ``limit`` characters ("" when nothing is left)."""
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-")[:limit]


def free_path(folder: Path, stem: str, ext: str) -> Path:
    """``folder/stem.ext``, or ``stem-2.ext``, ``stem-3.ext``... the first that does not exist."""
    path, n = folder / f"{stem}.{ext}", 2
    while path.exists():
        path, n = folder / f"{stem}-{n}.{ext}", n + 1
    return path


def byline(article: Article) -> str:
    parts = []
    if article.authors:
        parts.append("By " + ", ".join(article.authors))
    if article.date:
        parts.append(article.date)
    if article.source:
        parts.append(article.source)
    return display_text(" · ".join(parts))


def to_markdown(article: Article) -> str:
    """The article as Markdown (for export, the clipboard and the pager)."""
    lines = [f"# {display_text(article.title) or '(untitled)'}", ""]
    if article.standfirst:
        lines += [f"*{display_text(article.standfirst)}*", ""]
    meta = byline(article)
    if meta:
        lines += [meta, ""]
    if article.url:
        lines += [f"<{display_text(article.url)}>", ""]
    for paragraph in article.body:
        lines += [strip_controls(paragraph).strip(), ""]
    return "\n".join(lines).rstrip() + "\n"


def to_plain(article: Article) -> str:
    """The article as plain text (headline, standfirst, byline, paragraphs)."""
    md = [display_text(article.title)]
    if article.standfirst:
        md.append(display_text(article.standfirst))
    meta = byline(article)
    if meta:
        md.append(meta)
    md += [strip_controls(p).strip() for p in article.body]
    return "\n\n".join(md) + "\n"


def article_record(article: Article) -> dict[str, object]:
    """The fields a researcher takes away, text included (paragraphs joined by blank lines)."""
    return {
        "id": display_text(article.id),
        "title": display_text(article.title),
        "date": article.date,
        "source": display_text(article.source),
        "authors": [display_text(a) for a in article.authors],
        "url": display_text(article.url),
        "path": display_text(article.path),
        "words": article.word_count,
        "text": "\n\n".join(strip_controls(p).strip() for p in article.body),
    }


def write_articles(articles: Iterable[Article], fmt: str, out: TextIO) -> int:
    """Write ``articles`` to ``out`` as ``fmt`` (one of FORMATS); returns how many."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (use one of {', '.join(FORMATS)})")
    n = 0
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n") if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    for article in articles:
        if fmt == "md":
            out.write(("\n---\n\n" if n else "") + to_markdown(article))
        else:
            record = article_record(article)
            if writer is not None:
                record["authors"] = "; ".join(record["authors"])  # type: ignore[arg-type]
                writer.writerow(record)
            else:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n
