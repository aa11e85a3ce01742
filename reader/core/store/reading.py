"""Reading state in the annotation database: read/starred flags, the paragraph last read, session values.

Why it is kept with the precious annotations rather than in the rebuildable
catalog: it is what the user would be annoyed to redo (which articles are
done, where they stopped), and it must survive a rebuild of the index. Each
kind has its own table so that merely opening an article (which records a
position) does not make its read/starred state look known. Functions take
the store's connection and run inside the transaction it opens.
"""

from __future__ import annotations

import sqlite3

from reader.core.store import db


def set_state(
    c: sqlite3.Connection, source: str, article_id: str, read: int | None, starred: int | None
) -> None:
    """Set read and/or starred (0/1); ``None`` leaves that flag as it was (0 for a new row)."""
    c.execute(
        """INSERT INTO article_state(source, article_id, read, starred, updated)
           VALUES (?, ?, coalesce(?, 0), coalesce(?, 0), ?)
           ON CONFLICT(source, article_id) DO UPDATE SET read = coalesce(?, read),
           starred = coalesce(?, starred), updated = excluded.updated""",
        (source, article_id, read, starred, db.utc_now(), read, starred),
    )


def states(c: sqlite3.Connection, source: str) -> dict[str, tuple[bool, bool]]:
    """``article_id -> (read, starred)`` for every article with a recorded state."""
    return {
        r[0]: (bool(r[1]), bool(r[2]))
        for r in c.execute("SELECT article_id, read, starred FROM article_state WHERE source = ?", (source,))
    }


def set_position(c: sqlite3.Connection, source: str, article_id: str, paragraph: int) -> None:
    """Remember the paragraph the reading cursor was on (replacing the last one)."""
    c.execute(
        """INSERT INTO reading_position(source, article_id, paragraph, updated) VALUES (?, ?, ?, ?)
           ON CONFLICT(source, article_id) DO UPDATE SET paragraph = excluded.paragraph,
           updated = excluded.updated""",
        (source, article_id, paragraph, db.utc_now()),
    )


def positions(c: sqlite3.Connection, source: str) -> dict[str, int]:
    """``article_id -> paragraph`` for every article with a remembered position."""
    return {
        r[0]: r[1]
        for r in c.execute("SELECT article_id, paragraph FROM reading_position WHERE source = ?", (source,))
    }


def set_session(c: sqlite3.Connection, source: str, key: str, value: str) -> None:
    """Keep one small value for the next start, e.g. ``last_article``; replaces the old value."""
    c.execute(
        """INSERT INTO session_value(source, key, value, updated) VALUES (?, ?, ?, ?)
           ON CONFLICT(source, key) DO UPDATE SET value = excluded.value, updated = excluded.updated""",
        (source, key, value, db.utc_now()),
    )


def session(c: sqlite3.Connection, source: str, key: str) -> str | None:
    row = c.execute("SELECT value FROM session_value WHERE source = ? AND key = ?", (source, key)).fetchone()
    return None if row is None else str(row[0])
