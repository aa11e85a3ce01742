"""A cache of raw NER spans, so entity analysis is resumable and incremental.

The spaCy pass is the slow part of a build (thousands of words a second). Its raw
output depends only on the text and the model, so it is kept in a small SQLite file
beside the source's builds, keyed by (model, SHA-1 of the text). A build that was
killed resumes where it stopped, and an edited source re-runs NER only on the
articles whose text changed. Everything after the spans (type repair, aliases,
quotes, figures) is cheap and always recomputed.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from reader.core.analyse.backend import NerBackend, Span

_SCHEMA = """
CREATE TABLE IF NOT EXISTS spans (
    model TEXT NOT NULL,
    text_sha1 TEXT NOT NULL,
    spans TEXT NOT NULL,
    PRIMARY KEY (model, text_sha1)
) WITHOUT ROWID;
"""


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


class CachedBackend:
    """Wraps a backend; answers from the cache and stores what the backend computes.

    Results are committed every ``commit_every`` texts so that work survives a kill.
    """

    def __init__(self, inner: NerBackend, path: Path, model: str = "", commit_every: int = 200) -> None:
        self.inner = inner
        self.path = path
        # spans depend on the model, so the model is part of the key (another pipeline chosen
        # by setting never reads this one's spans)
        key = getattr(inner, "cache_key", None)
        self.model = model or (
            key() if callable(key) else str(getattr(inner, "model", None) or type(inner).__name__)
        )
        self.commit_every = commit_every
        self.hits = 0
        self.misses = 0

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=10)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.executescript(_SCHEMA)
        return con

    def spans(self, texts: Sequence[str]) -> Iterator[list[Span]]:
        keys = [text_key(t) for t in texts]
        con = self._connect()
        try:
            cached: dict[str, list[Span]] = {}
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, raw in con.execute(
                    f"SELECT text_sha1, spans FROM spans WHERE model = ? AND text_sha1 IN ({marks})",
                    (self.model, *chunk),
                ):
                    cached[key] = [(int(s), int(e), str(lab)) for s, e, lab in json.loads(raw)]
            # first occurrence of each uncached text, in input order (repeats are computed once)
            first_seen: dict[str, int] = {}
            for i, k in enumerate(keys):
                if k not in cached and k not in first_seen:
                    first_seen[k] = i
            missing = list(first_seen.values())
            fresh = iter(self.inner.spans([texts[i] for i in missing])) if missing else iter(())
            pending = 0
            for key in keys:
                found = cached.get(key)
                if found is not None:
                    self.hits += 1
                    yield found
                    continue
                result = next(fresh)
                self.misses += 1
                cached[key] = result
                con.execute(
                    "INSERT OR REPLACE INTO spans (model, text_sha1, spans) VALUES (?, ?, ?)",
                    (self.model, key, json.dumps(result)),
                )
                pending += 1
                if pending >= self.commit_every:
                    con.commit()
                    pending = 0
                yield result
            con.commit()
        finally:
            con.close()
