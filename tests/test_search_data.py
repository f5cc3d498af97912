"""Queries checked against the data itself: a sample of the Reuters records (ISO dates) plus a
few records of our own dated relative to today, indexed once per session.

Date filters must find exactly the records whose publication day is in range (never an
undated one), ``a -b`` exactly what ``a AND NOT b`` finds, and a total must not depend on how
many results were asked for.
"""

from __future__ import annotations

import functools
import itertools
import json
import random
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacetui.articles.model import Article
from spacetui.index.analysis import is_stop_word
from spacetui.index.build import update_index
from spacetui.search.service import SearchService
from tests.conftest import require_shared

SAMPLE = 3000
TODAY = date.today()
# Our own records, dated against today: (title, days ago); None = undated.
RECENT = [("Zephyr gala today", 0), ("Zephyr gala yesterday", 1), ("Zephyr gala ten days ago", 10),
          ("Zephyr gala long ago", 400), ("Zephyr gala undated", None)]  # fmt: skip


class Sample:
    def __init__(self, records: list[dict[str, object]], service: SearchService, corpus: Path) -> None:
        self.records = records
        self.service = service
        self.corpus = corpus
        self.days = [str(r["date"])[:10] if r.get("date") else None for r in records]
        self.first = min(d for d in self.days if d and d.startswith("19"))
        self.last = max(d for d in self.days if d and d.startswith("19"))

    def count(self, lo: str, hi: str) -> int:
        return sum(1 for d in self.days if d is not None and lo <= d <= hi)

    def total(self, query: str) -> int:
        result = self.service.search(query, limit=1, facets=False, snippets=False)
        assert result.error is None, (query, result.error)
        return result.total

    @functools.cached_property
    def articles(self) -> list[Article]:
        """The records as the loader reads them (as the app shows them), read once."""
        from spacetui.articles.loaders import load_paths

        return load_paths([self.corpus]).articles

    def ids(self, query: str) -> set[str]:
        total = self.total(query)
        result = self.service.search(query, limit=max(total, 1), facets=False, snippets=False)
        return {h.id for h in result.hits}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sample]:
    source = require_shared("news", "reuters21578.jsonl")
    lines = source.read_text("utf-8").splitlines()
    rng = random.Random(14)
    records = [json.loads(line) for line in rng.sample(lines, SAMPLE)]
    records = [r for r in records if (r.get("text") or "").strip()]
    for n, (title, ago) in enumerate(RECENT):
        when = None if ago is None else (TODAY - timedelta(days=ago)).isoformat() + "T12:00:00"
        records.append({"id": f"own/{n}", "title": title, "date": when, "text": f"{title}. A zephyr gala."})
    home = tmp_path_factory.mktemp("reuters-sample")
    corpus = home / "corpus"
    corpus.mkdir()
    with (corpus / "sample.jsonl").open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    update_index(home / "index", [corpus], entities=False)
    service = SearchService(home / "index")
    assert service.status().articles == len(records)
    yield Sample(records, service, corpus)
    service.close()


def _day(sample: Sample, data: st.DataObject) -> date:
    lo, hi = date.fromisoformat(sample.first), date.fromisoformat(sample.last)
    return data.draw(st.dates(lo - timedelta(days=3), hi + timedelta(days=3)))


SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(data=st.data())
def test_date_filters_find_exactly_the_records_in_range(sample: Sample, data: st.DataObject) -> None:
    a, b = sorted([_day(sample, data), _day(sample, data)])
    day = a.isoformat()
    before, after = (a - timedelta(days=1)).isoformat(), (a + timedelta(days=1)).isoformat()
    month = a.isoformat()[:7]
    cases = {
        f"date:{day}": (day, day),
        f"date:{month}": (month + "-01", month + "-31"),
        f"date:{a.year}": (f"{a.year}-01-01", f"{a.year}-12-31"),
        f"date:>{day}": (after, "9999-12-31"),
        f"date:>={day}": (day, "9999-12-31"),
        f"date:<{day}": ("0001-01-01", before),
        f"date:<={day}": ("0001-01-01", day),
        f"date:[{day} to {b.isoformat()}]": (day, b.isoformat()),
        f"date:{day}..{b.isoformat()}": (day, b.isoformat()),
        f"date:{day} to {b.isoformat()}": (day, b.isoformat()),  # (as people write a range)
        f"date:{day}..": (day, "9999-12-31"),
        f"date:..{day}": ("0001-01-01", day),
        # Whoosh's compact form, and a month by name as people write it
        f"date:{a:%Y%m%d}": (day, day),
        f"date:{a:%Y%m}": (month + "-01", month + "-31"),
        f'date:"{a:%B %Y}"': (month + "-01", month + "-31"),
        f'date:"{a.day} {a:%b %Y}"': (day, day),
        f'date:"{a:%B} {a.day}, {a.year}"': (day, day),
        f'date:>"{a:%B %Y}"': (_next_month(a), "9999-12-31"),
        f"date:[{a:%B %Y} to {b:%b %Y}]": (month + "-01", b.isoformat()[:7] + "-31"),
    }
    for query, (lo, hi) in cases.items():
        assert sample.total(query) == sample.count(lo, hi), query
    # Undated articles never match: every dated record, and only those.
    assert sample.total("date:..") == sum(d is not None for d in sample.days)


def _next_month(day: date) -> str:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1).isoformat()


def test_a_date_filter_narrows_words_to_the_range(sample: Sample) -> None:
    lo, hi = "1987-03-02", "1987-03-04"
    hits = sample.service.search(f"cocoa date:[{lo} to {hi}]", limit=1000).hits
    want = {
        str(r["id"])
        for r, d in zip(sample.records, sample.days, strict=True)
        if d and lo <= d <= hi and re.search(r"\bcocoa\b", f"{r.get('title')} {r.get('text')}", re.I)
    }
    assert len(hits) == len(want)
    assert all(h.date and lo <= h.date[:10] <= hi for h in hits)


@pytest.mark.parametrize(
    ("query", "ages"),
    [("date:today", (0, 0)), ("date:yesterday", (1, 1)), ("date:2w..", (0, 14)), ("date:2w", (0, 14)),
     ("date:thisyear", None), ("date:1y..", (0, 365)), ("date:..3d", (3, None))],
)  # fmt: skip
def test_relative_dates_count_from_today(
    sample: Sample, query: str, ages: tuple[int, int | None] | None
) -> None:
    """``ages``: the days ago a record may be dated to match (None: this year)."""
    found = sample.service.search(f"zephyr {query}", limit=100).hits
    # The records were dated on TODAY; a run that crosses midnight searches a day later.
    now = date.today()
    age = {title: None if ago is None else ago + (now - TODAY).days for title, ago in RECENT}
    if ages is None:
        want = {t for t, a in age.items() if a is not None and (now - timedelta(days=a)).year == now.year}
    else:
        lo, hi = ages
        want = {t for t, a in age.items() if a is not None and lo <= a and (hi is None or a <= hi)}
    assert {h.title for h in found} == want, query


def test_a_date_filter_that_finds_nothing_says_which_dates_there_are(sample: Sample) -> None:
    # A researcher's "kennedy date:2004" on the BBC folder (no file has a date) said only "No
    # results"; the dates the index holds, from the records themselves:
    dated = sorted(d for d in sample.days if d)
    result = sample.service.search("cocoa date:1900")
    assert result.total == 0
    undated = sum(d is None for d in sample.days)
    notice = f"The dated articles here run from {dated[0]} to {dated[-1]}. {undated:,} ha"
    assert any(n.startswith(notice) for n in result.notices), result.notices
    assert not any("dated articles" in n for n in sample.service.search("cocoa date:1987").notices)


def test_an_unreadable_date_is_named_with_the_forms_that_work(sample: Sample) -> None:
    result = sample.service.search("cocoa date:1987-02-30")
    assert result.error is None
    (notice,) = [n for n in result.notices if "1987-02-30" in n]
    assert "2021-05-13" in notice and "2w.." in notice and "[2021-01 to 2021-03]" in notice
    assert result.total == sample.total("cocoa 1987 02 30")


def _word_pairs(sample: Sample, n: int) -> list[tuple[str, str]]:
    """Words in 20-400 of the records, paired at random (a fixed seed: reproducible)."""
    df: Counter[str] = Counter()
    for r in sample.records:
        df.update(set(re.findall(r"[a-z]{4,}", str(r.get("text", "")).lower())))
    common = sorted(w for w, c in df.items() if 20 <= c <= 400)
    rng = random.Random(2)
    return [(rng.choice(common), rng.choice(common)) for _ in range(n)]


def test_minus_excludes_exactly_as_and_not(sample: Sample) -> None:
    for a, b in _word_pairs(sample, 25):
        assert sample.ids(f"{a} -{b}") == sample.ids(f"{a} AND NOT {b}"), (a, b)
        assert sample.ids(f"+{a} +{b}") == sample.ids(f"{a} AND {b}"), (a, b)
        assert sample.ids(f"{a} +{b}") == sample.ids(f"{b}"), (a, b)
        assert sample.ids(f"{a} -title:{b}") == sample.ids(f"{a} AND NOT title:{b}"), (a, b)
    assert not sample.ids("cocoa -cocoa")


def test_nothing_found_names_the_clause_that_left_everything_out(sample: Sample) -> None:
    """With no results, each narrowing clause is tried without: the ones that leave out all
    the rest of the query finds are named, with how many that is (counted by the search the
    user would run next)."""
    for a, b in [(a, b) for a, b in _word_pairs(sample, 12) if not is_stop_word(a)][:8]:
        got = sample.service.search(f"{a} -{a}")
        assert got.total == 0 and got.error is None
        assert got.left_out == [(f"-{a}", sample.total(a))], a
        # ("a b -a" finds the articles with b and not a: "a b" is all the words, then any)
        got = sample.service.search(f"{a} {b} -{a} -{b}")
        assert got.total == 0
        want = [(f"-{a}", sample.total(f"{a} {b} -{b}")), (f"-{b}", sample.total(f"{a} {b} -{a}"))]
        assert got.left_out == [(c, n) for c, n in want if n], (a, b)
    # two words no article has together: each +word leaves out every article of the other
    pairs = [(a, b) for a, b in _word_pairs(sample, 60) if a != b]
    pairs = [(a, b) for a, b in pairs if not (is_stop_word(a) or is_stop_word(b))]
    apart = [(a, b) for a, b in pairs if sample.ids(a) and sample.ids(b) and not sample.ids(f"{a} AND {b}")]
    assert apart, "some pairs of words share no article"
    a, b = apart[0]
    got = sample.service.search(f"+{a} +{b}")
    assert got.total == 0
    assert got.left_out == [(f"+{a}", len(sample.ids(b))), (f"+{b}", len(sample.ids(a)))]
    # a date with no article: named, and the dates there are said; words that find nothing
    # with or without their date get neither
    cocoa = sample.service.search("cocoa date:1900-05")
    assert cocoa.left_out == [("date:1900-05", sample.total("cocoa"))]
    assert any("dated articles here" in n for n in cocoa.notices)
    nothing = sample.service.search("zzqxv date:1987")
    assert nothing.total == 0 and not nothing.left_out
    assert not any("dated articles here" in n for n in nothing.notices)


def test_a_field_beside_words_only_filters(sample: Sample) -> None:
    """``a title:b`` is the articles with b in the title that have a (``a AND title:b``), and
    ``a c title:b`` those of them with a or c, those with both first: a field narrows what the
    words find and is no word of its own. (It once filled up with every article the field
    matched: "gold title:wheat" gave every wheat headline, "gold source:reuters" every story.)"""
    checked = 0
    pairs = _word_pairs(sample, 16)
    for (a, b), (c, _) in itertools.pairwise(pairs):
        both = sample.ids(f"{a} AND title:{b}")
        assert sample.ids(f"{a} title:{b}") == both == sample.ids(f"{a} +title:{b}"), (a, b)
        either = sample.ids(f"({a} OR {c}) AND title:{b}")
        result = sample.service.search(
            f"{a} {c} title:{b}", limit=max(len(either), 1), facets=False, snippets=False
        )
        ranked = [h.id for h in result.hits]
        assert set(ranked) == either and result.total == len(either), (a, c, b)
        all_three = sample.ids(f"{a} AND {c} AND title:{b}")
        assert set(ranked[: len(all_three)]) == all_three, (a, c, b)
        checked += bool(both)
    assert checked, "some pairs share articles"
    # A field every Reuters record matches narrows nothing.
    reuters = sample.ids("source:reuters")
    assert len(reuters) >= SAMPLE // 2
    for a in [a for a, _ in pairs if not is_stop_word(a)][:5]:
        assert sample.ids(f"{a} source:reuters") == sample.ids(a) & reuters, a


def test_minus_a_phrase_and_a_date(sample: Sample) -> None:
    with_phrase = sample.ids('cocoa -"cocoa prices"')
    assert with_phrase == sample.ids('cocoa AND NOT "cocoa prices"')
    assert with_phrase < sample.ids("cocoa")
    assert sample.ids("cocoa -date:1987-03") == sample.ids("cocoa") - sample.ids("cocoa date:1987-03")


def test_totals_do_not_depend_on_the_limit(sample: Sample) -> None:
    queries = [f"{a} {b}" for a, b in _word_pairs(sample, 10)] + [
        "cocoa prices",
        '"cocoa" prices',
        "cocoa -prices",
    ]
    for query in queries:
        totals = {
            limit: sample.service.search(query, limit=limit, facets=False, snippets=False).total
            for limit in (1, 10, 53, 54, 1000)
        }
        assert len(set(totals.values())) == 1, (query, totals)
        everything = sample.service.search(query, limit=10_000, facets=False, snippets=False)
        assert len(everything.hits) == everything.total, query


def test_snippets_never_show_text_twice(sample: Sample) -> None:
    """Each piece of a snippet is the article's own text, after the previous piece ends."""
    by_id = {}
    for a, b in _word_pairs(sample, 15):
        for hit in sample.service.search(f"{a} {b}", limit=10, facets=False).hits:
            by_id[hit.id] = hit
    assert by_id
    for hit in by_id.values():
        article = sample.service.article(hit.id)
        assert article is not None
        body = " ".join(article.body_text.split())
        pos = 0
        for piece in hit.snippet_text.removesuffix(" …").split(" … "):
            at = body.find(piece.strip(), pos)
            assert at >= 0, (hit.id, hit.snippet_text)
            pos = at + len(piece.strip())


def test_did_you_mean_is_the_nearest_indexed_word(sample: Sample) -> None:
    from spacetui.search.suggest import edit_distance

    # the nearest word: "opec" (k for c sounds the same), before "open" and never "one"
    assert sample.service.search("opek").suggestion == "opec"
    # A word said again is corrected again (and looked up once: 300 of one typo took 19 s).
    assert sample.service.search("opek prises opek").suggestion == "opec prices opec"
    # Beside a word the index has, it is offered too (the articles with that word are shown).
    beside = sample.service.search("opek prices")
    assert beside.total and beside.suggestion == "opec prices"
    assert edit_distance("opek", "opec") < edit_distance("opek", "open") < edit_distance("opek", "one")
    from spacetui.index.analysis import is_stop_word

    searcher = sample.service._searcher()
    checked = 0
    for word, _ in _word_pairs(sample, 40):
        if is_stop_word(word):
            continue  # indexed for phrases only: never a loose word, never a suggestion
        typo = word[:-1] + ("q" if word[-1] != "q" else "x")
        if searcher.doc_frequency("spell_body", typo) or searcher.doc_frequency("spell_title", typo):
            continue
        got = sample.service.search(typo).suggestion
        assert got is not None, typo
        assert not any(is_stop_word(w) for w in got.split()), (typo, got)
        # as near as the word it came from, and no rarer than it when as near
        if got != word:
            got_df = searcher.doc_frequency("spell_body", got) + searcher.doc_frequency("spell_title", got)
            word_df = searcher.doc_frequency("spell_body", word) + searcher.doc_frequency("spell_title", word)
            assert got_df >= word_df, (typo, got, word)
        checked += 1
    assert checked >= 20


def _osa(a: str, b: str) -> int:
    """Edits from a to b: insertions, deletions, substitutions, swaps of neighbours."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def test_words_near_a_typo_are_at_least_those_whoosh_finds_within_two_edits(sample: Sample) -> None:
    # The suggester's own scan (words read once per letter, compared in C) against Whoosh's,
    # stop words aside (indexed for phrases, never suggested).
    from spacetui.index.analysis import is_stop_word
    from spacetui.search.suggest import _near_words

    reader = sample.service._searcher().reader()
    rng = random.Random(5)
    vocabulary: dict[tuple[str, str], list[str]] = {}
    words = [w for w, _ in _word_pairs(sample, 60)]
    for word in words:
        at = rng.randrange(1, len(word))
        head, tail = word[:at], word[at + 1 :]
        typo = rng.choice([head + tail, head + "x" + tail, head + "qz" + word[at:]])
        for field in ("spell_body", "spell_title"):
            near = reader.terms_within(field, typo, 2, prefix=1)
            theirs = {t.decode("utf-8") if isinstance(t, bytes) else t for t in near}
            theirs = {w for w in theirs if not is_stop_word(w)}
            ours = set(_near_words(reader, field, typo, vocabulary))
            # Whoosh's early stop misses some ("subisdies" for "sbsidies"): ours has them too.
            assert ours >= theirs, (field, typo)
            assert all(_osa(typo, w) <= 2 for w in ours - theirs), (field, typo)
    assert len(words) >= 30


def test_json_facets_only_when_asked_and_strings_are_terminal_safe(tmp_path: Path, corpus: Path) -> None:
    from tests.conftest import run_cli

    (corpus / "red.txt").write_text(
        "Red alert\x1b[0m\x9b2J headline\n\nThe red alert was sounded in the harbour by Ann Lee.\n",
        "utf-8",
    )
    update_index(tmp_path / "ix", [corpus], entities=False)
    env = {"SPACETUI_INDEX": str(tmp_path / "ix")}
    plain = json.loads(run_cli("search", "alert", "--json", env=env).stdout)
    assert plain["facets"] == []
    (hit,) = plain["hits"]
    assert hit["title"] == "Red alert headline"
    dumped = json.dumps(plain)
    assert "\\u001b" not in dumped and "\\u009b" not in dumped
    proc = run_cli("search", "alert", "--json", "--facets", env=env)
    assert proc.returncode == 0 and json.loads(proc.stdout)["total"] == 1
    # the highlighted title keeps its spaces, in the CLI and in the app's result list
    assert "Red alert headline" in run_cli("search", "alert", env=env).stdout
    from spacetui.tui.widgets.results import segments_text

    service = SearchService(tmp_path / "ix")
    (found,) = service.search("alert").hits
    assert any(hit for _, hit in found.title_segments)
    assert segments_text(found.title_segments).plain == "Red alert headline"
    service.close()


def _compounds(sample: Sample, n: int) -> list[str]:
    """Hyphenated words in 3-200 of the records, their parts of 3+ letters (a fixed seed)."""
    df: Counter[str] = Counter()
    for r in sample.records:
        df.update(set(re.findall(r"\b[a-z]{3,}(?:-[a-z]{3,})+\b", str(r.get("text", "")).lower())))
    common = sorted(w for w, c in df.items() if 3 <= c <= 200)
    return random.Random(3).sample(common, min(n, len(common)))


def test_a_hyphenated_word_finds_the_records_that_say_it(sample: Sample) -> None:
    """ "year-on-year" is one phrase (as web search reads it), not its words anywhere: the records
    whose title or text, read by the index's own analyzer, has the parts in a row."""
    from spacetui.index.analysis import text_analyzer

    analyzer = text_analyzer()

    read = {
        str(r["id"]): [t.text for t in analyzer(f"{r.get('title', '')}\n{r.get('text', '')}")]
        for r in sample.records
    }

    def says(toks: list[str], parts: list[str]) -> bool:
        return any(toks[i : i + len(parts)] == parts for i in range(len(toks)))

    compounds = _compounds(sample, 15)
    assert len(compounds) >= 10
    for word in compounds:
        parts = [t.text for t in analyzer(word)]
        want = {i for i, toks in read.items() if says(toks, parts)}
        assert sample.ids(word) == want, word
        assert sample.ids(word) == sample.ids(f'"{word}"'), word


def test_a_country_finds_the_records_that_name_it(sample: Sample) -> None:
    """ "france" finds the records that say "France", not those about francs (stemming took
    France to "franc", United to "unit"); each country word of the lexicon the sample names,
    in the records as the loader reads them (cleaning drops some price tables' lines)."""
    from spacetui.lexicon import COUNTRIES

    articles = sample.articles
    assert len(articles) == len(sample.records)
    texts = {a.id: "\n".join([a.title, a.standfirst, *a.body, *a.authors]) for a in articles}
    checked = 0
    for country in sorted(c.lower() for c in COUNTRIES if " " not in c and "-" not in c):
        # a word finds its plural and its singular ("Chiles"; "Philippine" for "philippines")
        stem = country[:-1] if country.endswith("s") else country
        said = re.compile(rf"\b{stem}(?:s|es)?\b", re.IGNORECASE)
        want = {i for i, t in texts.items() if said.search(t)}
        if len(want) >= 5:
            assert sample.ids(country) == want, country
            checked += 1
    assert checked >= 10
    said = re.compile(r"\bunited\b", re.IGNORECASE)
    assert sample.ids("united") == {i for i, t in texts.items() if said.search(t)}


_TOKEN = re.compile(r"\w+(?:\.\w+)*")  # the index's tokenizer: "U.S." is one word
_LINKS = ("of", "the", "in", "for", "to", "and", "on", "at")


def test_a_phrase_with_stop_words_finds_the_records_that_say_it(sample: Sample) -> None:
    """ "house of representatives" is those words in a row (stemmed as the index stems, any
    punctuation between): not "White House representatives", not "the bank. Japan's". Phrases
    "word STOP word" from the sample, half of them ones where reading the phrase without its
    stop word finds other records, checked against the records as the loader reads them."""
    from spacetui.index.analysis import is_stop_word, word_stem

    def form(word: str) -> str:
        return word if is_stop_word(word) else word_stem(word)

    said: dict[tuple[str, str, str], set[str]] = {}  # (word, stop word, word) in a row
    typed: Counter[tuple[str, str, str]] = Counter()  # the same, as written
    apart: dict[tuple[str, str], set[str]] = {}  # two words in a row once stop words are out
    for a in sample.articles:
        words = [w.lower() for w in _TOKEN.findall("\n".join([a.title, a.standfirst, *a.body, *a.authors]))]
        forms = [form(w) for w in words]
        for k in range(len(words) - 2):
            said.setdefault((forms[k], forms[k + 1], forms[k + 2]), set()).add(a.id)
        kept = [f for f in forms if not is_stop_word(f)]
        for pair in itertools.pairwise(kept):
            apart.setdefault(pair, set()).add(a.id)
        typed.update(
            {
                (x, link, y)
                for x, link, y in zip(words, words[1:], words[2:], strict=False)
                if link in _LINKS and x.isalpha() and y.isalpha() and len(x) > 2 and len(y) > 2
                and not is_stop_word(x) and not is_stop_word(y)
            }
        )  # fmt: skip
    common = sorted(t for t, c in typed.items() if 3 <= c <= 100)
    telling, plain = [], []
    for x, link, y in random.Random(5).sample(common, min(400, len(common))):
        want = said[(form(x), link, form(y))]
        (telling if apart.get((form(x), form(y)), set()) != want else plain).append((x, link, y, want))
    assert len(telling) >= 5  # the test tells the two readings apart
    for x, link, y, want in telling[:10] + plain[:10]:
        assert sample.ids(f'"{x} {link} {y}"') == want, (x, link, y)


def test_phrases_find_what_whoosh_s_own_phrase_finds(sample: Sample) -> None:
    """The ranker reads a phrase's positions itself (rarest word first, stop words from the
    stored text); Whoosh's phrase matcher, which reads every position, is the reference. Word
    runs of 2-16 taken from the records, stop words at either end or inside included, and
    phrases whose words are in thousands of records ("a year", "1,000": a stop word's positions
    read, not thousands of texts)."""
    from whoosh.query import Or, Phrase

    rng = random.Random(8)
    searcher = sample.service._searcher()
    body = searcher.schema["body"]
    checked = 0
    for record in rng.sample(sample.records, 60):
        words = _TOKEN.findall(str(record.get("text") or ""))
        if len(words) < 6:
            continue
        at = rng.randrange(len(words) - 4)
        phrase = " ".join(words[at : at + rng.choice((2, 3, 4, 4, 9, 16))])
        forms = [t.text for t in body.analyzer(phrase, mode="phrase")]
        if len(forms) < 2:
            continue
        reference = Or([Phrase(f, forms) for f in ("title", "standfirst", "body")])
        want = {searcher.stored_fields(d)["id"] for d in searcher.search(reference, limit=None).docs()}
        assert sample.ids(f'"{phrase}"') == want, phrase
        checked += 1
    assert checked >= 30
    for phrase in ("a year", "1,000", "in the", "of the year", "said it would", "the company said"):
        forms = [t.text for t in body.analyzer(phrase, mode="phrase")]
        reference = Or([Phrase(f, forms) for f in ("title", "standfirst", "body")])
        want = {searcher.stored_fields(d)["id"] for d in searcher.search(reference, limit=None).docs()}
        assert len(want) >= 20
        assert sample.ids(f'"{phrase}"') == want, phrase


def test_a_pasted_sentence_finds_the_story_that_says_it_first(sample: Sample) -> None:
    """A researcher pastes a sentence from a story (as the app shows it): the story that says it
    word for word comes first, before stories that share more of its words or repeat them (as a
    plain bag of words, 7% of such sentences on Reuters found another story first)."""

    def words(text: str) -> str:
        return " ".join(_TOKEN.findall(text.lower()))

    articles = sample.articles
    said = {a.id: words("\n".join([a.title, a.standfirst, *a.body])) for a in articles}
    rng = random.Random(21)
    checked = 0
    for a in rng.sample(articles, 300):
        sentences = [
            s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", " ".join(" ".join(a.body).split()))
            if 8 <= len(s.split()) <= 40 and not s.isupper()
        ]  # fmt: skip
        if not sentences:
            continue
        sentence = rng.choice(sentences)
        says = {i for i, text in said.items() if words(sentence) in text}
        hits = sample.service.search(sentence, limit=1, facets=False, snippets=False).hits
        assert hits and hits[0].id in says, sentence
        if checked % 20 == 0:  # newest first is newest first, pasted or not
            by_date = sample.service.search(sentence, sort="date", limit=30, facets=False, snippets=False)
            days = [h.date or "" for h in by_date.hits]
            assert days == sorted(days, reverse=True), sentence
        checked += 1
        if checked == 80:
            break
    assert checked == 80


def _patterns(sample: Sample, n: int) -> list[str]:
    """Wildcards of words in 3-300 of the records: a letter inside a word of 6+ letters made
    ``?``, or its last letters made ``*`` after a ``*`` inside it (a fixed seed)."""
    df: Counter[str] = Counter()
    for r in sample.records:
        df.update(set(re.findall(r"\b[a-z]{6,}\b", f"{r.get('title', '')} {r.get('text', '')}".lower())))
    rng = random.Random(5)
    words = rng.sample(sorted(w for w, c in df.items() if 3 <= c <= 300), n)
    out = []
    for i, w in enumerate(words):
        k = rng.randrange(2, len(w) - 2)
        out.append(w[:k] + "?" + w[k + 1 :] if i % 2 else w[:k] + "*" + w[-2:])
    return out


def test_a_wildcard_finds_the_records_with_a_word_it_spells(sample: Sample) -> None:
    """``organi?ation`` finds the records that say "organisation" or "organization" (matched
    against the stems, "organ" and "organis", it found 33 of 441 Reuters stories): a record is
    found where it has a word the pattern spells, or another form of such a word, as a word
    finds its forms. Words as the index's analyzer reads them from the records as loaded."""
    from fnmatch import fnmatchcase

    from spacetui.index.analysis import text_analyzer

    analyzer = text_analyzer()
    texts = {a.id: f"{a.title}\n{a.standfirst}\n" + "\n".join(a.body) for a in sample.articles}
    written = {i: {m.lower() for m in _TOKEN.findall(t)} for i, t in texts.items()}
    terms = {i: {t.text for t in analyzer(t, mode="index")} for i, t in texts.items()}
    checked = 0
    for pattern in _patterns(sample, 24):
        spelled = {w for words in written.values() for w in words if fnmatchcase(w, pattern)}
        wanted_terms = {t.text for w in spelled for t in analyzer(w, mode="index")}
        want = {i for i, ts in terms.items() if ts & wanted_terms}
        assert want, pattern
        assert sample.ids(pattern) == want, pattern
        checked += 1
    assert checked == 24


_DERIVED = re.compile(r"\b[a-z]{4,}(?:ization|ation|ity|ness|ment|ency|ive|ly)\b")


def test_a_derived_word_finds_the_records_that_say_it(sample: Sample) -> None:
    """``privatization`` is not ``private``, ``yearly`` not ``year``, ``presidency`` not
    ``president`` (Porter2's derivation steps made each the same term): a word ending in a
    derivational suffix finds exactly the records that say it or its plural, in the records as
    the loader reads them."""
    df: Counter[str] = Counter()
    for r in sample.records:
        df.update(set(_DERIVED.findall(f"{r.get('title', '')} {r.get('text', '')}".lower())))
    words = random.Random(8).sample(sorted(w for w, c in df.items() if 3 <= c <= 300), 30)
    texts = {a.id: f"{a.title}\n{a.standfirst}\n" + "\n".join(a.body) for a in sample.articles}
    written = {i: {m.lower() for m in _TOKEN.findall(t)} for i, t in texts.items()}
    for word in words:
        forms = {word, word + "s", word + "es", word[:-1] + "ies"}
        want = {i for i, ws in written.items() if ws & forms}
        assert sample.ids(word) == want, word


def test_a_date_filter_on_an_archive_without_dates_says_so(tmp_path: Path) -> None:
    corpus = tmp_path / "notes"
    corpus.mkdir()
    for name in ("one", "two"):
        (corpus / f"{name}.txt").write_text(f"Kennedy tour {name}\n\nKennedy began a tour of the country.\n")
    update_index(tmp_path / "index", [corpus], entities=False)
    service = SearchService(tmp_path / "index")
    try:
        result = service.search("kennedy date:2004")
        assert result.total == 0
        assert "None of the 2 articles here has a date: a date filter never matches them." in result.notices
    finally:
        service.close()
