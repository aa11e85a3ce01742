"""What a build knows of the bytes it read: their digest and size, and whether the file only grew since.

A build is reused only for a source whose digest it recorded (:func:`file_sha256`). A source
that only grew since its last build keeps that build's article starts (issue 13, item 7).
Scraped dumps grow: a scraper appends the day's stories to yesterday's file. Appending a
story must not move an earlier break, since an article's id, notes and reading position
hang on its first paragraph. The segmenter weighs its evidence against the whole dump, so
new text can tip a close call far above it; a build of a grown file therefore reads the
earlier build's starts from its catalog and keeps them (:class:`reader.core.ingest.cuts.Pins`).
"Only grew" is checked, not assumed: the earlier build's manifest records the size of the
file it read, and the first that many bytes of the file now must hash to the digest it
recorded. Anything else (an edit above the end, another pipeline, a structured format, a
catalog that cannot be read) builds from scratch, as before.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reader.core.errors import LedeError, SourceError
from reader.core.ingest.cuts import Pins
from reader.core.store.catalog import Catalog

__all__ = ["earlier_starts", "file_sha256", "size_of"]


def file_sha256(path: Path) -> str:
    """Hash a file or, for a folder, the names and contents of every file below it."""
    digest = hashlib.sha256()
    try:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                digest.update(str(child.relative_to(path)).encode("utf-8", "surrogateescape"))
                digest.update(child.read_bytes())
        else:
            _hash_into(digest, path, None)
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return digest.hexdigest()


def _hash_into(digest: hashlib._Hash, path: Path, limit: int | None) -> int:
    """Feed the file's bytes (the first ``limit`` of them, if given) to ``digest``; return how many."""
    done = 0
    with path.open("rb") as handle:
        while limit is None or done < limit:
            block = handle.read(1 << 20 if limit is None else min(limit - done, 1 << 20))
            if not block:
                break
            digest.update(block)
            done += len(block)
    return done


def size_of(source: Path) -> int | None:
    """The byte size of a source file as hashed now (None for a folder, whose layout can change anywhere)."""
    try:
        return source.stat().st_size if source.is_file() else None
    except OSError:
        return None


def _prefix_sha256(path: Path, size: int) -> str | None:
    """The digest of the file's first ``size`` bytes (None if it is shorter or cannot be read)."""
    digest = hashlib.sha256()
    try:
        return digest.hexdigest() if _hash_into(digest, path, size) == size else None
    except OSError:
        return None


def earlier_starts(
    source: Path, size: int | None, build: Path | None, manifest: Mapping[str, Any], pipeline: str
) -> Pins | None:
    """The starts of ``build`` to keep when ``source`` (now ``size`` bytes) only grew since it was read."""
    old_size, old_sha = manifest.get("size"), manifest.get("sha256")
    if build is None or size is None or not isinstance(old_size, int) or not isinstance(old_sha, str):
        return None
    if not 0 < old_size < size or manifest.get("pipeline") != pipeline:
        return None
    if _prefix_sha256(source, old_size) != old_sha:
        return None
    try:
        with Catalog(build / "catalog.sqlite", readonly=True) as catalog:
            if catalog.meta("format") != "text":
                return None
            leads = catalog.lead_lines()
    except (LedeError, OSError, sqlite3.Error, ValueError):  # a damaged catalog: segment afresh
        return None
    return Pins(max(leads), frozenset(leads)) if leads else None
