"""Turn loaded text or HTML into a clean article: body paragraphs, headline, byline, date.

This is the single place cleaning plugs in: the loaders call :func:`extract_from_text` and
:func:`extract_from_html` and never look inside.
"""

from __future__ import annotations

import json
import re
from typing import Any

from spacetui.articles.cleaning.byline import byline_names
from spacetui.articles.cleaning.paragraphs import split_paragraphs
from spacetui.articles.cleaning.result import Extracted

__all__ = ["Extracted", "extract_from_html", "extract_from_text", "split_paragraphs"]


def extract_from_text(text: str, *, title: str | None = None) -> Extracted:
    """Plain text, clean or scraped: the article body, headline, standfirst, byline and date.

    Clean text (headline on line 1 or given as ``title``, then prose paragraphs) comes through
    untouched; a scrape is cleaned of page furniture by :mod:`spacetui.articles.cleaning`.
    """
    from spacetui.articles.cleaning.pipeline import extract

    return extract(text, title=title)


def extract_from_html(html: str, *, url: str | None = None) -> Extracted:
    """HTML: trafilatura finds the article body and its metadata."""
    import trafilatura  # heavy: only ever imported at index time
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return Extracted()
    # read before trafilatura, which prunes the tree it is given
    page_title = html_title(tree)
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, favor_precision=False, fast=True
    )
    if doc is None:
        return Extracted(title=page_title)
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    authors = byline_names(re.split(r";|\band\b", data.get("author") or ""), data.get("sitename") or "")
    title = page_title or data.get("title") or ""
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


# --- the headline of an HTML page ------------------------------------------------------------
# The order a well-kept reader (Mozilla Readability, Firefox's reader view) uses: the article's
# JSON-LD, then title meta tags, then the <title> less its site-name part.

_ARTICLE_TYPES = re.compile(
    r"^(?:Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle"
    r"|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report"
    r"|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting"
    r"|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference)$"
)
_META_TITLES = ("dc:title", "dcterm:title", "og:title", "weibo:article:title", "weibo:webpage:title", "title",
                "twitter:title", "parsely-title")  # fmt: skip


def html_title(tree: Any) -> str:
    """The page's headline from its metadata, or "" when it has none."""
    doc_title = " ".join((tree.findtext(".//title") or "").split())
    title = _jsonld_title(tree, doc_title)
    if not title:
        metas: dict[str, str] = {}
        for m in tree.iter("meta"):
            key = (m.get("property") or m.get("name") or "").strip().lower()
            content = " ".join((m.get("content") or "").split())
            if key and content and key not in metas:
                metas[key] = content
        title = next((metas[k] for k in _META_TITLES if metas.get(k)), "")
    return title or _clean_doc_title(tree, doc_title)


def _jsonld_title(tree: Any, doc_title: str) -> str:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads((script.text or "").strip().removeprefix("<![CDATA[").removesuffix("]]>"))
        except ValueError:
            continue
        items = data if isinstance(data, list) else [data]
        if isinstance(data, dict) and isinstance(data.get("@graph"), list):
            items = data["@graph"]
        for item in items:
            if not isinstance(item, dict):
                continue
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if not any(isinstance(k, str) and _ARTICLE_TYPES.match(k) for k in kinds):
                continue
            name, headline = item.get("name"), item.get("headline")
            name = " ".join(name.split()) if isinstance(name, str) else ""
            headline = " ".join(headline.split()) if isinstance(headline, str) else ""
            if name and headline and name != headline:
                # both given and different: the one the page's <title> agrees with
                cleaned = _fold(_clean_doc_title(tree, doc_title))
                return (
                    name if _similar(_fold(name), cleaned) > _similar(_fold(headline), cleaned) else headline
                )
            if name or headline:
                return name or headline
    return ""


def _similar(a: str, b: str) -> float:
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) / max(1, len(wa | wb))


def _clean_doc_title(tree: Any, doc_title: str) -> str:
    from spacetui.articles.cleaning.headline import clean_page_title

    h1s = list(tree.iter("h1"))
    return clean_page_title(
        doc_title,
        headings={" ".join(h.text_content().split()) for h in tree.iter("h1", "h2")},
        only_h1=" ".join(h1s[0].text_content().split()) if len(h1s) == 1 else None,
    )
