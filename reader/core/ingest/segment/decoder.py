"""Decode gap scores into article starts: a weighted sum per gap, then dynamic programming.

The weights are data (``weights.json``, written by ``tests/bench/fit_segmenter.py``),
so a refit changes no code. Each start earns its gap's score, each article
pays a length prior; the best total wins.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from operator import mul
from pathlib import Path

from reader.core.ingest.segment.gaps import GapFeatures, GapTable

WEIGHTS_FILE = Path(__file__).with_name("weights.json")
FITTED = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
# Mutable on purpose: the fitting script swaps weights in to score candidates.
WEIGHTS: dict[str, float] = FITTED["gap"]["weights"]
THRESHOLD: float = FITTED["gap"]["threshold"]
MIN_PARAGRAPHS = 2


def score(f: GapFeatures) -> float:
    """One number per gap: positive means "a new article starts here"."""
    return WEIGHTS["bias"] + sum(WEIGHTS.get(k, 0.0) * v for k, v in f.x.items())


def scores(feats: Sequence[GapFeatures]) -> list[float]:
    """:func:`score` of every gap, bit for bit, with the weights looked up once per layout of names.

    Every gap of an analysis has the same feature names in the same order, so
    the weight of each name is found once (for each distinct layout, checked,
    not assumed) instead of ~100 dictionary lookups per gap; the products are
    then summed in the same order as :func:`score` does, so the floats match.
    Weights are read at call time: the fitting script swaps them between calls.
    A whole :class:`GapTable` is scored a column at a time, with the same floats.
    """
    if isinstance(feats, GapTable):
        return feats.scores(WEIGHTS)
    bias = WEIGHTS["bias"]
    layouts: dict[tuple[str, ...], list[float]] = {}
    out: list[float] = []
    for f in feats:
        x = f.x
        names = tuple(x)
        weights = layouts.get(names)
        if weights is None:
            weights = layouts[names] = [WEIGHTS.get(k, 0.0) for k in names]
        out.append(bias + sum(map(mul, weights, x.values())))
    return out


# Log-prior of an article's length in paragraphs, added once per article by the
# decoder: very short articles exist (a brief), but a stray paragraph that
# scores as a lead inside a story is commoner than a one-paragraph story.
SHORT_PRIOR = {1: -1.0, 2: -0.5}
PRIOR_REACH = max(SHORT_PRIOR) + 1


def decode(
    feats: Sequence[GapFeatures], n: int, threshold: float, scores: Sequence[float] | None = None
) -> list[int]:
    """The set of article starts that maximises the total gap score (dynamic programming).

    Each chosen gap earns ``score - threshold``; each article pays its length
    prior (SHORT_PRIOR), and an article of one paragraph is allowed only when
    the next start is marked by a headline or dateline. Unlike taking the
    best gaps greedily, two weaker neighbouring starts can beat one strong
    one, and a weak start is not blocked by an even weaker one nearby.
    ``scores`` (one per gap, in ``feats`` order) replaces :func:`score` when given.
    """
    gain = [0.0] * (n + 1)
    marked = [True] * (n + 1)
    for k, f in enumerate(feats):
        gain[f.index] = (score(f) if scores is None else scores[k]) - threshold
        marked[f.index] = f.marked
    best = [0.0] * (n + 1)
    back = [0] * (n + 1)
    far_best = -math.inf  # max of best[j] over j <= i - PRIOR_REACH
    far_arg = 0
    for i in range(1, n + 1):
        j_far = i - PRIOR_REACH
        if j_far >= 0 and best[j_far] > far_best:
            far_best, far_arg = best[j_far], j_far
        top, arg = far_best, far_arg
        min_len = 1 if marked[i] else MIN_PARAGRAPHS
        for length in range(min_len, PRIOR_REACH):
            j = i - length
            if j < 0:
                break
            value = best[j] + SHORT_PRIOR.get(length, 0.0)
            if value > top:
                top, arg = value, j
        if top == -math.inf:  # too close to the start for a boundary here
            best[i] = -math.inf
            continue
        best[i] = top + (gain[i] if i < n else 0.0)
        back[i] = arg
    # best[i] is the value of a segmentation with a start at i; walk back from the end.
    chosen = []
    i = back[n]
    while i > 0:
        chosen.append(i)
        i = back[i]
    chosen.append(0)
    return chosen[::-1]
