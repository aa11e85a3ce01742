"""A paragraph read in one regex pass per kind equals reading its words, name runs and sentence starts apart.

The fast reader (``vectors.bag_and_names``, ``paragraphs.read_paragraph``) copies
SENT_START's sentence break into its own patterns; the plain form below uses
``cues.SENT_START`` itself, so a change to SENT_START that the copies miss fails here.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from reader.core.ingest.segment import vectors
from reader.core.ingest.segment.cues import SENT_START, WORD
from reader.core.ingest.segment.paragraphs import _NAME_RUN, read_paragraph
from reader.core.ingest.segment.vectors import _word_keys, bag_and_names, stem_of, token_info

ATOMS = [
    "A", "b", "Cd", "Smith", "de", "van", "dealt", "the", "THE", "NASA", ".", "!", "?", " ", "  ", "\n",
    "\u00a0", '"', "“", "”", "‘", "’", "'", "-", "5", "_", "O’Brien", "Mr.", "U.S.", "Joe Biden", "É",
    ". ", "? ", '!" ', ".” ", ".’ ", "“The", "said", "Hillary Clinton", "Police", "Ana Pereira said",
]  # fmt: skip


def _texts() -> list[str]:
    rng = random.Random(5)
    short = ["".join(rng.choice(ATOMS) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    long = ["".join(rng.choice(ATOMS) for _ in range(rng.randint(80, 220))) for _ in range(600)]
    return short + long + ["", "“Joe Biden said.", '"hello. World', "5 Ana. Pereira", ". The end"]


def _plain_bag(text: str) -> Counter[str]:
    starts = {m.start(1) for m in SENT_START.finditer(text)}
    bag: Counter[str] = Counter()
    for m in WORD.finditer(text):
        elsewhere, at_start = _word_keys(m.group(0))
        bag.update(at_start if m.start() in starts else elsewhere)
    return bag


def _plain_runs(text: str) -> dict[str, set[str]]:
    """read_paragraph's name sets, each run's start looked up in SENT_START's starts."""
    starts = {m.start(1) for m in SENT_START.finditer(text)}
    head_end = min(len(text.split(". ")[0]) if len(text) > 300 else len(text), 300)
    out: dict[str, set[str]] = {k: set() for k in ("surnames", "singles", "intro", "fulls", "lead", "refs")}
    for m in _NAME_RUN.finditer(text):
        parts = m.group(0).split()
        at_start, lead = m.start() in starts, m.start() < head_end
        bare = parts[1:] if at_start and len(parts) > 1 and token_info(parts[0]) is None else parts
        if len(bare) == 1 and len(bare[0]) >= 3 and token_info(bare[0]) and not bare[0].isupper():
            out["refs"].add(stem_of(bare[0]))
        named = parts[1:] if at_start and token_info(parts[0]) is None else parts
        if len(named) >= 2 and token_info(named[-2]) and token_info(named[-1]):
            full = f"{stem_of(named[-2])}|{stem_of(named[-1])}"
            out["fulls"].add(full)
            if lead:
                out["lead"].add(full)
        rest = parts[1:] if at_start else parts
        last = rest[-1] if rest else ""
        if len(last) >= 3 and token_info(last) is not None:
            if len(rest) >= 2:
                out["surnames"].add(stem_of(last))
                if lead:
                    out["intro"].add(stem_of(last))
            elif lead and not last.isupper():
                out["singles"].add(stem_of(last))
    out["refs"] -= out["surnames"]
    return out


def test_bag_and_names_equal_words_read_with_their_sentence_starts() -> None:
    for text in _texts():
        bag, keys, names = bag_and_names(text)
        plain = _plain_bag(text)
        assert list(bag.items()) == list(plain.items()), text  # same keys, counts and order (float sums)
        assert keys == frozenset(plain)
        assert names == frozenset(k for k in plain if k.startswith("N:")), text


def test_name_runs_equal_runs_read_with_their_sentence_starts() -> None:
    for text in _texts():
        para, plain = read_paragraph(text), _plain_runs(text)
        got = {
            "surnames": para.surnames,
            "singles": para.singles,
            "intro": para.intro,
            "fulls": para.fulls,
            "lead": para.lead_fulls,
            "refs": para.refs,
        }
        assert got == plain, text


def test_names_are_tested_one_by_one_once_the_name_set_is_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vectors, "_TOKEN_CACHE_MAX", 0)
    text = "Police said Joe Biden met Ana Pereira. NASA agreed."
    assert bag_and_names(text)[2] == frozenset(k for k in _plain_bag(text) if k.startswith("N:"))
