"""The table behind the Preferences' keys page: every action, its keys, and their clashes.

A model of its own so the clash rules (which key is bound twice, and to what) are checked
without a dialog, and so the page holds only the widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyle

from reader.keymap import ACTIONS, BY_ID, GROUPS, ActionSpec, pretty
from reader.settings import conflicts
from reader.ui.widgets.key_capture import shown_keys

ActionIdRole = Qt.ItemDataRole.UserRole + 1


def is_dark() -> bool:
    return QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128


def warning_color() -> QColor:
    """The clash colour, readable on the current (light or dark) palette."""
    return QColor("#FF8A80") if is_dark() else QColor("#B3261E")


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
                return shown_keys(keys) or "—"
            return spec.group
        if role == Qt.ItemDataRole.FontRole and col in (0, 1) and self.is_changed(spec.id):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 1 and self.clashes_of(spec.id):
                return warning_color()
            if col == 2 or (col == 1 and not keys):
                return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.DecorationRole and col == 1 and self.clashes_of(spec.id):
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{spec.text}: {shown_keys(keys) or 'no key'}"]
            if self.is_changed(spec.id):
                lines.append(f"Default: {shown_keys(spec.keys) or 'no key'}")
            lines += [self.describe_clash(k, others) for k, others in self.clashes_of(spec.id).items()]
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole and col == 1:
            return shown_keys(keys) or "no key"
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
