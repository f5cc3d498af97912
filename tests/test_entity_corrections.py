"""Entity corrections written to entities.toml: the file round-trip, the table read under it
(as the app and `spacetui entities` show it) against a re-index under the same file, and
`spacetui entities --with` against the articles' own entities."""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacetui import tomledit
from spacetui.entities import EntityInfo, entity_key, overrides
from spacetui.entities.overrides import CorrectionError, norm
from spacetui.index.build import update_index
from spacetui.paths import entities_file
from spacetui.search.service import SearchService
from tests.conftest import run_cli

USER_FILE = """\
# My corrections: keep this comment
hide = ["Getty Images"]

[rename]   # typos
"Yulia Pereslid" = "Yulia Peresild"  # seen in one article

[notes]
anything = "the user's own key"
"""


def test_each_writer_round_trips_and_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "entities.toml"
    path.write_text(USER_FILE, encoding="utf-8")
    overrides.hide(path, "org", 'The "Wire" \\ Service')
    overrides.rename(path, "person", "Tom Crus", "Tom Cruise")
    overrides.merge(path, ("place", "Yugansk"), ("org", "Yuganskneftegas"))
    overrides.split(path, "Tom Cruise", "Cruise")
    overrides.retype(path, "org", "Brent", "product")
    text = path.read_text(encoding="utf-8")
    for kept in ("# My corrections: keep this comment", "[rename]   # typos", "# seen in one article"):
        assert kept in text
    data = tomllib.loads(text)
    assert data["notes"] == {"anything": "the user's own key"}
    assert data["rename"]["Yulia Pereslid"] == "Yulia Peresild"

    ov = overrides.load(path)
    assert not ov.errors
    assert ov.hidden("org", ['The "Wire" \\ Service'])
    assert not ov.hidden("person", ['The "Wire" \\ Service'])  # written "org:…": the org only
    assert ov.hidden("place", ["Getty Images"])  # the user's own untyped rule still holds
    assert ov.canonical("person", ["Tom Crus"]) == "Tom Cruise"
    assert ov.canonical("person", ["Yulia Pereslid"]) == "Yulia Peresild"
    assert ov.canonical("place", ["Yugansk"]) == "Yuganskneftegas"
    assert ov.canonical("person", ["Yugansk"]) is None
    assert ov.target_type("Yuganskneftegas") == "org"
    assert ov.forbidden("Tom Cruise", "Cruise")
    assert ov.retype("org", "Brent") == "product"


def test_a_merge_into_the_member_moves_along(tmp_path: Path) -> None:
    path = tmp_path / "entities.toml"
    overrides.merge(path, ("org", "Yuganskneftegaz"), ("org", "Yuganskneftegas"))
    overrides.merge(path, ("org", "Yuganskneftegas"), ("org", "Yukos"))
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["merge"] == {"org:Yukos": ["org:Yuganskneftegaz", "org:Yuganskneftegas"]}
    ov = overrides.load(path)
    assert ov.canonical("org", ["Yuganskneftegaz"]) == "Yukos"
    with pytest.raises(CorrectionError):
        overrides.merge(path, ("org", "Yukos"), ("org", "YUKOS"))


def test_a_broken_file_is_left_alone_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "entities.toml"
    path.write_text("[rename\n", encoding="utf-8")
    with pytest.raises(CorrectionError, match="not valid TOML"):
        overrides.hide(path, "org", "Reuters")
    assert path.read_text(encoding="utf-8") == "[rename\n"
    # A layout the line editor does not follow (an inline table) is refused, not mangled.
    path.write_text('rename = { "A" = "B" }\n', encoding="utf-8")
    with pytest.raises(CorrectionError, match="by hand"):
        overrides.rename(path, "person", "C", "D")
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"rename": {"A": "B"}}


names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), min_codepoint=1), min_size=1, max_size=30
).filter(lambda s: s.strip() and not s.strip().startswith("#"))


@settings(max_examples=60, deadline=None)
@given(old=names, new=names, comment=st.text(alphabet="abc #=[]\"'", max_size=20))
def test_any_name_round_trips(
    tmp_path_factory: pytest.TempPathFactory, old: str, new: str, comment: str
) -> None:
    path = tmp_path_factory.mktemp("rt") / "entities.toml"
    path.write_text(f"# {comment}\n[type]\nx = 'place'\n", encoding="utf-8")
    overrides.rename(path, "person", old, new)
    overrides.hide(path, "work", new)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["rename"] == {f"person:{old}": new.strip()}
    assert data["hide"] == [f"work:{new}"]
    assert data["type"] == {"x": "place"}
    assert f"# {comment}\n[type]\n" in path.read_text(encoding="utf-8")  # the comment stays on its table


def test_tomledit_replaces_a_value_spread_over_lines_in_place() -> None:
    text = 'a = 1\n[merge]\n"X" = [\n  "y",  # why\n  "z]",\n]\n"W" = ["v"]\n'
    out = tomledit.edit(text, "merge", "X", tomledit.value(["q"]))
    assert out == 'a = 1\n[merge]\nX = ["q"]\n"W" = ["v"]\n'
    assert tomledit.edit(out, "merge", "W", None) == 'a = 1\n[merge]\nX = ["q"]\n'


# --- the table under the corrections -----------------------------------------------------------


def _table(index_dir: Path) -> dict[tuple[str, str], tuple[int, list[str]]]:
    service = SearchService(index_dir)
    try:
        return {(i.type, i.name): (i.articles, sorted(i.aliases)) for i in service.entities()}
    finally:
        service.close()


def _articles_naming(index_dir: Path, names: set[str]) -> int:
    """Articles whose own entities name any of ``names`` (as name or alias)."""
    service = SearchService(index_dir)
    try:
        count = 0
        for hit in service.list_articles():
            article = service.article(hit.id)
            assert article is not None
            forms = {norm(n) for e in article.entities for n in [e.name, *e.aliases]}
            count += bool(forms & {norm(n) for n in names})
        return count
    finally:
        service.close()


def test_corrections_show_on_reading_as_a_reindex_shows_them(seed_index: Path) -> None:
    before = _table(seed_index)
    path = entities_file()
    # Two entities of different types named in one article: merged, they are one entity of the
    # target's type, counted once per article.
    member = next(k for k in before if k[0] == "place" and k[1] != "Russia")
    target = next(k for k in before if k[0] == "org")
    renamed = next(k for k in before if k[0] == "person" and not before[k][1])
    hidden = next(k for k in before if k[0] == "work")
    retyped = next(k for k in before if k[0] == "product")
    overrides.merge(path, member, target)
    overrides.rename(path, *renamed, "Somebody Else")
    overrides.hide(path, *hidden)
    overrides.retype(path, *retyped, "event")

    read = _table(seed_index)  # no index run yet
    assert member not in read
    assert read[target][0] == _articles_naming(seed_index, {member[1], target[1]})
    assert member[1] in read[target][1]
    assert ("person", "Somebody Else") in read and renamed not in read
    assert renamed[1] in read[("person", "Somebody Else")][1]
    assert hidden not in read
    assert ("event", retyped[1]) in read and retyped not in read
    # `spacetui entities` says the same, before any index run.
    done = run_cli("--index", str(seed_index), "entities", "--json")
    assert done.returncode == 0, done.stderr
    listed = {(e["type"], e["name"]): e["articles"] for e in json.loads(done.stdout)}
    assert listed == {k: v[0] for k, v in read.items()}

    report = update_index(seed_index, overrides_path=path)
    assert report.entities_updated
    again = _table(seed_index)
    for key in (target, ("person", "Somebody Else"), ("event", retyped[1])):
        assert again[key][0] == read[key][0], key
    assert member not in again and hidden not in again and renamed not in again


def test_a_split_cuts_a_link_across_articles(seed_index: Path) -> None:
    service = SearchService(seed_index)
    corpus = service.corpus()
    linked = next((k, c) for k, c in corpus.aliases().items() if c in corpus.raw and k in corpus.raw)
    alias, canonical = corpus.raw[linked[0]].name, corpus.raw[linked[1]].name
    service.close()
    overrides.split(entities_file(), canonical, alias)
    table = _table(seed_index)
    entry = next(v for (t, n), v in table.items() if n == canonical)
    assert alias not in entry[1]
    assert any(n == alias for _, n in table)


# --- spacetui entities --with ------------------------------------------------------------------


def test_entities_with_counts_what_the_articles_name(seed_index: Path) -> None:
    service = SearchService(seed_index)
    corpus = service.corpus()
    top = service.entities("person")[0]
    wanted = set(corpus.keys_for(top.type, top.name))
    # Co-occurrence from the articles themselves: for each article that names the entity, every
    # other entity it names (by the corpus's canonical key), once per article.
    expected: Counter[str] = Counter()
    together = 0
    for hit in service.list_articles():
        article = service.article(hit.id)
        assert article is not None
        keys = {corpus.canonical_key(entity_key(e.type, e.name)) for e in article.entities}
        if keys & {corpus.canonical_key(k) for k in wanted}:
            together += 1
            expected.update(keys - {corpus.canonical_key(k) for k in wanted})
    service.close()
    assert together >= 1 and expected

    done = run_cli("--index", str(seed_index), "entities", "--with", top.name, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["entity"]["name"] == top.name and data["articles"] == together
    got = {entity_key(o["type"], o["name"]): o["articles"] for o in data["with"]}
    named = {corpus.canonical_key(k): n for k, n in got.items()}
    assert named == dict(expected)
    counts = [o["articles"] for o in data["with"]]
    assert counts == sorted(counts, reverse=True)

    plain = run_cli("--index", str(seed_index), "entities", "--with", top.name.upper(), "--limit", "3")
    assert plain.returncode == 0, plain.stderr
    lines = plain.stdout.splitlines()
    assert top.name in lines[0] and len(lines) == 4
    assert data["with"][0]["name"] in lines[1]

    missing = run_cli("--index", str(seed_index), "entities", "--with", "Nobody Atall")
    assert missing.returncode == 1 and "No entity is named" in missing.stderr

    # --type lists that type only, as without --with; the name's own type is its prefix.
    kind = data["with"][-1]["type"]
    typed = run_cli(
        "--index", str(seed_index), "entities", "--with", f"{top.type}:{top.name}", "--type", kind, "--json"
    )
    assert typed.returncode == 0, typed.stderr
    listed = json.loads(typed.stdout)["with"]
    assert listed == [o for o in data["with"] if o["type"] == kind] and len(listed) < len(data["with"])
    wrong = run_cli("--index", str(seed_index), "entities", "--with", f"planet:{top.name}")
    assert wrong.returncode == 1 and "No entity is named" in wrong.stderr


def test_the_corrected_table_is_the_whole_table_merged_again(seed_index: Path) -> None:
    """Only the entities a correction touches are built again: the same as building all."""
    from spacetui.entities.corpus import _relabel

    path = entities_file()
    overrides.split(path, "Yulia Peresild", "Yulia Pereslid")
    overrides.merge(path, ("place", "Baikonur"), ("org", "Roscosmos"))
    overrides.rename(path, "person", "Klim Shipenko", "K. Shipenko")
    overrides.retype(path, "work", "Challenge", "product")
    overrides.hide(path, "org", "Guardian")
    service = SearchService(seed_index)
    corpus = service.corpus()
    corrected = corpus.corrected()
    assert corrected.names and corrected.types and corrected.split and corrected.hidden and corrected.joined
    whole = corpus._merge({k: r for k, r in corpus.raw.items() if k not in corrected.hidden}, corrected.canon)
    _relabel(whole, corrected)

    def view(table: dict[str, EntityInfo]) -> dict[str, tuple[object, ...]]:
        return {k: (i.name, i.type, sorted(i.aliases), i.articles, sorted(i.keys)) for k, i in table.items()}

    assert view(corpus.table) == view(whole)
    service.close()
