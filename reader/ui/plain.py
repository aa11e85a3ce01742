"""Text from a source file shown in Qt as text, never as markup.

Qt guesses whether a tooltip or label string is rich text (``Qt.mightBeRichText``)
and, if so, renders it: an ``<img src=/a/local/file>`` in a scraped title would be
read from disk and shown. Every string that carries source text (titles, names,
quotes) goes through :func:`tooltip` before it reaches a tooltip role.
"""

from __future__ import annotations

import html


def tooltip(text: str) -> str:
    """``text`` as rich text that renders literally (escaped, line breaks kept)."""
    return "<p style='white-space:pre-wrap'>" + html.escape(text, quote=False) + "</p>"
