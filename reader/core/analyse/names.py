"""Whole names: join the pieces the model cut apart, and find the names it never saw.

The small model splits long names at words it reads as boundaries ("Islamic State of
Iraq" | "Levant", "Zine El Abidine" | "Ben Ali") and misses a unit named in quote marks
(the ‘Duvdevan’ unit). A reader sees two entities where there is one, or none where
there is one, so these rules run on one article's candidates before types are made
consistent. Each rule needs strong local evidence (adjacency on one line, a head noun
after the quotes), because a wrong join is worse than a split.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .candidates import Candidate
from .orgs import ORG_WORDS, org_by_name

__all__ = ["find_quoted_units", "join_split_names", "short_forms_follow_people"]

# "X of Y and the Z" continues an organisation's name ("Islamic State of Iraq and the Levant").
_AND_THE = re.compile(r"[ \t]+and(?:[ \t]+the)?[ \t]+")
# A field's or subject's last word: "… and Atmospheric Science" ends a name, it names no person.
_SUBJECT_ENDINGS = tuple(ORG_WORDS["subject_endings"])
# "Court of Appeals" + "for the Third Circuit": one body named in two pieces.
_OF_FOR = re.compile(r"[ \t]+(?:of|for)(?:[ \t]+the)?[ \t]+")
# Groups of countries named by a number: G7, G-20.
_GROUP_OF = re.compile(r"(?<![\w-])G-?(?:7|8|20|77)(?![\w-])")
# A quoted name followed by a noun for a group: the ‘Duvdevan’ unit, the "Golani" brigade.
_QUOTED_UNIT = re.compile(
    r"\b(?:the|a|an|its|their)\s+[‘'\"“]([A-Z][\w-]{1,30}(?:\s[A-Z][\w-]{1,30}){0,3})[’'\"”]\s+"
    r"(unit|units|brigade|battalion|regiment|division|squadron|squad|corps|militia|group|movement|"
    r"faction|network|gang|cartel|team|party|band|club|company|firm|cell|commando)\b"
)
_UNIT_TYPES = {"team": "ORG", "band": "ORG", "club": "ORG"}
# Where a short form after a place preposition is the place, not the person ("in Jordan").
_PLACE_PREP = re.compile(r"(?:\b(?:in|into|from|to|across|of|near|at|toward|towards|via)\s+)$")


def join_split_names(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Join two person spans separated by one space, and an "… of X" organisation with "and the Y".

    Input and output are sorted by start.
    """
    out: list[Candidate] = []
    for cand in cands:
        prev = out[-1] if out else None
        if prev is not None and prev.end < cand.start:
            gap = text[prev.end : cand.start]
            person_pair = prev.type == cand.type == "PERSON" and gap == " " and not prev.core.isupper()
            org_tail = (
                prev.type == "ORG"
                and " of " in prev.core
                and cand.core[:1].isupper()
                and (cand.type != "PERSON" or cand.core.endswith(_SUBJECT_ENDINGS))  # not "… and Ben Wallace"
                and _AND_THE.fullmatch(gap) is not None
                and not org_by_name(cand.core)  # "the Department of Justice and the Ministry of Justice"
            )
            org_pair = prev.type == cand.type == "ORG" and _OF_FOR.fullmatch(gap) is not None
            # "U.S. Congress", "Canadian Parliament": a place or nationality naming whose body it is.
            owned = prev.type in ("GPE", "NORP") and cand.type == "ORG" and gap == " "
            if owned:
                out[-1] = Candidate(
                    prev.start, cand.end, f"{prev.core} {cand.core}", "ORG", forced=cand.forced
                )
                continue
            if person_pair or org_tail or org_pair:
                glue = " " if person_pair else f" {' '.join(gap.split())} "
                out[-1] = Candidate(
                    prev.start,
                    cand.end,
                    f"{prev.core}{glue}{cand.core}",
                    prev.type,
                    role=prev.role or cand.role,
                    forced=prev.forced or cand.forced,
                    honorific=prev.honorific,
                )
                continue
        out.append(cand)
    return out


def find_quoted_units(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Add the names inside quote marks that a group noun follows ("the ‘Duvdevan’ unit"), and
    the country groups the model never tags ("G7", "G-20")."""
    taken = [(c.start, c.end) for c in cands]
    added: list[Candidate] = []
    for match in _GROUP_OF.finditer(text):
        start, end = match.span()
        if not any(a < end and start < b for a, b in taken):
            added.append(Candidate(start, end, match.group(), "ORG", forced=True))
    for match in _QUOTED_UNIT.finditer(text):
        start, end = match.span(1)
        if any(a < end and start < b for a, b in taken):
            continue
        kind = _UNIT_TYPES.get(match.group(2).lower(), "ORG")
        added.append(Candidate(start, end, match.group(1), kind, forced=True))
    return cands + added if added else cands


def short_forms_follow_people(text: str, cands: list[Candidate], is_place: Callable[[str], bool]) -> None:
    """A one-word name that is also a place ("Chad", "Jordan", "Georgia") is the person the
    article introduced when it is that person's first name, last name or the start of the first
    name ("Chad" for Chadwick Boseman), unless it follows a place preposition ("in Jordan")."""
    people: dict[str, str] = {}
    for cand in cands:
        parts = cand.core.split()
        if cand.type != "PERSON" or len(parts) < 2:
            continue
        for part in (parts[0], parts[-1]):
            people.setdefault(part, cand.core)
    if not people:
        return
    for cand in cands:
        core = cand.core
        if " " in core or cand.type == "PERSON" or not is_place(core):
            continue
        owner = people.get(core) or next(
            (full for first, full in people.items() if len(core) >= 3 and first.startswith(core)), None
        )
        if owner is None or _PLACE_PREP.search(text[max(0, cand.start - 12) : cand.start]):
            continue
        cand.type = "PERSON"
        cand.forced = True
