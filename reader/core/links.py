"""``lede://open`` links: from an exported note back to the passage it quotes.

Why links: a Markdown export lives on in Obsidian or a mail long after the export;
a link under each quote lets the reader jump back to the passage in Lede. The
desktop hands the link to ``lede %u`` (the .desktop file registers the scheme), so
the link has to carry everything needed to get there with no running Lede: the
source file's absolute path, the article id, and the start of the quote (the
article may have been re-segmented since, and its id changed: the quote finds the
passage again). Pure string work, no Qt and no database.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from reader.core.errors import SourceError
from reader.core.types import PassageLink

SCHEME = "lede"
#: How much of the quote a link carries: enough to find the passage, short enough to paste.
QUOTE_CHARS = 80
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def passage_link(source: str, article_id: str, passage: str) -> str:
    """``lede://open?source=…&article=…&quote=…``, every value percent-encoded (spaces as ``%20``)."""
    query = {"source": source, "article": article_id, "quote": passage[:QUOTE_CHARS].rstrip()}
    return f"{SCHEME}://open?" + urlencode({k: v for k, v in query.items() if v}, quote_via=quote, safe="/")


def parse_passage_link(url: str) -> PassageLink:
    """The source, article and quote a link names; SourceError saying what is wrong with it.

    Only ``source`` is required; a link without ``article`` opens the source, one
    without ``quote`` opens the article at its top.
    """
    parts = urlsplit(url.strip())
    if parts.scheme.lower() != SCHEME:
        raise SourceError(f"{url!r} is not a Lede link (they start with {SCHEME}://open?)")
    action = parts.netloc or parts.path.strip("/")
    if action != "open":
        raise SourceError(f"Lede links open passages ({SCHEME}://open?…); this one asks for {action!r}")
    if _BAD_ESCAPE.search(parts.query):
        raise SourceError("the link is damaged: a % in it is not followed by two hex digits")
    try:
        values = parse_qs(parts.query, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise SourceError("the link is damaged: its %-escapes are not UTF-8 text") from None

    def one(name: str) -> str:
        found = values.get(name, [""])
        return found[0].strip() if name != "quote" else found[0]

    source = one("source")
    if not source:
        raise SourceError("the link names no source file (source=…)")
    return PassageLink(source=source, article=one("article"), quote=one("quote"))


def find_passage(text: str, passage: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where a link's quote is in ``text``: the whole highlight of ``spans`` that begins with
    it (the link was made from one), else the quoted characters (first occurrence).

    Found verbatim, else with whitespace and curly quotes normalised, as imports are.
    """
    if not passage.strip():
        return None
    for hl_start, hl_end in sorted(spans):  # a short quote ("he said") recurs: its highlight first
        if text.startswith(passage, hl_start):
            return hl_start, hl_end
    start = text.find(passage)
    end = start + len(passage)
    if start < 0:
        from reader.core.store.quote_search import find_normalised  # store code loads only when needed

        found = find_normalised(text, passage)
        if found is None:
            return None
        start, end = found
    for hl_start, hl_end in spans:
        if hl_start == start and hl_end >= end:
            return hl_start, hl_end
    return start, end
