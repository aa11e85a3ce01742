"""The benchmark stall probe sees a blocked UI thread and says when it happened."""

from __future__ import annotations

import gc
import json
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from reader.ui.probe import StallProbe


def test_a_blocked_ui_thread_is_recorded_with_its_time(qtbot: QtBot, tmp_path: Path) -> None:
    owner = QObject()
    probe = StallProbe(tmp_path / "probe.json", owner)
    qtbot.wait(60)
    time.sleep(0.12)  # the UI thread is busy: no timer tick for 120 ms
    qtbot.wait(60)
    probe.mark("done")
    probe.stop()
    data = json.loads((tmp_path / "probe.json").read_text(encoding="utf-8"))
    assert data["max_ui_stall_ms"] >= 115
    assert any(ms >= 115 for _at, ms, _cpu, _queued, _steal in data["long_stalls"])
    assert 0.05 < data["max_ui_stall_at_s"] <= data["marks"]["done"]
    # Asleep, the UI thread did no work: the stall is booked as waiting, not as the window's own.
    assert all(cpu < 50 for _at, ms, cpu, _queued, _steal in data["long_stalls"] if ms >= 115)
    # ... and not as waiting for a core: asleep is not runnable
    assert all(queued < 50 for _at, ms, _cpu, queued, _steal in data["long_stalls"] if ms >= 115)
    assert data["stall_thread_states"].get("S", 0) >= 3  # and the kernel saw it asleep


def _spin_on_the_ui_thread(cpu_seconds: float) -> None:
    end = time.thread_time() + cpu_seconds  # CPU time, so a busy machine cannot shorten the work
    while time.thread_time() < end:
        pass


def test_a_busy_ui_thread_is_booked_as_work_with_the_code_it_ran(qtbot: QtBot, tmp_path: Path) -> None:
    owner = QObject()
    probe = StallProbe(tmp_path / "probe.json", owner)
    qtbot.wait(60)
    _spin_on_the_ui_thread(0.2)
    qtbot.wait(60)
    probe.mark("done")
    probe.stop()
    data = json.loads((tmp_path / "probe.json").read_text(encoding="utf-8"))
    assert data["max_ui_busy_ms"] >= 200
    stacks = dict((stack, count) for stack, count in data["stall_stacks"])
    spinning = sum(
        count for stack, count in stacks.items() if "_spin_on_the_ui_thread" in stack.split(" < ")[0]
    )
    assert spinning >= 3  # sampled every 10 ms after the first 30 ms of a stall of 200 ms or more
    assert data["stall_thread_states"].get("R", 0) >= 3  # busy: the kernel saw it running


@pytest.mark.skipif(not Path("/proc/thread-self/schedstat").exists(), reason="Linux schedstat only")
def test_a_ui_thread_waiting_for_a_core_is_booked_as_queued(qtbot: QtBot, tmp_path: Path) -> None:
    """A stall on a machine whose cores are taken: the kernel's run-queue time is recorded with it."""
    import os
    import subprocess
    import sys

    cpu = min(os.sched_getaffinity(0))
    before = os.sched_getaffinity(0)
    # a CPU-bound process of equal priority on the one core the UI thread may use
    rival = subprocess.Popen(
        [sys.executable, "-c", f"import os; os.sched_setaffinity(0, {{{cpu}}})\nwhile True: pass"]
    )
    try:
        os.sched_setaffinity(0, {cpu})
        time.sleep(0.3)  # the rival is pinned and spinning
        owner = QObject()
        probe = StallProbe(tmp_path / "probe.json", owner)
        qtbot.wait(60)
        _spin_on_the_ui_thread(0.2)  # 200 ms of CPU that takes about twice as long on a shared core
        qtbot.wait(60)
        probe.mark("done")
        probe.stop()
    finally:
        os.sched_setaffinity(0, before)
        rival.kill()
        rival.wait()
    data = json.loads((tmp_path / "probe.json").read_text(encoding="utf-8"))
    longest = max(data["long_stalls"], key=lambda stall: stall[1])
    _at, wall, busy, queued, _steal = longest
    assert busy >= 200 and queued >= 50  # the core was shared for the whole spin
    assert wall >= busy + queued - 5  # the wall time is the work plus the wait (plus scheduling slack)


def test_a_full_garbage_collection_is_recorded_with_its_time(qtbot: QtBot, tmp_path: Path) -> None:
    owner = QObject()
    probe = StallProbe(tmp_path / "probe.json", owner)
    qtbot.wait(30)
    gc.collect(1)  # a younger generation is not a full pass
    gc.collect()
    probe.mark("done")
    probe.stop()
    gc.collect()  # after stop(): not recorded
    data = json.loads((tmp_path / "probe.json").read_text(encoding="utf-8"))
    assert len(data["full_collections"]) == 1
    at, ms = data["full_collections"][0]
    assert 0 < at <= data["marks"]["done"] and ms >= 0


def test_the_peak_memory_is_the_window_s_own_not_its_launcher_s() -> None:
    import subprocess
    import sys

    from tests.conftest import REPO

    ballast = bytearray(300 * 1024 * 1024)
    ballast[::4096] = b"\1" * len(range(0, len(ballast), 4096))  # touch every page: 300 MB resident
    child = subprocess.run(
        [sys.executable, "-c", "from reader.ui.probe import _peak_rss_mb; print(_peak_rss_mb())"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    del ballast
    assert 5 < float(child.stdout) < 150  # ru_maxrss would say over 300 here


def test_marks_are_written_off_the_ui_thread_and_never_over_a_newer_write(tmp_path: Path) -> None:
    from reader.ui.probe import _Writer

    writer = _Writer(tmp_path / "probe.json")
    older, newer = writer.number(), writer.number()
    writer.write(newer, {"marks": {"closed": 2.0}})  # the window's close, on the UI thread
    writer.queue.put((older, {"marks": {}}))  # a mark's snapshot the writer thread reaches late
    writer.queue.put(None)
    writer.run()
    data = json.loads((tmp_path / "probe.json").read_text(encoding="utf-8"))
    assert data == {"marks": {"closed": 2.0}}


def test_a_mark_reaches_the_file_before_the_probe_stops(qtbot: QtBot, tmp_path: Path) -> None:
    owner = QObject()
    probe = StallProbe(tmp_path / "probe.json", owner)
    probe.mark("first")
    qtbot.waitUntil(lambda: (tmp_path / "probe.json").exists(), timeout=5000)
    probe.mark("second")
    probe.stop()
    marks = json.loads((tmp_path / "probe.json").read_text(encoding="utf-8"))["marks"]
    assert list(marks) == ["first", "second"]


def test_the_hypervisors_steal_is_read_from_the_first_line_of_proc_stat(tmp_path: Path) -> None:
    import os

    from reader.ui.probe import _CLOCK_TICKS, _steal_ms

    stat = tmp_path / "stat"
    stat.write_text(
        "cpu  681318 1935109 154412 1343504 8199 0 4090 29825 0 0\ncpu0 1 2 3\n", encoding="ascii"
    )
    fd = os.open(stat, os.O_RDONLY)
    try:
        assert _steal_ms(fd) == 29825 * 1000 / _CLOCK_TICKS
    finally:
        os.close(fd)
    assert _steal_ms(None) == 0.0
