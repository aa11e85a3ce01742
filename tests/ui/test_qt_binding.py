"""Guards against a broken Qt binding: PySide6 6.12.0 drops a reference to None on every
call of a method returning void, which crashes a long session on Python 3.11
("deallocating None"). pyproject.toml excludes it; this test catches a regression."""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QImage, QPainter


def test_void_qt_calls_leave_the_refcount_of_none_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    color = QColor("#123456")
    before = sys.getrefcount(None)
    for _ in range(500):
        painter.save()
        painter.setPen(color)
        painter.restore()
        color.setAlphaF(0.5)
    after = sys.getrefcount(None)
    painter.end()
    assert after - before > -50
