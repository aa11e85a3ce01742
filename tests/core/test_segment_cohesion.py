"""The band arithmetic of cohesion.py gives the window cosines that summing dictionaries gives."""

from __future__ import annotations

import math
import random

import pytest

from reader.core.ingest.segment.cohesion import BAND, FAR_WINDOW, band_dots, window_cosines, window_lengths
from reader.core.ingest.segment.vectors import cosine, window_sum


def _reference(
    vectors: list[dict[str, float]], private: list[float], sizes: list[int]
) -> tuple[list[float], ...]:
    """Window cosines the slow, plain way: windows summed as dictionaries at every gap."""
    n = len(vectors)
    norms = [math.sqrt(sum(v * v for v in vec.values()) + q) for vec, q in zip(vectors, private, strict=True)]
    out: tuple[list[float], ...] = ([], [], [], [], [])
    for g in range(1, n):
        left, ln = window_sum(vectors, private, sizes, g - 1, -1)
        right, rn = window_sum(vectors, private, sizes, g, 1)
        nxt, nn = window_sum(vectors, private, sizes, g + 1, 1) if g + 1 < n else ({}, 0.0)
        acc: dict[str, float] = {}
        for vec in vectors[max(0, g - FAR_WINDOW) : g]:
            for k, v in vec.items():
                acc[k] = acc.get(k, 0.0) + v
        sq = sum(v * v for v in acc.values()) + sum(private[max(0, g - FAR_WINDOW) : g])
        far = 0.0
        if right and sq > 1e-12 and rn:
            far = sum(v * acc.get(k, 0.0) for k, v in right.items()) / (rn * math.sqrt(sq))
        out[0].append(cosine(left, right, ln, rn))
        out[1].append(cosine(vectors[g], left, norms[g], ln))
        out[2].append(cosine(vectors[g], nxt, norms[g], nn))
        out[3].append(cosine(vectors[g - 1], vectors[g], norms[g - 1], norms[g]))
        out[4].append(far)
    return out


def _random_paragraphs(seed: int, n: int) -> tuple[list[dict[str, float]], list[float], list[int]]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(60)]
    vectors = [
        {k: rng.uniform(0.5, 4.0) for k in rng.sample(vocab, rng.randint(0, 12))}
        if rng.random() > 0.05
        else {}
        for _ in range(n)
    ]
    private = [rng.choice([0.0, rng.uniform(0.0, 9.0)]) for _ in range(n)]
    sizes = [rng.randint(3, 70) for _ in range(n)]
    return vectors, private, sizes


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_window_cosines_equal_the_dictionary_sums(seed: int) -> None:
    vectors, private, sizes = _random_paragraphs(seed, 80)
    fast = window_cosines(private, sizes, band_dots(vectors, BAND))
    slow = _reference(vectors, private, sizes)
    for name, got, want in zip(
        ("sims", "back", "fwd", "adjacent", "far"),
        (fast.sims, fast.back, fast.fwd, fast.adjacent, fast.far),
        slow,
        strict=True,
    ):
        assert len(got) == len(want) == 79
        assert got == pytest.approx(want, rel=1e-12, abs=1e-12), name


def test_band_holds_the_dot_products_of_near_paragraphs() -> None:
    vectors = [{"a": 1.0, "b": 2.0}, {"b": 3.0}, {"a": 5.0, "c": 1.0}, {}]
    band = band_dots(vectors, 3)
    assert band.tolist() == [[5.0, 6.0, 5.0], [9.0, 0.0, 0.0], [26.0, 0.0, 0.0], [0.0, 0.0, 0.0]]


def test_windows_take_paragraphs_until_the_word_budget_is_met() -> None:
    # 90 words or 5 paragraphs, at least one, never past either end.
    assert window_lengths([100, 50, 50, 10, 10, 10, 10], 1).tolist() == [1, 2, 5, 4, 3, 2, 1]
    assert window_lengths([100, 50, 50, 10], -1).tolist() == [1, 2, 2, 3]


def test_a_run_of_paragraphs_with_no_shared_word_has_zero_cosines() -> None:
    fast = window_cosines([1.0, 2.0, 0.0], [10, 10, 10], band_dots([{}, {}, {}], BAND))
    assert fast.sims == fast.back == fast.fwd == fast.adjacent == fast.far == [0.0, 0.0]


@pytest.mark.parametrize("seed", [4, 5])
def test_band_dots_are_the_term_by_term_dot_products_bit_for_bit(seed: int) -> None:
    # Each cell is summed in the later paragraph's term order, as a plain loop sums it, so the
    # floats are the same to the last bit (decisions downstream must not move with a speed-up).
    vectors, _, _ = _random_paragraphs(seed, 120)
    width = 20
    band = band_dots(vectors, width)
    for i, earlier in enumerate(vectors):
        for d in range(width):
            want = 0.0
            if i + d < len(vectors):
                for k, v in vectors[i + d].items():
                    if k in earlier:
                        want += earlier[k] * v
            assert band[i, d] == want, (i, d)
