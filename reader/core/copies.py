"""Wire copies and updates: articles whose text is nearly the same form a group, the earliest its original.

A dump pasted from several sites holds the same agency story many times: reposted as is,
with a new headline, a paragraph cut, a few words changed, or updated with a paragraph
added. Reading each again wastes the reader's time, and search would list them all. So
the build groups them (``copy_of`` in the catalog) and the list and search fold them.

How, and why this way:

* **Word shingles** (``k`` consecutive words, casefolded) are the unit of "same text": a
  changed word spoils only the ``k`` shingles around it, while distinct stories on one
  subject share names and stock phrases but hardly any run of ``k`` words.
* **MinHash + LSH** (datasketch) proposes candidate pairs without comparing every pair
  (20k articles are 200M pairs). The LSH threshold is set low, below the Jaccard of a copy
  that lost half its text, because the decision is not LSH's:
* **an exact check** on the shingle sets of each candidate pair decides: the share of the
  smaller article's shingles found in the larger (containment), so a copy with paragraphs
  cut is still a copy, and a minimum size ratio, so one shared paragraph does not make a
  brief a copy of a long feature. LSH false positives stop here.
* **One original per group, every copy checked against it**: articles are taken earliest
  first (by date, ties and undated articles after dated ones by position in the source);
  a copy of a copy joins the first original when it resembles it too. Plain transitive
  grouping (union-find) chained stories that share a few paragraphs into giant groups.

The parameters were chosen by measurement on Wikinews copies and checked on the other
publishers (``tests/bench/bench_copies.py``); :data:`DEFAULT` says what was measured.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import numpy.typing as npt

Shingles = npt.NDArray[np.uint32]
Pairs = npt.NDArray[np.int32]  # (n, 2) article indices: candidate pairs grow faster than articles


@dataclass(frozen=True, slots=True)
class CopyDoc:
    """What copy detection needs of an article."""

    id: str
    text: str
    date: str | None  # ISO ``YYYY-MM-DD`` (ingest normalises dates) or None
    position: int


@dataclass(frozen=True)
class CopyParams:
    """``k``: words per shingle; ``num_perm``/``lsh_threshold``: the MinHash LSH that proposes
    pairs; ``min_containment``: the share of the smaller article's shingles that must be in
    the larger; ``min_ratio``: the smaller article's shingles over the larger's, at least."""

    k: int = 4
    num_perm: int = 32
    lsh_threshold: float = 0.2
    min_containment: float = 0.6
    min_ratio: float = 0.2
    #: The LSH's (bands, rows); None lets datasketch choose them for ``lsh_threshold`` by
    #: numerical integration (SciPy). DEFAULT writes its choice down, so a build never
    #: integrates and the desktop bundle can leave SciPy out; a test checks the two agree.
    lsh_bands: tuple[int, int] | None = None


#: Fitted on Wikinews copy dumps (3 seeds, 596 gold pairs; 768 combinations of k 3-6,
#: 32/64/128 permutations, LSH threshold 0.2-0.5, containment 0.5-0.8, ratio 0.2-0.5):
#: pairwise P 1.000 R 0.985 (best F1 0.996 with k=3 and 128 permutations, within the
#: 0.005 counted as a tie, at four times the sketching). Held out on ABC, CNN, Politico,
#: Reuters and web sites: P 1.000, R 0.973-0.995 (tests/bench/bench_copies.py).
DEFAULT = CopyParams(lsh_bands=(16, 2))

_WORD = re.compile(r"\w+")
_MUL = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit multiplier of the rolling shingle hash


def words(text: str) -> list[str]:
    """The article's words, casefolded and NFKC-normalised (quotes and dashes do not matter)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


class Vocabulary(dict[str, int]):
    """Word -> crc32, filled on first sight: one hash per distinct word of the whole build."""

    def __missing__(self, word: str) -> int:
        value = self[word] = zlib.crc32(word.encode("utf-8"))
        return value


def shingles(text: str, k: int, vocab: Vocabulary | None = None) -> Shingles:
    """The sorted, distinct 32-bit hashes of the text's ``k``-word shingles.

    A text shorter than ``k`` words is one shingle (all its words). Words are hashed once
    (crc32, cached in ``vocab``) and shingles combined in numpy: per-shingle hashing in
    Python took most of the stage's time.
    """
    found = words(text)
    if not found:
        return np.zeros(0, dtype=np.uint32)
    seen = vocab if vocab is not None else Vocabulary()
    arr = np.fromiter(map(seen.__getitem__, found), dtype=np.uint64, count=len(found))
    width = min(k, len(arr))
    count = len(arr) - width + 1
    acc = np.zeros(count, dtype=np.uint64)
    for j in range(width):
        acc = acc * _MUL + arr[j : j + count]
    folded = (acc ^ (acc >> np.uint64(29))) & np.uint64(0xFFFFFFFF)
    return np.unique(folded.astype(np.uint32))


def similar(a: Shingles, b: Shingles, params: CopyParams = DEFAULT) -> bool:
    """The exact check: is one text a copy of the other (containment and size ratio)?"""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not len(small) or len(small) < params.min_ratio * len(large):
        return False
    # Both are sorted: look each of the smaller's shingles up in the larger (no merge sort).
    at = np.searchsorted(large, small)
    at[at == len(large)] = 0
    shared = int(np.count_nonzero(large[at] == small))
    return shared >= params.min_containment * len(small)


def _order_key(doc: CopyDoc) -> tuple[int, str, int]:
    """Earliest first: dated before undated, then by date, then by position in the source."""
    return (0, doc.date, doc.position) if doc.date else (1, "", doc.position)


def find_copies(docs: Iterable[CopyDoc], params: CopyParams = DEFAULT) -> dict[str, str | None]:
    """Every article's ``copy_of``: its group's original, or None for an original (or a loner).

    ``docs`` is read once, and each text is dropped once shingled: only the shingle sets
    (a 32-bit hash per distinct shingle, all in one array) stay, so a build can stream the
    library in.
    """
    vocab = Vocabulary()
    kept: list[CopyDoc] = []
    sets = ShingleSets()
    for d in docs:
        sets.append(shingles(d.text, params.k, vocab))
        kept.append(CopyDoc(d.id, "", d.date, d.position))
    sets.seal()
    return group(kept, sets, Buckets(sets, params), params)


class ShingleSets(Sequence[Shingles]):
    """Every article's shingle set, in article order, as views into one array.

    A numpy array per article costs ~100 bytes of object beside its data and the heap
    it leaves behind fragmented; the sets are only appended, then read, so they are
    packed into one array (``seal``) with an offset per article.
    """

    _CHUNK = 1000  # sets gathered before they are packed together

    def __init__(self) -> None:
        self._packed: list[Shingles] = []
        self._pending: list[Shingles] = []
        self._ends = array("q", [0])
        self._data: Shingles = np.zeros(0, dtype=np.uint32)

    def append(self, values: Shingles) -> None:
        self._pending.append(values)
        self._ends.append(self._ends[-1] + len(values))
        if len(self._pending) >= self._CHUNK:
            self._packed.append(np.concatenate(self._pending))
            self._pending = []

    def seal(self) -> None:
        """Pack every set appended so far into the one array the views read."""
        parts = [self._data, *self._packed, *self._pending]
        self._data = np.concatenate(parts) if len(parts) > 1 else self._data
        self._packed, self._pending = [], []

    def __len__(self) -> int:
        return len(self._ends) - 1

    @overload
    def __getitem__(self, index: int) -> Shingles: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Shingles]: ...

    def __getitem__(self, index: int | slice) -> Shingles | Sequence[Shingles]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if self._packed or self._pending:
            self.seal()
        if index < 0:
            index += len(self)
        return self._data[self._ends[index] : self._ends[index + 1]]


def _signatures(
    sets: Sequence[Shingles], params: CopyParams
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64], int, int]:
    """(MinHash values per non-empty set, those sets' indices, bands, rows) for the LSH.

    The sketches are datasketch's MinHashes; (bands, rows) is datasketch's own choice for
    the threshold (its ``MinHashLSH`` object is made only to say it).
    """
    from datasketch import MinHash, MinHashLSH  # here: its import (scipy) costs a second

    lsh = MinHashLSH(threshold=params.lsh_threshold, num_perm=params.num_perm, params=params.lsh_bands)
    present = np.fromiter((i for i, s in enumerate(sets) if len(s)), dtype=np.int64)
    signatures = np.empty((len(present), params.num_perm), dtype=np.uint64)
    # hashfunc=int: the shingles are hashed already; a builtin is the cheapest per-item call.
    sketches = MinHash.generator((sets[i].tolist() for i in present), num_perm=params.num_perm, hashfunc=int)
    for row, sketch in enumerate(sketches):
        signatures[row] = sketch.hashvalues
    return signatures, present, int(lsh.b), int(lsh.r)


class Buckets:
    """The LSH's buckets, asked article by article: its candidates are the other members of
    its bucket in any band (the pairs datasketch's ``MinHashLSH`` proposes).

    Per band, the articles sorted by their band values and each article's bucket as a range
    of that order: 12 bytes an article a band. Listing the pairs instead costs m²/2 for a
    bucket of m articles: the synthetic library recombines a few thousand stories, and its
    pairs grew from 82k at 8,000 articles to 510k at 20,000, 1.3 GB at 100k.
    """

    def __init__(self, sets: Sequence[Shingles], params: CopyParams = DEFAULT) -> None:
        signatures, present, bands, rows = _signatures(sets, params)
        n = len(sets)
        self._members: list[npt.NDArray[np.int32]] = []
        self._start: list[npt.NDArray[np.int32]] = []
        self._end: list[npt.NDArray[np.int32]] = []
        for band in range(bands if len(present) else 0):
            keys = signatures[:, band * rows : (band + 1) * rows]
            order = np.lexsort(keys.T[::-1])
            ranked = keys[order]
            new = np.concatenate(([True], np.any(ranked[1:] != ranked[:-1], axis=1)))
            starts = np.flatnonzero(new).astype(np.int32)
            ends = np.append(starts[1:], len(order)).astype(np.int32)
            bucket = np.cumsum(new) - 1
            members = present[order].astype(np.int32)
            start, end = np.zeros(n, dtype=np.int32), np.zeros(n, dtype=np.int32)
            start[members], end[members] = starts[bucket], ends[bucket]
            self._members.append(members)
            self._start.append(start)
            self._end.append(end)

    def of(self, i: int) -> npt.NDArray[np.int32]:
        """Article ``i``'s candidates (sorted, without ``i``)."""
        return self.split(i, len(self._start[0]) + 1 if self._start else 0)[0]

    def split(self, i: int, big: int) -> tuple[npt.NDArray[np.int32], list[int]]:
        """Article ``i``'s candidates in buckets of at most ``big`` articles (sorted, without
        ``i``), and a key for each of its buckets holding more (the same key for every
        member of the bucket; ``group`` keeps such a bucket's originals instead of its members).
        """
        parts: list[npt.NDArray[np.int32]] = []
        keys: list[int] = []
        n = len(self._start[0]) if self._start else 0
        for band, (members, start, end) in enumerate(zip(self._members, self._start, self._end, strict=True)):
            size = end[i] - start[i]
            if size > big:
                keys.append(band * n + int(start[i]))
            elif size > 1:
                parts.append(members[start[i] : end[i]])
        if not parts:
            return np.zeros(0, dtype=np.int32), keys
        found = np.unique(np.concatenate(parts))
        return found[found != i], keys


def candidate_pairs(sets: Sequence[Shingles], params: CopyParams = DEFAULT) -> Pairs:
    """Pairs (i < j) whose MinHash sketches collide in the LSH: the only pairs checked exactly.

    Two articles are candidates when any band of ``rows`` hash values is equal in both,
    found by sorting each band's values in one array. datasketch's ``MinHashLSH`` keeps a
    Python set per bucket and a bytes key per band per article: 12 KB an article at 8,000.
    Returned as an (n, 2) array, i < j, sorted. The build asks :class:`Buckets` instead,
    which never lists the pairs; this is for measuring them (``bench_copies.py``).
    """
    signatures, present, bands, rows = _signatures(sets, params)
    found = np.zeros(0, dtype=np.int64)
    for band in range(bands):
        codes = _colliding(signatures[:, band * rows : (band + 1) * rows], present, len(sets))
        found = np.union1d(found, codes)
    total = max(len(sets), 1)
    return np.stack(((found // total).astype(np.int32), (found % total).astype(np.int32)), axis=1)


def _colliding(keys: npt.NDArray[np.uint64], ids: npt.NDArray[np.int64], n: int) -> npt.NDArray[np.int64]:
    """``i * n + j`` (i < j) for every two articles whose rows of ``keys`` are equal (one band)."""
    if len(ids) < 2:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort(keys.T[::-1])
    ranked = keys[order]
    starts = np.flatnonzero(np.concatenate(([True], np.any(ranked[1:] != ranked[:-1], axis=1))))
    sizes = np.diff(np.append(starts, len(order)))
    members = ids[order]
    out: list[npt.NDArray[np.int64]] = []
    two = starts[sizes == 2]  # most buckets that collide hold two articles: done at once
    if len(two):
        a, b = members[two], members[two + 1]
        out.append(np.minimum(a, b) * n + np.maximum(a, b))
    for start, size in zip(starts[sizes > 2], sizes[sizes > 2], strict=True):
        group = np.sort(members[start : start + size])
        i, j = np.triu_indices(len(group), k=1)
        out.append(group[i] * n + group[j])
    return np.unique(np.concatenate(out)) if out else np.zeros(0, dtype=np.int64)


def group(
    docs: Sequence[CopyDoc],
    sets: Sequence[Shingles],
    pairs: Buckets | Pairs | Sequence[tuple[int, int]],
    params: CopyParams = DEFAULT,
) -> dict[str, str | None]:
    """Each article's original: the earliest original among its candidates' groups it resembles.

    Articles are taken earliest first. For each, the originals of its earlier candidates
    (a candidate that is a copy stands for its original) are checked exactly, earliest
    first, and the first it resembles becomes its original; if none, it is an original.
    So every copy is checked against its original itself, and groups cannot chain: plain
    union-find over similar pairs linked 16,884 of 20,000 synthetic articles (stories
    recombined from shared paragraphs) into one "story". Checking stops at the first
    original found, so most candidate pairs are never checked.
    """
    order = sorted(range(len(docs)), key=lambda i: _order_key(docs[i]))
    rank = [0] * len(docs)
    for r, i in enumerate(order):
        rank[i] = r
    ranks = np.asarray(rank, dtype=np.int32)
    candidates = (
        pairs
        if isinstance(pairs, Buckets)
        else _Earlier(np.asarray(pairs, dtype=np.int32).reshape(-1, 2), ranks)
    )
    heads_of = np.arange(len(docs), dtype=np.int32)  # each article's original (itself until found)
    original: dict[int, int] = {}
    # The originals of the articles taken so far in each bucket of over BIG_BUCKET articles.
    # Articles are taken earliest first, so a bucket's earlier members are the ones taken, and
    # their originals are what the check needs. Listing the members instead was quadratic
    # when thousands of articles share a bucket: 7,142 identical records took 107 s.
    heads_in: dict[int, set[int]] = {}
    for i in order:
        if isinstance(candidates, Buckets):
            found, keys = candidates.split(i, BIG_BUCKET)
        else:
            found, keys = candidates.of(i), []
        found = found[ranks[found] < rank[i]]
        heads = np.unique(heads_of[found])
        if keys:
            shared = set(heads.tolist()).union(*(heads_in.get(key, ()) for key in keys))
            heads = np.asarray(sorted(shared), dtype=np.int32)
        for head in heads[np.argsort(ranks[heads], kind="stable")].tolist():
            if similar(sets[i], sets[head], params):
                original[i] = head
                heads_of[i] = head
                break
        for key in keys:
            heads_in.setdefault(key, set()).add(int(heads_of[i]))
    out: dict[str, str | None] = {d.id: None for d in docs}
    for i, head in original.items():
        out[docs[i].id] = docs[head].id
    return out


#: Buckets of more articles than this keep their members' originals rather than list their
#: members for each article (see ``group``); LSH buckets of unrelated news hold two or three.
BIG_BUCKET = 64


class _Earlier:
    """For each article, its candidates that come earlier: the pairs sorted by their later
    article, in two arrays (8 bytes a pair, where a dict of lists took ~100; the synthetic
    20k library has 510,231 candidate pairs, 6x the 8k one's)."""

    def __init__(self, pairs: Pairs, rank: npt.NDArray[np.int32]) -> None:
        a, b = pairs[:, 0], pairs[:, 1]
        swap = rank[a] > rank[b]
        later = np.where(swap, a, b)
        first = np.where(swap, b, a)
        del swap
        by_later = np.argsort(later, kind="stable")
        self._first = first[by_later]
        del first
        self._starts = np.searchsorted(later[by_later], np.arange(len(rank) + 1, dtype=np.int32))

    def of(self, i: int) -> npt.NDArray[np.int32]:
        return self._first[self._starts[i] : self._starts[i + 1]]
