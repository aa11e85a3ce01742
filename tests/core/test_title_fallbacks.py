"""Titles where the lead gives no clean clause: credit lines before the story, a "Now that" opener,
a quotation cut on its comma.

The leads are written for these tests (not taken from any corpus).
"""

from __future__ import annotations

import os
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.ingest.titles import MAX_WORDS, derive_title


def test_a_story_under_two_credit_lines_takes_its_title_from_the_third_paragraph() -> None:
    lead = "Jane Roe/Harbour Press Photo"
    following = "Via the Valley Courier:"
    body = [
        "The county water board voted on Tuesday to raise rates by 12 percent next year.",
        "Residents opposed the rise at a packed meeting.",
    ]
    assert (
        derive_title(lead, following, body)
        == "County water board voted to raise rates by 12 percent next year"
    )


def test_with_no_clause_anywhere_near_the_lead_the_first_line_is_cut_as_before() -> None:
    assert derive_title("Jane Roe/Harbour Press Photo", "Via the Valley Courier:", ["Weather: sunny"]) == (
        "Via the Valley Courier"
    )


def test_without_a_body_a_credit_line_gives_the_next_line() -> None:
    assert derive_title("Jane Roe/Harbour Press Photo", "Via the Valley Courier:") == "Via the Valley Courier"


def test_now_that_opens_a_clause_a_headline_drops() -> None:
    lead = (
        "Now that the appeals court has struck down the parking levy, the city council will refund "
        "drivers who paid it."
    )
    assert derive_title(lead) == "City council will refund drivers"


def test_a_quotation_cut_at_its_comma_ends_on_the_quote_mark() -> None:
    lead = 'The mayor promised quick action: "We will be fixing the bridge," she said on Monday.'
    assert derive_title(lead) == 'Mayor promised quick action: "We will be fixing bridge"'
    lead = (
        "Continuing a series of posts on Wednesday, the mayor promised quick action: "
        '"We will be taking strong action today," she wrote.'
    )
    assert derive_title(lead) == 'Mayor promised quick action: "We will be taking strong action"'


_WORDS = st.sampled_from(
    'the mayor said "we will act," on Monday, Now that council voted to close It is first time '
    "officials Via Photo/AP: — after when what ’ ” “ ' . ? !".split()
)
_TEXT = st.lists(_WORDS, max_size=40).map(" ".join)


@settings(max_examples=int(os.environ.get("LEDE_FUZZ_EXAMPLES", "300")), deadline=None, derandomize=True)
@given(_TEXT, _TEXT, st.lists(_TEXT, max_size=3))
def test_any_lead_gives_a_title_with_its_straight_quotes_closed(
    lead: str, following: str, body: list[str]
) -> None:
    title = derive_title(lead, following, body)
    assert title.count('"') % 2 == 0, title
    assert not re.search(r"[,;:][”\"’]*$", title), title
    assert len(title.split()) <= MAX_WORDS + 2  # ", says X" may follow a 12-word claim's cut
