"""Term vectors of paragraphs and the similarity arithmetic the gap scorer is built on.

Lexical cohesion (TextTiling-style): a paragraph becomes a bag of truncated
stems plus its names; windows of paragraphs either side of a gap are
compared by cosine, and depth scores say how far a gap dips below its
neighbours.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import chain, repeat
from operator import mul
from typing import cast

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


# raw word -> the keys it adds to a bag: not at a sentence start / at one (a capital there is no name).
_KEYS: dict[str, tuple[str, ...]] = {}
_KEYS_AT_START: dict[str, tuple[str, ...]] = {}


def bag_of(text: str, starts: set[int]) -> Counter[str]:
    """:func:`features_of` given the sentence starts (callers that need them too find them once).

    The text is cut at the sentence starts and each piece's words are found
    with ``findall`` (no match objects): a piece's first word is the one at
    the start, and no word crosses a cut (a sentence starts after a space or
    an opening quote). Each word form's keys are worked out once and cached,
    so a piece becomes keys by lookups run in C. The keys come in the order
    counting one word at a time would insert them, so the bag (and every sum
    over it) is the same, only cheaper.
    """
    keys: list[str] = []
    extend = keys.extend
    get = _KEYS.get
    findall = WORD.findall
    bounds = sorted(starts)
    if not bounds or bounds[0]:
        bounds.insert(0, 0)
    bounds.append(len(text))
    for b in range(len(bounds) - 1):
        begin = bounds[b]
        words = findall(text, begin, bounds[b + 1])
        if not words:
            continue
        found = list(map(get, words))
        if None in found:
            found = [_word_keys(w)[0] if p is None else p for p, w in zip(found, words, strict=True)]
        parts = cast(list[tuple[str, ...]], found)
        if begin in starts:
            first = _KEYS_AT_START.get(words[0])
            parts[0] = _word_keys(words[0])[1] if first is None else first
        extend(chain.from_iterable(parts))
    return Counter(keys)


def _word_keys(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The keys ``word`` adds to a bag (elsewhere, at a sentence start); cached in _KEYS and _KEYS_AT_START."""
    token = token_info(word)
    if token is None:
        keys: tuple[str, ...] = ()
        at_start = keys
    else:
        stem, cap = token
        name = "N:" + stem
        keys = (stem, name, name) if cap else (stem,)
        at_start = keys if cap and word.strip("’'-").isupper() else (stem,)
    if len(_KEYS) >= _TOKEN_CACHE_MAX:
        _KEYS.clear()
        _KEYS_AT_START.clear()
    _KEYS[word] = keys
    _KEYS_AT_START[word] = at_start
    return keys, at_start


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
