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
from reader.ui import theme
from reader.ui.actions import ActionTable
from reader.ui.theme import system_prefers_dark
from reader.ui.widgets.key_capture import key_from_event
from reader.ui.widgets.preferences import PreferencesDialog

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
    d.keys.view.setFocus()
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
    d.keys.select_action(action_id)
    d.keys.view.setFocus()
    qtbot.keyClick(d.keys.view, Qt.Key.Key_Insert if add else Qt.Key.Key_Return)
    assert d.keys.capture.recording and focused() is d.keys.capture
    qtbot.keyClick(d.keys.capture, key, mods)


def test_the_list_shows_every_action_with_its_group_text_and_keys(dialog: PreferencesDialog) -> None:
    model = dialog.keys.model
    assert model.rowCount() == len(ACTIONS)
    row = model.row_of("next_article")
    assert [model.index(row, c).data() for c in range(3)] == ["Next article", "j / Alt+↓", "Navigate"]
    assert dialog.keys.current_action() == dialog.keys.model.specs[0].id
    assert focused() is dialog.keys.view


def test_enter_then_a_key_records_a_new_binding_for_next_article(
    qtbot: QtBot, dialog: PreferencesDialog
) -> None:
    record(qtbot, dialog, "next_article", Qt.Key.Key_N, Mod.ControlModifier)
    assert dialog.keys.model.keys("next_article") == ("Ctrl+N",)
    assert not dialog.keys.capture.recording
    assert focused() is dialog.keys.view  # back in the list, ready for the next one
    assert dialog.keys.capture.text() == "Ctrl+N"
    assert not dialog.keys.conflict_frame.isVisible()
    assert dialog.isVisible()  # Enter recorded; it did not press OK


def test_the_record_button_and_a_second_binding(qtbot: QtBot, dialog: PreferencesDialog) -> None:
    dialog.keys.select_action("next_article")
    qtbot.mouseClick(dialog.keys.record_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.keys.capture, Qt.Key.Key_N, Mod.ControlModifier)
    record(qtbot, dialog, "next_article", Qt.Key.Key_PageDown, Mod.AltModifier, add=True)
    assert dialog.keys.model.keys("next_article") == ("Ctrl+N", "Alt+PgDown")


def test_binding_k_to_next_article_warns_and_names_prev_article(
    qtbot: QtBot, dialog: PreferencesDialog
) -> None:
    record(qtbot, dialog, "next_article", Qt.Key.Key_K)
    assert dialog.keys.model.keys("next_article") == ("K",)
    assert dialog.keys.conflict_frame.isVisible()
    text = dialog.keys.conflict_label.text()
    assert "“k”" in text and "Previous article" in text
    row = dialog.keys.model.row_of("prev_article")
    assert "Next article" in dialog.keys.model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    # the warning follows the selection: the other action shows it too
    dialog.keys.select_action("prev_article")
    assert "Next article" in dialog.keys.conflict_label.text()
    dialog.keys.select_action("toggle_star")
    assert not dialog.keys.conflict_frame.isVisible()


def test_the_warning_can_take_the_key_from_the_other_action(qtbot: QtBot, dialog: PreferencesDialog) -> None:
    record(qtbot, dialog, "next_article", Qt.Key.Key_K)
    assert "Previous article" in dialog.keys.resolve_button.text()
    qtbot.mouseClick(dialog.keys.resolve_button, Qt.MouseButton.LeftButton)
    assert dialog.keys.model.keys("prev_article") == ("Alt+Up",)
    assert dialog.keys.model.keys("next_article") == ("K",)
    assert not dialog.keys.conflict_frame.isVisible()


def test_escape_cancels_recording_and_keeps_the_dialog_open(qtbot: QtBot, dialog: PreferencesDialog) -> None:
    dialog.keys.select_action("next_article")
    qtbot.keyClick(dialog.keys.view, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.keys.capture, Qt.Key.Key_Shift)  # a modifier alone records nothing
    assert dialog.keys.capture.recording
    qtbot.keyClick(dialog.keys.capture, Qt.Key.Key_Escape)
    assert not dialog.keys.capture.recording
    assert dialog.keys.model.keys("next_article") == BY_ID["next_article"].keys
    assert dialog.isVisible()


def test_keys_the_dialog_itself_uses_are_recorded_not_obeyed(qtbot: QtBot, dialog: PreferencesDialog) -> None:
    record(qtbot, dialog, "next_article", Qt.Key.Key_R, Mod.AltModifier)  # Alt+R is the Record button's
    assert dialog.keys.model.keys("next_article") == ("Alt+R",)
    record(qtbot, dialog, "next_article", Qt.Key.Key_Tab)
    assert dialog.keys.model.keys("next_article") == ("Tab",)
    record(qtbot, dialog, "next_article", Qt.Key.Key_Return)
    assert dialog.keys.model.keys("next_article") == ("Return",)
    assert dialog.isVisible()


def test_delete_unbinds_and_reset_restores_one_then_all(qtbot: QtBot, dialog: PreferencesDialog) -> None:
    record(qtbot, dialog, "next_article", Qt.Key.Key_N, Mod.ControlModifier)
    dialog.keys.select_action("toggle_star")
    qtbot.keyClick(dialog.keys.view, Qt.Key.Key_Delete)
    assert dialog.keys.model.keys("toggle_star") == ()
    assert dialog.keys.model.index(dialog.keys.model.row_of("toggle_star"), 1).data() == "—"
    dialog.keys.select_action("next_article")
    qtbot.mouseClick(dialog.keys.reset_button, Qt.MouseButton.LeftButton)
    assert dialog.keys.model.keys("next_article") == ("J", "Alt+Down")
    assert dialog.keys.model.keys("toggle_star") == ()
    assert dialog.keys.reset_all_button.isEnabled()
    qtbot.mouseClick(dialog.keys.reset_all_button, Qt.MouseButton.LeftButton)
    assert dialog.keys.model.all_keys() == {a.id: a.keys for a in ACTIONS}
    assert not dialog.keys.reset_all_button.isEnabled()


def test_typing_a_filter_then_down_and_enter_records_for_the_match(
    qtbot: QtBot, dialog: PreferencesDialog
) -> None:
    dialog.keys.filter_edit.setFocus()
    qtbot.keyClicks(dialog.keys.filter_edit, "toggle star")
    assert dialog.keys.proxy.rowCount() == 1
    assert dialog.keys.current_action() == "toggle_star"
    qtbot.keyClick(dialog.keys.filter_edit, Qt.Key.Key_Down)
    assert focused() is dialog.keys.view
    qtbot.keyClick(dialog.keys.view, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.keys.capture, Qt.Key.Key_8, Mod.ControlModifier)
    assert dialog.keys.model.keys("toggle_star") == ("Ctrl+8",)


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
    dialog.look.theme_combo.setCurrentIndex(dialog.look.theme_combo.findData("dark"))
    qtbot.keyClick(dialog.keys.view, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert settings.keys == {} and settings.theme == "system"
    assert settings.path is not None and not settings.path.exists()


def test_appearance_choices_are_saved(qtbot: QtBot, dialog: PreferencesDialog, settings: Settings) -> None:
    dialog.tabs.setCurrentIndex(1)
    dialog.look.theme_combo.setCurrentIndex(dialog.look.theme_combo.findData("dark"))
    dialog.look.default_font_check.setChecked(False)
    family = dialog.look.font_combo.currentFont().family()
    dialog.look.font_size_spin.setValue(15.5)
    dialog.look.line_width_spin.setValue(72)
    dialog.look.mark_read_spin.setValue(20)
    assert dialog.look.line_width_spin.text() == "72 characters"
    dialog.look.line_width_spin.setValue(0)
    assert dialog.look.line_width_spin.text() == "Fill the pane"
    dialog.look.line_width_spin.setValue(72)
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
    assert d.keys.model.keys("next_article") == ("K",)
    assert d.keys.model.index(d.keys.model.row_of("next_article"), 0).data(Qt.ItemDataRole.FontRole).bold()
    assert d.look.theme_combo.currentData() == "light"
    assert d.look.line_width_spin.value() == 66
    assert d.look.default_font_check.isChecked()


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


class _Hints:
    """Stands in for QStyleHints: the offscreen platform always answers ``Unknown``."""

    def __init__(self, scheme: Qt.ColorScheme) -> None:
        self.scheme = scheme

    def colorScheme(self) -> Qt.ColorScheme:  # noqa: N802 (Qt's name)
        return self.scheme


def test_the_system_theme_follows_the_desktop_s_colour_scheme(
    qtbot: QtBot, dialog: PreferencesDialog, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert system_prefers_dark() is False  # offscreen says Unknown: light, as Lede always started
    settings.theme = "dark"
    dialog.look.theme_combo.setCurrentIndex(dialog.look.theme_combo.findData("system"))
    with qtbot.waitSignal(dialog.applied, timeout=2000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert settings.theme == "system"
    for scheme, dark in (
        (Qt.ColorScheme.Dark, True),
        (Qt.ColorScheme.Light, False),
        (Qt.ColorScheme.Unknown, False),
    ):
        monkeypatch.setattr(theme.QGuiApplication, "styleHints", lambda s=scheme: _Hints(s))
        assert system_prefers_dark() is dark, scheme
        assert settings.wants_dark(system_prefers_dark()) is dark, scheme


def test_the_dialog_renders(qtbot: QtBot, dialog: PreferencesDialog, tmp_path: Path) -> None:
    image = dialog.grab()
    assert not image.isNull() and image.width() >= 600
    dialog.tabs.setCurrentIndex(1)
    assert not dialog.grab().isNull()
