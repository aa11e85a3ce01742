"""Where a name's span ends: the words at either end of a span the model drew that belong to
the name and those that do not.

The small model draws spans loosely: "a European Community", "her State Department",
"Christie from office", a title after an organisation ("United Nations Special Rapporteur"),
an ordinal before it ("116th Congress"). These helpers decide, from word shapes and the tables
in orgs.json and words.json only, what ``entities._clean`` cuts: lower-case words and (for a
legislature) ordinals at the ends, a title at the end unless it is part of the name
("Department of Justice"), and the line breaks and unpaired parentheses no name runs across.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .orgs import ORG_WORDS

__all__ = ["TRAIL_PUNCT", "TRIMMED", "numbered_body", "role_cut", "span_pieces", "trim_lowercase"]

TRAIL_PUNCT = ".,;:!?)]}>/\"'\u201d\u2019\u2018\u201c-–—"  # never the end of a name
_WORDS: dict[str, list[str]] = json.loads(Path(__file__).with_name("words.json").read_text("utf-8"))


def role_cut(span: str, match: re.Match[str]) -> int:
    """Where a title at the end of an organisation's span starts, or 0 when the title word is
    part of the name: the object of "Department of Justice", or an organisation head the title
    pattern took for a qualifier ("Intelligence Committee Chairman" keeps "Committee")."""
    words = span[: match.start()].split()
    if words and words[-1].lower() in _OBJECT_CONNECTORS:
        return 0
    role = span[match.start() :].split()
    if len(role) >= 2 and role[0] in _INSTITUTION_HEADS:
        return match.start() + span[match.start() :].index(role[1])
    return match.start()


_OBJECT_CONNECTORS = frozenset({"of", "for", "the", "and", "&", "on"})
# Heads that name an institution ("Committee"), not a word a title can open ("Press Secretary").
_INSTITUTION_HEADS = frozenset(ORG_WORDS["short_heads"])


_LEGISLATURES = frozenset(ORG_WORDS["bodies"])


def numbered_body(text: str, start: int, end: int) -> bool:
    """Whether an ordinal before an organisation only counts a body that is named without it
    (a legislature: "116th Congress" is Congress); a unit or a court keeps its number ("82nd Airborne
    Division", "9th Circuit")."""
    words = [w for w in text[start:end].split() if not _droppable(w, False)]
    return len(words) >= 2 and words[-1] in _LEGISLATURES  # "the 116th U.S. Congress"


def trim_lowercase(text: str, start: int, end: int, ordinals: bool) -> tuple[int, int]:
    """Drop the lower-case words and ordinals at either end of a name: "a European Community",
    "her State Department", "116th Congress", "Christie from office", "Banque Industrielle et".

    Name particles ("al Qaeda", "de Gaulle") and words with a capital inside ("iPhone") stay.
    """
    words = [(m.start(), m.end()) for m in _SPACE_WORD.finditer(text, start, end)]
    lo, hi = 0, len(words)
    while lo < hi - 1 and _droppable(text[words[lo][0] : words[lo][1]], ordinals):
        lo += 1
    while hi > lo + 1 and _droppable(text[words[hi - 1][0] : words[hi - 1][1]], False):
        hi -= 1
    if hi < len(words):  # "Backlog 1.9 billion": a number left at the end went with the dropped word
        while hi > lo + 1 and _NUMBER.fullmatch(text[words[hi - 1][0] : words[hi - 1][1]]):
            hi -= 1
    if (lo, hi) == (0, len(words)):
        return start, end
    new_start, new_end = words[lo][0], words[hi - 1][1]
    while new_end > new_start and text[new_end - 1] in TRAIL_PUNCT and text[new_end - 1] != ".":
        new_end -= 1
    return new_start, new_end


def _droppable(word: str, ordinals: bool) -> bool:
    if _ORDINAL.fullmatch(word):
        return ordinals
    if any(c.isupper() or c.isdigit() for c in word) or word.lower() in _PARTICLES:
        return False
    return word[:1].isalpha()


_SPACE_WORD = re.compile(r"\S+")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
_NUMBER = re.compile(r"[\d.,%$-]+")
# Titles of works, laws and events keep their lower-case words ("Kiss from a Rose").
TRIMMED = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
_PARTICLES = frozenset(_WORDS["name_particles"])


def span_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut at each line break and at an unpaired parenthesis: no name runs from one
    paragraph into the next ("Trump Jr." at a line's end and "Clinton" opening the next were one
    person to the model) or out of an aside ("Washington (CNN)Donald Trump" gave "CNN)Donald Trump").
    """
    cuts: list[int] = []
    at = text.find("\n", start, end)
    while at >= 0:
        cuts.append(at)
        at = text.find("\n", at + 1, end)
    if "(" in text[start:end] or ")" in text[start:end]:
        cuts.extend(_unpaired_parens(text, start, end))
        cuts.sort()
    if not cuts:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    for cut in cuts:
        pieces.append((start, cut))
        start = cut + 1
    pieces.append((start, end))
    # "(CNN)On the campaign …": a piece that is one word opening a sentence is no name
    return [(a, b) for a, b in pieces if b > a and text[a:b].strip() not in _OPENERS]


_OPENERS = frozenset(ORG_WORDS["openers"])


def _unpaired_parens(text: str, start: int, end: int) -> list[int]:
    """Where the parentheses in text[start:end] that have no partner inside it stand."""
    opened: list[int] = []
    unpaired: list[int] = []
    for i in range(start, end):
        if text[i] == "(":
            opened.append(i)
        elif text[i] == ")":
            if opened:
                opened.pop()
            else:
                unpaired.append(i)
    return unpaired + opened
