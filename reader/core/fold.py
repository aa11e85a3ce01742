"""Search hits with wire copies folded: one hit per story, however many versions of it matched.

A dump with an agency story reposted by ten sites would otherwise fill the first page of
results with the same text. The catalog knows each copy's original (``copy_of``, from
:mod:`reader.core.copies`); here the ranked hits are walked once and every hit whose group
already has a better-ranked member is folded into it, which counts it in ``Hit.copies``.
``copies:all`` in a query turns folding off for that query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from reader.core.types import Hit, SearchResult

#: At most this many times the asked limit is fetched to fill a page after folding.
FOLD_OVERFETCH = 4

_ALL = re.compile(r"(?<!\S)copies:all(?!\S)", re.IGNORECASE)


def copies_option(query: str) -> tuple[str, bool]:
    """The query without ``copies:all``, and whether it asked for every version."""
    stripped, found = _ALL.subn(" ", query)
    return (" ".join(stripped.split()), True) if found else (query, False)


def fold_copies_of(result: SearchResult, originals: Mapping[str, str], limit: int) -> SearchResult:
    """Keep the best-ranked hit of each group of copies (``originals``: copy id -> original id)."""
    kept: dict[str, int] = {}  # group (original id) -> index in hits
    hits: list[Hit] = []
    folded = 0
    for hit in result.hits:
        key = originals.get(hit.id, hit.id)
        at = kept.get(key)
        if at is None:
            kept[key] = len(hits)
            hits.append(hit)
        else:
            hits[at] = replace(hits[at], copies=hits[at].copies + 1)
            folded += 1
    return replace(result, hits=tuple(hits[:limit]), total=max(len(hits), result.total - folded))
