"""Term vectors of paragraphs and the similarity arithmetic the gap scorer is built on.

Lexical cohesion (TextTiling-style): a paragraph becomes a bag of truncated
stems plus its names; windows of paragraphs either side of a gap are
compared by cosine, and depth scores say how far a gap dips below its
neighbours.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections import _count_elements as count_into  # type: ignore[attr-defined]  # Counter.update's C loop
from itertools import chain, repeat
from operator import mul
from typing import cast

from reader.core.ingest.segment.cues import STOPWORDS

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
    return bag_and_names(text)[0]


# raw word -> the keys it adds to a bag: not at a sentence start / at one (a capital there is no name).
_KEYS: dict[str, tuple[str, ...]] = {}
_KEYS_AT_START: dict[str, tuple[str, ...]] = {}
# Every name key made so far, while fewer than _TOKEN_CACHE_MAX (then no more are added, and
# bag_and_names tests keys one by one). Never cleared: a key cached before a clear would be missed.
_NAME_KEYS: set[str] = set()
# A word with the sentence break before it (". The", "? “We"): SENT_START's break, then WORD; or
# WORD alone. Two branches, not an optional break, so that each starts with a character class: the
# regex engine then skips to the next possible first character in C instead of trying the whole
# pattern at every position (more than doubles the speed of the scan).
_TAGGED_WORD = re.compile(r"[.!?][\"”’]?\s+[\"“‘]?[^\W\d_][\w’'-]*|[^\W\d_][\w’'-]*")
# SENT_START's other case: the text itself opens with a word, maybe after an opening quote.
_OPENS_WITH_WORD = re.compile(r"[\"“‘]?[^\W\d_]")


def bag_and_names(text: str) -> tuple[Counter[str], frozenset[str], frozenset[str]]:
    """:func:`features_of`, its keys and its name keys (``N:``), in one pass.

    One ``findall`` finds the words and which of them open a sentence: the
    pattern takes a sentence break (SENT_START's "[.!?] quote? spaces
    quote?") in front of the word it opens, so a token that starts with a
    break is a sentence's first word, and only the text's own first word (the
    other half of SENT_START, ``^``) is checked apart. No word is lost or cut
    by the break: the break's characters cannot be part of a word. Each token
    form's keys are cached, so the text becomes keys by lookups run in C, in
    the order counting one word at a time would insert them: the bag (and
    every sum over it) is the same as reading words and sentence starts apart.
    The counting skips ``Counter.__init__``, whose ``isinstance(_, Mapping)``
    check cost as much as the counting. The names are the bag's keys that are
    in the set of every name key made (a set intersection in C, not a test per key).
    """
    bag: Counter[str] = Counter()
    tokens = _TAGGED_WORD.findall(text)
    if not tokens:
        return bag, frozenset(), frozenset()
    found = list(map(_KEYS.get, tokens))
    if None in found:
        found = [_token_keys(t) if p is None else p for p, t in zip(found, tokens, strict=True)]
    if _OPENS_WITH_WORD.match(text):
        first = tokens[0]
        at_start = _KEYS_AT_START.get(first)
        found[0] = _word_keys(first)[1] if at_start is None else at_start
    count_into(bag, chain.from_iterable(cast(list[tuple[str, ...]], found)))
    keys = frozenset(bag)
    if len(_NAME_KEYS) < _TOKEN_CACHE_MAX:  # asked after the lookups: every key found was made unfull
        return bag, keys, keys & _NAME_KEYS
    return bag, keys, frozenset(k for k in keys if k[:2] == "N:")


def _token_keys(token: str) -> tuple[str, ...]:
    """The keys of one token of :data:`_TAGGED_WORD` (a plain word, or one opening a sentence), cached.

    A token opening a sentence (". The") is cached in ``_KEYS`` beside the
    plain words: it starts with a break, a word never does, so they cannot clash.
    """
    if token[0] not in ".!?":
        return _word_keys(token)[0]
    word = token[_WORD_START.search(token).start() :]  # type: ignore[union-attr]
    keys = _word_keys(word)[1]
    _KEYS[token] = keys
    return keys


_WORD_START = re.compile(r"[^\W\d_]")


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
        if cap and len(_NAME_KEYS) < _TOKEN_CACHE_MAX:
            _NAME_KEYS.add(name)
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
