"""Find a highlighted passage again after the text around it changed.

A highlight is stored the way the W3C Web Annotation model describes it: the
quoted text (``exact``) with ~32 characters on each side (``prefix``,
``suffix``) plus the character offsets. Offsets alone break as soon as a line
is inserted above; the quote alone is ambiguous for short or repeated
phrases; together they survive rebuilds, re-segmentation and small edits.

Everything here is pure string work (no database), so it is cheap to test on
its own. Scores are in ``[0, 1]``: ``0.75 * quote similarity + 0.25 * context
similarity``; an exact quote therefore scores at least 0.75.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping
from difflib import SequenceMatcher
from typing import NamedTuple

CONTEXT = 32
#: A fuzzy candidate needs a quote this similar to the stored one …
MIN_QUOTE_SIMILARITY = 0.75
#: … and an overall score (quote and context) at least this high.
MIN_FUZZY_SCORE = 0.72
#: A quote found verbatim in *another* article is trusted when it is this long …
MIN_MOVED_LENGTH = 32
#: … or when its surroundings match at least this well (short quotes such as a name occur everywhere).
MIN_MOVED_CONTEXT = 0.5
_MAX_OCCURRENCES = 2000
_MAX_PIECE_HITS = 25


Taken = Callable[[str, int, int], bool] | None


class Placement(NamedTuple):
    """Where a quote was found: offsets into the text, and how good the match is."""

    start: int
    end: int
    score: float
    context: float


def quote_selector(text: str, start: int, end: int, context: int = CONTEXT) -> tuple[str, str, str]:
    """The ``(exact, prefix, suffix)`` of ``text[start:end]`` with ``context`` characters each side."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}:{end} is outside a text of {len(text)} characters")
    return text[start:end], text[max(0, start - context) : start], text[end : end + context]


def similarity(a: str, b: str) -> float:
    """How alike two strings are (0–1, difflib's ratio, no junk heuristic)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """How well the text around ``start:end`` matches the stored prefix and suffix (0–1).

    An empty stored prefix means "the quote opened the article": it matches
    fully at offset 0 and half elsewhere (we cannot tell more), likewise for
    an empty suffix at the end.
    """
    if prefix:
        before = similarity(prefix, text[max(0, start - len(prefix)) : start])
    else:
        before = 1.0 if start == 0 else 0.5
    after = similarity(suffix, text[end : end + len(suffix)]) if suffix else 1.0 if end == len(text) else 0.5
    return (before + after) / 2


def _score(quote: float, context: float) -> float:
    return 0.75 * quote + 0.25 * context


def occurrences(text: str, needle: str, limit: int = _MAX_OCCURRENCES) -> list[int]:
    """Start offsets of ``needle`` in ``text`` (overlapping allowed), at most ``limit``."""
    found: list[int] = []
    if not needle:
        return found
    pos = text.find(needle)
    while pos != -1 and len(found) < limit:
        found.append(pos)
        pos = text.find(needle, pos + 1)
    return found


def _best_exact(
    text: str, starts: Iterable[int], exact: str, prefix: str, suffix: str, hint: int | None
) -> Placement | None:
    best: Placement | None = None
    best_key: tuple[float, int] = (-1.0, 0)
    for start in starts:
        ctx = context_score(text, start, start + len(exact), prefix, suffix)
        distance = abs(start - hint) if hint is not None else 0
        key = (round(ctx, 6), -distance)
        if key > best_key:
            best_key = key
            best = Placement(start, start + len(exact), _score(1.0, ctx), ctx)
            if ctx == 1.0 and hint is None:
                break
    return best


def find_exact(text: str, exact: str, prefix: str, suffix: str, hint: int | None = None) -> Placement | None:
    """The occurrence of ``exact`` whose surroundings match best (ties: nearest to ``hint``)."""
    if not exact:
        return None
    return _best_exact(text, occurrences(text, exact), exact, prefix, suffix, hint)


def _pieces(exact: str, prefix: str, suffix: str) -> list[tuple[str, int]]:
    """Needles that should survive a small edit, each with the quote start it implies.

    The implied start is ``hit position - offset``: pieces of the quote carry
    their offset inside it; the end of the prefix implies a start right after
    it; the head of the suffix implies a start one quote-length before it.
    """
    found: list[tuple[str, int]] = []
    n = max(1, min(8, len(exact) // 12))
    size = len(exact) // n
    if size >= 4:
        for i in range(n):
            piece = exact[i * size : (i + 1) * size]
            found.append((piece, i * size))
    tail = prefix[-16:]
    if len(tail) >= 6:
        found.append((tail, -len(tail)))
    head = suffix[:16]
    if len(head) >= 6:
        found.append((head, len(exact)))
    return found


def needle_hits(text: str, exact: str, prefix: str, suffix: str) -> list[tuple[int, int]]:
    """``(hit position, offset)`` for every distinctive needle that still occurs in ``text``."""
    found: list[tuple[int, int]] = []
    for needle, offset in _pieces(exact, prefix, suffix):
        hits = occurrences(text, needle, limit=_MAX_PIECE_HITS + 1)
        if len(hits) > _MAX_PIECE_HITS:
            continue  # too common to tell us anything
        found.extend((h, offset) for h in hits)
    return found


def fuzzy_candidates(text: str, exact: str, prefix: str, suffix: str) -> list[int]:
    """Implied quote starts in ``text``, one per needle hit."""
    return sorted({max(0, h - offset) for h, offset in needle_hits(text, exact, prefix, suffix)})


def _snap(text: str, pos: int, *, at_start: bool, want_boundary: bool) -> int:
    """Move ``pos`` up to 3 characters onto a word boundary when the original span sat on one."""
    if not want_boundary:
        return pos

    def boundary(p: int) -> bool:
        if p <= 0 or p >= len(text):
            return True
        inner = text[p] if at_start else text[p - 1]
        outer = text[p - 1] if at_start else text[p]
        return inner.isalnum() and not outer.isalnum()

    for delta in (0, -1, 1, -2, 2, -3, 3):
        p = pos + delta
        if 0 <= p <= len(text) and boundary(p):
            return p
    return pos


def refine(text: str, guess: int, exact: str, prefix: str, suffix: str) -> Placement | None:
    """Align ``exact`` against the text around ``guess`` and score the best span there."""
    slack = max(8, len(exact) // 4)
    w0 = max(0, guess - slack)
    window = text[w0 : guess + len(exact) + slack]
    if not window:
        return None
    blocks = [b for b in SequenceMatcher(None, exact, window, autojunk=False).get_matching_blocks() if b.size]
    # Stray one- or two-character matches at the edges are noise, not anchors.
    while len(blocks) > 1 and blocks[0].size < 3:
        blocks.pop(0)
    while len(blocks) > 1 and blocks[-1].size < 3:
        blocks.pop()
    if not blocks:
        return None
    first, last = blocks[0], blocks[-1]
    start = max(0, w0 + first.b - first.a)
    end = min(len(text), w0 + last.b + last.size + (len(exact) - last.a - last.size))
    start = _snap(text, start, at_start=True, want_boundary=exact[:1].isalnum() and not prefix[-1:].isalnum())
    end = _snap(text, end, at_start=False, want_boundary=exact[-1:].isalnum() and not suffix[:1].isalnum())
    if end <= start:
        return None
    quote = similarity(exact, text[start:end])
    ctx = context_score(text, start, end, prefix, suffix)
    return Placement(start, end, _score(quote, ctx), ctx)


def acceptable(exact: str, placement: Placement, text: str) -> bool:
    """Thresholds for a fuzzy landing: a fixed typo lands, unrelated text does not."""
    quote = similarity(exact, text[placement.start : placement.end])
    if quote < MIN_QUOTE_SIMILARITY or placement.score < MIN_FUZZY_SCORE:
        return False
    # A short quote is mostly luck unless its surroundings agree too.
    return not (len(exact) < 16 and placement.context < 0.6)


def find_fuzzy(text: str, exact: str, prefix: str, suffix: str, hint: int | None = None) -> Placement | None:
    """The best acceptable approximate placement of the quote in ``text``, or None."""
    return _best_fuzzy(text, fuzzy_candidates(text, exact, prefix, suffix), exact, prefix, suffix, hint)


def _best_fuzzy(
    text: str, guesses: Iterable[int], exact: str, prefix: str, suffix: str, hint: int | None
) -> Placement | None:
    best: Placement | None = None
    best_key: tuple[float, int] = (-1.0, 0)
    seen: set[tuple[int, int]] = set()
    for guess in guesses:
        placed = refine(text, guess, exact, prefix, suffix)
        if placed is None or (placed.start, placed.end) in seen:
            continue
        seen.add((placed.start, placed.end))
        if not acceptable(exact, placed, text):
            continue
        distance = abs(placed.start - hint) if hint is not None else 0
        key = (round(placed.score, 6), -distance)
        if key > best_key:
            best, best_key = placed, key
    return best


def locate(
    text: str, exact: str, prefix: str, suffix: str, hint: int | None = None
) -> tuple[int, int, float] | None:
    """Find the quote in ``text``: verbatim first (best context), then approximately.

    Returns ``(start, end, score)`` or None when nothing is close enough.
    ``text[start:end] == exact`` tells a verbatim landing from a fuzzy one.
    """
    if hint is not None and text[hint : hint + len(exact)] == exact and exact:
        ctx = context_score(text, hint, hint + len(exact), prefix, suffix)
        if ctx == 1.0:
            return hint, hint + len(exact), 1.0
    placed = find_exact(text, exact, prefix, suffix, hint) or find_fuzzy(text, exact, prefix, suffix, hint)
    return None if placed is None else (placed.start, placed.end, placed.score)


class Corpus:
    """Every article's text in one string, to search all articles with one ``find``.

    Used when a quote is no longer in its own article (the article was split,
    merged, or got a new id). Articles are separated by NUL, which no needle
    contains, so a hit never straddles two articles.
    """

    def __init__(self, articles: Mapping[str, str]) -> None:
        self._ids = list(articles)
        self._texts = [articles[i] for i in self._ids]
        self._offsets: list[int] = []
        pos = 0
        for t in self._texts:
            self._offsets.append(pos)
            pos += len(t) + 1
        self._joined = "\0".join(self._texts)

    def _where(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._offsets, pos) - 1
        return i, pos - self._offsets[i]

    def _group(self, positions: Iterable[int], exclude: str | None) -> dict[int, list[int]]:
        grouped: dict[int, list[int]] = {}
        for pos in positions:
            i, local = self._where(pos)
            if self._ids[i] != exclude:
                grouped.setdefault(i, []).append(local)
        return grouped

    def find_exact(
        self, exact: str, prefix: str, suffix: str, *, exclude: str | None = None, taken: Taken = None
    ) -> tuple[str, Placement] | None:
        """The best verbatim occurrence in any article but ``exclude``, if trustworthy.

        ``taken(article_id, start, end)`` rejects spans another highlight
        already holds, so boilerplate repeated across articles does not pull a
        highlight onto a copy that is already highlighted.
        """
        best: tuple[str, Placement] | None = None
        for i, starts in self._group(occurrences(self._joined, exact), exclude).items():
            aid = self._ids[i]
            if taken is not None:
                starts = [s for s in starts if not taken(aid, s, s + len(exact))]
            placed = _best_exact(self._texts[i], starts, exact, prefix, suffix, None)
            if placed is not None and (best is None or placed.score > best[1].score):
                best = (self._ids[i], placed)
        if best is None:
            return None
        if len(exact) < MIN_MOVED_LENGTH and best[1].context < MIN_MOVED_CONTEXT:
            return None
        return best

    def find_fuzzy(
        self, exact: str, prefix: str, suffix: str, *, exclude: str | None = None, taken: Taken = None
    ) -> tuple[str, Placement] | None:
        """The best acceptable approximate placement in any article but ``exclude``."""
        guesses: dict[int, set[int]] = {}
        for hit, offset in needle_hits(self._joined, exact, prefix, suffix):
            i, local = self._where(hit)
            if self._ids[i] != exclude:
                guesses.setdefault(i, set()).add(max(0, local - offset))
        best: tuple[str, Placement] | None = None
        for i, local_guesses in guesses.items():
            placed = _best_fuzzy(self._texts[i], sorted(local_guesses), exact, prefix, suffix, None)
            if placed is not None and taken is not None and taken(self._ids[i], placed.start, placed.end):
                continue
            if placed is not None and (best is None or placed.score > best[1].score):
                best = (self._ids[i], placed)
        return best
