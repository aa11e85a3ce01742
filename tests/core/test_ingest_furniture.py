"""Furniture told by its shape or by coming back: section and menu labels, start-case teaser links, repeats."""

from __future__ import annotations

import pytest

from reader.core.ingest.clean import classify_line, clean_lines

START_CASE_TEASER = (
    "Local Man Who Said He Would Fix The Bridge Himself Is Now Running For Mayor "
    "And Wants The Town To Pay For His Boat"
)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Opinion", "section label"),
        ("Politics »", "section label"),
        ("Print this article Back to Top", "navigation"),
        ("Permissions | DMCA", "navigation"),
        ("Report abuse", "navigation"),
        (START_CASE_TEASER, "teaser"),
        ("Be the first to know when news breaks in your town", "newsletter prompt"),
        ("Click here to sign up for our free daily emails and alerts.", "newsletter prompt"),
        ("The evening's top headlines", "newsletter prompt"),
        ("The local news you can trust, every morning", "newsletter prompt"),
        ("We encourage you to support our advertisers.", "newsletter prompt"),
        ("Please patronize the following local businesses.", "newsletter prompt"),
        ("Donate to the Weekly Ledger!", "newsletter prompt"),
        ("Hide Caption", "photo credit"),
        ("Photo 3 of 12", "photo credit"),
        ("JUST WATCHED", "video-player notice"),
        ("More Videos ...", "video-player notice"),
        ("1.2K shares", "share bar"),
        ("Follow us on Instagram", "share bar"),
        ("Sign in / Register", "navigation"),
        ("Load more comments", "navigation"),
        ("Story highlights", "section label"),
        ("This material may not be published, broadcast, rewritten or redistributed.", "footer"),
        ("Got a tip? Write to the newsroom.", "footer"),
    ],
)
def test_furniture_kinds_are_recognised(line: str, reason: str) -> None:
    assert classify_line(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Politics is a contact sport, he said.",
        "Back to the drawing board",
        "Storm Leaves Thousands Without Power Across The North East Of England",
        "What you need to know about the new tax rules",
        "Tesla Says It Will Build a Second Factory in Texas to Meet Demand for Its Trucks",
        "The senator urged voters to support the measure.",
        "Year",
        "***",
        "Loading the trucks took three hours.",
        "Replay of the match is set for Sunday.",
        "He won 3 of 12 races.",
        "Copyright law is changing.",
        "Follow the money",
        "Highlights of the speech included a promise.",
    ],
)
def test_content_of_the_same_shapes_is_kept(line: str) -> None:
    assert classify_line(line) is None


def _story(n: int) -> list[str]:
    return [
        f"Paragraph {w} of story {n} says what happened, and why it matters." for w in ("one", "two", "three")
    ]


def test_a_line_shown_a_third_time_in_a_new_place_is_furniture() -> None:
    lines: list[str] = []
    for n in range(4):
        lines += _story(n)[:2] + ["Around the region today"] + _story(n)[2:]
    kept, dropped = clean_lines(enumerate(lines, 1))
    assert [(d.line, d.reason) for d in dropped] == [(11, "repeated furniture"), (15, "repeated furniture")]
    assert len(kept) == len(lines) - 2


def test_a_story_pasted_three_times_keeps_its_headline_and_subhead() -> None:
    story = ["Ferry Service Resumes", *_story(1)[:2], "What comes next", _story(1)[2]]
    lines = story + _story(2) + story + _story(3) + story
    kept, dropped = clean_lines(enumerate(lines, 1))
    assert dropped == []


def test_a_table_label_that_recurs_from_story_to_story_is_kept() -> None:
    table = [
        "Shr 1.12 dlrs vs 98 cts",
        "Net 4.1 mln vs 3.6 mln",
        "Year",
        "Shr 3.40 dlrs vs 2.95",
        "Net 12.2 mln vs 10.3 mln",
    ]
    lines: list[str] = []
    for n in range(4):
        lines += _story(n) + table
    kept, dropped = clean_lines(enumerate(lines, 1))
    assert dropped == []
