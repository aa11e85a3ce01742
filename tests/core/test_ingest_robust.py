"""Crafted and damaged inputs: a bad record costs that record, nothing hangs, odd files are refused at once.

Each case is one a user (or a scraper's bug) produced: a parser that is
quadratic on it, a record Python refuses to convert, a field over a library
limit, a pipe instead of a file. The timeouts are hang guards, generous on
purpose (the same inputs took 60-100 s before the fix and take well under a
second now); speed itself is measured in tests/bench.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.core.errors import SourceError
from reader.core.ingest import ingest_path


def _write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


@pytest.mark.timeout(30)
def test_a_heading_followed_by_thousands_of_spaces_is_read_without_backtracking(tmp_path: Path) -> None:
    source = _write(
        tmp_path, "a.md", "# Heading" + " " * 20_000 + "x\n\nThe council met on Monday to vote.\n"
    )
    result = ingest_path(source)
    assert [(d.title, d.text) for d in result.drafts] == [("Heading x", "The council met on Monday to vote.")]


@pytest.mark.timeout(30)
def test_a_csv_of_quote_characters_is_answered_at_once(tmp_path: Path) -> None:
    result = ingest_path(_write(tmp_path, "q.csv", "title,text\n" + '"' * 5000))
    assert result.drafts == ()
    assert [(d.line, d.reason) for d in result.dropped] == [(2, "malformed CSV row")]


def test_a_csv_field_longer_than_the_csv_module_limit_is_kept_whole(tmp_path: Path) -> None:
    body = "word " * 40_000  # 200,000 characters, over the csv module's default 131,072
    result = ingest_path(_write(tmp_path, "big.csv", f'title,text\nA,"{body}"\nB,The second story.\n'))
    assert [(d.title, len(d.text)) for d in result.drafts] == [("A", len(body.strip())), ("B", 17)]


def test_a_json_record_with_a_huge_integer_is_skipped_and_named(tmp_path: Path) -> None:
    lines = [
        '{"title": "A", "text": "ok", "n": ' + "9" * 5000 + "}",
        json.dumps({"title": "B", "text": "Kept."}),
    ]
    result = ingest_path(_write(tmp_path, "n.jsonl", "\n".join(lines) + "\n"))
    assert [d.title for d in result.drafts] == ["B"]
    assert [(d.line, d.reason) for d in result.dropped] == [(1, "malformed JSON line")]


def test_a_json_document_with_a_huge_integer_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"n\.json: not valid JSON \(a number too long to read\)"):
        ingest_path(_write(tmp_path, "n.json", '[{"title": "A", "text": "x", "n": ' + "9" * 5000 + "}]"))


def test_a_feed_with_a_stray_marked_section_keeps_every_item(tmp_path: Path) -> None:
    feed = (
        '<?xml version="1.0"?><rss><channel>'
        "<item><title>A</title><description>Before <![ after</description></item>"
        "<item><title>B</title><description>The second item.</description></item>"
        "</channel></rss>"
    )
    result = ingest_path(_write(tmp_path, "f.xml", feed))
    assert [d.title for d in result.drafts] == ["A", "B"]
    assert result.drafts[1].text == "The second item."
    assert [d.reason for d in result.dropped] == ["malformed XML repaired"]


def test_nul_padded_text_keeps_its_text(tmp_path: Path) -> None:
    text = b"The council approved the budget on Monday.\nThe vote was close.\n"
    result = ingest_path(_write(tmp_path, "padded.txt", text + b"\x00" * 8000))
    assert [d.text for d in result.drafts] == [
        "The council approved the budget on Monday.\nThe vote was close."
    ]


def test_a_file_of_only_nuls_is_refused_as_not_text(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not look like text"):
        ingest_path(_write(tmp_path, "zeros.txt", b"\x00" * 4096))


@pytest.mark.timeout(30)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_named_pipe_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="not a regular file"):
        ingest_path(fifo)


def test_one_broken_file_costs_that_file_not_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    _write(folder, "a.txt", "The council approved the budget on Monday after a long debate.\n")
    _write(folder, "b.json", '{"title": "broken", "text": ')
    _write(folder, "c.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    result = ingest_path(folder)
    assert [d.text for d in result.drafts] == [
        "The council approved the budget on Monday after a long debate."
    ]
    assert [(d.text.split(":")[0], d.reason) for d in result.dropped] == [
        ("b.json", "skipped: unreadable"),
        ("c.png", "skipped: not text"),
    ]
