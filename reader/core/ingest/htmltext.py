"""Main-content extraction from HTML with the standard library's parser.

A saved news page is mostly navigation, scripts, footers and asides; the
article is the text in ``<article>``/``<main>`` (when the page has them) and
in paragraph-like blocks. We keep blocks with their source line so that
anchors and "dropped" reports can point into the file, and collect the
metadata pages carry (``<title>``, Open Graph / article meta, ``<time>``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

SKIP = frozenset(
    "script style nav footer aside header form noscript svg button template iframe select option "
    "figcaption figure menu dialog object embed canvas video audio".split()
)
BLOCK = frozenset(
    "p h1 h2 h3 h4 h5 h6 li blockquote pre td th dd dt div section article main tr caption address "
    "summary details ul ol table body".split()
)
VOID = frozenset("br hr img input meta link area base col source track wbr".split())


@dataclass
class Block:
    """A paragraph-like run of text, the line it starts on, and the container it sits in."""

    text: str
    line: int
    tag: str
    article: int  # index of the enclosing <article>, -1 when none
    in_main: bool


@dataclass
class Page:
    """What a page holds: its blocks and metadata."""

    blocks: list[Block] = field(default_factory=list)
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    times: dict[int, str] = field(default_factory=dict)  # article index -> first <time datetime>
    articles: int = 0
    has_main: bool = False


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._skip = 0
        self._buffer: list[str] = []
        self._start_line = 1
        self._block_tag = "p"
        self._in_title = False
        self._title: list[str] = []
        self._article_stack: list[int] = []
        self._main = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.page.meta.setdefault(key, a["content"].strip())
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self.page.meta.setdefault("canonical", a["href"])
            return
        if tag in VOID:
            if tag == "br" and not self._skip:
                self._buffer.append("\n")
            return
        if tag in SKIP:
            self._skip += 1
            return
        if tag == "title":
            self._in_title = True
            return
        if tag == "time" and a.get("datetime"):
            index = self._article_stack[-1] if self._article_stack else -1
            self.page.times.setdefault(index, a["datetime"])
        if tag == "article":
            self._flush()
            self._article_stack.append(self.page.articles)
            self.page.articles += 1
        if tag == "main":
            self._main += 1
            self.page.has_main = True
        if tag in BLOCK:
            self._flush()
            self._block_tag = tag
            self._start_line = self.getpos()[0]

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if tag == "title":
            self._in_title = False
            if not self.page.title:
                self.page.title = " ".join("".join(self._title).split())
            return
        if tag in BLOCK:
            self._flush()
        if tag == "article" and self._article_stack:
            self._article_stack.pop()
        if tag == "main":
            self._main = max(0, self._main - 1)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
            return
        if self._skip:
            return
        if not "".join(self._buffer).strip():
            self._start_line = self.getpos()[0]
        self._buffer.append(data)

    def _flush(self) -> None:
        text = "".join(self._buffer)
        self._buffer = []
        for offset, piece in enumerate(text.split("\n")):
            piece = " ".join(piece.split())
            if piece:
                self.page.blocks.append(
                    Block(
                        piece,
                        self._start_line + offset if "\n" in text else self._start_line,
                        self._block_tag,
                        self._article_stack[-1] if self._article_stack else -1,
                        self._main > 0,
                    )
                )

    def close(self) -> None:
        super().close()
        self._flush()


# A "<![" that opens no CDATA section makes html.parser raise (an assertion in
# _markupbase on Python < 3.13); browsers show it as text, and so do we.
_STRAY_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)")


def parse_html(text: str) -> Page:
    """Parse a page; never raises on bad markup (html.parser is forgiving, once "<![" is escaped)."""
    parser = _Extractor()
    parser.feed(_STRAY_MARKED_SECTION.sub("&lt;![", text))
    parser.close()
    return parser.page


def html_to_paragraphs(fragment: str) -> list[str]:
    """Plain paragraphs from an HTML fragment, e.g. a feed item's description."""
    return [b.text for b in parse_html(fragment).blocks]
