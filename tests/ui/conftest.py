"""Window fixtures: the sample is built once per session (in-process), so each
window test opens a fresh build at once; a separate test covers the child-process
build path."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from reader import paths
from reader.core.build import build_source
from reader.ui.main_window import MainWindow
from tests.conftest import SAMPLE


@pytest.fixture(scope="session")
def built_sample() -> Path:
    build_source(SAMPLE, paths.source_cache_dir(SAMPLE))
    return SAMPLE


@pytest.fixture
def fresh_data_dir() -> Iterator[Path]:
    """An empty annotations database for each test."""
    db = paths.annotations_db()
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    yield paths.data_dir()
    for p in paths.data_dir().glob("annotations.sqlite.bak*"):
        p.unlink(missing_ok=True)


def wait_ready(qtbot, window: MainWindow, rows: int = 4) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: window.library is not None and window.list_model.rowCount() == rows, timeout=60000
    )
    qtbot.waitUntil(lambda: window.current is not None, timeout=10000)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=10000)


def open_window(qtbot, source: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """A window on ``source`` (already built), shown, its list filled and the reader focused."""
    win = MainWindow(source)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    wait_ready(qtbot, win)
    win.reader.setFocus()
    return win


@pytest.fixture
def window(qtbot, built_sample: Path, fresh_data_dir: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, built_sample)
    yield win
    win.close()


def settle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=10000)


def remove_cache(source: Path) -> None:
    shutil.rmtree(paths.source_cache_dir(source), ignore_errors=True)


def when_modal(act: Callable[[QWidget], None]) -> None:
    """Run ``act(dialog)`` once the next modal dialog is up (exec() blocks the test)."""

    def poll() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, poll)
        else:
            act(modal)

    QTimer.singleShot(50, poll)
