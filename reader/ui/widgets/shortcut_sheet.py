"""The ``?`` sheet: every binding, grouped, generated from the action table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from reader.keymap import ACTIONS, GROUPS, pretty


class ShortcutSheet(QDialog):
    def __init__(self, keys: Mapping[str, Sequence[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 640)
        layout = QVBoxLayout(self)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Keys", "Action"])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 170)
        for group in GROUPS:
            head = QTreeWidgetItem([group, ""])
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(head)
            for spec in ACTIONS:
                if spec.group != group:
                    continue
                bound = keys.get(spec.id, spec.keys)
                head.addChild(QTreeWidgetItem([" / ".join(pretty(k) for k in bound), spec.text]))
        self.tree.expandAll()
        layout.addWidget(self.tree)
        self.tree.setFocus()
