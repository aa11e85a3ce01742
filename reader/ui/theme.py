"""Light and dark palettes and the highlight colours.

The five highlight colours are tints of the Okabe–Ito colour-blind-safe palette: light
tints under dark text in the light theme, deep shades (the same hues mixed into the dark
page) under light text in the dark theme, where the light tints glared as yellow blocks.
Every pair keeps a WCAG contrast of at least 4.5 (a test checks it).
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
# the same five hues mixed into the dark page (#26282C) at 35–50 %: visible as colour,
# quiet as a block, and light text on them stays above 4.5:1
DARK_HIGHLIGHT_COLORS: dict[int, str] = {
    1: "#6A6A2C",  # yellow
    2: "#3A627A",  # sky blue
    3: "#16604D",  # bluish green
    4: "#7A5020",  # orange
    5: "#714C63",  # reddish purple
}
HIGHLIGHT_TEXT = {False: "#1A1A1A", True: "#F2EFE8"}  # text drawn on a highlight, per theme
HIGHLIGHT_NAMES = {1: "yellow", 2: "blue", 3: "green", 4: "orange", 5: "purple"}

LIGHT = {
    "window": "#F4F2EE",
    "base": "#FFFDF8",
    "text": "#1F1F1F",
    "muted": "#6B6B6B",
    "accent": "#2F6FB3",
    "focus": "#EDE6D3",
    "selection": "#2F6FB3",
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
    "selection": "#2F5F93",
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


def highlight_color(color: int, dark: bool) -> str:
    """The background of highlight colour ``color`` (1–5) in the light or dark theme."""
    table = DARK_HIGHLIGHT_COLORS if dark else HIGHLIGHT_COLORS
    return table.get(color, table[1])


def luminance(color: QColor) -> float:
    """WCAG relative luminance (0 black … 1 white)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 … 21; body text wants 4.5)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_on(background: QColor) -> QColor:
    """Near-black or near-white, whichever reads better on ``background``: a delegate that
    paints on the selection colour asks this instead of trusting HighlightedText, which a
    style (or a desktop palette) may not pair with the fill it actually draws."""
    dark, light = QColor("#111418"), QColor("#FFFFFF")
    return dark if contrast(background, dark) >= contrast(background, light) else light


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
    # selected rows: a deep blue in both themes with white text (a light blue under the dark
    # theme's light text was unreadable on the note cards)
    pal.setColor(QPalette.ColorRole.Highlight, QColor(c["selection"]))
    pal.setColor(QPalette.ColorRole.HighlightedText, text_on(QColor(c["selection"])))
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
