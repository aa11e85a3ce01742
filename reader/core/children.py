"""Worker processes that die with the build that forked them.

A build forks helpers: spaCy's NER workers, the rule-pass pool, Whoosh's index writers,
the entity-field copy. When the build itself is killed (the window's "stop the build"
sends SIGKILL, as does a user's ``kill -9``), those children used to live on: a spaCy
worker blocks for ever on its input queue, holding a core's worth of model memory, and
a few cancelled builds left a laptop swapping. On Linux every child forked after
:func:`children_die_with_parent` asks the kernel for SIGKILL when its parent goes
(``prctl(PR_SET_PDEATHSIG)``), and kills itself at once if the parent is already gone.

The kernel ties that signal to the *thread* that forked the child, so this is for a
process whose forks come from its main thread: ``lede index`` (the build child), not
the window or a test runner whose worker threads come and go.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection

__all__ = ["PipeChild", "children_die_with_parent"]

_PR_SET_PDEATHSIG = 1
_installed = False
_forking_pid = 0


def children_die_with_parent() -> bool:
    """From now on, children of this process (and theirs) die with their parent; False where unsupported."""
    global _installed
    if _installed:
        return True
    if not sys.platform.startswith("linux") or not hasattr(os, "register_at_fork"):
        return False
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return False

    def before() -> None:
        global _forking_pid
        _forking_pid = os.getpid()

    def in_child() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != _forking_pid:  # the parent died between the fork and the prctl
            os.kill(os.getpid(), signal.SIGKILL)

    os.register_at_fork(before=before, after_in_child=in_child)
    _installed = True
    return True


class PipeChild:
    """A forked child that serves requests over a pipe and ends when the pipe closes.

    The ahead lane's analyser and the ingest's segmenting helper are both this: ``serve``
    runs in the child with its end of the pipe, reads requests until EOF and answers each.
    EOF comes when :meth:`close` closes the parent's end, and also when the parent is killed
    (the kernel closes its end), so a child never outlives its parent waiting for work.
    """

    def __init__(self, serve: Callable[[Connection], None], name: str) -> None:
        ctx = multiprocessing.get_context("fork")
        self.conn, child_end = ctx.Pipe()
        self._proc = ctx.Process(target=_run, args=(serve, child_end, self.conn), name=name, daemon=True)
        self._proc.start()
        child_end.close()

    @property
    def pid(self) -> int | None:
        return self._proc.pid

    @property
    def exitcode(self) -> int | None:
        return self._proc.exitcode

    def close(self, patience: float) -> None:
        """End the child: closing the pipe is its signal; one still working after ``patience`` s is terminated."""
        with contextlib.suppress(OSError):
            self.conn.close()
        self._proc.join(patience)
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(patience)


def _run(serve: Callable[[Connection], None], conn: Connection, parent_end: Connection) -> None:
    """The child's start: drop the parent's end of the pipe, leave Ctrl+C to the parent, serve."""
    parent_end.close()  # else the child itself would keep the pipe open and never see EOF
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal is the parent's to handle
    serve(conn)
