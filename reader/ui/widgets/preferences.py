"""The preferences dialog: remap any key, and choose the look of the reader.

Everything here edits a copy of :class:`~reader.settings.Settings`; Cancel throws
the copy away, OK writes it back into the caller's object, saves it (atomically,
only what differs from the defaults) and emits :attr:`PreferencesDialog.applied`
so the window can rebind its actions and restyle at once.

The dialog is meant to be driven from the keyboard like the rest of Lede: the
action list takes Enter (record a key), Insert (add a second key), Delete (unbind);
while recording, every key -- including Tab and the dialog's own mnemonics -- is
captured, and Esc cancels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QKeyCombination,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFontComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyle,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.keymap import ACTIONS, BY_ID, GROUPS, ActionSpec, pretty
from reader.settings import FONT_SIZE_RANGE, LINE_WIDTH_RANGE, MARK_READ_RANGE, Settings, conflicts

ActionIdRole = Qt.ItemDataRole.UserRole + 1

_MODIFIER_KEYS = {
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
    Qt.Key.Key_Super_L,
    Qt.Key.Key_Super_R,
    Qt.Key.Key_Hyper_L,
    Qt.Key.Key_Hyper_R,
    Qt.Key.Key_CapsLock,
    Qt.Key.Key_NumLock,
    Qt.Key.Key_ScrollLock,
    Qt.Key.Key_unknown,
}


def _dark() -> bool:
    return QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128


def _warning() -> QColor:
    """The clash colour, readable on the current (light or dark) palette."""
    return QColor("#FF8A80") if _dark() else QColor("#B3261E")


def _warning_box_style() -> str:
    bg, border, text = ("#4A2323", "#8C3B36", "#FFD9D5") if _dark() else ("#FDECEA", "#E8A8A1", "#5F1410")
    return (
        f"QFrame#conflictWarning {{ background: {bg}; border: 1px solid {border}; border-radius: 4px; }}"
        f"QFrame#conflictWarning QLabel {{ color: {text}; background: transparent; border: none; }}"
    )


_PREVIEW_TEXT = (
    "The minister said the talks would resume on Monday, after a week in which "
    "both sides traded accusations over the ceasefire."
)


def key_from_event(event: QKeyEvent) -> str | None:
    """The portable key string (``"Ctrl+Shift+L"``, ``"?"``) of a key press, or None for a bare modifier.

    Shift is dropped when it only served to type a symbol (``?`` rather than
    ``Shift+?``), the same rule ``QKeySequenceEdit`` follows, so a recorded key
    matches how :mod:`reader.keymap` spells its defaults.
    """
    key = event.key()
    if key in _MODIFIER_KEYS or key == 0:
        return None
    wanted = (
        Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier
        | Qt.KeyboardModifier.MetaModifier
        | Qt.KeyboardModifier.ShiftModifier
    )
    mods = event.modifiers() & wanted
    text = event.text()
    if mods & Qt.KeyboardModifier.ShiftModifier and text:
        ch = text[0]
        if ch.isprintable() and not ch.isalnum() and not ch.isspace():
            mods &= ~Qt.KeyboardModifier.ShiftModifier
    if key == Qt.Key.Key_Backtab:  # Shift+Tab arrives as Backtab
        key = Qt.Key.Key_Tab
        mods |= Qt.KeyboardModifier.ShiftModifier
    combo = QKeyCombination(mods, Qt.Key(key))
    return QKeySequence(combo).toString(QKeySequence.SequenceFormat.PortableText) or None


def _shown(keys: Sequence[str]) -> str:
    return " / ".join(pretty(k) for k in keys)


class KeyCapture(QLineEdit):
    """A read-only field that, once :meth:`start` is called, turns the next key press into a binding.

    A plain ``QKeySequenceEdit`` waits a second for further chords and records Esc;
    Lede binds single chords only and wants Esc to cancel, so capture is ours.
    """

    captured = Signal(str)
    cancelled = Signal()
    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        self.recording = False  # set first: Qt sends events from inside the set-up calls below
        super().__init__(parent)
        self.setObjectName("keyCapture")
        self.setReadOnly(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # reached by Enter on the list, not by Tab
        self.setAccessibleName("Key capture")
        self.setStyleSheet(
            'QLineEdit#keyCapture[recording="true"] { border: 2px solid palette(highlight); border-radius: 4px; }'
        )
        self.recording = False

    def start(self) -> None:
        self.recording = True
        self.clear()
        self.setPlaceholderText("Press the new key…  (Esc cancels)")
        self.setProperty("recording", True)
        self._restyle()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def stop(self, shown: str = "") -> None:
        self.recording = False
        self.setProperty("recording", False)
        self._restyle()
        self.setText(shown)

    def _restyle(self) -> None:
        self.style().unpolish(self)
        self.style().polish(self)

    def event(self, event: QEvent) -> bool:
        if self.recording and event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # the dialog's mnemonics (Alt+R…) must reach us as key presses
            return True
        if self.recording and event.type() == QEvent.Type.KeyPress:
            self.keyPressEvent(event)  # type: ignore[arg-type]  # also Tab, before focus moves
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self.recording:
            super().keyPressEvent(event)
            return
        event.accept()
        if event.key() == Qt.Key.Key_Escape and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.cancelled.emit()
            return
        key = key_from_event(event)
        if key is None:  # a modifier alone: show it while the user reaches for the key
            mods = QKeySequence(QKeyCombination(event.modifiers(), Qt.Key.Key_A)).toString(
                QKeySequence.SequenceFormat.NativeText
            )
            self.setText(mods[:-1] + "…" if mods.endswith("A") else "")
            return
        self.captured.emit(key)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        if self.recording and event.reason() != Qt.FocusReason.PopupFocusReason:
            self.cancelled.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if not self.recording:
            self.clicked.emit()
        super().mousePressEvent(event)


class KeyBindingsModel(QAbstractTableModel):
    """Every action as a row (Action, Keys, Group), with the keys being edited.

    Rows follow the keymap's group order. Changed bindings are bold; bindings that
    clash with another action carry a warning icon and a tooltip naming it.
    """

    COLUMNS = ("Action", "Keys", "Group")

    def __init__(self, keys: dict[str, tuple[str, ...]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.specs: list[ActionSpec] = [s for g in GROUPS for s in ACTIONS if s.group == g]
        self.specs += [s for s in ACTIONS if s.group not in GROUPS]
        self._row = {s.id: i for i, s in enumerate(self.specs)}
        self._keys = {s.id: tuple(keys.get(s.id, s.keys)) for s in self.specs}
        self._conflicts: dict[str, list[str]] = {}
        self._recompute()

    # ---------------------------------------------------------------- Qt API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.specs)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        spec = self.specs[index.row()]
        col = index.column()
        keys = self._keys[spec.id]
        if role == ActionIdRole:
            return spec.id
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return spec.text
            if col == 1:
                return _shown(keys) or "—"
            return spec.group
        if role == Qt.ItemDataRole.FontRole and col in (0, 1) and self.is_changed(spec.id):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 1 and self.clashes_of(spec.id):
                return _warning()
            if col == 2 or (col == 1 and not keys):
                return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.DecorationRole and col == 1 and self.clashes_of(spec.id):
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{spec.text}: {_shown(keys) or 'no key'}"]
            if self.is_changed(spec.id):
                lines.append(f"Default: {_shown(spec.keys) or 'no key'}")
            lines += [self.describe_clash(k, others) for k, others in self.clashes_of(spec.id).items()]
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole and col == 1:
            return _shown(keys) or "no key"
        return None

    # ---------------------------------------------------------------- editing
    def keys(self, action_id: str) -> tuple[str, ...]:
        return self._keys[action_id]

    def all_keys(self) -> dict[str, tuple[str, ...]]:
        return dict(self._keys)

    def set_keys(self, action_id: str, keys: Sequence[str]) -> None:
        unique: list[str] = []
        for k in keys:
            if k and k not in unique:
                unique.append(k)
        self._keys[action_id] = tuple(unique)
        self._recompute()
        # a change can start or end a clash on any row, so repaint the keys column of all
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.specs) - 1, len(self.COLUMNS) - 1))

    def reset(self, action_id: str | None = None) -> None:
        if action_id is None:
            self.beginResetModel()
            self._keys = {s.id: s.keys for s in self.specs}
            self._recompute()
            self.endResetModel()
        else:
            self.set_keys(action_id, BY_ID[action_id].keys)

    def is_changed(self, action_id: str) -> bool:
        return self._keys[action_id] != BY_ID[action_id].keys

    def row_of(self, action_id: str) -> int:
        return self._row[action_id]

    def clashes_of(self, action_id: str) -> dict[str, list[str]]:
        """For each key of ``action_id`` that clashes: the other actions bound to it."""
        out: dict[str, list[str]] = {}
        for key in self._keys[action_id]:
            ids = self._conflicts.get(key, [])
            if action_id in ids:
                out[key] = [a for a in ids if a != action_id]
        return out

    @staticmethod
    def describe_clash(key: str, others: Sequence[str]) -> str:
        names = " and ".join(f"“{BY_ID[a].text}”" for a in others)
        return f"“{pretty(key)}” is also bound to {names}."

    def _recompute(self) -> None:
        self._conflicts = conflicts(self._keys)


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
        self._mode: str | None = None  # "replace" | "add" while recording

        self.tabs = QTabWidget()
        self.tabs.addTab(self._keys_page(), "&Keys")
        self.tabs.addTab(self._look_page(), "A&ppearance")

        self.error_label = QLabel()
        self.error_label.setObjectName("saveError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {_warning().name()};")
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

        self.select_action(ACTIONS[0].id)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # ================================================================ keys page
    def _keys_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)

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

        self.model = KeyBindingsModel(self._draft.effective_keys(), self)
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
        return page

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
        self.capture.stop(_shown(keys) or "no key")
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

    # ================================================================ appearance page
    def _look_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        s = self._draft

        self.theme_combo = QComboBox()
        for label, value in (("System", "system"), ("Light", "light"), ("Dark", "dark")):
            self.theme_combo.addItem(label, value)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(s.theme)))
        form.addRow("&Theme:", self.theme_combo)
        note = QLabel("“System” follows the desktop's light or dark setting.")
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        form.addRow("", note)

        font_row = QWidget()
        font_layout = QHBoxLayout(font_row)
        font_layout.setContentsMargins(0, 0, 0, 0)
        self.font_combo = QFontComboBox()
        self.font_combo.setMinimumWidth(240)
        self.default_font_check = QCheckBox("&Default font")
        self.default_font_check.setChecked(not s.font_family)
        if s.font_family:
            self.font_combo.setCurrentFont(QFont(s.font_family))
        else:
            self.font_combo.setCurrentFont(QApplication.font())
        self.font_combo.setEnabled(bool(s.font_family))
        self.default_font_check.toggled.connect(lambda on: self.font_combo.setEnabled(not on))
        font_layout.addWidget(self.font_combo)
        font_layout.addWidget(self.default_font_check)
        font_label = QLabel("&Font:")
        font_label.setBuddy(self.font_combo)
        form.addRow(font_label, font_row)

        self.font_size_spin = QDoubleSpinBox()
        self.font_size_spin.setRange(*FONT_SIZE_RANGE)
        self.font_size_spin.setDecimals(1)
        self.font_size_spin.setSingleStep(0.5)
        self.font_size_spin.setSuffix(" pt")
        self.font_size_spin.setValue(s.font_size)
        form.addRow("Font si&ze:", self.font_size_spin)

        self.line_width_spin = QSpinBox()
        self.line_width_spin.setRange(*LINE_WIDTH_RANGE)
        self.line_width_spin.setSingleStep(2)
        self.line_width_spin.setSuffix(" characters")
        self.line_width_spin.setSpecialValueText("Fill the pane")
        self.line_width_spin.setValue(s.line_width)
        self.line_width_spin.setToolTip("The longest line of text in the reader; 0 fills the pane")
        form.addRow("&Line width:", self.line_width_spin)

        self.mark_read_spin = QSpinBox()
        self.mark_read_spin.setRange(*MARK_READ_RANGE)
        self.mark_read_spin.setSingleStep(5)
        self.mark_read_spin.setSuffix(" s")
        self.mark_read_spin.setSpecialValueText("Only at the end")
        self.mark_read_spin.setValue(s.mark_read_after_seconds)
        self.mark_read_spin.setToolTip(
            "Mark an article read after it has been open this long; 0 marks it read only when you reach the end"
        )
        form.addRow("&Mark read after:", self.mark_read_spin)

        for field in (self.theme_combo, self.font_size_spin, self.line_width_spin, self.mark_read_spin):
            field.setMinimumWidth(180)

        self.preview = QLabel(_PREVIEW_TEXT)
        self.preview.setObjectName("fontPreview")
        self.preview.setWordWrap(True)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.preview.setAutoFillBackground(True)
        self.preview.setBackgroundRole(QPalette.ColorRole.Base)
        self.preview.setMargin(12)
        self.preview.setAccessibleName("Preview of the reading font")
        form.addRow("Preview:", self.preview)

        self.font_combo.currentFontChanged.connect(lambda _f: self._update_preview())
        self.default_font_check.toggled.connect(lambda _on: self._update_preview())
        self.font_size_spin.valueChanged.connect(lambda _v: self._update_preview())
        self.line_width_spin.valueChanged.connect(lambda _v: self._update_preview())
        self._update_preview()
        return page

    def _update_preview(self) -> None:
        """Show the sample paragraph in the chosen font, size and measure (as the reader will)."""
        font = QFont(
            QApplication.font() if self.default_font_check.isChecked() else self.font_combo.currentFont()
        )
        font.setPointSizeF(float(self.font_size_spin.value()))
        self.preview.setFont(font)
        chars = int(self.line_width_spin.value())
        width = QFontMetricsF(font).averageCharWidth() * chars + 2 * self.preview.margin() + 4
        fixed = int(min(max(width, 200), 520)) if chars else 520
        self.preview.setFixedWidth(fixed)
        self.preview.setFixedHeight(self.preview.heightForWidth(fixed))

    # ================================================================ result
    def result_settings(self) -> Settings:
        """The draft with every edit taken in (what OK would save)."""
        draft = self._draft
        for spec in ACTIONS:
            draft.set_keys(spec.id, self.model.keys(spec.id))
        draft.theme = str(self.theme_combo.currentData())
        draft.font_family = (
            "" if self.default_font_check.isChecked() else self.font_combo.currentFont().family()
        )
        draft.font_size = round(float(self.font_size_spin.value()), 1)
        draft.line_width = int(self.line_width_spin.value())
        draft.mark_read_after_seconds = int(self.mark_read_spin.value())
        return draft

    def accept(self) -> None:
        """Save (atomically, only changes), hand the settings to the window, close."""
        if self.capture.recording:
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
