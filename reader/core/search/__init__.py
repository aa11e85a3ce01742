"""Full-text search over the library (Whoosh).

Every ``import whoosh`` in Lede lives in this package, so replacing the engine
touches one folder. Callers use only :class:`SearchIndex`, :func:`build_index`
and :class:`IndexDoc`.
"""

from __future__ import annotations

from reader.core.search.index import IndexDoc, SearchIndex, build_index

__all__ = ["IndexDoc", "SearchIndex", "build_index"]
