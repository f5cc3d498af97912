"""Stage 4: the site's name, split off the page's <title> line."""

from __future__ import annotations

import re

from spacetui.articles.cleaning.date import find_dates
from spacetui.articles.cleaning.words import (
    NOT_NAME,
    PAGE_SEP,
    PART_SEP,
    SEP_TOKENS,
    TITLE_SENTENCE_END,
    TITLE_TOKENS,
)
from spacetui.articles.furniture import FUNCTION_WORDS, STRONG_PHRASES, words

SITE_WORDS = 5  # at most, in a site's name


# words that alone name a section, a page or a format, not a site
_NOT_SITE = NOT_NAME | words("page amp live watch opinion analysis home")


_GLUE_SEPS = "-–—|"
_PREFIX = re.compile(r"(\S.{0,40}?)\s+(?:[|\-–—·•»:]|::)\s+")


def site_from_title(line: str, headline: str, *, one_line: bool) -> str:
    """The site's name where the page's <title> gives it beside the headline: its last part
    after it ("Headline | Section | The Guardian", a tagline aside) or its first part before it
    ("BBC News - Headline"). On a one-line page the <title> runs on into the page: its last part
    is the longest run of first words that the page says again (its logo, its footer)."""
    line = " ".join(line.split())
    headline = " ".join(headline.split())
    if line.startswith(headline):
        rest = line[len(headline) :]
        if rest[:1] in _GLUE_SEPS and rest[1:2].isupper():
            rest = f" {rest[0]} {rest[1:]}"  # "... with Sallu-India Buzz": the site glued on
        if TITLE_SENTENCE_END.match(line, len(headline) + 1) and (sep := PART_SEP.search(rest)):
            rest = rest[sep.start() :]  # the <title>'s next sentence, then its parts
        if not PART_SEP.match(rest):
            return ""
        if one_line:
            return _site_part(_site_run(_last_title_part(rest), line))
        # the last part, unless it is a tagline: "... ✩ Mozilla Hacks – the Web developer blog"
        parts = [p.strip() for p in PART_SEP.split(rest) if p.strip()]
        named = [p for p in parts if not _tagline(p)]
        return _site_part(named[-1]) if named else ""
    if one_line:
        # "icScotland - Headline ...": the site's name before the headline
        at = line.find(headline) if headline else -1
        prefix = _PREFIX.fullmatch(line[:at]) if at > 0 else None
        return _site_part(prefix.group(1)) if prefix else ""
    if line.endswith(headline):
        # (spaced separators only: "Live: Headline" and "Watch: Headline" name no site)
        parts = PAGE_SEP.split(line[: -len(headline)] + " ")
        if len(parts) >= 2 and not parts[-1].strip():
            return _site_part(parts[0])
    elif len(line.split()) <= 3 and not PART_SEP.search(line):
        return _site_part(line)  # a <title> that is only the site's name ("Quanta Magazine")
    return ""


def _last_title_part(rest: str) -> str:
    """Of a one-line page's text after the headline, from the <title>'s last part on: parts of
    a few words each set off by separators, the last one running into the page."""
    toks = rest.split(" ", TITLE_TOKENS + 1)[:TITLE_TOKENS]
    last = 0
    for k, tok in enumerate(toks):
        if tok in SEP_TOKENS:
            if k - last > SITE_WORDS + 1 and last:
                break  # a long part: the page's own text, not the <title>
            last = k + 1
    return " ".join(toks[last:])


def _site_run(text: str, page: str) -> str:
    """The longest run of ``text``'s first capitalised words that ``page`` says twice."""
    toks = text.split(" ", SITE_WORDS + 1)[:SITE_WORDS]
    best = ""
    for k in range(1, len(toks) + 1):
        if toks[k - 1] in SEP_TOKENS or not (toks[k - 1][:1].isupper() or toks[k - 1][:1].isdigit()):
            break
        name = " ".join(toks[:k])
        if len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", page)) >= 2:
            best = name
    return best


def _tagline(part: str) -> bool:
    """ "the Web developer blog", "The best news in town": a phrase, not a name."""
    toks = part.split()
    return toks[0].lower() in FUNCTION_WORDS and any(
        t.islower() and t not in FUNCTION_WORDS for t in toks[1:]
    )


# what a site calls itself in its slogan ("Britain's No.1 quality newspaper website"), and the
# claims it makes there
SELF_NOUNS = words("website site newspaper paper portal blog magazine online weblog")
_CLAIMS = words("no.1 no1 number best leading favourite favorite biggest largest first only premier official")


def is_slogan(text: str) -> bool:
    """A site's slogan, not a headline: a claim that ends with the site's own kind ("Britain's
    No.1 quality newspaper website", "the North East's favourite paper"), or a phrase that opens
    with a lower-case word that is not a little one ("news from the heart of the North East"). A
    headline's second part may well read like a tagline ("... review: A console that keeps up")."""
    toks = text.split()
    if not toks:
        return False
    plain = [t.lower().strip(".,:;!") for t in toks]
    claim = any(t.endswith(("'s", "’s")) or t in _CLAIMS for t in plain[:-1])
    if claim and len(toks) >= 2 and plain[-1] in SELF_NOUNS and toks[-2][:1].islower():
        return True
    # (a word, not a number: "6th Fatality Linked To ...")
    return toks[0][:1].isalpha() and toks[0].islower() and toks[0] not in FUNCTION_WORDS and len(toks) >= 3


SITE_CHARS = 40


def _site_part(part: str) -> str:
    """A site's name: a few words with letters, not a section, a page number or a label ("Page 2",
    "Opinion", "Video", "AMP"), nor a lone little word."""
    part = part.strip(" |-–—·:")
    toks = part.split()
    if not 1 <= len(toks) <= SITE_WORDS or len(part) > SITE_CHARS or not any(c.isalpha() for c in part):
        return ""
    if find_dates(part) or STRONG_PHRASES.search(part) or _tagline(part):
        return ""
    plain = [t.lower().strip(".,") for t in toks]
    if all(t in _NOT_SITE or t.isdigit() for t in plain):
        return ""
    return part
