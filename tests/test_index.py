"""Incremental indexing (add, change, delete, nothing to do), rebuilds, and locking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spacetui.index.build import update_index
from spacetui.index.schema import SCHEMA_VERSION
from spacetui.index.store import IndexBusy, IndexStore
from spacetui.search.service import SearchService


def _write(folder: Path, name: str, title: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return path


PROSE = (
    "The committee met on Monday to discuss the proposal, which would change how the city "
    "funds its public libraries over the next decade. Members asked detailed questions about "
    "the costs and the schedule before the vote was postponed until the spring session."
)


def _titles(index_dir: Path, query: str = "*") -> list[str]:
    service = SearchService(index_dir)
    try:
        return sorted(h.title for h in service.search(query, limit=100, facets=False).hits)
    finally:
        service.close()


def test_add_change_delete_and_nothing_to_do(corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    a = _write(corpus, "a.txt", "Library funding vote", PROSE)
    _write(corpus, "b.txt", "Harbour bridge repairs", PROSE.replace("libraries", "bridges"))
    report = update_index(ix, [corpus], entities=False)
    assert (report.added, report.rebuilt) == (2, "new index")
    assert _titles(ix) == ["Harbour bridge repairs", "Library funding vote"]

    again = update_index(ix, entities=False)
    assert not again.changed and again.unchanged == 2

    a.write_text("Library funding approved\n\n" + PROSE + " Then it passed.", encoding="utf-8")
    _write(corpus, "c.txt", "Tram line extension", PROSE.replace("libraries", "trams"))
    (corpus / "b.txt").unlink()
    report = update_index(ix, entities=False)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 0)
    assert _titles(ix) == ["Library funding approved", "Tram line extension"]
    assert _titles(ix, "bridges") == []
    assert _titles(ix, "passed") == ["Library funding approved"]


def test_paths_accumulate_and_rebuild_replaces(corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    other = tmp_path / "other"
    other.mkdir()
    _write(corpus, "a.txt", "First folder story", PROSE)
    _write(other, "b.txt", "Second folder story", PROSE)
    update_index(ix, [corpus], entities=False)
    update_index(ix, [other], entities=False)
    assert _titles(ix) == ["First folder story", "Second folder story"]
    report = update_index(ix, [other], rebuild=True, entities=False)
    assert report.rebuilt == "rebuild requested"
    assert _titles(ix) == ["Second folder story"]


def test_schema_change_rebuilds_automatically(corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    _write(corpus, "a.txt", "A story", PROSE)
    update_index(ix, [corpus], entities=False)
    store = IndexStore(ix)
    gen = store.current_dir()
    assert gen is not None
    meta = json.loads((gen / "spacetui.json").read_text())
    meta["schema_version"] = SCHEMA_VERSION - 1
    (gen / "spacetui.json").write_text(json.dumps(meta))
    report = update_index(ix, entities=False)
    assert report.rebuilt == "index format changed"
    assert store.current_dir() != gen
    assert _titles(ix) == ["A story"]


def test_a_second_writer_waits_then_refuses_clearly(tmp_path: Path) -> None:
    store = IndexStore(tmp_path / "ix")
    with store.write_lock(), pytest.raises(IndexBusy, match="another spacetui is updating"):
        update_index(tmp_path / "ix", entities=False, lock_timeout=0.3)


def test_missing_root_keeps_its_articles(corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    _write(corpus, "a.txt", "Kept story", PROSE)
    update_index(ix, [corpus], entities=False)
    corpus.rename(tmp_path / "moved")
    report = update_index(ix, entities=False)
    assert report.removed == 0
    assert any("folder not found" in e.reason for e in report.errors)
    assert _titles(ix) == ["Kept story"]


def test_read_only_index_folder_fails_clearly(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        from spacetui.index.store import IndexError_

        with pytest.raises(IndexError_, match="read-only"):
            update_index(folder / "ix", entities=False)
    finally:
        folder.chmod(0o700)


def test_one_big_jsonl_reports_bytes_and_articles_as_it_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A single export file must not sit at "0 of 1" until it is done (it was per file)."""
    from spacetui.index import progress as progress_module
    from spacetui.index.progress import progress_text

    export = tmp_path / "export.jsonl"
    with export.open("w", encoding="utf-8") as fh:
        for n in range(3000):
            record = {"title": f"Quarry report {n}", "text": f"Stone output rose {n} tonnes. " * 20}
            fh.write(json.dumps(record) + "\n")
    seen: list[tuple[int, int, int]] = []

    def listen(stage: str, done: int, total: int, articles: int) -> None:
        if stage == "indexing":
            seen.append((done, total, articles))

    # Report every read, so the test does not depend on how fast this machine is.
    monkeypatch.setattr(progress_module, "PROGRESS_EVERY", 0.0)
    update_index(tmp_path / "ix", [export], entities=False, progress=listen)
    size = export.stat().st_size
    assert len(seen) > 100 and all(total == size for _, total, _ in seen)
    assert [done for done, _, _ in seen] == sorted(done for done, _, _ in seen)
    assert seen[len(seen) // 2][0] < size and 0 < seen[len(seen) // 2][2] < 3000
    assert seen[-1] == (size, size, 3000)
    assert progress_text("indexing", *seen[-1]).endswith("3,000 articles")
