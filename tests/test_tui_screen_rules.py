"""The main screen's plain-Python rules, without an app: what a library key changes, what an entity
correction writes to entities.toml (a real file, read back by the real reader), the story
heading's counts, and the export's file names."""

from __future__ import annotations

from pathlib import Path

import pytest

from spacetui.entities import EntityInfo, overrides
from spacetui.export import free_path, slug
from spacetui.library import ArticleRef, ArticleState, parse_tags
from spacetui.search.results import Hit
from spacetui.tui import corrections, library_edits
from spacetui.tui.screens.story import story_counts

REF = ArticleRef("a1", "hash-a1", "/news/a1.txt", "Rocket \x1b[31mlaunch\x1b[0m delayed")


# --- library edits ----------------------------------------------------------------------------
@pytest.mark.parametrize("starred", [False, True])
@pytest.mark.parametrize("read", [False, True])
def test_star_and_read_keys_flip_the_state_they_see(starred: bool, read: bool) -> None:
    state = ArticleState(read=read, starred=starred)
    star = library_edits.toggled("star", state)
    mark = library_edits.toggled("read", state)
    assert star is not None and mark is not None
    assert (star.what, star.value) == ("star", not starred)
    assert (mark.what, mark.value) == ("read", not read)
    assert star.notice == ("Unstarred." if starred else "Starred.")
    assert mark.notice == ("Marked unread." if read else "Marked read.")
    assert library_edits.toggled("tags", state) is None and library_edits.toggled("note", state) is None


def test_tags_and_note_dialogs_start_from_the_state_and_answers_become_changes() -> None:
    state = ArticleState(tags=("climate", "to-read"), note="check the figures")
    tags = library_edits.dialog("tags", REF, state)
    note = library_edits.dialog("note", REF, state)
    assert tags is not None and note is not None
    assert tags.initial == "climate to-read" and note.initial == state.note
    assert "\x1b" not in tags.title and "Rocket" in tags.title  # the title is untrusted text
    assert library_edits.dialog("star", REF, state) is None
    typed = "Climate Change, to-read  space"
    edit = library_edits.answered("tags", typed)
    assert (edit.what, edit.value) == ("tags", parse_tags(typed))
    assert library_edits.answered("tags", "").value == []
    assert (library_edits.answered("note", "").value, library_edits.answered("note", "").notice) == (
        "",
        "Note removed.",
    )
    assert library_edits.answered("note", "later").notice == "Note saved."


def test_opening_reads_an_unread_article_only() -> None:
    edit = library_edits.opened_read(ArticleState())
    assert edit is not None and (edit.what, edit.value) == ("read", True)
    assert library_edits.opened_read(ArticleState(read=True)) is None
    assert library_edits.opened_read(None) is None  # state unknown: nothing written


# --- entity corrections -----------------------------------------------------------------------
PERESILD = EntityInfo("Yulia Peresild", "person", aliases=["Peresild", "Pereslid"])


def test_each_correction_writes_the_rule_the_reader_applies(tmp_path: Path) -> None:
    path = tmp_path / "entities.toml"
    roscosmos = EntityInfo("Roscosmos", "org")
    hide = corrections.hidden(roscosmos)
    hide.change(path)
    assert overrides.load(path).hidden("org", ["Roscosmos"])

    rename = corrections.renamed(PERESILD, "Julia Peresild")
    assert rename is not None and rename.follow == ("person", "Julia Peresild")
    rename.change(path)
    assert overrides.load(path).canonical("person", ["Yulia Peresild"]) == "Julia Peresild"

    into = EntityInfo("Klim Shipenko", "person")
    merge = corrections.merged(EntityInfo("Shipenko", "person"), into)
    assert merge is not None and merge.follow == ("person", "Klim Shipenko")
    merge.change(path)
    assert overrides.load(path).canonical("person", ["Shipenko"]) == "Klim Shipenko"

    retype = corrections.retyped(EntityInfo("Baikonur", "org"), "place")
    assert retype is not None and retype.follow == ("place", "Baikonur")
    retype.change(path)
    assert overrides.load(path).retype("org", "Baikonur") == "place"

    split = corrections.split_off(PERESILD, "Pereslid")
    assert split is not None and split.follow is None
    split.change(path)
    assert overrides.load(path).forbidden("Yulia Peresild", "Pereslid")
    assert not overrides.load(path).errors


def test_a_cancelled_or_unchanged_answer_corrects_nothing() -> None:
    assert corrections.renamed(PERESILD, None) is None
    assert corrections.renamed(PERESILD, PERESILD.name) is None
    assert corrections.merged(PERESILD, None) is None
    assert corrections.retyped(PERESILD, "person") is None
    assert corrections.split_off(PERESILD, "") is None
    assert [a for a, _ in corrections.alias_choices(PERESILD)] == PERESILD.aliases
    assert corrections.alias_choices(EntityInfo("Roscosmos", "org")) == []
    assert "date" not in [t for t, _ in corrections.type_choices()]
    assert {t for t, _ in corrections.type_choices()} == set(overrides.TYPES) - {"date"}


# --- the story heading ------------------------------------------------------------------------
def _hit(article_id: str, source: str) -> Hit:
    return Hit(article_id, f"Article {article_id}", "2021-05-13", source, [], "", 100, 1.0)


def test_the_story_heading_counts_only_named_sources() -> None:
    assert story_counts([_hit("a", ""), _hit("b", "")]) == "2 articles, sources unknown, by date"
    assert story_counts([_hit("a", "")]) == "1 article, source unknown, by date"
    mixed = [_hit("a", "Orbit Wire"), _hit("b", ""), _hit("c", "orbit wire"), _hit("d", "Launch Daily")]
    assert story_counts(mixed) == "4 articles, 2 sources, by date"
    assert story_counts([_hit("a", "Orbit Wire")]) == "1 article, 1 source, by date"


# --- export file names ------------------------------------------------------------------------
def test_export_names_are_slugs_and_never_overwrite(tmp_path: Path) -> None:
    assert slug('Peresild AND "The Challenge"', 40) == "peresild-and-the-challenge"
    assert slug("***", 40) == ""
    assert len(slug("word " * 40, 40)) <= 40
    first = free_path(tmp_path, "spacetui-rocket", "csv")
    assert first == tmp_path / "spacetui-rocket.csv"
    first.write_text("x")
    second = free_path(tmp_path, "spacetui-rocket", "csv")
    assert second == tmp_path / "spacetui-rocket-2.csv"
    second.write_text("x")
    assert free_path(tmp_path, "spacetui-rocket", "csv") == tmp_path / "spacetui-rocket-3.csv"


# --- the saved searches' counts ---------------------------------------------------------------
def test_saved_counts_change_the_sidebar_only_when_they_differ_and_say_an_error_once() -> None:
    from spacetui.library import SavedSearch
    from spacetui.search.saved import SavedStatus
    from spacetui.tui.saved_counts import SavedCounts

    climate = SavedSearch("climate", "climate OR warming")
    counts = SavedCounts()
    assert counts.worth_counting(("index 1", "library 1"), force=False)  # never counted
    first = [SavedStatus(climate, total=12, new=3)]
    assert counts.landed(("index 1", "library 1"), first) == ("", True)
    assert counts.statuses == first
    assert not counts.worth_counting(("index 1", "library 1"), force=False)
    assert counts.worth_counting(("index 1", "library 1"), force=True)
    assert counts.worth_counting(("index 2", "library 1"), force=False)  # an index run since
    # The same counts again (another poll): the sidebar stays as it is.
    assert counts.landed(("index 2", "library 1"), [SavedStatus(climate, total=12, new=3)]) == ("", False)
    assert counts.landed(("index 3", "library 1"), [SavedStatus(climate, total=13, new=4)]) == ("", True)
    # An unreadable library: said once, not at every poll; the last counts stay shown.
    assert counts.landed(None, [], error="database is locked") == ("database is locked", False)
    assert counts.landed(None, [], error="database is locked") == ("", False)
    assert [s.total for s in counts.statuses] == [13]
    assert counts.landed(("index 3", "library 2"), counts.statuses) == ("", False)
    assert counts.landed(None, [], error="database is locked") == ("database is locked", False)
