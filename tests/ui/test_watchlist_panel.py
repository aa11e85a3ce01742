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
