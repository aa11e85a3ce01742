"""The command palette (Ctrl+K): fuzzy search over actions and article titles.

It is a frameless overlay over the top of the window (like a browser's or an editor's),
not a window of its own: it closes with Esc, Return or a click elsewhere. Matching is by
subsequence, scored so that word starts and contiguous runs win; the matched letters are
marked, the keys of an action are right-aligned in the ``?`` sheet's notation, and an
action that matches well is listed before any article (typing "dark" finds the theme
toggle first, not titles that happen to contain the letters).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QPoint, QSize, Qt
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader.keymap import pretty
from reader.ui.tasks import Background, Latest

AnyIndex = QModelIndex | QPersistentModelIndex
EntryRole = Qt.ItemDataRole.UserRole  # the entry's index in the palette's list
PositionsRole = Qt.ItemDataRole.UserRole + 1  # the label's matched character positions
DetailRole = Qt.ItemDataRole.UserRole + 2  # the right-aligned text: keys, "article", …


@dataclass(frozen=True)
class PaletteEntry:
    label: str
    detail: str
    run: Callable[[], None]
    action: bool = False  # an action of the window (ranked before articles when it matches well)


@dataclass(frozen=True)
class Match:
    score: int
    strong: bool  # every run of matched letters starts a word (or the query is a prefix of one)
    positions: tuple[int, ...]


def _word_start(hay: str, i: int) -> bool:
    """A word starts at ``i``: the label's start, after a non-letter, or a camel-case hump."""
    if i == 0:
        return True
    before, here = hay[i - 1], hay[i]
    return not before.isalnum() or (before.islower() and here.isupper())


def _subsequence(needle: str, hay_cf: str, pos: int) -> bool:
    for ch in needle:
        pos = hay_cf.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def fuzzy_match(needle: str, hay: str) -> Match | None:
    """Where ``needle``'s letters occur in order in ``hay`` (case-insensitive), and how well.

    Greedy, left to right, with two preferences that make it read like a person's guess:
    keep a run going when the next letter follows, else jump to the next word that starts
    with the letter (if the rest still fits after it). Scores: a letter at a word start
    +10 (+6 more at the label's start), a letter continuing a run +8, each letter skipped
    -1 (at most -12 per gap), a whole-word substring +40; shorter labels win ties.
    """
    needle = needle.casefold()
    hay_cf = hay.casefold()
    if not needle:
        return Match(0, True, ())
    if len(hay_cf) != len(hay):  # a casefold that changes lengths (ß): compare as is
        hay_cf = hay.lower() if len(hay.lower()) == len(hay) else hay
    at = hay_cf.find(needle)
    while at > 0 and not _word_start(hay, at):
        nxt = hay_cf.find(needle, at + 1)
        if nxt < 0:
            break
        at = nxt
    if at >= 0:
        start = _word_start(hay, at)
        score = 40 + 8 * len(needle) + (10 if start else 0) + (6 if at == 0 else 0) - min(at, 12)
        return Match(score - len(hay) // 16, start, tuple(range(at, at + len(needle))))
    positions: list[int] = []
    pos = 0
    score = 0
    strong = True
    for k, ch in enumerate(needle):
        if pos < len(hay_cf) and hay_cf[pos] == ch and positions:
            found = pos
        else:
            found = hay_cf.find(ch, pos)
            if found < 0:
                return None
            if not _word_start(hay, found):
                probe = found + 1
                while True:
                    probe = hay_cf.find(ch, probe)
                    if probe < 0:
                        break
                    if _word_start(hay, probe) and _subsequence(needle[k + 1 :], hay_cf, probe + 1):
                        found = probe
                        break
                    probe += 1
        contiguous = bool(positions) and found == positions[-1] + 1
        if contiguous:
            score += 8
        elif _word_start(hay, found):
            score += 10 + (6 if found == 0 else 0)
        else:
            strong = False
        score -= min(found - pos, 12)
        positions.append(found)
        pos = found + 1
    return Match(score - len(hay) // 16, strong, tuple(positions))


def fuzzy_score(needle: str, hay: str) -> int | None:
    """The match score (higher is better), or None if ``needle`` is not in order in ``hay``."""
    m = fuzzy_match(needle, hay)
    return None if m is None else m.score


def rank(entries: Sequence[PaletteEntry], text: str, limit: int = 200) -> list[int]:
    """Indices of the best ``limit`` matches for ``text``, best first (ties keep entry order).

    Letters scattered over a label ("dark" in "Mass exoDus of ethnic ARmenians … Karabakh")
    are noise, not a match: more than two runs count only when every run starts a word.
    Actions that match well (every run of letters at a word start) come before everything
    else: a command is what a palette is for, and one typed word should find it.
    """
    scored = []
    # A compiled subsequence pattern rejects most labels at C speed (no backtracking:
    # "[^d]*d[^a]*a…"), so the Python scoring runs only on candidates: 160,000 entries
    # cost ~0.4 s per keystroke scored one by one.
    needle = "".join(text.split()) if text.strip() else ""
    maybe = (
        re.compile("".join(f"[^{re.escape(c)}]*{re.escape(c)}" for c in needle), re.IGNORECASE).match
        if needle
        else None
    )
    for i, e in enumerate(entries):
        if maybe is not None and maybe(e.label) is None:
            continue
        m = fuzzy_match(text, e.label)
        if m is not None and (m.strong or _runs(m.positions) <= 2):
            scored.append((0 if (e.action and m.strong and text) else 1, -m.score, i))
    return [i for _tier, _s, i in heapq.nsmallest(limit, scored)]


def _runs(positions: Sequence[int]) -> int:
    """How many contiguous runs the matched positions form."""
    return sum(1 for k, p in enumerate(positions) if k == 0 or p != positions[k - 1] + 1)


def _is_action(run: Callable[[], None]) -> QAction | None:
    """The QAction behind an entry whose ``run`` is ``action.trigger`` (how the window lists them)."""
    owner = getattr(run, "__self__", None)
    return owner if isinstance(owner, QAction) else None


def _keys_text(action: QAction) -> str:
    """An action's keys as the ``?`` sheet writes them: ``j / Alt+↓``, not ``J, Alt+Down``."""
    return " / ".join(pretty(k.toString()) for k in action.shortcuts()[:2])


class PaletteDelegate(QStyledItemDelegate):
    """One line: the label with its matched letters bold and underlined, the detail
    (an action's keys, "article", an entity's type) right-aligned and muted."""

    PAD = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        return QSize(200, QFontMetrics(option.font).height() + self.PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        painter.save()
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pen = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(pen)
        muted.setAlphaF(0.65)
        rect = option.rect.adjusted(self.PAD, 0, -self.PAD, 0)
        base = QFont(option.font)
        marked = QFont(option.font)
        marked.setBold(True)
        marked.setUnderline(True)
        fm, fm_marked = QFontMetrics(base), QFontMetrics(marked)
        baseline = rect.top() + (rect.height() + fm.ascent() - fm.descent()) // 2

        detail = str(index.data(DetailRole) or "")
        detail_w = fm.horizontalAdvance(detail) if detail else 0
        if detail:
            painter.setFont(base)
            painter.setPen(muted)
            painter.drawText(rect.right() - detail_w, baseline, detail)
        limit = rect.right() - (detail_w + 24 if detail else 0)
        label = str(index.data() or "")
        marks = set(index.data(PositionsRole) or ())
        ellipsis_w = fm.horizontalAdvance("…")
        x = rect.left()
        painter.setPen(pen)
        for i, ch in enumerate(label):
            font, metrics = (marked, fm_marked) if i in marks else (base, fm)
            w = metrics.horizontalAdvance(ch)
            if x + w > limit - (ellipsis_w if i < len(label) - 1 else 0):
                painter.setFont(base)
                painter.drawText(x, baseline, "…")
                break
            painter.setFont(font)
            painter.drawText(x, baseline, ch)
            x += w
        painter.restore()


class _Edit(QLineEdit):
    def __init__(self, palette: CommandPalette) -> None:
        super().__init__()
        self._palette = palette

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            self._palette.list.keyPressEvent(event)
            return
        super().keyPressEvent(event)


# More entries than this are ranked on a worker thread: a 20,000-article library has
# 160,000 (articles and entities), 100 ms or more of matching per keystroke.
BACKGROUND_RANK_AT = 5000


class CommandPalette(QDialog):
    """A frameless, modal overlay at the top centre of its parent window.

    Still a QDialog so callers keep ``exec()`` and ``chosen``; the window title, when a
    caller sets one ("12 quotes by …"), is shown as a heading inside, since there is no
    title bar to carry it.
    """

    WIDTH = 640
    HEIGHT = 420

    def __init__(
        self,
        entries: Sequence[PaletteEntry],
        parent: QWidget | None = None,
        *,
        background: Background | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("commandPalette")
        self.setWindowTitle("Command palette")
        self.setModal(True)
        frame = QFrame(self)
        frame.setObjectName("paletteFrame")
        frame.setFrameShape(QFrame.Shape.Box)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(8, 8, 8, 8)
        self.heading = QLabel("")
        self.heading.setObjectName("paneTitle")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.hide()
        layout.addWidget(self.heading)
        self.windowTitleChanged.connect(self._title_changed)
        self.edit = _Edit(self)
        self.edit.setPlaceholderText("Type a command or an article title…")
        layout.addWidget(self.edit)
        self.list = QListWidget()
        self.list.setItemDelegate(PaletteDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing always goes to the box
        self.list.setAccessibleName("Matches")
        layout.addWidget(self.list, 1)
        self._entries = [self._classify(e) for e in entries]
        self._keys = {i: _keys_text(a) for i, e in enumerate(entries) if (a := _is_action(e.run)) is not None}
        self._rankings = Latest(background)
        self.chosen: PaletteEntry | None = None
        self.edit.textChanged.connect(self._refilter)
        self.edit.returnPressed.connect(self._run_current)
        self.list.itemActivated.connect(lambda _item: self._run_current())
        self.list.itemClicked.connect(lambda _item: self._run_current())
        self._place()
        self._refilter("")
        self.edit.setFocus()

    @staticmethod
    def _classify(entry: PaletteEntry) -> PaletteEntry:
        if entry.action or _is_action(entry.run) is None:
            return entry
        return PaletteEntry(entry.label, entry.detail, entry.run, action=True)

    def _title_changed(self, title: str) -> None:
        self.heading.setText(title)
        self.heading.setVisible(bool(title) and title != "Command palette")

    def _place(self) -> None:
        """Over the parent window's top centre (a fifth of the way down the title bar's place)."""
        parent = self.parentWidget()
        if parent is None:
            self.resize(self.WIDTH, self.HEIGHT)
            return
        window = parent.window()
        width = min(self.WIDTH, max(320, window.width() - 40))
        height = min(self.HEIGHT, max(200, window.height() - 80))
        self.resize(width, height)
        top_left = window.mapToGlobal(QPoint((window.width() - width) // 2, 48))
        self.move(top_left)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """A click elsewhere (the palette loses activation) closes it, as an overlay should."""
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.ActivationChange
            and self.isVisible()
            and not self.isActiveWindow()
            and self.result() == 0
            and self.chosen is None
        ):
            self.reject()

    def _refilter(self, text: str) -> None:
        entries = self._entries
        self._rankings.submit(
            lambda: rank(entries, text), self._show, background=len(entries) > BACKGROUND_RANK_AT
        )

    def _show(self, indices: list[int]) -> None:
        self.list.clear()
        text = self.edit.text()
        for i in indices:
            e = self._entries[i]
            m = fuzzy_match(text, e.label)
            item = QListWidgetItem(e.label)
            item.setData(EntryRole, i)
            item.setData(PositionsRole, list(m.positions) if m else [])
            item.setData(DetailRole, self._keys.get(i, e.detail))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{e.label}, {self._keys.get(i, e.detail)}")
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def shown(self) -> list[tuple[str, str]]:
        """(label, detail) of every row, in order: what the user sees, for tests and probes."""
        return [
            (self.list.item(r).text(), str(self.list.item(r).data(DetailRole)))
            for r in range(self.list.count())
        ]

    def _run_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = self._entries[int(item.data(EntryRole))]
        self.accept()
