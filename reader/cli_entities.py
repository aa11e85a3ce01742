"""``lede watch`` and ``lede entities``: the entity commands (issue 18), registered in cli.py.

    lede watch [SOURCE] NAMES.txt [--csv|--json]
    lede entities [SOURCE] --format csv|ftm [-o FILE]

``watch`` prints one row per name of the file (a table by default); ``entities`` writes the
library's entities as CSV or FollowTheMoney JSON lines. A watchlist that is missing, empty
or unreadable is bad input: one line on stderr and exit 2, like every other command.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reader.cli import UsageError, _open, _source, _split_source, write_output
from reader.core.errors import LedeError
from reader.core.types import WatchRow

WATCH_HEADER = ("name", "articles", "mentions", "first", "last", "article_ids", "matched")


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    """The two commands' arguments, on the ``lede`` parser's subcommands."""
    p = sub.add_parser(
        "watch",
        help="count the articles and mentions of each name in a watchlist file (one name a line)",
        usage="lede watch [-h] [SOURCE] NAMES.txt [--csv|--json]",
    )
    p.add_argument("args", nargs="+", metavar="[SOURCE] NAMES.txt")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--csv", action="store_true", help="CSV with a header row")
    fmt.add_argument("--json", action="store_true", help="a JSON list of rows")

    p = sub.add_parser("entities", help="export the entities of SOURCE (CSV, or FollowTheMoney for Aleph)")
    p.add_argument("source", nargs="?")
    p.add_argument("--format", choices=("csv", "ftm"), default="csv")
    p.add_argument("-o", "--output")


def read_names(path: Path) -> list[str]:
    """The names of a watchlist file; UsageError (exit 2) when there are none to read."""
    from reader.core.library import Library

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"lede: {path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"lede: {path}: is a folder, not a list of names") from None
    except OSError as exc:
        raise UsageError(f"lede: {path}: cannot read it ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"lede: {path}: not UTF-8 text (a watchlist is one name a line)") from None
    names = Library.watch_names(text)
    if not names:
        raise UsageError(f"lede: {path}: no names in it (one name a line)")
    return names


def watch_csv(rows: Sequence[WatchRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(WATCH_HEADER)
    for r in rows:
        writer.writerow(
            (
                r.name,
                len(r.articles),
                r.mentions,
                r.first or "",
                r.last or "",
                " ".join(r.articles),
                "; ".join(r.matched),
            )
        )
    return out.getvalue()


def watch_json(rows: Sequence[WatchRow]) -> str:
    return (
        json.dumps(
            [
                {
                    "name": r.name,
                    "articles": len(r.articles),
                    "mentions": r.mentions,
                    "first": r.first,
                    "last": r.last,
                    "article_ids": list(r.articles),
                    "matched": list(r.matched),
                    "how": r.how,
                }
                for r in rows
            ],
            ensure_ascii=False,
            indent=1,
        )
        + "\n"
    )


def watch_table(rows: Sequence[WatchRow]) -> str:
    """A table for a person: name, counts, dates, and what the name was taken to mean."""
    head = ("name", "articles", "mentions", "first", "last", "matched")
    body = [
        (
            r.name,
            str(len(r.articles)),
            str(r.mentions),
            r.first or "–",
            r.last or "–",
            _meaning(r),
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in (head, *body)) for i in range(len(head))]
    right = {1, 2}

    def line(cells: Sequence[str]) -> str:
        parts = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return "\n".join([line(head), *(line(b) for b in body)]) + "\n"


def _meaning(r: WatchRow) -> str:
    if r.how == "text":
        return "(in the text)"
    if not r.how:
        return "(not found)"
    names = ", ".join(r.matched)
    return names if r.how == "name" else f"{names} ({r.how})"


def cmd_watch(ns: argparse.Namespace) -> int:
    source, file = _split_source(ns.args, "NAMES.txt")
    names = read_names(Path(file).expanduser())
    lib = _open(source, quiet=True)
    try:
        rows = lib.watch(names)
    finally:
        lib.close()
    render = watch_csv if ns.csv else watch_json if ns.json else watch_table
    sys.stdout.write(render(rows))
    return 0


def cmd_entities(ns: argparse.Namespace) -> int:
    lib = _open(_source(ns.source), quiet=True)
    try:
        text = lib.export_entities(ns.format)
    except ImportError as exc:  # a trimmed install (the desktop bundle leaves followthemoney out)
        raise LedeError(
            f"the FollowTheMoney export needs the followthemoney package: pip install 'lede[ftm]' ({exc})"
        ) from None
    finally:
        lib.close()
    return write_output(text, ns.output)
