"""The preferences dialog: remap any key, and choose the look of the reader.

Everything here edits a copy of :class:`~reader.settings.Settings`; Cancel throws
the copy away, OK writes it back into the caller's object, saves it (atomically,
only what differs from the defaults) and emits :attr:`PreferencesDialog.applied`
so the window can rebind its actions and restyle at once.

The dialog only joins its two pages and owns OK: :mod:`keys_page` (find, record and
unbind keys, settle clashes) and :mod:`appearance_page` (theme, font, measure).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTabWidget, QVBoxLayout, QWidget

from reader.keymap import ACTIONS
from reader.settings import Settings
from reader.ui.widgets.appearance_page import AppearancePage
from reader.ui.widgets.key_bindings import warning_color
from reader.ui.widgets.keys_page import KeysPage


class PreferencesDialog(QDialog):
    """Keys and appearance. Edits a copy; OK saves and emits :attr:`applied` with the settings."""

    applied = Signal(object)  # Settings

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self.resize(760, 600)
        self.settings = settings
        self._draft = settings.copy()

        self.keys = KeysPage(self._draft.effective_keys())
        self.look = AppearancePage(self._draft)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.keys, "&Keys")
        self.tabs.addTab(self.look, "A&ppearance")

        self.error_label = QLabel()
        self.error_label.setObjectName("saveError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {warning_color().name()};")
        self.error_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.keys.select_action(ACTIONS[0].id)
        self.keys.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def result_settings(self) -> Settings:
        """The draft with every edit taken in (what OK would save)."""
        draft = self._draft
        for spec in ACTIONS:
            draft.set_keys(spec.id, self.keys.model.keys(spec.id))
        self.look.apply_to(draft)
        return draft

    def accept(self) -> None:
        """Save (atomically, only changes), hand the settings to the window, close.

        While a key is being recorded, Enter is the key being recorded, not OK.
        """
        if self.keys.capture.recording:
            return
        result = self.result_settings()
        try:
            result.save(self.settings.path)
        except OSError as exc:
            self.error_label.setText(f"Could not save the settings: {exc.strerror or exc}")
            self.error_label.show()
            return
        self.settings.update_from(result)
        self.settings.path = result.path
        self.applied.emit(self.settings)
        super().accept()
