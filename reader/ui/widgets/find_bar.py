"""Find in article (Ctrl+F): incremental, case and whole-word toggles, "3 / 11", wraps."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QWidget


class _FindEdit(QLineEdit):
    step = Signal(int)
    closed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.step.emit(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    changed = Signal(str, bool, bool)  # text, case, whole word
    step = Signal(int)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel("Find:"))
        self.edit = _FindEdit()
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText("Find in article (Enter next, Shift+Enter previous)")
        layout.addWidget(self.edit, 1)
        self.case = QCheckBox("&Case")
        self.whole = QCheckBox("&Whole words")
        layout.addWidget(self.case)
        layout.addWidget(self.whole)
        self.count = QLabel("")
        self.count.setMinimumWidth(70)
        layout.addWidget(self.count)
        self.edit.textChanged.connect(self._emit)
        self.case.toggled.connect(self._emit)
        self.whole.toggled.connect(self._emit)
        self.edit.step.connect(self.step)
        self.edit.closed.connect(self.closed)
        self.setFocusProxy(self.edit)

    def _emit(self) -> None:
        self.changed.emit(self.edit.text(), self.case.isChecked(), self.whole.isChecked())

    def show_count(self, index: int, total: int) -> None:
        if not self.edit.text():
            self.count.setText("")
        elif total == 0:
            self.count.setText("no matches")
        else:
            self.count.setText(f"{index} / {total}")
