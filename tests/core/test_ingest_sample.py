"""The bundled sample: exact article starts, exact clutter, nothing lost, glue repaired."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.ingest import ingest_path, ingest_text
from reader.core.ingest.titles import MAX_TITLE, MAX_WORDS
from reader.core.types import IngestResult

SAMPLE = Path(__file__).parents[2] / "resources" / "sample-news.txt"
CLUTTER = {7, 8, 13, 39, 40, 53, 54, 55, 56, 57, 58, 59, 64, 65}
CAPTIONS = {9, 41}  # video captions: may be dropped as captions or kept


@pytest.fixture(scope="module")
def result() -> IngestResult:
    return ingest_path(SAMPLE)


def test_sample_splits_into_four_articles_at_the_right_lines(result: IngestResult) -> None:
    assert [d.start_line for d in result.drafts] == [1, 21, 34, 52]


def test_sample_articles_begin_with_their_leads(result: IngestResult) -> None:
    firsts = [d.paragraphs[0] for d in result.drafts]
    assert firsts[0].startswith("A mass exodus")
    assert firsts[1].startswith("A Gaza deal")
    assert firsts[2].startswith("The Israel Defence Forces")
    assert firsts[3].startswith("“In addition to the first captured")


def test_sample_clutter_is_dropped_exactly(result: IngestResult) -> None:
    dropped = {d.line for d in result.dropped}
    assert dropped >= CLUTTER
    assert dropped - CLUTTER <= CAPTIONS
    reasons = {d.line: d.reason for d in result.dropped}
    assert reasons[7] == "video-player notice"
    assert reasons[8] == "timestamp"
    assert reasons[13] == "advertisement"
    assert reasons[53] == "embed label"
    assert all(reasons[n] == "cookie consent" for n in range(54, 60))


def test_sample_keeps_every_content_line_exactly_once(result: IngestResult) -> None:
    total = SAMPLE.read_text(encoding="utf-8").rstrip("\n").count("\n") + 1
    dropped = {d.line for d in result.dropped}
    kept = [n for d in result.drafts for n in d.lines]
    assert len(kept) == len(set(kept))
    expected = set(range(1, total + 1)) - CLUTTER
    assert set(kept) | (dropped & CAPTIONS) == expected


def test_sample_glue_is_repaired_and_raw_text_kept(result: IngestResult) -> None:
    first = result.drafts[0]
    line2 = first.paragraphs[first.lines.index(2)]
    line6 = first.paragraphs[first.lines.index(6)]
    assert "Armenia from the disputed region" in line2
    assert "Azerbaijan’s plans" in line6
    assert "Armeniafrom" in first.raw_paragraphs[first.lines.index(2)]
    last = result.drafts[3]
    assert "Russia’s ally" in last.paragraphs[last.lines.index(62)]
    assert "Nagorno-Karabakh" in first.text and "UNHCR" in first.text


def test_sample_titles_are_short_headlines(result: IngestResult) -> None:
    titles = [d.title for d in result.drafts]
    assert (
        titles[0]
        == "Mass exodus of ethnic Armenians from Nagorno-Karabakh has emptied the breakaway territory"
    )
    assert all(d.title_derived for d in result.drafts)
    assert all(0 < len(t) <= MAX_TITLE and len(t.split()) <= MAX_WORDS for t in titles)
    assert "Biden" in titles[1]
    # the fourth lead is a quotation "he said": no quote becomes its title (issue 13, titles7)
    assert titles[3] == "Ukraine has announced capture of North Korean soldiers"


def test_ingest_text_gives_the_same_articles_as_the_file(result: IngestResult) -> None:
    again = ingest_text(SAMPLE.read_text(encoding="utf-8"), "sample")
    assert [d.paragraphs for d in again.drafts] == [d.paragraphs for d in result.drafts]


def test_a_headline_line_is_a_title_only_when_it_shares_a_word_with_the_story_below() -> None:
    """Above the second story (lines 21-33, no headline line of its own): a real headline becomes its
    title and start; a line about something else ends the story before; a dateline stays with its story."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")

    def with_line(text: str) -> list[tuple[int, str, int | None, str]]:
        dump = "\n".join(lines[:20] + [text] + lines[20:])
        return [(d.start_line, d.title, d.title_line, d.paragraphs[-1]) for d in ingest_text(dump).drafts]

    real = with_line("Biden says Gaza ceasefire deal is close")
    assert real[1][:3] == (21, "Biden says Gaza ceasefire deal is close", 21)
    foreign = with_line("Trending stories at Newsy.com")
    assert foreign[0][3] == "Trending stories at Newsy.com"  # the last line of the first story
    assert foreign[1][0] == 22 and foreign[1][2] is None  # the second starts at its lead, title derived
    assert foreign[1][1] == with_line("")[1][1]


def test_a_dateline_line_above_a_story_stays_with_it_and_is_never_its_title() -> None:
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    plain = ingest_text("\n".join(lines)).drafts[1]
    dump = "\n".join(lines[:20] + ["Biden Gaza deal is near, Biden says", "GAZA CITY —"] + lines[20:])
    second = ingest_text(dump).drafts[1]
    assert (second.start_line, second.title_line, second.title) == (
        21,
        21,
        "Biden Gaza deal is near, Biden says",
    )
    assert second.paragraphs[0] == "GAZA CITY —" and second.lines[:2] == (22, 23)
    alone = ingest_text("\n".join(lines[:20] + ["GAZA CITY —"] + lines[20:])).drafts[1]
    assert (alone.start_line, alone.title_line, alone.paragraphs[0]) == (21, None, "GAZA CITY —")
    assert alone.title == plain.title  # derived from the lead, not from the dateline
