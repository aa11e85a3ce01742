"""Getting the user's notes back from a damaged, emptied or stale notes database.

Why salvage and merge rather than "restore the backup": the damaged file may
hold writes the backup lacks (a write whose backup failed, a window killed
between commit and backup), and the backup holds writes the damaged file lost
(the damaged pages, a deleted write-ahead log). So recovery reads every row it
still can from the damaged file — on a copy, never on the kept original; with
the file header, then the whole first page, taken from the backup when SQLite
cannot open it; table by table in rowid order, jumping past unreadable pages —
then adds the newest backup's rows on top: union by identity, the newer
``updated`` wins, ties keep the damaged file's row. The rules per table live in
:data:`reader.core.store.annotations_schema.MERGE_RULES`.

Everything here works on files and short-lived connections; the store opens
the result through :func:`reader.core.store.db.open_precious` like any file.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reader.core.store import backups, db
from reader.core.store.annotations_schema import MERGE_RULES, MIGRATIONS, SCHEMA_VERSION, create_current

log = logging.getLogger(__name__)

Row = tuple[object, ...]
WHAT = "notes database"
_LOW = -(2**63)
_HEADER = 100


@dataclass
class Rows:
    """What could be read from one file: rows per table, and the tables read only in part."""

    tables: dict[str, list[Row]] = field(default_factory=dict)
    partial: set[str] = field(default_factory=set)

    def notes(self) -> int:
        return _count_notes(self.tables)


@cache
def columns() -> dict[str, tuple[tuple[str, str, bool], ...]]:
    """``table -> ((name, declared type, not null), …)`` in the current schema, from the schema itself."""
    mem = sqlite3.connect(":memory:")
    try:
        create_current(mem)
        return {
            table: tuple(
                (r[1], str(r[2]).upper(), bool(r[3])) for r in mem.execute(f'PRAGMA table_info("{table}")')
            )
            for table, _key, _newer in MERGE_RULES
        }
    finally:
        mem.close()


def _count_notes(tables: dict[str, list[Row]]) -> int:
    """Live highlights plus article notes: what the user counts as their notes."""
    names = [c[0] for c in columns()["highlight"]]
    deleted = names.index("deleted")
    return sum(1 for r in tables.get("highlight", []) if r[deleted] is None) + len(
        tables.get("article_note", [])
    )


def _fits(table: str, row: Row) -> bool:
    """Reject what a garbage page could decode to: wrong types or a NULL where the schema forbids it."""
    for value, (_name, kind, notnull) in zip(row, columns()[table], strict=True):
        if value is None:
            if notnull:
                return False
        elif not isinstance(value, {"INTEGER": int, "TEXT": str}.get(kind, object)):
            return False
    return True


def _key_column(table: str) -> str:
    # WITHOUT ROWID tables are walked by their first key column; every other table by rowid.
    return "highlight_id" if table == "highlight_tag" else "rowid"


def _scan(conn: sqlite3.Connection, table: str) -> tuple[list[Row], bool]:
    """Every readable row of ``table`` in key order, jumping past what raises; ``(rows, partial)``."""
    key = _key_column(table)
    names = ", ".join(f'"{c[0]}"' for c in columns()[table])
    sql = f'SELECT {key}, {names} FROM "{table}" NOT INDEXED WHERE {key} > ? ORDER BY {key}'
    probe = f'SELECT {key} FROM "{table}" NOT INDEXED WHERE {key} > ? ORDER BY {key} LIMIT 1'
    rows: list[Row] = []
    last, partial = _LOW, False
    for _attempt in range(10_000):
        try:
            for found in conn.execute(sql, (last,)):
                row = tuple(found[1:])
                if _fits(table, row):
                    rows.append(row)
                else:
                    partial = True
                last = found[0]
            return rows, partial
        except sqlite3.DatabaseError:
            partial = True
            nxt = _next_readable(conn, probe, last)
            if nxt is None:
                return rows, partial
            last = nxt
    return rows, True


def _next_readable(conn: sqlite3.Connection, probe: str, last: int) -> int | None:
    """The smallest bound past ``last`` from which reading works again (doubling, then bisecting)."""

    def works(bound: int) -> bool:
        try:
            conn.execute(probe, (bound,)).fetchall()
            return True
        except sqlite3.DatabaseError:
            return False

    step = 1
    while last + step < 2**62:
        if works(last + step):
            lo, hi = last + step // 2, last + step  # lo failed (or is last), hi works
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (lo, mid) if works(mid) else (mid, hi)
            return hi
        step *= 2
    return None


def read_rows(conn: sqlite3.Connection) -> Rows:
    """Every table of the current schema that exists with the current columns, row by row."""
    out = Rows()
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, _key, _newer in MERGE_RULES:
        if table not in present:
            continue
        have = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
        if have != [c[0] for c in columns()[table]]:
            continue  # an older layout: leave it to the backup and the migrations
        rows, partial = _scan(conn, table)
        out.tables[table] = rows
        if partial:
            out.partial.add(table)
    return out


def read_backup(backup: Path) -> Rows:
    conn = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return read_rows(conn)
    finally:
        conn.close()


def _variants(data: bytes, reference: bytes | None) -> Iterator[bytes]:
    """The damaged bytes as they are, then with the header, then page 1, from a sound file."""
    yield data
    if reference is None or len(reference) < _HEADER:
        return
    page = int.from_bytes(reference[16:18], "big")
    page = 65536 if page == 1 else page
    pages = max(1, -(-len(data) // page)).to_bytes(4, "big")
    header = bytearray(reference[:_HEADER])
    header[18:20] = b"\x01\x01"  # no WAL: the copy is read on its own
    header[28:32] = pages
    header[92:96] = header[24:28]  # make the page count trusted
    yield bytes(header) + data[_HEADER:]
    if len(reference) >= page:
        first = bytearray(reference[:page])
        first[:_HEADER] = header
        yield bytes(first) + data[page:]


def _fresh_reference() -> bytes:
    """The first page of an empty current-schema file: a header to try when there is no backup."""
    with tempfile.TemporaryDirectory(prefix="lede-ref-") as tmp:
        ref = Path(tmp) / "ref.sqlite"
        conn = sqlite3.connect(ref)
        create_current(conn)
        conn.commit()
        conn.close()
        return ref.read_bytes()


def salvage(damaged: Path, reference: Path | None) -> Rows:
    """Every row still readable in ``damaged`` (and its ``-wal``), read from copies in a temp folder."""
    if not damaged.exists() or damaged.stat().st_size == 0:
        return Rows()
    data = damaged.read_bytes()
    ref = reference.read_bytes()[:65536] if reference is not None else _fresh_reference()
    wal = damaged.with_name(damaged.name + "-wal")
    best = Rows()
    with tempfile.TemporaryDirectory(prefix="lede-salvage-") as tmp:
        for n, variant in enumerate(_variants(data, ref)):
            copy = Path(tmp) / f"v{n}.sqlite"
            copy.write_bytes(variant)
            if n == 0 and wal.exists():
                shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
            try:
                conn = sqlite3.connect(copy, isolation_level=None)
            except sqlite3.Error:
                continue
            try:
                found = read_rows(conn)
            except sqlite3.Error:
                continue
            finally:
                conn.close()
            if found.notes() > best.notes() or (not best.tables and found.tables):
                best = found
            if found.tables and not found.partial:
                break
    return best


def _upsert_sql(table: str, key: tuple[str, ...], newer: str) -> str:
    names = [c[0] for c in columns()[table]]
    cols = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" for _ in names)
    sets = ", ".join(f'"{n}" = excluded."{n}"' for n in names if n not in key)
    return (
        f'INSERT INTO "{table}" ({cols}) VALUES ({marks}) ON CONFLICT({", ".join(key)}) DO UPDATE SET {sets} '
        f'WHERE coalesce(excluded."{newer}", \'\') > coalesce("{table}"."{newer}", \'\')'
    )


def merge_into(conn: sqlite3.Connection, incoming: Rows, *, base_partial: set[str]) -> int:
    """Add ``incoming`` rows where missing or newer; returns how many of the user's notes it supplied.

    Runs inside the caller's transaction. A highlight taken from ``incoming``
    brings its tags; one kept from the base gets ``incoming``'s tags too when
    the base's tag table could be read only in part and the rows agree.
    """
    supplied = 0
    names = [c[0] for c in columns()["highlight"]]
    deleted_at, updated_at = names.index("deleted"), names.index("updated")
    taken: set[int] = set()
    for table, key, newer in MERGE_RULES:
        if table == "highlight_tag" or table not in incoming.tables:
            continue
        sql = _upsert_sql(table, key, newer)
        for row in incoming.tables[table]:
            if conn.execute(sql, row).rowcount != 1:
                continue
            if table == "highlight":
                taken.add(int(str(row[0])))
                supplied += row[deleted_at] is None
            elif table == "article_note":
                supplied += 1
    stamps = {int(str(r[0])): r[updated_at] for r in incoming.tables.get("highlight", [])}
    for hid in taken:
        conn.execute("DELETE FROM highlight_tag WHERE highlight_id = ?", (hid,))
    for raw_id, tag in incoming.tables.get("highlight_tag", []):
        hid = int(str(raw_id))
        if hid not in taken:
            if "highlight_tag" not in base_partial:
                continue
            row = conn.execute("SELECT updated FROM highlight WHERE id = ?", (hid,)).fetchone()
            if row is None or row[0] != stamps.get(hid):
                continue
        conn.execute("INSERT OR IGNORE INTO highlight_tag(highlight_id, tag) VALUES (?, ?)", (hid, tag))
    return supplied


@dataclass(frozen=True)
class Rebuilt:
    """The outcome of a rebuild, for the message the user reads."""

    total: int
    from_damaged: int
    from_backup: int
    backup: Path | None


def rebuild(path: Path, damaged: Path | None, backup: Path | None) -> Rebuilt:
    """Write a new database at ``path`` (which must not exist) from the salvage of ``damaged`` and ``backup``."""
    salvaged = salvage(damaged, backup) if damaged is not None else Rows()
    saved = read_backup(backup) if backup is not None else Rows()
    tmp = path.with_name(f"{path.name}.rebuild-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        conn.execute("BEGIN")
        create_current(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        merge_into(conn, salvaged, base_partial=set())
        from_backup = merge_into(conn, saved, base_partial=salvaged.partial)
        total = _count_live(conn)
        conn.execute("COMMIT")
    finally:
        conn.close()
    backups.fsync_file(tmp)
    if path.exists():
        tmp.unlink()
        raise FileExistsError(f"Refusing to overwrite {path} while recovering it.")
    os.replace(tmp, path)
    backups.fsync_dir(path.parent)
    return Rebuilt(total, total - from_backup, from_backup, backup)


def _count_live(conn: sqlite3.Connection) -> int:
    live = conn.execute("SELECT count(*) FROM highlight WHERE deleted IS NULL").fetchone()[0]
    return int(live) + int(conn.execute("SELECT count(*) FROM article_note").fetchone()[0])


def _signature(conn: sqlite3.Connection) -> dict[str, tuple[int, str]]:
    """Per table: row count and newest stamp — enough to see that a backup holds something newer."""
    out = {}
    for table, _key, newer in MERGE_RULES:
        with contextlib.suppress(sqlite3.Error):
            row = conn.execute(f'SELECT count(*), max(coalesce("{newer}", \'\')) FROM "{table}"').fetchone()
            out[table] = (int(row[0]), str(row[1] or ""))
    return out


def catch_up(
    conn: sqlite3.Connection, backup: Path, write: Callable[[Callable[[sqlite3.Connection], int]], int]
) -> int:
    """Put back what a sound but stale file lacks and the backup holds (a lost write-ahead log).

    Cheap when there is nothing to do: counts and newest stamps are compared
    first, and rows are only read when the backup is ahead somewhere.
    """
    ref = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        theirs = _signature(ref)
    finally:
        ref.close()
    ours = _signature(conn)
    if not any(t[0] > ours.get(k, (0, ""))[0] or t[1] > ours.get(k, (0, ""))[1] for k, t in theirs.items()):
        return 0
    saved = read_backup(backup)
    return write(lambda c: merge_into(c, saved, base_partial=set()))


def _recover(path: Path, aside: Path) -> str:
    """``db.Recover`` for the notes database: salvage ``aside``, merge the newest backup, say what came back."""
    backup = backups.newest_readable(path, SCHEMA_VERSION)
    older = None if backup is not None else backups.newest_readable(path)
    if older is not None and backup is None:
        db.restore_from(older, path)  # an older schema: the migrations take it from here
        return f"The {WHAT} was damaged; it was kept at {aside} and the backup {older.name} was restored."
    try:
        done = rebuild(path, aside, backup)
    except (sqlite3.Error, OSError) as exc:
        log.warning("salvaging %s failed: %s", aside, exc)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        if backup is None:
            return f"The {WHAT} was damaged; it was kept at {aside} and a new one was started."
        db.restore_from(backup, path)
        return f"The {WHAT} was damaged; it was kept at {aside} and the backup {backup.name} was restored."
    if done.total == 0 and backup is None:
        return f"The {WHAT} was damaged and nothing could be read from it; it was kept at {aside} and a new one was started."
    if backup is None:
        return (
            f"The {WHAT} was damaged: restored {done.total} notes from the damaged file (no backup was found); "
            f"the damaged file was kept at {aside}."
        )
    return (
        f"The {WHAT} was damaged: restored {done.total} notes — {done.from_damaged} from the damaged file, "
        f"{done.from_backup} from the backup {backup.name}; the damaged file was kept at {aside}."
    )


def open_store(path: Path) -> tuple[sqlite3.Connection, str | None]:
    """Open the notes database, recovering whatever way it was lost; the line to show, if any.

    A missing or empty file with a backup is rebuilt from the backup (what an
    empty file's ``-wal`` still holds is salvaged too); a damaged one goes
    through :func:`_recover`; a sound one that is behind its backup (its
    write-ahead log was deleted under a running window) gets the missing rows
    back. Anything that is not damage raises StorageError from ``db``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    notice: str | None = None
    backup = backups.newest_readable(path, SCHEMA_VERSION)
    if backup is not None and (not path.exists() or path.stat().st_size == 0):
        state = "empty" if path.exists() else "missing"
        side = [path.with_name(path.name + s) for s in ("-wal", "-shm")]
        aside = db.set_aside(path) if path.exists() or any(p.exists() for p in side) else None
        done = rebuild(path, aside, backup)
        notice = f"The {WHAT} was {state}: restored {done.total} notes from the backup {backup.name}"
        notice += f"; the old file was kept at {aside}." if aside is not None else "."
        log.warning(notice)
    conn, damaged = db.open_precious(path, MIGRATIONS, what=WHAT, create=create_current, recover=_recover)
    notice = damaged or notice
    if notice is None and backup is not None:
        try:
            back = catch_up(conn, backup, lambda fn: db.write(conn, fn, what=WHAT))
        except BaseException:
            conn.close()
            raise
        if back:
            notice = (
                f"{back} notes were missing from the {WHAT} (its latest writes were lost) and were put back "
                f"from the backup {backup.name}."
            )
            log.warning(notice)
    return conn, notice
