"""Where an organisation's name ends when its "of" object is a list of subjects.

Bodies named for what they cover list it: "Bureau of Alcohol, Tobacco, Firearms and Explosives",
"Department of Health and Human Services", "National Institute of Allergy and Infectious Diseases",
"Party for Socialism and Liberation". The small model reads "and" as a boundary and stops at the
first subject, so a reader sees "Bureau of Alcohol, Tobacco" and a stray "Explosives". The rule
here joins the rest of the list to the name from word shapes and the head tables of orgs.json
only; a wrong join is worse than a split, so anything after "and" that could be a name of its own
(a place, a person, another body, a head with its own "of") ends the name where the model did.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .candidates import Candidate
from .orgs import ORG_WORDS, org_by_name

__all__ = ["join_subject_lists"]

_CAP = r"[A-Z][\w'’-]*"
_RUN = _CAP + r"(?:[ \t]" + _CAP + r")*"
# ", Tobacco, Firearms and Explosives": more subjects, the last after "and" (a comma before "and"
# only after a list: "Department of Energy, and Office of Naval Research" is two bodies).
_LIST_TAIL = re.compile(r"((?:,[ \t]" + _RUN + r")+,?|)[ \t]and[ \t](" + _RUN + r")")
# The object of the name's last "of"/"for": "Bureau of [Alcohol]", "Party for [Socialism]".
_OBJECT = re.compile(r"[ \t](?:of|for)[ \t](?:the[ \t])?(" + _RUN + r"(?:,[ \t]" + _RUN + r")*)$")
_OWN_HEAD = re.compile(r"[ \t]+(?:of|for|on|at|in)[ \t]+[A-Z]")
# Last words that make the words after "and" a body or a place of their own ("Stanford University").
_STANDALONE = frozenset(ORG_WORDS["short_heads"]) | frozenset(ORG_WORDS["fac_heads"])
_SEPARATE = frozenset({"PERSON", "GPE", "LOC", "FAC", "NORP", "ORG", "DATE", "TIME", "EVENT"})


def join_subject_lists(text: str, cands: list[Candidate], is_place: Callable[[str], bool]) -> list[Candidate]:
    """Join an "X of A[, B] and C" organisation the model cut after A; input and output sorted by start.

    ``is_place`` says a name is a known place: "University of Missouri and Wire" lists two things.
    """
    out: list[Candidate] = []
    skip_to = -1
    for index, cand in enumerate(cands):
        if cand.start < skip_to:
            continue
        joined = _joined(text, cand, cands[index + 1 :], is_place) if cand.type == "ORG" else None
        if joined is None:
            out.append(cand)
            continue
        out.append(joined)
        skip_to = joined.end
    return out


def _joined(
    text: str, cand: Candidate, after: list[Candidate], is_place: Callable[[str], bool]
) -> Candidate | None:
    obj = _OBJECT.search(cand.core)
    if obj is None or any(is_place(part) for part in obj.group(1).split(", ")):
        return None
    tail = _LIST_TAIL.match(text, cand.end)
    if tail is None:
        return None
    subjects = re.split(r",[ \t]", tail.group(1).strip(", \t")) if tail.group(1) else []
    subjects.append(tail.group(2))
    for subject in subjects:
        words = subject.split()
        if words[-1] in _STANDALONE or any(is_place(w) for w in words) or is_place(subject):
            return None
    end = tail.end()
    if _OWN_HEAD.match(text, end):
        return None  # "Center for Biological Diversity and Center for Food Safety": a second body
    for other in after:
        if other.start >= end:
            break
        if other.type in _SEPARATE and not (other.type == "ORG" and not org_by_name(other.core)):
            return None  # the words after "and" are a name of its own the model found
    core = f"{cand.core}{' '.join(text[cand.end : end].split(' '))}"
    return Candidate(cand.start, end, " ".join(core.split()), "ORG", cand.role, True, cand.honorific)
