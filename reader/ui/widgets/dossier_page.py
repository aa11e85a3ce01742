"""The dossier page: everything the library says about one entity, in place of the reader.

Every mention in its sentence (the mention in bold), the entity's quotes, the entities
named in the same articles, and a timeline of mentions by article date. ``Enter`` on a
mention or a quote opens the article there; ``Enter`` on a co-mention opens that
entity's dossier; the window's ``Esc`` closes the page. Rows have one height (a title
line and two lines of text), so a dossier of thousands of mentions lays out at once;
a context too long for two lines is cut closer around the mention when it is painted.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.core.types import Dossier
from reader.ui.models.entities import type_name
from reader.ui.plain import counted, tooltip
from reader.ui.theme import text_on
from reader.ui.widgets.timeline_chart import TimelineChart

AnyIndex = QModelIndex | QPersistentModelIndex
TitleRole = Qt.ItemDataRole.UserRole + 1
MarkRole = Qt.ItemDataRole.UserRole + 2  # (start, end) of the mention inside the text, or None
SpanRole = Qt.ItemDataRole.UserRole + 3  # (article id, start, end) to open
NameRole = Qt.ItemDataRole.UserRole + 4
TEXT_LINES = 2
ELLIPSIS = "…"


class PassageModel(QAbstractListModel):
    """Rows of (article title, text, mark, where to open): mentions or quotes."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, tuple[int, int] | None, tuple[str, int, int]]] = []

    def set_rows(self, rows: list[tuple[str, str, tuple[int, int] | None, tuple[str, int, int]]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        title, text, mark, span = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(f"{title}\n{text}")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{title}: {text}"
        if role == TitleRole:
            return title
        if role == MarkRole:
            return mark
        if role == SpanRole:
            return span
        return None


def passage_html(text: str, mark: tuple[int, int] | None, side: int | None = None) -> str:
    """``text`` as escaped rich text with ``mark`` in bold; ``side`` cuts it to that many
    characters either side of the mark (at a space, with ``…``)."""
    if mark is None:
        return html.escape(text)
    a, b = mark
    left, middle, right = text[:a], text[a:b], text[b:]
    if side is not None:
        if len(left) > side:
            cut = left[-side:]
            left = ELLIPSIS + (cut.split(" ", 1)[1] if " " in cut[:-1] else cut)
        if len(right) > side:
            cut = right[:side]
            right = (cut.rsplit(" ", 1)[0] if " " in cut[1:] else cut) + ELLIPSIS
    return f"{html.escape(left)}<b>{html.escape(middle)}</b>{html.escape(right)}"


class PassageDelegate(QStyledItemDelegate):
    """A muted title line over two lines of wrapped text, the mark in bold."""

    PAD = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        return QSize(200, QFontMetrics(option.font).height() * (1 + TEXT_LINES) + self.PAD * 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        painter.save()
        widget = option.widget
        if widget is not None:
            widget.style().drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget
            )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pen = (
            text_on(option.palette.color(QPalette.ColorRole.Highlight))
            if selected
            else option.palette.color(QPalette.ColorRole.Text)
        )
        muted = QColor(pen)
        muted.setAlphaF(0.85 if selected else 0.65)
        fm = QFontMetrics(option.font)
        rect = option.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.9)
        painter.setFont(small)
        painter.setPen(muted)
        title = QFontMetrics(small).elidedText(
            str(index.data(TitleRole) or ""), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(rect.left(), rect.top() + fm.ascent(), title)
        doc = self._document(option, index, rect.width(), fm.height() * TEXT_LINES, pen)
        painter.translate(rect.left() - doc.documentMargin(), rect.top() + fm.height() - doc.documentMargin())
        painter.setClipRect(0, 0, rect.width() + 8, fm.height() * TEXT_LINES + 4)
        doc.drawContents(painter)
        painter.restore()

    def _document(
        self, option: QStyleOptionViewItem, index: AnyIndex, width: int, height: int, pen: QColor
    ) -> QTextDocument:
        """The text laid out to ``width``, cut closer around the mark until it fits ``height``."""
        text, mark = str(index.data() or ""), index.data(MarkRole)
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setTextWidth(width + 2 * doc.documentMargin())
        doc.setDefaultStyleSheet(f"body {{ color: {pen.name()}; }}")
        side: int | None = None
        while True:
            doc.setHtml(f"<body>{passage_html(text, tuple(mark) if mark else None, side)}</body>")
            if doc.size().height() <= height + 2 * doc.documentMargin() + 2 or mark is None:
                return doc
            longest = max(mark[0], len(text) - mark[1])
            side = min(side or longest, longest) - 15
            if side <= 10:
                return doc


class _PassageList(QListView):
    opened = Signal(str, int, int)

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setUniformItemSizes(True)
        self.setItemDelegate(PassageDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.doubleClicked.connect(self._open)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex())
            return
        super().keyPressEvent(event)

    def _open(self, index: QModelIndex) -> None:
        aid, start, end = index.data(SpanRole)
        self.opened.emit(str(aid), int(start), int(end))


class _CoMentionTable(QTableView):
    opened = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("dossierCoMentions")
        self.setAccessibleName("Entities named in the same articles")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as in every other part of the page
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setShowGrid(False)
        self.doubleClicked.connect(self._open)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex())
            return
        super().keyPressEvent(event)

    def _open(self, index: QModelIndex) -> None:
        name = index.siblingAtColumn(0).data(NameRole)
        if name:
            self.opened.emit(str(name))


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("paneTitle")
    return label


class DossierPage(QWidget):
    mentionActivated = Signal(str, int, int)  # article id, start, end: a mention or a quote
    entityActivated = Signal(str)  # a co-mention: open its dossier

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dossierPage")
        self.dossier: Dossier | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.name = QLabel("")
        self.name.setObjectName("dossierName")
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.name.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name.setFont(font)
        self.summary = QLabel("")
        self.summary.setObjectName("dossierSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(self.name)
        head.addStretch(1)
        hint = _title("Enter opens · Tab next part · Esc back to the reader")
        head.addWidget(hint)
        layout.addLayout(head)
        layout.addWidget(self.summary)

        self.mentions_title = _title("Mentions")
        self.mention_model = PassageModel(self)
        self.mentions = _PassageList("dossierMentions")
        self.mentions.setAccessibleName("Mentions in context")
        self.mentions.setModel(self.mention_model)
        self.quotes_title = _title("Quotes")
        self.quote_model = PassageModel(self)
        self.quotes = _PassageList("dossierQuotes")
        self.quotes.setAccessibleName("Quotes")
        self.quotes.setModel(self.quote_model)
        self.co_title = _title("Named alongside")
        self.co_model = QStandardItemModel(self)
        self.co_mentions = _CoMentionTable()
        self.co_mentions.setModel(self.co_model)
        self.timeline_title = _title("Timeline")
        self.timeline = TimelineChart()

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(_column(self.mentions_title, self.mentions))
        splitter.addWidget(_column(self.quotes_title, self.quotes))
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.setChildrenCollapsible(False)
        bottom.addWidget(_column(self.co_title, self.co_mentions))
        bottom.addWidget(_column(self.timeline_title, self.timeline))
        bottom.setSizes([320, 320])
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setStretchFactor(2, 2)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.mentions, self.quotes)
        self.setTabOrder(self.quotes, self.co_mentions)
        self.setFocusProxy(self.mentions)

        self.mentions.opened.connect(self.mentionActivated)
        self.quotes.opened.connect(self.mentionActivated)
        self.co_mentions.opened.connect(self.entityActivated)

    def show_dossier(self, dossier: Dossier) -> None:
        """Fill the page; the first mention is current (the same row again on a refresh)."""
        same = self.dossier is not None and self.dossier.name == dossier.name
        row = self.mentions.currentIndex().row() if same else 0
        self.dossier = dossier
        articles = len(dossier.article_ids)
        self.name.setText(dossier.name)
        parts = [type_name(dossier.type)]
        if dossier.aliases:
            parts.append("also " + ", ".join(dossier.aliases))
        parts.append(f"{counted(len(dossier.mentions), 'mention')} in {counted(articles, 'article')}")
        parts.append(counted(len(dossier.quotes), "quote"))
        self.summary.setText(" · ".join(parts))
        self.mention_model.set_rows(
            [(m.title, m.context, m.mark, (m.article_id, m.start, m.end)) for m in dossier.mentions]
        )
        self.mentions_title.setText(
            f"Mentions in context — {counted(len(dossier.mentions), 'mention')} in {counted(articles, 'article')}"
        )
        self.quote_model.set_rows(
            [
                (q.title, f"“{' '.join(q.text.split())}”", None, (q.article_id, q.start, q.end))
                for q in dossier.quotes
            ]
        )
        self.quotes_title.setText(
            f"Quotes — {len(dossier.quotes)}" if dossier.quotes else "Quotes — none found"
        )
        self.quotes.setVisible(bool(dossier.quotes))
        self._fill_co_mentions(dossier)
        self.timeline_title.setText(timeline_title(dossier))
        self.timeline.set_points(dossier.timeline)
        if self.mention_model.rowCount():
            self.mentions.setCurrentIndex(
                self.mention_model.index(min(max(row, 0), self.mention_model.rowCount() - 1))
            )
        for view in (self.quotes, self.co_mentions):
            if view.model().rowCount():
                view.setCurrentIndex(view.model().index(0, 0))

    def _fill_co_mentions(self, dossier: Dossier) -> None:
        self.co_model.clear()
        self.co_model.setHorizontalHeaderLabels(["Entity", "Type", "Articles"])
        for c in dossier.co_mentions:
            name = QStandardItem(c.name)
            name.setData(c.name, NameRole)
            name.setToolTip(tooltip(c.name))
            count = QStandardItem(str(c.count))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.co_model.appendRow([name, QStandardItem(type_name(c.type)), count])
        header = self.co_mentions.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.co_title.setText(
            f"Named alongside — {counted(len(dossier.co_mentions), 'entity', 'entities')} (articles naming both)"
        )


def timeline_title(dossier: Dossier) -> str:
    """The chart's caption, with the busiest date in words (the bars' tooltips need a mouse)."""
    dated = [t for t in dossier.timeline if t.date is not None]
    if not dated:
        return "Timeline — no article has a date"
    peak = max(dated, key=lambda t: t.count)
    return f"Timeline — most on {peak.date} ({counted(peak.count, 'mention')})"


def _column(title: QLabel, body: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(title)
    layout.addWidget(body, 1)
    return box
