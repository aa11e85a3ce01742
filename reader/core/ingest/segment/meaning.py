"""What each paragraph is about, as a vector, and how that changes across each gap (round seg17).

Why: every other cohesion cue counts shared words, so two paragraphs of one story that name
the same thing differently ("the minister" / "Ms Reyes", "the vaccine" / "the shot") look like
two stories, and a long story drifts apart word by word until it is cut in two. A sentence
encoder sees that they are about the same thing, but a transformer costs ~13 ms a paragraph
here (a 100 MB dump would take an hour and a half), so the story pass reads a *static*
distillation of one instead: every word piece's vector, averaged over the paragraph.

The table (``meaning_table/vectors.npy``, int8, 29,525 word pieces × 256) is all-MiniLM-L6-v2
(Apache-2.0) distilled with model2vec (each word piece's output vector, PCA to 256 dimensions,
SIF weighting, quantised to int8); ``meaning_table/tokenizer.json`` is its word-piece tokenizer.
tests/bench/distill_meaning.py rebuilds both. A paragraph's vector is the mean of its pieces'
rows (cosines only, so the int8 scale does not matter).

The measurements, per gap, are window cosines of the paragraphs either side (1, 2, 3 and 5
wide), how deep the 3-wide cosine dips against its neighbours, and that cosine's z-score in the
run; refine.story_table adds them to the story pass's columns.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from tokenizers.models import WordPiece

Floats = npt.NDArray[np.float64]

DATA = Path(__file__).with_name("meaning_table")
WIDTHS = (1, 2, 3, 5)  # paragraphs either side of a gap in each window cosine
DEPTH_REACH = 4  # gaps looked at either side for the peaks a dip is measured against
TEXT_CAP = 2000  # characters of a paragraph read (a lead's topic is in its first few sentences)
NAMES = (*(f"m_cos{w}" for w in WIDTHS), "m_depth", "m_z", "m_low")
UNKNOWN = 1  # the tokenizer's [UNK]: carries no meaning, left out of the mean


# The tokenizer's normaliser and pre-tokeniser (BERT's: lower case, accents stripped, words split
# at punctuation) are done here, punctuation dropped rather than kept as pieces (it says nothing
# of a topic), with a cache of each word's pieces: the library's batch encoding took 70 µs a
# paragraph. The word-piece split itself is still the library's.
_SPACED = str.maketrans({c: " " for c in string.punctuation + "“”‘’„‚«»‹›—–―…•·"})
_CACHE_CAP = 50_000  # distinct words remembered per process (a few MB) before the cache starts again
CHUNK = 32  # paragraphs whose pieces are gathered at once (fastest here of 32, 128 and 512)


@lru_cache(maxsize=1)
def _model() -> tuple[WordPiece, npt.NDArray[np.int8], dict[str, tuple[int, ...]]]:
    """The word-piece model, the table and a cache of each word's pieces, read once per process.

    Imported and read on first use, not at import: a process that imports this module but
    segments nothing (a test, a tool) does not pay for the library or the 7.6 MB table.
    """
    from tokenizers import Tokenizer

    model = Tokenizer.from_file(str(DATA / "tokenizer.json")).model
    return model, np.load(DATA / "vectors.npy"), {}


def _normalise(text: str) -> str:
    text = text[:TEXT_CAP].lower()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def paragraph_ids(texts: Sequence[str]) -> list[list[int]]:
    """Each text's word-piece ids, [UNK] left out."""
    model, _, cache = _model()
    if len(cache) > _CACHE_CAP:
        cache.clear()
    out: list[list[int]] = []
    for text in texts:
        ids: list[int] = []
        for word in _normalise(text).translate(_SPACED).split():
            pieces = cache.get(word)
            if pieces is None:
                pieces = tuple(t.id for t in model.tokenize(word) if t.id != UNKNOWN)
                cache[word] = pieces
            ids.extend(pieces)
        out.append(ids)
    return out


def paragraph_vectors(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """One unit-length vector per text: the mean of its pieces' rows (zeros for a text with none)."""
    _, table, _ = _model()
    out = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
    for at in range(0, len(texts), CHUNK):
        ids = paragraph_ids(texts[at : at + CHUNK])
        full = [k for k, row in enumerate(ids) if row]
        if not full:
            continue
        flat = np.fromiter((i for k in full for i in ids[k]), np.int64)
        counts = np.array([len(ids[k]) for k in full])
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        sums = np.add.reduceat(table[flat], starts, axis=0, dtype=np.int32)
        out[at + np.array(full)] = sums / counts[:, None]
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    return out


def _band(vectors: npt.NDArray[np.float32], reach: int) -> Floats:
    """``band[d, PAD + a]``: the dot product of paragraphs a and a + d, zero where either is outside the run."""
    n = len(vectors)
    band = np.zeros((reach, n + 2 * reach))
    for d in range(min(reach, n)):
        band[d, reach : reach + n - d] = np.einsum("ij,ij->i", vectors[: n - d], vectors[d:])
    return band


def gap_columns(vectors: npt.NDArray[np.float32]) -> Floats:
    """Per gap (between paragraph k and k + 1, k = 0 .. n - 2): the columns NAMES, in order.

    A window's sum is never formed: its dot products and norms are sums over the band of
    paragraph dot products at most 2 × the widest window apart (as cohesion.py does for words),
    so the cost is a few passes over n numbers, not over n × 256.
    """
    n = len(vectors)
    if n < 2:
        return np.zeros((0, len(NAMES)))
    reach = 2 * max(WIDTHS)
    band = _band(vectors, reach)

    def at(d: int, offset: int) -> Floats:  # band[d] at a = g + offset for every gap's g = 1 .. n - 1
        return band[d, reach + 1 + offset : reach + n + offset]

    cols = []
    for w in WIDTHS:
        dot = sum((at(i + j, -i) for i in range(1, w + 1) for j in range(w)), np.zeros(n - 1))
        left = sum((at(0, -i) for i in range(1, w + 1)), np.zeros(n - 1))
        left += 2 * sum(
            (at(k - i, -k) for i in range(1, w + 1) for k in range(i + 1, w + 1)), np.zeros(n - 1)
        )
        right = sum((at(0, j) for j in range(w)), np.zeros(n - 1))
        right += 2 * sum((at(k - j, j) for j in range(w) for k in range(j + 1, w)), np.zeros(n - 1))
        den = np.sqrt(np.maximum(left, 0.0) * np.maximum(right, 0.0))
        cols.append(np.divide(dot, den, out=np.zeros_like(dot), where=den > 1e-12))
    c3 = cols[WIDTHS.index(3)]
    m = len(c3)
    pad = np.concatenate([np.full(DEPTH_REACH, -np.inf), c3, np.full(DEPTH_REACH, -np.inf)])
    windows = np.lib.stride_tricks.sliding_window_view(pad, DEPTH_REACH + 1)
    left_peak = windows[:m].max(axis=1)  # c3[k - REACH .. k]
    right_peak = windows[DEPTH_REACH : DEPTH_REACH + m].max(axis=1)  # c3[k .. k + REACH]
    depth = (left_peak - c3) + (right_peak - c3)
    std = float(c3.std()) or 1.0
    z = (c3 - float(c3.mean())) / std
    return np.column_stack([*cols, depth, z, np.maximum(0.0, -z)])
