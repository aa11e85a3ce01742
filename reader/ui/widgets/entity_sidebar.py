"""The entity sidebar: who and what the article (or the library) is about, what was
said and which figures it gives.

Selecting an entity marks its mentions in the reader; ``Enter`` on an entity filters
the article list to the articles that mention it; ``Enter`` on a quote or a figure
moves the reading focus to that passage.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.core.types import Entity, Figure, Quote
from reader.ui.models.entities import (
    EntityModel,
    KindRole,
    NameRole,
    SidebarPlan,
    SpanRole,
    WholeRole,
    plan_content,
)
from reader.ui.tasks import Background, Latest
from reader.ui.widgets.article_list import TITLE_SCALE

# Lists longer than this are filtered and sorted on a worker thread (one article has dozens;
# a 20,000-article library 140,000: 200 ms of grouping and sorting per keystroke).
BACKGROUND_PLAN_AT = 2000


class EntityTree(QTreeView):
    activated_index = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_index.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class EntitySidebar(QWidget):
    entitySelected = Signal(object)  # str | None
    entityActivated = Signal(str)
    passageActivated = Signal(int, int)  # a quote's or figure's span in the article
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
        self.filter.setObjectName("entityFilter")
        self.filter.setPlaceholderText("Filter entities, quotes, figures")
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
        # long quotes elide instead of scrolling the whole tree sideways
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.tree, 1)
        # A quote or a figure is cut to one line in the tree (uniform rows keep 140,000
        # entities fast); the focused one is shown whole here, wrapped, as you move to it.
        self.details = QLabel("")
        self.details.setObjectName("entityDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setFrameShape(QFrame.Shape.StyledPanel)
        self.details.setMargin(6)
        self.details.setAccessibleName("The focused quote or figure")
        self.details.hide()
        layout.addWidget(self.details)
        self.status = QLabel("")
        self.status.setObjectName("paneTitle")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self._entities: list[Entity] = []
        self._quotes: list[Quote] = []
        self._figures: list[Figure] = []
        self._focus_names: list[str] = []
        self._plans = Latest()
        self._batch = 0  # inside batched(): changes mark the tree stale instead of rebuilding it
        self._stale = False
        self.filter.textChanged.connect(self._refilter)
        self.filter.returnPressed.connect(self.tree.setFocus)
        self.scope.currentIndexChanged.connect(lambda _i: self.scopeChanged.emit(self.scope.currentData()))
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.activated_index.connect(self._activate)
        self.tree.doubleClicked.connect(self._activate)
        self.setFocusProxy(self.tree)

    def plan_in_background(self, run: Background) -> None:
        """Plan long lists (the library's entities) with ``run(work, on_done)`` off the UI thread."""
        self._plans.run = run

    def current_scope(self) -> str:
        return str(self.scope.currentData())

    def set_entities(
        self,
        entities: Sequence[Entity],
        message: str = "",
        *,
        quotes: Sequence[Quote] = (),
        figures: Sequence[Figure] = (),
    ) -> None:
        self._entities = list(entities)
        self._quotes = list(quotes)
        self._figures = list(figures)
        self._refilter()
        self.status.setText(message)

    def set_focus_names(self, names: Sequence[str]) -> None:
        """The entities of the focused paragraph, listed first (skipped while the tree has focus)."""
        names = list(dict.fromkeys(names))
        if names == self._focus_names or self.tree.hasFocus():
            return
        self._focus_names = names
        self._refilter()

    def selected_name(self) -> str | None:
        index = self.tree.currentIndex()
        if index.data(KindRole) != "entity":
            return None
        name = index.data(NameRole)
        return str(name) if name else None

    @contextmanager
    def batched(self) -> Iterator[None]:
        """Rebuild the tree once, at the end, for every change made inside.

        Opening an article sets its entities and then (as the reader places its focus) the
        focused paragraph's names: two rebuilds and two repaints of the tree on the UI thread,
        the first with the old article's entities. Inside this block they are one.
        """
        self._batch += 1
        try:
            yield
        finally:
            self._batch -= 1
            if not self._batch and self._stale:
                self._stale = False
                self._refilter()

    def _refilter(self) -> None:
        if self._batch:
            self._stale = True
            return
        entities, needle, quotes, figures, focus = (
            self._entities,
            self.filter.text(),
            self._quotes,
            self._figures,
            self._focus_names,
        )

        def plan() -> SidebarPlan:
            return plan_content(entities, needle, quotes=quotes, figures=figures, focus_names=focus)

        def show(result: SidebarPlan) -> None:
            current = self.selected_name()
            self.model.show_plan(result)
            self.tree.expandAll()
            if current:
                self.select_name(current)

        self._plans.submit(plan, show, background=len(entities) > BACKGROUND_PLAN_AT)

    def names(self) -> list[str]:
        """Every entity name in the tree, in display order (without the focus group)."""
        out: list[str] = []
        for r in range(self.model.rowCount()):
            group = self.model.item(r)
            for c in range(group.rowCount()):
                item = group.child(c)
                if item.data(KindRole) == "entity" and item.data(NameRole) not in out:
                    out.append(str(item.data(NameRole)))
        return out

    def select_name(self, name: str) -> None:
        blocked = self.tree.selectionModel().blockSignals(True)
        try:
            for r in range(self.model.rowCount()):
                group = self.model.item(r)
                for c in range(group.rowCount()):
                    item = group.child(c)
                    if item.data(KindRole) == "entity" and item.data(NameRole) == name:
                        self.tree.setCurrentIndex(item.index())
                        return
        finally:
            self.tree.selectionModel().blockSignals(blocked)

    def focus_first(self) -> None:
        if not self.tree.currentIndex().isValid() and self.model.rowCount():
            group = self.model.item(0)
            if group.rowCount():
                self.tree.setCurrentIndex(group.child(0).index())
        self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        whole = current.data(WholeRole) if current.isValid() else None
        self.details.setText(str(whole or ""))
        self.details.setVisible(bool(whole))
        self.entitySelected.emit(self.selected_name())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Keep the tree at the window's font size when the font or the style changes."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._match_window_font()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._match_window_font()

    def _match_window_font(self) -> None:
        """The tree and the details use the window's font at the article list's title size:
        at the bare base size the sidebar read smaller than the rest of the window."""
        font = QFont(self.window().font())
        font.setPointSizeF(font.pointSizeF() * TITLE_SCALE)
        for widget in (self.tree, self.details):
            if widget.font() != font:
                widget.setFont(font)

    def _activate(self, index: QModelIndex) -> None:
        kind = index.data(KindRole)
        if kind == "entity":
            self.entityActivated.emit(str(index.data(NameRole)))
        elif kind in ("quote", "figure"):
            start, end = index.data(SpanRole)
            self.passageActivated.emit(int(start), int(end))
        elif kind == "more":  # the rows not built: the filter box reaches them
            self.filter.setFocus()
