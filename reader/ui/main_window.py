"""The main window: article list | reader pane | entity sidebar (+ notes panel).

The window holds the layout, the state every part shares (the source, the open
library, the article being read, the entity filter) and the wiring; what the actions
do lives in controllers (:mod:`reader.ui.controllers`, :mod:`reader.ui.commands`),
each owning its action ids. The window never does I/O or heavy work on the UI thread:
the index build runs as a child process, library reads and writes run as named
operations on the task runner, and a write's ``Changes`` reach the views that show them.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListView,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reader.settings import Settings
from reader.ui.first_frame import FirstFrame, OncePainted
from reader.ui.theme import apply_theme, system_prefers_dark

if TYPE_CHECKING:  # the core, the panes and the controllers load once the first frame is on screen
    from reader.core.library import AnnotationStore, Library
    from reader.core.types import Article, PassageLink
    from reader.ui.controllers import Controller, Handler
    from reader.ui.widgets.dossier_page import DossierPage

__all__ = ["MainWindow"]

# The modules of the panes and the controllers, imported a group per turn of the event loop
# before the window builds them (each group takes under ~35 ms on a quiet machine).
PANE_MODULES = (
    ("reader.core.types",),  # the values the task runner's operations carry
    ("reader.ui.tasks",),
    ("reader.ui.actions", "reader.ui.models.articles", "reader.ui.models.saved_searches"),
    ("reader.ui.widgets.search_bar", "reader.ui.widgets.article_list"),
    ("reader.ui.widgets.reader_pane", "reader.ui.widgets.find_bar"),
    (
        "reader.ui.widgets.entity_sidebar",
        "reader.ui.widgets.notes_panel",
        "reader.ui.widgets.watchlist_panel",
    ),
    ("reader.ui.commands",),
    ("reader.ui.controllers.loading", "reader.ui.controllers.navigation"),
    (
        "reader.ui.controllers.aloud",
        "reader.ui.controllers.annotate",
        "reader.ui.controllers.dossier",
        "reader.ui.controllers.entities",
        "reader.ui.controllers.links",
        "reader.ui.controllers.review",
        "reader.ui.controllers.search",
        "reader.ui.controllers.watchlist",
    ),
)

# How long the app waits for the first frame to be painted before building the rest anyway.
FIRST_FRAME_PATIENCE_MS = 500


class MainWindow(QMainWindow):
    """The window. ``first_frame=True`` (the app) shows it before the panes exist.

    Built in two steps so the desktop gets a window at once: the first step needs only Qt,
    the settings and the theme (the title, the size, a skeleton of the panes and the menu
    titles); :meth:`complete` imports and builds the panes and the controllers. Tests build
    both steps at once; the app paints the first frame, then completes on the next turn of
    the event loop (:class:`FirstFrame` says when it was painted).
    """

    def __init__(
        self,
        source: Path,
        *,
        store: AnnotationStore | None = None,
        link: PassageLink | None = None,
        first_frame: bool = False,
        answer_links: str | None = None,
    ) -> None:
        """``answer_links``: the local socket name on which to take links from later launches."""
        super().__init__()
        self.setObjectName("mainWindow")
        # Shared state: read by every controller, set by the one that owns the change.
        self.source = source
        self.library: Library | None = None
        self.store = store
        self.current: Article | None = None
        self.entity_filter: str | None = None
        self.completed = False  # the panes and the controllers are built and shown
        self._building = False
        self._first_frame = first_frame
        self._link = link
        self._answer_links = answer_links
        self._dossier_page: DossierPage | None = None
        from reader.ui.probe import from_environment

        self.probe = from_environment(self)  # benchmarks only: UI stall and stage timings
        self.setAcceptDrops(True)
        self.setWindowTitle("Lede")
        self.resize(1280, 800)
        self.settings = Settings.load()
        # the first frame is already in the user's theme: no light flash before a dark window
        app = QApplication.instance()
        if isinstance(app, QApplication) and self.settings.wants_dark(system_prefers_dark()):
            apply_theme(app, True)
        if first_frame:
            frame = FirstFrame(self)
            frame.painted.connect(lambda: QTimer.singleShot(0, self._complete_shown))
            # shown but never painted (started minimised, on another desktop): build anyway
            QTimer.singleShot(FIRST_FRAME_PATIENCE_MS, self._complete_shown)
        else:
            self.complete()

    def _complete_shown(self) -> None:
        """The first frame reached the screen (the event loop turned once after its paint):
        build the rest one step per turn of the loop, so that no turn holds the UI thread for
        long (all at once, a warm launch's panes and controllers took 350 ms in one stall)."""
        if self.isVisible() and not self._building:  # not for a window closed before it was built
            self._building = True
            self._next_step(iter(self._steps()))

    def _next_step(self, steps: Iterator[Callable[[], None]]) -> None:
        """Run the next step on a timer's turn, not as a posted call: posted calls ran back to
        back, while a timer lets the probe's and the input's turns come between steps."""
        QTimer.singleShot(1, self, lambda: self._step(steps))

    def _step(self, steps: Iterator[Callable[[], None]]) -> None:
        if not self.isVisible():
            return  # closed while it was being built: the rest is never needed
        step = next(steps, None)
        if step is not None:
            step()
            self._next_step(steps)

    def complete(self) -> None:
        """Import and build the panes and the controllers at once, then start opening the source."""
        if self._building:
            return
        self._building = True
        for step in self._steps():
            step()

    def _steps(self) -> list[Callable[[], None]]:
        """Building the window after its first frame, in pieces of about 10-40 ms each (quiet machine)."""
        if self.probe is not None:
            self.probe.mark("first_frame")
        return [
            *(partial(_import_all, group) for group in PANE_MODULES),
            self._start_runner,
            self._build_list_pane,
            self._build_reader_pane,
            self._build_sidebar,
            self._build_side_panes,
            self._build_controllers,
            self._build_actions,
            self._show_panes,
        ]

    def _start_runner(self) -> None:
        from reader.ui.tasks import TaskRunner

        self.runner = TaskRunner(self)

    def _build_controllers(self) -> None:
        from reader.ui.commands import Commands
        from reader.ui.controllers.aloud import ReadAloudController
        from reader.ui.controllers.annotate import AnnotateController
        from reader.ui.controllers.dossier import DossierController
        from reader.ui.controllers.entities import EntitiesController
        from reader.ui.controllers.links import LinkController
        from reader.ui.controllers.loading import LoadingController
        from reader.ui.controllers.navigation import NavigationController
        from reader.ui.controllers.review import ReviewController
        from reader.ui.controllers.search import SearchController
        from reader.ui.controllers.watchlist import WatchlistController

        self.loading = LoadingController(self)
        self.navigation = NavigationController(self)
        self.annotate = AnnotateController(self)
        self.entities = EntitiesController(self)
        self.searches = SearchController(self)
        self.watchlist = WatchlistController(self)
        self.dossiers = DossierController(self)
        self.commands = Commands(self)
        self.links = LinkController(self, self._link)
        self.aloud = ReadAloudController(self)
        self.review = ReviewController(self)
        if self._answer_links:
            QTimer.singleShot(0, self, lambda: self.links.listen(self._answer_links))
        self._connect()

    def _build_actions(self) -> None:
        from reader.ui.actions import ActionTable

        self.table = ActionTable(self, self.reader, self.settings.effective_keys())
        self.table.build_menus(self)
        self.table.connect(self.handlers())
        self.apply_settings(self.settings)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):  # follow the desktop's light/dark switch live
            hints.colorSchemeChanged.connect(lambda _s: self.apply_settings(self.settings))

    def _show_panes(self) -> None:
        """The panes replace the first frame in one repaint; reading starts in the reader."""
        self.setUpdatesEnabled(False)
        self.setCentralWidget(self.splitter)
        self.splitter.show()  # at once, not on the next turn of the loop: the reader takes the focus below
        self.statusBar().addPermanentWidget(self.counts)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().showMessage(self.settings.notice or "Opening…", 10000 if self.settings.notice else 0)
        self.setUpdatesEnabled(True)
        self.reader.setFocus(Qt.FocusReason.OtherFocusReason)
        self.completed = True
        if self.probe is not None:
            self.probe.mark("window_built")
        if self._first_frame:  # the app: the panes' first paint goes first
            OncePainted(self.reader.viewport(), self._start_reading, FIRST_FRAME_PATIENCE_MS)
        else:
            self._start_reading()

    def _start_reading(self) -> None:
        """Import the core on the runner and open the source: only once the panes are built
        (imported beside the steps, the core's thread held the GIL the UI thread needed between
        them: starts stalled 80-130 ms) and, in the app, painted (see :class:`OncePainted`)."""
        if self._first_frame and not self.isVisible():
            return  # closed before the panes were painted: nothing to open
        self.runner.run(_load_the_core, name="load the core")
        QTimer.singleShot(0, self.loading.open_source_async)

    @property
    def controllers(self) -> tuple[Controller, ...]:
        """Every controller; together they handle each action id of the keymap once."""
        return (
            self.loading,
            self.navigation,
            self.annotate,
            self.entities,
            self.searches,
            self.watchlist,
            self.commands,
            self.links,
            self.dossiers,
            self.aloud,
            self.review,
        )

    def handlers(self) -> dict[str, Handler]:
        from reader.ui.controllers import merge_handlers

        return merge_handlers(self.controllers)

    # ================================================================ layout
    def _build_list_pane(self) -> None:
        """Left: the search box, saved searches, the entity filter's label and the article list."""
        from reader.ui.models.articles import ArticleListModel
        from reader.ui.models.saved_searches import SavedSearchModel
        from reader.ui.widgets.article_list import ArticleList
        from reader.ui.widgets.search_bar import SearchBar

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        self.search = SearchBar()
        left_layout.addWidget(self.search)
        self.saved_model = SavedSearchModel()
        self.saved_list = QListView()
        self.saved_list.setObjectName("savedSearches")
        self.saved_list.setAccessibleName("Saved searches")
        self.saved_list.setModel(self.saved_model)
        self.saved_list.hide()
        left_layout.addWidget(self.saved_list)
        self.filter_label = QLabel("")
        self.filter_label.setObjectName("paneTitle")
        self.filter_label.hide()
        left_layout.addWidget(self.filter_label)
        self.list_model = ArticleListModel()
        self.list = ArticleList()
        self.list.setModel(self.list_model)
        left_layout.addWidget(self.list, 1)
        self.left_pane = left

    def _build_reader_pane(self) -> None:
        """Middle: the reader and its find bar, on a page it shares with an entity's dossier (d)."""
        from reader.ui.widgets.find_bar import FindBar
        from reader.ui.widgets.reader_pane import ReaderPane

        middle = QWidget()
        mid_layout = QVBoxLayout(middle)
        mid_layout.setContentsMargins(0, 6, 0, 6)
        self.reader = ReaderPane()
        mid_layout.addWidget(self.reader, 1)
        self.find_bar = FindBar()
        self.find_bar.hide()
        mid_layout.addWidget(self.find_bar)
        self.middle = QStackedWidget()
        self.middle.addWidget(middle)

    def _build_sidebar(self) -> None:
        from reader.ui.widgets.entity_sidebar import EntitySidebar

        self.sidebar = EntitySidebar()
        self.sidebar.plan_in_background(self.runner.run)

    def _build_side_panes(self) -> None:
        """Right: the entity sidebar over the notes and watchlist panels; then the splitter of all three."""
        from reader.ui.widgets.notes_panel import NotesPanel
        from reader.ui.widgets.watchlist_panel import WatchlistPanel

        self.notes = NotesPanel()
        self.notes.hide()
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.sidebar)
        right.addWidget(self.notes)
        self.watchlist_panel = WatchlistPanel()
        self.watchlist_panel.hide()
        right.addWidget(self.watchlist_panel)
        self.right = right

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.left_pane)
        self.splitter.addWidget(self.middle)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([320, 680, 280])

        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.counts = QLabel("")

    @property
    def dossier_page(self) -> DossierPage:
        """The entity dossier's page, built the first time a dossier is opened (d): most
        sessions never open one, and every launch would pay for its chart and lists."""
        if self._dossier_page is None:
            from reader.ui.widgets.dossier_page import DossierPage

            self._dossier_page = DossierPage()
            self.middle.addWidget(self._dossier_page)
            self.dossiers.page_built(self._dossier_page)
        return self._dossier_page

    def _connect(self) -> None:
        """Widget signals to the controller that owns what they mean."""
        nav, ents, find, notes = self.navigation, self.entities, self.searches, self.annotate
        # each decides from a write's Changes what to refresh
        for view in (notes, ents, find, nav, self.watchlist):
            self.runner.changed.connect(view.changed)
        self.watchlist.connect()
        self.list.selectionModel().currentChanged.connect(nav.list_current_changed)
        self.list.activated.connect(lambda _i: self.reader.setFocus())
        self.saved_list.activated.connect(find.saved_activated)
        self.search.queryChanged.connect(find.run_search)
        self.search.accepted.connect(find.search_accepted)
        self.search.cleared.connect(find.escape)
        self.search.down.connect(self.list.setFocus)
        self.search.chipRemoved.connect(ents.clear_entity_filter)
        self.sidebar.entitySelected.connect(ents.entity_selected)
        self.sidebar.entityActivated.connect(ents.filter_by_entity)
        self.sidebar.scopeChanged.connect(lambda _s: ents.refresh_sidebar())
        self.sidebar.passageActivated.connect(ents.go_to_passage)
        self.reader.focusChanged.connect(ents.reader_focus_moved)
        self.reader.endReached.connect(nav.next_unread)
        self.reader.endSeen.connect(nav.end_seen)
        self.notes.jumpTo.connect(notes.jump_to_highlight)
        self.find_bar.changed.connect(find.find_changed)
        self.find_bar.step.connect(find.find_step)
        self.find_bar.closed.connect(find.escape)

    # ================================================================ settings (Preferences, the desktop)
    @property
    def dark(self) -> bool:
        return self.commands.dark if self.completed else self.settings.wants_dark(system_prefers_dark())

    def apply_settings(self, settings: Settings) -> None:
        self.commands.apply_settings(settings)

    # ================================================================ files dropped on the window
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        dropped = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if dropped and self.completed:
            event.acceptProposedAction()
            self.loading.switch_source(dropped[0])

    # ================================================================ closing
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.probe is not None:
            self.probe.write()
        if not self.completed:  # closed before the panes were built: nothing to save or stop
            if hasattr(self, "runner"):  # the steps had started it: let its threads go
                self.runner.shutdown()
            super().closeEvent(event)
            return
        self.navigation.remember_position()
        self.links.close()
        self.aloud.stop()
        self.loading.close()
        self.runner.shutdown()
        if self.library is not None:
            self.library.close()
        gc.unfreeze()  # what opening froze (see LoadingController._shown) is collectable again
        super().closeEvent(event)


def _import_all(names: tuple[str, ...]) -> None:
    for name in names:
        importlib.import_module(name)


def _load_the_core() -> None:
    """Import the library's modules, which opening the source needs next, off the UI thread
    (the app's short GIL switch interval, ``app.SWITCH_INTERVAL``, lets the UI thread paint
    the panes meanwhile)."""
    import reader.core.library  # noqa: F401
