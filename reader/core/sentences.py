"""Regex sentence splitting, so quotes and figures never need spaCy's parser.

The NER pipeline runs with every other component disabled (it is twice as fast);
quotes and figures only need sentence boundaries, which a few rules give well
enough for news prose: a paragraph break always ends a sentence, and ``.``/``!``/``?``
(optionally followed by closing quotes or brackets) ends one when the next word
starts with a capital, digit or opening quote, unless the full stop belongs to a
known abbreviation ("Mr.", "U.S.") or an initial ("Joseph R. Biden").
"""

from __future__ import annotations

import re

__all__ = ["sentence_spans", "sentence_at"]

_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "sen",
        "rep",
        "gov",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "maj",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "vs",
        "etc",
        "no",
        "nos",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "rev",
        "hon",
        "est",
        "approx",
        "dept",
        "univ",
        "u.s",
        "u.k",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
    }
)

_END = re.compile(r"[.!?…]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in ``text``, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for paragraph in text.split("\n"):
        base = pos
        pos += len(paragraph) + 1
        start = 0
        for match in _END.finditer(paragraph):
            if match.group().startswith(".") and _is_abbreviation(paragraph, match.start()):
                continue
            _add(spans, paragraph, base, start, match.end())
            start = match.end()
        _add(spans, paragraph, base, start, len(paragraph))
    return spans


def sentence_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The sentence span containing ``offset`` (binary search over ``sentence_spans``)."""
    lo, hi = 0, len(spans) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        start, end = spans[mid]
        if offset < start:
            hi = mid - 1
        elif offset >= end:
            lo = mid + 1
        else:
            return spans[mid]
    return (offset, offset)


def _is_abbreviation(paragraph: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation or an initial, not a sentence."""
    word_start = dot
    while word_start > 0 and (paragraph[word_start - 1].isalpha() or paragraph[word_start - 1] == "."):
        word_start -= 1
    word = paragraph[word_start:dot].lower()
    if not word:
        return False
    if word in _ABBREVIATIONS:
        return True
    # A single capital letter ("R.") is an initial; "U.S." style dotted capitals too.
    return len(word) == 1 and paragraph[word_start].isupper()


def _add(spans: list[tuple[int, int]], paragraph: str, base: int, start: int, end: int) -> None:
    while start < end and paragraph[start].isspace():
        start += 1
    while end > start and paragraph[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((base + start, base + end))
