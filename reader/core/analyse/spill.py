"""A temporary SQLite file for each article's candidates between the NER pass and the rule pass.

The rule pass needs every article's candidates only after the library-wide alias table
exists, that is after NER over the whole library. Held in memory they grew with the
library (the build's main process reached 5.2 GB at 100k articles); on disk they cost
a few hundred bytes an article and are read back a batch at a time, by the build's
process and by the forked rule workers alike (each process opens the file itself).
The file lives in the build folder and is deleted when the stage ends; a killed build
leaves it behind and the resumed stage starts it afresh.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from .pipeline import Cand

__all__ = ["FileSpill"]


class FileSpill:
    """A :class:`~reader.core.analyse.pipeline.Spill` in an SQLite file at ``path`` (replaced if present)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._remove()
        self._con: sqlite3.Connection | None = None
        self._pid = -1
        self._connect().execute("CREATE TABLE cands (doc INTEGER PRIMARY KEY, data TEXT NOT NULL)")

    def _connect(self) -> sqlite3.Connection:
        """This process's connection (a forked worker must not use its parent's)."""
        if self._con is None or self._pid != os.getpid():
            # Scratch data: no journal, no fsync; a crash loses nothing the next build needs.
            self._con = sqlite3.connect(self.path, isolation_level=None)
            self._con.execute("PRAGMA journal_mode=OFF")
            self._con.execute("PRAGMA synchronous=OFF")
            self._pid = os.getpid()
        return self._con

    def put(self, first: int, docs: Sequence[list[Cand]]) -> None:
        con = self._connect()
        con.execute("BEGIN")
        con.executemany(
            "INSERT INTO cands (doc, data) VALUES (?, ?)",
            (
                (first + i, json.dumps(cands, ensure_ascii=False, separators=(",", ":")))
                for i, cands in enumerate(docs)
            ),
        )
        con.execute("COMMIT")

    def read(self, lo: int, hi: int) -> list[list[Cand]]:
        rows = (
            self._connect()
            .execute("SELECT doc, data FROM cands WHERE doc >= ? AND doc < ? ORDER BY doc", (lo, hi))
            .fetchall()
        )
        if [r[0] for r in rows] != list(range(lo, lo + len(rows))):
            raise ValueError(f"the candidate spill lacks articles between {lo} and {hi}")
        return [[(c[0], c[1], c[2], c[3], c[4]) for c in json.loads(data)] for _doc, data in rows]

    def close(self) -> None:
        """Close this process's connection and delete the file."""
        if self._con is not None and self._pid == os.getpid():
            self._con.close()
        self._con = None
        self._remove()

    def _remove(self) -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
