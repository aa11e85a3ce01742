"""SQLite connection helper shared by the catalog and the annotation store.

Why one helper: the annotation database holds the only copy of what a user
wrote, so every connection must be opened the same careful way (WAL, a busy
timeout, foreign keys, full fsync), every write must run in one explicit
transaction that is retried when another Lede window holds the write lock,
and schema changes must be numbered, atomic and preceded by a backup.
Every ``sqlite3`` error is turned into :class:`StorageError` here, where it
happens, with a message a user can act on.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

from reader.core.errors import StorageError
from reader.core.store import backups

log = logging.getLogger(__name__)

T = TypeVar("T")
Migration = Callable[[sqlite3.Connection], None]

BUSY_TIMEOUT_MS = 5000
#: How long a write keeps retrying on "database is locked" beyond the busy timeout.
BUSY_GIVE_UP_S = 30.0

_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_NOTADB = 26

#: What a write that hit a full disk says: the transaction rolled back, so both halves are true.
DISK_FULL = "disk full: this note was not saved; nothing saved before was touched"


def utc_now() -> str:
    """ISO-8601 UTC with milliseconds, e.g. ``2024-05-01T09:30:00.123Z``; sorts as text."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _says(exc: sqlite3.Error, codes: tuple[int, ...], words: tuple[str, ...]) -> bool:
    """Whether SQLite's primary result code is one of ``codes``; by message where Python gives no code."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in codes
    msg = str(exc).lower()
    return any(w in msg for w in words)


def is_busy(exc: BaseException) -> bool:
    """True for SQLITE_BUSY/LOCKED, which mean "try again", never "your data is gone"."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    return _says(exc, (_SQLITE_BUSY, _SQLITE_LOCKED), ("locked", "busy"))


def is_corrupt(exc: BaseException) -> bool:
    """True when SQLite says the file is damaged or is not a database at all."""
    if not isinstance(exc, sqlite3.DatabaseError) or is_busy(exc):
        return False
    return _says(exc, (_SQLITE_CORRUPT, _SQLITE_NOTADB), ("malformed", "not a database"))


def is_full(exc: BaseException) -> bool:
    """True for SQLITE_FULL: the disk (or the page limit) is full; the file itself is sound."""
    return isinstance(exc, sqlite3.Error) and _says(exc, (_SQLITE_FULL,), ("disk is full",))


def is_ioerr(exc: BaseException) -> bool:
    """True for SQLITE_IOERR (and its extended codes): the OS failed a read or write, not the file."""
    return isinstance(exc, sqlite3.Error) and _says(exc, (_SQLITE_IOERR,), ("disk i/o error",))


def connect(
    path: Path, *, readonly: bool = False, what: str = "database", wal: bool = True
) -> sqlite3.Connection:
    """Open ``path`` in autocommit mode so that transactions are ours to delimit.

    ``isolation_level=None`` stops the sqlite3 module from opening implicit
    transactions (and from committing behind our back before DDL); the busy
    timeout makes a second writer wait instead of failing at once.
    """
    try:
        if readonly:
            uri = path.resolve().as_uri() + "?mode=ro"
            conn = sqlite3.connect(
                uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
        else:
            conn = sqlite3.connect(
                str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
    except sqlite3.Error as exc:
        raise StorageError(f"Cannot open the {what} at {path}: {exc}") from exc
    try:
        retry_busy(lambda: _configure(conn, wal=wal and not readonly), what=what)
    except BaseException:
        conn.close()
        raise
    return conn


def _configure(conn: sqlite3.Connection, *, wal: bool) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if wal:
        enable_wal(conn)


def enable_wal(conn: sqlite3.Connection) -> None:
    """WAL lets readers and one writer work at once; FULL puts a commit on disk before we say "saved".

    Switching to WAL rewrites the file header, which is why :func:`open_precious`
    does it only after deciding the file is one we may write.
    """
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def retry_busy(fn: Callable[[], T], *, what: str = "database") -> T:
    """Run ``fn``, retrying while SQLite reports the database busy or locked.

    The busy timeout already waits inside SQLite; this loop covers the cases
    where SQLite returns SQLITE_BUSY without calling the busy handler (a WAL
    snapshot gone stale, a checkpoint in progress) so that "database is
    locked" never reaches the user while another window is merely writing.
    """
    deadline = time.monotonic() + BUSY_GIVE_UP_S
    delay = 0.005
    while True:
        try:
            return fn()
        except sqlite3.Error as exc:
            if is_busy(exc) and time.monotonic() < deadline:
                time.sleep(delay)
                delay = min(delay * 2, 0.2)
                continue
            if is_busy(exc):
                raise StorageError(
                    f"The {what} stayed busy for {BUSY_GIVE_UP_S:.0f} s (another Lede window is writing); "
                    "try again."
                ) from exc
            if is_full(exc):
                raise StorageError(f"disk full: the {what} could not be written") from exc
            raise StorageError(f"The {what} could not be used: {exc}") from exc


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception.

    IMMEDIATE takes the write lock up front, so a transaction never fails half
    way when it upgrades from reading to writing.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def write(conn: sqlite3.Connection, fn: Callable[[sqlite3.Connection], T], *, what: str = "database") -> T:
    """Run ``fn`` in one transaction, retried as a whole when the database is busy."""

    def attempt() -> T:
        with transaction(conn):
            return fn(conn)

    try:
        return retry_busy(attempt, what=what)
    except StorageError as exc:
        if exc.__cause__ is not None and is_full(exc.__cause__):
            raise StorageError(DISK_FULL) from exc.__cause__
        raise


@contextmanager
def write_lock(conn: sqlite3.Connection, *, what: str = "database") -> Iterator[None]:
    """Hold the database's write lock (across processes) without writing, e.g. while taking a backup."""
    retry_busy(lambda: conn.execute("BEGIN IMMEDIATE"), what=what)
    try:
        yield
    finally:
        conn.execute("ROLLBACK")


def read(conn: sqlite3.Connection, fn: Callable[[sqlite3.Connection], T], *, what: str = "database") -> T:
    """Run a read (no explicit transaction), with the same busy retry and error wrapping."""
    return retry_busy(lambda: fn(conn), what=what)


def in_snapshot(conn: sqlite3.Connection, fn: Callable[[sqlite3.Connection], T]) -> T:
    """Run several reads in one deferred transaction: one consistent snapshot in WAL mode."""
    conn.execute("BEGIN")
    try:
        return fn(conn)
    finally:
        conn.execute("COMMIT")


def update_live(
    conn: sqlite3.Connection,
    table: str,
    row_id: int,
    assignments: str,
    params: Sequence[object],
    noun: str,
) -> None:
    """``UPDATE table SET assignments WHERE id = row_id`` on a row that is not soft-deleted.

    The user's rows are soft-deleted (``deleted`` holds the time) and never
    removed. A row that is gone (deleted here, or in another window) raises
    StorageError naming it, rather than silently changing nothing: the user
    pressed a key on something and must hear that it no longer exists.
    ``table`` and ``assignments`` are the caller's literals, never user text.
    """
    cur = conn.execute(
        f"UPDATE {table} SET {assignments} WHERE id = ? AND deleted IS NULL", (*params, row_id)
    )
    if cur.rowcount == 0:
        raise StorageError(f"{noun} {row_id} no longer exists.")


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def backup_to(conn: sqlite3.Connection, dest: Path) -> None:
    """Copy the live database to ``dest`` with SQLite's online backup API.

    The backup API copies a consistent snapshot even while WAL frames are
    pending, which a plain file copy would not. We write to a temporary name
    and rename, so a crash mid-backup never leaves a half-written backup.
    """
    backups.snapshot(conn, dest)


def migrate(
    conn: sqlite3.Connection,
    path: Path,
    migrations: Sequence[Migration],
    *,
    what: str,
    create: Migration | None = None,
) -> int:
    """Bring the schema to ``len(migrations)``; migration ``i`` (1-based) produces version ``i``.

    Each step runs in its own transaction together with the ``user_version``
    bump, so a crash leaves the file at a whole version. A database newer
    than this code is refused rather than guessed at. Before touching a file
    that already holds data, a copy is kept as ``<name>.bak-v<old version>``.
    ``create``, when given, lays out an empty file (version 0) at the newest
    version in one transaction instead of replaying every step.
    Returns the version found before migrating.
    """
    target = len(migrations)
    found = read(conn, user_version, what=what)
    if found > target:
        raise StorageError(
            f"The {what} at {path} was written by a newer version of Lede (schema v{found}; this version "
            f"knows up to v{target}). Update Lede to open it."
        )
    if found == target:
        return found
    if found > 0:
        bak = path.with_name(f"{path.name}.bak-v{found}")
        retry_busy(lambda: backup_to(conn, bak), what=what)
        log.info("backed up %s to %s before migrating", path, bak)
    if found == 0 and create is not None:

        def fresh(c: sqlite3.Connection, create: Migration = create) -> None:
            if user_version(c) == 0:  # re-read inside the write lock, as below
                create(c)
                c.execute(f"PRAGMA user_version = {target}")

        write(conn, fresh, what=what)
    for number, step in enumerate(migrations, start=1):

        def apply(c: sqlite3.Connection, number: int = number, step: Migration = step) -> None:
            # Re-read inside the write lock: another window may have migrated meanwhile.
            if user_version(c) >= number:
                return
            step(c)
            c.execute(f"PRAGMA user_version = {number}")

        write(conn, apply, what=what)
    return found


def integrity_ok(conn: sqlite3.Connection) -> bool:
    """``PRAGMA integrity_check`` says exactly ``ok``; a corrupt file raises or reports rows.

    Only SQLite's own verdict of damage (SQLITE_CORRUPT, SQLITE_NOTADB, or
    rows of problems) counts: a full disk, an I/O error, a lock or a missing
    write-ahead log is raised, because calling those "damaged" would set a
    sound file aside.
    """
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if not is_corrupt(exc):
            raise
        return False
    return [tuple(r) for r in rows] == [("ok",)]


def backups_of(path: Path) -> list[Path]:
    """Backups made by :func:`migrate` or after writes (every generation), newest first."""
    return backups.backups_of(path)


def set_aside(path: Path) -> Path:
    """Rename a damaged database (and its WAL/SHM) to ``<name>.corrupt-<timestamp>``; never delete it."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    if path.exists():
        os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + suffix))
    return aside


#: Rebuilds a damaged file: ``(path, aside)`` → the line telling the user what came back. It must
#: leave a database at ``path`` (or nothing, for a new one to be started).
Recover = Callable[[Path, Path], str]


def open_precious(
    path: Path,
    migrations: Sequence[Migration],
    *,
    what: str,
    create: Migration | None = None,
    recover: Recover | None = None,
) -> tuple[sqlite3.Connection, str | None]:
    """Open a database that holds user data: check integrity, recover, migrate.

    If the file is damaged it is kept aside as ``.corrupt-<timestamp>`` and
    ``recover`` rebuilds it (by default the newest backup is restored in its
    place); otherwise a fresh file is started (laid out by ``create`` when
    given, see :func:`migrate`). The second value is a one-line account of any
    such recovery, so the caller can tell the user instead of recovering
    silently. Anything that is not damage (a full disk, an I/O error, a
    missing write-ahead log) raises StorageError and leaves the file alone.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    notice: str | None = None
    conn = _probe(path, what)
    if conn is None:
        aside = set_aside(path)
        notice = (recover or _restore_newest(what))(path, aside)
        log.warning(notice)
        conn = connect(path, what=what, wal=False)
    try:
        found = read(conn, user_version, what=what)
        if found > len(migrations):
            migrate(conn, path, migrations, what=what)  # raises the "newer version" error
        retry_busy(lambda: enable_wal(conn), what=what)
        migrate(conn, path, migrations, what=what, create=create)
    except BaseException:
        conn.close()
        raise
    return conn, notice


def _restore_newest(what: str) -> Recover:
    def recover(path: Path, aside: Path) -> str:
        found = backups_of(path)
        if found:
            restore_from(found[0], path)
            return f"The {what} was damaged; it was kept as {aside.name} and the backup {found[0].name} was restored."
        return f"The {what} was damaged; it was kept as {aside.name} and a new one was started."

    return recover


def _not_damage(exc: StorageError, path: Path, what: str) -> StorageError:
    """The one-line error for a failure that is not damage; names a vanished write-ahead log."""
    cause = exc.__cause__
    wal, shm = path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")
    if cause is not None and is_ioerr(cause) and shm.exists() and not wal.exists():
        return StorageError(
            f"The {what}'s write-ahead log ({wal.name}) was deleted while another Lede window had it open; "
            "nothing was changed or set aside. Close every Lede window and open Lede again."
        )
    if cause is not None and is_ioerr(cause):
        return StorageError(
            f"I/O error reading the {what} at {path} ({cause}); nothing was changed or set aside."
        )
    return exc


def _probe(path: Path, what: str) -> sqlite3.Connection | None:
    """A configured connection if the file is a sound database (or absent), else None (damaged)."""
    try:
        conn = connect(path, what=what, wal=False)
    except StorageError as exc:
        if exc.__cause__ is not None and is_corrupt(exc.__cause__):
            return None
        raise _not_damage(exc, path, what) from exc.__cause__
    try:
        healthy = retry_busy(lambda: integrity_ok(conn), what=what)
    except StorageError as exc:
        conn.close()
        raise _not_damage(exc, path, what) from exc.__cause__
    except BaseException:
        conn.close()
        raise
    if healthy:
        return conn
    conn.close()
    return None


def restore_from(backup: Path, path: Path) -> None:
    """Copy ``backup`` to ``path`` through the backup API (never over an existing file)."""
    if path.exists():
        raise StorageError(f"Refusing to overwrite {path} while restoring a backup.")
    src = sqlite3.connect(str(backup))
    try:
        backup_to(src, path)
    finally:
        src.close()
