"""The dossier page: d on the sidebar's entity, Enter on a mention opens it, Esc goes back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reader.core.types import Dossier, TimelinePoint
from reader.ui.main_window import MainWindow
from reader.ui.widgets.dossier_page import TitleRole, timeline_title
from reader.ui.widgets.timeline_chart import chart_bars
from tests.ui.conftest import settle


def _open_biden_dossier(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.sidebar.scope.setCurrentIndex(1)  # all articles: Joe Biden is not in the first story
    qtbot.waitUntil(lambda: "Joe Biden" in window.sidebar.names(), timeout=5000)
    window.sidebar.select_name("Joe Biden")
    window.sidebar.tree.setFocus()
    qtbot.keyClick(window.sidebar.tree, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: window.middle.currentWidget() is window.dossier_page, timeout=10000)
    settle(qtbot, window)


def test_d_opens_the_dossier_and_enter_opens_the_article_at_the_mention(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.current is not None and window.current.text.startswith("A mass exodus")
    _open_biden_dossier(qtbot, window)
    page = window.dossier_page
    assert page.name.text() == "Joe Biden"
    assert page.summary.text() == (
        "Person · also Mr Biden, The US president, The outgoing US leader · 5 mentions in 1 article · 7 quotes"
    )
    assert page.mention_model.rowCount() == 5 and page.quote_model.rowCount() == 7
    assert page.mention_model.index(0).data(TitleRole) == "Gaza deal is “on the brink”, says Biden"
    assert page.co_model.rowCount() == 11 and page.co_model.item(0, 0).text() == "Arab"
    assert page.co_model.item(0, 1).text() == "Group"  # a reader's word, not spaCy's NORP
    assert page.timeline.points == [TimelinePoint(None, 5)]
    assert page.timeline_title.text() == "Timeline — no article has a date"
    assert QApplication.focusWidget() is page.mentions

    qtbot.keyClick(page.mentions, Qt.Key.Key_Down)
    qtbot.keyClick(page.mentions, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current is not None and window.current.text.startswith("A Gaza deal"))
    settle(qtbot, window)
    assert window.middle.currentWidget() is not page
    assert QApplication.focusWidget() is window.reader
    focus = window.reader.focus
    assert (focus.start, focus.end) == (97, 119)
    assert window.current.text[focus.start : focus.end] == "The outgoing US leader"


def test_esc_closes_the_dossier_and_enter_on_a_co_mention_opens_its_dossier(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    _open_biden_dossier(qtbot, window)
    page = window.dossier_page
    table = page.co_mentions
    table.setFocus()
    table.setCurrentIndex(page.co_model.index(4, 0))  # Hamas
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.name.text() == "Hamas", timeout=10000)
    settle(qtbot, window)
    assert page.mention_model.rowCount() == 1 and not page.quotes.isVisibleTo(page)
    qtbot.keyClick(page.mentions, Qt.Key.Key_Escape)
    assert window.middle.currentWidget() is not page
    assert QApplication.focusWidget() is window.reader
    assert window.current is not None and window.current.text.startswith("A mass exodus")


def test_d_without_an_entity_says_what_to_do(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_D)
    assert window.middle.currentWidget() is not window.dossier_page
    assert window.statusBar().currentMessage() == "Select an entity in the sidebar first (e)"


def test_the_timeline_puts_dates_on_a_time_axis_and_undated_last() -> None:
    days = [TimelinePoint("2024-01-01", 1), TimelinePoint("2024-01-03", 2)]
    assert chart_bars(days, slots=10) == [("2024-01-01", 1), ("2024-01-02", 0), ("2024-01-03", 2)]
    far = [TimelinePoint("2024-01-01", 1), TimelinePoint("2024-01-10", 3), TimelinePoint(None, 4)]
    assert chart_bars(far, slots=4) == [
        ("2024-01-01 – 2024-01-03", 1),
        ("2024-01-04 – 2024-01-06", 0),
        ("2024-01-07 – 2024-01-09", 0),
        ("2024-01-10", 3),
        ("undated", 4),
    ]
    assert chart_bars([TimelinePoint(None, 5)], slots=40) == [("undated", 5)]
    dossier = Dossier(
        "X", "PERSON", (), (), (), (), (*days, TimelinePoint("2024-02-01", 2), TimelinePoint(None, 9))
    )
    assert timeline_title(dossier) == "Timeline — most on 2024-01-03 (2 mentions)"


def test_alt_2_goes_back_to_the_reader_from_the_dossier(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _open_biden_dossier(qtbot, window)
    page = window.dossier_page
    qtbot.keyClick(page.mentions, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.middle.currentWidget() is not page
    assert QApplication.focusWidget() is window.reader
