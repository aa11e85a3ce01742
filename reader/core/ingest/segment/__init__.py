"""Split an undelimited dump into articles by topic shift.

A scraped dump is articles pasted one after another. The package reads it in
stages, each a module:

* :mod:`units` groups kept lines into paragraphs, headline-like lines attached
  to the paragraph below;
* :mod:`vectors` and :mod:`cues` give the raw evidence (term vectors and
  their cosines; surface cues of news leads and continuations);
* :mod:`paragraphs` reads each paragraph once (its bag of terms, the names in it);
* :mod:`cohesion` computes every gap's window cosines at once from a band of
  dot products between nearby paragraphs;
* :mod:`gaps` turns them into named features for every gap between paragraphs,
  a table with one column per feature (:mod:`names`: who was named before a gap);
* :mod:`decoder` scores the gaps with the fitted weights (``weights.json``)
  and picks the starts by dynamic programming; :mod:`refine` rescores them
  with the cohesion of whole stories and decodes again; :mod:`starts` runs
  both, in bounded chunks on long dumps.

Only :func:`find_starts` / :func:`segment_units` (starts and doubts) and the unit types are the
package's interface.
"""

from __future__ import annotations

from reader.core.ingest.segment.cues import DATELINE, STOPWORDS, is_ending
from reader.core.ingest.segment.starts import (
    CHUNK,
    CHUNK_PAD,
    DOUBT_MARGIN,
    Segmentation,
    find_starts,
    segment_units,
)
from reader.core.ingest.segment.units import Unit, UnitGrouper, is_headline, make_units

__all__ = [
    "CHUNK",
    "CHUNK_PAD",
    "STOPWORDS",
    "DATELINE",
    "DOUBT_MARGIN",
    "Segmentation",
    "Unit",
    "UnitGrouper",
    "find_starts",
    "is_ending",
    "is_headline",
    "make_units",
    "segment_units",
]
