"""A bar chart of an entity's mentions by article date, drawn with QPainter.

The dated mentions sit on a time axis, oldest left: a gap in the news is a gap in the
chart. When the span has more days than the chart has room for bars, neighbouring days
share a bar (hovering one tells its dates and count). The undated articles are a grey bar
at the end. Drawn by hand because one chart did not justify a plotting dependency.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from reader.core.types import TimelinePoint
from reader.ui.plain import counted

UNDATED = "undated"
#: The narrowest bar, in pixels: how many days may share one follows from the chart's width.
MIN_BAR = 6


def chart_bars(points: Sequence[TimelinePoint], slots: int) -> list[tuple[str, int]]:
    """(label, count) per bar: ``slots`` or fewer bars over the dated span (one per day when
    they fit; a bar of several days is labelled ``first – last``; empty bars have count 0),
    then one for the undated articles. Dates that do not parse count as undated."""
    dated: dict[dt.date, int] = {}
    undated = 0
    for p in points:
        try:
            day = dt.date.fromisoformat(str(p.date)[:10]) if p.date is not None else None
        except ValueError:
            day = None
        if day is None:
            undated += p.count
        else:
            dated[day] = dated.get(day, 0) + p.count
    bars: list[tuple[str, int]] = []
    if dated:
        first, last = min(dated), max(dated)
        days = (last - first).days + 1
        n = max(1, min(days, slots))
        per = -(-days // n)  # days per bar, rounded up so n bars cover the span
        counts = [0] * (-(-days // per))
        for day, count in dated.items():
            counts[(day - first).days // per] += count
        for i, count in enumerate(counts):
            start = first + dt.timedelta(days=i * per)
            end = min(last, start + dt.timedelta(days=per - 1))
            label = start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"
            bars.append((label, count))
    if undated:
        bars.append((UNDATED, undated))
    return bars


class TimelineChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dossierTimeline")
        self.setAccessibleName("Mentions by article date")
        self.setMouseTracking(True)
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.points: list[TimelinePoint] = []
        self.bars: list[tuple[str, int]] = []
        self._rects: list[QRect] = []

    def set_points(self, points: Sequence[TimelinePoint]) -> None:
        self.points = list(points)
        self.setAccessibleDescription(
            "; ".join(f"{p.date or UNDATED}: {counted(p.count, 'mention')}" for p in self.points)
        )
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(260, 160)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        pal = self.palette()
        fm = QFontMetrics(self.font())
        text_color = pal.color(QPalette.ColorRole.Text)
        muted = QColor(text_color)
        muted.setAlphaF(0.6)
        self._rects = []
        if not self.points:
            self.bars = []
            painter.setPen(muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No mentions")
            return
        area = self.rect().adjusted(6, fm.height() + 4, -6, -(fm.height() + 8))
        # The undated bar keeps a column of its own at the right, so its label never meets a date's.
        has_undated = any(p.date is None for p in self.points)
        undated_w = fm.horizontalAdvance(UNDATED) + 12 if has_undated else 0
        dated_w = area.width() - undated_w
        self.bars = chart_bars(self.points, max(1, dated_w // MIN_BAR))
        dated = [b for b in self.bars if b[0] != UNDATED]
        most = max(n for _, n in self.bars) or 1
        slot = dated_w / max(1, len(dated))
        width = max(1.0, min(48.0, slot * 0.75))
        every_count = slot >= fm.horizontalAdvance(str(most)) + 4
        peak = max(range(len(self.bars)), key=lambda i: self.bars[i][1])
        for i, (label, count) in enumerate(self.bars):
            if label == UNDATED:
                x, w, color = area.right() - undated_w + 6, min(48, undated_w - 12), muted
            else:
                x, w = round(area.left() + i * slot + (slot - width) / 2), max(1, round(width))
                color = pal.color(QPalette.ColorRole.Highlight)
            height = round(area.height() * count / most) if count else 0
            rect = QRect(x, area.bottom() - height + 1, w, height)
            self._rects.append(rect)
            if count:
                painter.fillRect(rect, color)
            if count and (every_count or i == peak):
                painter.setPen(text_color)
                box = QRect(rect.center().x() - 30, rect.top() - fm.height() - 2, 60, fm.height())
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(count))
        painter.setPen(muted)
        base = area.bottom() + 1
        if dated:  # an axis under no bars reads as "no mentions on any date"
            painter.drawLine(area.left(), base, area.left() + dated_w - 4, base)
        labels: list[tuple[QRect, Qt.AlignmentFlag, str]] = []
        if has_undated:
            labels.append(
                (
                    QRect(area.right() - undated_w, base + 3, undated_w, fm.height()),
                    Qt.AlignmentFlag.AlignHCenter,
                    UNDATED,
                )
            )
        if dated:
            fits = slot >= max(fm.horizontalAdvance(label) for label, _ in dated) + 6
            if fits:
                for i, (label, _count) in enumerate(dated):
                    box = QRect(round(area.left() + i * slot), base + 3, round(slot), fm.height())
                    labels.append((box, Qt.AlignmentFlag.AlignHCenter, label))
            else:
                first, last = dated[0][0].split(" – ")[0], dated[-1][0].split(" – ")[-1]
                half = dated_w // 2
                labels.append(
                    (QRect(area.left(), base + 3, half, fm.height()), Qt.AlignmentFlag.AlignLeft, first)
                )
                if last != first:
                    box = QRect(area.left() + dated_w - half, base + 3, half, fm.height())
                    labels.append((box, Qt.AlignmentFlag.AlignRight, last))
        for box, align, label in labels:
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
