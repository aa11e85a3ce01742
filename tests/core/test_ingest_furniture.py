"""Furniture told by its shape or by coming back: section and menu labels, start-case teaser links, repeats."""

from __future__ import annotations

import pytest

from reader.core.ingest.clean import classify_line, clean_lines


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Opinion", "section label"),
        ("Politics »", "section label"),
        ("Print this article Back to Top", "navigation"),
        ("Permissions | DMCA", "navigation"),
        ("Report abuse", "navigation"),
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
        ("Featured image via Getty Images", "photo credit"),
        ("(h/t Daily Caller)", "photo credit"),
        ("Tags: Trump, Clinton, election", "tags"),
        ("Authors: Jane Doe and John Smith", "byline"),
        ("Click to share on Twitter (Opens in new window)", "share bar"),
        ("comments powered by Disqus", "share bar"),
        ("Follow Jane Doe on Twitter @jdoe.", "share bar"),
        ("Email the author at jdoe@example.com.", "footer"),
        ("Up next", "video-player notice"),
        ("test", "stray symbol"),
        ("undefined", "stray symbol"),
        ("[object Object]", "stray symbol"),
        ("Up next: Storm closes the coast road", "video-player notice"),
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
        "Posted on the wall was a list of names.",
        "Published by Penguin in 2004, the book sold well.",
        "Screenshots of the messages were shared widely.",
        "Authors of the study said the results were clear.",
        "Up next was the loudest portion of the rally:",
        "Test",
        "None",
        "test results were due on Friday",
    ],
)
def test_content_of_the_same_shapes_is_kept(line: str) -> None:
    assert classify_line(line) is None


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Democrats ask auditors for an election review", "teaser"),
        ("Year", "para"),
        ("Shr 30 cts vs three cts", "para"),
        ("DC superheroes", "para"),
        ("Astronomers find water vapour in atmosphere of exoplanet K2-18b", "teaser"),
        ("Best Products Co <Bes> 4th Qtr Jan 31 Net", "para"),
    ],
)
def test_under_a_related_header_only_headline_links_are_teasers(line: str, kind: str) -> None:
    kept, dropped = clean_lines(enumerate(["Related stories", line, "The company said its profit rose."], 1))
    assert [d.line for d in dropped] == [1]
    assert [(k.line, k.kind) for k in kept] == [(2, kind), (3, "para")]


def test_a_video_caption_is_never_a_row_of_figures() -> None:
    kept, _ = clean_lines(enumerate(["Press play to watch", "2:15", "Tax 24 mln vs 187 mln,"], 1))
    assert [(k.line, k.kind) for k in kept] == [(3, "para")]
