"""The article inside an HTML page: trafilatura finds it, we keep line numbers and a safe fallback.

Why trafilatura: on the 50 real news pages of the article-extraction
benchmark (``tests/bench/bench_html.py``) its precision preset keeps the
article body at token F1 ~0.975, against ~0.81 for our own stdlib extractor
(``htmltext.py``), and it reads title, date, author and canonical URL from the
page's metadata (Open Graph, JSON-LD, ``<meta>``, ``<time>``).

Why ``htmltext.py`` stays, as the fallback:

* libxml2 (under lxml, under trafilatura) stops building the tree at 256
  levels of nesting and silently drops the rest of the page, so a crafted
  page of 40,000 nested ``<b>`` tags would lose its text. The stdlib parser is
  flat and linear in the input, so such pages are read by it instead, as
  are pages over ``MAX_TRAFILATURA_CHARS`` or ``MAX_ELEMENTS`` (trafilatura's
  time grows with the element count: a 6 MB page of 40,000 nested links
  takes it 15 s, the fallback 3 s).
* trafilatura returns nothing for a page with too little text; the fallback
  keeps whatever paragraphs the page has.

Nothing here touches the network: trafilatura is handed a parsed tree (never a
string that could be taken for a URL) and its extraction functions never
fetch. It is imported lazily, because importing it costs ~0.2 s and the window
process should not pay that at start-up.

Line numbers: trafilatura returns text, not positions. Each paragraph is
located in the page by a prefix of its letters and digits (lower-cased,
everything else dropped), searched forward from the previous paragraph in the
page's visible text (scripts, styles and comments removed, entities decoded);
a paragraph that cannot be found takes the line of the one before it.
"""

from __future__ import annotations

import bisect
import html as htmllib
import logging
import re
from collections.abc import Sequence
from configparser import ConfigParser
from dataclasses import dataclass
from functools import cache
from typing import Any

from reader.core.ingest.htmltext import Block, Page, html_to_paragraphs, parse_html

# Pages larger than this go to the linear stdlib extractor (the benchmark's largest page is 125 kB;
# the largest pages of big news sites are ~1.5 MB).
MAX_TRAFILATURA_CHARS = 5_000_000
# trafilatura spends ~50 µs per element (measured on crafted pages: 80,000 elements took 4 s);
# the benchmark's pages hold 80 to 1,000 elements, the largest real news pages a few tens of thousands.
MAX_ELEMENTS = 50_000
# libxml2 stops at depth 256; a tree this deep may have been cut short, so its page is re-read flat.
MAX_DEPTH = 250

_PAGE_MARK = re.compile(r"<!doctype\s+html|<(html|head|body)\b", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+")
_BLOCK_START = re.compile(r"<!--|<(script|style|template)\b", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_CLOSERS = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("script", "style", "template")}
_SITE_SUFFIX = re.compile(r"\s+[|–—·:-]\s+")  # "Headline - Site"; only cut when the tail is the site name
_TITLE_SPLIT = re.compile(r"\s+[|–—]\s+")  # a <title> without metadata: "Headline | Site"
KEY_CHARS = 40

# trafilatura's and htmldate's loggers get a NullHandler so their warnings never reach stderr
# through logging's last-resort handler (the CLI's contract is one line on stderr for an error).
for _name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


@dataclass(frozen=True)
class PageText:
    """An article read from a page: paragraphs with their source lines, and the page's metadata."""

    paragraphs: tuple[tuple[int, str], ...]
    title: str = ""
    date: str | None = None
    author: str | None = None
    url: str | None = None
    extractor: str = "trafilatura"  # or "fallback" when htmltext.py read the page


def looks_like_page(markup: str) -> bool:
    """A whole page (doctype, ``<html>``, ``<head>`` or ``<body>``) rather than a fragment of one."""
    return bool(_PAGE_MARK.search(markup[:4096]))


def extract_page(markup: str, line: int | None = None, url: str | None = None) -> PageText:
    """Read the article of a whole page.

    ``line`` None means ``markup`` is the source file itself: each paragraph is
    located in it. Otherwise the page came inside a record (a JSON line, a feed
    item, a WARC record) and every paragraph carries that record's ``line``.
    ``url`` (where the page was fetched from) helps date extraction; it is
    never fetched.
    """
    document = _trafilatura_document(markup, url, fragment=False)
    if document is None:
        return fallback_page(markup, line)
    title = _clean_title(document.get("title") or "", document.get("sitename") or "")
    texts = _split_paragraphs(document.get("text") or "")
    if texts and title and _same_text(texts[0], title):
        texts = texts[1:]  # trafilatura keeps the headline as the first line of the body
    if not texts:
        return fallback_page(markup, line)
    lines = locate_lines(markup, texts) if line is None else [line] * len(texts)
    return PageText(
        tuple(zip(lines, texts, strict=True)),
        title,
        document.get("date"),
        document.get("author"),
        document.get("url"),
    )


def extract_fragment(markup: str) -> list[str]:
    """Paragraphs of an HTML fragment (a feed item's content, a JSON record's body).

    The fragment already is the article, so trafilatura runs in its balanced
    preset rather than the precision one used for pages (which dropped list
    items of fragments), and with its minimum-size rescue turned off (that
    rescue re-reads short texts with a baseline that puts every inline element
    on its own line). When it returns nothing, the stdlib flattener keeps every
    paragraph.
    """
    document = _trafilatura_document(f"<html><body><article>{markup}</article></body></html>", None, True)
    texts = _split_paragraphs(document.get("text") or "") if document else []
    return texts or [p for p in html_to_paragraphs(markup) if p.strip()]


# --------------------------------------------------------------------------- trafilatura


@cache
def _configs() -> tuple[ConfigParser, ConfigParser]:
    """trafilatura settings for pages and for fragments (fresh copies, never its shared default)."""
    from trafilatura.settings import use_config

    page = use_config()
    page.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # a signal-based timer, CLI only; we bound input instead
    page.set("DEFAULT", "MAX_FILE_SIZE", str(MAX_TRAFILATURA_CHARS))
    fragment = use_config()
    fragment.read_dict({"DEFAULT": dict(page["DEFAULT"])})
    fragment.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return page, fragment


def _trafilatura_document(markup: str, url: str | None, fragment: bool) -> dict[str, Any] | None:
    """trafilatura's reading of a page as a dict, or None when it is unsafe to ask or finds nothing."""
    if len(markup) > MAX_TRAFILATURA_CHARS:
        return None
    import trafilatura
    from trafilatura.settings import set_date_params

    try:
        tree = trafilatura.load_html(markup)
    except (TypeError, ValueError):
        return None
    if tree is None or tree.xpath("count(//*)") > MAX_ELEMENTS or _deeper_than(tree, MAX_DEPTH):
        return None
    page_config, fragment_config = _configs()
    date_params = set_date_params(False)  # markup only (meta, JSON-LD, <time>, URL), never prose
    date_params["original_date"] = True  # the publication date, not the last update
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            favor_precision=not fragment,
            include_comments=False,
            include_tables=True,
            with_metadata=not fragment,
            date_extraction_params=date_params,
            config=fragment_config if fragment else page_config,
        )
    except (RecursionError, ValueError, TypeError, AttributeError):
        return None
    if document is None:
        return None
    return document.as_dict() if not isinstance(document, dict) else document


def _deeper_than(tree: Any, depth: int) -> bool:
    """Does any element sit ``depth`` levels down? (one XPath step per level, evaluated in C)."""
    return bool(tree.xpath("boolean(/" + "/".join(["*"] * depth) + ")"))


def _split_paragraphs(text: str) -> list[str]:
    return [p for p in (" ".join(line.split()) for line in text.split("\n")) if p]


def _same_text(a: str, b: str) -> bool:
    return _NOT_WORD.sub("", a.lower()) == _NOT_WORD.sub("", b.lower())


def _clean_title(title: str, sitename: str) -> str:
    """Drop a trailing " - Site Name" that some pages put into the title trafilatura reads."""
    title = " ".join(title.split())
    if sitename:
        parts = _SITE_SUFFIX.split(title)
        if len(parts) > 1 and _same_text(parts[-1], sitename):
            return title[: title.rfind(parts[-1])].rstrip(" |–—·:-")
    return title


# --------------------------------------------------------------------------- fallback


def fallback_page(markup: str, line: int | None) -> PageText:
    """The stdlib extractor's reading: ``<main>`` or the fullest ``<article>``, else every block."""
    page = parse_html(markup)
    blocks = _main_blocks(page)
    title = ""
    if blocks and blocks[0].tag in ("h1", "h2"):
        title, blocks = blocks[0].text, blocks[1:]
    meta = page.meta
    title = title or meta.get("og:title") or _TITLE_SPLIT.split(page.title)[0]
    date = page.times.get(-1) or next(iter(page.times.values()), None)
    return PageText(
        tuple((b.line if line is None else line, b.text) for b in blocks),
        " ".join(title.split()),
        meta.get("article:published_time") or meta.get("date") or meta.get("datepublished") or date,
        meta.get("author"),
        meta.get("og:url") or meta.get("canonical"),
        extractor="fallback",
    )


def _main_blocks(page: Page) -> list[Block]:
    if page.has_main:
        return [b for b in page.blocks if b.in_main]
    if page.articles:
        sizes = [0] * page.articles
        for b in page.blocks:
            if b.article >= 0:
                sizes[b.article] += len(b.text)
        fullest = sizes.index(max(sizes))
        return [b for b in page.blocks if b.article == fullest]
    return list(page.blocks)


# --------------------------------------------------------------------------- line numbers


class _VisibleText:
    """A page's visible text, letters and digits only, and the line each piece of it starts on."""

    def __init__(self, markup: str) -> None:
        pieces: list[str] = []
        self.starts: list[int] = []
        self.lines: list[int] = []
        size = 0
        for number, raw in enumerate(_without_blocks(markup).split("\n"), 1):
            if not raw:
                continue
            # Tags are dropped line by line: a tag broken over two lines leaves a few letters of
            # attribute text behind, which shifts nothing the prefix search relies on.
            norm = _NOT_WORD.sub("", htmllib.unescape(_TAG.sub("", raw)).lower())
            if norm:
                pieces.append(norm)
                self.starts.append(size)
                self.lines.append(number)
                size += len(norm)
        self.text = "".join(pieces)

    def line_at(self, index: int) -> int:
        return self.lines[bisect.bisect_right(self.starts, index) - 1]


def _without_blocks(markup: str) -> str:
    """The markup with comments, scripts, styles and templates blanked, its newlines kept.

    An unclosed comment or script runs to the end of the page, as in a
    browser; searching once for its end and giving up keeps this linear.
    """
    parts: list[str] = []
    pos = 0
    while True:
        match = _BLOCK_START.search(markup, pos)
        if match is None:
            parts.append(markup[pos:])
            return "".join(parts)
        parts.append(markup[pos : match.start()])
        if match.group(0) == "<!--":
            close = markup.find("-->", match.end())
            end = len(markup) if close < 0 else close + 3
        else:
            found = _CLOSERS[match.group(1).lower()].search(markup, match.end())
            end = len(markup) if found is None else found.end()
        parts.append("\n" * markup.count("\n", match.start(), end))
        pos = end


def locate_lines(markup: str, paragraphs: Sequence[str], default: int = 1) -> list[int]:
    """The source line on which each paragraph's text begins, best effort (see the module docstring)."""
    visible = _VisibleText(markup)
    found: list[int | None] = []
    cursor = 0
    for paragraph in paragraphs:
        key = _NOT_WORD.sub("", paragraph.lower())[:KEY_CHARS]
        index = visible.text.find(key, cursor) if key else -1
        if index < 0 and key:
            index = visible.text.find(key)
        if index < 0:
            found.append(None)
            continue
        found.append(visible.line_at(index))
        cursor = max(cursor, index + len(key))
    first = next((n for n in found if n is not None), default)
    lines: list[int] = []
    for number in found:
        lines.append(number if number is not None else (lines[-1] if lines else first))
    return lines
