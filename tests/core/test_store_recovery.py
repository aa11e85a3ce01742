"""Faults injected for real on the notes database, and what the user sees afterwards (issue 15.1).

Each case writes 16 notes (8 article notes, 8 highlights with a note) from a
separate process, acknowledged one by one, then damages the file the way it
happens in the field and reopens it. The promise: no acknowledged note is
lost, the user is told what came back, and a fault that is not damage (a full
disk, a deleted write-ahead log) never sets a sound file aside.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from reader.core.errors import StorageError
from reader.core.store import backups, db
from reader.core.store.annotations import AnnotationStore
from reader.core.store.annotations_schema import SCHEMA_VERSION

TEXT = (
    "Armenia’s Prime Minister Nikol Pashinyan has claimed the evacuation was an act of ethnic cleansing. " * 3
)
CTX = multiprocessing.get_context("fork")


def _note(i: int) -> str:
    return f"note C{i} " + "words worth keeping " * 15


def _writer(path: str, pipe: Connection, extra: int) -> None:
    """Child: 16 notes, acknowledged one by one; then on request ``extra`` more; close when told."""
    store = AnnotationStore(Path(path))
    for i in range(16):
        if i % 2:
            store.set_article_note("src", f"a{i}", _note(i))
        else:
            h = store.add_highlight("src", f"a{i}", TEXT, i * 5, i * 5 + 4)
            store.set_highlight_note(h.id, _note(i))
        pipe.send(i)
    order = pipe.recv()
    for i in range(16, 16 + extra):
        store.set_article_note("src", f"a{i}", _note(i))
        pipe.send(i)
    if order == "close":
        store.close()
        pipe.send("closed")
    elif order == "checkpoint-then-kill":
        # What SQLite's auto-checkpoint does on its own: the pages reach the main file, so that a
        # fault injected there hits the notes; close() (the old backup trigger) is never reached.
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pipe.send("checkpointed")
    pipe.recv()  # wait to be killed


def _write(
    path: Path, *, kill: bool, extra: int = 0, before_extra: object = None, checkpoint: bool = False
) -> list[int]:
    """Run the writer; SIGKILL it (no close) or let it close first. Returns the acks."""
    parent, child = CTX.Pipe()
    proc = CTX.Process(target=_writer, args=(str(path), child, extra), daemon=True)
    proc.start()
    acks = [parent.recv() for _ in range(16)]
    if callable(before_extra):
        before_extra()
    parent.send(("checkpoint-then-kill" if checkpoint else "kill") if kill else "close")
    acks += [parent.recv() for _ in range(extra)]
    if not kill:
        assert parent.recv() == "closed"
    elif checkpoint:
        assert parent.recv() == "checkpointed"
    assert proc.pid is not None
    os.kill(proc.pid, signal.SIGKILL)
    proc.join()
    return acks


def _visible(store: AnnotationStore) -> dict[str, str]:
    """What the notes panel shows: article id → note text, for highlights and article notes alike."""
    seen = {h.article_id: h.note for h in store.highlights("src")}
    seen.update({n.article_id: n.text for n in store.article_notes("src")})
    return seen


def _expected(n: int = 16) -> dict[str, str]:
    return {f"a{i}": _note(i) for i in range(n)}


def _garbage_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    mid = len(data) // 2
    data[mid : mid + 4096] = random.Random(15).randbytes(4096)
    path.write_bytes(bytes(data))


def _garbage_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = random.Random(1).randbytes(100)
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    with path.open("r+b") as f:
        f.truncate(0)


FAULTS = {
    "4 KB garbage in the middle": _garbage_middle,
    "garbage header": _garbage_header,
    "truncated to 0 bytes": _truncate,
    "deleted": Path.unlink,
}


@pytest.mark.parametrize("kill", [False, True], ids=["closed", "killed"])
@pytest.mark.parametrize("fault", list(FAULTS))
def test_no_acknowledged_note_is_lost_when_the_file_is_damaged(
    tmp_path: Path, fault: str, kill: bool
) -> None:
    path = tmp_path / "annotations.sqlite"
    assert _write(path, kill=kill, checkpoint=True) == list(range(16))
    FAULTS[fault](path)
    store = AnnotationStore(path)
    assert _visible(store) == _expected()
    assert store.notice is not None and "restored 16 notes" in store.notice
    if fault in ("4 KB garbage in the middle", "garbage header"):
        [aside] = tmp_path.glob("annotations.sqlite.corrupt-*[!lm]")
        assert "damaged" in store.notice and str(aside) in store.notice
    else:
        assert ("missing" if fault == "deleted" else "empty") in store.notice
    store.set_article_note("src", "after", "the store works again")
    store.close()
    again = AnnotationStore(path)
    assert again.notice is None and len(_visible(again)) == 17
    again.close()


def test_the_salvage_reads_the_damaged_file_and_the_backup_fills_the_gaps(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    _write(path, kill=False)
    # Two notes the damaged file lost (they are only in the backup), then a garbage header.
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM article_note WHERE article_id IN ('a1', 'a3')")
    conn.commit()
    conn.close()
    _garbage_header(path)
    store = AnnotationStore(path)
    assert _visible(store) == _expected()
    assert store.notice is not None
    assert (
        f"restored 16 notes — 14 from the damaged file, 2 from the backup annotations.sqlite.bak-v{SCHEMA_VERSION}"
        in store.notice
    )
    store.close()


def test_a_damaged_file_without_any_backup_is_salvaged_row_by_row(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    _write(path, kill=False)
    for b in backups.backups_of(path):
        b.unlink()
    _garbage_header(path)
    store = AnnotationStore(path)
    assert _visible(store) == _expected()
    assert (
        store.notice is not None
        and "restored 16 notes from the damaged file (no backup was found)" in store.notice
    )
    store.close()


def test_a_newer_edit_in_the_damaged_file_beats_the_older_backup_copy(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    _write(path, kill=False)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE article_note SET text = 'edited later', updated = '2999-01-01T00:00:00.000Z'")
    conn.commit()
    conn.close()
    _garbage_header(path)
    store = AnnotationStore(path)
    assert {n.text for n in store.article_notes("src")} == {"edited later"}
    store.close()


def test_a_deleted_wal_is_reported_not_treated_as_damage_and_its_notes_come_back(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    wal = path.with_name(path.name + "-wal")
    refused: list[str] = []

    def delete_wal_and_open_a_second_writer() -> None:
        wal.unlink()
        with pytest.raises(StorageError) as err:
            AnnotationStore(path)
        refused.append(str(err.value))

    # The first writer keeps running (4 more acknowledged notes) after its WAL vanished, then dies.
    acks = _write(path, kill=True, extra=4, before_extra=delete_wal_and_open_a_second_writer)
    assert acks == list(range(20))
    assert len(refused) == 1 and "nothing was changed or set aside" in refused[0]
    assert not list(tmp_path.glob("*.corrupt-*"))
    store = AnnotationStore(path)
    assert _visible(store) == _expected(20)
    assert store.notice is not None and "put back from the backup" in store.notice
    store.close()


def test_a_full_disk_refuses_the_write_and_keeps_everything_saved_before(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    _write(path, kill=False)
    store = AnnotationStore(path)
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite now answers SQLITE_FULL
    with pytest.raises(StorageError) as err:
        store.set_article_note("src", "big", "a long note " * 5000)
    assert str(err.value) == "disk full: this note was not saved; nothing saved before was touched"
    assert _visible(store) == _expected()
    store.close()
    again = AnnotationStore(path)
    assert again.notice is None and _visible(again) == _expected()
    assert not list(tmp_path.glob("*.corrupt-*"))
    again.close()


def test_a_full_disk_while_opening_never_sets_a_sound_file_aside(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "annotations.sqlite"
    _write(path, kill=False)

    def full(_conn: sqlite3.Connection) -> bool:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(db, "integrity_ok", full)
    with pytest.raises(StorageError, match="disk full"):
        AnnotationStore(path)
    monkeypatch.undo()
    assert not list(tmp_path.glob("*.corrupt-*"))
    store = AnnotationStore(path)
    assert store.notice is None and _visible(store) == _expected()
    store.close()


def test_a_backup_that_cannot_be_written_leaves_the_saved_note_and_says_so(
    tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "annotations.sqlite"
    store = AnnotationStore(path)
    store.set_article_note("src", "a1", "first")
    newest = backups.generations(path, SCHEMA_VERSION)[0]
    before = newest.read_bytes()

    def no_space(_conn: sqlite3.Connection, _dest: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "snapshot", no_space)
    store.set_article_note("src", "a2", "second")  # saved: the write itself succeeded
    assert store.warning is not None and "disk full" in store.warning
    assert newest.read_bytes() == before
    monkeypatch.undo()
    store.set_article_note("src", "a3", "third")
    assert store.warning is None
    store.close()


def test_the_backup_holds_every_acknowledged_write_without_a_close(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    _write(path, kill=True)
    newest = backups.generations(path, SCHEMA_VERSION)[0]
    conn = sqlite3.connect(f"{newest.as_uri()}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM article_note").fetchone()[0] == 8
    assert conn.execute("SELECT count(*) FROM highlight WHERE note LIKE 'note C%'").fetchone()[0] == 8
    conn.close()


def test_older_generations_are_kept_an_hour_and_a_day_apart(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    store = AnnotationStore(path)
    gens = backups.generations(path, SCHEMA_VERSION)
    store.set_article_note("src", "a1", "one")
    assert gens[1].exists()  # the first snapshot, pushed down once
    old = gens[1].stat().st_mtime - 2 * 24 * 3600
    os.utime(gens[1], (old, old))
    store.set_article_note("src", "a2", "two")
    assert gens[2].exists() and gens[2].stat().st_mtime == old
    first = gens[1].read_bytes()
    store.set_article_note("src", "a3", "three")
    assert gens[1].read_bytes() == first  # not an hour old yet: kept
    store.close()
