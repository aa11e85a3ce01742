"""The notes panel: every highlight and note of the library; ``Enter`` jumps to it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.types import Highlight
from reader.ui.models.notes import ColorRole, NotesModel
from reader.ui.plain import counted
from reader.ui.theme import HIGHLIGHT_COLORS, HIGHLIGHT_NAMES, text_on

AnyIndex = QModelIndex | QPersistentModelIndex


class NoteDelegate(QStyledItemDelegate):
    """Three fixed lines per row (article, quote, note/tags), elided, never wrapped: with a
    uniform row height the view lays out 10,000 rows without measuring each one."""

    PAD = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        return QSize(200, QFontMetrics(option.font).height() * 3 + self.PAD * 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        painter.save()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        color = int(index.data(ColorRole) or 1)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:  # the pen is chosen against the fill actually drawn, so it always reads
            text = text_on(option.palette.color(QPalette.ColorRole.Highlight))
        else:
            text = option.palette.color(QPalette.ColorRole.Text)
        muted = QColor(text)
        muted.setAlphaF(0.85 if selected else 0.7)
        fm = QFontMetrics(option.font)
        rect = option.rect.adjusted(self.PAD + 8, self.PAD, -self.PAD, -self.PAD)
        swatch = QColor(HIGHLIGHT_COLORS.get(color, HIGHLIGHT_COLORS[1]))
        painter.fillRect(option.rect.left() + 3, rect.top(), 5, rect.height(), swatch)
        lines = str(index.data() or "").split("\n")
        for i, line in enumerate(lines[:3]):
            font = QFont(option.font)
            font.setBold(i == 0)
            painter.setFont(font)
            painter.setPen(text if i else muted)
            shown = QFontMetrics(font).elidedText(line, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(rect.left(), rect.top() + fm.ascent() + i * fm.height(), shown)
        painter.restore()


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
        row = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setObjectName("notesFilter")
        self.filter.setPlaceholderText("Filter: text, #tag, @entity")
        self.filter.setClearButtonEnabled(True)
        self.filter.setToolTip("Words match the quote, the note or the title; #tag a tag; @Name an entity")
        row.addWidget(self.filter, 1)
        self.color = QComboBox()
        self.color.setObjectName("notesColor")
        self.color.addItem("All colours", 0)
        for n, name in HIGHLIGHT_NAMES.items():
            self.color.addItem(f"{n} {name}", n)
        row.addWidget(self.color)
        layout.addLayout(row)
        self.summary = QLabel("")
        self.summary.setObjectName("paneTitle")
        self.model = NotesModel()
        self.view = _NotesView()
        self.view.setObjectName("notesList")
        self.view.setModel(self.model)
        self.view.setItemDelegate(NoteDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setAlternatingRowColors(True)
        self.view.setAccessibleName("Highlights and notes")
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        self._all: list[Highlight] = []
        self._titles: dict[str, str] = {}
        self._entities: dict[int, tuple[str, ...]] = {}
        self.filter.textChanged.connect(self._refilter)
        self.color.currentIndexChanged.connect(lambda _i: self._refilter())
        self.filter.returnPressed.connect(self.view.setFocus)
        self.view.jump.connect(self._jump)
        self.view.doubleClicked.connect(lambda idx: self._jump(idx.row()))
        self.setFocusProxy(self.view)

    def set_highlights(
        self,
        highlights: Sequence[Highlight],
        titles: Mapping[str, str],
        entities: Mapping[int, tuple[str, ...]] | None = None,
    ) -> None:
        self._all = list(highlights)
        self._titles = dict(titles)
        if entities is not None:
            self._entities = dict(entities)
        self._refilter()

    def _refilter(self) -> None:
        rows = self._all
        color = int(self.color.currentData() or 0)
        if color:
            rows = [h for h in rows if h.color == color]
        for word in self.filter.text().split():
            needle = word.casefold()
            if needle.startswith("#") and len(needle) > 1:
                rows = [h for h in rows if any(t.casefold().startswith(needle[1:]) for t in h.tags)]
            elif needle.startswith("@") and len(needle) > 1:
                rows = [
                    h for h in rows if any(needle[1:] in n.casefold() for n in self._entities.get(h.id, ()))
                ]
            else:
                rows = [
                    h
                    for h in rows
                    if needle in h.exact.casefold()
                    or needle in h.note.casefold()
                    or needle in self._titles.get(h.article_id, "").casefold()
                ]
        self.model.set_highlights(rows, self._titles)
        orphans = sum(1 for h in rows if h.orphan)
        text = f"{len(rows):,} of {counted(len(self._all), 'highlight')}"
        if orphans:
            text += f" · {orphans} orphaned (Enter, then h to place again)"
        self.summary.setText(text)
        if self.model.rowCount() and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0))

    def count(self) -> int:
        return self.model.rowCount(QModelIndex())

    def _jump(self, row: int) -> None:
        hl = self.model.highlight(row)
        if hl is not None:
            self.jumpTo.emit(hl)
