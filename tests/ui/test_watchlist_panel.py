"""The watchlist pane: names pasted in are counted, stay live, are remembered, and Enter filters."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reader.ui import operations as ops
from reader.ui.main_window import MainWindow
from tests.ui.conftest import settle

IDF_ARTICLE = "a8d8f313a53e"
GAZA_ARTICLE = "a87e5955f278"


def table(window: MainWindow) -> list[list[str]]:
    t = window.watchlist_panel.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def paste(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    panel = window.watchlist_panel
    panel.names.setFocus()
    QApplication.clipboard().setText(text)
    panel.names.paste()
    panel.flush()
    settle(qtbot, window)


def test_pasted_names_are_counted_and_enter_filters_the_list(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert not window.watchlist_panel.isVisible()
    window.table["toggle_watchlist"].trigger()
    assert window.watchlist_panel.isVisible()
    paste(qtbot, window, "IDF\nPalestinian\nceasefire\nNobody Atall\n")
    qtbot.waitUntil(lambda: window.watchlist_panel.table.rowCount() == 4, timeout=10000)
    assert table(window) == [
        ["IDF", "1", "4", "–", "–"],
        ["Palestinian", "2", "7", "–", "–"],
        ["ceasefire", "1", "3", "–", "–"],
        ["Nobody Atall", "0", "0", "–", "–"],
    ]
    assert window.watchlist_panel.summary.text() == "3 of 4 names in the library"
    assert window.watchlist_panel.table.item(0, 0).toolTip() == "IDF is an alias of Israel Defence Forces"

    t = window.watchlist_panel.table
    t.setFocus()
    t.setCurrentCell(1, 0)
    qtbot.keyClick(t, Qt.Key.Key_Return)
    settle(qtbot, window)
    shown = [window.list_model.article_id(r) for r in range(window.list_model.rowCount())]
    assert shown == [GAZA_ARTICLE, IDF_ARTICLE]
    assert window.search.chip.text() == "Palestinian" and window.entity_filter == "Palestinian"


def test_counts_follow_a_correction_and_the_names_are_remembered(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.table["toggle_watchlist"].trigger()
    paste(qtbot, window, "Harakat Hamas\nHamas\n")
    qtbot.waitUntil(lambda: window.watchlist_panel.table.rowCount() == 2, timeout=10000)
    assert table(window) == [["Harakat Hamas", "0", "0", "–", "–"], ["Hamas", "1", "1", "–", "–"]]
    lib = window.library
    assert lib is not None
    window.runner.submit(ops.correct_entity(lib, "rename", "Hamas", "Harakat Hamas"))
    qtbot.waitUntil(lambda: table(window)[0][1] == "1", timeout=10000)
    assert table(window) == [["Harakat Hamas", "1", "1", "–", "–"], ["Hamas", "1", "1", "–", "–"]]
    assert lib.session("watchlist") == "Harakat Hamas\nHamas"


def test_the_watchlist_matcher_is_first_loaded_off_the_ui_thread(
    qtbot, built_sample, fresh_data_dir, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Its first use imports rapidfuzz (0.1 s on a busy machine): not on the UI thread as the list arrives."""
    import threading

    from reader.core.library import Library

    threads: list[str] = []
    real = Library.watch_names

    def recording(text: str) -> list[str]:
        threads.append(threading.current_thread().name)
        return real(text)

    monkeypatch.setattr(Library, "watch_names", staticmethod(recording))
    win = MainWindow(built_sample)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: len(threads) >= 1, timeout=60000)
    assert threads[0] != threading.main_thread().name
    win.close()
