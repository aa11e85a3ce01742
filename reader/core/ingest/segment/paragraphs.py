"""What the gap features need from each paragraph, read once: its bag of terms and the people it names.

A paragraph is after one gap and before another, and inside the windows of
many more, so everything the gap evidence asks of its text (the term bag
behind the cosines, the name runs behind "a new person is introduced" and
"a known person is called by surname") is worked out here once per
paragraph and kept as sets; :mod:`gaps` only combines them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from reader.core.ingest.segment.vectors import bag_of, sentence_starts, stem_of, token_info

_NAME_RUN = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|de|van|von|al|bin|da|la|le))*")


@dataclass
class Para:
    """What the gap features need from one paragraph, computed once."""

    bag: Counter[str]
    keys: frozenset[str]
    names: frozenset[str]
    surnames: frozenset[str]  # last word of multi-word names ("Biden" of "Joe Biden")
    singles: frozenset[str]  # one-word names in the lead, not at a sentence start
    intro: frozenset[str]  # surnames of multi-word names in the lead ("Joe Biden" introduces "Biden")
    fulls: frozenset[str]  # multi-word names as "first|last" stems, anywhere in the paragraph
    lead_fulls: frozenset[str]  # the same, in the lead only
    refs: frozenset[str]  # one-word names anywhere, sentence starts too, not the surname of a full name here
    words: int


def read_paragraph(text: str) -> Para:
    starts = sentence_starts(text)
    bag = bag_of(text, starts)
    names = frozenset(k for k in bag if k[:2] == "N:")  # startswith, with no method call
    head_end = len(text.split(". ")[0]) if len(text) > 300 else len(text)
    head_end = min(head_end, 300)
    surnames: set[str] = set()
    singles: set[str] = set()
    intro: set[str] = set()
    fulls: set[str] = set()
    lead_fulls: set[str] = set()
    refs: set[str] = set()
    for m in _NAME_RUN.finditer(text):
        run, pos = m.group(0), m.start()
        at_start = pos in starts
        cache = _RUNS_AT_START if at_start else _RUNS
        info = cache.get(run)
        if info is None:
            info = _run_info(run, at_start, cache)
        ref, full, stem, multi, upper = info
        lead = pos < head_end
        if ref:
            refs.add(ref)
        if full:
            fulls.add(full)
            if lead:
                lead_fulls.add(full)
        if stem:
            if multi:
                surnames.add(stem)
                if lead:
                    intro.add(stem)
            elif lead and not upper:
                singles.add(stem)
    return Para(
        bag,
        frozenset(bag),
        names,
        frozenset(surnames),
        frozenset(singles),
        frozenset(intro),
        frozenset(fulls),
        frozenset(lead_fulls),
        frozenset(refs) - frozenset(surnames),
        len(text.split()),
    )


# What one run of capitalised words says about the people named, whatever paragraph it is in:
# (one-word reference, "first|last" full name, stem of the last word, several words, last word in
# capitals). Names recur through a dump, so each run is read once (one cache for runs at a sentence start).
_RunInfo = tuple[str, str, str, bool, bool]
_RUNS: dict[str, _RunInfo] = {}
_RUNS_AT_START: dict[str, _RunInfo] = {}
_RUNS_MAX = 100_000


def _run_info(run: str, at_start: bool, cache: dict[str, _RunInfo]) -> _RunInfo:
    parts = run.split()
    bare = parts[1:] if at_start and len(parts) > 1 and token_info(parts[0]) is None else parts
    ref = ""
    if len(bare) == 1 and len(bare[0]) >= 3 and token_info(bare[0]) is not None and not bare[0].isupper():
        ref = stem_of(bare[0])
    # A full name may open a sentence ("Hillary Clinton said"); a capitalised stopword may not ("The").
    named = parts[1:] if at_start and token_info(parts[0]) is None else parts
    full = ""
    if len(named) >= 2 and token_info(named[-2]) is not None and token_info(named[-1]) is not None:
        full = f"{stem_of(named[-2])}|{stem_of(named[-1])}"
    if at_start:
        parts = parts[1:]
    last = parts[-1] if parts else ""
    stem = "" if len(last) < 3 or token_info(last) is None else stem_of(last)
    info = (ref, full, stem, len(parts) >= 2, last.isupper())
    if len(cache) >= _RUNS_MAX:
        cache.clear()
    cache[run] = info
    return info
