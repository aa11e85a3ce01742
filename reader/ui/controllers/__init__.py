"""Controllers: each owns a family of the window's actions and the state they need.

The window holds the layout and the shared state (the open library, the current
article, the entity filter); a controller holds everything else about its actions and
exposes them as ``handlers()``, a map from action id (:mod:`reader.keymap`) to a
callable. :func:`merge_handlers` joins them and refuses an id claimed twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from reader.ui.operations import Operation

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.ui.main_window import MainWindow

Handler = Callable[[], None]


class Controller:
    """Shared plumbing: the window, the status bar, and the runner for named operations."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def handlers(self) -> dict[str, Handler]:
        """The action ids this controller answers, each with its handler."""
        raise NotImplementedError

    @property
    def library(self) -> Library | None:
        return self.window.library

    def status(self, text: str, timeout: int = 0) -> None:
        self.window.statusBar().showMessage(text, timeout)

    def submit(self, op: Operation[Any]) -> int:
        return self.window.runner.submit(op)

    def write_failed(self, error: Exception) -> None:
        """A write that failed says so where the user looks: their words were not saved."""
        self.status(f"Could not save: {error}")


def merge_handlers(controllers: Iterable[Controller]) -> dict[str, Handler]:
    """Every controller's handlers in one map; an action id claimed twice is a bug."""
    merged: dict[str, Handler] = {}
    owner: dict[str, str] = {}
    for controller in controllers:
        for action_id, handler in controller.handlers().items():
            if action_id in merged:
                raise ValueError(
                    f"action {action_id!r} is handled by both {owner[action_id]} and {type(controller).__name__}"
                )
            merged[action_id] = handler
            owner[action_id] = type(controller).__name__
    return merged
