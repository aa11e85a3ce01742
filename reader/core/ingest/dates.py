"""Normalise the many ways sources write a date to ISO ``YYYY-MM-DD``.

Feeds use RFC 822 ("Fri, 04 Jan 2019 10:00:00 GMT"), exports use ISO 8601,
pages and datelines use prose ("Friday, January 4, 2019", "4 January 2019").
An unparseable or ambiguous date (``04/01/2019``) is returned as ``None``
rather than guessed: a wrong date is worse than none.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

from reader.core.calendar_words import MONTH_NUMBERS

_MONTHS = MONTH_NUMBERS  # every month name and abbreviation -> 1..12
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASH_YMD = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")


def _make(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def normalise_date(value: object) -> str | None:
    """Return ``YYYY-MM-DD`` for a date written in a common style, else ``None``."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return dt.datetime.fromtimestamp(float(value), tz=dt.timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if not text:
        return None
    for rx in (_ISO, _SLASH_YMD):
        m = rx.search(text)
        if m:
            return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _DAY_MONTH.search(text)
    if m and m.group(2).lower() in _MONTHS:
        return _make(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    m = _MONTH_DAY.search(text)
    if m and m.group(1).lower() in _MONTHS:
        return _make(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None
