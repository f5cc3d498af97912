"""Library state on a real index: is:/tag:/has: queries equal the sets built from the state, and
the state outlives --rebuild, a moved folder and an edit in place; the CLI contract."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from spacetui.index.build import update_index
from spacetui.library import ArticleState
from spacetui.search.service import SearchService
from tests.conftest import run_cli

WORDS = ["harbour", "orbit", "railway", "cocoa", "tariff", "glacier"]


def write_corpus(folder: Path, n: int = 24) -> None:
    rng = random.Random(17)
    for i in range(n):
        words = rng.sample(WORDS, 3)
        body = " ".join(f"The {w} report number {i} says more about the {w}." for w in words)
        (folder / f"story-{i:02d}.txt").write_text(f"Story {i} on {words[0]}\n\n{body}\n", encoding="utf-8")


def refs(service: SearchService) -> dict[str, object]:
    """Every article's library ref, by file name (stable across moves, unlike the id)."""
    out = {}
    for hit in service.search("", limit=1000, facets=False, snippets=False).hits:
        ref = service.ref(hit.id)
        assert ref is not None
        out[Path(hit.path).name] = ref
    return out


def give_state(service: SearchService, seed: int = 3) -> dict[str, ArticleState]:
    """Random state for the articles (some get none), through the store; by file name."""
    rng = random.Random(seed)
    library = service.library
    states = {}
    for name, ref in sorted(refs(service).items()):
        if rng.random() < 0.6:
            library.set_read(ref, True)  # type: ignore[arg-type]
        if rng.random() < 0.3:
            library.set_starred(ref, True)  # type: ignore[arg-type]
        tags = [t for t in ("alpha", "beta", "gamma") if rng.random() < 0.3]
        if tags:
            library.tag(ref, add=tags)  # type: ignore[arg-type]
        if rng.random() < 0.2:
            library.set_note(ref, f"note on {name}")  # type: ignore[arg-type]
        states[name] = library.state(ref)  # type: ignore[arg-type]
    return states


def found(service: SearchService, query: str) -> set[str]:
    result = service.search(query, limit=1000, facets=False)
    assert result.error is None, (query, result.error)
    assert result.total == len(result.hits), query
    return {Path(h.path).name for h in result.hits}


# term -> what an article's state must say for it
TERMS = {
    "is:read": lambda s: s.read,
    "is:unread": lambda s: not s.read,
    "is:starred": lambda s: s.starred,
    "-is:starred": lambda s: not s.starred,
    "NOT is:read": lambda s: s.read is False,
    "has:note": lambda s: bool(s.note),
    "-has:note": lambda s: not s.note,
    "has:tag": lambda s: bool(s.tags),
    "tag:alpha": lambda s: "alpha" in s.tags,
    "tag:BETA": lambda s: "beta" in s.tags,
    "-tag:gamma": lambda s: "gamma" not in s.tags,
    "tag:nosuch": lambda s: False,
}


@pytest.fixture
def indexed(tmp_path: Path, corpus: Path) -> Path:
    write_corpus(corpus)
    index_dir = tmp_path / "index"
    update_index(index_dir, [corpus], entities=False)
    return index_dir


@pytest.mark.parametrize("array_min_docs", [10**9, 0], ids=["small-ranker", "array-ranker"])
def test_library_words_find_exactly_the_articles_with_that_state(indexed: Path, array_min_docs: int) -> None:
    service = SearchService(indexed, array_min_docs=array_min_docs)
    states = give_state(service)
    everything = set(states)
    assert any(s.starred for s in states.values()) and any(not s.read for s in states.values())
    for term, wanted in TERMS.items():
        expected = {name for name, s in states.items() if wanted(s)}
        assert found(service, term) == expected, term
        for word in ("orbit", "railway"):
            with_word = found(service, word)
            assert found(service, f"{word} {term}") == with_word & expected, (word, term)
    # several at once: all must hold
    expected = {n for n, s in states.items() if s.read and not s.starred and "alpha" in s.tags}
    assert found(service, "is:read -is:starred tag:alpha") == expected
    assert found(service, "") == everything
    # each hit carries its state
    for hit in service.search("is:starred", limit=1000).hits:
        assert hit.state == states[Path(hit.path).name]
    # and the library is read again when another process writes it
    other = SearchService(indexed, array_min_docs=array_min_docs)
    name, ref = next((n, r) for n, r in sorted(refs(other).items()) if not states[n].starred)
    other.library.set_starred(ref, True)  # type: ignore[arg-type]
    assert name in found(service, "is:starred")


def test_nothing_to_rank_lists_newest_first(indexed: Path) -> None:
    service = SearchService(indexed)
    give_state(service)
    result = service.search("is:unread", limit=1000)
    assert result.sort == "date"


def test_state_survives_rebuild_a_moved_folder_and_an_edit_in_place(
    indexed: Path, corpus: Path, tmp_path: Path
) -> None:
    service = SearchService(indexed)
    states = give_state(service)
    ids_before = {n: r.id for n, r in refs(service).items()}  # type: ignore[attr-defined]
    starred = found(service, "is:starred")
    service.close()

    update_index(indexed, rebuild=True, entities=False)
    service = SearchService(indexed)
    assert {n: service.library.state(r) for n, r in refs(service).items()} == states  # type: ignore[arg-type]
    assert found(service, "is:starred") == starred
    service.close()

    moved = tmp_path / "elsewhere" / "news"
    moved.parent.mkdir()
    shutil.move(str(corpus), moved)
    update_index(indexed, [moved], rebuild=True, entities=False)
    service = SearchService(indexed)
    now = refs(service)
    assert set(now) == set(states)
    assert all(now[n].id != ids_before[n] for n in now)  # type: ignore[attr-defined]  # ids follow paths
    assert {n: service.library.state(r) for n, r in now.items()} == states  # type: ignore[arg-type]
    assert found(service, "is:starred") == starred
    service.close()

    # edited in place: new content, same path and id; the state follows the id
    name = sorted(starred)[0]
    with open(moved / name, "a", encoding="utf-8") as fh:
        fh.write("\nA correction was added later.\n")
    update_index(indexed, entities=False)
    service = SearchService(indexed)
    ref = refs(service)[name]
    assert ref.content_hash != now[name].content_hash  # type: ignore[attr-defined]
    assert service.library.state(ref) == states[name]  # type: ignore[arg-type]
    assert name in found(service, "is:starred")


def test_a_damaged_library_file_never_stops_a_search(indexed: Path) -> None:
    (indexed / "library.sqlite3").write_bytes(b"not a database " * 200)
    service = SearchService(indexed)
    result = service.search("orbit", limit=5)
    assert result.error is None and result.total > 0
    assert any("cannot open the library" in n for n in result.notices)


# --- the CLI contract --------------------------------------------------------------------------


def test_mark_tag_note_and_the_state_in_json(seed_index: Path) -> None:
    env = {"SPACETUI_INDEX": str(seed_index)}
    listing = json.loads(run_cli("list", "--json", env=env).stdout)
    first = listing[0]["id"]
    assert run_cli("mark", first, "--read", "--star", env=env).returncode == 0
    assert run_cli("tag", first, "+Climate", "+draft", "-nothing", env=env).returncode == 0
    assert run_cli("tag", first, "-draft", env=env).returncode == 0
    noted = run_cli("note", first, "check the figures", "--json", env=env)
    assert noted.returncode == 0, noted.stderr
    state = json.loads(noted.stdout)
    assert {k: state[k] for k in ("read", "starred", "tags", "note")} == {
        "read": True,
        "starred": True,
        "tags": ["climate"],
        "note": "check the figures",
    }
    shown = json.loads(run_cli("show", first, "--json", env=env).stdout)
    assert (shown["read"], shown["starred"], shown["tags"], shown["note"]) == (
        True,
        True,
        ["climate"],
        "check the figures",
    )
    hits = json.loads(run_cli("search", "tag:climate", "--json", env=env).stdout)["hits"]
    assert [h["id"] for h in hits] == [first]
    assert {k: hits[0][k] for k in ("read", "starred", "tags", "note")} == {
        k: shown[k] for k in ("read", "starred", "tags", "note")
    }
    other = listing[1]["id"]
    plain = json.loads(run_cli("show", other, "--json", env=env).stdout)
    assert plain["read"] is False  # show from a script does not read it ...
    marked = json.loads(run_cli("show", other, "--json", "--mark-read", env=env).stdout)
    assert marked["read"] is True  # ... unless it says so
    unread = json.loads(run_cli("search", "is:unread", "--json", env=env).stdout)
    assert unread["total"] == 0
    assert run_cli("mark", "no-such-id", "--star", env=env).returncode == 1
    assert run_cli("tag", first, "bare", env=env).returncode == 2


def test_a_missing_index_given_with_index_is_exit_3_and_never_made(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent"
    for args in (("search", "x"), ("list",), ("show", "x"), ("mark", "x", "--star"), ()):
        proc = run_cli("--index", str(missing), *args)
        assert proc.returncode == 3, (args, proc.stdout, proc.stderr)
        assert f"no index at {missing}; run `spacetui index PATH --index {missing}`" in proc.stderr
        assert not missing.exists()
    # a folder of other files is never made an index
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    proc = run_cli("index", "--index", str(folder), str(folder))
    assert proc.returncode == 3 and "holds other files (notes.txt)" in proc.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    # the default index still starts from the seeds (test_cli.test_first_search_builds_the_seeds...)
