"""Names whose own form says what kind of thing they are, whatever the model typed them.

A web domain is an organisation, never a place ("Yahoo.com"); a storm or a numbered flight is an
event ("Tropical Storm Barry", "Lion Air Flight 610"); a maker's name with a model number is a
product ("Boeing 737 Max"); "Jefferson Parish" and "Fort Lee" are places; an acronym with a
title after it is the organisation the title belongs to ("The E.C. President"); letters after a
person's name are no part of it ("Kama Melly QC"); and a name inside a shouted line ("I WON
THIS ELECTION, BY A LOT!") is no name at all. Each rule reads only the span and the words next
to it, with the small tables of kinds.json, so it holds on news nobody tuned it on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .candidates import Candidate
from .orgs import HEADS
from .people import KINDS

__all__ = [
    "drop_sentence_words",
    "drop_shouted",
    "find_domains",
    "kinds_by_form",
    "trim_postnominals",
]


def _alternation(words: list[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


_DOMAIN = re.compile(
    r"(?<![\w@/.-])[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)*\.(?:" + "|".join(KINDS["domain_endings"]) + r")"
    r"(?:\.[a-z]{2})?(?![\w@/-]|\.[a-z])"
)
# What a domain ends with: searched first, because most articles name none (the full pattern tries
# every word of the text).
_DOMAIN_END = re.compile(r"[\w-]\.(?:" + "|".join(KINDS["domain_endings"]) + r")(?![\w-])")
_STORM_ANY = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted({w.split()[-1] for w in KINDS["storm_words"]})) + r")\s"
)
_POSTNOMINAL = re.compile(r",?[ \t]+(?:" + _alternation(KINDS["postnominals"]) + r")$")
_PLACE_HEADS = frozenset(KINDS["place_heads"])
_PLACE_PREFIXES = frozenset(KINDS["place_prefixes"])
_STORM_BEFORE = re.compile(r"(?<![\w-])(?:" + _alternation(KINDS["storm_words"]) + r")[ \t]+$")
# A storm's name is one word after the storm words: "Hurricane Katrina", not "Storm Prediction Center".
_STORM_INSIDE = re.compile(r"^(?:" + _alternation(KINDS["storm_words"]) + r")[ \t]+[A-Z][a-z]+$")
_FLIGHT = re.compile(r"\bFlight\s+\d{1,5}$")
# "737 Max", "A320": a model number, never a year.
_MODEL_AFTER = re.compile(r"[ \t]+((?:[A-Z]{1,2}-?)?\d{3}(?:-\d{1,3})?[A-Za-z]?)(?![\w-])")
_ACRONYM = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,6}")
_TITLE_AFTER = re.compile(r"[ \t]+(?:" + _alternation(KINDS["title_after"]) + r")(?![\w-])")
_CAPS_FUNCTION = frozenset(KINDS["caps_function_words"])
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
_NAMED = frozenset({"PERSON", "PRODUCT", "WORK_OF_ART"})


def trim_postnominals(cands: list[Candidate]) -> None:
    """Cut the honours and degrees after a person's name ("Kama Melly QC" is Kama Melly), in place."""
    for cand in cands:
        if cand.type not in ("PERSON", "ORG") or " " not in cand.core:
            continue
        match = _POSTNOMINAL.search(cand.core)
        if match is None or match.start() == 0:
            continue
        cut = len(cand.core) - match.start()
        cand.core = cand.core[: match.start()]
        cand.end -= cut


def kinds_by_form(
    text: str,
    cands: list[Candidate],
    is_place: Callable[[str], bool],
    is_country: Callable[[str], bool],
) -> list[Candidate]:
    """Retype the names whose form says their kind; join a storm's or a product's name whole.

    Input and output are sorted by start.
    """
    out: list[Candidate] = []
    skip_to = -1
    storms = _STORM_ANY.search(text) is not None
    for index, cand in enumerate(cands):
        if cand.start < skip_to:
            continue
        core = cand.core
        words = core.split()
        if _DOMAIN.fullmatch(core):
            cand.type, cand.forced = "ORG", True
        elif _FLIGHT.search(core) and len(words) >= 3:
            cand.type, cand.forced = "EVENT", True
        elif storms and len(words) <= 3 and (storm := _storm(text, cand)) is not None:
            cand = storm
        elif cand.type == "ORG" and (model := _MODEL_AFTER.match(text, cand.end)):
            end = model.end(1)
            nxt = cands[index + 1] if index + 1 < len(cands) else None
            if nxt is not None and nxt.start == end + 1 and " " not in nxt.core and nxt.type != "ORG":
                end = nxt.end  # "Boeing 737 Max": the model's name the model took for a person
            skip_to = end
            cand = Candidate(
                cand.start, end, " ".join(text[cand.start : end].split()), "PRODUCT", forced=True
            )
        elif cand.type == "PERSON" and " " not in core and _model_before(text, cand.start):
            cand.start = text.rfind(" ", 0, cand.start - 1) + 1  # "the 737 Max"
            cand.core = text[cand.start : cand.end]
            cand.type, cand.forced = "PRODUCT", True
        elif not cand.forced and len(words) >= 2 and cand.type in _NAMED and _place_form(words):
            cand.type, cand.forced = ("GPE" if words[-1] in _PLACE_HEADS else "LOC"), True
        elif _acronym_with_title(text, cand) and not is_country(core) and not is_place(core):
            cand.type, cand.forced = "ORG", True
        out.append(cand)
    return sorted(out, key=lambda c: (c.start, -c.end))


def _acronym_with_title(text: str, cand: Candidate) -> bool:
    """ "The E.C. President": an acronym the model took for a place or a person, a title after it."""
    return (
        cand.type in ("GPE", "LOC", "NORP", "PERSON")
        and _ACRONYM.fullmatch(cand.core) is not None
        and _TITLE_AFTER.match(text, cand.end) is not None
    )


def _storm(text: str, cand: Candidate) -> Candidate | None:
    """The storm named by a span, its storm words before it or inside it ("Tropical Storm Barry")."""
    if cand.core.split()[-1] in HEADS:
        return None
    window = max(0, cand.start - 30)
    for match in _STORM_BEFORE.finditer(text, window, cand.start):
        named = " ".join(text[match.start() : cand.end].split())
        if _STORM_INSIDE.match(named):
            return Candidate(match.start(), cand.end, named, "EVENT", forced=True)
    if _STORM_INSIDE.match(cand.core):
        before = text[window : cand.start]
        lead = re.search(r"(?:Tropical|Super|Winter)[ \t]+$", before)
        start = cand.start - (len(before) - lead.start()) if lead else cand.start
        return Candidate(start, cand.end, " ".join(text[start : cand.end].split()), "EVENT", forced=True)
    return None


def _model_before(text: str, start: int) -> bool:
    gap = text.rfind(" ", 0, start - 1)
    return (
        start >= 2
        and text[start - 1] == " "
        and re.fullmatch(r"[A-Z]?\d{3}", text[gap + 1 : start - 1]) is not None
    )


def _place_form(words: list[str]) -> bool:
    """ "Jefferson Parish", "Fort Lee": a place head last or a place prefix first, no organisation head."""
    if any(w in HEADS for w in words):
        return False
    return words[-1] in _PLACE_HEADS or (words[0] in _PLACE_PREFIXES and words[1][:1].isupper())


def find_domains(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Add the web domains named as organisations that the model missed ("UOL.com.br").

    Only a capitalised domain counts: "Yahoo.com" is a name in running text, "example.com" an
    address (contacts.py finds addresses given with "www." or a scheme).
    """
    if _DOMAIN_END.search(text) is None:
        return cands
    added: list[Candidate] = []
    for match in _DOMAIN.finditer(text):
        if not match.group()[:1].isupper():
            continue
        start, end = match.span()
        if any(c.start < end and start < c.end for c in cands):
            continue
        added.append(Candidate(start, end, match.group(), "ORG", forced=True))
    if not added:
        return cands
    return sorted(cands + added, key=lambda c: (c.start, -c.end))


def drop_shouted(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Leave out the names found inside a line of capitals that is a sentence, not a list of
    acronyms: "I WON THIS ELECTION, BY A LOT!" holds function words ("THIS", "BY", "A")."""
    out: list[Candidate] = []
    for cand in cands:
        if not cand.core.isupper() or not _shouted(text, cand.start, cand.end):
            out.append(cand)
    return out


def drop_sentence_words(
    text: str, cands: list[Candidate], sentence_starts: frozenset[int]
) -> list[Candidate]:
    """Leave out a one-word name that is capitalised only where a sentence opens and written in
    lower case elsewhere in the article: a common word ("Collagen is a type of protein", "Bank
    debt accounts for …"), not a name, whatever the model typed it."""
    out: list[Candidate] = []
    for cand in cands:
        core = cand.core
        if (
            cand.forced
            or cand.honorific
            or not (core.isalpha() and core[:1].isupper() and core[1:].islower())
            or core in HEADS  # "Parliament is to remain out of session": a body, named by its head
            or not _opens_sentence(text, cand.start, sentence_starts)
            or not _lower_elsewhere(text, core, sentence_starts)
        ):
            out.append(cand)
    return out


def _opens_sentence(text: str, start: int, sentence_starts: frozenset[int]) -> bool:
    return start == 0 or start in sentence_starts or text[start - 1] == "\n"


def _lower_elsewhere(text: str, word: str, sentence_starts: frozenset[int]) -> bool:
    """Whether ``word`` appears in lower case in the text and never capitalised inside a sentence
    (found with str.find: a pattern per word would evict the module patterns from re's cache)."""
    if not any(True for _ in _word_at(text, word.lower())):
        return False
    return all(_opens_sentence(text, at, sentence_starts) for at in _word_at(text, word))


def _word_at(text: str, word: str) -> Iterator[int]:
    """Where ``word`` stands as a whole word (not inside a word or a hyphenated one)."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not (at and (text[at - 1].isalnum() or text[at - 1] in "_-")) and not (
            end < len(text) and (text[end].isalnum() or text[end] in "_-")
        ):
            yield at
        at = text.find(word, at + 1)


def shouted(text: str, start: int, end: int) -> bool:
    """Whether the span sits in a run of at least four words in capitals, one a function word."""
    return _shouted(text, start, end)


def _shouted(text: str, start: int, end: int) -> bool:
    """Whether the span sits in a run of at least four words in capitals, one a function word."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    words = [
        (m.start(), m.group())
        for m in _WORD.finditer(text, max(line_start, start - 80), min(line_end, end + 80))
    ]
    inside = [i for i, (at, _w) in enumerate(words) if start <= at < end]
    if not inside:
        return False
    lo, hi = inside[0], inside[-1]
    while lo > 0 and words[lo - 1][1].isupper():
        lo -= 1
    while hi + 1 < len(words) and words[hi + 1][1].isupper():
        hi += 1
    run = [w for _at, w in words[lo : hi + 1]]
    outside = [w for i, (_at, w) in enumerate(words[lo : hi + 1], lo) if i not in inside]
    return len(run) >= 4 and any(w in _CAPS_FUNCTION for w in outside)
