"""The article list view and its delegate (title, facts line, snippet, read/star marks)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
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


def title_lines(title: str, font: QFont, width: int, most: int = 2) -> list[str]:
    """``title`` wrapped at word breaks into at most ``most`` lines of ``width`` pixels.

    A title that needs more lines keeps its last shown line elided with "…": clipped
    silently, "…has emptied the breakaway territory" would read "…has emptied the", a
    title that looks complete and says something else.
    """
    layout = QTextLayout(title, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    starts: list[int] = []
    layout.beginLayout()
    while len(starts) <= most:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1, width))
        starts.append(line.textStart())
    layout.endLayout()
    if len(starts) <= most:
        ends = starts[1:] + [len(title)]
        return [title[a:b].rstrip() for a, b in zip(starts, ends, strict=True)]
    shown = [title[a:b].rstrip() for a, b in zip(starts[: most - 1], starts[1:most], strict=True)]
    rest = title[starts[most - 1] :].strip()
    return [*shown, QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, max(1, width))]


# The list's titles are a little larger than the window's base font; the entity sidebar
# uses the same size so the two side panes read alike.
TITLE_SCALE = 1.05


class _Fonts:
    """The fonts a row is painted with, derived once per base font, not once per row painted."""

    def __init__(self, base: QFont) -> None:
        self.key = base.key()
        self.title = QFont(base)
        self.title.setPointSizeF(base.pointSizeF() * TITLE_SCALE)
        self.unread = QFont(self.title)
        self.unread.setBold(True)
        self.small = QFont(base)
        self.small.setPointSizeF(base.pointSizeF() * 0.85)
        self.hit = QFont(self.small)
        self.hit.setBold(True)
        self.metrics = {id(f): QFontMetrics(f) for f in (self.title, self.unread, self.small, self.hit)}

    def fm(self, font: QFont) -> QFontMetrics:
        return self.metrics[id(font)]


class ArticleDelegate(QStyledItemDelegate):
    """Paints each row as text (never HTML) so titles and snippets cannot inject markup."""

    PAD = 8
    _fonts: _Fonts | None = None

    def fonts(self, base: QFont) -> _Fonts:
        if self._fonts is None or self._fonts.key != base.key():
            self._fonts = _Fonts(base)
        return self._fonts

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

        fonts = self.fonts(option.font)
        title_font = fonts.title if read else fonts.unread
        painter.setFont(title_font)
        painter.setPen(text_color)
        fm = fonts.fm(title_font)
        y = rect.top()
        for line in title_lines(str(index.data() or ""), title_font, rect.width()):
            painter.drawText(rect.left(), y + fm.ascent(), line)
            y += fm.height()
        y += 2

        small = fonts.small
        painter.setFont(small)
        sfm = fonts.fm(small)
        painter.setPen(muted)
        painter.drawText(rect.left(), y + sfm.ascent(), str(index.data(MetaRole) or ""))
        y += sfm.height()

        snippet = str(index.data(SnippetRole) or "")
        if snippet:
            x = rect.left()
            for text, hit in snippet_parts(centre_snippet(" ".join(snippet.split()))):
                font = fonts.hit if hit else small
                painter.setFont(font)
                painter.setPen(text_color if hit else muted)
                m = fonts.fm(font)
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
