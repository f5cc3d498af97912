"""Where an index lives on disk, and how it is swapped and locked.

Layout of an index directory::

    CURRENT          name of the live generation (replaced atomically)
    gen-000002/      a Whoosh index + spacetui.json (schema version, roots, fingerprints)
    gen-000001/      the previous generation, kept until the next rebuild
    .lock            held by whoever is writing

Incremental updates commit inside the live generation (Whoosh writes a new table of contents
and renames it into place, so a killed writer leaves the last commit intact). A full rebuild
(first run, ``--rebuild``, schema change) writes a new generation beside the old one and only
then points CURRENT at it, so the old index answers queries until the very end.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

META_FILE = "spacetui.json"
CURRENT_FILE = "CURRENT"
LOCK_FILE = ".lock"


class IndexError_(Exception):
    """A problem with the index a user can act on; the message says what to do."""


class IndexBusy(IndexError_):
    pass


class IndexMissing(IndexError_):
    pass


class IndexDamaged(IndexError_):
    """The live generation has a missing, truncated or corrupt file."""


def missing_message(root: Path) -> str:
    return f"no index at {root}; run `spacetui index PATH --index {root}`"


def damaged_message(root: Path, reason: str) -> str:
    return f"the index at {root} is damaged ({reason}): run `spacetui index --rebuild`"


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class IndexStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # --- reading -----------------------------------------------------------------------
    def current_name(self) -> str | None:
        try:
            name = (self.root / CURRENT_FILE).read_text(encoding="utf-8").strip()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            raise IndexError_(f"cannot read index at {self.root}: {exc.strerror}") from exc
        # Only a generation of this folder: a CURRENT saying "../elsewhere" is not followed.
        valid = len(name) == 10 and name.startswith("gen-") and name[4:].isdigit()
        return name if valid and (self.root / name).is_dir() else None

    def current_dir(self) -> Path | None:
        name = self.current_name()
        return self.root / name if name else None

    def read_meta(self, gen_dir: Path | None = None) -> dict[str, Any]:
        gen_dir = gen_dir or self.current_dir()
        if gen_dir is None:
            return {}
        try:
            return json.loads((gen_dir / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def write_meta(self, gen_dir: Path, meta: dict[str, Any]) -> None:
        _write_atomic(gen_dir / META_FILE, json.dumps(meta, indent=1, ensure_ascii=False))

    def open_storage(self, gen_dir: Path, *, readonly: bool = False):
        from whoosh.filedb.filestore import FileStorage

        # mmap makes Whoosh copy index parts into RAM at open; plain reads keep memory small.
        return FileStorage(str(gen_dir), supports_mmap=False, readonly=readonly)

    def damage(self, gen_dir: Path | None = None) -> str | None:
        """Why a generation cannot be read (a missing, truncated or corrupt file), or None.

        Opens the table of contents, every segment, and the first and last stored document:
        what a search needs first. Called on a failure (or by a writer before it updates), never
        on the search path, so a healthy index pays nothing for it.
        """
        gen_dir = gen_dir or self.current_dir()
        if gen_dir is None:
            return None
        reason = self._probe(gen_dir)
        if reason is not None:
            # A commit that replaced segment files while we read is not damage: look again.
            time.sleep(0.2)
            reason = self._probe(gen_dir)
        return reason

    def _probe(self, gen_dir: Path) -> str | None:
        from whoosh.index import EmptyIndexError

        try:
            meta = json.loads((gen_dir / META_FILE).read_text(encoding="utf-8"))
            if not isinstance(meta, dict):
                raise ValueError("not an object")
        except FileNotFoundError:
            return f"{META_FILE} is missing"
        except (OSError, ValueError) as exc:
            return f"{META_FILE} is unreadable: {exc}"
        try:
            ix = self.open_storage(gen_dir, readonly=True).open_index()
            with ix.reader() as reader:
                count = reader.doc_count_all()
                if count:
                    reader.stored_fields(0)
                    reader.stored_fields(count - 1)
                if "path" in ix.schema:
                    next(iter(reader.lexicon("path")), None)
        except EmptyIndexError:
            return "its table of contents is missing"
        except FileNotFoundError as exc:
            return f"the file {Path(exc.filename or '?').name} is missing"
        except Exception as exc:  # whatever a truncated or zeroed file makes Whoosh raise
            detail = str(exc).splitlines()[0][:120] if str(exc) else ""
            return f"a file is corrupt or truncated: {type(exc).__name__}" + (f": {detail}" if detail else "")
        return None

    def foreign_entries(self) -> list[str]:
        """Names in the folder that are not an index's (none when it is an index or new): an
        index is a folder of its own, never files dropped among someone else's."""
        if self.current_name() is not None:
            return []
        try:
            names = sorted(p.name for p in self.root.iterdir())
        except (FileNotFoundError, NotADirectoryError):
            return [] if not self.root.exists() else [self.root.name]
        except OSError:
            return []
        ours = (CURRENT_FILE, LOCK_FILE)
        return [n for n in names if n not in ours and not n.startswith(("gen-", "library.sqlite3"))]

    # --- writing -----------------------------------------------------------------------
    def ensure_root(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexError_(
                f"cannot create index folder {self.root}: {exc.strerror}. "
                "Choose another place with --index DIR or SPACETUI_INDEX."
            ) from exc
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise IndexError_(
                f"index folder {self.root} is read-only. "
                "Choose another place with --index DIR or SPACETUI_INDEX."
            )

    @contextlib.contextmanager
    def write_lock(self, timeout: float = 30.0) -> Iterator[None]:
        """One writer at a time across processes; a second one waits up to ``timeout`` seconds."""
        self.ensure_root()
        fh = open(self.root / LOCK_FILE, "a+")  # noqa: SIM115 - held for the with-block
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        raise IndexBusy(
                            f"another spacetui is updating the index at {self.root}; "
                            "try again when it has finished"
                        ) from None
                    time.sleep(0.1)
            fh.seek(0)
            fh.truncate()
            fh.write(str(os.getpid()))
            fh.flush()
            yield
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
            fh.close()

    def new_generation(self) -> Path:
        """A fresh, empty generation directory (not live until :meth:`publish`)."""
        numbers = [int(p.name[4:10]) for p in self._generations()]
        number = max(numbers, default=0) + 1
        path = self.root / f"gen-{number:06d}.tmp"
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    def publish(self, tmp_dir: Path) -> Path:
        """Make a finished generation live, atomically; keep the previous one, drop older ones."""
        final = tmp_dir.with_name(tmp_dir.name.removesuffix(".tmp"))
        os.replace(tmp_dir, final)
        previous = self.current_name()
        _write_atomic(self.root / CURRENT_FILE, final.name + "\n")
        keep = {final.name, previous}
        for gen in self._generations():
            if gen.name not in keep:
                shutil.rmtree(gen, ignore_errors=True)
        return final

    def clean_stale(self) -> None:
        """Remove generations a killed rebuild left half-written (call with the lock held)."""
        for path in self.root.glob("gen-*.tmp"):
            shutil.rmtree(path, ignore_errors=True)

    def _generations(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.glob("gen-*") if p.is_dir() and p.name[4:10].isdigit())
