"""The reader's cuts between articles: a build makes them, remembers them, and rebuilds when they change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.build import build_source, is_fresh, read_manifest
from reader.core.errors import LedeError
from reader.core.ingest import pipeline
from reader.core.library import open_library, saved_cuts
from reader.core.store.annotations import AnnotationStore
from reader.core.store.catalog import Catalog
from reader.core.store.cuts import Cut, cuts_key, fingerprint
from reader.core.types import Article, ArticleDraft, DroppedLine
from reader.paths import annotations_db, source_key
from tests.conftest import SAMPLE

# The sample's four stories: (first line, first paragraph line). Story 2 has no headline line.
STARTS = [1, 21, 34, 52]


TEXT = SAMPLE.read_text(encoding="utf-8")


def _drafts(
    cuts: dict[int, str], text: str = TEXT, said_on: str | None = None, **kw: object
) -> list[ArticleDraft]:
    """Drafts of ``text`` with cuts given as line -> kind, each made on the paragraph that line held in
    ``said_on`` (default ``text``: the file as it was when the reader made the cut)."""
    lines = (said_on or text).split("\n")
    made = {
        line: Cut(kind, fingerprint(lines[line - 1]) if line <= len(lines) else "")
        for line, kind in cuts.items()
    }
    dropped: list[DroppedLine] = []
    numbered = enumerate(text.split("\n"), 1)
    return list(pipeline.iter_segment_lines(numbered, dropped, cuts=made, **kw))  # type: ignore[arg-type]


def test_a_start_cut_splits_a_story_and_a_join_cut_merges_two() -> None:
    plain = _drafts({})
    assert [d.start_line for d in plain] == STARTS
    second_para = plain[0].lines[5]
    split = _drafts({second_para: "start"})
    assert [d.start_line for d in split] == [1, second_para, 21, 34, 52]
    assert split[1].lines[0] == second_para and split[0].lines[-1] < second_para
    assert split[1].title_derived  # no headline above it: a title from its lead
    joined = _drafts({plain[2].lines[0]: "join"})
    assert [d.start_line for d in joined] == [1, 21, 52]
    assert joined[1].lines == plain[1].lines + plain[2].lines  # every paragraph kept, in order
    assert joined[1].title == plain[1].title
    # A cut on a line that is no paragraph (a blank, a removed clutter line) changes nothing.
    assert [d.start_line for d in _drafts({2000: "start", 1: "join"})] == STARTS


def test_a_cut_follows_its_paragraph_when_lines_are_added_above_and_is_dropped_when_it_is_gone() -> None:
    plain = _drafts({})
    line = plain[0].lines[5]
    inserted = (
        "Editor's note: this dump was re-saved.\nA second added line of prose, nothing to do with it.\n"
    )
    moved = _drafts({line: "start"}, text=inserted + TEXT, said_on=TEXT)
    assert line + 2 in [d.start_line for d in moved]  # the paragraph, two lines further down
    assert moved[[d.start_line for d in moved].index(line + 2)].paragraphs[0] == plain[0].paragraphs[5]
    lines = TEXT.split("\n")
    edited = "\n".join(
        lines[: line - 1] + ["A rewritten paragraph that reads nothing like the one cut."] + lines[line:]
    )
    assert [d.start_line for d in _drafts({line: "start"}, text=edited, said_on=TEXT)] == STARTS  # not moved


def test_a_start_said_at_a_headline_taken_for_a_subhead_gives_the_story_back_its_title() -> None:
    lines = TEXT.split("\n")
    headed = "\n".join(lines[:33] + ["Israel admits ambulance was used in West Bank raid"] + lines[33:])
    plain = _drafts({}, text=headed)
    assert [(d.start_line, d.title) for d in plain][2] == (
        34,
        "Israel admits ambulance was used in West Bank raid",
    )
    lead = plain[2].lines[0]
    joined = _drafts({lead: "join"}, text=headed)
    assert [d.start_line for d in joined] == [1, 21, 53]
    assert 34 in joined[1].lines  # the headline is now a line inside the story before
    # The reader, seeing the headline inside the article, starts a new one there: the start
    # said at the headline beats the join said at the lead below it.
    again = _drafts({lead: "join", 34: "start"}, text=headed)
    assert [(d.start_line, d.title) for d in again] == [(d.start_line, d.title) for d in plain]


def test_a_cut_in_a_story_saved_twice_is_made_in_the_copy_it_was_made_in() -> None:
    twice = TEXT.rstrip("\n") + "\n" + TEXT
    per_copy = TEXT.rstrip("\n").count("\n") + 1
    plain = _drafts({}, text=twice)
    line = plain[0].lines[5] + per_copy  # paragraph 6 of the second copy's first story
    starts = [d.start_line for d in _drafts({line - per_copy: "start"}, text=twice)]
    assert starts == sorted([d.start_line for d in plain] + [line - per_copy])
    cut_second = {line: Cut("start", fingerprint(TEXT.split("\n")[line - per_copy - 1]))}
    dropped: list[DroppedLine] = []
    second = list(pipeline.iter_segment_lines(enumerate(twice.split("\n"), 1), dropped, cuts=cut_second))
    assert [d.start_line for d in second] == sorted([d.start_line for d in plain] + [line])


@pytest.mark.parametrize("second_process", [False, True])
def test_cuts_are_made_in_every_buffer_of_a_long_dump(small_buffers: None, second_process: bool) -> None:
    text = SAMPLE.read_text(encoding="utf-8").rstrip("\n") + "\n"
    lines = list(enumerate((text * 10).split("\n"), 1))
    plain = list(pipeline.iter_segment_lines(iter(lines), [], second_process=second_process))
    assert len(plain) == 40
    # Copy 7's second story joined to its first; copy 9's first story cut after its fifth paragraph.
    join_line = plain[4 * 6 + 1].lines[0]
    start_line = plain[4 * 8].lines[5]
    texts = dict(lines)
    cuts = {
        join_line: Cut("join", fingerprint(texts[join_line])),
        start_line: Cut("start", fingerprint(texts[start_line])),
    }
    cut = list(pipeline.iter_segment_lines(iter(lines), [], second_process=second_process, cuts=cuts))
    starts = [d.start_line for d in cut]
    assert len(cut) == 40
    assert plain[4 * 6 + 1].start_line not in starts and start_line in starts
    assert starts == sorted({d.start_line for d in plain} - {plain[4 * 6 + 1].start_line} | {start_line})
    assert [n for d in cut for n in d.lines] == [n for d in plain for n in d.lines]


def test_a_build_records_its_cuts_and_is_not_reused_with_others(tmp_path: Path) -> None:
    source = tmp_path / "news.txt"
    source.write_bytes(SAMPLE.read_bytes())
    cache = tmp_path / "cache"
    first = build_source(source, cache, analyse=False)
    assert read_manifest(first)["cuts"] == ""
    events: list[dict[str, object]] = []
    cuts = {28: Cut("start", fingerprint(TEXT.split("\n")[27]))}
    second = build_source(source, cache, analyse=False, cuts=cuts, emit=events.append)
    assert second != first and not any(e.get("reused") for e in events)
    key = cuts_key(cuts)
    assert read_manifest(second)["cuts"] == key and key.startswith("28s")
    assert [a.start_line for a in _catalog_articles(second)] == [1, 21, 28, 34, 52]
    assert is_fresh(cache, read_manifest(second)["sha256"], key) == second
    assert is_fresh(cache, read_manifest(second)["sha256"], "") is None
    again: list[dict[str, object]] = []
    assert build_source(source, cache, analyse=False, cuts=cuts, emit=again.append) == second
    assert again[-1]["reused"] is True


def test_the_library_says_where_the_reader_cuts_and_the_next_build_makes_it(tmp_path: Path) -> None:
    source = tmp_path / "news.txt"
    source.write_bytes(SAMPLE.read_bytes())
    lib = open_library(source)
    try:
        first, second, third, _ = (lib.article(s.id) for s in lib.articles())
        assert first is not None and second is not None and third is not None
        line = lib.start_article_at(first.id, 5)
        assert line == first.lines[5]
        with pytest.raises(LedeError, match="first paragraph"):
            lib.start_article_at(first.id, 0)
        with pytest.raises(LedeError, match="no article before it"):
            lib.join_to_previous(first.id)
        assert lib.join_to_previous(third.id) == third.lines[0]
        assert saved_cuts(source) == {
            first.lines[5]: Cut("start", fingerprint(first.paragraphs[5])),
            third.lines[0]: Cut("join", fingerprint(third.paragraphs[0])),
        }
    finally:
        lib.close()
    lib = open_library(source)  # the cuts changed: the build is not reused
    try:
        assert [a.title for a in lib.articles()][:1] == [first.title]
        shown = [lib.article(a.id) for a in lib.articles()]
        assert [a.start_line for a in shown if a] == [1, first.lines[5], second.start_line, 52]
        assert [lib.cut_note(a) for a in shown if a] == [
            "",
            "you started this article here (Ctrl+Backspace joins it back)",
            "2 stories you joined",
            "",
        ]
        # Joining the story that a cut made takes the cut back.
        made = lib.articles()[1].id
        assert lib.join_to_previous(made) == first.lines[5]
        assert {line: cut.kind for line, cut in saved_cuts(source).items()} == {third.lines[0]: "join"}
    finally:
        lib.close()


def test_only_a_plain_dump_is_cut(tmp_path: Path) -> None:
    source = tmp_path / "news.jsonl"
    source.write_text(
        "\n".join(
            json.dumps({"title": f"Story {n}", "text": f"Paragraph one of {n}.\n\nParagraph two."})
            for n in (1, 2)
        ),
        encoding="utf-8",
    )
    lib = open_library(source)
    try:
        second = lib.articles()[1].id
        with pytest.raises(LedeError, match="only a plain-text dump"):
            lib.join_to_previous(second)
        with AnnotationStore(annotations_db()) as store:
            assert store.cuts(source_key(source)) == {}
    finally:
        lib.close()


def test_joining_the_article_a_headline_cut_made_takes_that_cut_back(tmp_path: Path) -> None:
    lines = TEXT.split("\n")
    source = tmp_path / "headed.txt"
    source.write_text(
        "\n".join(lines[:33] + ["Israel admits ambulance was used in West Bank raid"] + lines[33:])
    )
    lib = open_library(source)
    try:
        third = lib.article(lib.articles()[2].id)
        assert third is not None and third.start_line == 34 and third.lines[0] == 35
        lib.join_to_previous(third.id)
    finally:
        lib.close()
    lib = open_library(source)
    try:
        second = lib.article(lib.articles()[1].id)
        assert second is not None and 34 in second.lines
        lib.start_article_at(second.id, second.lines.index(34))  # at the headline, now a line inside
        assert {line: cut.kind for line, cut in saved_cuts(source).items()} == {34: "start", 35: "join"}
    finally:
        lib.close()
    lib = open_library(source)
    try:
        third = lib.article(lib.articles()[2].id)
        assert third is not None and (third.start_line, third.title) == (
            34,
            "Israel admits ambulance was used in West Bank raid",
        )
        lib.join_to_previous(third.id)  # the article the headline cut made: that cut is taken back
        assert {line: cut.kind for line, cut in saved_cuts(source).items()} == {35: "join"}
    finally:
        lib.close()


def test_a_build_says_which_cuts_it_could_not_make(tmp_path: Path) -> None:
    source = tmp_path / "news.txt"
    lines = TEXT.split("\n")
    source.write_text(TEXT, encoding="utf-8")
    cuts = {
        6: Cut("start", fingerprint(lines[5])),
        40: Cut("start", fingerprint("A paragraph the file never held.")),
        45: Cut("join", fingerprint("Nor this one.")),
    }
    events: list[dict[str, object]] = []
    build = build_source(source, tmp_path / "cache", analyse=False, cuts=cuts, emit=events.append)
    notices = [e["message"] for e in events if e["event"] == "notice"]
    assert notices == [
        "2 of your article cuts were not made: the paragraphs at lines 40, 45 are no longer in the file"
    ]
    assert 6 in [a.start_line for a in _catalog_articles(build)]  # the one still there is made


def _catalog_articles(build: Path) -> list[Article]:
    with Catalog(build / "catalog.sqlite", readonly=True) as catalog:
        return list(catalog.iter_articles(batch=10))


def test_random_cuts_never_lose_reorder_or_double_a_paragraph() -> None:
    """Fuzzed: any set of cuts, on any lines (paragraphs, headlines, blanks, clutter, past the end),
    with fingerprints right, stale or empty, keeps every paragraph once and in file order. (A
    headline-shaped line may be a title at one cut and a caption at another: only prose is pinned.)"""
    import random

    rng = random.Random(13)
    lines = TEXT.split("\n")
    headed = "\n".join(lines[:33] + ["Israel admits ambulance was used in West Bank raid"] + lines[33:])
    text = headed + "\n" + TEXT  # two copies of most paragraphs: a story saved twice
    every = text.split("\n")
    prose = {n for d in _drafts({}, text=text) for n in d.lines if len(every[n - 1].split()) > 12}
    for _ in range(60):
        cuts = {}
        for line in rng.sample(range(1, len(every) + 6), rng.randint(1, 12)):
            said = every[line - 1] if line <= len(every) else ""
            paragraph = rng.choice([fingerprint(said), fingerprint(said), fingerprint("stale"), ""])
            cuts[line] = Cut(rng.choice(["start", "join"]), paragraph)
        drafts = list(pipeline.iter_segment_lines(enumerate(text.split("\n"), 1), [], cuts=cuts))
        seq = [n for d in drafts for n in ([d.title_line] if d.title_line else []) + list(d.lines)]
        assert seq == sorted(set(seq)), cuts  # in file order, none twice
        assert prose <= set(seq), cuts  # no paragraph lost
        starts = [d.start_line for d in drafts]
        assert starts[0] == 1
        for line, cut in cuts.items():  # a start said on prose as it reads starts an article there
            if cut.kind == "start" and line in prose and cut.paragraph == fingerprint(every[line - 1]):
                assert any(d.lines[0] == line for d in drafts), (line, cuts)
