"""Any string typed into search gives results or an inline message, never an exception, and
comes back in bounded time (hypothesis' deadline, not a timed assert)."""

from __future__ import annotations

import random
import string
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacetui.index.build import update_index
from spacetui.search.service import SearchService
from tests.conftest import SEEDS
from tests.test_robust_support import article_text, no_traceback, run, text_of, unsafe_in

TOKENS = [
    '"', "(", ")", "*", "?", "~", "~2", "~99", "^", "^3", ":", "[", "]", "{", "}", "-", "+", "\\", "'",
    "AND", "OR", "NOT", "ANDNOT", " to ", "title:", "author:", "date:", "date:>", "date:[",
    "entity:", "person:", "org:", "place:", "bogus:", "body:", "cruise", "railway", "ra", "a", "x",
    "2021", "\x00", "\x1b[31m", "\u202e", "日本", "é", " ", "  ",
]  # fmt: skip
query_text = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=30).map("".join),
    st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=20).map(" ".join),
    st.text(max_size=200),
)

NASTY = [
    "", " ", '"', "(", ")", "((((", '"a', "AND", "OR", "NOT", "AND OR NOT", "*", "**", "?", "*a", "a*",
    "~", "a~", "a~99", "foo:", "title:", ":", "title:(", "date:", "date:[", "date:>", "date:[2020 to",
    "date:nonsense", 'entity:""', "^", "a^999999999", "[", "]", "{a to}", "[a TO b]", "\x00", "\x1b[31m",
    "(" * 10_000 + "a" + ")" * 10_000, "(" * 999 + "cruise" + ")" * 999, "a " * 100_000,
    "x" * 1_000_000, "ab* " * 500, "ab~ " * 500, "abcdef~ " * 300, '"' + "a " * 5000 + '"',
    "NOT NOT NOT a", "title:title:title:a", "a\ud800", "日本*", "\\", '\\"', "*a*", "?a*", "*e",
    "a~2~2", "a OR OR b", "(a OR) b", "()", '""', "title:()", "NOT *", "* AND *",
    " AND ".join(["(a OR (b AND (c OR d)))"] * 100),
]  # fmt: skip
FUZZED = {"count": 0}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    """The seeds plus articles with a wide vocabulary (so expansions have work to do)."""
    home = tmp_path_factory.mktemp("queries")
    corpus = home / "corpus"
    corpus.mkdir()
    rng = random.Random(7)
    for n in range(120):
        vocab = " ".join(
            "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9))) for _ in range(150)
        )
        (corpus / f"{n}.txt").write_text(article_text(n, f"Story {n}", extra=vocab + ". "), "utf-8")
    update_index(home / "index", [SEEDS, corpus], entities=False)
    svc = SearchService(home / "index")
    svc.twin = SearchService(home / "index", array_min_docs=0)  # type: ignore[attr-defined]
    yield svc
    svc.close()
    svc.twin.close()  # type: ignore[attr-defined]


def _check(service: SearchService, text: str) -> None:
    result = service.search(text, limit=10)
    # Text never fails: what is not syntax is searched as words (and a notice says so).
    assert result.error is None, (text, result.error)
    assert result.total >= 0
    assert all(n.strip() and "\n" not in n for n in result.notices)
    assert len(set(result.notices)) == len(result.notices), result.notices  # each said once
    # Ranking over numpy arrays (large indexes) answers exactly as over lists (small indexes).
    twin = service.twin.search(text, limit=10)  # type: ignore[attr-defined]
    # A capped expansion may have been cut by its time budget at another word in each run
    # (the notice reads the same either way): compare only complete expansions.
    capped = any("most common" in n or "left out" in n for n in [*result.notices, *twin.notices])
    if twin.notices == result.notices and not capped:
        assert (twin.error, twin.total, [h.id for h in twin.hits]) == (
            result.error,
            result.total,
            [h.id for h in result.hits],
        ), text


@settings(
    max_examples=300,
    deadline=timedelta(seconds=5),  # a bound that catches a hang, not a speed target
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=query_text)
def test_fuzzed_queries_never_raise(service: SearchService, text: str) -> None:
    FUZZED["count"] += 1
    _check(service, text)


@settings(max_examples=len(NASTY), deadline=timedelta(seconds=8), database=None)
@given(text=st.sampled_from(NASTY))
def test_nasty_queries_never_raise(service: SearchService, text: str) -> None:
    _check(service, text)


def test_text_that_is_not_syntax_is_searched_through_the_cli_and_said_so(seed_index: Path) -> None:
    env = {"SPACETUI_INDEX": str(seed_index)}
    for query, words in (
        ('"space', "an unclosed quote"),
        ("bogus:x", "'bogus:' (not a field)"),
        ("(cruise", "an unmatched bracket"),
        ("cruise)", "an unmatched bracket"),
        ("cruise date:someday", "Could not read the date 'someday'"),
    ):
        proc = run("search", query, env=env)
        assert proc.returncode in (0, 1), (query, proc.stderr)
        said = [line for line in text_of(proc.stdout).splitlines() if words in line]
        assert len(said) == 1, (query, text_of(proc.stdout))
        no_traceback(proc)
    for query in ("*", "AND", "a~99", "x" * 5000, "\x1b]0;t\x07", "(" * 3000 + "a" + ")" * 3000):
        proc = run("search", query, env=env)
        assert proc.returncode in (0, 1), (query[:20], proc.stderr)
        no_traceback(proc)
        assert unsafe_in(text_of(proc.stdout + proc.stderr)) == []
    for args in (("--limit", "0"), ("--limit", "x"), ("--sort", "nope")):
        proc = run("search", "cruise", *args, env=env)
        assert proc.returncode == 2 and b"Traceback" not in proc.stderr


def test_a_time_cut_expansion_is_never_silent(
    service: SearchService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Prefix words are expanded within a time budget. A search is read twice (all words, then
    any word to fill up); a word cut short in the second reading only once changed the count
    with no notice. Here the clock runs out after the first reading: the count must match an
    unhurried search, or a notice must say a word was cut."""
    import spacetui.search.query as query_module
    import spacetui.search.service as service_module

    text = "vo* cruise"  # an all-words reading with few matches, filled up by the any-word one
    calm = service.search(text, limit=5)
    assert calm.total and not any("most common" in n for n in calm.notices), calm.notices

    real_clock, real_cap = query_module.time.perf_counter, service_module.cap_expansions
    late = {"after_first": False, "now": 0.0}

    def clock() -> float:
        if not late["after_first"]:
            return real_clock()
        late["now"] += 1.0  # every look at the clock is a second later: the budget is gone
        return late["now"]

    def cap(*args: object, **kwargs: object) -> object:
        try:
            return real_cap(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            late["after_first"] = True

    class Clock:
        perf_counter = staticmethod(clock)

    monkeypatch.setattr(query_module, "time", Clock)
    monkeypatch.setattr(service_module, "cap_expansions", cap)
    hurried = service.search(text, limit=5)
    cut = any("most common" in n or "left out" in n for n in hurried.notices)
    assert hurried.total == calm.total or cut, (hurried.total, calm.total, hurried.notices)
