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
