"""Turn a source file into a build folder: catalog.sqlite + Whoosh index.

This is the code behind ``lede index`` and the child process the window starts.
It runs in stages and reports each one through ``emit`` (JSON-able dicts), so a
caller can show articles as soon as they are segmented and entities when they land:

    {"event": "stage", "stage": "ingest" | "analyse" | "index", ...}
    {"event": "progress", "stage": ..., "done": n, "total": m}
    {"event": "articles", "dir": <build dir>, "count": n}    # catalog has the articles
    {"event": "copies", "copies": n, "groups": g, "seconds": s}  # wire copies grouped
    {"event": "searchable", "dir": <build dir>, "count": n}  # published; the index answers
    {"event": "analysed", "id": <article id>}                 # one asked-for article, ahead
    {"event": "entities", "dir": <build dir>, ...}            # catalog has the analysis
    {"event": "resume", "dir": <build dir>, "stage": s}       # an unfinished build goes on
    {"event": "done", "dir": <current dir>, "reused": bool, "seconds": s}
    {"event": "notice", "message": str}                       # one line for the user

Builds are atomic: everything is written into a fresh ``build-*`` folder and only
then published by atomically rewriting the ``CURRENT`` pointer file. A killed
build leaves a stray folder that the next build removes; the published build is
never touched while it is current. The previous build is kept until the new one
is complete, so a build that fails after publishing (a full disk during analysis)
puts it back. A published build that fails the cheap checks of
:mod:`reader.core.cache_check` is rebuilt, with a notice, never reused.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.build_folders import remove_stale_builds
from reader.core.cache_check import ChildStderr, build_problem, failure_line, read_pointer, recorded_sizes
from reader.core.errors import IndexBuildError, LedeError, SourceError
from reader.core.source_digest import digest_source, earlier_starts
from reader.core.store.cuts import Cut, cuts_key, unmade_cuts_notice
from reader.core.types import Analysis, Article, ArticleDraft

if TYPE_CHECKING:
    from reader.core.analyse.ahead import AheadRequests
    from reader.core.analyse.backend import NerBackend
    from reader.core.analyse.lane_process import Analyser
    from reader.core.ingest.cuts import Pins

#: Bump when ingest/analysis/index output changes shape, so old caches are rebuilt.
# 21: a story saved twice in a row is two articles (a repeated lead paragraph starts the copy);
# 20: segmenter refitted on Wikinews + Politico (issue 13, fitting-pair selection);
# 19: organisation names of listed subjects, dateline sources, sentence-opening common words (issue 16, sixth round);
# 18: derived titles chosen by the article's repeated words when the first clause carries few (issue 13);
# 17: clutter keeps a headline-like line whose next line reads as its lead, placeholders dropped (issue 13);
# 16: organisation heads after titles, "and Co" names, cued acronyms, "of" objects (issue 16, fifth round);
# 15: organisation spans and cues, library-wide type vote for names of several words (issue 16, fourth round);
# 14: segmenter subhead and surname cues, refitted weights (issue 13, boundaries);
# 13: derived titles keep the object's determiner, skip relative clauses (issue 13, titles);
# 12: furniture kinds in clutter removal (issue 13); 11: people and kinds by form and context (issue 16, third round);
# 10: organisation short forms, team/player splits, prizes as events (issue 16, second round);
# 9: organisation cues and name trimming (issue 16); 8: wire copies (copy_of)
# 24: a quotation gives a derived title only beside its named speaker (issue 13 item 4, titles7)
# 26: the segmenter's doubtful breaks kept (meta "doubtful_breaks"); a headline-like line sharing no word
# with the story below ends the story before instead of titling it (issue 13)
# 27: the story threshold falls for dumps of short stories (round seg16); manifests record the size hashed
# 28: the story pass reads what paragraphs are about (meaning vectors, seg17); 29: each run's own threshold (seg21)
# 30: titles from the third paragraph when the first two hold no clause; "Now that" openers; quotes closed
PIPELINE_VERSION = "30"

Emit = Callable[[dict[str, Any]], None]


def _no_emit(_event: dict[str, Any]) -> None:
    return None


def article_ids(drafts: Sequence[ArticleDraft]) -> list[str]:
    """Stable ids: a hash of the article's lead paragraph (plus a counter for repeats).

    The lead identifies a story better than its position: appending to the file or
    editing another story leaves the id alone, so annotations stay attached.
    """
    next_id = ArticleIds()
    return [next_id(d) for d in drafts]


class ArticleIds:
    """:func:`article_ids` one draft at a time, for a stream of drafts."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, draft: ArticleDraft) -> str:
        lead = draft.paragraphs[0] if draft.paragraphs else draft.title
        norm = " ".join(unicodedata.normalize("NFKC", lead).casefold().split())
        base = hashlib.sha1(norm.encode("utf-8")).hexdigest()[:12]
        n = self.seen.get(base, 0)
        self.seen[base] = n + 1
        return base if n == 0 else f"{base}-{n}"


def make_articles(
    drafts: Sequence[ArticleDraft], analyses: Sequence[Analysis] | None = None
) -> list[Article]:
    """Join ingest drafts with (optional) analysis results into Articles."""
    next_id = ArticleIds()
    out: list[Article] = []
    for i, draft in enumerate(drafts):
        art = draft_article(draft, next_id(draft), i)
        if analyses is not None:
            a = analyses[i]
            art = replace(art, entities=a.entities, mentions=a.mentions, quotes=a.quotes, figures=a.figures)
        out.append(art)
    return out


def draft_article(draft: ArticleDraft, article_id: str, position: int) -> Article:
    """The catalog's Article for one draft, before analysis."""
    return Article(
        id=article_id,
        title=draft.title,
        text=draft.text,
        start_line=draft.start_line,
        end_line=draft.end_line,
        lines=tuple(draft.lines),
        title_derived=draft.title_derived,
        date=draft.date,
        author=draft.author,
        url=draft.url,
        position=position,
    )


def current_build(cache: Path) -> Path | None:
    """The published build folder of a source cache, or None if there is none (or its pointer is bad)."""
    return read_pointer(cache)[0]


def published_build(cache: Path) -> tuple[Path | None, str | None]:
    """The published build if it passes the cheap checks, else (None, what is wrong with it).

    (None, None) means nothing was built yet. About 5 ms on the sample; see cache_check.
    """
    folder, problem = read_pointer(cache)
    if folder is None:
        return None, problem
    problem = build_problem(folder, read_manifest(folder))
    return (None, problem) if problem else (folder, None)


def damage_notice(problem: str) -> dict[str, Any]:
    """The event that tells the user a damaged cache is being rebuilt (one line)."""
    return {"event": "notice", "message": f"the library cache was damaged ({problem}); rebuilding it"}


def read_manifest(build_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def is_fresh(cache: Path, sha256: str, cuts: str = "") -> Path | None:
    """The current build if it was made from this exact content, with these cuts (``cuts_key``), by
    this pipeline, and is intact."""
    build = published_build(cache)[0]
    if build is None:
        return None
    manifest = read_manifest(build)
    if (
        manifest.get("sha256") == sha256
        and manifest.get("cuts", "") == cuts
        and manifest.get("pipeline") == PIPELINE_VERSION
        and manifest.get("stage", "complete") == "complete"
    ):
        return build
    return None


def _publish(cache: Path, build_dir: Path) -> None:
    """Atomically point CURRENT at ``build_dir`` (write aside, fsync, rename)."""
    tmp = cache / f"CURRENT.{os.getpid()}.tmp"
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(build_dir.name)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, cache / "CURRENT")


def build_source(
    source: Path,
    cache: Path,
    *,
    emit: Emit = _no_emit,
    force: bool = False,
    analyse: bool = True,
    ner: NerBackend | None = None,
    ahead: AheadRequests | None = None,
    cuts: Mapping[int, Cut] | None = None,
) -> Path:
    """Build (or reuse, or resume) the catalog and index for ``source``; return the published folder.

    Stages, each one published before the next starts so a reader can use it:

    1. ingest → catalog with every article (``articles``: the list is browsable);
    2. wire copies grouped (``copy_of``), before the index so search folds them at once;
    3. full-text index of titles and bodies → publish (``searchable``);
    4. entity analysis (NER spans cached per text, so a killed or incremental build
       only analyses what it has not seen) → catalog and index updated (``entities``);
    5. manifest marked complete (``done``).

    ``ner`` computes the entity spans (default: spaCy here, on up to two processes; a
    ``ClusterBackend`` for ``lede index --cluster``); their cache is the same either way.
    ``ahead`` carries the ids of articles to analyse ahead of the rest (the one open in the
    window): each is written and announced (``analysed``) while the NER pass runs.
    ``cuts`` are the reader's article cuts (:mod:`reader.core.ingest.cuts`); a build made
    with other cuts is not reused.
    A build whose manifest matches the source but stopped before stage 5 is resumed.
    A published build that fails the cheap checks is rebuilt (a ``notice`` says so).
    Any failure while writing leaves the previous build published, removes the new
    folder, and raises :class:`IndexBuildError` with one line (see ``failure_line``).
    """
    started = time.monotonic()
    if not source.exists():
        raise SourceError(f"{source}: no such file or folder")
    current, problem = published_build(cache)
    if problem is not None:
        emit(damage_notice(problem))
    manifest = read_manifest(current) if current is not None else {}
    # One read of the source: its digest, and on the way that of the bytes the last build read.
    read_before = manifest.get("size")
    hashed = digest_source(source, read_before if isinstance(read_before, int) else None)
    sha, size = hashed.sha256, hashed.size
    key = cuts_key(cuts)
    same = (
        manifest.get("sha256") == sha
        and manifest.get("cuts", "") == key
        and manifest.get("pipeline") == PIPELINE_VERSION
    )
    if same and not force and current is not None:
        if manifest.get("stage") == "complete" or not analyse:
            emit({"event": "done", "dir": str(current), "reused": True, "seconds": 0.0})
            return current
        emit({"event": "resume", "dir": str(current), "stage": manifest.get("stage")})
        try:
            with _ahead_lane(current, ahead, emit) as emit:
                _analyse_all(current, source, cache, emit, ner)
        except LedeError as exc:
            if isinstance(exc, SourceError):
                raise
            raise IndexBuildError(failure_line(exc, cache, kept=True)) from exc
        except Exception as exc:
            raise IndexBuildError(failure_line(exc, cache, kept=True)) from exc
        emit({"event": "done", "dir": str(current), "reused": False, "seconds": _since(started)})
        return current

    remove_stale_builds(cache)
    work = cache / f"build-{os.getpid()}-{int(time.time() * 1000)}"
    published = False
    try:
        work.mkdir(parents=True)
        # The lane's model loads in a process of its own while ingest runs (on the other core),
        # so the article opened when the list appears has its entities within a second.
        with _lane_analyser(ahead is not None and analyse) as preload:
            pins = earlier_starts(hashed, current, manifest, PIPELINE_VERSION)
            count = _ingest_stage(source, sha, work, emit, cuts, pins)
            # The list is browsable from here on, so the window may ask for the open article's
            # entities while copies are grouped and the text index is built, not only during NER.
            with _ahead_lane(work, ahead if analyse and count else None, emit, preload) as emit:
                _copies_stage(work, emit)
                _index_stage(work, count, emit)
                stage = "searchable" if analyse and count else "complete"
                _write_manifest(work, source, sha, size, count, stage, key)
                _publish(cache, work)
                published = True
                emit({"event": "searchable", "dir": str(work), "count": count})
                if analyse and count:
                    _analyse_all(work, source, cache, emit, ner)
    except BaseException as exc:
        _abandon(cache, work, current if published else None)
        if isinstance(exc, SourceError) or not isinstance(exc, Exception):
            raise  # bad input is the user's to fix; Ctrl+C is not a failure
        children = exc.children if isinstance(exc, _WriterFailed) else ""
        # A first build that failed during analysis stays published: usable, without entities.
        tail = "the library is usable without entities" if published and current is None else None
        line = failure_line(exc, cache, kept=current is not None, children=children, tail=tail)
        raise IndexBuildError(line) from exc
    remove_stale_builds(cache)  # only now: the previous build was the way back until here
    emit({"event": "done", "dir": str(work), "reused": False, "seconds": _since(started)})
    return work


def _abandon(cache: Path, work: Path, previous: Path | None) -> None:
    """Undo a failed build: point CURRENT back at ``previous`` (when it was replaced) and drop ``work``.

    Without a previous build, a published-but-unfinished one stays: it is consistent
    (articles and text search) and the next open resumes it.
    """
    if previous is not None and previous.is_dir():
        try:
            _publish(cache, previous)
        except OSError:
            pass  # a full disk may refuse even the pointer: the new build then stays published
        else:
            shutil.rmtree(work, ignore_errors=True)
            return
    if current_build(cache) != work:
        shutil.rmtree(work, ignore_errors=True)


class _WriterFailed(IndexBuildError):
    """The index writers lost documents; ``children`` is what the writer processes printed."""

    def __init__(self, message: str, children: str) -> None:
        super().__init__(message)
        self.children = children


def _since(started: float) -> float:
    return round(time.monotonic() - started, 3)


def _write_manifest(
    work: Path, source: Path, sha: str, size: int | None, count: int, stage: str, cuts: str
) -> None:
    from reader.core.atomic import write_text_atomic

    manifest = {
        "sha256": sha,
        "size": size,  # the bytes ``sha256`` covers: a later build checks the file only grew (source_digest)
        "cuts": cuts,
        "pipeline": PIPELINE_VERSION,
        "source": str(source),
        "articles": count,
        "stage": stage,
        "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        # What a finished build wrote, checked by size at every open (cache_check).
        "files": recorded_sizes(work),
    }
    write_text_atomic(work / "manifest.json", json.dumps(manifest, indent=1))


# Articles are written to the catalog this many at a time while the source streams in.
WRITE_BATCH = 1000


def _ingest_stage(
    source: Path, sha: str, work: Path, emit: Emit, cuts: Mapping[int, Cut] | None, pins: Pins | None = None
) -> int:
    """Stream the source into the catalog; return the article count. No article is held after its batch.

    ``pins`` are the earlier build's starts when the file only grew since (:mod:`source_digest`).
    """
    from reader.core.ingest.source import stream_path
    from reader.core.store.catalog import Catalog

    emit({"event": "stage", "stage": "ingest"})

    def ingest_progress(done: int, total: int) -> None:
        emit({"event": "progress", "stage": "ingest", "done": done, "total": total})

    stream = stream_path(source, progress=ingest_progress, cuts=cuts, pins=pins)
    next_id = ArticleIds()
    count = 0
    with Catalog(work / "catalog.sqlite") as catalog:
        catalog.set_meta("source_path", str(source))
        catalog.set_meta("source_sha256", sha)
        catalog.set_meta("format", stream.format)
        batch: list[Article] = []
        for draft in stream.drafts:
            batch.append(draft_article(draft, next_id(draft), count))
            count += 1
            if len(batch) >= WRITE_BATCH:
                catalog.write_articles(batch)
                batch = []
        catalog.write_articles(batch)
        dropped = [{"line": d.line, "text": d.text, "reason": d.reason} for d in stream.dropped]
        catalog.set_meta("dropped_lines", json.dumps(dropped))
        catalog.set_meta("doubtful_breaks", json.dumps([[d.line, d.at_start] for d in stream.doubts]))
    if stream.unmade_cuts:
        emit({"event": "notice", "message": unmade_cuts_notice(stream.unmade_cuts)})
    emit({"event": "articles", "dir": str(work), "count": count})
    return count


def _copies_stage(work: Path, emit: Emit) -> None:
    """Group wire copies and updates (``copy_of`` in the catalog); no spaCy, about 1% of a build.

    It runs after the list is browsable and before the index, so that the search published
    next already folds copies and the list reloaded then shows "3 versions".
    """
    from reader.core.copies import CopyDoc, find_copies
    from reader.core.store.catalog import Catalog

    emit({"event": "stage", "stage": "copies"})
    started = time.monotonic()
    with Catalog(work / "catalog.sqlite") as catalog:
        copy_of = find_copies(CopyDoc(*row) for row in catalog.copy_texts())  # streamed: no text kept
        catalog.set_copies({k: v for k, v in copy_of.items() if v is not None})
    copies = sum(1 for v in copy_of.values() if v is not None)
    groups = len({v for v in copy_of.values() if v is not None})
    emit({"event": "copies", "copies": copies, "groups": groups, "seconds": _since(started)})


def _index_stage(work: Path, total: int, emit: Emit) -> None:
    """Full-text index of the catalog's articles, read back in batches rather than held in memory."""
    from reader.core.indexing import index_docs
    from reader.core.search import build_index
    from reader.core.search.index import writer_processes
    from reader.core.store.catalog import Catalog

    emit({"event": "stage", "stage": "index", "total": total})
    procs = writer_processes(total)
    with Catalog(work / "catalog.sqlite", readonly=True) as catalog, _writers_stderr(procs) as children:
        build_index(
            work / "index",
            # Text only: the ahead lane may have stored an article's provisional entities by now,
            # and the entity fields are added once, from the final analysis, by the entity stage.
            index_docs(_text_only(a) for a in catalog.iter_articles()),
            progress=lambda done: emit({"event": "progress", "stage": "index", "done": done, "total": total}),
            procs=procs,
        )
        _check_doc_count(work / "index", total, children)


def _text_only(article: Article) -> Article:
    """``article`` without the analysis the ahead lane may have written (what ingest stored)."""
    if not (article.entities or article.mentions or article.quotes or article.figures):
        return article
    return replace(article, entities=(), mentions=(), quotes=(), figures=())


def _writers_stderr(procs: int) -> ChildStderr | contextlib.nullcontext[None]:
    """Collect the forked writers' stderr when there are any (one writer runs here, in-process)."""
    return ChildStderr() if procs > 1 else contextlib.nullcontext()


def _check_doc_count(directory: Path, total: int, children: ChildStderr | None) -> None:
    """Whoosh's multiprocessing writer commits without the segment of a writer that died: count."""
    from reader.core.search import SearchIndex

    with SearchIndex(directory) as index:
        found = index.doc_count()
    if found != total:
        printed = children.text if children is not None else ""
        raise _WriterFailed(f"the index has {found} of {total} articles (a writer process failed)", printed)


def analysis_processes(count: int) -> int:
    """spaCy worker processes: one for small jobs (start-up dominates), else one per core, at most two."""
    return 1 if count < 200 else max(1, min(2, os.cpu_count() or 1))


@contextlib.contextmanager
def _lane_analyser(wanted: bool) -> Iterator[Analyser | None]:
    """The ahead lane's analyser, started now when ``wanted``, and ended however the build ends."""
    if not wanted:
        yield None
        return
    from reader.core.analyse.lane_process import lane_analyser

    analyser = lane_analyser()
    try:
        yield analyser
    finally:
        analyser.close()


@contextlib.contextmanager
def _ahead_lane(
    work: Path, ahead: AheadRequests | None, emit: Emit, preload: Analyser | None = None
) -> Iterator[Emit]:
    """Serve the window's "analyse this first" requests while the stages inside run.

    Yields the ``emit`` to use inside (serialised, as the lane's thread emits too). The
    :class:`~reader.core.analyse.ahead.AheadLane` starts as soon as the catalog is browsable and runs
    through the whole analysis stage: its writes are provisional, so the catalog never
    lets one replace a final analysis (see ``Catalog.write_articles``).
    """
    if ahead is None:
        yield emit
        return
    from reader.core.analyse.ahead import AheadLane

    emit = _serialised(emit)  # the lane emits from its own thread
    lane = AheadLane(work / "catalog.sqlite", ahead, emit, preload).start()
    try:
        yield emit
    finally:
        lane.stop()


_EMIT_LOCK: Any = None


def _serialised(emit: Emit) -> Emit:
    """``emit`` for two threads: one line at a time, and never mid-line when the build forks.

    The stage forks spaCy's workers (and later the rule workers); a forked multiprocessing
    child flushes stdout before it exits, so a fork taken while the lane thread held
    stdout's lock would leave the child waiting for it forever. The lock is taken around
    every fork of the process (``os.register_at_fork``, once: it cannot be undone).
    """
    global _EMIT_LOCK

    if _EMIT_LOCK is None:
        _EMIT_LOCK = threading.Lock()
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(
                before=_EMIT_LOCK.acquire,
                after_in_parent=_EMIT_LOCK.release,
                after_in_child=_EMIT_LOCK.release,
            )
    lock = _EMIT_LOCK

    def locked(event: dict[str, Any]) -> None:
        with lock:
            emit(event)

    return locked


def _analyse_all(work: Path, source: Path, cache: Path, emit: Emit, ner: NerBackend | None) -> None:
    from reader.core.analyse import SpacyBackend
    from reader.core.analyse.cache import CachedBackend
    from reader.core.entity_stage import CatalogEntityMaps, analyse_catalog
    from reader.core.indexing import index_docs
    from reader.core.search import build_index
    from reader.core.search.enrich import NotCopyable, add_entity_fields
    from reader.core.search.index import writer_processes
    from reader.core.store.catalog import Catalog

    with Catalog(work / "catalog.sqlite", readonly=True) as catalog:
        total = catalog.article_count()
    emit({"event": "stage", "stage": "analyse", "total": total})
    inner = ner if ner is not None else SpacyBackend(n_process=analysis_processes(total))
    backend = CachedBackend(inner, cache / "ner-cache.sqlite")

    def progress(done: int, n: int) -> None:
        emit({"event": "progress", "stage": "analyse", "done": done, "total": n})

    # Streams: texts read from the catalog in batches, candidates spilled, results written back
    # in source order, each batch recorded as final (the ahead lane never overwrites it).
    analyse_catalog(work, backend, total, progress)
    entities: dict[str, Any] = {"event": "entities", "dir": str(work), "cached": backend.hits}
    entities["analysed"] = backend.misses
    by_worker = getattr(inner, "by_worker", None)
    if by_worker is not None:  # a cluster build: batches delivered per worker address
        entities["workers"] = dict(by_worker)
    emit(entities)
    # The text index is copied segment by segment with the entity fields added (no text is
    # analysed again: 54 s -> 9.3 s at 20k articles) into a folder beside it and swapped
    # in by rename; readers of the old one keep their open files until they reopen on "done".
    emit({"event": "stage", "stage": "entity index", "total": total})
    fresh = work / "index-next"
    shutil.rmtree(fresh, ignore_errors=True)
    names = CatalogEntityMaps(work / "catalog.sqlite")  # each forked copier reads the catalog itself

    def index_progress(done: int) -> None:
        emit({"event": "progress", "stage": "entity index", "done": done, "total": total})

    procs = writer_processes(total)
    try:
        with _writers_stderr(procs) as children:
            try:
                add_entity_fields(work / "index", fresh, names, index_progress, procs=procs)
            except NotCopyable:
                # The index was edited while the build ran (a note written meanwhile): index afresh.
                # The Library re-indexes every annotated article when it opens the finished build.
                shutil.rmtree(fresh, ignore_errors=True)
                build_index(fresh, index_docs(names.catalog().iter_articles()), progress=index_progress)
            _check_doc_count(fresh, total, children)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)  # the published text index stays as it was
        raise
    finally:
        names.close()
    retired = work / f"index-old-{int(time.time() * 1000)}"
    os.replace(work / "index", retired)
    os.replace(fresh, work / "index")
    shutil.rmtree(retired, ignore_errors=True)
    manifest = read_manifest(work)
    size = manifest.get("size")
    _write_manifest(
        work,
        source,
        str(manifest.get("sha256", "")),
        size if isinstance(size, int) else None,
        total,
        "complete",
        str(manifest.get("cuts", "")),
    )
