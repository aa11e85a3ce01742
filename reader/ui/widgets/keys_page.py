"""The Keys page of Preferences: find an action, record, add or remove its keys, and
settle a clash in place.

Driven from the keyboard like the rest of Lede: the action list takes Enter (record a
key), Insert (add a second key), Delete (unbind); while recording, every key — including
Tab and the dialog's own mnemonics — is captured, and Esc cancels. The page edits its
own :class:`KeyBindingsModel`; the dialog reads the keys back from it on OK.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.keymap import ACTIONS, BY_ID
from reader.ui.widgets.key_bindings import ActionIdRole, KeyBindingsModel, is_dark
from reader.ui.widgets.key_capture import KeyCapture, shown_keys


def _warning_box_style() -> str:
    bg, border, text = ("#4A2323", "#8C3B36", "#FFD9D5") if is_dark() else ("#FDECEA", "#E8A8A1", "#5F1410")
    return (
        f"QFrame#conflictWarning {{ background: {bg}; border: 1px solid {border}; border-radius: 4px; }}"
        f"QFrame#conflictWarning QLabel {{ color: {text}; background: transparent; border: none; }}"
    )


class _ActionView(QTreeView):
    """The action list; Enter records instead of pressing the dialog's default button."""

    recordRequested = Signal()  # noqa: N815 (Qt signal naming)
    addRequested = Signal()  # noqa: N815
    unbindRequested = Signal()  # noqa: N815

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods:
            self.recordRequested.emit()
        elif key == Qt.Key.Key_Insert or (
            key == Qt.Key.Key_Plus and not mods & ~Qt.KeyboardModifier.ShiftModifier
        ):
            self.addRequested.emit()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not mods:
            self.unbindRequested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class KeysPage(QWidget):
    """Every action with its keys, a capture field, and the inline clash warning."""

    def __init__(self, keys: dict[str, tuple[str, ...]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mode: str | None = None  # "replace" | "add" while recording
        layout = QVBoxLayout(self)

        filter_row = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("keysFilter")
        self.filter_edit.setPlaceholderText("Type to filter by action, key or group")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.installEventFilter(self)
        filter_label = QLabel("&Filter:")
        filter_label.setBuddy(self.filter_edit)
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.filter_edit, 1)
        layout.addLayout(filter_row)

        self.model = KeyBindingsModel(keys, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.filter_edit.textChanged.connect(self._filter_changed)

        self.view = _ActionView()
        self.view.setObjectName("keysView")
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 190)
        header.resizeSection(2, 90)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._show_current())
        self.view.doubleClicked.connect(lambda _i: self.start_recording())
        self.view.recordRequested.connect(self.start_recording)
        self.view.addRequested.connect(lambda: self.start_recording(add=True))
        self.view.unbindRequested.connect(self.unbind_current)
        layout.addWidget(self.view, 1)

        record_row = QHBoxLayout()
        self.record_label = QLabel()
        self.record_label.setObjectName("recordLabel")
        self.record_label.setMinimumWidth(260)
        self.capture = KeyCapture()
        self.capture.captured.connect(self._captured)
        self.capture.cancelled.connect(self._cancel_recording)
        self.capture.clicked.connect(self.start_recording)
        record_row.addWidget(self.record_label)
        record_row.addWidget(self.capture, 1)
        layout.addLayout(record_row)

        self.conflict_frame = QFrame()
        self.conflict_frame.setObjectName("conflictWarning")
        self.conflict_frame.setStyleSheet(_warning_box_style())
        warn_layout = QHBoxLayout(self.conflict_frame)
        warn_layout.setContentsMargins(8, 4, 4, 4)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(16, 16))
        self.conflict_label = QLabel()
        self.conflict_label.setObjectName("conflictText")
        self.conflict_label.setWordWrap(True)
        self.resolve_button = QPushButton()
        self.resolve_button.setObjectName("resolveConflict")
        self.resolve_button.clicked.connect(self.resolve_conflicts)
        warn_layout.addWidget(icon)
        warn_layout.addWidget(self.conflict_label, 1)
        warn_layout.addWidget(self.resolve_button)
        self.conflict_frame.hide()
        layout.addWidget(self.conflict_frame)

        buttons = QHBoxLayout()
        self.record_button = QPushButton("&Record key")
        self.record_button.setToolTip("Replace this action's keys with the next key you press (Enter)")
        self.add_button = QPushButton("&Add key")
        self.add_button.setToolTip("Bind one more key to this action (Insert)")
        self.unbind_button = QPushButton("&Unbind")
        self.unbind_button.setToolTip("Remove every key from this action (Delete)")
        self.reset_button = QPushButton("R&eset")
        self.reset_button.setToolTip("Back to this action's default keys")
        self.reset_all_button = QPushButton("Reset a&ll")
        self.reset_all_button.setToolTip("Back to the default keys for every action")
        for button in (self.record_button, self.add_button, self.unbind_button, self.reset_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.reset_all_button.setAutoDefault(False)
        self.resolve_button.setAutoDefault(False)
        buttons.addWidget(self.reset_all_button)
        self.record_button.clicked.connect(lambda: self.start_recording())
        self.add_button.clicked.connect(lambda: self.start_recording(add=True))
        self.unbind_button.clicked.connect(self.unbind_current)
        self.reset_button.clicked.connect(self.reset_current)
        self.reset_all_button.clicked.connect(self.reset_all)
        layout.addLayout(buttons)

        hint = QLabel(
            "Enter: record a key · Insert: add a key · Delete: unbind · Esc while recording: cancel"
        )
        hint.setObjectName("keysHint")
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(hint)

    def current_action(self) -> str | None:
        index = self.view.currentIndex()
        return str(index.data(ActionIdRole)) if index.isValid() else None

    def select_action(self, action_id: str) -> None:
        """Make ``action_id`` the current row (clearing a filter that hides it)."""
        source = self.model.index(self.model.row_of(action_id), 0)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.filter_edit.clear()
            index = self.proxy.mapFromSource(source)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def start_recording(self, add: bool = False) -> None:
        """Wait for the next key press on the capture field; it replaces (or joins) the keys."""
        action_id = self.current_action()
        if action_id is None:
            return
        self._mode = "add" if add else "replace"
        verb = "Another key" if add else "New key"
        self.record_label.setText(f"{verb} for “{BY_ID[action_id].text}”:")
        self.capture.start()

    def _captured(self, key: str) -> None:
        action_id = self.current_action()
        mode, self._mode = self._mode, None
        if action_id is not None:
            old = self.model.keys(action_id)
            self.model.set_keys(action_id, (*old, key) if mode == "add" else (key,))
        self._finish_recording()

    def _cancel_recording(self) -> None:
        self._mode = None
        self._finish_recording()

    def _finish_recording(self) -> None:
        self.capture.recording = False  # before the focus moves, so focus-out does not cancel again
        self._show_current()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def unbind_current(self) -> None:
        action_id = self.current_action()
        if action_id is not None:
            self.model.set_keys(action_id, ())
            self._show_current()

    def reset_current(self) -> None:
        action_id = self.current_action()
        if action_id is not None:
            self.model.reset(action_id)
            self._show_current()

    def reset_all(self) -> None:
        current = self.current_action()
        self.model.reset()
        if current is not None:
            self.select_action(current)
        self._show_current()

    def resolve_conflicts(self) -> None:
        """Keep the current action's keys and take them away from the actions they clash with."""
        action_id = self.current_action()
        if action_id is None:
            return
        for key, others in self.model.clashes_of(action_id).items():
            for other in others:
                self.model.set_keys(other, [k for k in self.model.keys(other) if k != key])
        self._show_current()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_current(self) -> None:
        """Refresh the capture field, the buttons and the inline warning for the current row."""
        action_id = self.current_action()
        has = action_id is not None
        for button in (self.record_button, self.add_button, self.unbind_button, self.reset_button):
            button.setEnabled(has)
        if action_id is None:
            self.record_label.setText("Keys:")
            self.capture.stop("")
            self.conflict_frame.hide()
            return
        spec = BY_ID[action_id]
        keys = self.model.keys(action_id)
        self.record_label.setText(f"Keys for “{spec.text}”:")
        self.capture.stop(shown_keys(keys) or "no key")
        self.capture.setPlaceholderText("")
        self.unbind_button.setEnabled(bool(keys))
        self.reset_button.setEnabled(self.model.is_changed(action_id))
        self.reset_all_button.setEnabled(any(self.model.is_changed(s.id) for s in ACTIONS))
        clashes = self.model.clashes_of(action_id)
        if clashes:
            self.conflict_label.setText(
                "\n".join(self.model.describe_clash(k, others) for k, others in clashes.items())
            )
            others = [a for ids in clashes.values() for a in ids]
            unique = list(dict.fromkeys(others))
            if len(unique) == 1:
                self.resolve_button.setText(f"Remove it from “{BY_ID[unique[0]].text}”")
            else:
                self.resolve_button.setText("Remove it from the others")
            self.conflict_frame.show()
        else:
            self.conflict_frame.hide()

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        if not self.view.currentIndex().isValid() and self.proxy.rowCount() > 0:
            self.view.setCurrentIndex(self.proxy.index(0, 0))
        self._show_current()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Down in the filter field moves into the list; Enter there records for the current row."""
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Down:
                self.view.setFocus(Qt.FocusReason.TabFocusReason)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.view.currentIndex().isValid():
                self.view.setFocus(Qt.FocusReason.OtherFocusReason)
                self.start_recording()
                return True
        return super().eventFilter(watched, event)
