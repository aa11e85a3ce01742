"""The preferences dialog, driven with key presses: record, conflicts, reset, OK saves only changes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from reader.keymap import ACTIONS, BY_ID
from reader.settings import Settings
from reader.ui.actions import ActionTable
from reader.ui.theme import system_prefers_dark
from reader.ui.widgets.preferences import PreferencesDialog, key_from_event

Mod = Qt.KeyboardModifier


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.load(tmp_path / "settings.json")


@pytest.fixture
def dialog(qtbot: QtBot, settings: Settings) -> Iterator[PreferencesDialog]:
    d = PreferencesDialog(settings)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    d.activateWindow()
    d.view.setFocus()
    yield d
    d.close()


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def record(
    qtbot: QtBot,
    d: PreferencesDialog,
    action_id: str,
    key: Qt.Key,
    mods: Qt.KeyboardModifier = Mod.NoModifier,
    *,
    add: bool = False,
) -> None:
    """Select the action, press Enter (or Insert) in the list, then press the key on the capture field."""
    d.select_action(action_id)
    d.view.setFocus()
    qtbot.keyClick(d.view, Qt.Key.Key_Insert if add else Qt.Key.Key_Return)
    assert d.capture.recording and focused() is d.capture
    qtbot.keyClick(d.capture, key, mods)


def test_the_list_shows_every_action_with_its_group_text_and_keys(dialog: PreferencesDialog) -> None:
    model = dialog.model
    assert model.rowCount() == len(ACTIONS)
    row = model.row_of("next_article")
    assert [model.index(row, c).data() for c in range(3)] == ["Next article", "j / Alt+↓", "Navigate"]
    assert dialog.current_action() == dialog.model.specs[0].id
    assert focused() is dialog.view


def test_enter_then_a_key_records_a_new_binding_for_next_article(
    qtbot: QtBot, dialog: PreferencesDialog
) -> None:
    record(qtbot, dialog, "next_article", Qt.Key.Key_N, Mod.ControlModifier)
    assert dialog.model.keys("next_article") == ("Ctrl+N",)
    assert not dialog.capture.recording
    assert focused() is dialog.view  # back in the list, ready for the next one
    assert dialog.capture.text() == "Ctrl+N"
    assert not dialog.conflict_frame.isVisible()
    assert dialog.isVisible()  # Enter recorded; it did not press OK


def test_the_record_button_and_a_second_binding(qtbot: QtBot, dialog: PreferencesDialog) -> None:
    dialog.select_action("next_article")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.capture, Qt.Key.Key_N, Mod.ControlModifier)
    record(qtbot, dialog, "next_article", Qt.Key.Key_PageDown, Mod.AltModifier, add=True)
    assert dialog.model.keys("next_article") == ("Ctrl+N", "Alt+PgDown")


def test_binding_k_to_next_article_warns_and_names_prev_article(
    qtbot: QtBot, dialog: PreferencesDialog
) -> None:
    record(qtbot, dialog, "next_article", Qt.Key.Key_K)
    assert dialog.model.keys("next_article") == ("K",)
    assert dialog.conflict_frame.isVisible()
    text = dialog.conflict_label.text()
    assert "“k”" in text and "Previous article" in text
    row = dialog.model.row_of("prev_article")
    assert "Next article" in dialog.model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    # the warning follows the selection: the other action shows it too
    dialog.select_action("prev_article")
    assert "Next article" in dialog.conflict_label.text()
    dialog.select_action("toggle_star")
    assert not dialog.conflict_frame.isVisible()


def test_the_warning_can_take_the_key_from_the_other_action(qtbot: QtBot, dialog: PreferencesDialog) -> None:
    record(qtbot, dialog, "next_article", Qt.Key.Key_K)
    assert "Previous article" in dialog.resolve_button.text()
    qtbot.mouseClick(dialog.resolve_button, Qt.MouseButton.LeftButton)
    assert dialog.model.keys("prev_article") == ("Alt+Up",)
    assert dialog.model.keys("next_article") == ("K",)
    assert not dialog.conflict_frame.isVisible()


def test_escape_cancels_recording_and_keeps_the_dialog_open(qtbot: QtBot, dialog: PreferencesDialog) -> None:
    dialog.select_action("next_article")
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.capture, Qt.Key.Key_Shift)  # a modifier alone records nothing
    assert dialog.capture.recording
    qtbot.keyClick(dialog.capture, Qt.Key.Key_Escape)
    assert not dialog.capture.recording
    assert dialog.model.keys("next_article") == BY_ID["next_article"].keys
    assert dialog.isVisible()


def test_keys_the_dialog_itself_uses_are_recorded_not_obeyed(qtbot: QtBot, dialog: PreferencesDialog) -> None:
    record(qtbot, dialog, "next_article", Qt.Key.Key_R, Mod.AltModifier)  # Alt+R is the Record button's
    assert dialog.model.keys("next_article") == ("Alt+R",)
    record(qtbot, dialog, "next_article", Qt.Key.Key_Tab)
    assert dialog.model.keys("next_article") == ("Tab",)
    record(qtbot, dialog, "next_article", Qt.Key.Key_Return)
    assert dialog.model.keys("next_article") == ("Return",)
    assert dialog.isVisible()


def test_delete_unbinds_and_reset_restores_one_then_all(qtbot: QtBot, dialog: PreferencesDialog) -> None:
    record(qtbot, dialog, "next_article", Qt.Key.Key_N, Mod.ControlModifier)
    dialog.select_action("toggle_star")
    qtbot.keyClick(dialog.view, Qt.Key.Key_Delete)
    assert dialog.model.keys("toggle_star") == ()
    assert dialog.model.index(dialog.model.row_of("toggle_star"), 1).data() == "—"
    dialog.select_action("next_article")
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert dialog.model.keys("next_article") == ("J", "Alt+Down")
    assert dialog.model.keys("toggle_star") == ()
    assert dialog.reset_all_button.isEnabled()
    qtbot.mouseClick(dialog.reset_all_button, Qt.MouseButton.LeftButton)
    assert dialog.model.all_keys() == {a.id: a.keys for a in ACTIONS}
    assert not dialog.reset_all_button.isEnabled()


def test_typing_a_filter_then_down_and_enter_records_for_the_match(
    qtbot: QtBot, dialog: PreferencesDialog
) -> None:
    dialog.filter_edit.setFocus()
    qtbot.keyClicks(dialog.filter_edit, "toggle star")
    assert dialog.proxy.rowCount() == 1
    assert dialog.current_action() == "toggle_star"
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    assert focused() is dialog.view
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.capture, Qt.Key.Key_8, Mod.ControlModifier)
    assert dialog.model.keys("toggle_star") == ("Ctrl+8",)


def test_ok_saves_only_the_change_and_emits_the_settings(
    qtbot: QtBot, dialog: PreferencesDialog, settings: Settings
) -> None:
    record(qtbot, dialog, "next_article", Qt.Key.Key_N, Mod.ControlModifier)
    record(qtbot, dialog, "toggle_star", Qt.Key.Key_S)  # the same as before: not a change
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(dialog.applied, timeout=2000) as blocker:
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert blocker.args == [settings]
    assert settings.keys == {"next_article": ["Ctrl+N"]}
    assert settings.path is not None
    assert json.loads(settings.path.read_text(encoding="utf-8")) == {
        "version": 1,
        "keys": {"next_article": ["Ctrl+N"]},
    }
    assert Settings.load(settings.path).effective_keys()["next_article"] == ("Ctrl+N",)
    assert not dialog.isVisible()


def test_cancel_leaves_the_settings_and_the_file_alone(
    qtbot: QtBot, dialog: PreferencesDialog, settings: Settings
) -> None:
    record(qtbot, dialog, "next_article", Qt.Key.Key_N, Mod.ControlModifier)
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    qtbot.keyClick(dialog.view, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert settings.keys == {} and settings.theme == "system"
    assert settings.path is not None and not settings.path.exists()


def test_appearance_choices_are_saved(qtbot: QtBot, dialog: PreferencesDialog, settings: Settings) -> None:
    dialog.tabs.setCurrentIndex(1)
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.default_font_check.setChecked(False)
    family = dialog.font_combo.currentFont().family()
    dialog.font_size_spin.setValue(15.5)
    dialog.line_width_spin.setValue(72)
    dialog.mark_read_spin.setValue(20)
    assert dialog.line_width_spin.text() == "72 characters"
    dialog.line_width_spin.setValue(0)
    assert dialog.line_width_spin.text() == "Fill the pane"
    dialog.line_width_spin.setValue(72)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    saved = json.loads(Path(str(settings.path)).read_text(encoding="utf-8"))
    assert saved == {
        "version": 1,
        "theme": "dark",
        "font_family": family,
        "font_size": 15.5,
        "line_width": 72,
        "mark_read_after_seconds": 20,
    }
    assert settings.wants_dark(system_dark=False)


def test_the_dialog_opens_on_the_users_current_settings(qtbot: QtBot, settings: Settings) -> None:
    settings.set_keys("next_article", ["K"])
    settings.theme = "light"
    settings.line_width = 66
    d = PreferencesDialog(settings)
    qtbot.addWidget(d)
    assert d.model.keys("next_article") == ("K",)
    assert d.model.index(d.model.row_of("next_article"), 0).data(Qt.ItemDataRole.FontRole).bold()
    assert d.theme_combo.currentData() == "light"
    assert d.line_width_spin.value() == 66
    assert d.default_font_check.isChecked()


def test_recorded_keys_are_spelled_like_the_keymap() -> None:
    def key(k: Qt.Key, mods: Qt.KeyboardModifier, text: str = "") -> str | None:
        return key_from_event(QKeyEvent(QEvent.Type.KeyPress, k, mods, text))

    assert key(Qt.Key.Key_Question, Mod.ShiftModifier, "?") == "?"  # Shift only typed the symbol
    assert key(Qt.Key.Key_H, Mod.ShiftModifier, "H") == "Shift+H"
    assert key(Qt.Key.Key_L, Mod.ControlModifier | Mod.ShiftModifier, "\x0c") == "Ctrl+Shift+L"
    assert key(Qt.Key.Key_Down, Mod.ShiftModifier | Mod.KeypadModifier) == "Shift+Down"
    assert key(Qt.Key.Key_Space, Mod.NoModifier, " ") == "Space"
    assert key(Qt.Key.Key_Backtab, Mod.ShiftModifier) == "Shift+Tab"
    assert key(Qt.Key.Key_Control, Mod.ControlModifier) is None


def test_apply_keys_rebinds_the_action_table_at_once(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    reader = QWidget()
    window.setCentralWidget(reader)
    table = ActionTable(window, reader)
    settings = Settings()
    settings.set_keys("next_article", ["Ctrl+N"])
    settings.set_keys("toggle_star", [])
    table.apply_keys(settings.effective_keys())
    assert table["next_article"].shortcuts() == [QKeySequence("Ctrl+N")]
    assert table["toggle_star"].shortcuts() == []
    assert table.keys["next_article"] == ("Ctrl+N",)
    assert table["prev_article"].shortcuts() == [QKeySequence("K"), QKeySequence("Alt+Up")]
    table.apply_keys({})
    assert table.keys == {a.id: a.keys for a in ACTIONS}


def test_system_prefers_dark_answers_a_bool() -> None:
    assert isinstance(system_prefers_dark(), bool)


def test_the_dialog_renders(qtbot: QtBot, dialog: PreferencesDialog, tmp_path: Path) -> None:
    image = dialog.grab()
    assert not image.isNull() and image.width() >= 600
    dialog.tabs.setCurrentIndex(1)
    assert not dialog.grab().isNull()
