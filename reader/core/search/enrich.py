"""Give a built text index its entity fields.

The build publishes a text-only index first, so search works minutes before
entity analysis ends, and then needs every document's entity fields filled in.
This module is that step's public face for the build; how it is done is the
seam's business (:mod:`reader.core.search.accel`): a segment copy that analyses
no text again when Whoosh's internals are the tested ones, else
:class:`NotCopyable`, on which the build indexes the documents afresh.
"""

from __future__ import annotations

# The build's one door to the step; the seam's own function, re-exported rather than wrapped,
# so its signature and docstring live in one place.
from reader.core.search.accel import NotCopyable, add_entity_fields

__all__ = ["NotCopyable", "add_entity_fields"]
