"""The reader says when the article open is a wire copy, and how many versions an original has."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader import paths
from reader.core.build import build_source
from reader.ui.main_window import MainWindow
from tests.conftest import SAMPLE
from tests.ui.conftest import remove_cache, wait_ready


@pytest.fixture
def copies_window(qtbot, tmp_path: Path, fresh_data_dir: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    stories = [p for p in SAMPLE.read_text(encoding="utf-8").split("\n") if len(p.split()) > 15]
    first, second = "\n\n".join(stories[:8]), "\n\n".join(stories[12:20])
    records = [
        {"title": "Exodus from Nagorno-Karabakh", "date": "2023-10-01", "text": first},
        {"title": "Gaza talks resume", "date": "2023-10-02", "text": second},
        {"title": "Karabakh exodus (updated)", "date": "2023-10-03", "text": first},
    ]
    source = tmp_path / "wire.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    build_source(source, paths.source_cache_dir(source), analyse=False)
    win = MainWindow(source)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    wait_ready(qtbot, win, rows=3)
    yield win
    win.close()
    remove_cache(source)


def _meta_line(window: MainWindow) -> str:
    return window.reader.toPlainText().split("\n")[1]


def test_a_copy_names_its_original_and_the_original_counts_its_versions(
    qtbot, copies_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    w = copies_window
    ids = [w.list_model.article_id(r) for r in range(3)]
    w.navigation.open_article(ids[2])
    qtbot.waitUntil(lambda: w.current is not None and w.current.id == ids[2], timeout=5000)
    assert _meta_line(w).endswith(" · copy of “Exodus from Nagorno-Karabakh”")
    w.navigation.open_article(ids[0])
    qtbot.waitUntil(lambda: w.current is not None and w.current.id == ids[0], timeout=5000)
    assert _meta_line(w).endswith(" · 2 versions")
    w.reader.set_dark(True)  # a re-render keeps what it said
    assert _meta_line(w).endswith(" · 2 versions")
    w.navigation.open_article(ids[1])
    qtbot.waitUntil(lambda: w.current is not None and w.current.id == ids[1], timeout=5000)
    assert "version" not in _meta_line(w) and "copy" not in _meta_line(w)
