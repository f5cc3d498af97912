"""Build and update the index: incremental by content hash, crash-safe, one writer at a time."""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacetui import __version__
from spacetui.articles.cleaning import CLEANING_VERSION
from spacetui.articles.loaders import DEFAULT_MAX_BYTES, SourceFile, file_digest, iter_file, walk
from spacetui.articles.model import Article, Entity, LoadError
from spacetui.entities import CorpusEntities, EntityPipeline, entity_key, ner_model
from spacetui.entities.rules import RULES_VERSION
from spacetui.index import doc_tables, posting_tables
from spacetui.index.progress import Progress, ReadProgress
from spacetui.index.schema import ENTITY_FIELDS, SCHEMA_VERSION, build_schema
from spacetui.index.store import IndexDamaged, IndexError_, IndexStore
from spacetui.paths import entities_file, seeds_dir
from spacetui.search.whoosh_internals import remember_missing_length_columns
from spacetui.stories.events import extract as extract_events
from spacetui.stories.events import to_column as events_to_column
from spacetui.stories.events import to_stored as events_to_stored
from spacetui.stories.groups import StoryGroups

if TYPE_CHECKING:
    from spacetui.index.cluster import ClusterReader
    from spacetui.stories.events import Event
    from spacetui.stories.linking import StoryLinker

SIG_SEP = "\x1f"
BATCH = 256


@dataclass(slots=True)
class IndexReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    entities_updated: int = 0  # unchanged articles re-resolved (corrections or rules changed)
    outlets_adopted: int = 0  # articles that took their folder's outlet as source (re-resolved)
    articles: int = 0  # in the index afterwards
    files_seen: int = 0
    rebuilt: str = ""  # why the index was rebuilt from scratch, if it was
    # its articles were read by an older spacetui's cleaning (``--rebuild`` reads them again)
    cleaned_before: bool = False
    errors: list[LoadError] = field(default_factory=list)
    roots: list[str] = field(default_factory=list)
    seconds: float = 0.0
    stories_seconds: float = 0.0  # of which finding copies and stories, and dated events
    stories_cpu_seconds: float = 0.0  # their CPU in the indexing thread (benchmarks/stories_cost.py)

    @property
    def changed(self) -> bool:
        counts = (self.added, self.updated, self.removed, self.entities_updated, self.outlets_adopted)
        return bool(self.rebuilt or any(counts))

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "entities_updated": self.entities_updated,
            "outlets_adopted": self.outlets_adopted,
            "articles": self.articles,
            "files_seen": self.files_seen,
            "rebuilt": self.rebuilt or None,
            "cleaned_before": self.cleaned_before,
            "skipped": [{"path": e.path, "reason": e.reason} for e in self.errors],
            "roots": self.roots,
            "seconds": round(self.seconds, 3),
            "stories_seconds": round(self.stories_seconds, 3),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IndexReport:
        """A report read back from ``spacetui index --json`` (another process's run)."""
        counts = (
            "added",
            "updated",
            "removed",
            "unchanged",
            "entities_updated",
            "outlets_adopted",
            "articles",
            "files_seen",
        )
        return cls(
            **{k: int(data.get(k) or 0) for k in counts},
            rebuilt=str(data.get("rebuilt") or ""),
            cleaned_before=bool(data.get("cleaned_before")),
            errors=[LoadError(str(e.get("path")), str(e.get("reason"))) for e in data.get("skipped") or []],
            roots=[str(r) for r in data.get("roots") or []],
            seconds=float(data.get("seconds") or 0.0),
        )


def _noop(stage: str, done: int, total: int, articles: int) -> None:
    pass


def article_fields(
    article: Article, file_sig: str, events: Sequence[Event] = (), *, events_column: bool = True
) -> dict[str, Any]:
    """The Whoosh document for an article (empty values left out: Whoosh rejects empty terms),
    with its dated ``events`` in the events column, or stored where the index has no column."""
    doc: dict[str, Any] = {
        "id": article.id,
        "path": article.path,
        "file_sig": file_sig,
        "content_hash": article.content_hash,
        "format": article.format,
        "title": article.title,
        "standfirst": article.standfirst,
        "body": article.body_text,
        "author": "; ".join(article.authors),
        "source": article.source,
        "url": article.url,
        "date_iso": article.date,
        "words": article.word_count,
        "raw": article.raw,
        "entities": json.dumps([e.to_dict() for e in article.entities], ensure_ascii=False),
        # None (never run) is left out, so that it stays None: [] means "NER found nothing".
        "ner": json.dumps(article.ner) if article.ner is not None else None,
    }
    if events:
        if events_column:
            doc["event_rows"] = events_to_column(article, events)
        else:
            doc["events"] = events_to_stored(events)
    # Undated articles sort last whichever way dates are sorted (0 = no date).
    doc["date_key"] = 0
    if article.date:
        with contextlib.suppress(ValueError):
            day = datetime.fromisoformat(article.date[:10])
            doc["date"] = day
            doc["date_key"] = day.toordinal()
    if article.entities:
        doc["entity"] = ",".join(
            sorted({" ".join(e.name.replace(",", " ").split()) for e in article.entities})
        )
        doc["entity_key"] = ",".join(sorted({entity_key(e.type, e.name) for e in article.entities}))
        by_field: dict[str, list[str]] = {}
        for e in article.entities:
            if e.type in ENTITY_FIELDS:
                by_field.setdefault(ENTITY_FIELDS[e.type], []).extend([e.name, *e.aliases])
        for name, values in by_field.items():
            doc[name] = " | ".join(values)
    return {k: v for k, v in doc.items() if v not in ("", None)}


def article_from_stored(stored: dict[str, Any]) -> Article:
    """Rebuild an Article from an index document's stored fields."""
    body = stored.get("body", "")
    authors = [a for a in stored.get("author", "").split("; ") if a]
    entities = [Entity.from_dict(e) for e in json.loads(stored.get("entities") or "[]")]
    ner_raw = stored.get("ner")
    ner = [tuple(x) for x in json.loads(ner_raw)] if ner_raw else None
    return Article(
        id=stored["id"],
        title=stored.get("title", ""),
        body=body.split("\n\n") if body else [],
        standfirst=stored.get("standfirst", ""),
        authors=authors,
        date=stored.get("date_iso"),
        source=stored.get("source", ""),
        url=stored.get("url", ""),
        path=stored.get("path", ""),
        format=stored.get("format", ""),
        raw=stored.get("raw", ""),
        content_hash=stored.get("content_hash", ""),
        entities=entities,
        ner=ner,
    )


def _indexed_files(reader: Any) -> dict[str, str]:
    """path -> content hash of every file in the index, from each segment's file_sig terms (a
    term read with its term info: a file of one article needs no postings read)."""
    files: dict[str, str] = {}
    for leaf, _ in reader.leaf_readers():
        deletions = leaf.has_deletions()
        for term, info in leaf.iter_field("file_sig"):
            if deletions:
                if info.doc_frequency() == 1:
                    if leaf.is_deleted(info.min_id()):
                        continue
                elif all(leaf.is_deleted(d) for d in leaf.postings("file_sig", term).all_ids()):
                    continue
            text = term.decode("utf-8", "surrogatepass") if isinstance(term, bytes) else term
            path, _, digest = text.rpartition(SIG_SEP)
            files[path] = digest
    return files


def _under(path: str, roots: Iterable[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _norm_root(path: Path) -> str:
    return str(Path(os.path.expanduser(path)).absolute())


def update_index(
    index_dir: Path,
    paths: Iterable[Path] | None = None,
    *,
    rebuild: bool = False,
    entities: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    n_process: int = 1,
    progress: Progress | None = None,
    lock_timeout: float = 30.0,
    overrides_path: Path | None = None,
    cluster: str | None = None,
    stories: bool = True,
) -> IndexReport:
    """Bring the index at ``index_dir`` up to date with ``paths`` (or the folders it already has).

    New files are added, changed ones (by content hash) re-indexed, vanished ones removed, and
    unchanged ones not touched. Given paths are added to the index's folders; with ``rebuild``
    and paths, the index holds exactly those paths afterwards. With ``cluster`` (a Dask
    scheduler address, or ``local:N``), files are read and NER runs on its workers.

    ``stories=False`` is for measuring what the story work costs (benchmarks/stories_cost.py):
    a rebuild without copies, stories or dated events, which the next update rebuilds with them.
    """
    started = time.perf_counter()
    progress = progress or _noop
    store = IndexStore(index_dir)
    report = IndexReport()
    with store.write_lock(lock_timeout):
        store.clean_stale()
        current = store.current_dir()
        meta = store.read_meta(current) if current else {}
        # A damaged generation is rebuilt beside itself from the folders it remembers; it stays
        # on disk (as the previous generation) until the new one is published.
        damage = store.damage(current) if current is not None else None
        if current is None:
            report.rebuilt = "new index"
        elif damage:
            if not meta.get("roots") and not paths:
                raise IndexDamaged(
                    f"the index at {index_dir} is damaged ({damage}) and does not say which folders "
                    "it held: run `spacetui index --rebuild PATH...` with them"
                )
            report.rebuilt = f"the index was damaged: {damage}"
        elif meta.get("schema_version") != SCHEMA_VERSION:
            report.rebuilt = "index format changed"
        elif rebuild:
            report.rebuilt = "rebuild requested"
        elif meta.get("stories") is False:
            report.rebuilt = "the index was built without stories (a measurement)"
        if not stories and not report.rebuilt:
            report.rebuilt = "stories off (a measurement)"
        # (what the index's articles were read by: a rebuild reads them all with today's)
        cleaning = CLEANING_VERSION if report.rebuilt else str(meta.get("cleaning", ""))
        report.cleaned_before = cleaning != CLEANING_VERSION

        given = [_norm_root(Path(p)) for p in paths] if paths else []
        old_roots = [str(r) for r in meta.get("roots", [])]
        if given and rebuild:
            roots = given
        else:
            roots = list(dict.fromkeys(old_roots + given)) or [_norm_root(seeds_dir())]
        report.roots = roots

        pipeline = (
            EntityPipeline(overrides_path=overrides_path or entities_file(), n_process=n_process)
            if entities
            else None
        )
        fingerprint = pipeline.fingerprint if pipeline else "off"

        from spacetui.stories.linking import StoryLinker  # index time only (datasketch)

        ner_cache: NerCache | None = None
        sourceless: set[str] = set()  # folders of articles that name no outlet
        if pipeline is not None:
            outlets = meta.get("outlets")
            pipeline.folder_outlets = dict(outlets) if isinstance(outlets, dict) else {}
        if report.rebuilt:
            gen = store.new_generation()
            ix = store.open_storage(gen).create_index(build_schema())
            indexed: dict[str, str] = {}
            corpus = CorpusEntities()
            linker = StoryLinker() if stories else _NoStories()
            if pipeline is not None and current is not None and meta.get("ner_model") == ner_model():
                # A rebuild (format change, --rebuild) reuses the old generation's NER output
                # for articles whose cleaned text is unchanged: NER is most of the cost.
                ner_cache = NerCache.open(store, current)
        else:
            assert current is not None
            gen = current
            ix = store.open_storage(gen).open_index()
            with ix.reader() as reader:
                indexed = _indexed_files(reader)
            corpus = CorpusEntities.load(gen)
            if (
                corpus.stale
                or not (corpus.counts_beside and corpus.counts_countries)
                or meta.get("corpus_generation") != ix.latest_generation()
            ):
                # Missing, an older format (or saved before it counted the surnames beside a
                # first name and the countries beside an organisation), or a run killed between
                # commit and save.
                corpus = _corpus_from_index(ix)
                corpus.merge_outdated = True  # (saved below even when no file changed)
            # Missing, another format, or a run killed between commit and save: from the articles.
            linker = StoryLinker.load(gen, ix.latest_generation()) or _linker_from_index(ix)
        if pipeline is not None:
            corpus.overrides = pipeline.overrides  # [split] vetoes cross-article merges too

        # Scan: which files are new, changed, unchanged, gone.
        scan_errors: list[LoadError] = []
        todo: list[tuple[SourceFile, str]] = []
        seen: set[str] = set()
        for n, src in enumerate(walk([Path(r) for r in roots], scan_errors), 1):
            if n % 500 == 0:
                progress("scanning", n, 0, 0)
            key = str(src.path)
            seen.add(key)
            try:
                digest = file_digest(src.path)
            except OSError as exc:
                scan_errors.append(LoadError(key, f"cannot read: {exc.strerror or exc}"))
                seen.discard(key)  # unreadable now: keep what the index has
                continue
            if indexed.get(key) == digest:
                report.unchanged += 1
            else:
                todo.append((src, digest))
        report.files_seen = len(seen)
        report.errors.extend(scan_errors)
        missing_roots = {r for r in roots if not os.path.exists(r)}
        gone = [p for p in indexed if p not in seen and _under(p, roots) and not _under(p, missing_roots)]
        for root in missing_roots:
            report.errors.append(LoadError(root, "folder not found: its articles are kept in the index"))
        reresolve = (
            pipeline is not None
            and not report.rebuilt
            and (meta.get("entity_fingerprint") != fingerprint or meta.get("entity_rules") != RULES_VERSION)
        )

        if not todo and not gone and not report.rebuilt and not reresolve and roots == old_roots:
            if corpus.merge_outdated:
                corpus.save(gen)  # else every start works the merges out again (ALIAS_RULES bumped)
            with ix.searcher() as s:
                report.articles = s.doc_count()
                doc_tables.write(gen, s.reader())  # (an index from before the tables gets them)
                posting_tables.write(gen, s.reader())
                if linker.changed:  # worked out from the articles just now (an index from before them)
                    linker.save(gen, ix.latest_generation(), _copy_keys_maker(gen, s.reader()))
                elif stories:  # (an index from before the copy keys were saved gets them)
                    _save_copy_keys(gen, s.reader())
            report.stories_seconds = linker.seconds
            report.seconds = time.perf_counter() - started
            return report

        remember_missing_length_columns()
        procs = _writer_procs(todo) if report.rebuilt else 1
        # A rebuild writes a generation nobody reads until publish(), so the sub-processes of
        # Whoosh's multi-process writer cannot leave a half-written live index behind.
        writer = _mp_writer(ix, procs) if procs > 1 else ix.writer(timeout=10.0, limitmb=128)
        on_cluster: ClusterReader | None = None
        try:
            with ix.searcher() as searcher:
                for path in gone:
                    for stored in searcher.documents(path=path):
                        corpus.remove(article_from_stored(stored).entities)
                        linker.remove(stored["id"])
                        report.removed += 1
                    writer.delete_by_term("path", path)
                if reresolve:
                    report.entities_updated = _reresolve_all(
                        searcher,
                        writer,
                        pipeline,  # type: ignore[arg-type]
                        corpus,
                        linker,
                        progress,
                        skip={*gone, *(str(src.path) for src, _ in todo)},
                        sourceless=sourceless,
                    )

                total_bytes = sum(src.size for src, _ in todo)
                read = ReadProgress(progress, total_bytes)
                out = _BatchWriter(writer, pipeline, corpus, linker, ner_cache, events=stories)
                out.library_ids = _library_ids(index_dir)
                batch: list[tuple[Article, str]] = []
                if cluster and todo:
                    from spacetui.index.cluster import ClusterReader

                    on_cluster = ClusterReader(cluster, with_ner=pipeline is not None, max_bytes=max_bytes)
                for src, digest, items in _read_files(todo, max_bytes, read, on_cluster):
                    key = str(src.path)
                    if key in indexed:
                        out.flush()  # earlier articles join the counts before these leave them
                        for stored in searcher.documents(path=key):
                            corpus.remove(article_from_stored(stored).entities)
                            linker.remove(stored["id"])
                        writer.delete_by_term("path", key)
                    sig = f"{key}{SIG_SEP}{digest}"
                    for item in items:
                        if isinstance(item, LoadError):
                            report.errors.append(item)
                            continue
                        batch.append((item, sig))
                        read.articles += 1
                        if key in indexed:
                            report.updated += 1
                        else:
                            report.added += 1
                        if len(batch) >= BATCH:
                            out.add(batch)
                            batch = []
                if batch:
                    out.add(batch)
                out.flush()
                sourceless |= out.sourceless
            progress("saving", 0, 1, report.added + report.updated)
            writer.commit(optimize=bool(report.rebuilt) and procs == 1)
        except BaseException:
            # A writer that failed mid-commit may already be closed (whoosh3 closes it on a full
            # disk): the first error is the one to report, not the cancel's.
            with contextlib.suppress(Exception):
                writer.cancel()
            raise
        finally:
            if ner_cache is not None:
                ner_cache.close()
            if on_cluster is not None:
                on_cluster.close()
        if pipeline is not None and sourceless:
            # (new articles among them too: not "entities updated in unchanged articles")
            report.outlets_adopted = _adopt_folder_outlets(
                ix, pipeline, corpus, linker, roots, sourceless, progress
            )

        meta = {
            "schema_version": SCHEMA_VERSION,
            "spacetui": __version__,
            "roots": roots,
            "entity_fingerprint": fingerprint,
            "ner_model": ner_model() if pipeline is not None else None,
            "entity_rules": RULES_VERSION if pipeline is not None else None,
            "outlets": pipeline.folder_outlets if pipeline is not None else {},
            "corpus_generation": ix.latest_generation(),
            "cleaning": cleaning,
            "updated": datetime.now().isoformat(timespec="seconds"),
        }
        if not stories:
            meta["stories"] = False
        with ix.searcher() as s:
            report.articles = s.doc_count()
            doc_tables.write(gen, s.reader())
            posting_tables.write(gen, s.reader())
            linker.save(gen, ix.latest_generation(), _copy_keys_maker(gen, s.reader()))
        corpus.save(gen)
        report.stories_seconds = linker.seconds + out.events_seconds
        report.stories_cpu_seconds = linker.cpu_seconds + out.events_cpu_seconds
        store.write_meta(gen, meta)
        if report.rebuilt:
            store.publish(gen)
        progress("saving", 1, 1, report.added + report.updated)
    report.seconds = time.perf_counter() - started
    if out.moved:
        _relink_library(index_dir, out.moved)  # (outside the index lock: SQLite locks its own file)
    return report


# Use the multi-process writer for rebuilds bigger than this (processes cost ~0.2 s to start).
MP_MIN_BYTES = 8 << 20


def _writer_procs(todo: list[tuple[SourceFile, str]]) -> int:
    size = 0
    for src, _ in todo:
        with contextlib.suppress(OSError):
            size += src.path.stat().st_size
    return min(os.cpu_count() or 1, 4) if size >= MP_MIN_BYTES else 1


def _watch_parent() -> None:
    """In a writer sub-process: exit if the parent dies (a killed build must leave no orphans
    waiting on the job queue forever)."""
    import threading

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _mp_writer(ix: Any, procs: int) -> Any:
    from whoosh.multiproc import MpWriter, SubWriterTask
    from whoosh.writing import SegmentWriter

    class Task(SubWriterTask):
        def run(self) -> None:
            _watch_parent()
            super().run()

    class Writer(MpWriter):
        def _new_task(self) -> Any:
            task = Task(
                self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, self.multisegment
            )
            task.daemon = True  # ended with the parent's interpreter, never waited for
            self.tasks.append(task)
            task.start()
            return task

        def cancel(self) -> None:
            # Whoosh's cancel() only flags its own copy of each task: stop them for real.
            try:
                for task in self.tasks:
                    task.terminate()
                for task in self.tasks:
                    task.join(5)
            finally:
                SegmentWriter.cancel(self)

    return Writer(ix, procs=procs, batchsize=128, multisegment=True, limitmb=128)


def _read_files(
    todo: list[tuple[SourceFile, str]],
    max_bytes: int,
    read: ReadProgress,
    on_cluster: ClusterReader | None,
) -> Iterator[tuple[SourceFile, str, Iterable[Article | LoadError]]]:
    """Each file to index, its digest and its articles (read here, or on the cluster's workers),
    in the order listed."""
    if on_cluster is None:
        for src, digest in todo:
            read.start_file(src.size)
            yield src, digest, iter_file(src, max_bytes=max_bytes, on_read=read.at)
            read.end_file()
        return
    for (src, items), (_, digest) in zip(on_cluster.read(s for s, _ in todo), todo, strict=True):
        read.start_file(src.size)
        yield src, digest, items
        read.end_file()


class _BatchWriter:
    """Writes batches of articles; with entities, batch k+1's NER runs in the worker pool while
    batch k is resolved and written here (both cores busy). Batches are written in order."""

    def __init__(
        self,
        writer: Any,
        pipeline: EntityPipeline | None,
        corpus: CorpusEntities,
        linker: StoryLinker | _NoStories,
        ner_cache: NerCache | None = None,
        *,
        events: bool = True,
    ) -> None:
        self.writer = writer
        self.events = events
        self.events_column = "event_rows" in writer.schema  # (indexes from before it store them)
        self.events_seconds = 0.0
        self.events_cpu_seconds = 0.0
        self.pipeline = pipeline
        self.corpus = corpus
        self.linker = linker
        self.ner_cache = ner_cache
        self.library_ids: dict[str, str] = {}  # content hash -> the id the library knows it by
        self.moved: list[tuple[str, str, str]] = []  # (content hash, new id, path)
        self._pending: tuple[list[tuple[Article, str]], Any] | None = None
        self.sourceless: set[str] = set()  # folders of articles that name no outlet

    def add(self, batch: list[tuple[Article, str]]) -> None:
        job = None
        if self.pipeline is not None:
            if self.ner_cache is not None:
                for article, _ in batch:
                    if article.ner is None:
                        article.ner = self.ner_cache.get(article)
            job = self.pipeline.start([a for a, _ in batch])
        self.flush()
        self._pending = (batch, job)

    def flush(self) -> None:
        if self._pending is None:
            return
        batch, job = self._pending
        self._pending = None
        if job is not None:
            self.pipeline.finish(job)  # type: ignore[union-attr]
        for article, sig in batch:
            self.corpus.add(article.entities)
            self.linker.add(article)
            self.writer.update_document(
                **article_fields(article, sig, self._events(article), events_column=self.events_column)
            )
            known = self.library_ids.get(article.content_hash)
            if known is not None and known != article.id:
                self.moved.append((article.content_hash, article.id, article.path))
            if not article.source and article.path:
                self.sourceless.add(os.path.dirname(article.path))

    def _events(self, article: Article) -> list[Event]:
        if not (self.events and article.entities):
            return []
        started, cpu = time.perf_counter(), time.thread_time()
        found = extract_events(article)
        self.events_seconds += time.perf_counter() - started
        self.events_cpu_seconds += time.thread_time() - cpu
        return found


class _NoStories:
    """The linker of a build measured without the story work: it keeps nothing."""

    seconds = 0.0
    cpu_seconds = 0.0
    changed = False

    def add(self, article: Article) -> None:
        pass

    def remove(self, article_id: str) -> None:
        pass

    def save(self, directory: Path, index_generation: int, copy_keys: Any = None) -> None:
        pass


def _copy_keys_maker(gen: Path, reader: Any) -> Callable[[StoryGroups], tuple[list[list[Any]], Any]] | None:
    """What saves each document's group of copies with the groups (None: a reader that is not
    over segments, whose numbering no later reader could check)."""
    segments = doc_tables.segments_of(reader)
    if segments is None:
        return None

    def make(groups: StoryGroups) -> tuple[list[list[Any]], Any]:
        known = groups.saved_copy_keys()
        return segments, doc_tables.copy_keys(reader, gen, groups.version_numbers, known)

    return make


def _save_copy_keys(gen: Path, reader: Any) -> None:
    groups = StoryGroups.load(gen)
    segments = doc_tables.segments_of(reader)
    if groups.stale or segments is None or groups.has_copy_keys_for(segments):
        return
    groups.save(gen, (segments, doc_tables.copy_keys(reader, gen, groups.version_numbers)))


def _reresolve_all(
    searcher: Any,
    writer: Any,
    pipeline: EntityPipeline,
    corpus: CorpusEntities,
    linker: StoryLinker | _NoStories,
    progress: Progress,
    skip: set[str],
    only: Callable[[dict[str, Any]], bool] | None = None,
    sourceless: set[str] | None = None,
) -> int:
    """Apply new entity corrections to every stored article without running NER again.

    Articles of files in ``skip`` (gone, or changed and about to be re-indexed) are left to the
    main loop, and only those ``only`` accepts are done. The folders of articles that name no
    outlet are added to ``sourceless``. Returns how many articles were re-resolved.
    """
    reader = searcher.reader()
    total = reader.doc_count()
    out = _BatchWriter(writer, pipeline, corpus, linker)
    pending: list[tuple[Article, str]] = []
    sig_of: dict[str, str] = {}
    done = 0
    for n, (docnum, stored) in enumerate(reader.iter_docs(), 1):
        if stored.get("path") in skip or (only is not None and not only(stored)):
            continue
        done += 1
        article = article_from_stored(stored)
        corpus.remove(article.entities)
        # Articles indexed without entities get NER now; the rest only re-resolve.
        sig_of[article.path] = sig_of.get(article.path) or _sig_for(reader, docnum, article.path)
        pending.append((article, sig_of[article.path]))
        if len(pending) >= BATCH:
            # Written before the next articles leave the corpus counts, as they always were.
            out.add(pending)
            out.flush()
            pending = []
        progress("entities", n, total, n)
    if pending:
        out.add(pending)
    out.flush()
    if sourceless is not None:
        sourceless |= out.sourceless
    return done


def _library_ids(index_dir: Path) -> dict[str, str]:
    """The articles the library has state for (content hash -> id), if it has any."""
    from spacetui.library import LibraryError, LibraryStore

    library = LibraryStore.beside(index_dir)
    try:
        return (
            {h: row.article_id for h, row in library.snapshot().by_hash.items()} if library.exists() else {}
        )
    except LibraryError:
        return {}  # a damaged library file is said where it is read, not here
    finally:
        library.close()


def _relink_library(index_dir: Path, moved: list[tuple[str, str, str]]) -> None:
    """Tell the library the new ids of articles that moved (their state is found by content
    either way; the id is what finds it again after the next edit in place)."""
    from spacetui.library import LibraryError, LibraryStore

    library = LibraryStore.beside(index_dir)
    try:
        library.relink(moved)
    except LibraryError:
        pass
    finally:
        library.close()


def _adopt_folder_outlets(
    ix: Any,
    pipeline: EntityPipeline,
    corpus: CorpusEntities,
    linker: StoryLinker | _NoStories,
    roots: list[str],
    sourceless: set[str],
    progress: Progress,
) -> int:
    """Give the stories of folders that turn out to be named after their outlet that outlet as
    source, re-resolving them from their stored NER spans (the outlet is then no entity of
    theirs). Folders already known keep theirs. Returns how many articles were re-resolved."""
    found = _folder_outlets(sourceless, roots, corpus)
    new = {f: o for f, o in found.items() if pipeline.folder_outlets.get(f) != o}
    if not new:
        return 0
    pipeline.folder_outlets.update(new)
    writer = ix.writer(timeout=10.0, limitmb=128)
    try:
        with ix.searcher() as searcher:
            done = _reresolve_all(
                searcher,
                writer,
                pipeline,
                corpus,
                linker,
                progress,
                skip=set(),
                only=lambda stored: not stored.get("source") and _under(stored.get("path", ""), new),
            )
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return done


def _folder_outlets(sourceless: set[str], roots: list[str], corpus: CorpusEntities) -> dict[str, str]:
    """Folder -> outlet, for the folders (up to their root) of articles that name no outlet whose
    name the corpus's stories use as an outlet's (``sources.folder_outlet``)."""
    from spacetui.entities.sources import folder_outlet

    folders: set[str] = set()
    for folder in sourceless:
        while folder and _under(folder, roots) and folder not in folders:
            folders.add(folder)
            parent = os.path.dirname(folder)
            folder = "" if parent == folder else parent
    found = {f: folder_outlet(os.path.basename(f), corpus.raw) for f in sorted(folders)}
    return {f: o for f, o in found.items() if o}


def _sig_for(reader: Any, docnum: int, path: str) -> str:
    prefix = (path + SIG_SEP).encode("utf-8", "surrogatepass")
    for term in reader.expand_prefix("file_sig", prefix):
        return term.decode("utf-8", "surrogatepass") if isinstance(term, bytes) else term
    return path + SIG_SEP


class NerCache:
    """Raw NER spans stored in an older generation, found by content hash, checked by body text."""

    def __init__(self, ix: Any) -> None:
        self._ix = ix
        self._searcher = ix.searcher()

    @classmethod
    def open(cls, store: IndexStore, gen_dir: Path) -> NerCache | None:
        try:
            ix = store.open_storage(gen_dir, readonly=True).open_index()
            if "content_hash" not in ix.schema or "ner" not in ix.schema:
                return None
            return cls(ix)
        except Exception:  # an unreadable old generation: run NER as for a new index
            return None

    def get(self, article: Article) -> list[tuple[int, int, str]] | None:
        if not article.content_hash:
            return None
        body = article.body_text
        try:
            for stored in self._searcher.documents(content_hash=article.content_hash):
                raw = stored.get("ner")
                if raw and stored.get("body", "") == body:
                    return [(int(s), int(e), str(label)) for s, e, label in json.loads(raw)]
        except Exception:
            return None
        return None

    def close(self) -> None:
        self._searcher.close()


def _corpus_from_index(ix: Any) -> CorpusEntities:
    corpus = CorpusEntities()
    with ix.reader() as reader:
        for _, stored in reader.iter_docs():
            corpus.add([Entity.from_dict(e) for e in json.loads(stored.get("entities") or "[]")])
    return corpus


def _linker_from_index(ix: Any) -> StoryLinker:
    from spacetui.stories.linking import StoryLinker

    with ix.reader() as reader:
        return StoryLinker.from_articles(article_from_stored(stored) for _, stored in reader.iter_docs())


def iter_stored(index_dir: Path) -> Iterator[Article]:
    """Every article in the index (for ``spacetui list`` and exports)."""
    store = IndexStore(index_dir)
    current = store.current_dir()
    if current is None:
        raise IndexError_(f"no index at {index_dir}: run `spacetui index` first")
    ix = store.open_storage(current, readonly=True).open_index()
    with ix.reader() as reader:
        for _, stored in reader.iter_docs():
            yield article_from_stored(stored)
