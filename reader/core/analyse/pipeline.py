"""``analyse_texts``: the one call that turns article texts into entities, quotes and figures.

NER is the only slow step, so it streams through the backend and reports
progress per article; everything else is cheap rule work. Alias resolution
runs once over the whole batch so that canonical names agree across articles.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from reader.core.sentences import sentence_spans
from reader.core.types import Analysis, Entity, Mention

from .aliases import DocNames, resolve_aliases
from .backend import NerBackend, SpacyBackend
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

    results: list[Analysis] = []
    for index, (text, (cands, _acronyms)) in enumerate(zip(texts, per_doc, strict=True)):
        mentions: list[Mention] = []
        roles: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for cand in cands:
            name, kind = table.canonical(index, cand.core, cand.type)
            mentions.append(Mention(start=cand.start, end=cand.end, entity=name, type=kind))
            if cand.role:
                roles[(name, kind)][cand.role] += 1
        mentions = resolve_role_phrases(text, mentions, roles)
        results.append(
            Analysis(
                entities=_entities(text, mentions, roles),
                mentions=tuple(mentions),
                quotes=tuple(find_quotes(text, mentions)),
                figures=tuple(find_figures(text)),
            )
        )
    return results


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
