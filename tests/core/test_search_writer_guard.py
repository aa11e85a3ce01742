"""A writer process that dies during a two-process index build fails the build, at once.

Before the guard, a writer killed mid-build (the OOM killer's choice on a small machine)
left the parent blocked for ever on Whoosh's full job queue, or let it commit an index
missing the dead writer's documents. The kill is simulated by making the forked writer
processes exit with code 3 when they open their first batch.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from whoosh import multiproc

from reader.core.errors import IndexBuildError
from reader.core.search import SearchIndex, build_index
from reader.core.search.index import IndexDoc

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="Whoosh's writer processes need fork"
)


def _docs(n: int) -> list[IndexDoc]:
    return [IndexDoc(f"a{i}", f"Story {i}", f"Body number {i} about harbour cranes.", i) for i in range(n)]


def _die(self: object, filename: str, doc_count: int) -> None:
    os._exit(3)


@pytest.mark.timeout(120)
def test_a_writer_process_that_dies_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(multiproc.SubWriterTask, "_process_file", _die)
    with pytest.raises(IndexBuildError, match="index writer process exited with code 3"):
        build_index(tmp_path / "ix", _docs(3_000), procs=2)
    assert multiprocessing.active_children() == []


def test_a_two_process_build_still_indexes_every_document(tmp_path: Path) -> None:
    build_index(tmp_path / "ix", _docs(1_500), procs=2)
    ix = SearchIndex(tmp_path / "ix")
    try:
        assert ix.search("harbour", limit=5).total == 1_500
    finally:
        ix.close()


def _die_copying(self: object, leaf: int, progress: object) -> None:
    os._exit(3)


@pytest.mark.timeout(120)
def test_a_process_adding_entity_fields_that_dies_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.core.search import accel

    if not accel.enabled():
        pytest.skip(f"the forked segment copy is a speed-up, off here ({accel.status()})")
    from reader.core.search.accel import entity_copy
    from reader.core.search.enrich import add_entity_fields

    build_index(tmp_path / "text", _docs(1_500), procs=2)
    monkeypatch.setattr(entity_copy._CopyJob, "copy", _die_copying)
    with pytest.raises(IndexBuildError, match="adding entity fields to the index died"):
        add_entity_fields(tmp_path / "text", tmp_path / "copy", lambda _id: {}, procs=2)
    assert multiprocessing.active_children() == []
