"""No source text reaches Qt as markup: a scraped title holding HTML shows as the characters it is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from reader.core.types import ArticleSummary
from reader.ui import plain
from reader.ui.models.articles import ArticleListModel

HOSTILE = '<img src="/etc/hostname"> <b>Bold</b> & "quoted"'


def _rendered(rich: str) -> str:
    doc = QTextDocument()
    doc.setHtml(rich)
    return doc.toPlainText().replace("\u2028", "\n").strip("\n")  # <br> reads back as U+2028


def test_a_title_with_markup_is_shown_literally_in_the_list_tooltip(qapp: object) -> None:
    model = ArticleListModel()
    model.set_articles([ArticleSummary(id="a", title=HOSTILE, position=0, start_line=3, end_line=9)])
    tip = model.data(model.index(0), Qt.ItemDataRole.ToolTipRole)
    assert isinstance(tip, str)
    assert "<img" not in tip and "&lt;img" in tip
    assert _rendered(tip) == f"{HOSTILE}\nlines 3–9"


def test_the_tooltip_helper_keeps_line_breaks_and_every_character(qapp: object) -> None:
    assert _rendered(plain.tooltip("a < b\nc > d & e")) == "a < b\nc > d & e"
    long = "“" + "word <i> " * 40 + "”"
    assert _rendered(plain.tooltip(f"Speaker:\n{long}")) == f"Speaker:\n{long}"
