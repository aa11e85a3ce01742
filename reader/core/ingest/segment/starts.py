"""Article starts for a run of paragraphs: first pass, story-level pass, and chunking for long dumps.

Besides the starts, the gaps the segmenter was least sure of (its *doubts*): a reader who
reviews them finds most of its mistakes there, at about one per article (see DOUBT_MARGIN).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reader.core.ingest.segment import decoder as first_pass
from reader.core.ingest.segment.gaps import analyse_gaps
from reader.core.ingest.segment.refine import refine_scored
from reader.core.ingest.segment.units import Unit

CHUNK = 4000
CHUNK_PAD = 60

# A gap whose score lies closer than this to the threshold that decides it is a doubt: either
# way a small change in the evidence flips it. Scores are log-odds; the second pass decides the
# gaps it reconsiders, the first pass the rest. Chosen on the fitting publishers' development
# dumps (seeds 2000+, 32 dumps): at 1.0 there are 0.65-0.72 doubts an article, and a start
# within one line of a doubt is found for 46-49% of the boundary errors (false and missed
# starts); 0.5 flags 0.3 an article and 23-26% of the errors, 1.5 flags 1.0-1.15 and 59-61%.
# Re-checked after round seg21 moved each run's threshold: 0.46-0.65 an article, 42-51% (kept).
# tests/bench/bench_segmentation.py reports the same figures per held-out publisher.
DOUBT_MARGIN = 1.0


@dataclass
class Segmentation:
    """Unit indices: where articles start (always 0) and the gaps the segmenter doubts, in order.

    A doubt at a start says the article may go on from the one before; a doubt elsewhere
    says a new story may start at that unit.
    """

    starts: list[int]
    doubts: list[int] = field(default_factory=list)


def find_starts(units: Sequence[Unit]) -> list[int]:
    """Indices of the units that start an article (always including 0)."""
    return segment_units(units).starts


def segment_units(units: Sequence[Unit]) -> Segmentation:
    """The starts and doubts of a run of units.

    Long dumps are segmented in overlapping chunks of CHUNK paragraphs, so the
    working set (one term vector per paragraph) stays bounded however large
    the file is; only boundaries (and doubts) in each chunk's own stretch are kept.
    """
    n = len(units)
    if n <= CHUNK + 2 * CHUNK_PAD:
        return _segment(units)
    out = Segmentation([])
    for begin in range(0, n, CHUNK):
        lo, hi = max(0, begin - CHUNK_PAD), min(n, begin + CHUNK + CHUNK_PAD)
        part = _segment(units[lo:hi])
        for local in part.starts:
            index = lo + local
            if begin <= index < begin + CHUNK and (local > 0 or lo == 0):
                out.starts.append(index)
        out.doubts.extend(lo + d for d in part.doubts if begin <= lo + d < begin + CHUNK)
    return out


def _segment(units: Sequence[Unit]) -> Segmentation:
    analysis = analyse_gaps(units)
    scores = first_pass.scores(analysis.features)
    first = first_pass.decode(analysis.features, len(units), first_pass.THRESHOLD, scores)
    starts, second, threshold = refine_scored(analysis, len(units), first, scores)
    doubts = []
    for k, gap in enumerate(analysis.features):
        # Not reconsidered by the second pass (-1e9): the first pass's margin decided it.
        margin = second[k] - threshold if second and second[k] > -1e8 else scores[k] - first_pass.THRESHOLD
        if abs(margin) < DOUBT_MARGIN:
            doubts.append(gap.index)
    with_repeats = cut_copies_alike(units, with_repeated_leads(units, starts))
    repeats = set(with_repeats) - set(starts)  # a repeated lead, or a cut copied from a first copy: sure
    return Segmentation(with_repeats, [d for d in sorted(doubts) if d not in repeats])


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


def cut_copies_alike(units: Sequence[Unit], starts: Sequence[int]) -> list[int]:
    """``starts`` with every word-for-word copy of an earlier stretch cut as that stretch was cut.

    An article whose lead and following paragraphs came earlier in the run, word for word (a
    story saved twice, a feed read twice), is the same text and reads the same way: its cuts are
    the ones the first copy got. The copy cannot be judged as well on its own: the people it names
    were all named before, by the first copy, which reads as a new story reintroducing them.
    """
    chosen = set(starts)
    first_seen: dict[str, int] = {}
    n = len(units)
    for t in sorted(starts):
        if t not in chosen:  # cut away as part of an earlier copy
            continue
        lead = units[t].text
        if len(lead.split()) < REPEAT_MIN_WORDS:
            continue
        s = first_seen.setdefault(lead, t)
        if s == t:
            continue
        k = 1
        while s + k < t and t + k < n and units[s + k].text == units[t + k].text:
            k += 1
        for offset in range(1, k):
            if s + offset in chosen:
                chosen.add(t + offset)
            else:
                chosen.discard(t + offset)
    return sorted(chosen)
