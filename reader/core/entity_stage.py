"""The build's entity analysis over the catalog, in memory that does not grow with the library.

At 100k articles the analysis stage held every article, every article's candidates,
every result and every entity map at once (the build's main process peaked at 5.2 GB).
Here the catalog is the only copy of the library: texts are read from it in source order
a batch at a time (id and text only) and streamed through the NER backend
(:func:`~reader.core.analyse.pipeline.analyse_stream`), candidates wait in a spill file
in the build folder, and the results are written back batch by batch as the rule pass
hands them over. Readers of the catalog meanwhile see each article's old analysis or its
final one; the library-wide entity totals are summed once, when every batch is in.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path

from reader.core.analyse.backend import NerBackend
from reader.core.store.catalog import Catalog

__all__ = ["CatalogEntityMaps", "CatalogTexts", "analyse_catalog"]

#: Articles read, spilled, finished and written at a time.
STREAM_BATCH = 500
#: The spill file's name in the build folder (deleted when the stage ends).
SPILL_NAME = "analysis-spill.sqlite"


class _PerProcess:
    """A read-only catalog connection for this process: the entity index's copiers are forked,
    and a child must open its own connection rather than use its parent's."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._catalog: Catalog | None = None
        self._pid = -1

    def catalog(self) -> Catalog:
        if self._catalog is None or self._pid != os.getpid():
            self._catalog = Catalog(self.path, readonly=True)
            self._pid = os.getpid()
        return self._catalog

    def close(self) -> None:
        if self._catalog is not None and self._pid == os.getpid():
            self._catalog.close()
        self._catalog = None


class CatalogTexts(_PerProcess):
    """The catalog's texts in source order, as :class:`~reader.core.analyse.pipeline.Texts`.

    :meth:`stream` records each article's id and position (a few bytes an article) so that
    :meth:`between` can read the texts of a range of articles by position.
    """

    def __init__(self, path: Path, batch: int = STREAM_BATCH) -> None:
        super().__init__(path)
        self.batch = batch
        self.ids: list[str] = []
        self.positions = array("q")

    def stream(self) -> Iterator[str]:
        self.ids.clear()
        del self.positions[:]
        for article_id, position, text in self.catalog().iter_texts(self.batch):
            self.ids.append(article_id)
            self.positions.append(position)
            yield text

    def between(self, lo: int, hi: int) -> list[str]:
        if hi <= lo:
            return []
        rows = self.catalog().texts_between(self.positions[lo], self.positions[hi - 1])
        if [r[0] for r in rows] != self.ids[lo:hi]:
            raise ValueError(f"the catalog's articles {lo}-{hi} changed during the analysis")
        return [text for _id, text in rows]


class CatalogEntityMaps(_PerProcess):
    """``entities_of(article_id)`` for the index's entity fields, read from the catalog per article."""

    def __call__(self, article_id: str) -> dict[str, list[str]]:
        from reader.core.indexing import entity_names

        return entity_names(self.catalog().article_entities(article_id))

    def close(self) -> None:
        """Close, then fold the catalog's write-ahead log back into it.

        Read-only connections (here and in the forked copiers, which exit without closing)
        cannot remove the log, and the manifest records the catalog's size, checked at
        every open, only when there is none: the last writer to close removes it.
        """
        super().close()
        Catalog(self.path).close()


def analyse_catalog(
    work: Path,
    backend: NerBackend,
    total: int,
    progress: Callable[[int, int], None],
    *,
    batch: int | None = None,
) -> None:
    """Analyse every article of ``work``'s catalog with ``backend`` and write the results to it."""
    from reader.core.analyse.pipeline import analyse_stream
    from reader.core.analyse.spill import FileSpill

    batch = batch or STREAM_BATCH
    texts = CatalogTexts(work / "catalog.sqlite", batch)
    spill = FileSpill(work / SPILL_NAME)
    try:
        with Catalog(work / "catalog.sqlite") as catalog:
            for first, analyses in analyse_stream(
                texts, total, backend, spill, progress=progress, batch=batch
            ):
                if not analyses:
                    continue
                ids = texts.ids[first : first + len(analyses)]
                last = texts.positions[first + len(analyses) - 1]
                catalog.write_analyses(
                    list(zip(ids, analyses, strict=True)), totals=False, final_through=last
                )
            catalog.rebuild_entity_totals()
            catalog.set_meta("analysed", "1")
    finally:
        spill.close()
        texts.close()
