"""Ingest output frozen on a few seeded dumps: a speed change must not move a boundary, title or dropped line.

The digests are SHA-256 over the repr of every draft and dropped line
(tests/bench/check_ingest_identity.py, which compares two checkouts on many
more dumps). They were computed before the segmentation speed-up and must hold
after it. A change that MEANS to alter the output (a refit of the weights, a
new feature) updates them: print the new values with
``python -m tests.core.test_ingest_identity`` and say in the commit why the
output changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core.ingest import ingest_text
from tests.bench.check_ingest_identity import digest
from tests.core.dumps import CORPUS, load_corpus, make_dump
from tests.core.publishers import available, load_publisher, make_publisher_dump, real_clutter

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-news.txt"

EXPECTED: dict[str, tuple[str, int]] = {
    "cnn-sentences-same-0.0": ("3c541f9acd74773105cd67351f662bfc9695ec43e44486c0a68a7313ca0b49f8", 74),
    "politico-sentences-mixed-0.5": ("9849cb0c7e19d28015e621e96087a911e2e37db9deb2e0b13d23dee93907746c", 46),
    "reuters-paragraphs-mixed-0.5": ("ea260bbe7c6dc2c45f87822c5be8d4562c82bfeddca857e3533dbe86f7fd31f9", 38),
    "sample": ("a82811db01ee7e6615fc9add9f688c600033012fd695f2ec86d33accd909756e", 4),
    "web-paragraphs-mixed-0.0": ("8cc051c247e98597450561edcd9055ee4e075fcec3e87a40da878fbe7853b25b", 51),
    "wikinews-1": ("e911199a71e5618e7263aaada4504fe8535ea64aa8ad113d5ed194081b205fb0", 43),
    "wikinews-3": ("c880c939f7b94748b6a4e57bf37bd425df9813f35e57d416e3cd17cf51ecb18e", 47),
}


def _wikinews(seed: int) -> str:
    if not CORPUS.exists():
        pytest.skip("Wikinews corpus not available beside the repository")
    return make_dump(load_corpus(CORPUS), seed, n=40).text


def _publisher(name: str, style: str, same: bool, rate: float, seed: int) -> str:
    if not available():
        pytest.skip("shared corpora not available beside the repository")
    clutter = real_clutter(held_out=True)
    dump = make_publisher_dump(
        load_publisher(name),
        seed,
        n=40,
        line_style=style,
        same_subject=same,
        title_rate=rate,
        clutter_lines=clutter,
    )
    return dump.text


DUMPS: dict[str, Callable[[], str]] = {
    "sample": lambda: SAMPLE.read_text(encoding="utf-8"),
    "wikinews-1": lambda: _wikinews(1),
    "wikinews-3": lambda: _wikinews(3),
    "reuters-paragraphs-mixed-0.5": lambda: _publisher("reuters", "paragraphs", False, 0.5, 100),
    "cnn-sentences-same-0.0": lambda: _publisher("cnn", "sentences", True, 0.0, 101),
    "web-paragraphs-mixed-0.0": lambda: _publisher("web", "paragraphs", False, 0.0, 100),
    "politico-sentences-mixed-0.5": lambda: _publisher("politico", "sentences", False, 0.5, 100),
}


def _digest(name: str) -> tuple[str, int]:
    result = ingest_text(DUMPS[name](), name)
    return digest(result.drafts, result.dropped)


@pytest.mark.parametrize("name", sorted(DUMPS))
def test_ingest_output_is_unchanged(name: str) -> None:
    assert _digest(name) == EXPECTED[name]


if __name__ == "__main__":
    for key in sorted(DUMPS):
        print(f"    {key!r}: {_digest(key)!r},")
