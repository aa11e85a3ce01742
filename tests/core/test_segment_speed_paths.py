"""The fast paths of segmentation give exactly what the plain forms give (a speed change must move nothing)."""

from __future__ import annotations

import random

import pytest

from reader.core.ingest.segment import decoder
from reader.core.ingest.segment.cues import TIME_WORDS, has_time_words
from reader.core.ingest.segment.gaps import analyse_gaps
from reader.core.ingest.segment.refine import _GrowingSum, _segment_sum
from reader.core.ingest.segment.units import Unit


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


def test_a_story_sum_grown_in_place_is_the_fresh_sum_bit_for_bit() -> None:
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(40)]
    vectors = [{k: rng.uniform(0.1, 5.0) for k in rng.sample(vocab, rng.randint(0, 10))} for _ in range(60)]
    private = [rng.uniform(0.0, 3.0) for _ in range(60)]
    growing = _GrowingSum(vectors, private)
    ranges = [range(3, 4), range(3, 6), range(3, 7), range(3, 7), range(5, 9), range(5, 20), range(2, 4)]
    for r in ranges:
        got, got_norm = growing.sum(r)
        want, want_norm = _segment_sum(vectors, private, r)
        assert list(got.items()) == list(want.items()) and got_norm == want_norm, r


def test_batch_gap_scores_equal_one_by_one_scores() -> None:
    words = "council budget river flood school teachers strike match goal striker election vote".split()
    rng = random.Random(3)
    units = [
        Unit(
            i,
            " ".join(rng.choice(words).capitalize() if j == 0 else rng.choice(words) for j in range(14))
            + ".",
        )
        for i in range(40)
    ]
    features = analyse_gaps(units).features
    assert decoder.scores(features) == [decoder.score(f) for f in features]
