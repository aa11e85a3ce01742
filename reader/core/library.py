"""The Library facade: the only entry point the UI and the CLI use.

A Library joins one source's published build (catalog + Whoosh index, both in the
cache dir and rebuildable) with the user's annotations (in the data dir, precious).
Storage and search never import each other; this module is where they meet.

Every write returns :class:`Changes` — alone, or in a :class:`Written` beside the thing
it made (a new highlight, a correction, the report of a re-anchoring or an import) — so
each view decides what to refresh from what the write says it changed, never from which
action it was (Anki's OpChanges). Every annotation change re-indexes only the articles it
touched; export and import live in :mod:`reader.core.library_files`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from reader import paths
from reader.core import library_files
from reader.core.build import (
    Emit,
    build_source,
    damage_notice,
    is_fresh,
    published_build,
    read_manifest,
)
from reader.core.errors import IndexBuildError, LedeError, SourceError, StorageError
from reader.core.fold import FOLD_OVERFETCH, copies_option, fold_copies_of
from reader.core.library_cuts import CutMethods
from reader.core.library_entities import EntityMethods
from reader.core.source_digest import file_sha256
from reader.core.store.annotations import AnnotationStore
from reader.core.store.catalog import Catalog
from reader.core.store.corrections import apply_corrections
from reader.core.store.cuts import Cut, cuts_key, read_live
from reader.core.types import (
    Article,
    ArticleSummary,
    Changes,
    DroppedLine,
    EntityCorrection,
    Highlight,
    ImportReport,
    Note,
    ReanchorReport,
    SavedSearch,
    SearchResult,
    SourceInfo,
    Written,
)


class Library(EntityMethods, CutMethods):
    """One source's articles, entities, search and annotations.

    The entity queries and corrections are in :class:`EntityMethods`. Methods are safe to call from one worker thread at a time plus the UI thread for
    reads; the UI's task runner serialises writes.
    """

    def __init__(
        self,
        source: Path,
        build_dir: Path,
        annotations: AnnotationStore,
        *,
        reanchor: bool = True,
    ) -> None:
        self.source = source
        self.build_dir = build_dir
        self.key = paths.source_key(source)
        self._annotations = annotations
        self._catalog = Catalog(build_dir / "catalog.sqlite", readonly=True)
        self._lock = threading.RLock()
        self._index: Any = None
        self._articles_cache: dict[str, Article] = {}
        self._corrections: list[EntityCorrection] | None = None
        self._copy_map: dict[str, str] | None = None
        manifest = read_manifest(build_dir)
        sha = manifest.get("sha256") or self._catalog.meta("source_sha256") or ""
        self.info = SourceInfo(path=str(source), sha256=str(sha))
        if (build_dir / "index").exists():
            from reader.core.search import SearchIndex

            self._index = SearchIndex(build_dir / "index")
        elif manifest.get("stage") in ("searchable", "complete"):
            # Published as searchable, yet the index is gone: a damaged cache, not one still
            # being built (an empty answer would look like "no hits"). open_library rebuilds.
            self._catalog.close()
            raise IndexBuildError(f"the search index of {build_dir} is missing")
        # Read once here, off the UI thread: the window asks it on every sidebar refresh.
        self.analysed = self._catalog.meta("analysed") is not None
        # Re-anchoring reads every article's text; it is needed only when this build is not
        # the one the annotations were last placed on (a warm start skips it).
        if reanchor and self.analysed and self.session("anchored_build") != self._build_stamp(manifest):
            self.reanchor()
            self.set_session("anchored_build", self._build_stamp(manifest))

    @property
    def notes_notice(self) -> str | None:
        """What recovery of the notes database did at open (restored, salvaged), or None.

        Shown once to the user: "Your notes are never lost" includes telling them when
        they were brought back and where the damaged file was kept.
        """
        return self._annotations.notice

    @property
    def notes_warning(self) -> str | None:
        """Set when the last write succeeded but the backup could not be refreshed."""
        return self._annotations.warning

    def _build_stamp(self, manifest: dict[str, Any]) -> str:
        """Identifies one finished state of a build (a resumed build gets a new stamp)."""
        return f"{self.build_dir.name}:{manifest.get('stage', '')}:{manifest.get('built', '')}"

    # ------------------------------------------------------------------ articles
    def articles(self) -> list[ArticleSummary]:
        return self._catalog.articles()

    def article(self, article_id: str) -> Article | None:
        """The article with the user's entity corrections applied (cached: the reader asks often)."""
        with self._lock:
            cached = self._articles_cache.get(article_id)
            if cached is None:
                cached = self._catalog.article(article_id)
                if cached is not None:
                    corrections = self.corrections()
                    if corrections:
                        ents, ments = apply_corrections(cached.entities, cached.mentions, corrections)
                        cached = replace(cached, entities=tuple(ents), mentions=tuple(ments))
                    if len(self._articles_cache) > 64:
                        self._articles_cache.clear()
                    self._articles_cache[article_id] = cached
            return cached

    def reload_article(self, article_id: str) -> Article | None:
        """The article read afresh: the build wrote a new analysis of it (the window's ``analysed``)."""
        with self._lock:
            self._articles_cache.pop(article_id, None)
        return self.article(article_id)

    def dropped_lines(self) -> list[DroppedLine]:
        raw = self._catalog.meta("dropped_lines") or "[]"
        return [DroppedLine(int(d["line"]), str(d["text"]), str(d["reason"])) for d in json.loads(raw)]

    # ------------------------------------------------------------------ saved searches
    def save_search(self, name: str, query: str) -> Written[SavedSearch]:
        """Save ``query`` under ``name`` (saving a name again replaces its query)."""
        saved = self._annotations.save_search(self.key, name, query)
        return Written(saved, Changes(saved_searches=True))

    def saved_searches(self) -> list[SavedSearch]:
        return self._annotations.saved_searches(self.key)

    def saved_search_counts(self) -> list[tuple[SavedSearch, int]]:
        """Each saved search with its current number of hits (live counts for the list)."""
        out = []
        for saved in self.saved_searches():
            result = self.search(saved.query, limit=1000)
            out.append((saved, result.total))
        return out

    def delete_search(self, name: str) -> Changes:
        """Forget a saved search; an unknown name changes nothing."""
        known = any(s.name == name.strip() for s in self.saved_searches())
        self._annotations.delete_search(self.key, name)
        return Changes(saved_searches=known)

    # ------------------------------------------------------------------ reading position & session
    def set_position(self, article_id: str, paragraph: int) -> Changes:
        """Remember the focused paragraph; no view shows it, so nothing to refresh."""
        self._annotations.set_position(self.key, article_id, paragraph)
        return Changes()

    def positions(self) -> dict[str, int]:
        return self._annotations.positions(self.key)

    def set_session(self, key: str, value: str) -> Changes:
        """Remember a piece of session state (the last article); no view shows it."""
        self._annotations.set_session(self.key, key, value)
        return Changes()

    def session(self, key: str) -> str | None:
        return self._annotations.session(self.key, key)

    @property
    def searchable(self) -> bool:
        return self._index is not None

    # ------------------------------------------------------------------ search
    def search(self, query: str, limit: int = 50, *, fold_copies: bool = True) -> SearchResult:
        """Hits for ``query``; a damaged index raises IndexBuildError (never a raw Whoosh error).

        Wire copies are folded: one hit per group of versions of a story, the best-scoring
        one, saying how many others matched (``Hit.copies``). ``copies:all`` in the query
        (or ``fold_copies=False``) lists every version, so nothing is hidden for good.

        Damage the cheap checks at open cannot see shows here, as a file Whoosh fails to
        decode; the caller rebuilds (``open_library(..., force=True)``) and asks again.
        """
        if self._index is None:
            return SearchResult(
                hits=(), total=0, query=query, notice="The search index is still being built."
            )
        text, every = copies_option(query)
        originals = self._copies() if fold_copies and not every else {}
        # Each folded hit is one fewer to show: ask for more so a full page remains.
        asked = min(limit + len(originals), limit * FOLD_OVERFETCH) if originals else limit
        try:
            result = self._index.search(text, limit=asked, snippets=40 if originals else 20)
        except LedeError:
            raise
        except Exception as exc:
            raise IndexBuildError(
                f"the search index in {self.build_dir} is damaged ({type(exc).__name__}: {exc})"
            ) from exc
        result = replace(result, query=query)
        return fold_copies_of(result, originals, limit) if originals else result

    def _copies(self) -> dict[str, str]:
        """Copy id -> its original, read once (the catalog does not change while open)."""
        with self._lock:
            if self._copy_map is None:
                self._copy_map = self._catalog.copies()
            return self._copy_map

    def check_query(self, query: str) -> None:
        """Raise QueryError for a malformed query (the CLI reports it and exits 2)."""
        if self._index is not None:
            self._index.parse_check(copies_option(query)[0])

    # ------------------------------------------------------------------ annotations
    def highlights(
        self,
        article_id: str | None = None,
        *,
        color: int | None = None,
        tag: str | None = None,
        text: str | None = None,
    ) -> list[Highlight]:
        return self._annotations.highlights(self.key, article_id, color=color, tag=tag, text=text)

    def orphans(self) -> list[Highlight]:
        return self._annotations.orphans(self.key)

    def reattach(self, highlight_id: int, article_id: str, start: int, end: int) -> Written[Highlight]:
        """Place an orphan (or move a highlight) onto a span the user chose.

        The changes include the article it came from (an orphan may be placed in another
        article than its own: both redraw) and any highlight the placed one merged into.
        """
        article = self._require(article_id)
        old = self._annotations.highlight(highlight_id)
        articles = {article_id} | ({old.article_id} if old is not None else set())
        before = self._highlight_ids(articles)
        hl = self._annotations.reattach(highlight_id, article_id, article.text, start, end)
        for aid in articles:
            self._reindex(aid)
        return self._written(hl, articles, before, highlight_id)

    def add_highlight(self, article_id: str, start: int, end: int, color: int = 1) -> Written[Highlight]:
        """Highlight a span; highlights it overlaps merge into the oldest (their ids are changed too)."""
        article = self._require(article_id)
        if not (0 <= start < end <= len(article.text)):
            raise LedeError(f"cannot highlight {start}..{end}: outside the article")
        before = self._highlight_ids({article_id})
        hl = self._annotations.add_highlight(self.key, article_id, article.text, start, end, color)
        self._reindex(article_id)
        return self._written(hl, {article_id}, before)

    def remove_highlight(self, highlight_id: int) -> Changes:
        hl = self._annotations.highlight(highlight_id)
        self._annotations.remove_highlight(highlight_id)
        if hl is not None:
            self._reindex(hl.article_id)
            return Changes(articles=frozenset({hl.article_id}), highlights=frozenset({highlight_id}))
        return Changes()

    def set_highlight_note(self, highlight_id: int, text: str) -> Written[Highlight]:
        hl = self._annotations.set_highlight_note(highlight_id, text)
        self._reindex(hl.article_id)
        return self._written(hl, {hl.article_id})

    def set_highlight_color(self, highlight_id: int, color: int) -> Written[Highlight]:
        """Colour is not searchable, so nothing is re-indexed; the article's marks still redraw."""
        hl = self._annotations.set_highlight_color(highlight_id, color)
        return self._written(hl, {hl.article_id})

    def set_highlight_tags(self, highlight_id: int, tags: Sequence[str]) -> Written[Highlight]:
        hl = self._annotations.set_highlight_tags(highlight_id, tags)
        self._reindex(hl.article_id)
        return self._written(hl, {hl.article_id})

    def all_tags(self) -> list[str]:
        return self._annotations.all_tags(self.key)

    def article_note(self, article_id: str) -> Note | None:
        return self._annotations.article_note(self.key, article_id)

    def article_notes(self) -> list[Note]:
        return self._annotations.article_notes(self.key)

    def set_article_note(self, article_id: str, text: str) -> Written[Note]:
        note = self._annotations.set_article_note(self.key, article_id, text)
        self._reindex(article_id)
        ids = frozenset({article_id})
        return Written(note, Changes(articles=ids, notes=ids))

    def states(self) -> dict[str, tuple[bool, bool]]:
        return self._annotations.states(self.key)

    def set_state(self, article_id: str, *, read: bool | None = None, starred: bool | None = None) -> Changes:
        """Mark read/starred. Reported as ``states`` only: the article's text and annotations
        did not change, so nothing that shows them has to redraw (the index is still updated,
        for ``is:unread``)."""
        self._annotations.set_state(self.key, article_id, read=read, starred=starred)
        self._reindex(article_id)
        return Changes(states=frozenset({article_id}))

    def reanchor(self) -> Written[ReanchorReport]:
        """Place every highlight on the current texts; unplaceable ones become orphans.

        Reports the highlights whose anchor changed and every article one left or landed in.
        Afterwards the articles that carry notes, tags or reading state are re-indexed, so
        a rebuilt index knows them again.
        """
        report, changes = ReanchorReport(), Changes()
        before = self._homes()
        if before:  # else don't read every article's text
            texts = {s.id: self._require(s.id).text for s in self.articles()}
            report = self._annotations.reanchor(self.key, texts)
            after = self._homes()
            homes = {m[i] for m in (before, after) for i in report.changed if i in m}
            changes = Changes(articles=frozenset(homes), highlights=report.changed)
        touched = set(self._homes().values()) | {n.article_id for n in self.article_notes()}
        for aid in touched | set(self.states()):
            self._reindex(aid)  # skips ids the new build no longer has
        return Written(report, changes)

    # ------------------------------------------------------------------ export / import
    def titles(self) -> dict[str, str]:
        return library_files.titles(self)

    def export(self, fmt: str) -> str:
        return library_files.export(self, fmt)

    def export_entity_notebook(self, entity: str) -> str:
        """Markdown of every highlight and article note that concerns one entity."""
        return library_files.entity_notebook(self, entity)

    def import_file(self, path: Path) -> Written[ImportReport]:
        """Add a Web Annotation JSON file's highlights and notes, anchored in the current texts,
        and the reader's article cuts it holds (Lede's own export), recorded for the next build.

        Reports the highlights it added (orphans too) and their articles, and the articles
        whose note it extended; the duplicates it skipped changed nothing. When ``cuts`` of the
        report is not 0 the caller rebuilds the source, which makes them; the doubtful breaks the
        file says were checked (``settled``) are left out of :meth:`doubtful_breaks` from now on.
        """
        items = library_files.read_annotations(path)
        said_cuts = [i for i in items if i.kind == "cut"]
        said_settled = [i for i in items if i.kind == "settled"]
        items = [i for i in items if i.kind not in ("cut", "settled")]
        every = [self._require(s.id) for s in self.articles()]
        texts = {a.id: a.text for a in every}
        pages = {a.id: (a.title, a.url or "") for a in every}  # other tools name the page, not the article
        before, notes_before = self._homes(), {n.article_id: n.text for n in self.article_notes()}
        marks = self._plan_imported(said_cuts, said_settled, every)
        report = self._annotations.import_annotations(
            self.key, items, texts, pages, cuts_said=marks.cuts, session=marks.session
        )
        self._imported_marks(marks)
        report = marks.told(report)
        after = self._homes()
        added = frozenset(after.keys() - before.keys())
        notes = frozenset(
            n.article_id for n in self.article_notes() if notes_before.get(n.article_id) != n.text
        )
        articles = frozenset(after[i] for i in added) | notes
        for aid in articles:
            self._reindex(aid)
        return Written(report, Changes(articles=articles, highlights=added, notes=notes))

    def find_passage(self, article_id: str, quote: str) -> tuple[str, int, int] | None:
        """Where a ``lede://`` link's quote is: ``(article, start, end)``, in the named article
        first (a highlight starting there is taken whole), else in any article (the source
        was re-segmented and the id changed); None when it is nowhere."""
        return library_files.find_passage(self, article_id, quote)

    # ------------------------------------------------------------------ internals
    def _homes(self) -> dict[int, str]:
        """Highlight id -> its article, for every live highlight (orphans too): the bulk
        writes compare it before and after to say which highlights and articles they changed."""
        return {h.id: h.article_id for h in self.highlights()}

    def _highlight_ids(self, article_ids: set[str]) -> set[int]:
        """The live highlight ids of some articles: a write compares before and after to
        report the ones a merge removed."""
        return {h.id for aid in article_ids for h in self.highlights(aid)}

    def _written(
        self, hl: Highlight, articles: set[str], before: set[int] | None = None, *also: int
    ) -> Written[Highlight]:
        """A highlight write's result: it, the articles it is in, and every id it touched
        (its own, ``also``, and those that merged away since ``before``)."""
        ids = {hl.id, *also}
        if before is not None:
            ids |= before - self._highlight_ids(articles)
        return Written(hl, Changes(articles=frozenset(articles), highlights=frozenset(ids)))

    def _require(self, article_id: str) -> Article:
        article = self.article(article_id)
        if article is None:
            raise LedeError(f"no article {article_id!r} in this library")
        return article

    def _reindex(self, article_id: str) -> None:
        """Update one search document so notes, tags and state are findable at once."""
        if self._index is None:
            return
        article = self.article(article_id)
        if article is None:
            return
        from reader.core.indexing import index_doc  # keeps Whoosh out of start-up until it is needed

        read, starred = self.states().get(article_id, (False, False))
        doc = index_doc(
            article,
            highlights=self.highlights(article_id),
            note=self.article_note(article_id),
            read=read,
            starred=starred,
        )
        with self._lock:
            self._index.update([doc])

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
        self._catalog.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        """``with open_library(path) as lib:`` closes the index and catalogue however the block ends."""
        self.close()


def open_annotations() -> AnnotationStore:
    """The user's annotations (data dir, precious), recovered first if they were damaged."""
    return AnnotationStore(paths.annotations_db())


def fresh_build(source: Path) -> Path | None:
    """The committed build of ``source`` if it matches the file and the reader's cuts as they are now."""
    return is_fresh(paths.source_cache_dir(source), file_sha256(source), cuts_key(saved_cuts(source)))


def saved_cuts(source: Path) -> Mapping[int, Cut]:
    """The reader's article cuts of ``source``, read read-only from the annotations (see ``store.cuts``)."""
    return read_live(paths.annotations_db(), paths.source_key(source))


def build(
    source: Path,
    *,
    emit: Emit,
    force: bool = False,
    cluster: str | None = None,
    requests: int | None = None,
) -> None:
    """Build (or refresh) the cache of ``source``: what `lede index` runs in its child process.

    ``cluster`` (a Dask scheduler address) sends the NER pass to that cluster's workers; it is
    connected to first, so an unreachable one fails before any work (``ClusterError``).
    ``requests`` is the file descriptor where the window writes the articles it wants analysed
    first (JSON lines ``{"first": [id, ...]}``; see ``analyse/ahead.py``).
    """
    from reader.core.children import children_die_with_parent

    children_die_with_parent()  # a killed build takes its spaCy and writer processes with it
    ahead = None
    if requests is not None:
        from reader.core.analyse.ahead import AheadRequests, read_requests

        ahead = AheadRequests()
        read_requests(requests, ahead)
    cache = paths.source_cache_dir(source)
    cuts = saved_cuts(source)
    if cluster is None:
        build_source(source, cache, emit=emit, force=force, ahead=ahead, cuts=cuts)
        return
    from reader.core.analyse.cluster import connect

    client, backend = connect(cluster)
    try:
        build_source(source, cache, emit=emit, force=force, ner=backend, ahead=ahead, cuts=cuts)
    finally:
        client.close()


def open_library(
    source: Path,
    *,
    build: bool = True,
    emit: Emit | None = None,
    annotations: AnnotationStore | None = None,
    build_dir: Path | None = None,
    force: bool = False,
) -> Library:
    """Open ``source``: build or refresh its cache when needed, then attach annotations.

    The cache is rebuildable, so it never stands between the user and the library: a
    damaged build is rebuilt (``build_source`` checks it; a failure to open it anyway is
    caught here), and a build that cannot finish (a full disk) falls back to the
    published one. Either way ``emit`` gets a ``notice`` event with one line to show.
    """
    source = Path(source).expanduser()
    if not source.exists():
        raise SourceError(f"{source}: no such file or folder")
    say = emit or (lambda _e: None)
    cache = paths.source_cache_dir(source)
    store = annotations or AnnotationStore(paths.annotations_db())
    if annotations is None and store.notice:  # the notes were recovered: say what came back
        say({"event": "notice", "message": store.notice})
    try:
        return _open(source, cache, store, say, build=build, build_dir=build_dir, force=force)
    except BaseException:
        if annotations is None:
            store.close()
        raise


def _open(
    source: Path,
    cache: Path,
    store: AnnotationStore,
    say: Emit,
    *,
    build: bool,
    build_dir: Path | None,
    force: bool,
) -> Library:
    if build_dir is not None:
        return Library(source, build_dir, store)
    if not build:
        build_dir, problem = published_build(cache)
        if build_dir is None:
            why = f"its cache is damaged ({problem}); run `lede index`" if problem else "run `lede index`"
            raise IndexBuildError(f"{source} has not been indexed yet ({why})")
        return Library(source, build_dir, store)
    build_dir = _build(source, cache, say, force=force)
    try:
        return Library(source, build_dir, store)
    except (StorageError, IndexBuildError) as exc:
        # The checks passed, yet the build does not open (damage they cannot see): rebuild once.
        say(damage_notice(str(exc)))
        return Library(source, _build(source, cache, say, force=True), store)


def _build(source: Path, cache: Path, emit: Emit, *, force: bool) -> Path:
    """``build_source``, or the published build with a notice when the build cannot finish."""
    try:
        return build_source(source, cache, emit=emit, force=force, cuts=saved_cuts(source))
    except IndexBuildError as exc:
        fallback, _problem = published_build(cache)
        if fallback is None:
            raise
        emit({"event": "notice", "message": str(exc)})
        return fallback
