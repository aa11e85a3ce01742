"""Term vectors of paragraphs and the similarity arithmetic the gap scorer is built on.

Lexical cohesion (TextTiling-style): a paragraph becomes a bag of truncated
stems plus its names; windows of paragraphs either side of a gap are
compared by cosine, and depth scores say how far a gap dips below its
neighbours.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import repeat
from operator import mul

from reader.core.ingest.segment.cues import SENT_START, STOPWORDS, WORD

WINDOW_WORDS = 90
MAX_WINDOW = 5
STEM_LENGTH = 6


def stem_of(word: str) -> str:
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


def token_info(word: str) -> tuple[str, bool] | None:
    """(stem, may be a name) for one raw word, or None for a stopword; memoised per word form."""
    info = _TOKEN_CACHE.get(word, False)
    if info is not False:
        return info  # type: ignore[return-value]
    w = word.strip("’'-")
    low = w.lower()
    out = None if len(low) < 3 or low in STOPWORDS else (stem_of(w), w[:1].isupper())
    if len(_TOKEN_CACHE) >= _TOKEN_CACHE_MAX:
        _TOKEN_CACHE.clear()
    _TOKEN_CACHE[word] = out
    return out


def features_of(text: str) -> Counter[str]:
    """Content-word stems plus names (capitalised words, counted again with an ``N:`` prefix)."""
    return bag_of(text, sentence_starts(text))


def sentence_starts(text: str) -> set[int]:
    """Offsets of the words that open a sentence (a capital there does not make a name)."""
    return {m.start(1) for m in SENT_START.finditer(text)}


# raw word -> (stem, "N:" + stem or "" when it cannot be a name, all capitals), None for a stopword.
_BAG_CACHE: dict[str, tuple[str, str, bool] | None] = {}
_UNSEEN = ("", "", False)  # a sentinel: compared by identity


def bag_of(text: str, starts: set[int]) -> Counter[str]:
    """:func:`features_of` given the sentence starts (callers that need them too find them once).

    The text is cut at the sentence starts and each piece's words are found
    with ``findall`` (no match objects): a piece's first word is the one at
    the start, and no word crosses a cut (a sentence starts after a space or
    an opening quote). The keys go into one list counted by Counter in C, in
    the order counting one word at a time would insert them, so the bag (and
    every sum over it) is the same, only cheaper.
    """
    keys: list[str] = []
    add = keys.append
    cache = _BAG_CACHE
    findall = WORD.findall
    bounds = sorted(starts)
    if not bounds or bounds[0]:
        bounds.insert(0, 0)
    bounds.append(len(text))
    for b in range(len(bounds) - 1):
        begin = bounds[b]
        first = begin in starts
        for word in findall(text, begin, bounds[b + 1]):
            info = cache.get(word, _UNSEEN)
            if info is _UNSEEN:
                info = _bag_info(word)
            if info is not None:
                stem, name, upper = info
                add(stem)
                if name and (upper or not first):
                    add(name)
                    add(name)
            first = False
    return Counter(keys)


def _bag_info(word: str) -> tuple[str, str, bool] | None:
    token = token_info(word)
    if token is None:
        out = None
    else:
        stem, cap = token
        out = (stem, "N:" + stem if cap else "", word.strip("’'-").isupper())
    if len(_BAG_CACHE) >= _TOKEN_CACHE_MAX:
        _BAG_CACHE.clear()
    _BAG_CACHE[word] = out
    return out


def vec_norm(v: dict[str, float]) -> float:
    values = v.values()
    return math.sqrt(sum(map(mul, values, values)))


def cosine(
    a: dict[str, float], b: dict[str, float], na: float | None = None, nb: float | None = None
) -> float:
    if not a or not b:
        return 0.0
    na = vec_norm(a) if na is None else na
    nb = vec_norm(b) if nb is None else nb
    if not na or not nb:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    # The products summed in a's order, as a loop would, but iterated in C.
    dot = sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))
    return dot / (na * nb)


def window_sum(
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
    n = len(vectors)
    while 0 <= i < n and taken < MAX_WINDOW and (words < WINDOW_WORDS or taken < 1):
        weight = 1.0 / (1.0 + 0.3 * taken)
        get = out.get
        for k, v in vectors[i].items():
            out[k] = get(k, 0.0) + weight * v
        priv += weight * weight * private[i]
        words += sizes[i]
        taken += 1
        i += step
    values = out.values()
    return out, math.sqrt(sum(map(mul, values, values)) + priv)


def depth_scores(sims: list[float]) -> list[float]:
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
