"""A UI-thread stall probe for benchmarks (enabled by ``LEDE_STALL_PROBE=<json path>``).

A 10 ms timer notes the longest gap between its ticks: any work that blocks the UI
thread shows up as a gap. Figures are written as JSON when the window closes, and
on every build event, so a benchmark can read them while the app runs.
"""

from __future__ import annotations

import gc
import json
import os
import queue
import resource
import sys
import threading
import time
import traceback
from collections import Counter
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

# Gaps longer than this are listed with their time, so a benchmark can tell what caused them.
LONG_STALL = 0.05
# While the UI thread has not ticked for this long, a watchdog thread samples its Python stack
# every SAMPLE_EVERY, so a benchmark can say which code a stall was spent in, not just when.
SAMPLE_AFTER = 0.03
SAMPLE_EVERY = 0.01
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class StallProbe(QObject):
    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.started = time.perf_counter()
        self.last = self.started
        self.max_gap = 0.0
        self.max_gap_at = 0.0
        # (seconds since start, wall ms, UI-thread CPU ms, ms runnable but not running, ms stolen)
        # of gaps over 50 ms: the rest of a gap was spent asleep (waiting for the GIL, a lock or
        # the disk). The fourth figure is the kernel's own count (schedstat): time waiting for a
        # core, measured rather than inferred from samples of the thread's state. The fifth is the
        # time the hypervisor ran something else on this virtual machine's cores (/proc/stat's
        # steal, summed over the cores, 10 ms resolution): a thread that is "running" then gets
        # no CPU and nothing in the process can help it.
        self.long_stalls: list[tuple[float, float, float, float, float]] = []
        self.last_cpu = time.thread_time()
        self._schedstat = _open_schedstat()
        self.last_queued = _queued_ns(self._schedstat)
        self._stat = _open_proc_stat()
        self.last_steal = _steal_ms(self._stat)
        self.max_busy = 0.0  # the longest gap's UI-thread CPU time: the window's own work
        self.ticks = 0
        self.marks: dict[str, float] = {}
        self.memory: dict[str, tuple[float, float]] = {"start": _memory_mb()}  # (RSS, peak RSS) at each mark
        self._timer = QTimer(self)
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        # Plain Python state shared with the watchdog thread, which must never touch this
        # QObject: it may outlive the C++ side.
        self._watchdog = _Watchdog(threading.get_ident(), threading.get_native_id(), self.started)
        # The thread never holds the probe: the last reference to go would delete the QObject
        # on the wrong thread. Its allocations can still run the cyclic GC there, so whoever
        # drops a probe before the process ends calls stop() first (the window never does).
        self._sampler = threading.Thread(target=self._watchdog.run, name="stall-watchdog", daemon=True)
        self._sampler.start()
        # Full (oldest-generation) garbage collections, (seconds since start, ms): a pass walks
        # every object the collector tracks, so it can stall the UI thread with no work of ours.
        self.full_collections: list[tuple[float, float]] = []
        self._gc_started = 0.0
        gc.callbacks.append(self._on_gc)
        self._writer = _Writer(path)  # plain Python state only: the thread never holds the probe
        self._writing = threading.Thread(target=self._writer.run, name="stall-probe-writer", daemon=True)
        self._writing.start()

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if info.get("generation") != 2:
            return
        now = time.perf_counter()
        if phase == "start":
            self._gc_started = now
        elif len(self.full_collections) < 200:
            self.full_collections.append(
                (round(now - self.started, 3), round((now - self._gc_started) * 1000, 1))
            )

    def stop(self) -> None:
        """End the sampling thread (before the probe is dropped in a process that goes on)."""
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)
        self._writer.queue.put(None)
        self._writing.join()
        self._watchdog.stopped.set()
        self._sampler.join()
        self._timer.stop()
        for fd in (self._schedstat, self._stat):
            if fd is not None:
                os.close(fd)
        self._schedstat = self._stat = None

    def _tick(self) -> None:
        now = time.perf_counter()
        cpu = time.thread_time()
        queued = _queued_ns(self._schedstat)
        steal = _steal_ms(self._stat)
        gap, busy = now - self.last, cpu - self.last_cpu
        if gap > self.max_gap:
            self.max_gap, self.max_gap_at = gap, now - self.started
        self.max_busy = max(self.max_busy, busy)
        if gap > LONG_STALL and len(self.long_stalls) < 200:
            self.long_stalls.append(
                (
                    round(now - self.started, 3),
                    round(gap * 1000, 1),
                    round(busy * 1000, 1),
                    round((queued - self.last_queued) / 1e6, 1),
                    round(steal - self.last_steal, 1),
                )
            )
        self.last, self.last_cpu, self.last_queued, self.last_steal = now, cpu, queued, steal
        self._watchdog.last = now
        self.ticks += 1

    def mark(self, name: str) -> None:
        """Record when something happened (seconds since the window was created)."""
        self.marks.setdefault(name, round(time.perf_counter() - self.started, 3))
        self.memory.setdefault(name, _memory_mb())
        # Written by a thread of its own: a file written and renamed on the UI thread at every
        # mark showed up in the very stalls the probe measures (blocked on the disk under load).
        self._writer.queue.put((self._writer.number(), self._data()))

    def write(self) -> None:
        """Write the figures now, on this thread (the window's close: nothing may be lost)."""
        self._writer.write(self._writer.number(), self._data())

    def _data(self) -> dict[str, object]:
        """A copy of every figure, safe to hand to another thread."""
        return {
            "max_ui_stall_ms": round(self.max_gap * 1000, 1),
            "max_ui_stall_at_s": round(self.max_gap_at, 3),
            "max_ui_busy_ms": round(self.max_busy * 1000, 1),
            "long_stalls": list(self.long_stalls),
            "full_collections": list(self.full_collections),
            "ticks": self.ticks,
            "peak_rss_mb": _peak_rss_mb(),
            "marks": dict(self.marks),
            "memory_mb_at_marks": dict(self.memory),
            **self._watchdog.snapshot(),
        }


class _Writer:
    """Writes snapshots to the probe's file in the order they were taken, never an older over a newer.

    Marks are written by a thread of this class's own; the window's close writes on the UI
    thread. Each snapshot carries a number, and one that is older than the file's is dropped.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.taken = 0
        self.written = 0
        self.queue: queue.SimpleQueue[tuple[int, dict[str, object]] | None] = queue.SimpleQueue()

    def number(self) -> int:
        with self.lock:
            self.taken += 1
            return self.taken

    def write(self, seq: int, data: dict[str, object]) -> None:
        with self.lock:
            if seq <= self.written:
                return
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(tmp, self.path)
            self.written = seq

    def run(self) -> None:
        """Write each posted snapshot in turn (marks are seconds apart); None ends the thread."""
        for seq, data in iter(self.queue.get, None):
            self.write(seq, data)


class _Watchdog:
    """Samples the UI thread's stack while it is stalled (runs on a thread of its own).

    A Python thread gets the GIL at the interpreter's switch interval even while the UI
    thread runs Python code, and at once while it sits in Qt's C++; either way the stack
    shows the Python call that is holding the event loop up. Other threads are sampled
    too: one busy in Python holds the GIL the UI thread may be waiting for.
    """

    def __init__(self, ui_thread: int, native_id: int, now: float) -> None:
        self.ui_thread = ui_thread
        # The kernel's view of the UI thread: R (running, or runnable and waiting for a core),
        # S (asleep: idle in the event loop or blocked on a call), D (waiting on the disk).
        self.state_file = Path(f"/proc/self/task/{native_id}/stat")
        self.states: Counter[str] = Counter()
        self.last = now  # the UI thread's last tick, written by the probe
        self.stacks: Counter[str] = Counter()
        self.stopped = threading.Event()
        # The probe writes these counters out from the UI thread while this thread adds to them.
        self.lock = threading.Lock()

    def snapshot(self) -> dict[str, object]:
        """The counters as the probe's JSON gives them, copied under the lock."""
        with self.lock:
            return {"stall_stacks": self.stacks.most_common(25), "stall_thread_states": dict(self.states)}

    def run(self) -> None:
        while not self.stopped.wait(SAMPLE_EVERY):
            if time.perf_counter() - self.last < SAMPLE_AFTER:
                continue
            frames = sys._current_frames()
            frame = frames.pop(self.ui_thread, None)
            if frame is None:
                continue
            state = _thread_state(self.state_file)
            names = {t.ident: t.name for t in threading.enumerate()}
            others = [
                f"[{names.get(ident, ident)}] {_where(other, 3)}"
                for ident, other in frames.items()
                if ident != threading.get_ident()
            ]
            with self.lock:
                self.stacks[_where(frame)] += 1
                self.states[state] += 1
                self.stacks.update(others)


def _open_schedstat() -> int | None:
    """The calling thread's /proc schedstat, kept open (Linux; None elsewhere or where refused).

    One ``pread`` of it costs about a microsecond, so the probe reads it at every tick without
    adding work of its own to the gaps it measures.
    """
    return _open_proc("/proc/thread-self/schedstat")


def _open_proc_stat() -> int | None:
    """The machine's /proc/stat, kept open (Linux; None elsewhere): one read of its first line
    costs about 6 microseconds, cheap enough for every tick."""
    return _open_proc("/proc/stat")


def _open_proc(path: str) -> int | None:
    try:
        return os.open(path, os.O_RDONLY)
    except OSError:
        return None


def _proc_number(fd: int | None, index: int) -> int:
    """The ``index``-th number at the start of a kept-open /proc file (0 where not known)."""
    if fd is None:
        return 0
    try:
        return int(os.pread(fd, 256, 0).split()[index])
    except (OSError, IndexError, ValueError):
        return 0


def _queued_ns(fd: int | None) -> int:
    """Nanoseconds this thread has spent runnable but waiting for a core (0 where not known)."""
    return _proc_number(fd, 1)


def _steal_ms(fd: int | None) -> float:
    """Milliseconds the hypervisor has taken from this machine's cores since boot, summed (0 where
    not known): the ninth word of /proc/stat's first line, in clock ticks."""
    return _proc_number(fd, 8) * 1000 / _CLOCK_TICKS


def _thread_state(stat: Path) -> str:
    """One letter for a thread's scheduler state, from /proc (``?`` where there is none)."""
    try:
        return stat.read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "?"


def _where(frame: object, depth: int = 6) -> str:
    """The innermost ``depth`` frames of a stack, innermost first, on one line."""
    summary = traceback.extract_stack(frame)[-depth:]  # type: ignore[arg-type]
    return " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(summary))


def _memory_mb() -> tuple[float, float]:
    """(current RSS, peak RSS so far) of this process in MB, from /proc (zeros where there is none)."""
    values = {"VmRSS": 0.0, "VmHWM": 0.0}
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                key = line.split(":", 1)[0]
                if key in values:
                    values[key] = round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return values["VmRSS"], values["VmHWM"]


def _peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM).

    Not ``getrusage().ru_maxrss``: Linux carries that across ``exec`` from the process that
    forked us, so a window launched by a 480 MB benchmark script "peaked" at 480 MB while
    its own memory never passed 130 MB.
    """
    peak = _memory_mb()[1]
    return peak if peak else round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def from_environment(parent: QObject) -> StallProbe | None:
    target = os.environ.get("LEDE_STALL_PROBE")
    return StallProbe(Path(target), parent) if target else None
