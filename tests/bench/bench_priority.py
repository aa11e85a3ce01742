"""Does the build's scheduling priority decide the window's stalls? (on demand)

The window starts its build at nice 10 (``cli.BACKGROUND_NICENESS``) so that, on a 2-core
machine, the scheduler runs the UI thread before the build's spaCy processes. This bench
checks that choice without a build's noise: it opens a built library of N generated
articles in the real window offscreen, presses Page Down (ten times, then Page Up ten times,
and so on) every 250 ms for ``--seconds``, and counts the gaps of a 10 ms UI-thread timer over
50 ms while two CPU-bound processes (one per core, as the build's two spaCy processes) run
under each policy in turn, alternating over ``--runs``:

* ``none``: no other process (the baseline, same run);
* ``nice0``: the processes at the window's own priority (a build started without niceness);
* ``nice10``, ``nice19``: the processes niced as given;
* ``idle``: the processes under ``SCHED_IDLE`` (Linux: they run only when a core is free).

For every policy it prints the stalls over 50 ms, the longest gap and the 99th percentile, and
for the stalls the UI thread's own CPU in them: CPU near the gap means the window was working,
little CPU means it was waiting. The processes run in the window's scheduling group (Linux
groups a session's processes, and the build is the window's child). Other jobs on the machine
are other groups and take their share whatever the build does; ``--own-group`` raises this
group's weight (``/proc/self/autogroup``, root only) so that they count less.

    python tests/bench/bench_priority.py [--n 2000] [--runs 3] [--policies none,nice0,nice10,idle]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from tests.bench.offscreen import isolate  # noqa: E402

WORK = isolate("lede-priority-")

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

# One CPU-bound process: matrix products (memory traffic, as spaCy's) and Python bytecode.
BURNER = """
import os, sys
import numpy as np
policy = sys.argv[1]
if policy.startswith("nice"):
    os.nice(int(policy[4:]))
elif policy == "idle":
    os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
a = np.random.rand(200, 200)
while True:
    a = a @ a
    a /= a.max()
    sum(i * i for i in range(3000))
"""
STALL_MS = 50.0


def measure(win: object, seconds: float) -> tuple[list[float], list[float]]:
    """Tick gaps (ms) and the UI thread's CPU (ms) in each, while Page Down/Up is pressed every 250 ms."""
    from reader.ui.widgets.article_list import ArticleList

    lst = win.findChildren(ArticleList)[0]  # type: ignore[attr-defined]
    lst.setFocus()
    gaps: list[float] = []
    cpus: list[float] = []
    last = [time.perf_counter(), time.thread_time()]
    presses = [0]

    def tick() -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        gaps.append((now - last[0]) * 1000)
        cpus.append((cpu - last[1]) * 1000)
        last[0], last[1] = now, cpu

    def press() -> None:
        presses[0] += 1
        down = (presses[0] // 10) % 2 == 0
        QTest.keyClick(lst, Qt.Key.Key_PageDown if down else Qt.Key.Key_PageUp)

    ticker, presser = QTimer(), QTimer()
    ticker.setInterval(10)
    ticker.timeout.connect(tick)
    presser.setInterval(250)
    presser.timeout.connect(press)
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    last[0], last[1] = time.perf_counter(), time.thread_time()
    ticker.start()
    presser.start()
    loop.exec()
    ticker.stop()
    presser.stop()
    return gaps, cpus


def run_policy(win: object, policy: str, seconds: float) -> str:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    burners = (
        []
        if policy == "none"
        else [subprocess.Popen([sys.executable, "-c", BURNER, policy], env=env) for _ in range(2)]
    )
    try:
        time.sleep(1.0 if burners else 0.0)  # both spinning before the measure starts
        gaps, cpus = measure(win, seconds)
    finally:
        for proc in burners:
            proc.kill()
            proc.wait()
    stalls = [(g, c) for g, c in zip(gaps, cpus, strict=True) if g > STALL_MS]
    ordered = sorted(gaps)
    p99 = ordered[int(len(ordered) * 0.99)]
    own = sorted(round(c) for _g, c in stalls)
    return (
        f"{policy:7s} stalls over {STALL_MS:.0f} ms: {len(stalls):3d}   longest {ordered[-1]:6.1f} ms"
        f"   p99 {p99:5.1f} ms   UI CPU in the stalls (ms): {own if len(own) <= 10 else own[:5] + ['…'] + own[-5:]}"
        f"   load {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--policies", default="none,nice0,nice10,idle")
    parser.add_argument("--own-group", action="store_true", help="raise this session's group weight (root)")
    args = parser.parse_args()
    if args.own_group:
        Path("/proc/self/autogroup").write_text("-15", encoding="ascii")
    from reader import paths
    from reader.core.build import build_source
    from tests.bench import corpus

    source = WORK / f"dump-{args.n}.jsonl"
    corpus.write_jsonl(corpus.generate(args.n), source)
    build_source(source, paths.source_cache_dir(source))

    from reader.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    win = MainWindow(source)
    win.resize(1400, 900)
    win.show()
    deadline = time.monotonic() + 120
    while (win.library is None or win.list_model.total_rows() < args.n or win.current is None) and (
        time.monotonic() < deadline
    ):
        app.processEvents()
        time.sleep(0.01)
    settle = time.monotonic() + 1.0
    while time.monotonic() < settle:
        app.processEvents()
        time.sleep(0.01)
    counts: dict[str, list[str]] = {}
    for _ in range(args.runs):
        for policy in args.policies.split(","):
            line = run_policy(win, policy, args.seconds)
            counts.setdefault(policy, []).append(line.split("ms:")[1].split()[0])
            print(line, flush=True)
    for policy, runs in counts.items():
        print(f"{policy}: stalls per run {', '.join(runs)} (median {statistics.median(map(int, runs)):.0f})")
    win.close()


if __name__ == "__main__":
    main()
