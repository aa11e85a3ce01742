"""Ingest: turn a source file (raw dump or structured export) into article drafts.

    ingest_path(path, progress=None) -> IngestResult   # a file or a folder; format detected by content
    ingest_text(text, name="<text>") -> IngestResult   # an undelimited plain-text dump

An empty source (or one holding only whitespace or clutter) is not an error:
it yields an ``IngestResult`` with no drafts, and the caller tells the user
the file has no articles. Unreadable, binary or malformed sources raise
:class:`reader.core.errors.SourceError` with a one-line message naming the
file (and line when there is one).
"""

from __future__ import annotations

from reader.core.ingest.source import ingest_path, ingest_text

__all__ = ["ingest_path", "ingest_text"]
