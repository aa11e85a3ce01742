"""The window and every default key of the 0.1 keyboard map, driven with key presses."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from reader import paths
from reader.core.store.annotations import AnnotationStore
from reader.ui.main_window import MainWindow
from tests.ui.conftest import settle, when_modal

GAZA_QUOTE = (
    "“So many innocent people have been killed, so many communities have been destroyed. "
    "Palestinian people deserve peace,” he said."
)


def press(qtbot, window: MainWindow, key: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):  # type: ignore[no-untyped-def]
    if QApplication.activeWindow() is None:  # offscreen: a closed dialog leaves no active window
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is not None, timeout=2000)
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, mods)
    settle(qtbot, window)


def close_modal_later(qtbot, keys: str = "", result: list | None = None) -> None:  # type: ignore[no-untyped-def]
    """Modal dialogs block in exec(): type into them from a timer, then close them."""

    def act(modal: QWidget) -> None:
        if result is not None:
            result.append(modal)
        focus = QApplication.focusWidget() or modal
        if keys:
            qtbot.keyClicks(focus, keys)
        qtbot.keyClick(focus, Qt.Key.Key_Escape)

    when_modal(act)


def stored_highlights(window: MainWindow) -> list:  # type: ignore[type-arg]
    store = AnnotationStore(paths.annotations_db())
    try:
        return store.highlights(window.library.key)  # type: ignore[union-attr]
    finally:
        store.close()


def test_window_lists_four_titled_articles_and_titles_itself(window: MainWindow) -> None:
    titles = [window.list_model.index(r).data() for r in range(window.list_model.rowCount())]
    assert len(titles) == 4
    assert all(t and len(t) <= 90 for t in titles)
    assert window.windowTitle() == f"Lede — {titles[0]}"
    assert window.current is not None and window.current.text.startswith("A mass exodus")


def test_j_and_k_move_between_articles(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_J)
    assert window.current.text.startswith("A Gaza deal")
    assert window.windowTitle() == f"Lede — {window.current.title}"
    press(qtbot, window, Qt.Key.Key_J)
    assert window.current.text.startswith("The Israel Defence Forces")
    press(qtbot, window, Qt.Key.Key_K)
    assert window.current.text.startswith("A Gaza deal")
    press(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current.text.startswith("The Israel Defence Forces")


def test_arrows_move_the_paragraph_focus_bar(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    reader = window.reader
    assert reader.focus_paragraph_index() == 0
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_Down)
    assert reader.focus_paragraph_index() == 2
    press(qtbot, window, Qt.Key.Key_Up)
    assert reader.focus_paragraph_index() == 1
    assert reader.focus_span() == (reader.focus.start, reader.focus.start + len(window.current.paragraphs[1]))


def test_h_highlights_the_focused_paragraph_and_it_is_saved(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_H)
    saved = stored_highlights(window)
    assert [h.exact for h in saved] == [window.current.paragraphs[1]]
    assert [h.article_id for h in saved] == [window.current.id]
    assert len(window.reader.highlights) == 1
    assert window.notes.count() == 1


def test_shift_down_highlights_exactly_one_sentence_and_shift_h_removes(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_Down)
    assert window.current.paragraphs[2] == GAZA_QUOTE
    press(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, Qt.Key.Key_3)
    saved = stored_highlights(window)
    assert [(h.exact, h.color) for h in saved] == [
        ("“So many innocent people have been killed, so many communities have been destroyed.", 3)
    ]
    press(qtbot, window, Qt.Key.Key_H, Qt.KeyboardModifier.ShiftModifier)
    assert stored_highlights(window) == []
    assert window.reader.highlights == []


def test_n_writes_a_note_on_the_focused_highlight(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_H)
    close_modal_later(qtbot, "Check the UNHCR figure")
    press(qtbot, window, Qt.Key.Key_N)
    settle(qtbot, window)
    saved = stored_highlights(window)
    assert [(h.exact, h.note) for h in saved] == [(window.current.paragraphs[0], "Check the UNHCR figure")]


def test_shift_n_writes_an_article_note(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    close_modal_later(qtbot, "Follow up with the refugee agency")
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    settle(qtbot, window)
    note = window.library.article_note(window.current.id)
    assert note is not None and note.text == "Follow up with the refugee agency"


def test_slash_searches_and_esc_returns_to_the_full_list(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_Slash)
    assert QApplication.focusWidget() is window.search.edit
    qtbot.keyClicks(window.search.edit, "ceasefire")
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 1, timeout=5000)
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.current is not None and window.current.text.startswith("A Gaza deal"), timeout=5000
    )
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert window.list_model.rowCount() == 4
    assert QApplication.focusWidget() is window.reader


def test_enter_while_the_index_is_built_opens_the_first_hit_once_it_is_ready(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    lib = window.library
    index, lib._index = lib._index, None  # as between the list appearing and "searchable"
    first = window.current.id
    press(qtbot, window, Qt.Key.Key_Slash)
    qtbot.keyClicks(window.search.edit, "ceasefire")
    qtbot.waitUntil(lambda: "still being built" in window.statusBar().currentMessage(), timeout=5000)
    assert window.list_model.rowCount() == 0
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Return)
    assert window.statusBar().currentMessage() == (
        "The search index is still being built; Enter opens the first hit when it is ready"
    )
    assert window.current.id == first
    lib._index = index
    window.searches.run_search("ceasefire", again=True)  # what the window does on "searchable"
    qtbot.waitUntil(
        lambda: window.current is not None and window.current.text.startswith("A Gaza deal"), timeout=5000
    )
    assert QApplication.focusWidget() is window.reader


def test_enter_kept_for_the_index_is_dropped_once_the_user_has_left_the_search_box(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    lib = window.library
    index, lib._index = lib._index, None
    first = window.current.id
    press(qtbot, window, Qt.Key.Key_Slash)
    qtbot.keyClicks(window.search.edit, "ceasefire")
    qtbot.waitUntil(lambda: "still being built" in window.statusBar().currentMessage(), timeout=5000)
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Return)
    window.reader.setFocus()  # back to reading before the index is ready
    lib._index = index
    window.searches.run_search("ceasefire", again=True)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 1, timeout=5000)
    settle(qtbot, window)
    assert window.current.id == first


def test_search_results_carry_snippets_with_the_term(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.models.articles import SnippetRole

    press(qtbot, window, Qt.Key.Key_Slash)
    qtbot.keyClicks(window.search.edit, "Duvdevan")
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 1, timeout=5000)
    snippet = window.list_model.index(0).data(SnippetRole)
    assert "[[Duvdevan]]" in snippet


def test_ctrl_f_finds_in_the_article_with_a_count(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.edit, "Armenia")
    expected = window.current.text.count("Armenia")
    assert window.find_bar.count.text() == f"1 / {expected}"
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.find_bar.count.text() == f"2 / {expected}"
    press(qtbot, window, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()


def test_e_focuses_the_sidebar_and_enter_filters_by_entity(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_J)
    names = _sidebar_names(window)
    assert "Joe Biden" in names
    press(qtbot, window, Qt.Key.Key_E)
    assert QApplication.focusWidget() is window.sidebar.tree
    window.sidebar.select_name("Joe Biden")
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.entity_filter == "Joe Biden" and window.list_model.rowCount() == 1, timeout=5000
    )
    assert window.search.chip.isVisibleTo(window)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.entity_filter is None and window.list_model.rowCount() == 4


def _sidebar_names(window: MainWindow) -> list[str]:
    from reader.ui.models.entities import NameRole

    out = []
    model = window.sidebar.model
    for r in range(model.rowCount()):
        group = model.item(r)
        for c in range(group.rowCount()):
            out.append(group.child(c).data(NameRole))
    return out


def test_question_mark_opens_the_shortcut_sheet(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    seen: list = []  # type: ignore[type-arg]
    close_modal_later(qtbot, result=seen)
    press(qtbot, window, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    assert [w.objectName() for w in seen] == ["shortcutSheet"]


def test_space_pages_and_at_the_end_opens_the_next_unread(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.resize(900, 400)
    bar = window.reader.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=3000)
    press(qtbot, window, Qt.Key.Key_Space)
    assert bar.value() > 0
    for _ in range(30):
        if bar.value() >= bar.maximum():
            break
        press(qtbot, window, Qt.Key.Key_Space)
    first = window.current.id
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.current.id != first, timeout=5000)
    assert window.list_model.state(first) == (True, False)


def test_u_and_s_toggle_read_and_star(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    aid = window.current.id
    press(qtbot, window, Qt.Key.Key_U)
    press(qtbot, window, Qt.Key.Key_S)
    assert window.list_model.state(aid) == (True, True)
    assert window.library.states()[aid] == (True, True)
    press(qtbot, window, Qt.Key.Key_U)
    assert window.library.states()[aid] == (False, True)


def test_highlights_survive_a_restart(qtbot, window: MainWindow, built_sample) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_H)
    exact = window.current.paragraphs[1]
    window.close()
    again = MainWindow(built_sample)
    qtbot.addWidget(again)
    again.show()
    from tests.ui.conftest import wait_ready

    wait_ready(qtbot, again)
    assert [h.exact for h in again.reader.highlights] == [exact]
    again.close()


def test_source_text_is_never_rendered_as_markup(qtbot, tmp_path, fresh_data_dir) -> None:  # type: ignore[no-untyped-def]
    from reader.core.build import build_source
    from tests.ui.conftest import wait_ready

    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        '<img src="http://example.invalid/x.png"> <b>Bold</b> claims by the Ministry of Health on Monday.\n'
        "The ministry said the <a href='file:///etc/passwd'>report</a> was accurate.\n"
        "Officials added that more details would follow later this week.\n",
        encoding="utf-8",
    )
    build_source(hostile, paths.source_cache_dir(hostile), analyse=False)
    win = MainWindow(hostile)
    qtbot.addWidget(win)
    win.show()
    wait_ready(qtbot, win, rows=1)
    plain = win.reader.document().toPlainText()
    assert '<img src="http://example.invalid/x.png">' in plain
    assert "<a href='file:///etc/passwd'>report</a>" in plain
    win.close()


def test_shift_j_marks_read_and_opens_the_next_unread(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    first = window.current.id
    press(qtbot, window, Qt.Key.Key_J, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.current.id != first, timeout=5000)
    assert window.current.text.startswith("A Gaza deal")
    assert window.list_model.state(first)[0] is True


def test_alt_left_and_right_walk_the_history(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_J)
    assert window.current.text.startswith("The Israel Defence Forces")
    press(qtbot, window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current.text.startswith("A Gaza deal")
    press(qtbot, window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current.text.startswith("A mass exodus")
    press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.current.text.startswith("A Gaza deal")


def test_f_cycles_the_list_filter(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_S)  # star the first story
    press(qtbot, window, Qt.Key.Key_U)  # and mark it read
    press(qtbot, window, Qt.Key.Key_F)
    assert window.list_model.mode == "unread" and window.list_model.rowCount() == 3
    press(qtbot, window, Qt.Key.Key_F)
    assert window.list_model.mode == "starred" and window.list_model.rowCount() == 1
    press(qtbot, window, Qt.Key.Key_F)
    assert window.list_model.mode == "notes" and window.list_model.rowCount() == 0
    press(qtbot, window, Qt.Key.Key_F)
    assert window.list_model.mode == "all" and window.list_model.rowCount() == 4


def test_f11_hides_everything_but_the_text_and_back(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_F11)
    assert not window.list.isVisible() and not window.sidebar.isVisible() and not window.menuBar().isVisible()
    assert window.reader.isVisible()
    press(qtbot, window, Qt.Key.Key_F11)
    assert window.list.isVisible() and window.sidebar.isVisible() and window.menuBar().isVisible()


def test_an_edited_source_is_reindexed_and_highlights_follow(qtbot, tmp_path, fresh_data_dir) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import SAMPLE
    from tests.ui.conftest import wait_ready

    source = tmp_path / "live.txt"
    source.write_bytes(SAMPLE.read_bytes())
    win = MainWindow(source)
    qtbot.addWidget(win)
    win.show()
    wait_ready(qtbot, win)
    qtbot.waitUntil(lambda: win.library is not None and win.library.searchable, timeout=60000)
    qtbot.waitUntil(lambda: str(source) in win.loading.watcher.files(), timeout=120000)
    win.reader.setFocus()
    qtbot.keyClick(win.reader, Qt.Key.Key_Down)
    qtbot.keyClick(win.reader, Qt.Key.Key_H)
    settle(qtbot, win)
    exact = win.current.paragraphs[1]
    old_build = win.library.build_dir
    source.write_text("Advertisement\n" + SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    qtbot.waitUntil(lambda: win.library is not None and win.library.build_dir != old_build, timeout=90000)
    settle(qtbot, win)
    qtbot.waitUntil(lambda: [h.exact for h in win.reader.highlights] == [exact], timeout=10000)
    assert win.current.start_line == 2
    win.close()


def test_ctrl_k_palette_runs_an_action_or_opens_an_article(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    seen: list = []  # type: ignore[type-arg]

    def type_and_enter(modal: QWidget) -> None:
        seen.append(modal.objectName())
        qtbot.keyClicks(modal.edit, "israel defence forces has")
        qtbot.keyClick(modal.edit, Qt.Key.Key_Return)

    when_modal(type_and_enter)
    press(qtbot, window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.current.text.startswith("The Israel Defence Forces"), timeout=5000)
    assert seen == ["commandPalette"]
