"""Evidence for a story boundary at every gap between paragraphs, one named feature at a time.

Three kinds of evidence, combined by the weights in ``weights.json``:

* **lexical and entity cohesion**: windows of paragraphs before and after
  the gap (:mod:`vectors`); a new story shares few content words and almost
  no names with the old one. Depth and similarity are standardised by the
  dump's own mean and spread, so the evidence adapts to each dump;
* **news-lead cues** for the paragraph after the gap (:mod:`cues`): a kept
  headline above it, a dateline, a lead that introduces named subjects,
  clutter just above it (weak: page furniture gathers between stories);
* **continuation cues** against a boundary: a pronoun or connective opening,
  an unattributed quote continuing a speaker, "Mr X" naming someone
  introduced earlier.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.ingest.segment.cohesion import window_cosines
from reader.core.ingest.segment.cues import (
    ACRONYM_DEF,
    ATTRIBUTION,
    CONTINUATION,
    DATE_ONLY,
    DATELINE,
    FULL_NAME,
    HONORIFIC,
    INDEFINITE,
    LIST_ITEM,
    PERFECT,
    QUOTE_OPEN,
    QUOTED,
    has_time_words,
    is_ending,
)
from reader.core.ingest.segment.units import Unit
from reader.core.ingest.segment.vectors import (
    bag_of,
    depth_scores,
    features_of,
    sentence_starts,
    stem_of,
    token_info,
)


@dataclass
class GapFeatures:
    """Evidence for a boundary just before unit ``index``: named values in ``x``."""

    index: int
    x: dict[str, float]

    @property
    def marked(self) -> bool:
        """A headline or dateline marks this start, so a shorter article is allowed."""
        return bool(self.x["heading"] or self.x["dateline"])


NEAR = 6  # paragraphs before a gap whose names count as "just seen"
FAR = 30  # paragraphs before a gap whose names count as "seen in this story"

_NAME_RUN = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|de|van|von|al|bin|da|la|le))*")


@dataclass
class _Para:
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


def _para(text: str) -> _Para:
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
    return _Para(
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


class _Recent:
    """Counts of keys over a sliding run of paragraphs, for O(1) "seen recently" tests."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, keys: frozenset[str]) -> None:
        self.counts.update(keys)

    def remove(self, keys: frozenset[str]) -> None:
        counts = self.counts
        for k in keys:
            c = counts[k] - 1
            if c:
                counts[k] = c
            else:
                counts.pop(k)  # dict's own pop: Counter's ``del`` is written in Python

    def __contains__(self, key: str) -> bool:
        return key in self.counts


_EMPTY: Counter[str] = Counter()


class _Seen:
    """Is a key in any of a few sets? (The union, without building it.)"""

    def __init__(self, sets: list[frozenset[str]]) -> None:
        self.sets = sets

    def __contains__(self, key: str) -> bool:
        return any(key in keys for keys in self.sets)


def gap_features(units: Sequence[Unit]) -> list[GapFeatures]:
    """Compute the evidence for every gap (before units 1..n-1)."""
    return analyse_gaps(units).features


@dataclass
class GapAnalysis:
    """Gap evidence plus the paragraph term vectors it came from (reused by the story-level pass).

    ``private[i]`` is the squared weight of paragraph i's terms that occur in no
    other paragraph: they never meet another vector, so only their norm is kept.
    """

    features: list[GapFeatures]
    vectors: list[dict[str, float]]
    private: list[float]


def analyse_gaps(units: Sequence[Unit]) -> GapAnalysis:
    """Gap evidence for every gap, and the per-paragraph vectors behind it."""
    n = len(units)
    if n < 2:
        return GapAnalysis([], [], [])
    paras = [_para(u.text) for u in units]
    df: Counter[str] = Counter()
    for p in paras:
        df.update(p.keys)
    idf = {k: math.log((n + 1) / (d + 0.5)) for k, d in df.items()}
    log = math.log
    # A term found in one paragraph only can never meet another window, so it
    # is kept out of the vectors and only its weight in the norms is kept
    # (``private``): the cosines are unchanged and the dictionaries far smaller.
    vectors: list[dict[str, float]] = []
    private: list[float] = []
    tf = [1 + log(c) for c in range(1, 64)]  # the same values as computing 1 + log(c) each time
    for p in paras:
        # One pass per bag: its weight, then the vector or the private norm (a loop beats three
        # comprehensions here, and beats chains of map()/compress(): bags are ~20 terms).
        vec: dict[str, float] = {}
        priv = 0.0
        for k, c in p.bag.items():
            w = (tf[c - 1] if c < 64 else 1 + log(c)) * idf[k]
            if df[k] > 1:
                vec[k] = w
            else:
                priv += w * w
        vectors.append(vec)
        private.append(priv)
    # Every window cosine of every gap at once: see cohesion.py for why not window by window.
    cos = window_cosines(vectors, private, [p.words for p in paras])
    sims, back, fwd, adjacent, far_sims = cos.sims, cos.back, cos.fwd, cos.adjacent, cos.far
    depths = depth_scores(sims)
    dz = _zscores(depths)
    sz = _zscores(sims)
    ends = [is_ending(u.text) for u in units]
    near_names = _Recent()
    far_names = _Recent()
    far_surnames = _Recent()
    near_fulls = _Recent()
    out = []
    for g in range(1, n):
        prev = paras[g - 1]
        if prev.names:
            near_names.add(prev.names)
            far_names.add(prev.names)
        if prev.surnames:
            far_surnames.add(prev.surnames)
        if prev.fulls:
            near_fulls.add(prev.fulls)
        if g - 1 - NEAR >= 0:
            old = paras[g - 1 - NEAR]
            if old.fulls:
                near_fulls.remove(old.fulls)
            if old.names:
                near_names.remove(old.names)
        if g - 1 - FAR >= 0:
            old = paras[g - 1 - FAR]
            if old.names:
                far_names.remove(old.names)
            if old.surnames:
                far_surnames.remove(old.surnames)
        # Every word of the last NEAR paragraphs, asked about only a few times per gap: the sets are
        # searched in place rather than counted in and out of a running total of ~50 words a paragraph.
        near_keys = _Seen([p.keys for p in paras[max(0, g - NEAR) : g]])
        unit = units[g]
        para = paras[g]
        text = unit.text.strip()
        words = para.words  # len(text.split()): splitting ignores the ends
        names_here = para.names | paras[g + 1].names if g + 1 < n else para.names
        novelty = sum(1 for k in names_here if k not in near_names) / len(names_here) if names_here else 0.5
        far_novelty = (
            sum(1 for k in names_here if k not in far_names) / len(names_here) if names_here else 0.5
        )
        quote_open = bool(QUOTE_OPEN.match(text))
        head = text[:300]
        sentence = head.split(". ")[0]
        new_full_name = any(
            stem_of(m.group(1).split()[-1]) not in near_keys for m in FULL_NAME.finditer(sentence)
        )
        acronyms = [m.group(2) for m in ACRONYM_DEF.finditer(sentence)]
        attributed = quote_open and bool(ATTRIBUTION.search(text))
        # A surname used alone that an earlier paragraph introduced in full ("Joe Biden" ... "Biden said").
        callback = any(s in far_surnames for s in para.singles)
        # A person the story so far calls by surname, named in full again in a lead: stories
        # introduce people in full once, so a second introduction is a new story on the same subject.
        reintro = any(
            k not in near_fulls and (k.split("|")[1] in far_surnames or "N:" + k.split("|")[1] in far_names)
            for k in para.lead_fulls
        )
        # A full name introduced in the lead whose surname then recurs alone: how stories present people.
        later = paras[g + 1 : g + 4]
        introduced = any(
            s not in far_surnames
            and "N:" + s not in far_names
            and any(s in q.singles or "N:" + s in q.names for q in later)
            for s in para.intro
        )
        heading = bool(unit.headings) and unit.headings[-1].kind == "para"
        heading_bag = features_of(unit.headings[-1].text) if heading else _EMPTY
        sim = sims[g - 1]
        # People named before the gap, now called by surname alone ("John Smith" ... "Smith said"):
        # a story going on. Names given in full and never seen before: a story introducing its people.
        refs = para.refs | (paras[g + 1].refs - para.surnames) if g + 1 < n else para.refs
        callbacks = min(3, sum(1 for s in refs if s in far_surnames)) / 3
        intros = (
            min(3, sum(1 for s in para.surnames if s not in far_surnames and "N:" + s not in far_names)) / 3
        )
        x = {
            "sim": sim,
            "depth_z": dz[g - 1],
            "sim_z": sz[g - 1],
            "back": back[g - 1],
            "fwd_minus_back": fwd[g - 1] - back[g - 1],
            "adjacent": adjacent[g - 1],
            "novelty": novelty,
            "far_novelty": far_novelty,
            "heading": float(heading),
            "caption_above": float(bool(unit.headings) and not heading),
            "dateline": float(
                bool(DATELINE.match(text)) or unit.date_before is not None or bool(DATE_ONLY.fullmatch(text))
            ),
            # The story's own time frame, not a date someone is quoted giving ("told Sky News: “On December 19").
            "lead": float(not quote_open and words >= 12 and has_time_words(QUOTED.sub("", head))),
            "continuation": float(bool(CONTINUATION.match(text))),
            "quote_cont": float(quote_open and not attributed),
            "quote_attr": float(attributed),
            "honorific": float(bool(HONORIFIC.search(text[:120]))),
            "indefinite": float(bool(INDEFINITE.match(text))),
            "perfect": float(bool(PERFECT.search(sentence))),
            "acronym_def": float(bool(acronyms)),
            # An acronym is defined at its first mention: defined here and unseen before, a story starts.
            "acronym_new": float(any("N:" + stem_of(a) not in far_names for a in acronyms)),
            "new_full_name": float(new_full_name),
            "callback": float(callback),
            "reintro": float(reintro),
            # A line that only ends stories (a credit, correction, contact, image credit, author bio) just
            # above, or headline-shaped and waiting above this paragraph: the story above is over.
            "credit_above": float(ends[g - 1] or any(is_ending(h.text) for h in unit.headings)),
            # ... or at or just after this paragraph: the story above is not over yet.
            "ending_here": float(ends[g]),
            "ending_ahead": float(any(ends[g + 1 : g + 3])),
            "introduced": float(introduced),
            "clutter": float(unit.clutter_before),
            "long": min(words, 60) / 60,
            "tiny": float(words < 8),
            "heading_overlap": _overlap(heading_bag, para.bag if text == unit.text else features_of(text))
            if heading
            else 0.0,
            # A subhead continues its story: it echoes the paragraphs above, or numbers a list ("2) ...").
            "heading_back": _seen_share(heading_bag, near_keys) if heading else 0.0,
            "heading_numbered": float(heading and bool(LIST_ITEM.match(unit.headings[-1].text))),
            "heading_low_sim": float(heading) * max(0.0, 0.3 - sim),
            "low_sim": max(0.0, 0.1 - sim) * 10,
            "sim_far": far_sims[g - 1],
            "callbacks": callbacks,
            "intros": intros,
        }
        if heading:
            _subhead_evidence(x, unit.headings[-1].text, heading_bag, near_names)
        else:
            x.update(_NO_HEADING)
        _expand(x)
        out.append(GapFeatures(g, x))
    return GapAnalysis(out, vectors, private)


# Knots of the piecewise-linear terms: a linear score cannot say "similarity
# near zero matters far more than the difference between 0.3 and 0.5" alone.
_KNOTS = {
    "sim": (0.02, 0.05, 0.1, 0.2),
    "sim_far": (0.02, 0.05, 0.1, 0.2),
    "back": (0.02, 0.05, 0.1),
    "depth_z": (0.0, 1.0, 2.0, 3.0),
    "fwd_minus_back": (0.0, 0.1, 0.2),
    "far_novelty": (0.5, 0.8),
}
# Cues whose weight should depend on whether the words changed at the gap.
_CROSSED = (
    "lead",
    "acronym_new",
    "heading",
    "continuation",
    "quote_cont",
    "quote_attr",
    "tiny",
    "new_full_name",
    "clutter",
    "dateline",
    "indefinite",
    "perfect",
    "callback",
    "introduced",
    "reintro",
    "credit_above",
    "caption_above",
)


# The names of the added terms, spelt once (formatting them at every gap cost more than the terms).
_HINGES = tuple((name, tuple((f"{name}>{k}", k) for k in knots)) for name, knots in _KNOTS.items())
_CROSSED_NAMES = tuple((name, f"{name}*low") for name in _CROSSED)


def _expand(x: dict[str, float]) -> None:
    """Add hinge terms of the continuous evidence and cue × low-similarity products, in place."""
    for name, hinges in _HINGES:
        v = x[name]
        for key, k in hinges:
            d = v - k
            x[key] = d if d > 0.0 else 0.0  # max(0.0, d) without the call, the same value
    low = 1.0 - min(1.0, max(x["sim"], x["sim_far"]) / 0.1)
    for name, key in _CROSSED_NAMES:
        x[key] = x[name] * low


_SUBHEAD_KEYS = (
    "h_sim",
    "h_sim_far",
    "h_known",
    "h_callbacks",
    "h_intros",
    "h_cont",
    "h_lead",
    "h_question",
    "h_names_back",
)
_NO_HEADING = dict.fromkeys(_SUBHEAD_KEYS, 0.0)  # the same keys at every gap: the weights are by name


def _subhead_evidence(x: dict[str, float], heading: str, bag: Counter[str], near_names: _Recent) -> None:
    """Headline or subhead? The same line reads either way; what is around it tells them apart.

    Before a headline one story ends and a lead follows (new words, people named
    in full); around a subhead the story goes on: the words on both sides agree,
    the people named above are called by surname below, the line's own names
    were just seen. These are the cohesion cues again, counted only at a heading.
    """
    x["h_sim"] = min(x["sim"], 0.4)
    x["h_sim_far"] = min(x["sim_far"], 0.4)
    x["h_known"] = 1.0 - x["novelty"]
    x["h_callbacks"] = x["callbacks"]
    x["h_intros"] = x["intros"]
    x["h_cont"] = x["continuation"]
    x["h_lead"] = max(x["lead"], x["dateline"])
    x["h_question"] = float(heading.rstrip().endswith("?"))
    names = [k for k in bag if k.startswith("N:")]
    x["h_names_back"] = sum(1 for k in names if k in near_names) / len(names) if names else 0.0


def _seen_share(heading: Counter[str], seen: _Seen) -> float:
    """Share of a headline's content words (its bag) already used by the paragraphs just above it."""
    words = [k for k in heading if not k.startswith("N:")]
    return sum(1 for k in words if k in seen) / len(words) if words else 0.0


def _overlap(heading: Counter[str], lead: Counter[str]) -> float:
    """Share of a headline's content words found in the lead (both as bags): real titles echo their lead."""
    words = {k for k in heading if not k.startswith("N:")}
    if not words:
        return 0.0
    return len(words & lead.keys()) / len(words)


def _zscores(values: list[float]) -> list[float]:
    if not values:
        return []
    mean = sum(values) / len(values)
    var = sum((v - mean) ** 2 for v in values) / len(values)
    std = math.sqrt(var) or 1.0
    return [(v - mean) / std for v in values]
