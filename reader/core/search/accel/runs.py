"""Faster sorted runs for Whoosh's posting pool while an index is written.

A Whoosh segment writer collects one tuple per posting and sorts them before
writing the segment; when the pool passes its memory limit (``limitmb``) it
spills a sorted run to disk, and merges the runs at the end. Whoosh pickles
and unpickles each posting with a separate call, which for a 20,000-article
library (about 11 million postings) costs a third of the index build (5,000
articles on one writer: 45.8 s, 29.5 s with block runs). Here a run is written as
pickled blocks of RUN_BLOCK postings and read back block by block: the same
runs, the same order, the same merge, a few thousand calls instead of
millions. Memory grows by one block per open run while the runs are merged, so a
block is small: a writer of a 100k-article build merges about 30 runs, and at
20,000 postings a block (~4 MB) that merge held 120 MB per writer; at 4,096 it
holds about 25 MB, for the same speed.

:func:`install` patches ``whoosh.writing.PostingPool`` (only that subclass,
not every external sort, and only its private ``_write_run``/``_read_run``) and is
idempotent; :func:`uninstall` puts Whoosh's own methods back. Both are called
only through :func:`reader.core.search.accel.prepare_writing`, before a writer is
created, so forked writer processes inherit whichever state is current.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any

RUN_BLOCK = 4_096


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


_PATCHED = {"_write_run": _write_run, "_read_run": _read_run}
# What PostingPool itself defined under each patched name before install() (None: inherited).
_saved: dict[str, Any] = {}


def installed() -> bool:
    """Whether Whoosh's posting pool currently writes block runs."""
    from whoosh.writing import PostingPool

    return bool(PostingPool.__dict__.get("_lede_block_runs", False))


def install() -> None:
    """Give Whoosh's posting pool block-pickled runs (idempotent)."""
    from whoosh.writing import PostingPool

    if installed():
        return
    for name, method in _PATCHED.items():
        _saved[name] = PostingPool.__dict__.get(name)
        setattr(PostingPool, name, method)
    PostingPool._lede_block_runs = True


def uninstall() -> None:
    """Restore Whoosh's own run methods (idempotent)."""
    from whoosh.writing import PostingPool

    if not installed():
        return
    for name in _PATCHED:
        original = _saved.pop(name, None)
        if original is None:
            delattr(PostingPool, name)  # it was inherited from SortingPool: uncover it again
        else:
            setattr(PostingPool, name, original)
    del PostingPool._lede_block_runs
