"""Build, open, update and query Lede's Whoosh index.

The index is a cache: it can always be rebuilt from the source, so a build goes
into a fresh folder that the caller swaps in atomically. Once open, a
:class:`SearchIndex` keeps ONE long-lived searcher (opening a searcher re-reads
segment metadata, which costs more than most queries) and refreshes it after
each write, so an edited note is findable at once. A lock serialises searcher
use because a search may run on a worker thread while the UI thread writes.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.filedb.filestore import RamStorage
from whoosh.lang.porter import stem as porter_stem
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.support.charset import accent_map

from reader.core.errors import IndexBuildError, QueryError
from reader.core.search import accel, writer_guard
from reader.core.search.query import QueryBuilder, suggestable_words
from reader.core.search.schema import (
    WORD_PATTERN,
    build_schema,
    entity_field_values,
    exact_analyzer,
)
from reader.core.types import Hit, SearchResult

FALLBACK_NOTICE = "Query could not be parsed ({reason}); searched the plain words instead"

# Fields whose terms only filter: a query made only of these is listed in
# source order instead of by a meaningless relevance score.
_FILTER_FIELDS = frozenset({"id", "read", "starred", "has_notes", "tag", "date", "position"})

# Fields consulted to decide whether a typed word exists in the library at all.
_VOCABULARY_FIELDS = ("body_exact", "title_exact", "entities", "notes")

# How often build_index reports progress (documents).
_PROGRESS_EVERY = 100


@dataclass(frozen=True)
class IndexDoc:
    """One article as the index sees it: text plus the user's state that is searchable.

    ``entities`` maps an entity type (spaCy label such as ``PERSON``) to every
    name that should find the article: canonical names and all aliases.
    """

    id: str
    title: str
    body: str
    position: int
    date: str | None = None
    entities: Mapping[str, Sequence[str]] = field(default_factory=dict)
    notes: str = ""
    tags: Sequence[str] = ()
    read: bool = False
    starred: bool = False


_DATE_PREFIX = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_date(value: str | None) -> datetime | None:
    """Best-effort ISO date parsing; unparseable dates are simply not indexed.

    Sources give dates in many shapes; a date that cannot be read must not
    break the build, it only makes the article invisible to ``date:`` queries.
    """
    if not value:
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        m = _DATE_PREFIX.match(text)
        if not m:
            return None
        try:
            parsed = datetime(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
        except ValueError:
            return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed


def _fields(doc: IndexDoc) -> dict[str, Any]:
    """Map an :class:`IndexDoc` onto the schema's fields."""
    out: dict[str, Any] = {
        "id": doc.id,
        "title": doc.title,
        "title_exact": doc.title,
        "body": doc.body,
        "body_exact": doc.body,
        "position": doc.position,
        "read": bool(doc.read),
        "starred": bool(doc.starred),
        "has_notes": bool(doc.notes.strip()),
    }
    out.update(entity_field_values(doc.entities))
    if doc.notes.strip():
        out["notes"] = doc.notes
    tags = [t.replace(",", " ").strip() for t in doc.tags if t.strip()]
    if tags:
        out["tag"] = ",".join(tags)
    date = parse_date(doc.date)
    if date is not None:
        out["date"] = date
    return out


def build_index(
    directory: Path,
    docs: Iterable[IndexDoc],
    progress: Callable[[int], None] | None = None,
    *,
    procs: int | None = None,
    limitmb: int | None = None,
) -> None:
    """Create a fresh index in ``directory`` (which must be empty or absent).

    The caller swaps the finished folder into place, so a crashed build never
    leaves a half-written index where a good one was. ``progress`` receives the
    number of documents added so far, every hundred documents and at the end.
    ``procs > 1`` uses Whoosh's multiprocessing writer (one segment per process,
    not merged: merging would redo half the work). ``None`` means one writer per
    core, at most :data:`MAX_BUILD_PROCS`, and a single writer for small inputs
    where starting processes costs more than it saves. Measured on 2 cores,
    20,000 articles (8M words): 205 s with one writer before the fused
    analyzers, 88 s with two (a bigger ``limitmb`` did not help: 768 MB gave
    87 s at 2.4x the memory). ``limitmb`` is each writer's posting buffer
    (default :data:`WRITER_LIMIT_MB`).
    """
    if procs is None:
        procs = _default_procs(docs)
    if limitmb is None:
        limitmb = WRITER_LIMIT_MB
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise IndexBuildError(f"index folder is not empty: {directory}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        ix = whoosh_index.create_in(str(directory), build_schema())
    except OSError as exc:
        raise IndexBuildError(f"cannot create index in {directory}: {exc}") from exc
    accel.prepare_writing()
    _write_all(ix, docs, progress, procs=procs, limitmb=limitmb)
    ix.close()


MAX_BUILD_PROCS = 2
#: Each writer's posting buffer in Whoosh's estimate (the real memory is ~1.2x): the writers'
#: largest cost, and the same at any library size once full. 128 rather than Whoosh's usual
#: 256: one writer over 6,000 articles peaked at 227 MB instead of 386 MB, no slower
#: (the buffer spills sorted runs to disk; more of them cost nothing measurable).
WRITER_LIMIT_MB = 128
# Below this many documents (when the count is known) one writer is faster.
_PARALLEL_MIN_DOCS = 1_000


def _default_procs(docs: Iterable[IndexDoc]) -> int:
    return writer_processes(len(docs) if isinstance(docs, Sized) else None)


def writer_processes(count: int | None) -> int:
    """Index writers for ``count`` documents (None: unknown, assume many)."""
    if count is not None and count < _PARALLEL_MIN_DOCS:
        return 1
    return max(1, min(MAX_BUILD_PROCS, os.cpu_count() or 1))


def _write_all(
    ix: whoosh_index.Index,
    docs: Iterable[IndexDoc],
    progress: Callable[[int], None] | None,
    *,
    procs: int = 1,
    limitmb: int = WRITER_LIMIT_MB,
) -> None:
    # Separate files, not one compound file: Whoosh reads a compound file's parts through
    # in-memory copies (BytesIO of the mapped bytes), so every open searcher held a copy of
    # the postings (137 MB at 20k articles); separate files are read on demand.
    kwargs: dict[str, Any] = {"limitmb": limitmb, "compound": False}
    if procs > 1:
        kwargs.update(procs=procs, multisegment=True)
    writer = ix.writer(**kwargs)
    writer_guard.watch_writer_processes(writer)
    count = 0
    try:
        for doc in docs:
            writer.add_document(**_fields(doc))
            count += 1
            if progress is not None and count % _PROGRESS_EVERY == 0:
                progress(count)
    except BaseException as exc:
        writer_guard.stop_writer_processes(writer)
        writer.cancel()
        if isinstance(exc, Exception) and not isinstance(exc, IndexBuildError):
            raise IndexBuildError(f"index build failed: {exc}") from exc
        raise
    try:
        writer.commit()
    except Exception as exc:
        writer_guard.stop_writer_processes(writer)
        if isinstance(exc, IndexBuildError):
            raise
        raise IndexBuildError(f"index commit failed: {exc}") from exc
    writer_guard.check_writer_processes(writer, finished=True)
    if progress is not None and count % _PROGRESS_EVERY != 0:
        progress(count)


@dataclass(frozen=True)
class _Ranked:
    top: list[tuple[int, float]]  # (global docnum, score), best first
    total: int


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return str(porter_stem(word))


class SearchIndex:
    """An open index with one long-lived, lock-guarded searcher."""

    def __init__(self, directory: Path) -> None:
        directory = Path(directory)
        try:
            if not whoosh_index.exists_in(str(directory)):
                raise IndexBuildError(f"no search index in {directory}")
            ix = whoosh_index.open_dir(str(directory))
        except IndexBuildError:
            raise
        except Exception as exc:
            raise IndexBuildError(f"search index in {directory} is unreadable: {exc}") from exc
        self._setup(ix)

    @classmethod
    def in_memory(cls, docs: Iterable[IndexDoc] = ()) -> SearchIndex:
        """An index held in RAM (tests, previews): same behaviour, nothing on disk."""
        ix = RamStorage().create_index(build_schema())
        _write_all(ix, docs, None)
        self = cls.__new__(cls)
        self._setup(ix)
        return self

    def _setup(self, ix: whoosh_index.Index) -> None:
        # Required fields must exist, or this is an index from another program/version.
        schema = ix.schema
        missing = {"id", "title", "body", "body_exact", "entities"} - set(schema.names())
        if missing:
            ix.close()
            raise IndexBuildError(f"search index has an unexpected schema (missing {sorted(missing)})")
        self._ix = ix
        self._lock = threading.RLock()
        self._builder = QueryBuilder(schema)
        self._exact = exact_analyzer()
        try:
            self._searcher: Searcher = ix.searcher(weighting=_weighting())
        except Exception as exc:
            raise IndexBuildError(f"search index is unreadable: {exc}") from exc

    # -- queries ---------------------------------------------------------------

    def parse_check(self, query: str) -> None:
        """Raise :class:`QueryError` (one line) if ``query`` is malformed."""
        self._builder.parse(query)

    def search(self, query: str, limit: int = 50, *, snippets: int = 20) -> SearchResult:
        """Search; never raises on malformed input (falls back to the plain words).

        Only the top ``limit`` documents are scored and kept, and only the first
        ``snippets`` of those get a highlighted snippet: that is the work a
        result list shows, and the rest would be wasted time.
        """
        text = query.strip()
        if not text:
            return SearchResult(hits=(), total=0, query=query)
        notice = ""
        q: wq.Query | None
        try:
            q = self._builder.parse(text)
        except QueryError as exc:
            q = self._builder.parse_plain(text)
            notice = FALLBACK_NOTICE.format(reason=exc)
        with self._lock:
            searcher = self._searcher
            hits: list[Hit] = []
            total = 0
            if q is not None and limit > 0:
                filter_only = _is_filter_only(q)
                # No terms=True: recording matched terms for every matching
                # document costs more than the search itself; the highlighter
                # works from the query's own (expanded) terms instead.
                ranked = self._rank(searcher, q, limit, filter_only)
                total = ranked.total
                marker = None if filter_only else _Marker(_highlight_terms(q, searcher.reader()))
                for rank, (docnum, score) in enumerate(ranked.top):
                    stored = searcher.stored_fields(docnum)
                    snippet = ""
                    if rank < snippets:
                        body = stored.get("body", "")
                        snippet = (marker.snippet(body) if marker else "") or _lead(body)
                    hits.append(
                        Hit(
                            id=stored["id"],
                            title=stored.get("title", ""),
                            score=score,
                            snippet=snippet,
                        )
                    )
            suggestion = self._suggest(text, searcher)
        return SearchResult(hits=tuple(hits), total=total, query=query, notice=notice, suggestion=suggestion)

    @staticmethod
    def _rank(searcher: Searcher, q: wq.Query, limit: int, filter_only: bool) -> _Ranked:
        """The top ``limit`` (docnum, score) pairs and the number of matches.

        Plain-word queries may be scored in bulk (see :func:`reader.core.search.accel.rank`);
        everything else goes through Whoosh's collector.
        """
        if not filter_only:
            found = accel.rank(searcher, q, limit)
            if found is not None:
                return _Ranked(*found)
        results = searcher.search(q, limit=limit, sortedby="position" if filter_only else None)
        scores = [
            0.0 if filter_only else float(results.score(i) or 0.0) for i in range(results.scored_length())
        ]
        return _Ranked(
            [(hit.docnum, score) for hit, score in zip(results, scores, strict=True)], _total(results, limit)
        )

    def _suggest(self, text: str, searcher: Searcher) -> str:
        """ "Did you mean": replace words absent from the library by the closest indexed word.

        Suggestions come from ``body_exact``/``title_exact`` (unstemmed) so they
        are words a person would type. Nearer words win (edit distance 1 before
        2), then more frequent ones.
        """
        reader = searcher.reader()
        replacements: list[tuple[int, int, str]] = []
        for start, end, word in suggestable_words(text):
            folded = [t.text for t in self._exact(word)]
            if len(folded) != 1 or len(folded[0]) < 3 or folded[0].isdigit():
                continue
            term = folded[0]
            if any(reader.doc_frequency(f, term) for f in _VOCABULARY_FIELDS if f in reader.schema):
                continue
            best = self._closest(searcher, term)
            if best:
                replacements.append((start, end, best))
        if not replacements:
            return ""
        out = text
        for start, end, word in reversed(replacements):
            out = out[:start] + word + out[end:]
        return out

    @staticmethod
    def _closest(searcher: Searcher, term: str) -> str:
        for maxdist in (1, 2):
            for fieldname in ("body_exact", "title_exact"):
                found = searcher.corrector(fieldname).suggest(term, limit=1, maxdist=maxdist, prefix=1)
                if found:
                    return str(found[0])
        return ""

    # -- writes ----------------------------------------------------------------

    def update(self, docs: Iterable[IndexDoc]) -> None:
        """Add or replace documents by id, commit, and refresh the searcher."""
        self._write(lambda w: [w.update_document(**_fields(d)) for d in docs])

    def delete(self, ids: Iterable[str]) -> None:
        """Remove documents by id (unknown ids are ignored)."""
        self._write(lambda w: [w.delete_by_term("id", i) for i in ids])

    def _write(self, apply: Callable[[Any], object]) -> None:
        try:
            writer = self._ix.writer(timeout=10.0, compound=False)
        except Exception as exc:
            raise IndexBuildError(f"search index is locked or unwritable: {exc}") from exc
        try:
            apply(writer)
        except BaseException:
            writer.cancel()
            raise
        try:
            writer.commit()
        except Exception as exc:
            raise IndexBuildError(f"search index update failed: {exc}") from exc
        self._refresh()

    def _refresh(self) -> None:
        """Swap in a searcher for the newest generation.

        Not ``Searcher.refresh()``: in Whoosh-Reloaded 2.7.5 it re-uses the old
        segment readers (``reuse=``), which keep their stale deletion sets, so an
        updated document would show up twice. A fresh reader is a few ms.
        """
        with self._lock:
            old = self._searcher
            if self._ix.latest_generation() == old.reader().generation():
                return
            self._searcher = self._ix.searcher(weighting=_weighting())
            old.close()

    # -- misc ------------------------------------------------------------------

    def doc_count(self) -> int:
        """Number of live (not deleted) documents."""
        with self._lock:
            return int(self._searcher.doc_count())

    def close(self) -> None:
        """Release the searcher and the index files."""
        with self._lock:
            self._searcher.close()
            self._ix.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


SNIPPET_CHARS = 200  # the longest passage, before context is added
SNIPPET_SURROUND = 60  # context characters on each side of a passage
SNIPPET_PASSAGES = 2
SNIPPET_SCAN_CHARS = 32_768  # matches beyond this are not looked for
_TOKEN = re.compile(WORD_PATTERN)


def _lead(body: str) -> str:
    """The opening of the article, for hits with no marked term (title-only matches)."""
    flat = " ".join(body.split())
    if len(flat) <= SNIPPET_CHARS:
        return flat
    cut = flat.rfind(" ", 0, SNIPPET_CHARS)
    return flat[: cut if cut > 0 else SNIPPET_CHARS] + " …"


def _highlight_terms(q: wq.Query, reader: Any) -> tuple[frozenset[str], frozenset[str]]:
    """The body terms worth marking: (unstemmed ``body_exact`` terms, ``body`` stems).

    Prefix and fuzzy terms are expanded against the index; terms under NOT are
    skipped (they never occur in a hit anyway, but expanding them costs time).
    """
    exact: set[str] = set()
    stems: set[str] = set()
    stack = [q]
    while stack:
        node = stack.pop()
        if isinstance(node, wq.Not):
            continue
        if isinstance(node, wq.AndNot):
            stack.append(node.a)
            continue
        children = list(node.children())
        if children:
            stack.extend(children)
            continue
        if getattr(node, "fieldname", None) not in ("body", "body_exact"):
            continue
        for fieldname, term in node.existing_terms(reader, phrases=True, expand=True):
            word = term.decode("utf-8") if isinstance(term, bytes) else str(term)
            (exact if fieldname == "body_exact" else stems).add(word)
    return frozenset(exact), frozenset(stems)


class _Marker:
    """Finds and marks matched words in stored bodies, for one query.

    Whoosh's highlighter turns every word of the body into a Token object and
    pushes it through the analyzer chain and a fragmenter, which made snippets
    cost as much as the search. Here a single regex pass finds word spans, and a
    per-query memo decides once per distinct surface form whether it matches
    (its folded form is an exact term, or its stem is a stemmed term).
    """

    def __init__(self, terms: tuple[frozenset[str], frozenset[str]]) -> None:
        self.exact, self.stems = terms
        self._memo: dict[str, bool] = {}

    def _matches(self, word: str) -> bool:
        hit = self._memo.get(word)
        if hit is None:
            folded = word.lower()
            if not folded.isascii():
                folded = folded.translate(accent_map)
            hit = folded in self.exact or (bool(self.stems) and _stem(folded) in self.stems)
            self._memo[word] = hit
        return hit

    def snippet(self, body: str) -> str:
        """Up to two passages around the densest clusters of matches, in text order."""
        if not (self.exact or self.stems) or not body:
            return ""
        matches = [
            (m.start(), m.end(), m.group().lower())
            for m in _TOKEN.finditer(body, 0, SNIPPET_SCAN_CHARS)
            if self._matches(m.group())
        ]
        if not matches:
            return ""
        # Group neighbouring matches into clusters no longer than SNIPPET_CHARS.
        clusters: list[list[tuple[int, int, str]]] = [[matches[0]]]
        for m in matches[1:]:
            if m[1] - clusters[-1][0][0] <= SNIPPET_CHARS:
                clusters[-1].append(m)
            else:
                clusters.append([m])
        # Prefer clusters with more distinct words, then more matches, then earlier.
        ranked = sorted(clusters, key=lambda c: (-len({w for _, _, w in c}), -len(c), c[0][0]))
        chosen = sorted(ranked[:SNIPPET_PASSAGES], key=lambda c: c[0][0])
        return " … ".join(_passage(body, c) for c in chosen)


def _passage(body: str, cluster: list[tuple[int, int, str]]) -> str:
    start = max(0, cluster[0][0] - SNIPPET_SURROUND)
    end = min(len(body), cluster[-1][1] + SNIPPET_SURROUND)
    if start > 0:  # do not cut a word in half
        space = body.find(" ", start, cluster[0][0])
        start = space + 1 if space >= 0 else start
    if end < len(body):
        space = body.rfind(" ", cluster[-1][1], end)
        end = space if space >= 0 else end
    out: list[str] = ["… "] if start > 0 else []
    pos = start
    for s, e, _ in cluster:
        out.append(body[pos:s])
        out.append("[[" + body[s:e] + "]]")
        pos = e
    out.append(body[pos:end])
    if end < len(body):
        out.append(" …")
    return " ".join("".join(out).split()).replace("… …", "…")


def _total(results: Any, limit: int) -> int:
    """Number of matches: exact when it is known for free, else Whoosh's estimate.

    With a limit, Whoosh skips blocks that cannot reach the top N, so the exact
    count would mean running the query a second time (measured: ~45% of the
    query time). Fewer hits than the limit means every match was seen.
    """
    if results.has_exact_length() or results.scored_length() < limit:
        return int(len(results)) if results.has_exact_length() else int(results.scored_length())
    return int(results.estimated_length())


def _weighting() -> BM25F:
    """BM25F with less length normalisation for titles (they are all short)."""
    return accel.weighting(B=0.75, K1=1.2, title_B=0.3, title_exact_B=0.3, entities_B=0.3)


def _is_filter_only(q: wq.Query) -> bool:
    """True when every leaf of ``q`` is a filter field (is:unread, tag:x, date ranges…)."""
    fieldnames = set()
    stack = [q]
    while stack:
        node = stack.pop()
        children = list(node.children())
        if children:
            stack.extend(children)
        else:
            name = getattr(node, "fieldname", None)
            if name is None:
                return False
            fieldnames.add(name)
    return bool(fieldnames) and fieldnames <= _FILTER_FIELDS
