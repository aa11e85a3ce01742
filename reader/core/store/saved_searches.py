"""Saved searches in the annotation database: named queries the palette runs again.

Why stored with the annotations: a saved search is the user's work (a name
and a query they composed), so it follows the precious file's rules and
survives rebuilds; unlike highlights it is cheap to retype, so deleting one
really deletes it. Names are unique per source and kept stripped.
"""

from __future__ import annotations

import sqlite3

from reader.core.store import db
from reader.core.types import SavedSearch

_SELECT = "SELECT name, query, created FROM saved_search WHERE source = ?"


def check(name: str, query: str) -> str:
    """The name to store (stripped); ValueError, with a message the UI shows, for a blank name or query."""
    name = name.strip()
    if not name:
        raise ValueError("a saved search needs a name")
    if not query.strip():
        raise ValueError("a saved search needs a query")
    return name


def save(c: sqlite3.Connection, source: str, name: str, query: str) -> SavedSearch:
    """Save ``query`` under a checked ``name``; saving a name again replaces its query."""
    c.execute(
        """INSERT INTO saved_search(source, name, query, created) VALUES (?, ?, ?, ?)
           ON CONFLICT(source, name) DO UPDATE SET query = excluded.query,
           created = excluded.created""",
        (source, name, query, db.utc_now()),
    )
    return SavedSearch(*c.execute(f"{_SELECT} AND name = ?", (source, name)).fetchone())


def saved(c: sqlite3.Connection, source: str) -> list[SavedSearch]:
    """Ordered by name, case-insensitively (what a menu shows)."""
    return [SavedSearch(*r) for r in c.execute(f"{_SELECT} ORDER BY name COLLATE NOCASE, name", (source,))]


def delete(c: sqlite3.Connection, source: str, name: str) -> None:
    """Forget a saved search; an unknown name is ignored."""
    c.execute("DELETE FROM saved_search WHERE source = ? AND name = ?", (source, name.strip()))
