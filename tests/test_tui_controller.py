"""The main screen's search state without an app: scheduling, filters, saved searches, the
trail, and what the screen says about a real search of the seed index."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from spacetui.entities import entity_key
from spacetui.library import SavedSearch
from spacetui.search.results import Filter
from spacetui.search.service import SearchService
from spacetui.tui.controller import TRAIL_MAX, SearchController, SearchRequest, Trail


def test_one_search_in_flight_and_the_newest_query_runs_next() -> None:
    state = SearchController()
    assert state.changed(ready=False) is None  # the index is not open: it searches then
    state.set_query("ro")
    first = state.changed(ready=True)
    assert first == SearchRequest(state.seq, "ro", (), "relevance")
    # Typing on while it runs: nothing starts, the newest is pending.
    state.set_query("roc")
    assert state.changed(ready=True) is None
    state.set_query("rocket")
    assert state.changed(ready=True) is None
    follow, newest = state.landed(first.seq, ready=True)
    assert not newest  # its results are stale
    assert follow is not None and follow.query == "rocket" and follow.seq == state.seq
    follow_up, newest = state.landed(follow.seq, ready=True)
    assert follow_up is None and newest and not state.in_flight
    more = state.start(ready=True, offset=20)
    assert more is not None and more.offset == 20 and more.seq == follow.seq


def test_filters_toggle_drop_clear_and_their_mention_keys() -> None:
    state = SearchController()
    state.toggle_entity("person", "Yulia Peresild", ["person:yulia peresild", "person:peresild"])
    state.toggle_entity("org", "Roscosmos")
    assert [f.label for f in state.filters] == ["person: Yulia Peresild", "org: Roscosmos"]
    # An entity without grouped keys is marked by its own key.
    assert state.mention_keys() == [
        "person:yulia peresild",
        "person:peresild",
        entity_key("org", "Roscosmos"),
    ]
    assert state.chosen_entities() == {("person", "Yulia Peresild"), ("org", "Roscosmos")}
    state.toggle_entity("person", "Yulia Peresild")  # again: off
    assert state.filters == [Filter.entity("org", "Roscosmos")]
    assert state.drop_last_filter() and not state.filters
    assert not state.drop_last_filter() and not state.clear_filters()
    state.filters.append(Filter("source", "TASS"))
    assert state.mention_keys() == []  # only entity filters mark mentions
    assert state.clear_filters() and state.filters == [] and state.filter_keys == {}


def test_corrections_rename_hide_and_merge_filters() -> None:
    state = SearchController()
    for name in ("Roskosmos", "Roscosmos", "Klim Shipenko"):
        state.toggle_entity("org" if name != "Klim Shipenko" else "person", name)
    old, kept, hidden = state.filters
    # Roskosmos merged into Roscosmos (already a filter: the copy goes); Shipenko hidden.
    state.corrected([(old, kept, ["org:roscosmos", "org:roskosmos"]), (hidden, None, [])])
    assert state.filters == [kept]
    assert hidden not in state.filter_keys and old not in state.filter_keys
    renamed = Filter.entity("org", "State Space Corporation Roscosmos")
    state.corrected([(kept, renamed, ["org:x"])])
    assert state.filters == [renamed] and state.filter_keys[renamed] == ["org:x"]


def test_a_saved_search_becomes_the_state() -> None:
    state = SearchController()
    state.toggle_entity("org", "NASA")
    saved = SavedSearch("crew", "soyuz OR salyut", (("entity", "Yulia Peresild", "person"),), "date")
    state.apply_saved(saved)
    assert state.query_text == saved.query and state.sort == "date"
    assert state.filters == [Filter.entity("person", "Yulia Peresild")] and state.filter_keys == {}
    assert state.toggle_sort() == "relevance" and state.toggle_sort() == "date"
    assert state.describe() == "soyuz OR salyut · person: Yulia Peresild"


def test_titles_say_what_a_real_search_found(seed_index: Path) -> None:
    service = SearchService(seed_index)
    try:
        state = SearchController()
        assert state.title() == "Results" and state.subtitle(0, 0) == ""
        state.result = service.search("", filters=())
        total = state.result.total
        assert total == 2  # the two seed articles
        assert state.title() == f"All {total} articles · newest first"
        state.set_query("dogecoin")
        state.result = service.search("dogecoin", filters=())
        hits = state.result.total
        assert hits == len(state.result.hits) == 1
        assert state.title() == "1 result for “dogecoin” · by relevance"
        assert state.subtitle(1, 1) == ""
        assert state.subtitle(0, hits) == f"showing 0 of {hits}"
        # words of which only some articles have all: the count says how many have them all
        state.set_query("cruise rival")
        state.result = service.search("cruise rival", filters=())
        texts = [service.article(h.id) for h in state.result.hits]
        both = sum(1 for a in texts if a is not None and "rival" in f"{a.title} {a.body_text}".lower())
        assert state.result.total == 2 and both == 1
        assert state.title() == "2 results for “cruise rival” · 1 with all the words · by relevance"
        state.result = service.search("cruise AND rival", filters=())
        assert state.result.all_words is None and state.result.total == 1
        state.set_query("zzzqqq")
        state.result = service.search("zzzqqq", filters=())
        assert state.result.total == 0
        said = state.no_results_text(index_articles=2)
        assert said.startswith("No results for “zzzqqq”.") and "Backspace" not in said
        assert "“" not in said.split("\n", 1)[1]  # (no clause to name)
        state.set_query("space -musk")
        state.result = service.search("space -musk", filters=())
        said = state.no_results_text(index_articles=2)
        assert "“-musk” leaves out both articles the rest of the query finds." in said
        assert "Try fewer words" not in said
        # a filter chosen in the sidebar likewise: the one story naming Dogecoin names no TMZ
        tmz = [e for e in service.entities("org") if e.name == "TMZ"]
        assert len(tmz) == 1 and tmz[0].articles == 1
        state.set_query("dogecoin")
        state.toggle_entity("org", "TMZ")
        state.result = service.search("dogecoin", filters=tuple(state.filters))
        assert state.result.total == 0 and state.result.left_out == [("org: TMZ", 1)]
        said = state.no_results_text(index_articles=2)
        assert "“org: TMZ” leaves out the one article the rest of the query finds." in said
        assert "Backspace in an empty search box" in said
        state.toggle_entity("org", "TMZ")
        state.set_query("")
        assert state.no_results_text(index_articles=0).startswith("No articles yet.")
    finally:
        service.close()


def test_untrusted_query_text_is_made_safe_in_what_the_screen_says() -> None:
    state = SearchController()
    state.set_query("evil\x1b[31m [bold]x")
    said = state.no_results_text(index_articles=5)
    assert "\x1b" not in said and "evil" in said


def test_trail_goes_back_and_forward_and_drops_the_ones_ahead() -> None:
    trail = Trail()
    assert trail.step(-1) is None and trail.step(1) is None
    for article in ("a", "b", "c"):
        trail.visit(article)
    trail.visit("c")  # the same article again is not a new step
    assert trail.step(-1) == "b" and trail.step(-1) == "a" and trail.step(-1) is None
    assert trail.step(1) == "b"
    trail.visit("d")  # after going back: "c" is gone
    assert trail.ids == ["a", "b", "d"] and trail.step(1) is None
    for n in range(TRAIL_MAX + 5):
        trail.visit(str(n))
    assert len(trail.ids) == TRAIL_MAX and trail.ids[-1] == str(TRAIL_MAX + 4)


def test_importing_the_controller_loads_no_search_layer() -> None:
    code = (
        "import sys, spacetui.tui.controller; "
        "print(sorted(m for m in sys.modules if m.startswith(('whoosh', 'spacetui.search', 'textual'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
