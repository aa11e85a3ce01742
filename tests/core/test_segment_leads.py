"""A dump's headline lines: which ones read as headlines, and how far the dump's headline lines start stories."""

from __future__ import annotations

import numpy as np

from reader.core.ingest.clean import clean_lines
from reader.core.ingest.segment import gaps, refine, units


def test_only_a_headline_line_that_echoes_the_paragraph_below_counts_as_a_headline() -> None:
    lines = [
        "Engineers reopened the harbour bridge in Portland on Friday after three weeks of repairs.",
        "Crews replaced two damaged cables and repaired a cracked section of the deck.",
        "Harbour bridge traffic back to normal",
        "Traffic on the harbour bridge was back to normal by evening, the city said.",
        "Celebrity Chef Opens Restaurant In Paris",
        "The ferry routes that replaced the bridge during the closure will end next week.",
    ]
    kept, _ = clean_lines(enumerate(lines, 1))
    found, _ = units.make_units(kept)
    analysis = gaps.analyse_gaps(found)
    assert [f.x["heading"] for f in analysis.features] == [0.0, 1.0, 1.0]
    assert refine.echoing_headings(analysis.features).tolist() == [0.0, 1.0, 0.0]


def test_the_share_of_a_dump_s_other_headline_lines_that_start_a_story() -> None:
    # Four headline lines (gaps 0, 2, 3, 5); the first pass chose three of them and gap 1.
    heading = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    chosen = np.array([True, True, True, False, False, True])
    share = refine.heading_share(heading, chosen)
    # A chosen headline line sees 2 of the 3 others chosen, the unchosen one 3 of 3; lines that are
    # no headline see 3 of 4. Smoothed by half a line: (hits + 0.5) / (others + 1).
    assert share.tolist() == [0.625, 0.7, 0.625, 0.875, 0.7, 0.625]


def test_a_dump_with_no_headline_lines_gives_the_even_share() -> None:
    share = refine.heading_share(np.zeros(3), np.array([True, False, True]))
    assert share.tolist() == [0.5, 0.5, 0.5]
