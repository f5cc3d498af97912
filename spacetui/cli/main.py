"""The command line: build the index, search, list, show, entities; no command opens the app.

Exit codes: 0 ok, 1 nothing found (no results, unknown id), 2 usage error (bad arguments, bad
query), 3 the index could not be built or opened.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from spacetui import __version__

if TYPE_CHECKING:
    import argparse

EXIT_OK, EXIT_NONE, EXIT_USAGE, EXIT_INDEX = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    import argparse  # not on the app's start-up path (see _app_only)

    class _Parser(argparse.ArgumentParser):
        """argparse echoes unknown arguments as typed: make them inert before they reach stderr."""

        def error(self, message: str) -> NoReturn:
            from spacetui.safetext import display_text

            self.print_usage(sys.stderr)
            self.exit(EXIT_USAGE, f"{self.prog}: error: {display_text(message)}\n")

    common = _Parser(add_help=False)
    common.add_argument(
        "--index",
        metavar="DIR",
        type=Path,
        default=argparse.SUPPRESS,
        help="index folder (default: SPACETUI_INDEX, ./index in a checkout, else the user data dir)",
    )
    parser = _Parser(
        prog="spacetui",
        description="Explore a corpus of news articles in the terminal. Without a command, opens the app.",
        parents=[common],
        epilog='Query syntax: words (all of them first), "a phrase", title:word, author:name, '
        'entity:"Tom Cruise", person:cruise, date:2021-05-13, date:>2021, AND/OR/NOT, (groups), '
        "word~ (fuzzy), pre* (prefix); your library: is:unread, is:read, is:starred, tag:NAME, has:note "
        "(-is:starred leaves out).",
    )
    parser.add_argument("--version", action="version", version=f"spacetui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("index", parents=[common], help="build or update the index")
    p.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders to add (default: those already indexed, or the bundled seeds)",
    )
    p.add_argument(
        "--rebuild", action="store_true", help="build from scratch (with PATHs: index exactly those)"
    )
    p.add_argument("--no-entities", action="store_true", help="skip named-entity extraction (faster)")
    p.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="read files and run NER on a Dask cluster: tcp://HOST:8786 (a running scheduler) or "
        "local:N (N worker processes here); needs the cluster extra",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="processes for entity extraction (default: all cores for big runs)",
    )
    p.add_argument(
        "--max-file-mb",
        type=float,
        default=None,
        metavar="MB",
        help="skip files larger than this (default 20, or the config)",
    )
    p.add_argument(
        "--wait",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="how long to wait for another indexing run to finish",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress display")

    p = sub.add_parser(
        "watch",
        parents=[common],
        help="keep the index up to date while files in its folders are added, changed or removed",
    )
    p.add_argument("--json", action="store_true", help="one JSON report per update")
    p.add_argument(
        "--no-entities",
        action="store_true",
        help="skip entity extraction (default: as the index was built)",
    )

    p = sub.add_parser("search", parents=[common], help="search the articles")
    p.add_argument("query", help="a query (see the syntax below)")
    p.add_argument(
        "--limit",
        type=int,
        default=None,
        metavar="N",
        help="how many results (default 10; every match with --format jsonl/csv/md)",
    )
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N results")
    p.add_argument("--sort", choices=["relevance", "date"], default="relevance")
    p.add_argument(
        "--entity",
        action="append",
        default=[],
        metavar="TYPE:NAME",
        help='filter by an entity, e.g. person:"Tom Cruise" (repeatable)',
    )
    p.add_argument(
        "--source", action="append", default=[], metavar="NAME", help="filter by source (its words, in order)"
    )
    p.add_argument("--json", action="store_true", help="print results as JSON")
    p.add_argument(
        "--format",
        choices=["plain", "json", "jsonl", "csv", "md"],
        default=None,
        help="plain (default), json (as --json), or the whole articles out: jsonl (one per line), "
        "csv (with a header) or md (one Markdown bundle)",
    )
    p.add_argument(
        "--facets",
        action="store_true",
        help="with --json: also the entities of the matching articles, with their counts",
    )
    p.add_argument(
        "--all-versions",
        action="store_true",
        help="list every copy of an article (by default copies are one result, '+N versions')",
    )

    p = sub.add_parser(
        "saved",
        parents=[common],
        help="saved searches: list them (total, new since last opened), run one, add or remove",
        description="spacetui saved                 list (with --json: name, query, total, new)\n"
        "spacetui saved NAME            run it, like search (and it counts as opened)\n"
        "spacetui saved add NAME QUERY  save a query (also --add NAME QUERY; --entity/--source/--sort)\n"
        "spacetui saved rm NAME         remove it (also --remove NAME)\n"
        "spacetui saved list --json     as `saved --json`",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("words", nargs="*", metavar="NAME|add NAME QUERY|rm NAME|list")
    p.add_argument("--add", nargs=2, metavar=("NAME", "QUERY"), help="save QUERY under NAME")
    p.add_argument("--remove", metavar="NAME", help="remove the saved search NAME")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="how many results (default 10)")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N results")
    p.add_argument("--sort", choices=["relevance", "date"], default=None, help="(default: as saved)")
    p.add_argument("--entity", action="append", default=[], metavar="TYPE:NAME", help="with add: a filter")
    p.add_argument("--source", action="append", default=[], metavar="NAME", help="with add: a filter")
    p.add_argument("--json", action="store_true", help="print the list or the results as JSON")
    p.add_argument("--format", choices=["plain", "json", "jsonl", "csv", "md"], default=None)
    p.add_argument("--facets", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--all-versions", action="store_true", help="list each copy of a story apart")

    p = sub.add_parser(
        "list", parents=[common], help="list every article: id, date, title, where it came from"
    )
    p.add_argument(
        "--sort", choices=["date", "relevance"], default="date", help="order (default: newest first)"
    )
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", parents=[common], help="show one article (its id, or a unique start of it)")
    p.add_argument("id")
    p.add_argument("--raw", action="store_true", help="show the text as loaded, before cleaning")
    p.add_argument(
        "--json",
        action="store_true",
        help="the whole article as JSON (with raw text, entities and read, starred, tags, note)",
    )
    p.add_argument(
        "--mark-read",
        action="store_true",
        help="mark it read, as opening it in the app does (show alone does not)",
    )

    p = sub.add_parser("mark", parents=[common], help="mark an article read or unread, starred or not")
    p.add_argument("id", help="an article id (or a unique start of one)")
    p.add_argument("--read", dest="read", action="store_const", const=True, default=None)
    p.add_argument("--unread", dest="read", action="store_const", const=False)
    p.add_argument("--star", dest="starred", action="store_const", const=True, default=None)
    p.add_argument("--unstar", dest="starred", action="store_const", const=False)
    p.add_argument("--json", action="store_true", help="print the article's state as JSON")

    p = sub.add_parser(
        "tag",
        parents=[common],
        help="add (+NAME) and remove (-NAME) an article's tags",
        description="Add and remove tags: spacetui tag ID +climate -draft. A tag that starts like an "
        "option (-h) goes after --: spacetui tag ID -- -h.",
    )
    p.add_argument("id", help="an article id (or a unique start of one)")
    p.add_argument("changes", nargs="*", metavar="+NAME|-NAME")
    p.add_argument("--json", action="store_true", help="print the article's state as JSON")

    p = sub.add_parser("note", parents=[common], help="set an article's note ('' removes it)")
    p.add_argument("id", help="an article id (or a unique start of one)")
    p.add_argument("text", help="the note: one short paragraph")
    p.add_argument("--json", action="store_true", help="print the article's state as JSON")

    p = sub.add_parser(
        "story", parents=[common], help="the articles that tell one story, by date (a story or article id)"
    )
    p.add_argument("id")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser(
        "events",
        parents=[common],
        help="dated events (a sentence that names a day) of an entity or a story, in date order",
    )
    p.add_argument(
        "--entity", metavar="NAME", help="the events whose sentence names this entity (TYPE:NAME picks one)"
    )
    p.add_argument(
        "--type", dest="type_", metavar="T", help="with --entity: person, org, place, work, product or event"
    )
    p.add_argument("--story", metavar="ID", help="the events of this story (a story or article id)")
    p.add_argument("--limit", type=int, default=0, metavar="N", help="show at most N (default: all)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser(
        "compare",
        parents=[common],
        help="two articles side by side: entities in both, in one only, spelled two ways, disagreeing",
    )
    p.add_argument("first", metavar="ID1")
    p.add_argument("second", metavar="ID2")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser(
        "timeline", parents=[common], help="how many matching articles each day, week or month"
    )
    p.add_argument("query", nargs="?", default="", help="a query (default: every article)")
    p.add_argument("--by", choices=["day", "week", "month", "year"], default=None, help="bucket size")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("entities", parents=[common], help="list the entities named in the articles")
    p.add_argument(
        "--type", dest="type_", metavar="T", help="person, org, place, date, work, product or event"
    )
    p.add_argument("--limit", type=int, default=0, metavar="N", help="show at most N (default: all)")
    p.add_argument(
        "--with",
        dest="with_",
        metavar="NAME",
        help="the entities that appear with NAME (a name or alias; TYPE:NAME picks one of several, "
        "as in org:Apple; --type then lists only that type)",
    )
    p.add_argument(
        "--query", default="", metavar="Q", help="with --with: only in the articles that match the query Q"
    )
    p.add_argument("--json", action="store_true")
    return parser


def _app_only(argv: Sequence[str]) -> tuple[Path | None] | None:
    """``spacetui`` or ``spacetui --index DIR``: (the index) for the app, else None.

    Opening the app is the one path timed to its first frame: it skips building the parser.
    Anything else (help, a command, a mistake) goes through argparse as usual.
    """
    if not argv:
        return (None,)
    if len(argv) == 2 and argv[0] == "--index" and argv[1] and not argv[1].startswith("-"):
        return (Path(argv[1]),)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    app_only = _app_only(sys.argv[1:] if argv is None else argv)
    if app_only is not None:
        from spacetui.tui import run_app

        return run_app(app_only[0], None)
    parser = _parser()
    # `spacetui tag ID -draft`: a tag to remove looks like an option to argparse.
    args, extra = parser.parse_known_args(argv)
    if extra:
        if args.command != "tag" or any(not e.startswith(("-", "+")) or e.startswith("--") for e in extra):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.changes = [*args.changes, *extra]
    index_dir: Path | None = getattr(args, "index", None)
    if args.command is None:
        from spacetui.tui import run_app

        return run_app(index_dir, None)

    from spacetui.cli import commands  # Rich and the core load only for a command

    where = _index_dir(index_dir)
    from spacetui.paths import is_default_index

    # Only the default index is made (from the bundled seeds) on first use.
    args.seed = index_dir is None or is_default_index(where)
    try:
        return int(getattr(commands, f"cmd_{args.command}")(args, where))
    except KeyboardInterrupt:
        print("spacetui: interrupted; the index is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        # A bug or an environment we did not foresee: one clear line, never a traceback
        # (SPACETUI_DEBUG=1 shows it). Index writes are atomic, so the index is as it was.
        if os.environ.get("SPACETUI_DEBUG"):
            raise
        from spacetui.safetext import display_text

        damaged = commands._damaged(where)  # a missing or corrupt index file is the usual cause
        if damaged:
            print(f"spacetui: {display_text(damaged)}", file=sys.stderr)
            return EXIT_INDEX
        detail = display_text(f"{type(exc).__name__}: {exc}")[:300]
        print(
            f"spacetui: unexpected error ({detail}); the index is unchanged. "
            "Run with SPACETUI_DEBUG=1 for details.",
            file=sys.stderr,
        )
        return EXIT_INDEX


def _index_dir(given: Path | None) -> Path:
    from spacetui.paths import default_index_dir

    return Path(given).expanduser() if given else default_index_dir()


def dump_json(data: Any) -> None:
    import json

    from spacetui.safetext import json_safe

    sys.stdout.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
