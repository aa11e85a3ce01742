"""WARC files: one article per HTML response, bad records reported and skipped, read as a stream."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from reader.core.errors import SourceError
from reader.core.ingest import ingest_path, warc
from reader.core.types import DroppedLine


def _page(title: str, lead: str, published: str | None = None, charset: str = "utf-8") -> str:
    date = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (
        f'<!doctype html><html><head><meta charset="{charset}"><title>{title} | Example News</title>{date}</head>'
        f'<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>{title}</h1>'
        f"<p>{lead} The report was published by the regional authority on the same day.</p>"
        "<p>Officials said more details would follow later in the week, after a meeting with residents.</p>"
        "</article><footer>Example News, all rights reserved.</footer></body></html>"
    )


PAGES = {
    "https://news.example/floods": _page(
        "Valley floods", "Flood waters rose across the valley.", "2024-03-05"
    ),
    "https://news.example/budget": _page("Budget passes", "The council approved the new budget."),
    "https://news.example/caf\u00e9": _page(
        "Caf\u00e9 reopens", "The caf\u00e9 on the square reopened.", None, "windows-1252"
    ),
}
CRAWLED = "2024-03-06T10:00:00Z"


def _records(writer: WARCWriter) -> list[object]:
    """warcinfo, request, 2 pages, an image, a redirect, a metadata record, the last page."""

    def response(uri: str, body: bytes, content_type: str, status: str = "200 OK") -> object:
        http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        return writer.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": CRAWLED},
        )

    (floods, budget, cafe) = PAGES
    request = StatusAndHeaders("GET /floods HTTP/1.1", [("Host", "news.example")], is_http_request=True)
    return [
        writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}),
        writer.create_warc_record(floods, "request", payload=io.BytesIO(b""), http_headers=request),
        response(floods, PAGES[floods].encode("utf-8"), "text/html; charset=utf-8"),
        response(budget, PAGES[budget].encode("utf-8"), "text/html"),
        response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"),
        response("https://news.example/old", b"<html><body>Moved</body></html>", "text/html", "301 Moved"),
        writer.create_warc_record(
            floods,
            "metadata",
            payload=io.BytesIO(b"fetchTimeMs: 12\r\n"),
            warc_content_type="application/warc-fields",
        ),
        response(cafe, PAGES[cafe].encode("cp1252"), "text/html; charset=windows-1252"),
    ]


def _warc_members(gzipped: bool) -> list[bytes]:
    """Each record's bytes on its own (a gzip member each when gzipped)."""
    records = _records(WARCWriter(io.BytesIO(), gzip=gzipped))
    members = []
    for record in records:
        out = io.BytesIO()
        WARCWriter(out, gzip=gzipped).write_record(record)
        members.append(out.getvalue())
    return members


EXPECTED = [
    # (line = record ordinal, title, url, date)
    (3, "Valley floods", "https://news.example/floods", "2024-03-05"),  # the page's own date
    (4, "Budget passes", "https://news.example/budget", "2024-03-06"),  # no page date: WARC-Date
    (8, "Caf\u00e9 reopens", "https://news.example/caf\u00e9", "2024-03-06"),
]


def _summary(drafts: tuple[object, ...]) -> list[tuple[int, str, str | None, str | None]]:
    return [(d.start_line, d.title, d.url, d.date) for d in drafts]  # type: ignore[attr-defined]


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_one_article_per_html_response(tmp_path: Path, gzipped: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    path.write_bytes(b"".join(_warc_members(gzipped)))
    result = ingest_path(path)
    assert result.format == "warc"
    assert _summary(result.drafts) == EXPECTED
    assert result.dropped == ()
    first = result.drafts[0]
    assert first.paragraphs == (
        "Flood waters rose across the valley. The report was published by the regional authority on the same day.",
        "Officials said more details would follow later in the week, after a meeting with residents.",
    )
    assert first.lines == (3, 3)
    assert result.drafts[2].paragraphs[0].startswith("The caf\u00e9 on the square reopened.")


def test_warc_is_known_by_content_not_name(tmp_path: Path) -> None:
    path = tmp_path / "crawl.dat"
    path.write_bytes(b"".join(_warc_members(True)))
    assert _summary(ingest_path(path).drafts) == EXPECTED


def test_a_file_named_warc_that_is_not_one_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(b"just some text\n"))
    with pytest.raises(SourceError, match=r"crawl\.warc\.gz: named like a WARC file but does not start"):
        ingest_path(path)


def _offset(members: list[bytes], index: int) -> int:
    return sum(len(m) for m in members[:index])


def test_truncated_gzip_record_in_the_middle_is_reported_and_the_rest_load(tmp_path: Path) -> None:
    members = _warc_members(True)
    members[3] = members[3][: len(members[3]) // 2]  # the budget page, cut in half
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(members))
    result = ingest_path(path)
    assert _summary(result.drafts) == [EXPECTED[0], EXPECTED[2]]
    (bad,) = result.dropped
    assert (bad.line, bad.reason) == (4, "malformed WARC record")
    assert bad.text.startswith(f"byte {_offset(members, 3)}: corrupt gzip data")


def test_corrupted_bytes_in_a_gzip_record_are_reported_and_the_rest_load(tmp_path: Path) -> None:
    members = _warc_members(True)
    damaged = bytearray(members[2])
    for i in range(len(damaged) // 3, len(damaged) // 3 + 8):
        damaged[i] ^= 0x5A
    members[2] = bytes(damaged)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(members))
    result = ingest_path(path)
    assert _summary(result.drafts) == EXPECTED[1:]
    assert [(d.line, d.reason) for d in result.dropped] == [(3, "malformed WARC record")]


def test_plain_record_cut_short_does_not_swallow_the_next_one(tmp_path: Path) -> None:
    members = _warc_members(False)
    members[2] = members[2][: len(members[2]) - 300]  # its Content-Length now runs into the next record
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"".join(members))
    result = ingest_path(path)
    assert _summary(result.drafts) == EXPECTED[1:]  # the budget page keeps its own URL
    assert result.dropped == (
        DroppedLine(
            3,
            f"byte {_offset(members, 2)}: the record does not end where its Content-Length says "
            "(https://news.example/floods)",
            "malformed WARC record",
        ),
    )


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_truncated_last_record_is_reported(tmp_path: Path, gzipped: bool) -> None:
    members = _warc_members(gzipped)
    members[-1] = members[-1][:-100]
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"".join(members))
    result = ingest_path(path)
    assert _summary(result.drafts) == EXPECTED[:2]
    assert [(d.line, d.reason) for d in result.dropped] == [(8, "malformed WARC record")]
    assert "the file ends inside the record" in result.dropped[0].text


def test_a_page_over_the_size_limit_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warc, "MAX_RECORD_BYTES", 800)  # the two utf-8 pages are larger, the café page too
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(_warc_members(True)))
    result = ingest_path(path)
    assert result.drafts == ()
    assert [(d.line, d.reason) for d in result.dropped] == [
        (3, "page too large"),
        (4, "page too large"),
        (8, "page too large"),
    ]


def test_folder_reads_warc_files_beside_other_sources(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"title": "First", "text": "A plain record."}) + "\n")
    (tmp_path / "b.warc.gz").write_bytes(b"".join(_warc_members(True)))
    result = ingest_path(tmp_path)
    assert [d.title for d in result.drafts] == [
        "First",
        "Valley floods",
        "Budget passes",
        "Caf\u00e9 reopens",
    ]


def test_drafts_stream_out_as_records_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.core.ingest.source import stream_path

    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(_warc_members(True)))
    seen: list[tuple[int, int]] = []
    stream = stream_path(path, progress=lambda done, total: seen.append((done, total)))
    assert stream.format == "warc" and seen == []  # nothing is read before the drafts are asked for
    assert _summary(tuple(stream.drafts)) == EXPECTED
    assert seen[-1] == (path.stat().st_size, path.stat().st_size)
