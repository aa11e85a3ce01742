"""Dumps of briefs: when the first pass starts articles at many gaps, the story pass's threshold falls.

The scorers learnt how often a story starts from publishers whose stories run a dozen
paragraphs and more; a dump of a wire's three-paragraph items has a start at every third or
fourth gap, and at the fitted threshold half its breaks went missing (refine.RATE_PRIOR).
"""

from __future__ import annotations

import math

import pytest

from reader.core.ingest import ingest_text
from reader.core.ingest.segment import refine
from tests.conftest import SAMPLE


@pytest.fixture
def prior(monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    values = {"knee": 0.08, "slope": 3.0, "floor": -3.0}
    monkeypatch.setattr(refine, "RATE_PRIOR", dict(values))
    return values


def test_the_threshold_falls_only_above_the_knee_by_the_excess_log_odds(prior: dict[str, float]) -> None:
    assert refine.threshold_shift(0.05) == 0.0
    assert refine.threshold_shift(0.08) == 0.0
    excess = math.log(0.12 / 0.88) - math.log(0.08 / 0.92)
    assert refine.threshold_shift(0.12) == pytest.approx(-3.0 * excess)  # -1.35
    assert refine.threshold_shift(0.3) == -3.0  # the floor
    assert refine.threshold_shift(1.0) == -3.0


def test_without_a_prior_nothing_moves(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(refine, "RATE_PRIOR", {})
    assert refine.threshold_shift(0.5) == 0.0


def test_the_samples_stories_cut_to_three_paragraphs_each_keep_all_their_breaks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drafts = ingest_text(SAMPLE.read_text(encoding="utf-8")).drafts
    briefs = "\n".join(p for d in drafts for p in d.paragraphs[:3])  # starts at lines 1, 4, 7, 10
    assert [d.start_line for d in ingest_text(briefs).drafts] == [1, 4, 7, 10]
    monkeypatch.setattr(refine, "RATE_PRIOR", {})
    assert [d.start_line for d in ingest_text(briefs).drafts] == [1, 4, 10]
