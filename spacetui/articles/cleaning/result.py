"""What cleaning gives for one article, from text or HTML alike."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Extracted:
    title: str = ""
    standfirst: str = ""
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    source: str = ""  # the site or outlet
    url: str = ""
    paragraphs: list[str] = field(default_factory=list)
    cleaned: bool = False  # False: clean text that came through untouched
