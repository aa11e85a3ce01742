"""Backups of the notes database: refreshed after every acknowledged write, in rotated generations.

Why after every write: a backup refreshed only at close (which a crash or a
kill never reaches) restores a snapshot from the first open, and that is how
notes "vanished" when the file was later damaged. Here a write returns to the
caller only after a snapshot holding it has been written through SQLite's
online backup API to a temporary file, fsynced and renamed over the newest
generation (so a crash mid-backup leaves the previous generation whole).

Why generations: the backup API copies pages as they are, so a page damaged
silently in the live file would be copied too. The newest backup
(``<name>.bak-v<schema>``) follows every write; ``.1`` keeps a snapshot at
least an hour older and ``.2`` one at least a day older, so recovery can fall
back past a backup that is itself unreadable.

Why a lock: two windows writing at once must not let the older snapshot land
last. The caller holds the database's write lock (``BEGIN IMMEDIATE`` on a
second connection) while the snapshot is taken and renamed, so snapshots are
taken in commit order and each one holds everything committed before it.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import threading
import time
from pathlib import Path

#: Minimum age of generation ``i`` (seconds) before the next older snapshot is pushed into it.
GENERATION_AGES = (0.0, 3600.0, 24 * 3600.0)


def generations(path: Path, version: int) -> list[Path]:
    """``[newest, .1, .2]`` for the database at ``path`` with schema ``version``."""
    newest = path.with_name(f"{path.name}.bak-v{version}")
    return [newest] + [newest.with_name(f"{newest.name}.{i}") for i in range(1, len(GENERATION_AGES))]


def backups_of(path: Path) -> list[Path]:
    """Every backup of ``path`` (generations and pre-migration copies), newest first."""
    pattern = re.compile(re.escape(path.name) + r"\.bak-v\d+(\.\d+)?$")
    if not path.parent.is_dir():
        return []
    found = [p for p in path.parent.iterdir() if pattern.match(p.name)]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def version_of(backup: Path) -> int:
    """The schema version a backup's name declares (``.bak-v3.1`` → 3)."""
    match = re.search(r"\.bak-v(\d+)(\.\d+)?$", backup.name)
    return int(match.group(1)) if match else 0


def _fsync(path: Path, flags: int) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush a file that SQLite wrote through its own handle (and closed), before it is renamed
    into place: a rename of unflushed pages can leave an empty database after a crash."""
    _fsync(path, os.O_RDWR)


def fsync_dir(folder: Path) -> None:
    """Make a rename durable: on POSIX the directory entry is only on disk after the folder is synced."""
    if os.name == "posix":
        _fsync(folder, os.O_RDONLY)


def snapshot(conn: sqlite3.Connection, dest: Path) -> None:
    """Copy the database behind ``conn`` to ``dest``: backup API → temp file → fsync → rename.

    The temporary copy is written without a journal and without SQLite's own
    syncs (it is not live until renamed) and fsynced once, which is what keeps
    the cost per write small.
    """
    tmp = dest.with_name(f"{dest.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    tmp.unlink(missing_ok=True)
    try:
        target = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            target.execute("PRAGMA journal_mode = OFF")
            target.execute("PRAGMA synchronous = OFF")
            conn.backup(target)
        finally:
            target.close()
        fsync_file(tmp)
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(dest.parent)


def _make_room(gens: list[Path], i: int, newer: float) -> bool:
    """Free slot ``i`` for a snapshot taken at ``newer``; False when slot ``i`` must keep what it has.

    A slot gives way only to a snapshot at least its age newer; what it held
    moves one slot down if that slot takes it, else it is dropped.
    """
    if i >= len(gens):
        return False
    current = gens[i]
    if current.exists():
        held = current.stat().st_mtime
        if newer - held < GENERATION_AGES[i]:
            return False
        if _make_room(gens, i + 1, held):
            os.replace(current, gens[i + 1])
    return True


def refresh(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Write a new newest generation, first pushing older ones down when they are due.

    The caller holds the write lock (see the module docstring). The new
    snapshot is complete on disk before any generation is renamed, so a
    failure (a full disk) leaves every existing generation as it was.
    """
    gens = generations(path, version)
    staged = gens[0].with_name(f"{gens[0].name}.new")
    snapshot(conn, staged)
    _make_room(gens, 0, time.time())  # slot 0 always gives way (age 0)
    os.replace(staged, gens[0])
    fsync_dir(path.parent)
    return gens[0]


def readable(backup: Path) -> bool:
    """Whether a backup opens and passes ``PRAGMA quick_check`` (read-only, nothing written)."""
    try:
        conn = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return False
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        return [tuple(r) for r in rows] == [("ok",)]
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def newest_readable(path: Path, version: int | None = None) -> Path | None:
    """The newest backup that is sound (of schema ``version`` when given), else None."""
    for backup in backups_of(path):
        if version is not None and version_of(backup) != version:
            continue
        if readable(backup):
            return backup
    return None
