"""People the small model types as organisations or places, read from the words news puts
around a person.

News introduces a person in a few fixed ways: a lower-case noun for what they are right before
the name ("opposition candidate Sviatlana Tsikhanouskaya", "officers Antoine Quirin"), an
apposition after it (", an opposition candidate for …", ", 45, …") or a family tie ("wife of
Valery Tsapkala"). Organisations are never introduced so, and a place only rarely, so each cue
is a strong one; it still yields to stronger evidence: a country or place from the gazetteer,
an organisation's own head word ("… Party"), or a type another cue already forced. The nouns
live in kinds.json beside this module, so no particular name is ever listed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from .candidates import Candidate, list_members
from .orgs import HEADS, ORG_WORDS, org_by_name, plural_team

__all__ = ["KINDS", "people_by_context", "split_person_pairs"]

# The word tables of kinds.json, read once; name_kinds uses them too.
KINDS: dict[str, list[str]] = json.loads(Path(__file__).with_name("kinds.json").read_text("utf-8"))


def _alternation(words: list[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


_NOUNS = _alternation(KINDS["person_nouns"])
# "candidate Sviatlana Tsikhanouskaya": the noun right before the name, lower case (a capitalised
# word there is a title, which entities.py reads).
_NOUN_BEFORE = re.compile(r"(?<![\w-])(?:" + _NOUNS + r")[ \t]+$")
# "wife of Valery Tsapkala"
_KIN_OF = re.compile(r"(?<![\w-])(?:" + _alternation(KINDS["kin_nouns"]) + r")[ \t]+of[ \t]+$")
# ", an opposition candidate for …", ", a potential presidential candidate who …": the person noun
# heads the apposition (what follows it ends the phrase or opens a clause).
_APPOSITION = re.compile(
    r",[ \t]+(?:a|an|the)[ \t]+(?:[\w'’-]+[ \t]+){0,3}?(?:" + _NOUNS + r")"
    r"(?=[ \t]*[,.;:)]|[ \t]+(?:who|whose|for|of|at|with|from|in|and|on)(?![\w-]))"
)
# ", 45, " or ", 40 and 49, ": an age after a name.
_AGE = re.compile(r",[ \t]+\d{1,2}(?:[ \t]+and[ \t]+\d{1,2})?[ \t]*,")
_WHO_AFTER = re.compile(r",[ \t]+who(?![\w-])")
# "the Pacers, who", "Democrats on Capitol Hill, who": "who" is for the group or the people there.
_NOT_WHO_BEFORE = re.compile(r"(?<![\w-])(?:the|on|in|at|from|across|around)[ \t]+$", re.IGNORECASE)
_PLACE_HEADS = frozenset(KINDS["place_heads"])
# "Trump's White House, who": a building or an institution's word names no person.
_INSTITUTION_WORDS = frozenset(ORG_WORDS["of_heads"]) | frozenset(ORG_WORDS["fac_heads"])
_RETYPED = frozenset({"ORG", "GPE", "LOC", "PRODUCT", "WORK_OF_ART", "FAC"})
# "the billionaire Dallas Mavericks owner": a person noun after the name makes it a modifier.
_NOUN_AFTER = re.compile(r"[ \t]+(?:" + _NOUNS + r")(?![\w-])")
_NAME_WORD = re.compile(r"[A-Z][\w’'.-]*")


def people_by_context(
    text: str,
    cands: list[Candidate],
    is_place: Callable[[str], bool],
    is_demonym: Callable[[str], bool],
) -> None:
    """Retype (in place) the names their neighbours show to be people.

    A name is retyped only when every word of it is capitalised, it is not in capitals, no word
    is an organisation head, and it is neither a place the gazetteer knows nor a nationality.
    """
    for index, cand in enumerate(cands):
        if cand.type not in _RETYPED or cand.forced or cand.honorific:
            continue
        core = cand.core
        words = core.split()
        if not 1 <= len(words) <= 4 or not all(_NAME_WORD.fullmatch(w) for w in words):
            continue
        if core.isupper() or any(w in HEADS for w in words) or org_by_name(core):
            continue
        if is_place(core) or is_demonym(core):
            continue
        if _person_cue(text, cand, cands, index):
            cand.type = "PERSON"
            cand.forced = True


def _person_cue(text: str, cand: Candidate, cands: list[Candidate], index: int) -> bool:
    before = text[max(0, cand.start - 40) : cand.start]
    if (_NOUN_BEFORE.search(before) or _KIN_OF.search(before)) and not _NOUN_AFTER.match(text, cand.end):
        return True
    after = text[cand.end : cand.end + 90]
    if _APPOSITION.match(after):
        return True
    if " " not in cand.core:
        return False  # "Paris, 12, …" is a list or a score more often than an age
    if _WHO_AFTER.match(after) and _who_person(cand.core, before):
        return True  # "Lester Holt, who will moderate": a group named in the singular takes "which"
    if _AGE.match(after) or _in_person_list(text, cands, index):
        return True
    # "Antoine Quirin and Nicolas Redouane, 40 and 49": the age follows the second of a pair.
    nxt = cands[index + 1] if index + 1 < len(cands) else None
    return (
        nxt is not None
        and re.fullmatch(r"[ \t]+and[ \t]+", text[cand.end : nxt.start]) is not None
        and _AGE.match(text, nxt.end) is not None
        and re.search(r"\d[ \t]+and[ \t]+\d", text[nxt.end : nxt.end + 20]) is not None
    )


# A gap inside a comma list of names: "Megan Jones, Lindsey Jydstrup, Adam Khan".
_LIST_GAP = re.compile(r",[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+")


def _in_person_list(text: str, cands: list[Candidate], index: int) -> bool:
    """A name of two words or more in a comma list of at least three names whose every other
    member is a person: news lists staff, victims and delegates so, and a body listed among them
    would be a body's name (which the caller has ruled out by its words)."""
    others = list_members(text, cands, index, _LIST_GAP)
    return len(others) >= 2 and all(c.type == "PERSON" and " " in c.core for c in others)


def _who_person(core: str, before: str) -> bool:
    """Whether ", who" after a name of two words or more says it is a person: not a group in the
    plural, not a place, a building or an institution ("White House"), not one a preposition of
    place puts the people in, no owner inside."""
    words = core.split()
    return not (
        plural_team(words[-1])
        or any(w in _PLACE_HEADS or w in _INSTITUTION_WORDS for w in words)
        or "'" in core
        or "’" in core
        or _NOT_WHO_BEFORE.search(before)
    )


_PAIR = re.compile(r"([A-Z][\w’'-]+)[ \t]+and[ \t]+([A-Z][\w’'-]+)")


def split_person_pairs(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Split "Kelly and Baroni" into two people when the article named each in full as a person.

    The model reads two surnames joined by "and" as one organisation; a firm named after its
    founders ("Marks and Spencer") stays whole because nobody in the article is called Marks.
    """
    surnames: set[str] = set()
    for cand in cands:
        words = cand.core.split()
        if cand.type == "PERSON" and len(words) >= 2:
            surnames.add(words[-1])
    if not surnames:
        return cands
    out: list[Candidate] = []
    for cand in cands:
        match = _PAIR.fullmatch(cand.core)
        if cand.type == "PERSON" or match is None or not {match.group(1), match.group(2)} <= surnames:
            out.append(cand)
            continue
        first = text.find(match.group(1), cand.start, cand.end)
        second = text.rfind(match.group(2), cand.start, cand.end)
        if first < 0 or second < 0:
            out.append(cand)
            continue
        out.append(Candidate(first, first + len(match.group(1)), match.group(1), "PERSON", forced=True))
        out.append(Candidate(second, second + len(match.group(2)), match.group(2), "PERSON", forced=True))
    return out


# "spokesperson Barend Leyts" where the model found only "Leyts": a capitalised word between a
# person noun and a one-word person is the first name.
_FIRST_NAME = re.compile(r"(?<![\w-])(?:" + _NOUNS + r")[ \t]+([A-Z][a-z\u00e0-\u024f]{2,})[ \t]+$")


def join_first_names(text: str, cands: list[Candidate], is_stop: Callable[[str], bool]) -> None:
    """Extend (in place) a one-word person back over the first name the model left out, when a
    person noun stands before it; ``is_stop`` says a word is never part of a name (a title, a
    month, a place)."""
    for cand in cands:
        if cand.type != "PERSON" or " " in cand.core or cand.honorific or cand.role:
            continue
        match = _FIRST_NAME.search(text, max(0, cand.start - 60), cand.start)
        if match is None or is_stop(match.group(1)):
            continue
        cand.start = match.start(1)
        cand.core = f"{match.group(1)} {cand.core}"
