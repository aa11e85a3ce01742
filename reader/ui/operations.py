"""Named operations: every piece of background work the window starts, with a name.

An :class:`Operation` is the work callable plus what to do with its result, run by
:meth:`reader.ui.tasks.TaskRunner.submit`. Naming them (instead of passing anonymous
lambdas to the runner) keeps the controllers readable, puts a name on a failure, and
lets the runner broadcast what each write changed: every ``Library`` write returns
:class:`Changes`, or a :class:`Written` (the thing it made plus its ``Changes``), and the
runner emits those on ``TaskRunner.changed`` so that each view decides whether to refresh.
Nothing here builds a ``Changes`` by hand: what changed is the core's to say.
A write's callback receives what the Library returned (``Written.value`` is the highlight).
Nothing here imports the heavy parts of the core: only ``Library``'s methods are called.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

from reader.core.types import (
    Article,
    ArticleSummary,
    Changes,
    Dossier,
    DoubtfulBreak,
    DroppedLine,
    Entity,
    EntityCorrection,
    Highlight,
    ImportReport,
    Note,
    Quote,
    SavedSearch,
    SearchResult,
    Written,
)

if TYPE_CHECKING:
    from reader.core.library import AnnotationStore, Library
    from reader.settings import Settings

T = TypeVar("T")
U = TypeVar("U")

SavedCounts = list[tuple[SavedSearch, int]]
HighlightEntities = dict[int, tuple[str, ...]]


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One named piece of background work and its callbacks (run on the UI thread).

    ``write`` puts it on the runner's single writer thread, so writes apply in the order
    they were asked for. What a write changed is read from its result: a
    :class:`Changes`, or the ``changes`` of a :class:`Written`.
    """

    name: str
    work: Callable[[], T]
    write: bool = False
    on_success: Callable[[T], None] | None = None
    on_failure: Callable[[Exception], None] | None = None

    def then(
        self,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
    ) -> Operation[T]:
        """The same operation with callbacks: factories say *what*, callers say *what next*."""
        return replace(self, on_success=on_success, on_failure=on_failure)

    def changes_of(self, result: T) -> Changes | None:
        """What this write changed, or None for a read (or a write that changed nothing)."""
        if not self.write:
            return None
        found = result.changes if isinstance(result, Written) else result
        return found if isinstance(found, Changes) and found else None


# ---------------------------------------------------------------- opening a library
def check_fresh(source: Path) -> Operation[Path | None]:
    """The committed build of ``source`` if it matches the file as it is now (else None).

    The core is imported on the worker too: at launch it is the first thing the window asks
    for, and importing it on the UI thread held back the panes' first paint."""

    def work() -> Path | None:
        from reader.core.library import fresh_build

        return fresh_build(source)

    return Operation("check the build is fresh", work)


def open_library(
    source: Path, build_dir: Path, store: Callable[[], AnnotationStore], *, reanchor: bool
) -> Operation[Library]:
    """Open a build. Runs on the writer: opens happen in the order the build announced them
    (a later stage replaces an earlier one) and re-anchoring writes never race a note."""

    def work() -> Library:
        from reader.core.library import Library

        return Library(source, build_dir, store(), reanchor=reanchor)

    return Operation("open the library", work, write=True)


def close_library(lib: Library) -> Operation[None]:
    """On the writer thread, after every write already asked of the old library (a cut, a highlight
    made just before a rebuild swapped it): closed first, such a write failed on a closed catalog."""
    return Operation("close the old library", lib.close, write=True)


class LibraryView(NamedTuple):
    """Everything the window shows once a library is open, read in one go."""

    articles: list[ArticleSummary]
    states: dict[str, tuple[bool, bool]]
    highlights: list[Highlight]
    entities: HighlightEntities
    positions: dict[str, int]
    last_article: str | None
    saved: SavedCounts
    doubts: list[DoubtfulBreak]  # the segmenter's doubtful breaks, in file order


def load_library_view(lib: Library) -> Operation[LibraryView]:
    def work() -> LibraryView:
        highlights = lib.highlights()
        articles = lib.articles()
        return LibraryView(
            articles,
            lib.states(),
            highlights,
            lib.highlight_entities(highlights),
            lib.positions(),
            lib.session("last_article"),
            lib.saved_search_counts() if lib.searchable else [],
            lib.doubtful_breaks(articles),
        )

    return Operation("load the library's lists", work)


# ---------------------------------------------------------------- reading
class ArticleView(NamedTuple):
    article: Article | None
    highlights: list[Highlight]
    cut_note: str = ""  # what the reader's own cuts did to it (Library.cut_note)
    doubts: tuple[int, ...] = ()  # paragraphs at a doubtful break (Library.doubts_in; 0: its start)


def load_article(lib: Library, article_id: str) -> Operation[ArticleView]:
    def work() -> ArticleView:
        article = lib.article(article_id)
        if article is None:
            return ArticleView(None, [])
        doubts = doubt_paragraphs(article, lib.doubts_in(article_id))
        return ArticleView(article, lib.highlights(article_id), lib.cut_note(article), doubts)

    return Operation("load an article", work)


def doubt_paragraphs(article: Article, doubts: Iterable[DoubtfulBreak]) -> tuple[int, ...]:
    """The paragraphs of ``article`` at its doubtful breaks (others' are skipped), in order.

    A doubt at a start is said at its lead, which a dateline line may precede: it is paragraph 0's.
    """
    at = {line: k for k, line in enumerate(article.lines)}
    mine = (d for d in doubts if d.article_id == article.id and d.line in at)
    return tuple(sorted({0 if d.at_start else at[d.line] for d in mine}))


def doubtful_breaks(lib: Library) -> Operation[list[DoubtfulBreak]]:
    return Operation("list the doubtful breaks", lib.doubtful_breaks)


def settle_doubt(lib: Library, article_id: str, line: int) -> Operation[Changes]:
    return Operation("settle a doubtful break", lambda: lib.settle_doubt(article_id, line), write=True)


def reload_article(lib: Library, article_id: str) -> Operation[Article | None]:
    """The article as the build just rewrote it (its analysis came ahead of the queue)."""
    return Operation("reload an article", lambda: lib.reload_article(article_id))


def find_passage(lib: Library, article_id: str, quote: str) -> Operation[tuple[str, int, int] | None]:
    """Where a ``lede://`` link's passage is (it reads every article when not in its own)."""
    return Operation("find the linked passage", lambda: lib.find_passage(article_id, quote))


def remember_last_article(lib: Library, article_id: str) -> Operation[Changes]:
    return Operation(
        "remember the last article", lambda: lib.set_session("last_article", article_id), write=True
    )


def remember_session(lib: Library, key: str, value: str, what: str) -> Operation[Changes]:
    """Remember a piece of session state (``what`` names it: "the watchlist")."""
    return Operation(f"remember {what}", lambda: lib.set_session(key, value), write=True)


def save_position(lib: Library, article_id: str, paragraph: int) -> Operation[Changes]:
    return Operation("save the reading position", lambda: lib.set_position(article_id, paragraph), write=True)


def set_state(
    lib: Library, article_id: str, *, read: bool | None = None, starred: bool | None = None
) -> Operation[Changes]:
    return Operation(
        "mark read/starred", lambda: lib.set_state(article_id, read=read, starred=starred), write=True
    )


def states(lib: Library) -> Operation[dict[str, tuple[bool, bool]]]:
    return Operation("read the reading state", lib.states)


def dropped_lines(lib: Library) -> Operation[list[DroppedLine]]:
    return Operation("list the removed lines", lib.dropped_lines)


# ---------------------------------------------------------------- annotations
class Annotations(NamedTuple):
    highlights: list[Highlight]
    entities: HighlightEntities


def load_annotations(lib: Library) -> Operation[Annotations]:
    def work() -> Annotations:
        highlights = lib.highlights()
        return Annotations(highlights, lib.highlight_entities(highlights))

    return Operation("load the highlights", work)


def add_highlight(
    lib: Library, article_id: str, start: int, end: int, color: int
) -> Operation[Written[Highlight]]:
    return Operation("highlight", lambda: lib.add_highlight(article_id, start, end, color), write=True)


def recolor_highlight(lib: Library, highlight_id: int, color: int) -> Operation[Written[Highlight]]:
    return Operation("recolour a highlight", lambda: lib.set_highlight_color(highlight_id, color), write=True)


def reattach_highlight(
    lib: Library, hl: Highlight, article_id: str, start: int, end: int
) -> Operation[Written[Highlight]]:
    return Operation(
        "place an orphaned highlight", lambda: lib.reattach(hl.id, article_id, start, end), write=True
    )


def remove_highlight(lib: Library, highlight_id: int) -> Operation[Changes]:
    return Operation("remove a highlight", lambda: lib.remove_highlight(highlight_id), write=True)


def set_highlight_note(lib: Library, highlight_id: int, text: str) -> Operation[Written[Highlight]]:
    return Operation("save a note", lambda: lib.set_highlight_note(highlight_id, text), write=True)


def set_highlight_tags(lib: Library, highlight_id: int, tags: Sequence[str]) -> Operation[Written[Highlight]]:
    return Operation("tag a highlight", lambda: lib.set_highlight_tags(highlight_id, tags), write=True)


def all_tags(lib: Library) -> Operation[list[str]]:
    return Operation("list the tags", lib.all_tags)


def article_note(lib: Library, article_id: str) -> Operation[Note | None]:
    return Operation("load the article note", lambda: lib.article_note(article_id))


def set_article_note(lib: Library, article_id: str, text: str) -> Operation[Written[Note]]:
    return Operation("save the article note", lambda: lib.set_article_note(article_id, text), write=True)


def start_article_at(lib: Library, article_id: str, paragraph: int) -> Operation[int]:
    return Operation("cut the article here", lambda: lib.start_article_at(article_id, paragraph), write=True)


def join_to_previous(lib: Library, article_id: str) -> Operation[int]:
    return Operation(
        "join the article to the one before", lambda: lib.join_to_previous(article_id), write=True
    )


# ---------------------------------------------------------------- entities
def library_entities(lib: Library) -> Operation[list[Entity]]:
    return Operation("list the library's entities", lambda: lib.entities(None))


def articles_with_entity(lib: Library, name: str) -> Operation[list[str]]:
    return Operation("find the articles naming an entity", lambda: lib.articles_with_entity(name))


def quotes_by(lib: Library, name: str) -> Operation[list[tuple[str, str, Quote]]]:
    return Operation("find the quotes of an entity", lambda: lib.quotes_by(name))


def dossier(lib: Library, name: str) -> Operation[Dossier | None]:
    """An entity's dossier (None when no entity has that name): every article that names it is read."""
    return Operation("build an entity's dossier", lambda: lib.dossier(name))


def correct_entity(lib: Library, kind: str, name: str, target: str) -> Operation[Written[EntityCorrection]]:
    """A rename/merge/split/hide; its changes name the entities and the re-indexed articles."""
    return Operation(f"{kind} an entity", lambda: lib.correct_entity(kind, name, target), write=True)


# ---------------------------------------------------------------- search
def search(lib: Library, query: str, limit: int = 200) -> Operation[SearchResult]:
    return Operation("search", lambda: lib.search(query, limit=limit))


def save_search(lib: Library, name: str, query: str) -> Operation[Written[SavedSearch]]:
    """Save a query by name; the saved-search list refreshes from the ``saved_searches`` change."""
    return Operation("save a search", lambda: lib.save_search(name, query), write=True)


def delete_search(lib: Library, name: str) -> Operation[Changes]:
    return Operation("forget a saved search", lambda: lib.delete_search(name), write=True)


def saved_search_counts(lib: Library) -> Operation[SavedCounts]:
    """Every saved search with its live number of hits (what the list shows)."""
    return Operation("count the saved searches", lib.saved_search_counts)


# ---------------------------------------------------------------- exports, settings, palette
def export_file(path: str, render: Callable[[], str], name: str) -> Operation[str]:
    """Write an export atomically; the result is the path, for the status bar."""

    def work() -> str:
        from reader.core.atomic import write_text_atomic

        write_text_atomic(Path(path), render())
        return path

    return Operation(name, work)


def export_markdown(lib: Library, path: str) -> Operation[str]:
    return export_file(path, lambda: lib.export("md"), "export the notes")


def export_entity_notebook(lib: Library, name: str, path: str) -> Operation[str]:
    return export_file(path, lambda: lib.export_entity_notebook(name), "export an entity notebook")


def import_annotations(lib: Library, path: str) -> Operation[Written[ImportReport]]:
    """Add another tool's (or Lede's own) annotations; a malformed file writes nothing."""
    return Operation("import annotations", lambda: lib.import_file(Path(path)), write=True)


def save_settings(settings: Settings) -> Operation[Path]:
    snapshot = settings.copy()  # the UI may change the live object before the writer runs
    return Operation("save the settings", snapshot.save, write=True)


def compute(name: str, work: Callable[[], U]) -> Operation[U]:
    """A read whose work is built by the caller (the palette's entries), still named."""
    return Operation(name, work)
