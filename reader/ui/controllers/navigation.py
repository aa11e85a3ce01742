"""Moving through the library: article to article, back and forward, the reading focus,
the list filter, and the reading state (read/starred) that moving changes.

The article list's current row is the one source of truth for "which article": every
move sets it, and opening follows from its ``currentChanged``. Articles load on the
read pool; a load that arrives after the user moved on is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QTimer

from reader.core.types import Article, Changes
from reader.ui import operations as ops
from reader.ui.controllers import Controller, Handler
from reader.ui.models.articles import ArticleListModel
from reader.ui.plain import counted

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

_QUERY_WORD = re.compile(r"(?:\w+:)?\"([^\"]+)\"|(?:\w+:)?([\w’']+)\*?~?\d*")
_OPERATORS = {"AND", "OR", "NOT", "TO", "ANDNOT", "ANDMAYBE"}


def query_terms(query: str) -> list[str]:
    """The words of a query worth marking in the reader (no operators, fields or is:/has:)."""
    terms: list[str] = []
    for m in _QUERY_WORD.finditer(query):
        whole = m.group(0)
        if whole.split(":")[0] in ("is", "has", "tag", "date", "copies"):
            continue
        word = m.group(1) or m.group(2)
        if word and word not in _OPERATORS and word not in terms:
            terms.append(word)
    return terms


class NavigationController(Controller):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.positions: dict[str, int] = {}  # article id -> focused paragraph when last left
        self.history: list[str] = []
        self.history_pos = -1
        self._navigating_history = False
        # Only the newest open shows: go_to's own open (which carries where to place the
        # reader) follows the one the list's selection change starts for the same article.
        self._opens = 0
        self.mark_read_after = 0  # seconds; 0 = never mark read by dwelling
        self._dwell = QTimer(window)
        self._dwell.setSingleShot(True)
        self._dwell.timeout.connect(self._dwell_elapsed)

    def handlers(self) -> dict[str, Handler]:
        r = self.window.reader
        return {
            "next_article": lambda: self.step_article(1),
            "prev_article": lambda: self.step_article(-1),
            "focus_down": lambda: r.move_focus(1),
            "focus_up": lambda: r.move_focus(-1),
            "extend_down": lambda: r.extend_focus(1),
            "extend_up": lambda: r.extend_focus(-1),
            "page_down": lambda: r.page(1),
            "page_up": lambda: r.page(-1),
            "next_unread": self.next_unread,
            "history_back": lambda: self.step_history(-1),
            "history_forward": lambda: self.step_history(1),
            "focus_list": self.window.list.setFocus,
            "focus_reader": self.focus_reader,
            "cycle_filter": self.cycle_filter,
            "hide_copies": self.toggle_copies,
            "toggle_read": lambda: self.toggle_state("read"),
            "toggle_star": lambda: self.toggle_state("starred"),
        }

    def focus_reader(self) -> None:
        """Alt+2: the reader, even from the dossier page that stands in its place."""
        if not self.window.dossiers.close():
            self.window.reader.setFocus()

    # ---------------------------------------------------------------- opening articles
    def list_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        w = self.window
        article_id = w.list_model.article_id(current.row())
        if article_id and (w.current is None or w.current.id != article_id):
            self.open_article(article_id)

    def _versions(self, article: Article) -> str:
        """What the reader says under the title of a wire copy ("copy of “…”") or of its original."""
        model = self.window.list_model
        summary = model.summary(article.id)
        if summary is None:
            return ""
        if summary.copy_of:
            original = model.summary(summary.copy_of)
            return f"copy of “{original.title}”" if original is not None else "a copy of an earlier article"
        return f"{summary.versions} versions" if summary.versions > 1 else ""

    def open_article(
        self, article_id: str, *, keep_position: bool = False, then: Callable[[], None] | None = None
    ) -> None:
        lib = self.library
        if lib is None:
            return
        self._opens += 1
        ticket = self._opens

        def show(view: ops.ArticleView) -> None:
            w = self.window
            article = view.article
            if article is None or self._opens != ticket:
                return
            self.remember_position()
            w.current = article
            if w.probe is not None:
                w.probe.mark("first_article_readable")
            self._push_history(article.id)
            with w.sidebar.batched():  # its entities and the focused paragraph's names: one rebuild
                said = " · ".join(filter(None, [self._versions(article), view.cut_note]))
                w.reader.set_article(
                    article, view.highlights, keep_position=keep_position, versions=said, doubts=view.doubts
                )
                if not keep_position and self.positions.get(article.id):
                    w.reader.set_focus_paragraph(self.positions[article.id])
                self.submit(ops.remember_last_article(lib, article.id))
                if self.mark_read_after > 0:
                    self._dwell.start(self.mark_read_after * 1000)
                w.reader.mark_entity(
                    w.sidebar.selected_name() if w.entity_filter is None else w.entity_filter
                )
                w.setWindowTitle(f"Lede — {article.title}")
                terms = query_terms(w.search.text())
                if terms and w.list_model.is_filtered():
                    w.reader.find_all_terms(terms)
                if w.sidebar.current_scope() == "article":
                    w.entities.refresh_sidebar()
            w.loading.article_opened(article)  # during a build: its entities ahead of the rest
            if then is not None:
                then()

        self.submit(ops.load_article(lib, article_id).then(show))

    def select(self, article_id: str) -> None:
        """Make an article current in the list (showing every article if it is filtered out)."""
        w = self.window
        if w.list_model.row_of(article_id) < 0:
            w.list_model.show_all()
        w.list.setCurrentIndex(w.list_model.index(w.list_model.row_of(article_id)))

    def go_to(self, article_id: str, then: Callable[[], None]) -> None:
        """Open an article and then place the reader (a passage, a highlight) once it is shown."""
        w = self.window
        if w.current is not None and w.current.id == article_id:
            then()
            return
        if w.list_model.row_of(article_id) < 0:
            w.list_model.show_all()
        w.list.blockSignals(True)  # the open below carries ``then``; the list's own open would not
        w.list.setCurrentIndex(w.list_model.index(w.list_model.row_of(article_id)))
        w.list.blockSignals(False)
        self.open_article(article_id, then=then)

    def open_from_palette(self, article_id: str) -> None:
        self.select(article_id)
        self.window.reader.setFocus()

    # ---------------------------------------------------------------- moving
    def step_article(self, delta: int) -> None:
        w = self.window
        count = w.list_model.total_rows()
        if not count:
            return
        row = w.list.currentIndex().row()
        row = 0 if row < 0 else max(0, min(count - 1, row + delta))
        w.list_model.ensure_row(row)
        w.list.setCurrentIndex(w.list_model.index(row))

    def next_unread(self) -> None:
        """Space at the end, or Shift+J: mark this one read and open the next unread article."""
        w = self.window
        current = w.current
        if current is not None:
            self.set_state(current.id, read=True)
        ids = w.list_model.visible_ids()
        start = ids.index(current.id) + 1 if current and current.id in ids else 0
        for aid in ids[start:] + ids[:start]:
            if not w.list_model.state(aid)[0] and (current is None or aid != current.id):
                w.list.setCurrentIndex(w.list_model.index(w.list_model.row_of(aid)))
                return
        self.status("No more unread articles", 4000)

    def _push_history(self, article_id: str) -> None:
        if self._navigating_history:
            self._navigating_history = False
            return
        if self.history_pos >= 0 and self.history[self.history_pos] == article_id:
            return
        del self.history[self.history_pos + 1 :]
        self.history.append(article_id)
        self.history_pos = len(self.history) - 1

    def step_history(self, delta: int) -> None:
        """Alt+←/Alt+→: back and forward through the articles opened, like a browser."""
        target = self.history_pos + delta
        if not 0 <= target < len(self.history):
            self.status("No further history", 2000)
            return
        self.history_pos = target
        article_id = self.history[target]
        w = self.window
        if w.list_model.row_of(article_id) < 0:
            w.list_model.show_all()
        self._navigating_history = True  # after show_all: only the move below is the history's own
        w.list.setCurrentIndex(w.list_model.index(w.list_model.row_of(article_id)))

    def cycle_filter(self) -> None:
        modes = ArticleListModel.MODES
        self.set_list_mode(modes[(modes.index(self.window.list_model.mode) + 1) % len(modes)])

    def set_list_mode(self, mode: str) -> None:
        self.window.list_model.set_mode(mode)
        self._list_filtered()

    def toggle_copies(self) -> None:
        """Shift+V: leave wire copies out of the list, or show them again (composes with f)."""
        model = self.window.list_model
        copies = model.copy_count()
        model.set_hide_copies(not model.hide_copies)
        self._list_filtered()
        if model.hide_copies:
            self.status(f"{counted(copies, 'wire copy', 'wire copies')} hidden  ·  Shift+V shows them", 4000)
        else:
            self.status("Wire copies shown", 3000)

    def _list_filtered(self) -> None:
        """The filter line above the list, and the current article kept in view."""
        w = self.window
        model = w.list_model
        label = ArticleListModel.MODE_LABELS[model.mode]
        hidden = "  ·  no copies" if model.hide_copies else ""
        w.filter_label.setText(f"Showing: {label} ({model.total_rows():,}){hidden}  ·  f to change")
        w.filter_label.setVisible(model.mode != "all" or model.hide_copies)
        if model.rowCount() and w.current is not None:
            row = model.row_of(w.current.id)
            w.list.setCurrentIndex(model.index(max(row, 0)))

    # ---------------------------------------------------------------- reading state
    def remember_position(self) -> None:
        """Save where the reader was in the article being left (its focused paragraph)."""
        w = self.window
        lib, art = self.library, w.current
        if lib is None or art is None or w.reader.article is None:
            return
        paragraph = w.reader.focus_paragraph_index()
        if self.positions.get(art.id, 0) != paragraph:
            self.positions[art.id] = paragraph
            self.submit(ops.save_position(lib, art.id, paragraph))

    def toggle_state(self, which: str) -> None:
        w = self.window
        if w.current is None:
            return
        read, starred = w.list_model.state(w.current.id)
        if which == "read":
            self.set_state(w.current.id, read=not read)
        else:
            self.set_state(w.current.id, starred=not starred)

    def set_state(self, article_id: str, *, read: bool | None = None, starred: bool | None = None) -> None:
        """The list shows the new state at once (so a second press toggles from it); the write
        follows on the writer thread and :meth:`changed` then shows what was stored."""
        w, lib = self.window, self.library
        if lib is None:
            return
        old_read, old_star = w.list_model.state(article_id)
        new = (old_read if read is None else read, old_star if starred is None else starred)
        w.list_model.set_state(article_id, *new)
        self.status(f"Marked {'read' if new[0] else 'unread'}{', starred' if new[1] else ''}", 2000)
        self.submit(ops.set_state(lib, article_id, read=read, starred=starred).then(None, self.write_failed))

    def changed(self, changes: Changes) -> None:
        """A write finished: the list's read/star marks of the articles in ``states`` are
        read back from the store (whoever wrote them: a toggle, Space at the end, the palette)."""
        lib = self.library
        if not changes.states or lib is None:
            return

        def loaded(states: dict[str, tuple[bool, bool]]) -> None:
            for aid in changes.states:
                self.window.list_model.set_state(aid, *states.get(aid, (False, False)))

        self.submit(ops.states(lib).then(loaded))

    def end_seen(self, article_id: str) -> None:
        """The reader had the article's end on screen for a moment (the read rule the ``?``
        sheet states): it is read, unless it already is."""
        if self.window.list_model.state(article_id)[0] is False:
            self.set_state(article_id, read=True)

    def _dwell_elapsed(self) -> None:
        w = self.window
        if w.current is not None and not w.list_model.state(w.current.id)[0]:
            self.set_state(w.current.id, read=True)
