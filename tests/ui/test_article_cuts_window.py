"""Ctrl+Return starts a new article at the focused paragraph, Ctrl+Backspace joins one to the one before.

The cut is saved with the notes and made by a rebuild in the build process; a highlight in
the moved paragraphs follows its text into the new article.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from reader import paths
from reader.core.build import build_source
from reader.core.library import open_library
from reader.core.store.annotations import AnnotationStore
from reader.core.store.cuts import fingerprint
from reader.ui.main_window import MainWindow
from reader.ui.models.articles import MetaRole
from tests.conftest import DOUBT_SAMPLE_TEXT, SAMPLE
from tests.core.test_cut_export import paragraph_mark
from tests.ui.conftest import open_window
from tests.ui.test_window_keys import press

CTRL = Qt.KeyboardModifier.ControlModifier


def _window_on_a_copy(qtbot, tmp_path: Path, text: str | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    """The window on a built copy of the sample, or on ``text`` (a cut rebuilds the copy, never the bundled file)."""
    source = tmp_path / "news.txt"
    if text is None:
        shutil.copy(SAMPLE, source)
    else:
        source.write_text(text, encoding="utf-8")
    build_source(source, paths.source_cache_dir(source))
    return open_window(qtbot, source)


def test_the_reader_cuts_a_story_in_two_and_joins_it_back(
    qtbot, tmp_path: Path, fresh_data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    win = _window_on_a_copy(qtbot, tmp_path)
    first = win.current
    assert first is not None
    for _ in range(5):
        press(qtbot, win, Qt.Key.Key_Down)
    press(qtbot, win, Qt.Key.Key_H)  # a highlight on the paragraph that will open the new article
    moved = first.paragraphs[5]
    press(qtbot, win, Qt.Key.Key_Return, CTRL)
    assert "A new article starts at line" in win.statusBar().currentMessage()
    qtbot.waitUntil(lambda: win.list_model.rowCount() == 5, timeout=60000)
    lib = win.library
    assert lib is not None
    starts = [lib.article(a.id).start_line for a in lib.articles()]  # type: ignore[union-attr]
    assert starts == [1, first.lines[5], 21, 34, 52]
    new = lib.articles()[1]
    assert lib.article(new.id).paragraphs[0] == moved  # type: ignore[union-attr]

    def homes() -> list[tuple[str, str, bool]]:
        with AnnotationStore(paths.annotations_db()) as store:
            return [(h.article_id, h.exact, h.orphan) for h in store.highlights(lib.key)]  # type: ignore[union-attr]

    qtbot.waitUntil(lambda: homes() == [(new.id, moved, False)], timeout=30000)
    with AnnotationStore(paths.annotations_db()) as store:
        assert {line: cut.kind for line, cut in store.cuts(lib.key).items()} == {first.lines[5]: "start"}
    # The reader stays with the paragraph being read: the window opened the new article on it.
    qtbot.waitUntil(lambda: win.current is not None and win.current.id == new.id, timeout=30000)
    assert win.reader.focus_paragraph_index() == 0
    assert win.list_model.article_id(win.list.currentIndex().row()) == new.id
    assert "you started this article here (Ctrl+Backspace joins it back)" in win.reader.toPlainText()
    # Joined back to the one before: the cut is taken back, and the window follows the paragraph.
    win.reader.setFocus()
    press(qtbot, win, Qt.Key.Key_Backspace, CTRL)
    qtbot.waitUntil(lambda: win.list_model.rowCount() == 4, timeout=60000)
    qtbot.waitUntil(lambda: win.current is not None and win.current.id == first.id, timeout=30000)
    assert win.reader.focus_paragraph_index() == 5
    assert win.list_model.article_id(win.list.currentIndex().row()) == first.id
    qtbot.waitUntil(lambda: homes() == [(first.id, moved, False)], timeout=30000)  # back in the first
    _rebuilt(qtbot, win, 4)
    with AnnotationStore(paths.annotations_db()) as store:
        assert store.cuts(lib.key) == {}
    win.close()


def test_ctrl_return_on_an_articles_first_paragraph_explains_instead(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert window.statusBar().currentMessage().startswith("An article already starts here")
    with AnnotationStore(paths.annotations_db()) as store:
        assert store.cuts(window.library.key) == {}  # type: ignore[union-attr]
    assert window.list_model.rowCount() == 4


def test_b_steps_to_the_doubtful_break_and_a_cut_there_settles_it(
    qtbot, tmp_path: Path, fresh_data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    win = _window_on_a_copy(qtbot, tmp_path, DOUBT_SAMPLE_TEXT)
    assert win.reader.doubts == ()  # the first story has none
    second = win.library.articles()[1]  # type: ignore[union-attr]
    press(qtbot, win, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: win.current is not None and win.current.id == second.id, timeout=30000)
    at = win.current.lines.index(31)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: win.reader.focus_paragraph_index() == at, timeout=30000)
    assert win.reader.doubts == (at,)  # the dashed rule above that paragraph
    meta = MetaRole
    rows = [str(win.list_model.data(win.list_model.index(r), meta)) for r in range(4)]
    assert rows[1] == "291 words · 1 doubtful break · lines 21–33"
    assert "doubtful" not in rows[0] + rows[2] + rows[3]
    assert win.statusBar().currentMessage() == (
        "Doubtful break 1 of 1 (line 31): a new story may start at this paragraph: Ctrl+Return starts one here;"
        " x: it is right"
    )
    assert win.list_model.article_id(win.list.currentIndex().row()) == second.id
    press(qtbot, win, Qt.Key.Key_B)
    assert win.statusBar().currentMessage() == (
        "No doubtful break after this paragraph (1 in this source; Shift+B goes back)"
    )
    press(qtbot, win, Qt.Key.Key_Down)
    press(qtbot, win, Qt.Key.Key_B, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: win.reader.focus_paragraph_index() == at, timeout=30000)
    # Cut there: the rebuilt library has no doubt left, and B says so.
    press(qtbot, win, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: win.list_model.rowCount() == 5, timeout=60000)
    _rebuilt(qtbot, win, 5)
    qtbot.waitUntil(lambda: win.reader.doubts == (), timeout=30000)  # the article opened after the rebuild
    assert all("doubtful" not in str(win.list_model.data(win.list_model.index(r), meta)) for r in range(5))
    press(qtbot, win, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: win.statusBar().currentMessage().startswith("No doubtful breaks"), timeout=30000)
    win.close()


def test_x_settles_the_doubtful_break_and_it_stays_settled(
    qtbot, tmp_path: Path, fresh_data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    win = _window_on_a_copy(qtbot, tmp_path, DOUBT_SAMPLE_TEXT)
    press(qtbot, win, Qt.Key.Key_X)
    assert win.statusBar().currentMessage().startswith("No doubtful break at this paragraph: b goes")
    second = win.library.articles()[1]  # type: ignore[union-attr]
    press(qtbot, win, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: win.current is not None and win.current.id == second.id, timeout=30000)
    qtbot.waitUntil(lambda: win.reader.doubts != (), timeout=30000)
    press(qtbot, win, Qt.Key.Key_X)
    qtbot.waitUntil(
        lambda: (
            win.statusBar().currentMessage()
            == "The break at line 31 stays as Lede cut it; no doubtful break after it (0 left)"
        ),
        timeout=30000,
    )
    assert win.reader.doubts == ()
    assert "doubtful" not in str(win.list_model.data(win.list_model.index(1), MetaRole))
    assert win.list_model.rowCount() == 4  # no cut, no rebuild
    press(qtbot, win, Qt.Key.Key_B, Qt.KeyboardModifier.ShiftModifier)
    assert win.statusBar().currentMessage().startswith("No doubtful breaks in this source")
    source = win.source
    win.close()
    with open_library(source) as lib:
        assert lib.doubtful_breaks() == []  # kept for the next start


def test_ctrl_i_imports_an_exports_cuts_and_the_window_rebuilds_with_them(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, fresh_data_dir: Path, monkeypatch
) -> None:
    lead = SAMPLE.read_text(encoding="utf-8").split("\n")[5]
    exported = tmp_path / "notes.json"
    exported.write_text(json.dumps([paragraph_mark(6, lead, **{"lede:cut": "start"})]), encoding="utf-8")
    win = _window_on_a_copy(qtbot, tmp_path)
    _import_with_ctrl_i(qtbot, win, monkeypatch, exported, "Imported 1 article cut — updating the library…")
    qtbot.waitUntil(lambda: win.list_model.rowCount() == 5, timeout=60000)
    lib = win.library
    assert lib is not None
    assert [a.start_line for a in lib.articles()] == [1, 6, 21, 34, 52]
    made = lib.article(lib.articles()[1].id)
    assert made is not None and fingerprint(made.paragraphs[0]) == fingerprint(lead)  # glue repaired
    _rebuilt(qtbot, win, 5)
    win.close()


def test_ctrl_i_imports_checked_doubtful_breaks_and_b_no_longer_stops_there(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, fresh_data_dir: Path, monkeypatch
) -> None:
    paragraph = DOUBT_SAMPLE_TEXT.split("\n")[30]
    exported = tmp_path / "notes.json"
    exported.write_text(
        json.dumps([paragraph_mark(31, paragraph, **{"lede:settled": True})]), encoding="utf-8"
    )
    win = _window_on_a_copy(qtbot, tmp_path, DOUBT_SAMPLE_TEXT)
    assert "1 doubtful break" in str(win.list_model.data(win.list_model.index(1), MetaRole))
    _import_with_ctrl_i(
        qtbot, win, monkeypatch, exported, "Imported 1 checked doubtful break — updating the library…"
    )
    _rebuilt(qtbot, win, 4)
    assert "doubtful" not in str(win.list_model.data(win.list_model.index(1), MetaRole))
    press(qtbot, win, Qt.Key.Key_B)
    assert win.statusBar().currentMessage().startswith("No doubtful breaks in this source")
    win.close()


def _import_with_ctrl_i(qtbot, win: MainWindow, monkeypatch, exported: Path, said: str) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+I on ``exported`` (the file dialog answered), until the status bar says ``said``."""
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(exported), ""))
    press(qtbot, win, Qt.Key.Key_I, CTRL)
    qtbot.waitUntil(lambda: win.statusBar().currentMessage() == said, timeout=20000)


def _rebuilt(qtbot, win: MainWindow, rows: int) -> None:  # type: ignore[no-untyped-def]
    """Wait until the rebuilt library lists ``rows`` articles and its build process has ended.

    Not by the status bar's "N articles from news.txt": it is said only over the build's own
    last word, and under load another message (the opened article's) can stand in its place.
    """

    def done() -> bool:
        build = win.loading.build
        return win.list_model.rowCount() == rows and (build is None or not build.running())

    qtbot.waitUntil(done, timeout=60000)
