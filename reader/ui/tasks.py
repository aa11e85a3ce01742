"""Background work for the window.

* :class:`TaskRunner` runs named operations (:mod:`reader.ui.operations`) off the UI
  thread. Reads (search, loading an article) go to a small pool; writes (annotations)
  go to ONE writer thread so they are applied in order. Results and errors come back as
  Qt signals, delivered on the UI thread, where the callbacks run. After a write, what
  it changed is broadcast as ``changed(Changes)`` so each view decides whether to refresh.
* :class:`BuildProcess` runs ``lede index SOURCE --progress-json --background`` as a
  child process, because spaCy and Whoosh writing would hold the interpreter lock
  and stall the window if they ran in a thread here. It reads the JSON-lines
  progress and re-emits it as signals.
"""

from __future__ import annotations

import functools
import itertools
import json
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Signal, Slot

from reader.cli import child_command
from reader.ui.operations import Operation

# Runs ``work`` off the UI thread and calls ``on_done(result)`` back on it (TaskRunner.run's shape).
Background = Callable[[Callable[[], Any], Callable[[Any], None]], object]


class Latest:
    """Background work whose newest result alone is shown.

    For views that recompute on every keystroke (the sidebar's filter, the palette):
    workers may finish out of order, so a result asked for before the latest request is
    dropped. Without a runner, or when the caller says the work is small, it runs at once.
    """

    def __init__(self, run: Background | None = None) -> None:
        self.run = run
        self._generation = 0

    def submit(
        self, work: Callable[[], Any], show: Callable[[Any], None], *, background: bool = True
    ) -> None:
        self._generation += 1
        generation = self._generation

        def deliver(result: Any) -> None:
            if generation == self._generation:
                show(result)

        if background and self.run is not None:
            self.run(work, deliver)
        else:
            deliver(work())


class TaskRunner(QObject):
    """Runs callables in the background and calls back on the UI thread."""

    _finished = Signal(int, object, object)  # token, result, error
    changed = Signal(object)  # reader.core.types.Changes, after a write that changed something

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="lede-read")
        self._writes = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lede-write")
        self._callbacks: dict[
            int, tuple[Callable[[Any], None] | None, Callable[[Exception], None] | None, str]
        ] = {}
        self._tokens = itertools.count(1)
        self._finished.connect(self._deliver)
        self.pending = 0
        self.closed = False

    def submit(self, op: Operation[Any]) -> int:
        """Run a named operation; a write's changes are broadcast before its own callback runs.

        ``changed`` comes first so views are refreshing before a callback that opens a modal
        dialog (which would hold the broadcast back until it closed). The refresh a view
        starts here begins after the write completed: a write and the reads after it are ordered.
        """

        def done(result: Any) -> None:
            changes = op.changes_of(result)
            if changes is not None:
                self.changed.emit(changes)
            if op.on_success is not None:
                op.on_success(result)

        return self.run(op.work, done, op.on_failure, write=op.write, name=op.name)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        write: bool = False,
        name: str = "background task",
    ) -> int:
        """Run ``fn`` in the background (the shape views take as :data:`Background`)."""
        if self.closed:
            return -1  # the window is closing: nothing new starts
        token = next(self._tokens)
        self._callbacks[token] = (on_done, on_error, name)
        self.pending += 1
        pool = self._writes if write else self._reads
        future = pool.submit(fn)
        future.add_done_callback(functools.partial(self._complete, token))
        return token

    def _complete(self, token: int, future: Future[Any]) -> None:
        error = future.exception()
        self._finished.emit(token, None if error else future.result(), error)

    @Slot(int, object, object)
    def _deliver(self, token: int, result: Any, error: Any) -> None:
        self.pending -= 1
        on_done, on_error, name = self._callbacks.pop(token, (None, None, ""))
        if self.closed:
            return  # the views these callbacks would update are gone
        if error is not None:
            if on_error is not None:
                on_error(error)
            else:
                print(f"lede: {name or 'background task'} failed: {error}", file=sys.stderr)
        elif on_done is not None:
            on_done(result)

    def shutdown(self) -> None:
        """Let queued writes finish (they are the user's words), drop pending reads."""
        self.closed = True
        self._reads.shutdown(wait=False, cancel_futures=True)
        self._writes.shutdown(wait=True)


class BuildProcess(QObject):
    """The index build as a child process, reporting progress as signals."""

    # One JSON progress line of the build (``lede index --progress-json``). Not named ``event``:
    # that would shadow QObject.event(), the handler Qt calls for every event sent to the object.
    progressed = Signal(dict)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, source: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self._proc = QProcess(self)
        self._proc.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        env = QProcessEnvironment.systemEnvironment()
        env.remove("QT_QPA_PLATFORM")
        self._proc.setProcessEnvironment(env)
        self._proc.readyReadStandardOutput.connect(self._read)
        self._proc.finished.connect(self._done)
        self._proc.errorOccurred.connect(self._error)
        self._buffer = b""
        self._stderr = b""
        self._reported = False

    def start(self) -> None:
        # `python -m reader index …` from source, `lede index …` in a frozen bundle (cli.child_command)
        program, args = child_command(
            ["index", str(self.source), "--progress-json", "--background", "--ahead-stdin"]
        )
        self._proc.start(program, args)

    def ask_first(self, article_ids: list[str]) -> None:
        """Ask the build to analyse these articles ahead of the rest (one line on its stdin)."""
        if self.running():
            self._proc.write((json.dumps({"first": article_ids}) + "\n").encode("utf-8"))

    def running(self) -> bool:
        return self._proc.state() != QProcess.ProcessState.NotRunning

    def cancel(self) -> None:
        """Stop the build: a stop the user asked for is not reported as a failure."""
        if self.running():
            self._reported = True
            self._proc.kill()
            self._proc.waitForFinished(2000)

    @Slot()
    def _read(self) -> None:
        self._buffer += bytes(self._proc.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict):
                self.progressed.emit(event)

    @Slot(int, QProcess.ExitStatus)
    def _done(self, code: int, status: QProcess.ExitStatus) -> None:
        self._read()
        if code != 0 or status != QProcess.ExitStatus.NormalExit:
            err = bytes(self._proc.readAllStandardError().data()).decode("utf-8", "replace").strip()
            message = err.splitlines()[-1] if err else f"the index build stopped (exit {code})"
            self._fail(message)
        self.finished.emit()

    @Slot(QProcess.ProcessError)
    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._fail("could not start the index build process")
            self.finished.emit()

    def _fail(self, message: str) -> None:
        if not self._reported:
            self._reported = True
            self.failed.emit(message)
