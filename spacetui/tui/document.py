"""An article laid out for a reading pane: display-safe blocks, find spans, mention spans.

No Textual here (and no Whoosh): the pane renders these blocks, workers build them. Every
piece of article text passes through :func:`clean_with_map` so escape sequences and control
characters never reach the terminal, while entity mention offsets (which refer to the raw
``Article.body_text``) still land on the right characters.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from rich._wrap import divide_line

from spacetui.export import byline
from spacetui.safetext import display_text, strip_controls

if TYPE_CHECKING:
    from spacetui.articles.model import Article
    from spacetui.search.snippets import TextWords

# (block index, start, end) in a block's display text.
Span = tuple[int, int, int]
# (text, index-form terms, the text's words) -> character spans: the search layer's word matcher.
Matcher = Callable[[str, Sequence[str], "TextWords | None"], list[tuple[int, int]]]

PARAGRAPH_SEP_LEN = 2  # Article.body_text joins paragraphs with "\n\n"
WRAPS_KEPT = 2  # widths a document keeps its lines for (a pane, and the same article split beside)
_WORD = re.compile(r"\s*\S+\s*")  # rich's own word pattern


def wrap_starts(text: str, width: int) -> list[int]:
    """Where each line after the first starts: rich's ``divide_line(text, width, fold=True)``.

    Printable ASCII (nearly every article) takes a quicker path with the same breaks: one cell
    per character, so no cell-width lookups (5,000 words: ~1.4 ms instead of ~5 ms)."""
    if not (text.isascii() and text.isprintable()):
        return divide_line(text, width, fold=True)
    starts: list[int] = []
    offset = 0
    for m in _WORD.finditer(text):
        word = m.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            return divide_line(text, width, fold=True)  # a word wider than the line: folded
        else:
            starts.append(m.start())
            offset = len(word)
    return starts


def clean_with_map(text: str) -> tuple[str, list[int] | None]:
    """``strip_controls(text)`` plus, when it changed anything, raw index -> clean index.

    Tabs become spaces (one cell each, so offsets still line up). The map has ``len(text)+1``
    entries so that span ends map too. ``None`` means the text was already clean.
    """
    clean = strip_controls(text).replace("\t", " ")
    if clean == text:
        return clean, None
    # strip_controls only deletes characters, apart from CR/CRLF -> LF; align greedily.
    mapping: list[int] = []
    j = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\r" and j < len(clean) and clean[j] == "\n":
            mapping.append(j)
            if i + 1 < n and text[i + 1] == "\n":
                mapping.append(j)
                i += 1
            j += 1
        elif j < len(clean) and (ch == clean[j] or (ch == "\t" and clean[j] == " ")):
            mapping.append(j)
            j += 1
        else:
            mapping.append(j)
        i += 1
    mapping.append(len(clean))
    return clean, mapping


@dataclass(slots=True)
class Block:
    """One wrapped unit of the page: a headline, a paragraph, a blank line..."""

    kind: str  # headline, standfirst, meta, para, raw, blank
    text: str  # safe to draw
    body_start: int | None = None  # offset of this paragraph in Article.body_text
    index_map: list[int] | None = None  # raw -> clean offsets, when cleaning changed the text

    def to_clean(self, raw_offset: int) -> int:
        if self.index_map is None:
            return min(raw_offset, len(self.text))
        raw_offset = max(0, min(raw_offset, len(self.index_map) - 1))
        return self.index_map[raw_offset]


@dataclass(slots=True)
class FindText:
    """The blocks a find looks in, joined by newlines (no word spans a newline), so a find is
    one scan of one text; ``words`` is kept for the next find (the search layer fills it)."""

    text: str
    starts: list[int]  # offset of each searchable block in text
    blocks: list[int]  # its block index
    words: TextWords | None = None


@dataclass(frozen=True, slots=True)
class Wrapped:
    """A document's screen lines at one width (read-only: views showing it share them)."""

    lines: list[Span]  # (block, start, end) of each line
    block_first_line: list[int]  # the line each block starts on


@dataclass(slots=True)
class Document:
    article: Article
    raw: bool = False
    blocks: list[Block] = field(default_factory=list)
    _find_text: FindText | None = None
    _wraps: dict[int, Wrapped] = field(default_factory=dict)

    def wrapped(self, width: int) -> Wrapped:
        """The lines at ``width``, worked out once per width: the worker that loads an article
        ahead wraps it for the pane it is about to open in, so opening it does not."""
        found = self._wraps.get(width)
        if found is None:
            lines: list[Span] = []
            firsts: list[int] = []
            for b, block in enumerate(self.blocks):
                firsts.append(len(lines))
                text = block.text
                if not text:
                    lines.append((b, 0, 0))
                    continue
                cuts = [0, *wrap_starts(text, width), len(text)]
                lines.extend((b, start, end) for start, end in pairwise(cuts))
            found = Wrapped(lines, firsts)
            while len(self._wraps) >= WRAPS_KEPT:
                del self._wraps[next(iter(self._wraps))]
            self._wraps[width] = found
        return found

    @property
    def searchable(self) -> list[int]:
        """Blocks a find looks in (not the blank lines)."""
        return [i for i, b in enumerate(self.blocks) if b.kind != "blank" and b.text]

    def find_text(self) -> FindText:
        if self._find_text is None:
            starts, blocks, parts, pos = [], [], [], 0
            for i in self.searchable:
                starts.append(pos)
                blocks.append(i)
                parts.append(self.blocks[i].text)
                pos += len(self.blocks[i].text) + 1
            self._find_text = FindText("\n".join(parts), starts, blocks)
        return self._find_text

    def span_at(self, start: int, end: int) -> Span:
        """A span of ``find_text().text`` as (block, start, end) in that block."""
        found = self.find_text()
        k = bisect_right(found.starts, start) - 1
        base = found.starts[k]
        return (found.blocks[k], start - base, end - base)


def build_document(article: Article, *, raw: bool = False) -> Document:
    doc = Document(article=article, raw=raw)
    blocks = doc.blocks
    blocks.append(Block("headline", display_text(article.title) or "(untitled)"))
    if article.standfirst:
        blocks.append(Block("standfirst", display_text(article.standfirst)))
    meta = byline(article)
    if meta:
        blocks.append(Block("meta", meta))
    if raw:
        blocks.append(Block("meta", "Raw text, as loaded (before cleaning)"))
        for line in strip_controls(article.raw).replace("\t", " ").split("\n"):
            blocks.append(Block("raw", line) if line.strip() else Block("blank", ""))
        return doc
    offset = 0
    for paragraph in article.body:
        blocks.append(Block("blank", ""))
        clean, mapping = clean_with_map(paragraph)
        blocks.append(Block("para", clean, body_start=offset, index_map=mapping))
        offset += len(paragraph) + PARAGRAPH_SEP_LEN
    if not article.body:
        blocks.append(Block("blank", ""))
        blocks.append(Block("meta", "(this article has no text)"))
    return doc


def find_spans(
    doc: Document,
    terms: Sequence[str],
    match: Matcher,
    words_of: Callable[[str], TextWords],
    *,
    prepare: bool = False,
) -> list[Span]:
    """Every place ``terms`` match, in reading order (``match`` is the index's word matcher,
    ``words_of`` how it reads a text's words, done once per document, at once if ``prepare``)."""
    if not terms and not prepare:
        return []
    found = doc.find_text()
    if found.words is None:
        found.words = words_of(found.text)
    if not terms:
        return []
    return [doc.span_at(s, e) for s, e in match(found.text, terms, found.words)]


def plain_find(doc: Document, needle: str) -> list[Span]:
    """A case-blind find of ``needle`` as typed (for words the index never saw)."""
    needle = needle.casefold()
    if not needle:
        return []
    out: list[Span] = []
    for i in doc.searchable:
        text = doc.blocks[i].text
        hay = text.casefold()
        if len(hay) != len(text):
            continue  # casefold changed the length: its offsets are not the text's
        start = hay.find(needle)
        while start >= 0:
            out.append((i, start, start + len(needle)))
            start = hay.find(needle, start + len(needle))
    return out


def mention_spans(doc: Document, ranges: Iterable[tuple[int, int]]) -> list[Span]:
    """Map mention offsets in ``body_text`` to (block, start, end), in reading order."""
    if doc.raw:
        return []
    paras = [(i, b) for i, b in enumerate(doc.blocks) if b.kind == "para" and b.body_start is not None]
    out: list[Span] = []
    for start, end in ranges:
        for i, block in paras:
            base = block.body_start or 0
            raw_len = len(block.index_map) - 1 if block.index_map is not None else len(block.text)
            if base <= start < base + raw_len:
                s = block.to_clean(start - base)
                e = block.to_clean(min(end, base + raw_len) - base)
                if e > s:
                    out.append((i, s, e))
                break
    return sorted(set(out))
