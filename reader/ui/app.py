"""QApplication set-up and ``run``: the window appears at once, its panes and the build follow."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from reader import paths
from reader.ui.main_window import MainWindow
from reader.ui.theme import apply_theme

if TYPE_CHECKING:
    from reader.core.types import PassageLink


# The window process's GIL switch interval (seconds): how long the UI thread can wait for it.
SWITCH_INTERVAL = 0.001


def icon_path() -> Path:
    return paths.resource("lede.svg")


def make_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setApplicationName("Lede")
    QCoreApplication.setOrganizationName("Lede")
    app = QApplication(argv if argv is not None else [sys.argv[0]])
    app.setDesktopFileName("lede")
    if icon_path().exists():
        app.setWindowIcon(QIcon(str(icon_path())))
    apply_theme(app, dark=False)
    return app


def run(source: Path, *, link: PassageLink | None = None) -> int:
    """The window on ``source``; at ``link``'s passage when the desktop opened a lede:// link.

    The window is shown as a first frame (title, size, the panes' outlines) before its
    panes are imported and built, so the desktop has it at once (``bench_launch.py``).
    """
    app = make_app()
    # Every Qt callback into Python (a paint, a row of the list, a signal) must take the GIL
    # back from the window's reading threads; at CPython's 5 ms interval a turn with a dozen of
    # them could wait 60 ms behind a busy reader while using 3 ms itself (a quiet 20k build).
    sys.setswitchinterval(SWITCH_INTERVAL)
    if link is not None and _handed_over(link):  # a window is open: it takes the passage, comes to the front
        return 0
    window = MainWindow(source, link=link, first_frame=True, answer_links=paths.links_socket())
    window.show()
    return app.exec()


def _handed_over(link: PassageLink) -> bool:
    try:
        from reader.ui.link_server import hand_over
    except ImportError:  # a Qt without QtNetwork: this launch opens a window of its own
        return False
    return hand_over(link)
