"""Each run's own story threshold (refine.DUMP_SHIFT, round seg21).

The best threshold differs from one dump to the next; it moves with how far the starts the story
pass chose clear the threshold (their median margin) and with the run's grain (words a paragraph).
"""

from __future__ import annotations

import math

import pytest

from reader.core.ingest import ingest_text
from reader.core.ingest.clean import clean_lines
from reader.core.ingest.segment import decoder as first_pass
from reader.core.ingest.segment import refine
from reader.core.ingest.segment.gaps import analyse_gaps
from reader.core.ingest.segment.units import make_units
from tests.conftest import SAMPLE

CONFIG = {
    "bias": 0.4,
    "med": 0.5,
    "med_mean": 3.0,
    "med_sd": 2.0,
    "words": -0.25,
    "words_mean": math.log(40.0),
    "words_sd": 0.5,
    "cap": 1.5,
}


@pytest.fixture
def shift(monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    monkeypatch.setattr(refine, "DUMP_SHIFT", dict(CONFIG))
    return CONFIG


def test_the_shift_is_the_bias_for_a_typical_run_and_moves_with_margin_and_grain(
    shift: dict[str, float],
) -> None:
    assert refine.dump_shift([1.0, 3.0, 9.0], 40.0) == pytest.approx(0.4)  # median 3, 40 words
    assert refine.dump_shift([5.0, 5.0], 40.0) == pytest.approx(0.4 + 0.5)  # sure starts: higher
    assert refine.dump_shift([1.0], 40.0) == pytest.approx(0.4 - 0.5)  # marginal starts: lower
    # Twice the words a paragraph: log 2 / 0.5 standard deviations, times -0.25.
    assert refine.dump_shift([3.0], 80.0) == pytest.approx(0.4 - 0.25 * math.log(2.0) / 0.5)


def test_the_shift_is_capped_and_nothing_moves_without_starts_or_a_fit(
    shift: dict[str, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert refine.dump_shift([40.0], 40.0) == 1.5
    assert refine.dump_shift([-40.0], 40.0) == -1.5
    assert refine.dump_shift([], 40.0) == 0.0  # a run of one article
    monkeypatch.setattr(refine, "DUMP_SHIFT", {})
    assert refine.dump_shift([9.0], 40.0) == 0.0


def test_the_story_pass_decides_at_the_shifted_threshold(
    shift: dict[str, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    kept, _ = clean_lines(enumerate(SAMPLE.read_text(encoding="utf-8").split("\n"), 1))
    units, _ = make_units(kept)
    analysis = analyse_gaps(units)
    scores = first_pass.scores(analysis.features)
    first = first_pass.decode(analysis.features, len(units), first_pass.THRESHOLD, scores)
    monkeypatch.setattr(refine, "DUMP_SHIFT", {})
    plain, story, base = refine.refine_scored(analysis, len(units), first, scores)
    at = {f.index: k for k, f in enumerate(analysis.features)}
    margins = [story[at[i]] - base for i in plain[1:]]  # worked out here, not by refine.chosen_margins
    assert refine.chosen_margins(analysis, plain, story, base) == margins
    monkeypatch.setattr(refine, "DUMP_SHIFT", dict(CONFIG))
    starts, _, threshold = refine.refine_scored(analysis, len(units), first, scores)
    assert threshold == pytest.approx(base + refine.dump_shift(margins, analysis.unit_words))
    assert starts == first_pass.decode(analysis.features, len(units), threshold, story)


def test_the_shipped_fit_keeps_the_samples_four_stories() -> None:
    assert set(refine.DUMP_SHIFT) >= set(CONFIG)
    assert [d.start_line for d in ingest_text(SAMPLE.read_text(encoding="utf-8")).drafts] == [1, 21, 34, 52]
