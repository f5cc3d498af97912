"""Copies, stories, comparing two articles and the timeline: on the real index, real files."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacetui.entities.overrides import norm
from spacetui.index import doc_tables
from spacetui.index.build import update_index
from spacetui.index.store import IndexStore
from spacetui.search.service import SearchService
from spacetui.stories import groups, linking
from spacetui.stories.groups import STORIES_FILE, StoryGroups
from spacetui.stories.timeline import choose_unit, timeline
from tests.conftest import require_shared, run_cli

STORY = (
    "The harbour authority of Port Elsworth said on Tuesday that the northern breakwater will be "
    "rebuilt after the winter storms tore a gap of forty metres into the old stone wall. Engineers "
    "from the regional water board inspected the damage and found that the foundations had been "
    "washed out along most of the length of the structure. The work is expected to take two years "
    "and to cost about thirty million pounds, paid for by the port and the national government. "
    "Fishing boats will use the southern basin while the breakwater is closed to all traffic."
)
OTHER = (
    "A new library opened in the centre of Marlow Green on Saturday with a reading room for "
    "children, a small cinema and a garden on the roof. The building was designed by a local "
    "architect who grew up in the town and wanted a place where people could meet without "
    "having to buy anything. Volunteers will run evening classes in languages and computing, and "
    "the council hopes that the library will bring shoppers back to the high street."
)


def _write(folder: Path, name: str, title: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return path


def _ids_by_path(index: Path) -> dict[str, str]:
    service = SearchService(index)
    return {Path(h.path).name: h.id for h in service.list_articles()}


def _two_copies_and_another(corpus: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """An index of a.txt, its near copy b.txt and c.txt; the ids by file name."""
    index = tmp_path / "index"
    _write(corpus, "a.txt", "Breakwater to be rebuilt", STORY)
    # A near copy: the wire sent it again with a figure corrected.
    _write(corpus, "b.txt", "Breakwater to be rebuilt", STORY.replace("forty", "fifty"))
    _write(corpus, "c.txt", "Library opens", OTHER)
    update_index(index, [corpus], entities=False)
    return index, _ids_by_path(index)


def test_copies_collapse_and_follow_additions_and_removals(corpus: Path, tmp_path: Path) -> None:
    index, ids = _two_copies_and_another(corpus, tmp_path)
    service = SearchService(index)
    groups = service.stories()
    assert groups.versions_of(ids["a.txt"]) == [ids["b.txt"]]
    assert groups.versions_of(ids["c.txt"]) == []

    # Collapsed: one result for the two copies, the total still counts both.
    result = service.search("breakwater", collapse=True)
    assert result.total == 2 and len(result.hits) == 1 and result.folded == 1 and result.collapsed
    (hit,) = result.hits
    assert {hit.id, *hit.versions} == {ids["a.txt"], ids["b.txt"]} and hit.snippet_text
    assert json.loads(json.dumps(result.to_dict()))["hits"][0]["versions"] == hit.versions
    every = service.search("breakwater")
    assert every.total == 2 and len(every.hits) == 2 and not every.collapsed

    # An exact copy added later joins the group, without working out the others again.
    state_before = StoryGroups.load(index / (service.store.current_name() or "")).state
    (corpus / "d.txt").write_bytes((corpus / "c.txt").read_bytes())
    report = update_index(index, [corpus], entities=False)
    assert report.added == 1 and not report.rebuilt
    ids = _ids_by_path(index)
    service = SearchService(index)
    assert service.stories().versions_of(ids["c.txt"]) == [ids["d.txt"]]
    assert service.stories().state != state_before

    # Removing one copy leaves the other alone.
    (corpus / "b.txt").unlink()
    update_index(index, [corpus], entities=False)
    service = SearchService(index)
    assert service.stories().versions_of(ids["a.txt"]) == []
    assert service.search("breakwater", collapse=True).total == 1


def test_removing_the_copy_that_stood_for_the_others(corpus: Path, tmp_path: Path) -> None:
    """Exact copies are shingled once; when that one goes, another copy keeps their near copies."""
    index = tmp_path / "index"
    _write(corpus, "a.txt", "Breakwater to be rebuilt", STORY)
    _write(corpus, "b.txt", "Breakwater to be rebuilt", STORY)
    _write(corpus, "c.txt", "Breakwater to be rebuilt", STORY.replace("forty", "fifty"))
    update_index(index, [corpus], entities=False)
    ids = _ids_by_path(index)
    assert set(SearchService(index).stories().versions_of(ids["c.txt"])) == {ids["a.txt"], ids["b.txt"]}
    for name in ("a.txt", "b.txt"):
        (corpus / name).unlink()
        (corpus / name.replace(".txt", "2.txt")).write_text(
            f"Breakwater to be rebuilt\n\n{STORY}\n", encoding="utf-8"
        )
        update_index(index, [corpus], entities=False)
    ids = _ids_by_path(index)
    groups = SearchService(index).stories()
    assert set(groups.versions_of(ids["c.txt"])) == {ids["a2.txt"], ids["b2.txt"]}


def test_groups_are_worked_out_again_when_the_saved_ones_do_not_match(corpus: Path, tmp_path: Path) -> None:
    """A run killed between the commit and saving the groups (or an index from before them)."""
    index = tmp_path / "index"
    _write(corpus, "a.txt", "Library opens", OTHER)
    _write(corpus, "b.txt", "Library opens", OTHER)
    update_index(index, [corpus], entities=False)
    gen = index / (SearchService(index).store.current_name() or "")
    (gen / STORIES_FILE).unlink()
    report = update_index(index, [corpus], entities=False)
    assert not report.changed
    ids = _ids_by_path(index)
    assert SearchService(index).stories().versions_of(ids["a.txt"]) == [ids["b.txt"]]


@pytest.mark.shared
@pytest.mark.slow
def test_bbc_exact_duplicates_collapse_into_their_originals_group(tmp_path: Path) -> None:
    folder = require_shared("news", "bbc")
    index = tmp_path / "index"
    update_index(index, [folder], entities=False)
    service = SearchService(index)
    groups = service.stories()
    by_path = {h.path: h.id for h in service.list_articles()}
    same: dict[str, list[str]] = defaultdict(list)
    for path in sorted(by_path):
        same[hashlib.sha256(Path(path).read_bytes()).hexdigest()].append(by_path[path])
    copies = [ids for ids in same.values() if len(ids) > 1]
    assert copies, "the BBC folder has exact duplicates"
    for ids in copies:
        original = groups.version_group(ids[0])
        assert all(groups.version_group(i) == original for i in ids), ids
        assert set(groups.versions_of(ids[0])) >= set(ids[1:])
    # In results: a duplicated article's title finds one result carrying its copies.
    first = service.article(copies[0][0])
    assert first is not None
    result = service.search(f'title:"{first.title}"', limit=50, collapse=True)
    shown = [h for h in result.hits if h.id in copies[0]]
    assert len(shown) == 1 and set(shown[0].versions) >= set(copies[0]) - {shown[0].id}


def test_compare_the_seeds(seed_index: Path) -> None:
    proc = run_cli("--index", str(seed_index), "compare", "000", "004", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    service = SearchService(seed_index)
    # (each article's own spellings: the corpus shows both under one name)
    first = service.article(data["first"]["id"], as_stored=True)
    second = service.article(data["second"]["id"], as_stored=True)
    assert first is not None and second is not None
    pairs = {(v["first"], v["second"]) for v in data["variants"]}
    pereslid = next(e.name for e in first.entities if "Pereslid" in e.name)
    peresild = next(e.name for e in second.entities if "Peresild" in e.name)
    assert (pereslid, peresild) in pairs

    # Only one article names it: no entity of the other (of its type) has any of its names.
    def names(entities: list) -> set[tuple[str, str]]:
        return {(e.type, norm(n)) for e in entities for n in [e.name, *e.aliases]}

    variant_names = {v["second"] for v in data["variants"]} | {v["first"] for v in data["variants"]}
    for side, mine, theirs in (
        ("only_second", second.entities, first.entities),
        ("only_first", first.entities, second.entities),
    ):
        expected = {
            e.name
            for e in mine
            if e.type != "date"
            and e.name not in variant_names
            and not {(e.type, norm(n)) for n in [e.name, *e.aliases]} & names(theirs)
        }
        listed = {e["name"] for e in data[side] if e["type"] != "date"}
        assert listed == expected, side
    only_second = {e["name"] for e in data["only_second"]}
    assert {"Dmitry Rogozin", "Channel One"} <= only_second
    assert "Dmitry Rogozin" in {e.name for e in second.entities}
    assert data["conflicts"] == []  # both give the actor's age as 36


def test_compare_finds_an_age_that_disagrees(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    _write(
        corpus,
        "one.txt",
        "Bridge engineer honoured",
        "John Harrington, 45, was given the medal of the Institution of Civil Engineers in London "
        "on Monday for the Tamar crossing. Harrington said the prize belonged to his team.",
    )
    _write(
        corpus,
        "two.txt",
        "Medal for bridge builder",
        "The 47-year-old engineer John Harrington received the Institution of Civil Engineers "
        "medal in London for his work on the Tamar crossing, the institution said.",
    )
    update_index(index, [corpus], overrides_path=tmp_path / "none.toml")
    ids = _ids_by_path(index)
    proc = run_cli("--index", str(index), "compare", ids["one.txt"], ids["two.txt"], "--json")
    assert proc.returncode == 0, proc.stderr
    conflicts = json.loads(proc.stdout)["conflicts"]
    assert {
        "entity": "John Harrington",
        "type": "person",
        "kind": "age",
        "first": ["45"],
        "second": ["47"],
    } in (conflicts)


def test_compare_finds_a_date_that_disagrees_and_no_other(corpus: Path, tmp_path: Path) -> None:
    """Two reports of one launch that give it different days disagree; two days of a daily
    report (other figures) and a story re-sent the next day ("yesterday" again) do not."""
    index = tmp_path / "index"
    launch = "The Soyuz rocket carrying the crew lifted off from the Baikonur Cosmodrome on {} 2021."
    _write(corpus, "a.txt", "Crew launched", launch.format("5 October") + " The flight took three hours.")
    _write(
        corpus, "b.txt", "Soyuz lifts off", launch.format("6 October") + " The crew is well, officials said."
    )
    daily = "The Treasury said its balance at the Federal Reserve fell on {} to {} billion dlrs."
    _write(corpus, "c.txt", "Treasury balance", daily.format("March 30", "2.1"))
    _write(corpus, "d.txt", "Treasury balance", daily.format("March 31", "1.8"))
    update_index(index, [corpus], overrides_path=tmp_path / "none.toml")
    ids = _ids_by_path(index)

    def conflicts(x: str, y: str) -> list[dict[str, object]]:
        proc = run_cli("--index", str(index), "compare", ids[x], ids[y], "--json")
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)["conflicts"]  # type: ignore[no-any-return]

    dated = [c for c in conflicts("a.txt", "b.txt") if c["kind"] == "date"]
    assert dated and all((c["first"], c["second"]) == (["2021-10-05"], ["2021-10-06"]) for c in dated)
    assert not [c for c in conflicts("c.txt", "d.txt") if c["kind"] == "date"]

    # the same story sent on two days: its "yesterday" is two days, and no disagreement
    resent = "Police evicted office workers in the city of Oruro after they began a hunger strike yesterday."
    records = [
        {"id": f"wire-{n}", "title": "Miners strike", "text": resent, "date": day}
        for n, day in enumerate(["1987-03-19", "1987-03-20"])
    ]
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    update_index(index, [folder], overrides_path=tmp_path / "none.toml")
    proc = run_cli("--index", str(index), "compare", "wire-0", "wire-1", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["conflicts"] == []


def test_compare_and_story_say_what_is_wrong(seed_index: Path) -> None:
    proc = run_cli("--index", str(seed_index), "compare", "000", "no-such-id")
    assert proc.returncode == 1 and "no article with id" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_cli("--index", str(seed_index), "story", "no-such-id")
    assert proc.returncode == 1 and "no article with id" in proc.stderr


def test_story_lists_articles_by_date(seed_index: Path) -> None:
    proc = run_cli("--index", str(seed_index), "story", "004", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    dates = [a["date"] or "9999" for a in data["articles"]]
    assert dates == sorted(dates) and data["story"] in {a["id"] for a in data["articles"]}


def test_timeline_counts_the_matching_articles(corpus: Path, tmp_path: Path) -> None:
    days = ["2021-03-01", "2021-03-01", "2021-03-04", "2021-03-20", None]
    with open(corpus / "wire.jsonl", "w", encoding="utf-8") as fh:
        for n, day in enumerate(days):
            record = {"id": f"w{n}", "title": f"Harbour report {n}", "text": OTHER, "date": day}
            fh.write(json.dumps(record) + "\n")
    index = tmp_path / "index"
    update_index(index, [corpus], entities=False)
    proc = run_cli("--index", str(index), "timeline", "harbour", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    dated = [date.fromisoformat(d) for d in days if d]
    assert data["unit"] == choose_unit(min(dated), max(dated)) == "day"
    assert data["dated"] == len(dated) and data["undated"] == days.count(None)
    counts = {b["start"]: b["count"] for b in data["buckets"]}
    for d in set(dated):
        assert counts[d.isoformat()] == dated.count(d)
    assert sum(counts.values()) == len(dated) and len(counts) == (max(dated) - min(dated)).days + 1


def test_timeline_unit_follows_the_span() -> None:
    start = date(1987, 2, 26).toordinal()
    weeks = timeline([start, start + 200])
    assert weeks.unit == "week" and all(b.start.weekday() == 0 for b in weeks.buckets)
    months = timeline([start, start + 3000])
    assert months.unit == "month" and sum(months.counts) == 2
    assert all(b.start.day == 1 for b in months.buckets)
    assert timeline([0, 0]).buckets == [] and timeline([0, 0]).undated == 2


def test_search_and_stories_do_not_load_datasketch(seed_index: Path) -> None:
    """Grouping is index-time work: a search (the keystroke path) only reads the saved groups."""
    code = (
        "import sys\nfrom spacetui.search.service import SearchService\n"
        f"s = SearchService({str(seed_index)!r})\n"
        "r = s.search('cruise')\nassert r.hits and r.hits[0].group\n"
        "print(','.join(m for m in ('datasketch', 'scipy') if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == ""


def test_a_timeline_range_replaces_the_date_filter(corpus: Path, tmp_path: Path) -> None:
    """``with_date_range`` puts the range in the query (a boolean one requires it), and the
    search finds exactly the matching records dated in it."""
    from spacetui.search.service import SearchService
    from spacetui.stories.timeline import with_date_range

    days = ["2021-03-01", "2021-03-03", "2021-03-05", "2021-03-08", "2021-04-02"]
    with open(corpus / "wire.jsonl", "w", encoding="utf-8") as fh:
        for n, day in enumerate(days):
            word = "harbour" if n % 2 else "library"
            fh.write(
                json.dumps({"id": f"w{n}", "title": f"{word} report {n}", "text": OTHER, "date": day}) + "\n"
            )
    index = tmp_path / "index"
    update_index(index, [corpus], entities=False)
    service = SearchService(index)
    first, last = date(2021, 3, 2), date(2021, 3, 8)
    for typed in ["harbour OR library date:2021-04", "harbour -date:2021-03-03", "(harbour OR library)"]:
        query = with_date_range(typed, first, last)
        assert "date:2021-04" not in query and ("-date:2021-03-03" in query) == ("-date" in typed)
        assert query.endswith(f"date:{first}..{last}")
        found = {h.id for h in service.search(query, limit=100, snippets=False).hits}
        plain = {h.id for h in service.search(with_date_range(typed, date(1900, 1, 1), date(2100, 1, 1)),
                                               limit=100, snippets=False).hits}  # fmt: skip
        in_range = {f"w{n}" for n, d in enumerate(days) if first <= date.fromisoformat(d) <= last}
        assert found == plain & in_range and found, typed


@pytest.mark.shared
def test_saved_state_updated_in_steps_equals_one_worked_out_at_once(tmp_path: Path) -> None:
    """The linker's saved state (columns, shared signatures, its LSH tables), loaded and
    updated run after run, gives the groups and links of one built from all the articles at
    once: on Reuters stories with exact copies, near copies and same-day stories."""
    from spacetui.index.build import iter_stored
    from spacetui.stories.linking import StoryLinker

    source = require_shared("news", "reuters21578.jsonl")
    records = [json.loads(line) for line in source.read_text("utf-8").splitlines()[:400]]
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n, r in enumerate(records):
        body = str(r.get("text") or "")
        if not body.strip():
            continue
        name = f"{n:04d}.txt"
        _write(folder, name, str(r.get("title") or ""), body)
        if n % 9 == 0:  # an exact copy under another name
            _write(folder, f"copy-{name}", str(r.get("title") or ""), body)
        if n % 13 == 0:  # a near copy: one word changed
            _write(folder, f"near-{name}", str(r.get("title") or ""), body.replace(" the ", " a ", 1))
    index = tmp_path / "index"
    files = sorted(folder.iterdir())
    held = files[len(files) // 2 :]
    aside = tmp_path / "aside"
    aside.mkdir()
    for f in held:
        f.rename(aside / f.name)
    update_index(index, [folder], entities=False)
    for step, f in enumerate(held):  # the rest in three runs, one removal among them
        (aside / f.name).rename(folder / f.name)
        if step % (len(held) // 3 + 1) == 0:
            if step:
                files[step].unlink()
            update_index(index, [folder], entities=False)
    update_index(index, [folder], entities=False)
    gen = IndexStore(index).current_dir()
    assert gen is not None
    saved = StoryGroups.load(gen)
    scratch = StoryLinker.from_articles(iter_stored(index)).groups()
    assert saved.version_groups() == scratch.version_groups()
    assert saved.story_groups() == scratch.story_groups()
    assert any(len(g) > 1 for g in saved.version_groups()) and saved.story_groups()
    loaded = StoryLinker.load(gen, saved.index_generation)
    assert loaded is not None
    again = loaded.groups()
    assert again.version_groups() == scratch.version_groups()
    assert again.story_groups() == scratch.story_groups()


@pytest.mark.parametrize("threshold", [linking.NEAR_COPY, linking.STORY_CANDIDATE])
def test_band_table_finds_what_datasketch_lsh_finds(threshold: float) -> None:
    """The linker's LSH tables give the candidates datasketch's MinHashLSH gives for the same
    signatures (Reuters stories, with their re-sent copies), before and after removals."""
    from datasketch import LeanMinHash, MinHashLSH

    source = require_shared("news", "reuters21578.jsonl")
    signatures: dict[str, object] = {}
    with source.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            words = linking._WORD.findall(f"{rec.get('title') or ''}\n{rec.get('text') or ''}".casefold())
            hashes = linking.shingle_hashes(words)
            if len(hashes) >= linking.MIN_SHINGLES:
                signatures[str(rec["id"])] = linking.signature_of(hashes)
            if len(signatures) >= 3000:
                break
    theirs = MinHashLSH(threshold=threshold, num_perm=linking.NUM_PERM)
    ours = linking.BandTable(threshold)
    lean = {
        a: LeanMinHash(seed=linking.SEED, hashvalues=s, scheme=linking.SCHEME) for a, s in signatures.items()
    }
    for a, s in signatures.items():
        theirs.insert(a, lean[a])
        ours.insert(a, ours.band_keys(s))
    gone = list(signatures)[::7]
    for a in gone:
        theirs.remove(a)
        ours.remove(a)
    found = 0
    for a, s in signatures.items():
        expected = set(theirs.query(lean[a]))
        assert ours.query(ours.band_keys(s)) == expected, a
        found += len(expected - {a})
    assert found > 0  # some stories do share text: the comparison saw candidates


@settings(max_examples=300, deadline=None)
@given(
    versions=st.lists(st.integers(min_value=0, max_value=4), min_size=12, max_size=12),
    stories=st.lists(st.integers(min_value=0, max_value=4), min_size=12, max_size=12),
)
def test_an_articles_story_is_found_through_its_copies_or_alone(
    versions: list[int], stories: list[int]
) -> None:
    # Article i is in group of copies versions[i] and story stories[i]; 0 means in none. Copies
    # split across stories too, though the builder never makes them.

    def groups_of(marks: list[int]) -> list[list[str]]:
        grouped = [[f"a{i}" for i, m in enumerate(marks) if m == g] for g in range(1, 5)]
        return [g for g in grouped if len(g) > 1]

    groups = StoryGroups.of(groups_of(versions), groups_of(stories))
    for i in range(12):
        a = f"a{i}"
        story = next((g for g in groups.story_groups() if a in g), None)
        assert groups.story_of(a) == (story[0] if story else a)
        assert groups.members(a) == (story if story else [a])


def test_groups_saved_as_lists_by_an_older_spacetui_still_read(tmp_path: Path) -> None:
    # Format 3 (lists in JSON): an index built before the arrays keeps its copies and stories.
    versions, stories = [["b", "a"], ["c", "d", "e"]], [["b", "a", "x"]]
    saved = {"format": 3, "index_generation": 4, "state": "s", "versions": versions, "stories": stories}
    (tmp_path / STORIES_FILE).write_text(json.dumps(saved))
    loaded = StoryGroups.load(tmp_path)
    assert not loaded.stale and loaded.index_generation == 4 and loaded.state == "s"
    assert loaded.version_groups() == versions and loaded.story_groups() == stories
    assert loaded.versions_of("a") == ["b"] and loaded.story_of("x") == "b" and loaded.members("d") == ["d"]


def test_saved_groups_read_back_and_replace_the_previous_ones(tmp_path: Path) -> None:
    first = StoryGroups.of([["a", "b"]], [["a", "b", "c"]], 1, "one")
    first.save(tmp_path)
    second = StoryGroups.of([["é", "d"], ["f", "g", "h"]], [], 2, "two")
    second.save(tmp_path)
    loaded = StoryGroups.load(tmp_path)
    assert (loaded.index_generation, loaded.state) == (2, "two")
    assert loaded.version_groups() == [["é", "d"], ["f", "g", "h"]] and loaded.story_groups() == []
    assert loaded.version_numbers(["d", "a", "h", "zz"]) == [0, -1, 1, -1]
    assert loaded.version_group("g") == "f" and loaded.members("a") == ["a"]
    assert loaded.copies_per_article(10) == (4 + 9 + 10 - 5) / 10
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == [f"{groups.GROUPS_PREFIX}two"]
    # Saved before the file said how many articles are grouped: the arrays are read all the same.
    meta = json.loads((tmp_path / STORIES_FILE).read_text())
    del meta["articles"]
    (tmp_path / STORIES_FILE).write_text(json.dumps(meta))
    assert StoryGroups.load(tmp_path).version_groups() == [["é", "d"], ["f", "g", "h"]]


def test_ids_whose_hashes_are_equal_are_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    # 64-bit hashes of two ids are almost never equal; when they are, the id itself decides.
    monkeypatch.setattr(groups, "id_hash", lambda article_id: len(article_id))
    table = StoryGroups.of([["ab", "cd"], ["ef", "gh", "x"]], [["cd", "y"]])
    assert table.version_numbers(["gh", "cd", "ab", "zz", "x", "y", "q"]) == [1, 0, 0, -1, 1, -1, -1]
    assert table.versions_of("ef") == ["gh", "x"] and table.story_of("y") == "cd"
    assert table.labels(["ab", "zz"]) == [("ab", ["cd"]), ("zz", [])]


def test_an_index_with_groups_saved_as_lists_gets_arrays_and_copy_keys_on_the_next_run(
    corpus: Path, tmp_path: Path
) -> None:
    index, ids = _two_copies_and_another(corpus, tmp_path)
    gen = IndexStore(index).current_dir()
    assert gen is not None
    saved = StoryGroups.load(gen)
    # As an older spacetui left it: lists in JSON, no arrays, no copy keys.
    older = {
        "format": 3,
        "index_generation": saved.index_generation,
        "state": saved.state,
        "versions": saved.version_groups(),
        "stories": saved.story_groups(),
    }
    for folder in gen.glob(f"{groups.GROUPS_PREFIX}*"):
        shutil.rmtree(folder)
    (gen / STORIES_FILE).write_text(json.dumps(older))
    service = SearchService(index)
    assert service.stories().versions_of(ids["a.txt"]) == [ids["b.txt"]]  # read as it is
    update_index(index, [corpus], entities=False)  # nothing changed in the folder
    upgraded = StoryGroups.load(gen)
    assert json.loads((gen / STORIES_FILE).read_text())["format"] == groups.FORMAT
    assert upgraded.version_groups() == saved.version_groups() and upgraded.state == saved.state
    reader = SearchService(index)._searcher().reader()
    assert upgraded.has_copy_keys_for(doc_tables.segments_of(reader))


def test_an_update_that_touches_no_group_keeps_the_saved_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article with no copy and no link joins no group, and removing one takes it from none:
    saving then keeps the saved groups instead of working out every article's again (seconds at
    a million articles). Adding a copy, or removing an article of a group, works them out again.
    Either way they equal groups worked out from scratch (Reuters stories with copies)."""
    from spacetui.index.build import iter_stored
    from spacetui.stories.linking import StoryLinker

    source = require_shared("news", "reuters21578.jsonl")
    records = [json.loads(line) for line in source.read_text("utf-8").splitlines()[:120]]
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n, r in enumerate(records):
        if str(r.get("text") or "").strip():
            _write(folder, f"{n:04d}.txt", str(r.get("title") or ""), str(r["text"]))
            if n % 10 == 0:
                _write(folder, f"copy-{n:04d}.txt", str(r.get("title") or ""), str(r["text"]))
    index = tmp_path / "index"
    update_index(index, [folder], entities=False)
    worked_out: list[int] = []
    original = StoryLinker.groups

    def counted(self: StoryLinker, *args: Any, **kwargs: Any) -> StoryGroups:
        worked_out.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(StoryLinker, "groups", counted)
    looked_up: list[int] = []  # articles whose group of copies the copy keys looked up
    numbers = StoryGroups.version_numbers

    def counted_numbers(self: StoryGroups, article_ids: list[str]) -> list[int]:
        looked_up.append(len(article_ids))
        return numbers(self, article_ids)

    monkeypatch.setattr(StoryGroups, "version_numbers", counted_numbers)

    def step(change: Callable[[], object], groups_worked_out: int) -> None:
        worked_out.clear()
        looked_up.clear()
        change()
        update_index(index, [folder], entities=False)
        assert len(worked_out) == groups_worked_out
        gen = IndexStore(index).current_dir()
        assert gen is not None
        saved = StoryGroups.load(gen)
        scratch = StoryLinker.from_articles(iter_stored(index)).groups()
        assert saved.version_groups() == scratch.version_groups()
        assert any(len(g) > 1 for g in saved.version_groups())
        # each document's group of copies, as saved, is the one worked out from scratch
        with SearchService(index)._searcher() as searcher:
            reader = searcher.reader()
            segments = doc_tables.segments_of(reader)
            keys = saved.copy_keys(segments, lambda g: pytest.fail("no copy keys saved for the index"))
            fresh = doc_tables.copy_keys(reader, gen, scratch.version_numbers)
        pairs = set(zip(keys.tolist(), fresh.tolist(), strict=True))  # one group each way
        assert len(pairs) == len(set(keys.tolist())) == len(set(fresh.tolist()))

    step(lambda: _write(folder, "library.txt", "Library opens", OTHER), 0)
    assert sum(looked_up[:1]) == 1  # the copy keys: the new article looked up, not all of them
    step(lambda: (folder / "library.txt").unlink(), 0)
    first = next(p for p in sorted(folder.iterdir()) if not p.name.startswith("copy-"))
    step(lambda: shutil.copy(first, folder / "another-copy.txt"), 1)
    step(lambda: (folder / "copy-0000.txt").unlink(), 1)


def test_compare_holds_one_entity_of_the_corpus_as_one() -> None:
    """An article that names a company and, as the model's place, its first word ("Murgold
    Resources Inc ... Murgold said") compares as naming it once: the corpus holds them one."""
    from spacetui.articles.model import Article, Entity
    from spacetui.entities.corpus import CorpusEntities
    from spacetui.entities.overrides import Overrides
    from spacetui.stories.compare import compare

    one_text = "Murgold Resources Inc said the vein was rich. Murgold said more drilling follows."
    two_text = "Murgold Resources Inc said assays at Timmins were good."
    firm = Entity("Murgold Resources Inc", "org", mentions=[(0, 21)])
    word = Entity("Murgold", "place", mentions=[(46, 53)], within="Murgold Resources Inc")
    one = Article("1", "One", [one_text], entities=[firm, word])
    two = Article(
        "2", "Two", [two_text], entities=[Entity("Murgold Resources Inc", "org", mentions=[(0, 21)])]
    )
    corpus = CorpusEntities(overrides=Overrides())
    corpus.add(one.entities)
    corpus.add(two.entities)
    out = compare(one, two, corpus)
    assert out.only_first == [] and out.only_second == []
    (shared,) = out.shared
    assert shared[0].name == "Murgold Resources Inc" and shared[0].aliases == ["Murgold"]
    assert sorted(shared[0].mentions) == [(0, 21), (46, 53)]
