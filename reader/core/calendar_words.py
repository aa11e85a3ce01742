"""The names of the months and weekdays, in one place, for every pattern that reads a date.

Why a module of its own: cleaning (datelines, "Updated Jan 4"), segmentation cues (a time
phrase in a lead), titles (a dateline run into a lead) and figures ("since 7 October 2023")
each wrote their own alternation of month names, and the copies had drifted ("sept" in one,
not another). They now all build from these tables, so a name added here reaches every one.
Pure data and string building: importing it loads nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Each month's full name, then the abbreviations news writes for it, in calendar order.
#: May's abbreviation is itself, so a list of abbreviations ("jan|feb|…|may|…") has it.
MONTHS: tuple[tuple[str, ...], ...] = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may", "may"),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
#: Each weekday's full name, then its abbreviations, Monday first.
WEEKDAYS: tuple[tuple[str, ...], ...] = (
    ("monday", "mon"),
    ("tuesday", "tue", "tues"),
    ("wednesday", "wed"),
    ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"),
    ("saturday", "sat"),
    ("sunday", "sun"),
)

MONTH_NAMES = tuple(names[0] for names in MONTHS)
MONTH_ABBREVIATIONS = tuple(short for names in MONTHS for short in names[1:])
WEEKDAY_NAMES = tuple(names[0] for names in WEEKDAYS)
WEEKDAY_ABBREVIATIONS = tuple(short for names in WEEKDAYS for short in names[1:])

#: Every month name and abbreviation (lower case) -> its number, 1 to 12.
MONTH_NUMBERS: dict[str, int] = {name: i for i, names in enumerate(MONTHS, 1) for name in names}


def alternation(*words: Iterable[str], title: bool = False, longest_first: bool = False) -> str:
    """``a|b|c`` of the words in the order given, each once (the first time it comes).

    ``title`` capitalises them, for patterns that are case-sensitive on purpose;
    ``longest_first`` orders them by length, longest first (ties keep their order), so that
    an alternation followed by more pattern never settles for "sep" where "september" stands.
    Nothing is escaped: the names are plain letters.
    """
    seen = dict.fromkeys(w.capitalize() if title else w for group in words for w in group)
    ordered = sorted(seen, key=len, reverse=True) if longest_first else list(seen)
    return "|".join(ordered)
