"""Window cosines of every gap at once, from a band of dot products between nearby paragraphs.

The gap features compare windows of paragraphs either side of each gap
(:func:`vectors.window_sum`) and a longer window of the story so far. Summing
dictionaries into fresh windows at every gap was a third of the segmenter's
time. But a window is a weighted sum of paragraph vectors, so every dot
product and norm a window cosine needs is a weighted sum of dot products
between paragraphs at most BAND apart. Those are computed once per run of
paragraphs (numpy, over the (paragraph, term) pairs), and each window figure
is then a few array operations over all gaps together.

The figures equal the dictionary sums up to rounding in the last bits (the
additions come in another order); tests/bench/check_ingest_identity.py shows
that no decision moves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt

from reader.core.ingest.segment.vectors import MAX_WINDOW, WINDOW_WORDS

FAR_WINDOW = 15  # paragraphs before a gap in the "story so far" window
BAND = FAR_WINDOW + MAX_WINDOW  # the farthest pair: the far window's first paragraph, the right window's last
SEGMENT_CAP = 15  # paragraphs of a whole story on either side of a gap in the story-level pass (refine.py)
# The band analyse_gaps computes: wide enough for the windows here and for refine's stories either side
# of a gap (their farthest pair is 2 * SEGMENT_CAP - 1 apart). A cell does not depend on the width.
STORY_BAND = max(BAND, 2 * SEGMENT_CAP)
_WEIGHTS = [1.0 / (1.0 + 0.3 * t) for t in range(MAX_WINDOW)]  # nearer the gap weighs more, as window_sum

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass
class WindowCosines:
    """Per gap (before paragraphs 1..n-1), in gap order, as plain floats."""

    sims: list[float]  # left window vs right window
    back: list[float]  # the paragraph after the gap vs the left window
    fwd: list[float]  # that paragraph vs the window after it
    adjacent: list[float]  # the two paragraphs either side
    far: list[float]  # the right window vs the FAR_WINDOW paragraphs before the gap, unweighted


def band_dots(vectors: Sequence[dict[str, float]], width: int) -> Floats:
    """``D[i, d]`` = dot(vectors[i], vectors[i + d]) for ``d < width`` (0 past the end).

    The pairs of entries that meet (one term, rows less than ``width`` apart)
    are found by sorting the entries by term once: a term's entries then sit
    side by side in row order, and comparing the sorted arrays with themselves
    shifted by k = 1, 2, ... finds every pair k occurrences apart (no binary
    search per entry and distance, which cost twice as much). Each cell's
    products are then summed in the order of the later row's entries, the
    order a term-by-term dot product walks them, so every figure is the same
    float, bit for bit, whichever way the pairs were found.
    """
    n = len(vectors)
    lens = [len(v) for v in vectors]
    total = sum(lens)
    terms = list(chain.from_iterable(vectors))
    ids = {k: i for i, k in enumerate(dict.fromkeys(terms))}
    cols = np.fromiter(map(ids.__getitem__, terms), np.int64, total)
    vals = np.fromiter(chain.from_iterable(v.values() for v in vectors), np.float64, total)
    rows = np.repeat(np.arange(n, dtype=np.int64), lens)
    del terms, ids
    return band_dots_of(rows, cols, vals, n, width)


def band_dots_of(rows: Ints, cols: Ints, vals: Floats, n: int, width: int) -> Floats:
    """:func:`band_dots` of vectors given as entries: row, term id, value, in row order.

    Within a row the entries come in the order a dot product walks that
    vector; the numbering of the terms does not matter (only which entries
    share one), so each cell is the same float however the ids were given.
    """
    total = len(cols)
    out = np.zeros((n, width))
    out[:, 0] = np.bincount(rows, weights=vals * vals, minlength=n)
    order = np.argsort(cols, kind="stable")  # by term; rows ascending within a term
    term, row = cols[order], rows[order]
    del cols
    earlier: list[Ints] = []
    later: list[Ints] = []
    apart: list[Ints] = []
    for k in range(1, min(width, total)):
        dist = row[k:] - row[:-k]
        meet = (term[k:] == term[:-k]) & (dist < width)
        if not meet.any():  # k occurrences apart is too far for every term: k + 1 is farther still
            break
        earlier.append(order[:-k][meet])
        later.append(order[k:][meet])
        apart.append(dist[meet])
    del order, term, row
    if earlier:  # the pairs, in each cell's order; arrays freed as soon as used (peak memory)
        d = np.concatenate(apart)
        apart.clear()
        b = np.concatenate(later)
        later.clear()
        walk = np.argsort(b * width + d)  # each cell's pairs in the later row's entry order
        b = b[walk]
        a = np.concatenate(earlier)[walk]
        earlier.clear()
        cell = rows[a] * width + d[walk]
        del d, walk
        products = vals[a] * vals[b]
        del a, b
        out[:, 1:] = np.bincount(cell, weights=products, minlength=n * width).reshape(n, width)[:, 1:]
    return out


def window_lengths(sizes: Sequence[int], step: int) -> Ints:
    """Paragraphs taken by the window starting at each paragraph and walking by ``step`` (see window_sum)."""
    n = len(sizes)
    out = np.zeros(n, dtype=np.int64)
    for start in range(n):
        i, taken, words = start, 0, 0
        while 0 <= i < n and taken < MAX_WINDOW and (words < WINDOW_WORDS or taken < 1):
            words += sizes[i]
            taken += 1
            i += step
        out[start] = taken
    return out


def window_cosines(private: Sequence[float], sizes: Sequence[int], dots: Floats) -> WindowCosines:
    """Every gap's window cosines (see :class:`WindowCosines`) from the band (at least BAND wide)."""
    n = len(private)
    diag = dots[:, 0] + np.asarray(
        private, dtype=np.float64
    )  # squared norms, terms of one paragraph included
    every = np.arange(n, dtype=np.int64)
    right_len, left_len = window_lengths(sizes, 1), window_lengths(sizes, -1)
    right2 = _window_norm2(dots, diag, every, right_len, 1)
    left2 = _window_norm2(dots, diag, every, left_len, -1)
    gaps = np.arange(1, n, dtype=np.int64)
    tl, tr = left_len[gaps - 1], right_len[gaps]
    tn = np.where(gaps + 1 < n, right_len[np.minimum(gaps + 1, n - 1)], 0)
    cross = np.zeros(n - 1)
    back = np.zeros(n - 1)
    fwd = np.zeros(n - 1)
    for s in range(MAX_WINDOW):
        left_pos = np.maximum(gaps - 1 - s, 0)
        back += np.where(tl > s, _WEIGHTS[s] * dots[left_pos, s + 1], 0.0)
        fwd += np.where(tn > s, _WEIGHTS[s] * dots[gaps, min(s + 1, BAND - 1)], 0.0)
        for t in range(MAX_WINDOW):
            cross += np.where((tl > s) & (tr > t), _WEIGHTS[s] * _WEIGHTS[t] * dots[left_pos, s + t + 1], 0.0)
    norms = np.sqrt(diag)
    ln, rn = np.sqrt(left2[gaps - 1]), np.sqrt(right2[gaps])
    nn = np.sqrt(np.where(gaps + 1 < n, right2[np.minimum(gaps + 1, n - 1)], 0.0))
    far_dot, far2 = _far(dots, diag, gaps, tr)
    return WindowCosines(
        _ratio(cross, ln * rn),
        _ratio(back, norms[gaps] * ln),
        _ratio(fwd, norms[gaps] * nn),
        _ratio(dots[gaps - 1, 1], norms[gaps - 1] * norms[gaps]),
        _ratio(np.where(far2 > 1e-12, far_dot, 0.0), rn * np.sqrt(far2)),
    )


def _window_norm2(dots: Floats, diag: Floats, starts: Ints, lengths: Ints, step: int) -> Floats:
    """Squared norm of the weighted window starting at each of ``starts``."""
    out = np.zeros(len(starts))
    last = len(diag) - 1
    for s in range(MAX_WINDOW):
        pos = np.clip(starts + step * s, 0, last)
        out += np.where(lengths > s, _WEIGHTS[s] * _WEIGHTS[s] * diag[pos], 0.0)
        for s2 in range(s + 1, MAX_WINDOW):
            first = np.clip(np.minimum(starts + step * s, starts + step * s2), 0, last)
            out += np.where(lengths > s2, 2.0 * _WEIGHTS[s] * _WEIGHTS[s2] * dots[first, s2 - s], 0.0)
    return out


def _far(dots: Floats, diag: Floats, gaps: Ints, right_len: Ints) -> tuple[Floats, Floats]:
    """Dot of each gap's right window with the unweighted sum of the FAR_WINDOW paragraphs before it, and
    that sum's squared norm."""
    dot = np.zeros(len(gaps))
    sq = np.zeros(len(gaps))
    for u in range(FAR_WINDOW):
        j = gaps - 1 - u
        ok = j >= 0
        jc = np.maximum(j, 0)
        sq += np.where(ok, diag[jc], 0.0)
        for u2 in range(u + 1, FAR_WINDOW):
            j2 = gaps - 1 - u2
            sq += np.where(j2 >= 0, 2.0 * dots[np.maximum(j2, 0), u2 - u], 0.0)
        for t in range(MAX_WINDOW):
            dot += np.where(ok & (right_len > t), _WEIGHTS[t] * dots[jc, u + t + 1], 0.0)
    return dot, sq


def _ratio(num: Floats, den: Floats) -> list[float]:
    """``num / den`` where the denominator is positive, else 0.0 (an empty window has no cosine)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)
    result: list[float] = out.tolist()
    return result
