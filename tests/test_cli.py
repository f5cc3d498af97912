"""The real command line in a subprocess: the 'done means' of the foundation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spacetui.safetext import display_text
from tests.conftest import run_cli


def _env(index: Path) -> dict[str, str]:
    return {"SPACETUI_INDEX": str(index)}


def test_first_search_builds_the_seeds_then_finds_both(tmp_path: Path) -> None:
    env = _env(tmp_path / "ix")
    proc = run_cli("search", "Cruise", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "2 results for Cruise" in proc.stdout
    assert "Tom Cruise Has a New Rival" in proc.stdout
    assert "Russia pulls ahead of Elon Musk" in proc.stdout
    assert "indexing the bundled articles" in proc.stderr

    again = run_cli("index", env=env)
    assert again.returncode == 0
    assert "Nothing to do" in again.stdout


def test_search_variants_and_json(seed_index: Path) -> None:
    env = _env(seed_index)
    proc = run_cli("search", "title:russia", "--json", env=env)
    data = json.loads(proc.stdout)
    assert proc.returncode == 0
    assert [h["title"] for h in data["hits"]] == [
        "Russia pulls ahead of Elon Musk in the race to shoot first movie in space"
    ]
    assert set(data) >= {"query", "total", "hits", "error", "suggestion", "facets", "notices"}
    assert set(data["hits"][0]) >= {"id", "title", "date", "source", "authors", "path", "snippet", "score"}

    fuzzy = json.loads(run_cli("search", "Peresild~", "--json", env=env).stdout)
    assert fuzzy["total"] == 2
    highlights = {h for hit in fuzzy["hits"] for h in hit["highlights"]}
    assert {"Peresild", "Pereslid"} <= highlights

    none = run_cli("search", "zzzyzx", env=env)
    assert none.returncode == 1

    # words only some results have all of: both counts, in JSON and in the heading
    some = json.loads(run_cli("search", "cruise rival", "--json", env=env).stdout)
    assert (some["total"], some["all_words"]) == (2, 1)
    assert json.loads(run_cli("search", "cruise", "--json", env=env).stdout)["all_words"] is None
    assert run_cli("search", "cruise rival", env=env).stdout.startswith(
        "2 results for cruise rival (1 with all"
    )

    pasted = run_cli("search", '"space', env=env)  # searched as words, and said so once
    assert pasted.returncode == 0
    assert pasted.stdout.count("Read as words: an unclosed quote.") == 1
    assert "Traceback" not in pasted.stderr


def test_list_and_show(seed_index: Path) -> None:
    env = _env(seed_index)
    listing = json.loads(run_cli("list", "--json", env=env).stdout)
    assert len(listing) == 2
    assert all(set(item) >= {"id", "title", "date", "path"} for item in listing)
    seed4 = next(i for i in listing if i["path"].endswith("004_207db56e82e31d33.txt"))

    shown = run_cli("show", seed4["id"], "--json", env=env)
    article = json.loads(shown.stdout)
    assert article["id"] == seed4["id"]
    assert article["title"] == seed4["title"]
    assert article["body"] and article["raw"].startswith("Film & TV")
    assert "entities" in article

    human = run_cli("show", seed4["id"][:5], env=env)
    assert human.returncode == 0 and seed4["title"] in human.stdout

    missing = run_cli("show", "no-such-id", env=env)
    assert missing.returncode == 1 and "no article" in missing.stderr

    # A start that fits both seeds names them instead of saying there is no such article.
    a, b = (i["id"] for i in listing)
    common = a[: next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))]
    assert common, [i["id"] for i in listing]
    several = run_cli("show", common, env=env)
    assert several.returncode == 1 and "no article" not in several.stderr
    assert all(i["id"] in several.stderr for i in listing) and "more of the id" in several.stderr


def test_usage_errors_exit_2(seed_index: Path) -> None:
    assert run_cli("search", env=_env(seed_index)).returncode == 2
    assert run_cli("frobnicate").returncode == 2
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("spacetui ")
    for command in ("index", "search", "list", "show", "entities"):
        assert run_cli(command, "--help").returncode == 0


def test_index_json_reports_skipped_files(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "ok.txt").write_text(
        "A fine headline\n\nA paragraph of ordinary prose that says what happened, where and when it did.",
        encoding="utf-8",
    )
    (corpus / "bad.json").write_text("{oops", encoding="utf-8")
    proc = run_cli("index", str(corpus), "--json", "--no-entities", env=_env(tmp_path / "ix"))
    report = json.loads(proc.stdout)
    assert proc.returncode == 0
    assert report["added"] >= 1
    assert any(s["path"].endswith("bad.json") for s in report["skipped"])


def test_terminal_escapes_in_articles_stay_inert(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    evil_title = "Evil \x1b]0;pwned\x07headline \x1b[31mred\x1b[0m [bold]x[/bold]"
    (corpus / "evil.txt").write_text(
        f"{evil_title}\n\nThe body rings \x07 a bell and \x1b[2J clears the screen \u202e reversed.",
        encoding="utf-8",
    )
    env = _env(tmp_path / "ix")
    run_cli("index", str(corpus), "--no-entities", env=env)
    proc = run_cli("search", "bell", env=env)
    assert proc.returncode == 0
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout and "\u202e" not in proc.stdout
    assert "[bold]x[/bold]" in proc.stdout  # markup shown as text, not applied
    data = json.loads(run_cli("search", "bell", "--json", env=env).stdout)
    # JSON carries the text as shown (escape and control sequences gone): `jq -r` replays nothing
    assert data["hits"][0]["title"] == display_text(evil_title) == "Evil headline red [bold]x[/bold]"
    for fmt in ("jsonl", "csv", "md"):
        exported = run_cli("search", "bell", "--format", fmt, env=env).stdout
        assert "bell" in exported and not {"\x1b", "\x07", "\u202e"} & set(exported), fmt


def _make_outdated(index: Path, what: str = "schema") -> None:
    from spacetui.index.schema import SCHEMA_VERSION
    from spacetui.index.store import IndexStore

    gen = IndexStore(index).current_dir()
    assert gen is not None
    meta = json.loads((gen / "spacetui.json").read_text())
    if what == "schema":
        meta["schema_version"] = SCHEMA_VERSION - 1
    else:  # entities found by older rules (or by a spacetui that did not record them)
        assert meta["entity_rules"]
        del meta["entity_rules"]
    (gen / "spacetui.json").write_text(json.dumps(meta))


@pytest.mark.parametrize("what", ["schema", "entity rules"])
def test_an_index_from_an_older_spacetui_is_named_as_such(seed_index: Path, what: str) -> None:
    env = _env(seed_index)
    assert "older spacetui" not in run_cli("search", "cruise", env=env).stderr
    _make_outdated(seed_index, what)
    proc = run_cli("search", "cruise", env=env)
    assert proc.returncode == 0 and "2 results" in proc.stdout
    assert "built by an older spacetui: run `spacetui index`" in proc.stderr
    assert run_cli("index", env=env).returncode == 0  # rebuilt in the current format
    assert "older spacetui" not in run_cli("search", "cruise", env=env).stderr


def test_the_whole_result_set_exports_as_jsonl_csv_and_markdown(seed_index: Path) -> None:
    import csv
    import io

    from spacetui.search.service import SearchService

    env = _env(seed_index)
    service = SearchService(seed_index)
    result = service.search("space", limit=100, facets=False)
    articles = [service.article(h.id) for h in result.hits]
    assert result.total == len(articles) >= 2

    jsonl = run_cli("search", "space", "--format", "jsonl", env=env)  # every match, not a page
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert [r["id"] for r in records] == [h.id for h in result.hits]
    assert [r["text"] for r in records] == [a.body_text for a in articles if a is not None]
    assert f"{result.total} articles exported as jsonl" in jsonl.stderr

    table = run_cli("search", "space", "--format", "csv", "--sort", "date", env=env)
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert sorted(r["id"] for r in rows) == sorted(h.id for h in result.hits)
    assert all(r["text"] and r["title"] for r in rows)

    bundle = run_cli("search", "space", "--format", "md", "--limit", "1", env=env).stdout
    assert bundle.count("\n# ") + bundle.startswith("# ") == 1 and "---" not in bundle

    assert run_cli("search", "space", "--format", "md", "--json", env=env).returncode == 2
    assert run_cli("search", "zzzyzx", "--format", "csv", env=env).returncode == 1


def test_an_index_cleaned_by_an_older_spacetui_says_to_rebuild(tmp_path: Path) -> None:
    """Files are read again only when they change, so articles an older cleaning read stay as
    it read them: `spacetui index` says so until `--rebuild` reads them with today's."""
    from spacetui.index.store import IndexStore

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "A fine headline\n\nA paragraph of ordinary prose that says what happened, where and when it did.",
        encoding="utf-8",
    )
    env = _env(tmp_path / "ix")
    hint = "spacetui index --rebuild` reads them again"
    first = run_cli("index", str(corpus), "--no-entities", env=env)
    assert first.returncode == 0 and hint not in first.stdout  # a new index: today's cleaning
    gen = IndexStore(tmp_path / "ix").current_dir()
    assert gen is not None
    meta = json.loads((gen / "spacetui.json").read_text())
    del meta["cleaning"]  # (as an index from before the cleaning was recorded)
    (gen / "spacetui.json").write_text(json.dumps(meta))
    for _ in range(2):  # (and not only once: the articles are still the old reading)
        again = run_cli("index", "--no-entities", env=env)
        assert again.returncode == 0 and hint in again.stdout
    assert json.loads(run_cli("index", "--no-entities", "--json", env=env).stdout)["cleaned_before"]
    rebuilt = run_cli("index", "--rebuild", "--no-entities", env=env)
    assert rebuilt.returncode == 0 and hint not in rebuilt.stdout
    assert hint not in run_cli("index", "--no-entities", env=env).stdout
