"""The entity dossier (d): what the library says about the selected entity, on a page that
takes the reader's place until the user opens a mention or presses Esc.

The dossier is built on a reader thread (it reads every article naming the entity); an
entity correction that touches the entity or its articles rebuilds it while it is shown,
so the page never contradicts the sidebar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from reader.core.types import Changes, Dossier
from reader.ui import operations as ops
from reader.ui.controllers import Controller, Handler
from reader.ui.plain import counted

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow
    from reader.ui.widgets.dossier_page import DossierPage


class DossierController(Controller):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        window.runner.changed.connect(self.changed)
        # Moving through the list (j/k, a click) means reading again: the reader comes back.
        window.list.selectionModel().currentChanged.connect(lambda _c, _p: self.close(focus=False))

    def page_built(self, page: DossierPage) -> None:
        """The window built the page on the first dossier asked for (MainWindow.dossier_page)."""
        page.mentionActivated.connect(self.open_passage)
        page.entityActivated.connect(self.open)

    def handlers(self) -> dict[str, Handler]:
        return {"dossier": self.open_selected}

    @property
    def showing(self) -> bool:
        return self.window.middle.currentIndex() != 0  # the reader is page 0, the dossier page 1

    def open_selected(self) -> None:
        """d: the dossier of the sidebar's entity (else the one the list is filtered by)."""
        name = self.window.entities.require_entity()
        if name is not None:
            self.open(name)

    def open(self, name: str) -> None:
        lib = self.library
        if lib is None:
            return
        self.status(f"Gathering everything about {name}…")
        self.submit(ops.dossier(lib, name).then(lambda d: self.show(name, d), self._failed))

    def show(self, name: str, dossier: Dossier | None, *, focus: bool = True) -> None:
        w = self.window
        if dossier is None:
            self.status(f"No entity named {name}", 4000)
            return
        w.dossier_page.show_dossier(dossier)
        w.middle.setCurrentWidget(w.dossier_page)
        if focus:
            w.dossier_page.mentions.setFocus(Qt.FocusReason.ShortcutFocusReason)
        articles = counted(len(dossier.article_ids), "article")
        self.status(f"{dossier.name}: {counted(len(dossier.mentions), 'mention')} in {articles}", 5000)

    def close(self, *, focus: bool = True) -> bool:
        """Back to the reader; False when the dossier was not showing (Esc goes on to its next job)."""
        w = self.window
        if not self.showing:
            return False
        w.middle.setCurrentIndex(0)
        if focus:
            w.reader.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def open_passage(self, article_id: str, start: int, end: int) -> None:
        """Enter on a mention or a quote: that article, the focus bar on the passage."""
        w = self.window
        dossier = w.dossier_page.dossier
        self.close(focus=False)
        if dossier is not None and w.entity_filter is None:
            w.reader.mark_entity(dossier.name)
        w.entities.open_passage(article_id, start, end)

    def changed(self, changes: Changes) -> None:
        """Rebuild a shown dossier when a correction touched its entity or its articles' entities."""
        if not self.showing:
            return
        dossier, lib = self.window.dossier_page.dossier, self.library
        if dossier is None or lib is None:
            return
        if not changes.entities:  # highlights and notes do not change what a dossier says
            return
        if dossier.name in changes.entities or changes.articles & set(dossier.article_ids):
            name = dossier.name
            self.submit(ops.dossier(lib, name).then(lambda d: self._refreshed(name, d)))

    def _refreshed(self, name: str, dossier: Dossier | None) -> None:
        if not self.showing:
            return
        if dossier is None:  # renamed, merged away or hidden
            self.close()
            self.status(f"{name} is no longer an entity of this library", 5000)
            return
        self.show(name, dossier, focus=False)

    def _failed(self, error: Exception) -> None:
        self.status(f"Could not build the dossier: {error}")
