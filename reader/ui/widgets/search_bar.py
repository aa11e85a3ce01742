"""The library search box (``/``) with a removable entity-filter chip beside it.

Typing searches as you go (debounced); ``Enter`` opens the first hit, ``Esc`` clears
back to the full list, ``↓`` moves into the results.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

DEBOUNCE_MS = 180


class _SearchEdit(QLineEdit):
    accepted = Signal()
    cleared = Signal()
    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accepted.emit()
            return
        if key == Qt.Key.Key_Escape:
            self.cleared.emit()
            return
        if key == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(event)


class SearchBar(QWidget):
    queryChanged = Signal(str)  # debounced
    accepted = Signal()
    cleared = Signal()
    down = Signal()
    chipRemoved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = _SearchEdit()
        self.edit.setObjectName("searchEdit")
        self.edit.setPlaceholderText("Search  ( / )   e.g. ceasefire AND Doha")
        self.edit.setClearButtonEnabled(True)
        layout.addWidget(self.edit, 1)
        self.chip = QLabel("")
        self.chip.setObjectName("chip")
        self.chip.hide()
        layout.addWidget(self.chip)
        self.chip_close = QToolButton()
        self.chip_close.setText("×")
        self.chip_close.setToolTip("Remove the entity filter (Esc)")
        self.chip_close.hide()
        layout.addWidget(self.chip_close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self.queryChanged.emit(self.edit.text()))
        self.edit.textChanged.connect(lambda _t: self._timer.start())
        self.edit.accepted.connect(self._accept)
        self.edit.cleared.connect(self.cleared)
        self.edit.down.connect(self.down)
        self.chip_close.clicked.connect(self.chipRemoved)
        self.setFocusProxy(self.edit)

    def _accept(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.queryChanged.emit(self.edit.text())
        self.accepted.emit()

    def text(self) -> str:
        return self.edit.text()

    def clear(self) -> None:
        self._timer.stop()
        self.edit.blockSignals(True)
        self.edit.clear()
        self.edit.blockSignals(False)

    def set_chip(self, text: str | None) -> None:
        self.chip.setText(text or "")
        self.chip.setVisible(bool(text))
        self.chip_close.setVisible(bool(text))
