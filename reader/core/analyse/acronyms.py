"""Acronyms an article defines: "Israel Defence Forces (IDF)" makes the long name one mention and
the acronym another of the same entity, so the sidebar lists one organisation under both.

The long form is the candidate the model drew up to the parenthesis when its first content word
starts the acronym, else the longest run of words before it whose initials spell the acronym,
else a phrase ending in an organisation noun ("the UN refugee agency (UNHCR)"). Where the letters
spell only the object of a body's name ("Bureau of Alcohol, Tobacco and Firearms (ATF)"), the
body the model drew is kept whole.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort

from .candidates import Acronym, Candidate
from .gazetteer import normalise, place_type

__all__ = ["apply_acronyms", "collapse"]

_ACRONYM_DEF = re.compile(r"\(\s*([A-Z][A-Za-z&.]{1,9})\s*\)")
# An expansion that is the object of a body's name: "Bureau of [Alcohol, Tobacco and Firearms] (ATF)".
_OF_BEFORE = re.compile(r"[ \t](?:of|for)[ \t]+(?:the[ \t]+)?$")
_ACRONYM_STOP = frozenset(
    {"of", "the", "and", "for", "on", "in", "de", "des", "du", "la", "le", "&", "to", "at"}
)
_ORG_HEADS = re.compile(
    r"(?:^|\s)((?:[\w’'-]+\s+){0,3}(?:agency|organi[sz]ation|body|group|commission|council|court|fund|"
    r"programme|program|force|forces|office|committee|party|movement|ministry|service|authority))\s*$"
)
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][\w’'\-]*")
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")


def collapse(value: str) -> str:
    """Whitespace runs as one space: the form a name is compared and shown in."""
    return " ".join(value.split())


def apply_acronyms(text: str, cands: list[Candidate]) -> tuple[list[Candidate], list[Acronym]]:
    """Find "Long Name (LN)" definitions; make the long name one mention and the acronym another."""
    found: list[Acronym] = []
    index = _Candidates(cands)
    for match in _ACRONYM_DEF.finditer(text):
        acronym = match.group(1).rstrip(".")
        if sum(c.isupper() for c in acronym) < 2:
            continue
        open_paren = match.start()
        exp = _expansion(text, open_paren, acronym, index)
        if exp is None:
            continue
        exp_start, exp_end, proper, kind = exp
        expansion = collapse(text[exp_start:exp_end])
        if normalise(expansion) == normalise(acronym):
            continue
        found.append(Acronym(acronym, expansion, proper))
        outer = next(
            (c for c in index.ending_at(exp_end) if c.start < exp_start and c.type == "ORG"),
            None,
        )
        if outer is not None and _OF_BEFORE.search(text, outer.start, exp_start):
            # "Parliament of New South Wales (NSW)": the acronym names the place the body is of
            kind = place_type(expansion) or kind
            index.drop_covering(match.start(1))
            index.add(Candidate(match.start(1), match.start(1) + len(acronym), acronym, kind, forced=True))
            continue
        index.drop_overlapping(exp_start, exp_end)
        index.drop_covering(match.start(1))
        index.add(Candidate(exp_start, exp_end, expansion, kind, forced=True))
        index.add(Candidate(match.start(1), match.start(1) + len(acronym), acronym, kind, forced=True))
    return index.alive(), found


class _Candidates:
    """The candidates as a list that definitions drop from and add to, indexed by end and start.

    A definition touches only the candidates next to it; scanning and rebuilding the whole list
    for each one was quadratic: 10,000 definitions in a 200 KB paragraph ("Aa Bb Cc (ABC) and
    ...") kept the analysis busy for 8 minutes. Candidates stay in list order (those added last),
    so the result is the list the scans and rebuilds made.
    """

    def __init__(self, cands: list[Candidate]) -> None:
        self.items: list[Candidate] = []
        self.live: list[bool] = []
        self.by_end: dict[int, list[int]] = {}
        self.longest = 0
        self.starts: list[tuple[int, int]] = sorted((cand.start, self._append(cand)) for cand in cands)

    def _append(self, cand: Candidate) -> int:
        k = len(self.items)
        self.items.append(cand)
        self.live.append(True)
        self.by_end.setdefault(cand.end, []).append(k)
        self.longest = max(self.longest, cand.end - cand.start)
        return k

    def add(self, cand: Candidate) -> None:
        insort(self.starts, (cand.start, self._append(cand)))

    def ending_at(self, end: int) -> list[Candidate]:
        """The live candidates that end at ``end``, in list order."""
        return [self.items[k] for k in self.by_end.get(end, ()) if self.live[k]]

    def _starting(self, lo: int, hi: int) -> list[int]:
        """Indices of the live candidates starting in ``[lo, hi]``."""
        first = bisect_left(self.starts, (lo, -1))
        last = bisect_right(self.starts, (hi, len(self.items)))
        return [k for _, k in self.starts[first:last] if self.live[k]]

    def drop_overlapping(self, start: int, end: int) -> None:
        """Drop every candidate with a character in ``[start, end)``."""
        for k in self._starting(start - self.longest, end - 1):
            c = self.items[k]
            if c.end > start and c.start < end:
                self.live[k] = False

    def drop_covering(self, at: int) -> None:
        """Drop every candidate holding the character at ``at``."""
        for k in self._starting(at - self.longest, at):
            c = self.items[k]
            if c.start <= at < c.end:
                self.live[k] = False

    def alive(self) -> list[Candidate]:
        return [c for c, live in zip(self.items, self.live, strict=True) if live]


def _expansion(
    text: str, open_paren: int, acronym: str, cands: _Candidates
) -> tuple[int, int, bool, str] | None:
    """Locate the long form of ``acronym`` just before ``open_paren``: (start, end, proper, type)."""
    end = open_paren
    while end > 0 and text[end - 1].isspace():
        end -= 1
    letters = [c.lower() for c in acronym if c.isalpha()]
    for cand in cands.ending_at(end):
        if cand.type not in ("PERSON", "NORP"):
            content = [w for w in cand.core.split() if w.lower() not in _ACRONYM_STOP]
            if content and content[0][0].lower() == letters[0]:
                return cand.start, cand.end, _is_proper(cand.core), cand.type
    line_start = text.rfind("\n", 0, end) + 1
    window = text[max(line_start, end - 120) : end]
    base = end - len(window)
    words: list[re.Match[str]] = list(_WORD.finditer(window))
    # Longest run of words, ending at the parenthesis, whose content-word initials spell the acronym.
    for first in range(len(words)):
        run = words[first:]
        content = [w.group() for w in run if w.group().lower() not in _ACRONYM_STOP]
        if not content or run[0].group().lower() in _ACRONYM_STOP:
            continue
        initials = "".join(w[0].lower() for w in content)
        if initials == "".join(letters) or (len(content) >= 2 and _initials_with_parts(content, letters)):
            start = base + run[0].start()
            phrase = text[start:end]
            return start, end, _is_proper(phrase), "ORG"
    head = _ORG_HEADS.search(window)
    if head:
        start = base + head.start(1)
        match = _LEADING_THE.match(text[start:end])
        if match:
            start += match.end()
        return start, end, False, "ORG"
    return None


def _initials_with_parts(words: list[str], letters: list[str]) -> bool:
    """Initials where a word can give several letters: "UN refugee agency" spells no acronym, but
    "Hezbollah Organisation" style mixes and "UNHCR"-like prefixes (UN + High Commissioner …) do."""
    spelled = ""
    for word in words:
        spelled += word.lower() if word.isupper() and len(word) <= 4 else word[0].lower()
    return spelled == "".join(letters)


def _is_proper(phrase: str) -> bool:
    words = [w for w in phrase.split() if w.lower() not in _ACRONYM_STOP]
    return bool(words) and all(w[:1].isupper() for w in words)
