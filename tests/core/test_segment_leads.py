"""How a story's start reads: a lead that names its subject in full, and a dump's headline lines."""

from __future__ import annotations

import numpy as np
import pytest

from reader.core.ingest.clean import clean_lines
from reader.core.ingest.segment import gaps, refine, units
from reader.core.ingest.segment.cues import opens_with_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Donald Trump on Tuesday evening declared that the nation's communities were in crisis.", True),
        ("Rep. John Lewis, a civil rights icon, on Wednesday blasted the comments.", True),
        ("President Barack Obama said the bill would pass.", True),
        ("Abdel Fattah al-Sisi has no qualms about the strength of the candidate.", True),
        # A continuing paragraph calls the person by surname alone.
        ("Lewis said the remarks were an insult to millions of people.", False),
        # A capitalised function word, a place or a time opening: not a name.
        ("The White House said the president was briefed overnight.", False),
        ("In New York City, police closed three streets.", False),
        ("On Tuesday the council voted to close the bridge.", False),
        # Two capitalised words ending the sentence, or a title line, are not an opening name.
        ("Hillary Clinton.", False),
        ("Bridge Reopens After Storm Repairs", False),
    ],
)
def test_a_lead_that_opens_with_a_full_name(text: str, expected: bool) -> None:
    assert opens_with_name(text) is expected


def test_the_gap_scorer_reads_a_full_name_opening_the_paragraph_after_the_gap() -> None:
    lines = [
        "Engineers reopened the harbour bridge in Portland on Friday after three weeks of repairs.",
        "Crews replaced two damaged cables and repaired a cracked section of the deck.",
        "Jane Okafor, the city's transport director, said traffic was back to normal by evening.",
        "Okafor said the ferry routes that replaced the bridge would close next week.",
    ]
    kept, _ = clean_lines(enumerate(lines, 1))
    found, _ = units.make_units(kept)
    analysis = gaps.analyse_gaps(found)
    assert [f.x["name_opening"] for f in analysis.features] == [0.0, 1.0, 0.0]


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
