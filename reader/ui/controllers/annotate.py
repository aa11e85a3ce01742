"""Highlights, notes and tags: the user's own words, so every write goes to the writer thread.

The views that show annotations (the notes panel, the reader's marks, the list's
"has notes" marks, the counts) refresh from the ``Changes`` a write reports rather than
from each action's callback: :meth:`AnnotateController.changed` decides. The refresh is
started when the write's result arrives, so it always reads what was written.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QDialog, QInputDialog, QLineEdit

from reader.core.types import Changes, Highlight, Note, Written
from reader.ui import operations as ops
from reader.ui.controllers import Controller, Handler

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow


class AnnotateController(Controller):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.pending_reattach: Highlight | None = None  # an orphan waiting to be placed with h
        self._generation = 0
        self._stale: set[str] | None = set()  # articles whose marks a refresh must redraw; None = all

    def handlers(self) -> dict[str, Handler]:
        return {
            "highlight": lambda: self.highlight(1, recolor=False),
            **{f"highlight_{n}": functools.partial(self.highlight, n, recolor=True) for n in range(1, 6)},
            "remove_highlight": self.remove_highlight,
            "note": self.edit_highlight_note,
            "article_note": self.edit_article_note,
            "tag": self.tag_highlight,
            "toggle_notes": self.toggle_notes,
        }

    # ---------------------------------------------------------------- views follow the writes
    def changed(self, changes: Changes) -> None:
        """A write finished: refresh the annotation views if it touched highlights.

        Reading state and article notes are not shown by these views, so they refresh nothing.
        """
        if changes.highlights:
            self.refresh(changes.articles)

    def refresh(self, articles: frozenset[str] | None = None) -> None:
        """Reload the highlights; the reader redraws its marks if its article is in ``articles``
        (None: whatever article is open). Only the newest reload is shown, for the union of
        the articles every reload since the last one shown asked for."""
        lib = self.library
        if lib is None:
            return
        if articles is None or self._stale is None:
            self._stale = None
        else:
            self._stale |= articles
        self._generation += 1
        generation = self._generation

        def loaded(result: ops.Annotations) -> None:
            if generation != self._generation:
                return  # a newer reload (which includes this write) is on its way
            stale, self._stale = self._stale, set()
            w = self.window
            self.set_notes(result.highlights, result.entities)
            self.update_counts(len(result.highlights))
            current = w.current
            if current is not None and (stale is None or current.id in stale):
                w.reader.set_highlights([h for h in result.highlights if h.article_id == current.id])

        self.submit(ops.load_annotations(lib).then(loaded))

    def set_notes(self, highlights: list[Highlight], entities: ops.HighlightEntities | None = None) -> None:
        w = self.window
        # Titles of the annotated articles only: walking every summary cost 17 ms of UI time per
        # reload at 20k articles.
        summaries = {h.article_id: w.list_model.summary(h.article_id) for h in highlights}
        titles = {i: s.title for i, s in summaries.items() if s is not None}
        w.notes.set_highlights(highlights, titles, entities)
        w.list_model.set_annotated({h.article_id for h in highlights})

    def update_counts(self, highlights: int) -> None:
        articles = self.window.list_model.article_count()
        self.window.counts.setText(
            f"{articles} article{'s' if articles != 1 else ''} · "
            f"{highlights} highlight{'s' if highlights != 1 else ''}"
        )

    # ---------------------------------------------------------------- highlights
    def highlight(self, color: int, *, recolor: bool) -> None:
        w = self.window
        lib, art = self.library, w.current
        if lib is None or art is None:
            return
        if self.pending_reattach is not None:
            self._reattach_here()
            return
        existing = w.reader.highlight_at_focus()
        span = w.reader.focus_span()
        if recolor and existing is not None and span is not None and (existing.start, existing.end) == span:
            self.submit(ops.recolor_highlight(lib, existing.id, color).then(None, self.write_failed))
            return
        if span is None:
            return

        def done(written: Written[Highlight]) -> None:
            hl = written.value
            w.reader.setTextCursor(w.reader.cursorForPosition(w.reader.viewport().rect().topLeft()))
            self.status(f"Highlighted {len(hl.exact)} characters in colour {hl.color}", 3000)

        self.submit(ops.add_highlight(lib, art.id, span[0], span[1], color).then(done, self.write_failed))

    def _reattach_here(self) -> None:
        w = self.window
        lib, art, hl = self.library, w.current, self.pending_reattach
        span = w.reader.focus_span()
        if lib is None or art is None or hl is None or span is None:
            return
        self.pending_reattach = None
        op = ops.reattach_highlight(lib, hl, art.id, span[0], span[1])
        self.submit(op.then(lambda _new: self.status("Highlight placed again", 3000), self.write_failed))

    def cancel_reattach(self) -> bool:
        """Esc while an orphan waits: leave it where it was. True if there was one."""
        if self.pending_reattach is None:
            return False
        self.pending_reattach = None
        self.status("Left the orphan where it was", 3000)
        return True

    def remove_highlight(self) -> None:
        lib = self.library
        hl = self.window.reader.highlight_at_focus()
        if lib is None or hl is None:
            self.status("No highlight at the focus", 3000)
            return
        self.submit(ops.remove_highlight(lib, hl.id))

    def jump_to_highlight(self, hl: Highlight) -> None:
        w = self.window
        if hl.orphan:
            self.pending_reattach = hl
            self.status(
                f"Orphaned highlight “{hl.exact[:50]}”: move the focus to where it belongs and press h "
                "to place it there (Esc cancels)"
            )
            in_library = w.list_model.summary(hl.article_id) is not None
            if in_library and (w.current is None or w.current.id != hl.article_id):
                w.navigation.open_from_palette(hl.article_id)
            w.reader.setFocus()
            return

        def place() -> None:
            w.reader.set_focus_paragraph(w.reader.paragraph_of(hl.start))
            w.reader.setFocus()

        w.navigation.go_to(hl.article_id, place)

    # ---------------------------------------------------------------- notes and tags
    def edit_highlight_note(self) -> None:
        w = self.window
        lib, art = self.library, w.current
        if lib is None or art is None:
            return
        hl = w.reader.highlight_at_focus()
        if hl is not None:
            self._open_note_editor(hl)
            return
        span = w.reader.focus_span()
        if span is None:
            return
        self.submit(
            ops.add_highlight(lib, art.id, span[0], span[1], 1).then(
                lambda written: self._open_note_editor(written.value), self.write_failed
            )
        )

    def _open_note_editor(self, hl: Highlight) -> None:
        """Each autosave is a write; the views refresh from its Changes once it has landed."""
        lib = self.library
        if lib is None:
            return
        from reader.ui.widgets.note_editor import NoteEditor

        def save(text: str) -> None:
            self.submit(ops.set_highlight_note(lib, hl.id, text).then(None, self.write_failed))

        tags = list(hl.tags)

        def tag(new: list[str]) -> None:
            """``#tags`` typed in the note join the highlight's tags (after the note's own save)."""
            known = {t.casefold() for t in tags}
            tags.extend(t for t in new if t.casefold() not in known)
            self.submit(ops.set_highlight_tags(lib, hl.id, list(tags)).then(None, self.write_failed))

        NoteEditor("Note on highlight", hl.exact, hl.note, save, self.window, tags=tag).exec()
        self.window.reader.setFocus()

    def edit_article_note(self) -> None:
        w = self.window
        lib, art = self.library, w.current
        if lib is None or art is None:
            return

        def loaded(note: Note | None) -> None:
            from reader.ui.widgets.note_editor import NoteEditor

            def save(text: str) -> None:
                self.submit(ops.set_article_note(lib, art.id, text).then(None, self.write_failed))

            NoteEditor(f"Note on “{art.title}”", "", note.text if note else "", save, w).exec()
            w.reader.setFocus()

        self.submit(ops.article_note(lib, art.id).then(loaded))

    def tag_highlight(self) -> None:
        w = self.window
        lib = self.library
        hl = w.reader.highlight_at_focus()
        if lib is None or hl is None:
            self.status("Highlight something first (h), then tag it (t)", 4000)
            return

        def with_tags(known: list[str]) -> None:
            dialog = QInputDialog(w)
            dialog.setWindowTitle("Tags")
            dialog.setLabelText("Tags for this highlight (comma separated):")
            dialog.setTextValue(", ".join(hl.tags))
            edit = dialog.findChild(QLineEdit)
            if edit is not None and known:
                completer = QCompleter(known, dialog)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                edit.setCompleter(completer)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                tags = [t.strip().lstrip("#") for t in dialog.textValue().split(",") if t.strip()]
                self.submit(ops.set_highlight_tags(lib, hl.id, tags).then(None, self.write_failed))
            w.reader.setFocus()

        self.submit(ops.all_tags(lib).then(with_tags))

    # ---------------------------------------------------------------- the notes panel
    def toggle_notes(self) -> None:
        w = self.window
        visible = not w.notes.isVisible()
        w.notes.setVisible(visible)
        if visible:
            w.right.show()
            w.notes.setFocus()
        else:
            w.reader.setFocus()

    def show_tag(self, tag: str) -> None:
        w = self.window
        w.notes.show()
        w.right.show()
        w.notes.filter.setText(f"#{tag}")
        w.notes.setFocus()
