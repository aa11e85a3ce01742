"""A JSONL source is streamed in two passes, and gives exactly what reading it whole gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.errors import SourceError
from reader.core.ingest import formats
from reader.core.ingest.decode import read_text_file
from reader.core.ingest.source import stream_path
from tests.conftest import SAMPLE


def _whole(path: Path) -> tuple[list, list]:  # type: ignore[type-arg]
    return formats.parse("jsonl", read_text_file(path), path)


def _streamed(path: Path) -> tuple[list, list]:  # type: ignore[type-arg]
    stream = stream_path(path)
    assert stream.format == "jsonl"
    drafts = list(stream.drafts)
    return drafts, list(stream.dropped)


def _records() -> list[str]:
    paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").splitlines() if len(p.split()) > 8]
    lines = []
    for n in range(60):
        body = "\n\n".join(paragraphs[(n + k) % len(paragraphs)] for k in range(5))
        if n == 3:  # a word glued once in the file: the file-wide vocabulary repairs it
            body += "\n\nTalks on Gazaand Israel went on."
        body += "\n\nSubscribe to our newsletter"
        lines.append(json.dumps({"title": f"Story {n}", "text": body, "date": f"2024-01-0{n % 9 + 1}"}))
    return lines


def test_streamed_jsonl_gives_the_same_drafts_and_dropped_lines_as_a_whole_read(tmp_path: Path) -> None:
    lines = _records()
    lines.insert(7, "{not json")
    lines.insert(12, json.dumps({"id": 5, "tags": ["x"]}))
    lines.insert(20, "")
    path = tmp_path / "dump.jsonl"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    whole, streamed = _whole(path), _streamed(path)
    assert len(whole[0]) > 50
    assert streamed == whole
    assert [
        (d.line, d.reason) for d in streamed[1] if d.reason in ("malformed JSON line", "record without text")
    ] == [
        (8, "malformed JSON line"),
        (13, "record without text"),
    ]
    assert "Talks on Gaza and Israel went on." in streamed[0][3].paragraphs


def test_progress_covers_both_passes_and_ends_at_the_size(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(_records() * 30) + "\n", encoding="utf-8")
    seen: list[tuple[int, int]] = []
    stream = stream_path(path, progress=lambda done, total: seen.append((done, total)))
    assert sum(1 for _ in stream.drafts) == len(_whole(path)[0]) > 1500
    size = path.stat().st_size
    assert seen[-1] == (size, size)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    assert any(d < size // 2 for d, _t in seen) and any(size // 2 < d < size for d, _t in seen)


def test_a_jsonl_file_with_no_readable_record_is_refused_with_its_first_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"title": "x", "text": "ok"\n{"also": bad}\n', encoding="utf-8")
    with pytest.raises(SourceError, match=r"bad\.jsonl:1: not valid JSON"):
        _streamed(path)
