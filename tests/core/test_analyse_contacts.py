"""Contact details found by pattern, typed and searchable; unnamed speakers shown as the text words them."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from reader.core.analyse import analyse_texts
from reader.core.analyse.contacts import find_contacts
from reader.core.analyse.quotes import find_quotes
from reader.core.search import IndexDoc, SearchIndex, build_index
from reader.core.search.schema import entity_field_values
from tests.core.test_analyse_rules import FakeBackend

TEXT = (
    "Write to press@example.org or Jane.Doe@mail.gov.uk, or see https://www.example.com/wiki/A_(b).\n"
    "Call +44 20 7946 0958, (202) 555-0143 or 202-555-0143; follow @nasa and @Lede_news.\n"
    "Donations: GB82 WEST 1234 5698 7654 32 or DE89370400440532013000.\n"
    "Not contacts: 2020-01-15, +5.2%, user@localhost, FR12 3456, 1,200 people, e-mail me."
)


def test_each_kind_is_found_typed_and_named_as_searched_for() -> None:
    found = {(m.type, m.entity) for m in find_contacts(TEXT)}
    assert found == {
        ("EMAIL", "press@example.org"),
        ("EMAIL", "jane.doe@mail.gov.uk"),
        ("URL", "https://www.example.com/wiki/A_(b)"),
        ("PHONE", "+44 20 7946 0958"),
        ("PHONE", "(202) 555-0143"),
        ("PHONE", "202-555-0143"),
        ("HANDLE", "@nasa"),
        ("HANDLE", "@Lede_news"),
        ("ACCOUNT", "GB82WEST12345698765432"),
        ("ACCOUNT", "DE89370400440532013000"),
    }


def test_a_url_loses_the_sentence_punctuation_after_it() -> None:
    (url,) = find_contacts("See https://lede.example/news/1.")
    assert url.entity == "https://lede.example/news/1"


def test_an_account_number_with_a_wrong_checksum_is_not_an_account() -> None:
    assert find_contacts("GB83 WEST 1234 5698 7654 32") == []


def test_contacts_replace_the_model_pieces_and_reach_the_entity_list() -> None:
    (analysis,) = analyse_texts([TEXT], backend=FakeBackend({"NASA": "ORG", "nasa": "ORG", "example": "ORG"}))
    types = {e.type for e in analysis.entities}
    assert {"EMAIL", "URL", "PHONE", "HANDLE", "ACCOUNT"} <= types
    assert not [m for m in analysis.mentions if m.type == "ORG"]  # "nasa" inside "@nasa" is gone
    assert next(e for e in analysis.entities if e.name == "@nasa").count == 1


def test_contacts_go_to_the_contact_search_field(tmp_path: Path) -> None:
    fields = entity_field_values({"EMAIL": ["press@example.org"], "HANDLE": ["@nasa"], "PERSON": ["Ann Lee"]})
    assert fields["contact"].split("\n") == ["press@example.org", "@nasa"]
    doc = IndexDoc(
        id="a",
        title="Contacts",
        body="Write to us.",
        position=0,
        date="2024-01-01",
        entities={"EMAIL": ["press@example.org"], "HANDLE": ["@nasa"]},
    )
    build_index(tmp_path / "ix", [doc], procs=1)
    with SearchIndex(tmp_path / "ix") as ix:
        assert [h.id for h in ix.search('contact:"press@example.org"').hits] == ["a"]
        assert [h.id for h in ix.search("contact:nasa").hits] == ["a"]
        assert not ix.search("contact:other").hits
        assert [h.id for h in ix.search("contact:press@example.org").hits] == ["a"]
        # the field names are aliases of the one contact field
        assert [h.id for h in ix.search('email:"press@example.org"').hits] == ["a"]
        assert [h.id for h in ix.search("handle:nasa").hits] == ["a"]


@pytest.mark.parametrize("seed", range(3))
def test_patterns_stay_linear_on_random_and_hostile_text(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = "aZ09@.+-_ ()/:#%\n"
    noise = "".join(rng.choice(alphabet) for _ in range(200_000))
    hostile = [
        "a" * 100_000 + "@",
        "a." * 50_000 + "@",
        "+1 " * 50_000,
        "1-" * 100_000,
        "GB82" + "AAAA " * 40_000,
    ]
    started = time.perf_counter()
    for text in [noise, *hostile]:
        find_contacts(text)
    assert time.perf_counter() - started < 5.0


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "“We will not allow this to happen again,” said a government official on Monday.",
            "a government official",
        ),
        ("“The roads are closed until further notice,” police said.", "police"),
        ("Officials said: “The situation is under control and nobody was hurt tonight.”", "Officials"),
        ("“There is no basis for these claims at all,” the ministry said in a statement.", "the ministry"),
    ],
)
def test_an_unnamed_speaker_is_shown_as_the_text_words_it(text: str, speaker: str) -> None:
    (quote,) = find_quotes(text, [])
    assert quote.speaker == speaker
