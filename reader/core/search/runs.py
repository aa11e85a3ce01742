"""Faster sorted runs for Whoosh's posting pool while an index is written.

A Whoosh segment writer collects one tuple per posting and sorts them before
writing the segment; when the pool passes its memory limit (``limitmb``) it
spills a sorted run to disk, and merges the runs at the end. Whoosh pickles
and unpickles each posting with a separate call, which for a 20,000-article
library (about 11 million postings) costs a third of the index build (5,000
articles on one writer: 45.8 s, 29.5 s with block runs). Here a run is written as
pickled blocks of RUN_BLOCK postings and read back block by block: the same
runs, the same order, the same merge, a few hundred calls instead of
millions. Memory grows by one block per open run.

:func:`install` patches ``whoosh.writing.PostingPool`` (only that subclass,
not every external sort) and is idempotent; the index builder calls it
before creating a writer, so its worker processes (forked) inherit it.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any

RUN_BLOCK = 20_000


def _write_run(self: Any, f: IO[bytes], items: Iterable[Any]) -> None:
    try:
        it = iter(items)
        while block := list(islice(it, RUN_BLOCK)):
            pickle.dump(block, f, pickle.HIGHEST_PROTOCOL)
    finally:
        f.close()


def _read_run(self: Any, path: str) -> Iterator[Any]:
    f = self._open_run(path)
    try:
        while True:
            try:
                block = pickle.load(f)
            except EOFError:
                return
            yield from block
    finally:
        f.close()
        self._remove_run(path)


def install() -> None:
    """Give Whoosh's posting pool block-pickled runs (once per process)."""
    from whoosh.writing import PostingPool

    if getattr(PostingPool, "_lede_block_runs", False):
        return
    PostingPool._write_run = _write_run
    PostingPool._read_run = _read_run
    PostingPool._lede_block_runs = True
