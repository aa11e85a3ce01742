"""Full-text search over the library (Whoosh).

Every ``import whoosh`` in Lede lives in this package, so replacing the engine
touches one folder. Callers use only :class:`SearchIndex`, :func:`build_index`
and :class:`IndexDoc` (and the build, :mod:`reader.core.search.enrich`).

Inside the package, whatever touches Whoosh's private internals lives in
:mod:`reader.core.search.accel` and is reached only through that package's
``__init__`` (the seam), which falls back to plain Whoosh on another release
or with ``LEDE_PLAIN_WHOOSH=1``.
"""

from __future__ import annotations

from reader.core.search.index import IndexDoc, SearchIndex, build_index

__all__ = ["IndexDoc", "SearchIndex", "build_index"]
