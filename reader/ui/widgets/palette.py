"""The command palette (Ctrl+K): fuzzy search over actions and article titles."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from reader.ui.tasks import Background, Latest


@dataclass(frozen=True)
class PaletteEntry:
    label: str
    detail: str
    run: Callable[[], None]


def fuzzy_score(needle: str, hay: str) -> int | None:
    """Subsequence match score (higher is better), or None if ``needle`` is not in order in ``hay``."""
    needle = needle.casefold()
    hay_cf = hay.casefold()
    if not needle:
        return 0
    if needle in hay_cf:
        return 1000 - hay_cf.index(needle)
    pos = 0
    score = 0
    for ch in needle:
        found = hay_cf.find(ch, pos)
        if found < 0:
            return None
        score -= found - pos
        pos = found + 1
    return score


class _Edit(QLineEdit):
    def __init__(self, palette: CommandPalette) -> None:
        super().__init__()
        self._palette = palette

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self._palette.list.keyPressEvent(event)
            return
        super().keyPressEvent(event)


def rank(entries: Sequence[PaletteEntry], text: str, limit: int = 200) -> list[int]:
    """Indices of the best ``limit`` matches for ``text``, best first (ties keep entry order)."""
    scored = []
    for i, e in enumerate(entries):
        s = fuzzy_score(text, e.label)
        if s is not None:
            scored.append((-s, i))
    return [i for _s, i in heapq.nsmallest(limit, scored)]


# More entries than this are ranked on a worker thread: a 20,000-article library has
# 160,000 (articles and entities), 100 ms or more of matching per keystroke.
BACKGROUND_RANK_AT = 5000


class CommandPalette(QDialog):
    def __init__(
        self,
        entries: Sequence[PaletteEntry],
        parent: QWidget | None = None,
        *,
        background: Background | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("commandPalette")
        self.setWindowTitle("Command palette")
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        self.edit = _Edit(self)
        self.edit.setPlaceholderText("Type a command or an article title…")
        layout.addWidget(self.edit)
        self.list = QListWidget()
        layout.addWidget(self.list, 1)
        self._entries = list(entries)
        self._rankings = Latest(background)
        self.chosen: PaletteEntry | None = None
        self.edit.textChanged.connect(self._refilter)
        self.edit.returnPressed.connect(self._run_current)
        self.list.itemActivated.connect(lambda _item: self._run_current())
        self._refilter("")
        self.edit.setFocus()

    def _refilter(self, text: str) -> None:
        entries = self._entries
        self._rankings.submit(
            lambda: rank(entries, text), self._show, background=len(entries) > BACKGROUND_RANK_AT
        )

    def _show(self, indices: list[int]) -> None:
        self.list.clear()
        for i in indices:
            e = self._entries[i]
            item = QListWidgetItem(f"{e.label}    {e.detail}".rstrip())
            item.setData(Qt.ItemDataRole.UserRole, i)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _run_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = self._entries[int(item.data(Qt.ItemDataRole.UserRole))]
        self.accept()
