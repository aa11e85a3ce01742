"""Highlights and their tags in the annotation database: the SQL, with no locking or transactions.

Why functions on a connection: :class:`reader.core.store.annotations.AnnotationStore`
owns the connection, the lock and the transaction boundaries, and each
function here is one step it runs inside them; the rules that matter to the
user (overlaps merge instead of duplicating, no note is ever dropped, tags
are keyed case-insensitively, a gone highlight is an error, not a no-op) live
here in one place. Every row becomes a :class:`~reader.core.types.Highlight`
through :func:`select`, the only mapping from rows to highlights.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, cast

from reader.core.errors import StorageError
from reader.core.store import db
from reader.core.store.anchoring import quote_selector
from reader.core.types import Highlight

NOUN = "Highlight"

# The columns of Highlight in field order, without ``tags`` (another table): see _to_highlight.
_COLUMNS = 'h.id, h.article_id, h.start, h."end", h.exact, h.prefix, h.suffix, h.color, h.note'
_TRAILING = "h.created, h.updated, h.orphan"


def normalise_tags(tags: Sequence[str]) -> tuple[str, ...]:
    """Strip ``#`` and blanks, join inner spaces with ``-`` (so ``#tag`` works in Markdown), dedupe."""
    seen: dict[str, str] = {}
    for raw in tags:
        tag = "-".join(raw.strip().lstrip("#").split())
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(sorted(seen.values(), key=str.casefold))


def fold_text(value: str | None) -> str:
    """Case-insensitive form for matching typed text: NFC, then Unicode case folding.

    SQLite's own ``LIKE``/``lower`` fold ASCII only, which would miss
    ``ÉVACUATION`` for ``évacuation``; the store registers this as the SQL
    function ``lede_fold`` on its connection.
    """
    return unicodedata.normalize("NFC", value or "").casefold()


def check_color(color: int) -> None:
    if not 1 <= color <= 5:
        raise ValueError(f"highlight colour must be 1–5, not {color}")


def check_span(article_text: str, start: int, end: int) -> None:
    if not 0 <= start < end <= len(article_text):
        raise ValueError(f"cannot highlight {start}:{end} in a text of {len(article_text)} characters")


def _to_highlight(row: Sequence[Any], tags: dict[int, tuple[str, ...]]) -> Highlight:
    """A row of ``_COLUMNS, _TRAILING`` and the tags found for it."""
    fields = cast("tuple[int, str, int, int, str, str, str, int, str]", tuple(row[:9]))
    created, updated, orphan = row[9:12]
    return Highlight(
        *fields, tags=tags.get(fields[0], ()), created=created, updated=updated, orphan=bool(orphan)
    )


def _tags_by_id(rows: Iterable[Sequence[Any]]) -> dict[int, tuple[str, ...]]:
    """``highlight id -> sorted tags`` from ``(id, tag)`` rows: one query for a whole list."""
    grouped: dict[int, list[str]] = {}
    for hid, tag in rows:
        grouped.setdefault(hid, []).append(tag)
    return {hid: tuple(sorted(tags, key=str.casefold)) for hid, tags in grouped.items()}


def select(c: sqlite3.Connection, where: str, params: Sequence[object]) -> list[Highlight]:
    """The highlights matching ``where`` (over alias ``h``), by article id, start, end and id.

    Run it in one snapshot (:func:`reader.core.store.db.in_snapshot`) so that
    tags and highlights agree. Tags are fetched for exactly the rows found, so
    filters that call Python (``lede_fold``) run once per row.
    """
    rows = c.execute(
        f"SELECT {_COLUMNS}, {_TRAILING} FROM highlight h WHERE {where} "
        'ORDER BY h.article_id, h.start, h."end", h.id',
        params,
    ).fetchall()
    tags = _tags_by_id(
        c.execute(
            "SELECT t.highlight_id, t.tag FROM json_each(?) j JOIN highlight_tag t ON t.highlight_id = j.value",
            (json.dumps([r[0] for r in rows]),),
        )
    )
    return [_to_highlight(r, tags) for r in rows]


def filters(
    source: str,
    article_id: str | None,
    *,
    include_orphans: bool,
    color: int | None,
    tag: str | None,
    text: str | None,
) -> tuple[str, list[object]]:
    """The ``WHERE`` clause and parameters for the notes panel's filters (see ``AnnotationStore.highlights``).

    They run in SQL so that narrowing 10,000 highlights never builds the ones
    it drops; a blank ``tag`` or ``text`` filters nothing, like an empty box.
    """
    where = "h.source = ? AND h.deleted IS NULL"
    params: list[object] = [source]
    if article_id is not None:
        where += " AND h.article_id = ?"
        params.append(article_id)
    if not include_orphans:
        where += " AND h.orphan = 0"
    if color is not None:
        where += " AND h.color = ?"
        params.append(color)
    wanted = normalise_tags([tag]) if tag is not None else ()
    if wanted:
        where += " AND EXISTS (SELECT 1 FROM highlight_tag f WHERE f.highlight_id = h.id AND f.tag = ?)"
        params.append(wanted[0])
    needle = fold_text(text).strip()
    if needle:
        where += (
            " AND (instr(lede_fold(h.exact), ?) > 0 OR (h.note != '' AND instr(lede_fold(h.note), ?) > 0))"
        )
        params += [needle, needle]
    return where, params


def _settle(
    c: sqlite3.Connection,
    source: str,
    article_id: str,
    article_text: str,
    start: int,
    end: int,
    now: str,
    *,
    own: int | None,
) -> int | None:
    """Place a span among the live highlights of an article, merging whatever it overlaps.

    The span grows until no other placed highlight overlaps it; everything
    it touched, plus ``own`` (a highlight being moved here), becomes one
    highlight: the oldest id and colour, notes joined in age order, tags
    united, the others soft-deleted. Returns the surviving id, or None when
    there was nothing to merge with and no ``own`` (the caller inserts).
    """
    lo, hi = start, end
    merged: dict[int, str] = {}
    if own is not None:
        merged[own] = c.execute("SELECT note FROM highlight WHERE id = ?", (own,)).fetchone()[0]
    while True:  # grow the span until no other live highlight overlaps it
        rows = c.execute(
            """SELECT id, note, start, "end" FROM highlight WHERE source = ? AND article_id = ?
               AND deleted IS NULL AND orphan = 0 AND start < ? AND "end" > ? ORDER BY id""",
            (source, article_id, hi, lo),
        ).fetchall()
        new = [r for r in rows if r[0] not in merged]
        if not new:
            break
        for hid, note, s, e in new:
            merged[hid] = note
            lo, hi = min(lo, s), max(hi, e)
    if not merged:
        return None
    keep, *others = sorted(merged)
    if others:
        notes: list[str] = []
        for hid in [keep, *others]:
            text = merged[hid].strip()
            if text and text not in notes:
                notes.append(text)
        note = "\n\n".join(notes)
    else:
        note = merged[keep]
    exact, prefix, suffix = quote_selector(article_text, lo, hi)
    c.execute(
        """UPDATE highlight SET article_id = ?, start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?,
           note = ?, orphan = 0, updated = ? WHERE id = ?""",
        (article_id, lo, hi, exact, prefix, suffix, note, now, keep),
    )
    for hid in others:
        c.execute(
            """INSERT OR IGNORE INTO highlight_tag(highlight_id, tag)
               SELECT ?, tag FROM highlight_tag WHERE highlight_id = ?""",
            (keep, hid),
        )
        c.execute("UPDATE highlight SET deleted = ?, updated = ? WHERE id = ?", (now, now, hid))
    return keep


def add(
    c: sqlite3.Connection, source: str, article_id: str, article_text: str, start: int, end: int, color: int
) -> int:
    """Insert a highlight, or merge it into the ones it overlaps; returns the id that holds it now.

    Merging (union of spans, oldest id and colour, notes joined, tags united)
    means pressing ``h`` twice over the same passage never creates duplicates,
    and no note is dropped.
    """
    now = db.utc_now()
    keep = _settle(c, source, article_id, article_text, start, end, now, own=None)
    if keep is not None:
        return keep
    exact, prefix, suffix = quote_selector(article_text, start, end)
    cur = c.execute(
        """INSERT INTO highlight(source, article_id, start, "end", exact, prefix, suffix, color,
           created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (source, article_id, start, end, exact, prefix, suffix, color, now, now),
    )
    return int(cur.lastrowid or 0)


def reattach(
    c: sqlite3.Connection, highlight_id: int, article_id: str, article_text: str, start: int, end: int
) -> int:
    """Move a live highlight onto a span the user chose; returns the surviving id.

    The quote and its context are taken afresh from the new span and the
    highlight is no longer an orphan; its note, tags and colour stay. If the
    span overlaps highlights already there they merge as in :func:`add`, so
    the surviving id may be an older one.
    """
    row = c.execute(
        "SELECT source FROM highlight WHERE id = ? AND deleted IS NULL", (highlight_id,)
    ).fetchone()
    if row is None:
        raise StorageError(f"{NOUN} {highlight_id} no longer exists.")
    keep = _settle(c, row[0], article_id, article_text, start, end, db.utc_now(), own=highlight_id)
    assert keep is not None  # own is always among the merged
    return keep


def update(c: sqlite3.Connection, highlight_id: int, assignments: str, params: Sequence[object]) -> None:
    """Change columns of a live highlight and stamp ``updated``; a gone highlight is a StorageError."""
    db.update_live(c, "highlight", highlight_id, f"{assignments}, updated = ?", (*params, db.utc_now()), NOUN)


def set_tags(c: sqlite3.Connection, highlight_id: int, tags: Sequence[str]) -> None:
    """Replace the tags of a live highlight with ``tags`` (already normalised)."""
    db.update_live(c, "highlight", highlight_id, "updated = ?", (db.utc_now(),), NOUN)
    c.execute("DELETE FROM highlight_tag WHERE highlight_id = ?", (highlight_id,))
    c.executemany(
        "INSERT INTO highlight_tag(highlight_id, tag) VALUES (?, ?)", [(highlight_id, t) for t in tags]
    )


def all_tags(c: sqlite3.Connection, source: str) -> list[str]:
    """Every tag used on a live highlight of the source, sorted case-insensitively."""
    return [
        r[0]
        for r in c.execute(
            """SELECT DISTINCT t.tag FROM highlight_tag t JOIN highlight h ON h.id = t.highlight_id
               WHERE h.source = ? AND h.deleted IS NULL ORDER BY t.tag""",
            (source,),
        )
    ]
