"""Highlights and notes of the library as a flat list model (no widget per row)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from reader.core.types import Highlight

ColorRole = Qt.ItemDataRole.UserRole + 1  # the highlight's colour number
AnyIndex = QModelIndex | QPersistentModelIndex

_OPENING = '“"‘«„‚‹'
# closing marks and the opening mark each one pairs with; ’ and ' are left out because
# they end words ("the ministers’") far more often than they close a quote
_CLOSING = {"”": "“", '"': '"', "»": "«", "›": "‹"}


# "#tunisia" in a note; not "C#", "page#part" or "##": a tag starts after a space or
# punctuation and holds letters, digits, "_" and inner "-"
_HASHTAG = re.compile(r"(?<![\w#&])#(\w(?:[\w-]*\w)?)")


def hashtags(text: str) -> list[str]:
    """The ``#tags`` written in a note, in order, without duplicates (case-insensitive):
    typing ``#tunisia`` in a note should tag the highlight, as it does in other note apps."""
    seen: dict[str, str] = {}
    for m in _HASHTAG.finditer(text):
        tag = m.group(1)
        if not tag.isdigit():  # "#1" is a number, not a tag
            seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


def quoted(text: str, limit: int = 0) -> str:
    """``text`` between curly quotes, on one line, cut at ``limit`` characters (0: whole).

    A highlighted passage often starts (or ends) with the quote mark of the speech it
    holds; wrapping it again showed "““All told…", so the passage's own opening mark,
    and a closing mark left without a partner, are dropped before ours are added.
    """
    text = " ".join(text.split())
    if text[:1] in _OPENING:
        text = text[1:].lstrip()
    last = text[-1:]
    if last in _CLOSING:
        rest, opener = text[:-1], _CLOSING[last]
        unmatched = rest.count(last) % 2 == 0 if opener == last else rest.count(opener) <= rest.count(last)
        if unmatched:
            text = rest.rstrip()
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{text}”"


class NotesModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Highlight] = []
        self._titles: dict[str, str] = {}
        self._order: dict[str, int] = {}

    def set_highlights(self, highlights: Sequence[Highlight], titles: Mapping[str, str]) -> None:
        self.beginResetModel()
        self._titles = dict(titles)
        self._order = {aid: i for i, aid in enumerate(titles)}
        self._rows = sorted(
            highlights, key=lambda h: (h.orphan, self._order.get(h.article_id, 1 << 30), h.start)
        )
        self.endResetModel()

    def highlight(self, row: int) -> Highlight | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        h = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            title = self._titles.get(h.article_id, "(article not found)")
            lines = [("⚠ orphan — " if h.orphan else "") + title, quoted(h.exact, 140)]
            if h.note:
                lines.append("✎ " + " ".join(h.note.split())[:140])
            if h.tags:
                lines.append(" ".join(f"#{t}" for t in h.tags))
            return "\n".join(lines)
        if role == ColorRole:
            return h.color
        return None
