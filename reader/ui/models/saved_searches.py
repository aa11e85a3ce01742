"""The saved searches above the article list, each with its live hit count.

A list model (not a ``QListWidget`` of items) so the rows are the library's own
``SavedSearch`` values: the view, the command palette and the tests read the same rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from reader.core.types import SavedSearch
from reader.ui import plain

QueryRole = Qt.ItemDataRole.UserRole + 1  # the query string the row runs
CountRole = Qt.ItemDataRole.UserRole + 2  # its number of hits when last counted

AnyIndex = QModelIndex | QPersistentModelIndex


class SavedSearchModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[SavedSearch, int]] = []

    def set_searches(self, rows: Sequence[tuple[SavedSearch, int]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def entries(self) -> list[tuple[SavedSearch, int]]:
        """Every saved search with its count (the palette lists them too)."""
        return list(self._rows)

    def query(self, row: int) -> str | None:
        return self._rows[row][0].query if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        saved, count = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{saved.name}  ({count})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain.tooltip(saved.query)
        if role == QueryRole:
            return saved.query
        if role == CountRole:
            return count
        return None
