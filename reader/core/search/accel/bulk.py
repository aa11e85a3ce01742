"""Score plain-word queries a posting block at a time instead of a document at a time.

Most searches are a few plain words. Lede's parser turns them into an AND,
over the words, of an OR, over the default fields, of single terms; Whoosh
then walks a tree of union and intersection matchers one document at a time,
several Python calls per document per tree node. With words that occur in
most articles (no block can be skipped) that walk was most of the query time.

Here the same query is evaluated with whole posting blocks: each term's
document numbers and weights are read a block (up to 128 postings) at a time,
the AND is a set intersection, and only documents in it are scored, with the
same BM25F numbers Whoosh would compute (the scorer objects are Whoosh's own,
see :mod:`reader.core.search.accel.scoring`). The total is exact, too.

Anything other than terms, ORs and ANDs (phrases, prefixes, NOT, ranges,
non-scorable fields) returns ``None`` from :func:`plan` and takes Whoosh's
normal path.

Private Whoosh-Reloaded 2.7.5 internals used here: the ``whoosh3`` leaf
matcher's ``_ids``, ``_weights``, ``_read_ids``, ``_read_weights`` and
``_next_block`` (checked with ``hasattr``; any other matcher falls back).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher

from reader.core.search.accel.scoring import TabulatedScorer


@dataclass(frozen=True)
class _Leaf:
    fieldname: str
    text: str
    boost: float


# A plan: AND over groups, each group an OR of leaves.
Plan = tuple[tuple[_Leaf, ...], ...]


def plan(q: wq.Query, schema: Any) -> Plan | None:
    """The AND-of-ORs-of-terms shape of ``q``, or None when ``q`` is anything else."""
    groups = q.subqueries if isinstance(q, wq.And) and type(q) is wq.And else [q]
    if getattr(q, "boost", 1.0) != 1.0 and len(groups) > 1:
        return None
    out: list[tuple[_Leaf, ...]] = []
    for group in groups:
        if type(group) is wq.Or:
            if group.boost != 1.0:
                return None
            members = group.subqueries
        else:
            members = [group]
        leaves = []
        for member in members:
            if type(member) is not wq.Term or not isinstance(member.text, str):
                return None
            if member.fieldname not in schema or not schema[member.fieldname].scorable:
                return None
            leaves.append(_Leaf(member.fieldname, member.text, float(member.boost)))
        if not leaves:
            return None
        out.append(tuple(leaves))
    return tuple(out) if out else None


def _postings(matcher: Any) -> tuple[list[int], list[float]] | None:
    """All (docnums, weights) of a Whoosh leaf matcher, read block by block.

    Relies on the ``whoosh.codec.whoosh3`` leaf matcher's block attributes;
    returns None for any other matcher so the caller can fall back.
    """
    needed = ("_read_ids", "_read_weights", "_next_block")
    if not all(hasattr(matcher, name) for name in needed):
        return None
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        if matcher._weights is None:
            matcher._read_weights()
        ids.extend(matcher._ids)
        weights.extend(matcher._weights)
        matcher._next_block()
    return ids, weights


def run(searcher: Any, groups: Plan, limit: int) -> tuple[list[tuple[float, int]], int] | None:
    """Top ``limit`` (score, global docnum) pairs, best first, and the exact total.

    Returns None if some segment cannot be read in bulk (the caller then uses
    Whoosh's own search). Ties keep the lower document number first, as
    Whoosh's collector does.
    """
    best: list[tuple[float, int]] = []
    total = 0
    weighting = searcher.weighting
    for sub, offset in searcher.leaf_searchers():
        found = _run_segment(sub, weighting, groups)
        if found is None:
            return None
        scores, count = found
        total += count
        for doc, score in scores.items():
            best.append((score, -(offset + doc)))
        if len(best) > 4 * limit:
            best = heapq.nlargest(limit, best)
    top = heapq.nlargest(limit, best)
    return [(score, -neg) for score, neg in top], total


def _run_segment(sub: Any, weighting: Any, groups: Plan) -> tuple[dict[int, float], int] | None:
    reader = sub.reader()
    per_group: list[list[tuple[_Leaf, bytes, list[int], list[float]]]] = []
    for group in groups:
        read = []
        for leaf in group:
            field = sub.schema[leaf.fieldname]
            btext = field.to_bytes(leaf.text)
            if (leaf.fieldname, btext) not in reader:
                continue
            matcher = reader.postings(leaf.fieldname, btext)
            if isinstance(matcher, FilterMatcher):  # deleted documents: removed below
                matcher = matcher.child
            postings = _postings(matcher)
            if postings is None:
                return None
            read.append((leaf, btext, postings[0], postings[1]))
        if not read:
            return {}, 0
        per_group.append(read)

    # The AND: documents present in every group (a group is an OR of fields).
    docsets = sorted(
        (set().union(*(ids for _, _, ids, _ in group)) for group in per_group),
        key=len,
    )
    common = docsets[0].intersection(*docsets[1:]) if len(docsets) > 1 else docsets[0]
    if reader.has_deletions():
        common -= set(reader.deleted_docs_set or ())
    if not common:
        return {}, 0

    scores: dict[int, float] = dict.fromkeys(common, 0.0)
    for read_group in per_group:
        for leaf, btext, ids, weights in read_group:
            scorer = weighting.scorer(sub, leaf.fieldname, btext)
            _add_scores(scores, scorer, ids, weights, leaf.boost)
    return scores, len(common)


def _add_scores(
    scores: dict[int, float],
    scorer: Any,
    ids: Sequence[int],
    weights: Sequence[float],
    boost: float,
) -> None:
    pairs = zip(ids, weights, strict=True)
    if isinstance(scorer, TabulatedScorer):
        top = scorer.top * boost
        denominator = scorer.denominator
        lengths = scorer.lengths
        for doc, w in pairs:
            if doc in scores:
                scores[doc] += top * w / (w + denominator[lengths[doc]])
        return
    for doc, w in pairs:  # pragma: no cover - other weightings (not used by Lede)
        if doc in scores:
            scores[doc] += boost * scorer.score(_Posting(doc, w))


class _Posting:
    """The two things a Whoosh scorer asks a matcher for."""

    def __init__(self, doc: int, weight: float) -> None:
        self._doc = doc
        self._weight = weight

    def id(self) -> int:
        return self._doc

    def weight(self) -> float:
        return self._weight
