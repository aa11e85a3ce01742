"""Typing in the search box must never stall the window (on demand).

Builds (or reuses) a library of N generated articles, opens the real window
offscreen, types queries into the search box one key every 80 ms as a person
would, and measures the longest gap of a 5 ms UI-thread timer while the live
search runs. Baseline in the same run: the same timer with the window idle.

    python tests/bench/bench_typing.py [--n 5000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from tests.bench.offscreen import isolate  # noqa: E402

WORK = isolate("lede-typing-")

from PySide6.QtCore import QElapsedTimer, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

QUERIES = [
    "ceasefire talks",
    "minister election",
    "protest* police",
    '"prime minister"',
    "court ruling appeal",
]


class GapMeter:
    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.clock.start()
        self.last = 0
        self.max_gap = 0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.max_gap = max(self.max_gap, now - self.last)
        self.last = now

    def run(self, seconds: float, action=None) -> int:  # type: ignore[no-untyped-def]
        self.max_gap = 0
        self.last = self.clock.elapsed()
        self.timer.start()
        if action is not None:
            action()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            QApplication.processEvents()
            time.sleep(0.001)
        self.timer.stop()
        return self.max_gap


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=5000)
    args = parser.parse_args()
    from tests.bench import corpus

    source = WORK / f"dump-{args.n}.jsonl"
    corpus.write_jsonl(corpus.generate(args.n), source)
    from reader import paths
    from reader.core.build import build_source

    t = time.perf_counter()
    build_source(source, paths.source_cache_dir(source))
    build_s = time.perf_counter() - t

    from reader.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    win = MainWindow(source)
    win.show()
    deadline = time.monotonic() + 120
    while (win.library is None or win.list_model.total_rows() < args.n) and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    meter = GapMeter()
    idle = meter.run(2.0)
    gaps = []
    for query in QUERIES:
        win.search.edit.clear()

        def type_query(q: str = query) -> None:
            for i, ch in enumerate(q):
                QTimer.singleShot(80 * i, lambda ch=ch: QTest.keyClick(win.search.edit, ch))

        gaps.append(meter.run(0.08 * len(query) + 1.0, type_query))
        QTest.keyClick(win.search.edit, Qt.Key.Key_Escape)
    result = {
        "articles": args.n,
        "build_s": round(build_s, 1),
        "idle_max_gap_ms": idle,
        "typing_max_gap_ms": max(gaps),
        "typing_gaps_ms": gaps,
        "bar_ms": 50,
    }
    print(json.dumps(result, indent=1))
    win.close()
    del app


if __name__ == "__main__":
    main()
