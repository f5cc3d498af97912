"""Headlines on one-line scrapes in the style of 2008 news sites (issue 16's failure kinds on
pages no one tuned on): a slogan, a script's text, the headline opening the text, the site's name
glued to the headline's last word or set before it. Our own pages, written for these tests."""

from __future__ import annotations

import pytest

from spacetui.articles.clean import extract_from_text

HEADLINE = "Council tax to rise by five per cent next year"
LEAD = "The county council said on Tuesday that it had no choice after the government cut its grant. "
STORY = "".join(
    f"Councillor Jane Smith said {i + 2} schools would also see their budgets frozen until the spring, "
    "and residents were angry. "
    for i in range(6)
)
FOOTER = " Copyright 2008 Northern Echo. All rights reserved. Terms and conditions Privacy policy"
MENU = "Home News Sport Business Jobs"
H = HEADLINE
BODY = LEAD + STORY
SLOGAN_TITLE = "The Northern Echo: news from the heart of the North East"

PAGES = {
    # the site's slogan where a headline could be
    "slogan-after-site": f"Northern Echo | The North East's quality newspaper website {MENU} {H} {BODY}",
    "slogan-after-title": f"{H} | Northern Echo | Britain's No.1 regional newspaper website {MENU} {H} "
    f"{BODY}",
    "slogan-opens": f"Britain's No.1 quality newspaper website {H} {BODY}",
    # a script's text left at the top
    "script-document-write": f"document.write('<script src=\"/ads/top.js\"></script>'); {H} {BODY}",
    "script-variable": 'var gaJsHost = (("https:" == document.location.protocol) ? "https://ssl." : '
    f'"http://www."); {MENU} {H} {BODY}',
    "script-ad-client": f'google_ad_client = "pub-1234567"; google_ad_width = 468; {MENU} {H} {BODY}',
    "script-after-title": f"{H} - Northern Echo Script1.1 SRC=/Global/ad.asp?zone=news {MENU} {H} {BODY}",
    # the headline opens the text (the loader would otherwise name the article after its file)
    "opens-byline": f"{H} By Jane Doe {BODY}",
    "opens-dateline-label": f"{H} Published: 12/03/2008 {BODY}",
    # ... and the story's first word is no usual sentence opener: the headline is not run on
    # into the story, nor cut inside the name that opens it ("... next year Councillor Jane")
    "opens-before-a-name": f"{H} {STORY}",
    # the site's name glued to the headline's last word by "-" or "|"
    "glued-pipe": f"{H}|Northern Echo {MENU} {H} {BODY}",
    "glued-domain": f"{H}-NorthernEcho.co.uk {MENU} {H} {BODY} (c) NorthernEcho.co.uk",
    "glued-not-repeated": f"{H}-Northern Echo {MENU} {BODY}",
    # the <title>'s first sentence is the headline, its last word ending that sentence
    "title-sentence": f"{H}. Bills go up | by Jane Doe | Northern Echo {MENU} {H} Jane Doe {BODY}",
    # the site's name set before the headline
    "prefix-dash": f"icWales - {H} {MENU} {H} {BODY}",
    "prefix-sections": f"BBC NEWS | UK | England | {H} {MENU} {H} {BODY}",
    "prefix-colon": f"Northern Echo: {H} {MENU} {H} {BODY}",
    "prefix-not-repeated": f"Northern Echo - {H} {MENU} {BODY}",
    "prefix-domain": f"thisisyork.co.uk - {H} {MENU} {H} {BODY}",
    # the <title> is the site's name and slogan, the headline under the menu (a dateline after
    # it, or the story straight on)
    "slogan-after-colon": f"{SLOGAN_TITLE} {MENU} {H} 12 March 2008 {BODY}",
    "slogan-after-colon-no-date": f"{SLOGAN_TITLE} {MENU} {H} {BODY}",
}


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_headline_of_a_2008_one_line_scrape(page: str) -> None:
    assert extract_from_text(page + FOOTER).title == HEADLINE


def test_glued_site_name_is_the_site_when_the_page_names_it_again() -> None:
    ex = extract_from_text(PAGES["glued-not-repeated"] + FOOTER)
    assert (ex.title, ex.source) == (HEADLINE, "Northern Echo")


@pytest.mark.parametrize(
    "headline", ["Police shut down terror website", "Readers vote for their favourite newspaper"]
)
def test_a_headline_about_a_website_is_no_slogan(headline: str) -> None:
    assert extract_from_text(f"{headline} {LEAD}{STORY}{FOOTER}").title == headline


# Headlines cut short or taken from the wrong words: a Title Case headline read as the menu's
# start, a run another heading shares, the title's words said again inside a sentence, a title
# ended where its first word comes again, a part opening with a number read as a slogan, and the
# <title> and the <h1> setting one dash differently. Our own pages.
TITLED = {
    "title-case-then-menu": (
        "Local Actress, Jane Doe Is Looking Stunning In New Photos",
        "{h} Home About Advertise Contact Home Latest Politics Nigeria News World News Latest News {h} {b}",
    ),
    "run-shared-with-another-heading": (
        "Wild Rose’s Jane Doe Wrote the Best Movie Song of the Year",
        "{h} | IndieFilm {m} The Wild Story of How Jane Doe Wrote the Best Original Movie Song {b}",
    ),
    "words-again-inside-a-sentence": (
        "Asian trade war developments leave investors with mixed feelings -- market latest",
        "{h} - CNN {m} Investors do not know what to make of the Asian trade war By Jane Doe {b}",
    ),
    "first-word-again": (
        "Business Focus: Do You Have What It Takes to Build a Business Online?",
        "{h} Skip to content Free Courses Online Business Workshop {b}",
    ),
    "number-opens-second-part": (
        "Council Officials: 6th School Closure Linked To Budget Cuts Reported",
        "{h} – Northern Echo {m} {h} {b}",
    ),
    "dashes-differ": (
        "Star Wars Jedi: Fallen Order review - shoots for the moon, lands among the stars",
        "{h} - VG247 {m} Star Wars Jedi: Fallen Order review – shoots for the moon, lands among the stars"
        " {b}",
    ),
}


@pytest.mark.parametrize(("headline", "page"), TITLED.values(), ids=TITLED.keys())
def test_a_headline_is_not_cut_short_or_taken_from_other_words(headline: str, page: str) -> None:
    text = page.format(h=headline, m=MENU, b=BODY) + FOOTER
    assert extract_from_text(text).title == headline


# A saved page's text, a line per block, its <title> on the first line. Our own pages.
LINES = {
    "spaced-colon-before-site": (
        "Council to raise tax by five per cent in landmark budget",
        "{h} : EchoAM\n\nLatest News\nOpinion\nPodcast\n\nHome\nBusiness\n\n{h}\n\n{b}",
    ),
    "quotation-before-colon": (
        "'We Had No Choice': Council raises tax by five per cent, leader says",
        "{h}\n\nWelcome to the Echo\n\nLearn More\n\nCouncil says 'We had no choice' as bills rise\n\n{b}",
    ),
    "label-before-colon": (
        "Budget hearings: Key moments from the council leader's testimony",
        "{h} - Echo News\n\nNews\n\nUK\nWorld\nPolitics\n\nBudget Hearings\n\n"
        "Full coverage: the council budget\n"
        "Watch in full: the budget hearings\n\nKey moments from the council leader's budget testimony\n\n{b}",
    ),
    "title-holds-a-second-sentence": (
        "Council and The Great Budget Lie",
        "{h}. How to lose a vote doing what people… | by Jane Doe | Echo\n\nOpen in app\nSign in\n\n{h}\n\n"
        "Jane Doe\n\n{b}",
    ),
}


def _saved_page(headline: str, page: str) -> str:
    """The page's text with the story a paragraph a sentence."""
    paragraphs = "\n\n".join(f"{s.strip()}." for s in BODY.split(". ") if s.strip())
    return page.format(h=headline, b=paragraphs) + FOOTER


@pytest.mark.parametrize(("headline", "page"), LINES.values(), ids=LINES.keys())
def test_a_saved_pages_title_line_gives_its_headline(headline: str, page: str) -> None:
    assert extract_from_text(_saved_page(headline, page)).title == headline


def test_the_site_after_a_title_with_a_second_sentence() -> None:
    headline, page = LINES["title-holds-a-second-sentence"]
    ex = extract_from_text(_saved_page(headline, page))
    assert (ex.title, ex.source) == (headline, "Echo")


def test_a_headline_ending_in_a_name_before_the_menu_keeps_it() -> None:
    # a capitalised word then the menu's capitals: the headline's last word, not half a name
    headline = "Council tax rise approved in Durham"
    assert extract_from_text(f"{headline} {MENU} {LEAD}{STORY}{FOOTER}").title == headline


# The story starts after its headline: the site's name, slogan, script and menu before it are
# the page's header, not the story's first paragraph.
HEADER_BEFORE = [k for k in PAGES if k.startswith(("slogan-", "script-", "glued-pipe", "glued-domain"))]
HEADER_BEFORE += ["prefix-dash", "prefix-sections", "prefix-colon", "prefix-domain", "prefix-not-repeated"]
HEADER_BEFORE += ["opens-dateline-label"]  # (the date line under the headline goes too)


@pytest.mark.parametrize("page", [PAGES[k] for k in HEADER_BEFORE], ids=HEADER_BEFORE)
def test_the_story_starts_after_its_headline(page: str) -> None:
    ex = extract_from_text(page + FOOTER)
    assert ex.paragraphs[0].startswith(LEAD[:40]), ex.paragraphs[0][:120]


def test_the_byline_under_a_one_line_headline_is_the_author() -> None:
    ex = extract_from_text(PAGES["opens-byline"] + FOOTER)
    assert ex.authors == ["Jane Doe"] and ex.paragraphs[0].startswith(LEAD[:40])
