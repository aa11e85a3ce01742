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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reader.core.ingest.segment import decoder as first_pass
from reader.core.ingest.segment.cohesion import SEGMENT_CAP
from reader.core.ingest.segment.gaps import GapAnalysis
from reader.core.ingest.segment.meaning import NAMES as MEANING_NAMES

__all__ = [
    "REFINE_FLOOR",
    "SEGMENT_CAP",
    "refine",
    "refine_scored",
    "refined_score",
    "story_features",
    "story_table",
]

REFINE_FLOOR = -5.0
_COS_KNOTS = (0.02, 0.05, 0.1, 0.2)
STORY_NAMES = (
    "margin",
    "margin>0",
    "margin>3",
    "cos",
    "left_short",
    "right_short",
    "marked",
    # Stacking: the first pass's own decision (its segmentation defines the stories compared).
    "chosen",
    "cos*chosen",
    *(f"cos>{k}" for k in _COS_KNOTS),
    # What the paragraphs either side are about (meaning.py): sees a story through its synonyms.
    *MEANING_NAMES,
)

# Mutable on purpose: the fitting script swaps weights in to score candidates.
WEIGHTS2: dict[str, float] = first_pass.FITTED["story"]["weights"]
THRESHOLD2: float = first_pass.FITTED["story"]["threshold"]
# Short stories lower the threshold (``rate_prior`` in weights.json, chosen by fit_segmenter.py on
# the fitting publishers' dev dumps). The scorers learnt the prior of a start from stories of a
# dozen paragraphs and more, a start at about one gap in fifteen; a dump of briefs (a wire's
# three-paragraph items) has one at every third or fourth gap, and at the shipped threshold its
# breaks go missing. When the first pass itself finds starts at more than ``knee`` of the gaps,
# the threshold falls by ``slope`` times the log-odds by which that rate exceeds the knee
# (never below ``floor``). Empty: no shift.
RATE_PRIOR: dict[str, float] = dict(first_pass.FITTED.get("rate_prior", {}))
# Each run's own threshold (round seg21; ``dump_shift`` in weights.json, fitted by fit_segmenter.py
# on the fitting publishers' own dumps). The threshold that serves one dump best differs from the
# next dump's by a point or more (each dump's own best would lift dev ±1 F1 by 0.03), and it moves
# with how sure the story pass is of the starts it chose: where the median start clears the
# threshold by a wide margin the breaks are clean, and the weak starts left are mostly a long story
# cut in two; where the chosen starts are marginal, so are the true ones, and a higher threshold
# loses them. Thin paragraphs (lines of one to three sentences) want it a little lower. The shift
# is ``bias + med * z(median margin) + words * z(log words a paragraph)``, within ±``cap``.
# Empty: no shift.
DUMP_SHIFT: dict[str, float] = dict(first_pass.FITTED.get("dump_shift", {}))


def start_rate(first: Sequence[int], n: int) -> float:
    """The share of a run's gaps at which the first pass started an article (``first`` includes 0)."""
    return (len(first) - 1) / max(1, n - 1)


def threshold_shift(first_rate: float) -> float:
    """How far the story pass's threshold moves for a run whose first pass starts ``first_rate`` of its gaps."""
    c = RATE_PRIOR
    if not c or first_rate <= c["knee"]:
        return 0.0
    rate = min(first_rate, 0.99)
    excess = math.log(rate / (1 - rate)) - math.log(c["knee"] / (1 - c["knee"]))
    return max(c["floor"], -c["slope"] * excess)


def chosen_margins(
    analysis: GapAnalysis, starts: Sequence[int], scores: Sequence[float], threshold: float
) -> list[float]:
    """By how much each chosen start (after the first) clears the threshold it was decoded at."""
    at = {f.index: k for k, f in enumerate(analysis.features)}
    return [scores[at[i]] - threshold for i in starts[1:] if i in at]


def dump_shift(margins: Sequence[float], unit_words: float) -> float:
    """How far a run's story threshold moves, from its chosen starts' margins over it and its grain."""
    c = DUMP_SHIFT
    if not c or not len(margins):
        return 0.0
    med = (float(np.median(margins)) - c["med_mean"]) / c["med_sd"]
    words = (math.log(max(1.0, unit_words)) - c["words_mean"]) / c["words_sd"]
    shift = c["bias"] + c["med"] * med + c["words"] * words
    return max(-c["cap"], min(c["cap"], shift))


Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass
class StoryTable:
    """Second-pass evidence of the gaps reconsidered: ``matrix[k]`` (columns STORY_NAMES) is gap ``rows[k]``."""

    rows: Ints  # positions in ``analysis.features``
    matrix: Floats
    count: int  # every gap of the analysis

    def scores(self, weights: Mapping[str, float]) -> list[float]:
        """:func:`refined_score` of every gap, a column at a time (the same terms in the same order)."""
        total = np.zeros(len(self.rows))
        for j, name in enumerate(STORY_NAMES):
            w = weights.get(name, 0.0)
            if w:
                total += w * self.matrix[:, j]
        out = np.full(self.count, -1e9)
        out[self.rows] = weights["bias"] + total
        result: list[float] = out.tolist()
        return result


def story_table(
    analysis: GapAnalysis, n: int, first: Sequence[int], first_scores: Sequence[float]
) -> StoryTable:
    """Second-pass evidence of every gap reconsidered, from the band of paragraph dot products.

    A story's sum is the sum of its paragraphs' vectors, so the dot product of
    the stories either side of a gap and their squared norms are sums of dot
    products between paragraphs at most 2 * SEGMENT_CAP - 1 apart: all in the
    band analyse_gaps already computed (``analysis.dots``). Summing a dictionary
    per story at every candidate gap was a tenth of ingest. The cosines equal
    the dictionary sums' up to the last bits (the additions come in another
    order); tests/bench/check_ingest_identity.py shows no decision moves.
    """
    feats = analysis.features
    count = len(feats)
    gap = np.fromiter((f.index for f in feats), np.int64, count)
    starts = np.array(sorted(set(first) | {0}), dtype=np.int64)
    is_start = np.isin(gap, starts)
    margin = np.asarray(first_scores, dtype=np.float64) - first_pass.THRESHOLD
    rows = np.flatnonzero(is_start | (margin >= REFINE_FLOOR))
    g, chosen, margin = gap[rows], is_start[rows], margin[rows]
    prev = starts[np.searchsorted(starts, g, "left") - 1]  # the last start before the gap
    after = np.searchsorted(starts, g, "right")  # the first start after it, or the end
    nxt = np.where(after < len(starts), starts[np.minimum(after, len(starts) - 1)], n)
    lo, hi = np.maximum(prev, g - SEGMENT_CAP), np.minimum(nxt, g + SEGMENT_CAP)
    dots = analysis.dots
    width = dots.shape[1]
    upto = np.cumsum(dots, axis=1)  # upto[i, d]: paragraph i's dot products with i .. i + d, summed
    private = np.asarray(analysis.private, dtype=np.float64)  # in a story's norm only
    dot = np.zeros(len(rows))
    left2 = np.zeros(len(rows))
    right2 = np.zeros(len(rows))
    for t in range(SEGMENT_CAP):
        i = g - 1 - t  # a paragraph of the left story: its products with the right story and its own rest
        ok = i >= lo
        i = np.maximum(i, 0)
        own = upto[i, np.clip(g - 1 - i, 0, width - 1)]
        dot += np.where(ok, upto[i, np.clip(hi - 1 - i, 0, width - 1)] - own, 0.0)
        left2 += np.where(ok, 2.0 * own - dots[i, 0] + private[i], 0.0)
        j = g + t  # a paragraph of the right story
        ok = j < hi
        j = np.minimum(j, n - 1)
        right2 += np.where(
            ok, 2.0 * upto[j, np.clip(hi - 1 - j, 0, width - 1)] - dots[j, 0] + private[j], 0.0
        )
    den = np.sqrt(left2) * np.sqrt(right2)
    with np.errstate(divide="ignore", invalid="ignore"):
        cos = np.where(den > 0, dot / np.where(den > 0, den, 1.0), 0.0)
    m = np.maximum(-8.0, np.minimum(8.0, margin))
    marked = np.fromiter((feats[k].marked for k in rows.tolist()), np.float64, len(rows))
    columns = [
        m,
        np.maximum(0.0, m),
        np.maximum(0.0, m - 3.0),
        cos,
        1.0 / (g - lo),
        1.0 / (hi - g),
        marked,
        chosen.astype(np.float64),
        cos * chosen,
        *(np.maximum(0.0, cos - k) for k in _COS_KNOTS),
        *analysis.meaning[rows].T,  # row k: the gap before paragraph k + 1, as in ``feats``
    ]
    matrix = np.column_stack(columns) if len(rows) else np.zeros((0, len(STORY_NAMES)))
    return StoryTable(rows, matrix, count)


def story_features(
    analysis: GapAnalysis, n: int, first: Sequence[int], first_scores: Sequence[float]
) -> list[dict[str, float] | None]:
    """Second-pass evidence per gap (``None`` for gaps not reconsidered), in ``analysis.features`` order.

    ``first`` are the first pass's starts and ``first_scores`` its gap scores (computed once by
    the caller, who decoded with them). The named form of :func:`story_table`, for fitting and tests.
    """
    table = story_table(analysis, n, first, first_scores)
    out: list[dict[str, float] | None] = [None] * table.count
    for k, row in zip(table.rows.tolist(), table.matrix.tolist(), strict=True):
        out[k] = dict(zip(STORY_NAMES, row, strict=True))
    return out


def refined_score(x: dict[str, float] | None) -> float:
    """Second-pass score of one gap; gaps not reconsidered can never become starts."""
    if x is None:
        return -1e9
    return WEIGHTS2["bias"] + sum(WEIGHTS2.get(k, 0.0) * v for k, v in x.items())


def refine(analysis: GapAnalysis, n: int, first: Sequence[int], first_scores: Sequence[float]) -> list[int]:
    """Article starts after the story-level pass (always including 0)."""
    return refine_scored(analysis, n, first, first_scores)[0]


def refine_scored(
    analysis: GapAnalysis,
    n: int,
    first: Sequence[int],
    first_scores: Sequence[float],
    base: float | None = None,
) -> tuple[list[int], list[float], float]:
    """:func:`refine`'s starts, every gap's second-pass score (-1e9: not reconsidered), the threshold.

    ``base`` replaces the fitted story threshold (the fitting script scores thresholds it has not
    written yet through this same path, rate prior and dump shift included)."""
    threshold = (THRESHOLD2 if base is None else base) + threshold_shift(start_rate(first, n))
    if not analysis.features:
        return list(first), [], threshold
    scores = story_table(analysis, n, first, first_scores).scores(WEIGHTS2)
    starts = first_pass.decode(analysis.features, n, threshold, scores)
    if DUMP_SHIFT:
        shift = dump_shift(chosen_margins(analysis, starts, scores, threshold), analysis.unit_words)
        if shift:
            threshold += shift
            starts = first_pass.decode(analysis.features, n, threshold, scores)
    return starts, scores, threshold
