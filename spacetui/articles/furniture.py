"""Generic signals of page furniture: sign-up, cookie, share and navigation phrases, word lists.

Nothing here names a site or a page: these are the phrases any news page template uses around an
article, so they hold on pages the cleaner has never seen.
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    """A word list written as white-space separated text."""
    return frozenset(text.split())


# Phrases that only page templates use: a unit containing one is furniture unless it is long prose.
# Each is a regular expression that starts with a plain letter.
_STRONG = r"""
    sign\s?up\b | sign\s?in\b | log\s?in\b | log\s?out\b | subscrib | newsletter
    | cookie | privacy\s(?:policy|notice|settings|statement)
    | terms\s(?:of\s(?:use|service)|and\sconditions)
    | all\srights\sreserved | copyright\b | toggle\snavigation
    | skip\s(?:to\s)?(?:the\s)?(?:main\s)?(?:content|navigation|nav\b|menu)
    | e-?mail\saddress | your\sinbox | to\syour\sinbox | read\smore\b | continue\sreading
    | share\s(?:this|on|via|article|story) | follow\sus\b | link\scopied | copy\slink
    | related\s(?:articles?|stories|content|posts?|topics|coverage|links) | you\smay\salso\slike
    | recommended\sfor\syou | most\s(?:popular|read|viewed|shared) | more\sfrom\b | more\sstories
    | advertisement\b | sponsored\b | click\shere\b | download\sthe\sapp | free\strial
    | already\sa\s(?:member|subscriber) | create\s(?:an\s)?account | become\sa\s(?:member|subscriber)
    | support\s(?:our|independent)\sjournalism | unlimited\saccess | back\sto\stop
    | leave\sa\s(?:comment|reply) | post\sa\scomment | comments?\s(?:are\sclosed|policy)
    | this\s(?:site|website)\suses | enable\sjavascript | your\sbrowser | javascript\sis\sdisabled
    | manage\s(?:preferences|cookies|consent) | accept\s(?:all|cookies)
    | thank\syou\sfor\s(?:subscribing|signing)
    | you\shave\sbeen\ssubscribed | get\sthe\slatest | stay\s(?:informed|up\sto\sdate)
    | a\spost\sshared\sby\b | pic\.twitter\.com | report\san?\s(?:error|typo|ad\b)
    | opens\sin\s(?:a\s)?new\s(?:window|tab) | print\sthis | email\sthis | view\scomments
    | see\sall\b | show\smore\b | load\smore\b | powered\sby\b | please\s(?:try\sagain|enable)
    | contact\sus\b | about\sus\b
"""


def _by_first_letter(alternatives: str) -> str:
    """One word boundary, then a branch per first letter: Python's engine would otherwise try
    every phrase at every character (20x slower on a long page)."""
    groups: dict[str, list[str]] = {}
    phrases = [
        a.strip() for a in re.split(r"\s\|\s", " " + " ".join(alternatives.split()) + " ") if a.strip()
    ]
    others = [p for p in phrases if not p[0].isalpha()]
    for phrase in phrases:
        if phrase[0].isalpha():
            groups.setdefault(phrase[0].lower(), []).append(phrase[1:])
    branches = "|".join([*(f"{c}(?:{'|'.join(rest)})" for c, rest in sorted(groups.items())), *others])
    return rf"©|\b(?:{branches})"


STRONG_PHRASES = re.compile(_by_first_letter(_STRONG), re.IGNORECASE)

# Words that make a *short* unit furniture (a long sentence may use them as ordinary words).
WEAK_WORDS = words(
    """
    share shares shared tweet facebook twitter whatsapp linkedin pinterest reddit instagram youtube
    tiktok telegram email print menu search home comments comment reply close open next previous
    prev back more news latest video videos photos photo gallery podcast podcasts subscribe login
    register account profile settings edit tags tag topics topic categories category section
    sections archive archives rss feed contact help faq jobs careers advertise privacy terms cookies
    sitemap newsletter newsletters listen watch play loading link copied copy submit go top trending
    popular live updated published posted text words by image images credit getty ap reuters afp pa
    shutterstock
    """
)

# Common English function words (and a few from other major languages so non-English prose scores).
FUNCTION_WORDS = words(
    """
    a about above after again against all also although am an and any are as at be because been
    before being below between both but by can could did do does doing down during each even ever
    every few for from further had has have having he her here hers herself him himself his how
    however i if in into is it its itself just least less many may me might more most much must my
    myself neither no nor not now of off on once one only or other our ours ourselves out over own
    same she should since so some still such than that the their theirs them themselves then there
    these they this those though through to too under until up upon us very was we were what when
    where whether which while who whom whose why will with within without would yet you your yours
    yourself yourselves said says say according de la le les et des en un une du est que qui pour
    dans pas au aux sur ne se il elle ce cette son sa el los las y del por con para una es lo al se
    su sus como más pero und der die das den dem des ist nicht mit von zu ein eine einer auf für
    sich auch als im o os as do da em um uma não na no com para é mais il di che per non una gli nel
    della sono
    """
)

# Capitalised words that, after a run of names or labels, usually open the article's first sentence.
SENTENCE_OPENERS = words(
    """
    a an the this that these those it its he she they we i you his her their our my there here in on
    at for from with by after before during since until while when where as if but and so yet last
    next this earlier later today yesterday tomorrow now recently currently already once one two
    three four five six seven eight nine ten some many most more few several every each all no not
    according despite although though because however meanwhile over under about around across
    nearly almost more than what how why who whether amid among against between following
    """
)

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip

# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = words(
    """
    mr mrs ms dr prof st jr sr gen col lt sgt capt cmdr gov sen rep rev hon pres supt insp det no
    nos vol fig figs pp p ed eds est approx inc ltd co corp bros dept univ assn vs v etc al jan feb
    mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun e g i ie eg
    cf ca mt ft u s uk us
    """
)

# Template blocks that close an article: after them come the page's tail (related links,
# comments, author bio, footer). Inline blocks (ads, photo credits, "read more" links, embeds)
# are not among them.
CLOSING_PHRASES = re.compile(
    _by_first_letter(
        r"""
        related\s(?:articles?|stories|content|posts?|topics|coverage|links|reading|tags)
        | you\smay\salso\slike | you\smight\salso\slike | recommended\sfor\syou | more\sfrom\b
        | most\s(?:popular|read|viewed|shared) | more\sstories | more\sin\b | read\snext | up\snext
        | leave\sa\s(?:comment|reply) | post\sa\scomment | comments?\s(?:are\sclosed|policy)
        | join\sthe\s(?:conversation|discussion) | add\sa\scomment | \d+\scomments?
        | all\srights\sreserved | copyright\b | terms\sof\s(?:use|service) | privacy\spolicy
        | share\s(?:this|on|via|article|story) | follow\sus\b | back\sto\stop | about\sthe\sauthor
        | trending\snow | top\sstories | other\sstories | around\sthe\sweb | promoted\sstories
        | newsletter | sign\s?up\b | subscrib | your\sinbox
        | share\syour\sthoughts | what\sdo\syou\sthink | taboola | outbrain | paid\scontent
        | sponsored\s(?:links?|content|stories|posts?) | from\s(?:our|the)\s(?:partners|web)
        | more\s(?:news|articles|videos)\b
        """
    )
    + "|©",
    re.IGNORECASE,
)
