"""The main window: article list | reader pane | entity sidebar (+ notes panel).

The window never does I/O or heavy work on the UI thread: the index build runs as a
child process (:class:`BuildProcess`), library reads and writes run on the task
runner, and results come back as callbacks on the UI thread. Views hold models.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QFileSystemWatcher, QModelIndex, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reader import paths
from reader.core.types import Article, Highlight, SearchResult
from reader.settings import Settings
from reader.ui.actions import ActionTable
from reader.ui.models.articles import ArticleListModel
from reader.ui.tasks import BuildProcess, TaskRunner
from reader.ui.theme import apply_theme, system_prefers_dark
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.entity_sidebar import EntitySidebar
from reader.ui.widgets.find_bar import FindBar
from reader.ui.widgets.notes_panel import NotesPanel
from reader.ui.widgets.reader_pane import ReaderPane
from reader.ui.widgets.search_bar import SearchBar

if TYPE_CHECKING:  # the core and the dialogs load after the window is on screen
    from reader.core.library import Library
    from reader.core.store.annotations import AnnotationStore

_QUERY_WORD = re.compile(r"(?:\w+:)?\"([^\"]+)\"|(?:\w+:)?([\w’']+)\*?~?\d*")
_OPERATORS = {"AND", "OR", "NOT", "TO", "ANDNOT", "ANDMAYBE"}


def query_terms(query: str) -> list[str]:
    """The words of a query worth marking in the reader (no operators, fields or is:/has:)."""
    terms: list[str] = []
    for m in _QUERY_WORD.finditer(query):
        whole = m.group(0)
        if whole.split(":")[0] in ("is", "has", "tag", "date"):
            continue
        word = m.group(1) or m.group(2)
        if word and word not in _OPERATORS and word not in terms:
            terms.append(word)
    return terms


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class MainWindow(QMainWindow):
    def __init__(self, source: Path, *, store: AnnotationStore | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.source = source
        self.library: Library | None = None
        self.store = store
        self.current: Article | None = None
        self.entity_filter: str | None = None
        self.dark = False
        self.build: BuildProcess | None = None
        self._search_seq = 0
        self._pending_open: str | None = None
        self._stage = ""
        self._stage_started = time.monotonic()
        self.positions: dict[str, int] = {}
        self.pending_reattach: Highlight | None = None
        self.history: list[str] = []
        self.history_pos = -1
        self._navigating_history = False
        self._chrome: dict[str, bool] | None = None  # pane visibility saved by distraction-free mode
        self.runner = TaskRunner(self)
        from reader.ui.probe import from_environment

        self.probe = from_environment(self)  # benchmarks only: UI stall and stage timings
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._source_changed)
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(800)
        self._rebuild_timer.timeout.connect(self._rebuild_changed_source)
        self.setAcceptDrops(True)

        self.setWindowTitle("Lede")
        self.resize(1280, 800)
        self._build_ui()
        self.settings = Settings.load()
        self.mark_read_after = 0
        self._dwell = QTimer(self)
        self._dwell.setSingleShot(True)
        self._dwell.timeout.connect(self._dwell_elapsed)
        self.table = ActionTable(self, self.reader, self.settings.effective_keys())
        self.table.build_menus(self)
        self.table.connect(self._handlers())
        self.apply_settings(self.settings)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):  # follow the desktop's light/dark switch live
            hints.colorSchemeChanged.connect(lambda _s: self.apply_settings(self.settings))
        self.statusBar().showMessage(self.settings.notice or "Opening…", 10000 if self.settings.notice else 0)
        self.reader.setFocus(
            Qt.FocusReason.OtherFocusReason
        )  # reading starts in the reader, not the search box
        QTimer.singleShot(0, self.open_source_async)

    # ================================================================ layout
    def _build_ui(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        self.search = SearchBar()
        left_layout.addWidget(self.search)
        self.saved: list[Any] = []
        self.saved_list = QListWidget()
        self.saved_list.setObjectName("savedSearches")
        self.saved_list.setAccessibleName("Saved searches")
        self.saved_list.hide()
        self.saved_list.itemActivated.connect(
            lambda item: self.run_saved_search(str(item.data(Qt.ItemDataRole.UserRole)))
        )
        left_layout.addWidget(self.saved_list)
        self.filter_label = QLabel("")
        self.filter_label.setObjectName("paneTitle")
        self.filter_label.hide()
        left_layout.addWidget(self.filter_label)
        self.list_model = ArticleListModel()
        self.list = ArticleList()
        self.list.setModel(self.list_model)
        left_layout.addWidget(self.list, 1)

        middle = QWidget()
        mid_layout = QVBoxLayout(middle)
        mid_layout.setContentsMargins(0, 6, 0, 6)
        self.reader = ReaderPane()
        mid_layout.addWidget(self.reader, 1)
        self.find_bar = FindBar()
        self.find_bar.hide()
        mid_layout.addWidget(self.find_bar)

        self.sidebar = EntitySidebar()
        self.sidebar.plan_in_background(lambda work, done: self.runner.run(work, done))
        self.notes = NotesPanel()
        self.notes.hide()
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.sidebar)
        right.addWidget(self.notes)
        self.right = right

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([320, 680, 280])
        self.setCentralWidget(self.splitter)

        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.counts = QLabel("")
        self.statusBar().addPermanentWidget(self.counts)
        self.statusBar().addPermanentWidget(self.progress)

        self.list.selectionModel().currentChanged.connect(self._list_current_changed)
        self.list.activated.connect(lambda _i: self.reader.setFocus())
        self.search.queryChanged.connect(self.run_search)
        self.search.accepted.connect(self._search_accepted)
        self.search.cleared.connect(self.escape)
        self.search.down.connect(self.list.setFocus)
        self.search.chipRemoved.connect(self.clear_entity_filter)
        self.sidebar.entitySelected.connect(self._entity_selected)
        self.sidebar.entityActivated.connect(self.filter_by_entity)
        self.sidebar.scopeChanged.connect(lambda _s: self._refresh_sidebar())
        self.sidebar.passageActivated.connect(self.go_to_passage)
        self.reader.focusChanged.connect(self._reader_focus_moved)
        self.notes.jumpTo.connect(self.jump_to_highlight)
        self.find_bar.changed.connect(self._find_changed)
        self.find_bar.step.connect(self._find_step)
        self.find_bar.closed.connect(self.escape)
        self.reader.endReached.connect(self.next_unread)

    def _handlers(self) -> dict[str, Any]:
        r = self.reader
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
            "distraction_free": self.toggle_distraction_free,
            "cycle_filter": self.cycle_filter,
            "next_mention": lambda: self.step_mention(1),
            "prev_mention": lambda: self.step_mention(-1),
            "focus_list": self.list.setFocus,
            "focus_reader": r.setFocus,
            "focus_sidebar": self.sidebar.focus_first,
            "toggle_sidebar": lambda: self.right.setVisible(not self.right.isVisible()),
            "toggle_notes": self.toggle_notes,
            "escape": self.escape,
            "highlight": lambda: self.highlight(1, recolor=False),
            **{f"highlight_{n}": (lambda n=n: self.highlight(n, recolor=True)) for n in range(1, 6)},
            "remove_highlight": self.remove_highlight,
            "quotes_by": self.show_quotes_by,
            "rename_entity": lambda: self.correct_entity("rename"),
            "merge_entity": lambda: self.correct_entity("merge"),
            "split_entity": lambda: self.correct_entity("split"),
            "hide_entity": lambda: self.correct_entity("hide"),
            "save_search": self.save_search,
            "export_entity": self.export_entity_notebook,
            "note": self.edit_highlight_note,
            "article_note": self.edit_article_note,
            "tag": self.tag_highlight,
            "toggle_read": lambda: self.toggle_state("read"),
            "toggle_star": lambda: self.toggle_state("starred"),
            "search": self.focus_search,
            "find": self.show_find,
            "find_next": lambda: self._find_step(1),
            "find_prev": lambda: self._find_step(-1),
            "palette": self.show_palette,
            "shortcuts": self.show_shortcuts,
            "zoom_in": lambda: r.zoom(1),
            "zoom_out": lambda: r.zoom(-1),
            "zoom_reset": lambda: r.zoom(None),
            "toggle_theme": self.toggle_theme,
            "show_removed": self.show_removed_lines,
            "open": self.choose_source,
            "open_recent": self.choose_recent,
            "cancel_build": self.cancel_build,
            "preferences": self.show_preferences,
            "export_md": self.export_markdown,
            "quit": self.close,
        }

    # ================================================================ opening
    def open_source_async(self) -> None:
        """Open the current build if fresh; otherwise start the build process."""
        source = self.source
        self.setWindowTitle("Lede")
        if not source.exists():
            self.reader.show_message(f"The source {source} does not exist.\n\nOpen another file with Ctrl+O.")
            self.statusBar().showMessage("Source not found")
            return

        def check() -> Path | None:
            from reader.core.build import file_sha256, is_fresh

            return is_fresh(paths.source_cache_dir(source), file_sha256(source))

        self.runner.run(check, self._fresh_checked, self._open_failed)

    def _fresh_checked(self, build_dir: Path | None) -> None:
        if build_dir is not None:
            self._open_build(build_dir, final=True)
            return
        self.reader.show_message(
            "Building the library for the first time…\n\nArticles appear as soon as they are found."
        )
        self.progress.setRange(0, 0)
        self.progress.setFormat("Reading")
        self.progress.show()
        self.statusBar().showMessage(f"Indexing {self.source.name}…")
        self.build = BuildProcess(self.source, self)
        self.build.event.connect(self._build_event)
        self.build.failed.connect(self._open_failed)
        self.build.start()

    STAGE_NAMES = {
        "ingest": "Reading",
        "index": "Indexing",
        "analyse": "Finding entities",
        "entity index": "Indexing entities",
    }

    def _build_event(self, event: dict[str, Any]) -> None:
        """Progress from the build process: stage, counts, time left; open each stage's result."""
        kind = event.get("event")
        if self.probe is not None and kind in ("articles", "searchable", "entities", "done"):
            self.probe.mark(f"build_{kind}")
        if kind == "stage":
            self._stage = self.STAGE_NAMES.get(str(event.get("stage")), str(event.get("stage")))
            self._stage_started = time.monotonic()
            self.progress.setFormat(self._stage)
            self.progress.setRange(0, 0)
            self.progress.show()
        elif kind == "progress":
            total, done = int(event.get("total") or 0), int(event.get("done") or 0)
            if total > 0:
                self.progress.setRange(0, total)
                self.progress.setValue(min(done, total))
                text = f"{self._stage} {done:,}/{total:,}"
                elapsed = time.monotonic() - self._stage_started
                if done and elapsed > 2 and done < total:
                    text += f" · {_duration(elapsed * (total - done) / done)} left"
                self.progress.setFormat(text)
        elif (kind in ("articles", "resume") and self.library is None) or kind == "searchable":
            # "resume": a stopped build is being finished; what it published is readable now.
            self._open_build(Path(str(event["dir"])), final=False)
        elif kind == "done":
            self.progress.hide()
            self._open_build(Path(str(event["dir"])), final=True)

    def cancel_build(self) -> None:
        """Stop the build; what it finished is kept and the next launch resumes from there."""
        if self.build is None or not self.build.running():
            self.statusBar().showMessage("No build is running", 3000)
            return
        self.build.cancel()
        self.progress.hide()
        self.statusBar().showMessage("Build stopped; it will resume where it left off next time", 6000)

    def _open_build(self, build_dir: Path, *, final: bool) -> None:
        source = self.source

        def open_() -> Library:
            from reader.core.library import Library
            from reader.core.store.annotations import AnnotationStore

            store = self.store or AnnotationStore(paths.annotations_db())
            self.store = store
            return Library(source, build_dir, store, reanchor=final)

        # On the single writer thread: opens happen in the order the build announced them (a
        # later stage always replaces an earlier one) and re-anchoring writes never race a note.
        self.runner.run(open_, lambda lib: self._library_opened(lib, final), self._open_failed, write=True)

    def _library_opened(self, library: Library, final: bool) -> None:
        if final and str(self.source.resolve()) != (self.settings.recent_sources or [""])[0]:
            self.settings.add_recent(self.source)
            self.settings.last_source = str(self.source.resolve())
            self._save_settings()
        if self.source.is_file() and str(self.source) not in self.watcher.files():
            self.watcher.addPath(str(self.source))
        keep = self.current.id if self.current else None
        old = self.library
        self.library = library
        if old is not None and old is not library:
            self.runner.run(old.close)
        lib = library

        def load() -> tuple[Any, ...]:
            highlights = lib.highlights()
            return (
                lib.articles(),
                lib.states(),
                highlights,
                lib.highlight_entities(highlights),
                lib.positions(),
                lib.session("last_article"),
                lib.saved_search_counts() if lib.searchable else [],
            )

        def loaded(result: tuple[Any, ...]) -> None:
            articles, states, highlights, entities, positions, last, saved = result
            if self.probe is not None:
                self.probe.mark("list_complete" if final else "list_shown")
            self.positions = positions
            self.list_model.set_articles(articles)
            self.list_model.set_states(states)
            self._set_notes(highlights, entities)
            self._show_saved_searches(saved)
            if keep is None and last and self.list_model.row_of(last) >= 0:
                keep_row = self.list_model.row_of(last)
                self.list.setCurrentIndex(self.list_model.index(keep_row))
                self._refresh_sidebar()
                return
            self._update_counts(len(highlights))
            if final:
                self.statusBar().showMessage(f"{len(articles)} articles from {self.source.name}", 5000)
            else:
                self.statusBar().showMessage(f"{len(articles)} articles found; finding entities…")
            if not articles:
                self.reader.show_message(
                    f"No articles were found in {self.source.name}.\n\nIs it empty? Open another file with Ctrl+O."
                )
                return
            row = self.list_model.row_of(keep) if keep else 0
            self.list.setCurrentIndex(self.list_model.index(max(row, 0)))
            if keep:
                self.open_article(keep, keep_position=True)
            if self.entity_filter:
                self.filter_by_entity(self.entity_filter)
            self._refresh_sidebar()

        self.runner.run(load, loaded, self._open_failed)

    def _open_failed(self, error: Exception) -> None:
        self.progress.hide()
        message = str(error) or error.__class__.__name__
        self.statusBar().showMessage(f"Could not open {self.source.name}: {message}")
        if self.library is None:
            self.reader.show_message(
                f"Lede could not open {self.source}.\n\n{message}\n\nOpen another file with Ctrl+O."
            )

    def choose_source(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a news file", str(self.source.parent))
        if path:
            self.switch_source(Path(path))

    def switch_source(self, source: Path) -> None:
        if self.build is not None:
            self.build.cancel()
            self.build = None
        if self.library is not None:
            old = self.library
            self.runner.run(old.close)
        self.library = None
        self.current = None
        self.source = source
        self.list_model.set_articles([])
        self.sidebar.set_entities([])
        self.open_source_async()

    # ================================================================ articles
    def _list_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = self.list_model.article_id(current.row())
        if article_id and (self.current is None or self.current.id != article_id):
            self.open_article(article_id)

    def open_article(self, article_id: str, *, keep_position: bool = False, then: Any = None) -> None:
        lib = self.library
        if lib is None:
            return
        self._pending_open = article_id

        def load() -> tuple[Article | None, list[Highlight]]:
            return lib.article(article_id), lib.highlights(article_id)

        def show(result: tuple[Article | None, list[Highlight]]) -> None:
            article, highlights = result
            if article is None or self._pending_open != article_id:
                return
            self._remember_position()
            self.current = article
            if self.probe is not None:
                self.probe.mark("first_article_readable")
            self._push_history(article.id)
            self.reader.set_article(article, highlights, keep_position=keep_position)
            if not keep_position and self.positions.get(article.id):
                self.reader.set_focus_paragraph(self.positions[article.id])
            self.runner.run(lambda: lib.set_session("last_article", article.id), write=True)
            if self.mark_read_after > 0:
                self._dwell.start(self.mark_read_after * 1000)
            self.reader.mark_entity(
                self.sidebar.selected_name() if self.entity_filter is None else self.entity_filter
            )
            self.setWindowTitle(f"Lede — {article.title}")
            terms = query_terms(self.search.text())
            if terms and self.list_model.is_filtered():
                self.reader.find_all_terms(terms)
            if self.sidebar.current_scope() == "article":
                self._refresh_sidebar()
            if then is not None:
                then()

        self.runner.run(load, show)

    # ================================================================ history & modes
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
            self.statusBar().showMessage("No further history", 2000)
            return
        self.history_pos = target
        article_id = self.history[target]
        if self.list_model.row_of(article_id) < 0:
            self.list_model.show_all()
        self._navigating_history = True
        self.list.setCurrentIndex(self.list_model.index(self.list_model.row_of(article_id)))

    def toggle_distraction_free(self) -> None:
        """Hide everything but the text (F11 again brings the panes back as they were)."""
        left = self.splitter.widget(0)
        if self._chrome is None:
            self._chrome = {
                "left": left.isVisible(),
                "right": self.right.isVisible(),
                "menu": self.menuBar().isVisible(),
                "status": self.statusBar().isVisible(),
                "full": self.isFullScreen(),
            }
            left.hide()
            self.right.hide()
            self.menuBar().hide()
            self.statusBar().hide()
            self.showFullScreen()
        else:
            chrome, self._chrome = self._chrome, None
            left.setVisible(chrome["left"])
            self.right.setVisible(chrome["right"])
            self.menuBar().setVisible(chrome["menu"])
            self.statusBar().setVisible(chrome["status"])
            if not chrome["full"]:
                self.showNormal()
        self.reader.setFocus()

    def cycle_filter(self) -> None:
        modes = ArticleListModel.MODES
        mode = modes[(modes.index(self.list_model.mode) + 1) % len(modes)]
        self.set_list_mode(mode)

    def set_list_mode(self, mode: str) -> None:
        self.list_model.set_mode(mode)
        label = ArticleListModel.MODE_LABELS[mode]
        self.filter_label.setText(f"Showing: {label} ({self.list_model.total_rows()})  ·  f to change")
        self.filter_label.setVisible(mode != "all")
        if self.list_model.rowCount() and self.current is not None:
            row = self.list_model.row_of(self.current.id)
            self.list.setCurrentIndex(self.list_model.index(max(row, 0)))

    # ================================================================ files
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths_ = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths_:
            event.acceptProposedAction()
            self.switch_source(paths_[0])

    def _source_changed(self, _path: str) -> None:
        self._rebuild_timer.start()  # editors write in bursts: wait for the last one

    def _rebuild_changed_source(self) -> None:
        if not self.source.exists():
            self.statusBar().showMessage(f"{self.source.name} was removed; showing the last good copy")
            return
        if str(self.source) not in self.watcher.files():
            self.watcher.addPath(str(self.source))  # a save-by-rename drops the watch
        if self.build is not None and self.build.running():
            self._rebuild_timer.start()
            return
        self.statusBar().showMessage(f"{self.source.name} changed — updating the library…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.build = BuildProcess(self.source, self)
        self.build.event.connect(self._refresh_event)
        self.build.failed.connect(self._open_failed)
        self.build.start()

    def _refresh_event(self, event: dict[str, Any]) -> None:
        if event.get("event") == "done":
            self.progress.hide()
            self._open_build(Path(str(event["dir"])), final=True)
        elif event.get("event") != "articles":
            self._build_event(event)

    def _remember_position(self) -> None:
        """Save where the reader was in the article being left (its focused paragraph)."""
        lib, art = self.library, self.current
        if lib is None or art is None or self.reader.article is None:
            return
        paragraph = self.reader.focus_paragraph_index()
        if self.positions.get(art.id, 0) != paragraph:
            self.positions[art.id] = paragraph
            aid = art.id
            self.runner.run(lambda: lib.set_position(aid, paragraph), write=True)

    def step_article(self, delta: int) -> None:
        count = self.list_model.total_rows()
        if not count:
            return
        row = self.list.currentIndex().row()
        row = 0 if row < 0 else max(0, min(count - 1, row + delta))
        self.list_model.ensure_row(row)
        self.list.setCurrentIndex(self.list_model.index(row))

    def next_unread(self) -> None:
        """Space at the end, or Shift+J: mark this one read and open the next unread article."""
        if self.current is not None:
            self._set_state(self.current.id, read=True)
        ids = self.list_model.visible_ids()
        start = ids.index(self.current.id) + 1 if self.current and self.current.id in ids else 0
        for aid in ids[start:] + ids[:start]:
            if not self.list_model.state(aid)[0] and (self.current is None or aid != self.current.id):
                self.list.setCurrentIndex(self.list_model.index(self.list_model.row_of(aid)))
                return
        self.statusBar().showMessage("No more unread articles", 4000)

    # ================================================================ sidebar
    def _refresh_sidebar(self) -> None:
        lib = self.library
        if lib is None:
            return
        if self.sidebar.current_scope() == "article":
            art = self.current
            if art is not None:
                ents = list(art.entities)
                msg = "" if ents or lib.searchable else "Finding entities…"
                self.sidebar.set_entities(ents, msg, quotes=art.quotes, figures=art.figures)
            return
        self.runner.run(lambda: lib.entities(None), lambda ents: self.sidebar.set_entities(ents))

    def _reader_focus_moved(self, start: int, end: int) -> None:
        """The sidebar follows the reading focus: the focused paragraph's entities come first."""
        art = self.current
        if art is None or self.sidebar.current_scope() != "article":
            return
        index = self.reader.paragraph_of(start)
        p_start = self.reader.paragraph_start(index)
        p_end = p_start + len(art.paragraphs[index]) if index < len(art.paragraphs) else p_start
        names = [m.entity for m in sorted(art.mentions, key=lambda m: m.start) if p_start <= m.start < p_end]
        self.sidebar.set_focus_names(names)

    def go_to_passage(self, start: int, end: int) -> None:
        self.reader.set_focus_span(start, end)
        self.reader.setFocus(Qt.FocusReason.OtherFocusReason)

    def _entity_selected(self, name: str | None) -> None:
        if self.entity_filter is None:
            self.reader.mark_entity(name)

    def filter_by_entity(self, name: str) -> None:
        lib = self.library
        if lib is None:
            return
        self.entity_filter = name
        self.search.set_chip(f"{name}")
        self.reader.mark_entity(name)

        def shown(ids: list[str]) -> None:
            self.list_model.show_ids(ids)
            self.statusBar().showMessage(f"{len(ids)} articles mention {name}", 5000)
            if self.current is not None and self.current.id in ids:
                self.list.setCurrentIndex(self.list_model.index(self.list_model.row_of(self.current.id)))
            elif ids:
                self.list.setCurrentIndex(self.list_model.index(0))

        self.runner.run(lambda: lib.articles_with_entity(name), shown)

    def clear_entity_filter(self) -> None:
        self.entity_filter = None
        self.search.set_chip(None)
        self.reader.mark_entity(self.sidebar.selected_name())
        self._restore_list()

    def step_mention(self, delta: int) -> None:
        name = self.entity_filter or self.sidebar.selected_name()
        if not name:
            self.statusBar().showMessage("Choose an entity in the sidebar first (e)", 4000)
            return
        if not self.reader.step_mention(name, delta):
            self.statusBar().showMessage(f"{name} is not mentioned in this article", 4000)

    # ================================================================ search
    def focus_search(self) -> None:
        self.search.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.edit.selectAll()

    def run_search(self, query: str) -> None:
        lib = self.library
        if lib is None:
            return
        if not query.strip():
            self._restore_list()
            return
        self._search_seq += 1
        seq = self._search_seq

        def done(result: SearchResult) -> None:
            if seq != self._search_seq:
                return  # a newer query is on its way; drop this stale result
            self.list_model.show_hits(result.hits)
            parts = [f"{result.total} {'hit' if result.total == 1 else 'hits'} for “{query}”"]
            if result.notice:
                parts.append(result.notice)
            if result.suggestion:
                parts.append(f"did you mean: {result.suggestion}")
            self.statusBar().showMessage(" — ".join(parts))
            if result.hits:
                self.list.setCurrentIndex(self.list_model.index(0))

        self.runner.run(lambda: lib.search(query, limit=200), done)

    def _search_accepted(self) -> None:
        def go() -> None:
            if self.list_model.rowCount():
                self.list.setCurrentIndex(self.list_model.index(0))
                self.reader.setFocus()
                if self.current is not None:
                    terms = query_terms(self.search.text())
                    if terms:
                        count = self.reader.find_all_terms(terms)
                        self.statusBar().showMessage(
                            f"{count} matches in this article — F3 / Shift+F3 to move", 5000
                        )

        # results may still be on their way from the worker: wait until the runner is idle
        self._when_idle(go)

    def _when_idle(self, fn: Any, tries: int = 100) -> None:
        if self.runner.closed:
            return
        if self.runner.pending == 0 or tries <= 0:
            fn()
        else:
            QTimer.singleShot(20, self, lambda: self._when_idle(fn, tries - 1))

    def _restore_list(self) -> None:
        if self.entity_filter:
            self.filter_by_entity(self.entity_filter)
        else:
            keep = self.current.id if self.current else None
            self.list_model.show_all()
            if keep:
                self.list.setCurrentIndex(self.list_model.index(self.list_model.row_of(keep)))

    def escape(self) -> None:
        """Esc: close the find bar, clear the search, drop the entity filter — back to the reader."""
        if self.pending_reattach is not None:
            self.pending_reattach = None
            self.statusBar().showMessage("Left the orphan where it was", 3000)
        elif self.find_bar.isVisible():
            self.find_bar.hide()
            self.reader.clear_find()
        elif self.search.text():
            self.search.clear()
            self.reader.clear_find()
            self._restore_list()
            self.statusBar().clearMessage()
        elif self.entity_filter:
            self.clear_entity_filter()
        self.reader.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ================================================================ find
    def show_find(self) -> None:
        self.find_bar.show()
        self.find_bar.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_bar.edit.selectAll()

    def _find_changed(self, text: str, case: bool, whole: bool) -> None:
        count = self.reader.find_all(text, case=case, whole=whole)
        self.find_bar.show_count(self.reader.find_position()[0], count)

    def _find_step(self, delta: int) -> None:
        index, total = self.reader.find_step(delta)
        self.find_bar.show_count(index, total)
        if total:
            self.statusBar().showMessage(f"match {index} / {total}", 3000)

    # ================================================================ annotations
    def _refresh_annotations(self, article_id: str | None = None) -> None:
        lib = self.library
        if lib is None:
            return

        def load() -> tuple[list[Highlight], dict[int, tuple[str, ...]]]:
            highlights = lib.highlights()
            return highlights, lib.highlight_entities(highlights)

        def loaded(result: tuple[list[Highlight], dict[int, tuple[str, ...]]]) -> None:
            highlights, entities = result
            self._set_notes(highlights, entities)
            self._update_counts(len(highlights))
            if self.current is not None and (article_id is None or article_id == self.current.id):
                self.reader.set_highlights([h for h in highlights if h.article_id == self.current.id])

        self.runner.run(load, loaded)

    def _set_notes(
        self, highlights: list[Highlight], entities: dict[int, tuple[str, ...]] | None = None
    ) -> None:
        # Titles of the annotated articles only: walking every summary cost 17 ms of UI time per
        # reload at 20k articles.
        summaries = {h.article_id: self.list_model.summary(h.article_id) for h in highlights}
        titles = {i: s.title for i, s in summaries.items() if s is not None}
        self.notes.set_highlights(highlights, titles, entities)
        self.list_model.set_annotated({h.article_id for h in highlights})

    def _update_counts(self, highlights: int) -> None:
        articles = self.list_model.article_count()
        self.counts.setText(
            f"{articles} article{'s' if articles != 1 else ''} · {highlights} highlight{'s' if highlights != 1 else ''}"
        )

    def highlight(self, color: int, *, recolor: bool) -> None:
        lib, art = self.library, self.current
        if lib is None or art is None:
            return
        if self.pending_reattach is not None:
            self._reattach_here()
            return
        existing = self.reader.highlight_at_focus()
        span = self.reader.focus_span()
        if recolor and existing is not None and span is not None and (existing.start, existing.end) == span:
            hid = existing.id
            self.runner.run(
                lambda: lib.set_highlight_color(hid, color),
                lambda _h: self._refresh_annotations(art.id),
                write=True,
            )
            return
        if span is None:
            return
        start, end = span

        def done(hl: Highlight) -> None:
            self.reader.setTextCursor(self.reader.cursorForPosition(self.reader.viewport().rect().topLeft()))
            self.statusBar().showMessage(f"Highlighted {len(hl.exact)} characters in colour {hl.color}", 3000)
            self._refresh_annotations(art.id)

        self.runner.run(
            lambda: lib.add_highlight(art.id, start, end, color), done, self._write_failed, write=True
        )

    def _reattach_here(self) -> None:
        lib, art, hl = self.library, self.current, self.pending_reattach
        span = self.reader.focus_span()
        if lib is None or art is None or hl is None or span is None:
            return
        self.pending_reattach = None
        hid, aid = hl.id, art.id

        def done(_new: Highlight) -> None:
            self.statusBar().showMessage("Highlight placed again", 3000)
            self._refresh_annotations()

        self.runner.run(
            lambda: lib.reattach(hid, aid, span[0], span[1]), done, self._write_failed, write=True
        )

    def remove_highlight(self) -> None:
        lib = self.library
        hl = self.reader.highlight_at_focus()
        if lib is None or hl is None:
            self.statusBar().showMessage("No highlight at the focus", 3000)
            return
        hid = hl.id
        self.runner.run(
            lambda: lib.remove_highlight(hid), lambda _c: self._refresh_annotations(hl.article_id), write=True
        )

    def _write_failed(self, error: Exception) -> None:
        self.statusBar().showMessage(f"Could not save: {error}")

    def edit_highlight_note(self) -> None:
        lib, art = self.library, self.current
        if lib is None or art is None:
            return
        hl = self.reader.highlight_at_focus()
        if hl is not None:
            self._open_note_editor(hl)
            return
        span = self.reader.focus_span()
        if span is None:
            return
        start, end = span

        def created(new: Highlight) -> None:
            self._refresh_annotations(art.id)
            self._open_note_editor(new)

        self.runner.run(
            lambda: lib.add_highlight(art.id, start, end, 1), created, self._write_failed, write=True
        )

    def _open_note_editor(self, hl: Highlight) -> None:
        lib = self.library
        assert lib is not None
        hid = hl.id

        def save(text: str) -> None:
            self.runner.run(lambda: lib.set_highlight_note(hid, text), None, self._write_failed, write=True)

        from reader.ui.widgets.note_editor import NoteEditor

        editor = NoteEditor("Note on highlight", hl.exact, hl.note, save, self)
        editor.exec()
        self._refresh_annotations(hl.article_id)
        self.reader.setFocus()

    def edit_article_note(self) -> None:
        lib, art = self.library, self.current
        if lib is None or art is None:
            return
        aid = art.id

        def loaded(note: Any) -> None:
            def save(text: str) -> None:
                self.runner.run(lambda: lib.set_article_note(aid, text), None, self._write_failed, write=True)

            from reader.ui.widgets.note_editor import NoteEditor

            editor = NoteEditor(f"Note on “{art.title}”", "", note.text if note else "", save, self)
            editor.exec()
            self.reader.setFocus()

        self.runner.run(lambda: lib.article_note(aid), loaded)

    def tag_highlight(self) -> None:
        lib = self.library
        hl = self.reader.highlight_at_focus()
        if lib is None or hl is None:
            self.statusBar().showMessage("Highlight something first (h), then tag it (t)", 4000)
            return

        def with_tags(all_tags: list[str]) -> None:
            dialog = QInputDialog(self)
            dialog.setWindowTitle("Tags")
            dialog.setLabelText("Tags for this highlight (comma separated):")
            dialog.setTextValue(", ".join(hl.tags))
            edit = dialog.findChild(QLineEdit)
            if edit is not None and all_tags:
                completer = QCompleter(all_tags, dialog)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                edit.setCompleter(completer)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                tags = [t.strip().lstrip("#") for t in dialog.textValue().split(",") if t.strip()]
                self.runner.run(
                    lambda: lib.set_highlight_tags(hl.id, tags),
                    lambda _h: self._refresh_annotations(hl.article_id),
                    self._write_failed,
                    write=True,
                )
            self.reader.setFocus()

        self.runner.run(lib.all_tags, with_tags)

    def jump_to_highlight(self, hl: Highlight) -> None:
        if hl.orphan:
            self.pending_reattach = hl
            self.statusBar().showMessage(
                f"Orphaned highlight “{hl.exact[:50]}”: move the focus to where it belongs and press h "
                "to place it there (Esc cancels)"
            )
            in_library = self.list_model.summary(hl.article_id) is not None
            if in_library and (self.current is None or self.current.id != hl.article_id):
                self._open_from_palette(hl.article_id)
            self.reader.setFocus()
            return
        row = self.list_model.row_of(hl.article_id)
        if row < 0:
            self.list_model.show_all()
            row = self.list_model.row_of(hl.article_id)

        def place() -> None:
            self.reader.set_focus_paragraph(self.reader.paragraph_of(hl.start))
            self.reader.setFocus()

        if self.current is not None and self.current.id == hl.article_id:
            place()
        else:
            self.list.blockSignals(True)
            self.list.setCurrentIndex(self.list_model.index(row))
            self.list.blockSignals(False)
            self.open_article(hl.article_id, then=place)

    def toggle_notes(self) -> None:
        visible = not self.notes.isVisible()
        self.notes.setVisible(visible)
        if visible:
            self.right.show()
            self.notes.setFocus()
        else:
            self.reader.setFocus()

    def toggle_state(self, which: str) -> None:
        if self.current is None:
            return
        read, starred = self.list_model.state(self.current.id)
        if which == "read":
            self._set_state(self.current.id, read=not read)
        else:
            self._set_state(self.current.id, starred=not starred)

    def _set_state(self, article_id: str, *, read: bool | None = None, starred: bool | None = None) -> None:
        lib = self.library
        if lib is None:
            return
        old_read, old_star = self.list_model.state(article_id)
        new = (old_read if read is None else read, old_star if starred is None else starred)
        self.list_model.set_state(article_id, *new)
        self.statusBar().showMessage(
            f"Marked {'read' if new[0] else 'unread'}{', starred' if new[1] else ''}", 2000
        )
        self.runner.run(
            lambda: lib.set_state(article_id, read=read, starred=starred),
            None,
            self._write_failed,
            write=True,
        )

    # ================================================================ entity corrections
    def correct_entity(self, kind: str) -> None:
        """F2 rename, Ctrl+M merge, Ctrl+Shift+M split, Ctrl+D hide — fixes that survive rebuilds."""
        lib = self.library
        name = self.sidebar.selected_name() or self.entity_filter
        if lib is None or not name:
            self.statusBar().showMessage("Select an entity in the sidebar first (e)", 4000)
            return
        target = ""
        if kind == "rename":
            target, ok = QInputDialog.getText(self, "Rename entity", f"New name for {name}:", text=name)
            if not ok or not target.strip() or target.strip() == name:
                return
        elif kind == "merge":
            others = [n for n in self.sidebar.names() if n != name]
            target, ok = QInputDialog.getItem(self, "Merge entity", f"Merge {name} into:", others, 0, True)
            if not ok or not target.strip():
                return
        elif kind == "split":
            merged = [c.name for c in lib.corrections() if c.kind == "merge" and c.target == name]
            if not merged:
                self.statusBar().showMessage(f"Nothing was merged into {name}", 4000)
                return
            chosen, ok = QInputDialog.getItem(self, "Split entity", f"Split out of {name}:", merged, 0, False)
            if not ok:
                return
            name = chosen

        def done(_c: Any) -> None:
            self.statusBar().showMessage(f"Entity corrected ({kind}: {name})", 4000)
            if self.current is not None:
                self.open_article(self.current.id, keep_position=True)
            self._refresh_sidebar()

        self.runner.run(
            lambda: lib.correct_entity(kind, name, target.strip()), done, self._write_failed, write=True
        )

    def show_quotes_by(self) -> None:
        """q: every quote the selected person or organisation gave, across the library."""
        lib = self.library
        name = self.sidebar.selected_name() or self.entity_filter
        if lib is None or not name:
            self.statusBar().showMessage("Select an entity in the sidebar first (e)", 4000)
            return

        def shown(quotes: list[Any]) -> None:
            if not quotes:
                self.statusBar().showMessage(f"No quotes attributed to {name}", 4000)
                return
            from reader.ui.widgets.palette import CommandPalette, PaletteEntry

            entries = [
                PaletteEntry(
                    f"“{' '.join(q.text.split())[:110]}”",
                    title[:40],
                    lambda aid=aid, q=q: self._open_passage(aid, q.start, q.end),
                )
                for aid, title, q in quotes
            ]
            dialog = CommandPalette(entries, self)
            dialog.setWindowTitle(f"{len(quotes)} quotes by {name}")
            dialog.edit.setPlaceholderText("Filter the quotes…")
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen is not None:
                dialog.chosen.run()

        self.runner.run(lambda: lib.quotes_by(name), shown)

    def _open_passage(self, article_id: str, start: int, end: int) -> None:
        if self.current is not None and self.current.id == article_id:
            self.go_to_passage(start, end)
            return
        if self.list_model.row_of(article_id) < 0:
            self.list_model.show_all()
        self.list.blockSignals(True)
        self.list.setCurrentIndex(self.list_model.index(self.list_model.row_of(article_id)))
        self.list.blockSignals(False)
        self.open_article(article_id, then=lambda: self.go_to_passage(start, end))

    # ================================================================ saved searches
    def save_search(self) -> None:
        lib, query = self.library, self.search.text().strip()
        if lib is None or not query:
            self.statusBar().showMessage("Type a search first (/), then save it (Ctrl+S)", 4000)
            return
        name, ok = QInputDialog.getText(self, "Save search", f"Name for “{query}”:", text=query)
        if not ok or not name.strip():
            return
        self.runner.run(
            lambda: (lib.save_search(name.strip(), query), lib.saved_search_counts())[1],
            self._show_saved_searches,
            self._write_failed,
            write=True,
        )

    def _show_saved_searches(self, saved: list[Any]) -> None:
        self.saved_list.clear()
        for item, count in saved:
            entry = QListWidgetItem(f"{item.name}  ({count})")
            entry.setData(Qt.ItemDataRole.UserRole, item.query)
            entry.setToolTip(item.query)
            self.saved_list.addItem(entry)
        self.saved_list.setVisible(bool(saved))
        self.saved_list.setMaximumHeight(min(6, max(1, len(saved))) * 22 + 8)
        self.saved = saved

    def run_saved_search(self, query: str) -> None:
        self.search.edit.setText(query)
        self.run_search(query)
        self.list.setFocus()

    def export_entity_notebook(self) -> None:
        lib = self.library
        name = self.sidebar.selected_name() or self.entity_filter
        if lib is None or not name:
            self.statusBar().showMessage("Select an entity in the sidebar first (e)", 4000)
            return
        default = Path.home() / f"{name.replace('/', '-')} notebook.md"
        path, _ = QFileDialog.getSaveFileName(self, "Export entity notebook", str(default), "Markdown (*.md)")
        if not path:
            return

        def export() -> str:
            from reader.core.atomic import write_text_atomic

            write_text_atomic(Path(path), lib.export_entity_notebook(name))
            return path

        self.runner.run(
            export, lambda p: self.statusBar().showMessage(f"Exported to {p}", 5000), self._write_failed
        )

    # ================================================================ view & help
    def toggle_theme(self) -> None:
        self.settings.theme = "light" if self.dark else "dark"
        self.apply_settings(self.settings)
        self._save_settings()

    def _save_settings(self) -> None:
        snapshot = self.settings.copy()
        self.runner.run(snapshot.save, None, self._write_failed, write=True)

    def apply_settings(self, settings: Settings) -> None:
        """Keys, theme and typography from Preferences take effect at once."""
        self.table.apply_keys(settings.effective_keys())
        dark = settings.wants_dark(system_prefers_dark())
        if dark != self.dark:
            self.dark = dark
            app = QApplication.instance()
            if isinstance(app, QApplication):
                apply_theme(app, dark)
            self.reader.set_dark(dark)
        self.reader.set_typography(settings.font_family, settings.font_size, settings.line_width)
        self.mark_read_after = settings.mark_read_after_seconds

    def show_preferences(self) -> None:
        from reader.ui.widgets.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.settings, self)
        dialog.applied.connect(self.apply_settings)
        dialog.exec()
        self.reader.setFocus()

    def choose_recent(self) -> None:
        recent = [p for p in self.settings.recent_sources if p != str(self.source)]
        if not recent:
            self.statusBar().showMessage("No other recent sources", 3000)
            return
        chosen, ok = QInputDialog.getItem(self, "Open recent", "Source:", recent, 0, False)
        if ok and chosen:
            self.switch_source(Path(chosen))

    def _dwell_elapsed(self) -> None:
        if self.current is not None and not self.list_model.state(self.current.id)[0]:
            self._set_state(self.current.id, read=True)

    def show_shortcuts(self) -> None:
        from reader.ui.widgets.shortcut_sheet import ShortcutSheet

        sheet = ShortcutSheet(self.table.keys, self)
        sheet.exec()

    def show_palette(self) -> None:
        """Ctrl+K: every action (with its keys), article, entity and tag, fuzzy-searchable."""
        from reader.ui.widgets.palette import PaletteEntry

        lib = self.library
        entries = []
        for action in self.table.actions.values():
            keys = ", ".join(k.toString() for k in action.shortcuts()[:2])
            entries.append(PaletteEntry(action.text(), keys, action.trigger))
        summaries = self.list_model.summaries()

        def load() -> list[Any]:
            # On a worker: a 20,000-article library gives 160,000 entries (articles, entities).
            out = [
                PaletteEntry(s.title, "article", lambda aid=s.id: self._open_from_palette(aid)) for s in summaries
            ]
            if lib is None:
                return out
            for ent in lib.entities(None):
                out.append(
                    PaletteEntry(
                        ent.name, f"{ent.type.lower()} · {ent.count}", lambda n=ent.name: self.filter_by_entity(n)
                    )
                )
            for tag in lib.all_tags():
                out.append(PaletteEntry(f"#{tag}", "tag", lambda t=tag: self.show_tag(t)))
            return out

        self.runner.run(load, lambda loaded: self._open_palette([*entries, *loaded]))

    def _open_palette(self, entries: list[Any]) -> None:
        from reader.ui.widgets.palette import CommandPalette, PaletteEntry

        for saved, count in self.saved:
            entries.append(
                PaletteEntry(
                    saved.name, f"saved search · {count}", lambda q=saved.query: self.run_saved_search(q)
                )
            )
        palette = CommandPalette(entries, self, background=lambda work, done: self.runner.run(work, done))
        if palette.exec() == QDialog.DialogCode.Accepted and palette.chosen is not None:
            palette.chosen.run()

    def show_tag(self, tag: str) -> None:
        self.notes.show()
        self.right.show()
        self.notes.filter.setText(f"#{tag}")
        self.notes.setFocus()

    def _open_from_palette(self, article_id: str) -> None:
        if self.list_model.row_of(article_id) < 0:
            self.list_model.show_all()
        self.list.setCurrentIndex(self.list_model.index(self.list_model.row_of(article_id)))
        self.reader.setFocus()

    def show_removed_lines(self) -> None:
        lib = self.library
        if lib is None:
            return

        def shown(dropped: list[Any]) -> None:
            dialog = QDialog(self)
            dialog.setWindowTitle("Removed lines")
            dialog.resize(640, 420)
            layout = QVBoxLayout(dialog)
            view = QPlainTextEdit()
            view.setReadOnly(True)
            rows = [f"line {d.line:>5}  [{d.reason}]  {d.text}" for d in dropped]
            view.setPlainText("\n".join(rows) or "Nothing was removed.")
            layout.addWidget(QLabel(f"{len(dropped)} lines the cleaner removed from {self.source.name}:"))
            layout.addWidget(view)
            dialog.exec()

        self.runner.run(lib.dropped_lines, shown)

    def export_markdown(self) -> None:
        lib = self.library
        if lib is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Export notes", str(Path.home() / "lede-notes.md"), "Markdown (*.md)"
        )
        if not path:
            return

        def export() -> str:
            from reader.core.atomic import write_text_atomic

            write_text_atomic(Path(path), lib.export("md"))
            return path

        self.runner.run(
            export, lambda p: self.statusBar().showMessage(f"Exported to {p}", 5000), self._write_failed
        )

    # ================================================================ closing
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.probe is not None:
            self.probe.write()
        self._remember_position()
        if self.build is not None:
            self.build.cancel()
        self.runner.shutdown()
        if self.library is not None:
            self.library.close()
        super().closeEvent(event)
