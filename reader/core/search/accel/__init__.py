"""The one door to Lede's Whoosh speed-ups, which rely on Whoosh-Reloaded's private internals.

Whoosh-Reloaded is archived, so its private attributes will not move under us
in 2.7.5, but a different release (or another fork installed under the name
``whoosh``) could change any of them. Everything that reaches past Whoosh's
public API therefore lives in this package, and the rest of ``search/`` calls
only the functions below. Each one has a plain public-API twin that gives the
same hits in the same order, and that twin is used when

* the installed Whoosh is not the release these speed-ups were tested on
  (:data:`TESTED_WHOOSH`, checked with ``whoosh.versionstring()``), or
* the environment sets ``LEDE_PLAIN_WHOOSH=1`` (CI runs the search tests both ways,
  and a user who meets a suspected speed-up bug can switch them all off).

The submodules are imported only when the speed-ups are on, so an unknown Whoosh
never even loads code that names its private attributes.

What each piece replaces (the submodules' docstrings have the measurements):

========================  ===================================  ==================================
seam function             accelerated                          plain
========================  ===================================  ==================================
:func:`weighting`         BM25F with cached field lengths      ``whoosh.scoring.BM25F``
:func:`tune_query`        fast phrase, capped expansions       the parsed query unchanged
:func:`rank`              block-at-a-time AND-of-OR scoring    None: the caller uses ``search()``
:func:`prepare_writing`   block-pickled sorted runs (patch)    Whoosh's own runs (patch removed)
:func:`add_entity_fields` segment copy, entity fields added    :class:`NotCopyable`: re-index
========================  ===================================  ==================================
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import whoosh
from whoosh import query as wq
from whoosh.scoring import BM25F

from reader.core.errors import IndexBuildError

# The Whoosh release whose internals the speed-ups were written and tested against.
TESTED_WHOOSH = "2.7.5"
# Set to 1 (or anything but "" / "0") to use only Whoosh's public API.
PLAIN_ENV = "LEDE_PLAIN_WHOOSH"


class NotCopyable(IndexBuildError):
    """The entity fields cannot be added by copying segments: index the documents afresh.

    Raised when the text index has deleted documents (it was edited while the
    build ran) and whenever the speed-ups are off.
    """


@lru_cache(maxsize=1)
def version_supported() -> bool:
    """True when the installed Whoosh is the release the speed-ups were tested on."""
    return str(whoosh.versionstring()) == TESTED_WHOOSH


def enabled() -> bool:
    """Whether the speed-ups are in use: read at each call, so a test can flip the switch."""
    return version_supported() and os.environ.get(PLAIN_ENV, "").strip() in ("", "0")


def status() -> str:
    """One line for diagnostics (``lede doctor``, bug reports): which path search takes, and why."""
    if not version_supported():
        return f"plain Whoosh: Whoosh {whoosh.versionstring()} is not the tested {TESTED_WHOOSH}"
    if not enabled():
        return f"plain Whoosh: {PLAIN_ENV} is set"
    return f"accelerated (Whoosh-Reloaded {TESTED_WHOOSH})"


def weighting(B: float = 0.75, K1: float = 1.2, **field_B: float) -> BM25F:
    """A BM25F model (``title_B=0.3`` style per-field B); a new one per searcher.

    The accelerated one caches per-segment field lengths, so it must not
    outlive the searcher it was made for.
    """
    if enabled():
        from reader.core.search.accel.scoring import CachedLengthBM25F

        return CachedLengthBM25F(B=B, K1=K1, **field_B)
    return BM25F(B=B, K1=K1, **field_B)


def tune_query(q: wq.Query) -> wq.Query:
    """``q`` with faster equivalents of its phrases, expansions and ORs (unchanged when plain)."""
    if enabled():
        from reader.core.search.accel.fastquery import speed_up

        return speed_up(q)
    return q


def rank(searcher: Any, q: wq.Query, limit: int) -> tuple[list[tuple[int, float]], int] | None:
    """Top ``limit`` (global docnum, score) pairs, best first, and the exact number of matches.

    None means "not handled here": the speed-ups are off, the query is not
    plain words, or a segment cannot be read in bulk. The caller then runs
    Whoosh's own ``searcher.search``, which ranks the same documents the same way.
    """
    if not enabled():
        return None
    from reader.core.search.accel import bulk

    groups = bulk.plan(q, searcher.schema)
    if groups is None:
        return None
    found = bulk.run(searcher, groups, limit)
    if found is None:
        return None
    top, total = found
    return [(doc, float(score)) for score, doc in top], total


def prepare_writing() -> None:
    """Call before creating an index writer: patches Whoosh's posting pool when accelerated.

    The patch is process-wide (forked writer processes inherit it), idempotent,
    and removed again here when the speed-ups are off, so a process that
    flips the switch writes with Whoosh's own code from then on.
    """
    if enabled():
        from reader.core.search.accel import runs

        runs.install()
    else:
        remove_patches()


def remove_patches() -> None:
    """Undo every process-wide patch (a no-op when none is installed)."""
    import sys

    runs = sys.modules.get("reader.core.search.accel.runs")
    if runs is not None:  # never installed if never imported
        runs.uninstall()


def add_entity_fields(
    source: Path,
    target: Path,
    entities_of: Callable[[str], Mapping[str, Sequence[str]]],
    progress: Callable[[int], None] | None = None,
    *,
    procs: int = 1,
) -> None:
    """Copy the index at ``source`` into ``target`` with the entity fields filled in.

    ``entities_of(article_id)`` gives type -> names for one document, as
    :class:`~reader.core.search.index.IndexDoc.entities`; ``progress`` receives the
    number of documents copied so far; ``procs > 1`` copies segments in that many
    forked processes.

    Raises :class:`NotCopyable` when the copy cannot be made, including always
    when the speed-ups are off: the caller then indexes the documents afresh,
    which is Whoosh's public way to give documents new fields.
    """
    if not enabled():
        raise NotCopyable(f"segment copy needs the accelerated path ({status()})")
    from reader.core.search.accel.entity_copy import copy_with_entity_fields

    copy_with_entity_fields(source, target, entities_of, progress, procs=procs)
