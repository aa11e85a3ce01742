"""The segmenter's doubtful breaks: which gaps it reports, that streaming and a helper process report
the same ones, that a reader's cut settles one, and that the library places them in their articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.build import build_source
from reader.core.errors import LedeError
from reader.core.ingest import ingest_text, pipeline
from reader.core.ingest.clean import clean_lines
from reader.core.ingest.segment import DOUBT_MARGIN, make_units, segment_units, starts
from reader.core.library import open_library
from reader.core.store.catalog import Catalog
from reader.core.store.cuts import Cut, fingerprint
from reader.core.types import ArticleDraft, Changes, Doubt, DoubtfulBreak
from tests.conftest import DOUBT_SAMPLE_TEXT, SAMPLE

TEXT = DOUBT_SAMPLE_TEXT


def test_the_sample_has_no_doubt_and_one_word_less_puts_one_inside_its_second_story() -> None:
    sample = ingest_text(SAMPLE.read_text(encoding="utf-8"))
    assert [d.start_line for d in sample.drafts] == [1, 21, 34, 52]
    assert sample.doubts == ()
    result = ingest_text(TEXT)
    assert [d.start_line for d in result.drafts] == [1, 21, 34, 52]
    assert result.doubts == (Doubt(31, False),)
    assert 31 in result.drafts[1].lines  # a paragraph of the second story, not its start


def test_the_margin_decides_which_gaps_are_doubts(monkeypatch: pytest.MonkeyPatch) -> None:
    units, _ = make_units(clean_lines(enumerate(TEXT.split("\n"), 1))[0])
    monkeypatch.setattr(starts, "DOUBT_MARGIN", 0.0)
    assert segment_units(units).doubts == []
    monkeypatch.setattr(starts, "DOUBT_MARGIN", 1e6)
    every = segment_units(units)
    assert every.doubts == list(range(1, len(units)))  # every gap between two paragraphs, in order
    assert every.starts == [0, *(i for i in every.doubts if i in every.starts)]
    monkeypatch.setattr(starts, "DOUBT_MARGIN", 1e6)
    result = ingest_text(TEXT)
    assert [d.line for d in result.doubts if d.at_start] == [d.lines[0] for d in result.drafts[1:]]
    assert len(result.doubts) == sum(len(d.lines) for d in result.drafts) - 1
    assert DOUBT_MARGIN == 1.0


def _stream(text: str, **kw: object) -> tuple[list[Doubt], list[ArticleDraft]]:
    doubts: list[Doubt] = []
    lines = enumerate(text.split("\n"), 1)
    drafts = list(pipeline.iter_segment_lines(lines, [], doubts=doubts, **kw))  # type: ignore[arg-type]
    return doubts, drafts


@pytest.mark.parametrize("second_process", [False, True])
def test_a_long_dump_reports_each_doubt_once_in_file_order_whoever_segments_it(
    small_buffers: None, monkeypatch: pytest.MonkeyPatch, second_process: bool
) -> None:
    monkeypatch.setattr(starts, "DOUBT_MARGIN", 3.0)  # more of them, so buffer edges are crossed
    text = (TEXT.rstrip("\n") + "\n") * 10
    alone, drafts = _stream(text, second_process=False)
    assert _stream(text, second_process=second_process) == (alone, drafts)
    lines = [d.line for d in alone]
    assert lines == sorted(set(lines)) and len(lines) > 40
    # A doubt at a start is at the first paragraph of an article, any other inside one; every copy
    # of the sample (ten of them, over six buffers) has its doubts.
    firsts = {d.lines[0] for d in drafts[1:]}
    inside = {n for d in drafts for n in d.lines[1:]}
    assert all((d.line in firsts) if d.at_start else (d.line in inside) for d in alone)
    per_copy = TEXT.rstrip("\n").count("\n") + 1
    assert {(d.line - 1) // per_copy for d in alone} == set(range(10))


def test_a_cut_at_a_doubt_settles_it() -> None:
    lines = TEXT.split("\n")
    assert _stream(TEXT)[0] == [Doubt(31, False)]
    cuts = {31: Cut("start", fingerprint(lines[30]))}
    assert _stream(TEXT, cuts=cuts)[0] == []
    cuts = {31: Cut("join", fingerprint(lines[30]))}  # "no story starts here" settles it too
    assert _stream(TEXT, cuts=cuts)[0] == []


def test_the_library_lists_doubts_in_the_articles_that_hold_them(tmp_path: Path) -> None:
    source = tmp_path / "news.txt"
    source.write_text(TEXT, encoding="utf-8")
    work = build_source(source, tmp_path / "cache", analyse=False)
    with Catalog(work / "catalog.sqlite", readonly=True) as catalog:
        assert json.loads(catalog.meta("doubtful_breaks") or "") == [[31, False]]
    lib = open_library(source)
    try:
        second = lib.articles()[1]
        assert lib.doubtful_breaks() == [DoubtfulBreak(second.id, 31, False)]
        lib.start_article_at(second.id, lib.article(second.id).lines.index(31))  # type: ignore[union-attr]
    finally:
        lib.close()
    lib = open_library(source)  # rebuilt with the cut: the doubt is the reader's decision now
    try:
        assert [a.start_line for a in lib.articles()] == [1, 21, 31, 34, 52]
        assert lib.doubtful_breaks() == []
    finally:
        lib.close()


def test_a_source_that_says_where_its_articles_are_has_no_doubts(tmp_path: Path) -> None:
    source = tmp_path / "news.jsonl"
    records = [
        {"title": f"Story {k}", "text": f"Paragraph one of story {k}.\nParagraph two."} for k in range(3)
    ]
    source.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    lib = open_library(source)
    try:
        assert len(lib.articles()) == 3
        assert lib.doubtful_breaks() == []
    finally:
        lib.close()


def test_a_settled_doubt_is_not_listed_until_its_paragraph_changes(tmp_path: Path) -> None:
    source = tmp_path / "news.txt"
    source.write_text(TEXT, encoding="utf-8")
    lib = open_library(source)
    try:
        second = lib.articles()[1]
        with pytest.raises(LedeError, match="not a paragraph"):
            lib.settle_doubt(second.id, 2)
        assert lib.settle_doubt(second.id, 31) == Changes()
        assert lib.doubtful_breaks() == [] and lib.doubts_in(second.id) == []
    finally:
        lib.close()
    lib = open_library(source)
    try:
        assert lib.doubtful_breaks() == []  # settled for good: no cut, no rebuild needed
    finally:
        lib.close()
    # The paragraph at line 31 reworded: the doubt there is a new one, and comes back.
    lines = TEXT.split("\n")
    lines[30] = lines[30].replace("Biden went on to claim", "Biden also claimed")
    source.write_text("\n".join(lines), encoding="utf-8")
    lib = open_library(source)
    try:
        assert [(d.line, d.at_start) for d in lib.doubtful_breaks()] == [(31, False)]
    finally:
        lib.close()
