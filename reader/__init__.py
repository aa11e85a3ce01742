"""Lede: a keyboard-driven reader for files of news articles."""

__version__ = "0.1.0"
