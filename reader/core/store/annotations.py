"""The user's highlights, notes, tags, reading state and sidebar fixes — the one precious database.

Everything else Lede keeps (index, catalog) can be rebuilt; this cannot. Hence
WAL and full fsync, one transaction per edit, busy retries, numbered migrations
with a backup first, a backup refreshed after every write before it is
acknowledged (``backups``), recovery that keeps a damaged file and salvages it
(``recovery``), soft deletes, and highlights anchored by quote so a rebuild
never loses them (see ``db``).

:class:`AnnotationStore` is a shell that owns the connection, the lock and the
transactions; each method runs one step of a domain module inside them
(``highlights``, ``article_notes``, ``reading``, ``saved_searches``,
``corrections``, ``reanchor``; tables in ``annotations_schema``), so those
modules hold the rules and this one holds the safety. One file serves every
source; each row carries a ``source`` key chosen by the caller.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import sqlite3
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from reader.core.errors import StorageError
from reader.core.store import (
    article_notes,
    backups,
    corrections,
    cuts,
    db,
    highlights,
    reading,
    reanchor,
    recovery,
    saved_searches,
)
from reader.core.store.annotations_schema import SCHEMA_VERSION
from reader.core.store.cuts import Cut
from reader.core.types import (
    EntityCorrection,
    Highlight,
    ImportedAnnotation,
    ImportReport,
    Note,
    ReanchorReport,
    SavedSearch,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
WHAT = recovery.WHAT


def _is_disk_full(exc: BaseException) -> bool:
    """ENOSPC or SQLITE_FULL anywhere in the chain of causes."""
    seen: BaseException | None = exc
    while seen is not None:
        if getattr(seen, "errno", None) == errno.ENOSPC or db.is_full(seen):
            return True
        seen = seen.__cause__
    return False


class AnnotationStore:
    """Highlights, article notes, tags and read/starred state, for many sources in one file.

    Safe to share between threads (one lock around the connection) and
    between processes (SQLite locking plus busy retries). ``notice`` is set
    when opening had to recover (a damaged, missing or empty file, or lost
    writes put back from the backup) and says what came back. ``warning`` is
    set while the backup could not be refreshed after a write (the write
    itself is saved; only the second copy is behind).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._conn, self.notice = recovery.open_store(self.path)
        self._conn.create_function("lede_fold", 1, highlights.fold_text, deterministic=True)
        # A second connection that only takes the write lock while a backup is taken (see backups).
        self._locker = db.connect(self.path, what=WHAT)
        self.warning: str | None = None
        self._dirty = False
        if self.notice is not None or backups.newest_readable(self.path, SCHEMA_VERSION) is None:
            self._refresh_backup()

    # -- plumbing: every domain step runs through one of these -------------------------------------

    def _write(self, fn: Callable[[sqlite3.Connection], T], *, backed_up: bool = True) -> T:
        """One transaction, then (unless ``backed_up`` is False) the backup, before returning.

        Returning is the acknowledgement, so the backup is refreshed first: a
        note the caller was told is saved is in the database and in the newest
        backup. Positions and session values (not the user's words, written
        as the cursor moves) wait for the next write or :meth:`close`.
        """
        with self._lock:
            result = db.write(self._conn, fn, what=WHAT)
            self._dirty = True
            if backed_up:
                self._refresh_backup()
            return result

    def _refresh_backup(self) -> None:
        """Refresh the backup; a failure is kept in ``warning`` (the write it follows is already saved)."""
        with self._lock:
            try:
                self.backup()
            except (OSError, StorageError, sqlite3.Error) as exc:
                reason = "disk full" if _is_disk_full(exc) else str(exc)
                self.warning = (
                    f"Saved, but the backup of the {WHAT} could not be refreshed ({reason}); "
                    "until it is, your notes are kept in one copy."
                )
                log.warning(self.warning)
                return
            self.warning = None
            self._dirty = False

    def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            return db.read(self._conn, fn, what=WHAT)

    def backup(self) -> Path:
        """Copy the database now to ``<name>.bak-v<schema>`` (rotating older generations); returns it.

        Taken while holding the write lock, so that no other window commits
        between the snapshot and the rename (see :mod:`reader.core.store.backups`).
        """
        with self._lock:
            try:
                with db.write_lock(self._locker, what=WHAT):
                    return db.retry_busy(
                        lambda: backups.refresh(self._conn, self.path, SCHEMA_VERSION), what=WHAT
                    )
            except OSError as exc:
                raise StorageError(f"Could not back up the {WHAT}: {exc}") from exc

    def close(self) -> None:
        """Refresh the backup if a write is not in it yet, then close."""
        with self._lock:
            if self._dirty:
                with contextlib.suppress(OSError, StorageError, sqlite3.Error):
                    self.backup()
                self._dirty = False
            self._locker.close()
            self._conn.close()

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- highlights (rules in reader.core.store.highlights) --------------------------------------------

    def add_highlight(
        self, source: str, article_id: str, article_text: str, start: int, end: int, color: int = 1
    ) -> Highlight:
        """Highlight ``article_text[start:end]``; overlapping highlights merge into the oldest."""
        highlights.check_span(article_text, start, end)
        highlights.check_color(color)
        return self._must(
            self._write(lambda c: highlights.add(c, source, article_id, article_text, start, end, color))
        )

    def _must(self, highlight_id: int) -> Highlight:
        found = self.highlight(highlight_id)
        if found is None:
            raise StorageError(f"Highlight {highlight_id} no longer exists.")
        return found

    def _update(self, highlight_id: int, assignments: str, params: tuple[object, ...]) -> Highlight:
        self._write(lambda c: highlights.update(c, highlight_id, assignments, params))
        return self._must(highlight_id)

    def remove_highlight(self, highlight_id: int) -> None:
        """Soft delete: the row stays (recoverable by hand) but is never listed again."""
        self._write(lambda c: highlights.update(c, highlight_id, "deleted = ?", (db.utc_now(),)))

    def set_highlight_note(self, highlight_id: int, text: str) -> Highlight:
        return self._update(highlight_id, "note = ?", (text,))

    def set_highlight_color(self, highlight_id: int, color: int) -> Highlight:
        highlights.check_color(color)
        return self._update(highlight_id, "color = ?", (color,))

    def set_highlight_tags(self, highlight_id: int, tags: Sequence[str]) -> Highlight:
        """Replace the tags (normalised: no ``#``, no spaces, case-insensitive duplicates dropped)."""
        clean = highlights.normalise_tags(tags)
        self._write(lambda c: highlights.set_tags(c, highlight_id, clean))
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
        """Live highlights of a source (or one article) by article id then start; filters run in SQL."""
        where, params = highlights.filters(
            source, article_id, include_orphans=include_orphans, color=color, tag=tag, text=text
        )
        return self._select(where, params)

    def orphans(self, source: str) -> list[Highlight]:
        """Highlights that re-anchoring could not place, for the user to re-attach or remove."""
        return self._select("h.source = ? AND h.orphan = 1 AND h.deleted IS NULL", [source])

    def highlight(self, highlight_id: int) -> Highlight | None:
        found = self._select("h.id = ? AND h.deleted IS NULL", [highlight_id])
        return found[0] if found else None

    def _select(self, where: str, params: Sequence[object]) -> list[Highlight]:
        # Both queries in one read transaction, so tags and highlights come from one snapshot.
        return self._read(lambda c: db.in_snapshot(c, lambda c: highlights.select(c, where, params)))

    def reattach(
        self, highlight_id: int, article_id: str, article_text: str, start: int, end: int
    ) -> Highlight:
        """Anchor a highlight (usually an orphan) on a span the user chose; merging may keep an older id."""
        highlights.check_span(article_text, start, end)
        return self._must(
            self._write(lambda c: highlights.reattach(c, highlight_id, article_id, article_text, start, end))
        )

    def all_tags(self, source: str) -> list[str]:
        """Every tag used on a live highlight of the source, sorted case-insensitively."""
        return self._read(lambda c: highlights.all_tags(c, source))

    # -- article notes and reading state ------------------------------------------------------------

    def set_article_note(self, source: str, article_id: str, text: str) -> Note:
        """Save the note on a whole article; blank text deletes it."""
        now = db.utc_now()
        self._write(lambda c: article_notes.set_note(c, source, article_id, text, now))
        return Note(article_id=article_id, text=text if text.strip() else "", updated=now)

    def article_note(self, source: str, article_id: str) -> Note | None:
        return self._read(lambda c: article_notes.note(c, source, article_id))

    def article_notes(self, source: str) -> list[Note]:
        return self._read(lambda c: article_notes.notes(c, source))

    def set_state(
        self, source: str, article_id: str, *, read: bool | None = None, starred: bool | None = None
    ) -> None:
        """Set read and/or starred; ``None`` leaves that flag as it was."""
        if read is None and starred is None:
            return
        r = None if read is None else int(read)
        s = None if starred is None else int(starred)
        self._write(lambda c: reading.set_state(c, source, article_id, r, s))

    def states(self, source: str) -> dict[str, tuple[bool, bool]]:
        """``article_id -> (read, starred)`` for every article with a recorded state."""
        return self._read(lambda c: reading.states(c, source))

    def set_position(self, source: str, article_id: str, paragraph: int) -> None:
        """Remember the paragraph the reading cursor was on, to return there next time."""
        if paragraph < 0:
            raise ValueError(f"a paragraph number cannot be negative ({paragraph})")
        self._write(lambda c: reading.set_position(c, source, article_id, paragraph), backed_up=False)

    def positions(self, source: str) -> dict[str, int]:
        """``article_id -> paragraph`` for every article with a remembered position."""
        return self._read(lambda c: reading.positions(c, source))

    def set_session(self, source: str, key: str, value: str) -> None:
        """Keep one small value for the next start, e.g. ``last_article``; replaces the old value."""
        self._write(lambda c: reading.set_session(c, source, key, value), backed_up=False)

    def session(self, source: str, key: str) -> str | None:
        return self._read(lambda c: reading.session(c, source, key))

    # -- saved searches and entity corrections ------------------------------------------------------

    def save_search(self, source: str, name: str, query: str) -> SavedSearch:
        """Save ``query`` under ``name`` (stripped); saving a name again replaces its query."""
        name = saved_searches.check(name, query)
        return self._write(lambda c: saved_searches.save(c, source, name, query))

    def saved_searches(self, source: str) -> list[SavedSearch]:
        """Ordered by name, case-insensitively (what a menu shows)."""
        return self._read(lambda c: saved_searches.saved(c, source))

    def delete_search(self, source: str, name: str) -> None:
        """Forget a saved search (it is one line the user can type again); unknown names are ignored."""
        self._write(lambda c: saved_searches.delete(c, source, name))

    def add_correction(
        self, source: str, kind: str, name: str, target: str = "", type: str = ""
    ) -> EntityCorrection:
        """Record a fix to the entity sidebar; ValueError for an unknown kind or a missing target/type."""
        name, target, type = corrections.check_correction(kind, name, target, type)
        return self._write(lambda c: corrections.insert(c, source, kind, name, target, type))

    def corrections(self, source: str) -> list[EntityCorrection]:
        """The live corrections of a source in the order they were made (the order to replay them)."""
        return self._read(lambda c: corrections.live(c, source))

    def remove_correction(self, correction_id: int) -> None:
        """Soft delete: the correction stops applying; the row stays, like a removed highlight."""
        self._write(lambda c: corrections.remove(c, correction_id))

    def set_cut(self, source: str, line: int, kind: str, paragraph: str) -> None:
        """Say an article starts ("start") or goes on ("join") at ``paragraph`` (text), on source line ``line``."""
        self._write(lambda c: cuts.set_cut(c, source, line, kind, paragraph))

    def clear_cut(self, source: str, line: int) -> bool:
        """Take back what was said at ``line`` (soft delete); False when nothing was."""
        return self._write(lambda c: cuts.clear(c, source, line))

    def cuts(self, source: str) -> dict[int, Cut]:
        """Line -> :class:`~reader.core.store.cuts.Cut` (kind, paragraph fingerprint): the cuts that stand."""
        return self._read(lambda c: cuts.live(c, source))

    # -- re-anchoring and import: the search runs outside the lock, the writes in one transaction ------

    def reanchor(self, source: str, articles: Mapping[str, str]) -> ReanchorReport:
        """Place every highlight of ``source`` again in the current texts; the unplaceable become orphans."""
        updates, report = reanchor.plan_reanchor(self.highlights(source), articles)
        if updates:
            self._write(lambda c: reanchor.apply_reanchor(c, updates))
        return report

    def import_annotations(
        self,
        source: str,
        items: Sequence[ImportedAnnotation],
        articles: Mapping[str, str],
        pages: Mapping[str, tuple[str, str]] | None = None,
        *,
        cuts_said: Sequence[tuple[int, str, str]] = (),
        session: Mapping[str, str] | None = None,
    ) -> ImportReport:
        """Add annotations read from a file, anchored in the current texts, in one transaction.

        ``pages`` (article id -> title, URL, in reading order) lets other tools' annotations,
        which name a web page rather than an article, find theirs. ``cuts_said`` are article
        cuts, ``(line, kind, paragraph text)``, each as if the reader said it here (a join where
        a start was made takes the start back); ``session`` values to set (key -> value). All
        of it lands or none does: a full disk never leaves half a file imported.
        """
        now = db.utc_now()
        plan = reanchor.plan_import(items, articles, pages)

        def write(c: sqlite3.Connection) -> ImportReport:
            report = reanchor.apply_import(c, source, plan, now)
            standing = cuts.live(c, source)
            for line, kind, paragraph in cuts_said:
                if kind == "join" and line in standing and standing[line].kind == "start":
                    cuts.clear(c, source, line)
                else:
                    cuts.set_cut(c, source, line, kind, paragraph)
            for key, value in (session or {}).items():
                reading.set_session(c, source, key, value)
            return report

        return self._write(write)
