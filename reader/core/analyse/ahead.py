"""The open article first: articles the window asks for are analysed ahead of the build's queue.

During a first build the library-wide analysis (NER over every article, then one alias
table for all of them) writes nothing until it ends: at 20k articles the sidebar would
stay empty for minutes. So from the moment the list is browsable (while copies are
grouped, the text index is built and the NER pass runs), an :class:`AheadLane` thread takes
the ids the window sent (the open article and the next few in the list), analyses each
one on its own with a pipeline of its own, writes it to the catalog and emits
``{"event": "analysed", "id": ...}``; the window then shows its entities.

Such an analysis resolves aliases within the article only; the build's own pass
replaces it with the library-wide one (``entities``). The lane serves until the whole
analysis stage ends; its writes are ``provisional``: the catalog leaves out any article
whose final analysis is already written (the final write records how far it got in the
same transaction), so a provisional analysis can never overwrite a final one.

Requests arrive as JSON lines ``{"first": [id, ...]}`` on the build's stdin
(:func:`read_requests`); a newer request replaces the ones not yet served.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from reader.core.analyse.lane_process import Analyser, lane_analyser

__all__ = ["AheadLane", "AheadRequests", "read_requests"]

Emit = Callable[[dict[str, Any]], None]


class AheadRequests:
    """The ids the window wants analysed first, the newest request first; safe across threads."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._wanted: list[str] = []

    def ask(self, ids: Sequence[str]) -> None:
        """Replace the pending ids: the article open now matters, the one left a second ago does not."""
        with self._cond:
            self._wanted = [str(i) for i in ids]
            self._cond.notify_all()

    def take(self, skip: set[str], timeout: float) -> str | None:
        """The first pending id not in ``skip`` (removed from the queue), or None after ``timeout`` s."""
        with self._cond:
            for _ in range(2):
                while self._wanted:
                    wanted = self._wanted.pop(0)
                    if wanted not in skip:
                        return wanted
                self._cond.wait(timeout)
            return None


def read_requests(fd: int, requests: AheadRequests) -> threading.Thread:
    """A daemon thread feeding ``requests`` from JSON lines read on file descriptor ``fd``.

    It reads a duplicate of the descriptor with ``os.read``, never through ``sys.stdin``:
    the build forks (index writers, spaCy and rule workers), and a forked
    ``multiprocessing`` child closes ``sys.stdin`` first thing, which would wait forever
    for the lock a reading thread held at the fork (the child of a 2,000-article build hung).
    """
    own = os.dup(fd)

    def run() -> None:
        pending = b""
        while True:
            try:
                chunk = os.read(own, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                os.close(own)
                return
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                try:
                    message = json.loads(line)
                except ValueError:
                    continue
                first = message.get("first") if isinstance(message, dict) else None
                if isinstance(first, list):
                    requests.ask([str(i) for i in first])

    thread = threading.Thread(target=run, name="lede-ahead-requests", daemon=True)
    thread.start()
    return thread


class AheadLane:
    """A thread that has the requested articles analysed one by one until :meth:`stop`.

    ``analyser`` does the work: by default a forked child process with a spaCy pipeline of
    its own (:mod:`reader.core.analyse.lane_process`), which the build starts before ingest
    so its model is loaded by the time the list appears. The build's own NER pass keeps its
    processes: one article costs the lane a fraction of a second.
    """

    def __init__(
        self, catalog: Path, requests: AheadRequests, emit: Emit, analyser: Analyser | None = None
    ) -> None:
        self.catalog = catalog
        self.requests = requests
        self.emit = emit
        self._owns_analyser = analyser is None  # closed by whoever started it
        self.analyser: Analyser = analyser if analyser is not None else lane_analyser()
        self.done: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lede-ahead", daemon=True)

    def start(self) -> AheadLane:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Finish the article in hand, then stop (called when the build's analysis stage ends)."""
        self._stop.set()
        self._thread.join()
        if self._owns_analyser:
            self.analyser.close()

    def _run(self) -> None:
        from reader.core.store.catalog import Catalog

        try:
            with Catalog(self.catalog) as catalog:
                while not self._stop.is_set():
                    wanted = self.requests.take(set(self.done), timeout=0.1)
                    if wanted is None or self._stop.is_set():
                        continue
                    self._analyse(catalog, wanted)
        except Exception as exc:  # the lane is a courtesy: the build's own pass still runs
            self.emit({"event": "ahead_failed", "message": str(exc) or type(exc).__name__})

    def _analyse(self, catalog: Any, article_id: str) -> None:
        article = catalog.article(article_id)
        if article is None:
            self.done.append(article_id)
            return
        found = self.analyser.analyse(article.text)
        provisional = replace(
            article,
            entities=found.entities,
            mentions=found.mentions,
            quotes=found.quotes,
            figures=found.figures,
        )
        # Left out by the catalog when the build's final analysis of it is already written;
        # "analysed" is announced either way: the window then shows whichever is stored.
        catalog.write_articles([provisional], provisional=True)
        self.done.append(article_id)
        self.emit({"event": "analysed", "id": article_id})
