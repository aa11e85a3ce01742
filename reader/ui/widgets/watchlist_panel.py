"""The watchlist pane: names pasted in (one a line), and for each how often the library has it.

The panel only shows: the names it emits (``namesChanged``, after typing pauses) are counted by
the watchlist controller off the UI thread, which hands the rows back with :meth:`set_rows`.
``Enter`` (or a double click) on a row asks for the article list to show that name's articles.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.types import WatchRow
from reader.ui.plain import counted

AnyIndex = QModelIndex | QPersistentModelIndex

COLUMNS = ("Name", "Articles", "Mentions", "First", "Last")
#: How long typing must pause before the names are counted again (ms): one count per pause,
#: not one per key.
SETTLE_MS = 400

_HOW = {
    "alias": "an alias of",
    "acronym": "an acronym of",
    "surname": "the surname of",
    "spelling": "a spelling of",
}


class _Table(QTableWidget):
    chosen = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.chosen.emit(self.currentRow())
            return
        super().keyPressEvent(event)


class WatchlistPanel(QWidget):
    namesChanged = Signal(list)  # list[str]: the box's lines, after typing paused  # noqa: N815
    rowActivated = Signal(object)  # WatchRow  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("watchlistPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        title = QLabel("Watchlist")
        title.setObjectName("paneTitle")
        layout.addWidget(title)
        self.names = QPlainTextEdit()
        self.names.setObjectName("watchlistNames")
        self.names.setPlaceholderText("Paste names here, one a line (IDF finds Israel Defence Forces)")
        self.names.setAccessibleName("Watched names")
        self.names.setTabChangesFocus(True)
        self.names.setMaximumHeight(self.fontMetrics().height() * 6)
        layout.addWidget(self.names)
        self.table = _Table(0, len(COLUMNS))
        self.table.setObjectName("watchlistTable")
        self.table.setAccessibleName("Watchlist counts")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.summary = QLabel("")
        self.summary.setObjectName("paneTitle")
        layout.addWidget(self.summary)
        self._rows: list[WatchRow] = []
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._emit_names)
        self.names.textChanged.connect(self._settle.start)
        self.table.chosen.connect(self._activate)
        self.table.doubleClicked.connect(lambda idx: self._activate(idx.row()))
        self.setFocusProxy(self.names)

    # ---------------------------------------------------------------- the names
    def set_names_text(self, text: str) -> None:
        """Fill the box (the names remembered for this source) without waiting for a pause."""
        self.names.blockSignals(True)
        self.names.setPlainText(text)
        self.names.blockSignals(False)
        self._settle.stop()

    def names_text(self) -> str:
        return self.names.toPlainText()

    def _emit_names(self) -> None:
        self.namesChanged.emit(self.names.toPlainText().splitlines())

    def flush(self) -> None:
        """Count now rather than after the pause (Enter from the box, tests)."""
        if self._settle.isActive():
            self._settle.stop()
            self._emit_names()

    # ---------------------------------------------------------------- the counts
    def set_rows(self, rows: Sequence[WatchRow]) -> None:
        """Show the counted rows; the selected name stays selected when it is still there."""
        current = self.table.currentRow()
        keep = self._rows[current].name if 0 <= current < len(self._rows) else None
        self._rows = list(rows)
        self.table.setRowCount(len(self._rows))
        for i, row in enumerate(self._rows):
            cells = (row.name, str(len(row.articles)), str(row.mentions), row.first or "–", row.last or "–")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(_explain(row))
                self.table.setItem(i, col, item)
        names = [r.name for r in self._rows]
        if keep in names:
            self.table.setCurrentCell(names.index(keep), 0)
        elif self._rows:
            self.table.setCurrentCell(0, 0)
        found = sum(1 for r in self._rows if r.articles)
        self.summary.setText(
            f"{found} of {counted(len(self._rows), 'name')} in the library" if self._rows else ""
        )

    def rows(self) -> list[WatchRow]:
        return list(self._rows)

    def _activate(self, index: int) -> None:
        if 0 <= index < len(self._rows):
            self.rowActivated.emit(self._rows[index])


def _explain(row: WatchRow) -> str:
    """The tooltip: what the name was taken to mean, so a surprising count can be checked."""
    if row.how == "text":
        return f"{row.name}: found as words in the text (no entity of that name)"
    if not row.how:
        return f"{row.name}: not in this library"
    names = ", ".join(row.matched)
    if row.how == "name":
        return names
    return f"{row.name} is {_HOW.get(row.how, 'taken as')} {names}"
