"""Derived titles are short headlines taken from the lead."""

from __future__ import annotations

import pytest

from reader.core.ingest.titles import derive_title


@pytest.mark.parametrize(
    ("lead", "title"),
    [
        (
            "A mass exodus of ethnic Armenians from Nagorno-Karabakh has virtually emptied the breakaway "
            "territory after Azerbaijan took back control in a military operation.",
            "Mass exodus of ethnic Armenians from Nagorno-Karabakh",
        ),
        (
            "A Gaza deal is “on the brink”, President Joe Biden has said in his final foreign policy address.",
            "Gaza deal is “on the brink”, says Biden",
        ),
        (
            "The Israel Defence Forces (IDF) has admitted to a “serious offence” after a Sky News "
            "investigation analysed CCTV footage.",
            "Israel Defence Forces has admitted to a “serious offence”",
        ),
        (
            "LONDON (Reuters) — The Bank of England raised interest rates on Thursday.",
            "Bank of England raised interest rates on Thursday",
        ),
    ],
)
def test_titles_from_leads(lead: str, title: str) -> None:
    assert derive_title(lead) == title


def test_titles_are_never_long() -> None:
    lead = "Officials " + "and residents " * 60 + "gathered."
    assert len(derive_title(lead)) <= 81


def test_empty_lead_gives_empty_title() -> None:
    assert derive_title("") == ""
