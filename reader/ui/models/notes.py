"""Highlights and notes of the library as a flat list model (no widget per row)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from reader.core.types import Highlight

ColorRole = Qt.ItemDataRole.UserRole + 1  # the highlight's colour number
AnyIndex = QModelIndex | QPersistentModelIndex


class NotesModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Highlight] = []
        self._titles: dict[str, str] = {}
        self._order: dict[str, int] = {}

    def set_highlights(self, highlights: Sequence[Highlight], titles: Mapping[str, str]) -> None:
        self.beginResetModel()
        self._titles = dict(titles)
        self._order = {aid: i for i, aid in enumerate(titles)}
        self._rows = sorted(
            highlights, key=lambda h: (h.orphan, self._order.get(h.article_id, 1 << 30), h.start)
        )
        self.endResetModel()

    def highlight(self, row: int) -> Highlight | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        h = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            title = self._titles.get(h.article_id, "(article not found)")
            exact = " ".join(h.exact.split())
            if len(exact) > 140:
                exact = exact[:139] + "…"
            lines = [("⚠ orphan — " if h.orphan else "") + title, f"“{exact}”"]
            if h.note:
                lines.append("✎ " + " ".join(h.note.split())[:140])
            if h.tags:
                lines.append(" ".join(f"#{t}" for t in h.tags))
            return "\n".join(lines)
        if role == ColorRole:
            return h.color
        return None
