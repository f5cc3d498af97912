"""Word lists shared by text cleaning and entity resolution, kept once: months, weekdays,
honorifics, job titles, the last words of organisations' names and companies' legal forms.

Plain data (tuples of lower-case words, or of words as written where case matters), no imports:
cheap for the app and the loaders alike. ``pattern(words)`` makes a regular-expression
alternation from one of them.
"""

from __future__ import annotations

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    # abbreviations, in the order of the months they stand for (less May)
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_ABBREVIATIONS = ("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun")

# Before a person's name, never part of it ("Mr Blair" is Blair). As written.
HONORIFICS = ("Mr", "Mrs", "Ms", "Mx", "Miss", "Dr", "Prof", "Sir", "Dame")

# Jobs written before a name, capitalised as a title ("Chancellor Gordon Brown", "Rapper
# Eminem"): not part of the name. As written. (Royal and noble titles are part of a name:
# "Prince Charles", "Lord Falconer".)
JOB_TITLES = (
    "Actor",
    "Actress",
    "Director",
    "Filmmaker",
    "Producer",
    "President",
    "Vice-President",
    "Premier",
    "Chancellor",
    "Minister",
    "Secretary",
    "Singer",
    "Rapper",
    "Coach",
    "Manager",
    "Striker",
    "Goalkeeper",
    "Captain",
    "Skipper",
    "Chairman",
    "Chairwoman",
    "Chief",
    "Spokesman",
    "Spokeswoman",
    "Senator",
    "Governor",
    "Mayor",
    "Novelist",
    "Author",
    "Writer",
    "Journalist",
    "Presenter",
    "Comedian",
    "Star",
    "Judge",
    "Ambassador",
    "Officer",
    "Agent",
    "Analyst",
)

# Last words that make a name an organisation's ("Space Agency", "Toyota Motor Corp", "Labour
# Party"), lower case.
ORGANISATION_HEADS = (
    "agency",
    "corporation",
    "corp",
    "inc",
    "ltd",
    "plc",
    "llc",
    "company",
    "co",
    "group",
    "bank",
    "university",
    "college",
    "institute",
    "council",
    "committee",
    "ministry",
    "department",
    "party",
    "association",
    "federation",
    "union",
    "club",
    "commission",
    "authority",
    "police",
    "army",
    "navy",
    "foundation",
    "trust",
    "fund",
    "society",
    "organisation",
    "organization",
    "airlines",
    "airways",
    "motors",
    "records",
    "studios",
    "pictures",
    "partners",
    "holdings",
    "network",
    "channel",
    "times",
    "post",
    "press",
    "news",
    "school",
    "academy",
    "office",
    "bureau",
    "board",
    "service",
    "services",
)

# A company's legal form, lower case, however written: one company as "Co" or "Corp" in two stories.
LEGAL_FORMS = (
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "cos",
    "ltd",
    "limited",
    "plc",
    "llc",
    "ag",
    "sa",
    "nv",
    "bv",
    "gmbh",
    "spa",
    "bros",
    "brothers",
)


def pattern(words: tuple[str, ...]) -> str:
    """A non-capturing alternation of the words, longest first (so "Vice-President" beats "President")."""
    import re

    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"
