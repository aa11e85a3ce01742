"""Structured inputs: detection by content, and parsers that keep their own boundaries."""

from __future__ import annotations

from pathlib import Path

from reader.core.types import ArticleDraft, DroppedLine


def detect(head: str, suffix: str) -> str:
    """Name the format of a file from its first characters (and extension as a tie-breaker)."""
    return "text"


def parse(kind: str, text: str, path: Path) -> tuple[list[ArticleDraft], list[DroppedLine]]:
    """Parse a whole structured file of the given kind."""
    raise NotImplementedError(kind)
