"""The careful open: migrations, refusing newer files, backups, corruption recovery, concurrency."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from reader.core.errors import StorageError
from reader.core.store import db
from reader.core.store.annotations import AnnotationStore
from reader.core.store.annotations_schema import SCHEMA_VERSION

TEXT = "Armenia’s Prime Minister Nikol Pashinyan has claimed the evacuation was an act of ethnic cleansing."

# The v1 layout exactly as the first release wrote it, spelled out here on purpose: the test must not
# depend on the code it checks to build its "old" fixture.
V1 = (
    """CREATE TABLE highlight (id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL,
       article_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, exact TEXT NOT NULL,
       prefix TEXT NOT NULL DEFAULT '', suffix TEXT NOT NULL DEFAULT '', color INTEGER NOT NULL DEFAULT 1,
       note TEXT NOT NULL DEFAULT '', tags TEXT NOT NULL DEFAULT '', created TEXT NOT NULL,
       updated TEXT NOT NULL, deleted TEXT)""",
    "CREATE INDEX highlight_by_article ON highlight(source, article_id, start)",
    """CREATE TABLE article_note (source TEXT NOT NULL, article_id TEXT NOT NULL, text TEXT NOT NULL,
       updated TEXT NOT NULL, PRIMARY KEY (source, article_id))""",
    """CREATE TABLE article_state (source TEXT NOT NULL, article_id TEXT NOT NULL,
       read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0, updated TEXT NOT NULL,
       PRIMARY KEY (source, article_id))""",
)


def make_v1(path: Path) -> None:
    conn = sqlite3.connect(path)
    for stmt in V1:
        conn.execute(stmt)
    conn.execute(
        """INSERT INTO highlight(source, article_id, start, "end", exact, prefix, suffix, color, note, tags,
           created, updated) VALUES ('src', 'a1', 25, 40, 'Nikol Pashinyan', 'Armenia’s Prime Minister ',
           ' has claimed', 3, 'the PM', 'Armenia, #politics ,politics', '2023-10-01T10:00:00.000Z',
           '2023-10-01T10:00:00.000Z')"""
    )
    conn.execute("INSERT INTO article_note VALUES ('src', 'a1', 'old note', '2023-10-01T10:00:00.000Z')")
    conn.execute("INSERT INTO article_state VALUES ('src', 'a1', 1, 0, '2023-10-01T10:00:00.000Z')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def test_a_v1_database_is_migrated_with_its_data_and_backed_up_first(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    make_v1(path)
    with AnnotationStore(path) as store:
        [h] = store.highlights("src")
        assert (h.id, h.article_id, h.start, h.end, h.exact, h.color, h.note) == (
            1,
            "a1",
            25,
            40,
            "Nikol Pashinyan",
            3,
            "the PM",
        )
        assert h.tags == ("Armenia", "politics")
        assert h.orphan is False
        assert store.article_note("src", "a1") == store.article_notes("src")[0]
        assert store.states("src") == {"a1": (True, False)}
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    columns = {r[1] for r in conn.execute("PRAGMA table_info(highlight)")}
    assert "tags" not in columns and "orphan" in columns
    conn.close()
    bak = sqlite3.connect(tmp_path / "annotations.sqlite.bak-v1")
    assert bak.execute("PRAGMA user_version").fetchone()[0] == 1
    assert bak.execute("SELECT tags FROM highlight").fetchone()[0] == "Armenia, #politics ,politics"
    bak.close()


# The v2 layout exactly as the second release left it (tags in their own table, ``orphan`` on highlights),
# again spelled out rather than built by the code under test.
V2 = (
    """CREATE TABLE highlight (id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL,
       article_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, exact TEXT NOT NULL,
       prefix TEXT NOT NULL DEFAULT '', suffix TEXT NOT NULL DEFAULT '', color INTEGER NOT NULL DEFAULT 1,
       note TEXT NOT NULL DEFAULT '', created TEXT NOT NULL, updated TEXT NOT NULL, deleted TEXT,
       orphan INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX highlight_by_article ON highlight(source, article_id, start)",
    """CREATE TABLE article_note (source TEXT NOT NULL, article_id TEXT NOT NULL, text TEXT NOT NULL,
       updated TEXT NOT NULL, PRIMARY KEY (source, article_id))""",
    """CREATE TABLE article_state (source TEXT NOT NULL, article_id TEXT NOT NULL,
       read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0, updated TEXT NOT NULL,
       PRIMARY KEY (source, article_id))""",
    """CREATE TABLE highlight_tag (highlight_id INTEGER NOT NULL REFERENCES highlight(id) ON DELETE CASCADE,
       tag TEXT NOT NULL COLLATE NOCASE, PRIMARY KEY (highlight_id, tag)) WITHOUT ROWID""",
    "CREATE INDEX highlight_tag_by_tag ON highlight_tag(tag)",
)
STAMP = "2024-02-01T10:00:00.000Z"


def make_v2(path: Path) -> None:
    conn = sqlite3.connect(path)
    for stmt in V2:
        conn.execute(stmt)
    conn.execute(
        """INSERT INTO highlight(source, article_id, start, "end", exact, prefix, suffix, color, note, created,
           updated, orphan) VALUES ('src', 'a1', 25, 40, 'Nikol Pashinyan', 'Armenia’s Prime Minister ',
           ' has claimed', 3, 'the PM', ?, ?, 0)""",
        (STAMP, STAMP),
    )
    conn.execute(
        """INSERT INTO highlight(source, article_id, start, "end", exact, color, note, created, updated,
           orphan) VALUES ('src', 'gone', 0, 7, 'Armenia', 2, 'lost one', ?, ?, 1)""",
        (STAMP, STAMP),
    )
    conn.execute(
        """INSERT INTO highlight(source, article_id, start, "end", exact, created, updated, deleted)
           VALUES ('src', 'a1', 0, 7, 'Armenia', ?, ?, ?)""",
        (STAMP, STAMP, STAMP),
    )
    conn.executemany("INSERT INTO highlight_tag VALUES (?, ?)", [(1, "people"), (1, "Armenia"), (2, "lost")])
    conn.execute("INSERT INTO article_note VALUES ('src', 'a1', 'v2 note', ?)", (STAMP,))
    conn.execute("INSERT INTO article_state VALUES ('src', 'a1', 1, 1, ?)", (STAMP,))
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def test_a_v2_database_gains_the_v3_and_v4_tables_and_keeps_every_annotation(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    make_v2(path)
    with AnnotationStore(path) as store:
        assert [
            (h.id, h.article_id, h.exact, h.color, h.note, h.tags, h.orphan) for h in store.highlights("src")
        ] == [
            (1, "a1", "Nikol Pashinyan", 3, "the PM", ("Armenia", "people"), False),
            (2, "gone", "Armenia", 2, "lost one", ("lost",), True),
        ]
        assert [h.id for h in store.orphans("src")] == [2]
        assert store.highlight(3) is None  # still soft-deleted
        assert [(n.article_id, n.text, n.updated) for n in store.article_notes("src")] == [
            ("a1", "v2 note", STAMP)
        ]
        assert store.states("src") == {"a1": (True, True)}
        # the new tables start empty and work
        assert store.saved_searches("src") == [] and store.corrections("src") == []
        assert store.positions("src") == {} and store.session("src", "last_article") is None
        store.save_search("src", "armenia", "Armenia OR Pashinyan")
        store.add_correction("src", "hide", "Advertisement")
        store.set_position("src", "a1", 4)
        store.set_session("src", "last_article", "a1")
        assert store.cuts("src") == {}
        store.set_cut("src", 12, "start", "The twelfth line's paragraph.")
        # a new highlight does not reuse the id of the soft-deleted one
        assert store.add_highlight("src", "a2", TEXT, 0, 7).id == 4
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"saved_search", "entity_correction", "reading_position", "session_value", "article_cut"} <= tables
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    bak = sqlite3.connect(tmp_path / "annotations.sqlite.bak-v2")
    assert bak.execute("PRAGMA user_version").fetchone()[0] == 2
    assert bak.execute("SELECT count(*) FROM highlight").fetchone()[0] == 3
    assert bak.execute("SELECT count(*) FROM sqlite_master WHERE name = 'saved_search'").fetchone()[0] == 0
    bak.close()
    with AnnotationStore(path) as again:  # reopening a current file migrates nothing
        assert [s.query for s in again.saved_searches("src")] == ["Armenia OR Pashinyan"]
        assert [(c.kind, c.name) for c in again.corrections("src")] == [("hide", "Advertisement")]
        assert again.positions("src") == {"a1": 4} and again.session("src", "last_article") == "a1"
        assert {line: cut.kind for line, cut in again.cuts("src").items()} == {12: "start"}


def test_a_database_from_a_newer_lede_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    make_v1(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(
        StorageError, match=r"newer version of Lede \(schema v99; this version knows up to v4\)"
    ):
        AnnotationStore(path)
    assert path.read_bytes() == before


def test_a_failing_migration_rolls_back_to_the_last_whole_version(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    conn = db.connect(path)

    def one(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE a (x)")

    def two(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE b (x)")
        c.execute("INSERT INTO a VALUES (1)")
        raise RuntimeError("bug in migration 2")

    with pytest.raises(RuntimeError):
        db.migrate(conn, path, [one, two], what="test database")
    assert db.user_version(conn) == 1
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert names == {"a"}
    assert conn.execute("SELECT count(*) FROM a").fetchone()[0] == 0
    conn.close()


def test_connections_use_wal_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "x.sqlite")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    conn.close()


def test_timestamps_are_iso_8601_utc() -> None:
    assert db.utc_now().endswith("Z") and db.utc_now()[10] == "T"


def _corrupt_header(path: Path) -> bytes:
    data = bytearray(path.read_bytes())
    data[:100] = b"\xde\xad" * 50
    path.write_bytes(bytes(data))
    return bytes(data)


def test_a_corrupt_file_is_kept_aside_and_the_newest_backup_restored(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    with AnnotationStore(path) as store:
        store.add_highlight("src", "a1", TEXT, 25, 40)
        store.set_article_note("src", "a1", "precious words")
    # close() refreshed the backup because something was written
    damaged = _corrupt_header(path)
    store = AnnotationStore(path)
    assert store.notice is not None and "damaged" in store.notice and "restored" in store.notice
    assert [h.exact for h in store.highlights("src")] == ["Nikol Pashinyan"]
    assert store.article_note("src", "a1") is not None
    store.close()
    [aside] = tmp_path.glob("annotations.sqlite.corrupt-*")
    assert aside.read_bytes() == damaged


def test_a_corrupt_file_without_backup_is_kept_and_a_new_one_started(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    path.write_bytes(b"this is not a database, but it is the user's file" * 100)
    store = AnnotationStore(path)
    assert store.notice is not None and "new one was started" in store.notice
    assert store.highlights("src") == []
    store.close()
    [aside] = tmp_path.glob("annotations.sqlite.corrupt-*")
    assert aside.read_bytes().startswith(b"this is not a database")


def test_damaged_pages_are_detected_by_the_integrity_check(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    with AnnotationStore(path) as store:
        for i in range(300):
            store.set_article_note("src", f"article-{i:04d}", f"note {i} " * 20)
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[3 * page : 5 * page] = b"\x07" * (2 * page)
    path.write_bytes(bytes(data))
    store = AnnotationStore(path)
    assert store.notice is not None
    assert len(store.article_notes("src")) == 300  # from the backup written at close
    store.close()
    assert list(tmp_path.glob("annotations.sqlite.corrupt-*"))


def test_two_stores_on_one_file_write_concurrently_without_locking_errors(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    stores = [AnnotationStore(path), AnnotationStore(path)]
    errors: list[BaseException] = []

    def work(store: AnnotationStore, worker: int) -> None:
        try:
            for i in range(40):
                store.set_article_note("src", f"w{worker}-{i}", f"note {worker} {i}")
                start = (i * 3) % (len(TEXT) - 5)
                store.add_highlight(f"src-{worker}", "a1", TEXT, start, start + 2)
                store.set_state("src", f"w{worker}-{i}", read=True)
        except BaseException as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(stores[w % 2], w)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(stores[0].article_notes("src")) == 160
    assert len(stores[1].states("src")) == 160
    for s in stores:
        s.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_write_waits_for_another_process_holding_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    store = AnnotationStore(path)
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    timer.start()
    store.set_article_note("src", "a1", "written after the other writer let go")
    timer.join()
    other.close()
    note = store.article_note("src", "a1")
    assert note is not None and note.text.startswith("written after")
    store.close()
