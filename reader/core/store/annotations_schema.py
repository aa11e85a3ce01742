"""The annotation database's layout: the current schema in one place, and the steps that led to it.

Why both: a new file is created straight from :data:`CURRENT` (one readable
statement list, what a developer reads to learn the tables), while a file
written by an older Lede climbs the numbered :data:`MIGRATIONS` on ``PRAGMA
user_version``, one transaction each (see :func:`reader.core.store.db.migrate`).
The migrations are history: never edit one that has shipped, add the next
number and change :data:`CURRENT` to match. A test creates a v1 file, migrates
it forward and checks that it ends with exactly the schema :data:`CURRENT`
makes, so the two cannot drift apart.

Conventions every table follows: rows carry the ``source`` key chosen by the
caller; what the user made is soft-deleted (``deleted`` holds the time) and
never removed, see :func:`reader.core.store.db.update_live`.
"""

from __future__ import annotations

import sqlite3

from reader.core.store import db
from reader.core.store.highlights import normalise_tags

#: The schema at :data:`SCHEMA_VERSION`. Column order matters: it is the order the migrations
#: leave (``orphan`` was added last), so that both routes give one layout.
CURRENT: tuple[str, ...] = (
    """CREATE TABLE highlight (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        article_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '',
        color INTEGER NOT NULL DEFAULT 1,
        note TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        deleted TEXT,
        orphan INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX highlight_by_article ON highlight(source, article_id, start)",
    "CREATE INDEX highlight_orphans ON highlight(source, orphan) WHERE orphan = 1",
    """CREATE TABLE highlight_tag (
        highlight_id INTEGER NOT NULL REFERENCES highlight(id) ON DELETE CASCADE,
        tag TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (highlight_id, tag)) WITHOUT ROWID""",
    "CREATE INDEX highlight_tag_by_tag ON highlight_tag(tag)",
    """CREATE TABLE article_note (
        source TEXT NOT NULL, article_id TEXT NOT NULL, text TEXT NOT NULL, updated TEXT NOT NULL,
        PRIMARY KEY (source, article_id))""",
    """CREATE TABLE article_state (
        source TEXT NOT NULL, article_id TEXT NOT NULL,
        read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0, updated TEXT NOT NULL,
        PRIMARY KEY (source, article_id))""",
    """CREATE TABLE reading_position (
        source TEXT NOT NULL, article_id TEXT NOT NULL, paragraph INTEGER NOT NULL, updated TEXT NOT NULL,
        PRIMARY KEY (source, article_id))""",
    """CREATE TABLE session_value (
        source TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, updated TEXT NOT NULL,
        PRIMARY KEY (source, key))""",
    """CREATE TABLE saved_search (
        source TEXT NOT NULL, name TEXT NOT NULL, query TEXT NOT NULL, created TEXT NOT NULL,
        PRIMARY KEY (source, name))""",
    """CREATE TABLE entity_correction (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('rename', 'merge', 'split', 'retype', 'hide')),
        name TEXT NOT NULL,
        target TEXT NOT NULL DEFAULT '',
        type TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        deleted TEXT)""",
    "CREATE INDEX entity_correction_by_source ON entity_correction(source, id)",
    """CREATE TABLE article_cut (
        source TEXT NOT NULL, line INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('start', 'join')),
        paragraph TEXT NOT NULL,
        updated TEXT NOT NULL, deleted TEXT,
        PRIMARY KEY (source, line))""",
)


def create_current(c: sqlite3.Connection) -> None:
    """Lay out an empty file at the newest version in one step (no history to replay)."""
    for statement in CURRENT:
        c.execute(statement)


def _v1_initial(c: sqlite3.Connection) -> None:
    """v1: highlights with tags in a comma-separated column, article notes, reading state."""
    c.execute(
        """CREATE TABLE highlight (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source TEXT NOT NULL,
            article_id TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            color INTEGER NOT NULL DEFAULT 1,
            note TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            deleted TEXT
        )"""
    )
    c.execute("CREATE INDEX highlight_by_article ON highlight(source, article_id, start)")
    c.execute(
        """CREATE TABLE article_note (
            source TEXT NOT NULL, article_id TEXT NOT NULL, text TEXT NOT NULL, updated TEXT NOT NULL,
            PRIMARY KEY (source, article_id))"""
    )
    c.execute(
        """CREATE TABLE article_state (
            source TEXT NOT NULL, article_id TEXT NOT NULL,
            read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0, updated TEXT NOT NULL,
            PRIMARY KEY (source, article_id))"""
    )


def _v2_tags_table_and_orphans(c: sqlite3.Connection) -> None:
    """v2: tags move to their own table (searchable, no comma escaping); highlights gain ``orphan``."""
    c.execute("ALTER TABLE highlight ADD COLUMN orphan INTEGER NOT NULL DEFAULT 0")
    c.execute(
        """CREATE TABLE highlight_tag (
            highlight_id INTEGER NOT NULL REFERENCES highlight(id) ON DELETE CASCADE,
            tag TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (highlight_id, tag)) WITHOUT ROWID"""
    )
    c.execute("CREATE INDEX highlight_tag_by_tag ON highlight_tag(tag)")
    for hid, tags in c.execute("SELECT id, tags FROM highlight WHERE tags != ''").fetchall():
        for tag in normalise_tags(tags.split(",")):
            c.execute("INSERT OR IGNORE INTO highlight_tag(highlight_id, tag) VALUES (?, ?)", (hid, tag))
    c.execute("ALTER TABLE highlight DROP COLUMN tags")


def _v3_searches_corrections_positions(c: sqlite3.Connection) -> None:
    """v3: saved searches, entity corrections, reading positions and session values.

    Corrections are soft-deleted like highlights (they are the user's work);
    ``id`` gives their replay order. Positions get their own table rather than
    a column of ``article_state`` so that merely opening an article does not
    make it look read/starred-known to :meth:`AnnotationStore.states`.
    """
    c.execute(
        """CREATE TABLE saved_search (
            source TEXT NOT NULL, name TEXT NOT NULL, query TEXT NOT NULL, created TEXT NOT NULL,
            PRIMARY KEY (source, name))"""
    )
    kinds = ", ".join(f"'{k}'" for k in ("rename", "merge", "split", "retype", "hide"))
    c.execute(
        f"""CREATE TABLE entity_correction (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ({kinds})),
            name TEXT NOT NULL,
            target TEXT NOT NULL DEFAULT '',
            type TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            deleted TEXT)"""
    )
    c.execute("CREATE INDEX entity_correction_by_source ON entity_correction(source, id)")
    c.execute(
        """CREATE TABLE reading_position (
            source TEXT NOT NULL, article_id TEXT NOT NULL, paragraph INTEGER NOT NULL, updated TEXT NOT NULL,
            PRIMARY KEY (source, article_id))"""
    )
    c.execute(
        """CREATE TABLE session_value (
            source TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, updated TEXT NOT NULL,
            PRIMARY KEY (source, key))"""
    )
    c.execute("CREATE INDEX highlight_orphans ON highlight(source, orphan) WHERE orphan = 1")


def _v4_article_cuts(c: sqlite3.Connection) -> None:
    """v4: where the reader says articles start or go on (:mod:`reader.core.store.cuts`)."""
    c.execute(
        """CREATE TABLE article_cut (
        source TEXT NOT NULL, line INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('start', 'join')),
        paragraph TEXT NOT NULL,
        updated TEXT NOT NULL, deleted TEXT,
        PRIMARY KEY (source, line))"""
    )


MIGRATIONS: tuple[db.Migration, ...] = (
    _v1_initial,
    _v2_tags_table_and_orphans,
    _v3_searches_corrections_positions,
    _v4_article_cuts,
)
SCHEMA_VERSION = len(MIGRATIONS)

#: How recovery merges a table found both in a damaged (or stale) file and in a backup: the
#: columns that identify a row, and the column whose larger value marks the newer copy (a
#: correction's ``deleted`` stamp: once removed, the removal is the newer fact). ``highlight_tag``
#: follows its highlight (see :mod:`reader.core.store.recovery`). Every table of :data:`CURRENT`
#: is listed, so that recovery cannot forget one.
MERGE_RULES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("highlight", ("id",), "updated"),
    ("highlight_tag", ("highlight_id", "tag"), "tag"),
    ("article_note", ("source", "article_id"), "updated"),
    ("article_state", ("source", "article_id"), "updated"),
    ("reading_position", ("source", "article_id"), "updated"),
    ("session_value", ("source", "key"), "updated"),
    ("saved_search", ("source", "name"), "created"),
    ("entity_correction", ("id",), "deleted"),
    ("article_cut", ("source", "line"), "updated"),
)
