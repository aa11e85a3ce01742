"""Light and dark palettes and the highlight colours.

The five highlight colours are light tints of the Okabe–Ito colour-blind-safe
palette; text on them is always drawn dark so it stays readable in both themes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

HIGHLIGHT_COLORS: dict[int, str] = {
    1: "#F7E37B",  # yellow
    2: "#A6D3F2",  # sky blue
    3: "#9EDCC4",  # bluish green
    4: "#F6C28B",  # orange
    5: "#E4B1D3",  # reddish purple
}
HIGHLIGHT_NAMES = {1: "yellow", 2: "blue", 3: "green", 4: "orange", 5: "purple"}

LIGHT = {
    "window": "#F4F2EE",
    "base": "#FFFDF8",
    "text": "#1F1F1F",
    "muted": "#6B6B6B",
    "accent": "#2F6FB3",
    "focus": "#EDE6D3",
    "mention": "#2F6FB3",
    "match": "#FFB000",
}
DARK = {
    "window": "#1E1F22",
    "base": "#26282C",
    "text": "#E6E3DC",
    "muted": "#9A9A9A",
    "accent": "#7FB2F0",
    "focus": "#34373D",
    "mention": "#8CC0FF",
    "match": "#B07C00",
}


def system_prefers_dark() -> bool:
    """Whether the desktop asks for a dark look, for the "System" theme setting.

    Qt 6.5+ reports the platform's colour scheme through the style hints; where the
    platform does not say (``Unknown``: offscreen, some X11 desktops) we answer light,
    the palette Lede has always started with. Needs a QGuiApplication.
    """
    if QGuiApplication.instance() is None:
        return False
    hints = QGuiApplication.styleHints()
    color_scheme = getattr(hints, "colorScheme", None)  # absent before Qt 6.5
    if color_scheme is None:
        return False
    return bool(color_scheme() == Qt.ColorScheme.Dark)


def colors(dark: bool) -> dict[str, str]:
    return DARK if dark else LIGHT


def apply_theme(app: QApplication, dark: bool) -> None:
    """Fusion style with our palette, plus a stylesheet for focus rings."""
    c = colors(dark)
    app.setStyle("Fusion")
    pal = QPalette()
    pal.setColor(QPalette.ColorRole.Window, QColor(c["window"]))
    pal.setColor(QPalette.ColorRole.WindowText, QColor(c["text"]))
    pal.setColor(QPalette.ColorRole.Base, QColor(c["base"]))
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor(c["window"]))
    pal.setColor(QPalette.ColorRole.Text, QColor(c["text"]))
    pal.setColor(QPalette.ColorRole.Button, QColor(c["window"]))
    pal.setColor(QPalette.ColorRole.ButtonText, QColor(c["text"]))
    pal.setColor(QPalette.ColorRole.ToolTipBase, QColor(c["base"]))
    pal.setColor(QPalette.ColorRole.ToolTipText, QColor(c["text"]))
    pal.setColor(QPalette.ColorRole.PlaceholderText, QColor(c["muted"]))
    pal.setColor(QPalette.ColorRole.Highlight, QColor(c["accent"]))
    # dark text on the light accent of the dark theme, white on the deep accent of the light one
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#0E1520" if dark else "#FFFFFF"))
    pal.setColor(QPalette.ColorRole.Link, QColor(c["accent"]))
    app.setPalette(pal)
    app.setStyleSheet(
        f"""
        QListView, QTreeView, QTextBrowser, QLineEdit, QPlainTextEdit {{
            border: 1px solid {c["focus"]}; border-radius: 4px;
        }}
        QListView:focus, QTreeView:focus, QTextBrowser:focus, QLineEdit:focus, QPlainTextEdit:focus {{
            border: 2px solid {c["accent"]};
        }}
        QLabel#paneTitle {{ color: {c["muted"]}; font-weight: bold; padding: 2px 4px; }}
        QLabel#chip {{ background: {c["accent"]}; color: white; border-radius: 8px; padding: 1px 8px; }}
        QStatusBar {{ color: {c["muted"]}; }}
        QFrame#paletteFrame {{ background: {c["base"]}; border: 1px solid {c["accent"]}; border-radius: 6px; }}
        """
    )
