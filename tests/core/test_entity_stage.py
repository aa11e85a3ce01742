"""The streaming entity stage: batches, spills and forked rule workers change nothing a reader sees.

A build analyses the library a batch at a time (texts read from the catalog, candidates
spilled to a file, results written back batch by batch) so that its memory stays flat.
These tests force batches of a few articles and the forked rule pass on a few hundred
articles, and hold the result to the one-batch, in-memory analysis exactly.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest

from reader.core import entity_stage
from reader.core.analyse import pipeline
from reader.core.build import build_source, current_build, read_manifest
from reader.core.store.catalog import Catalog
from reader.core.types import Analysis
from tests.conftest import REPO, SAMPLE

_LABELS = ("PERSON", "ORG", "GPE", "NORP", "PERSON")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)*\b|\b[A-Z]{2,5}\b")


class CapsBackend:
    """A cheap stand-in for spaCy: every capitalised run is a name, its type fixed by its letters.

    It reads its input lazily, as the build streams it, and records whether it was handed
    a list (the whole library at once) or a stream.
    """

    def __init__(self) -> None:
        self.given: list[bool] = []

    def spans(self, texts: Iterable[str]) -> Iterator[list[tuple[int, int, str]]]:
        self.given.append(isinstance(texts, Sequence))
        for text in texts:
            yield [(m.start(), m.end(), _LABELS[sum(map(ord, m.group())) % 5]) for m in _NAME.finditer(text)]


def _write_corpus(path: Path, n: int) -> list[str]:
    """``n`` articles (JSONL) recombined from the sample's paragraphs, some texts repeated."""
    paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").splitlines() if len(p) > 60]
    rng = random.Random(5)
    texts: list[str] = []
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            fresh = "\n".join(rng.sample(paragraphs, rng.randint(2, 5)))
            text = texts[i // 2] if i % 37 == 36 else fresh  # every 37th a repeat: spans from the cache
            texts.append(text)
            out.write(json.dumps({"title": f"Story number {i}", "date": "2024-05-01", "text": text}) + "\n")
    return texts


def _analyses(folder: Path) -> list[tuple[str, Analysis]]:
    with Catalog(folder / "catalog.sqlite", readonly=True) as catalog:
        return [
            (a.id, Analysis(entities=a.entities, mentions=a.mentions, quotes=a.quotes, figures=a.figures))
            for a in catalog.iter_articles()
        ]


def _library(folder: Path) -> tuple[object, ...]:
    """What a reader sees of the analysis: every article's, the library-wide list, people search."""
    from reader.core.search import SearchIndex

    with Catalog(folder / "catalog.sqlite", readonly=True) as catalog:
        totals = catalog.entities(None)
        people = sorted({e.name for e in totals if e.type == "PERSON"})[:30]
    with SearchIndex(folder / "index") as ix:
        hits = {name: sorted(h.id for h in ix.search(f'person:"{name}"', limit=500).hits) for name in people}
    return _analyses(folder), totals, hits


def test_tiny_batches_and_forked_rules_give_the_one_batch_analysis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "news.jsonl"
    _write_corpus(source, 300)
    build_source(source, tmp_path / "whole", ner=CapsBackend())
    whole = current_build(tmp_path / "whole")
    assert whole is not None
    with Catalog(whole / "catalog.sqlite", readonly=True) as catalog:
        texts = [a.text for a in catalog.iter_articles()]
    expected = pipeline.analyse_texts(texts, backend=CapsBackend())  # in memory, one batch, no fork
    assert [a for _id, a in _analyses(whole)] == expected

    writes: list[int] = []
    original = Catalog.write_analyses

    def counted(self: Catalog, analysed: list[tuple[str, Analysis]], **kw: bool) -> None:
        writes.append(len(analysed))
        original(self, analysed, **kw)

    monkeypatch.setattr(Catalog, "write_analyses", counted)
    monkeypatch.setattr(entity_stage, "STREAM_BATCH", 7)
    monkeypatch.setattr(pipeline, "PARALLEL_RULES_MIN", 10)
    backend = CapsBackend()
    build_source(source, tmp_path / "batched", ner=backend)
    batched = current_build(tmp_path / "batched")
    assert batched is not None
    assert writes == [7] * 42 + [6]  # 300 articles in batches of 7, written as they came
    assert backend.given == [False]  # one stream of texts, never the library as a list
    assert _library(batched) == _library(whole)
    _articles, totals, hits = _library(batched)
    assert len(hits) >= 10 and all(hits.values())  # type: ignore[attr-defined]  # the input has people to find
    assert not [
        p.name for p in batched.iterdir() if p.name.startswith(entity_stage.SPILL_NAME)
    ]  # spill deleted


_KILLED_BUILD = """
import os, signal, sys
sys.path.insert(0, {repo!r})
from pathlib import Path
from reader.core import entity_stage
from reader.core.analyse import pipeline
from reader.core.build import build_source
from reader.core.store.catalog import Catalog
from tests.core.test_entity_stage import CapsBackend

entity_stage.STREAM_BATCH = 20
pipeline.PARALLEL_RULES_MIN = 10
original = Catalog.write_analyses
written = []

def write_then_die(self, analysed, **kw):
    original(self, analysed, **kw)
    written.append(len(analysed))
    if len(written) == 3:  # mid rule pass: some articles final, the spill file on disk
        os.kill(os.getpid(), signal.SIGKILL)

Catalog.write_analyses = write_then_die
build_source(Path(sys.argv[1]), Path(sys.argv[2]), ner=CapsBackend())
"""


def test_a_build_killed_while_writing_results_resumes_to_the_same_library(tmp_path: Path) -> None:
    source = tmp_path / "news.jsonl"
    _write_corpus(source, 150)
    script = tmp_path / "killed.py"
    script.write_text(_KILLED_BUILD.format(repo=str(REPO)), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, str(script), str(source), str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    killed = current_build(tmp_path / "cache")
    assert killed is not None and read_manifest(killed)["stage"] == "searchable"
    assert (killed / entity_stage.SPILL_NAME).exists()

    events: list[dict[str, object]] = []
    build_source(source, tmp_path / "cache", ner=CapsBackend(), emit=events.append)
    assert events[0]["event"] == "resume"
    assert read_manifest(killed)["stage"] == "complete"
    assert not (killed / entity_stage.SPILL_NAME).exists()
    build_source(source, tmp_path / "clean", ner=CapsBackend())
    clean = current_build(tmp_path / "clean")
    assert clean is not None
    assert _library(killed) == _library(clean)
