"""``analyse_texts``: the one call that turns article texts into entities, quotes and figures.

NER is the only slow step, so it streams through the backend and reports
progress per article; everything else is cheap rule work. Alias resolution
runs once over the whole batch so that canonical names agree across articles.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from reader.core.sentences import sentence_spans
from reader.core.types import Analysis, Entity, Mention

from .aliases import AliasTable, DocNames, resolve_aliases
from .backend import NerBackend, SpacyBackend
from .contacts import CONTACT_TYPES, find_contacts, without_overlaps
from .entities import Acronym, Candidate, extract_candidates
from .figures import find_figures
from .quotes import find_quotes
from .roles import resolve_role_phrases

__all__ = ["analyse_texts"]


def analyse_texts(
    texts: Sequence[str],
    *,
    backend: NerBackend | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Analysis]:
    """Analyse each text (an article's paragraphs joined by "\\n"); one ``Analysis`` per text.

    ``backend`` defaults to ``SpacyBackend()``; a missing spaCy or model raises ``LedeError``.
    ``progress(done, total)`` is called after each article's entity pass.
    """
    texts = list(texts)
    if not texts:
        return []
    ner: NerBackend = backend if backend is not None else SpacyBackend()
    total = len(texts)
    per_doc: list[tuple[list[Candidate], list[Acronym]]] = []
    for index, raw in enumerate(ner.spans(texts)):
        text = texts[index]
        starts = frozenset(s for s, _e in sentence_spans(text))
        per_doc.append(extract_candidates(text, raw, starts))
        if progress is not None:
            progress(index + 1, total)
    if len(per_doc) != total:
        raise ValueError(f"NER backend returned {len(per_doc)} results for {total} texts")

    names: list[DocNames] = []
    for cands, acronyms in per_doc:
        counts: Counter[tuple[str, str]] = Counter((c.core, c.type) for c in cands)
        names.append(DocNames(counts=counts, acronyms=list(acronyms)))
    table = resolve_aliases(names)
    return finish_documents(texts, per_doc, table)


# Below this many articles the rule pass runs in this process: starting workers costs more than it saves.
PARALLEL_RULES_MIN = 2000
RULE_PROCESSES = 2
_SHARED: tuple[Sequence[str], Sequence[tuple[list[Candidate], list[Acronym]]], AliasTable] | None = None


def finish_documents(
    texts: Sequence[str], per_doc: Sequence[tuple[list[Candidate], list[Acronym]]], table: AliasTable
) -> list[Analysis]:
    """Canonical names, roles, entities, quotes and figures for every document.

    This is the rule pass after NER. At library scale it takes about a sixth of
    the analysis stage and runs when the NER processes have finished and the
    cores are free, so large batches are split over RULE_PROCESSES forked
    workers that inherit the batch and send back only their results. Fork, not
    spawn: a spawned worker re-imports the caller's main module, which breaks
    any script (or frozen app) that calls the core without a ``__main__`` guard.
    Where fork is unavailable the pass runs here.
    """
    global _SHARED
    total = len(texts)
    workers = min(RULE_PROCESSES, os.cpu_count() or 1)
    if total < PARALLEL_RULES_MIN or workers < 2 or "fork" not in mp.get_all_start_methods():
        return [_finish_one(texts[i], per_doc[i], table, i) for i in range(total)]
    step = -(-total // (workers * 8))
    chunks = [(lo, min(total, lo + step)) for lo in range(0, total, step)]
    _SHARED = (texts, per_doc, table)
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_finish_range, chunks)
    finally:
        _SHARED = None
    return [a for part in parts for a in part]


def _finish_range(bounds: tuple[int, int]) -> list[Analysis]:
    assert _SHARED is not None, "worker started without the shared batch"
    texts, per_doc, table = _SHARED
    return [_finish_one(texts[i], per_doc[i], table, i) for i in range(*bounds)]


def _finish_one(
    text: str, doc: tuple[list[Candidate], list[Acronym]], table: AliasTable, index: int
) -> Analysis:
    cands, _acronyms = doc
    mentions: list[Mention] = []
    roles: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for cand in cands:
        name, kind = table.canonical(index, cand.core, cand.type)
        mentions.append(Mention(start=cand.start, end=cand.end, entity=name, type=kind))
        if cand.role:
            roles[(name, kind)][cand.role] += 1
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
