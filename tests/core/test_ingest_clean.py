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
