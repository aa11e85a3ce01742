"""Paragraph units: kept lines grouped into paragraphs, with the headline-like lines above each.

The segmenter decides between paragraphs, never inside one; a headline-like
line (short, no sentence punctuation) waits and is attached to the paragraph
below it, so a kept headline can start the article it names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from reader.core.ingest.clean import KeptLine


@dataclass
class Unit:
    """A paragraph, with the headline-like lines found just above it."""

    line: int
    text: str
    headings: list[KeptLine] = field(default_factory=list)
    clutter_before: bool = False
    date_before: str | None = None


HEADLINE_WORDS = 24
_SENTENCE_PUNCT = re.compile(r"[.!…][”’\"')\]]*$")
_QUOTE_END = re.compile(r"[”’\"']$")
_OPEN_QUOTES = "\"“‘'«"
# A quotation signed with a dash and a name ("“…” — Hillary Clinton"): a pull quote or the claim a
# fact check weighs, set apart inside a story. No headline in the corpora has this shape (0 of 3,292).
_SIGNED_QUOTE = re.compile(r"[”’\"'»],?\s*[—–-]{1,2}\s*[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}$")


def is_headline(k: KeptLine) -> bool:
    """A line shaped like a headline: a few words, no closing full stop, capital, digit or quote start.

    Headlines run longer than video captions ("X to do Y; Z discuss W with
    reporters"), so the word limit is looser than :func:`is_caption_like`'s.
    Headlines may ask a question ("Who has the upper hand on terrorism?") or
    open with a quoted phrase ("'West Wing' cast to campaign"), but a line
    that is wholly a quotation, or a quotation signed "— Name" (a pull quote),
    is speech, not a headline. Wire headlines may open with a company mark
    ("<Cofab Inc> Buys Gulfex").
    """
    s = k.text.strip()
    n = len(s.split())
    if not 3 <= n <= HEADLINE_WORDS or len(s) > 200 or s.endswith(":") or _SENTENCE_PUNCT.search(s):
        return False
    first = s[:1]
    if first in _OPEN_QUOTES:
        return (
            not _QUOTE_END.search(s)
            and not _SIGNED_QUOTE.search(s)
            and (s[1:2].isupper() or s[1:2].isdigit())
            and _closes(s)
        )
    if s.endswith("?") and n > 16:
        return False
    return first.isupper() or first.isdigit() or (first == "<" and s[1:2].isupper())


def _closes(s: str) -> bool:
    """A quoted phrase at the start closes before the line ends ("'West Wing' cast to ...")."""
    return any(q in s[1:-1] for q in "”’\"'")


def make_units(kept: Iterable[KeptLine]) -> tuple[list[Unit], list[KeptLine]]:
    """Group kept lines into paragraphs, attaching headline-like lines to the paragraph below.

    Returns the units and any headline-like lines left at the very end.
    """
    grouper = UnitGrouper()
    units = [u for u in map(grouper.add, kept) if u is not None]
    return units, grouper.pending


class UnitGrouper:
    """:func:`make_units` one line at a time, for streams: headline-like lines wait in ``pending``."""

    def __init__(self) -> None:
        self.pending: list[KeptLine] = []

    def add(self, k: KeptLine) -> Unit | None:
        """The paragraph ``k`` completes, or None when ``k`` is a headline-like line kept waiting."""
        if k.kind != "para" or is_headline(k):
            self.pending.append(k)
            return None
        pending, self.pending = self.pending, []
        first = pending[0] if pending else k
        return Unit(
            k.line, k.text, pending, first.clutter_before or k.clutter_before, _first_date(pending, k)
        )


def _first_date(pending: list[KeptLine], k: KeptLine) -> str | None:
    for item in [*pending, k]:
        if item.date_before:
            return item.date_before
    return None
