"""The window-wide commands: palette, help sheet, preferences and theme, view modes, exports.

What is left once the reading, annotating, entity and search controllers have taken
theirs; none of it owns library state, so it lives beside the controllers rather than
in a family of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLabel, QPlainTextEdit, QVBoxLayout

from reader.core.types import DroppedLine, ImportReport, Written
from reader.settings import Settings
from reader.ui import operations as ops
from reader.ui.controllers import Controller, Handler
from reader.ui.theme import apply_theme, system_prefers_dark

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow
    from reader.ui.widgets.palette import PaletteEntry


class Commands(Controller):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.dark = False
        self._chrome: dict[str, bool] | None = None  # pane visibility saved by distraction-free mode

    def handlers(self) -> dict[str, Handler]:
        w = self.window
        r = w.reader
        return {
            "palette": self.show_palette,
            "shortcuts": self.show_shortcuts,
            "preferences": self.show_preferences,
            "toggle_theme": self.toggle_theme,
            "zoom_in": lambda: r.zoom(1),
            "zoom_out": lambda: r.zoom(-1),
            "zoom_reset": lambda: r.zoom(None),
            "toggle_sidebar": lambda: w.right.setVisible(not w.right.isVisible()),
            "distraction_free": self.toggle_distraction_free,
            "show_removed": self.show_removed_lines,
            "import_annotations": self.import_annotations,
            "export_md": self.export_markdown,
            "export_entity": self.export_entity_notebook,
            "quit": self.quit,
        }

    # ---------------------------------------------------------------- settings and theme
    def save_settings(self) -> None:
        self.submit(ops.save_settings(self.window.settings).then(None, self.write_failed))

    def apply_settings(self, settings: Settings) -> None:
        """Keys, theme and typography from Preferences take effect at once."""
        w = self.window
        w.table.apply_keys(settings.effective_keys())
        dark = settings.wants_dark(system_prefers_dark())
        if dark != self.dark:
            self.dark = dark
            app = QApplication.instance()
            if isinstance(app, QApplication):
                apply_theme(app, dark)
            w.reader.set_dark(dark)
        w.reader.set_typography(settings.font_family, settings.font_size, settings.line_width)
        w.navigation.mark_read_after = settings.mark_read_after_seconds

    def toggle_theme(self) -> None:
        settings = self.window.settings
        settings.theme = "light" if self.dark else "dark"
        self.apply_settings(settings)
        self.save_settings()

    def show_preferences(self) -> None:
        from reader.ui.widgets.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.window.settings, self.window)
        dialog.applied.connect(self.apply_settings)
        dialog.exec()
        self.window.reader.setFocus()

    def quit(self) -> None:
        self.window.close()

    # ---------------------------------------------------------------- view modes
    def toggle_distraction_free(self) -> None:
        """Hide everything but the text (F11 again brings the panes back as they were)."""
        w = self.window
        left = w.left_pane
        if self._chrome is None:
            self._chrome = {
                "left": left.isVisible(),
                "right": w.right.isVisible(),
                "menu": w.menuBar().isVisible(),
                "status": w.statusBar().isVisible(),
                "full": w.isFullScreen(),
            }
            left.hide()
            w.right.hide()
            w.menuBar().hide()
            w.statusBar().hide()
            w.showFullScreen()
        else:
            chrome, self._chrome = self._chrome, None
            left.setVisible(chrome["left"])
            w.right.setVisible(chrome["right"])
            w.menuBar().setVisible(chrome["menu"])
            w.statusBar().setVisible(chrome["status"])
            if not chrome["full"]:
                w.showNormal()
        w.reader.setFocus()

    # ---------------------------------------------------------------- help and the palette
    def show_shortcuts(self) -> None:
        from reader.ui.widgets.shortcut_sheet import ShortcutSheet

        ShortcutSheet(self.window.table.keys, self.window).exec()

    def show_palette(self) -> None:
        """Ctrl+K: every action (with its keys), article, entity and tag, fuzzy-searchable."""
        from reader.ui.widgets.palette import PaletteEntry

        w, lib = self.window, self.library
        entries = []
        for action in w.table.actions.values():
            keys = ", ".join(k.toString() for k in action.shortcuts()[:2])
            entries.append(PaletteEntry(action.text(), keys, action.trigger))
        summaries = w.list_model.summaries()
        nav, ents, notes = w.navigation, w.entities, w.annotate

        def load() -> list[PaletteEntry]:
            # On a worker: a 20,000-article library gives 160,000 entries (articles, entities).
            out = [PaletteEntry(s.title, "article", partial(nav.open_from_palette, s.id)) for s in summaries]
            if lib is None:
                return out
            for ent in lib.entities(None):
                out.append(
                    PaletteEntry(
                        ent.name,
                        f"{ent.type.lower()} · {ent.count}",
                        partial(ents.filter_by_entity, ent.name),
                    )
                )
            for tag in lib.all_tags():
                out.append(PaletteEntry(f"#{tag}", "tag", partial(notes.show_tag, tag)))
            return out

        self.submit(
            ops.compute("list the palette entries", load).then(
                lambda loaded: self._open_palette([*entries, *loaded])
            )
        )

    def _open_palette(self, entries: list[PaletteEntry]) -> None:
        from reader.ui.widgets.palette import CommandPalette, PaletteEntry

        w = self.window
        for saved, count in w.saved_model.entries():
            entries.append(
                PaletteEntry(
                    saved.name,
                    f"saved search · {count}",
                    partial(w.searches.run_saved_search, saved.query),
                )
            )
        palette = CommandPalette(entries, w, background=w.runner.run)
        if palette.exec() == QDialog.DialogCode.Accepted and palette.chosen is not None:
            palette.chosen.run()

    def show_removed_lines(self) -> None:
        w, lib = self.window, self.library
        if lib is None:
            return

        def shown(dropped: list[DroppedLine]) -> None:
            dialog = QDialog(w)
            dialog.setWindowTitle("Removed lines")
            dialog.resize(640, 420)
            layout = QVBoxLayout(dialog)
            view = QPlainTextEdit()
            view.setReadOnly(True)
            rows = [f"line {d.line:>5}  [{d.reason}]  {d.text}" for d in dropped]
            view.setPlainText("\n".join(rows) or "Nothing was removed.")
            layout.addWidget(QLabel(f"{len(dropped)} lines the cleaner removed from {w.source.name}:"))
            layout.addWidget(view)
            dialog.exec()

        self.submit(ops.dropped_lines(lib).then(shown))

    # ---------------------------------------------------------------- imports, exports
    def import_annotations(self) -> None:
        """Ctrl+I: a file of annotations — Lede's JSON export, Hypothesis search results or
        W3C Web Annotations made on the web pages — placed by quote across the library."""
        lib = self.library
        if lib is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            "Import annotations",
            str(Path.home()),
            "Annotations (*.json *.jsonld);;All files (*)",
        )
        if path:
            self.status(f"Importing {Path(path).name}…")
            name = Path(path).name
            self.submit(
                ops.import_annotations(lib, path).then(
                    self._imported, lambda exc: self.status(f"Nothing imported from {name}: {exc}")
                )
            )

    def _imported(self, written: Written[ImportReport]) -> None:
        said = written.value.summary(reasons=False)
        said = said[:1].upper() + said[1:]
        if written.value.cuts or written.value.settled:  # the articles the cuts make come from a build
            self.window.loading.cuts_changed(f"{said} — updating the library…")
        else:
            self.status(said, 10000)

    def _exported(self, path: str) -> None:
        self.status(f"Exported to {path}", 5000)

    def _export_as(self, title: str, default: Path, export: Callable[[str], ops.Operation[str]]) -> None:
        """Ask where to save a Markdown export, then write it in the background."""
        path, _ = QFileDialog.getSaveFileName(self.window, title, str(default), "Markdown (*.md)")
        if path:
            self.submit(export(path).then(self._exported, self.write_failed))

    def export_markdown(self) -> None:
        lib = self.library
        if lib is not None:
            self._export_as("Export notes", Path.home() / "lede-notes.md", partial(ops.export_markdown, lib))

    def export_entity_notebook(self) -> None:
        lib = self.library
        name = self.window.entities.require_entity()
        if lib is not None and name is not None:
            default = Path.home() / f"{name.replace('/', '-')} notebook.md"
            self._export_as("Export entity notebook", default, partial(ops.export_entity_notebook, lib, name))
