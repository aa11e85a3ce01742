"""Titles in the article list: two lines at most, and a cut title says it was cut."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics

from reader.ui.widgets.article_list import title_lines

LONG = "Mass exodus of ethnic Armenians from Nagorno-Karabakh has emptied the breakaway territory"


def _font() -> QFont:
    font = QFont("DejaVu Sans")
    font.setPointSizeF(10.5)
    return font


def test_a_short_title_is_one_line_as_given(qapp) -> None:  # type: ignore[no-untyped-def]
    assert title_lines("Gaza deal is on the brink", _font(), 400) == ["Gaza deal is on the brink"]


def test_a_title_that_fits_in_two_lines_is_shown_whole(qapp) -> None:  # type: ignore[no-untyped-def]
    font = _font()
    width = QFontMetrics(font).horizontalAdvance(LONG) * 6 // 10  # room for a little over half
    lines = title_lines(LONG, font, width)
    assert len(lines) == 2
    assert "".join(lines).replace(" ", "") == LONG.replace(" ", "")  # a break may fall after a hyphen
    assert not lines[1].endswith("…")


def test_a_title_too_long_for_two_lines_ends_with_an_ellipsis(qapp) -> None:  # type: ignore[no-untyped-def]
    font = _font()
    fm = QFontMetrics(font)
    width = fm.horizontalAdvance(LONG) // 3  # about a third a line: three lines needed
    lines = title_lines(LONG, font, width)
    assert len(lines) == 2
    assert lines[1].endswith("…")
    assert fm.horizontalAdvance(lines[1]) <= width
    assert LONG.startswith(lines[0])
    # the elided line continues where the first stopped: nothing is skipped between them
    shown = (lines[0] + lines[1].rstrip("…")).replace(" ", "")
    assert LONG.replace(" ", "").startswith(shown)


def test_one_unbroken_word_wider_than_the_row_is_cut_not_overflowing(qapp) -> None:  # type: ignore[no-untyped-def]
    font = _font()
    fm = QFontMetrics(font)
    word = "A" * 200
    lines = title_lines(word, font, 150)
    assert len(lines) == 2
    assert all(fm.horizontalAdvance(line) <= 150 for line in lines)
    assert lines[1].endswith("…")
