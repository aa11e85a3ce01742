"""Structured sources keep their own boundaries and metadata; broken ones fail clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.errors import SourceError
from reader.core.ingest import ingest_path

BODY_A = "Flood waters rose across the valley on Monday.\nResidents were moved to the school hall."
BODY_B = "The council approved the new budget.\nAdvertisement\nThe vote was unanimous."


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_jsonl_keeps_records_metadata_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "title": "Valley floods",
                "text": BODY_A,
                "date": "2019-01-04T10:00:00Z",
                "url": "https://example.org/a",
                "author": "Ann Lee",
            }
        ),
        "{not json",
        json.dumps({"headline": "Budget passes", "body": BODY_B, "date": "Fri, 04 Jan 2019 10:00:00 GMT"}),
    ]
    path = _write(tmp_path, "news.txt", "\n".join(lines) + "\n")  # misnamed: detected by content
    result = ingest_path(path)
    assert result.format == "jsonl"
    assert [d.title for d in result.drafts] == ["Valley floods", "Budget passes"]
    assert [d.date for d in result.drafts] == ["2019-01-04", "2019-01-04"]
    first, second = result.drafts
    assert first.url == "https://example.org/a" and first.author == "Ann Lee"
    assert not first.title_derived
    assert first.paragraphs == tuple(BODY_A.split("\n"))
    assert first.lines == (1, 1) and second.lines == (3, 3)
    assert second.paragraphs == ("The council approved the new budget.", "The vote was unanimous.")
    reasons = {(d.line, d.reason) for d in result.dropped}
    assert (2, "malformed JSON line") in reasons and (3, "advertisement") in reasons


def test_jsonl_with_no_readable_line_is_an_error_naming_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.jsonl", '{"title": \n{"x": 1\n')
    with pytest.raises(SourceError, match=r"bad\.jsonl:1:"):
        ingest_path(path)


def test_json_array_and_wrapped_list(tmp_path: Path) -> None:
    items = [
        {"title": "Valley floods", "content": BODY_A, "date": "4 January 2019"},
        {"title": "Budget passes", "text": BODY_B},
    ]
    plain = ingest_path(_write(tmp_path, "a.json", json.dumps(items, indent=2)))
    wrapped = ingest_path(_write(tmp_path, "b.json", json.dumps({"articles": items})))
    for result in (plain, wrapped):
        assert result.format == "json"
        assert [d.title for d in result.drafts] == ["Valley floods", "Budget passes"]
        assert result.drafts[0].date == "2019-01-04" and result.drafts[1].date is None


def test_broken_json_array_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.json", '[\n  {"title": "A", "text": "B"},\n  {"title": \n]')
    with pytest.raises(SourceError, match=r"broken\.json:4: not valid JSON"):
        ingest_path(path)


def test_csv_with_header(tmp_path: Path) -> None:
    text = (
        "title,date,body,url\n"
        f'Valley floods,2019-01-04,"{BODY_A}",https://example.org/a\n'
        "Budget passes,04/01/2019,The council approved the new budget.,\n"
    )
    result = ingest_path(_write(tmp_path, "news.csv", text))
    assert result.format == "csv"
    assert [d.title for d in result.drafts] == ["Valley floods", "Budget passes"]
    assert [d.date for d in result.drafts] == ["2019-01-04", None]  # ambiguous dates are not guessed
    assert result.drafts[0].lines == (2, 2) and result.drafts[1].lines == (4,)
    assert result.drafts[0].url == "https://example.org/a"


def test_csv_without_a_text_column_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"x\.csv:1: CSV header has no text column"):
        ingest_path(_write(tmp_path, "x.csv", "a,b\n1,2\n"))


def test_markdown_headings_start_articles(tmp_path: Path) -> None:
    text = (
        "# Valley floods\n"
        "Date: January 4, 2019\n"
        "\n"
        "Flood waters rose across the valley\n"
        "on **Monday**.\n"
        "\n"
        "### Evacuation\n"
        "Residents were moved to the [school hall](https://example.org).\n"
        "\n"
        "## Budget passes\n"
        "\n"
        "The council approved the new budget.\n"
    )
    result = ingest_path(_write(tmp_path, "news.md", text))
    assert result.format == "markdown"
    assert [d.title for d in result.drafts] == ["Valley floods", "Budget passes"]
    first = result.drafts[0]
    assert first.date == "2019-01-04"
    assert first.paragraphs == (
        "Flood waters rose across the valley on Monday.",
        "Evacuation",
        "Residents were moved to the school hall.",
    )
    assert first.lines == (4, 7, 8)
    assert result.drafts[1].lines == (12,)


HTML = """<!doctype html>
<html><head><title>Valley floods | Example News</title>
<meta property="article:published_time" content="2019-01-04T08:00:00Z">
<meta name="author" content="Ann Lee">
<link rel="canonical" href="https://example.org/a">
<script>var x = "<p>not text</p>";</script><style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<main><h1>Valley floods</h1>
<p>Flood waters rose across the valley on Monday.</p>
<div class="ad">Advertisement</div>
<p>Residents were moved to the school hall &amp; the church.</p>
<aside>Most read: something else</aside></main>
<footer>&copy; Example News</footer></body></html>
"""


def test_html_page_keeps_main_content_only(tmp_path: Path) -> None:
    result = ingest_path(_write(tmp_path, "page.html", HTML))
    assert result.format == "html"
    (draft,) = result.drafts
    assert draft.title == "Valley floods"
    assert draft.paragraphs == (
        "Flood waters rose across the valley on Monday.",
        "Residents were moved to the school hall & the church.",
    )
    assert draft.lines == (9, 11)
    assert draft.date == "2019-01-04" and draft.author == "Ann Lee" and draft.url == "https://example.org/a"
    assert [d.line for d in result.dropped] == [10]


def test_html_with_several_articles_gives_several_drafts(tmp_path: Path) -> None:
    text = (
        "<html><body><article><h2>One</h2><time datetime='2020-02-03'>3 Feb</time><p>First story text here.</p>"
        "</article><article><h2>Two</h2><p>Second story text here.</p></article></body></html>"
    )
    result = ingest_path(_write(tmp_path, "multi.htm", text))
    assert [(d.title, d.date) for d in result.drafts] == [("One", "2020-02-03"), ("Two", None)]


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Example</title>
<item><title>Valley floods</title><link>https://example.org/a</link>
<pubDate>Fri, 04 Jan 2019 10:00:00 GMT</pubDate><dc:creator>Ann Lee</dc:creator>
<description>&lt;p&gt;Flood waters rose across the valley.&lt;/p&gt;&lt;p&gt;Residents were moved.&lt;/p&gt;</description>
</item>
<item><title>Budget passes</title><link>https://example.org/b</link>
<content:encoded><![CDATA[<p>The council approved the new budget.</p>]]></content:encoded></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title>
<entry><title>Valley floods</title><link rel="alternate" href="https://example.org/a"/>
<published>2019-01-04T10:00:00Z</published><author><name>Ann Lee</name></author>
<content type="html">&lt;p&gt;Flood waters rose across the valley.&lt;/p&gt;</content></entry>
<entry><title>Budget passes</title><updated>2019-01-05T10:00:00Z</updated>
<summary>The council approved the new budget.</summary></entry>
</feed>
"""


@pytest.mark.parametrize("text", [RSS, ATOM], ids=["rss", "atom"])
def test_feeds_give_one_draft_per_item(tmp_path: Path, text: str) -> None:
    result = ingest_path(_write(tmp_path, "feed.xml", text))
    assert result.format == "feed"
    assert [d.title for d in result.drafts] == ["Valley floods", "Budget passes"]
    first, second = result.drafts
    assert first.date == "2019-01-04" and first.author == "Ann Lee" and first.url == "https://example.org/a"
    assert first.paragraphs[0] == "Flood waters rose across the valley."
    assert second.paragraphs == ("The council approved the new budget.",)


def test_feed_with_entity_declarations_is_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n'
        "<rss><channel><item><title>&lol2;</title></item></channel></rss>"
    )
    with pytest.raises(SourceError, match=r"feed\.xml:2: .*DOCTYPE"):
        ingest_path(_write(tmp_path, "feed.xml", bomb))


def test_malformed_feed_names_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"bad\.xml:3: not a well-formed feed"):
        ingest_path(
            _write(tmp_path, "bad.xml", '<?xml version="1.0"?>\n<rss><channel>\n<item><title>x</item>')
        )


def test_folder_reads_files_sorted_and_recursively_skipping_binaries(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    _write(tmp_path, "a.jsonl", json.dumps({"title": "First", "text": BODY_A}) + "\n")
    _write(tmp_path / "b", "c.md", "# Second\n\nThe council approved the new budget.\n")
    (tmp_path / "b" / "d.png").write_bytes(bytes(range(256)) * 8)
    _write(tmp_path, ".hidden.txt", "ignored entirely")
    seen: list[tuple[int, int]] = []
    result = ingest_path(tmp_path, progress=lambda done, total: seen.append((done, total)))
    assert result.format == "folder"
    assert [d.title for d in result.drafts] == ["First", "Second"]
    assert [(d.line, d.reason) for d in result.dropped] == [(0, "skipped: not text")]
    assert seen[-1][0] == seen[-1][1]
