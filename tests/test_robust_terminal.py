"""Article text, metadata, entity names and file names cannot take over the terminal.

Everything here runs the real CLI in a subprocess on a real index of hostile articles and reads
the raw bytes it writes. Each test fails if `safetext` (or its use) is taken out.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from spacetui.articles.loaders import load_paths
from spacetui.safetext import display_text, json_safe, strip_controls
from tests.conftest import SEEDS
from tests.test_robust_support import (
    ESCAPES,
    MARKUP,
    PAYLOAD,
    RICH_SGR,
    article_text,
    no_traceback,
    prose,
    run,
    text_of,
    unsafe_in,
    write_bytes_name,
)

EVIL_ENTITY = "Tom \x1b]0;t\x07Cruise [bold]X[/bold] \u202e\x9b2J"
# File names with ESC, BEL, a newline, C1 CSI (U+009B), bidi: indexed, and shown inert.
EVIL_NAME = "name \x1b[31mred\x07 \u009b2J \u202e\nsecond line.txt".encode()
# One with undecodable bytes (a raw 0x9b is an 8-bit CSI): skipped with a reason, shown inert.
RAW_NAME = b"raw \x1b[31m\x9b2J \xff\nbytes.txt"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path]:
    """An index of the seeds plus hostile articles in every field a loader fills."""
    home = tmp_path_factory.mktemp("hostile")
    corpus = home / "corpus"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(
        article_text(1, f"Railway headline {PAYLOAD}", extra=f"Inline {PAYLOAD} text. "), encoding="utf-8"
    )
    (corpus / "evil.md").write_text(
        f'---\ntitle: "Harbour {ESCAPES[3]} story [bold]M[/bold]"\nauthor: Ann {ESCAPES[0]}Lee\n'
        f"source: Src {ESCAPES[5]}\n---\n\n{prose(7)}\n\n{prose(8)}\n\n{PAYLOAD} {prose(9)}\n",
        encoding="utf-8",
    )
    record = {
        "id": "json-evil",
        "title": f"Tunnel {PAYLOAD}",
        "author": [f"Bo {ESCAPES[4]}Ray"],
        "source": f"Wire {ESCAPES[6]}\x00",
        "url": f"http://x.example/{ESCAPES[5]}",
        "date": "2021-05-13",
        "text": f"{prose(11)}\n\n{prose(12)} {PAYLOAD}\n\n{prose(13)}",
    }
    (corpus / "evil.json").write_text(json.dumps(record), encoding="utf-8")
    write_bytes_name(corpus, EVIL_NAME, article_text(21, "Freight headline, hostile file name").encode())
    write_bytes_name(corpus, RAW_NAME, article_text(31, "Undecodable file name").encode())
    write_bytes_name(corpus, "bad \x1b]0;x\x07 \u202e.json".encode(), b"{not json \x1b[2J")  # a skip reason
    config = home / "config"
    config.mkdir()
    # Entity names come from the user's corrections file too: rename one to a hostile name.
    (config / "entities.toml").write_text(
        "[rename]\n" + json.dumps("Tom Cruise") + " = " + json.dumps(EVIL_ENTITY) + "\n", encoding="utf-8"
    )
    env = {"SPACETUI_INDEX": str(home / "index"), "SPACETUI_CONFIG": str(config / "config.toml")}
    proc = run("index", str(SEEDS), str(corpus), "-q", env=env)
    assert proc.returncode == 0, proc.stderr
    env["_INDEX_OUTPUT"] = text_of(proc.stdout + proc.stderr)
    return env, corpus


def _check(proc_out: bytes, *, literal: tuple[str, ...] = ()) -> str:
    text = text_of(proc_out)  # raw undecodable bytes fail here
    assert unsafe_in(text) == [], text
    for markup in literal:
        assert markup in text, f"{markup!r} not shown literally in:\n{text}"
    return text


def _env(hostile: tuple[dict[str, str], Path]) -> dict[str, str]:
    return {k: v for k, v in hostile[0].items() if not k.startswith("_")}


def test_index_summary_is_inert(hostile: tuple[dict[str, str], Path]) -> None:
    text = hostile[0]["_INDEX_OUTPUT"]
    assert unsafe_in(text) == [], text
    assert "Skipped" in text and "malformed JSON" in text
    assert "bad .json: malformed JSON" in text
    assert "raw \ufffd2J \ufffd bytes.txt: file name is not valid UTF-8" in text


def test_search_list_show_entities_are_inert(hostile: tuple[dict[str, str], Path]) -> None:
    env = _env(hostile)
    shown: list[str] = []
    for query in ("railway", "tunnel", "harbour", "freight", "inline", "cruise", PAYLOAD, "click"):
        proc = run("search", query, "--limit", "20", env=env)
        no_traceback(proc)
        assert proc.returncode in (0, 1, 2)
        shown.append(_check(proc.stdout + proc.stderr))
    assert "[bold]B[/bold]" in "".join(shown) and "[@click=app.quit]Q[/]" in "".join(shown)

    listing = run("list", env=env)
    assert listing.returncode == 0
    text = _check(listing.stdout, literal=tuple(MARKUP))
    assert "name red second line.txt" in text  # the hostile file name, inert

    ids = [item["id"] for item in json.loads(run("list", "--json", env=env).stdout)]
    assert len(ids) == 6
    for article_id in ids:
        for extra in ((), ("--raw",)):
            proc = run("show", article_id, *extra, env=env)
            assert proc.returncode == 0, proc.stderr
            _check(proc.stdout + proc.stderr)

    entities = run("entities", env=env)
    assert entities.returncode == 0
    text = _check(entities.stdout, literal=("[bold]X[/bold]",))
    assert "Tom Cruise [bold]X[/bold]" in text
    seed_id = next(i for i in ids if i.startswith("000"))
    _check(run("show", seed_id, env=env).stdout, literal=("[bold]X[/bold]",))  # entity list


def test_colour_output_carries_only_our_own_styles(hostile: tuple[dict[str, str], Path]) -> None:
    """With colours on, the only escape sequences are Rich's SGR styles, never the article's."""
    env = {**_env(hostile), "FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "100"}
    for args in (("search", "railway"), ("list",), ("show", "json-evil"), ("entities",)):
        proc = run(*args, env=env, drop=("NO_COLOR",))
        assert proc.returncode == 0, proc.stderr
        text = text_of(proc.stdout)
        assert RICH_SGR.search(text), "colour was expected to be on"
        assert unsafe_in(RICH_SGR.sub("", text)) == [], text
        for seq in ("\x1b]", "\x1b[2J", "\x1b[6n", "\x1bP"):
            assert seq not in text


def test_json_keeps_the_exact_text_without_raw_controls(hostile: tuple[dict[str, str], Path]) -> None:
    env = _env(hostile)
    corpus = hostile[1]
    loaded = {a.id: a for a in load_paths([corpus]).articles}
    listing = run("list", "--json", env=env)
    raw = text_of(listing.stdout)
    assert unsafe_in(raw) == []  # escaped as \\uXXXX, so cat-ing JSON is safe too
    items = {i["id"]: i for i in json.loads(raw)}
    for article_id, article in loaded.items():
        assert items[article_id]["title"] == article.title  # exact, escapes and all
        assert items[article_id]["path"] == article.path
    shown = run("show", "json-evil", "--json", env=env)
    assert unsafe_in(text_of(shown.stdout)) == []
    data = json.loads(shown.stdout)
    assert data["title"] == loaded["json-evil"].title and ESCAPES[4] in data["title"]
    assert data["authors"] == loaded["json-evil"].authors
    assert data["source"] == loaded["json-evil"].source and "\x00" in data["source"]
    assert data["raw"] == loaded["json-evil"].raw
    # Search results are for reading (`jq -r '.hits[].title'` prints them to a terminal): their
    # strings follow the plain output's rules, so even decoded they carry no escape or control.
    found = json.loads(run("search", "tunnel", "--json", env=env).stdout)
    assert any(h["title"] == display_text(loaded["json-evil"].title) for h in found["hits"])
    assert all(unsafe_in(h["title"] + h["snippet"] + h["source"]) == [] for h in found["hits"])


def test_hostile_arguments_and_queries_are_inert(hostile: tuple[dict[str, str], Path]) -> None:
    env = _env(hostile)
    for args in (
        ("show", PAYLOAD),  # unknown id, echoed in the message
        ("search", f'"{ESCAPES[3]}{MARKUP[3]} x'),  # a bad query (unclosed quote)
        ("search", f"{ESCAPES[5]}{MARKUP[1]}:x"),  # an unknown field, echoed in the message
        ("list", PAYLOAD),  # argparse: unrecognized arguments
        ("search", "x", "--limit", PAYLOAD),  # argparse: invalid int
        ("entities", "--type", PAYLOAD),
    ):
        proc = run(*args, env=env)
        assert proc.returncode in (0, 1, 2), (args, proc.stderr)
        no_traceback(proc)
        _check(proc.stdout + proc.stderr)


def test_safetext_functions() -> None:
    """The unit under all of the above: every escape and control gone, markup untouched."""
    for seq in [*ESCAPES, "\x1b", "\x1b[", "\x1b]0;never terminated", "a\rb", "\udcff\udc9b"]:
        for fn in (display_text, strip_controls):
            assert unsafe_in(fn(f"x{seq}y")) == [], (fn.__name__, seq)
    assert display_text("a\nb\u2028c\td") == "a b c d"
    assert strip_controls("para one\n\npara\ttwo") == "para one\n\npara\ttwo"
    for markup in MARKUP:
        assert display_text(markup) == markup
    dumped = json.dumps({"t": PAYLOAD + "\udcff"}, ensure_ascii=False)
    assert unsafe_in(json_safe(dumped)) == []
    assert json.loads(json_safe(dumped)) == {"t": PAYLOAD + "\udcff"}


@pytest.mark.skipif(os.name != "posix", reason="raw byte file names are a POSIX matter")
def test_display_of_undecodable_name() -> None:
    name = os.fsdecode(RAW_NAME)
    assert "\udcff" in name and "\udc9b" in name  # raw bytes 0xff, 0x9b (an 8-bit CSI)
    assert unsafe_in(display_text(name)) == []


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_app_shows_hostile_articles_inert(tmp_path: Path, anyio_backend: str) -> None:
    """The real app (Pilot): a hostile article in the results and the reading pane draws no
    escape sequence, and its markup is shown as text, not applied."""
    from spacetui.config import Config
    from spacetui.index.build import update_index
    from spacetui.tui.app import SpacetuiApp
    from spacetui.tui.screens.main import MainScreen
    from spacetui.tui.widgets.results import ResultsList

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(
        article_text(1, f"Railway {PAYLOAD}", extra=f"Inline {PAYLOAD} text. "), encoding="utf-8"
    )
    update_index(tmp_path / "ix", [SEEDS, corpus], entities=False)
    app = SpacetuiApp(tmp_path / "ix", Config(path=tmp_path / "config.toml"))

    async def wait_for(condition: object, what: str) -> None:
        for _ in range(500):  # a bound on waiting, not a timing assertion
            if condition():  # type: ignore[operator]
                return
            await pilot.pause(0.02)
        raise AssertionError(f"gave up waiting for {what}")

    def screen_text() -> str:
        strips = app.screen._compositor.render_strips()
        for strip in strips:
            for segment in strip:
                assert segment.control is None
                assert unsafe_in(segment.text) == [], repr(segment.text)
        return "\n".join("".join(s.text for s in strip) for strip in strips)

    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for(lambda: isinstance(app.screen, MainScreen) and app.screen.result, "results")
        screen = app.screen
        screen.query_one("#search").focus()
        await pilot.press(*"railway")
        await wait_for(lambda: screen.result and screen.result.query == "railway", "search")
        await pilot.pause(0.2)
        shown = screen_text()
        assert "[bold]B[/bold]" in shown  # markup as text in the results
        screen.query_one(ResultsList).focus()
        await pilot.press("enter")
        await wait_for(lambda: screen.panes() and screen.panes()[0].article, "pane")
        await pilot.pause(0.2)
        shown = screen_text()
        assert "[@click=app.quit]" in shown
        assert app.is_running  # no markup action ran
