"""Headline from text (issue 16, item 2): the title-like run nearest the body, never a slogan,
a script or menu fragment, a dateline, or a line of the story itself."""

from __future__ import annotations

import json
import re

import pytest

from spacetui.articles.clean import extract_from_text
from spacetui.articles.cleaning import headline_rank
from spacetui.articles.cleaning.headline_rank import HEADLINE_FEATURES
from tests.conftest import require_shared

HEADLINE = "Man jailed for attack on bus driver"
LEAD = "The council said on Monday that the driver, who was hurt, is now recovering at home. "
STORY = "".join(
    f"Police said the man, aged {20 + i}, had been drinking before the attack and admitted it in court. "
    for i in range(6)
)


@pytest.mark.parametrize(
    "page",
    [
        # a slogan as the <title>'s site part, then the header's menu, then the headline
        "Example Daily - Britain's favourite quality newspaper website Home News Sport Business "
        f"{HEADLINE} {LEAD}{STORY}",
        # the slogan after a <title> that the page repeats as its <h1>
        f"{HEADLINE} - Example Daily Britain's favourite quality newspaper website Home News Sport "
        f"{HEADLINE} {LEAD}{STORY}",
        f"{HEADLINE} - Example Daily\nBritain's favourite quality newspaper website\nHome\nNews\nSport\n"
        f"{HEADLINE}\n{STORY}",
        # a script's text left at the top of the page
        f"Script1.1 SRC=/Global/ad.asp?site=news&zone=uk {HEADLINE} {LEAD}{STORY}",
        f"Script1.1 SRC=/Global/ad.asp?zone=uk Home News Sport {HEADLINE} 12 March 2008 {LEAD}{STORY}",
        # the headline opens the text (else the loader would fall back to the file's name)
        f"{HEADLINE} Share this article Email Print {LEAD}{STORY}",
        f"{HEADLINE} 12 March 2008 {LEAD}{STORY}",
        # the header's menu between the site's name and the headline, which the page repeats
        f"Example Magazine Physics Biology Computer Science All Articles {HEADLINE} Read Later Share "
        f"crime {HEADLINE} By Jane Doe {LEAD}{STORY}",
        # a skip link right after the <title> (the header's first words are navigation, not headline)
        f"{HEADLINE} Skip Navigation Home News Sport {LEAD}{STORY}",
        f"{HEADLINE}\nSkip to navigation\nHome\nNews\n{STORY}",
        # the site's name set before the headline, which the page does not repeat
        f"icExample - {HEADLINE} Home News Sport {LEAD}{STORY}",
        # the site's name glued to the headline's last word in the <title> line, the headline repeated
        f"{HEADLINE}-Example Times\nHome\nNews\n{HEADLINE}\n{STORY}",
    ],
    ids=[
        "slogan-site",
        "slogan-after-title",
        "slogan-lines",
        "script",
        "script-menu",
        "opens",
        "dateline",
        "menu",
        "skip-navigation",
        "skip-navigation-lines",
        "site-prefix",
        "site-glued-lines",
    ],
)
def test_headline_is_the_title_like_run_nearest_the_body(page: str) -> None:
    assert extract_from_text(page).title == HEADLINE


def test_a_date_that_belongs_to_the_title_stays() -> None:
    title = "Weekly Edition for March 26, 2015"
    page = f"{title} Home News {title} {LEAD}{STORY}"
    assert extract_from_text(page).title == title


def _is_prose(line: str) -> bool:
    return len(line.split()) >= 8 and line.rstrip().rstrip("\"'”)").endswith((".", "!", "?"))


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text).casefold().split())


@pytest.mark.parametrize("form", ["raw.txt", "raw_oneline.txt"])
def test_headline_is_never_a_line_of_the_story(form: str) -> None:
    """Over the Readability pages: a chosen headline is never one of the story's own lines
    (a sentence of its gold body)."""
    pairs = require_shared("extraction", "readability", "pairs")
    checked = 0
    for case in sorted(pairs.iterdir()):
        meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
        gold_title = _fold(str(meta.get("title") or ""))
        body = (case / "expected.txt").read_text(encoding="utf-8", errors="replace").splitlines()
        # body text: the story's sentences, not the headings the gold body keeps (its <h1>)
        lines = {_fold(b) for b in body if _is_prose(b)} - {gold_title}
        got = _fold(extract_from_text((case / form).read_text(encoding="utf-8", errors="replace")).title)
        if got:
            checked += 1
            assert got not in lines, f"{case.name}: headline {got!r} is a line of the story"
    assert checked > 50


def test_stored_headline_weights_are_for_these_features() -> None:
    weights = headline_rank.stored_weights()
    assert len(weights.coef) == len(weights.mean) == len(HEADLINE_FEATURES)


def test_the_rules_pick_is_always_a_candidate() -> None:
    page = f"Example Daily - Home News Sport {HEADLINE} {LEAD}{STORY}"
    cands = headline_rank.candidates(page, page.index(LEAD), "Example Daily")
    assert cands[0].text == "Example Daily"
    assert HEADLINE in [c.text for c in cands]


@pytest.mark.parametrize(
    "story",
    [STORY, "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 12],
    ids=["news", "filler"],
)
def test_a_headline_that_opens_the_text_before_a_capitalised_word(story: str) -> None:
    """ "Man jailed for attack on bus driver Police said ...": no sentence opener marks where the
    headline ends, yet the page's first title-like run is it (not the file's name)."""
    assert extract_from_text(f"{HEADLINE} {story}").title == HEADLINE
