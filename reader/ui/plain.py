"""Text from a source file shown in Qt as text, never as markup.

Qt guesses whether a tooltip or label string is rich text (``Qt.mightBeRichText``)
and, if so, renders it: an ``<img src=/a/local/file>`` in a scraped title would be
read from disk and shown. Every string that carries source text (titles, names,
quotes) goes through :func:`tooltip` before it reaches a tooltip role.
"""

from __future__ import annotations

import html


def tooltip(text: str) -> str:
    """``text`` as rich text that renders literally (escaped, line breaks kept, long lines wrapped).

    Short lines are kept whole (a "pre-wrap" paragraph made Qt wrap titles at a
    few words); a tooltip with a long line gets a fixed width to wrap within.
    """
    lines = [html.escape(line, quote=False) for line in text.split("\n")]
    body = "<br>".join(lines)
    if max((len(line) for line in text.split("\n")), default=0) <= 90:
        return f"<p style='white-space:nowrap'>{body}</p>"
    return f"<table width='480'><tr><td>{body}</td></tr></table>"


def counted(n: int, noun: str, plural: str = "") -> str:
    """``1 word``, ``2 words``, ``1,024 hits``: every count the UI shows reads as English
    ("1 articles", "1 hits" did not); ``plural`` for nouns that do not just add an s."""
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"
