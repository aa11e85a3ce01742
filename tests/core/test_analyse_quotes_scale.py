"""Quote attribution stays linear on crafted text, and its offset lookups match a plain scan."""

from __future__ import annotations

import random

import pytest

from reader.core.analyse.quotes import CONTEXT, _Mentions, find_quotes
from reader.core.types import Mention


@pytest.mark.timeout(30)
def test_a_paragraph_of_quote_marks_finishes() -> None:
    # 200 KB of '"' was 100,000 empty quotes in one sentence; each re-read the sentence before it
    # and the build ran for hours. No quote has words, so none is kept.
    assert find_quotes("He said " + '"' * 40_000 + " today.", []) == []


@pytest.mark.timeout(30)
def test_thousands_of_attributed_quotes_each_get_their_speaker() -> None:
    parts, mentions, at = [], [], 0
    for i in range(4_000):
        quote = f'"Word{i} is here now," said '
        name = f"John Smith{i % 50}"
        piece = quote + name + " of Acme. "
        mentions.append(Mention(at + len(quote), at + len(quote) + len(name), name, "PERSON"))
        parts.append(piece)
        at += len(piece)
    quotes = find_quotes("".join(parts), mentions)
    assert len(quotes) == 4_000
    assert [q.speaker for q in quotes[:3]] == ["John Smith0", "John Smith1", "John Smith2"]
    assert quotes[-1].text == "Word3999 is here now" and quotes[-1].speaker == "John Smith49"


def test_a_cue_within_the_context_bound_still_names_the_speaker() -> None:
    filler = "and the minister, after a long pause in which nothing happened, " * 10
    assert len(filler) < CONTEXT
    text = f'Jane Roe said {filler}: "We will build the bridge next year."'
    mention = Mention(0, 8, "Jane Roe", "PERSON")
    (quote,) = find_quotes(text, [mention])
    assert quote.speaker == "Jane Roe"


def test_offset_lookups_agree_with_a_scan_of_every_mention() -> None:
    rng = random.Random(5)
    items, at = [], 0
    for _ in range(300):
        at += rng.randint(1, 30)
        length = rng.randint(1, 12)
        items.append(Mention(at, at + length, f"e{at}", rng.choice(["PERSON", "ORG", "GPE"])))
        at += length
    index = _Mentions(items)
    for probe in range(0, at + 40, 7):
        for kind in ("PERSON", "ORG"):
            before = [m for m in items if m.end <= probe and m.type == kind]
            after = [m for m in items if m.start >= probe and m.type == kind]
            assert index.last_before(probe, kind) == (before[-1] if before else None)
            assert index.first_after(probe, kind) == (after[0] if after else None)
        assert index.within(probe, probe + 50) == [
            m for m in items if probe <= m.start and m.end <= probe + 50
        ]
        assert index.ending_by(probe) == [m for m in reversed(items) if m.end <= probe][:200]
