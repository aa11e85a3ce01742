"""The reader: one article as typeset text with a reading focus you move by key.

The document is built with QTextCursor calls, never from HTML, so nothing in a
source file can load a resource, follow a link or run anything: it is always text.

Block layout: block 0 is the title, block 1 a muted line of facts, then one block
per paragraph. Article offsets (what annotations and mentions use) map to document
positions through ``_para_starts``.

The focus is a half-open span of article offsets. In paragraph mode it is a whole
paragraph (drawn as a full-width bar); ``Shift+↓`` switches to sentence mode and
extends it one sentence at a time, ``Shift+↑`` shrinks it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from reader.core.sentences import sentence_spans
from reader.core.types import Article, Highlight
from reader.ui.plain import counted
from reader.ui.theme import HIGHLIGHT_TEXT, colors, highlight_color
from reader.ui.widgets.break_marks import paint_doubt_rules
from reader.ui.widgets.focus_tint import tint_rects
from reader.ui.widgets.reader_find import FindInArticle

HEADER_BLOCKS = 2
BASE_POINT_SIZE = 13.0
# The read rule (in the ``?`` sheet): an article is read once its end has been on screen this
# long (scrolled to, or it all fits), so flicking past with j does not count.
END_SEEN_MS = 2000


@dataclass
class Focus:
    start: int
    end: int
    sentence_mode: bool = False


class ReaderPane(FindInArticle, QTextBrowser):
    """Shows one article; owns the reading focus, find-in-article and mention marks."""

    focusChanged = Signal(int, int)  # article offsets
    endReached = Signal()  # Space pressed at the very end of the article
    endSeen = Signal(str)  # the article's end has been on screen END_SEEN_MS (its id): it is read

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readerPane")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setReadOnly(True)
        # Mouse selection only: the keyboard moves the reading focus, not a text cursor.
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.article: Article | None = None
        self.highlights: list[Highlight] = []
        self._versions = ""  # what the meta line says of other versions of the story
        self.marked_entity: str | None = None
        self.dark = False
        self.point_size = BASE_POINT_SIZE
        self.base_size = BASE_POINT_SIZE
        self.font_family = ""
        self.line_width = 0  # characters per line; 0 fills the pane
        self.focus = Focus(0, 0)
        self._para_starts: list[int] = []
        self.doubts: tuple[int, ...] = ()  # paragraphs under a doubtful break (see set_article)
        self._sentences: list[tuple[int, int]] = []
        self._find: list[tuple[int, int]] = []
        self._find_index = -1
        self._end_timer = QTimer(self)
        self._end_timer.setSingleShot(True)
        self._end_timer.setInterval(END_SEEN_MS)
        self._end_timer.timeout.connect(self._end_seen)
        self._end_seen_for: str | None = None
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(lambda _v: self._check_end())
        bar.rangeChanged.connect(lambda _lo, _hi: self._check_end())
        self.show_message("Opening…")

    # ---------------------------------------------------------------- safety
    def loadResource(self, _type: int, _name: QUrl | str) -> object:  # noqa: N802 (Qt override)
        """Never load anything a document names: source text is only text."""
        return None

    # ---------------------------------------------------------------- content
    def show_message(self, text: str) -> None:
        """A page of plain text in place of an article (e.g. the source is missing)."""
        self.article = None
        doc = QTextDocument(self)
        doc.setDocumentMargin(24)
        cursor = QTextCursor(doc)
        fmt = QTextCharFormat()
        fmt.setForeground(QColor(colors(self.dark)["muted"]))
        fmt.setFontPointSize(self.point_size)
        cursor.insertText(text, fmt)
        self.setDocument(doc)

    def set_article(
        self,
        article: Article,
        highlights: list[Highlight],
        *,
        keep_position: bool = False,
        versions: str | None = None,
        doubts: Sequence[int] = (),
    ) -> None:
        """Show ``article``; ``versions`` is said under the title ("copy of “…”"; None: as it was).

        ``doubts``: the paragraphs at a break the segmenter doubted, marked with a dashed rule
        above them (0: the article's own start), so a reader sees where to check the cut."""
        same = self.article is not None and self.article.id == article.id
        self.doubts = tuple(k for k in doubts if 0 <= k < len(article.paragraphs))
        self._versions = versions if versions is not None else (self._versions if same else "")
        scroll = self.verticalScrollBar().value() if (keep_position and same) else 0
        focus = self.focus if (keep_position and same) else None
        self.article = article
        self.highlights = [h for h in highlights if not h.orphan]
        self._para_starts = []
        pos = 0
        for para in article.paragraphs:
            self._para_starts.append(pos)
            pos += len(para) + 1
        self._sentences = sentence_spans(article.text)  # never crosses a paragraph break
        self._find = []
        self._find_index = -1
        self._render()
        if focus is not None and focus.end > len(article.text):
            # The same article came back shorter (a cut made after the focused paragraph, a source
            # edited): the focus bar stays as far down as the text now goes.
            focus = self._paragraph_focus(len(article.paragraphs) - 1)
        self.focus = focus or self._paragraph_focus(0)
        self._apply_focus(ensure_visible=False)
        self.verticalScrollBar().setValue(scroll)
        if not same:
            self._end_timer.stop()
        self._check_end()

    def set_doubts(self, doubts: Sequence[int]) -> None:
        """Mark these paragraphs of the open article as at a doubtful break (none: no rule drawn)."""
        count = len(self.article.paragraphs) if self.article is not None else 0
        self.doubts = tuple(k for k in doubts if 0 <= k < count)
        self.viewport().update()

    # ---------------------------------------------------------------- the read rule
    def end_visible(self) -> bool:
        """Whether the last line of the article is on screen (scrolled down, or it all fits)."""
        bar = self.verticalScrollBar()
        return self.article is not None and bar.value() >= bar.maximum() - 2

    def _check_end(self) -> None:
        """Start the end-seen clock while the end is on screen; stop it when it leaves."""
        if self.article is None or self._end_seen_for == self.article.id or not self.end_visible():
            self._end_timer.stop()
        elif not self._end_timer.isActive():
            self._end_timer.start()

    def _end_seen(self) -> None:
        if self.article is not None and self.end_visible() and self.isVisible():
            self._end_seen_for = self.article.id
            self.endSeen.emit(self.article.id)

    def set_highlights(self, highlights: list[Highlight]) -> None:
        if self.article is not None:
            self.set_article(self.article, highlights, keep_position=True)

    def mark_entity(self, name: str | None) -> None:
        """Colour ``name``'s mentions; an unchanged mark (asked at every open) renders nothing."""
        if name == self.marked_entity:
            return
        self.marked_entity = name
        if self.article is not None:
            self.set_article(self.article, self.highlights, keep_position=True)

    def set_dark(self, dark: bool) -> None:
        self.dark = dark
        if self.article is not None:
            self.set_article(self.article, self.highlights, keep_position=True)

    def set_typography(self, family: str, size: float, line_width: int) -> None:
        """Font, base size and measure from Preferences; Ctrl+0 returns to this size."""
        changed = (family, size, line_width) != (self.font_family, self.base_size, self.line_width)
        self.font_family, self.base_size, self.line_width = family, size, line_width
        self.point_size = size
        if changed and self.article is not None:
            self.set_article(self.article, self.highlights, keep_position=True)

    def _margin(self) -> float:
        """Side margin that keeps lines near ``line_width`` characters, centred in the pane."""
        if self.line_width <= 0:
            return 28.0
        font = QFont(self.font_family) if self.font_family else QFont()
        font.setPointSizeF(self.point_size)
        measure = QFontMetricsF(font).averageCharWidth() * self.line_width
        return max(28.0, (self.viewport().width() - measure) / 2)

    def zoom(self, delta: float | None) -> None:
        self.point_size = self.base_size if delta is None else max(8.0, min(32.0, self.point_size + delta))
        if self.article is not None:
            self.set_article(self.article, self.highlights, keep_position=True)

    def _render(self) -> None:
        assert self.article is not None
        art = self.article
        c = colors(self.dark)
        doc = QTextDocument(self)
        doc.setDocumentMargin(28)
        doc.setUndoRedoEnabled(False)
        if self.font_family:
            doc.setDefaultFont(QFont(self.font_family))
        self._apply_margins(doc)
        cursor = QTextCursor(doc)

        title_fmt = QTextCharFormat()
        title_fmt.setFontPointSize(self.point_size * 1.6)
        title_fmt.setFontWeight(QFont.Weight.Bold)
        title_fmt.setForeground(QColor(c["text"]))
        block = QTextBlockFormat()
        block.setBottomMargin(4)
        cursor.setBlockFormat(block)
        cursor.insertText(art.title or "Untitled", title_fmt)

        meta_fmt = QTextCharFormat()
        meta_fmt.setFontPointSize(self.point_size * 0.8)
        meta_fmt.setForeground(QColor(c["muted"]))
        meta_block = QTextBlockFormat()
        meta_block.setBottomMargin(14)
        cursor.insertBlock(meta_block, meta_fmt)
        facts = [f"lines {art.start_line}–{art.end_line}", counted(len(art.text.split()), "word")]
        if art.date:
            facts.insert(0, art.date)
        if art.author:
            facts.insert(0, art.author)
        if self._versions:
            facts.append(self._versions)
        cursor.insertText(" · ".join(facts), meta_fmt)

        body_fmt = QTextCharFormat()
        body_fmt.setFontPointSize(self.point_size)
        body_fmt.setForeground(QColor(c["text"]))
        para_block = QTextBlockFormat()
        para_block.setBottomMargin(self.point_size * 0.9)
        para_block.setLineHeight(150, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        for para in art.paragraphs:
            cursor.insertBlock(para_block, body_fmt)
            cursor.insertText(para, body_fmt)

        if self.marked_entity:
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(c["mention"]))
            fmt.setFontUnderline(True)
            fmt.setFontWeight(QFont.Weight.DemiBold)
            for m in art.mentions:
                if m.entity == self.marked_entity:
                    self._format_span(doc, m.start, m.end, fmt)
        for hl in self.highlights:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(highlight_color(hl.color, self.dark)))
            fmt.setForeground(QColor(HIGHLIGHT_TEXT[self.dark]))
            if hl.note:
                fmt.setFontUnderline(True)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            self._format_span(doc, hl.start, hl.end, fmt)
        self.setDocument(doc)

    def _format_span(self, doc: QTextDocument, start: int, end: int, fmt: QTextCharFormat) -> None:
        cur = QTextCursor(doc)
        cur.setPosition(self.doc_pos(start, doc))
        cur.setPosition(self.doc_pos(end, doc), QTextCursor.MoveMode.KeepAnchor)
        cur.mergeCharFormat(fmt)

    # ---------------------------------------------------------------- offsets
    def doc_pos(self, offset: int, doc: QTextDocument | None = None) -> int:
        """Document position of an article offset (in ``doc``, by default the one shown:
        ``_render`` formats the new document before it is shown, and the old one's blocks
        would put a highlight somewhere else)."""
        doc = doc or self.document()
        if not self._para_starts:
            return 0
        i = max(0, bisect.bisect_right(self._para_starts, offset) - 1)
        block = doc.findBlockByNumber(HEADER_BLOCKS + i)
        return block.position() + (offset - self._para_starts[i])

    def article_offset(self, pos: int) -> int | None:
        """Article offset of a document position, or None in the title/meta lines."""
        block = self.document().findBlock(pos)
        index = block.blockNumber() - HEADER_BLOCKS
        if index < 0 or index >= len(self._para_starts):
            return None
        return self._para_starts[index] + (pos - block.position())

    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._para_starts, offset) - 1)

    # ---------------------------------------------------------------- focus
    def _paragraph_focus(self, index: int) -> Focus:
        if self.article is None or not self._para_starts:
            return Focus(0, 0)
        index = max(0, min(index, len(self._para_starts) - 1))
        start = self._para_starts[index]
        return Focus(start, start + len(self.article.paragraphs[index]))

    def focus_paragraph_index(self) -> int:
        return self.paragraph_of(self.focus.start)

    def paragraph_start(self, index: int) -> int:
        return self._para_starts[index] if 0 <= index < len(self._para_starts) else 0

    def set_focus_span(self, start: int, end: int) -> None:
        """Focus an arbitrary span (a quote, a figure, a mention) in sentence mode."""
        if self.article is None:
            return
        start = max(0, min(start, len(self.article.text)))
        end = max(start, min(end, len(self.article.text)))
        self.focus = Focus(start, end, True)
        self._apply_focus()

    def set_focus_paragraph(self, index: int) -> None:
        self.focus = self._paragraph_focus(index)
        self._apply_focus()

    def move_focus(self, delta: int) -> None:
        """↓/↑: the next/previous paragraph (or sentence, in sentence mode)."""
        if self.article is None:
            return
        if self.focus.sentence_mode and self._sentences:
            idx = self._sentence_index(self.focus.end - 1 if delta > 0 else self.focus.start)
            idx = max(0, min(len(self._sentences) - 1, idx + delta))
            s, e = self._sentences[idx]
            self.focus = Focus(s, e, True)
        else:
            self.focus = self._paragraph_focus(self.focus_paragraph_index() + delta)
        self._apply_focus()

    def extend_focus(self, delta: int) -> None:
        """Shift+↓ grows the focus by a sentence; Shift+↑ shrinks it (back to paragraph)."""
        if self.article is None or not self._sentences:
            return
        if not self.focus.sentence_mode:
            if delta < 0:
                return
            first = self._sentence_index(self.focus.start)
            s, e = self._sentences[first]
            self.focus = Focus(s, e, True)
        elif delta > 0:
            last = self._sentence_index(self.focus.end - 1)
            if last + 1 < len(self._sentences):
                self.focus = Focus(self.focus.start, self._sentences[last + 1][1], True)
        else:
            first = self._sentence_index(self.focus.start)
            last = self._sentence_index(self.focus.end - 1)
            if last > first:
                self.focus = Focus(self.focus.start, self._sentences[last - 1][1], True)
            else:
                self.focus = self._paragraph_focus(self.paragraph_of(self.focus.start))
        self._apply_focus()

    def _sentence_index(self, offset: int) -> int:
        starts = [s for s, _ in self._sentences]
        return max(0, bisect.bisect_right(starts, offset) - 1)

    def focus_span(self) -> tuple[int, int] | None:
        """What ``h`` acts on: the mouse/keyboard selection if any, else the focus."""
        if self.article is None:
            return None
        cur = self.textCursor()
        if cur.hasSelection():
            a = self.article_offset(cur.selectionStart())
            b = self.article_offset(cur.selectionEnd())
            if a is not None and b is not None and b > a:
                return a, b
        if self.focus.end > self.focus.start:
            return self.focus.start, self.focus.end
        return None

    def highlight_at_focus(self) -> Highlight | None:
        span = self.focus_span()
        if span is None:
            return None
        s, e = span
        best = None
        for h in self.highlights:
            if h.start < e and s < h.end:
                overlap = min(e, h.end) - max(s, h.start)
                if best is None or overlap > best[0]:
                    best = (overlap, h)
        return best[1] if best else None

    def _apply_focus(self, ensure_visible: bool = True) -> None:
        self._update_extra_selections()
        if ensure_visible and self.article is not None:
            cur = QTextCursor(self.document())
            cur.setPosition(self.doc_pos(self.focus.end))
            rect_end = self.cursorRect(cur)
            cur.setPosition(self.doc_pos(self.focus.start))
            rect = self.cursorRect(cur)
            viewport_h = self.viewport().height()
            bar = self.verticalScrollBar()
            if rect.top() < 40:
                bar.setValue(bar.value() + rect.top() - 40)
            elif rect_end.bottom() > viewport_h - 40:
                shift = min(rect_end.bottom() - viewport_h + 40, rect.top() - 40)
                bar.setValue(bar.value() + max(shift, 0))
        self.focusChanged.emit(self.focus.start, self.focus.end)

    def _update_extra_selections(self) -> None:
        """Find matches as extra selections. The focus tint is not one of them: a selection
        is drawn line by line, each line only as wide as its text (a ragged right edge);
        ``paintEvent`` paints the focus as one block under the text instead."""
        c = colors(self.dark)
        selections: list[QTextEdit.ExtraSelection] = []
        for i, (s, e) in enumerate(self._find):
            sel = QTextEdit.ExtraSelection()
            cur = QTextCursor(self.document())
            cur.setPosition(self.doc_pos(s))
            cur.setPosition(self.doc_pos(e), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cur
            sel.format.setBackground(QColor(c["match"] if i == self._find_index else c["focus"]))
            sel.format.setFontUnderline(True)
            selections.append(sel)
        self.setExtraSelections(selections)
        self.viewport().update()

    FOCUS_PAD = 6.0  # the tint reaches this far beyond the text column on each side

    def focus_rects(self) -> list[QRectF]:
        """The focus tint in viewport coordinates (see :func:`focus_tint.tint_rects`)."""
        if self.article is None or self.focus.end <= self.focus.start:
            return []
        bands = tint_rects(
            self.document(),
            self.doc_pos(self.focus.start),
            self.doc_pos(self.focus.end),
            sentence_mode=self.focus.sentence_mode,
            pad=self.FOCUS_PAD,
        )
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        return [b.translated(-dx, -dy) for b in bands]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Paint the focus tint as one block under the text (highlights, drawn by the
        document over it, keep their true colours), then the reading-focus bar in the
        left margin beside the focused span."""
        rects = self.focus_rects()
        if rects:
            tint = QPainter(self.viewport())
            tint.setPen(Qt.PenStyle.NoPen)
            tint.setBrush(QColor(colors(self.dark)["focus"]))
            tint.setRenderHint(QPainter.RenderHint.Antialiasing)
            shape = QPainterPath()
            shape.setFillRule(Qt.FillRule.WindingFill)
            for r in rects:
                shape.addRect(r)
            rounded = QPainterPath()
            rounded.addRoundedRect(shape.boundingRect(), 4, 4)
            tint.drawPath(shape.simplified() if len(rects) > 1 else rounded)
            tint.end()
        super().paintEvent(event)
        if self.article is not None and self.doubts:
            paint_doubt_rules(self, [self.doc_pos(self._para_starts[k]) for k in self.doubts], self.doubts)
        if self.article is None or self.focus.end <= self.focus.start:
            return
        cur = QTextCursor(self.document())
        cur.setPosition(self.doc_pos(self.focus.start))
        top = self.cursorRect(cur).top()
        cur.setPosition(self.doc_pos(self.focus.end))
        bottom = self.cursorRect(cur).bottom()
        painter = QPainter(self.viewport())
        painter.setPen(Qt.PenStyle.NoPen)
        color = QColor(colors(self.dark)["accent"])
        if not self.hasFocus():
            color.setAlphaF(0.45)
        painter.setBrush(color)
        x = int(self.document().rootFrame().frameFormat().leftMargin()) - 18
        painter.drawRoundedRect(QRect(max(x, 10), top, 5, max(bottom - top, 8)), 2, 2)
        painter.end()

    def _apply_margins(self, doc: QTextDocument) -> None:
        frame = doc.rootFrame().frameFormat()
        margin = self._margin()
        if abs(frame.leftMargin() - margin) > 0.5:
            frame.setLeftMargin(margin)
            frame.setRightMargin(margin)
            doc.rootFrame().setFrameFormat(frame)

    def resizeEvent(self, event: object) -> None:  # noqa: N802
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.article is not None and self.line_width > 0:
            self._apply_margins(self.document())
        self._update_extra_selections()  # line wraps changed: rebuild the focus bar

    # ---------------------------------------------------------------- paging
    def page(self, delta: int) -> None:
        bar = self.verticalScrollBar()
        if delta > 0 and bar.value() >= bar.maximum():
            self.endReached.emit()
            return
        bar.setValue(bar.value() + delta * int(self.viewport().height() * 0.9))
        # keep the focus on a paragraph that is visible
        top = self.cursorForPosition(self.viewport().rect().topLeft()).position()
        offset = self.article_offset(top)
        if offset is not None:
            idx = self.paragraph_of(offset)
            if self.focus_paragraph_index() != idx and not self.focus.sentence_mode:
                self.focus = self._paragraph_focus(idx if delta < 0 else max(idx, 0))
                self._apply_focus(ensure_visible=False)

    # ---------------------------------------------------------------- mentions
    def step_mention(self, entity: str, delta: int) -> bool:
        """Move the focus to the next/previous mention of ``entity``; False if none."""
        if self.article is None:
            return False
        spans = sorted((m.start, m.end) for m in self.article.mentions if m.entity == entity)
        if not spans:
            return False
        if delta > 0:
            nxt = [sp for sp in spans if sp[0] > self.focus.start] or spans
            target = nxt[0]
        else:
            prev = [sp for sp in spans if sp[0] < self.focus.start] or spans
            target = prev[-1]
        self.focus = Focus(target[0], target[1], True)
        self._apply_focus()
        return True

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.viewport().update()  # the focus bar is brighter while the reader has focus

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.viewport().update()

    # ---------------------------------------------------------------- keys
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Arrow keys move the focus instead of a text cursor; Space pages."""
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        shift = mods == Qt.KeyboardModifier.ShiftModifier
        plain = mods == Qt.KeyboardModifier.NoModifier
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and (plain or shift):
            delta = 1 if key == Qt.Key.Key_Down else -1
            if shift:
                self.extend_focus(delta)
            else:
                self.move_focus(delta)
            return
        if key == Qt.Key.Key_Space and (plain or shift):
            self.page(-1 if shift else 1)
            return
        super().keyPressEvent(event)
