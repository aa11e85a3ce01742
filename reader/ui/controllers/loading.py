"""Opening a source: the build lifecycle, the file watch, switching sources.

The index build runs as a child process (:class:`BuildProcess`); its JSON progress
drives the status bar, and each stage it publishes is opened as soon as it lands, so
the list fills before entities are found. The source file is watched: an edit starts
an incremental rebuild and the new build replaces the old one in place.
"""

from __future__ import annotations

import gc
import math
import re
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QFileSystemWatcher, QTimer
from PySide6.QtWidgets import QFileDialog, QInputDialog

from reader.ui import operations as ops
from reader.ui.controllers import Controller, Handler
from reader.ui.plain import counted
from reader.ui.tasks import BuildProcess

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reader.core.library import AnnotationStore, Library
    from reader.core.types import Article, ArticleSummary
    from reader.ui.main_window import MainWindow

STAGE_NAMES = {
    "ingest": "Reading",
    "copies": "Finding copies",
    "index": "Indexing",
    "analyse": "Finding entities",
    "entity index": "Indexing entities",
}


def duration(seconds: float) -> str:
    """A time left that reads naturally at every scale (seconds to hours); never "0 s" while work is left."""
    seconds = max(1, math.ceil(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def amount_read(done: int, total: int) -> str:
    """Bytes read of a source as a reader counts them: "5.2 of 7.3 MB", in the unit the total needs.

    The build reports ingest progress in bytes; "5,246,828/7,321,347" is exact but nobody
    reads a file's size that way, and it did not fit the status bar's progress box.
    """
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if total >= size:
            return f"{done / size:.1f} of {total / size:.1f} {unit}"
    return f"{done:,} of {counted(total, 'byte')}"


_PROGRESS_MAX = 2**31 - 1

_BUILD_FAILED = re.compile(r"^lede: building the index in .+? failed \((?P<why>.*)\)(;[^()]*)?$", re.DOTALL)


def build_reason(message: str) -> str:
    """The reason in a build child's last error line, as a sentence, without the cache path.

    ``lede index`` says "lede: building the index in <cache folder> failed (<why>)…"; the
    folder means nothing to a reader, and a spaCy "Details: …" tail is for a log, not a pane.
    """
    match = _BUILD_FAILED.match(message.strip())
    why = match.group("why") if match else message.strip()
    why = re.sub(r"\s*Details: .*$", "", why, flags=re.DOTALL).strip()
    return why if why.endswith((".", "!", "?")) else why + "."


class LoadingController(Controller):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.build: BuildProcess | None = None
        self._told_notes = False
        self._build_said = ""  # the last status line a build stage wrote
        self.build_problem = ""  # why the last build stopped short of its entities, if it did
        self._stage = ""
        self._stage_key = ""  # the build's name for the stage ("ingest"), _stage the reader's ("Reading")
        self._follow_line: int | None = None  # a cut's paragraph: opened where it lands after the rebuild
        self._follow_armed = False  # the rebuild that makes the cut has started: its library follows
        self._opens = 0  # builds asked to open: only the newest one's library is shown
        self._stage_started = time.monotonic()
        self.watcher = QFileSystemWatcher(window)
        self.watcher.fileChanged.connect(self._source_changed)
        self._rebuild_timer = QTimer(window)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(800)  # editors write in bursts: wait for the last one
        self._rebuild_timer.timeout.connect(self._rebuild_changed_source)

    def handlers(self) -> dict[str, Handler]:
        return {
            "open": self.choose_source,
            "open_recent": self.choose_recent,
            "cancel_build": self.cancel_build,
            "cut_here": self.cut_here,
            "join_previous": self.join_previous,
        }

    # ---------------------------------------------------------------- opening
    def open_source_async(self) -> None:
        """Open the current build if fresh; otherwise start the build process."""
        w = self.window
        w.setWindowTitle("Lede")
        if not w.source.exists():
            w.reader.show_message(f"The source {w.source} does not exist.\n\nOpen another file with Ctrl+O.")
            self.status("Source not found")
            return
        self.submit(ops.check_fresh(w.source).then(self._fresh_checked, self.open_failed))

    def _fresh_checked(self, build_dir: Path | None) -> None:
        w = self.window
        if build_dir is not None:
            self._open_build(build_dir, final=True)
            return
        w.reader.show_message(
            "Building the library for the first time…\n\nArticles appear as soon as they are found."
        )
        w.progress.setRange(0, 0)
        w.progress.setFormat("Reading")
        w.progress.show()
        self.status(f"Indexing {w.source.name}…")
        self._start_build(self._build_event)

    def _start_build(self, on_event: Any) -> None:
        self.build_problem = ""
        self.build = BuildProcess(self.window.source, self.window)
        self.build.progressed.connect(on_event)
        self.build.failed.connect(self.build_failed)
        self.build.start()

    def build_failed(self, message: str) -> None:
        """The build process stopped with an error.

        Before the list showed, the file could not be opened at all. After it, the articles
        and (from "searchable" on) search still work, and what is missing is the entities:
        the status bar and the sidebar say so and why, instead of a sidebar left blank.
        """
        w = self.window
        if w.library is None:
            self.open_failed(message)
            return
        w.progress.hide()
        if w.library.analysed:  # an update of a finished library: the one on screen stays
            self.status(f"Could not update from {w.source.name}: {message}")
            return
        self.build_problem = build_reason(message)
        self.status(
            f"The build of {w.source.name} stopped before it found the entities (the sidebar says why)"
        )
        w.entities.refresh_sidebar()

    def entities_pending(self) -> str:
        """What the sidebar says for an article without entities: why none are shown yet."""
        w = self.window
        lib = w.library
        if lib is None or lib.analysed:
            return ""  # the library-wide analysis is done: this article names nobody
        if self.build_problem:
            return (
                f"No entities: the build stopped before finding them. {self.build_problem} "
                f"Lede tries again the next time it opens {w.source.name}."
            )
        if self.build is not None and self.build.running():
            return "Finding entities…"
        return "Entities are not found yet: the build was stopped. It resumes the next time this file opens."

    def _build_event(self, event: dict[str, Any]) -> None:
        """Progress from the build process: stage, counts, time left; open each stage's result."""
        w = self.window
        kind = event.get("event")
        if w.probe is not None and kind in ("articles", "searchable", "entities", "done"):
            w.probe.mark(f"build_{kind}")
        if kind == "stage":
            self._stage_key = str(event.get("stage"))
            self._stage = STAGE_NAMES.get(self._stage_key, self._stage_key)
            self._stage_started = time.monotonic()
            w.progress.setFormat(self._stage)
            w.progress.setRange(0, 0)
            w.progress.show()
        elif kind == "progress":
            total, done = int(event.get("total") or 0), int(event.get("done") or 0)
            if total > 0:
                # QProgressBar counts in a C int: a source over 2.1 GB is counted in coarser steps.
                step = -(-total // _PROGRESS_MAX)
                w.progress.setRange(0, total // step)
                w.progress.setValue(min(done, total) // step)
                counts = amount_read(done, total) if self._stage_key == "ingest" else f"{done:,}/{total:,}"
                text = f"{self._stage} {counts}"
                elapsed = time.monotonic() - self._stage_started
                if done and elapsed > 2 and done < total:
                    text += f" · {duration(elapsed * (total - done) / done)} left"
                w.progress.setFormat(text)
        elif (kind in ("articles", "resume") and w.library is None) or kind == "searchable":
            # "resume": a stopped build is being finished; what it published is readable now.
            self._open_build(Path(str(event["dir"])), final=False)
        elif kind == "done":
            w.progress.hide()
            self._open_build(Path(str(event["dir"])), final=True)
        elif kind == "notice":  # one line the build wants the reader to see (a rebuilt cache, a cut unmade)
            self.status(str(event.get("message", "")), 15000)
        elif kind == "analysed" and w.library is not None:
            article_id = str(event.get("id"))
            self.submit(ops.reload_article(w.library, article_id).then(self._analysed_ahead))

    # ---------------------------------------------------------------- the open article first
    #: Articles after the open one that are asked for too: the next few j presses.
    AHEAD = 3

    def article_opened(self, article: Article) -> None:
        """During a build, ask it for this article's entities (and the next few) ahead of the queue."""
        if article.entities or self.build is None or not self.build.running():
            return
        after = self.window.list_model.ids_after(article.id, self.AHEAD)
        self.build.ask_first([article.id, *after])
        if self.window.probe is not None:
            self.window.probe.mark(f"ask:{article.id}")

    def _analysed_ahead(self, article: Article | None) -> None:
        """The build stored an article's analysis ahead of the rest: show it if it is the open one."""
        w = self.window
        if article is None or w.current is None or w.current.id != article.id:
            return
        w.current = article
        if w.probe is not None:
            w.probe.mark(f"ahead_entities:{article.id}")
        w.entities.refresh_sidebar()

    def cancel_build(self) -> None:
        """Stop the build; what it finished is kept and the next launch resumes from there."""
        if self.build is None or not self.build.running():
            self.status("No build is running", 3000)
            return
        self.build.cancel()
        self.window.progress.hide()
        self.status("Build stopped; it will resume where it left off next time", 6000)
        self.window.entities.refresh_sidebar()

    def _store(self) -> AnnotationStore:
        """The annotations database, opened once (on the writer thread, with the first build)."""
        w = self.window
        if w.store is None:
            from reader.core.library import open_annotations

            w.store = open_annotations()
        return w.store

    def _open_build(self, build_dir: Path, *, final: bool) -> None:
        """Open a build off the UI thread; only the newest asked for is shown.

        Opens run on worker threads and may finish out of order (a final build's re-anchoring
        takes longer than the next build's first open): an older library arriving after a newer
        one was asked for is closed, never shown over it.
        """
        self._opens += 1
        ticket = self._opens
        op = ops.open_library(self.window.source, build_dir, self._store, reanchor=final)
        self.submit(op.then(lambda lib: self._library_opened(lib, final, ticket), self.open_failed))

    def _library_opened(self, library: Library, final: bool, ticket: int) -> None:
        w = self.window
        if ticket != self._opens:  # a newer build was asked for meanwhile
            self.submit(ops.close_library(library))
            return
        if final and str(w.source.resolve()) != (w.settings.recent_sources or [""])[0]:
            w.settings.add_recent(w.source)
            w.settings.last_source = str(w.source.resolve())
            w.commands.save_settings()
        if w.source.is_file() and str(w.source) not in self.watcher.files():
            self.watcher.addPath(str(w.source))
        keep = w.current.id if w.current else None
        old = w.library
        w.library = library

        if old is not None and old is not library:
            self.submit(ops.close_library(old))
        self.submit(
            ops.load_library_view(library).then(lambda v: self._shown(v, keep, final), self.open_failed)
        )

    def _shown(self, view: ops.LibraryView, keep: str | None, final: bool) -> None:
        """Fill every view from a freshly opened library, keeping the article being read."""
        w = self.window
        if w.probe is not None:
            w.probe.mark("list_complete" if final else "list_shown")
        w.navigation.positions = view.positions
        w.list_model.set_articles(view.articles)
        w.list_model.set_states(view.states)
        w.list_model.set_doubted(Counter(d.article_id for d in view.doubts))
        w.review.use(w.library, view.doubts)
        # A search typed while the build ran stays on screen: its hits come again from this build.
        query = w.search.text().strip()
        if query:
            w.searches.run_search(query, again=True)
        w.annotate.set_notes(view.highlights, view.entities)
        w.searches.show_saved(view.saved)
        w.watchlist.library_opened()  # the names remembered for this source, counted in this build
        # Everything alive now (the core's modules, the widgets, this build's article list) lives
        # as long as the window: out of the cyclic collector's full passes with it. Each full pass
        # walked it all on the UI thread, 30-35 ms at an empty window's 50,000 objects and more
        # with a 20,000-article list, at whatever moment it fell. Reopening a library leaves no
        # cyclic garbage to strand (measured), and refcounting still frees what is dropped.
        gc.freeze()
        # Counts and status first: a warm start that restores the last article returns early below.
        w.annotate.update_counts(len(view.highlights))
        count = len(view.articles)
        # The build's own news gives way to what the user just did or asked ("Highlighted",
        # "1 hit for …"): it is said only over an empty bar, "Opening…" or its own last word.
        shown = w.statusBar().currentMessage()
        if not query and shown in ("", "Opening…", self._build_said):
            if final:
                self._build_said = f"{counted(count, 'article')} from {w.source.name}"
                self.status(self._build_said, 5000)
            else:
                self._build_said = f"{counted(count, 'article')} found; finding entities…"
                self.status(self._build_said)
        notice = w.library.notes_notice if w.library is not None else None
        if notice and not self._told_notes:  # recovered notes: said once, over the counts
            self._told_notes = True
            self.status(notice, 30000)
        if keep is None and w.links.follow():  # opened from a lede:// link: it picks the article
            w.entities.refresh_sidebar()
            return
        last = view.last_article
        if keep is None and last and w.list_model.row_of(last) >= 0:
            w.list.setCurrentIndex(w.list_model.index(w.list_model.row_of(last)))
            w.entities.refresh_sidebar()
            return
        if not view.articles:
            w.reader.show_message(
                f"No articles were found in {w.source.name}.\n\nIs it empty? Open another file with Ctrl+O."
            )
            return
        current = w.current
        gone = keep is not None and w.list_model.row_of(keep) < 0 and current is not None and current.lines
        follow = self._follow(view.articles, current.lines[0] if gone and current else None)
        if follow is not None:
            keep = follow[0]
        row = w.list_model.row_of(keep) if keep else 0
        w.list.setCurrentIndex(w.list_model.index(max(row, 0)))
        if follow is not None:
            w.navigation.open_article(follow[0], then=lambda: self._focus_line(follow[1]))
        elif keep:
            w.navigation.open_article(keep, keep_position=True)
        if w.entity_filter:
            w.entities.filter_by_entity(w.entity_filter)
        w.entities.refresh_sidebar()

    def _follow(self, articles: Sequence[ArticleSummary], fallback: int | None) -> tuple[str, int] | None:
        """(article id, line) of the article now holding the paragraph a cut moved (once, from the library
        of the rebuild that made it), or else the ``fallback`` line (the first paragraph of an open
        article that is gone: joined to another, its source edited); None when neither applies."""
        line = fallback
        if self._follow_armed and self._follow_line is not None:
            line, self._follow_line, self._follow_armed = self._follow_line, None, False
        if line is None:
            return None
        holding = [a for a in articles if a.start_line <= line <= a.end_line]
        return (max(holding, key=lambda a: a.start_line).id, line) if holding else None

    def _focus_line(self, line: int) -> None:
        """The focus bar on the paragraph from source line ``line`` of the open article."""
        article = self.window.current
        if article is not None and line in article.lines:
            self.window.reader.set_focus_paragraph(article.lines.index(line))

    def open_failed(self, error: Exception | str) -> None:
        w = self.window
        w.progress.hide()
        message = str(error) or error.__class__.__name__
        self.status(f"Could not open {w.source.name}: {message}")
        if w.library is None:
            w.reader.show_message(
                f"Lede could not open {w.source}.\n\n{message}\n\nOpen another file with Ctrl+O."
            )

    # ---------------------------------------------------------------- choosing a source
    def choose_source(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open a news file", str(self.window.source.parent))
        if path:
            self.switch_source(Path(path))

    def choose_recent(self) -> None:
        w = self.window
        recent = [p for p in w.settings.recent_sources if p != str(w.source)]
        if not recent:
            self.status("No other recent sources", 3000)
            return
        chosen, ok = QInputDialog.getItem(w, "Open recent", "Source:", recent, 0, False)
        if ok and chosen:
            self.switch_source(Path(chosen))

    def switch_source(self, source: Path) -> None:
        w = self.window
        if self.build is not None:
            self.build.cancel()
            self.build = None
        if w.library is not None:
            self.submit(ops.close_library(w.library))
        w.library = None
        w.current = None
        w.source = source
        w.list_model.set_articles([])
        w.sidebar.set_entities([])
        self.open_source_async()

    # ---------------------------------------------------------------- the file watch
    def _source_changed(self, _path: str) -> None:
        self._rebuild_timer.start()

    def _rebuild_changed_source(self) -> None:
        w = self.window
        if not w.source.exists():
            self.status(f"{w.source.name} was removed; showing the last good copy")
            return
        if str(w.source) not in self.watcher.files():
            self.watcher.addPath(str(w.source))  # a save-by-rename drops the watch
        self._rebuild(f"{w.source.name} changed — updating the library…")

    def _rebuild(self, message: str, follow: int | None = None) -> None:
        """Build the source again beside the open library, which stays readable until the new one is done.

        ``follow``: the line of the paragraph being read, which a cut moves to another article:
        the rebuilt library opens that article at that paragraph.
        """
        if follow is not None:
            self._follow_line = follow
        if self.build is not None and self.build.running():
            self._rebuild_timer.start()  # after the running build: it may predate what changed
            return
        w = self.window
        self.status(message)
        self._build_said = message  # the build's own word: the finished library's count replaces it
        w.progress.setRange(0, 0)
        w.progress.show()
        self._follow_armed = self._follow_line is not None  # this build makes the cut: follow it
        self._start_build(self._refresh_event)

    # ---------------------------------------------------------------- the reader's cuts between articles
    def cuts_changed(self, message: str) -> None:
        """The reader's cuts or checked doubts changed other than by a key here (an import brought
        some): the build makes the cuts (one with the same cuts is reused), and the library it
        opens lists the doubts left."""
        self._rebuild(message)

    def cut_here(self) -> None:
        """A new article starts at the focused paragraph: saved with the notes, made by a rebuild."""
        w, lib = self.window, self.library
        if lib is None or w.current is None:
            return
        paragraph = w.reader.focus_paragraph_index()
        if paragraph == 0:
            self.status("An article already starts here: move the focus bar to where the next story begins")
            return
        self.submit(
            ops.start_article_at(lib, w.current.id, paragraph).then(
                lambda line: self._rebuild(
                    f"A new article starts at line {line} — updating the library…", line
                ),
                self._cut_refused,
            )
        )

    def join_previous(self) -> None:
        """The open article goes on from the one before it (or a cut made here is taken back)."""
        w, lib = self.window, self.library
        if lib is None or w.current is None:
            return
        self.submit(
            ops.join_to_previous(lib, w.current.id).then(
                lambda line: self._rebuild(
                    f"Joined at line {line} to the article before — updating the library…", line
                ),
                self._cut_refused,
            )
        )

    def _cut_refused(self, error: Exception) -> None:
        self.status(f"Not cut: {error}", 6000)

    def _refresh_event(self, event: dict[str, Any]) -> None:
        """A rebuild of a source being read: the old build stays open until the new one is done."""
        if event.get("event") == "done":
            self.window.progress.hide()
            self._open_build(Path(str(event["dir"])), final=True)
        elif event.get("event") != "articles":
            self._build_event(event)

    def close(self) -> None:
        if self.build is not None:
            self.build.cancel()
