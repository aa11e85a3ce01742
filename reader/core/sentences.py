"""Sentence spans for the sentence-level reading focus (pure Python, no Qt)."""

from __future__ import annotations

import re

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) and
# whitespace, unless the dot belongs to a common abbreviation such as "Mr." or "U.S.".
_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Lt|Sgt|Rep|Sen|Gov|Prof|No|vs|etc|e\.g|i\.e)|\b[A-Z])\.$"
)


def sentence_spans(text: str, base: int = 0) -> list[tuple[int, int]]:
    """Half-open spans of the sentences in ``text``, shifted by ``base``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        head = text[start : match.start() + 1]
        if _ABBREV.search(head):
            continue
        end = match.end()
        # trim trailing whitespace from the span
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop > start:
            spans.append((base + start, base + stop))
        start = end
    stop = len(text)
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    if stop > start:
        spans.append((base + start, base + stop))
    return spans
