"""Hostile and broken files: each is indexed sensibly or skipped with a one-line reason, the run
finishes, every good file is indexed, and memory stays bounded.

The index run is the real CLI in a subprocess. As root (CI here), file permissions do not stop
reads, so that run drops root's DAC capabilities; then `chmod 000` means what it says.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_robust_support import article_text, permissions_bite, prose, text_of, unsafe_in

MB = 1024 * 1024


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A temporary folder any user can enter (pytest's own are private to root)."""
    path = Path(tempfile.mkdtemp(prefix="spacetui-robust-"))
    path.chmod(0o755)
    yield path
    for dirpath, dirnames, _ in os.walk(path):
        for name in dirnames:
            with_perm = os.path.join(dirpath, name)
            if not os.path.islink(with_perm):
                os.chmod(with_perm, 0o755)
    shutil.rmtree(path, ignore_errors=True)


def _run_index(index: Path, corpus: Path, *extra: str) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "SPACETUI_INDEX": str(index),
        "SPACETUI_CONFIG": str(index.parent / "config.toml"),
        "HOME": str(index.parent),
    }
    return subprocess.run(
        [sys.executable, "-m", "spacetui", "index", str(corpus), "--no-entities", *extra],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        **(permissions_bite() or {}),  # type: ignore[call-overload]
    )


def _good(corpus: Path) -> dict[str, str]:
    """Good articles in every format: name -> a word only that article has."""
    good = {}
    for n in range(4):
        (corpus / f"good{n}.txt").write_text(article_text(n, f"Good headline {n} kestrel{n}"), "utf-8")
        good[f"good{n}.txt"] = f"kestrel{n}"
    (corpus / "good.md").write_text(f"# Markdown osprey story\n\n{prose(40)}\n\n{prose(41)}\n", "utf-8")
    good["good.md"] = "osprey"
    (corpus / "good.html").write_text(
        f"<html><head><title>Harbour heron works</title></head><body><nav>Home | News</nav><article>"
        f"<h1>Harbour heron works</h1><p>{prose(42)}</p><p>{prose(43)}</p><p>{prose(44)}</p></article>"
        "<footer>Cookies</footer></body></html>",
        "utf-8",
    )
    good["good.html"] = "heron"
    (corpus / "good.json").write_text(
        json.dumps({"id": "json-good", "title": "Plover record", "text": f"{prose(45)}\n\n{prose(46)}"}),
        "utf-8",
    )
    good["good.json"] = "plover"
    # Text in other encodings is read, not skipped.
    (corpus / "cp1252.txt").write_bytes(
        article_text(47, "Smart \u2018quotes\u2019 wren\u2014story").encode("cp1252")
    )
    good["cp1252.txt"] = "wren"
    (corpus / "latin1.txt").write_bytes(article_text(48, "Caf\xe9 na\xefve siskin").encode("latin-1"))
    good["latin1.txt"] = "siskin"
    (corpus / "utf16.txt").write_bytes(article_text(49, "UTF-16 grebe headline").encode("utf-16"))
    good["utf16.txt"] = "grebe"
    (corpus / "utf8bom.txt").write_bytes(b"\xef\xbb\xbf" + article_text(50, "BOM dunlin story").encode())
    good["utf8bom.txt"] = "dunlin"
    # Invalid UTF-8 in the middle of an otherwise fine article (falls back to a one-byte code page).
    (corpus / "invalid-utf8.txt").write_bytes(
        article_text(51, "Broken bytes ibis").encode() + b"\xff\xfe\xc3\x28 " + prose(52).encode()
    )
    good["invalid-utf8.txt"] = "ibis"
    # A NUL byte past the sniffed head: still text.
    (corpus / "late-nul.txt").write_bytes(
        article_text(53, "Late NUL petrel").encode() + b" " * 9000 + b"\x00 tail " + prose(54).encode()
    )
    good["late-nul.txt"] = "petrel"
    (corpus / "two\nlines.txt").write_text(article_text(55, "Newline name curlew"), "utf-8")
    good["two\nlines.txt"] = "curlew"
    return good


def _bad(corpus: Path) -> dict[str, str]:
    """Bad files: name -> a word of the reason it must be skipped with."""
    bad = {}
    (corpus / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
    bad["binary.txt"] = "binary"
    (corpus / "empty.txt").write_bytes(b"")
    bad["empty.txt"] = "empty"
    (corpus / "blank.md").write_bytes(b"  \n\n\t \n")
    bad["blank.md"] = "empty"
    (corpus / "utf16-odd.txt").write_bytes(b"\xff\xfe" + "odd".encode("utf-16-le") + b"\x00")
    bad["utf16-odd.txt"] = "invalid"
    with open(corpus / "huge.txt", "wb") as fh:  # 50 MB: over the default 20 MB cap
        line = (prose(60) + "\n").encode()
        for _ in range(50 * MB // len(line) + 1):
            fh.write(line)
    bad["huge.txt"] = "too large"
    (corpus / "broken.json").write_text('{"title": "x", "text": ', "utf-8")
    bad["broken.json"] = "malformed JSON"
    (corpus / "deep.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    bad["deep.json"] = "JSON"
    (corpus / "scalar.json").write_text("42", "utf-8")
    bad["scalar.json:1"] = "not a JSON object"  # reported per record
    os.symlink("self-loop.txt", corpus / "self-loop.txt")
    bad["self-loop.txt"] = "symbolic links"
    os.symlink("nowhere.txt", corpus / "dangling.txt")
    bad["dangling.txt"] = "No such file"
    os.mkfifo(corpus / "fifo.txt")  # reading it would block for ever
    bad["fifo.txt"] = "not a regular file"
    os.symlink("/dev/zero", corpus / "zero.txt")  # reading it would never end
    bad["zero.txt"] = "not a regular file"
    (corpus / "image.png").write_bytes(b"\x89PNG\r\n")
    bad["image.png"] = "unknown file type"
    unreadable = corpus / "unreadable.txt"
    unreadable.write_text(article_text(61, "Locked away"), "utf-8")
    unreadable.chmod(0)
    bad["unreadable.txt"] = "Permission denied"
    locked = corpus / "locked-folder"
    locked.mkdir()
    (locked / "inside.txt").write_text(article_text(62, "Never seen"), "utf-8")
    locked.chmod(0)
    bad["locked-folder"] = "Permission denied"
    with open(os.path.join(os.fsencode(corpus), b"raw-\xff-name.txt"), "wb") as fh:
        fh.write(article_text(63, "Undecodable name").encode())
    bad[os.fsdecode(b"raw-\xff-name.txt")] = "not valid UTF-8"
    return bad


def _jsonl(corpus: Path) -> tuple[set[str], int]:
    """A JSONL feed mixing good and broken lines: ids of the good ones, count of the bad."""
    lines = [
        json.dumps({"id": "line-1", "title": "Feed one", "text": prose(70)}),
        "{not json",
        json.dumps(["an", "array"]),
        '{"id": "line-surrogate", "title": "Lone \\udcff surrogate", "text": "' + prose(71) + '"}',
        json.dumps({"id": "line-huge", "title": "Too big", "text": "x " * (MB // 2 + 10)}),
        "[" * 50_000,
        json.dumps({"title": "", "text": ""}),
        json.dumps({"id": "line-2", "title": "Feed two", "text": prose(72)}),
    ]
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return {"line-1", "line-surrogate", "line-2"}, 5


def test_bad_files_are_skipped_with_reasons_and_good_ones_indexed(open_dir: Path) -> None:
    corpus = open_dir / "corpus"
    corpus.mkdir()
    good = _good(corpus)
    bad = _bad(corpus)
    good_lines, bad_lines = _jsonl(corpus)
    corpus.chmod(0o755)
    index = open_dir / "index"

    # --max-file-mb 1: the JSONL's 1 MB record is over the cap while everything good is under.
    proc = _run_index(index, corpus, "--json", "--max-file-mb", "1")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    skipped = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    by_line = [s for s in report["skipped"] if "feed.jsonl:" in s["path"]]
    for name, why in bad.items():
        if name in ("unreadable.txt", "locked-folder") and permissions_bite() is None:
            continue  # root that cannot drop its file capabilities reads them anyway
        assert name in skipped, f"{name!r} not reported; skipped: {skipped}"
        assert why in skipped[name], (name, skipped[name])
    assert skipped["huge.txt"].endswith("raise max_file_mb)")
    assert len(by_line) == bad_lines, by_line
    assert all("\n" not in s["reason"] for s in report["skipped"])  # one line each
    assert report["articles"] == len(good) + len(good_lines)

    from spacetui.search.service import SearchService

    service = SearchService(index)
    try:
        for name, word in good.items():
            result = service.search(word, facets=False)
            assert result.error is None
            assert [Path(h.path).name for h in result.hits] == [name], (name, word)
        listed = {h.id for h in service.list_articles()}
        assert good_lines <= listed
        article = service.article("line-surrogate")
        assert article is not None and article.title == "Lone \ufffd surrogate"
    finally:
        service.close()

    # The human summary: one line per skipped file, nothing raw from the file names.
    human = _run_index(index, corpus, "--max-file-mb", "1", "--rebuild")
    assert human.returncode == 0, human.stderr
    text = text_of(human.stdout)
    assert unsafe_in(text) == []
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("Skipped "))
    count = int(lines[start].split()[1].rstrip(":"))
    assert count == len(report["skipped"])
    assert len(lines) - start - 1 == min(count, 50) + (count > 50)


def _peak_rss_mb(args: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run the CLI in a fresh interpreter and return its peak RSS (its own and its workers')."""
    code = (
        "import resource, sys\n"
        "from spacetui.cli.main import main\n"
        "rc = main(sys.argv[1:])\n"
        "peak = max(resource.getrusage(r).ru_maxrss for r in "
        "(resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
        "print(f'PEAK_KB={peak}', file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=ROOT,
        timeout=600,
    )
    kb = next(int(line[8:]) for line in proc.stderr.splitlines() if line.startswith("PEAK_KB="))
    return kb / 1024, proc


# Peak memory limits, in MB. Not speed targets: a stated bound that catches a blow-up (before the
# NER cap, a 10 MB single line took 3.5 GB). Measured: about 0.5-0.9 GB and 0.2 GB.
LINE_LIMIT_MB = 1500
DEEP_LIMIT_MB = 600


@pytest.mark.slow
def test_memory_stays_bounded_on_a_10mb_line(tmp_path: Path) -> None:
    corpus = tmp_path / "line"
    corpus.mkdir()
    paragraph = " ".join(prose(n, 4) for n in range(8))
    with open(corpus / "one-line.txt", "w", encoding="utf-8") as fh:
        fh.write("A headline before one very long line\n\n")
        while fh.tell() < 10 * MB:
            fh.write(paragraph + " ")
    peak, proc = _peak_rss_mb(["index", str(corpus), "--json"], {"SPACETUI_INDEX": str(tmp_path / "ix")})
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["articles"] == 1 and not report["skipped"]
    print(f"10 MB single line, entities on: peak RSS {peak:.0f} MB")
    assert peak < LINE_LIMIT_MB


@pytest.mark.slow
def test_memory_stays_bounded_on_html_nested_10000_deep(tmp_path: Path) -> None:
    corpus = tmp_path / "deep"
    corpus.mkdir()
    inner = f"<p>{prose(80)}</p><p>{prose(81)}</p>"
    (corpus / "deep.html").write_text(
        "<html><head><title>Deep</title></head><body>" + "<div>" * 10_000 + inner + "</div>" * 10_000,
        "utf-8",
    )
    (corpus / "ok.txt").write_text(article_text(82, "Beside the deep page"), "utf-8")
    peak, proc = _peak_rss_mb(
        ["index", str(corpus), "--json", "--no-entities"], {"SPACETUI_INDEX": str(tmp_path / "ix")}
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    outcome = report["articles"] - 1 + len(report["skipped"])
    assert report["articles"] >= 1 and outcome == 1  # the deep page: indexed or skipped, never both
    print(f"HTML nested 10,000 deep: peak RSS {peak:.0f} MB; {report['skipped']}")
    assert peak < DEEP_LIMIT_MB


def test_size_cap_is_user_raisable(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "two-mb.txt").write_text(article_text(90, "Two megabyte story") + prose(91) * 1600, "utf-8")
    assert (corpus / "two-mb.txt").stat().st_size > 2 * MB
    env = {**os.environ, "SPACETUI_INDEX": str(tmp_path / "ix")}
    base = [sys.executable, "-m", "spacetui", "index", str(corpus), "--no-entities", "--json"]
    config = tmp_path / "config.toml"
    config.write_text("[index]\nmax_file_mb = 1\n", "utf-8")  # the config lowers (or raises) it
    env["SPACETUI_CONFIG"] = str(config)
    capped = subprocess.run(base, capture_output=True, text=True, env=env, cwd=ROOT)
    reason = json.loads(capped.stdout)["skipped"][0]["reason"]
    assert reason.startswith("too large") and "raise max_file_mb" in reason
    raised = subprocess.run([*base, "--max-file-mb", "3"], capture_output=True, text=True, env=env, cwd=ROOT)
    assert json.loads(raised.stdout)["added"] == 1  # and the command line overrides the config
