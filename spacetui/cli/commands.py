"""What each command does. Human output goes through Rich with untrusted text made inert."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from spacetui.articles.model import Article
from spacetui.cli.main import EXIT_INDEX, EXIT_NONE, EXIT_OK, EXIT_USAGE, dump_json
from spacetui.config import ConfigError, load_config
from spacetui.entities import EntityInfo
from spacetui.index.build import IndexReport, update_index
from spacetui.index.cluster import ClusterError
from spacetui.index.store import (
    IndexBusy,
    IndexDamaged,
    IndexError_,
    IndexMissing,
    IndexStore,
    damaged_message,
    missing_message,
)
from spacetui.library import ArticleRef, ArticleState, LibraryError
from spacetui.safetext import display_text, inline_text, json_safe, strip_controls
from spacetui.search.results import OUTDATED, Filter, Hit, Segment, state_dict
from spacetui.search.service import SearchService
from spacetui.stories.events import Event

HIT_STYLE = "bold reverse"
# Ids listed when the start of an id given to `show` fits several.
SHOW_CHOICES = 5

# soft_wrap: long lines are left to the terminal (and stay whole when piped into a script).
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(message: str, code: int) -> int:
    err.print(Text("spacetui: ", style="bold red") + Text(display_text(message)))
    return code


def _damaged(index_dir: Path) -> str | None:
    """The "index is damaged" message if the live generation cannot be read, else None."""
    try:
        reason = IndexStore(index_dir).damage()
    except Exception:  # no readable index folder at all: the caller's own message says so
        return None
    return damaged_message(index_dir, reason) if reason else None


def _index_failure(exc: IndexError_, index_dir: Path) -> int:
    """An index that cannot be opened: say what is wrong with it when a file is the cause."""
    if isinstance(exc, (IndexBusy, IndexMissing, IndexDamaged)):
        return _fail(str(exc), EXIT_INDEX)
    return _fail(_damaged(index_dir) or str(exc), EXIT_INDEX)


def cmd_watch(args: argparse.Namespace, index_dir: Path) -> int:
    import json
    from datetime import datetime

    from spacetui.index.watch import describe, watch_index, watched_roots

    try:
        service = _service(index_dir, args)  # the default index gets the seeds, as everywhere
    except IndexError_ as exc:
        return _index_failure(exc, index_dir)
    roots = watched_roots(index_dir)
    if not roots:
        return _fail(
            f"the index at {display_text(str(index_dir))} holds no folder that exists now", EXIT_INDEX
        )
    names = ", ".join(display_text(str(r)) for r in roots)
    err.print(Text(f"Watching {names} ({service.status().articles} articles); Ctrl+C stops.", style="dim"))
    service.close()

    def on_update(report: IndexReport | None, error: str | None) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        if args.json:  # one line per update, for a script reading the stream
            record = {"time": stamp, "error": error, "report": report.to_dict() if report else None}
            print(json_safe(json.dumps(record, ensure_ascii=False)), flush=True)
        elif error:
            err.print(Text(f"{stamp} {display_text(error)}", style="yellow"))
        elif report is not None and report.changed:
            out.print(Text(f"{stamp} {describe(report)}; {report.articles} articles in the index"))
        for problem in report.errors if report else []:
            err.print(
                Text(f"  skipped {display_text(problem.path)}: {display_text(problem.reason)}", style="dim")
            )

    watch_index(index_dir, on_update, entities=False if args.no_entities else None)
    return EXIT_OK


def _segments_text(segments: list[Segment], base: str = "") -> Text:
    text = Text(style=base)
    for chunk, hit in segments:
        text.append(inline_text(chunk), style=HIT_STYLE if hit else "")
    return text


@contextmanager
def _progress(enabled: bool) -> Iterator[object]:
    """A progress bar on stderr while indexing (only when stderr is a terminal)."""
    if not enabled or not err.is_terminal:
        yield lambda stage, done, total, articles: None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from spacetui.index.progress import progress_text

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("Scanning files", total=None)

        def update(stage: str, done: int, total: int, articles: int) -> None:
            bar.update(
                task,
                description=progress_text(stage, done, total, articles),
                completed=done,
                total=total or None,
            )

        yield update


def _build(index_dir: Path, paths: list[Path] | None, args: argparse.Namespace | None = None) -> IndexReport:
    try:
        config = load_config()
    except ConfigError as exc:
        err.print(Text(f"spacetui: {exc}; using defaults", style="yellow"))
        from spacetui.config import Config

        config = Config()
    max_mb = getattr(args, "max_file_mb", None) or config.max_file_mb
    jobs = getattr(args, "jobs", 0) or 0
    quiet = bool(getattr(args, "quiet", False) or getattr(args, "json", False))
    with _progress(not quiet) as progress:
        return update_index(
            index_dir,
            paths,
            rebuild=bool(getattr(args, "rebuild", False)),
            entities=not getattr(args, "no_entities", False),
            max_bytes=int(max_mb * 1024 * 1024),
            n_process=jobs or (os.cpu_count() or 1),
            progress=progress,  # type: ignore[arg-type]
            lock_timeout=float(getattr(args, "wait", 30.0)),
            cluster=getattr(args, "cluster", None),
        )


def _service(index_dir: Path, args: argparse.Namespace) -> SearchService:
    """The search service; the default index is built from the bundled seeds on first use, any
    other missing index is an error (IndexMissing)."""
    service = SearchService(index_dir)
    if not service.exists():
        if not getattr(args, "seed", False):
            raise IndexMissing(missing_message(index_dir))
        err.print(Text(f"No index yet at {display_text(str(index_dir))}: indexing the bundled articles…"))
        _build(index_dir, None)
    elif service.outdated():
        err.print(Text(OUTDATED))
    return service


def cmd_index(args: argparse.Namespace, index_dir: Path) -> int:
    if not getattr(args, "seed", True):
        foreign = IndexStore(index_dir).foreign_entries()
        if foreign:
            shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
            return _fail(
                f"{index_dir} holds other files ({shown}) and no index: give --index a new or empty folder",
                EXIT_INDEX,
            )
    try:
        report = _build(index_dir, args.paths or None, args)
    except IndexError_ as exc:
        return _fail(str(exc), EXIT_INDEX)
    except ClusterError as exc:
        return _fail(f"{exc}; the index is unchanged", EXIT_INDEX)
    except OSError as exc:
        hint = ""
        if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            hint = " Out of disk space (or over a file size limit): free some space and run it again."
        return _fail(f"indexing failed, the previous index is unchanged: {exc}.{hint}", EXIT_INDEX)
    if args.json:
        dump_json(report.to_dict())
        return EXIT_OK
    if report.rebuilt:
        out.print(Text(f"Built a new index ({report.rebuilt}) at {display_text(str(index_dir))}"))
    if not report.changed:
        out.print(
            Text(f"Nothing to do: {report.unchanged} files unchanged, {report.articles} articles indexed.")
        )
    else:
        out.print(
            Text(
                f"{report.added} added, {report.updated} updated, {report.removed} removed, "
                f"{report.unchanged} unchanged; {report.articles} articles in the index "
                f"({report.seconds:.1f} s)."
            )
        )
    if report.entities_updated:
        out.print(
            Text(
                f"Entities updated in {report.entities_updated} unchanged articles "
                "(corrections or rules changed; no new NER run)."
            )
        )
    if report.outlets_adopted:
        out.print(
            Text(
                f"{report.outlets_adopted} articles that name no outlet took their folder's as "
                "their source (its name is then no entity of theirs; no new NER run)."
            )
        )
    if report.cleaned_before:
        out.print(
            Text(
                "Its articles were read by an older spacetui, whose cleaning has improved since: "
                "`spacetui index --rebuild` reads them again (the entity model runs only where an "
                "article's text changed)."
            )
        )
    if report.errors:
        out.print(Text(f"Skipped {len(report.errors)}:", style="yellow"))
        for e in report.errors[:50]:
            out.print(
                Text("  ") + Text(display_text(e.path), style="dim") + Text(f": {display_text(e.reason)}")
            )
        if len(report.errors) > 50:
            out.print(Text(f"  … and {len(report.errors) - 50} more (use --json for all)"))
    return EXIT_OK


def _parse_entity_filter(spec: str) -> Filter | None:
    type_, sep, name = spec.partition(":")
    if not sep or not name.strip():
        return None
    return Filter.entity(type_.strip().lower(), name.strip().strip('"'))


def _filters(args: argparse.Namespace) -> list[Filter] | int:
    """The --entity and --source filters (or the exit code after saying what is wrong)."""
    filters: list[Filter] = []
    for spec in args.entity:
        f = _parse_entity_filter(spec)
        if f is None:
            return _fail(f"--entity wants TYPE:NAME, e.g. person:'Tom Cruise' (got {spec!r})", EXIT_USAGE)
        filters.append(f)
    return filters + [Filter("source", s) for s in args.source]


def cmd_search(args: argparse.Namespace, index_dir: Path) -> int:
    filters = _filters(args)
    if isinstance(filters, int):
        return filters
    return _search(args, index_dir, args.query, filters)


def _search(args: argparse.Namespace, index_dir: Path, query: str, filters: list[Filter]) -> int:
    args.query = query
    fmt = args.format or ("json" if args.json else "plain")
    if args.json and fmt != "json":
        return _fail(f"--json and --format {fmt} ask for two formats: give one", EXIT_USAGE)
    args.json = fmt == "json"
    export = fmt in ("jsonl", "csv", "md")  # the whole articles, not a results page
    limit = args.limit if args.limit is not None else (10**9 if export else 10)
    if limit < 1:
        return _fail("--limit must be at least 1", EXIT_USAGE)
    try:
        service = _service(index_dir, args)
        result = service.search(
            args.query,
            filters=filters,
            sort=args.sort,
            limit=limit,
            offset=args.offset,
            facets=args.json and args.facets,
            snippets=not export,
            collapse=not args.all_versions and not export,  # an export has every article
        )
    except IndexError_ as exc:
        return _index_failure(exc, index_dir)
    if result.error:
        # Whoosh reading a truncated or zeroed file fails like a query it cannot run: tell them
        # apart (only on this error path, so a healthy search pays nothing).
        damaged = _damaged(index_dir)
        if damaged:
            return _fail(damaged, EXIT_INDEX)
        if args.json:
            dump_json(result.to_dict())
        else:
            _fail(result.error, EXIT_USAGE)
        return EXIT_USAGE
    if args.json:
        dump_json(result.to_dict())
        return EXIT_OK if result.total else EXIT_NONE
    if export:
        return _export(service, result.hits, fmt, result.notices)
    head = Text(f"{result.total} result{'s' if result.total != 1 else ''} for ", style="bold")
    if result.folded:
        copies = "copy" if result.folded == 1 else "copies"
        head = Text(f"{result.total} articles ({result.folded} {copies} folded) for ", style="bold")
    head.append(display_text(args.query) or "everything", style="bold cyan")
    if result.all_words is not None:
        head.append(f" ({result.all_words} with all the words)", style="bold")
    for f in filters:
        head.append(f"  [{display_text(f.label)}]", style="magenta")
    out.print(head)
    for notice in result.notices:
        out.print(Text(display_text(notice), style="yellow"))
    if not result.total:
        for said in result.left_out_said():
            out.print(Text(said))
        if result.suggestion:
            out.print(Text("Did you mean: ") + Text(display_text(result.suggestion), style="bold"))
        return EXIT_NONE
    for n, hit in enumerate(result.hits, args.offset + 1):
        out.print()
        line = Text(f"{n:>3}. ", style="dim")
        line.append_text(_segments_text(hit.title_segments, "bold"))
        out.print(line)
        meta = [hit.date or "undated", hit.source, ", ".join(hit.authors)]
        out.print(Text("     " + " · ".join(display_text(m) for m in meta if m), style="dim"))
        ids = Text("     id: ", style="dim") + Text(display_text(hit.id), style="green")
        if hit.versions:
            ids.append(
                f"  +{len(hit.versions)} version{'s' if len(hit.versions) != 1 else ''}", style="yellow"
            )
        if hit.group != hit.id:
            ids.append(f"  story: {display_text(hit.group)}", style="dim")
        if not hit.state.empty:
            ids.append("  ")
            ids.append_text(_state_text(hit.state))
        out.print(ids)
        snippet = Text("     ")
        snippet.append_text(_segments_text(hit.snippet))
        out.print(snippet)
    return EXIT_OK


def _export(service: SearchService, hits: list[Hit], fmt: str, notices: list[str]) -> int:
    """The matching articles, whole, on stdout (notices on stderr: stdout is the file)."""
    from spacetui.export import write_articles

    for notice in notices:
        err.print(Text(display_text(notice), style="yellow"))
    articles = (a for a in (service.article(h.id) for h in hits) if a is not None)
    written = write_articles(articles, fmt, sys.stdout)
    sys.stdout.flush()
    err.print(Text(f"{written} article{'s' if written != 1 else ''} exported as {fmt}", style="dim"))
    return EXIT_OK if written else EXIT_NONE


def _state_text(state: ArticleState) -> Text:
    """read/unread, ★, #tags and the note, as one dim line part."""
    parts = ["read" if state.read else "unread"]
    if state.starred:
        parts.append("★ starred")
    parts += [f"#{t}" for t in state.tags]
    if state.note:
        parts.append(f"note: {state.note}")
    return Text(display_text(" · ".join(parts)), style="yellow")


def cmd_list(args: argparse.Namespace, index_dir: Path) -> int:
    try:
        service = _service(index_dir, args)
        # (not list_articles(): it drops the error of an index that cannot be read)
        listing = service.search("", sort=args.sort, limit=10**9, facets=False, snippets=False)
    except IndexError_ as exc:
        return _index_failure(exc, index_dir)
    if listing.error:
        return _fail(_damaged(index_dir) or listing.error, EXIT_INDEX)
    hits = listing.hits
    if args.json:
        dump_json(
            [{"id": h.id, "title": h.title, "date": h.date, "source": h.source, "path": h.path} for h in hits]
        )
        return EXIT_OK
    for h in hits:
        line = Text(display_text(h.id), style="green")
        line.append(f"  {h.date or 'undated':<10}  ", style="dim")
        line.append(display_text(h.title), style="bold")
        line.append(f"  {display_text(h.path)}", style="dim")
        out.print(line)
    return EXIT_OK


def _article(args: argparse.Namespace, index_dir: Path) -> tuple[SearchService, Article] | int:
    """The article ``args.id`` names (an id or a unique start of one), or the exit code after
    saying why there is none."""
    try:
        service = _service(index_dir, args)
        article, code = _article_or_fail(service, args.id)
    except IndexError_ as exc:
        return _index_failure(exc, index_dir)
    return (service, article) if article is not None else code


def cmd_show(args: argparse.Namespace, index_dir: Path) -> int:
    found = _article(args, index_dir)
    if isinstance(found, int):
        return found
    service, article = found
    try:
        if args.mark_read:
            state = service.library.set_read(_ref(article))
        else:
            state = service.library.state(_ref(article))
    except LibraryError as exc:
        if args.mark_read:
            return _fail(str(exc), EXIT_INDEX)
        err.print(Text(f"spacetui: {display_text(str(exc))}", style="yellow"))
        state = ArticleState()
    if args.json:
        dump_json({**article.to_dict(include_raw=True), **state_dict(state)})
        return EXIT_OK
    if args.raw:
        out.print(Text(strip_controls(article.raw)))
        return EXIT_OK
    out.print(Text(display_text(article.title), style="bold"))
    if article.standfirst:
        out.print(Text(display_text(article.standfirst), style="italic"))
    meta = [
        ("By " + ", ".join(article.authors)) if article.authors else "",
        article.date or "",
        article.source,
        article.url,
    ]
    out.print(Text(" · ".join(display_text(m) for m in meta if m), style="dim"))
    out.print(Text(f"id: {display_text(article.id)}   file: {display_text(article.path)}", style="dim"))
    out.print(_state_text(state))
    for paragraph in article.body:
        out.print()
        out.print(Text(strip_controls(paragraph)))
    if article.entities:
        out.print()
        out.print(Text("Entities", style="bold"))
        from spacetui.entities.corpus import aliases_said

        by_type: dict[str, list[str]] = {}
        for e in article.entities:
            label = e.name + (f" (also: {aliases_said(e.aliases)})" if e.aliases else "")
            by_type.setdefault(e.type, []).append(f"{label} ×{len(e.mentions)}")
        for type_, names in by_type.items():
            out.print(Text(f"  {type_}: ", style="cyan") + Text(display_text("; ".join(names))))
    return EXIT_OK


def cmd_entities(args: argparse.Namespace, index_dir: Path) -> int:
    if args.with_ is not None:
        return _appears_with(args, index_dir)
    try:
        service = _service(index_dir, args)
        items = service.entities(args.type_)
    except IndexError_ as exc:
        return _index_failure(exc, index_dir)
    except Exception as exc:
        from spacetui.search.results import QueryError

        if isinstance(exc, QueryError):
            return _fail(str(exc), EXIT_USAGE)
        raise
    if args.limit:
        items = items[: args.limit]
    if args.json:
        dump_json([i.to_dict() for i in items])
        return EXIT_OK
    if not items:
        out.print(Text("No entities in the index yet."))
        return EXIT_NONE
    for i in items:
        line = _entity_line(i)
        line.append(f"  {i.mentions} mention{'' if i.mentions == 1 else 's'}", style="dim")
        out.print(line)
    return EXIT_OK


def _entity_line(info: EntityInfo) -> Text:
    line = Text(f"{info.articles:>5} ", style="bold")
    line.append(f"{info.type:<8} ", style="cyan")
    line.append(display_text(info.name))
    if info.aliases:
        line.append(f"  (also: {display_text(info.also())})", style="dim")
    return line


def _entity_or_fail(
    service: SearchService, name: str, type_: str | None, option: str
) -> tuple[EntityInfo | None, int]:
    """The entity named ``name`` (a name or alias; ``type_`` picks one of several), or None and
    the exit code of the message printed. Raises QueryError for an unknown type."""
    from spacetui.entities.overrides import norm, split_typed

    typed, name = split_typed(name)
    if typed and type_ and typed != type_:
        return None, _fail(f"{option} gives the type {typed}, --type says {type_}.", EXIT_USAGE)
    type_ = typed or type_
    wanted = norm(name)
    if not wanted:
        return None, _fail(f"{option} needs a name.", EXIT_USAGE)
    named = [i for i in service.entities(type_) if wanted in {norm(n) for n in [i.name, *i.aliases]}]
    if not named:
        return None, _fail(f"No entity is named {name!r}. `spacetui entities` lists them.", EXIT_NONE)
    if len({(i.type, i.name) for i in named}) > 1 and type_ is None:
        options = ", ".join(f"{i.type}:{i.name}" for i in named[:6])
        return None, _fail(
            f"{name!r} names several entities ({options}): write one as its type, a colon and its name.",
            EXIT_USAGE,
        )
    return named[0], EXIT_OK  # the most named, if one type still holds several


def _appears_with(args: argparse.Namespace, index_dir: Path) -> int:
    from spacetui.index.schema import ENTITY_FIELDS
    from spacetui.search.results import QueryError

    try:
        if args.type_ is not None and args.type_ not in ENTITY_FIELDS:
            raise QueryError(f"Unknown entity type '{args.type_}'. Types: {', '.join(ENTITY_FIELDS)}.")
        service = _service(index_dir, args)
        # (--type lists the entities of that type, as without --with; NAME's own type is its prefix)
        info, code = _entity_or_fail(service, args.with_, None, "--with")
        if info is None:
            return code
        together, others = service.appears_with(info.type, info.name, args.query)
        if args.type_ is not None:
            others = [o for o in others if o.type == args.type_]
    except IndexError_ as exc:
        return _index_failure(exc, index_dir)
    except QueryError as exc:
        return _fail(str(exc), EXIT_USAGE)
    if args.limit:
        others = others[: args.limit]
    if args.json:
        dump_json({"entity": info.to_dict(), "articles": together, "with": [o.to_dict() for o in others]})
        return EXIT_OK
    noun = "article" if together == 1 else "articles"
    head = Text(f"{info.type}: {display_text(info.name)}", style="bold")
    head.append(f" is named in {together:,} {noun}" + (f" matching {args.query!r}" if args.query else ""))
    out.print(head)
    if not others:
        out.print(Text("Nothing else is named in them."))
        return EXIT_NONE
    for o in others:
        out.print(_entity_line(o))
    return EXIT_OK


# --- the library: mark, tag, note -----------------------------------------------------------------


def _ref(article: Article) -> ArticleRef:
    return ArticleRef.of(article)


def _library_change(
    args: argparse.Namespace,
    index_dir: Path,
    change: Callable[[SearchService, ArticleRef], ArticleState | None],
) -> int:
    """Find the article, apply ``change`` to its library state, and print the state after."""
    found = _article(args, index_dir)
    if isinstance(found, int):
        return found
    service, article = found
    ref = _ref(article)
    try:
        state = change(service, ref) or service.library.state(ref)
    except LibraryError as exc:
        return _fail(str(exc), EXIT_INDEX)
    if args.json:
        dump_json({"id": article.id, "title": article.title, **state_dict(state)})
    else:
        out.print(Text(display_text(article.id), style="green") + Text("  ") + _state_text(state))
    return EXIT_OK


def cmd_mark(args: argparse.Namespace, index_dir: Path) -> int:
    def change(service: SearchService, ref: ArticleRef) -> ArticleState | None:
        state = None
        if args.read is not None:
            state = service.library.set_read(ref, args.read)
        if args.starred is not None:
            state = service.library.set_starred(ref, args.starred)
        return state

    return _library_change(args, index_dir, change)


def cmd_tag(args: argparse.Namespace, index_dir: Path) -> int:
    add = [c[1:] for c in args.changes if c.startswith("+")]
    remove = [c[1:] for c in args.changes if c.startswith("-")]
    bare = [c for c in args.changes if not c.startswith(("+", "-"))]
    if bare or not args.changes:
        return _fail(
            "tag wants +NAME to add and -NAME to remove, e.g. spacetui tag ID +climate -draft", EXIT_USAGE
        )
    return _library_change(args, index_dir, lambda service, ref: service.library.tag(ref, add, remove))


def cmd_note(args: argparse.Namespace, index_dir: Path) -> int:
    return _library_change(args, index_dir, lambda service, ref: service.library.set_note(ref, args.text))


def _article_or_fail(
    service: SearchService, article_id: str, *, as_stored: bool = False
) -> tuple[Article | None, int]:
    """The article with this id (or the one id it starts), or None and the exit code of the
    message printed."""
    article = service.article(article_id, as_stored=as_stored)
    if article is not None:
        return article, EXIT_OK
    several = service.ids_starting(article_id, SHOW_CHOICES + 1)
    if len(several) > 1:
        more = ", …" if len(several) > SHOW_CHOICES else ""
        return None, _fail(
            f"{article_id!r} starts several article ids ({', '.join(several[:SHOW_CHOICES])}{more}): "
            "give more of the id",
            EXIT_NONE,
        )
    return None, _fail(f"no article with id {article_id!r} (see `spacetui list`)", EXIT_NONE)


def cmd_story(args: argparse.Namespace, index_dir: Path) -> int:
    try:
        service = _service(index_dir, args)
        first, code = _article_or_fail(service, args.id)
        if first is None:
            return code
        groups = service.stories()
        story = groups.story_of(first.id)
        articles = [a for a in (service.article(i) for i in groups.members(first.id)) if a is not None]
        events = service.story_events(first.id)
    except IndexError_ as exc:
        return _index_failure(exc, index_dir)
    if groups.stale:
        err.print(
            Text("This index has no story groups yet: run `spacetui index` to work them out.", style="yellow")
        )
    rows: list[dict[str, Any]] = [
        {
            "id": a.id,
            "title": a.title,
            "date": a.date,
            "source": a.source,
            "versions": groups.versions_of(a.id),
        }
        for a in articles
    ]
    if args.json:
        dump_json({"story": story, "articles": rows, "events": [e.to_dict() for e in events]})
        return EXIT_OK
    noun = "article" if len(rows) == 1 else "articles"
    out.print(Text(f"Story {display_text(story)}: {len(rows)} {noun}", style="bold"))
    for row in rows:
        line = Text(f"{row['date'] or 'undated':<10}  ", style="dim")
        line.append(display_text(row["title"]), style="bold")
        line.append("  " + display_text(row["id"]), style="green")
        if row["versions"]:
            n = len(row["versions"])
            line.append(f"  (+{n} version{'s' if n != 1 else ''})", style="yellow")
        out.print(line)
    if events:
        out.print(Text("Dated events", style="bold"))
        _print_events(events)
    return EXIT_OK


def cmd_events(args: argparse.Namespace, index_dir: Path) -> int:
    from spacetui.search.results import QueryError

    if (args.entity is None) == (args.story is None):
        return _fail("events needs one of --entity NAME or --story ID.", EXIT_USAGE)
    try:
        service = _service(index_dir, args)
        if args.story is not None:
            first, code = _article_or_fail(service, args.story)
            if first is None:
                return code
            about: dict[str, Any] = {"story": service.stories().story_of(first.id)}
            events = service.story_events(first.id)
        else:
            info, code = _entity_or_fail(service, args.entity, args.type_, "--entity")
            if info is None:
                return code
            about = {"entity": info.to_dict()}
            events = service.entity_events(info.type, info.name)
    except IndexError_ as exc:
        return _index_failure(exc, index_dir)
    except QueryError as exc:
        return _fail(str(exc), EXIT_USAGE)
    if args.limit:
        events = events[: args.limit]
    if args.json:
        dump_json({**about, "events": [e.to_dict() for e in events]})
        return EXIT_OK
    if not events:
        out.print(Text("No dated events (sentences that name a day) in these articles."))
        return EXIT_NONE
    _print_events(events)
    return EXIT_OK


def _print_events(events: Sequence[Event]) -> None:
    for ev in events:
        line = Text(f"{ev.day}  ", style="bold cyan")
        line.append(display_text(ev.text))
        line.append(f"  {display_text(ev.source or ev.article)}", style="dim")
        out.print(line)


def cmd_compare(args: argparse.Namespace, index_dir: Path) -> int:
    from spacetui.stories.compare import compare

    try:
        service = _service(index_dir, args)
        first, code = _article_or_fail(service, args.first, as_stored=True)
        if first is None:
            return code
        second, code = _article_or_fail(service, args.second, as_stored=True)
        if second is None:
            return code
        result = compare(first, second, service.corpus())
    except IndexError_ as exc:
        return _index_failure(exc, index_dir)
    data: dict[str, Any] = result.to_dict()
    if args.json:
        dump_json(data)
        return EXIT_OK
    for label, brief in (("1", data["first"]), ("2", data["second"])):
        line = Text(f"{label}. ", style="bold")
        line.append(display_text(brief["title"]), style="bold")
        line.append(f"  {brief['date'] or 'undated'}  {display_text(brief['id'])}", style="dim")
        out.print(line)

    def names(items: list[dict[str, Any]]) -> str:
        return "; ".join(f"{i['name']} ({i['type']})" for i in items) or "none"

    out.print(Text("In both: ", style="cyan") + Text(display_text(names(data["shared"]))))
    out.print(Text("Only in 1: ", style="cyan") + Text(display_text(names(data["only_first"]))))
    out.print(Text("Only in 2: ", style="cyan") + Text(display_text(names(data["only_second"]))))
    for v in data["variants"]:
        out.print(
            Text("Spelled two ways: ", style="yellow")
            + Text(display_text(f"{v['first']} / {v['second']} ({v['type']})"))
        )
    for c in data["conflicts"]:
        said = f"{c['entity']}: {c['kind']} {', '.join(c['first'])} in 1, {', '.join(c['second'])} in 2"
        out.print(Text("Disagree: ", style="red") + Text(display_text(said)))
    return EXIT_OK


def cmd_timeline(args: argparse.Namespace, index_dir: Path) -> int:
    from spacetui.search.results import QueryError

    try:
        service = _service(index_dir, args)
        line = service.timeline(args.query, unit=args.by)
    except IndexError_ as exc:
        return _index_failure(exc, index_dir)
    except QueryError as exc:
        return _fail(str(exc), EXIT_USAGE)
    if args.json:
        dump_json({"query": args.query, **line.to_dict()})
        return EXIT_OK if line.dated or line.undated else EXIT_NONE
    if not line.buckets:
        out.print(Text(f"No dated articles ({line.undated} undated)."))
        return EXIT_NONE if not line.undated else EXIT_OK
    top = max(line.counts) or 1
    out.print(Text(f"{line.dated} dated articles by {line.unit}; {line.undated} undated", style="bold"))
    for b in line.buckets:
        bar = "█" * max(1 if b.count else 0, round(40 * b.count / top))
        out.print(Text(f"{b.start.isoformat()}  {b.count:>6}  ", style="dim") + Text(bar, style="cyan"))
    return EXIT_OK


SAVED_VERBS = ("add", "rm", "list")


def cmd_saved(args: argparse.Namespace, index_dir: Path) -> int:
    from spacetui.search import saved

    words = list(args.words)
    verb = words[0] if words and words[0] in SAVED_VERBS else None
    if args.add:
        verb, words = "add", ["add", *args.add]
    elif args.remove:
        verb, words = "rm", ["rm", args.remove]
    if verb == "add" and len(words) != 3:
        return _fail("saved add wants a name and a query: spacetui saved add NAME 'QUERY'", EXIT_USAGE)
    if verb == "rm" and len(words) != 2:
        return _fail("saved rm wants the name of a saved search", EXIT_USAGE)
    if (verb == "list" and len(words) > 1) or (verb is None and len(words) > 1):
        return _fail("saved takes one name (quote a name with spaces)", EXIT_USAGE)
    try:
        service = _service(index_dir, args)
        if verb == "add":
            name = words[1]
            if name.strip() in SAVED_VERBS:
                return _fail(f"{name!r} is a word of the saved command: choose another name", EXIT_USAGE)
            filters = _filters(args)
            if isinstance(filters, int):
                return filters
            kept = saved.save(service, name, words[2], filters, args.sort or "relevance")
            out.print(Text("Saved ") + Text(display_text(kept.name), style="bold cyan"))
            return EXIT_OK
        if verb == "rm":
            if not service.library.remove_search(words[1]):
                return _fail(f"no saved search named {words[1]!r}", EXIT_NONE)
            out.print(Text("Removed ") + Text(display_text(words[1]), style="bold cyan"))
            return EXIT_OK
        if verb is None and words:
            search = service.library.saved_search(words[0])
            if search is None:
                return _fail(f"no saved search named {words[0]!r}; `spacetui saved` lists them", EXIT_NONE)
            args.sort = args.sort or search.sort
            saved.opened(service, search)  # first: output cut short (| head) has still shown it
            return _search(args, index_dir, search.query, saved.filters_of(search))
        listed = saved.statuses(service)
    except IndexError_ as exc:
        return _index_failure(exc, index_dir)
    except LibraryError as exc:
        return _fail(str(exc), EXIT_USAGE)
    if args.json or args.format == "json":
        dump_json([s.to_dict() for s in listed])
        return EXIT_OK
    if not listed:
        out.print(Text("No saved searches yet: spacetui saved add NAME 'QUERY' (Ctrl+S in the app)."))
        return EXIT_OK
    for s in listed:
        line = Text(f"{display_text(s.search.name)}", style="bold cyan")
        line.append(f"  {s.total} match{'es' if s.total != 1 else ''}", style="dim")
        if s.new:
            line.append(f"  {s.new} new", style="bold yellow")
        line.append("  " + display_text(s.search.query or "(everything)"))
        for kind, value, type_ in s.search.filters:
            line.append(f"  [{display_text(f'{type_ or kind}: {value}')}]", style="magenta")
        if s.error:
            line.append(f"  ⚠ {display_text(s.error)}", style="red")
        out.print(line)
    return EXIT_OK
