"""Where the reading-focus tint goes: rectangles over the laid-out text of a document.

The tint is painted under the text as one block, not line by line (line rectangles
leave a ragged right edge and gaps of leading between lines). For a whole paragraph
that is one rectangle the width of the text column; for sentences it is the shape
of a selection with a straight right edge: at most three bands that meet.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextBlock, QTextDocument, QTextLine


def _x_of(line: QTextLine, position: int) -> float:
    """The x of a cursor position on a laid-out line (PySide6 returns ``(x, position)``)."""
    x = line.cursorToX(position)
    return float(x[0] if isinstance(x, tuple) else x)  # type: ignore[arg-type]


def _line_at(doc: QTextDocument, pos: int) -> tuple[QTextLine, QPointF, QTextBlock]:
    """The laid-out line holding document position ``pos``, with its layout's origin."""
    block = doc.findBlock(pos)
    layout = block.layout()
    line = layout.lineForTextPosition(max(0, pos - block.position()))
    if not line.isValid():
        line = layout.lineAt(max(0, layout.lineCount() - 1))
    return line, layout.position(), block


def tint_rects(doc: QTextDocument, start: int, end: int, *, sentence_mode: bool, pad: float) -> list[QRectF]:
    """The tint for document positions ``start``..``end`` in document coordinates."""
    first, first_origin, first_block = _line_at(doc, start)
    last, last_origin, last_block = _line_at(doc, max(start, end - 1) if end > start else end)
    column = doc.documentLayout().blockBoundingRect(first_block)
    left = column.left() - pad
    right = column.right() + pad
    top = first_origin.y() + first.y()
    bottom = last_origin.y() + last.y() + last.height()
    if not sentence_mode:
        return [QRectF(left, top, right - left, bottom - top)]
    xs = first_origin.x() + _x_of(first, start - first_block.position()) - 2
    xe = last_origin.x() + _x_of(last, end - last_block.position()) + 2
    if xs <= column.left() + 2:  # the sentence starts the line: square with the rest
        xs = left
    last_top = last_origin.y() + last.y()
    if last_top <= top:  # one line
        return [QRectF(xs, top, max(xe - xs, 4.0), bottom - top)]
    # the first band runs down to the next line's top, so bands meet with no gap
    # (a proportional line height leaves leading between line rectangles)
    after = first_block.position() + first.textStart() + first.textLength()
    nxt_line, nxt_origin, _b = _line_at(doc, after if after < doc.characterCount() - 1 else start)
    second_top = nxt_origin.y() + nxt_line.y() if after > start else last_top
    second_top = min(max(second_top, top + first.height()), last_top)
    bands = [QRectF(xs, top, right - xs, second_top - top)]
    if last_top > second_top:
        bands.append(QRectF(left, second_top, right - left, last_top - second_top))
    bands.append(QRectF(left, last_top, xe - left, bottom - last_top))
    return bands
