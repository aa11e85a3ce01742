"""The user's highlights, notes, tags, reading state and sidebar fixes — the one precious database.

Everything else Lede keeps (index, catalog) can be rebuilt from the source
file; this cannot. Hence: WAL and full fsync, one transaction per edit,
retries instead of "database is locked", numbered migrations with a backup
first, an integrity check at open with recovery that keeps the damaged file,
soft deletes, and highlights anchored by quote so that a rebuild that moves
text around never loses them (an unplaceable highlight becomes an orphan,
never a deletion).

One file serves every source the user opens; each row carries a ``source``
key chosen by the caller (e.g. the source file's path or hash). Besides
annotations it keeps what the user would be annoyed to redo: saved searches,
entity corrections (replayed by :mod:`reader.core.store.corrections` over
every rebuild), the paragraph last read in each article, and small session
values such as the last opened article.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from reader.core.errors import StorageError
from reader.core.store import db
from reader.core.store.anchoring import Corpus, Placement, find_exact, find_fuzzy, quote_selector
from reader.core.store.corrections import EntityCorrection, check_correction
from reader.core.types import Highlight, Note

T = TypeVar("T")
WHAT = "notes database"
#: Refresh the rolling backup at open when the newest one is older than this.
BACKUP_MAX_AGE_S = 24 * 3600


@dataclass(frozen=True)
class ReanchorReport:
    """How each highlight of a source was placed after a rebuild.

    ``exact``: found verbatim in its own article (same or new offsets);
    ``moved``: found verbatim in another article; ``fuzzy``: found
    approximately (own or other article); ``orphaned``: could not be placed.
    ``changed`` holds the ids whose stored anchor changed, for views to refresh.
    """

    exact: int = 0
    moved: int = 0
    fuzzy: int = 0
    orphaned: int = 0
    changed: frozenset[int] = frozenset()

    @property
    def total(self) -> int:
        return self.exact + self.moved + self.fuzzy + self.orphaned


@dataclass(frozen=True)
class SavedSearch:
    """A query the user named, to run again from the palette; names are unique per source."""

    name: str
    query: str
    created: str = ""


@dataclass(frozen=True)
class ImportReport:
    """What an import did: ``added`` placed highlights and notes, ``orphaned``
    highlights kept without a place, ``skipped`` duplicates of what was already there."""

    added: int = 0
    skipped: int = 0
    orphaned: int = 0


@dataclass(frozen=True)
class ImportedAnnotation:
    """One annotation read from a file, before it is anchored in this library.

    ``kind`` is ``"highlight"`` or ``"note"`` (a note on a whole article has no
    quote or offsets). ``original_id`` is the highlight id in the exporting
    database; it is reused when free so that a round trip is lossless.
    """

    kind: str
    article_id: str
    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    start: int = 0
    end: int = 0
    color: int = 1
    note: str = ""
    tags: tuple[str, ...] = ()
    created: str = ""
    updated: str = ""
    orphan: bool = False
    original_id: int | None = None
    source: str = ""


def _v1_initial(c: sqlite3.Connection) -> None:
    """v1: highlights with tags in a comma-separated column, article notes, reading state."""
    c.execute(
        """CREATE TABLE highlight (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source TEXT NOT NULL,
            article_id TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            color INTEGER NOT NULL DEFAULT 1,
            note TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            deleted TEXT
        )"""
    )
    c.execute("CREATE INDEX highlight_by_article ON highlight(source, article_id, start)")
    c.execute(
        """CREATE TABLE article_note (
            source TEXT NOT NULL, article_id TEXT NOT NULL, text TEXT NOT NULL, updated TEXT NOT NULL,
            PRIMARY KEY (source, article_id))"""
    )
    c.execute(
        """CREATE TABLE article_state (
            source TEXT NOT NULL, article_id TEXT NOT NULL,
            read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0, updated TEXT NOT NULL,
            PRIMARY KEY (source, article_id))"""
    )


def _v2_tags_table_and_orphans(c: sqlite3.Connection) -> None:
    """v2: tags move to their own table (searchable, no comma escaping); highlights gain ``orphan``."""
    c.execute("ALTER TABLE highlight ADD COLUMN orphan INTEGER NOT NULL DEFAULT 0")
    c.execute(
        """CREATE TABLE highlight_tag (
            highlight_id INTEGER NOT NULL REFERENCES highlight(id) ON DELETE CASCADE,
            tag TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (highlight_id, tag)) WITHOUT ROWID"""
    )
    c.execute("CREATE INDEX highlight_tag_by_tag ON highlight_tag(tag)")
    for hid, tags in c.execute("SELECT id, tags FROM highlight WHERE tags != ''").fetchall():
        for tag in normalise_tags(tags.split(",")):
            c.execute("INSERT OR IGNORE INTO highlight_tag(highlight_id, tag) VALUES (?, ?)", (hid, tag))
    c.execute("ALTER TABLE highlight DROP COLUMN tags")


def _v3_searches_corrections_positions(c: sqlite3.Connection) -> None:
    """v3: saved searches, entity corrections, reading positions and session values.

    Corrections are soft-deleted like highlights (they are the user's work);
    ``id`` gives their replay order. Positions get their own table rather than
    a column of ``article_state`` so that merely opening an article does not
    make it look read/starred-known to :meth:`AnnotationStore.states`.
    """
    c.execute(
        """CREATE TABLE saved_search (
            source TEXT NOT NULL, name TEXT NOT NULL, query TEXT NOT NULL, created TEXT NOT NULL,
            PRIMARY KEY (source, name))"""
    )
    kinds = ", ".join(f"'{k}'" for k in ("rename", "merge", "split", "retype", "hide"))
    c.execute(
        f"""CREATE TABLE entity_correction (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ({kinds})),
            name TEXT NOT NULL,
            target TEXT NOT NULL DEFAULT '',
            type TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            deleted TEXT)"""
    )
    c.execute("CREATE INDEX entity_correction_by_source ON entity_correction(source, id)")
    c.execute(
        """CREATE TABLE reading_position (
            source TEXT NOT NULL, article_id TEXT NOT NULL, paragraph INTEGER NOT NULL, updated TEXT NOT NULL,
            PRIMARY KEY (source, article_id))"""
    )
    c.execute(
        """CREATE TABLE session_value (
            source TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, updated TEXT NOT NULL,
            PRIMARY KEY (source, key))"""
    )
    c.execute("CREATE INDEX highlight_orphans ON highlight(source, orphan) WHERE orphan = 1")


MIGRATIONS: tuple[db.Migration, ...] = (
    _v1_initial,
    _v2_tags_table_and_orphans,
    _v3_searches_corrections_positions,
)
SCHEMA_VERSION = len(MIGRATIONS)


def normalise_tags(tags: Sequence[str]) -> tuple[str, ...]:
    """Strip ``#`` and blanks, join inner spaces with ``-`` (so ``#tag`` works in Markdown), dedupe."""
    seen: dict[str, str] = {}
    for raw in tags:
        tag = "-".join(raw.strip().lstrip("#").split())
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(sorted(seen.values(), key=str.casefold))


_HIGHLIGHT_COLUMNS = """h.id, h.article_id, h.start, h."end", h.exact, h.prefix, h.suffix, h.color, h.note,
    h.created, h.updated, h.orphan"""


def _to_highlight(row: Sequence[Any], tags: Mapping[int, tuple[str, ...]]) -> Highlight:
    return Highlight(
        id=row[0],
        article_id=row[1],
        start=row[2],
        end=row[3],
        exact=row[4],
        prefix=row[5],
        suffix=row[6],
        color=row[7],
        note=row[8],
        tags=tags.get(row[0], ()),
        created=row[9],
        updated=row[10],
        orphan=bool(row[11]),
    )


def _tags_by_id(rows: Iterable[Sequence[Any]]) -> dict[int, tuple[str, ...]]:
    """``highlight id -> sorted tags`` from ``(id, tag)`` rows: one query for a whole list."""
    grouped: dict[int, list[str]] = {}
    for hid, tag in rows:
        grouped.setdefault(hid, []).append(tag)
    return {hid: tuple(sorted(tags, key=str.casefold)) for hid, tags in grouped.items()}


def _check_color(color: int) -> None:
    if not 1 <= color <= 5:
        raise ValueError(f"highlight colour must be 1–5, not {color}")


def _check_span(article_text: str, start: int, end: int) -> None:
    if not 0 <= start < end <= len(article_text):
        raise ValueError(f"cannot highlight {start}:{end} in a text of {len(article_text)} characters")


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


def fold_text(value: str | None) -> str:
    """Case-insensitive form for matching typed text: NFC, then Unicode case folding.

    SQLite's own ``LIKE``/``lower`` fold ASCII only, which would miss
    ``ÉVACUATION`` for ``évacuation``; the store registers this as the SQL
    function ``lede_fold`` on its connection.
    """
    return unicodedata.normalize("NFC", value or "").casefold()


class AnnotationStore:
    """Highlights, article notes, tags and read/starred state, for many sources in one file.

    Safe to share between threads (one lock around the connection) and
    between processes (SQLite locking plus busy retries). ``notice`` is set
    when opening had to recover from a damaged file.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._conn, self.notice = db.open_precious(self.path, MIGRATIONS, what=WHAT)
        self._conn.create_function("lede_fold", 1, fold_text, deterministic=True)
        self._dirty = False
        # A failed backup must not stop the user from reading.
        with contextlib.suppress(OSError, StorageError, sqlite3.Error):
            self._rolling_backup(max_age=BACKUP_MAX_AGE_S)

    # -- plumbing ---------------------------------------------------------------------------------

    def _write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            result = db.write(self._conn, fn, what=WHAT)
            self._dirty = True
            return result

    def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            return db.read(self._conn, fn, what=WHAT)

    def backup(self) -> Path:
        """Copy the database now to ``<name>.bak-v<schema>``, the file recovery restores from."""
        dest = self.path.with_name(f"{self.path.name}.bak-v{SCHEMA_VERSION}")
        with self._lock:
            try:
                db.retry_busy(lambda: db.backup_to(self._conn, dest), what=WHAT)
            except OSError as exc:
                raise StorageError(f"Could not back up the {WHAT} to {dest}: {exc}") from exc
        return dest

    def _rolling_backup(self, max_age: float) -> None:
        backups = db.backups_of(self.path)
        if not backups or time.time() - backups[0].stat().st_mtime > max_age:
            self.backup()

    def close(self) -> None:
        """Refresh the backup if anything was written, then close."""
        with self._lock:
            if self._dirty:
                with contextlib.suppress(StorageError):
                    self.backup()
                self._dirty = False
            self._conn.close()

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- highlights -------------------------------------------------------------------------------

    def add_highlight(
        self, source: str, article_id: str, article_text: str, start: int, end: int, color: int = 1
    ) -> Highlight:
        """Highlight ``article_text[start:end]``; overlapping highlights merge into the oldest.

        Merging (union of spans, oldest id and colour, notes joined, tags
        united) means pressing ``h`` twice over the same passage never creates
        duplicates, and no note is dropped.
        """
        _check_span(article_text, start, end)
        _check_color(color)

        def op(c: sqlite3.Connection) -> int:
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

        return self._must(self._write(op))

    def _must(self, highlight_id: int) -> Highlight:
        found = self.highlight(highlight_id)
        if found is None:
            raise StorageError(f"Highlight {highlight_id} no longer exists.")
        return found

    def _update(self, highlight_id: int, sql: str, params: tuple[object, ...]) -> None:
        def op(c: sqlite3.Connection) -> None:
            cur = c.execute(
                f"UPDATE highlight SET {sql}, updated = ? WHERE id = ? AND deleted IS NULL",
                (*params, db.utc_now(), highlight_id),
            )
            if cur.rowcount == 0:
                raise StorageError(f"Highlight {highlight_id} no longer exists.")

        self._write(op)

    def remove_highlight(self, highlight_id: int) -> None:
        """Soft delete: the row stays (recoverable by hand) but is never listed again."""
        self._update(highlight_id, "deleted = ?", (db.utc_now(),))

    def set_highlight_note(self, highlight_id: int, text: str) -> Highlight:
        self._update(highlight_id, "note = ?", (text,))
        return self._must(highlight_id)

    def set_highlight_color(self, highlight_id: int, color: int) -> Highlight:
        _check_color(color)
        self._update(highlight_id, "color = ?", (color,))
        return self._must(highlight_id)

    def set_highlight_tags(self, highlight_id: int, tags: Sequence[str]) -> Highlight:
        """Replace the tags (normalised: no ``#``, no spaces, case-insensitive duplicates dropped)."""
        clean = normalise_tags(tags)

        def op(c: sqlite3.Connection) -> None:
            cur = c.execute(
                "UPDATE highlight SET updated = ? WHERE id = ? AND deleted IS NULL",
                (db.utc_now(), highlight_id),
            )
            if cur.rowcount == 0:
                raise StorageError(f"Highlight {highlight_id} no longer exists.")
            c.execute("DELETE FROM highlight_tag WHERE highlight_id = ?", (highlight_id,))
            c.executemany(
                "INSERT INTO highlight_tag(highlight_id, tag) VALUES (?, ?)",
                [(highlight_id, t) for t in clean],
            )

        self._write(op)
        return self._must(highlight_id)

    def highlights(
        self,
        source: str,
        article_id: str | None = None,
        *,
        include_orphans: bool = True,
        color: int | None = None,
        tag: str | None = None,
        text: str | None = None,
    ) -> list[Highlight]:
        """Live highlights of a source (or one article), ordered by article id then start.

        The notes panel's filters run in SQL, so narrowing 10,000 highlights
        never builds the ones it drops: ``color`` (1–5), ``tag`` (normalised like
        stored tags, so ``#War`` finds ``war``), and ``text``, a case-insensitive
        substring of the quote or the note. A blank ``tag`` or ``text`` filters
        nothing, like an empty search box.
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
            where += " AND (instr(lede_fold(h.exact), ?) > 0 OR (h.note != '' AND instr(lede_fold(h.note), ?) > 0))"
            params += [needle, needle]
        return self._select_highlights(where, params)

    def orphans(self, source: str) -> list[Highlight]:
        """Highlights that re-anchoring could not place, for the user to re-attach or remove."""
        return self._select_highlights("h.source = ? AND h.orphan = 1 AND h.deleted IS NULL", [source])

    def _select_highlights(self, where: str, params: Sequence[object]) -> list[Highlight]:
        def fetch(c: sqlite3.Connection) -> list[Highlight]:
            rows = c.execute(
                f"SELECT {_HIGHLIGHT_COLUMNS} FROM highlight h WHERE {where} "
                'ORDER BY h.article_id, h.start, h."end", h.id',
                params,
            ).fetchall()
            # Tags of exactly the rows found, so the filters (the text one calls Python) run once.
            tags = _tags_by_id(
                c.execute(
                    "SELECT t.highlight_id, t.tag FROM json_each(?) j "
                    "JOIN highlight_tag t ON t.highlight_id = j.value",
                    (json.dumps([r[0] for r in rows]),),
                )
            )
            return [_to_highlight(r, tags) for r in rows]

        # Both queries in one read transaction, so tags and highlights come from one snapshot.
        return self._read(lambda c: _in_snapshot(c, fetch))

    def reattach(
        self, highlight_id: int, article_id: str, article_text: str, start: int, end: int
    ) -> Highlight:
        """Anchor a highlight (usually an orphan) on ``article_text[start:end]`` chosen by the user.

        The quote and its context are taken afresh from the new span and the
        highlight is no longer an orphan; its note, tags and colour stay. If
        the span overlaps highlights already there they merge as in
        :meth:`add_highlight`, so the returned highlight may carry an older id.
        """
        _check_span(article_text, start, end)

        def op(c: sqlite3.Connection) -> int:
            row = c.execute(
                "SELECT source FROM highlight WHERE id = ? AND deleted IS NULL", (highlight_id,)
            ).fetchone()
            if row is None:
                raise StorageError(f"Highlight {highlight_id} no longer exists.")
            keep = _settle(c, row[0], article_id, article_text, start, end, db.utc_now(), own=highlight_id)
            assert keep is not None  # own is always among the merged
            return keep

        return self._must(self._write(op))

    def highlight(self, highlight_id: int) -> Highlight | None:
        def fetch(c: sqlite3.Connection) -> Highlight | None:
            row = c.execute(
                f"SELECT {_HIGHLIGHT_COLUMNS} FROM highlight h WHERE h.id = ? AND h.deleted IS NULL",
                (highlight_id,),
            ).fetchone()
            if row is None:
                return None
            tags = _tags_by_id(
                c.execute(
                    "SELECT highlight_id, tag FROM highlight_tag WHERE highlight_id = ?", (highlight_id,)
                )
            )
            return _to_highlight(row, tags)

        return self._read(lambda c: _in_snapshot(c, fetch))

    def all_tags(self, source: str) -> list[str]:
        """Every tag used on a live highlight of the source, sorted case-insensitively."""
        return self._read(
            lambda c: [
                r[0]
                for r in c.execute(
                    """SELECT DISTINCT t.tag FROM highlight_tag t JOIN highlight h ON h.id = t.highlight_id
                       WHERE h.source = ? AND h.deleted IS NULL ORDER BY t.tag""",
                    (source,),
                )
            ]
        )

    # -- article notes and state ------------------------------------------------------------------

    def set_article_note(self, source: str, article_id: str, text: str) -> Note:
        """Save the note on a whole article; blank text deletes it."""
        now = db.utc_now()

        def op(c: sqlite3.Connection) -> None:
            if text.strip():
                c.execute(
                    """INSERT INTO article_note(source, article_id, text, updated) VALUES (?, ?, ?, ?)
                       ON CONFLICT(source, article_id) DO UPDATE SET text = excluded.text,
                       updated = excluded.updated""",
                    (source, article_id, text, now),
                )
            else:
                c.execute(
                    "DELETE FROM article_note WHERE source = ? AND article_id = ?", (source, article_id)
                )

        self._write(op)
        return Note(article_id=article_id, text=text if text.strip() else "", updated=now)

    def article_note(self, source: str, article_id: str) -> Note | None:
        row = self._read(
            lambda c: c.execute(
                "SELECT article_id, text, updated FROM article_note WHERE source = ? AND article_id = ?",
                (source, article_id),
            ).fetchone()
        )
        return None if row is None else Note(row[0], row[1], row[2])

    def article_notes(self, source: str) -> list[Note]:
        return self._read(
            lambda c: [
                Note(r[0], r[1], r[2])
                for r in c.execute(
                    "SELECT article_id, text, updated FROM article_note WHERE source = ? ORDER BY article_id",
                    (source,),
                )
            ]
        )

    def set_state(
        self, source: str, article_id: str, *, read: bool | None = None, starred: bool | None = None
    ) -> None:
        """Set read and/or starred; ``None`` leaves that flag as it was."""
        if read is None and starred is None:
            return
        r = None if read is None else int(read)
        s = None if starred is None else int(starred)

        def op(c: sqlite3.Connection) -> None:
            c.execute(
                """INSERT INTO article_state(source, article_id, read, starred, updated)
                   VALUES (?, ?, coalesce(?, 0), coalesce(?, 0), ?)
                   ON CONFLICT(source, article_id) DO UPDATE SET read = coalesce(?, read),
                   starred = coalesce(?, starred), updated = excluded.updated""",
                (source, article_id, r, s, db.utc_now(), r, s),
            )

        self._write(op)

    def states(self, source: str) -> dict[str, tuple[bool, bool]]:
        """``article_id -> (read, starred)`` for every article with a recorded state."""
        return self._read(
            lambda c: {
                r[0]: (bool(r[1]), bool(r[2]))
                for r in c.execute(
                    "SELECT article_id, read, starred FROM article_state WHERE source = ?", (source,)
                )
            }
        )

    # -- reading position and session -------------------------------------------------------------

    def set_position(self, source: str, article_id: str, paragraph: int) -> None:
        """Remember the paragraph the reading cursor was on, to return there next time."""
        if paragraph < 0:
            raise ValueError(f"a paragraph number cannot be negative ({paragraph})")

        def op(c: sqlite3.Connection) -> None:
            c.execute(
                """INSERT INTO reading_position(source, article_id, paragraph, updated) VALUES (?, ?, ?, ?)
                   ON CONFLICT(source, article_id) DO UPDATE SET paragraph = excluded.paragraph,
                   updated = excluded.updated""",
                (source, article_id, paragraph, db.utc_now()),
            )

        self._write(op)

    def positions(self, source: str) -> dict[str, int]:
        """``article_id -> paragraph`` for every article with a remembered position."""
        return self._read(
            lambda c: {
                r[0]: r[1]
                for r in c.execute(
                    "SELECT article_id, paragraph FROM reading_position WHERE source = ?", (source,)
                )
            }
        )

    def set_session(self, source: str, key: str, value: str) -> None:
        """Keep one small value for the next start, e.g. ``last_article``; replaces the old value."""

        def op(c: sqlite3.Connection) -> None:
            c.execute(
                """INSERT INTO session_value(source, key, value, updated) VALUES (?, ?, ?, ?)
                   ON CONFLICT(source, key) DO UPDATE SET value = excluded.value, updated = excluded.updated""",
                (source, key, value, db.utc_now()),
            )

        self._write(op)

    def session(self, source: str, key: str) -> str | None:
        row = self._read(
            lambda c: c.execute(
                "SELECT value FROM session_value WHERE source = ? AND key = ?", (source, key)
            ).fetchone()
        )
        return None if row is None else str(row[0])

    # -- saved searches ---------------------------------------------------------------------------

    def save_search(self, source: str, name: str, query: str) -> SavedSearch:
        """Save ``query`` under ``name`` (stripped); saving a name again replaces its query."""
        name = name.strip()
        if not name:
            raise ValueError("a saved search needs a name")
        if not query.strip():
            raise ValueError("a saved search needs a query")

        def op(c: sqlite3.Connection) -> SavedSearch:
            c.execute(
                """INSERT INTO saved_search(source, name, query, created) VALUES (?, ?, ?, ?)
                   ON CONFLICT(source, name) DO UPDATE SET query = excluded.query,
                   created = excluded.created""",
                (source, name, query, db.utc_now()),
            )
            row = c.execute(
                "SELECT name, query, created FROM saved_search WHERE source = ? AND name = ?", (source, name)
            ).fetchone()
            return SavedSearch(row[0], row[1], row[2])

        return self._write(op)

    def saved_searches(self, source: str) -> list[SavedSearch]:
        """Ordered by name, case-insensitively (what a menu shows)."""
        return self._read(
            lambda c: [
                SavedSearch(r[0], r[1], r[2])
                for r in c.execute(
                    "SELECT name, query, created FROM saved_search WHERE source = ? "
                    "ORDER BY name COLLATE NOCASE, name",
                    (source,),
                )
            ]
        )

    def delete_search(self, source: str, name: str) -> None:
        """Forget a saved search (it is one line the user can type again); unknown names are ignored."""
        self._write(
            lambda c: c.execute(
                "DELETE FROM saved_search WHERE source = ? AND name = ?", (source, name.strip())
            )
        )

    # -- entity corrections -----------------------------------------------------------------------

    def add_correction(
        self, source: str, kind: str, name: str, target: str = "", type: str = ""
    ) -> EntityCorrection:
        """Record a fix to the entity sidebar; see :func:`reader.core.store.corrections.apply_corrections`.

        Raises ValueError for an unknown kind or a missing target/type.
        """
        name, target, type = check_correction(kind, name, target, type)

        def op(c: sqlite3.Connection) -> EntityCorrection:
            now = db.utc_now()
            cur = c.execute(
                """INSERT INTO entity_correction(source, kind, name, target, type, created)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                (source, kind, name, target, type, now),
            )
            return EntityCorrection(int(cur.lastrowid or 0), kind, name, target, type, now)

        return self._write(op)

    def corrections(self, source: str) -> list[EntityCorrection]:
        """The live corrections of a source in the order they were made (the order to replay them)."""
        return self._read(
            lambda c: [
                EntityCorrection(*r)
                for r in c.execute(
                    """SELECT id, kind, name, target, type, created FROM entity_correction
                       WHERE source = ? AND deleted IS NULL ORDER BY id""",
                    (source,),
                )
            ]
        )

    def remove_correction(self, correction_id: int) -> None:
        """Soft delete: the correction stops applying; the row stays, like a removed highlight."""

        def op(c: sqlite3.Connection) -> None:
            cur = c.execute(
                "UPDATE entity_correction SET deleted = ? WHERE id = ? AND deleted IS NULL",
                (db.utc_now(), correction_id),
            )
            if cur.rowcount == 0:
                raise StorageError(f"Correction {correction_id} no longer exists.")

        self._write(op)

    # -- re-anchoring and import ------------------------------------------------------------------

    def reanchor(self, source: str, articles: Mapping[str, str]) -> ReanchorReport:
        """Place every highlight of ``source`` again in the current article texts.

        Order of trust: the stored offsets; the quote verbatim in its own
        article; the quote verbatim in another article (the article moved or
        its id changed); the quote approximately, with its context. What none
        of these places becomes an orphan with its last known anchor, and a
        later call may place it again. The search runs outside the write lock;
        the updates run in one transaction.
        """
        current = self.highlights(source)
        placer = _Placer(articles)
        counts = {"exact": 0, "moved": 0, "fuzzy": 0, "orphaned": 0}
        updates: list[tuple[object, ...]] = []
        changed: set[int] = set()
        # Highlights still in their own article go first, so that one whose article vanished
        # cannot take a span that another highlight still holds.
        settled = {
            h.id: placer.place_at_home(h.article_id, h.start, h.end, h.exact, h.prefix, h.suffix)
            for h in current
        }
        for h in current:
            if settled[h.id] is not None:
                kind, aid, placed = "exact", h.article_id, settled[h.id]
            else:
                kind, aid, placed = placer.place(h.article_id, h.start, h.end, h.exact, h.prefix, h.suffix)
            counts[kind] += 1
            if placed is None:
                if not h.orphan:
                    updates.append((h.article_id, h.start, h.end, h.exact, h.prefix, h.suffix, 1, h.id))
                    changed.add(h.id)
                continue
            exact, prefix, suffix = quote_selector(articles[aid], placed.start, placed.end)
            row = (aid, placed.start, placed.end, exact, prefix, suffix, 0, h.id)
            if row != (h.article_id, h.start, h.end, h.exact, h.prefix, h.suffix, int(h.orphan), h.id):
                updates.append(row)
                if (aid, placed.start, placed.end, exact, False) != (
                    h.article_id,
                    h.start,
                    h.end,
                    h.exact,
                    h.orphan,
                ):
                    changed.add(h.id)

        def op(c: sqlite3.Connection) -> None:
            c.executemany(
                """UPDATE highlight SET article_id = ?, start = ?, "end" = ?, exact = ?, prefix = ?,
                   suffix = ?, orphan = ? WHERE id = ? AND deleted IS NULL""",
                updates,
            )

        if updates:
            self._write(op)
        return ReanchorReport(changed=frozenset(changed), **counts)

    def import_annotations(
        self, source: str, items: Sequence[ImportedAnnotation], articles: Mapping[str, str]
    ) -> ImportReport:
        """Add annotations read from a file, anchored in the current texts, in one transaction.

        A highlight already present (same article, quote and start) is
        skipped; an article note equal to the existing one is skipped, a
        different one is appended so neither text is lost. Original ids and
        timestamps are kept when possible, so export → import → export is
        lossless.
        """
        placer = _Placer(articles)
        now = db.utc_now()
        rows: list[tuple[ImportedAnnotation, str, int, int, str, str, str, bool]] = []
        for item in items:
            if item.kind != "highlight":
                continue
            _kind, aid, placed = placer.place(
                item.article_id, item.start, item.end, item.exact, item.prefix, item.suffix
            )
            if placed is None:
                rows.append(
                    (item, item.article_id, item.start, item.end, item.exact, item.prefix, item.suffix, True)
                )
            else:
                exact, prefix, suffix = quote_selector(articles[aid], placed.start, placed.end)
                rows.append((item, aid, placed.start, placed.end, exact, prefix, suffix, False))

        def op(c: sqlite3.Connection) -> ImportReport:
            added = skipped = orphaned = 0
            for item, aid, start, end, exact, prefix, suffix, orphan in rows:
                dup = c.execute(
                    """SELECT 1 FROM highlight WHERE source = ? AND article_id = ? AND exact = ? AND start = ?
                       AND deleted IS NULL""",
                    (source, aid, exact, start),
                ).fetchone()
                if dup:
                    skipped += 1
                    continue
                hid = item.original_id
                if hid is not None and c.execute("SELECT 1 FROM highlight WHERE id = ?", (hid,)).fetchone():
                    hid = None
                color = item.color if 1 <= item.color <= 5 else 1
                cur = c.execute(
                    """INSERT INTO highlight(id, source, article_id, start, "end", exact, prefix, suffix,
                       color, note, created, updated, orphan)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    (
                        hid,
                        source,
                        aid,
                        start,
                        end,
                        exact,
                        prefix,
                        suffix,
                        color,
                        item.note,
                        item.created or now,
                        item.updated or item.created or now,
                        int(orphan),
                    ),
                )
                c.executemany(
                    "INSERT OR IGNORE INTO highlight_tag(highlight_id, tag) VALUES (?, ?)",
                    [(cur.lastrowid, t) for t in normalise_tags(item.tags)],
                )
                if orphan:
                    orphaned += 1
                else:
                    added += 1
            for item in items:
                if item.kind != "note" or not item.note.strip():
                    continue
                row = c.execute(
                    "SELECT text FROM article_note WHERE source = ? AND article_id = ?",
                    (source, item.article_id),
                ).fetchone()
                if row is not None and (row[0] == item.note or item.note in row[0]):
                    skipped += 1
                    continue
                text = item.note if row is None else f"{row[0]}\n\n{item.note}"
                c.execute(
                    """INSERT INTO article_note(source, article_id, text, updated) VALUES (?, ?, ?, ?)
                       ON CONFLICT(source, article_id) DO UPDATE SET text = excluded.text,
                       updated = excluded.updated""",
                    (source, item.article_id, text, item.updated or now),
                )
                added += 1
            return ImportReport(added=added, skipped=skipped, orphaned=orphaned)

        return self._write(op)


def _in_snapshot(c: sqlite3.Connection, fn: Callable[[sqlite3.Connection], T]) -> T:
    """Run several reads in one deferred transaction: one consistent snapshot in WAL mode."""
    c.execute("BEGIN")
    try:
        return fn(c)
    finally:
        c.execute("COMMIT")


class _Placer:
    """The re-anchoring ladder, shared by :meth:`reanchor` and imports."""

    def __init__(self, articles: Mapping[str, str]) -> None:
        self._articles = articles
        self._corpus: Corpus | None = None
        self._taken: set[tuple[str, int, int]] = set()

    @property
    def corpus(self) -> Corpus:
        if self._corpus is None:
            self._corpus = Corpus(self._articles)
        return self._corpus

    def place(
        self, article_id: str, start: int, end: int, exact: str, prefix: str, suffix: str
    ) -> tuple[str, str, Placement | None]:
        """``(kind, article_id, placement)``; kind is exact, moved, fuzzy or orphaned."""
        home = self.place_at_home(article_id, start, end, exact, prefix, suffix)
        if home is not None:
            return "exact", article_id, home
        if not exact:
            return "orphaned", article_id, None
        moved = self.corpus.find_exact(exact, prefix, suffix, exclude=article_id, taken=self._is_taken)
        if moved is not None:
            return "moved", *self._take(moved[0], moved[1])
        own = self._articles.get(article_id)
        if own is not None:
            placed = find_fuzzy(own, exact, prefix, suffix, hint=start)
            if placed is not None:
                return "fuzzy", *self._take(article_id, placed)
        elsewhere = self.corpus.find_fuzzy(exact, prefix, suffix, exclude=article_id, taken=self._is_taken)
        if elsewhere is not None:
            return "fuzzy", *self._take(elsewhere[0], elsewhere[1])
        return "orphaned", article_id, None

    def place_at_home(
        self, article_id: str, start: int, end: int, exact: str, prefix: str, suffix: str
    ) -> Placement | None:
        """Steps 1–2: the stored offsets, else the quote verbatim elsewhere in its own article."""
        own = self._articles.get(article_id)
        if own is None or not exact:
            return None
        if own[start:end] == exact:
            return self._take(article_id, Placement(start, end, 1.0, 1.0))[1]
        placed = find_exact(own, exact, prefix, suffix, hint=start)
        return None if placed is None else self._take(article_id, placed)[1]

    def _take(self, article_id: str, placed: Placement) -> tuple[str, Placement]:
        self._taken.add((article_id, placed.start, placed.end))
        return article_id, placed

    def _is_taken(self, article_id: str, start: int, end: int) -> bool:
        return (article_id, start, end) in self._taken
