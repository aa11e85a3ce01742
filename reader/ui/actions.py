"""Every QAction of the window, created from the one table in :mod:`reader.keymap`.

Actions have stable ids; the window connects handlers by id. Reader-only keys (the
arrows, Space) are bound with a widget context on the reader so they never steal
keys from the list or the search box.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from reader.keymap import ACTIONS, GROUPS, ActionSpec, pretty

# Symbols typed with Shift on common layouts: some platforms report them with the
# Shift modifier still set, so each is also bound as "Shift+<symbol>".
_SHIFTED = set('?:{}|<>~!@#$%^&*()_+"')


def key_sequences(keys: tuple[str, ...]) -> list[QKeySequence]:
    seqs: list[QKeySequence] = []
    for k in keys:
        seqs.append(QKeySequence(k))
        if k in _SHIFTED:
            seqs.append(QKeySequence(f"Shift+{k}"))
    return seqs


class ActionTable:
    def __init__(
        self, window: QMainWindow, reader: QWidget, overrides: Mapping[str, tuple[str, ...]] | None = None
    ):
        self.actions: dict[str, QAction] = {}
        self.specs: dict[str, ActionSpec] = {}
        self.keys: dict[str, tuple[str, ...]] = {}
        overrides = overrides or {}
        for spec in ACTIONS:
            action = QAction(spec.text, window)
            action.setObjectName(f"action_{spec.id}")
            self.actions[spec.id] = action
            self.specs[spec.id] = spec
            self._bind(spec.id, tuple(overrides.get(spec.id, spec.keys)))
            if spec.context == "reader":
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                reader.addAction(action)
            else:
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
                window.addAction(action)

    def _bind(self, action_id: str, keys: tuple[str, ...]) -> None:
        spec = self.specs[action_id]
        action = self.actions[action_id]
        action.setShortcuts(key_sequences(keys))
        if keys:
            action.setToolTip(f"{spec.text} ({' / '.join(pretty(k) for k in keys)})")
        else:
            action.setToolTip(spec.text)
        self.keys[action_id] = keys

    def apply_keys(self, keys: Mapping[str, Sequence[str]]) -> None:
        """Rebind every action at once (after the preferences dialog), without recreating it.

        ``keys`` is a full or partial map of action id to key strings; actions it omits
        go back to their defaults, so passing ``Settings.effective_keys()`` (or ``{}``)
        always leaves the table matching what is saved. Menus, the palette and the
        ``?`` sheet read the same QActions and ``self.keys``, so they follow at once.
        """
        for action_id, spec in self.specs.items():
            self._bind(action_id, tuple(keys.get(action_id, spec.keys)))

    def connect(self, handlers: Mapping[str, Callable[[], None]]) -> None:
        for action_id, handler in handlers.items():
            self.actions[action_id].triggered.connect(lambda _checked=False, h=handler: h())

    def build_menus(self, window: QMainWindow) -> dict[str, QMenu]:
        menus: dict[str, QMenu] = {}
        bar = window.menuBar()
        # the first frame put up the titles already (reader.ui.first_frame): fill those menus
        existing = {m.title(): m for m in bar.findChildren(QMenu)}
        order = ["File", *[g for g in GROUPS if g != "File"]]
        for group in order:
            menu = existing.get(f"&{group}") or bar.addMenu(f"&{group}")
            menus[group] = menu
            for spec in ACTIONS:
                if spec.group == group:
                    menu.addAction(self.actions[spec.id])
        return menus

    def __getitem__(self, action_id: str) -> QAction:
        return self.actions[action_id]
