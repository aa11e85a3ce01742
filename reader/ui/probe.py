"""A UI-thread stall probe for benchmarks (enabled by ``LEDE_STALL_PROBE=<json path>``).

A 10 ms timer notes the longest gap between its ticks: any work that blocks the UI
thread shows up as a gap. Figures are written as JSON when the window closes, and
on every build event, so a benchmark can read them while the app runs.
"""

from __future__ import annotations

import json
import os
import resource
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

# Gaps longer than this are listed with their time, so a benchmark can tell what caused them.
LONG_STALL = 0.05


class StallProbe(QObject):
    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.started = time.perf_counter()
        self.last = self.started
        self.max_gap = 0.0
        self.max_gap_at = 0.0
        self.long_stalls: list[tuple[float, float]] = []  # (seconds since start, ms) of gaps over 50 ms
        self.ticks = 0
        self.marks: dict[str, float] = {}
        self.memory: dict[str, tuple[float, float]] = {"start": _memory_mb()}  # (RSS, peak RSS) at each mark
        self._timer = QTimer(self)
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self.last
        if gap > self.max_gap:
            self.max_gap, self.max_gap_at = gap, now - self.started
        if gap > LONG_STALL and len(self.long_stalls) < 200:
            self.long_stalls.append((round(now - self.started, 3), round(gap * 1000, 1)))
        self.last = now
        self.ticks += 1

    def mark(self, name: str) -> None:
        """Record when something happened (seconds since the window was created)."""
        self.marks.setdefault(name, round(time.perf_counter() - self.started, 3))
        self.memory.setdefault(name, _memory_mb())
        self.write()

    def write(self) -> None:
        data = {
            "max_ui_stall_ms": round(self.max_gap * 1000, 1),
            "max_ui_stall_at_s": round(self.max_gap_at, 3),
            "long_stalls": self.long_stalls,
            "ticks": self.ticks,
            "peak_rss_mb": _peak_rss_mb(),
            "marks": self.marks,
            "memory_mb_at_marks": self.memory,
        }
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, self.path)


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
