"""Numbers, percentages, amounts of money, quantities and dates, with their sentence.

Figures are what a reporter checks first ("more than 100,000 fled", "80%",
"since 7 October 2023"), so each one carries its surface text, a numeric value
where there is one, a unit, and the sentence it belongs to. Pure regular
expressions: deterministic, fast, and independent of the NER model (whose
CARDINAL/DATE spans are dropped from entities).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from reader.core.calendar_words import MONTH_ABBREVIATIONS, MONTH_NAMES, alternation
from reader.core.sentences import sentence_at, sentence_spans
from reader.core.types import Figure

__all__ = ["find_figures"]

_MONTHS = alternation(MONTH_NAMES, MONTH_ABBREVIATIONS, title=True)
_WORD_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "dozen": 12,
    "hundreds": 100,
    "thousands": 1000,
    "dozens": 12,
    "one": 1,
    "million": 1e6,
    "millions": 1e6,
}
_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "billion": 1e9,
    "tn": 1e12,
    "trillion": 1e12,
}
_CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "₹": "INR",
    "₽": "RUB",
    "₴": "UAH",
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds": "GBP",
    "yen": "JPY",
    "rupees": "INR",
    "roubles": "RUB",
    "rubles": "RUB",
    "hryvnias": "UAH",
    "shekels": "ILS",
}
_TIME_UNITS = {
    "second",
    "seconds",
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "decade",
    "decades",
    "century",
    "centuries",
}
_MEASURE_UNITS = {
    "km": "km",
    "kilometres": "km",
    "kilometers": "km",
    "miles": "miles",
    "mile": "miles",
    "m": "m",
    "metres": "m",
    "meters": "m",
    "kg": "kg",
    "kilograms": "kg",
    "tonnes": "tonnes",
    "tons": "tonnes",
    "litres": "litres",
    "liters": "litres",
    "barrels": "barrels",
    "acres": "acres",
    "hectares": "hectares",
    "mph": "mph",
    "km/h": "km/h",
    "degrees": "degrees",
    "c": "°C",
    "°c": "°C",
    "°f": "°F",
    "mw": "MW",
    "gw": "GW",
    "sq": "sq",
}
_IRREGULAR_PLURALS = {"people", "children", "men", "women", "police", "staff", "personnel", "cattle"}
_NOT_UNITS = {
    "has",
    "was",
    "is",
    "this",
    "its",
    "as",
    "us",
    "his",
    "hers",
    "ours",
    "yes",
    "less",
    "across",
    "towards",
    "does",
    "goes",
    "plus",
    "minus",
    "thus",
    "whereas",
    "unless",
    "always",
    "sometimes",
    "perhaps",
    "besides",
    "mostly",
    "nearly",
    "almost",
    "percent",
}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_QUAL = (
    r"(?i:(?:more|fewer|less|greater|higher|lower) than|at least|at most|up to|around|about|some|nearly|"
    r"almost|over|under|approximately|roughly|an estimated|as many as|as much as)\s+"
)
_DATE = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:" + _MONTHS + r")\.?,?\s+\d{4}"
    r"|(?:" + _MONTHS + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:" + _MONTHS + r")\b"
    r"|(?:" + _MONTHS + r")\s+\d{1,2}(?:st|nd|rd|th)?\b"
    r"|(?:" + _MONTHS + r")\s+(?:19|20)\d{2}"
    r"|\d{4}-\d{2}-\d{2}"
    r"|(?:the\s+)?(?:19|20)\d0s"
    r")(?![\w,]\d)"
)
_YEAR = re.compile(
    r"\b(?:in|In|since|Since|by|By|until|of|from|From|during|During|before|after|early|late|mid|"
    r"around|through|between|and)\s+(?P<year>(?:19|20)\d{2})\b(?!\s*%|,\d)"
)
_MONEY = re.compile(
    r"(?:" + _QUAL + r")?(?P<cur>US\$|[$£€¥₹₽₴])\s?(?P<num>" + _NUM + r")(?:\s?(?P<scale>bn|mn|m|k|tn|"
    r"billion|million|thousand|trillion)\b)?"
    r"|(?:" + _QUAL + r")?(?P<num2>" + _NUM + r")\s?(?P<scale2>bn|m|billion|million|thousand|trillion)?\s+"
    r"(?P<cur2>dollars|euros|pounds|yen|rupees|roubles|rubles|hryvnias|shekels)\b"
)
_CURRENCY_WORDS = ("dollars", "euros", "pounds", "yen", "rupees", "roubles", "rubles", "hryvnias", "shekels")
# What every money / percent match contains (see _near).
_MONEY_ANCHOR = re.compile(r"[$£€¥₹₽₴]|" + "|".join(_CURRENCY_WORDS))
_PERCENT_ANCHOR = re.compile(r"%|per\s?cent|percent")
_PERCENT = re.compile(r"(?:" + _QUAL + r")?(?P<num>" + _NUM + r")\s?(?:%|per\s?cent\b|percent\b)")
_SINGULAR_WORD_NUMBERS = "|".join(k for k in _WORD_NUMBERS if not k.endswith("s"))
_HYPHEN = re.compile(
    r"\b(?P<num>\d+|"
    + _SINGULAR_WORD_NUMBERS
    + r")-(?P<unit>second|minute|hour|day|week|month|year|decade|mile|km|metre|storey)(?:s)?(?:-old)?\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"(?<![\w.,/:-])(?:(?P<qual>" + _QUAL + r"))?(?P<num>" + _NUM + r")(?:\s?(?P<scale>million|billion|"
    r"thousand|trillion|bn|m)\b)?(?![\w/:-]|[.,]\d)"
)
_ALL_WORD_NUMBERS = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_WORDNUM = re.compile(
    r"(?<![\w-])(?:(?P<qual>"
    + _QUAL
    + r"))?(?P<word>(?:"
    + _ALL_WORD_NUMBERS
    + r"))(?:\s+(?P<scale>hundred|thousand|million|billion))?(?=\s+(?P<next>[a-z]+))",
    re.IGNORECASE,
)
_NEXT_WORD = re.compile(r"\s+(?:of\s+)?([A-Za-z°/][\w°/]*)")


def find_figures(text: str) -> list[Figure]:
    """All figures in ``text``, in order, none overlapping (dates and money win over bare numbers)."""
    sentences = sentence_spans(text)
    found: list[tuple[int, int, float | None, str]] = []
    taken = bytearray(len(text) + 1)

    def claim(start: int, end: int, value: float | None, unit: str) -> None:
        if start >= end or any(taken[start:end]):
            return
        taken[start:end] = b"\x01" * (end - start)
        found.append((start, end, value, unit))

    for match in _DATE.finditer(text):
        claim(match.start(), match.end(), None, "date")
    for match in _YEAR.finditer(text):
        claim(match.start("year"), match.end("year"), None, "date")
    for match in _near(_MONEY, _MONEY_ANCHOR, text):
        if match.group("num") is not None:
            value = _number(match.group("num")) * _SCALES.get((match.group("scale") or "").lower(), 1)
            unit = _CURRENCIES[match.group("cur").lower()]
        else:
            value = _number(match.group("num2")) * _SCALES.get((match.group("scale2") or "").lower(), 1)
            unit = _CURRENCIES[match.group("cur2").lower()]
        claim(match.start(), match.end(), value, unit)
    for match in _near(_PERCENT, _PERCENT_ANCHOR, text):
        claim(match.start(), match.end(), _number(match.group("num")), "percent")
    for match in _HYPHEN.finditer(text):
        raw = match.group("num").lower()
        value = float(_WORD_NUMBERS[raw]) if raw in _WORD_NUMBERS else _number(raw)
        claim(match.start(), match.end(), value, match.group("unit").lower() + "s")
    for match in _NUMBER.finditer(text):
        if _is_clock(text, match.start("num"), match.end("num")):
            continue
        value = _number(match.group("num")) * _SCALES.get((match.group("scale") or "").lower(), 1)
        unit, unit_end = _unit_after(text, match.end())
        claim(match.start(), unit_end or match.end(), value, unit)
    for match in _WORDNUM.finditer(text):
        word = match.group("word").lower()
        unit, unit_end = _unit_after(text, match.end())
        if unit == "count" or unit_end is None:
            continue  # "one of them", "two Iranian attacks": too ambiguous without a unit noun
        value = float(_WORD_NUMBERS[word]) * _SCALES.get((match.group("scale") or "").lower(), 1)
        claim(match.start(), unit_end, value, unit)

    found.sort(key=lambda item: item[0])
    figures: list[Figure] = []
    for start, end, amount, unit in found:
        s, e = _around(text, *sentence_at(sentences, start), start, end)
        figures.append(
            Figure(text=text[start:end], value=amount, unit=unit, start=start, end=end, sentence=text[s:e])
        )
    return figures


# The longest sentence a figure keeps whole; of a longer one it keeps about SENTENCE_SIDE
# characters either side, cut at a space. News sentences stay far below (the longest of 25,343
# figures in the corpora: 688 characters), but a 200 KB paragraph of numbers with no full stop
# is one "sentence", and 25,000 figures each holding a copy of it took 9.6 GB.
SENTENCE_MAX = 1_000
SENTENCE_SIDE = 400


def _around(text: str, s: int, e: int, start: int, end: int) -> tuple[int, int]:
    """The sentence ``text[s:e]`` of the figure at ``start:end``, or, if it is longer than
    SENTENCE_MAX, the part of it within about SENTENCE_SIDE characters of the figure."""
    if e - s <= SENTENCE_MAX:
        return s, e
    lo, hi = max(s, start - SENTENCE_SIDE), min(e, end + SENTENCE_SIDE)
    if lo > s and (space := text.find(" ", lo, start)) != -1:
        lo = space + 1
    if hi < e and (space := text.rfind(" ", end, hi)) != -1:
        hi = space
    return lo, hi


def _near(pattern: re.Pattern[str], anchor: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, scanning only the paragraphs around the anchors its matches contain.

    The money and percent patterns start with an optional qualifier ("more than", "about"),
    which Python's re tries at every position of the text: 1.7 ms an article, most of the
    figure pass. Every match holds its anchor (a currency, a percent sign) and crosses at most
    one line break on either side of it, so scanning the anchor's paragraph with its two
    neighbours finds exactly the same matches.
    """
    hits = [hit.start() for hit in anchor.finditer(text)]
    if not hits:
        return
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    lines = [bisect_right(starts, hit) - 1 for hit in hits]
    wanted = sorted({k for line in lines for k in (line - 1, line, line + 1) if 0 <= k < len(starts)})
    first = prev = wanted[0]
    for k in [*wanted[1:], None]:
        if k is not None and k == prev + 1:
            prev = k
            continue
        end = starts[prev + 1] if prev + 1 < len(starts) else len(text)
        yield from pattern.finditer(text, starts[first], end)
        if k is not None:
            first = prev = k


def _number(raw: str) -> float:
    return float(raw.replace(",", ""))


def _is_clock(text: str, start: int, end: int) -> bool:
    """Skip "1:01" style timestamps and parts of version numbers."""
    return (start > 0 and text[start - 1] == ":") or text[end : end + 1] == ":"


def _unit_after(text: str, end: int) -> tuple[str, int | None]:
    """The unit noun right after a number ("24 hours", "11,000 troops"), else "count"."""
    match = _NEXT_WORD.match(text, end)
    if not match:
        return "count", None
    word = match.group(1)
    lower = word.lower()
    if lower in _TIME_UNITS:
        return (lower if lower.endswith("s") else lower + "s"), match.end()
    if lower in _MEASURE_UNITS and (word.islower() or lower in ("km", "kg", "mw", "gw")):
        return _MEASURE_UNITS[lower], match.end()
    if not word.islower():
        return "count", None
    if lower in _IRREGULAR_PLURALS:
        return lower, match.end()
    if lower.endswith("s") and len(lower) > 3 and lower not in _NOT_UNITS and not lower.endswith("ss"):
        return lower, match.end()
    return "count", None
