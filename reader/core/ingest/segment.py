"""Split an undelimited dump into articles by topic shift.

A scraped dump is articles pasted one after another. Where one story ends
and the next begins is visible in three kinds of evidence, combined into one
score per gap between paragraphs:

* **lexical and entity cohesion** (TextTiling-style): TF-IDF vectors of a
  window of paragraphs before and after the gap; a new story shares few
  content words and almost no names with the old one. Depth scores (how far
  the similarity dips below the peaks on either side) are standardised by the
  document's own mean and spread, so the threshold adapts to each dump;
* **news-lead cues** for the paragraph after the gap: a kept headline line
  above it, a dateline, a lead that introduces named subjects, clutter just
  above it (weak: page furniture gathers between stories);
* **continuation cues** against a boundary: a paragraph opening with a
  pronoun or connective ("He said", "It added", "But", "However",
  "Meanwhile"), an unattributed quote continuing a speaker, "Mr X" naming
  someone introduced earlier.

The gap scores are decoded by dynamic programming (each start earns its
score, each article pays a length prior), then a story-level pass
(:mod:`refine`) rescores the plausible gaps with the cohesion of the whole
stories either side and decodes again. Stories may begin mid-quote: an
attributed opening quote is not a continuation cue.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reader.core.ingest.clean import KeptLine

STOPWORDS = frozenset(
    """a about above after again against all almost also although always am among an and another any are
    around as at away back be became because been before being below between both but by can cannot could
    did do does doing done down during each either else even ever every few for from further get got had
    has have having he her here hers herself him himself his how however i if in into is it its itself just
    last least less like made make many may me meanwhile might more most mostly much must my near neither
    never new next no nor not now of off often on once one only or other others our ours out over own per
    perhaps rather really said same say says see seen several shall she should since so some still such
    than that the their theirs them themselves then there these they this those though through thus to
    today told too toward towards under until up upon us very via was we week well were what when where
    whether which while who whom whose why will with within without would year years yesterday yet you
    your also added according including told monday tuesday wednesday thursday friday saturday sunday
    mr mrs ms dr two three four five first second percent""".split()
)

_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_SENT_START = re.compile(r"(?:^|[.!?][\"”’]?\s+)[\"“‘]?([^\W\d_][\w’'-]*)")
_CONTINUATION = re.compile(
    r"^(he|she|it|they|his|her|its|their|them|this|these|those|that|such|we|our|but|and|or|so|"
    r"however|meanwhile|also|still|yet|then|thus|moreover|furthermore|nevertheless|nonetheless|instead|"
    r"besides|additionally|later|earlier|afterwards|further|separately|likewise|similarly|otherwise|"
    r"there|here|both|neither|either|another|the latter|the former|in addition|in response|as a result|"
    r"despite this|despite that|at the same time|in turn|on the other hand|for (his|her|their|its) part)\b",
    re.IGNORECASE,
)
_QUOTE_OPEN = re.compile(r"^[\"“‘]")
_ATTRIBUTION = re.compile(
    r"[,.!?][\"”’]\s*(,\s*)?(he|she|they|it|[A-Z][\w’'-]+(\s+[A-Z][\w’'-]+){0,3}|the \w+)\s+"
    r"(said|says|told|added|wrote|stated|explained|posted|tweeted|continued|according)\b|"
    r"\b(said|says|told|added|wrote|stated)\s+(mr|mrs|ms|dr|president|minister|prime|the)?\s*[A-Z]"
)
_DATELINE = re.compile(
    r"^([A-Z][A-Z .'-]{2,40}(,\s*[A-Z][\w .'-]{1,30})?\s*(\([^)]{1,30}\))?\s*[—–-]{1,2}\s|"
    r"\([A-Z][\w .]{1,20}\)\s*[—–-]\s|"
    r"(\w+day,?\s+)?(\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2}),?\s+\d{4}\s*[—–-]{1,2}\s)"
)
_TIME_WORDS = re.compile(
    r"\b(today|yesterday|tonight|last (night|week|month|year)|this (week|morning|month|year)|earlier this|"
    r"on (monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)|(january|february|march|april|may|june|july|august|september|october|"
    r"november|december) \d{1,2})\b",
    re.IGNORECASE,
)
_DATE_ONLY = re.compile(
    r"((\w+day,?\s+)?(\d{1,2}\s+)?(january|february|march|april|may|june|july|august|september|october|"
    r"november|december)(\s+\d{1,2})?,?\s+\d{4})",
    re.IGNORECASE,
)
_INDEFINITE = re.compile(r"^(A|An)\s+[a-z]")
_PERFECT = re.compile(
    r"\b(has|have)\s+(been\s+|now\s+|virtually\s+|also\s+|reportedly\s+)?\w+(ed|en|wn|id|ld|ht|ft|nt|un)\b"
)
_ACRONYM_DEF = re.compile(r"[A-Z][a-z]+(\s+[A-Z][a-z]+)+\s+\(([A-Z]{2,})\)")
_FULL_NAME = re.compile(r"(?<!^)(?<![.!?] )\b([A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+)+)")
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Dr)\.? [A-Z]")


@dataclass
class Unit:
    """A paragraph, with the headline-like lines found just above it."""

    line: int
    text: str
    headings: list[KeptLine] = field(default_factory=list)
    clutter_before: bool = False
    date_before: str | None = None


HEADLINE_WORDS = 24
_SENTENCE_PUNCT = re.compile(r"[.!?…][”’\"')\]]*$")


def is_headline(k: KeptLine) -> bool:
    """A line shaped like a headline: a few words, no sentence punctuation, capital or digit start.

    Headlines run longer than video captions ("X to do Y; Z discuss W with
    reporters"), so the word limit is looser than :func:`is_caption_like`'s.
    """
    s = k.text.strip()
    n = len(s.split())
    if not 3 <= n <= HEADLINE_WORDS or len(s) > 200 or not (s[:1].isupper() or s[:1].isdigit()):
        return False
    return not s.endswith(":") and not _SENTENCE_PUNCT.search(s) and s[:1] not in "\"“‘'«"


def make_units(kept: Iterable[KeptLine]) -> tuple[list[Unit], list[KeptLine]]:
    """Group kept lines into paragraphs, attaching headline-like lines to the paragraph below.

    Returns the units and any headline-like lines left at the very end.
    """
    grouper = UnitGrouper()
    units = [u for u in map(grouper.add, kept) if u is not None]
    return units, grouper.pending


class UnitGrouper:
    """:func:`make_units` one line at a time, for streams: headline-like lines wait in ``pending``."""

    def __init__(self) -> None:
        self.pending: list[KeptLine] = []

    def add(self, k: KeptLine) -> Unit | None:
        """The paragraph ``k`` completes, or None when ``k`` is a headline-like line kept waiting."""
        if k.kind != "para" or is_headline(k):
            self.pending.append(k)
            return None
        pending, self.pending = self.pending, []
        first = pending[0] if pending else k
        return Unit(k.line, k.text, pending, first.clutter_before or k.clutter_before, _first_date(pending, k))


def _first_date(pending: list[KeptLine], k: KeptLine) -> str | None:
    for item in [*pending, k]:
        if item.date_before:
            return item.date_before
    return None


STEM_LENGTH = 6


def _stem(word: str) -> str:
    """Truncation stemming: "Armenia", "Armenian", "Armenians" all become "armeni".

    Crude, but for cohesion it beats suffix rules: it also joins derived names
    (Azerbaijan/Azerbaijani, Palestine/Palestinian) that carry a story.
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w[:STEM_LENGTH]


_TOKEN_CACHE: dict[str, tuple[str, bool] | None] = {}
_TOKEN_CACHE_MAX = 200_000


def _token(word: str) -> tuple[str, bool] | None:
    """(stem, may be a name) for one raw word, or None for a stopword; memoised per word form."""
    info = _TOKEN_CACHE.get(word, False)
    if info is not False:
        return info  # type: ignore[return-value]
    w = word.strip("’'-")
    low = w.lower()
    out = None if len(low) < 3 or low in STOPWORDS else (_stem(w), w[:1].isupper())
    if len(_TOKEN_CACHE) >= _TOKEN_CACHE_MAX:
        _TOKEN_CACHE.clear()
    _TOKEN_CACHE[word] = out
    return out


def features_of(text: str) -> Counter[str]:
    """Content-word stems plus names (capitalised words, counted again with an ``N:`` prefix)."""
    bag: Counter[str] = Counter()
    starts = {m.start(1) for m in _SENT_START.finditer(text)}
    for m in _WORD.finditer(text):
        info = _token(m.group(0))
        if info is None:
            continue
        stem, cap = info
        bag[stem] += 1
        if cap and (m.start() not in starts or m.group(0).strip("’'-").isupper()):
            bag["N:" + stem] += 2
    return bag


def _norm(v: dict[str, float]) -> float:
    return math.sqrt(sum(x * x for x in v.values()))


def _cosine(
    a: dict[str, float], b: dict[str, float], na: float | None = None, nb: float | None = None
) -> float:
    if not a or not b:
        return 0.0
    na = _norm(a) if na is None else na
    nb = _norm(b) if nb is None else nb
    if not na or not nb:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    dot = sum(v * get(k, 0.0) for k, v in a.items())
    return dot / (na * nb)


def _window(
    vectors: list[dict[str, float]], private: list[float], sizes: list[int], start: int, step: int
) -> tuple[dict[str, float], float]:
    """Sum of paragraph vectors walking from ``start`` by ``step`` until a word budget is met, and its norm.

    The budget is in words, not paragraphs, so one-sentence paragraphs (web
    copy) and long paragraphs (wire copy) give windows of similar substance.
    Paragraphs nearer the gap weigh more.
    """
    out: dict[str, float] = {}
    priv = 0.0
    words = 0
    i = start
    taken = 0
    while 0 <= i < len(vectors) and taken < MAX_WINDOW and (words < WINDOW_WORDS or taken < 1):
        weight = 1.0 / (1.0 + 0.3 * taken)
        get = out.get
        for k, v in vectors[i].items():
            out[k] = get(k, 0.0) + weight * v
        priv += weight * weight * private[i]
        words += sizes[i]
        taken += 1
        i += step
    return out, math.sqrt(sum(v * v for v in out.values()) + priv)


def _depths(sims: list[float]) -> list[float]:
    """TextTiling depth: how far each gap's similarity dips below the peaks on both sides.

    The climb to each peak is bounded (DEPTH_REACH gaps), which keeps a long
    run of equal similarities linear instead of quadratic.
    """
    out = []
    n = len(sims)
    for i, s in enumerate(sims):
        left = s
        j = i - 1
        while j >= max(0, i - DEPTH_REACH) and sims[j] >= left:
            left = sims[j]
            j -= 1
        right = s
        j = i + 1
        while j < min(n, i + DEPTH_REACH) and sims[j] >= right:
            right = sims[j]
            j += 1
        out.append((left - s) + (right - s))
    return out


DEPTH_REACH = 12


@dataclass
class GapFeatures:
    """Evidence for a boundary just before unit ``index``: named values in ``x``."""

    index: int
    x: dict[str, float]

    @property
    def marked(self) -> bool:
        """A headline or dateline marks this start, so a shorter article is allowed."""
        return bool(self.x["heading"] or self.x["dateline"])


WINDOW_WORDS = 90
MAX_WINDOW = 5
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
    words: int


def _para(text: str) -> _Para:
    bag = features_of(text)
    names = frozenset(k for k in bag if k.startswith("N:"))
    starts = {m.start(1) for m in _SENT_START.finditer(text)}
    head_end = len(text.split(". ")[0]) if len(text) > 300 else len(text)
    head_end = min(head_end, 300)
    surnames: set[str] = set()
    singles: set[str] = set()
    intro: set[str] = set()
    for m in _NAME_RUN.finditer(text):
        parts = m.group(0).split()
        at_start = m.start() in starts
        if at_start:
            parts = parts[1:]
        last = parts[-1] if parts else ""
        if len(last) < 3 or _token(last) is None:
            continue
        stem = _stem(last)
        if len(parts) >= 2:
            surnames.add(stem)
            if m.start() < head_end:
                intro.add(stem)
        elif m.start() < head_end and not last.isupper():
            singles.add(stem)
    return _Para(
        bag,
        frozenset(bag),
        names,
        frozenset(surnames),
        frozenset(singles),
        frozenset(intro),
        len(text.split()),
    )


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
                del counts[k]

    def __contains__(self, key: str) -> bool:
        return key in self.counts


class _FarWindow:
    """Unweighted sum of the FAR_WINDOW paragraph vectors before a gap, slid one paragraph per gap.

    A story's later paragraph may drift from its neighbours yet still share
    words with the story's earlier part; a new story shares neither. The
    squared norm is updated in place, so each step costs two paragraphs.
    """

    def __init__(self, vectors: list[dict[str, float]], private: list[float]) -> None:
        self.vectors = vectors
        self.private = private
        self.acc: dict[str, float] = {}
        self.sq = 0.0

    def advance(self, g: int) -> None:
        """Move to the gap before paragraph ``g``: add paragraph g - 1, drop g - 1 - FAR_WINDOW."""
        acc = self.acc
        for sign, i in ((1.0, g - 1), (-1.0, g - 1 - FAR_WINDOW)):
            if i < 0:
                continue
            self.sq += sign * self.private[i]
            for k, v in self.vectors[i].items():
                old = acc.get(k, 0.0)
                new = old + sign * v
                self.sq += new * new - old * old
                if sign < 0 and abs(new) < 1e-9:
                    acc.pop(k, None)
                else:
                    acc[k] = new

    def similarity(self, window: dict[str, float], norm: float) -> float:
        if not window or self.sq <= 1e-12 or not norm:
            return 0.0
        get = self.acc.get
        return sum(v * get(k, 0.0) for k, v in window.items()) / (norm * math.sqrt(self.sq))


FAR_WINDOW = 15


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
    for p in paras:
        vec: dict[str, float] = {}
        priv = 0.0
        for k, c in p.bag.items():
            w = (1 + log(c)) * idf[k]
            if df[k] > 1:
                vec[k] = w
            else:
                priv += w * w
        vectors.append(vec)
        private.append(priv)
    norms = [math.sqrt(_norm(v) ** 2 + q) for v, q in zip(vectors, private, strict=True)]
    sizes = [p.words for p in paras]
    sims: list[float] = []
    back: list[float] = []
    fwd: list[float] = []
    adjacent: list[float] = []
    far = _FarWindow(vectors, private)
    far_sims: list[float] = []
    # Windows after gap g and after gap g + 1 slide along: only two are alive at a time.
    right, right_norm = _window(vectors, private, sizes, 1, 1)
    for g in range(1, n):
        nxt, nxt_norm = _window(vectors, private, sizes, g + 1, 1) if g + 1 < n else ({}, 0.0)
        left, ln = _window(vectors, private, sizes, g - 1, -1)
        sims.append(_cosine(left, right, ln, right_norm))
        back.append(_cosine(vectors[g], left, norms[g], ln))
        fwd.append(_cosine(vectors[g], nxt, norms[g], nxt_norm))
        adjacent.append(_cosine(vectors[g - 1], vectors[g], norms[g - 1], norms[g]))
        far.advance(g)
        far_sims.append(far.similarity(right, right_norm))
        right, right_norm = nxt, nxt_norm
    depths = _depths(sims)
    dz = _zscores(depths)
    sz = _zscores(sims)
    near_names = _Recent()
    near_keys = _Recent()
    far_names = _Recent()
    far_surnames = _Recent()
    out = []
    for g in range(1, n):
        prev = paras[g - 1]
        near_names.add(prev.names)
        near_keys.add(prev.keys)
        far_names.add(prev.names)
        far_surnames.add(prev.surnames)
        if g - 1 - NEAR >= 0:
            near_names.remove(paras[g - 1 - NEAR].names)
            near_keys.remove(paras[g - 1 - NEAR].keys)
        if g - 1 - FAR >= 0:
            far_names.remove(paras[g - 1 - FAR].names)
            far_surnames.remove(paras[g - 1 - FAR].surnames)
        unit = units[g]
        para = paras[g]
        text = unit.text.strip()
        names_here = para.names | paras[g + 1].names if g + 1 < n else para.names
        novelty = sum(1 for k in names_here if k not in near_names) / len(names_here) if names_here else 0.5
        far_novelty = (
            sum(1 for k in names_here if k not in far_names) / len(names_here) if names_here else 0.5
        )
        quote_open = bool(_QUOTE_OPEN.match(text))
        head = text[:300]
        sentence = head.split(". ")[0]
        new_full_names = [
            m.group(1)
            for m in _FULL_NAME.finditer(sentence)
            if _stem(m.group(1).split()[-1]) not in near_keys
        ]
        # A surname used alone that an earlier paragraph introduced in full ("Joe Biden" ... "Biden said").
        callback = any(s in far_surnames for s in para.singles)
        # A full name introduced in the lead whose surname then recurs alone: how stories present people.
        later = paras[g + 1 : g + 4]
        introduced = any(
            s not in far_surnames
            and "N:" + s not in far_names
            and any(s in q.singles or "N:" + s in q.names for q in later)
            for s in para.intro
        )
        heading = bool(unit.headings) and unit.headings[-1].kind == "para"
        sim = sims[g - 1]
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
                bool(_DATELINE.match(text))
                or unit.date_before is not None
                or bool(_DATE_ONLY.fullmatch(text))
            ),
            "lead": float(bool(_TIME_WORDS.search(head)) and not quote_open and len(text.split()) >= 12),
            "continuation": float(bool(_CONTINUATION.match(text))),
            "quote_cont": float(quote_open and not _ATTRIBUTION.search(text)),
            "quote_attr": float(quote_open and bool(_ATTRIBUTION.search(text))),
            "honorific": float(bool(_HONORIFIC.search(text[:120]))),
            "indefinite": float(bool(_INDEFINITE.match(text))),
            "perfect": float(bool(_PERFECT.search(sentence))),
            "acronym_def": float(bool(_ACRONYM_DEF.search(sentence))),
            # An acronym is defined at its first mention: defined here and unseen before, a story starts.
            "acronym_new": float(
                any("N:" + _stem(m.group(2)) not in far_names for m in _ACRONYM_DEF.finditer(sentence))
            ),
            "new_full_name": float(bool(new_full_names)),
            "callback": float(callback),
            "introduced": float(introduced),
            "clutter": float(unit.clutter_before),
            "long": min(len(text.split()), 60) / 60,
            "tiny": float(len(text.split()) < 8),
            "heading_overlap": _overlap(unit.headings[-1].text, text) if heading else 0.0,
            "heading_low_sim": float(heading) * max(0.0, 0.3 - sim),
            "low_sim": max(0.0, 0.1 - sim) * 10,
            "sim_far": far_sims[g - 1],
        }
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
    "caption_above",
)


def _expand(x: dict[str, float]) -> None:
    """Add hinge terms of the continuous evidence and cue × low-similarity products, in place."""
    for name, knots in _KNOTS.items():
        v = x[name]
        for k in knots:
            x[f"{name}>{k}"] = max(0.0, v - k)
    low = 1.0 - min(1.0, max(x["sim"], x["sim_far"]) / 0.1)
    for name in _CROSSED:
        x[f"{name}*low"] = x[name] * low


def _overlap(heading: str, lead: str) -> float:
    """Share of a headline's content words found in the lead: real titles echo their lead."""
    words = {k for k in features_of(heading) if not k.startswith("N:")}
    if not words:
        return 0.0
    lead_words = set(features_of(lead))
    return len(words & lead_words) / len(words)


def _zscores(values: list[float]) -> list[float]:
    if not values:
        return []
    mean = sum(values) / len(values)
    var = sum((v - mean) ** 2 for v in values) / len(values)
    std = math.sqrt(var) or 1.0
    return [(v - mean) / std for v in values]


# Weights of the evidence: a logistic regression fitted (L2, Newton steps) on
# 180 seeded Wikinews dumps (tests/core/dumps.py, seeds 1000-1059, half of them
# with no titles kept so lexical evidence is not crowded out by headline cues),
# disjoint from the seeds of the tests and of tests/bench. The threshold sits a
# little below 0 (probability ~0.43): boundaries are rare, recall is cheap.
WEIGHTS = {
    "bias": -9.13,
    "acronym_def": -0.49,
    "acronym_new": 0.27,
    "acronym_new*low": -0.42,
    "adjacent": -3.19,
    "back": 5.04,
    "back>0.02": 11.49,
    "back>0.05": 8.92,
    "back>0.1": -1.89,
    "callback": -0.19,
    "callback*low": 1.86,
    "caption_above": 0.1,
    "caption_above*low": 0.96,
    "clutter": 0.85,
    "clutter*low": 0.56,
    "continuation": -1.56,
    "continuation*low": -1.33,
    "dateline": 10.22,
    "dateline*low": 2.54,
    "depth_z": 0.52,
    "depth_z>0.0": 0.53,
    "depth_z>1.0": -0.44,
    "depth_z>2.0": 0.34,
    "depth_z>3.0": -1.31,
    "far_novelty": 0.19,
    "far_novelty>0.5": 3.45,
    "far_novelty>0.8": -6.25,
    "fwd_minus_back": 8.48,
    "fwd_minus_back>0.0": 7.82,
    "fwd_minus_back>0.1": -11.31,
    "fwd_minus_back>0.2": -5.21,
    "heading": 3.36,
    "heading*low": -4.86,
    "heading_low_sim": 8.08,
    "heading_overlap": 5.49,
    "honorific": -1.5,
    "indefinite": -1.03,
    "indefinite*low": 5.54,
    "introduced": -0.44,
    "introduced*low": 0.33,
    "lead": 2.61,
    "lead*low": 0.5,
    "long": 2.16,
    "low_sim": 2.05,
    "new_full_name": 0.06,
    "new_full_name*low": 1.48,
    "novelty": -0.39,
    "perfect": 0.09,
    "perfect*low": 1.41,
    "quote_attr": -0.59,
    "quote_attr*low": 4.2,
    "quote_cont": 1.86,
    "quote_cont*low": -0.58,
    "sim": -5.93,
    "sim>0.02": 0.29,
    "sim>0.05": 1.36,
    "sim>0.1": -6.33,
    "sim>0.2": -0.44,
    "sim_far": -10.45,
    "sim_far>0.02": -5.9,
    "sim_far>0.05": 1.34,
    "sim_far>0.1": 2.87,
    "sim_far>0.2": 10.06,
    "sim_z": -0.7,
    "tiny": -1.05,
    "tiny*low": -5.44,
}
THRESHOLD = -0.6
MIN_PARAGRAPHS = 2


def score(f: GapFeatures) -> float:
    """One number per gap: positive means "a new article starts here"."""
    return WEIGHTS["bias"] + sum(WEIGHTS.get(k, 0.0) * v for k, v in f.x.items())


CHUNK = 4000
CHUNK_PAD = 60


def find_starts(units: Sequence[Unit]) -> list[int]:
    """Indices of the units that start an article (always including 0).

    Long dumps are segmented in overlapping chunks of CHUNK paragraphs, so the
    working set (one term vector per paragraph) stays bounded however large
    the file is; only boundaries in each chunk's own stretch are kept.
    """
    n = len(units)
    if n <= CHUNK + 2 * CHUNK_PAD:
        return _find_starts(units)
    starts: list[int] = []
    for begin in range(0, n, CHUNK):
        lo, hi = max(0, begin - CHUNK_PAD), min(n, begin + CHUNK + CHUNK_PAD)
        for local in _find_starts(units[lo:hi]):
            index = lo + local
            if begin <= index < begin + CHUNK and (local > 0 or lo == 0):
                starts.append(index)
    return starts


def _find_starts(units: Sequence[Unit]) -> list[int]:
    from reader.core.ingest.refine import refine

    analysis = analyse_gaps(units)
    scores = [score(f) for f in analysis.features]
    first = decode(analysis.features, len(units), THRESHOLD, scores)
    return refine(analysis, len(units), first, scores)


# Log-prior of an article's length in paragraphs, added once per article by the
# decoder: very short articles exist (a brief), but a stray paragraph that
# scores as a lead inside a story is commoner than a one-paragraph story.
SHORT_PRIOR = {1: -1.0, 2: -0.5}
PRIOR_REACH = max(SHORT_PRIOR) + 1


def decode(
    feats: Sequence[GapFeatures], n: int, threshold: float, scores: Sequence[float] | None = None
) -> list[int]:
    """The set of article starts that maximises the total gap score (dynamic programming).

    Each chosen gap earns ``score - threshold``; each article pays its length
    prior (SHORT_PRIOR), and an article of one paragraph is allowed only when
    the next start is marked by a headline or dateline. Unlike taking the
    best gaps greedily, two weaker neighbouring starts can beat one strong
    one, and a weak start is not blocked by an even weaker one nearby.
    ``scores`` (one per gap, in ``feats`` order) replaces :func:`score` when given.
    """
    gain = [0.0] * (n + 1)
    marked = [True] * (n + 1)
    for k, f in enumerate(feats):
        gain[f.index] = (score(f) if scores is None else scores[k]) - threshold
        marked[f.index] = f.marked
    best = [0.0] * (n + 1)
    back = [0] * (n + 1)
    far_best = -math.inf  # max of best[j] over j <= i - PRIOR_REACH
    far_arg = 0
    for i in range(1, n + 1):
        j_far = i - PRIOR_REACH
        if j_far >= 0 and best[j_far] > far_best:
            far_best, far_arg = best[j_far], j_far
        top, arg = far_best, far_arg
        min_len = 1 if marked[i] else MIN_PARAGRAPHS
        for length in range(min_len, PRIOR_REACH):
            j = i - length
            if j < 0:
                break
            value = best[j] + SHORT_PRIOR.get(length, 0.0)
            if value > top:
                top, arg = value, j
        if top == -math.inf:  # too close to the start for a boundary here
            best[i] = -math.inf
            continue
        best[i] = top + (gain[i] if i < n else 0.0)
        back[i] = arg
    # best[i] is the value of a segmentation with a start at i; walk back from the end.
    chosen = []
    i = back[n]
    while i > 0:
        chosen.append(i)
        i = back[i]
    chosen.append(0)
    return chosen[::-1]
