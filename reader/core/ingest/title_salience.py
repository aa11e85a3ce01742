"""Is a lead's first clause about the story at all? Judged by the words the story repeats.

A headline names what the story is about, and a story keeps coming back to its subject: the
content words of a real headline are, far more often than a lead's other words, words the body
uses again ("Magnitogorsk", "building", "collapse"). On Wikinews and Reuters, about 74% and 61%
of the first clause's words that are in the headline recur outside that clause, against 44% and
33% of its other words. An agency lead's first clause already names the story, and there no
later clause beats it (picking the clause with most repeated words lowers ROUGE-1 from 0.33 to
0.28 on both). A web lead may instead open with scene-setting, an anecdote or a question whose
words the body never uses again. So the first clause stays unless it carries almost none of the
repeated vocabulary that a later one carries (see titles.derive_title).

A word's weight is log(1 + its count outside the candidate's own sentence): a word the article
never repeats adds nothing, and a name repeated twenty times does not drown everything else.
Counting is a regex and a Counter over the article's first characters, so it costs less than the
title itself.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable

from reader.core.ingest.title_lexicon import AUX, FUNCTION_END, PRONOUN, SPEECH, TABLES

_WORD = re.compile(r"[^\W\d_][^\W_]*")
_STOP = FUNCTION_END | AUX | PRONOUN | SPEECH | frozenset(TABLES["salience_stop"].split())
_BODY_CHARS = 3000  # of an article read for counts: the story's repeated words recur early


def word_counts(text: str) -> Counter[str]:
    """Word counts of a text, lower case (the "s" of a possessive counts as a word of its own, and
    function words are left in: salience skips them, so the article's count needs no filtering)."""
    return Counter(_WORD.findall(text.lower()))


def article_counts(paragraphs: Iterable[str]) -> Counter[str]:
    """Word counts over the article's first _BODY_CHARS characters."""
    parts, left = [], _BODY_CHARS
    for p in paragraphs:
        parts.append(p[:left])
        left -= len(p)
        if left <= 0:
            break
    return word_counts(" ".join(parts))


def _count(counts: Counter[str], word: str) -> int:
    """A word's count with its plural or singular ("armenians" also counts "armenian")."""
    other = word[:-1] if word.endswith("s") and not word.endswith(("ss", "us", "is")) else word + "s"
    return counts[word] + counts[other]


def salience(words: Iterable[str], counts: Counter[str], own: Counter[str]) -> float:
    """How much of the story's repeated vocabulary distinct ``words`` carry: each content word adds
    log(1 + its count in the article outside ``own``, the counts of the sentence it came from)."""
    return math.fsum(  # exact, so a title's word set gives one sum whatever its hash order
        math.log1p(max(0, _count(counts, w) - _count(own, w))) for w in words if w not in _STOP and len(w) > 1
    )


VETO = 0.2  # the first clause gives way only to one carrying five times its repeated vocabulary


def _title_words(title: str) -> set[str]:
    """A title's distinct words: a word said twice in a title tells no more than once."""
    return set(_WORD.findall(title.lower()))


def about_the_story(
    first: tuple[str, str], later: Iterable[tuple[str, Callable[[], str | None]]], counts: Counter[str]
) -> tuple[str, str]:
    """The first clause's (sentence, title), unless a later sentence's title carries over 1/VETO times
    its salience.

    ``first`` is (sentence, title); ``later`` gives each later sentence with the function that
    derives its title, called only when the sentence itself carries enough of the repeated words
    to win (a title's content words are a subset of its sentence's), so that an agency lead, whose
    first clause nearly always stays, costs one count per sentence and no second title.
    VETO is the one tuned constant: of 0.2, 0.35, 0.5 and 0.65, tried on Wikinews and Reuters only,
    the largest that keeps their ROUGE-1 within 0.005 of always keeping the first clause.
    """
    chosen, best = first
    bar = salience(_title_words(best), counts, word_counts(chosen)) / VETO
    for sentence, make in later:
        own = word_counts(sentence)
        if salience(own, counts, own) <= bar:
            continue
        title = make()
        score = salience(_title_words(title), counts, own) if title else 0.0
        if title and score > bar:
            chosen, best, bar = sentence, title, score
    return chosen, best


STORY_WORDS = 5  # the story's most repeated content words a title should name one of (ties count too)


def names_the_story(title: str, counts: Counter[str]) -> bool:
    """Whether a title names one of the STORY_WORDS content words the article repeats most (ties
    included, each said at least twice: "north", "soldiers", "ukraine"); one that names none is about
    a side remark ("His video included an offer of help to officials" in a story about soldiers)."""
    ranked = [n for w, n in counts.most_common() if w not in _STOP and len(w) > 1]
    if len(ranked) < STORY_WORDS:
        return True  # too short a text to tell
    least = max(2, ranked[STORY_WORDS - 1])
    return any(_count(counts, w) >= least for w in _title_words(title) if w not in _STOP and len(w) > 1)
