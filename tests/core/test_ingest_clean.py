"""The clutter classifier: kinds of web furniture go, real short content stays."""

from __future__ import annotations

import pytest

from reader.core.ingest.clean import classify_line, clean_lines


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Please use Chrome browser for a more accessible video player", "video-player notice"),
        ("Video unavailable", "video-player notice"),
        ("Press play to watch", "video-player notice"),
        ("This video can not be played", "video-player notice"),
        ("1:01", "timestamp"),
        ("0:00 / 2:15", "timestamp"),
        ("3 hours ago", "timestamp"),
        ("Updated 14:32 GMT", "timestamp"),
        ("Friday, January 4, 2019", "dateline"),
        ("Advertisement", "advertisement"),
        ("Sponsored content", "advertisement"),
        ("Advertisement - scroll to continue", "advertisement"),
        ("X", "embed label"),
        ("YouTube", "embed label"),
        ("Skip Instagram post by bbcnews", "embed label"),
        (
            "This content is provided by X, which may be using cookies and other technologies.",
            "cookie consent",
        ),
        ("To show you this content, we need your permission to use cookies.", "cookie consent"),
        ("Accept all / Manage preferences", "cookie consent"),
        ("Share this article", "share bar"),
        ("Facebook Twitter WhatsApp Email", "share bar"),
        ("Sign up for our morning newsletter", "newsletter prompt"),
        ("More on North Korea", "teaser"),
        ("Related Topics:", "teaser"),
        ("Read more: Zelenskyy offers to swap captured soldiers", "teaser"),
        ("READ MORE: U.S. House formalizes rules for impeachment", "teaser"),
        ("Related stories", "teaser"),
        ("By Staff Reporter", "byline"),
        ("By our correspondent", "byline"),
        ("Image source, Getty Images", "photo credit"),
        ("Photo: Reuters", "photo credit"),
    ],
)
def test_clutter_kinds_are_recognised(line: str, reason: str) -> None:
    assert classify_line(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "More than 100,000 have now fled to Armenia.",
        "Ceasefire talks",
        "“We are exhausted,” she said.",
        "By Monday, the troops had left.",
        "The share price fell by 4%.",
        "X-rays showed no fracture.",
        "The regulator fined the company for placing cookies without consent.",
        "Updated figures released on 3 May show unemployment rose.",
        "Reuters reported that talks had stalled.",
        "It added: “The use of the vehicle was a serious offence.”",
    ],
)
def test_real_content_is_kept(line: str) -> None:
    assert classify_line(line) is None


def test_a_short_line_after_a_video_duration_is_marked_as_a_caption() -> None:
    kept, dropped = clean_lines(
        enumerate(
            [
                "The minister visited the border crossing on Tuesday.",
                "Press play to watch",
                "1:01",
                "Refugees arrive at the border",
                "Officials said more than 2,000 people crossed.",
            ],
            1,
        )
    )
    assert [d.line for d in dropped] == [2, 3]
    assert [(k.line, k.kind) for k in kept] == [(1, "para"), (4, "caption"), (5, "para")]
    assert kept[1].clutter_before


def test_a_weak_consent_line_inside_a_consent_block_is_dropped() -> None:
    kept, dropped = clean_lines(
        enumerate(
            [
                "Instagram",
                "This content is provided by Instagram, which may be using cookies and other technologies.",
                "You can always change your mind in the settings.",
                "The museum reopened on Saturday.",
            ],
            1,
        )
    )
    assert [d.line for d in dropped] == [1, 2, 3]
    assert [k.line for k in kept] == [4]


def _kinds(lines: list[str]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    kept, dropped = clean_lines(enumerate(lines, 1))
    return [(k.line, k.kind) for k in kept], [(d.line, d.reason) for d in dropped]


def test_a_link_under_a_related_header_is_a_teaser() -> None:
    kept, dropped = _kinds(
        [
            "The council approved the budget on Monday.",
            "Related stories",
            "Mayor faces recall vote over bridge tolls",
            "Heavy rain closed three schools in the north of the county, officials said.",
        ]
    )
    assert dropped == [(2, "teaser")]
    assert kept == [(1, "para"), (3, "teaser"), (4, "para")]


def test_a_headline_under_a_related_header_whose_lead_follows_is_kept() -> None:
    kept, dropped = _kinds(
        [
            "The council approved the budget on Monday.",
            "More on McCain",
            "The national rate in France of African births is 39%",
            "African births will outnumber French births in France in 3 to 5 years.",
        ]
    )
    assert dropped == [(2, "teaser")]
    assert kept == [(1, "para"), (3, "para"), (4, "para")]


def test_a_caption_after_a_duration_that_heads_its_lead_is_kept() -> None:
    kept, dropped = _kinds(
        [
            "1:01",
            "Joe Biden wins Democratic primaries in Michigan and Missouri",
            "Yesterday the Democratic Party held primary elections in Michigan.",
        ]
    )
    assert dropped == [(1, "timestamp")]
    assert kept == [(2, "para"), (3, "para")]


def test_a_watch_headline_over_its_own_lead_is_kept_and_a_watch_link_is_not() -> None:
    headline = "WATCH: Alex Jones convulses in demonic rant against Joe Scarborough"
    lead = "Alex Jones delivered one of his wildest rants against Joe Scarborough on Monday."
    kept, dropped = _kinds([headline, lead])
    assert dropped == []
    assert kept == [(1, "para"), (2, "para")]
    kept, dropped = _kinds([headline, "The senate passed the farm bill by a wide margin on Tuesday."])
    assert dropped == [(1, "teaser")]
    # A "Read more:" link is never a story's own headline, whatever follows it.
    kept, dropped = _kinds(["READ MORE: Alex Jones convulses in demonic rant against Joe Scarborough", lead])
    assert dropped == [(1, "teaser")]


def test_a_line_ending_in_a_colon_after_a_duration_is_text_not_a_caption() -> None:
    kept, dropped = _kinds(
        [
            "0:00 / 2:15",
            "The sheriff also told reporters that a motive is not known, explaining:",
            "We have no idea what his belief system was.",
        ]
    )
    assert dropped == [(1, "timestamp")]
    assert kept == [(2, "para"), (3, "para")]
