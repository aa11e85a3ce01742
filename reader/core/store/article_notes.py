"""Notes on whole articles in the annotation database: the SQL, with no locking or transactions.

Why apart from highlights: an article note has no anchor (it belongs to the
article id, not to a passage), so it needs no re-anchoring and no merging;
one note per article, replaced as a whole, blank meaning none. Import adds to
an existing note rather than replacing it, through the same :func:`upsert`.
"""

from __future__ import annotations

import sqlite3

from reader.core.types import Note

_SELECT = "SELECT article_id, text, updated FROM article_note WHERE source = ?"


def upsert(c: sqlite3.Connection, source: str, article_id: str, text: str, updated: str) -> None:
    """Store ``text`` as the article's note, replacing any earlier one."""
    c.execute(
        """INSERT INTO article_note(source, article_id, text, updated) VALUES (?, ?, ?, ?)
           ON CONFLICT(source, article_id) DO UPDATE SET text = excluded.text,
           updated = excluded.updated""",
        (source, article_id, text, updated),
    )


def set_note(c: sqlite3.Connection, source: str, article_id: str, text: str, now: str) -> None:
    """Save the note on a whole article; blank text deletes it (an empty note is no note)."""
    if text.strip():
        upsert(c, source, article_id, text, now)
    else:
        c.execute("DELETE FROM article_note WHERE source = ? AND article_id = ?", (source, article_id))


def note(c: sqlite3.Connection, source: str, article_id: str) -> Note | None:
    row = c.execute(f"{_SELECT} AND article_id = ?", (source, article_id)).fetchone()
    return None if row is None else Note(row[0], row[1], row[2])


def notes(c: sqlite3.Connection, source: str) -> list[Note]:
    """Every article note of a source, by article id."""
    return [Note(r[0], r[1], r[2]) for r in c.execute(f"{_SELECT} ORDER BY article_id", (source,))]


def text_of(c: sqlite3.Connection, source: str, article_id: str) -> str | None:
    """The current note text, or None when the article has none."""
    found = note(c, source, article_id)
    return None if found is None else found.text
