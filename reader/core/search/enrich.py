"""Give a built text index its entity fields.

The build publishes a text-only index first, so search works minutes before
entity analysis ends, and then needs every document's entity fields filled in.
This module is that step's public face for the build; how it is done is the
seam's business (:mod:`reader.core.search.accel`): a segment copy that analyses
no text again when Whoosh's internals are the tested ones, else
:class:`NotCopyable`, on which the build indexes the documents afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from reader.core.search import accel
from reader.core.search.accel import NotCopyable

__all__ = ["NotCopyable", "add_entity_fields"]


def add_entity_fields(
    source: Path,
    target: Path,
    entities_of: Callable[[str], Mapping[str, Sequence[str]]],
    progress: Callable[[int], None] | None = None,
    *,
    procs: int = 1,
) -> None:
    """Write into ``target`` (empty or absent) the index at ``source`` with entity fields filled in.

    ``entities_of(article_id)`` gives type -> names for one document, as
    :class:`~reader.core.search.index.IndexDoc.entities`; ``progress`` receives the
    number of documents copied so far; ``procs > 1`` copies segments in that many
    forked processes. Raises :class:`NotCopyable` when the caller must re-index instead.
    """
    accel.add_entity_fields(source, target, entities_of, progress, procs=procs)
