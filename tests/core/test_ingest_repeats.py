"""A story saved twice in a row is two articles: a story does not repeat its own first two paragraphs."""

from __future__ import annotations

from reader.core.ingest.pipeline import segment_lines
from reader.core.ingest.segment.starts import cut_copies_alike, with_repeated_leads
from reader.core.ingest.segment.units import Unit
from tests.conftest import SAMPLE

# The sample's four stories start at lines 1, 21, 34 and 52.
_LINES = SAMPLE.read_text(encoding="utf-8").splitlines()
_STORIES = [_LINES[0:20], _LINES[20:33], _LINES[33:51], _LINES[51:]]


def _starts(lines: list[str]) -> list[int]:
    drafts, _ = segment_lines(list(enumerate(lines, 1)))
    return [d.title_line or d.lines[0] for d in drafts]


def test_a_story_saved_twice_in_a_row_is_two_articles() -> None:
    first, second = _STORIES[0], _STORIES[1]
    assert _starts(first + first + second) == [1, 21, 41]
    assert _starts(second + second + _STORIES[2] + _STORIES[2]) == [1, 14, 27, 45]
    assert _starts(_STORIES[2] * 3) == [1, 19, 37]


def test_each_copy_keeps_its_headline_line() -> None:
    story = _STORIES[1]
    headline = "Biden says Gaza deal is on the brink in final address"
    lines = [headline, *story, headline, *story, *_STORIES[3]]
    drafts, _ = segment_lines(list(enumerate(lines, 1)))
    assert [(d.title, d.title_line, d.lines[0]) for d in drafts[:2]] == [
        (headline, 1, 2),
        (headline, 15, 16),
    ]
    assert drafts[0].raw_paragraphs == drafts[1].raw_paragraphs == tuple(s.strip() for s in story)


def test_only_a_sentence_long_lead_that_comes_again_word_for_word_starts_a_copy() -> None:
    lead = "The talks in Doha will resume on Monday, officials said."
    second = "More text here."
    units = [Unit(i + 1, t) for i, t in enumerate([lead, second, "Then.", lead, second, "Other words."])]
    assert with_repeated_leads(units, [0]) == [0, 3]
    teaser = [Unit(i + 1, t) for i, t in enumerate([lead, lead, second, "Then.", "Other words."])]
    assert with_repeated_leads(teaser, [0]) == [0]  # a lead shown twice above one body
    short = [Unit(i + 1, t) for i, t in enumerate(["Talks resume today.", "Text.", "Talks resume today."])]
    assert with_repeated_leads(short, [0]) == [0]  # a short line may recur inside a story
    near = [Unit(i + 1, t) for i, t in enumerate([lead, second, lead.replace("Monday", "Tuesday"), second])]
    assert with_repeated_leads(near, [0]) == [0]  # a follow-up's lead is not the same lead


def test_a_copy_is_cut_where_its_first_copy_was_cut() -> None:
    lead = "The talks in Doha will resume on Monday, officials said."
    body = ["Second paragraph.", "Third paragraph.", "A fourth one.", "A fifth one."]
    units = [Unit(i + 1, t) for i, t in enumerate([lead, *body, lead, *body, "Another story."])]
    # The copy at 5 was given a cut at 8 that the first copy did not get at 3: it goes; a cut the
    # first copy has (at 2) is made in the copy too (at 7). The stretch after the copy is its own.
    assert cut_copies_alike(units, [0, 2, 5, 8, 10]) == [0, 2, 5, 7, 10]
    # Only a copy of a lead long enough to be a sentence: a short line recurs inside stories.
    short = [Unit(i + 1, t) for i, t in enumerate(["Read more.", "A.", "B.", "Read more.", "A.", "C."])]
    assert cut_copies_alike(short, [0, 3, 5]) == [0, 3, 5]
