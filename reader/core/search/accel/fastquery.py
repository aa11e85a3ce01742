"""Faster versions of the Whoosh queries that dominated Lede's slow searches.

Measured on the 20k-article benchmark, three query shapes were far slower than
the rest, for reasons inside Whoosh rather than in the amount of work:

* **Phrases** (``"Joe Biden"``): Whoosh turns a phrase into a general span
  query that builds a ``Span`` object per position and bisects lists of them,
  for every document that contains all the words. :class:`FastPhrase` checks
  adjacency with one set intersection over the raw positions, and keeps the
  block-quality skipping of the underlying AND (a phrase scores the sum of its
  terms' scores, so the AND's block bound is also a bound for the phrase).
* **Prefix / wildcard terms** (``viwe*``): Whoosh scores them with a constant
  but still visits every matching document, because a tie can never prune; and
  an expansion can be hundreds of terms. The capped versions keep the
  :data:`MAX_EXPANSIONS` most frequent expansions and stop as soon as the top
  N are full (a tie never displaces a kept hit). The constant is the field's
  boost, so a title match ranks above a body match; a prefix with a single
  expansion is an ordinary BM25-scored term, as in Whoosh. Fuzzy terms keep
  their normal scoring, with the same cap.

The query classes are drop-in subclasses: same fields, same terms for the
highlighter, same matches (phrases) or the frequent-term subset (expansions).

Private Whoosh-Reloaded 2.7.5 internals used here: ``MultiTerm._btexts``,
``ConstantScoreWrapperMatcher._score``, and a class swap (``__class__``) on copied
query objects. Reached only through :func:`reader.core.search.accel.tune_query`.
"""

from __future__ import annotations

import copy
from typing import Any

from whoosh import matching, query
from whoosh.matching.wrappers import ConstantScoreWrapperMatcher, WrappingMatcher
from whoosh.query.compound import DefaultOr
from whoosh.searching import SearchContext

# An expansion (prefix, wildcard, fuzzy) keeps at most this many terms, the most
# frequent ones; rarer ones add little to the top hits and cost a matcher each.
MAX_EXPANSIONS = 32

_TIE = 1.0 - 1e-9


def _leaves_of(m: Any) -> list[Any]:
    """The word matchers of a left-deep intersection tree, in phrase order."""
    if isinstance(m, matching.IntersectionMatcher):
        return _leaves_of(m.a) + _leaves_of(m.b)
    return [m]


class _PhraseMatcher(WrappingMatcher):
    """Documents whose word positions line up consecutively (slop 1).

    Wraps the intersection of the words' matchers; the score is the
    intersection's score, so the intersection's block qualities are valid upper
    bounds and quality skipping stays correct.
    """

    def __init__(self, child: Any, boost: float = 1.0) -> None:
        super().__init__(child, boost=boost)
        self._leaves = _leaves_of(child)
        self._find()

    def _aligned(self) -> bool:
        leaves = self._leaves
        starts = set(leaves[0].value_as("positions"))
        for offset in range(1, len(leaves)):
            starts.intersection_update(p - offset for p in leaves[offset].value_as("positions"))
            if not starts:
                return False
        return True

    def _find(self) -> bool:
        child = self.child
        moved = False
        while child.is_active() and not self._aligned():
            moved = bool(child.next()) or moved
        return moved

    def copy(self) -> _PhraseMatcher:
        return _PhraseMatcher(self.child.copy(), boost=self.boost)

    def replace(self, minquality: float = 0) -> Any:
        if not self.is_active():
            return matching.NullMatcher()
        return self

    def all_ids(self) -> Any:
        while self.is_active():
            yield self.id()
            self.next()

    def next(self) -> bool:
        moved = bool(self.child.next())
        return self._find() or moved

    def skip_to(self, id: int) -> bool:
        moved = bool(self.child.skip_to(id))
        return self._find() or moved

    def skip_to_quality(self, minquality: float) -> int:
        skipped = int(self.child.skip_to_quality(minquality / self.boost))
        self._find()
        return skipped

    def spans(self) -> list[Any]:
        return []


class FastPhrase(query.Phrase):
    """A :class:`whoosh.query.Phrase` with a fast exact-adjacency check (slop 1)."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        if self.slop != 1 or len(self.words) < 2:
            return super().matcher(searcher, context)
        fieldname = self.fieldname
        if fieldname not in searcher.schema:
            return matching.NullMatcher()
        field = searcher.schema[fieldname]
        if not field.format or not field.format.supports("positions"):
            return super().matcher(searcher, context)  # raises Whoosh's own error
        reader = searcher.reader()
        leaves = []
        for word in self.words:
            try:
                btext = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (fieldname, btext) not in reader:
                return matching.NullMatcher()
            leaf = query.Term(fieldname, btext).matcher(searcher, context)
            if not leaf.is_active():
                return matching.NullMatcher()
            leaves.append(leaf)
        isect = leaves[0]
        for leaf in leaves[1:]:
            isect = matching.IntersectionMatcher(isect, leaf)
        return _PhraseMatcher(isect, boost=self.boost)


class _ConstantMatcher(ConstantScoreWrapperMatcher):
    """Every match scores the same, so once the top N are full nothing can beat them.

    Whoosh prunes a matcher only when its best score is strictly below the
    current N-th score, so a constant-score matcher (which ties) was run to
    its end. Equal scores never displace a kept hit, so dropping the matcher
    when its score is not above the threshold changes no result.
    """

    def supports_block_quality(self) -> bool:
        return True

    def max_quality(self) -> float:
        # A hair under the real score: Whoosh prunes on "bound < threshold",
        # and for a tie that is exactly the case that can never enter the top N.
        return float(self._score) * _TIE

    def block_quality(self) -> float:
        return float(self._score) * _TIE

    def replace(self, minquality: float = 0) -> Any:
        if not self.is_active() or (minquality and self._score <= minquality):
            return matching.NullMatcher()
        return self

    def skip_to_quality(self, minquality: float) -> int:
        """Every posting scores the same, so if this block cannot reach ``minquality`` no
        later one can either: finish the matcher. (Returning 0 without moving made Whoosh's
        AndMaybe loop spin for ever on ``elect*`` over 20k articles.)"""
        if self.is_active() and self.block_quality() <= minquality:
            self.child = matching.NullMatcher()
            return 1
        return 0


class _CappedExpansion:
    """Mixin for multi-term queries: at most MAX_EXPANSIONS terms, early exit when constant-scored."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        fieldname = self.field()  # type: ignore[attr-defined]
        reader = searcher.reader()
        btexts = [b for b in self._btexts(reader) if b]  # type: ignore[attr-defined]
        if not btexts:
            return matching.NullMatcher()
        if len(btexts) > MAX_EXPANSIONS:
            btexts.sort(key=lambda b: reader.doc_frequency(fieldname, b), reverse=True)
            del btexts[MAX_EXPANSIONS:]
        boost = self.boost  # type: ignore[attr-defined]
        if len(btexts) == 1:  # one expansion: an ordinary, BM25-scored term (as in Whoosh)
            return query.Term(fieldname, btexts[0], boost=boost).matcher(searcher, context)
        if self.constantscore:  # type: ignore[attr-defined]
            unscored = context.set(weighting=None) if context else SearchContext(weighting=None)
            unscored_or = DefaultOr([query.Term(fieldname, b) for b in btexts])
            return _ConstantMatcher(unscored_or.matcher(searcher, unscored), score=boost)
        return DefaultOr([query.Term(fieldname, b, boost=boost) for b in btexts]).matcher(searcher, context)


class CappedPrefix(_CappedExpansion, query.Prefix):
    """``word*`` with at most :data:`MAX_EXPANSIONS` terms, BM25-scored."""


class CappedWildcard(_CappedExpansion, query.Wildcard):
    """``w?rd*`` with at most :data:`MAX_EXPANSIONS` terms, BM25-scored."""


class CappedFuzzy(_CappedExpansion, query.FuzzyTerm):
    """``word~`` with at most :data:`MAX_EXPANSIONS` terms, BM25-scored."""


_REPLACEMENTS: tuple[tuple[type, type], ...] = (
    (query.Phrase, FastPhrase),
    (query.Prefix, CappedPrefix),
    (query.Wildcard, CappedWildcard),
    (query.FuzzyTerm, CappedFuzzy),
)


def speed_up(q: query.Query) -> query.Query:
    """Return ``q`` with phrases and expansions swapped for the fast classes above.

    (Every OR's union-matcher tree is set by the query builder on both paths,
    see :func:`reader.core.search.query.union_matchers`.)
    """
    for original, fast in _REPLACEMENTS:
        if type(q) is original:
            swapped = copy.copy(q)
            swapped.__class__ = fast
            return swapped
    return q.apply(speed_up)
