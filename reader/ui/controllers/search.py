"""Searching the library, finding in the article, and saved searches; ``Esc`` unwinds them.

Searches run on the read pool as the user types; each result carries a sequence number
and only the newest is shown. Saved searches live in a :class:`SavedSearchModel` with
their live hit counts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QInputDialog

from reader.core.types import Changes, SearchResult
from reader.ui import operations as ops
from reader.ui.controllers import Controller, Handler
from reader.ui.controllers.navigation import query_terms
from reader.ui.plain import counted

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow


class SearchController(Controller):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._search_seq = 0
        self._search_shown = 0  # the newest query whose hits are in the list
        self._on_hits: Callable[[], None] | None = None

    def handlers(self) -> dict[str, Handler]:
        return {
            "search": self.focus_search,
            "save_search": self.save_search,
            "find": self.show_find,
            "find_next": lambda: self.find_step(1),
            "find_prev": lambda: self.find_step(-1),
            "escape": self.escape,
        }

    # ---------------------------------------------------------------- library search
    def focus_search(self) -> None:
        self.window.search.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.window.search.edit.selectAll()

    def run_search(self, query: str, *, again: bool = False) -> None:
        """Search the library and list the hits; ``again``: the same query on a library just reopened."""
        w, lib = self.window, self.library
        if lib is None:
            return
        if not query.strip():
            self.restore_list()
            return
        self._search_seq += 1
        seq = self._search_seq
        if not again:
            self._on_hits = None  # Enter, if it comes, is for this query

        def done(result: SearchResult) -> None:
            if seq != self._search_seq:
                return  # a newer query is on its way; drop this stale result
            w.list_model.show_hits(result.hits)
            parts = [f"{result.total} {'hit' if result.total == 1 else 'hits'} for “{query}”"]
            if result.notice:
                parts.append(result.notice)
            if result.suggestion:
                parts.append(f"did you mean: {result.suggestion}")
            self.status(" — ".join(parts))
            if again:  # the reader keeps the article open; it is marked in the list if it is a hit
                row = w.list_model.row_of(w.current.id) if w.current is not None else -1
                if row >= 0:
                    w.list.setCurrentIndex(w.list_model.index(row))
            elif result.hits:
                w.list.setCurrentIndex(w.list_model.index(0))
            self._search_shown = seq
            then, self._on_hits = self._on_hits, None
            if then is not None:
                then()

        self.submit(ops.search(lib, query).then(done))

    def search_accepted(self) -> None:
        """Enter in the search box: open the first hit and mark the query's words in it."""
        w = self.window

        def go() -> None:
            if w.list_model.rowCount():
                w.list.setCurrentIndex(w.list_model.index(0))
                w.reader.setFocus()
                if w.current is not None:
                    terms = query_terms(w.search.text())
                    if terms:
                        count = w.reader.find_all_terms(terms)
                        self.status(
                            f"{counted(count, 'match', 'matches')} in this article — F3 / Shift+F3 to move",
                            5000,
                        )

        # The hits of the query just typed may still be on their way from the worker (seconds
        # on a busy machine): open the first of them when they arrive, not whatever is listed now.
        if self._search_shown != self._search_seq:
            self._on_hits = go
        elif w.list_model.rowCount() or w.library is None or w.library.searchable:
            go()
        else:
            # No hits because the index is still being built: the query runs again when it is
            # ready, and Enter is kept for that run while the user is still in the search box.
            def when_ready() -> None:
                if w.search.edit.hasFocus():
                    go()

            self._on_hits = when_ready
            self.status("The search index is still being built; Enter opens the first hit when it is ready")

    def restore_list(self) -> None:
        """Back from a search: the entity filter if one is set, else every article."""
        w = self.window
        if w.entity_filter:
            w.entities.filter_by_entity(w.entity_filter)
        else:
            keep = w.current.id if w.current else None
            w.list_model.show_all()
            if keep:
                w.list.setCurrentIndex(w.list_model.index(w.list_model.row_of(keep)))

    def escape(self) -> None:
        """Esc: close the find bar, clear the search, drop the entity filter — back to the reader."""
        w = self.window
        if w.annotate.cancel_reattach():
            pass
        elif w.dossiers.close():
            return
        elif w.find_bar.isVisible():
            w.find_bar.hide()
            w.reader.clear_find()
        elif w.search.text():
            w.search.clear()
            w.reader.clear_find()
            self.restore_list()
            w.statusBar().clearMessage()
        elif w.entity_filter:
            w.entities.clear_entity_filter()
        w.reader.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ---------------------------------------------------------------- find in article
    def show_find(self) -> None:
        bar = self.window.find_bar
        bar.show()
        bar.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        bar.edit.selectAll()

    def find_changed(self, text: str, case: bool, whole: bool) -> None:
        reader = self.window.reader
        count = reader.find_all(text, case=case, whole=whole)
        self.window.find_bar.show_count(reader.find_position()[0], count)

    def find_step(self, delta: int) -> None:
        index, total = self.window.reader.find_step(delta)
        self.window.find_bar.show_count(index, total)
        if total:
            self.status(f"match {index} / {total}", 3000)

    # ---------------------------------------------------------------- saved searches
    def save_search(self) -> None:
        w, lib = self.window, self.library
        query = w.search.text().strip()
        if lib is None or not query:
            self.status("Type a search first (/), then save it (Ctrl+S)", 4000)
            return
        name, ok = QInputDialog.getText(w, "Save search", f"Name for “{query}”:", text=query)
        if not ok or not name.strip():
            return
        op = ops.save_search(lib, name.strip(), query)
        self.submit(
            op.then(lambda saved: self.status(f"Saved “{saved.value.name}”", 3000), self.write_failed)
        )

    def changed(self, changes: Changes) -> None:
        """A write finished: the saved-search list recounts when a search was saved or forgotten."""
        lib = self.library
        if changes.saved_searches and lib is not None:
            self.submit(ops.saved_search_counts(lib).then(self.show_saved))

    def show_saved(self, saved: ops.SavedCounts) -> None:
        w = self.window
        w.saved_model.set_searches(saved)
        w.saved_list.setVisible(bool(saved))
        w.saved_list.setMaximumHeight(min(6, max(1, len(saved))) * 22 + 8)

    def saved_activated(self, index: QModelIndex) -> None:
        query = self.window.saved_model.query(index.row())
        if query is not None:
            self.run_saved_search(query)

    def run_saved_search(self, query: str) -> None:
        w = self.window
        w.search.edit.setText(query)
        self.run_search(query)
        w.list.setFocus()
