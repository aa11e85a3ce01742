"""The article list model: summaries, reading state, and an optional filter/ranking.

The list shows either every article in source order, the articles of one entity, or
search hits in rank order (with a snippet). The model only holds small summaries;
bodies are loaded one at a time by the reader. Wire copies say so ("copy"), their
original says "3 versions", and ``hide_copies`` leaves the copies out of the list
(search hits are folded by the library already, so hits are never hidden).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from reader.core.types import ArticleSummary, Hit
from reader.ui import plain
from reader.ui.plain import counted

IdRole = Qt.ItemDataRole.UserRole + 1
SnippetRole = Qt.ItemDataRole.UserRole + 2
ReadRole = Qt.ItemDataRole.UserRole + 3
StarRole = Qt.ItemDataRole.UserRole + 4
MetaRole = Qt.ItemDataRole.UserRole + 5

AnyIndex = QModelIndex | QPersistentModelIndex


class ArticleListModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._all: list[ArticleSummary] = []
        self._by_id: dict[str, ArticleSummary] = {}
        self._rows: list[ArticleSummary] = []
        self._row_index: dict[str, int] | None = None  # id -> row of _rows, built when first asked
        self._base: list[ArticleSummary] = []
        self._snippets: dict[str, str] = {}
        self._states: dict[str, tuple[bool, bool]] = {}
        self.mode = "all"  # "all" | "unread" | "starred" | "notes"
        self._fetched = 0
        self._annotated: set[str] = set()
        self.hide_copies = False
        self._hits = False  # showing search hits (folded by the library: nothing to hide)
        self._folded: dict[str, int] = {}  # hit id -> other versions folded into it
        self._doubted: dict[str, int] = {}  # article id -> doubtful breaks in it (b steps to them)

    # ------------------------------------------------------------ content
    PAGE = 500  # rows handed to the view at a time; a 100k-article list stays cheap to show
    MODES = ("all", "unread", "starred", "notes")
    MODE_LABELS = {"all": "All", "unread": "Unread", "starred": "Starred", "notes": "With notes"}

    def set_articles(self, articles: Sequence[ArticleSummary]) -> None:
        self._all = list(articles)
        self._by_id = {a.id: a for a in self._all}
        self._show(self._all, {})

    def _show(
        self, base: Sequence[ArticleSummary], snippets: dict[str, str], folded: dict[str, int] | None = None
    ) -> None:
        self.beginResetModel()
        self._base = list(base)
        self._snippets = snippets
        self._hits = folded is not None
        self._folded = folded or {}
        # "all" passes every row: a plain copy, not 100k calls of _passes on the UI thread
        if self.mode == "all" and not self._hiding():
            self._rows = list(self._base)
        else:
            self._rows = [a for a in self._base if self._passes(a.id) and not (self._hiding() and a.copy_of)]
        self._row_index = None
        self._fetched = min(len(self._rows), self.PAGE)
        self.endResetModel()

    def _passes(self, article_id: str) -> bool:
        read, starred = self._states.get(article_id, (False, False))
        if self.mode == "unread":
            return not read
        if self.mode == "starred":
            return starred
        if self.mode == "notes":
            return article_id in self._annotated
        return True

    def _hiding(self) -> bool:
        return self.hide_copies and not self._hits

    def set_hide_copies(self, hide: bool) -> None:
        """Leave wire copies out of the list (their originals stay); composes with the mode."""
        self.hide_copies = hide
        self._show(self._base, self._snippets, self._folded if self._hits else None)

    def copy_count(self) -> int:
        """How many articles are copies of another (what hiding them leaves out)."""
        return sum(1 for a in self._all if a.copy_of)

    def set_mode(self, mode: str) -> None:
        """Filter the shown rows by reading state; composes with search and entity filters."""
        self.mode = mode
        self._show(self._base, self._snippets, self._folded if self._hits else None)

    def set_annotated(self, article_ids: set[str]) -> None:
        self._annotated = set(article_ids)
        if self.mode == "notes":
            self._show(self._base, self._snippets, self._folded if self._hits else None)

    def set_doubted(self, counts: dict[str, int]) -> None:
        """How many of the segmenter's doubtful breaks each article holds (said on its row)."""
        self._doubted = dict(counts)
        if self._fetched:
            self.dataChanged.emit(self.index(0), self.index(self._fetched - 1))

    def set_states(self, states: dict[str, tuple[bool, bool]]) -> None:
        self._states = dict(states)
        if self._fetched:
            self.dataChanged.emit(self.index(0), self.index(self._fetched - 1))

    def set_state(self, article_id: str, read: bool, starred: bool) -> None:
        self._states[article_id] = (read, starred)
        row = self._rows_by_id().get(article_id, -1)
        if 0 <= row < self._fetched:
            self.dataChanged.emit(self.index(row), self.index(row))

    def state(self, article_id: str) -> tuple[bool, bool]:
        return self._states.get(article_id, (False, False))

    def show_all(self) -> None:
        self._show(self._all, {})

    def show_ids(self, ids: Sequence[str]) -> None:
        self._show([self._by_id[i] for i in ids if i in self._by_id], {})

    def show_hits(self, hits: Sequence[Hit]) -> None:
        self._show(
            [self._by_id[h.id] for h in hits if h.id in self._by_id],
            {h.id: h.snippet for h in hits},
            {h.id: h.copies for h in hits if h.copies},
        )

    def is_filtered(self) -> bool:
        return len(self._base) != len(self._all) or bool(self._snippets)

    # ------------------------------------------------------------ lookups
    def article_id(self, row: int) -> str | None:
        return self._rows[row].id if 0 <= row < self._fetched else None

    def row_of(self, article_id: str) -> int:
        """The row of an article, fetching rows up to it if the view has not asked yet."""
        i = self._rows_by_id().get(article_id, -1)
        if i >= self._fetched:
            self._fetch_to(i + 1)
        return i

    def _rows_by_id(self) -> dict[str, int]:
        """Each listed article's row, built once per list shown: every open asks, a scan was O(rows)."""
        if self._row_index is None:
            self._row_index = {a.id: i for i, a in enumerate(self._rows)}
        return self._row_index

    def ids_after(self, article_id: str, count: int) -> list[str]:
        """The ids of up to ``count`` rows after an article's (none if it is not listed)."""
        row = self.row_of(article_id)
        return [a.id for a in self._rows[row + 1 : row + 1 + count]] if row >= 0 else []

    def ensure_row(self, row: int) -> None:
        self._fetch_to(row + 1)

    def total_rows(self) -> int:
        return len(self._rows)

    # lazy population: the view asks for more rows as it scrolls
    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self._fetched < len(self._rows)

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if not parent.isValid():
            self._fetch_to(self._fetched + self.PAGE)

    def _fetch_to(self, count: int) -> None:
        count = min(count, len(self._rows))
        if count > self._fetched:
            self.beginInsertRows(QModelIndex(), self._fetched, count - 1)
            self._fetched = count
            self.endInsertRows()

    def summary(self, article_id: str) -> ArticleSummary | None:
        return self._by_id.get(article_id)

    def summaries(self) -> list[ArticleSummary]:
        """Every article's summary in source order (a copy: safe to hand to a worker thread)."""
        return list(self._all)

    def article_count(self) -> int:
        return len(self._all)

    def all_ids(self) -> list[str]:
        return [a.id for a in self._all]

    def visible_ids(self) -> list[str]:
        return [a.id for a in self._rows]

    # ------------------------------------------------------------ Qt API
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._fetched

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < self._fetched:
            return None
        art = self._rows[index.row()]
        read, starred = self._states.get(art.id, (False, False))
        if role == Qt.ItemDataRole.DisplayRole:
            return art.title
        if role == IdRole:
            return art.id
        if role == SnippetRole:
            return self._snippets.get(art.id, "")
        if role == ReadRole:
            return read
        if role == StarRole:
            return starred
        if role == MetaRole:
            parts = []
            if art.date:
                parts.append(art.date)
            parts.append(counted(art.words, "word"))
            versions = versions_label(art, self._folded.get(art.id, 0))
            if versions:
                parts.append(versions)
            if self._doubted.get(art.id):
                parts.append(counted(self._doubted[art.id], "doubtful break"))
            parts.append(f"lines {art.start_line}–{art.end_line}")
            return " · ".join(parts)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain.tooltip(f"{art.title}\nlines {art.start_line}–{art.end_line}")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return art.title
        return None


def versions_label(art: ArticleSummary, folded: int = 0) -> str:
    """What a row says of wire copies: "copy", "3 versions", or for a search hit "+2 copies"."""
    if folded:
        return "+" + counted(folded, "copy", "copies")
    if art.copy_of:
        return "copy"
    return f"{art.versions} versions" if art.versions > 1 else ""
