"""The NER span cache: finished work survives, repeats and unchanged texts cost nothing."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from reader.core.analyse.cache import CachedBackend


class CountingBackend:
    model = "fake"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def spans(self, texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
        for t in texts:
            self.seen.append(t)
            yield [(0, len(t.split()[0]), "PERSON")]


def test_cached_spans_are_not_recomputed_and_order_is_kept(tmp_path: Path) -> None:
    inner = CountingBackend()
    backend = CachedBackend(inner, tmp_path / "ner.sqlite")
    texts = ["Alice went", "Bob came", "Alice went", "Carol saw"]
    assert list(backend.spans(texts)) == [
        [(0, 5, "PERSON")],
        [(0, 3, "PERSON")],
        [(0, 5, "PERSON")],
        [(0, 5, "PERSON")],
    ]
    assert inner.seen == ["Alice went", "Bob came", "Carol saw"]
    again = CachedBackend(CountingBackend(), tmp_path / "ner.sqlite")
    assert list(again.spans(["Bob came", "Dave ran"])) == [[(0, 3, "PERSON")], [(0, 4, "PERSON")]]
    assert again.inner.seen == ["Dave ran"]  # type: ignore[attr-defined]
    assert (again.hits, again.misses) == (1, 1)


def test_work_finished_before_a_crash_is_kept(tmp_path: Path) -> None:
    backend = CachedBackend(CountingBackend(), tmp_path / "ner.sqlite", commit_every=1)
    stream = backend.spans(["One a", "Two b", "Three c"])
    next(stream)
    next(stream)
    del stream  # the generator is dropped mid-way, as when a build is killed
    resumed = CachedBackend(CountingBackend(), tmp_path / "ner.sqlite")
    list(resumed.spans(["One a", "Two b", "Three c"]))
    assert resumed.inner.seen == ["Three c"]  # type: ignore[attr-defined]
