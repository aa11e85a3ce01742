"""The catalog: analysed articles and their entities, in ``catalog.sqlite`` in the cache dir.

It is derived data: a build writes a fresh file in a new folder and the
caller swaps folders, so there are no migrations here — a file whose
``schema_version`` is not ours is refused and the caller rebuilds. One row
per article holds the body plus JSON for entities, mentions, quotes and
figures (read together, never queried inside); the ``entity`` table repeats
each article's entities as rows so that library-wide counts and "articles
mentioning X" are SQL aggregations over an index, fast at 20k articles.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from reader.core.errors import StorageError
from reader.core.store import db
from reader.core.types import Analysis, Article, ArticleSummary, Entity, Figure, Mention, Quote

T = TypeVar("T")
WHAT = "catalog"
SCHEMA_VERSION = "3"  # 2: entity_total; 3: article.copy_of

_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE article (
        id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        start_line INTEGER NOT NULL,
        end_line INTEGER NOT NULL,
        lines TEXT NOT NULL,
        title_derived INTEGER NOT NULL,
        date TEXT, author TEXT, url TEXT,
        words INTEGER NOT NULL,
        entities TEXT NOT NULL, mentions TEXT NOT NULL, quotes TEXT NOT NULL, figures TEXT NOT NULL,
        copy_of TEXT
    )""",
    "CREATE INDEX article_by_position ON article(position)",
    # "3 versions" on an original counts its copies: a GROUP BY over this index.
    "CREATE INDEX article_by_copy_of ON article(copy_of) WHERE copy_of IS NOT NULL",
    """CREATE TABLE entity (
        article_id TEXT NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        count INTEGER NOT NULL,
        aliases TEXT NOT NULL,
        role TEXT
    )""",
    "CREATE INDEX entity_by_name ON entity(name, type)",
    "CREATE INDEX entity_by_article ON entity(article_id)",
    # Library-wide totals, aggregated in SQL from ``entity`` for the names each write touches,
    # so that opening the sidebar reads a few thousand rows instead of summing every article.
    """CREATE TABLE entity_total (
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        count INTEGER NOT NULL,
        aliases TEXT NOT NULL,
        role TEXT,
        PRIMARY KEY (name, type)
    )""",
)


# Library-wide totals of the entity rows (of the names joined after it, else of all), by name and type.
_TOTALS = """INSERT INTO entity_total(name, type, count, aliases, role)
    SELECT e.name, e.type, SUM(e.count),
           (SELECT json_group_array(DISTINCT j.value) FROM entity a, json_each(a.aliases) j
            WHERE a.name = e.name AND a.type = e.type),
           MAX(e.role)
    FROM entity e"""
_GROUPED = " GROUP BY e.name, e.type"


def _entity_json(e: Entity) -> list[Any]:
    return [e.name, e.type, list(e.aliases), e.count, e.role]


def _entity_from(v: list[Any]) -> Entity:
    return Entity(name=v[0], type=v[1], aliases=tuple(v[2]), count=v[3], role=v[4])


def _record_final(c: sqlite3.Connection, position: int) -> None:
    """Note, inside the final write's transaction, the last position whose analysis is final."""
    c.execute(
        "INSERT INTO meta(key, value) VALUES ('final_through', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (str(position),),
    )


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Catalog:
    """Read and write the catalog of one build. ``readonly`` opens with ``mode=ro``."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._lock = threading.RLock()
        if readonly and not self.path.exists():
            raise StorageError(f"The catalog {self.path} does not exist; rebuild the library.")
        if not readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = db.connect(self.path, readonly=readonly, what=WHAT)
        try:
            self._check_or_create()
        except BaseException:
            self._conn.close()
            raise

    def _check_or_create(self) -> None:
        def has_meta(c: sqlite3.Connection) -> bool:
            return c.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone() is not None

        if not db.read(self._conn, has_meta, what=WHAT):
            tables = db.read(
                self._conn, lambda c: c.execute("SELECT count(*) FROM sqlite_master").fetchone()[0], what=WHAT
            )
            if self.readonly or tables:
                raise StorageError(f"{self.path} is not a Lede catalog; rebuild the library.")

            def create(c: sqlite3.Connection) -> None:
                for stmt in _SCHEMA:
                    c.execute(stmt)
                c.execute("INSERT INTO meta(key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,))

            db.write(self._conn, create, what=WHAT)
        found = self.meta("schema_version")
        if found != SCHEMA_VERSION:
            raise StorageError(
                f"The catalog {self.path} has schema version {found!r}, this Lede reads {SCHEMA_VERSION!r}; "
                "rebuild the library."
            )

    def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            return db.read(self._conn, fn, what=WHAT)

    def _write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        if self.readonly:
            raise StorageError("The catalog is open read-only.")
        with self._lock:
            return db.write(self._conn, fn, what=WHAT)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------------

    def write_articles(
        self, articles: Sequence[Article], *, final_through: int | None = None, provisional: bool = False
    ) -> int:
        """Insert or replace articles by id (with their entity rows) in one transaction; return how many.

        An article written again keeps its ``copy_of`` (set by :meth:`set_copies`): the
        analysis stage rewrites every article after copy detection has run.

        The build's final analysis is written in source order with ``final_through`` (the
        last position it covers, recorded in the same transaction). A ``provisional`` write
        (the ahead lane's, for the article open in the window) leaves out every article at
        or before that position, so it can never replace a final analysis, whenever it runs.
        """
        rows = [
            (
                a.id,
                a.position,
                a.title,
                a.text,
                a.start_line,
                a.end_line,
                _dumps(list(a.lines)),
                int(a.title_derived),
                a.date,
                a.author,
                a.url,
                len(a.text.split()),
                _dumps([_entity_json(e) for e in a.entities]),
                _dumps([[m.start, m.end, m.entity, m.type] for m in a.mentions]),
                _dumps([[q.speaker, q.text, q.start, q.end] for q in a.quotes]),
                _dumps([[f.text, f.value, f.unit, f.start, f.end, f.sentence] for f in a.figures]),
            )
            for a in articles
        ]
        entity_rows = [
            (a.id, e.name, e.type, e.count, _dumps(list(e.aliases)), e.role)
            for a in articles
            for e in a.entities
        ]

        def op(c: sqlite3.Connection) -> int:
            todo, rows_now, entities_now = articles, rows, entity_rows
            if provisional:
                row = c.execute("SELECT value FROM meta WHERE key = 'final_through'").fetchone()
                if row is not None:
                    todo = [a for a in articles if a.position > int(row[0])]
                    keep = {a.id for a in todo}
                    rows_now = [r for r in rows if r[0] in keep]
                    entities_now = [r for r in entity_rows if r[0] in keep]
            c.execute(
                "CREATE TEMP TABLE IF NOT EXISTS touched (name TEXT, type TEXT, PRIMARY KEY (name, type))"
            )
            c.execute("DELETE FROM temp.touched")
            c.executemany(
                "INSERT OR IGNORE INTO temp.touched SELECT name, type FROM entity WHERE article_id = ?",
                [(a.id,) for a in todo],
            )
            c.executemany(
                "INSERT OR IGNORE INTO temp.touched VALUES (?, ?)", {(r[1], r[2]) for r in entities_now}
            )
            c.executemany("DELETE FROM entity WHERE article_id = ?", [(a.id,) for a in todo])
            c.executemany(
                """INSERT INTO article(id, position, title, text, start_line, end_line, lines,
                   title_derived, date, author, url, words, entities, mentions, quotes, figures)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(id) DO UPDATE SET position = excluded.position, title = excluded.title,
                   text = excluded.text, start_line = excluded.start_line, end_line = excluded.end_line,
                   lines = excluded.lines, title_derived = excluded.title_derived, date = excluded.date,
                   author = excluded.author, url = excluded.url, words = excluded.words,
                   entities = excluded.entities, mentions = excluded.mentions, quotes = excluded.quotes,
                   figures = excluded.figures""",
                rows_now,
            )
            c.executemany(
                "INSERT INTO entity(article_id, name, type, count, aliases, role) VALUES (?, ?, ?, ?, ?, ?)",
                entities_now,
            )
            c.execute("DELETE FROM entity_total WHERE (name, type) IN (SELECT name, type FROM temp.touched)")
            c.execute(_TOTALS + " JOIN temp.touched t ON t.name = e.name AND t.type = e.type" + _GROUPED)
            if final_through is not None:
                _record_final(c, final_through)
            return len(rows_now)

        return self._write(op)

    def write_analyses(
        self,
        analysed: Sequence[tuple[str, Analysis]],
        *,
        totals: bool = True,
        final_through: int | None = None,
    ) -> None:
        """Replace the analysis (entities, mentions, quotes, figures) of existing articles by id.

        What the build's analysis stage writes, batch by batch, without reading the articles
        back. ``totals=False`` leaves ``entity_total`` to one :meth:`rebuild_entity_totals` at
        the end: summing the library's rows of every name a batch touches, batch after batch,
        grows with the square of the library. ``final_through``: as for :meth:`write_articles`.
        """
        rows = [
            (
                _dumps([_entity_json(e) for e in a.entities]),
                _dumps([[m.start, m.end, m.entity, m.type] for m in a.mentions]),
                _dumps([[q.speaker, q.text, q.start, q.end] for q in a.quotes]),
                _dumps([[f.text, f.value, f.unit, f.start, f.end, f.sentence] for f in a.figures]),
                article_id,
            )
            for article_id, a in analysed
        ]
        entity_rows = [
            (article_id, e.name, e.type, e.count, _dumps(list(e.aliases)), e.role)
            for article_id, a in analysed
            for e in a.entities
        ]
        ids = [(article_id,) for article_id, _a in analysed]

        def op(c: sqlite3.Connection) -> None:
            if totals:
                c.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS touched (name TEXT, type TEXT, PRIMARY KEY (name, type))"
                )
                c.execute("DELETE FROM temp.touched")
                c.executemany(
                    "INSERT OR IGNORE INTO temp.touched SELECT name, type FROM entity WHERE article_id = ?",
                    ids,
                )
                c.executemany(
                    "INSERT OR IGNORE INTO temp.touched VALUES (?, ?)", {(r[1], r[2]) for r in entity_rows}
                )
            c.executemany("DELETE FROM entity WHERE article_id = ?", ids)
            c.executemany(
                "UPDATE article SET entities = ?, mentions = ?, quotes = ?, figures = ? WHERE id = ?", rows
            )
            c.executemany(
                "INSERT INTO entity(article_id, name, type, count, aliases, role) VALUES (?, ?, ?, ?, ?, ?)",
                entity_rows,
            )
            if totals:
                c.execute(
                    "DELETE FROM entity_total WHERE (name, type) IN (SELECT name, type FROM temp.touched)"
                )
                c.execute(_TOTALS + " JOIN temp.touched t ON t.name = e.name AND t.type = e.type" + _GROUPED)
            if final_through is not None:
                _record_final(c, final_through)

        self._write(op)

    def rebuild_entity_totals(self) -> None:
        """``entity_total`` summed afresh from every article's entity rows, in one transaction."""

        def op(c: sqlite3.Connection) -> None:
            c.execute("DELETE FROM entity_total")
            c.execute(_TOTALS + _GROUPED)

        self._write(op)

    def set_copies(self, copy_of: Mapping[str, str | None]) -> None:
        """Record each article's original (None: it is one, or has no copies) in one transaction."""
        self._write(
            lambda c: c.executemany(
                "UPDATE article SET copy_of = ? WHERE id = ?", [(o, i) for i, o in copy_of.items()]
            )
        )

    def copy_texts(self) -> Iterator[tuple[str, str, str | None, int]]:
        """(id, text, date, position) of every article in source order: what copy detection reads."""
        for row in self._pages("id, text, date, position", 3, 1000):
            yield row[0], row[1], row[2], row[3]

    def _pages(self, columns: str, position_at: int, batch: int) -> Iterator[Any]:
        """Rows of ``columns`` in source order, ``batch`` a query: a whole library never sits in memory.

        Each page starts after the last position seen (``position_at`` is its column), so a
        page costs the same at the end of a big catalog as at its start.
        """
        sql = f"SELECT {columns} FROM article WHERE position > ? ORDER BY position LIMIT ?"
        last = -1
        while True:
            after = last
            rows: list[Any] = self._read(lambda c: c.execute(sql, (after, batch)).fetchall())  # noqa: B023
            if not rows:
                return
            yield from rows
            last = rows[-1][position_at]

    def set_meta(self, key: str, value: str) -> None:
        self._write(
            lambda c: c.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
        )

    def meta(self, key: str) -> str | None:
        row = self._read(lambda c: c.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone())
        return None if row is None else str(row[0])

    # -- reading ----------------------------------------------------------------------------------

    def articles(self) -> list[ArticleSummary]:
        """Every article without its body, in source order; an original counts its versions."""

        def read(c: sqlite3.Connection) -> list[ArticleSummary]:
            copies = dict(
                c.execute(
                    "SELECT copy_of, count(*) FROM article WHERE copy_of IS NOT NULL GROUP BY copy_of"
                ).fetchall()
            )
            return [
                ArticleSummary(
                    id=r[0],
                    title=r[1],
                    position=r[2],
                    start_line=r[3],
                    end_line=r[4],
                    date=r[5],
                    words=r[6],
                    copy_of=r[7],
                    versions=1 + copies.get(r[0], 0),
                )
                for r in c.execute(
                    "SELECT id, title, position, start_line, end_line, date, words, copy_of "
                    "FROM article ORDER BY position"
                )
            ]

        return self._read(read)

    def lead_lines(self) -> list[int]:
        """The source line of every article's first paragraph, in article order (see source_digest)."""
        sql = "SELECT json_extract(lines, '$[0]') FROM article ORDER BY position"
        leads = [lead for (lead,) in self._read(lambda c: c.execute(sql).fetchall())]
        if not all(isinstance(lead, int) for lead in leads):
            raise ValueError("an article's lines do not start with a line number")
        return leads

    def copies(self) -> dict[str, str]:
        """Each copy's original (articles that are no copy are absent): search folds hits with it."""
        return self._read(
            lambda c: dict(c.execute("SELECT id, copy_of FROM article WHERE copy_of IS NOT NULL").fetchall())
        )

    def article_ids(self) -> list[str]:
        return self._read(lambda c: [r[0] for r in c.execute("SELECT id FROM article ORDER BY position")])

    def article(self, article_id: str) -> Article | None:
        """One article in full, with its analysis."""
        row = self._read(
            lambda c: c.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM article WHERE id = ?", (article_id,)
            ).fetchone()
        )
        return None if row is None else _article_from(row)

    def iter_articles(self, batch: int = 500) -> Iterator[Article]:
        """Every article in full, in source order, read ``batch`` rows at a time (memory stays flat)."""
        for row in self._pages(_ARTICLE_COLUMNS, 10, batch):
            yield _article_from(row)

    def article_count(self) -> int:
        return int(self._read(lambda c: c.execute("SELECT count(*) FROM article").fetchone()[0]))

    def iter_texts(self, batch: int = 500) -> Iterator[tuple[str, int, str]]:
        """(id, position, text) of every article in source order, ``batch`` rows at a time."""
        for row in self._pages("id, position, text", 1, batch):
            yield row[0], row[1], row[2]

    def texts_between(self, first: int, last: int) -> list[tuple[str, str]]:
        """(id, text) of the articles at positions ``first`` to ``last`` (both included), in order."""
        sql = "SELECT id, text FROM article WHERE position >= ? AND position <= ? ORDER BY position"
        return self._read(lambda c: [(r[0], r[1]) for r in c.execute(sql, (first, last))])

    def article_entities(self, article_id: str) -> tuple[Entity, ...]:
        """One article's entities in the order its analysis gave them (empty if there is no such article)."""
        row = self._read(
            lambda c: c.execute("SELECT entities FROM article WHERE id = ?", (article_id,)).fetchone()
        )
        if row is None:
            return ()
        try:
            return tuple(_entity_from(v) for v in json.loads(row[0]))
        except (ValueError, TypeError, IndexError) as exc:
            raise StorageError(
                f"The catalog entry for article {article_id} is damaged; rebuild the library."
            ) from exc

    def entities(self, article_id: str | None = None) -> list[Entity]:
        """Entities of one article, or of the whole library (counts summed, aliases merged).

        Both are sorted by type, then count (highest first), then name. The
        library-wide list is aggregated in SQL when articles are written
        (``entity_total``), so reading it costs one small query.
        """
        if article_id is not None:
            return self._read(
                lambda c: [
                    Entity(name=r[0], type=r[1], aliases=tuple(json.loads(r[2])), count=r[3], role=r[4])
                    for r in c.execute(
                        """SELECT name, type, aliases, count, role FROM entity WHERE article_id = ?
                           ORDER BY type, count DESC, name""",
                        (article_id,),
                    )
                ]
            )

        return self._read(
            lambda c: [
                Entity(name=r[0], type=r[1], aliases=tuple(sorted(json.loads(r[2]))), count=r[3], role=r[4])
                for r in c.execute(
                    "SELECT name, type, aliases, count, role FROM entity_total "
                    "ORDER BY type, count DESC, name"
                )
            ]
        )

    def entities_like(self, name: str, also: Sequence[str] = ()) -> list[Entity]:
        """Library-wide entities whose name is ``name`` in any (ASCII) case or whose aliases
        contain it, plus those named in ``also``: the candidates of a lookup by name, read
        without decoding every row (a 20,000-article library has 140,000). A superset: the
        caller picks the exact match from it. Sorted like :meth:`entities`."""
        marks = ",".join("?" * len(also))
        named = f" OR name IN ({marks})" if also else ""
        return self._read(
            lambda c: [
                Entity(name=r[0], type=r[1], aliases=tuple(sorted(json.loads(r[2]))), count=r[3], role=r[4])
                for r in c.execute(
                    "SELECT name, type, aliases, count, role FROM entity_total "
                    f"WHERE lower(name) = lower(?) OR instr(lower(aliases), lower(?)) > 0{named} "
                    "ORDER BY type, count DESC, name",
                    (name, name, *also),
                )
            ]
        )

    def articles_with_entity(self, name: str) -> list[str]:
        """Ids of the articles that mention the canonical entity ``name``, in source order."""
        return self._read(
            lambda c: [
                r[0]
                for r in c.execute(
                    """SELECT a.id FROM article a WHERE a.id IN (SELECT article_id FROM entity WHERE name = ?)
                       ORDER BY a.position""",
                    (name,),
                )
            ]
        )


_ARTICLE_COLUMNS = (
    "id, title, text, start_line, end_line, lines, title_derived, date, author, url, "
    "position, entities, mentions, quotes, figures"
)


def _article_from(row: Sequence[Any]) -> Article:
    """An Article from a row of _ARTICLE_COLUMNS; a damaged row is a StorageError, not a crash."""
    try:
        return Article(
            id=row[0],
            title=row[1],
            text=row[2],
            start_line=row[3],
            end_line=row[4],
            lines=tuple(json.loads(row[5])),
            title_derived=bool(row[6]),
            date=row[7],
            author=row[8],
            url=row[9],
            position=row[10],
            entities=tuple(_entity_from(v) for v in json.loads(row[11])),
            mentions=tuple(Mention(*v) for v in json.loads(row[12])),
            quotes=tuple(Quote(*v) for v in json.loads(row[13])),
            figures=tuple(Figure(*v) for v in json.loads(row[14])),
        )
    except (ValueError, TypeError, IndexError) as exc:
        raise StorageError(
            f"The catalog entry for article {row[0]} is damaged; rebuild the library."
        ) from exc
