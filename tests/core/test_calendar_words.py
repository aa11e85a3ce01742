"""The month and weekday names come from one table (reader.core.calendar_words); rebuilding the
patterns from it changed nothing they match.

Each ``OLD_*`` below is the pattern exactly as it was written before (a literal, copied from the
modules when each kept its own list of names); each is compared with the rebuilt one on dates and
near-misses: the same matches at the same places, the same groups, the same whole-line verdict.
"""

from __future__ import annotations

import re

import pytest

from reader.core import calendar_words
from reader.core.analyse import figures
from reader.core.ingest import clean, dates, title_text
from reader.core.ingest.segment import cues

OLD_CLEAN_DATE_LINE = "((mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\\.?,?\\s+)?(\\d{1,2}(st|nd|rd|th)?\\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?|(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?\\s+\\d{1,2}(st|nd|rd|th)?),?\\s+\\d{4}(,?\\s+(at\\s+)?\\d{1,2}[:.]\\d{2}\\s*(am|pm)?\\s*([a-z]{2,4})?)?|\\d{4}-\\d{2}-\\d{2}([t ]\\d{2}:\\d{2}(:\\d{2})?z?)?"
OLD_CLEAN_UPDATED = "(updated|published|posted|last updated|first published|last modified|modified|created|edited)\\b[:\\s]*(on\\s+|at\\s+)?[^!?]{0,50}?\\b(\\d|ago|yesterday|today|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[^!?]{0,40}(?<![a-z]{3}\\.)"
OLD_CUES_TIME_WORDS = "\\b(today|yesterday|tonight|last (night|week|month|year)|this (week|morning|month|year)|earlier this|on (monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(january|february|march|april|may|june|july|august|september|october|november|december) \\d{1,2})\\b"
OLD_CUES_DATE_ONLY = "((\\w+day,?\\s+)?(\\d{1,2}\\s+)?(january|february|march|april|may|june|july|august|september|october|november|december)(\\s+\\d{1,2})?,?\\s+\\d{4})"
OLD_FIGURES_DATE = "\\b(?:\\d{1,2}(?:st|nd|rd|th)?\\s+(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\.?,?\\s+\\d{4}|(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\b|(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\s+\\d{1,2}(?:st|nd|rd|th)?\\b|(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\s+(?:19|20)\\d{2}|\\d{4}-\\d{2}-\\d{2}|(?:the\\s+)?(?:19|20)\\d0s)(?![\\w,]\\d)"
OLD_TITLE_TIME = "\\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?:\\s+(?:morning|afternoon|evening|night))?(?:,?\\s+(?:September|February|November|December|January|October|August|March|April|June|July|Sept|May|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b)?(?:,\\s+\\d{4})?(?![’']s)|(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow|[Oo]vernight)\\b(?![’']s)(?:\\s+(?:morning|afternoon|evening|night))?|(?:[Tt]his|[Ll]ast)\\s+(?:week|weekend|month|morning|afternoon|evening|night)\\b|[Oo]n\\s+(?:September|February|November|December|January|October|August|March|April|June|July|Sept|May|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b(?:,?\\s+\\d{4})?)"
OLD_TITLE_DATELINES = [
    "^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’&-]+(?: [A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’&-]*)*(?:, (?:[A-Z][\\w.]*\\.?)(?: [A-Z][\\w.]*)?)?,?(?: (?:(?i:september|february|november|december|january|october|august|march|april|june|july|sept|may|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec))\\.? \\d{1,2}| \\d{1,2} (?:(?i:september|february|november|december|january|october|august|march|april|june|july|sept|may|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec))\\.?)?(?:,? \\d{4})? ?(?:\\([^()]{1,30}\\))? ?(?:[—–-]{1,2}|:) ?",
    "^[A-Z][\\w.'’-]+(?: [A-Z][\\w.'’-]+){0,3}(?:, [A-Z][\\w.]+)?,?(?: (?:(?i:september|february|november|december|january|october|august|march|april|june|july|sept|may|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec))\\.? \\d{1,2}| \\d{1,2} (?:(?i:september|february|november|december|january|october|august|march|april|june|july|sept|may|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec))\\.?)(?:,? \\d{4})? ?(?:\\([^()]{1,30}\\))? ?[—–-]{1,2} ?",
    "^(?:[A-Z][\\w.'’-]+(?: [A-Z][\\w.'’-]+){0,3}(?:, [A-Z][\\w.'’-]+(?: [A-Z][\\w.'’-]+){0,2})?,? ?)?\\((?:[A-Z][\\w .&/-]{0,25})\\)(?: ?[—–-]{1,2} ?|(?=[A-Z“\\\"]))",
    "^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? )?(?:(?:(?i:september|february|november|december|january|october|august|march|april|june|july|sept|may|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec))\\.? \\d{1,2}|\\d{1,2} (?:(?i:september|february|november|december|january|october|august|march|april|june|july|sept|may|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)))(?:,? \\d{4})?, [A-Z][\\w.'’-]+(?: [A-Z][\\w.'’-]+)*(?:, [A-Z][\\w.'’-]+(?: [A-Z][\\w.'’-]+)*)? ?[—–-]{1,2} ?",
    "^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? )?(?:\\d{1,2} (?:(?i:september|february|november|december|january|october|august|march|april|june|july|sept|may|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec))|(?:(?i:september|february|november|december|january|october|august|march|april|june|july|sept|may|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)) \\d{1,2}),? \\d{4} ?[—–-]{1,2} ?",
    "^By [A-Z][\\w.'’-]+(?: [A-Z][\\w.'’-]+){0,3} ?[:|—–-] ?",
]
OLD_DATES_MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}

_I = re.IGNORECASE


def _updated() -> re.Pattern[str]:
    return next(rx for _reason, rx in clean._FULL if rx.pattern.startswith("(updated|"))


#: name -> (the old pattern compiled as it was, the rebuilt one the module uses now)
PAIRS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "clean dateline": (re.compile(OLD_CLEAN_DATE_LINE, _I), clean._FULL[0][1]),
    "clean updated": (re.compile(OLD_CLEAN_UPDATED, _I), _updated()),
    "cues time words": (re.compile(OLD_CUES_TIME_WORDS, _I), cues.TIME_WORDS),
    "cues date only": (re.compile(OLD_CUES_DATE_ONLY, _I), cues.DATE_ONLY),
    "figures date": (re.compile(OLD_FIGURES_DATE), figures._DATE),
    "title time": (re.compile(OLD_TITLE_TIME), title_text._TIME),
    **{
        f"title dateline {i}": (re.compile(old), new)
        for i, (old, new) in enumerate(zip(OLD_TITLE_DATELINES, title_text._DATELINES, strict=True))
    },
}

SAMPLES = [
    # dates as sources write them
    "Friday, January 4, 2019",
    "4 January 2019 14:32 GMT",
    "2019-01-04",
    "Fri. Jan. 4, 2019",
    "Tues, 3rd Sept 2019 at 9:15 pm BST",
    "Thurs 12 Sep 2024",
    "Thursday, 5 December 2019 07:21",
    "Fri, 04 Jan 2019 10:00:00 GMT",
    "Thu 01 Jan 1970 00:00:00 GMT",
    "MONDAY, JANUARY 4, 2019",
    "Dec 2024",
    "12 Sept",
    # "updated …" lines
    "Updated Sept 3, 2024",
    "Updated: Sept. 30",
    "Published on Sep 5 2021, 10:00",
    "Last updated Tue. 4 Mar.",
    "Posted at 14:05 on Dec 24",
    "Edited September twelfth",
    "updated sept!",
    "Updated sep",
    "published Septembers ago and then some more words to run past the limit of forty",
    "modified mayhem",
    # dates and time words in running text
    "on Monday the talks resumed",
    "Talks resumed Wednesday afternoon, officials said.",
    "The vote is set for March 15 in Paris.",
    "Since 7 October 2023, more than 100,000 fled.",
    "In Sept. 2019 the plant closed",
    "the 1990s boom",
    "last week on Tuesday",
    "Sunday morning, Oct. 9",
    "On Aug. 21, 2017 the eclipse",
    # datelines run into a lead
    "on Thursday night, March 3rd, 2022 — the",
    "WASHINGTON, Sept. 4 (Reuters) - The",
    "LONDON, 12 march 2020 — Ministers",
    "Saturday, November 17, Brisbane, Australia - The",
    "November 17, Brisbane, Australia - The",
    "Friday, January 4, 2019 — The",
    "Wednesday, 4 July 2018 - Crowds",
    "friday, january 4, 2019 — lower case",
    "HOUSTON, Feb 26 - Oil prices",
    "ENGLEWOOD CLIFFS, N.J., March 11 - The company",
    "YORK, PA, 3 Sept. 2021 — Fire crews",
    "Paris, France, Sept. 3 (AFP) — ",
    "WASHINGTON (Reuters) - The",
    "By Jane Doe: the",
    # near-misses
    "Wednes, 4 July 2018 - Crowds",
    "Satday, May 2, 2020 — ",
    "Tuesdays are quiet",
    "Janu 4, 2019",
    "Mayday 4, 2019",
    "Marching 4 2019",
    "Jun 31, 2021",
    "Monsoon 3, 2020",
    "Decembers 5 2010",
    "Septober 4, 2020",
    "Sundays, Mondays and the month of Mayo",
]


def _found(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], ...]]:
    """Every match with the span of each of its groups: equal lists mean equal behaviour."""
    return [m.regs for m in rx.finditer(text)]


def test_there_are_enough_samples() -> None:
    assert len(SAMPLES) >= 40


@pytest.mark.parametrize("name", PAIRS)
def test_each_rebuilt_pattern_matches_exactly_what_the_old_one_matched(name: str) -> None:
    old, new = PAIRS[name]
    assert new.flags == old.flags
    hits = 0
    for text in SAMPLES:
        assert _found(new, text) == _found(old, text), text
        assert bool(new.fullmatch(text)) == bool(old.fullmatch(text)), text
        hits += bool(old.search(text))
    assert 0 < hits < len(SAMPLES)  # the samples tell matches from near-misses for this pattern


def test_the_patterns_that_did_not_need_a_new_spelling_are_the_very_same_text() -> None:
    """Where the names came out in the same order, the rebuilt pattern is the old one, letter for letter."""
    for name in ("clean dateline", "cues time words", "cues date only", "figures date"):
        old, new = PAIRS[name]
        assert new.pattern == old.pattern, name
    assert title_text._MONTH.startswith("(?i:september|february|november|december|january|")


def test_date_parsing_knows_the_same_month_names() -> None:
    assert dates._MONTHS == OLD_DATES_MONTHS
    assert dates.normalise_date("Tues, 3rd Sept 2019") == "2019-09-03"


def test_alternation_keeps_the_first_of_each_name_and_can_put_the_longest_first() -> None:
    assert calendar_words.alternation(["may", "jun"], ["may", "sept"]) == "may|jun|sept"
    assert calendar_words.alternation(["sep", "sept"], title=True, longest_first=True) == "Sept|Sep"
