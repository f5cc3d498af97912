"""Each loader on real small files, and bad files skipped with a reason."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from spacetui.articles.loaders import BadFile, decode, load_paths
from tests.conftest import SEEDS


def _load(path: Path):
    return load_paths([path])


def test_seed_headline_on_line_one_is_the_title() -> None:
    out = _load(SEEDS / "000_850f71b7157f83c2.txt")
    assert not out.errors
    (article,) = out.articles
    assert article.title == "Tom Cruise Has a New Rival in His Efforts to Film a Movie in Space"
    assert article.body[0].startswith("Tom Cruise is always trying")
    assert "Yulia Pereslid" in article.body_text
    assert article.format == "txt"
    assert article.raw.startswith("Tom Cruise Has a New Rival")
    assert len(article.content_hash) == 32


def test_ids_are_stable_and_distinct(corpus: Path) -> None:
    (corpus / "a").mkdir()
    (corpus / "b").mkdir()
    for sub in ("a", "b"):
        (corpus / sub / "story.txt").write_text("Headline\n\nSome body text here.", encoding="utf-8")
    first = sorted(a.id for a in _load(corpus).articles)
    second = sorted(a.id for a in _load(corpus).articles)
    assert first == second
    assert len(set(first)) == 2


def test_markdown_front_matter_and_heading(corpus: Path) -> None:
    path = corpus / "note.md"
    path.write_text(
        "---\ntitle: Launch delayed\nauthor: Ana Ruiz, Bo Li\ndate: 2021-06-02\nsource: Example News\n---\n"
        "# Ignored heading\n\nThe **launch** was [delayed](http://x.y) again.\n\n- a list item\n",
        encoding="utf-8",
    )
    (article,) = _load(path).articles
    assert article.title == "Launch delayed"
    assert article.authors == ["Ana Ruiz", "Bo Li"]
    assert article.date == "2021-06-02"
    assert article.source == "Example News"
    assert "The launch was delayed again." in article.body_text
    assert "**" not in article.body_text and "http" not in article.body_text


def test_html_article(corpus: Path) -> None:
    path = corpus / "page.html"
    body = " ".join(["Engineers tested the new engine for the lunar lander on Tuesday."] * 6)
    path.write_text(
        f"""<html><head><title>Engine test | Site</title>
        <meta property="og:title" content="Engine test passes">
        <meta name="author" content="Kim Park">
        <meta property="article:published_time" content="2022-03-04T10:00:00Z"></head>
        <body><nav>Home | World | Sport</nav><article><h1>Engine test passes</h1>
        <p>{body}</p><p>{body}</p></article><footer>Cookie policy</footer></body></html>""",
        encoding="utf-8",
    )
    (article,) = _load(path).articles
    assert article.format == "html"
    assert "Engine test passes" in article.title
    assert "lunar lander" in article.body_text
    assert "Cookie policy" not in article.body_text
    assert article.date == "2022-03-04"


def test_json_and_jsonl_records_keep_their_ids(corpus: Path) -> None:
    (corpus / "one.json").write_text(
        json.dumps(
            {"id": "r-1", "title": "Solo", "text": "Body of solo.", "author": "X Y", "date": "2020-01-02"}
        ),
        encoding="utf-8",
    )
    (corpus / "many.json").write_text(
        json.dumps(
            [
                {"id": "r-2", "title": "Two", "body": "Body two."},
                {"id": "r-3", "title": "Three", "text": "B3."},
            ]
        ),
        encoding="utf-8",
    )
    lines = [
        json.dumps(
            {"id": "j-1", "title": "Line one", "text": "First.", "source": "Wire", "url": "http://e.x/1"}
        ),
        "{not json",
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"id": "j-2", "title": "Line two", "text": "Second."}),
    ]
    (corpus / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    out = _load(corpus)
    by_id = {a.id: a for a in out.articles}
    assert set(by_id) == {"r-1", "r-2", "r-3", "j-1", "j-2"}
    assert by_id["r-1"].authors == ["X Y"] and by_id["r-1"].date == "2020-01-02"
    assert by_id["j-1"].source == "Wire" and by_id["j-1"].url == "http://e.x/1"
    reasons = sorted(e.reason for e in out.errors)
    assert any("malformed JSON" in r for r in reasons)
    assert any("not a JSON object" in r for r in reasons)
    assert all(":" in e.path for e in out.errors)  # file:line


def test_bad_files_are_skipped_with_a_reason(corpus: Path) -> None:
    (corpus / "good.txt").write_text("Good headline\n\nGood body.", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PNG" * 100)
    (corpus / "image.png").write_bytes(b"\x89PNG")
    (corpus / "broken.json").write_text("{", encoding="utf-8")
    (corpus / "big.txt").write_text("x" * 2000, encoding="utf-8")
    out = load_paths([corpus], max_bytes=1000)
    assert [a.title for a in out.articles] == ["Good headline"]
    reasons = {Path(e.path).name: e.reason for e in out.errors}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "unknown file type" in reasons["image.png"]
    assert "malformed JSON" in reasons["broken.json"]
    assert "too large" in reasons["big.txt"]


def test_encodings() -> None:
    assert decode("café".encode("cp1252")) == "café"
    assert decode("naïve".encode("utf-16")) == "naïve"  # BOM
    assert decode(b"\xef\xbb\xbfhello") == "hello"
    assert decode("smart ‘quotes’".encode("cp1252")) == "smart ‘quotes’"
    with pytest.raises(BadFile):
        decode(b"abc\x00def")


def test_symlink_loops_and_hidden_files(corpus: Path) -> None:
    sub = corpus / "sub"
    sub.mkdir()
    (sub / "a.txt").write_text("Title A\n\nBody A.", encoding="utf-8")
    (corpus / ".hidden.txt").write_text("Hidden\n\nNo.", encoding="utf-8")
    os.symlink(corpus, sub / "loop")
    out = _load(corpus)
    assert [a.title for a in out.articles] == ["Title A"]


def test_a_folders_readme_is_not_an_article(corpus: Path) -> None:
    # A downloaded dataset comes with its README.TXT beside the stories.
    (corpus / "001.txt").write_text("Story\n\nThe story itself.", encoding="utf-8")
    (corpus / "README.TXT").write_text("Consists of 2225 documents.\n\nPlease cite.", encoding="utf-8")
    (corpus / "LICENSE.md").write_text("# Licence\n\nCC BY.", encoding="utf-8")
    out = _load(corpus)
    assert [a.title for a in out.articles] == ["Story"]
    assert sorted(Path(e.path).name for e in out.errors if "not an article" in e.reason) == [
        "LICENSE.md",
        "README.TXT",
    ]
    # Named on its own, it is indexed: the user asked for it.
    assert [a.title for a in _load(corpus / "README.TXT").articles] == ["Consists of 2225 documents."]


def test_missing_path_is_reported(tmp_path: Path) -> None:
    out = load_paths([tmp_path / "nope"])
    assert not out.articles
    assert "not found" in out.errors[0].reason


def test_terminal_escapes_are_text_not_binary() -> None:
    assert decode(b"Title \x1b[31mred\x1b[0m\n\nThe body rings \x07 a bell.").startswith("Title")


def test_raw_text_is_kept_with_what_cleaning_dropped() -> None:
    from spacetui.index.schema import build_schema

    (article,) = _load(SEEDS / "004_207db56e82e31d33.txt").articles
    assert "READ MORE" in article.raw and "READ MORE" not in article.body_text
    field = build_schema()["raw"]
    assert field.stored and not field.indexed  # shown on demand, never searched
