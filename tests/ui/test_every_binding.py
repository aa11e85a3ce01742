"""Every default key in the action table triggers its action in the real window.

Handlers are swapped for a recorder so that dialogs do not open; the behaviour of
the keys is pinned down by the other window tests.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence

from reader.keymap import ACTIONS
from reader.ui.main_window import MainWindow

CASES = [(spec.id, key) for spec in ACTIONS for key in spec.keys]


@pytest.mark.parametrize(("action_id", "key"), CASES, ids=[f"{a}:{k}" for a, k in CASES])
def test_default_key_triggers_its_action(qtbot, window: MainWindow, action_id: str, key: str) -> None:  # type: ignore[no-untyped-def]
    fired: list[str] = []
    for aid, action in window.table.actions.items():
        action.triggered.disconnect()
        action.triggered.connect(lambda _checked=False, aid=aid: fired.append(aid))
    combo = QKeySequence(key)[0]
    window.reader.setFocus()
    qtbot.keyClick(window.reader, combo.key(), combo.keyboardModifiers())
    assert fired == [action_id]


def test_no_two_default_bindings_clash() -> None:
    from reader.settings import conflicts

    assert conflicts({spec.id: spec.keys for spec in ACTIONS}) == {}
