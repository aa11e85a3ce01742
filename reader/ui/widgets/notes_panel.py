"""The notes panel: every highlight and note of the library; ``Enter`` jumps to it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from reader.core.types import Highlight
from reader.ui.models.notes import NotesModel


class _NotesView(QListView):
    jump = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.jump.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class NotesPanel(QWidget):
    jumpTo = Signal(object)  # Highlight

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        title = QLabel("Highlights & notes")
        title.setObjectName("paneTitle")
        layout.addWidget(title)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by text, note or #tag")
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        self.model = NotesModel()
        self.view = _NotesView()
        self.view.setObjectName("notesList")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSpacing(2)
        self.view.setAccessibleName("Highlights and notes")
        layout.addWidget(self.view, 1)
        self._all: list[Highlight] = []
        self._titles: dict[str, str] = {}
        self.filter.textChanged.connect(self._refilter)
        self.filter.returnPressed.connect(self.view.setFocus)
        self.view.jump.connect(self._jump)
        self.view.doubleClicked.connect(lambda idx: self._jump(idx.row()))
        self.setFocusProxy(self.view)

    def set_highlights(self, highlights: Sequence[Highlight], titles: Mapping[str, str]) -> None:
        self._all = list(highlights)
        self._titles = dict(titles)
        self._refilter()

    def _refilter(self) -> None:
        needle = self.filter.text().casefold().strip()
        rows = self._all
        if needle:
            if needle.startswith("#"):
                tag = needle[1:]
                rows = [h for h in rows if any(t.casefold().startswith(tag) for t in h.tags)]
            else:
                rows = [
                    h
                    for h in rows
                    if needle in h.exact.casefold()
                    or needle in h.note.casefold()
                    or needle in self._titles.get(h.article_id, "").casefold()
                ]
        self.model.set_highlights(rows, self._titles)
        if self.model.rowCount() and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0))

    def count(self) -> int:
        return self.model.rowCount(QModelIndex())

    def _jump(self, row: int) -> None:
        hl = self.model.highlight(row)
        if hl is not None:
            self.jumpTo.emit(hl)
