"""Longer keyboard workflows: notes panel, tags, saved searches, corrections, positions, remapping."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from reader.ui.main_window import MainWindow
from tests.ui.conftest import settle, wait_ready, when_modal
from tests.ui.test_window_keys import close_modal_later, press


def answer_dialog(qtbot, text: str | None = None, accept: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Type into the next modal dialog's line edit (if any) and press Enter/Esc."""

    def act(modal: QWidget) -> None:
        edit = modal.findChild(QLineEdit)
        if text is not None and edit is not None:
            edit.selectAll()
            qtbot.keyClicks(edit, text)
        qtbot.keyClick(
            QApplication.focusWidget() or modal, Qt.Key.Key_Return if accept else Qt.Key.Key_Escape
        )

    when_modal(act)


def test_t_tags_a_highlight_and_the_notes_panel_filters_by_tag_colour_and_entity(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_Down)  # "More than 100,000 ... (UNHCR)."
    press(qtbot, window, Qt.Key.Key_2)
    answer_dialog(qtbot, "refugees, figures")
    press(qtbot, window, Qt.Key.Key_T)
    settle(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_H)
    press(
        qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.notes.isVisible() and window.notes.count() == 2
    window.notes.filter.setText("#refugees")
    assert window.notes.count() == 1
    window.notes.filter.setText("@UNHCR")
    assert window.notes.count() == 1
    window.notes.filter.setText("@Hakari")
    assert window.notes.count() == 1
    window.notes.filter.setText("")
    window.notes.color.setCurrentIndex(2)  # colour 2
    assert window.notes.count() == 1
    saved = window.library.highlights()
    assert sorted(t for h in saved for t in h.tags) == ["figures", "refugees"]


def test_enter_in_the_notes_panel_jumps_to_the_passage(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_H)
    press(qtbot, window, Qt.Key.Key_K)
    press(
        qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.keyClick(window.notes.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current.text.startswith("A Gaza deal"), timeout=5000)
    settle(qtbot, window)
    assert window.reader.focus_paragraph_index() == 2
    assert QApplication.focusWidget() is window.reader


def test_ctrl_s_saves_the_search_and_it_is_listed_with_its_count(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_Slash)
    qtbot.keyClicks(window.search.edit, "ceasefire")
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 1, timeout=5000)
    answer_dialog(qtbot, "Gaza talks")
    press(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.saved_model.rowCount() == 1, timeout=5000)
    assert window.saved_list.isVisible()
    assert window.saved_model.index(0).data() == "Gaza talks  (1)"
    assert [s.query for s in window.library.saved_searches()] == ["ceasefire"]


def test_f2_renames_an_entity_and_the_fix_survives_a_restart(qtbot, window: MainWindow, built_sample) -> None:  # type: ignore[no-untyped-def]
    window.sidebar.select_name("UNHCR")
    window.sidebar.tree.setFocus()
    answer_dialog(qtbot, "UN refugee agency")
    press(qtbot, window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: "UN refugee agency" in window.sidebar.names(), timeout=5000)
    assert "UNHCR" not in window.sidebar.names()
    window.close()
    again = MainWindow(built_sample)
    qtbot.addWidget(again)
    again.show()
    wait_ready(qtbot, again)
    qtbot.waitUntil(lambda: "UN refugee agency" in again.sidebar.names(), timeout=5000)
    again.close()


def test_an_orphan_is_listed_and_h_places_it_again(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    lib = window.library
    first = window.current
    hl = lib.add_highlight(first.id, 0, 6).value
    lib._annotations.reanchor(lib.key, {first.id: "nothing like it"})  # as if the source changed
    window.annotate.refresh()
    settle(qtbot, window)
    assert "1 orphaned" in window.notes.summary.text()
    window.annotate.jump_to_highlight(lib.orphans()[0])
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_H)
    settle(qtbot, window)
    placed = [h for h in lib.highlights() if h.id == hl.id or not h.orphan]
    assert lib.orphans() == []
    assert [h.exact for h in placed] == [first.paragraphs[1]]


def test_reading_position_and_last_article_are_restored(qtbot, window: MainWindow, built_sample) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_J)  # leaves story 1 at paragraph 3
    press(qtbot, window, Qt.Key.Key_J)
    window.close()
    again = MainWindow(built_sample)
    qtbot.addWidget(again)
    again.show()
    wait_ready(qtbot, again)
    qtbot.waitUntil(lambda: again.current.text.startswith("The Israel Defence Forces"), timeout=5000)
    # A warm start that restores the last article still fills the counter and leaves "Opening…".
    assert again.counts.text() == "4 articles · 0 highlights"
    assert not again.statusBar().currentMessage().startswith("Opening")
    press(qtbot, again, Qt.Key.Key_K)
    press(qtbot, again, Qt.Key.Key_K)
    assert again.current.text.startswith("A mass exodus")
    assert again.reader.focus_paragraph_index() == 3
    again.close()


def test_a_remapped_key_takes_effect_at_once(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.settings.set_keys("next_article", ["L"])
    window.apply_settings(window.settings)
    press(qtbot, window, Qt.Key.Key_J)
    assert window.current.text.startswith("A mass exodus")
    press(qtbot, window, Qt.Key.Key_L)
    assert window.current.text.startswith("A Gaza deal")
    window.settings.reset_keys()
    window.apply_settings(window.settings)


def test_text_size_and_theme_keys(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    base = window.reader.point_size
    press(qtbot, window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.point_size == base + 1
    press(qtbot, window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.point_size == base
    dark = window.dark
    press(
        qtbot, window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.dark is not dark and window.reader.dark is not dark
    press(
        qtbot, window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.dark is dark


def test_alt_number_keys_focus_each_pane(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is window.list
    press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is window.sidebar.tree
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is window.reader
    press(qtbot, window, Qt.Key.Key_Backslash, Qt.KeyboardModifier.ControlModifier)
    assert not window.sidebar.isVisible()


def test_keyboard_annotations_round_trip_through_json_export_and_import(
    qtbot, window: MainWindow, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import json

    from reader.core.library import Library
    from reader.core.store.annotations import AnnotationStore

    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_4)
    close_modal_later(qtbot, "Verify with UNHCR")  # the note editor: type, then Esc saves and closes
    press(qtbot, window, Qt.Key.Key_N)
    settle(qtbot, window)
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, Qt.Key.Key_H)
    answer_dialog(qtbot, "speech, biden")
    press(qtbot, window, Qt.Key.Key_T)
    settle(qtbot, window)
    first = window.library.export("json")
    assert len(json.loads(first)) == 2
    path = tmp_path / "notes.json"
    path.write_text(first, encoding="utf-8")

    fresh = AnnotationStore(tmp_path / "fresh.sqlite")
    other = Library(window.library.source, window.library.build_dir, fresh)
    report = other.import_file(path).value
    assert report.added == 2
    assert other.export("json") == first
    assert other.import_file(path).value.skipped == 2  # importing again adds no duplicates
    other.close()
    fresh.close()


def test_notes_brought_back_after_damage_are_announced_and_shown(
    qtbot, window: MainWindow, built_sample
) -> None:  # type: ignore[no-untyped-def]
    from reader import paths

    press(qtbot, window, Qt.Key.Key_H)
    settle(qtbot, window)
    assert window.counts.text() == "4 articles · 1 highlight"
    window.close()
    window.store.close()
    db = paths.annotations_db()
    for suffix in ("-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    db.write_bytes(b"")  # the notes database emptied by a crash or a bad sync
    again = MainWindow(built_sample)
    qtbot.addWidget(again)
    again.show()
    wait_ready(qtbot, again)
    qtbot.waitUntil(lambda: "restored" in again.statusBar().currentMessage(), timeout=5000)
    assert again.counts.text() == "4 articles · 1 highlight"
    again.close()


def test_enter_opens_the_first_hit_even_when_the_hits_come_late(
    qtbot, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """On a busy machine the hits can take seconds: Enter must wait for them, not open what is listed."""
    import time

    library = window.library
    slow = type(library).search

    def late(self, query: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(2.5)
        return slow(self, query, *args, **kwargs)

    monkeypatch.setattr(type(library), "search", late)
    first = window.current.id
    press(qtbot, window, Qt.Key.Key_Slash)
    qtbot.keyClicks(window.search.edit, "ceasefire")
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Return)
    assert window.current.id == first
    qtbot.waitUntil(lambda: window.current.id != first, timeout=10000)
    assert "ceasefire" in window.current.text.lower()
    assert window.list_model.rowCount() == 1
    assert QApplication.focusWidget() is window.reader


def test_a_search_on_screen_survives_the_build_reopening_the_library(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The first build ends (its "done" reopens the library) while the user looks at hits."""
    press(qtbot, window, Qt.Key.Key_Slash)
    qtbot.keyClicks(window.search.edit, "ceasefire")
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 1, timeout=5000)
    hit = window.list_model.article_id(0)
    qtbot.waitUntil(lambda: window.current.id == hit, timeout=5000)
    old = window.library
    window.loading._open_build(old.build_dir, final=True)
    qtbot.waitUntil(lambda: window.library is not old and window.runner.pending == 0, timeout=10000)
    settle(qtbot, window)
    assert window.list_model.rowCount() == 1
    assert window.list_model.article_id(0) == hit and window.current.id == hit
    assert window.statusBar().currentMessage() == "1 hit for “ceasefire”"
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert window.current.id == hit


def test_the_build_reopening_the_library_does_not_talk_over_the_user(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """A stage of the first build ends just after a key press: its count must not hide what the key did."""
    press(qtbot, window, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: len(window.library.highlights(window.current.id)) == 1, timeout=5000)
    said = window.statusBar().currentMessage()
    assert said.startswith("Highlighted")
    old = window.library
    window.loading._open_build(old.build_dir, final=True)
    qtbot.waitUntil(lambda: window.library is not old and window.runner.pending == 0, timeout=10000)
    settle(qtbot, window)
    assert window.statusBar().currentMessage() == said
