"""What the gap features need from each paragraph, read once: its bag of terms, the people it names, its typing.

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
from typing import cast

from reader.core.ingest.segment.vectors import bag_and_names, stem_of, token_info

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
    marks: tuple[int, ...]  # per typing mark, the one style the paragraph uses (see typing_marks)


def read_paragraph(text: str) -> Para:
    """Read one paragraph's bag and names, each word and name run found by one regex pass.

    A name run at a sentence start ("Police said") is read differently from
    one inside a sentence, so each run is found with the sentence break in
    front of it, if any (as the bag's words are, see
    :func:`vectors.bag_and_names`); only the text's own first run is checked
    apart. The runs in the lead are counted by a second scan that stops where
    the lead ends, so no run needs its position: ``findall`` and cached
    lookups, no match objects.
    """
    bag, keys, names = bag_and_names(text)
    surnames: set[str] = set()
    singles: set[str] = set()
    intro: set[str] = set()
    fulls: set[str] = set()
    lead_fulls: set[str] = set()
    refs: set[str] = set()
    tokens = _TAGGED_RUN.findall(text)
    cached: list[_RunInfo | None] = list(map(_RUNS.get, tokens))
    if None in cached:
        infos = [_run_info_of(t) if i is None else i for i, t in zip(cached, tokens, strict=True)]
    else:
        infos = cast(list[_RunInfo], cached)
    if len(text) > 300:
        # The runs that start in the lead are the first ones, as many as a scan that stops where the
        # lead ends finds (the last may be cut short there, but it is found).
        head_end = min(text.find(". ") % (len(text) + 1), 300)  # -1 (no ". "): the whole text
        in_lead = len(_TAGGED_RUN.findall(text, 0, head_end))
        leads = [True] * in_lead + [False] * (len(infos) - in_lead)
    else:
        leads = [True] * len(infos)
    if infos and _OPENS_WITH_RUN.match(text):
        infos[0] = _run_at_start(tokens[0])
    for (ref, full, stem, multi, upper), lead in zip(infos, leads, strict=True):
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
        keys,
        names,
        frozenset(surnames),
        frozenset(singles),
        frozenset(intro),
        frozenset(fulls),
        frozenset(lead_fulls),
        frozenset(refs) - frozenset(surnames),
        len(text.split()),
        typing_marks(text),
    )


# Typography tells one source text from another: an apostrophe or a quotation mark typed straight
# (' ") or curly (’ “ ”), a dash typed as an em dash, a spaced en dash, two hyphens or a spaced
# hyphen, an ellipsis as one character or three dots: the habit of the writer, the publishing
# system or the scraper behind each story, which rarely changes inside one story. A paragraph
# says a mark's style only if it uses that mark in one style alone.
# Each style is the literals one of its uses contains and, where a literal alone is not enough, a
# pattern confirming it (an apostrophe between letters, not a closing single quote; a dash between
# words): the literals are looked for first, in C, and most paragraphs stop there.
_Style = tuple[tuple[str, ...], "re.Pattern[str] | None"]
_MARKS: tuple[tuple[_Style, ...], ...] = (
    ((("’",), re.compile(r"[A-Za-z]’[A-Za-z]")), (("'",), re.compile(r"[A-Za-z]'[A-Za-z]"))),
    ((("“", "”"), None), (('"',), None)),
    (
        (("—",), None),
        ((" – ",), None),
        (("--",), re.compile(r"(?<!-)--(?!-)")),
        ((" - ",), re.compile(r"\w - \w")),
    ),
    ((("…",), None), (("...",), None)),
)
MARK_COUNT = len(_MARKS)  # the gap features compare each in turn


def typing_marks(text: str) -> tuple[int, ...]:
    """Each mark's style in ``text``: 1 + the index of the one style it uses, 0 for none or several."""
    row = []
    for styles in _MARKS:
        found = 0
        for k, (literals, pattern) in enumerate(styles, 1):
            hit = literals[0] in text or (len(literals) > 1 and literals[1] in text)  # at most two
            if hit and (pattern is None or pattern.search(text) is not None):
                if found:
                    found = 0
                    break
                found = k
        row.append(found)
    return tuple(row)


# A name run with the sentence break before it, if any: SENT_START's "[.!?] quote? spaces quote?", then
# _NAME_RUN (a run starting at a capital after a break is the sentence's first word; the break's
# characters cannot be part of a run, so the runs found are _NAME_RUN's). Written as two branches that
# start with a character class, with _NAME_RUN's leading ``\b`` as a look-behind after the capital (the
# same test: a capital is a word character), so the regex engine skips in C to the next break or
# capital instead of trying the pattern at every position.
_RUN_REST = r"(?<!\w[A-Z])[\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|de|van|von|al|bin|da|la|le))*"
_BREAK = r"[.!?][\"”’]?\s+[\"“‘]?"
_TAGGED_RUN = re.compile(rf"{_BREAK}[A-Z]{_RUN_REST}|[A-Z]{_RUN_REST}")
# SENT_START's other case: a run that opens the text, maybe after an opening quote.
_OPENS_WITH_RUN = re.compile(r"[\"“‘]?[A-Z]")


def _run_info_of(token: str) -> _RunInfo:
    """The cached reading of one :data:`_TAGGED_RUN` token (its break, if any, says "at a sentence start")."""
    info = _RUNS.get(token)
    if info is None:
        if token[0] in ".!?":
            run = token[_RUN_START.search(token).start() :]  # type: ignore[union-attr]
            info = _RUNS_AT_START.get(run) or _run_info(run, True, _RUNS_AT_START)
            _RUNS[token] = info  # a break never starts a run, so the two kinds of key cannot clash
        else:
            info = _run_info(token, False, _RUNS)
    return info


def _run_at_start(run: str) -> _RunInfo:
    """The reading of the run that opens the text (SENT_START's ``^``): it is at a sentence start."""
    return _RUNS_AT_START.get(run) or _run_info(run, True, _RUNS_AT_START)


_RUN_START = re.compile(r"[A-Z]")


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
