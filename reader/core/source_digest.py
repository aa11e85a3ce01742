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
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from reader.core.errors import LedeError, SourceError
from reader.core.ingest.cuts import Pins
from reader.core.store.catalog import Catalog

__all__ = ["SourceDigest", "digest_source", "earlier_starts", "file_sha256"]


@dataclass(frozen=True)
class SourceDigest:
    """What one read of a source saw: its digest, how many bytes that covers, and a prefix's digest.

    ``size`` is None for a folder (its layout can change anywhere, so it never counts as grown);
    ``prefix_sha256`` is the digest of the first ``prefix`` bytes asked for, None when not asked
    or the file is shorter. One pass gives all three, so the size is exactly what was hashed even
    if a scraper appends while the build reads.
    """

    sha256: str
    size: int | None
    prefix_sha256: str | None = None


def digest_source(path: Path, prefix: int | None = None) -> SourceDigest:
    """Hash a file (and its first ``prefix`` bytes on the way) or, for a folder, every file below it."""
    digest = hashlib.sha256()
    try:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                digest.update(str(child.relative_to(path)).encode("utf-8", "surrogateescape"))
                digest.update(child.read_bytes())
            return SourceDigest(digest.hexdigest(), None)
        with path.open("rb") as handle:
            size = _feed(digest, handle, prefix)
            early = digest.hexdigest() if prefix is not None and size == prefix else None
            size += _feed(digest, handle, None)
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return SourceDigest(digest.hexdigest(), size, early)


def file_sha256(path: Path) -> str:
    """Hash a file or, for a folder, the names and contents of every file below it."""
    return digest_source(path).sha256


def _feed(digest: hashlib._Hash, handle: IO[bytes], limit: int | None) -> int:
    """Feed ``handle``'s next bytes (at most ``limit`` of them, if given) to ``digest``; return how many."""
    done = 0
    while limit is None or done < limit:
        block = handle.read(1 << 20 if limit is None else min(limit - done, 1 << 20))
        if not block:
            break
        digest.update(block)
        done += len(block)
    return done


def earlier_starts(
    source: SourceDigest, build: Path | None, manifest: Mapping[str, Any], pipeline: str
) -> Pins | None:
    """The starts of ``build`` to keep when the source (as ``source`` read it) only grew since then.

    ``source`` must have been read with ``prefix`` set to the manifest's recorded size.
    """
    old_size, old_sha = manifest.get("size"), manifest.get("sha256")
    if build is None or source.size is None or not isinstance(old_size, int) or not isinstance(old_sha, str):
        return None
    if not 0 < old_size < source.size or manifest.get("pipeline") != pipeline:
        return None
    if source.prefix_sha256 != old_sha:
        return None
    try:
        with Catalog(build / "catalog.sqlite", readonly=True) as catalog:
            if catalog.meta("format") != "text":
                return None
            leads = catalog.lead_lines()
    except (LedeError, OSError, sqlite3.Error, ValueError):  # a damaged catalog: segment afresh
        return None
    return Pins(max(leads), frozenset(leads)) if leads else None
