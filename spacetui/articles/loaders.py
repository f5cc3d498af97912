"""Find article files under the paths a user gives and load each into ``Article`` objects.

One bad file never stops a run: every problem becomes a ``LoadError`` with a one-line reason
and the walk goes on.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from spacetui.articles import clean
from spacetui.articles.cleaning.byline import byline_names
from spacetui.articles.dates import to_iso
from spacetui.articles.model import Article, LoadError, content_hash

FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(slots=True)
class SourceFile:
    """A file found on disk that a loader can read."""

    path: Path
    format: str
    size: int
    mtime_ns: int


@dataclass(slots=True)
class Loaded:
    articles: list[Article] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)


# A dataset's or folder's own notes, found beside the articles: not articles themselves.
# Only names no story is saved under: "notice.html" or "changes.txt" may well be an article.
FOLDER_NOTES = frozenset(["README", "LICENSE", "LICENCE", "COPYING", "CHANGELOG"])
NOT_AN_ARTICLE = "the folder's own notes, not an article (name the file itself to index it)"


# A browser's "Save page as" keeps the page's images, scripts and frames in a folder beside it
# ("page.html" and "page_files/"; "-Dateien", "_fichiers" in other locales): parts of that page.
_ASSET_FOLDER = re.compile(r"^(?P<page>.+?)(?:_files|-Dateien|_fichiers|_archivos|-bestanden)$")


def is_saved_page_assets(folder: str, names_beside: set[str]) -> bool:
    """Whether ``folder`` holds the assets of a saved page among ``names_beside`` (lower case)."""
    m = _ASSET_FOLDER.match(folder)
    if m is None:
        return False
    page = m.group("page").lower()
    return any(f"{page}{ext}" in names_beside for ext in (".html", ".htm", ".xhtml", ".shtml", ".mht"))


def format_of(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def walk(paths: Iterable[Path], errors: list[LoadError]) -> Iterator[SourceFile]:
    """Every loadable file under ``paths``, recursively, each once, hidden files skipped, and
    a folder's README or LICENSE reported as not an article.

    Symlinks are followed, but a directory already visited (a symlink loop) is not entered again.
    """
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()

    def visit_file(path: Path) -> Iterator[SourceFile]:
        fmt = format_of(path)
        if fmt is None:
            errors.append(LoadError(str(path), f"unknown file type {path.suffix or '(none)'!r}"))
            return
        try:
            st = path.stat()
        except OSError as exc:
            errors.append(LoadError(str(path), f"cannot read: {exc.strerror or exc}"))
            return
        if not stat.S_ISREG(st.st_mode):
            # A pipe or a device (a symlink to /dev/zero) would block or never end a read.
            errors.append(LoadError(str(path), "not a regular file (a pipe, device or socket)"))
            return
        try:
            str(path).encode("utf-8")
        except UnicodeEncodeError:
            # Undecodable bytes in the name: the index stores paths as UTF-8 text.
            errors.append(LoadError(str(path), "file name is not valid UTF-8: rename the file to index it"))
            return
        key = (st.st_dev, st.st_ino)
        if key in seen_files:
            return
        seen_files.add(key)
        yield SourceFile(path=path, format=fmt, size=st.st_size, mtime_ns=st.st_mtime_ns)

    for root in paths:
        root = Path(root)
        try:
            st = root.stat()
        except OSError as exc:
            errors.append(LoadError(str(root), f"not found or unreadable: {exc.strerror or exc}"))
            continue
        if not root.is_dir():
            yield from visit_file(root)
            continue
        seen_dirs.add((st.st_dev, st.st_ino))

        def onerror(exc: OSError) -> None:
            errors.append(LoadError(str(exc.filename), f"cannot list folder: {exc.strerror}"))

        for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=onerror):
            keep = []
            pages = {name.lower() for name in filenames}
            for name in sorted(dirnames):
                if name.startswith(".") or is_saved_page_assets(name, pages):
                    continue
                try:
                    dst = os.stat(os.path.join(dirpath, name))
                except OSError as exc:
                    errors.append(LoadError(os.path.join(dirpath, name), f"cannot read: {exc.strerror}"))
                    continue
                key = (dst.st_dev, dst.st_ino)
                if key in seen_dirs:
                    continue  # symlink loop or a folder reached twice
                seen_dirs.add(key)
                keep.append(name)
            dirnames[:] = keep
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                if name.split(".")[0].upper() in FOLDER_NOTES:
                    errors.append(LoadError(os.path.join(dirpath, name), NOT_AN_ARTICLE))
                    continue
                yield from visit_file(Path(dirpath) / name)


# --- decoding -----------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class BadFile(Exception):
    """A file that cannot be loaded; the message is the one-line reason."""


def decode(data: bytes) -> str:
    """Bytes to text: BOMs honoured, UTF-8 preferred, cp1252/latin-1 as the fallback."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise BadFile(f"invalid {encoding} text") from exc
    head = data[:8192]
    if b"\x00" in head:
        raise BadFile("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    sample = text[:8192]
    if sample:
        # ESC and BEL come with terminal captures (stripped before display), not binary data.
        controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\x1b\x07")
        if controls / len(sample) > 0.05:
            raise BadFile("binary file (mostly control characters)")
    return text


# --- per-format loading -------------------------------------------------------------------


def path_id(path: Path, suffix: str = "") -> str:
    """A stable, readable id for a file-backed article: its name plus a hash of where it is."""
    try:
        where = str(path.resolve())
    except OSError:
        where = str(path.absolute())
    digest = hashlib.sha1((where + suffix).encode("utf-8", "surrogatepass")).hexdigest()[:6]
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", path.stem).strip("-.")[:40] or "article"
    return f"{stem}-{digest}" if not suffix else f"{stem}-{suffix}-{digest}"


def load_file(src: SourceFile, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Load one file; never raises for bad content."""
    out = Loaded()
    for item in iter_file(src, max_bytes=max_bytes):
        if isinstance(item, LoadError):
            out.errors.append(item)
        else:
            out.articles.append(item)
    return out


def file_digest(path: Path) -> str:
    """Content hash of a file, read in chunks (JSONL files can be large)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()[:32]


def iter_file(
    src: SourceFile,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_read: Callable[[int], None] | None = None,
) -> Iterator[Article | LoadError]:
    """The articles in one file, or the reasons they could not be loaded; never raises.

    JSONL is streamed line by line (the size limit then applies to each record), so a big
    export never has to fit in memory at once. ``on_read`` hears how many bytes of the file are
    read so far, record by record in JSONL, so one big file still shows progress.
    """
    if src.format == "jsonl":
        yield from _iter_jsonl(src, max_bytes, on_read)
        return
    if on_read is not None:
        on_read(src.size)
    out = Loaded()
    where = str(src.path)
    # A generator: every early exit must yield its reason, not return it.
    if src.size > max_bytes:
        mb = max_bytes / (1024 * 1024)
        yield LoadError(
            where, f"too large ({src.size / 1048576:.1f} MB > {mb:g} MB limit; raise max_file_mb)"
        )
        return
    try:
        with open(src.path, "rb") as fh:
            data = fh.read(max_bytes + 1)  # the file may have grown since it was listed
    except OSError as exc:
        yield LoadError(where, f"cannot read: {exc.strerror or exc}")
        return
    if len(data) > max_bytes:
        yield LoadError(where, f"too large (over {max_bytes / 1048576:g} MB limit; raise max_file_mb)")
        return
    if not data.strip():
        yield LoadError(where, "empty file")
        return
    try:
        text = decode(data)
        if src.format == "json":
            _load_records(src, text, out)
        else:
            article = _load_document(src, text, content_hash(data))
            if article is None:
                out.errors.append(LoadError(where, "no article text found"))
            else:
                out.articles.append(article)
    except BadFile as exc:
        out.errors.append(LoadError(where, str(exc)))
    except RecursionError:
        out.errors.append(LoadError(where, "too deeply nested to parse"))
    except Exception as exc:  # a loader bug or a parser crash must not stop the run
        out.errors.append(LoadError(where, f"could not be parsed ({type(exc).__name__}: {exc})"[:200]))
    yield from out.errors
    yield from out.articles


def _bounded_lines(fh: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """Lines of a binary file, None for one longer than ``max_bytes`` (read past, never held)."""
    while line := fh.readline(max_bytes + 1):
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line if len(line) <= max_bytes else None
            continue
        while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
            pass
        yield None


def _iter_jsonl(
    src: SourceFile, max_bytes: int, on_read: Callable[[int], None] | None
) -> Iterator[Article | LoadError]:
    where = str(src.path)
    try:
        fh = open(src.path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield LoadError(where, f"cannot read: {exc.strerror or exc}")
        return
    any_line = False
    with fh:
        for lineno, line in enumerate(_bounded_lines(fh, max_bytes), 1):
            if on_read is not None:
                on_read(fh.tell())
            if line is None:
                any_line = True
                yield LoadError(
                    f"{where}:{lineno}",
                    f"record too large (over {max_bytes / 1048576:g} MB; raise max_file_mb)",
                )
                continue
            if not line.strip():
                continue
            any_line = True
            label = f"{where}:{lineno}"
            try:
                record = _json_loads(decode(line))
            except BadFile as exc:
                yield LoadError(label, str(exc))
                continue
            except (ValueError, RecursionError) as exc:
                yield LoadError(label, f"malformed JSON line ({exc})"[:200])
                continue
            if not isinstance(record, dict):
                yield LoadError(label, "record is not a JSON object")
                continue
            try:
                article = _record_article(src, lineno, record)
            except Exception as exc:  # one odd record must not stop the file
                article = f"could not be parsed ({type(exc).__name__}: {exc})"[:200]
            yield LoadError(label, article) if isinstance(article, str) else article
    if not any_line:
        yield LoadError(where, "empty file")


def _load_document(src: SourceFile, text: str, digest: str) -> Article | None:
    if src.format == "html":
        ex = clean.extract_from_html(text)
    elif src.format == "md":
        ex = _extract_markdown(text)
    else:
        ex = clean.extract_from_text(text)
    if not ex.paragraphs and not ex.title:
        return None
    return Article(
        id=path_id(src.path),
        title=ex.title or src.path.stem,
        body=ex.paragraphs,
        standfirst=ex.standfirst,
        authors=ex.authors,
        date=to_iso(ex.date),
        source=ex.source,
        url=ex.url,
        path=str(src.path),
        format=src.format,
        raw=text,
        content_hash=digest,
    )


_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`)")


def _extract_markdown(text: str) -> clean.Extracted:
    """Markdown: front matter and a leading ``# heading`` give the metadata; syntax is dropped."""
    meta: dict[str, str] = {}
    m = _FRONT_MATTER.match(text)
    if m:
        for line in m.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[m.end() :]
    lines = text.splitlines()
    title = meta.get("title", "")
    kept: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not title and stripped.startswith("# "):
            title = stripped[2:].strip()
            continue
        stripped = re.sub(r"^#{1,6}\s+|^>\s?|^[-*+]\s+|^\d+\.\s+", "", stripped)
        kept.append(_MD_MARKS.sub("", _MD_LINK.sub(r"\1", stripped)))
    body = "\n".join(kept)
    ex = clean.extract_from_text(body, title=title or None)
    authors = meta.get("author") or meta.get("authors") or ""
    if authors:
        ex.authors = [a.strip() for a in re.split(r",|;", authors.strip("[]")) if a.strip()]
    ex.date = meta.get("date") or ex.date
    ex.source = meta.get("source", ex.source)
    ex.url = meta.get("url", ex.url)
    return ex


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_no_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_no_surrogates(k): _no_surrogates(v) for k, v in value.items()}
    return value


def _json_loads(text: str) -> Any:
    """json.loads, with lone surrogates (``"\\udcff"`` escapes) made U+FFFD: the index cannot
    store them, and one such record would otherwise fail the whole run."""
    data = json.loads(text)
    if "\\ud" in text.lower():
        data = _no_surrogates(data)
    return data


def _load_records(src: SourceFile, text: str, out: Loaded) -> None:
    where = str(src.path)
    try:
        data = _json_loads(text)
    except (ValueError, RecursionError) as exc:
        raise BadFile(f"malformed JSON ({exc})"[:200]) from exc
    items = data if isinstance(data, list) else [data]
    records: list[tuple[int, Any]] = list(enumerate(items, 1))
    for n, record in records:
        label = f"{where}:{n}"
        if not isinstance(record, dict):
            out.errors.append(LoadError(label, "record is not a JSON object"))
            continue
        article = _record_article(src, n, record)
        if isinstance(article, str):
            out.errors.append(LoadError(label, article))
        else:
            out.articles.append(article)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n\n".join(_as_text(v) for v in value)
    return str(value)


def _record_article(src: SourceFile, n: int, record: dict[str, Any]) -> Article | str:
    body = _as_text(record.get("text") if record.get("text") is not None else record.get("body"))
    title = " ".join(_as_text(record.get("title")).split())
    if not body.strip() and not title:
        return "record has no title or text"
    raw_id = record.get("id", record.get("_id"))
    if raw_id is not None and str(raw_id).strip():
        article_id = " ".join(str(raw_id).split())[:200]
    else:
        article_id = path_id(src.path, suffix=str(n))
    ex = clean.extract_from_text(body, title=title or None)
    author = record.get("author", record.get("authors"))
    source = _as_text(record.get("source")) or ex.source
    if isinstance(author, list):
        authors = byline_names([str(a) for a in author], source)
    elif author:
        authors = byline_names(re.split(r";|,| and ", str(author)), source)
    else:
        authors = ex.authors
    return Article(
        id=article_id,
        title=title or ex.title or article_id,
        body=ex.paragraphs,
        standfirst=_as_text(record.get("standfirst") or record.get("subtitle") or record.get("description"))
        or ex.standfirst,
        authors=authors,
        date=to_iso(record.get("date") or ex.date),
        source=source,
        url=_as_text(record.get("url")) or ex.url,
        path=str(src.path),
        format=src.format,
        raw=body,
        content_hash=content_hash(json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)),
    )


def load_paths(paths: Iterable[Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Everything under ``paths`` (for scripts and tests; the indexer streams instead)."""
    out = Loaded()
    for src in walk(paths, out.errors):
        loaded = load_file(src, max_bytes=max_bytes)
        out.articles.extend(loaded.articles)
        out.errors.extend(loaded.errors)
    return out
