"""The library store on a real SQLite file: state round trips, identity, two writers at once."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from spacetui.library import ArticleRef, LibraryError, LibraryStore, normalise_tag, parse_tags
from spacetui.library.state import NOTE_MAX_CHARS

ROOT = Path(__file__).resolve().parent.parent

A = ArticleRef("story-a1b2c3", "a" * 32, "/news/story.txt", "A story")
B = ArticleRef("other-d4e5f6", "b" * 32, "/news/other.txt", "Another")


def test_reading_a_missing_library_is_no_state_and_writes_nothing(tmp_path: Path) -> None:
    store = LibraryStore(tmp_path / "library.sqlite3")
    assert store.state(A).empty
    assert not store.snapshot().by_hash
    assert list(tmp_path.iterdir()) == []  # made on the first write only


def test_state_round_trips_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    store = LibraryStore(path)
    store.set_read(A)
    store.set_starred(A)
    store.tag(A, add=["Climate Change", "to read", "climate-change"])
    got = store.set_note(A, "  check the\nfigures  ")
    assert got.read and got.starred
    assert got.tags == ("climate-change", "to-read")
    assert got.note == "check the figures"
    assert store.state(B).empty

    other = LibraryStore(path)  # another process's view of the same file
    assert other.state(A) == got
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    store.set_read(A, False)
    store.set_starred(A, False)
    store.tag(A, remove=["TO READ"])
    store.set_note(A, "")
    assert other.state(A) == store.state(A)  # the other connection sees the change (data_version)
    assert other.state(A).tags == ("climate-change",) and not other.state(A).read
    assert store.set_tags(A, ["x", "y", "x"]).tags == ("x", "y")
    assert store.set_tags(A, []).tags == ()


def test_a_note_is_short_and_tags_are_normalised(tmp_path: Path) -> None:
    store = LibraryStore(tmp_path / "library.sqlite3")
    assert len(store.set_note(A, "word " * 2000).note) == NOTE_MAX_CHARS
    assert normalise_tag(' "Ukraine War" ') == "ukraine-war"
    assert normalise_tag("(),") == ""
    assert parse_tags("a, b  B,,c") == ["a", "b", "c"]
    assert store.tag(A, add=["", "  "]).tags == ()


def test_content_is_the_identity_and_the_id_finds_an_edited_article(tmp_path: Path) -> None:
    store = LibraryStore(tmp_path / "library.sqlite3")
    store.set_starred(A)
    store.tag(A, add=["kept"])
    moved = ArticleRef("story-999999", A.content_hash, "/elsewhere/story.txt", A.title)
    assert store.state(moved).starred  # same content under another id: a moved folder
    edited = ArticleRef(A.id, "c" * 32, A.path, A.title)
    assert store.state(edited).starred  # same id, new content: the file edited in place
    # A change to the edited article starts from the old state and leaves the old content's row.
    after = store.tag(edited, add=["new"])
    assert after.starred and after.tags == ("kept", "new")
    assert store.state(moved).tags == ("kept",)


def test_an_article_without_a_content_hash_is_refused(tmp_path: Path) -> None:
    store = LibraryStore(tmp_path / "library.sqlite3")
    with pytest.raises(LibraryError, match="content hash"):
        store.set_starred(ArticleRef("x", ""))


def test_a_damaged_library_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store = LibraryStore(path)
    with pytest.raises(LibraryError, match="cannot open the library"):
        store.snapshot()
    with pytest.raises(LibraryError):
        store.set_starred(A)


WRITER = """
import sys
from pathlib import Path
from spacetui.library import ArticleRef, LibraryStore
store = LibraryStore(Path(sys.argv[1]))
ref = ArticleRef("story-a1b2c3", "a" * 32)
other = ArticleRef(f"own-{sys.argv[2]}", sys.argv[2] * 32)
for n in range(60):
    store.tag(ref, add=[f"{sys.argv[2]}{n}"])
    store.set_starred(other, n % 2 == 0)
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    LibraryStore(path).set_read(A)  # the file exists before both start
    env = {"PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name], env=env, stderr=subprocess.PIPE)
        for name in ("p", "q")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    state = LibraryStore(path).state(A)
    assert state.read
    assert set(state.tags) == {f"{name}{n}" for name in "pq" for n in range(60)}
    for name in "pq":
        assert not LibraryStore(path).state(ArticleRef(f"own-{name}", name * 32)).starred  # n=59 last
