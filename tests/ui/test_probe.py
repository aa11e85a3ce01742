"""The benchmark stall probe sees a blocked UI thread and says when it happened."""

from __future__ import annotations

import json
import time
from pathlib import Path

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
    data = json.loads((tmp_path / "probe.json").read_text(encoding="utf-8"))
    assert data["max_ui_stall_ms"] >= 115
    assert any(ms >= 115 for _at, ms in data["long_stalls"])
    assert 0.05 < data["max_ui_stall_at_s"] <= data["marks"]["done"]
