"""Evidence for a story boundary at every gap between paragraphs, one named feature at a time.

Four kinds of evidence, combined by the weights in ``weights.json``:

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
* **typography**: each story keeps the typing habits of whoever or whatever
  produced it (curly or straight apostrophes and quotation marks, the dash,
  the ellipsis), so a habit that changes at a gap says two texts meet there,
  even where they share every subject word.

The features of a run of paragraphs are built as a table, one column per
feature name over every gap, not as one dictionary per gap: a cue that reads
one paragraph is one list comprehension, the terms derived from other
features (hinges, cue × low similarity) are array expressions, and the gap
scores are a weighted sum of columns (:meth:`GapTable.scores`). Building
~100 dictionary entries per gap and scoring them one lookup at a time was
half the segmenter's time. Every value is the float the per-gap arithmetic
gave (the same operations, element by element), so no decision moves.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt

from reader.core.ingest.segment.cohesion import STORY_BAND, band_dots_of, window_cosines
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
from reader.core.ingest.segment.meaning import NAMES as MEANING_NAMES
from reader.core.ingest.segment.meaning import gap_columns, paragraph_vectors
from reader.core.ingest.segment.names import window_evidence
from reader.core.ingest.segment.paragraphs import MARK_COUNT, Para, read_paragraph
from reader.core.ingest.segment.units import Unit
from reader.core.ingest.segment.vectors import depth_scores, features_of, stem_of

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

# A necessary condition of FULL_NAME (two capitalised words in a row), found without its look-behinds.
_CAPITALS_PAIR = re.compile(r"[A-Z][a-z’'-]+\s+[A-Z][a-z’'-]")

# The evidence read from one paragraph at a time. Each takes the paragraph after the gap (``u``,
# its stripped text ``t``) and the one before it (``p``). A new cue of this kind is one line here,
# its name in _BASE (its column: put it next to "credit_above"; the weights are by name, the column
# order only fixes the order in which a score adds its terms), and in _CROSSED if its weight
# should depend on whether the words changed at the gap. analyse_gaps places the known cues by
# name and every other one by itself (``col.update(cues)``).
_Cue = Callable[[Unit, str, Unit], bool]
_TEXT_CUES: dict[str, _Cue] = {
    "continuation": lambda u, t, p: CONTINUATION.match(t) is not None,
    # The patterns' own words are looked for first (in C): most paragraphs have none, and a search
    # with look-arounds tries every offset.
    "honorific": lambda u, t, p: (
        ("Mr" in t[:120] or "Ms" in t[:120] or "Dr" in t[:120]) and HONORIFIC.search(t[:120]) is not None
    ),
    "indefinite": lambda u, t, p: INDEFINITE.match(t) is not None,
    "clutter": lambda u, t, p: u.clutter_before,
}


_BASE = (
    "sim",
    "depth_z",
    "sim_z",
    "back",
    "fwd_minus_back",
    "adjacent",
    "novelty",
    "far_novelty",
    "heading",
    "caption_above",
    "dateline",
    "lead",
    "continuation",
    "quote_cont",
    "quote_attr",
    "honorific",
    "indefinite",
    "perfect",
    "acronym_def",
    "acronym_new",
    "new_full_name",
    "callback",
    "reintro",
    "credit_above",
    "ending_here",
    "ending_ahead",
    "introduced",
    "clutter",
    "long",
    "tiny",
    "heading_overlap",
    "heading_back",
    "heading_numbered",
    "heading_low_sim",
    "low_sim",
    "sim_far",
    "callbacks",
    "intros",
    "typo_shift",
    "typo_agree",
)

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
# Subhead or headline? Evidence counted only at a heading (see _subhead_columns); 0.0 elsewhere.
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
# The names of the added terms, spelt once.
_HINGES = tuple((name, tuple((f"{name}>{k}", k) for k in knots)) for name, knots in _KNOTS.items())
_CROSSED_NAMES = tuple((name, f"{name}*low") for name in _CROSSED)
NAMES: tuple[str, ...] = (
    *_BASE,
    *_SUBHEAD_KEYS,
    *(key for _, hinges in _HINGES for key, _ in hinges),
    *(key for _, key in _CROSSED_NAMES),
)


class GapFeatures:
    """Evidence for a boundary just before unit ``index``: one row of a :class:`GapTable`.

    ``x`` (feature name -> value) is built from the row when first asked for:
    the segmenter itself reads only ``index`` and ``marked``; the fitting
    script and tests read the names.
    """

    __slots__ = ("index", "marked", "_names", "_matrix", "_x")

    def __init__(self, index: int, marked: bool, names: tuple[str, ...], matrix: Floats) -> None:
        self.index = index
        self.marked = marked  # a headline or dateline marks this start, so a shorter article is allowed
        self._names = names
        self._matrix = matrix  # the table's; this gap's row is index - 1
        self._x: dict[str, float] | None = None

    @property
    def x(self) -> dict[str, float]:
        if self._x is None:
            self._x = dict(zip(self._names, self._matrix[self.index - 1].tolist(), strict=True))
        return self._x


class GapTable(list[GapFeatures]):
    """Every gap's features of one run of paragraphs, in gap order; ``matrix[k]`` is gap k + 1's row."""

    def __init__(self, names: tuple[str, ...], matrix: Floats, marked: Sequence[bool]) -> None:
        super().__init__(GapFeatures(k, m, names, matrix) for k, m in enumerate(marked, 1))
        self.names = names
        self.matrix = matrix

    def scores(self, weights: Mapping[str, float]) -> list[float]:
        """``weights["bias"] + Σ weight × value`` per gap, the terms added in column order.

        A column at a time, each gap's running total gets the same additions
        in the same order as summing its row's products one by one, so every
        score is the float :func:`decoder.score` gives. A weight of zero adds
        nothing (a product of zero never changes a non-zero total).
        """
        total = np.zeros(len(self))
        for j, name in enumerate(self.names):
            w = weights.get(name, 0.0)
            if w:
                total += w * self.matrix[:, j]
        out: list[float] = (weights["bias"] + total).tolist()
        return out


@dataclass
class GapAnalysis:
    """Gap evidence plus what the story-level pass reuses of the paragraph term vectors behind it.

    ``dots[i, d]`` is the dot product of paragraphs i and i + d (d < STORY_BAND);
    ``private[i]`` is the squared weight of paragraph i's terms that occur in no
    other paragraph: they never meet another vector, so only their norm is kept.
    ``features`` is a :class:`GapTable`; ``meaning`` holds meaning.NAMES per gap, in its order.
    """

    features: list[GapFeatures]
    private: list[float]
    dots: Floats
    meaning: Floats
    unit_words: float = 0.0  # mean words a paragraph in the run (refine.dump_shift reads the run's grain)


def analyse_gaps(units: Sequence[Unit]) -> GapAnalysis:
    """Gap evidence for every gap, and the band of paragraph dot products behind it."""
    n = len(units)
    if n < 2:
        empty = GapTable(NAMES, np.zeros((0, len(NAMES))), [])
        return GapAnalysis(empty, [], np.zeros((0, STORY_BAND)), np.zeros((0, len(MEANING_NAMES))))
    paras = [read_paragraph(u.text) for u in units]
    rows, cols, weights, private = _vectors(paras)
    # Every window cosine of every gap at once: see cohesion.py for why not window by window.
    dots = band_dots_of(rows, cols, weights, n, STORY_BAND)
    del rows, cols, weights
    cos = window_cosines(private, [p.words for p in paras], dots)
    col: dict[str, Floats | list[float] | list[bool]] = {}
    sims = np.array(cos.sims)
    back = np.array(cos.back)
    far = np.array(cos.far)
    col["sim"] = sims
    col["depth_z"] = _zscores(depth_scores(cos.sims))
    col["sim_z"] = _zscores(cos.sims)
    col["back"] = back
    col["fwd_minus_back"] = np.array(cos.fwd) - back
    col["adjacent"] = cos.adjacent
    after, before = units[1:], units[:-1]
    texts = [u.text.strip() for u in after]
    heads = [t[:300] for t in texts]
    sentences = [h.split(". ")[0] for h in heads]
    words = [p.words for p in paras[1:]]  # len(text.split()): splitting ignores the ends
    quote_open = [QUOTE_OPEN.match(t) is not None for t in texts]
    attributed = [q and ATTRIBUTION.search(t) is not None for q, t in zip(quote_open, texts, strict=True)]
    heading = [bool(u.headings) and u.headings[-1].kind == "para" for u in after]
    # An acronym defined in the lead sentence (no bracket, no definition: the search is skipped).
    acronyms = [[m.group(2) for m in ACRONYM_DEF.finditer(s)] if "(" in s else [] for s in sentences]
    # Full names in the lead sentence: half of them have no two capitalised words in a row to search.
    full_stems = [
        [stem_of(m.group(1).split()[-1]) for m in FULL_NAME.finditer(s)] if _CAPITALS_PAIR.search(s) else []
        for s in sentences
    ]
    window = window_evidence(units, paras, full_stems, acronyms, heading)
    col["novelty"], col["far_novelty"] = window["novelty"], window["far_novelty"]
    col["heading"] = heading
    col["caption_above"] = [bool(u.headings) and not h for u, h in zip(after, heading, strict=True)]
    dateline = [
        DATELINE.match(t) is not None or u.date_before is not None or DATE_ONLY.fullmatch(t) is not None
        for u, t in zip(after, texts, strict=True)
    ]
    col["dateline"] = dateline
    # The story's own time frame, not a date someone is quoted giving ("told Sky News: “On December 19").
    col["lead"] = [
        not q and w >= 12 and has_time_words(QUOTED.sub("", h) if '"' in h or "“" in h else h)
        for q, w, h in zip(quote_open, words, heads, strict=True)
    ]
    cues = {
        name: [cue(u, t, p) for u, t, p in zip(after, texts, before, strict=True)]
        for name, cue in _TEXT_CUES.items()
    }
    col["continuation"] = cues.pop("continuation")
    col["quote_cont"] = [q and not a for q, a in zip(quote_open, attributed, strict=True)]
    col["quote_attr"] = attributed
    col["honorific"] = cues.pop("honorific")
    col["indefinite"] = cues.pop("indefinite")
    col["perfect"] = [("has" in s or "have" in s) and PERFECT.search(s) is not None for s in sentences]
    col["acronym_def"] = [bool(a) for a in acronyms]
    for name in ("acronym_new", "new_full_name", "callback", "reintro"):
        col[name] = window[name]
    ends = [is_ending(u.text) for u in units]
    # A line that only ends stories (a credit, correction, contact, image credit, author bio) just
    # above, or headline-shaped and waiting above this paragraph: the story above is over.
    col["credit_above"] = [
        e or any(is_ending(h.text) for h in u.headings) for e, u in zip(ends[:-1], after, strict=True)
    ]
    # ... or at or just after this paragraph: the story above is not over yet.
    col["ending_here"] = ends[1:]
    col["ending_ahead"] = [any(ends[g + 1 : g + 3]) for g in range(1, n)]
    col["introduced"] = window["introduced"]
    col["clutter"] = cues.pop("clutter")
    col.update(cues)  # cues added to _TEXT_CUES and not placed above
    col["long"] = [min(w, 60) / 60 for w in words]
    col["tiny"] = [w < 8 for w in words]
    at = np.array(heading, dtype=bool)
    col["heading_overlap"] = _heading_overlap(after, texts, paras, heading)
    col["heading_back"] = window["heading_back"]
    col["heading_numbered"] = [
        h and LIST_ITEM.match(u.headings[-1].text) is not None for u, h in zip(after, heading, strict=True)
    ]
    col["heading_low_sim"] = at * np.maximum(0.0, 0.3 - sims)
    col["low_sim"] = np.maximum(0.0, 0.1 - sims) * 10
    col["sim_far"] = far
    col["callbacks"], col["intros"] = window["callbacks"], window["intros"]
    col["typo_shift"], col["typo_agree"] = _typography_columns([p.marks for p in paras])
    matrix = np.empty((n - 1, len(NAMES)))
    place = {name: j for j, name in enumerate(NAMES)}
    for name, values in col.items():
        matrix[:, place[name]] = values
    _subhead_columns(matrix, place, at, after, window["h_names_back"])
    _expand(matrix, place)
    marked = [h or d for h, d in zip(heading, dateline, strict=True)]
    meaning = gap_columns(paragraph_vectors([u.text for u in units]))
    unit_words = sum(p.words for p in paras) / n
    return GapAnalysis(GapTable(NAMES, matrix, marked), private, dots, meaning, unit_words)


def _vectors(paras: Sequence[Para]) -> tuple[Ints, Ints, Floats, list[float]]:
    """Every paragraph's tf-idf vector over the run, as entries (row, term id, weight), and ``private``.

    A term found in one paragraph only can never meet another window, so it
    is kept out of the entries and only its squared weight is kept, per
    paragraph, for the norms (``private``): the cosines are unchanged and the
    band far cheaper. The entries come in each bag's order and every weight
    is the product a loop over the bag would form (idf by ``math.log`` per
    term, ``1 + log(count)`` by table), so the band's cells are the same floats.
    """
    n = len(paras)
    bags = [p.bag for p in paras]
    lens = [len(b) for b in bags]
    total = sum(lens)
    keys = list(chain.from_iterable(bags))
    ids = {k: i for i, k in enumerate(dict.fromkeys(keys))}
    cols = np.fromiter(map(ids.__getitem__, keys), np.int64, total)
    del keys, ids
    counts = np.fromiter(chain.from_iterable(b.values() for b in bags), np.int64, total)
    rows = np.repeat(np.arange(n, dtype=np.int64), lens)
    df = np.bincount(cols)  # a bag holds each key once: the paragraphs holding each term
    log = math.log
    idf = np.array([log((n + 1) / (d + 0.5)) for d in df.tolist()])
    tf = np.array([1 + log(c) for c in range(1, int(counts.max(initial=1)) + 1)])
    weights = tf[counts - 1] * idf[cols]
    shared = df[cols] > 1
    alone = ~shared
    private: list[float] = np.bincount(
        rows[alone], weights=weights[alone] * weights[alone], minlength=n
    ).tolist()
    return rows[shared], cols[shared], weights[shared], private


def _heading_overlap(
    after: Sequence[Unit], texts: Sequence[str], paras: Sequence[Para], heading: Sequence[bool]
) -> list[float]:
    """Share of a headline's content words found in the lead below it (0.0 where there is no heading)."""
    out = [0.0] * len(after)
    for k, h in enumerate(heading):
        if h:
            unit, text = after[k], texts[k]
            bag = features_of(unit.headings[-1].text)
            out[k] = _overlap(bag, paras[k + 1].bag if text == unit.text else features_of(text))
    return out


def _subhead_columns(
    matrix: Floats,
    place: dict[str, int],
    at: npt.NDArray[np.bool_],
    after: Sequence[Unit],
    names_back: list[float],
) -> None:
    """Headline or subhead? The same line reads either way; what is around it tells them apart.

    Before a headline one story ends and a lead follows (new words, people named
    in full); around a subhead the story goes on: the words on both sides agree,
    the people named above are called by surname below, the line's own names
    were just seen. These are the cohesion cues again, counted only at a heading.
    """

    def c(name: str) -> Floats:
        column: Floats = matrix[:, place[name]]
        return column

    zero = np.zeros(len(at))
    matrix[:, place["h_sim"]] = np.where(at, np.minimum(c("sim"), 0.4), zero)
    matrix[:, place["h_sim_far"]] = np.where(at, np.minimum(c("sim_far"), 0.4), zero)
    matrix[:, place["h_known"]] = np.where(at, 1.0 - c("novelty"), zero)
    matrix[:, place["h_callbacks"]] = np.where(at, c("callbacks"), zero)
    matrix[:, place["h_intros"]] = np.where(at, c("intros"), zero)
    matrix[:, place["h_cont"]] = np.where(at, c("continuation"), zero)
    matrix[:, place["h_lead"]] = np.where(at, np.maximum(c("lead"), c("dateline")), zero)
    matrix[:, place["h_question"]] = [
        h and u.headings[-1].text.rstrip().endswith("?") for u, h in zip(after, at.tolist(), strict=True)
    ]
    matrix[:, place["h_names_back"]] = names_back


def _expand(matrix: Floats, place: dict[str, int]) -> None:
    """Fill the hinge terms of the continuous evidence and the cue × low-similarity products."""
    for name, hinges in _HINGES:
        v = matrix[:, place[name]]
        for key, k in hinges:
            d = v - k
            matrix[:, place[key]] = np.where(d > 0.0, d, 0.0)
    low = 1.0 - np.minimum(1.0, np.maximum(matrix[:, place["sim"]], matrix[:, place["sim_far"]]) / 0.1)
    for name, key in _CROSSED_NAMES:
        matrix[:, place[key]] = matrix[:, place[name]] * low


_TYPO_REACH = 6  # paragraphs searched on each side for one that states a mark's style


def _typography_columns(styles: Sequence[Sequence[int]]) -> tuple[Floats, Floats]:
    """Per gap: how many marks change style across it, and how many keep it.

    Each side's style is that of the nearest paragraph (within ``_TYPO_REACH``)
    that uses the mark in one style only (:attr:`Para.marks`); a side with none
    says nothing.
    """
    n = len(styles)
    shift = np.zeros(max(0, n - 1))
    agree = np.zeros(max(0, n - 1))
    for mark in range(MARK_COUNT):
        column = [row[mark] for row in styles]
        last_before = _nearest(column)
        first_after = _nearest(column[::-1])[::-1]
        b = np.array(last_before[:-1])
        a = np.array(first_after[1:])
        both = (a > 0) & (b > 0)
        shift += both & (a != b)
        agree += both & (a == b)
    return shift, agree


def _nearest(column: Sequence[int]) -> list[int]:
    """At each position, the last non-zero value at or before it within ``_TYPO_REACH`` (else 0)."""
    out = [0] * len(column)
    value, since = 0, _TYPO_REACH
    for i, v in enumerate(column):
        if v:
            value, since = v, 0
        else:
            since += 1
        out[i] = value if since < _TYPO_REACH else 0
    return out


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
