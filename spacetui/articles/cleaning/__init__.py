"""Plain-text article cleaning: find the article inside a page's saved text.

Works on clean text (headline on line 1, paragraphs), on a page's visible text (block elements
on their own lines) and on one-line scrapes where every block was glued together. One module per
stage, run in this order by :mod:`.pipeline`:

1. ``paragraphs``: clean text read as paragraphs (hard-wrapped newswire rejoined, sign-off off);
2. ``segment``: every line cut into units: sentences, plus the places where blocks were glued
   together (``NewsRussia``: lowercase then Uppercase with no space; ``2021May``) and a leading
   run of names or labels before a sentence (``Thom Waite Last year, ...``);
3. ``scoring``: each unit scored as prose or furniture from generic signals (length, punctuation,
   function words, title-case ratio, repeated units, link lists, sign-up/cookie/share phrases);
4. ``body``: the best contiguous run (maximum-sum segment of the scores), cut at comments, dated
   lists and barriers, minus furniture inside it;
5. ``headline``, ``byline``, ``date``, ``site``: metadata recovered from the units before the run.

``words`` holds the word lists and patterns the stages share; ``result`` the one result type.
Pure Python and regular expressions: no model, a few milliseconds per article.
"""

# Bumped when cleaning reads an article differently: an index whose articles an older cleaning
# read says so (``spacetui index`` suggests ``--rebuild``; files are re-read only when they
# change). 2: wire stories' paragraphs by the width the wrapping broke at; rows standing alone.
# 3: a wire's sign-off in every shape (signed twice, after the last sentence, with a code); a
# one-line page whose <title> is the site's name and slogan has the headline under its menu.
# 4: a wrapped line that stops on "of", "the", a comma goes on whatever the next line opens with;
# an indented line after a short one opens a paragraph. 5: indented rows after a line a sentence
# may end are lines of their own ("... prior" / "    Pay April 30" / "    Record April 16").
CLEANING_VERSION = "5"
