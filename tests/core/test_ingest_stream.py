"""Plain dumps are segmented as a stream: bounded buffers, same articles, drafts before the end."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core import build
from reader.core.ingest import pipeline
from reader.core.ingest.source import ingest_path, ingest_text, stream_path
from reader.core.store.catalog import Catalog
from reader.core.types import DroppedLine

SAMPLE = Path(__file__).parents[2] / "resources" / "sample-news.txt"
COPIES = 40


def _sample_lines() -> tuple[list[tuple[int, str]], int]:
    text = SAMPLE.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    return list(enumerate((text * COPIES).split("\n"), 1)), text.count("\n")


@pytest.mark.parametrize(("buffer", "pad"), [(100_000, 60), (200, 20), (120, 10)])
def test_a_long_dump_is_cut_the_same_whatever_the_buffer(
    monkeypatch: pytest.MonkeyPatch, buffer: int, pad: int
) -> None:
    monkeypatch.setattr(pipeline, "BUFFER", buffer)
    monkeypatch.setattr(pipeline, "CHUNK_PAD", pad)
    lines, per_copy = _sample_lines()
    dropped: list[DroppedLine] = []
    drafts = list(pipeline.iter_segment_lines(iter(lines), dropped))
    assert [d.start_line for d in drafts] == [
        s + per_copy * k for k in range(COPIES) for s in (1, 21, 34, 52)
    ]
    assert len(dropped) == 16 * COPIES  # 14 clutter lines and 2 video captions per copy
    kept = [n for d in drafts for n in d.lines]
    assert kept == sorted(set(kept))  # every paragraph once, in file order


def test_drafts_arrive_before_the_dump_is_read_to_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "BUFFER", 150)
    monkeypatch.setattr(pipeline, "CHUNK_PAD", 15)
    lines, _ = _sample_lines()
    pulled = 0

    def source() -> Iterator[tuple[int, str]]:
        nonlocal pulled
        for item in lines:
            pulled += 1
            yield item

    stream = pipeline.iter_segment_lines(source(), [])
    next(stream)
    assert pulled < len(lines) // 5  # the first story is out after one buffer, not after the file


def test_the_build_writes_a_streamed_dump_in_batches(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(build, "WRITE_BATCH", 3)
    lines, per_copy = _sample_lines()
    source = tmp_path / "dump.txt"
    source.write_text("\n".join(text for _, text in lines[: per_copy * 3]), encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    events: list[dict[str, object]] = []
    assert build._ingest_stage(source, "x", work, events.append, None) == 12
    with Catalog(work / "catalog.sqlite", readonly=True) as catalog:
        stored = list(catalog.iter_articles(batch=5))
        assert [a.id for a in stored] == build.article_ids(ingest_path(source).drafts)
        assert [a.position for a in stored] == list(range(12))
        assert len(json.loads(catalog.meta("dropped_lines") or "[]")) == 48
    assert any(e.get("stage") == "ingest" and e.get("event") == "progress" for e in events)
    assert stream_path(source).format == "text"


HEADLINED = """Storm floods coastal towns in the north
Heavy rain flooded three coastal towns in the north on Monday, forcing hundreds of residents from their homes.
Emergency crews used boats to reach people trapped on upper floors, the regional fire service said.
The weather office expects the rain to ease by Wednesday.
Central bank holds interest rates steady
The central bank kept its main interest rate at 4.5 percent on Tuesday, citing slowing inflation.
Governor Maria Santos told reporters that the board would watch wage growth closely before any cut.
Markets had expected the decision, and the currency barely moved.
"""


def test_an_article_with_a_headline_line_starts_at_that_line() -> None:
    result = ingest_text(HEADLINED, "<dump>")
    assert [(d.title, d.start_line, d.end_line) for d in result.drafts] == [
        ("Storm floods coastal towns in the north", 1, 4),
        ("Central bank holds interest rates steady", 5, 8),
    ]
    assert [d.lines[0] for d in result.drafts] == [2, 6]  # paragraphs still know their own lines
