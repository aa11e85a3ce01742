"""The entity sidebar: types, quotes and figures, following the focus, navigating."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from reader.ui.main_window import MainWindow
from reader.ui.models.entities import FOCUS_GROUP, KindRole, NameRole, SpanRole
from tests.ui.conftest import settle, when_modal


def _groups(window: MainWindow) -> dict[str, list[str]]:
    model = window.sidebar.model
    out: dict[str, list[str]] = {}
    for r in range(model.rowCount()):
        group = model.item(r)
        label = group.text().split("  (")[0]
        out[label] = [
            str(group.child(c).data(NameRole) or group.child(c).text()) for c in range(group.rowCount())
        ]
    return out


def test_sidebar_groups_the_first_story_s_entities_by_type(window: MainWindow) -> None:
    groups = _groups(window)
    assert {"Nikol Pashinyan", "Ilham Aliyev"} <= set(groups["People"])
    assert {"Armenia", "Azerbaijan", "Nagorno-Karabakh", "Baku", "Lachin Corridor"} <= set(groups["Places"])
    assert {"UNHCR", "EU"} <= set(groups["Organisations"])
    assert "Armenia" not in groups.get("Organisations", [])


def test_sidebar_lists_quotes_with_speakers_and_enter_jumps_to_the_passage(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press = qtbot.keyClick
    press(window.reader, Qt.Key.Key_J)
    settle(qtbot, window)
    model = window.sidebar.model
    quotes = next(model.item(r) for r in range(model.rowCount()) if model.item(r).text().startswith("Quotes"))
    texts = [quotes.child(c).text() for c in range(quotes.rowCount())]
    assert any(t.startswith("Joe Biden: “So many innocent people") for t in texts)
    last = quotes.child(quotes.rowCount() - 1)
    start, end = last.data(SpanRole)
    window.sidebar.focus_first()
    window.sidebar.tree.setCurrentIndex(last.index())
    press(window.sidebar.tree, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.reader
    assert (window.reader.focus.start, window.reader.focus.end) == (start, end)


def test_sidebar_lists_figures(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    groups = _groups(window)
    figures = groups["Figures"]
    assert any(f.startswith("More than 100,000") for f in figures)
    assert any("80%" in f for f in figures)


def test_sidebar_follows_the_paragraph_focus(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.reader, Qt.Key.Key_Down)  # paragraph 2 names Armenia, Baku and the UNHCR
    settle(qtbot, window)
    model = window.sidebar.model
    first = model.item(0)
    assert first.text() == FOCUS_GROUP
    names = [first.child(c).data(NameRole) for c in range(first.rowCount())]
    assert names[:1] == ["Armenia"] and "Baku" in names and "UNHCR" in names


def test_bracket_keys_step_through_mentions_of_the_chosen_entity(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    art = window.current
    spans = sorted((m.start, m.end) for m in art.mentions if m.entity == "Azerbaijan")
    window.sidebar.select_name("Azerbaijan")
    window.sidebar.entitySelected.emit("Azerbaijan")
    qtbot.keyClick(window.reader, Qt.Key.Key_BracketRight)
    assert (window.reader.focus.start, window.reader.focus.end) == spans[0]
    qtbot.keyClick(window.reader, Qt.Key.Key_BracketRight)
    assert (window.reader.focus.start, window.reader.focus.end) == spans[1]
    qtbot.keyClick(window.reader, Qt.Key.Key_BracketLeft)
    assert (window.reader.focus.start, window.reader.focus.end) == spans[0]
    assert window.current.text[spans[0][0] : spans[0][1]] == "Azerbaijan"


def test_library_scope_lists_every_story_s_people(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.sidebar.scope.setCurrentIndex(1)
    qtbot.waitUntil(lambda: "Joe Biden" in window.sidebar.names(), timeout=5000)
    people = set(_groups(window)["People"])
    assert {
        "Nikol Pashinyan",
        "Ilham Aliyev",
        "Joe Biden",
        "Halima Abu Leil",
        "Francesca Albanese",
        "Kim Jong Un",
    } <= people
    assert any("Zelenskyy" in p for p in people)
    assert KindRole


def test_q_lists_every_quote_by_the_entity_and_enter_opens_one(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_window_keys import press

    window.sidebar.scope.setCurrentIndex(1)
    qtbot.waitUntil(lambda: "Joe Biden" in window.sidebar.names(), timeout=5000)
    window.sidebar.select_name("Joe Biden")
    seen: list[str] = []

    def pick(modal: QWidget) -> None:
        seen.append(modal.windowTitle())
        qtbot.keyClicks(modal.edit, "iran is weaker")
        qtbot.keyClick(modal.edit, Qt.Key.Key_Return)

    when_modal(pick)
    press(qtbot, window, Qt.Key.Key_Q)
    qtbot.waitUntil(lambda: window.current.text.startswith("A Gaza deal"), timeout=5000)
    settle(qtbot, window)
    assert seen and seen[0].endswith("quotes by Joe Biden")
    focused = window.current.text[window.reader.focus.start : window.reader.focus.end]
    assert focused.startswith("All told, Iran is weaker") or "Iran is weaker" in focused


def test_a_huge_library_scope_builds_the_top_rows_and_the_filter_reaches_the_rest(qtbot) -> None:  # type: ignore[no-untyped-def]
    from reader.core.types import Entity
    from reader.ui.models.entities import MAX_GROUP_ROWS
    from reader.ui.widgets.entity_sidebar import EntitySidebar

    sidebar = EntitySidebar()
    qtbot.addWidget(sidebar)
    people = [Entity(name=f"Person {i:04d}", type="PERSON", count=5000 - i) for i in range(1200)]
    sidebar.set_entities(people)
    group = sidebar.model.item(0)
    assert group.text() == "People  (1200)"
    assert group.rowCount() == MAX_GROUP_ROWS + 1
    assert group.child(0).data(NameRole) == "Person 0000"  # most mentioned first
    more = group.child(MAX_GROUP_ROWS)
    assert more.data(KindRole) == "more" and more.text() == "… 700 more: type to filter"
    sidebar.filter.setText("Person 1199")
    assert sidebar.names() == ["Person 1199"]


def test_a_long_list_is_planned_off_the_ui_thread_and_only_the_newest_filter_is_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    from reader.core.types import Entity
    from reader.ui.widgets.entity_sidebar import BACKGROUND_PLAN_AT, EntitySidebar

    sidebar = EntitySidebar()
    qtbot.addWidget(sidebar)
    queued: list[tuple[object, object]] = []
    sidebar.plan_in_background(lambda work, done: queued.append((work, done)))
    people = [
        Entity(name=f"Person {i:05d}", type="PERSON", count=9000 - i) for i in range(BACKGROUND_PLAN_AT + 1)
    ]
    sidebar.set_entities(people)
    assert sidebar.model.rowCount() == 0 and len(queued) == 1  # nothing planned on the UI thread
    sidebar.filter.setText("Person 0001")
    sidebar.filter.setText("Person 00012")
    assert len(queued) == 3
    for work, done in reversed(queued):  # the workers finish in any order
        done(work())  # type: ignore[operator]
    assert sidebar.names() == ["Person 00012"]
    # a short list (one article's entities) is still shown at once
    sidebar.filter.clear()
    assert len(queued) == 4
    sidebar.set_entities(people[:3])
    assert len(queued) == 4 and sidebar.names() == ["Person 00000", "Person 00001", "Person 00002"]


def test_a_big_palette_ranks_off_the_ui_thread_and_shows_only_the_newest_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.widgets.palette import BACKGROUND_RANK_AT, CommandPalette, PaletteEntry

    entries = [
        PaletteEntry(f"Article {i:05d}", "article", lambda: None) for i in range(BACKGROUND_RANK_AT + 1)
    ]
    queued: list[tuple[object, object]] = []
    palette = CommandPalette(entries, background=lambda work, done: queued.append((work, done)))
    qtbot.addWidget(palette)
    assert palette.list.count() == 0 and len(queued) == 1
    palette.edit.setText("00042")
    for work, done in reversed(queued):
        done(work())  # type: ignore[operator]
    assert palette.shown() == [("Article 00042", "article")]
    small = CommandPalette(entries[:3], background=lambda work, done: queued.append((work, done)))
    qtbot.addWidget(small)
    assert small.list.count() == 3 and len(queued) == 2  # a short list ranks at once
