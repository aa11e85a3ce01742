"""A window opened from a lede:// link (issue 18.6) shows the linked passage, focused; what
the link names that is not there is said in the status bar, and the window opens what it can."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.types import PassageLink
from reader.ui.main_window import MainWindow
from tests.ui.conftest import wait_ready

GAZA, UKRAINE = "a87e5955f278", "b47fea6bc378"


@pytest.fixture
def open_link(qtbot, built_sample: Path, fresh_data_dir: Path) -> Iterator:  # type: ignore[no-untyped-def,type-arg]
    windows: list[MainWindow] = []

    def start(link: PassageLink) -> MainWindow:
        win = MainWindow(built_sample, link=link)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        wait_ready(qtbot, win)
        windows.append(win)
        return win

    yield start
    for win in windows:
        win.close()


def _focused(win: MainWindow) -> str:
    assert win.current is not None
    return win.current.text[win.reader.focus.start : win.reader.focus.end]


def test_a_link_opens_its_article_with_the_passage_focused(qtbot, open_link, built_sample: Path) -> None:  # type: ignore[no-untyped-def]
    quote = "“All told, Iran is weaker than it’s been in decades,” he said."
    win = open_link(PassageLink(str(built_sample), GAZA, quote))
    qtbot.waitUntil(lambda: _focused(win) == quote, timeout=10000)
    assert win.current.id == GAZA  # type: ignore[union-attr]
    assert win.list_model.article_id(win.list.currentIndex().row()) == GAZA
    assert win.reader.focus.sentence_mode  # the passage, not its paragraph
    assert (
        win.statusBar().currentMessage()
        == "Opened the linked passage “All told, Iran is weaker than it’s been in…”"
    )


def test_a_link_whose_article_is_gone_finds_its_passage_elsewhere_and_says_so(  # type: ignore[no-untyped-def]
    qtbot, open_link, built_sample: Path
) -> None:
    quote = "He posted a short video showing the interrogation of two men"
    win = open_link(PassageLink(str(built_sample), "0123456789ab", quote))
    qtbot.waitUntil(lambda: win.current is not None and win.current.id == UKRAINE, timeout=10000)
    qtbot.waitUntil(lambda: _focused(win) == quote, timeout=10000)
    assert win.statusBar().currentMessage() == (
        "The linked article 0123456789ab is no longer in sample-news.txt; "
        "its passage “He posted a short video showing the interrogation…” is in this one"
    )


def test_a_link_to_nothing_here_opens_the_first_article_and_says_what_is_missing(  # type: ignore[no-untyped-def]
    qtbot, open_link, built_sample: Path
) -> None:
    win = open_link(PassageLink(str(built_sample), "0123456789ab", "words that stand in no article"))
    assert win.current is not None and win.current.id == win.list_model.article_id(0)
    assert win.statusBar().currentMessage() == (
        "The linked article 0123456789ab is not in sample-news.txt, nor is its passage "
        "“words that stand in no article”"
    )
