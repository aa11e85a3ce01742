"""The window's long-lived objects stay out of the cyclic collector's full passes.

A full pass walks every tracked object on the UI thread; with the core's modules, the
widgets and a 20,000-article list that is tens of ms at a moment nobody chose. The window
freezes what it holds once a library is shown and releases it when it closes.
"""

from __future__ import annotations

import gc

from pytestqt.qtbot import QtBot

from reader.ui.main_window import MainWindow


def _tracked(obj: object) -> bool:
    return any(o is obj for o in gc.get_objects())


def test_the_article_list_is_not_walked_by_full_collections_until_the_window_closes(
    qtbot: QtBot, window: MainWindow
) -> None:
    summary = window.list_model.summaries()[0]
    assert gc.get_freeze_count() > 10_000  # the modules and widgets, not only the list
    assert not _tracked(summary) and not _tracked(window.navigation)  # frozen: no full pass walks them
    window.close()
    assert gc.get_freeze_count() == 0
    assert _tracked(summary)  # collectable again once the window is gone
