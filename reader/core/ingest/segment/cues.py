"""Surface cues of news writing that the gap scorer reads: where a lead starts, what continues a story.

Every pattern here is about the kind of text (news English), not one
publisher's house style: a dateline, a time phrase in a lead, a pronoun or
connective that can only continue a story, a quote and its attribution.
"""

from __future__ import annotations

import re
from pathlib import Path

from reader.core.calendar_words import MONTH_NAMES, WEEKDAY_NAMES, alternation

STOPWORDS = frozenset((Path(__file__).with_name("stopwords.txt")).read_text(encoding="utf-8").split())

WORD = re.compile(r"[^\W\d_][\w’'-]*")
SENT_START = re.compile(r"(?:^|[.!?][\"”’]?\s+)[\"“‘]?([^\W\d_][\w’'-]*)")
CONTINUATION = re.compile(
    r"^(he|she|it|they|his|her|its|their|them|this|these|those|that|such|we|our|but|and|or|so|"
    r"however|meanwhile|also|still|yet|then|thus|moreover|furthermore|nevertheless|nonetheless|instead|"
    r"besides|additionally|later|earlier|afterwards|further|separately|likewise|similarly|otherwise|"
    r"there|here|both|neither|either|another|the latter|the former|in addition|in response|as a result|"
    r"despite this|despite that|at the same time|in turn|on the other hand|for (his|her|their|its) part)\b",
    re.IGNORECASE,
)
QUOTED = re.compile(r"[“\"][^”\"]*[”\"]?")
QUOTE_OPEN = re.compile(r"^[\"“‘]")
ATTRIBUTION = re.compile(
    r"[,.!?][\"”’]\s*(,\s*)?(he|she|they|it|[A-Z][\w’'-]+(\s+[A-Z][\w’'-]+){0,3}|the \w+)\s+"
    r"(said|says|told|added|wrote|stated|explained|posted|tweeted|continued|according)\b|"
    r"\b(said|says|told|added|wrote|stated)\s+(mr|mrs|ms|dr|president|minister|prime|the)?\s*[A-Z]"
)
DATELINE = re.compile(
    r"^([A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3}(,\s*[A-Z][\w .'-]{1,30})?\s*(\([^)]{1,30}\))?\s*[—–-]{1,2}\s|"
    # "Orlando, Florida (CNN)Hillary ...", "(AP) —", "LONDON (Reuters) -": a place and/or an agency in brackets.
    r"([A-Z][\w.'-]+(?:[ ,]+[A-Z][\w.'-]+){0,4}\s*)?\((?:[A-Z][A-Za-z&]{1,14}|[A-Z]{2,6} News)\)\s*[—–-]{0,2}\s*(?=[A-Z“\"‘])|"
    r"\([A-Z][\w .]{1,20}\)\s*[—–-]\s|"
    r"(\w+day,?\s+)?(\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2}),?\s+\d{4}\s*[—–-]{1,2}\s)"
)
# The last line of a story on any wire or site: credits and sign-offs. One phrase may come anywhere,
# the rest open the line: two patterns, so the openings are tried at the start only (a search tried
# every alternative at every offset, five times slower).
_CREDIT_ANYWHERE = re.compile(r"contributed( reporting)? to this (report|story|article)", re.IGNORECASE)
_CREDIT_OPENING = re.compile(
    r"\(?(additional |with )?(reporting|editing|writing) by\b|compiled by\b|follow (him|her|them|us|@)"
    r"|\(?this (story|article) (has been|was) (updated|corrected)|(copyright|©) (\d{4}|the)"
    r"|the associated press contributed",
    re.IGNORECASE,
)


def is_credit(text: str) -> bool:
    """A credit or sign-off line ("Reporting by ...", "... contributed to this report")."""
    return bool(_CREDIT_ANYWHERE.search(text) or _CREDIT_OPENING.match(text))


# Other lines that can only END a story, whatever the publisher: a correction or update note, a
# note of where the piece first ran or whose views it holds, an image credit, a contact sign-off
# (a phone number, an e-mail address, a name and a handle), an author's bio ("Jane Roe is a fellow
# at ...", "Jane Roe | Senior Fellow, Org"). Each is a short line; a story's own paragraph is not.
ENDING_MAX_CHARS = 320
_ENDING_LEAD = re.compile(
    r"^[\s—–\-(\[*_]+"
)  # "— Additional reporting by ...", "(Correction: ...", "*This ..."
_ENDING_OPENING = re.compile(
    r"(correction|clarification)s?\s*[:—–-]"
    r"|(an|a) (earlier|previous|prior) version of this\b"
    r"|this (story|article|report|post|piece) (has been|was|is) (updated|corrected|amended|revised)"
    r"|this (story|article|report|post|piece|column|op-ed|essay) (was )?(originally |first )?"
    r"(appeared|published|ran|posted)\b"
    r"|(a version of )?this (story|article|piece) (first |originally )?(appeared|ran) (in|on|at)\b"
    r"|originally (published|posted|appeared) (in|on|at|by)\b"
    r"|(featured |feature |top |header |lead )?(images?|photos?|pictures?|graphics?)\s*(via|by|courtesy|credit)\b"
    r"|(featured |feature |top |header |lead )?(images?|photos?|pictures?)( credits?)?\s*:"
    r"|follow [^.!?]{1,40} on (twitter|facebook|instagram)\b"
    r"|(e-?mail|contact|reach) (him|her|them|the (author|writer|reporter)s?)\b"
    r"|all rights reserved\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
_PERSON = r"[A-Z][\w’'.-]+(?: [A-Z]\.)?(?: (?:[A-Z][\w’'-]+|de|van|von|al|da|la|le)){1,3}"
# "Jane Roe: @janeroe", "Twitter: @janeroe": a name or a network, then the handle.
_HANDLE = re.compile(rf"^({_PERSON}|(?i:twitter|instagram))\s*[:,|/–—-]\s*@\w{{2,}}")
# "Jane Roe is a senior fellow at ...", "Jane Roe is the author of ...": a full name, "is", a role
# (bio_roles.txt) among the next few words. "Jane Roe is a Harvard-trained internist" is a lead.
_ROLES = (Path(__file__).with_name("bio_roles.txt")).read_text(encoding="utf-8").split()
_BIO = re.compile(
    rf"^{_PERSON},? (is|serves as) (a|an|the) ([\w’'-]+,? ){{0,4}}({'|'.join(_ROLES)})s?\b(?! said)[^.!?]{{0,160}}"
)
# "Jane Roe | Senior Fellow, Org", "Jane Roe: 202-555-0100, @janeroe".
_NAME_BAR = re.compile(rf"^{_PERSON}\s*\|\s*[A-Z]")
_TWEET = re.compile(r"pic\.twitter\.com|\(@\w+\)\s+\w+ \d{1,2}, \d{4}", re.IGNORECASE)  # an embedded tweet


def is_ending(text: str) -> bool:
    """A line that can only close a story: a credit, a correction, a contact, image credit or author bio.

    A new story never opens with one, so a start belongs after it (the gap scorer's
    ``credit_above`` and ``ending_here`` / ``ending_ahead`` features read it), and a
    headline-shaped one ("David Lightman: 202-383-6101, @lightmandavid") is never a title.
    """
    if is_credit(text):
        return True
    if len(text) > ENDING_MAX_CHARS:
        return False
    s = _ENDING_LEAD.sub("", text)
    if _ENDING_OPENING.match(s) or _NAME_BAR.match(s) or _CREDIT_OPENING.match(s):
        return True
    words = len(s.split())
    if words <= 16 and (_PHONE.search(s) or _EMAIL.search(s)):
        return True
    if words <= 10 and _HANDLE.match(s) and not _TWEET.search(s):
        return True
    return words <= 45 and _BIO.match(s) is not None


_WEEKDAYS, _MONTHS = alternation(WEEKDAY_NAMES), alternation(MONTH_NAMES)
TIME_WORDS = re.compile(
    r"\b(today|yesterday|tonight|last (night|week|month|year)|this (week|morning|month|year)|earlier this|"
    rf"on ({_WEEKDAYS})|({_WEEKDAYS})|({_MONTHS}) \d{{1,2}})\b",
    re.IGNORECASE,
)
# The same pattern, case-sensitive, for text already lowered: on ASCII text (nearly every
# paragraph) a case-sensitive search of the lowered text finds exactly what TIME_WORDS finds,
# about three times faster (the ignore-case alternation is tried letter by letter).
_TIME_WORDS_LOWER = re.compile(TIME_WORDS.pattern)


def has_time_words(text: str) -> bool:
    """``bool(TIME_WORDS.search(text))``, faster (the pattern is lower case, with no letter escapes)."""
    if text.isascii():
        return _TIME_WORDS_LOWER.search(text.lower()) is not None
    return TIME_WORDS.search(text) is not None


DATE_ONLY = re.compile(
    rf"((\w+day,?\s+)?(\d{{1,2}}\s+)?({_MONTHS})(\s+\d{{1,2}})?,?\s+\d{{4}})",
    re.IGNORECASE,
)
LIST_ITEM = re.compile(r"^(\(?\d{1,2}[.)]|[a-z][.)]|[ivx]{1,4}[.)]|[•*–-])\s")
INDEFINITE = re.compile(r"^(A|An)\s+[a-z]")
PERFECT = re.compile(
    r"\b(has|have)\s+(been\s+|now\s+|virtually\s+|also\s+|reportedly\s+)?\w+(ed|en|wn|id|ld|ht|ft|nt|un)\b"
)
ACRONYM_DEF = re.compile(r"[A-Z][a-z]+(\s+[A-Z][a-z]+)+\s+\(([A-Z]{2,})\)")
FULL_NAME = re.compile(r"(?<!^)(?<![.!?] )\b([A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+)+)")
HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Dr)\.? [A-Z]")
