"""One exception tree, so callers can catch ``LedeError`` and show one clear line."""

from __future__ import annotations


class LedeError(Exception):
    """Base of every error Lede raises on purpose; its message is fit for a user."""


class SourceError(LedeError):
    """The source file is missing, unreadable or not something Lede can read."""


class IndexBuildError(LedeError):
    """Building or opening the search index or catalog failed."""


class StorageError(LedeError):
    """The annotations or catalog database could not be read or written."""


class QueryError(LedeError):
    """A search query could not be parsed."""


class ClusterError(LedeError):
    """``--cluster``: the scheduler cannot be reached, has no workers, or a batch failed there."""
