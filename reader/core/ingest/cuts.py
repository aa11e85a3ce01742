"""The reader's cuts applied to the segmenter's starts.

A cut names a paragraph by its line in the source file (:mod:`reader.core.store.cuts` keeps
them): "start" makes the paragraph on that line the first of an article, "join" makes the
article that would start there go on from the one before. Lines are the source's own, so a cut
still lands after the file grows; a line that no longer starts a paragraph is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.ingest.segment import Unit

__all__ = ["apply_cuts"]


def apply_cuts(units: Sequence[Unit], starts: Sequence[int], cuts: Mapping[int, str] | None) -> list[int]:
    """``starts`` (indices into ``units``) with the reader's cuts made; the first unit always starts one.

    The first unit of a buffer is the start of an article already settled (or of the file), so a
    "join" there is left to the round that settled it, where the unit is not the first.
    """
    if not cuts:
        return list(starts)
    out = set(starts)
    for index, unit in enumerate(units):
        kind = cuts.get(unit.line)
        if kind == "start":
            out.add(index)
        elif kind == "join" and index > 0:
            out.discard(index)
    out.add(0)
    return sorted(out)
