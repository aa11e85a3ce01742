"""Term vectors of paragraphs and the similarity arithmetic the gap scorer is built on.

Lexical cohesion (TextTiling-style): a paragraph becomes a bag of truncated
stems plus its names; windows of paragraphs either side of a gap are
compared by cosine, and depth scores say how far a gap dips below its
neighbours.
"""

from __future__ import annotations

import math
from collections import Counter

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
    bag: Counter[str] = Counter()
    starts = {m.start(1) for m in SENT_START.finditer(text)}
    for m in WORD.finditer(text):
        info = token_info(m.group(0))
        if info is None:
            continue
        stem, cap = info
        bag[stem] += 1
        if cap and (m.start() not in starts or m.group(0).strip("’'-").isupper()):
            bag["N:" + stem] += 2
    return bag


def vec_norm(v: dict[str, float]) -> float:
    return math.sqrt(sum(x * x for x in v.values()))


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
    get = b.get
    dot = sum(v * get(k, 0.0) for k, v in a.items())
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
