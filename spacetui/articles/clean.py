"""Turn loaded text or HTML into a clean article: body paragraphs, headline, byline, date.

This is the single place cleaning plugs in: the loaders call :func:`extract_from_text` and
:func:`extract_from_html` and never look inside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(slots=True)
class Extracted:
    title: str = ""
    standfirst: str = ""
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    source: str = ""
    url: str = ""
    paragraphs: list[str] = field(default_factory=list)


_BLANK_LINES = re.compile(r"\n\s*\n")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; a line break inside one is a space."""
    paragraphs = (" ".join(block.split()) for block in _BLANK_LINES.split(text))
    return [p for p in paragraphs if p]


def extract_from_text(text: str, *, title: str | None = None) -> Extracted:
    """Plain text, clean or scraped: the article body, headline, standfirst, byline and date.

    Clean text (headline on line 1 or given as ``title``, then prose paragraphs) comes through
    untouched; a scrape is cleaned of page furniture by :mod:`spacetui.articles.textclean`.
    """
    from spacetui.articles import textclean

    res = textclean.extract(text, title=title)
    return Extracted(
        title=res.title,
        standfirst=res.standfirst,
        authors=res.authors,
        date=res.date,
        paragraphs=res.paragraphs,
    )


def extract_from_html(html: str, *, url: str | None = None) -> Extracted:
    """HTML: trafilatura finds the article body and its metadata."""
    import trafilatura  # heavy: only ever imported at index time

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, favor_precision=False
    )
    if doc is None:
        return Extracted()
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    authors = [a.strip() for a in re.split(r";|\band\b", data.get("author") or "") if a.strip()]
    title = data.get("title") or ""
    paragraphs = split_paragraphs((data.get("text") or "").replace("\n", "\n\n"))
    return Extracted(
        title=title,
        standfirst=data.get("description") or "",
        authors=authors,
        date=data.get("date"),
        source=data.get("sitename") or data.get("hostname") or "",
        url=data.get("url") or url or "",
        paragraphs=_drop_header(paragraphs, title, authors),
    )


def _fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _drop_header(paragraphs: list[str], title: str, authors: list[str]) -> list[str]:
    """trafilatura keeps the page's <h1> (and at times the byline) as the first paragraphs:
    they are the article's metadata, shown as such, not its body."""
    names = {_fold(a) for a in authors}
    head = _fold(title)
    drop = 0
    for p in paragraphs[:3]:
        folded = _fold(p)
        is_title = bool(head) and folded == head
        is_byline = (
            bool(names)
            and len(folded.split()) <= 12
            and _fold(re.sub(r"^\s*by\b", "", p, flags=re.I)) in names
        )
        if not (is_title or is_byline):
            break
        drop += 1
    return paragraphs[drop:] if drop < len(paragraphs) else paragraphs
