"""The reader's cuts, and an earlier build's starts, applied to the segmenter's starts.

A cut names a paragraph by its line in the source file and a fingerprint of its text
(:mod:`reader.core.store.cuts` keeps them): "start" makes that paragraph the first of an
article, "join" makes the article that would start there go on from the one before. The
cut is made where the paragraph is: at its line if it still reads the same there (the file
grew below it, or not at all), else at the nearest paragraph within NEAR lines that does
(lines were added or removed above it), among the paragraphs segmented with that line. A
paragraph that is gone leaves its cut unmade: a cut is never moved onto a paragraph that
reads differently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.store.cuts import Cut, find_paragraph, fingerprints

if TYPE_CHECKING:
    from reader.core.ingest.segment import Unit

__all__ = ["Pins", "apply_cuts", "apply_pins"]


def apply_cuts(
    units: Sequence[Unit],
    starts: Sequence[int],
    cuts: Mapping[int, Cut] | None,
    made: set[int] | None = None,
    decided: set[int] | None = None,
) -> list[int]:
    """``starts`` (indices into ``units``) with the reader's cuts made; the first unit always starts one.

    The first unit of a buffer is the start of an article already settled (or of the file), so a
    "join" there is left to the round that settled it, where the unit is not the first. The line
    of every cut whose paragraph was found is added to ``made`` (the rest can be reported), and
    the index of the unit it landed on to ``decided`` (the reader has settled that gap: no doubt).
    """
    if not cuts or not units:
        return list(starts)
    # Only the cuts whose line falls among these paragraphs: a line in another buffer is that
    # buffer's to look at (a copy of the paragraph here, in a story saved twice, is not the one cut).
    first = units[0]
    lo, hi = first.headings[0].line if first.headings else first.line, units[-1].line
    wanted = {line: cut for line, cut in cuts.items() if lo <= line <= hi}
    if not wanted:
        return list(starts)
    # A paragraph's own line, and the lines of the headline-shaped lines waiting above it (a
    # headline the segmenter took for a subhead is where a reader sees the next story begin).
    at: dict[int, tuple[int, str]] = {}
    for index, unit in enumerate(units):
        at[unit.line] = (index, unit.text)
        for head in unit.headings:
            at.setdefault(head.line, (index, head.text))
    print_of = fingerprints(lambda line: at[line][1])

    said: dict[int, set[str]] = {}  # unit index -> the kinds of cut that land on it
    for line, cut in wanted.items():
        found = find_paragraph(line, cut.paragraph, at.keys(), print_of)
        if found is None:
            continue
        said.setdefault(at[found][0], set()).add(cut.kind)
        if made is not None:
            made.add(line)
    if decided is not None:
        decided.update(said)
    out = set(starts)
    for index, kinds in said.items():
        if "start" in kinds:  # a start said at a headline beats a join said at the lead below it
            out.add(index)
        elif index > 0:
            out.discard(index)
    out.add(0)
    return sorted(out)


@dataclass(frozen=True)
class Pins:
    """The article starts an earlier build of the same file made, kept where the file has only grown.

    Appending a story to a dump must not move an earlier break (issue 13): the ids, notes and
    reading positions of the articles a reader has seen hang on them. The segmenter alone cannot
    promise it, since its evidence is weighed against the whole dump (term weights, standardised
    scores), so an append can tip a close call anywhere. A build of a file that only grew
    therefore keeps the earlier build's starts up to ``limit``, the first paragraph line of its
    last article, whose end the new text may carry on; from there the segmenter decides.
    """

    limit: int
    leads: frozenset[int]  # the first paragraph line of every article of the earlier build


def apply_pins(units: Sequence[Unit], starts: Sequence[int], pins: Pins | None) -> list[int]:
    """``starts``, with every unit up to line ``pins.limit`` a start exactly when it started one before."""
    if pins is None or not units or units[0].line > pins.limit:
        return list(starts)
    kept = [i for i, unit in enumerate(units) if unit.line <= pins.limit and unit.line in pins.leads]
    return sorted({0, *kept, *(i for i in starts if units[i].line > pins.limit)})
