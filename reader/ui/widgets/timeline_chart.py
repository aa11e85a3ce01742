"""A bar chart of an entity's mentions by article date, drawn with QPainter.

One bar per date, oldest first, the undated articles as a grey bar at the end. Past
:data:`MONTHS_FROM` dates the bars are months instead (a year of daily bars is a
comb nobody can read). Drawn by hand because one chart did not justify a plotting
dependency; hovering a bar tells its date and count.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from reader.core.types import TimelinePoint
from reader.ui.plain import counted

#: More distinct dates than this and the chart groups them by month.
MONTHS_FROM = 60
UNDATED = "undated"


def chart_bars(points: Sequence[TimelinePoint]) -> list[tuple[str, int]]:
    """(label, count) per bar: dates as given (by month when there are many), undated last."""
    dated = [p for p in points if p.date is not None]
    bars: list[tuple[str, int]] = []
    if len(dated) > MONTHS_FROM:
        months: dict[str, int] = {}
        for p in dated:
            key = str(p.date)[:7]
            months[key] = months.get(key, 0) + p.count
        bars = list(months.items())
    else:
        bars = [(str(p.date), p.count) for p in dated]
    bars += [(UNDATED, p.count) for p in points if p.date is None]
    return bars


class TimelineChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dossierTimeline")
        self.setAccessibleName("Mentions by article date")
        self.setMouseTracking(True)
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.bars: list[tuple[str, int]] = []
        self._rects: list[QRect] = []

    def set_points(self, points: Sequence[TimelinePoint]) -> None:
        self.bars = chart_bars(points)
        self.setAccessibleDescription(
            "; ".join(f"{label}: {counted(n, 'mention')}" for label, n in self.bars)
        )
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(260, 160)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fm = QFontMetrics(self.font())
        text_color = pal.color(QPalette.ColorRole.Text)
        muted = QColor(text_color)
        muted.setAlphaF(0.6)
        self._rects = []
        if not self.bars:
            painter.setPen(muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No mentions")
            return
        most = max(n for _, n in self.bars) or 1
        label_h = fm.height() + 4
        top = fm.height() + 4  # room for the count over the tallest bar
        area = self.rect().adjusted(6, top, -6, -label_h * 2)
        n = len(self.bars)
        slot = area.width() / n
        width = max(1.0, min(48.0, slot * 0.7))
        show_counts = slot >= fm.horizontalAdvance(str(most)) + 2
        for i, (label, count) in enumerate(self.bars):
            height = max(2, round(area.height() * count / most))
            x = round(area.left() + i * slot + (slot - width) / 2)
            rect = QRect(x, area.bottom() - height + 1, max(1, round(width)), height)
            self._rects.append(rect)
            color = pal.color(QPalette.ColorRole.Highlight) if label != UNDATED else muted
            painter.fillRect(rect, color)
            if show_counts:
                painter.setPen(text_color)
                painter.drawText(
                    QRect(rect.center().x() - 30, rect.top() - fm.height() - 2, 60, fm.height()),
                    Qt.AlignmentFlag.AlignCenter,
                    str(count),
                )
        painter.setPen(muted)
        painter.drawLine(area.left(), area.bottom() + 1, area.right(), area.bottom() + 1)
        # Labels: every bar's when they fit, else the first and the last only.
        fits = slot >= max(fm.horizontalAdvance(label) for label, _ in self.bars) + 6
        shown = range(n) if fits else sorted({0, n - 1})
        for i in shown:
            label = self.bars[i][0]
            if fits:
                box = QRect(round(area.left() + i * slot), area.bottom() + 4, round(slot), fm.height())
                align = Qt.AlignmentFlag.AlignHCenter
            elif i == 0:
                box = QRect(area.left(), area.bottom() + 4, area.width() // 2, fm.height())
                align = Qt.AlignmentFlag.AlignLeft
            else:
                box = QRect(area.center().x(), area.bottom() + 4, area.width() // 2, fm.height())
                align = Qt.AlignmentFlag.AlignRight
            painter.drawText(box, align | Qt.AlignmentFlag.AlignTop, label)

    def bar_at(self, point: QPoint) -> int | None:
        """The bar under ``point`` (its whole column counts, so thin bars are easy to hover)."""
        for i, rect in enumerate(self._rects):
            if rect.left() - 3 <= point.x() <= rect.right() + 3:
                return i
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        i = self.bar_at(event.position().toPoint())
        if i is None:
            QToolTip.hideText()
            return
        label, count = self.bars[i]
        QToolTip.showText(event.globalPosition().toPoint(), f"{label}: {counted(count, 'mention')}", self)
