"""The entity sidebar and what it drives: following the reading focus, filtering the list
by an entity, stepping through its mentions, its quotes, and the user's corrections
(rename, merge, split, hide) that survive rebuilds.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog

from reader.core.types import Changes, Quote
from reader.ui import operations as ops
from reader.ui.controllers import Controller, Handler
from reader.ui.plain import counted

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

NEEDS_ENTITY = "Select an entity in the sidebar first (e)"


class EntitiesController(Controller):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)

    def handlers(self) -> dict[str, Handler]:
        return {
            "focus_sidebar": self.window.sidebar.focus_first,
            "next_mention": lambda: self.step_mention(1),
            "prev_mention": lambda: self.step_mention(-1),
            "quotes_by": self.show_quotes_by,
            "rename_entity": lambda: self.correct_entity("rename"),
            "merge_entity": lambda: self.correct_entity("merge"),
            "split_entity": lambda: self.correct_entity("split"),
            "hide_entity": lambda: self.correct_entity("hide"),
        }

    def selected(self) -> str | None:
        """The entity an action applies to: the sidebar's selection, else the list's filter."""
        return self.window.sidebar.selected_name() or self.window.entity_filter

    def require_entity(self, *, filter_first: bool = False) -> str | None:
        """The entity an action applies to, or None after telling the user to choose one.

        One guard for every entity action (quotes, corrections, mentions, the notebook
        export), so each says the same thing. Stepping through mentions asks the list's
        filter first: that is the entity the user is reading through.
        """
        w = self.window
        name = (w.entity_filter or w.sidebar.selected_name()) if filter_first else self.selected()
        if not name:
            self.status(NEEDS_ENTITY, 4000)
            return None
        return name

    # ---------------------------------------------------------------- the sidebar
    def refresh_sidebar(self) -> None:
        w, lib = self.window, self.library
        if lib is None:
            return
        if w.sidebar.current_scope() == "article":
            art = w.current
            if art is not None:
                ents = list(art.entities)
                msg = "" if ents else w.loading.entities_pending()
                w.sidebar.set_entities(ents, msg, quotes=art.quotes, figures=art.figures)
            return
        self.submit(ops.library_entities(lib).then(w.sidebar.set_entities))

    def reader_focus_moved(self, start: int, _end: int) -> None:
        """The sidebar follows the reading focus: the focused paragraph's entities come first."""
        w = self.window
        art = w.current
        if art is None or w.sidebar.current_scope() != "article":
            return
        index = w.reader.paragraph_of(start)
        p_start = w.reader.paragraph_start(index)
        p_end = p_start + len(art.paragraphs[index]) if index < len(art.paragraphs) else p_start
        names = [m.entity for m in sorted(art.mentions, key=lambda m: m.start) if p_start <= m.start < p_end]
        w.sidebar.set_focus_names(names)

    def go_to_passage(self, start: int, end: int) -> None:
        self.window.reader.set_focus_span(start, end)
        self.window.reader.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_passage(self, article_id: str, start: int, end: int) -> None:
        self.window.navigation.go_to(article_id, lambda: self.go_to_passage(start, end))

    def entity_selected(self, name: str | None) -> None:
        if self.window.entity_filter is None:
            self.window.reader.mark_entity(name)

    # ---------------------------------------------------------------- filtering the list
    def filter_by_entity(self, name: str) -> None:
        w, lib = self.window, self.library
        if lib is None:
            return
        w.entity_filter = name
        w.search.set_chip(f"{name}")
        w.reader.mark_entity(name)

        def shown(ids: list[str]) -> None:
            w.list_model.show_ids(ids)
            self.status(
                f"{counted(len(ids), 'article')} {'mentions' if len(ids) == 1 else 'mention'} {name}", 5000
            )
            if w.current is not None and w.current.id in ids:
                w.list.setCurrentIndex(w.list_model.index(w.list_model.row_of(w.current.id)))
            elif ids:
                w.list.setCurrentIndex(w.list_model.index(0))

        self.submit(ops.articles_with_entity(lib, name).then(shown))

    def clear_entity_filter(self) -> None:
        w = self.window
        w.entity_filter = None
        w.search.set_chip(None)
        w.reader.mark_entity(w.sidebar.selected_name())
        w.searches.restore_list()

    def step_mention(self, delta: int) -> None:
        name = self.require_entity(filter_first=True)
        if name is None:
            return
        if not self.window.reader.step_mention(name, delta):
            self.status(f"{name} is not mentioned in this article", 4000)

    # ---------------------------------------------------------------- quotes
    def show_quotes_by(self) -> None:
        """q: every quote the selected person or organisation gave, across the library."""
        lib = self.library
        name = self.require_entity()
        if lib is None or name is None:
            return

        def shown(quotes: list[tuple[str, str, Quote]]) -> None:
            if not quotes:
                self.status(f"No quotes attributed to {name}", 4000)
                return
            from reader.ui.widgets.palette import CommandPalette, PaletteEntry

            entries = [
                PaletteEntry(
                    f"“{' '.join(q.text.split())[:110]}”",
                    title[:40],
                    functools.partial(self.open_passage, aid, q.start, q.end),
                )
                for aid, title, q in quotes
            ]
            dialog = CommandPalette(entries, self.window)
            dialog.setWindowTitle(f"{counted(len(quotes), 'quote')} by {name}")
            dialog.edit.setPlaceholderText("Filter the quotes…")
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen is not None:
                dialog.chosen.run()

        self.submit(ops.quotes_by(lib, name).then(shown))

    # ---------------------------------------------------------------- corrections
    def correct_entity(self, kind: str) -> None:
        """F2 rename, Ctrl+M merge, Ctrl+Shift+M split, Ctrl+D hide — fixes that survive rebuilds."""
        w, lib = self.window, self.library
        name = self.require_entity()
        if lib is None or name is None:
            return
        target = ""
        if kind == "rename":
            target, ok = QInputDialog.getText(w, "Rename entity", f"New name for {name}:", text=name)
            if not ok or not target.strip() or target.strip() == name:
                return
        elif kind == "merge":
            others = [n for n in w.sidebar.names() if n != name]
            target, ok = QInputDialog.getItem(w, "Merge entity", f"Merge {name} into:", others, 0, True)
            if not ok or not target.strip():
                return
        elif kind == "split":
            merged = [c.name for c in lib.corrections() if c.kind == "merge" and c.target == name]
            if not merged:
                self.status(f"Nothing was merged into {name}", 4000)
                return
            chosen, ok = QInputDialog.getItem(w, "Split entity", f"Split out of {name}:", merged, 0, False)
            if not ok:
                return
            name = chosen

        op = ops.correct_entity(lib, kind, name, target.strip())
        self.submit(
            op.then(lambda _done: self.status(f"Entity corrected ({kind}: {name})", 4000), self.write_failed)
        )

    def changed(self, changes: Changes) -> None:
        """A write finished: a correction's ``entities`` reload the sidebar, and the reader
        reopens its article (keeping the place) if the correction re-indexed it."""
        if not changes.entities:
            return
        w = self.window
        if w.current is not None and w.current.id in changes.articles:
            w.navigation.open_article(w.current.id, keep_position=True)
        self.refresh_sidebar()
