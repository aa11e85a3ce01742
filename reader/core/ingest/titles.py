"""Derive a short headline from an article's lead when the source gave none.

A news lead front-loads the story: its grammatical subject is usually the
news ("A mass exodus of ethnic Armenians from Nagorno-Karabakh"), or the
lead is a claim with an attribution ("A Gaza deal is 'on the brink',
President Joe Biden has said"). Deterministic heuristics get a useful title
from either shape without a parser: cut the first sentence before its main
verb when the subject is informative, otherwise at a clause boundary, and
never beyond ~80 characters.
"""

from __future__ import annotations

import re

MAX_TITLE = 80

_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)[.!?](?=[\"”’]?\s+[\"“A-Z]|$)"
)
_DATELINE = re.compile(
    r"^([A-Z][A-Z .'-]{2,40}(,\s*[A-Z][\w .'-]{1,30})?\s*(\([^)]{1,30}\))?\s*[—–-]{1,2}\s+|"
    r"(\w+day,?\s+)?(\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2}),?\s+\d{4}\s*[—–-]{1,2}\s+)"
)
_VERB = re.compile(
    r"\s(has|have|had|is|are|was|were|will|would|could|can|may|might|must|should|said|says|say|told|"
    r"announced|reported|confirmed|claimed|warned|died|killed|won|lost|became|remains|faces|plans|"
    r"\w{3,}ed(?= (by|to|in|on|at|the|a|an|his|her|its|their|after|for|with|from|that|over|up|down|out)\b))\s"
)
_ATTRIBUTED = re.compile(
    r"^(?P<claim>.{12,}?)[,”\"]+\s+(?P<who>(?:[A-Z][\w’'.-]*\s+){0,4}[A-Z][\w’'-]+)\s+"
    r"(?:has\s+|have\s+)?(?:said|says|told|warned|claimed|announced|insisted)\b"
)
_CLAUSE = re.compile(
    r",|;|:|\s[—–]\s|\s(after|because|as|when|while|following|amid|despite|which|who|where|according to|"
    r"but|although|since|before|in order to)\s"
)
_PARENS = re.compile(r"\s*\([^)]{0,60}\)")
_LEADING_ARTICLE = re.compile(r"^(A|An|The)\s+(?=\S)")


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph (abbreviations such as "Mr." do not end it)."""
    m = _SENTENCE_END.search(text)
    return text[: m.start() + 1] if m else text


def _trim(text: str) -> str:
    """Cut to MAX_TITLE characters at a word boundary and tidy the ends."""
    text = text.strip().rstrip(".,;:—–- ")
    if len(text) <= MAX_TITLE:
        return text
    cut = text[:MAX_TITLE].rsplit(" ", 1)[0]
    return cut.rstrip(".,;:—–- ") + "…"


def _drop_article(text: str) -> str:
    m = _LEADING_ARTICLE.match(text)
    if not m:
        return text
    rest = text[m.end() :]
    return rest[:1].upper() + rest[1:]


def derive_title(lead: str) -> str:
    """A short, headline-like title from the lead paragraph (empty if there is no text)."""
    sentence = first_sentence(lead.strip())
    sentence = _DATELINE.sub("", sentence)
    sentence = _PARENS.sub("", sentence).strip()
    if not sentence:
        return ""
    if sentence[:1] in '"“‘':
        quote = re.split(r"[”\"]|(?<=[.!?])\s", sentence[1:], maxsplit=1)[0]
        clause = _CLAUSE.split(quote, maxsplit=1)[0] if len(quote) > MAX_TITLE else quote
        return "“" + _trim(clause).rstrip("…") + "”"
    m = _ATTRIBUTED.match(sentence)
    if m and len(m.group("claim")) <= MAX_TITLE - 12:
        claim = _drop_article(m.group("claim").strip())
        if claim.count("“") > claim.count("”"):
            claim += "”"
        who = m.group("who").split()[-1]
        return _trim(f"{claim}, says {who}")
    v = _VERB.search(sentence)
    if v and len(sentence[: v.start()].split()) >= 4:
        subject = sentence[: v.start()]
        bare_name = all(w[:1].isupper() for w in _drop_article(subject).split())
        if len(subject) <= MAX_TITLE and not bare_name:
            return _trim(_drop_article(subject))
    clause_end = _CLAUSE.search(sentence, 20)
    head = sentence[: clause_end.start()] if clause_end else sentence
    return _trim(_drop_article(head))
