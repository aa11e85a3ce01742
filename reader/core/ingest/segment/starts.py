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
    return with_repeated_leads(units, refine(analysis, len(units), first, scores))


# A lead this short ("Advertisement", "Read more") may recur inside a story; a sentence-long one does not.
REPEAT_MIN_WORDS = 8


def with_repeated_leads(units: Sequence[Unit], starts: Sequence[int]) -> list[int]:
    """``starts`` plus a start wherever an article's first paragraph comes again, word for word.

    Scraped dumps hold the same story twice in a row (a page saved twice, a feed read twice).
    Lexical cohesion cannot see that break, since the two copies share every word, but a story
    does not repeat its own first two paragraphs, so the repeat is the next copy's start.
    """
    out: list[int] = []
    bounds = [*starts, len(units)]
    for start, stop in zip(bounds, bounds[1:], strict=False):
        out.append(start)
        lead = units[start].text
        if stop - start < 4 or len(lead.split()) < REPEAT_MIN_WORDS:
            continue
        second = units[start + 1].text
        # The copy repeats the lead and the paragraph after it: a page that shows its lead twice
        # (a teaser above the body) repeats one paragraph only. The same page's text has the same
        # characters, so a plain comparison does, with no work per paragraph.
        out.extend(
            i for i in range(start + 2, stop - 1) if units[i].text == lead and units[i + 1].text == second
        )
    return out
