"""The story-level pass undoes a split that cuts one story in two, and keeps real starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.ingest.clean import clean_lines
from reader.core.ingest.segment import decoder, gaps, refine, units

SAMPLE = Path(__file__).parents[2] / "resources" / "sample-news.txt"


def _units_and_analysis() -> tuple[list[units.Unit], gaps.GapAnalysis]:
    kept, _ = clean_lines(enumerate(SAMPLE.read_text(encoding="utf-8").split("\n"), 1))
    paras, _ = units.make_units(kept)
    return paras, gaps.analyse_gaps(paras)


@pytest.mark.parametrize("false_start", [25, 29, 30, 42, 47])
def test_a_false_first_pass_start_inside_a_story_is_removed(false_start: int) -> None:
    units, analysis = _units_and_analysis()
    index = {u.line: i for i, u in enumerate(units)}
    first = decoder.decode(analysis.features, len(units), decoder.THRESHOLD)
    forced = sorted({*first, index[false_start]})
    starts = refine.refine(analysis, len(units), forced, [decoder.score(f) for f in analysis.features])
    assert [units[i].line for i in starts] == [1, 21, 34, 52]


def test_whole_stories_on_either_side_of_a_real_start_share_few_words() -> None:
    units, analysis = _units_and_analysis()
    first = decoder.decode(analysis.features, len(units), decoder.THRESHOLD)
    by_line = {
        units[f.index].line: x
        for f, x in zip(
            analysis.features,
            refine.story_features(analysis, len(units), first, [decoder.score(f) for f in analysis.features]),
            strict=True,
        )
        if x is not None
    }
    assert by_line[21]["cos"] < 0.05 and by_line[52]["cos"] < 0.05  # Armenia|Gaza, Nablus|Ukraine
    assert by_line[22]["cos"] > 0.2  # inside the Gaza story
    assert all(x["chosen"] == (line in (21, 34, 52)) for line, x in by_line.items())
