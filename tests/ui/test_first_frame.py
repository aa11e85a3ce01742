"""The first frame: the app shows its window before it imports and builds the panes.

How fast that is, is a figure (``tests/bench/bench_launch.py``); what is tested here is
what the first frame is made of, what it must not load, and that the window it turns
into is the same one the tests build in one step.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QSplitter

from reader.ui.first_frame import FirstFrame, menu_titles
from reader.ui.main_window import FIRST_FRAME_PATIENCE_MS, PANE_MODULES, MainWindow
from tests.ui.conftest import wait_ready

MENUS = ["&File", "&Navigate", "&Annotate", "&Search", "&Panes", "&View", "&Help"]

# Loaded only once the first frame is on screen: the panes, the controllers, the task
# runner, the core (its values, the library, SQLite, Whoosh, spaCy) and the optional modules.
NOT_BEFORE_FIRST_PAINT = (
    "reader.ui.widgets.",
    "reader.ui.controllers",
    "reader.ui.models",
    "reader.ui.tasks",
    "reader.ui.operations",
    "reader.ui.commands",
    "reader.ui.actions",
    "reader.ui.speech",
    "reader.ui.link_server",
    "PySide6.QtNetwork",
    "reader.core.types",
    "reader.core.library",
    "reader.core.build",
    "reader.core.search",
    "reader.core.store",
    "sqlite3",
    "whoosh",
    "spacy",
    "PySide6.QtTextToSpeech",
)

FIRST_FRAME = f"""
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from reader.ui.app import make_app
from reader.ui.main_window import MainWindow
app = make_app()
window = MainWindow(Path({str(Path(__file__))!r}), first_frame=True)
window.show()
print(window.completed)
print(sorted(m for m in sys.modules if m.startswith({NOT_BEFORE_FIRST_PAINT!r})))
"""


def shown_first_frame(qtbot, source: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """A window shown as its first frame, once that frame has been painted."""
    win = MainWindow(source, first_frame=True)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.centralWidget().painted, timeout=10000):
        win.show()
    return win


def test_the_first_frame_loads_none_of_the_panes_the_controllers_or_the_core() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME], capture_output=True, text=True, timeout=120, env=env
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["False", "[]"]


def test_the_first_frame_has_the_title_the_size_the_menus_and_the_pane_outlines(
    qtbot, built_sample: Path, fresh_data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow(built_sample, first_frame=True)
    qtbot.addWidget(win)
    assert not win.completed
    assert win.windowTitle() == "Lede"
    assert (win.width(), win.height()) == (1280, 800)
    assert isinstance(win.centralWidget(), FirstFrame)
    assert [a.text() for a in win.menuBar().actions()] == MENUS == menu_titles()
    assert win.statusBar().currentMessage() == "Opening…"
    frame = win.centralWidget()
    assert isinstance(frame, FirstFrame)
    frame.resize(1280, 760)
    assert [(r.x(), r.width()) for r in frame.pane_rects()] == [(6, 308), (326, 668), (1006, 268)]


def test_once_painted_the_window_builds_its_panes_into_the_same_menus(
    qtbot, built_sample: Path, fresh_data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    win = shown_first_frame(qtbot, built_sample)
    qtbot.waitUntil(lambda: win.completed, timeout=10000)
    assert isinstance(win.centralWidget(), QSplitter)
    assert [a.text() for a in win.menuBar().actions()] == MENUS  # filled, not added twice
    assert all(not a.menu().isEmpty() for a in win.menuBar().actions())
    assert win.menuBar().actions()[0].menu().actions()[0].objectName() == "action_open"
    wait_ready(qtbot, win)
    assert win.windowTitle().startswith("Lede — Mass exodus of ethnic Armenians")
    assert win.focusWidget() is win.reader
    win.close()


def test_a_window_closed_before_it_was_painted_is_never_built(
    qtbot, built_sample: Path, fresh_data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow(built_sample, first_frame=True)
    qtbot.addWidget(win)
    win.show()
    win.close()
    qtbot.wait(FIRST_FRAME_PATIENCE_MS + 200)  # past the timer that builds a window never painted
    assert not win.completed and win.library is None


def test_the_app_opens_its_source_only_once_the_panes_are_painted(
    qtbot, built_sample: Path, fresh_data_dir: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The core's import and the opening wait for the reader's first paint (beside it, their
    thread held the GIL the paint needed: one long stall at start)."""
    from reader.ui.widgets.reader_pane import ReaderPane

    seen: list[str] = []
    paint = ReaderPane.viewportEvent
    start = MainWindow._start_reading

    def viewport_event(self, event):  # type: ignore[no-untyped-def]
        if event.type() == QEvent.Type.Paint and "painted" not in seen:
            seen.append("painted")
        return paint(self, event)

    def start_reading(self):  # type: ignore[no-untyped-def]
        seen.append("opening")
        start(self)

    monkeypatch.setattr(ReaderPane, "viewportEvent", viewport_event)
    monkeypatch.setattr(MainWindow, "_start_reading", start_reading)
    win = shown_first_frame(qtbot, built_sample)
    wait_ready(qtbot, win)
    assert seen == ["painted", "opening"]
    assert win.windowTitle().startswith("Lede — Mass exodus of ethnic Armenians")
    win.close()


def test_a_window_hidden_before_its_panes_are_painted_opens_nothing(
    qtbot, built_sample: Path, fresh_data_dir: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.controllers.loading import LoadingController

    opened: list[bool] = []
    show_panes = MainWindow._show_panes

    def show_and_close(self):  # type: ignore[no-untyped-def]
        show_panes(self)
        self.close()  # the panes are built, their paint never comes

    monkeypatch.setattr(LoadingController, "open_source_async", lambda self: opened.append(True))
    monkeypatch.setattr(MainWindow, "_show_panes", show_and_close)
    win = shown_first_frame(qtbot, built_sample)
    qtbot.waitUntil(lambda: win.completed, timeout=10000)
    qtbot.wait(FIRST_FRAME_PATIENCE_MS + 200)  # past the timer that opens a window never painted
    assert opened == [] and win.library is None


# Loaded on the action that needs them, never by building the window.
ON_DEMAND = (
    "reader.ui.widgets.dossier_page",
    "reader.ui.widgets.timeline_chart",
    "reader.ui.widgets.palette",
    "reader.ui.widgets.preferences",
    "reader.ui.widgets.keys_page",
    "reader.ui.widgets.note_editor",
    "reader.ui.widgets.shortcut_sheet",
    "PySide6.QtTextToSpeech",
)

BUILT = f"""
import sys
from pathlib import Path
from reader.ui.app import make_app
from reader.ui.main_window import MainWindow
app = make_app()
window = MainWindow(Path({str(Path(__file__))!r}))
print(sorted(m for m in {ON_DEMAND!r} if m in sys.modules), window.middle.count())
window.dossier_page
print(sorted(m for m in {ON_DEMAND[:2]!r} if m in sys.modules), window.middle.count())
"""


def test_the_built_window_loads_the_dialogs_and_the_dossier_page_only_when_asked() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", BUILT], capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "[] 1",
        "['reader.ui.widgets.dossier_page', 'reader.ui.widgets.timeline_chart'] 2",
    ]


BUILD_STEPS = len(PANE_MODULES) + 8  # the imports, the runner, four panes, controllers, actions, show


def test_the_panes_are_built_one_step_per_turn_of_the_event_loop(
    qtbot, built_sample: Path, fresh_data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    """Input and paint get a turn between the steps: none holds the UI thread for the whole build."""
    win = shown_first_frame(qtbot, built_sample)
    turns: list[bool] = []
    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: turns.append(win.completed))
    ticker.start()
    qtbot.waitUntil(lambda: win.completed, timeout=10000)
    ticker.stop()
    assert turns.count(False) >= BUILD_STEPS - 1  # the first step may have run as the paint was awaited
    assert isinstance(win.centralWidget(), QSplitter)
    wait_ready(qtbot, win)
    win.close()


def test_a_window_closed_while_its_panes_are_built_stops_building(
    qtbot, built_sample: Path, fresh_data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    win = shown_first_frame(qtbot, built_sample)
    qtbot.waitUntil(lambda: hasattr(win, "list_model"), timeout=10000)  # part way: the list is built
    win.close()
    qtbot.wait(FIRST_FRAME_PATIENCE_MS)
    assert not win.completed and win.library is None
    assert isinstance(win.centralWidget(), FirstFrame)


def test_a_window_closed_between_its_first_paint_and_its_first_step_closes_cleanly(
    qtbot, built_sample: Path, fresh_data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    win = shown_first_frame(qtbot, built_sample)
    qtbot.waitUntil(lambda: win._building, timeout=10000)  # the steps are due, none has run
    win.close()
    qtbot.wait(FIRST_FRAME_PATIENCE_MS)
    assert not win.completed and not hasattr(win, "list_model") and win.library is None
    assert isinstance(win.centralWidget(), FirstFrame)
