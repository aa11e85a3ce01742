"""HTML main text: trafilatura with line numbers mapped back, a flat fallback, and no network."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from reader.core.ingest import html_main, ingest_path
from reader.core.ingest.html_main import extract_fragment, extract_page, locate_lines

PAGE = """<!doctype html>
<html><head><title>Deep page | Example</title>
<script>var body = "Intro paragraph before the deep part.";</script></head>
<body><p>Intro paragraph before the deep part, long enough to be read as text.</p>
<p>{deep}</p>
<p>Closing paragraph after the deep part, which must not be lost.</p>
</body></html>
"""


def test_deeply_nested_page_is_read_flat_instead_of_losing_its_end(tmp_path: Path) -> None:
    # libxml2 stops at depth 256 and drops the rest of the page; the stdlib reader does not
    deep = "<b>" * 40_000 + "Deep text inside forty thousand tags." + "</b>" * 40_000
    path = tmp_path / "deep.html"
    path.write_text(PAGE.format(deep=deep), encoding="utf-8")
    page = extract_page(path.read_text(encoding="utf-8"))
    assert page.extractor == "fallback"
    (draft,) = ingest_path(path).drafts
    assert draft.paragraphs == (
        "Intro paragraph before the deep part, long enough to be read as text.",
        "Deep text inside forty thousand tags.",
        "Closing paragraph after the deep part, which must not be lost.",
    )
    assert draft.lines == (4, 5, 6)
    assert draft.title == "Deep page"


def test_page_with_too_many_elements_goes_to_the_flat_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_main, "MAX_ELEMENTS", 5)
    page = extract_page(PAGE.format(deep="A middle paragraph of ordinary text."))
    assert page.extractor == "fallback"
    assert [text for _, text in page.paragraphs] == [
        "Intro paragraph before the deep part, long enough to be read as text.",
        "A middle paragraph of ordinary text.",
        "Closing paragraph after the deep part, which must not be lost.",
    ]
    assert [line for line, _ in page.paragraphs] == [4, 5, 6]


def test_lines_are_found_past_tags_entities_and_script_copies() -> None:
    markup = (
        "<html><head><script>var t = 'Second paragraph';</script></head>\n"  # 1
        "<body>\n"  # 2
        "<p>First <em>para</em>graph,\n"  # 3
        "wrapped.</p>\n"  # 4
        "<!-- Second paragraph in a comment -->\n"  # 5
        "<div><p>Second &amp; \u201cquoted\u201d\n"  # 6
        " paragraph</p></div><p>Third</p>\n"  # 7
    )
    paragraphs = ["First paragraph, wrapped.", 'Second & "quoted" paragraph', "Third", "Not in the page"]
    assert locate_lines(markup, paragraphs) == [3, 6, 7, 7]  # one not found takes the line before it


def test_repeated_paragraphs_are_found_in_order() -> None:
    markup = "<p>Read more</p>\n<p>Body text here.</p>\n<p>Read more</p>\n"
    assert locate_lines(markup, ["Read more", "Body text here.", "Read more"]) == [1, 2, 3]


def test_a_fragment_keeps_its_inline_text_together() -> None:
    assert extract_fragment("Short text with <b>bold</b> words.<br>Second line") == [
        "Short text with bold words.",
        "Second line",
    ]


def test_reading_pages_never_opens_a_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access during ingest")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    record = '{"url": "https://example.org/a", "html": "<html><body>See https://example.org/b now.</body></html>"}\n'
    (tmp_path / "a.jsonl").write_text(record, encoding="utf-8")
    page = (
        '<html><head><link rel="canonical" href="https://example.org/c">'
        '<meta property="og:image" content="https://example.org/i.jpg"></head>'
        "<body><article><p>Text of a page that links to https://example.org/d and "
        '<a href="https://example.org/e">elsewhere</a>.</p></article></body></html>'
    )
    (tmp_path / "b.html").write_text(page, encoding="utf-8")
    result = ingest_path(tmp_path)
    assert [d.paragraphs for d in result.drafts] == [
        ("See https://example.org/b now.",),
        ("Text of a page that links to https://example.org/d and elsewhere.",),
    ]
