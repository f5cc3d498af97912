"""How article text becomes index terms: words, lower case, and English inflections off
(Porter2's inflection steps, :func:`inflection_stem`), except where that would make a name
another word. Every word is indexed in its place, stop words too (as written), so that a phrase
is exactly its words; a query's loose words leave them out.

Stemming maps "France" and "francs" to "franc", "United" and "units" to "unit": on Reuters,
``france`` found 779 stories where 438 name France, ``united`` 3,112 where 1,145 say "united".
Names are not stemmed (Lucene's stem exclusion set, here the words of country names and the
heads of organisation names), only their plural taken off, so "universities" still finds
"university".

The index stores this analyzer with its schema (by reference to :func:`word_stem` and
:class:`LooseStopFilter`): a change to what it does needs a ``SCHEMA_VERSION`` bump, which
rebuilds existing indexes, and a new name, so that an index not yet rebuilt reads its queries
as it was written (:func:`name_safe_stem`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from whoosh.analysis import STOP_WORDS, Filter, StemFilter

from spacetui.lexicon import COUNTRY_NAMES, ORGANISATION_HEADS

# A plural "-s" on these is part of the word (Lucene's minimal stemmer keeps "-us", "-ss"; "-is"
# too: "Paris", "crisis").
_NOT_PLURAL_ENDINGS = ("us", "ss", "is")


# Nouns ending in "-s" that are no plural ("news" is not "new")
_NOT_PLURALS = frozenset(["news", "series", "species", "means", "politics", "economics", "physics"])


def plural_stem(word: str) -> str:
    """The word without an English plural ending (Lucene's EnglishMinimalStemmer, the "S"
    stemmer): "companies" -> "company", "units" -> "unit", "buses" stays "buses"."""
    if len(word) < 3 or word[-1] != "s" or word.endswith(_NOT_PLURAL_ENDINGS) or word in _NOT_PLURALS:
        return word
    if word.endswith("ies") and len(word) > 3 and word[-4] not in "ae":
        return word[:-3] + "y"
    if word.endswith("es") and word[-3] in "iaoe":
        return word
    return word[:-1]


def _name_words() -> frozenset[str]:
    words = {w for name in COUNTRY_NAMES for w in name.lower().replace("-", " ").split() if w.isalpha()}
    words |= set(ORGANISATION_HEADS)
    return frozenset(plural_stem(w) for w in words if len(w) >= 3)


# Words of names (as their plural stem): stemmed only by their plural.
NAME_WORDS = _name_words()


def inflection_stem(word: str) -> str:
    """Porter2 with only its inflection steps: plurals, "-ed", "-ing", "-ly" after them, final
    "y" and "e" ("rising" and "rises" are "rise", "companies" "company", "cruising" and "cruise"
    "cruis"). Its other steps cut derivations, and words that are not one word's forms met:
    "privatization" was "private", "yearly" "year", "presidency" "president", "productive"
    "product", "business" "busy". A family of words is a prefix away: ``privati*``."""
    from whoosh.lang import porter2

    if len(word) <= 2:
        return word
    word = porter2.remove_initial_apostrophe(word)
    if word in porter2.exceptional_forms:
        return str(porter2.exceptional_forms[word])
    word = porter2.capitalize_consonant_ys(word)
    r1, r2 = porter2.get_r1(word), porter2.get_r2(word)
    word = porter2.step_1a(porter2.step_0(word))
    if word in porter2.exceptional_early_exit_post_1a:
        return word
    word = porter2.step_1b(word, r1)
    word = porter2.step_5(porter2.step_1c(word), r1, r2)
    return str(porter2.normalize_ys(word))


def word_stem(word: str) -> str:
    """A word's index form in the text fields: its inflection stem, or for a word of a name
    only its plural off."""
    plain = plural_stem(word)
    if plain in NAME_WORDS:
        return plain
    return inflection_stem(word)


@cache
def _porter2() -> Any:
    from whoosh.lang import stemmer_for_language

    return stemmer_for_language("en")


def name_safe_stem(word: str) -> str:
    """The stem of indexes of schema 5 and before (Porter2 whole, names only their plural off).
    Their stored schemas name this function, so they answer by their own rules until rebuilt."""
    plain = plural_stem(word)
    if plain in NAME_WORDS:
        return plain
    return str(_porter2()(word))


def _english_stop_words() -> frozenset[str]:
    from whoosh.lang import stopwords_for_language

    return frozenset(STOP_WORDS) | frozenset(stopwords_for_language("en"))


# Whoosh's English stop words (those StopFilter(lang="en") drops), and words shorter than this
STOP_WORDS_EN = _english_stop_words()
SHORTEST_WORD = 2
# Modes in which a stop word is a word to match: indexing (every word keeps its place), a
# phrase, and Whoosh's default (no mode given). A query's loose words leave them out.
_STOPS_KEPT_IN = ("index", "phrase", "")


def is_stop_word(word: str) -> bool:
    """Whether a word (lower case) is left out of a query's loose words."""
    return len(word) < SHORTEST_WORD or word in STOP_WORDS_EN


class LooseStopFilter(Filter):
    """Stop words are indexed like any word, so a phrase holds exactly its words ("house of
    representatives" is not "White House representatives", "in the red" is not "red"), and are
    left out of a query's loose words, where they match nearly every article (but an acronym,
    :class:`CapitalsFilter`)."""

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        for t in tokens:
            # (an index built before acronyms stores a chain without CapitalsFilter, and keeps
            # answering by it until rebuilt: its words carry no mark)
            acronym = getattr(t, "acronym", False)
            if is_stop_word(t.text) and t.removestops and t.mode not in _STOPS_KEPT_IN and not acronym:
                continue
            t.stopped = False
            yield t


def fold_accents(word: str) -> str:
    """The word without its accents and with compatibility forms plain (Unicode NFKD, combining
    marks dropped, as Lucene's ASCII folding does for Latin letters): "Gérard" is "gerard",
    "São" "sao", "İstanbul" "istanbul", "ﬁnance" "finance". Letters of their own stay
    ("ß", "æ", "ø")."""
    if word.isascii():
        return word
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


class FoldingLowercaseFilter(Filter):
    """Lower case, accents folded (:func:`fold_accents`): a word and its query match with or
    without accents ("Pérez" is "perez"), as most archives spell a foreign name both ways. (One
    pass for both: every filter is a step per word of every article.)"""

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        for t in tokens:
            text = t.text
            t.text = text.lower() if text.isascii() else fold_accents(text).lower()
            yield t


# The index form of an acronym spelt as a stop word: "US" is "us^" (no word has a "^").
ACRONYM_MARK = "^"


def acronym_term(word: str) -> str:
    return word.lower() + ACRONYM_MARK


def _caps(word: str) -> bool:
    return len(word) >= SHORTEST_WORD and word.isupper()


def spells_acronym(word: str) -> bool:
    """A word in capitals that is a stop word in lower case ("US", "IT", "WHO"): where the text
    around it is not in capitals, an acronym (:class:`CapitalsFilter`)."""
    return _caps(word) and len(word) <= 5 and word.isalpha() and word.lower() in STOP_WORDS_EN


class CapitalsFilter(Filter):
    """Before lower case: marks an acronym that is a stop word in lower case ("US", "IT", "WHO")
    where the text around it is not in capitals (a wire headline, "OIL PRICES TO RISE": the
    third word of a run in capitals is no acronym). Such words are indexed twice in their place,
    as the word and as an acronym (:class:`AcronymFilter`), and a query's "US" searches the
    acronym: as a word, "us" was too common to search for at all, and a researcher's "US
    economy" found Japan's. A query is read with ``acronyms=False`` to see whether it is only
    stop words ("THE WHO" is the band, a phrase)."""

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        run = 0  # words in capitals just before this one (in this sentence or clause)
        end = None
        for t in tokens:
            text = t.text
            caps = _caps(text)
            start = getattr(t, "startchar", None) if t.chars else None
            if start is not None and end is not None and start - end > 1:
                run = 0  # more than a space between: ". ", ", " ("OIL TO RISE. UK, US and ...")
            end = getattr(t, "endchar", None) if t.chars else None
            t.acronym = caps and run < 2 and getattr(t, "acronyms", True) and spells_acronym(text)
            run = run + 1 if caps else 0
            yield t


@cache
def _capitals_reader() -> Any:
    from whoosh.analysis import RegexTokenizer

    return RegexTokenizer() | CapitalsFilter()


def is_acronym_at(text: str, start: int, end: int) -> bool:
    """Whether the word at ``text[start:end]`` is indexed as an acronym where it stands (read as
    :class:`CapitalsFilter` reads it, from the words just before it)."""
    at = max(0, start - 120)  # (the run of capitals before it is three words at most)
    last = None
    for t in _capitals_reader()(text[at:end], chars=True):
        last = (t.acronym, t.startchar + at, t.endchar + at)
    return last is not None and last == (True, start, end)


class AcronymFilter(Filter):
    """After stemming: an acronym marked by :class:`CapitalsFilter` is indexed a second time, in
    its place, as :func:`acronym_term`, and a query's loose word searches only that."""

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        for t in tokens:
            if not t.acronym:
                yield t
            elif t.mode == "index":
                yield t
                if not getattr(t, "no_morph", False):  # (not into the spelling words)
                    text = t.text
                    t.text = text + ACRONYM_MARK
                    yield t
                    t.text = text
            elif t.mode == "query":
                t.text += ACRONYM_MARK
                yield t
            else:
                yield t


def text_analyzer() -> Any:
    """The analyzer of the article text fields (title, standfirst, body). Stop words are not
    stemmed: their index form is the word as written ("was", not "wa")."""
    from whoosh.analysis import RegexTokenizer

    stem = StemFilter(stemfn=word_stem, ignore=STOP_WORDS_EN)
    words = RegexTokenizer() | CapitalsFilter() | FoldingLowercaseFilter() | LooseStopFilter()
    return words | stem | AcronymFilter()
