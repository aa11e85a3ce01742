"""Named operations: a write says what it changed, the views hear it before the write's own
callback, and a view's refresh after a write reads what the write wrote."""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import Qt

from reader.core.types import Changes, Written
from reader.ui import operations as ops
from reader.ui.main_window import MainWindow
from reader.ui.operations import Operation
from reader.ui.tasks import TaskRunner
from tests.ui.conftest import settle
from tests.ui.test_window_keys import close_modal_later, press

A = Changes(articles=frozenset({"a"}))


def run_all(qtbot, runner: TaskRunner, *ops: Operation[Any]) -> list[tuple[str, Any]]:  # type: ignore[no-untyped-def]
    events: list[tuple[str, Any]] = []
    runner.changed.connect(lambda c: events.append(("changed", c)))
    for op in ops:
        runner.submit(op.then(lambda r, name=op.name: events.append((name, r))))
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=5000)
    runner.shutdown()
    return events


def test_a_write_reports_its_changes_before_its_own_callback(qtbot) -> None:  # type: ignore[no-untyped-def]
    made = Written(7, A)  # a write that made something: the callback gets it, the views its changes
    op = Operation("write", lambda: made, write=True)
    assert run_all(qtbot, TaskRunner(), op) == [("changed", A), ("write", made)]


def test_a_library_write_that_returns_changes_is_reported_as_it_is(qtbot) -> None:  # type: ignore[no-untyped-def]
    assert run_all(qtbot, TaskRunner(), Operation("remove", lambda: A, write=True)) == [
        ("changed", A),
        ("remove", A),
    ]


def test_reads_and_writes_that_changed_nothing_report_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    read = Operation("read", lambda: A)  # a read that happens to return Changes is still a read
    empty = Operation("empty write", lambda: Changes(), write=True)
    plain = Operation("plain write", lambda: None, write=True)
    events = run_all(qtbot, TaskRunner(), read, empty, plain)
    assert [name for name, _ in events] == ["read", "empty write", "plain write"]


def test_the_refresh_after_a_note_starts_only_once_the_note_is_written(
    qtbot, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    lib = window.library
    assert lib is not None
    log: list[str] = []
    lock = threading.Lock()
    write, read = lib.set_highlight_note, lib.highlights

    def slow_write(highlight_id: int, text: str) -> Any:
        with lock:
            log.append("write starts")
        time.sleep(0.3)  # long enough for a read started alongside it to finish first
        out = write(highlight_id, text)
        with lock:
            log.append("write ends")
        return out

    def traced_read(*args: Any, **kwargs: Any) -> Any:
        if not threading.current_thread().name.startswith("lede-write"):  # not the write's own re-index
            with lock:
                log.append("read")
        return read(*args, **kwargs)

    press(qtbot, window, Qt.Key.Key_H)
    monkeypatch.setattr(lib, "set_highlight_note", slow_write)
    monkeypatch.setattr(lib, "highlights", traced_read)
    close_modal_later(qtbot, "Check the UNHCR figure")
    press(qtbot, window, Qt.Key.Key_N)
    settle(qtbot, window)
    assert log[0] == "write starts" and "read" in log
    assert log.index("read") > log.index("write ends")
    shown = window.notes.view.model().index(0, 0).data()
    assert "✎ Check the UNHCR figure" in str(shown)


# ---------------------------------------------------------------- views subscribe to what changed
# Each write below is submitted bare (no callback of its own), so the view can only have
# refreshed because it heard the write's Changes on ``TaskRunner.changed``.


def test_a_correction_refreshes_the_sidebar_through_its_entities_change(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    lib = window.library
    heard: list[Changes] = []
    window.runner.changed.connect(heard.append)
    window.sidebar.scope.setCurrentIndex(1)  # the whole library's entities
    qtbot.waitUntil(lambda: "Italy" in window.sidebar.names(), timeout=5000)
    window.runner.submit(ops.correct_entity(lib, "hide", "Italy", ""))
    qtbot.waitUntil(lambda: "Italy" not in window.sidebar.names(), timeout=5000)
    settle(qtbot, window)
    assert [c.entities for c in heard] == [frozenset({"Italy"})]
    assert "Azerbaijan" in window.sidebar.names()  # the rest of the list is still there


def test_a_read_mark_reaches_the_list_through_its_states_change(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    lib = window.library
    last = window.list_model.visible_ids()[-1]
    assert window.list_model.state(last) == (False, False)
    window.runner.submit(ops.set_state(lib, last, starred=True))
    qtbot.waitUntil(lambda: window.list_model.state(last) == (False, True), timeout=5000)


def test_a_saved_search_reaches_the_saved_list_through_its_change(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    lib = window.library
    assert window.saved_model.rowCount() == 0
    window.runner.submit(ops.save_search(lib, "Talks", "ceasefire"))
    qtbot.waitUntil(lambda: window.saved_model.rowCount() == 1, timeout=5000)
    assert window.saved_model.index(0).data() == "Talks  (1)"
    window.runner.submit(ops.delete_search(lib, "Talks"))
    qtbot.waitUntil(lambda: window.saved_model.rowCount() == 0, timeout=5000)


def test_hashtags_typed_in_a_highlight_note_become_its_tags(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_H)
    settle(qtbot, window)
    close_modal_later(qtbot, "Protests spread #Tunisia #exodus")
    press(qtbot, window, Qt.Key.Key_N)
    settle(qtbot, window)
    [hl] = window.library.highlights()
    assert hl.note == "Protests spread #Tunisia #exodus"
    assert {t.casefold() for t in hl.tags} == {"tunisia", "exodus"}
