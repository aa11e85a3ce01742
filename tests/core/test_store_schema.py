"""The annotation schema in one place: a new file and a migrated old file end with the same tables."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from reader.core.store.annotations import AnnotationStore
from reader.core.store.annotations_schema import MIGRATIONS, SCHEMA_VERSION


def _normalised(sql: str | None) -> str | None:
    """SQL text without layout: ALTER TABLE splices columns in with its own spacing."""
    if sql is None:  # SQLite's automatic indexes have no text
        return None
    sql = " ".join(sql.split())
    sql = re.sub(r"\s*,\s*", ", ", sql)
    return re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", sql))


def _layout(
    path: Path,
) -> tuple[int, list[tuple[str, str, str, str | None]], dict[str, list[tuple[object, ...]]]]:
    """``user_version``, every ``sqlite_master`` row, and each table's columns as SQLite reports them."""
    conn = sqlite3.connect(path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        master = [
            (kind, name, table, _normalised(sql))
            for kind, name, table, sql in conn.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
            )
        ]
        columns = {
            table: conn.execute(f"PRAGMA table_info({table})").fetchall()
            for kind, table, _, _ in master
            if kind == "table"
        }
        return version, master, columns
    finally:
        conn.close()


def test_a_new_database_has_the_schema_a_v1_database_migrates_to(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite"
    AnnotationStore(fresh).close()

    old = tmp_path / "old.sqlite"
    conn = sqlite3.connect(old)
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    AnnotationStore(old).close()

    fresh_version, fresh_master, fresh_columns = _layout(fresh)
    old_version, old_master, old_columns = _layout(old)
    assert fresh_version == old_version == SCHEMA_VERSION
    assert fresh_master == old_master
    assert fresh_columns == old_columns
    assert {"highlight", "highlight_tag", "entity_correction", "session_value"} <= set(fresh_columns)
