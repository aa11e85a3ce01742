"""The ``lede`` command: the window by default, headless subcommands for scripts.

    lede [SOURCE]                       open the window (SOURCE defaults to the bundled sample)
    lede lede://open?source=…           open the window at a passage (links in Markdown exports)
    lede index [SOURCE] [--progress-json] [--force] [--background] [--cluster tcp://HOST:PORT]
    lede articles [SOURCE] --json
    lede search [SOURCE] QUERY [--limit N] [--json]
    lede export [SOURCE] --format md|json|csv [-o FILE]
    lede import [SOURCE] FILE
    lede entity [SOURCE] NAME [--json]
    lede watch [SOURCE] NAMES.txt [--csv|--json]
    lede entities [SOURCE] --format csv|ftm [-o FILE]
    lede keys
    lede --version

Every error is one line on stderr and exit status 2 (bad input) or 1 (anything
else); a traceback never reaches the user. Qt is imported only for the window.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import paths
from reader.cli_dossier import cmd_entity

if TYPE_CHECKING:
    from reader.core.types import ArticleSummary, ImportReport, PassageLink

COMMANDS = ("index", "articles", "search", "export", "import", "entity", "watch", "entities", "keys")


class UsageError(Exception):
    """Bad arguments; argparse's own exit is turned into this so we keep one error style."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def _source(value: str | None) -> Path:
    return Path(value).expanduser() if value else paths.bundled_sample()


USAGE = "lede [SOURCE]\n       lede COMMAND [ARGS]   (lede COMMAND --help for a command's options)"
DESCRIPTION = (
    "Lede: a keyboard-driven reader for files of news articles. With no COMMAND, opens SOURCE "
    "(default: the bundled sample) in the window."
)


def version() -> str:
    """The installed distribution's version; the package constant in a bare checkout."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("lede")
    except PackageNotFoundError:
        from reader import __version__

        return __version__


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lede",
        usage=USAGE,
        description=DESCRIPTION,
    )
    parser.add_argument("-V", "--version", action="version", version=f"lede {version()}")
    sub = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND", prog="lede")

    p = sub.add_parser("index", help="build or refresh the index of SOURCE")
    p.add_argument("source", nargs="?")
    p.add_argument("--progress-json", action="store_true", help="progress as JSON lines on stdout")
    p.add_argument("--force", action="store_true", help="rebuild even if the source did not change")
    p.add_argument(
        "--background",
        action="store_true",
        help="run at low CPU priority (the window's own builds: it must never wait for one)",
    )
    p.add_argument(
        "--cluster",
        metavar="tcp://HOST:PORT",
        help="run the entity analysis on this Dask scheduler's workers (needs lede[cluster])",
    )
    # The window's builds: stdin carries the articles it has open, analysed ahead of the rest.
    p.add_argument("--ahead-stdin", action="store_true", help=argparse.SUPPRESS)

    p = sub.add_parser("articles", help="print the articles of SOURCE")
    p.add_argument("source", nargs="?")
    p.add_argument("--json", action="store_true", help="print JSON (the default prints a table)")

    p = sub.add_parser(
        "search", help="search SOURCE", usage="lede search [-h] [SOURCE] QUERY [--limit N] [--json]"
    )
    p.add_argument("args", nargs="+", metavar="[SOURCE] QUERY")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("export", help="export highlights and notes")
    p.add_argument("source", nargs="?")
    p.add_argument("--format", choices=("md", "json", "csv"), default="md")
    p.add_argument("-o", "--output")

    p = sub.add_parser(
        "import",
        help="import highlights and notes: Lede's JSON export, W3C Web Annotations, Hypothesis results",
        usage="lede import [-h] [SOURCE] FILE",
    )
    p.add_argument("args", nargs="+", metavar="[SOURCE] FILE")

    p = sub.add_parser(
        "entity",
        help="an entity's dossier: mentions in context, quotes, co-mentions, timeline",
        usage="lede entity [-h] [SOURCE] NAME [--json]",
    )
    p.add_argument("args", nargs="+", metavar="[SOURCE] NAME")
    p.add_argument("--json", action="store_true", help="print JSON (the default prints text to read)")

    from reader import cli_entities  # the entity commands' bodies (here: a cycle at import time)

    cli_entities.add_parsers(sub)

    sub.add_parser("keys", help="print the keyboard map")
    for p in sub.choices.values():
        p.error = parser.error  # type: ignore[method-assign]
    return parser


def child_command(args: list[str]) -> tuple[str, list[str]]:
    """The program and arguments that run ``lede ARGS`` as a child process of this one.

    The window starts its builds this way (``index --background``). From source the
    interpreter runs the package (``python -m reader ARGS``); in a frozen bundle
    ``sys.executable`` is the ``lede`` binary itself, which takes no ``-m``: passing it
    one made it read ``-m reader index …`` as several SOURCEs and refuse to start.
    """
    if getattr(sys, "frozen", False):
        return sys.executable, list(args)
    return sys.executable, ["-m", "reader", *args]


def _stderr_progress(event: dict[str, Any]) -> None:
    kind = event.get("event")
    if kind == "stage":
        print(f"lede: {event['stage']}…", file=sys.stderr, flush=True)
    elif kind == "articles":
        print(f"lede: {event['count']} articles", file=sys.stderr, flush=True)
    elif kind == "done":
        what = "up to date" if event.get("reused") else f"built in {event.get('seconds', 0):.1f} s"
        print(f"lede: index {what}", file=sys.stderr, flush=True)
    else:
        _stderr_notice(event)


def _stderr_notice(event: dict[str, Any]) -> None:
    """A ``notice`` (a damaged cache being rebuilt, a build that could not finish): one line."""
    if event.get("event") == "notice":
        print(f"lede: {event.get('message', '')}", file=sys.stderr, flush=True)


def _json_progress(event: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def _open(source: Path, *, quiet: bool = False, force: bool = False) -> Any:
    """The library of ``source``; ``quiet`` still prints notices (the user must know of a rebuild)."""
    from reader.core.library import open_library

    return open_library(source, emit=_stderr_notice if quiet else _stderr_progress, force=force)


def cmd_index(ns: argparse.Namespace) -> int:
    from reader.core.library import build

    source = _source(ns.source)
    if not source.exists():
        raise _bad(f"{source}: no such file or folder")
    if ns.background:
        _lower_priority()
    emit = _json_progress if ns.progress_json else _stderr_progress
    requests = sys.stdin.fileno() if ns.ahead_stdin else None
    build(source, emit=emit, force=ns.force, cluster=ns.cluster, requests=requests)
    return 0


# Niceness of a build the window started: its workers (spaCy, index writers) inherit it, so on
# a 2-core machine the scheduler runs the UI thread first and the build takes the idle time.
BACKGROUND_NICENESS = 10


def _lower_priority() -> None:
    # no os.nice (Windows) or not permitted: run as we are
    with contextlib.suppress(AttributeError, OSError):
        os.nice(BACKGROUND_NICENESS)


def cmd_articles(ns: argparse.Namespace) -> int:
    lib = _open(_source(ns.source), quiet=True)
    try:
        if not ns.json:
            for s in lib.articles():
                print(f"{s.id}  lines {s.start_line}-{s.end_line}  {s.title}{_versions(s)}")
            return 0
        out: dict[str, Any] = {
            "source": {"path": lib.info.path, "sha256": lib.info.sha256},
            "dropped_lines": [asdict(d) for d in lib.dropped_lines()],
            # where the segmenter was least sure of a cut (plain dumps): worth a look first
            "doubtful_breaks": [asdict(d) for d in lib.doubtful_breaks()],
            "articles": [],
        }
        for s in lib.articles():
            a = lib.article(s.id)
            out["articles"].append(
                {
                    "id": a.id,
                    "copy_of": s.copy_of,
                    "title": a.title,
                    "start_line": a.start_line,
                    "end_line": a.end_line,
                    "date": a.date,
                    "text": a.text,
                    "entities": [
                        {"name": e.name, "type": e.type, "aliases": list(e.aliases), "count": e.count}
                        for e in a.entities
                    ],
                    "mentions": [asdict(m) for m in a.mentions],
                    "quotes": [asdict(q) for q in a.quotes],
                    "figures": [
                        {"text": f.text, "value": f.value, "unit": f.unit, "start": f.start, "end": f.end}
                        for f in a.figures
                    ],
                }
            )
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    finally:
        lib.close()


def _versions(s: ArticleSummary) -> str:
    """What the article table says of wire copies: "  (copy of ID)" or "  (3 versions)"."""
    if s.copy_of:
        return f"  (copy of {s.copy_of})"
    return f"  ({s.versions} versions)" if s.versions > 1 else ""


def _split_source(args: list[str], what: str) -> tuple[Path, str]:
    if len(args) == 1:
        return paths.bundled_sample(), args[0]
    if len(args) == 2:
        return _source(args[0]), args[1]
    raise UsageError(f"lede: expected [SOURCE] {what}")


def cmd_search(ns: argparse.Namespace) -> int:
    source, query = _split_source(ns.args, "QUERY")
    if ns.limit < 1:
        raise UsageError("lede: --limit must be at least 1")
    from reader.core.errors import IndexBuildError

    lib = _open(source, quiet=True)
    try:
        lib.check_query(query)
        try:
            result = lib.search(query, limit=ns.limit)
        except IndexBuildError as exc:  # damage the checks at open could not see: rebuild, ask again
            lib.close()
            _stderr_notice({"event": "notice", "message": f"{exc}; rebuilding it"})
            lib = _open(source, quiet=True, force=True)
            result = lib.search(query, limit=ns.limit)
        if ns.json:
            hits = [
                {
                    "id": h.id,
                    "title": h.title,
                    "score": round(h.score, 4),
                    "snippet": h.snippet,
                    "copies": h.copies,
                }
                for h in result.hits
            ]
            json.dump(hits, sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
        else:
            for h in result.hits:
                folded = f"  (+{h.copies} {'copy' if h.copies == 1 else 'copies'})" if h.copies else ""
                print(f"{h.score:7.2f}  {h.id}  {h.title}{folded}")
                if h.snippet:
                    print(f"         {h.snippet}")
            print(f"{result.total} hits", file=sys.stderr)
        if result.notice:
            print(f"lede: {result.notice}", file=sys.stderr)
        if result.suggestion:
            print(f"did you mean: {result.suggestion}", file=sys.stderr)
        return 0
    finally:
        lib.close()


def cmd_export(ns: argparse.Namespace) -> int:
    lib = _open(_source(ns.source), quiet=True)
    try:
        text = lib.export(ns.format)
    finally:
        lib.close()
    return write_output(text, ns.output)


def write_output(text: str, output: str | None) -> int:
    """An export to ``-o FILE`` (written atomically: a crash never leaves half a file) or stdout."""
    if output:
        from reader.core.atomic import write_text_atomic

        write_text_atomic(Path(output), text)
    else:
        sys.stdout.write(text)
    return 0


def import_summary(report: ImportReport) -> str:
    """The sentence ``lede import`` prints (the window's status bar says the same)."""
    return report.summary()


def cmd_import(ns: argparse.Namespace) -> int:
    source, file = _split_source(ns.args, "FILE")
    lib = _open(source, quiet=True)
    try:
        report = lib.import_file(Path(file)).value
    finally:
        lib.close()
    if report.cuts:  # the articles the imported cuts make come from a build: make it now
        _open(source, quiet=True).close()
    print(f"lede: {import_summary(report)}", file=sys.stderr)
    return 0


def cmd_keys(_ns: argparse.Namespace) -> int:
    """The keyboard map as the window binds it: the defaults with the user's remaps applied."""
    from reader.keymap import format_table
    from reader.settings import Settings

    settings = Settings.load()
    if settings.notice:
        print(f"lede: {settings.notice}", file=sys.stderr)
    print(format_table(keys=settings.effective_keys()))
    return 0


def cmd_link(url: str) -> int:
    """``lede lede://open?…``: the desktop opening a link from an exported note. The window
    opens on the link's source at its passage; a source that is gone is said so in the
    window, like any missing source. A damaged link is refused (exit 2) with what is wrong."""
    from reader.core.links import parse_passage_link

    link = parse_passage_link(url)
    return cmd_window(Path(link.source).expanduser(), link=link)


def _local(arg: str) -> str:
    """A ``file://`` URL as its path: the .desktop ``Exec=lede %u`` may pass files that way."""
    if not arg.startswith("file://"):
        return arg
    from urllib.parse import unquote, urlsplit

    return unquote(urlsplit(arg).path)


def cmd_window(source: Path, link: PassageLink | None = None) -> int:
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    ):
        print(
            "lede: no display found. Run it inside a desktop session, under `xvfb-run lede`, "
            "or use the headless commands (lede index|articles|search|export).",
            file=sys.stderr,
        )
        return 2
    from reader.ui.app import run

    return run(source, link=link)


def _bad(message: str) -> UsageError:
    return UsageError(f"lede: {message}")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from reader.core.errors import ClusterError, LedeError, QueryError, SourceError, StorageError

    try:
        if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "-V", "--version")):
            if len(argv) > 1:
                raise UsageError("lede: expected at most one SOURCE (see lede --help)")
            if argv and argv[0].lower().startswith("lede:"):
                return cmd_link(argv[0])
            source = _source(_local(argv[0]) if argv else None)
            if not source.exists():
                raise _bad(f"{source}: no such file or folder")
            return cmd_window(source)
        ns = build_parser().parse_args(argv)
        from reader.cli_entities import cmd_entities, cmd_watch

        handler = {
            "index": cmd_index,
            "articles": cmd_articles,
            "search": cmd_search,
            "export": cmd_export,
            "import": cmd_import,
            "entity": cmd_entity,
            "watch": cmd_watch,
            "entities": cmd_entities,
            "keys": cmd_keys,
        }[ns.command]
        return handler(ns)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except (SourceError, QueryError, ClusterError) as exc:
        print(f"lede: {exc}", file=sys.stderr)
        return 2
    except (StorageError, LedeError) as exc:
        print(f"lede: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except SystemExit as exc:  # argparse --help
        return int(exc.code or 0)


if __name__ == "__main__":
    raise SystemExit(main())
