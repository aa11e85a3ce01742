"""Ctrl+I imports a file of annotations into the open library (issue 18.5, the window's side
of `lede import`): the file is read off the UI thread, the status bar says what was placed,
orphaned and left out, and the placed highlights are drawn at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from reader.ui.main_window import MainWindow
from tests.ui.conftest import settle

HYPOTHESIS = Path(__file__).parents[1] / "core" / "data" / "hypothesis-search.json"


def test_ctrl_i_imports_hypothesis_annotations_and_says_what_was_placed(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def choose(parent: object, title: str, *_args: object) -> tuple[str, str]:
        asked.append(title)
        return str(HYPOTHESIS), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    assert window.library is not None and window.library.highlights() == []
    qtbot.keyClick(window.reader, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Imported"), timeout=20000)
    settle(qtbot, window)
    assert asked == ["Import annotations"]
    assert window.statusBar().currentMessage() == (
        "Imported 2 highlights placed in the text, 1 orphan kept without a place in the text, 1 article note; "
        "2 left out"
    )
    saved = window.library.highlights()
    assert sorted(h.orphan for h in saved) == [False, False, True]
    shown = {h.id for h in window.reader.highlights}
    in_this = {h.id for h in saved if not h.orphan and h.article_id == window.current.id}  # type: ignore[union-attr]
    assert shown == in_this


def test_a_file_that_is_not_annotations_is_refused_and_nothing_is_written(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text('{"rows": [{"target": 3}]}', encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(bad), ""))
    qtbot.keyClick(window.reader, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert window.statusBar().currentMessage() == (
        "Nothing imported from notes.json: Hypothesis row 0 in the file cannot be read: it has no target source."
    )
    assert window.library is not None and window.library.highlights() == []
