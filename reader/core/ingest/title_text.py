"""The lead as text: what a derived title never carries, and where a sentence ends.

Datelines ("HOUSTON, Feb 26 - ", "Washington (CNN)The ..."), time words ("on Thursday",
"late Wednesday night"), brackets, ticker marks, boilerplate phrases ("in a statement"), the
attribution ("..., officials said"; a named person's surname is kept for "..., says Biden"), and
contractions spelled out so that their verbs are seen ("It’s" -> "It is"); a sentence
splitter that does not stop at "Mr." or in "Chas. P. Young"; and the opening time/place phrases
a headline drops ("On Thursday, ...").
"""

from __future__ import annotations

import re

from reader.core.calendar_words import MONTH_ABBREVIATIONS, MONTH_NAMES, WEEKDAY_NAMES, alternation
from reader.core.ingest.title_lexicon import (
    DET,
    ED_NOT_VERB,
    EDGE,
    GENERIC_SPEAKER,
    NUMBER_WORDS,
    ORG_SUFFIX,
    PERSON_TITLE,
    PREP,
    PRONOUN,
    QUANTITY,
    SPEECH,
    STARTER,
    SUB_STARTER,
    TABLES,
    TIME_UNITS,
    core,
    has_verb,
    is_appositive,
    main_verb,
)

_MONTH = "(?i:" + alternation(MONTH_NAMES, MONTH_ABBREVIATIONS, longest_first=True) + ")"


_DAY = f"(?:{alternation(WEEKDAY_NAMES, title=True)})"


_UP = "A-ZÀ-ÖØ-Þ"  # upper-case letters, accented ones too ("BRASÍLIA")


_DATELINES = [
    # "WASHINGTON (Reuters) - ", "ENGLEWOOD CLIFFS, N.J., March 11 - ", "YORK, PA —", "LONDON:"
    re.compile(
        rf"^[{_UP}][{_UP}.'’&-]+(?: [{_UP}][{_UP}.'’&-]*)*(?:, (?:[A-Z][\w.]*\.?)(?: [A-Z][\w.]*)?)?,?"
        rf"(?: (?:{_MONTH})\.? \d{{1,2}}| \d{{1,2}} (?:{_MONTH})\.?)?(?:,? \d{{4}})?"
        r" ?(?:\([^()]{1,30}\))? ?(?:[—–-]{1,2}|:) ?"
    ),
    # "Houston, Feb 26 (Reuters) - ", "London, 5 May -" (mixed case needs a date or an agency)
    re.compile(
        rf"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){{0,3}}(?:, [A-Z][\w.]+)?,?"
        rf"(?: (?:{_MONTH})\.? \d{{1,2}}| \d{{1,2}} (?:{_MONTH})\.?)(?:,? \d{{4}})? ?(?:\([^()]{{1,30}}\))? ?[—–-]{{1,2}} ?"
    ),
    # "Washington (CNN)The ...", "Chappaqua, New York (CNN)...", "(CNN) — ", "Paris (AFP) - "
    re.compile(
        r"^(?:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}(?:, [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,2})?,? ?)?"
        r"\((?:[A-Z][\w .&/-]{0,25})\)(?: ?[—–-]{1,2} ?|(?=[A-Z“\"]))"
    ),
    # "November 17, Brisbane, Australia - "
    re.compile(
        rf"^(?:{_DAY},? )?(?:(?:{_MONTH})\.? \d{{1,2}}|\d{{1,2}} (?:{_MONTH}))(?:,? \d{{4}})?,"
        r" [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)*(?:, [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)*)? ?[—–-]{1,2} ?"
    ),
    # "Friday, January 4, 2019 — "
    re.compile(
        rf"^(?:{_DAY},? )?(?:\d{{1,2}} (?:{_MONTH})|(?:{_MONTH}) \d{{1,2}}),? \d{{4}} ?[—–-]{{1,2}} ?"
    ),
    # a byline run in: "By Jane Doe:", "By Jane Doe |"
    re.compile(r"^By [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3} ?[:|—–-] ?"),
]


_MONTH_CAP = alternation(MONTH_NAMES, MONTH_ABBREVIATIONS, title=True, longest_first=True)
# Case-sensitive on purpose (weekdays and months are capitalised in news): an IGNORECASE alternation
# tried at every position made this the slowest step of the title.
_TIME = re.compile(
    rf"\b(?:{_DAY}(?:\s+(?:morning|afternoon|evening|night))?(?:,?\s+(?:{_MONTH_CAP})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?"
    r"(?:,\s+\d{4})?(?![’']s)"
    r"|(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow|[Oo]vernight)\b(?![’']s)(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?:[Tt]his|[Ll]ast)\s+(?:week|weekend|month|morning|afternoon|evening|night)\b(?!\s+of\b)"
    rf"|[Oo]n\s+(?:{_MONTH_CAP})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?)"
)
_TIME_PREFIX = re.compile(r"(?:\b(?:on|this|last|next|late|early|earlier|later|very)\s+)+$", re.IGNORECASE)


_DROP_PHRASE = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in TABLES["drop_phrase"].split("|")) + r")\b(?: that)?"
)


_PARENS = re.compile(r"\s*\([^()]{0,80}\)|\s*\[[^\[\]]{0,80}\]")


_TICKER = re.compile(r"\s*<[A-Z0-9.&/-]{1,10}>")


_ANGLE = re.compile(r"<([^<>]{1,60})>")


_DASH_PAIR = re.compile(r"\s[—–]\s[^—–]{1,140}?\s[—–]\s|\s--\s.{1,140}?\s--\s")


_ACCORDING = re.compile(
    r",\s+according to [^,;“”\"]{1,80},\s+"
)  # set off inside a clause: the claim reads on


def _unset(m: re.Match[str]) -> str:
    """ "when, according to X, millions ..." -> "when millions ..."; after a phrase the comma stays."""
    before = m.string[: m.start()].split()
    return " " if before and core(before[-1]) in SUB_STARTER | {"that", "where", "who", "which"} else ", "


_RELATIVE = re.compile(r",\s+(?:who|whose|which)\b[^,;“”\"]{1,160}(?:,|(?=[.!?]?$))")  # replaced by a space


_CONTRACTION = re.compile(
    r"\b(?:((?i:it|he|she|that|there|what|who|here))[’']s|(\w+)[’'](re|ll|ve|d)|(\w+)n[’']t)\b"
)


_EXPANDED = {
    "re": " are",
    "ll": " will",
    "ve": " have",
    "d": " would",
    "wo": "will",
    "ca": "can",
    "sha": "shall",
}


def _expand(m: re.Match[str]) -> str:
    """ "It’s" -> "It is", "they’ll" -> "they will", "won’t" -> "will not"."""
    if m.group(1):
        return m.group(1) + " is"
    if m.group(2):
        return m.group(2) + _EXPANDED[m.group(3).lower()]
    stem = m.group(4)
    return _EXPANDED.get(stem.lower(), stem) + " not"


_NOT_END = frozenset(
    "mr mrs ms dr st gen sen rep gov lt col sgt capt prof jr sr no vs mt jan feb aug sept sep oct nov dec inc corp co".split()
)


_SENTENCE_END = re.compile(r"[.!?][\"”’]?(?=\s+[\"“‘(A-Z0-9])")


_LAST_WORD = re.compile(r"(\w+)\W*$")


_INITIAL = re.compile(r"\s+[A-Z]\.\s")


_LABEL = re.compile(
    r"^(?i:" + "|".join(re.escape(p) for p in TABLES["lead_label"].split("|")) + r")\s*(?::|\||[—–-]{1,2})\s*"
)  # a web page's label before its lead: "WATCH: ", "UPDATE - ", "Photo credit: "


def strip_datelines(text: str) -> str:
    """The lead without its dateline, byline or label; twice, for "LONDON, March 3 - By Jane Doe: ..."."""
    for _ in range(2):
        before = text
        m = _LABEL.match(text)
        if m and len(text) - m.end() > 5:
            text = text[m.end() :]
        for pattern in _DATELINES:
            m = pattern.match(text)
            if m and len(text) - m.end() > 5:
                text = text[m.end() :].lstrip(" -—–:")
        if text == before:
            break
    return text


def sentences(text: str, limit: int = 3) -> list[str]:
    """The first ``limit`` sentences of a paragraph; abbreviations and initials ("Mr.", "W.") end none."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        word = _LAST_WORD.search(text, max(start, m.start() - 12), m.start() + 1)
        if word and (
            len(word.group(1)) == 1 and word.group(1).isupper() or word.group(1).lower() in _NOT_END
        ):
            continue
        if _INITIAL.match(text, m.end()):
            continue  # "Chas. P. Young Co": an initial follows, so the stop ended an abbreviation
        out.append(text[start : m.end()].strip())
        start = m.end()
        if len(out) == limit:
            return out
    out.append(text[start:].strip())
    return [s for s in out if s]


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph."""
    found = sentences(text)
    return found[0] if found else ""


def _drop_times(s: str) -> str:
    """Drop time words ("on Thursday", "late Wednesday night", "yesterday"), except a bare one that
    is the sentence's subject ("Friday night was the fourth night ...")."""
    out, pos = [], 0
    for m in _TIME.finditer(s):
        start = m.start()
        prefix = _TIME_PREFIX.search(s, max(0, start - 40), start)
        if prefix:
            start = prefix.start()
        if start < pos or (start == 0 and not prefix and not s[m.end() :].lstrip().startswith(",")):
            continue
        out.append(s[pos:start])
        out.append(" ")
        pos = m.end()
    out.append(s[pos:])
    return "".join(out)


def tidy(sentence: str) -> str:
    """Drop what a headline never carries: brackets, ticker marks, time words, boilerplate phrases;
    spell out contractions so that their verbs are seen ("It’s" -> "It is")."""
    s = _CONTRACTION.sub(_expand, sentence) if "’" in sentence or "'" in sentence else sentence
    s = _TICKER.sub("", s)
    s = _ANGLE.sub(r"\1", s)
    s = _PARENS.sub(" ", s)  # a space, not nothing: "York(CNN)When" must not become "YorkWhen"
    s = _DASH_PAIR.sub(" ", s)
    s = _RELATIVE.sub(" ", s)
    s = re.sub(r"(?<=\w)([—–])(?=\w)", r" \1 ", s)  # "parlor games—imagining ...": a phrase ends at the dash
    s = _ACCORDING.sub(_unset, s)
    s = _drop_times(s)
    s = _DROP_PHRASE.sub(" ", s)
    s = re.sub(r"\s+([,.;:!?”’])", r"\1", s)
    s = re.sub(r",\s*(?=[,.;:])", "", s)
    s = re.sub(r"([“‘])\s*,\s*", r"\1", s)  # "“On December 19, soldiers" lost its date: "“soldiers"
    s = re.sub(r"\s{2,}", " ", s)
    return s.strip(" ,;:—–-")


_SAID_START = re.compile(
    r"^(?:said|says|added|wrote)\s+(?P<who>(?:(?:the|a)\s+)?(?:[a-z]+\s+)?(?:[A-Z][\w.'’-]*\s*){1,5})"
)


_WHO_SAID_START = re.compile(r"^(?P<who>[^,.;]{2,60}?)\s+(?:said|says|added|told|wrote)\b")


_TRAIL_SAID_WHO = re.compile(
    r"[,;]?[”\"]?,?\s+(?:(?:has|have)\s+)?(?:said|says|told\s+\S+|added|wrote|according\s+to)\s+(?P<who>[^“”\"]{2,90}?)[.!?]?$"
)


_TRAIL_WHO_SAID = re.compile(
    r"[,;][”\"]?\s+(?P<who>[^,“”\"]{2,70}?)\s+(?:(?:has|have|had)\s+)?"
    r"(?:said|says|told\s+[^,]{1,40}?|reported|reports|announced|added|confirmed|stated|warned|noted|wrote|tweeted|show|showed|indicated)"
    r"(?:\s+(?:on|in|at|to|during|after|before|from|while|via)\b[^,“”\"]{0,80})?[.!?]?$"
)


def speaker_name(who: str) -> str:
    """The surname of a named person speaker ("President Joe Biden" -> "Biden"), else ""."""
    toks = [t.strip(EDGE) for t in who.split()]
    if not toks or any(core(t) in GENERIC_SPEAKER or core(t) in ORG_SUFFIX for t in toks):
        return ""
    names = [t for t in toks if t[:1].isupper() and core(t) not in PERSON_TITLE]
    if not (1 <= len(names) <= 4) or not toks[-1][:1].isupper():
        return ""
    described = any(core(t) in PERSON_TITLE or t.islower() and core(t) not in DET for t in toks)
    if not described:
        return ""  # "Statistics Canada", "Smith Barney": a bare name may be a firm
    return names[-1]


def strip_attribution(s: str) -> tuple[str, str]:
    """Split "claim, Speaker said ..." into the claim and the speaker's surname ('' when generic or none)."""
    for pattern in (_TRAIL_WHO_SAID, _TRAIL_SAID_WHO):
        m = pattern.search(s)
        if not m or m.start() < 15:
            continue
        who = m.group("who")
        if len(who.split()) > 9 or has_verb("x " + who, strong_only=True) or has_verb(who):
            continue
        claim = s[: m.start()].rstrip(' ,;”"')
        if not has_verb(claim):
            continue
        if claim.count("“") > claim.count("”"):
            claim += "”"
        return claim, speaker_name(who)
    return s, ""


_DASH_WHO = re.compile(
    r"^[—–-]{1,2}\s*(?P<who>(?:[A-Z][\w.'’-]*\s*){1,4})[.!?]?$"
)  # "“...” — Hillary Clinton"


def quote_speaker(after: str) -> str:
    """Whoever a quotation is attributed to ("..., said Mayor Ana Ruiz" -> "Ruiz"; "..., Trump told
    CNN" -> "Trump"; "“...” — Hillary Clinton" -> "Hillary Clinton"), or "" for a pronoun or a generic speaker.

    After a quotation a bare capitalised name is the speaker, even a firm's ("..., Apple said" ->
    "says Apple"): the whole name is kept, so no firm is cut to its last word.
    """
    m = _SAID_START.match(after) or _WHO_SAID_START.match(after) or _DASH_WHO.match(after.strip())
    if not m:
        return ""
    who = m.group("who").strip()
    named = speaker_name(who)
    if named:
        return named
    toks = [t.strip(EDGE) for t in who.split()]
    plain = all(t[:1].isupper() and core(t) not in PRONOUN and core(t) not in GENERIC_SPEAKER for t in toks)
    if not plain or not 1 <= len(toks) <= 3 or core(toks[0]) in DET:
        return ""
    return " ".join(toks)


_COMMA = re.compile(r",\s+")


def _opens_adverbial(chunk: str) -> bool:
    """Does this comma chunk open like a time/place/circumstance phrase rather than a subject?"""
    words = chunk.split()
    if not words:
        return True
    w0, w1 = core(words[0]), core(words[1]) if len(words) > 1 else ""
    w2 = words[2] if len(words) > 2 else ""
    if w0 in {"at", "up", "about", "nearly", "almost", "around", "some", "over", "under"} and (
        w1.isdigit()
        or w1 in NUMBER_WORDS
        or (w1 in QUANTITY and (w2[:1].isdigit() or core(w2) in NUMBER_WORDS))
    ):
        return ":" in w2 or ":" in w1  # "At least seven people ..." is the subject; "At around 12:20" is not
    if w0 in STARTER or (w0 in NUMBER_WORDS or w0.isdigit()) and (w1 in TIME_UNITS or w1 + "s" in TIME_UNITS):
        return True
    if len(words) == 1 and (words[0].islower() or w0.endswith("ly") and len(w0) > 4):
        return True  # a stray adverb left by the time words ("Very [early Wednesday morning], ..."), "Additionally, ..."
    participle = w0.endswith(("ing", "ed")) and "-" not in w0 and w0 not in ED_NOT_VERB and w0 not in SPEECH
    participle = participle and (w1 in PREP or w1 in DET or w1 in PRONOUN or w1.endswith("ly") or not w1)
    return words[0][:1].isupper() and participle and not has_verb("x " + chunk, strong_only=True)


def drop_leading(s: str, timed: bool = True) -> str:
    """Drop opening time/place/circumstance phrases: "On Thursday, ...", "In findings published in Nature, ...";
    with ``timed`` also a timed clause ("One day after devices were found, ...")."""
    chunks = _COMMA.split(s)
    if len(chunks) < 2 or not _opens_adverbial(chunks[0]):
        return s
    opening = chunks[0].split()
    w0 = core(opening[0]) if opening else ""
    participial = w0.endswith(("ing", "ed"))
    timed = (
        timed and len(opening) > 2 and core(opening[2]) in SUB_STARTER
    )  # "One day after devices were found, ..."
    subordinate = w0 in SUB_STARTER or (len(opening) > 1 and core(opening[1]) == "that")  # "Now that X did"
    if not subordinate and not participial and not timed and has_verb("x " + chunks[0], strong_only=True):
        return s
    k = 1
    while k < len(chunks) - 1 and not has_verb("x " + chunks[k]):
        words = chunks[k].split()
        if is_appositive(chunks[k + 1]) and not chunks[k + 1].startswith("according "):
            break  # "Hu Jintao, the President of China, said": chunk k is the subject
        place = (
            bool(words)
            and words[0][:1].isupper()
            and (len(words) <= 3 or any(core(w) in STARTER for w in words))
        )
        leftover = (
            bool(words) and words[0].islower() and bool(main_verb(_COMMA.split(chunks[k + 1], 1)[0].split()))
        )
        if not (place or leftover or _opens_adverbial(chunks[k])):
            break
        k += 1
    rest = re.sub(r"^(?:then|so)\s+", "", ", ".join(chunks[k:]).strip(), flags=re.IGNORECASE)
    v = main_verb(rest.split())
    if len(rest.split()) < 3 or not v:
        return s
    return rest[:1].upper() + rest[1:]
