"""During a first build, the open article's entities come ahead of the build's queue (issue 19 item 2)."""

from __future__ import annotations

from typing import Any

import pytest

from reader.core.analyse import SpacyBackend, analyse_texts
from reader.ui.main_window import MainWindow
from tests.core.rotated import rotated_sample
from tests.ui.conftest import remove_cache

pytestmark = pytest.mark.spacy


def test_the_open_article_and_the_next_three_are_analysed_before_the_rest(
    qtbot, tmp_path, fresh_data_dir
) -> None:  # type: ignore[no-untyped-def]
    source = rotated_sample(tmp_path, 80)
    remove_cache(source)
    win = MainWindow(source)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.loading.build is not None, timeout=10000)
    events: list[dict[str, Any]] = []
    win.loading.build.progressed.connect(events.append)
    qtbot.waitUntil(lambda: win.current is not None and bool(win.sidebar.names()), timeout=120000)
    kinds = [e["event"] for e in events]
    assert "entities" not in kinds  # the build's own pass is still running
    first = win.list_model.article_id(0)
    assert win.current.id == first
    alone = analyse_texts([win.current.text], backend=SpacyBackend())[0]
    assert win.current.entities == alone.entities
    assert set(win.sidebar.names()) == {e.name for e in alone.entities}
    qtbot.waitUntil(lambda: [e["event"] for e in events].count("analysed") == 4, timeout=60000)
    assert [e["id"] for e in events if e["event"] == "analysed"] == [
        win.list_model.article_id(r) for r in range(4)
    ]
    win.close()  # stops the build
