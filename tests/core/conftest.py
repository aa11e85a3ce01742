"""Fixtures shared by the core tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.store.annotations import AnnotationStore


@pytest.fixture
def store(tmp_path: Path) -> Iterator[AnnotationStore]:
    """A fresh annotation database in the test's own folder, closed (and backed up) afterwards."""
    s = AnnotationStore(tmp_path / "annotations.sqlite")
    yield s
    s.close()


@pytest.fixture
def small_buffers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stream buffers of 150 paragraphs (pad 15), so the sample repeated a few times makes many rounds."""
    from reader.core.ingest import pipeline

    monkeypatch.setattr(pipeline, "BUFFER", 150)
    monkeypatch.setattr(pipeline, "CHUNK_PAD", 15)
