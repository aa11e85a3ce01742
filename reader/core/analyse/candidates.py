"""The values entity repair passes between its steps: a candidate mention and an acronym definition.

Their own module so that the rule modules (entities, names) can share them without importing
each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

__all__ = ["Acronym", "Candidate", "list_members"]


@dataclass
class Candidate:
    """One entity mention in an article while it is being repaired.

    ``start``/``end`` cover what is highlighted (an honorific such as "Mr" included);
    ``core`` is the name without honorific, "the" or possessive, used for aliasing.
    ``forced`` marks a type decided by strong evidence (gazetteer, title cue) that
    document-level voting must not overturn.
    """

    start: int
    end: int
    core: str
    type: str
    role: str | None = None
    forced: bool = False
    honorific: bool = False


@dataclass(frozen=True)
class Acronym:
    """An acronym defined in the text: "Israel Defence Forces (IDF)".

    ``proper`` is true when the expansion is itself a name (every content word
    capitalised); then the expansion is canonical, else the acronym is
    ("UN refugee agency (UNHCR)" → UNHCR).
    """

    acronym: str
    expansion: str
    proper: bool


class _Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Span)


def first_of_overlaps(spans: Iterable[S]) -> list[S]:
    """Keep the first span where spans overlap (given sorted by start, then longest first):
    the one rule both name candidates and contact details are resolved by."""
    kept: list[S] = []
    last_end = -1
    for span in spans:
        if span.start >= last_end:
            kept.append(span)
            last_end = span.end
    return kept


def list_members(text: str, cands: Sequence[Candidate], index: int, gap: re.Pattern[str]) -> list[Candidate]:
    """The other names of the list ``cands[index]`` stands in: its neighbours on either side,
    each joined to the next by exactly ``gap`` (a comma, "and"), which is how news lists
    people or bodies ("Apple, Microsoft, Cisco and eBay"). Rules ask what the others are."""
    others: list[Candidate] = []
    for step in (-1, 1):
        at = index
        while 0 <= at + step < len(cands):
            left, right = (cands[at + step], cands[at]) if step < 0 else (cands[at], cands[at + step])
            if gap.fullmatch(text, left.end, right.start) is None:
                break
            at += step
            others.append(cands[at])
    return others
