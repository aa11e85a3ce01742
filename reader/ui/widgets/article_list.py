"""The article list view and its delegate (title, facts line, snippet, read/star marks)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reader.ui.models.articles import MetaRole, ReadRole, SnippetRole, StarRole

AnyIndex = QModelIndex | QPersistentModelIndex


def centre_snippet(snippet: str, lead: int = 36) -> str:
    """Trim the start of a one-line snippet so its first match is visible."""
    first = snippet.find("[[")
    if first <= lead:
        return snippet
    cut = snippet.rfind(" ", 0, first - lead + 10)
    cut = cut if cut > 0 else first - lead
    return "… " + snippet[cut:].lstrip()


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """Split ``a [[b]] c`` into [("a ", False), ("b", True), (" c", False)]."""
    parts: list[tuple[str, bool]] = []
    rest = snippet
    while rest:
        i = rest.find("[[")
        if i < 0:
            parts.append((rest, False))
            break
        j = rest.find("]]", i + 2)
        if j < 0:
            parts.append((rest, False))
            break
        if i:
            parts.append((rest[:i], False))
        parts.append((rest[i + 2 : j], True))
        rest = rest[j + 2 :]
    return parts


# The list's titles are a little larger than the window's base font; the entity sidebar
# uses the same size so the two side panes read alike.
TITLE_SCALE = 1.05


class ArticleDelegate(QStyledItemDelegate):
    """Paints each row as text (never HTML) so titles and snippets cannot inject markup."""

    PAD = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        fm = QFontMetrics(option.font)
        lines = 3 if index.data(SnippetRole) else 2
        title_lines = 2
        return QSize(200, self.PAD * 2 + fm.height() * (title_lines + lines - 1) + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        painter.save()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pal = option.palette
        text_color = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = QColor(text_color)
        muted.setAlphaF(0.65)
        rect = option.rect.adjusted(self.PAD + 10, self.PAD, -self.PAD, -self.PAD)
        read = bool(index.data(ReadRole))
        starred = bool(index.data(StarRole))

        # unread dot / star in the left gutter
        gutter = QRect(option.rect.left() + 4, option.rect.top() + self.PAD + 4, 10, 10)
        if starred:
            painter.setPen(QColor("#E0A000"))
            painter.drawText(gutter.adjusted(-2, -4, 4, 4), Qt.AlignmentFlag.AlignCenter, "★")
        elif not read:
            painter.setBrush(pal.color(QPalette.ColorRole.Highlight) if not selected else text_color)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(gutter.adjusted(2, 2, -2, -2))

        title_font = QFont(option.font)
        title_font.setBold(not read)
        title_font.setPointSizeF(option.font.pointSizeF() * TITLE_SCALE)
        painter.setFont(title_font)
        painter.setPen(text_color)
        fm = QFontMetrics(title_font)
        title_rect = QRect(rect.left(), rect.top(), rect.width(), fm.height() * 2)
        painter.drawText(
            title_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap), str(index.data() or "")
        )
        used = fm.boundingRect(title_rect, int(Qt.TextFlag.TextWordWrap), str(index.data() or "")).height()
        y = rect.top() + min(used, fm.height() * 2) + 2

        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.85)
        painter.setFont(small)
        sfm = QFontMetrics(small)
        painter.setPen(muted)
        painter.drawText(rect.left(), y + sfm.ascent(), str(index.data(MetaRole) or ""))
        y += sfm.height()

        snippet = str(index.data(SnippetRole) or "")
        if snippet:
            x = rect.left()
            bold = QFont(small)
            bold.setBold(True)
            for text, hit in snippet_parts(centre_snippet(" ".join(snippet.split()))):
                font = bold if hit else small
                painter.setFont(font)
                painter.setPen(text_color if hit else muted)
                m = QFontMetrics(font)
                room = rect.right() - x
                if room <= 0:
                    break
                shown = m.elidedText(text, Qt.TextElideMode.ElideRight, room)
                painter.drawText(x, y + m.ascent(), shown)
                x += m.horizontalAdvance(shown)
                if shown != text:
                    break
        painter.restore()


class ArticleList(QListView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleList")
        self.setItemDelegate(ArticleDelegate(self))
        self.setUniformItemSizes(False)
        # lay rows out in batches so a long list appears at once and fills in as it is scrolled
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(100)
        self.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setAccessibleName("Articles")
