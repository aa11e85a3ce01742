"""``analyse_texts``: the one call that turns article texts into entities, quotes and figures.

NER is the only slow step, so it streams through the backend and reports
progress per article; everything else is cheap rule work. Alias resolution
runs over the whole batch so that canonical names agree across articles.

The work is done by :func:`analyse_stream`, which holds no whole-library list:
at 100k articles the build's main process reached 5.2 GB when every text, every
article's candidates and every result were held at once. It makes three passes,
each reading the library in order:

1. **NER**: texts stream through the backend; each article's candidates are put
   in a :class:`Spill` (a list for small inputs, a temporary SQLite file for a
   build) and only the library-wide name tables grow (:class:`AliasResolver`);
2. **votes**: the spilled candidates are read again to count the type each
   canonical name takes across the library;
3. **rules**: names decided here from the library-wide tables, then roles, entities,
   quotes and figures per article from its text and named mentions (in workers forked
   before the tables were built, when there are many), handed back batch by batch, in
   order, for the caller to write.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

from reader.core.sentences import sentence_spans
from reader.core.types import Analysis, Entity, Mention

from .aliases import AliasResolver, DocNames, family
from .backend import NerBackend, SpacyBackend
from .contacts import CONTACT_TYPES, find_contacts, without_overlaps
from .entities import extract_candidates
from .figures import find_figures
from .gazetteer import normalise
from .quotes import find_quotes
from .roles import resolve_role_phrases

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

__all__ = ["Cand", "ListTexts", "MemorySpill", "Spill", "Texts", "analyse_stream", "analyse_texts"]

#: What the rule pass needs of one candidate mention: (start, end, core, type, role).
Cand = tuple[int, int, str, str, str | None]


class Texts(Protocol):
    """The texts to analyse, read in order twice: streamed for NER, by ranges for the rule pass."""

    def stream(self) -> Iterator[str]: ...

    def between(self, lo: int, hi: int) -> list[str]: ...


class Spill(Protocol):
    """Where each article's candidates wait between the NER pass and the rule pass.

    ``put(first, docs)`` stores the candidates of articles ``first``, ``first + 1``, …;
    ``read(lo, hi)`` gives back those of articles ``lo`` to ``hi - 1``.
    """

    def put(self, first: int, docs: Sequence[list[Cand]]) -> None: ...

    def read(self, lo: int, hi: int) -> list[list[Cand]]: ...


class ListTexts:
    """Texts held in memory (``analyse_texts``, tests, the ahead lane)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts

    def stream(self) -> Iterator[str]:
        return iter(self.texts)

    def between(self, lo: int, hi: int) -> list[str]:
        return list(self.texts[lo:hi])


class MemorySpill:
    """Candidates held in a list: for inputs small enough to hold."""

    def __init__(self) -> None:
        self.docs: list[list[Cand]] = []

    def put(self, first: int, docs: Sequence[list[Cand]]) -> None:
        if first != len(self.docs):
            raise ValueError(f"candidates of article {first} put after {len(self.docs)} articles")
        self.docs.extend(docs)

    def read(self, lo: int, hi: int) -> list[list[Cand]]:
        return self.docs[lo:hi]


def analyse_texts(
    texts: Sequence[str],
    *,
    backend: NerBackend | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Analysis]:
    """Analyse each text (an article's paragraphs joined by "\\n"); one ``Analysis`` per text.

    ``backend`` defaults to ``SpacyBackend()``; a missing spaCy or model raises ``LedeError``.
    ``progress(done, total)`` is called after each article's entity pass. For inputs small
    enough to hold in memory; a library streams through :func:`analyse_stream`.
    """
    texts = list(texts)
    if not texts:
        return []
    ner: NerBackend = backend if backend is not None else SpacyBackend()
    out: list[Analysis] = []
    for _first, batch in analyse_stream(ListTexts(texts), len(texts), ner, MemorySpill(), progress=progress):
        out.extend(batch)
    return out


# Candidates are spilled, re-read and finished this many articles at a time.
STREAM_BATCH = 500


def analyse_stream(
    texts: Texts,
    total: int,
    backend: NerBackend,
    spill: Spill,
    *,
    progress: Callable[[int, int], None] | None = None,
    batch: int = STREAM_BATCH,
) -> Iterator[tuple[int, list[Analysis]]]:
    """``(first, analyses)`` for consecutive batches of the ``total`` texts, in order.

    Nothing is yielded before the NER pass over every text has ended (names are resolved
    library-wide); ``progress(done, total)`` follows that pass article by article.
    """
    batch = max(1, batch)
    with _rule_workers(total) as pool:
        resolver = AliasResolver()
        _ner_pass(texts, total, backend, spill, resolver, progress, batch)
        resolver.freeze()
        for lo in range(0, total, batch):
            for cands in spill.read(lo, min(total, lo + batch)):
                resolver.vote(_counts(_library_kinds(resolver, cands)))
        yield from _rule_pass(texts, total, spill, resolver, batch, pool)


def _library_kinds(resolver: AliasResolver, cands: Sequence[Cand]) -> list[Cand]:
    """The article's candidates with a name of several words taking the type the library
    overwhelmingly gives it (``AliasResolver.library_kind``)."""
    return [(s, e, core, resolver.library_kind(core, kind), role) for s, e, core, kind, role in cands]


def _counts(cands: Sequence[Cand]) -> Counter[tuple[str, str]]:
    return Counter((c[2], c[3]) for c in cands)


def _ner_pass(
    texts: Texts,
    total: int,
    backend: NerBackend,
    spill: Spill,
    resolver: AliasResolver,
    progress: Callable[[int, int], None] | None,
    batch: int,
) -> None:
    """Stream every text through the backend; spill its candidates, add its names to ``resolver``."""
    fed: deque[str] = deque()  # texts the backend has taken and not yet answered for

    def feed() -> Iterator[str]:
        for text in texts.stream():
            fed.append(text)
            yield text

    done = first = 0
    pending: list[list[Cand]] = []
    for raw in backend.spans(feed()):
        if not fed:
            raise ValueError(f"NER backend returned more results than the {total} texts")
        text = fed.popleft()
        starts = frozenset(s for s, _e in sentence_spans(text))
        found, acronyms = extract_candidates(text, raw, starts)
        cands: list[Cand] = [(c.start, c.end, c.core, c.type, c.role) for c in found]
        resolver.add(DocNames(counts=_counts(cands), acronyms=list(acronyms)))
        pending.append(cands)
        done += 1
        if len(pending) >= batch:
            spill.put(first, pending)
            first, pending = first + len(pending), []
        if progress is not None:
            progress(done, total)
    spill.put(first, pending)
    if done != total or fed:
        raise ValueError(f"NER backend returned {done} results for {total} texts")


# Below this many articles the rule pass runs in this process: starting workers costs more than it saves.
PARALLEL_RULES_MIN = 2000
RULE_PROCESSES = 2
#: One candidate mention with its library-wide name decided: (start, end, canonical, type, role).
Named = tuple[int, int, str, str, str | None]


@contextmanager
def _rule_workers(total: int) -> Iterator[Pool | None]:
    """The rule pass's worker processes, forked before the NER pass builds the alias tables.

    At library scale the rule pass takes about a sixth of the analysis stage and runs when
    the NER processes have finished and the cores are free, so large inputs are split over
    RULE_PROCESSES workers (None: the pass runs here). They are forked now, while this
    process is small: a worker forked later would share the alias tables, the largest thing
    a build holds, and each page this process then writes (reference counts are writes, and
    deciding names reads the tables all pass long) would be held twice; at 100k articles,
    workers forked after the tables took the tree past 1.8 GB. ``gc.freeze`` keeps what is
    alive at the fork out of every collection until the workers are gone, so no collector
    walks (and so copies) the pages the workers share with this process. Fork, not spawn: a
    spawned worker re-imports the caller's main module, which breaks any script (or frozen
    app) that calls the core without a ``__main__`` guard.
    """
    workers = min(RULE_PROCESSES, os.cpu_count() or 1)
    if total < PARALLEL_RULES_MIN or workers < 2 or "fork" not in mp.get_all_start_methods():
        yield None
        return
    gc.collect()
    gc.freeze()
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            yield pool
    finally:
        gc.unfreeze()


def _rule_pass(
    texts: Texts, total: int, spill: Spill, resolver: AliasResolver, batch: int, pool: Pool | None
) -> Iterator[tuple[int, list[Analysis]]]:
    """Canonical names, roles, entities, quotes and figures for every document, batch by batch.

    The names are decided here, from the library-wide tables (:func:`_named`, a small part of
    the work); each batch's texts and named mentions go to a worker, which does the rest and
    sends back the results; at most two batches per worker are out at once, so results do not
    pile up.
    """
    ranges = [(lo, min(total, lo + batch)) for lo in range(0, total, batch)]
    types = resolver.types()

    def job(bounds: tuple[int, int]) -> tuple[list[str], list[list[Named]]]:
        lo, hi = bounds
        batch_texts, docs = texts.between(lo, hi), spill.read(lo, hi)
        if len(batch_texts) != hi - lo or len(docs) != hi - lo:
            raise ValueError(f"articles {lo}-{hi}: {len(batch_texts)} texts, {len(docs)} candidate lists")
        return batch_texts, [_named(resolver, types, cands) for cands in docs]

    if pool is None:
        for bounds in ranges:
            yield bounds[0], _finish_batch(*job(bounds))
        return
    out: deque[tuple[int, AsyncResult[list[Analysis]]]] = deque()
    todo = iter(ranges)
    for bounds in todo:
        out.append((bounds[0], pool.apply_async(_finish_batch, job(bounds))))
        if len(out) >= 2 * RULE_PROCESSES:
            break
    while out:
        first, result = out.popleft()
        done = result.get()
        following = next(todo, None)
        if following is not None:
            out.append((following[0], pool.apply_async(_finish_batch, job(following))))
        yield first, done


def _named(resolver: AliasResolver, types: dict[tuple[str, str], str], cands: Sequence[Cand]) -> list[Named]:
    """One article's candidates under their library-wide names and types."""
    cands = _library_kinds(resolver, cands)
    names = resolver.canonicals(_counts(cands))
    out: list[Named] = []
    for start, end, core, kind, role in cands:
        fam = family(kind)
        name = names.get((normalise(core), fam), core)
        out.append((start, end, name, types.get((name, fam), kind), role))
    return out


def _finish_batch(texts: list[str], docs: list[list[Named]]) -> list[Analysis]:
    return [_finish_one(text, named) for text, named in zip(texts, docs, strict=True)]


def _finish_one(text: str, named: Sequence[Named]) -> Analysis:
    mentions: list[Mention] = []
    roles: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for start, end, name, kind, role in named:
        mentions.append(Mention(start=start, end=end, entity=name, type=kind))
        if role:
            roles[(name, kind)][role] += 1
    mentions = resolve_role_phrases(text, mentions, roles)
    mentions = without_overlaps(mentions, find_contacts(text))
    return Analysis(
        entities=_entities(text, mentions, roles),
        mentions=tuple(mentions),
        quotes=tuple(find_quotes(text, [m for m in mentions if m.type not in CONTACT_TYPES])),
        figures=tuple(find_figures(text)),
    )


def _entities(
    text: str, mentions: list[Mention], roles: dict[tuple[str, str], Counter[str]]
) -> tuple[Entity, ...]:
    """Group mentions into entities, in order of first mention, with every surface form seen."""
    order: list[tuple[str, str]] = []
    aliases: dict[tuple[str, str], list[str]] = defaultdict(list)
    counts: Counter[tuple[str, str]] = Counter()
    for mention in mentions:
        key = (mention.entity, mention.type)
        if key not in counts:
            order.append(key)
        counts[key] += 1
        surface = " ".join(text[mention.start : mention.end].split())
        if surface not in aliases[key]:
            aliases[key].append(surface)
    return tuple(
        Entity(
            name=name,
            type=kind,
            aliases=tuple(aliases[(name, kind)]),
            count=counts[(name, kind)],
            role=roles[(name, kind)].most_common(1)[0][0] if roles.get((name, kind)) else None,
        )
        for name, kind in order
    )
