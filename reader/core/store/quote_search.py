"""Placing another tool's annotations: a quote searched across every article of the library.

Why apart from :mod:`reader.core.store.anchoring`: Lede's own highlights know their
article and offsets, so anchoring starts at home and trusts a quote found elsewhere
only when it is long or well surrounded. A quote from Hypothesis or another W3C tool
knows neither: it was taken from the live web page, whose text differs from the scraped
dump in small ways (curly or straight quotes, line breaks, doubled spaces). So here
the quote and its prefix/suffix are compared with whitespace collapsed and quotes
straightened, every occurrence in every article is a candidate, and ties are broken
by the surroundings first, then by the page the annotation names (its URL or title).
What has no verbatim match may still land approximately (the same thresholds as
re-anchoring); what does not land at all is kept by the caller as an orphan.

Page notes (annotations of a whole page) are given to the article the page is, found
by URL or title; when none or several match, the caller reports why.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from reader.core.store.anchoring import Corpus, Placement, similarity

#: Curly and other typographic quotes, each to its straight form (one character to one,
#: so offsets survive; whitespace runs are what change length, see :func:`_offsets`).
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)
_SPACE = re.compile(r"\s+")
#: Occurrences of one quote looked at, at most (a quote such as "he said" is everywhere).
_MAX_CANDIDATES = 2000
#: An article title shorter than this is too generic to recognise inside a page's title.
_MIN_TITLE_PART = 12


def normalise(text: str) -> str:
    """Whitespace runs as one space, curly quotes straight: how a web page and a dump compare."""
    return _SPACE.sub(" ", text.translate(_QUOTES))


def _offsets(text: str) -> list[int]:
    """For each character of ``normalise(text)``, its offset in ``text`` (plus one for the end)."""
    out: list[int] = []
    pos = 0
    for m in _SPACE.finditer(text):
        out.extend(range(pos, m.start()))
        out.append(m.start())
        pos = m.end()
    out.extend(range(pos, len(text)))
    out.append(len(text))
    return out


def _back(text: str, start: int, end: int) -> tuple[int, int]:
    """A span of ``normalise(text)`` as a span of ``text`` (the quote never ends on a space)."""
    offsets = _offsets(text)
    return offsets[start], offsets[end - 1] + 1


def find_normalised(text: str, needle: str) -> tuple[int, int] | None:
    """The first span of ``text`` that reads as ``needle`` once both are normalised."""
    wanted = normalise(needle).strip()
    if not wanted:
        return None
    pos = normalise(text).find(wanted)
    return None if pos < 0 else _back(text, pos, pos + len(wanted))


def _context(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """How well the normalised surroundings match the given prefix and suffix (0–1).

    Unlike :func:`anchoring.context_score`, a missing prefix or suffix says nothing
    (another tool may simply not record them), so only the sides given are compared.
    """
    sides = []
    if prefix.strip():
        sides.append(similarity(prefix, text[max(0, start - len(prefix)) : start]))
    if suffix.strip():
        sides.append(similarity(suffix, text[end : end + len(suffix)]))
    return sum(sides) / len(sides) if sides else 0.0


def _url_key(url: str) -> str:
    """A URL compared without scheme, ``www.``, query, fragment or trailing slash."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" if host else ""


def _title_key(title: str) -> str:
    return normalise(title).strip().casefold()


class QuoteFinder:
    """Every article's text, normalised once, to place many quotes from one file.

    ``pages`` gives each article's ``(title, url)``; its order is the reading order,
    which breaks the last ties (the first article wins).
    """

    def __init__(self, articles: Mapping[str, str], pages: Mapping[str, tuple[str, str]]) -> None:
        self._articles = articles
        self._pages = pages
        self._ids = [aid for aid in pages if aid in articles] + [aid for aid in articles if aid not in pages]
        self._norm = [normalise(articles[aid]) for aid in self._ids]
        self._corpus: Corpus | None = None  # for approximate matches, built on first need
        self._starts: list[int] = []
        pos = 0
        for text in self._norm:
            self._starts.append(pos)
            pos += len(text) + 1
        self._joined = "\0".join(self._norm)

    def _page_match(self, index: int, title: str, uri: str) -> int:
        """2 when the article is at the annotation's URL, 1 when its title matches, else 0."""
        art_title, art_url = self._pages.get(self._ids[index], ("", ""))
        if uri and art_url and _url_key(uri) and _url_key(uri) == _url_key(art_url):
            return 2
        page, own = _title_key(title), _title_key(art_title)
        if not page or not own:
            return 0
        if page == own or (len(own) >= _MIN_TITLE_PART and own in page):
            return 1  # a page's title often adds the site: "… - BBC News"
        return 1 if len(page) >= _MIN_TITLE_PART and page in own else 0

    def place(
        self, exact: str, prefix: str, suffix: str, title: str, uri: str
    ) -> tuple[str, Placement] | None:
        """The article and span of the quote, or None when it is nowhere (an orphan)."""
        wanted = normalise(exact).strip()
        if not wanted:
            return None
        before, after = normalise(prefix), normalise(suffix)
        best: tuple[float, int, int, int] | None = None  # (context, page match, -index, -start)
        pos = self._joined.find(wanted)
        seen = 0
        while pos != -1 and seen < _MAX_CANDIDATES:
            seen += 1
            index = bisect.bisect_right(self._starts, pos) - 1
            local = pos - self._starts[index]
            ctx = round(_context(self._norm[index], local, local + len(wanted), before, after), 6)
            key = (ctx, self._page_match(index, title, uri), -index, -local)
            if best is None or key > best:
                best = key
            pos = self._joined.find(wanted, pos + 1)
        if best is not None:
            ctx, index, local = best[0], -best[2], -best[3]
            aid = self._ids[index]
            start, end = _back(self._articles[aid], local, local + len(wanted))
            return aid, Placement(start, end, 0.75 + 0.25 * ctx, ctx)
        if self._corpus is None:
            self._corpus = Corpus(dict(zip(self._ids, self._norm, strict=True)))
        fuzzy = self._corpus.find_fuzzy(wanted, before, after)
        if fuzzy is None:
            return None
        aid, placed = fuzzy
        start, end = _back(self._articles[aid], placed.start, placed.end)
        return aid, Placement(start, end, placed.score, placed.context)

    def identify(self, title: str, uri: str) -> tuple[str | None, str]:
        """The article a page note is about, or None and why none could be chosen."""
        for level, what in ((2, f"at {uri}"), (1, f"titled “{title}”")):
            found = [self._ids[i] for i in range(len(self._ids)) if self._page_match(i, title, uri) == level]
            if len(found) == 1:
                return found[0], ""
            if len(found) > 1:
                return None, f"{len(found)} articles are {what}"
        named = " or ".join(
            x for x in (f"at {uri}" if uri else "", f"titled “{title}”" if title else "") if x
        )
        return None, f"no article of this library is {named or 'named by it'}"
