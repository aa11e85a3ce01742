"""Where a word or a search's terms occur in an article's text: find-in-article and F3 marks.

Kept apart from the reader pane (which only marks and steps through the spans) so the
matching rules can be read and tested without a widget.
"""

from __future__ import annotations

import re

__all__ = ["needle_spans", "term_spans"]


def needle_spans(text: str, needle: str, *, case: bool = False, whole: bool = False) -> list[tuple[int, int]]:
    """(start, end) of every match of ``needle`` taken literally; ``whole``: whole words only."""
    pattern = re.escape(needle)
    if whole:
        pattern = rf"\b{pattern}\b"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, 0 if case else re.IGNORECASE)]


def term_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Words starting with any of a library search's terms, so "ceasefire" marks "ceasefires" too."""
    ordered = sorted(terms, key=len, reverse=True)
    pattern = r"\b(?:" + "|".join(re.escape(t) for t in ordered) + r")\w*"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]
