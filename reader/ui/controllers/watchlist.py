"""The watchlist pane's work: counting the names off the UI thread, keeping the counts live as
the library changes, remembering the names per source, and filtering the list to a name.

Counts go stale when an entity correction moves articles between names (``Changes.entities``)
or a build publishes a new library (:meth:`library_opened`); both count again. A count asked
for while one is running replaces it: only the newest answer is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.types import Changes, WatchRow
from reader.ui import operations as ops
from reader.ui.controllers import Controller, Handler
from reader.ui.plain import counted

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

#: The session key the names are remembered under (per source, in the annotations database).
SESSION_KEY = "watchlist"
#: The right-hand pane's width while the watchlist shows: a name beside two counts and two dates.
PANE_WIDTH = 440


class WatchlistController(Controller):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._names: list[str] = []
        self._asked = 0  # the newest count asked for; older answers are dropped

    def handlers(self) -> dict[str, Handler]:
        return {"toggle_watchlist": self.toggle}

    def connect(self) -> None:
        panel = self.window.watchlist_panel
        panel.namesChanged.connect(self.names_changed)
        panel.rowActivated.connect(self.filter_to)

    def toggle(self) -> None:
        w = self.window
        panel = w.watchlist_panel
        visible = not panel.isVisible()
        panel.setVisible(visible)
        if visible:
            w.right.show()
            sizes = w.splitter.sizes()
            if sizes[2] < PANE_WIDTH:  # five columns need room: the reader gives it up
                w.splitter.setSizes([sizes[0], max(sizes[1] - (PANE_WIDTH - sizes[2]), 300), PANE_WIDTH])
            panel.names.setFocus()
        else:
            w.reader.setFocus()

    # ---------------------------------------------------------------- the names and their counts
    def library_opened(self) -> None:
        """A library (or a new build of it) is open: restore its names once, then count again."""
        lib = self.library
        if lib is None:
            return

        def restored(text: str | None) -> None:
            panel = self.window.watchlist_panel
            if text and not panel.names_text().strip():
                panel.set_names_text(text)
            self._names = lib.watch_names(panel.names_text())
            self.recount()

        def read() -> str | None:
            text = lib.session(SESSION_KEY)
            # The first call imports the matcher (rapidfuzz: 0.1 s at load 5), here on a worker
            # and not in ``restored``, on the UI thread, the moment the list arrives.
            lib.watch_names(text or "")
            return text

        self.submit(ops.compute("read the watchlist", read).then(restored))

    def names_changed(self, lines: list[str]) -> None:
        lib = self.library
        if lib is None:
            return
        self._names = lib.watch_names("\n".join(lines))
        text = "\n".join(self._names)
        self.submit(
            ops.remember_session(lib, SESSION_KEY, text, "the watchlist").then(None, self.write_failed)
        )
        self.recount()

    def recount(self) -> None:
        lib, panel = self.library, self.window.watchlist_panel
        if lib is None:
            return
        if not self._names:
            panel.set_rows([])
            return
        self._asked += 1
        asked, names = self._asked, list(self._names)

        def counted_rows(rows: list[WatchRow]) -> None:
            if asked == self._asked:
                panel.set_rows(rows)

        self.submit(ops.compute("count the watchlist", lambda: lib.watch(names)).then(counted_rows))

    def changed(self, changes: Changes) -> None:
        """An entity correction moves articles between names: the counts follow."""
        if changes.entities and self._names:
            self.recount()

    # ---------------------------------------------------------------- Enter: the list shows the name
    def filter_to(self, row: WatchRow) -> None:
        w = self.window
        if not row.articles:
            self.status(f"{row.name} is not in this library", 4000)
            return
        # One entity: the list's entity filter, so ] and [ step through its mentions as from the sidebar.
        w.entity_filter = row.matched[0] if len(row.matched) == 1 else None
        w.search.set_chip(row.name)
        w.reader.mark_entity(w.entity_filter)
        w.list_model.show_ids(list(row.articles))
        self.status(f"{counted(len(row.articles), 'article')} for {row.name}", 5000)
        if w.current is not None and w.current.id in row.articles:
            w.list.setCurrentIndex(w.list_model.index(w.list_model.row_of(w.current.id)))
        else:
            w.list.setCurrentIndex(w.list_model.index(0))
