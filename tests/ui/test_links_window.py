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


class _Launch:
    """A later launch handing its link over: ``hand_over`` in a process of its own, as ``lede lede://…`` runs it."""

    def __init__(self, link: PassageLink, name: str) -> None:
        import subprocess
        import sys

        code = (
            "import sys; from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]); "
            "from reader.core.types import PassageLink; from reader.ui.link_server import hand_over; "
            f"print(hand_over(PassageLink(*sys.argv[1:4]), {name!r}, timeout_ms=5000))"
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code, link.source, link.article, link.quote],
            stdout=subprocess.PIPE,
            text=True,
        )

    def answer(self) -> str | None:
        """ "True" (a window took the link), "False" (nobody did), None while it waits."""
        if self.proc.poll() is None:
            return None
        assert self.proc.stdout is not None
        return self.proc.stdout.read().strip()


def test_a_later_launch_hands_its_link_to_the_open_window(
    qtbot, built_sample: Path, fresh_data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    import uuid

    from reader.ui.link_server import LinkServer

    name = f"lede-test-{uuid.uuid4().hex[:12]}"
    win = MainWindow(built_sample, answer_links=name)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    wait_ready(qtbot, win)
    qtbot.waitUntil(lambda: win.links.server is not None, timeout=5000)
    try:
        assert not LinkServer(name=name).listen()  # a second window leaves the links to the first
        assert win.current is not None and win.current.id != UKRAINE
        quote = "He posted a short video showing the interrogation of two men"
        launch = _Launch(PassageLink(str(built_sample), UKRAINE, quote), name)
        qtbot.waitUntil(lambda: launch.proc.poll() is not None, timeout=20000)
        assert launch.answer() == "True"
        qtbot.waitUntil(lambda: win.current is not None and win.current.id == UKRAINE, timeout=10000)
        qtbot.waitUntil(lambda: _focused(win) == quote, timeout=10000)
        gone = _Launch(PassageLink("/nowhere/gone.txt", UKRAINE, quote), name)
        qtbot.waitUntil(lambda: gone.proc.poll() is not None, timeout=20000)
        assert gone.answer() == "True"
        qtbot.waitUntil(
            lambda: (
                win.statusBar().currentMessage()
                == "The linked source /nowhere/gone.txt is not there any more"
            ),
            timeout=5000,
        )
        assert win.source == built_sample and win.current.id == UKRAINE
    finally:
        win.close()
    nobody = _Launch(PassageLink(str(built_sample), UKRAINE, ""), name)
    assert (
        nobody.proc.wait(20) == 0 and nobody.answer() == "False"
    )  # the window closed: a launch opens its own
