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


NEWS_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Council approves flood defences | The Valley Gazette</title>
<meta property="og:title" content="Council approves flood defences">
<meta property="og:site_name" content="The Valley Gazette">
<meta property="article:published_time" content="2024-03-05T09:30:00Z">
<meta name="author" content="Ann Lee">
<link rel="canonical" href="https://gazette.example/news/flood-defences">
<script type="application/ld+json">{"@type": "NewsArticle", "articleBody": "The county council approved a new system"}</script>
</head>
<body>
<header><a href="/">The Valley Gazette</a>
<nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav>
</header>
<main>
<article>
<h1>Council approves flood defences</h1>
<p class="byline">By Ann Lee</p>
<p>The county council approved a new system of flood defences on Tuesday,
after two winters of damaging floods along the river.</p>
<div class="share"><a href="https://facebook.example/share">Share on Facebook</a> <a href="https://x.example/share">Share on X</a></div>
<p>The scheme will raise the embankments by a metre and add three pumping stations,
at a cost of twelve million pounds spread over four years.</p>
<p>Residents who were moved to the school hall last January welcomed the vote, though some asked
why the work would not start before next winter.</p>
</article>
<aside class="related"><h2>Related stories</h2>
<ul><li><a href="/news/river-levels">River levels fall after storm</a></li>
<li><a href="/news/school-hall">School hall reopens to pupils</a></li></ul></aside>
</main>
<footer><p>&copy; 2024 The Valley Gazette. All rights reserved.</p>
<a href="/privacy">Privacy</a> <a href="/contact">Contact us</a></footer>
</body>
</html>
"""
NEWS_BODY = (
    "The county council approved a new system of flood defences on Tuesday, "
    "after two winters of damaging floods along the river.",
    "The scheme will raise the embankments by a metre and add three pumping stations, "
    "at a cost of twelve million pounds spread over four years.",
    "Residents who were moved to the school hall last January welcomed the vote, though some asked "
    "why the work would not start before next winter.",
)


def test_news_page_keeps_exactly_the_body_paragraphs_and_page_metadata(tmp_path: Path) -> None:
    result = ingest_path(_write(tmp_path, "page.html", NEWS_PAGE))
    assert result.format == "html"
    (draft,) = result.drafts
    # navigation, byline, share links, related stories, footer and the JSON-LD copy are all gone
    assert draft.paragraphs == NEWS_BODY
    assert draft.lines == (21, 24, 26)  # where each paragraph's text starts in the file
    assert (draft.title, draft.title_derived) == ("Council approves flood defences", False)
    assert draft.date == "2024-03-05"
    assert draft.author == "Ann Lee"
    assert draft.url == "https://gazette.example/news/flood-defences"
    assert result.dropped == ()


def test_page_title_without_og_title_or_headline_comes_from_the_title_tag(tmp_path: Path) -> None:
    bare = NEWS_PAGE
    for line in (
        '<meta property="og:title" content="Council approves flood defences">\n',
        '<meta property="og:site_name" content="The Valley Gazette">\n',
        "<h1>Council approves flood defences</h1>\n",
    ):
        assert line in bare
        bare = bare.replace(line, "")
    (draft,) = ingest_path(_write(tmp_path, "page.html", bare)).drafts
    assert draft.title == "Council approves flood defences"  # "| The Valley Gazette" is not part of it
    assert draft.paragraphs == NEWS_BODY


def test_related_story_cards_in_their_own_articles_do_not_become_articles(tmp_path: Path) -> None:
    cards = "".join(
        f'<article class="card"><h3><a href="/n/{i}">Teaser headline number {i}</a></h3></article>\n'
        for i in range(4)
    )
    page = NEWS_PAGE.replace('<aside class="related">', cards + '<aside class="related">')
    result = ingest_path(_write(tmp_path, "page.html", page))
    assert [d.paragraphs for d in result.drafts] == [NEWS_BODY]


def test_jsonl_record_holding_a_whole_page_reads_its_main_text(tmp_path: Path) -> None:
    lines = [
        json.dumps({"url": "https://gazette.example/news/flood-defences", "html": NEWS_PAGE}),
        json.dumps({"title": "Our own title", "date": "2024-03-07", "html": NEWS_PAGE}),
    ]
    result = ingest_path(_write(tmp_path, "pages.jsonl", "\n".join(lines) + "\n"))
    first, second = result.drafts
    assert first.paragraphs == second.paragraphs == NEWS_BODY
    assert first.lines == (1, 1, 1) and second.lines == (2, 2, 2)  # the record's line
    assert (first.title, first.date, first.author) == (
        "Council approves flood defences",
        "2024-03-05",
        "Ann Lee",
    )
    assert (second.title, second.date) == ("Our own title", "2024-03-07")  # the record's fields win
    assert second.url == "https://gazette.example/news/flood-defences"  # the page fills the gap


def test_feed_item_html_keeps_its_paragraphs_subheads_and_list_items(tmp_path: Path) -> None:
    content = (
        "<p>Flood waters rose across the <a href='/v'>valley</a> on Monday.</p><h3>Evacuation</h3>"
        "<p>Residents were moved:</p><ul><li>to the school hall,</li><li>to the church.</li></ul>"
    )
    feed = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><item><title>Valley floods</title><link>https://example.org/a</link>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item></channel></rss>"
    )
    (draft,) = ingest_path(_write(tmp_path, "feed.xml", feed)).drafts
    assert draft.paragraphs == (
        "Flood waters rose across the valley on Monday.",
        "Evacuation",
        "Residents were moved:",
        "- to the school hall,",
        "- to the church.",
    )


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
