"""Saved searches and query history: the store (real SQLite), the "new since last opened" count
against a real index after adding files and re-indexing, and the `spacetui saved` CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from spacetui.index.build import update_index
from spacetui.library import LibraryError, LibraryStore
from spacetui.library.store import HISTORY_MAX
from spacetui.search import saved
from spacetui.search.service import SearchService
from tests.conftest import run_cli


def write(folder: Path, name: str, title: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"Title: {title}\n\n{body}\n", encoding="utf-8")
    return path


def rocket_corpus(folder: Path) -> None:
    for n in range(3):
        write(
            folder,
            f"rocket{n}.txt",
            f"Rocket launch {n}",
            f"Rocket {n} launched from Baikonur with crew {n}.",
        )
    write(folder, "bread.txt", "Bread", "A recipe for sourdough bread with flour and water.")


def build(index_dir: Path, corpus: Path, rebuild: bool = False) -> None:
    update_index(index_dir, [corpus], entities=False, rebuild=rebuild)


def hashes_now(index_dir: Path, query: str) -> list[str]:
    """The content hash of each match, as the index itself gives them."""
    service = SearchService(index_dir)
    result = service.search(query, limit=10_000, facets=False, snippets=False)
    assert result.total == len(result.hits)
    return [h.content_hash for h in result.hits]


def rocket_index(tmp_path: Path, corpus: Path) -> Path:
    """An index of the rocket corpus (three rocket articles and one on bread)."""
    index_dir = tmp_path / "ix"
    rocket_corpus(corpus)
    build(index_dir, corpus)
    return index_dir


def matching_now(index_dir: Path, query: str) -> set[str]:
    return set(hashes_now(index_dir, query))


# --- the store ---------------------------------------------------------------------------------
def test_saved_searches_round_trip_rename_and_remove(tmp_path: Path) -> None:
    store = LibraryStore(tmp_path / "library.sqlite3")
    assert store.saved_searches() == []
    assert not (tmp_path / "library.sqlite3").exists()  # reading writes nothing
    store.save_search("Rockets", "rocket", [("entity", "Baikonur", "place")], "date", ["h1", "h2"])
    again = LibraryStore(tmp_path / "library.sqlite3")  # another process
    (found,) = again.saved_searches()
    assert (found.name, found.query, found.filters, found.sort) == (
        "Rockets",
        "rocket",
        (("entity", "Baikonur", "place"),),
        "date",
    )
    assert found.new_among(["h1", "h2"]) == 0
    assert found.new_among(["h1", "h2", "h3", "h3"]) == 1
    assert again.saved_search("rockets") == found  # names are case-blind
    # Saving under the same name replaces it.
    again.save_search("ROCKETS", "rocket -test", (), "relevance", ["h1"])
    (replaced,) = store.saved_searches()
    assert (replaced.name, replaced.query, replaced.filters) == ("ROCKETS", "rocket -test", ())
    assert replaced.new_among(["h1", "h2"]) == 1
    store.mark_opened("rockets", ["h1", "h2"])
    assert store.saved_searches()[0].new_among(["h1", "h2"]) == 0
    store.save_search("bread", "bread")
    with pytest.raises(LibraryError, match="already"):
        store.rename_search("bread", "Rockets")
    assert store.rename_search("bread", "Baking")
    assert [s.name for s in store.saved_searches()] == ["Baking", "ROCKETS"]
    assert store.remove_search("baking")
    assert not store.remove_search("baking")
    with pytest.raises(LibraryError):
        store.save_search("   ", "x")


def test_history_is_most_recent_first_once_each_and_capped(tmp_path: Path) -> None:
    store = LibraryStore(tmp_path / "library.sqlite3")
    assert store.history() == []
    for q in ["rocket", "bread", " rocket ", "", "soyuz"]:
        store.remember_query(q)
    assert LibraryStore(tmp_path / "library.sqlite3").history() == ["soyuz", "rocket", "bread"]
    for n in range(HISTORY_MAX + 5):
        store.remember_query(f"q{n}")
    kept = store.history(limit=10_000)
    assert len(kept) == HISTORY_MAX
    assert kept[0] == f"q{HISTORY_MAX + 4}"
    assert "soyuz" not in kept


def test_the_state_migration_runs_on_a_library_made_before_it(tmp_path: Path) -> None:
    import sqlite3

    from spacetui.library.store import MIGRATIONS

    path = tmp_path / "library.sqlite3"
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    store = LibraryStore(path)
    store.remember_query("rocket")
    assert store.history() == ["rocket"]


# --- new since last opened, on a real index ------------------------------------------------------
def test_new_count_follows_the_data_across_adds_rebuilds_and_moves(tmp_path: Path, corpus: Path) -> None:
    index_dir = rocket_index(tmp_path, corpus)
    service = SearchService(index_dir)
    saved.save(service, "rockets", "rocket", [], "relevance")
    seen = matching_now(index_dir, "rocket")
    (status,) = saved.statuses(service)
    assert (status.total, status.new) == (len(seen), 0)

    write(corpus, "rocket9.txt", "Rocket launch 9", "Rocket 9 launched from Vostochny.")
    write(corpus, "rocket10.txt", "Rocket launch 10", "Rocket 10 launched from Kourou.")
    write(corpus, "cake.txt", "Cake", "A cake with no launch in it.")
    build(index_dir, corpus)
    now = matching_now(index_dir, "rocket")
    (status,) = saved.statuses(service)
    assert status.total == len(now)
    assert status.new == len(now - seen) == 2

    # A rebuild and a moved folder change every document number and id: nothing more is new.
    build(index_dir, corpus, rebuild=True)
    moved = tmp_path / "moved"
    shutil.move(corpus, moved)
    update_index(index_dir, [moved], entities=False)
    after = hashes_now(index_dir, "rocket")
    (status,) = saved.statuses(SearchService(index_dir))
    assert (status.total, status.new) == (len(after), len(set(after) - seen))
    assert status.new == 2

    # Opened: all seen. An article edited in place is new content, so new again.
    saved.opened(service, status.search)
    assert saved.statuses(service)[0].new == 0
    write(moved, "rocket0.txt", "Rocket launch 0", "Rocket 0 was scrubbed and launched a day late.")
    update_index(index_dir, [moved], entities=False)
    assert saved.statuses(service)[0].new == 1


def test_a_library_query_counts_articles_that_newly_match(tmp_path: Path, corpus: Path) -> None:
    from spacetui.library import ArticleRef

    index_dir = rocket_index(tmp_path, corpus)
    service = SearchService(index_dir)
    saved.save(service, "starred", "is:starred", [], "date")
    assert saved.statuses(service)[0].total == 0
    hit = service.search("bread", limit=1).hits[0]
    service.library.set_starred(ArticleRef(hit.id, hit.content_hash))
    (status,) = saved.statuses(service)
    assert (status.total, status.new) == (1, 1)


# --- the command line ------------------------------------------------------------------------------
def test_saved_cli_add_list_run_and_remove(tmp_path: Path, corpus: Path) -> None:
    index_dir = rocket_index(tmp_path, corpus)
    ix = ["--index", str(index_dir)]
    added = run_cli("saved", "add", "rockets", "rocket", *ix)
    assert added.returncode == 0, added.stderr
    assert run_cli("saved", "--add", "bread", "bread OR flour", "--sort", "date", *ix).returncode == 0
    listed = json.loads(run_cli("saved", "list", "--json", *ix).stdout)
    assert [(s["name"], s["query"], s["total"], s["new"]) for s in listed] == [
        ("bread", "bread OR flour", len(matching_now(index_dir, "bread OR flour")), 0),
        ("rockets", "rocket", len(matching_now(index_dir, "rocket")), 0),
    ]
    write(corpus, "rocket7.txt", "Rocket launch 7", "Rocket 7 launched.")
    build(index_dir, corpus)
    by_name = {s["name"]: s for s in json.loads(run_cli("saved", "--json", *ix).stdout)}
    assert by_name["rockets"]["new"] == 1
    plain = run_cli("saved", *ix).stdout
    assert "rockets" in plain and "1 new" in plain
    ran = run_cli("saved", "rockets", "--json", *ix)
    assert ran.returncode == 0, ran.stderr
    ids = {h["id"] for h in json.loads(ran.stdout)["hits"]}
    searched = json.loads(run_cli("search", "rocket", "--json", *ix).stdout)
    assert ids == {h["id"] for h in searched["hits"]}
    by_name = {s["name"]: s for s in json.loads(run_cli("saved", "--json", *ix).stdout)}
    assert by_name["rockets"]["new"] == 0  # running it opened it
    assert run_cli("saved", "rm", "rockets", *ix).returncode == 0
    assert run_cli("saved", "--remove", "bread", *ix).returncode == 0
    assert json.loads(run_cli("saved", "--json", *ix).stdout) == []
    missing = run_cli("saved", "nope", *ix)
    assert missing.returncode == 1 and "no saved search named 'nope'" in missing.stderr
    bad = run_cli("saved", "add", "only-a-name", *ix)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_matching_hashes_come_from_the_column_and_equal_the_stored_ones(tmp_path: Path) -> None:
    """Saved-search counts read each match's content hash from a column (not by unpickling the
    whole stored article); the hashes are the stored ones, for every match and no other."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rocket_corpus(corpus)
    build(tmp_path / "index", corpus)
    service = SearchService(tmp_path / "index")
    reader = service._searcher().reader()
    assert reader.has_column("content_hash")
    stored = {d: reader.stored_fields(d) for d in range(reader.doc_count_all()) if not reader.is_deleted(d)}
    rockets = sorted(s["content_hash"] for s in stored.values() if "Rocket" in s["title"])
    assert len(rockets) == 3
    assert sorted(saved.matching(service, "rocket", [])) == rockets
    assert sorted(saved.matching(service, "rocket OR bread", [])) == sorted(
        s["content_hash"] for s in stored.values()
    )
    assert service.content_hashes(sorted(stored)) == [stored[d]["content_hash"] for d in sorted(stored)]
    service.close()
