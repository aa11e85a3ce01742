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
from reader.core.store.cuts import cuts_key
from reader.core.types import ArticleDraft, DroppedLine
from reader.paths import annotations_db, source_key
from tests.conftest import SAMPLE

# The sample's four stories: (first line, first paragraph line). Story 2 has no headline line.
STARTS = [1, 21, 34, 52]


def _drafts(cuts: dict[int, str], **kw: object) -> list[ArticleDraft]:
    dropped: list[DroppedLine] = []
    lines = enumerate(SAMPLE.read_text(encoding="utf-8").split("\n"), 1)
    return list(pipeline.iter_segment_lines(lines, dropped, cuts=cuts, **kw))  # type: ignore[arg-type]


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


@pytest.mark.parametrize("second_process", [False, True])
def test_cuts_are_made_in_every_buffer_of_a_long_dump(
    monkeypatch: pytest.MonkeyPatch, second_process: bool
) -> None:
    monkeypatch.setattr(pipeline, "BUFFER", 150)
    monkeypatch.setattr(pipeline, "CHUNK_PAD", 15)
    text = SAMPLE.read_text(encoding="utf-8").rstrip("\n") + "\n"
    lines = list(enumerate((text * 10).split("\n"), 1))
    plain = list(pipeline.iter_segment_lines(iter(lines), [], second_process=second_process))
    assert len(plain) == 40
    # Copy 7's second story joined to its first; copy 9's first story cut after its fifth paragraph.
    join_line = plain[4 * 6 + 1].lines[0]
    start_line = plain[4 * 8].lines[5]
    cut = list(
        pipeline.iter_segment_lines(
            iter(lines), [], second_process=second_process, cuts={join_line: "join", start_line: "start"}
        )
    )
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
    cuts = {28: "start"}
    second = build_source(source, cache, analyse=False, cuts=cuts, emit=events.append)
    assert second != first and not any(e.get("reused") for e in events)
    assert read_manifest(second)["cuts"] == cuts_key(cuts) == "28s"
    from reader.core.store.catalog import Catalog

    with Catalog(second / "catalog.sqlite", readonly=True) as catalog:
        assert [a.start_line for a in catalog.iter_articles(batch=10)] == [1, 21, 28, 34, 52]
    assert is_fresh(cache, read_manifest(second)["sha256"], "28s") == second
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
        assert saved_cuts(source) == {first.lines[5]: "start", third.lines[0]: "join"}
    finally:
        lib.close()
    lib = open_library(source)  # the cuts changed: the build is not reused
    try:
        assert [a.title for a in lib.articles()][:1] == [first.title]
        starts = [lib.article(a.id).start_line for a in lib.articles()]  # type: ignore[union-attr]
        assert starts == [1, first.lines[5], second.start_line, 52]
        # Joining the story that a cut made takes the cut back.
        made = lib.articles()[1].id
        assert lib.join_to_previous(made) == first.lines[5]
        assert saved_cuts(source) == {third.lines[0]: "join"}
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
