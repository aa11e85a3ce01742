"""A plain dump's paragraph buffers segmented in a forked child while the stream reads on.

Finding a buffer's article starts (:func:`segment.find_starts`: the gap
features, both passes) is about half of a plain dump's ingest; cleaning the
lines, counting words and drafting the settled articles is the other half.
Both halves are pure Python, so threads would take turns on one interpreter
lock; a child process has its own. While the child segments one buffer, the
stream (:func:`pipeline.iter_segment_lines`) cleans the next and drafts the
articles the previous one settled, so on two cores a long dump is read in
about the time of its larger half.

The child is forked (as the ahead lane's is, :mod:`analyse.lane_process`) at
the first full buffer, so a dump shorter than one buffer never starts it, and
it inherits the segmenter already imported. It answers one buffer at a time
over a pipe and ends when the pipe closes, which the kernel also does when the
stream's process is killed, so it never outlives a killed build. A child that
dies, or fails on a buffer, costs nothing but time: the stream segments that
buffer itself and carries on without it, and the starts are the same either
way (find_starts is a pure function of the buffer).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Sequence
from multiprocessing.connection import Connection

from reader.core.children import PipeChild
from reader.core.ingest.segment import Segmentation, Unit, segment_units

__all__ = ["StartsProcess", "wanted"]

#: Set to "0" to segment on the stream's own thread (the sequential path, same output).
ENV_SWITCH = "LEDE_INGEST_PROCESS"


def wanted() -> bool:
    """Is a second process worth it: ``fork`` exists, two cores are ours, and it is not switched off?"""
    if os.environ.get(ENV_SWITCH, "1") == "0" or "fork" not in multiprocessing.get_all_start_methods():
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores >= 2


class StartsProcess:
    """segment_units in a forked child, one buffer in flight at a time."""

    def __init__(self) -> None:
        self._child = PipeChild(_serve, "lede-ingest-starts")
        self._conn = self._child.conn
        self._units: Sequence[Unit] | None = None

    @property
    def pid(self) -> int | None:
        return self._child.pid

    def submit(self, units: Sequence[Unit]) -> None:
        """Send one buffer; :meth:`result` must be asked before the next is sent."""
        self._units = units
        with contextlib.suppress(OSError, ValueError):  # the child is gone: result() segments here
            self._conn.send(list(units))

    def ready(self) -> bool:
        """Has the child answered (or died: then :meth:`result` returns at once too)?"""
        try:
            return bool(self._conn.poll())
        except (OSError, ValueError):
            return True

    def result(self) -> tuple[Segmentation, bool]:
        """The submitted buffer's starts and doubts, and whether the child gave them.

        False means the child died or failed: the starts were found here, and the
        caller should stop sending buffers to it.
        """
        units, self._units = self._units, None
        if units is None:
            raise RuntimeError("result() asked with no buffer submitted")
        try:
            ok, found = self._conn.recv()
        except (EOFError, OSError, ValueError):
            ok, found = False, None
        if ok and isinstance(found, Segmentation):
            return found, True
        return segment_units(units), False  # the child's error, if any, is raised here with a real traceback

    def close(self) -> None:
        """End the child (closing the pipe is its signal; one stuck in a buffer is terminated after 2 s)."""
        self._child.close(2)


def _serve(conn: Connection) -> None:
    """The child: answer each buffer with its starts and doubts until the pipe closes."""
    while True:
        try:
            units = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[bool, object] = (True, segment_units(units))
        except Exception as exc:  # the parent segments this buffer itself and sees the error there
            answer = (False, str(exc))
        try:
            conn.send(answer)
        except (OSError, ValueError):
            return
