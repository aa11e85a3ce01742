"""The dashed rules the reader pane draws above paragraphs at a doubtful break between articles.

The segmenter's doubts (``Library.doubts_in``) are where a wrong cut is likeliest; a rule in the
gap above the paragraph, with a few words on what the doubt is, shows a reader where to look
while reading, without a dialog or a change to the text. The keys that settle a doubt are said in
the status bar by :mod:`reader.ui.controllers.review` (they can be remapped; the rule names none).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QTextCursor
from PySide6.QtWidgets import QTextEdit

from reader.ui.theme import colors

DOUBT_INSIDE = "a new story may start here"
DOUBT_AT_START = "this may go on from the article before"


def paint_doubt_rules(pane: QTextEdit, positions: Sequence[int], paragraphs: Sequence[int]) -> None:
    """Paint on ``pane``'s viewport a rule above each paragraph at document position ``positions[i]``
    (``paragraphs[i]`` its index: 0 is the article's own start). The pane has ``dark`` and ``point_size``."""
    dark = bool(getattr(pane, "dark", False))
    point_size = float(getattr(pane, "point_size", 13.0))
    frame = pane.document().rootFrame().frameFormat()
    left = int(frame.leftMargin())
    right = pane.viewport().width() - int(frame.rightMargin())
    color = QColor(colors(dark)["muted"])
    painter = QPainter(pane.viewport())
    font = QFont(pane.font())
    font.setPointSizeF(max(7.0, point_size * 0.7))
    painter.setFont(font)
    metrics = painter.fontMetrics()
    gap = max(6, int(point_size * 0.45))
    cur = QTextCursor(pane.document())
    for position, k in zip(positions, paragraphs, strict=True):
        cur.setPosition(position)
        y = pane.cursorRect(cur).top() - gap
        if y < -metrics.height() or y > pane.viewport().height() + metrics.height():
            continue
        label = DOUBT_AT_START if k == 0 else DOUBT_INSIDE
        width = metrics.horizontalAdvance(label)
        painter.setPen(QPen(color, 1, Qt.PenStyle.DashLine))
        painter.drawLine(left, y, max(left, right - width - 10), y)
        painter.setPen(color)
        painter.drawText(right - width, y + metrics.ascent() // 2 - 1, label)
    painter.end()
