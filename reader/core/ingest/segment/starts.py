"""Article starts for a run of paragraphs: first pass, story-level pass, and chunking for long dumps."""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.ingest.segment import decoder as first_pass
from reader.core.ingest.segment.gaps import analyse_gaps
from reader.core.ingest.segment.refine import refine
from reader.core.ingest.segment.units import Unit

CHUNK = 4000
CHUNK_PAD = 60


def find_starts(units: Sequence[Unit]) -> list[int]:
    """Indices of the units that start an article (always including 0).

    Long dumps are segmented in overlapping chunks of CHUNK paragraphs, so the
    working set (one term vector per paragraph) stays bounded however large
    the file is; only boundaries in each chunk's own stretch are kept.
    """
    n = len(units)
    if n <= CHUNK + 2 * CHUNK_PAD:
        return _find_starts(units)
    starts: list[int] = []
    for begin in range(0, n, CHUNK):
        lo, hi = max(0, begin - CHUNK_PAD), min(n, begin + CHUNK + CHUNK_PAD)
        for local in _find_starts(units[lo:hi]):
            index = lo + local
            if begin <= index < begin + CHUNK and (local > 0 or lo == 0):
                starts.append(index)
    return starts


def _find_starts(units: Sequence[Unit]) -> list[int]:
    analysis = analyse_gaps(units)
    scores = first_pass.scores(analysis.features)
    first = first_pass.decode(analysis.features, len(units), first_pass.THRESHOLD, scores)
    return refine(analysis, len(units), first, scores)
