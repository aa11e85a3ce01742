"""Where a story ends: lines that only close a story stay with it and never start or title the next."""

from __future__ import annotations

import pytest

from reader.core.ingest import ingest_text
from reader.core.ingest.clean import clean_lines
from reader.core.ingest.segment import gaps, is_ending, units

BRIDGE = [
    "Engineers reopened the harbour bridge in Portland on Friday after three weeks of storm repairs, "
    "said Daniel Okafor, a spokesman for the city transport office.",
    "Okafor said crews had replaced two damaged cables and repaired a cracked section of the deck.",
    "The bridge carries about 40,000 cars a day between the port and the northern suburbs.",
    "Traffic on the ferry routes that replaced it during the closure fell back to normal levels by evening.",
]
MATCH = [
    "Leeds United beat Norwich City 3-1 at Elland Road on Saturday to move top of the Championship table.",
    "Striker Patrick Bamford scored twice in the first half, and Mateusz Klich added a third from a free kick.",
    "Norwich pulled a goal back through a penalty late in the game but never threatened an equaliser.",
    "Leeds play their next match away at Cardiff City on Wednesday night.",
]


def _articles(lines: list[str]) -> list[tuple[int, str, tuple[int, ...]]]:
    """(start line, title when taken from the dump, paragraph lines) of every article."""
    drafts = ingest_text("\n".join(lines) + "\n").drafts
    return [(d.start_line, "" if d.title_line is None else d.title, d.lines) for d in drafts]


def test_a_credit_line_stays_at_the_end_of_its_story() -> None:
    got = _articles([*BRIDGE, "Jane Roe contributed to this report.", *MATCH])
    assert got == [(1, "", (1, 2, 3, 4, 5)), (6, "", (6, 7, 8, 9))]


def test_a_contact_sign_off_is_not_the_next_story_s_headline() -> None:
    got = _articles([*BRIDGE, "David Lightman: 202-383-6101, @lightmandavid", *MATCH])
    assert got == [(1, "", (1, 2, 3, 4, 5)), (6, "", (6, 7, 8, 9))]


def test_a_sign_off_above_a_real_headline_goes_to_the_story_before() -> None:
    got = _articles([*BRIDGE, "Jane Roe | Senior Fellow, Policy Institute", "Leeds top the table", *MATCH])
    assert got == [(1, "", (1, 2, 3, 4, 5)), (6, "Leeds top the table", (7, 8, 9, 10))]


def test_a_real_headline_line_still_starts_its_story() -> None:
    got = _articles([*BRIDGE, "Leeds beat Norwich to go top", *MATCH])
    assert got == [(1, "", (1, 2, 3, 4)), (5, "Leeds beat Norwich to go top", (6, 7, 8, 9))]


def _gap_at(lines: list[str], line: int) -> dict[str, float]:
    kept, _ = clean_lines(enumerate(lines, 1))
    paras, _ = units.make_units(kept)
    return next(f.x for f in gaps.analyse_gaps(paras).features if paras[f.index].line == line)


def test_the_gap_scorer_sees_an_ending_above_here_and_ahead() -> None:
    lines = [*BRIDGE, "Jane Roe contributed to this report.", *MATCH]
    assert [_gap_at(lines, n)["ending_ahead"] for n in (2, 3, 4, 5)] == [0.0, 1.0, 1.0, 0.0]
    assert [_gap_at(lines, n)["ending_here"] for n in (4, 5, 6)] == [0.0, 1.0, 0.0]
    assert [_gap_at(lines, n)["credit_above"] for n in (5, 6, 7)] == [0.0, 1.0, 0.0]


def test_a_headline_shaped_sign_off_above_a_lead_counts_as_an_ending_above() -> None:
    x = _gap_at([*BRIDGE, "Images via: Twitter / @edgette22", *MATCH], 6)
    assert (x["heading"], x["credit_above"]) == (1.0, 1.0)


@pytest.mark.parametrize(
    "line",
    [
        "Jane Roe contributed to this report.",
        "— Additional reporting by Kelsey Sutton",
        "CORRECTION: A previous version of this story misstated the year of the exchange.",
        "Correction: This article originally said the senator urged the release of the video.",
        "This story has been updated.",
        "This post has been updated with a statement from the Secret Service.",
        "An earlier version of this article gave the wrong date.",
        "This article originally appeared on The Conversation.",
        "David Lightman: 202-383-6101, @lightmandavid",
        "Contact the reporter at jroe@example.com",
        "Images via: Twitter / @edgette22",
        "Todd Tucker is a fellow at the Roosevelt Institute, where he researches economic law.",
        "Jane Roe is a senior reporter for the Post covering the courts.",
        "Jane Roe | Senior Fellow, Policy Institute",
    ],
)
def test_lines_that_only_end_a_story(line: str) -> None:
    assert is_ending(line)


@pytest.mark.parametrize(
    "line",
    [
        "Jill Stein is a Harvard-trained internist who treated patients for a quarter-century.",
        "Hatice Cengiz is a Turkish national now living in London.",
        "Van Halen was a native of the Netherlands, eventually relocating to Pasadena, California.",
        "Thank you Ohio! @realDonaldTrump",
        "Great rally tonight — Donald J. Trump (@realDonaldTrump) September 26, 2016",
        "The update came as officials met on Monday to discuss the correction to the budget.",
        "Leeds beat Norwich to go top",
        "Smith said the corrections department had not replied to e-mail requests for comment.",
    ],
)
def test_lines_that_open_or_continue_a_story_are_not_endings(line: str) -> None:
    assert not is_ending(line)
