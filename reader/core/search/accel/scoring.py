"""BM25F with field lengths read once per segment instead of once per scored posting.

Whoosh's BM25F scorer looks a document's field length up through the codec's
column reader for every posting it scores (a bounds check, a column read and a
byte-to-length decode), which was a fifth of the time of queries that score
thousands of documents. Here each segment's length bytes for a field are read
into a list once, the first time that field is scored, and the per-byte BM25
denominator is tabulated (a field length is stored as one of 256 byte values),
so scoring a posting is two list look-ups and a division. Scores are identical
to Whoosh's BM25F: same formula, same lossy stored lengths.

Private Whoosh-Reloaded 2.7.5 internals used here: ``whoosh.codec.whoosh3._lenfield``,
the segment reader's ``_perdoc`` and its ``_cached_reader``, and BM25F's ``_field_B``.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.scoring import BM25F, BM25FScorer, WeightScorer
from whoosh.util.numeric import byte_to_length

# Decoded field length for each stored length byte (0 means "no length": use 1,
# as Whoosh's scorer does through its default).
_LENGTH_OF_BYTE = [byte_to_length(b) or 1 for b in range(256)]


class CachedLengthBM25F(BM25F):
    """:class:`whoosh.scoring.BM25F` with per-segment cached field lengths.

    One instance belongs to one searcher (Lede makes a new one whenever it
    opens a searcher), so its cache lives exactly as long as the segment
    readers it describes.
    """

    def __init__(self, B: float = 0.75, K1: float = 1.2, **kwargs: float) -> None:
        super().__init__(B=B, K1=K1, **kwargs)
        self._length_bytes: dict[tuple[int, str], list[int] | None] = {}
        # Per-length-byte BM25 denominators, shared by every term of a field.
        self._denominators: dict[tuple[str, float, float, float], list[float]] = {}

    def length_bytes(self, reader: Any, fieldname: str) -> list[int] | None:
        """The stored length byte of ``fieldname`` for every document of one segment."""
        key = (id(reader), fieldname)
        if key not in self._length_bytes:
            self._length_bytes[key] = _read_length_bytes(reader, fieldname)
        return self._length_bytes[key]

    def scorer(self, searcher: Any, fieldname: str, text: bytes, qf: int = 1) -> Any:
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        B = self._field_B.get(fieldname, self.B)
        lengths = self.length_bytes(searcher.reader(), fieldname)
        if lengths is None:
            return BM25FScorer(searcher, fieldname, text, B, self.K1, qf=qf)
        return TabulatedScorer(searcher, fieldname, text, B, self.K1, lengths, self._denominators)


def _read_length_bytes(reader: Any, fieldname: str) -> list[int] | None:
    """Read a segment's length column; None if this reader does not expose one."""
    perdoc = getattr(reader, "_perdoc", None)
    cached_reader = getattr(perdoc, "_cached_reader", None)
    if cached_reader is None:
        return None
    column = cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return None
    return list(column)


class TabulatedScorer(BM25FScorer):
    def __init__(
        self,
        searcher: Any,
        fieldname: str,
        text: bytes,
        B: float,
        K1: float,
        lengths: list[int],
        denominators: dict[tuple[str, float, float, float], list[float]],
    ) -> None:
        super().__init__(searcher, fieldname, text, B, K1)  # sets idf, avgfl, max quality
        key = (fieldname, float(self.avgfl), B, K1)
        table = denominators.get(key)
        if table is None:
            table = [K1 * ((1 - B) + B * length / self.avgfl) for length in _LENGTH_OF_BYTE]
            denominators[key] = table
        # Public so that bulk scoring (reader.core.search.accel.bulk) can inline them.
        self.top = self.idf * (K1 + 1)
        self.denominator = table
        self.lengths = lengths

    def score(self, matcher: Any) -> float:
        weight = matcher.weight()
        return float(self.top * weight / (weight + self.denominator[self.lengths[matcher.id()]]))
