"""Second pass of dump segmentation: does each story hold together as a whole?

The gap scorer in :mod:`gaps` looks at a few paragraphs either side of a
gap. That misses two kinds of error a reader spots at once: a story cut in
two where a paragraph drifts (both halves are plainly about the same thing
when read whole), and two stories on a related theme run together (read
whole, they share almost nothing). So after a first decoding, every
plausible gap is scored again with one more piece of evidence: the cosine
between the story it would end and the story it would begin, each taken
whole (up to SEGMENT_CAP paragraphs) between the neighbouring first-pass
starts. The first-pass margin and this cosine are combined by a second small
logistic model (fitted by ``tests/bench/fit_segmenter.py`` on seeds of its
own) and decoded again.

Only gaps whose first-pass margin is above REFINE_FLOOR are reconsidered:
the rest never came close, and skipping them keeps the pass cheap.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from operator import mul

from reader.core.ingest.segment import decoder as first_pass
from reader.core.ingest.segment.gaps import GapAnalysis
from reader.core.ingest.segment.vectors import cosine

SEGMENT_CAP = 15
REFINE_FLOOR = -5.0
_COS_KNOTS = (0.02, 0.05, 0.1, 0.2)
_COS_HINGES = tuple((f"cos>{k}", k) for k in _COS_KNOTS)  # names spelt once, not at every gap

# Mutable on purpose: the fitting script swaps weights in to score candidates.
WEIGHTS2: dict[str, float] = first_pass.FITTED["story"]["weights"]
THRESHOLD2: float = first_pass.FITTED["story"]["threshold"]


def _segment_sum(
    vectors: list[dict[str, float]], private: list[float], indices: range
) -> tuple[dict[str, float], float]:
    """Unweighted sum of paragraph vectors and its norm (unique terms count in the norm only)."""
    out: dict[str, float] = {}
    priv = _add_into(out, 0.0, vectors, private, indices)
    return out, _norm(out, priv)


def _add_into(
    out: dict[str, float], priv: float, vectors: list[dict[str, float]], private: list[float], indices: range
) -> float:
    """Add the vectors of ``indices`` into ``out`` in order, and their private weights to ``priv`` (returned)."""
    for i in indices:
        get = out.get
        for k, v in vectors[i].items():
            out[k] = get(k, 0.0) + v
        priv += private[i]
    return priv


def _norm(summed: dict[str, float], priv: float) -> float:
    values = summed.values()
    return math.sqrt(sum(map(mul, values, values)) + priv)


class _GrowingSum:
    """The left story's sum, grown one paragraph at a time while its first paragraph stays put.

    Consecutive gaps of one story compare stories that start at the same
    paragraph and end one paragraph apart; adding the new paragraph to the last
    sum performs the very additions, in the very order, that summing the range
    afresh would (each term's running total starts at 0.0 and grows in paragraph
    order), so the floats are the same. A range that starts elsewhere (a new
    story, or a window sliding past SEGMENT_CAP) is summed afresh.
    """

    def __init__(self, vectors: list[dict[str, float]], private: list[float]) -> None:
        self.vectors, self.private = vectors, private
        self.lo, self.hi = -1, -1
        self.out: dict[str, float] = {}
        self.priv = 0.0

    def sum(self, indices: range) -> tuple[dict[str, float], float]:
        """(sum, norm) of ``indices``, as :func:`_segment_sum`; the dict is only valid until the next call."""
        lo, hi = indices.start, indices.stop
        if lo != self.lo or hi < self.hi:
            self.out, self.priv, self.hi = {}, 0.0, lo
            self.lo = lo
        self.priv = _add_into(self.out, self.priv, self.vectors, self.private, range(self.hi, hi))
        self.hi = hi
        return self.out, _norm(self.out, self.priv)


def story_features(
    analysis: GapAnalysis, n: int, first: Sequence[int], first_scores: Sequence[float]
) -> list[dict[str, float] | None]:
    """Second-pass evidence per gap (``None`` for gaps not reconsidered), in ``analysis.features`` order.

    ``first`` are the first pass's starts and ``first_scores`` its gap scores (computed once by
    the caller, who decoded with them).
    """
    starts = sorted(set(first) | {0})
    chosen = set(starts)
    vectors, private = analysis.vectors, analysis.private
    out: list[dict[str, float] | None] = []
    growing = _GrowingSum(vectors, private)
    pos = 0  # index into starts of the last start strictly before the current gap
    for f, first_score in zip(analysis.features, first_scores, strict=True):
        g = f.index
        while pos + 1 < len(starts) and starts[pos + 1] < g:
            pos += 1
        margin = first_score - first_pass.THRESHOLD
        is_start = g in chosen
        if not is_start and margin < REFINE_FLOOR:
            out.append(None)
            continue
        prev = starts[pos]
        after = [s for s in starts[pos + 1 : pos + 3] if s > g]
        nxt = after[0] if after else n
        left_range = range(max(prev, g - SEGMENT_CAP), g)
        right_range = range(g, min(nxt, g + SEGMENT_CAP))
        left, ln = growing.sum(left_range)
        right, rn = _segment_sum(vectors, private, right_range)
        cos = cosine(left, right, ln, rn)
        m = max(-8.0, min(8.0, margin))
        x = {
            "margin": m,
            "margin>0": max(0.0, m),
            "margin>3": max(0.0, m - 3.0),
            "cos": cos,
            "left_short": 1.0 / len(left_range),
            "right_short": 1.0 / len(right_range),
            "marked": float(f.marked),
            # Stacking: the first pass's own decision (its segmentation defines the stories compared).
            "chosen": float(is_start),
            "cos*chosen": cos * is_start,
        }
        for name, k in _COS_HINGES:
            x[name] = max(0.0, cos - k)
        out.append(x)
    return out


def refined_score(x: dict[str, float] | None) -> float:
    """Second-pass score of one gap; gaps not reconsidered can never become starts."""
    if x is None:
        return -1e9
    return WEIGHTS2["bias"] + sum(WEIGHTS2.get(k, 0.0) * v for k, v in x.items())


def refine(analysis: GapAnalysis, n: int, first: Sequence[int], first_scores: Sequence[float]) -> list[int]:
    """Article starts after the story-level pass (always including 0)."""
    if not analysis.features:
        return list(first)
    scores = [refined_score(x) for x in story_features(analysis, n, first, first_scores)]
    return first_pass.decode(analysis.features, n, THRESHOLD2, scores)
