"""A watch on Whoosh's multiprocessing writer: a writer process that dies fails the build.

Whoosh's ``MpWriter`` hands batches of documents to writer processes through a bounded
queue and, at commit, takes whatever segments came back. A writer process killed by the
OOM killer therefore either hung the build (the parent blocked for ever on a full queue
that no one drained) or, had it died after its batches were queued, let Whoosh commit an
index quietly missing that process's documents. These functions reach ``MpWriter``'s
``tasks`` and ``jobqueue`` with ``getattr`` and do nothing for a single-process writer.
"""

from __future__ import annotations

import queue
from typing import Any

from reader.core.errors import IndexBuildError


class _WatchedQueue:
    """The job queue between Whoosh's multiprocessing writer and its writer processes,
    watched: a put that waits on a full queue looks every half second whether a writer
    process died, and raises instead of waiting for ever.

    Without it a writer killed by the OOM killer hung the build (the parent blocked on the
    bounded queue no one drained), and one that died before its last batch made Whoosh
    commit an index quietly missing that process's documents.
    """

    def __init__(self, inner: Any, writer: Any) -> None:
        self._inner = inner
        self._writer = writer

    def put(self, item: Any) -> None:
        while True:
            try:
                self._inner.put(item, timeout=0.5)
                return
            except queue.Full:
                check_writer_processes(self._writer, finished=False)

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._inner.get(*args, **kwargs)


def writer_processes(writer: Any) -> list[Any]:
    """The processes of Whoosh's multiprocessing writer (none for a single writer)."""
    return list(getattr(writer, "tasks", None) or [])


def watch_writer_processes(writer: Any) -> None:
    # MpWriter hands ``self.jobqueue`` to each writer process it starts (forked, so the
    # wrapper is inherited as is); a single-process writer has no queue and is left alone.
    inner = getattr(writer, "jobqueue", None)
    if inner is not None:
        writer.jobqueue = _WatchedQueue(inner, writer)


def check_writer_processes(writer: Any, *, finished: bool) -> None:
    """Raise IndexBuildError if a writer process died (or, once ``finished``, did not end well)."""
    for task in writer_processes(writer):
        code = task.exitcode
        if (code is not None and code != 0) or (finished and code is None):
            stop_writer_processes(writer)
            how = "did not finish" if code is None else f"exited with code {code}"
            raise IndexBuildError(
                f"an index writer process {how} (out of memory?); the index was not published"
            )


def stop_writer_processes(writer: Any) -> None:
    """End the writer processes still running, so a failed build leaves none behind."""
    for task in writer_processes(writer):
        if task.is_alive():
            task.terminate()
            task.join(5)
