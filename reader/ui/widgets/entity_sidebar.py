"""The entity sidebar: who and what the article (or the library) is about.

Selecting an entity marks its mentions in the reader; ``Enter`` filters the
article list to the articles that mention it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QTreeView, QVBoxLayout, QWidget

from reader.core.types import Entity
from reader.ui.models.entities import EntityModel, NameRole


class EntityTree(QTreeView):
    activated_name = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            name = self.currentIndex().data(NameRole)
            if name:
                self.activated_name.emit(str(name))
                return
        super().keyPressEvent(event)


class EntitySidebar(QWidget):
    entitySelected = Signal(object)  # str | None
    entityActivated = Signal(str)
    scopeChanged = Signal(str)  # "article" | "library"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entitySidebar")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        head = QHBoxLayout()
        title = QLabel("Entities")
        title.setObjectName("paneTitle")
        head.addWidget(title)
        head.addStretch(1)
        self.scope = QComboBox()
        self.scope.addItem("This article", "article")
        self.scope.addItem("All articles", "library")
        self.scope.setToolTip("Which entities to list")
        head.addWidget(self.scope)
        layout.addLayout(head)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter entities")
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        self.model = EntityModel(self)
        self.tree = EntityTree()
        self.tree.setObjectName("entityTree")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName("Entities")
        layout.addWidget(self.tree, 1)
        self.status = QLabel("")
        self.status.setObjectName("paneTitle")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self._entities: list[Entity] = []
        self.filter.textChanged.connect(self._refilter)
        self.filter.returnPressed.connect(self.tree.setFocus)
        self.scope.currentIndexChanged.connect(lambda _i: self.scopeChanged.emit(self.scope.currentData()))
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.activated_name.connect(self.entityActivated)
        self.tree.doubleClicked.connect(self._double_clicked)
        self.setFocusProxy(self.tree)

    def current_scope(self) -> str:
        return str(self.scope.currentData())

    def set_entities(self, entities: Sequence[Entity], message: str = "") -> None:
        self._entities = list(entities)
        self._refilter()
        self.status.setText(message)

    def selected_name(self) -> str | None:
        name = self.tree.currentIndex().data(NameRole)
        return str(name) if name else None

    def _refilter(self) -> None:
        current = self.selected_name()
        self.model.set_entities(self._entities, self.filter.text())
        self.tree.expandAll()
        if current:
            self.select_name(current)

    def select_name(self, name: str) -> None:
        for r in range(self.model.rowCount()):
            group = self.model.item(r)
            for c in range(group.rowCount()):
                item = group.child(c)
                if item.data(NameRole) == name:
                    self.tree.setCurrentIndex(item.index())
                    return

    def focus_first(self) -> None:
        if not self.tree.currentIndex().data(NameRole) and self.model.rowCount():
            group = self.model.item(0)
            if group.rowCount():
                self.tree.setCurrentIndex(group.child(0).index())
        self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        name = current.data(NameRole)
        self.entitySelected.emit(str(name) if name else None)

    def _double_clicked(self, index: QModelIndex) -> None:
        name = index.data(NameRole)
        if name:
            self.entityActivated.emit(str(name))
