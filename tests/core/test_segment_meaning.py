"""The segmenter's meaning vectors (segment/meaning.py): the word pieces, the vectors and the gap columns."""

from __future__ import annotations

import random

import numpy as np
import pytest
from tokenizers import Tokenizer

from reader.core.ingest.segment import meaning
from reader.core.ingest.segment.gaps import analyse_gaps
from reader.core.ingest.segment.units import Unit


def test_word_pieces_are_the_tokenizers_own_without_punctuation() -> None:
    tokenizer = Tokenizer.from_file(str(meaning.DATA / "tokenizer.json"))
    text = "Zelenskyy’s visit to Kraków — the “first” since 2022, officials said."
    words = "Zelenskyy s visit to Kraków the first since 2022 officials said"
    expected = [i for i in tokenizer.encode(words, add_special_tokens=False).ids if i != meaning.UNKNOWN]
    assert meaning.paragraph_ids([text]) == [expected]
    assert "krakow" in tokenizer.decode(expected)  # accents stripped, as the teacher read its text


def test_vectors_are_unit_length_and_say_what_a_paragraph_is_about() -> None:
    texts = [
        "The central bank raised interest rates by half a point to curb inflation.",
        "Borrowing costs climbed again as policymakers tried to tame rising prices.",
        "The striker scored twice in the second half to win the cup final.",
        "",
        "!!! ...",
    ]
    v = meaning.paragraph_vectors(texts)
    assert v.shape == (5, 256)
    assert np.allclose(np.linalg.norm(v[:3], axis=1), 1.0, atol=1e-5)
    assert not v[3].any() and not v[4].any()  # nothing to read: no vector, no division by zero
    # The two paragraphs about rates share no content word, yet are closer than rates and football.
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.1


@pytest.mark.parametrize("n", [2, 3, 7, 40])
def test_gap_columns_equal_the_window_sums_they_stand_for(n: int) -> None:
    rng = np.random.default_rng(n)
    v = rng.normal(size=(n, 256)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    got = meaning.gap_columns(v)
    assert got.shape == (n - 1, len(meaning.NAMES))
    for k, w in enumerate(meaning.WIDTHS):
        for g in range(1, n):
            left, right = v[max(0, g - w) : g].sum(0), v[g : g + w].sum(0)
            want = float(left @ right) / float(np.linalg.norm(left) * np.linalg.norm(right))
            assert got[g - 1, k] == pytest.approx(want, abs=1e-5)
    c3 = got[:, meaning.WIDTHS.index(3)]
    z = got[:, meaning.NAMES.index("m_z")]
    assert z == pytest.approx((c3 - c3.mean()) / (c3.std() or 1.0), abs=1e-9)


def test_the_gap_analysis_carries_one_row_per_gap() -> None:
    rng = random.Random(3)
    words = "court ruling judge appeal storm rain flood river election vote ballot count".split()
    units = [Unit(i + 1, " ".join(rng.choice(words) for _ in range(12)) + ".") for i in range(9)]
    analysis = analyse_gaps(units)
    assert analysis.meaning.shape == (8, len(meaning.NAMES))
    alone = analyse_gaps(units[:1])
    assert alone.meaning.shape == (0, len(meaning.NAMES))


def test_hostile_text_gives_finite_vectors_without_delay() -> None:
    texts = [
        "a" * 50_000,  # one word far past the word-piece limit: [UNK], left out
        "\x00\x01\x02 \u200b\u202e\ufeff",  # control and format characters only
        "😀🔥 ﷽ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 e\u0301\u0301\u0301",  # emoji, a ligature, stacked accents
        " ".join(f"w{i}x{i * 7}" for i in range(3000)),  # thousands of words never seen before
        "Über Zürich fährt der Zug.",
    ]
    v = meaning.paragraph_vectors(texts)
    assert np.isfinite(v).all()
    assert not v[0].any()  # nothing known in it
    assert v[4].any()
    assert np.isfinite(meaning.gap_columns(v)).all()
