"""The ahead lane's analysis in a process of its own, its model loaded from the build's start.

The lane (:mod:`reader.core.analyse.ahead`) used to analyse on a thread of the build
process. Two costs came with that thread, both from sharing one interpreter lock with
the build: loading the model during ingest slowed ingest (a 2k-article list showed a
second later, so small sources did not preload and the first article opened waited
2.3 s for its entities), and during the NER pass the main process, busy feeding spaCy's
workers and running the rule pass, kept the lane waiting (1.3-1.5 s opens at 20k under
load). A forked child has its own interpreter: it loads the model and warms the rule
tables on the other core while ingest runs, and answers one article at a time over a
pipe.

The child is forked before ingest starts, while the build process is small and holds
no spaCy state. It ends when its pipe closes: when the lane closes it, and also when
the build is killed (the kernel closes the build's end; the child reads EOF and exits),
so a killed build never leaves it behind.
"""

from __future__ import annotations

import multiprocessing
import threading
from multiprocessing.connection import Connection
from typing import Protocol

from reader.core.analyse.pipeline import Analysis
from reader.core.children import PipeChild

__all__ = ["Analyser", "InProcessAnalyser", "ProcessAnalyser", "lane_analyser"]

#: Analysed in the child as soon as its model is loaded, so the first real article does not
#: pay for the rule tables and spaCy's first-call set-up (about 0.4 s).
WARM_UP = 'Jane Smith, a spokeswoman for Acme Corp. in Paris, said on Monday: "We are ready."'


class Analyser(Protocol):
    """One article's analysis, as ``analyse_texts([text])[0]`` gives it."""

    def analyse(self, text: str) -> Analysis: ...

    def close(self) -> None: ...


class InProcessAnalyser:
    """The analysis on the caller's thread: where ``fork`` is not available."""

    def __init__(self) -> None:
        from reader.core.analyse.backend import SpacyBackend

        self._backend = SpacyBackend(n_process=1)

    def analyse(self, text: str) -> Analysis:
        from reader.core.analyse.pipeline import analyse_texts

        return analyse_texts([text], backend=self._backend)[0]

    def close(self) -> None:
        pass


class ProcessAnalyser:
    """Analyses texts in a forked child, one request at a time (thread-safe)."""

    def __init__(self) -> None:
        self._child = PipeChild(_serve, "lede-ahead-analysis")
        self._conn = self._child.conn
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        return self._child.pid

    def analyse(self, text: str) -> Analysis:
        """The text's analysis; the child's error (a model that cannot load) raises RuntimeError."""
        with self._lock:
            try:
                self._conn.send(text)
                ok, value = self._conn.recv()
            except (EOFError, OSError) as exc:
                raise RuntimeError(f"the ahead analysis process ended ({exc or 'no answer'})") from exc
        if not ok:
            raise RuntimeError(str(value))
        result: Analysis = value
        return result

    def close(self) -> None:
        """End the child (closing the pipe is its signal; one stuck in work is terminated after 5 s)."""
        self._child.close(5)


def lane_analyser() -> Analyser:
    """A child process where ``fork`` exists (Linux, the bundle), else the caller's thread."""
    if "fork" in multiprocessing.get_all_start_methods():
        return ProcessAnalyser()
    return InProcessAnalyser()


def _serve(conn: Connection) -> None:
    """The child: load and warm the model, then answer each text until the pipe closes."""
    analyser: InProcessAnalyser | None = None
    error = ""
    try:
        analyser = InProcessAnalyser()
        analyser.analyse(WARM_UP)
    except Exception as exc:  # reported with each request: the lane says it once and stops
        error = str(exc) or type(exc).__name__
    while True:
        try:
            text = conn.recv()
        except (EOFError, OSError):
            return
        if analyser is None:
            conn.send((False, error))
            continue
        try:
            conn.send((True, analyser.analyse(text)))
        except Exception as exc:
            conn.send((False, str(exc) or type(exc).__name__))
