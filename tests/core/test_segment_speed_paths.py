"""The fast paths of segmentation give what the plain forms give (a speed change must move no decision)."""

from __future__ import annotations

import math
import random

import pytest

from reader.core.ingest.segment import decoder, refine
from reader.core.ingest.segment.cohesion import STORY_BAND, band_dots
from reader.core.ingest.segment.cues import TIME_WORDS, has_time_words
from reader.core.ingest.segment.gaps import GapAnalysis, analyse_gaps
from reader.core.ingest.segment.units import Unit
from reader.core.ingest.segment.vectors import cosine


@pytest.mark.parametrize(
    "text",
    [
        "The minister said on Monday that",
        "ON MONDAY the vote",
        "Tuesdays are quiet",
        "talks ended last Night in Paris",
        "Signed on March 12, 2019",
        "Signed in March, 2019",
        "Earlier This week",
        "Today’s vote",
        "Ceasefire holds — yesterday’s talks in Zürich",
        "The SUNDAY paper",
        "protesters gathered this morning",
        "nothing here at all",
        "",
    ],
)
def test_time_words_read_the_same_on_lowered_text(text: str) -> None:
    assert has_time_words(text) is bool(TIME_WORDS.search(text))


def test_the_time_words_pattern_has_no_letter_escapes_a_lowering_would_change() -> None:
    assert TIME_WORDS.pattern == TIME_WORDS.pattern.lower()


def _story_reference(
    vectors: list[dict[str, float]], private: list[float], left: range, right: range
) -> float:
    """The story cosine as dictionaries: each story's vectors summed, private weights in the norms."""
    sums: list[dict[str, float]] = []
    norms: list[float] = []
    for r in (left, right):
        total: dict[str, float] = {}
        for i in r:
            for k, v in vectors[i].items():
                total[k] = total.get(k, 0.0) + v
        sums.append(total)
        norms.append(math.sqrt(sum(v * v for v in total.values()) + sum(private[i] for i in r)))
    return cosine(sums[0], sums[1], norms[0], norms[1])


@pytest.mark.parametrize("seed", [1, 2])
def test_story_cosines_from_the_band_equal_the_dictionary_sums(seed: int) -> None:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(40)]
    n = 90
    vectors = [{k: rng.uniform(0.1, 5.0) for k in rng.sample(vocab, rng.randint(0, 10))} for _ in range(n)]
    private = [rng.choice([0.0, rng.uniform(0.0, 3.0)]) for _ in range(n)]
    units = [Unit(i, f"Paragraph {i}.") for i in range(n)]
    analysis = analyse_gaps(units)
    analysis = GapAnalysis(analysis.features, private, band_dots(vectors, STORY_BAND), analysis.meaning)
    first = [0, 3, 4, 20, 41, 70, 88]  # short stories, long ones (past SEGMENT_CAP), one at the end
    scores = [5.0 if g % 3 else -9.0 for g in range(1, n)]  # every third gap is not reconsidered
    xs = refine.story_features(analysis, n, first, scores)
    starts = [0, *first[1:], n]
    checked = 0
    for g, x in zip(range(1, n), xs, strict=True):
        if g % 3 == 0 and g not in first:
            assert x is None
            continue
        assert x is not None
        prev = max(s for s in starts if s < g)
        nxt = min(s for s in starts if s > g)
        left = range(max(prev, g - refine.SEGMENT_CAP), g)
        right = range(g, min(nxt, g + refine.SEGMENT_CAP))
        assert x["cos"] == pytest.approx(
            _story_reference(vectors, private, left, right), rel=1e-12, abs=1e-12
        )
        assert (x["left_short"], x["right_short"], x["chosen"]) == (1 / len(left), 1 / len(right), g in first)
        checked += 1
    assert checked > 50


def test_story_scores_of_the_table_equal_one_by_one_scores() -> None:
    units, analysis = _units(5)
    scores = decoder.scores(analysis.features)
    first = decoder.decode(analysis.features, len(units), decoder.THRESHOLD, scores)
    table = refine.story_table(analysis, len(units), first, scores)
    xs = refine.story_features(analysis, len(units), first, scores)
    assert table.scores(refine.WEIGHTS2) == [refine.refined_score(x) for x in xs]


def _units(seed: int) -> tuple[list[Unit], GapAnalysis]:
    """Forty paragraphs of a few shared words: many gaps near the threshold, many reconsidered."""
    words = "council budget river flood school teachers strike match goal striker election vote".split()
    rng = random.Random(seed)
    units = [
        Unit(
            i,
            " ".join(rng.choice(words).capitalize() if j == 0 else rng.choice(words) for j in range(14))
            + ".",
        )
        for i in range(40)
    ]
    return units, analyse_gaps(units)


def test_batch_gap_scores_equal_one_by_one_scores() -> None:
    features = _units(3)[1].features
    scores = decoder.scores(features)
    assert scores == [decoder.score(f) for f in features]
    assert decoder.scores(list(features)) == scores
