"""The window's actions are owned by controllers: each action id of the keymap has
exactly one handler, and the merged map refuses an id claimed twice."""

from __future__ import annotations

from collections import Counter

import pytest

from reader.keymap import ACTIONS
from reader.ui.controllers import Controller, Handler, merge_handlers
from reader.ui.main_window import MainWindow


def test_controllers_together_handle_every_action_id_exactly_once(window: MainWindow) -> None:
    claimed = Counter(aid for controller in window.controllers for aid in controller.handlers())
    twice = sorted(aid for aid, n in claimed.items() if n > 1)
    keymap = {spec.id for spec in ACTIONS}
    assert twice == []
    assert sorted(keymap - set(claimed)) == [], "action ids no controller handles"
    assert sorted(set(claimed) - keymap) == [], "handlers for ids the keymap does not have"


def test_every_action_is_connected_to_its_controllers_handler(window: MainWindow) -> None:
    assert set(window.handlers()) == set(window.table.actions)


class _Claims(Controller):
    def __init__(self, window: MainWindow, ids: tuple[str, ...]) -> None:
        super().__init__(window)
        self.ids = ids

    def handlers(self) -> dict[str, Handler]:
        return {aid: (lambda: None) for aid in self.ids}


def test_an_action_id_claimed_by_two_controllers_is_refused(window: MainWindow) -> None:
    with pytest.raises(ValueError, match="'quit'"):
        merge_handlers([_Claims(window, ("quit",)), _Claims(window, ("search", "quit"))])
