"""The window's first frame: what the desktop shows while the panes are still being built.

A warm launch spends most of its time importing and building the panes and the
controllers; the desktop should not wait for that to show a window. The first frame
needs only Qt, the settings and the theme: the window's title and size, the menu
titles, the three panes' outlines in the theme's colours and "Opening…" in the status
bar, so that when the real panes replace it (:meth:`MainWindow.complete`) the layout
does not jump. :attr:`FirstFrame.painted` says when it has been painted, the moment
the app starts building the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRectF, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QMainWindow, QWidget

from reader.keymap import GROUPS

# The panes' widths as the window's splitter first lays them out (list, reader, sidebar).
PANE_WIDTHS = (320, 680, 280)
MARGIN = 6


def menu_titles() -> list[str]:
    """The menu bar's titles in the order :meth:`ActionTable.build_menus` fills them."""
    return [f"&{group}" for group in ("File", *[g for g in GROUPS if g != "File"])]


class FirstFrame(QWidget):
    """A skeleton of the panes, set as the window's central widget until the real ones exist."""

    painted = Signal()

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("firstFrame")
        self._told = False
        bar = window.menuBar()
        for title in menu_titles():
            bar.addMenu(title)
        window.statusBar().showMessage("Opening…")
        window.setCentralWidget(self)

    def pane_rects(self) -> list[QRectF]:
        """The list, reader and sidebar outlines at the window's current width."""
        width, height = self.width(), self.height()
        scale = width / sum(PANE_WIDTHS)
        rects: list[QRectF] = []
        x = 0.0
        for pane in PANE_WIDTHS:
            w = pane * scale
            rects.append(QRectF(x + MARGIN, MARGIN, w - 2 * MARGIN, height - 2 * MARGIN))
            x += w
        return rects

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        pal = self.palette()
        painter = QPainter(self)
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Window))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(_border(pal))
        painter.setBrush(pal.color(QPalette.ColorRole.Base))
        for rect in self.pane_rects():
            painter.drawRoundedRect(rect, 4, 4)
        painter.end()
        if not self._told:
            self._told = True
            self.painted.emit()


def _border(pal: QPalette) -> QColor:
    """The panes' 1 px border: the window colour a shade darker (the stylesheet's focus tint)."""
    return pal.color(QPalette.ColorRole.Window).darker(108)


class OncePainted(QObject):
    """Calls ``then`` once, on the loop's next turn after ``widget`` was first painted.

    The window starts its background work (the core's import, opening the source) only once
    the real panes are on screen: started beside their first paint, its thread held the GIL
    the paint needed, and a warm launch's panes came up in one 55-75 ms stall instead of 30 ms.
    A widget that is never painted (a window started minimised) starts it after ``patience_ms``.
    """

    def __init__(self, widget: QWidget, then: Callable[[], None], patience_ms: int) -> None:
        super().__init__(widget)
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)
        QTimer.singleShot(patience_ms, self, self._call)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and self._then is not None:
            watched.removeEventFilter(self)
            QTimer.singleShot(1, self, self._call)  # a timer's turn: after the paint is flushed
        return False

    def _call(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()
