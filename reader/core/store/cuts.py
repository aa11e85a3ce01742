"""Where the reader says articles start: cuts the segmenter missed, and starts it should not have made.

Segmenting a dump nobody fitted the segmenter on misses some story breaks and makes some
false ones (README, "Cutting dumps into articles"). A reader who sees one fixes it with a key:
"a new article starts at this paragraph" or "this article goes on from the one before". The
fix is the user's work, so it lives with the annotations (precious), keyed by the source and
the line of the paragraph in the source file, with a fingerprint of the paragraph's letters
and digits: a build makes the cut only at a paragraph that still reads the same, at its line
or, when lines were added or removed above it, at the nearest such paragraph close by
(``ingest.cuts.apply_cuts``); a cut whose paragraph is gone is left unmade, never moved onto
another paragraph. One row per line: the newest word on a line wins, and taking it back
soft-deletes the row like any of the user's rows.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import NamedTuple

from reader.core.store import db

__all__ = [
    "KINDS",
    "NEAR",
    "Cut",
    "clear",
    "cuts_key",
    "find_paragraph",
    "fingerprint",
    "fingerprints",
    "live",
    "read_live",
    "set_cut",
    "unmade_cuts_notice",
]

#: How far (in source lines) a build looks for a cut's paragraph when the cut's line holds another.
NEAR = 200

#: "start": an article starts at this paragraph; "join": the article that starts here goes on
#: from the one before (no article starts here).
KINDS = ("start", "join")


class Cut(NamedTuple):
    """What the reader said at one paragraph: its kind and the paragraph's :func:`fingerprint`."""

    kind: str
    paragraph: str


_NOT_ALNUM = re.compile(r"[\W_]+")


def fingerprint(text: str) -> str:
    """A paragraph's identity through ingest's repairs: its letters and digits, lower-cased, hashed.

    The article the reader sees has glue repaired ("Armeniafrom" -> "Armenia from") and
    quotes normalised, the build's paragraphs do not yet: both keep every letter and digit.
    """
    return hashlib.sha1(_NOT_ALNUM.sub("", text.casefold()).encode("utf-8")).hexdigest()[:16]


def fingerprints(text_of: Callable[[int], str]) -> Callable[[int], str]:
    """A line's paragraph :func:`fingerprint` (``text_of`` gives the text), computed once and only
    where asked: :func:`find_paragraph` looks at a few lines of many."""
    prints: dict[int, str] = {}

    def print_of(line: int) -> str:
        if line not in prints:
            prints[line] = fingerprint(text_of(line))
        return prints[line]

    return print_of


def find_paragraph(
    line: int, paragraph: str, lines: Collection[int], print_of: Callable[[int], str]
) -> int | None:
    """Where the paragraph a cut names (``paragraph``, its fingerprint) is among ``lines``.

    At ``line`` if it reads the same there (the file grew below it, or not at all), else at the
    nearest line within NEAR that does, the earlier on a tie (lines were added or removed above
    it); None when it is gone, since a cut is never moved onto a paragraph that reads otherwise.
    ``print_of`` gives a line's fingerprint, so callers compute only the ones asked for.
    """
    # Nearest first, the earlier of two at one distance: at most 2 * NEAR + 1 lookups however many
    # lines there are (an import checks every cut of a file against a whole library's paragraphs).
    for other in (line, *(at for d in range(1, NEAR + 1) for at in (line - d, line + d))):
        if other in lines and print_of(other) == paragraph:
            return other
    return None


def set_cut(c: sqlite3.Connection, source: str, line: int, kind: str, paragraph: str) -> None:
    """Say what happens at ``paragraph`` (its text), on source line ``line``, replacing what was said there."""
    if kind not in KINDS:
        raise ValueError(f"a cut is one of {', '.join(KINDS)}, not {kind!r}")
    if line < 1:
        raise ValueError(f"source lines count from 1, not {line}")
    c.execute(
        """INSERT INTO article_cut(source, line, kind, paragraph, updated, deleted)
           VALUES (?, ?, ?, ?, ?, NULL)
           ON CONFLICT(source, line) DO UPDATE SET kind = excluded.kind, paragraph = excluded.paragraph,
           updated = excluded.updated, deleted = NULL""",
        (source, line, kind, fingerprint(paragraph), db.utc_now()),
    )


def clear(c: sqlite3.Connection, source: str, line: int) -> bool:
    """Take back what was said at ``line``; False when nothing was."""
    now = db.utc_now()
    cur = c.execute(
        "UPDATE article_cut SET deleted = ?, updated = ? WHERE source = ? AND line = ? AND deleted IS NULL",
        (now, now, source, line),
    )
    return cur.rowcount > 0


def live(c: sqlite3.Connection, source: str) -> dict[int, Cut]:
    """Line -> :class:`Cut` of every cut of a source that stands."""
    return {
        int(line): Cut(str(kind), str(paragraph))
        for line, kind, paragraph in c.execute(
            """SELECT line, kind, paragraph FROM article_cut WHERE source = ? AND deleted IS NULL
               ORDER BY line""",
            (source,),
        )
    }


def read_live(path: Path, source: str) -> Mapping[int, Cut]:
    """:func:`live` from the annotation file at ``path``, opened read-only, for a build.

    A build runs in a process of its own beside the window, and must never write (or
    recover, or migrate) the user's file: it reads it read-only and, when it cannot (no
    file yet, a file from before cuts existed, a damaged one the window will recover),
    builds as if no cut was made. The window's next rebuild applies them again.
    """
    if not path.exists():
        return {}
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return {}
    try:
        return live(conn, source)
    except sqlite3.Error:
        return {}
    finally:
        conn.close()


def cuts_key(cuts: Mapping[int, Cut] | None) -> str:
    """A build's record of the cuts it applied ("" for none): another set means another build."""
    return ",".join(f"{line}{cut.kind[0]}{cut.paragraph[:8]}" for line, cut in sorted((cuts or {}).items()))


def unmade_cuts_notice(lines: list[int]) -> str:
    """One line for the reader: cuts a build could not make, because their paragraphs are gone."""
    where = ", ".join(map(str, lines[:5])) + (f" and {len(lines) - 5} more" if len(lines) > 5 else "")
    if len(lines) == 1:
        return f"1 of your article cuts was not made: the paragraph at line {where} is no longer in the file"
    return f"{len(lines)} of your article cuts were not made: the paragraphs at lines {where} are no longer in the file"
