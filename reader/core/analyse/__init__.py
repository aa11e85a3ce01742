"""Analysis: entities with aliases merged library-wide, quotes with speakers, and figures.

Public API: ``analyse_texts(texts, backend=None, progress=None) -> list[Analysis]``,
the ``NerBackend`` Protocol and ``SpacyBackend``. Importing this package never imports
spaCy (that costs over a second); the model loads when a ``SpacyBackend`` first runs.
"""

from __future__ import annotations

from .backend import NerBackend, SpacyBackend
from .pipeline import analyse_texts

__all__ = ["NerBackend", "SpacyBackend", "analyse_texts"]
