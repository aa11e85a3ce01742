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
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
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
    Texts are read lazily, ``lookup`` at a time, so a library streams through with only
    the texts in flight held: the inner backend is given the uncached ones as one stream
    (spaCy's processes start once), and the answers go out in input order.
    """

    def __init__(
        self, inner: NerBackend, path: Path, model: str = "", commit_every: int = 200, lookup: int = 256
    ) -> None:
        self.inner = inner
        self.path = path
        # spans depend on the model, so the model is part of the key (another pipeline chosen
        # by setting never reads this one's spans)
        key = getattr(inner, "cache_key", None)
        self.model = model or (
            key() if callable(key) else str(getattr(inner, "model", None) or type(inner).__name__)
        )
        self.commit_every = commit_every
        self.lookup = max(1, lookup)
        self.hits = 0
        self.misses = 0

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=10)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.executescript(_SCHEMA)
        return con

    def spans(self, texts: Iterable[str]) -> Iterator[list[Span]]:
        con = self._connect()
        source = iter(texts)
        # Every text read and not yet answered, in input order: [key, spans or None, computed here
        # and not yet served]. Repeats of a text in flight share its entry (computed once, then
        # served as hits, as a later repeat is, from the row written meanwhile).
        queue: deque[list[object]] = deque()
        in_flight: dict[str, list[object]] = {}
        to_compute: deque[str] = deque()  # uncached texts not yet handed to the inner backend
        awaiting: deque[list[object]] = deque()  # their entries, in the order handed over

        def read_more() -> bool:
            chunk = list(islice(source, self.lookup))
            if not chunk:
                return False
            keys = [text_key(t) for t in chunk]
            wanted = sorted({k for k in keys if k not in in_flight})
            cached: dict[str, list[Span]] = {}
            if wanted:
                marks = ",".join("?" * len(wanted))
                for key, raw in con.execute(
                    f"SELECT text_sha1, spans FROM spans WHERE model = ? AND text_sha1 IN ({marks})",
                    (self.model, *wanted),
                ):
                    cached[key] = [(int(s), int(e), str(lab)) for s, e, lab in json.loads(raw)]
            for key, text in zip(keys, chunk, strict=True):
                entry = in_flight.get(key)
                if entry is None:
                    entry = [key, cached.get(key), False]
                    if entry[1] is None:
                        in_flight[key] = entry
                        to_compute.append(text)
                        awaiting.append(entry)
                queue.append(entry)
            return True

        def feed() -> Iterator[str]:
            while True:
                while to_compute:
                    yield to_compute.popleft()
                if not read_more() and not to_compute:
                    return

        fresh = iter(self.inner.spans(feed()))
        pending = 0
        try:
            while queue or read_more():
                entry = queue[0]
                if entry[1] is None:  # the oldest text still to compute: the inner backend's next answer
                    result = next(fresh, None)
                    if result is None:
                        raise ValueError("the NER backend returned fewer results than texts")
                    done = awaiting.popleft()
                    done[1], done[2] = result, True
                    key = str(done[0])
                    in_flight.pop(key, None)
                    self.misses += 1
                    con.execute(
                        "INSERT OR REPLACE INTO spans (model, text_sha1, spans) VALUES (?, ?, ?)",
                        (self.model, key, json.dumps(result)),
                    )
                    pending += 1
                    if pending >= self.commit_every:
                        con.commit()
                        pending = 0
                    continue
                queue.popleft()
                if entry[2]:
                    entry[2] = False  # its first answer is the miss counted above
                else:
                    self.hits += 1
                spans: list[Span] = entry[1]  # type: ignore[assignment]
                yield spans
            con.commit()
        finally:
            con.close()
