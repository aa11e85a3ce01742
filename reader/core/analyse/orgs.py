"""Organisations the small model types as people or places, and company names it cuts short.

Organisations are the type ``en_core_web_sm`` gets wrong most on news it was not fitted to:
clubs named by their city ("Portland player", "beat Leeds"), teams in the plural ("the Pacers"),
companies in a list or an apposition ("Microsoft, Cisco and eBay", "MX Logic, a security
company"), names whose last word says what they are ("Labour Party", "Federal Reserve Bank"),
and company names whose legal form was left outside the span ("Acme" + "Inc."). Each rule
here reads only the words next to a name or the kind of article (sports or not), never a list
of particular organisations, so it holds on news nobody tuned it on. A known country or a
place from the gazetteer is never turned into an organisation: national sides stay places
(CoNLL practice), and a wrong place costs less than a wrong organisation in the sidebar.

The word tables live in orgs.json beside this module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from .candidates import Candidate, list_members

__all__ = [
    "extend_legal_forms",
    "find_cued_acronyms",
    "find_dateline_agencies",
    "find_designated_orgs",
    "org_by_name",
    "org_by_context",
    "plural_team",
    "sports_article",
    "title_opener_end",
]

# The word tables of orgs.json, read once; org_mentions uses them too.
ORG_WORDS: dict[str, list[str]] = json.loads(Path(__file__).with_name("orgs.json").read_text("utf-8"))
HEADS = frozenset(ORG_WORDS["heads"])
_OF_HEADS = frozenset(ORG_WORDS["of_heads"])
_BODIES = frozenset(ORG_WORDS["bodies"])
_FAC_HEADS = frozenset(ORG_WORDS["fac_heads"])
_SPORTS = frozenset(ORG_WORDS["sports_words"])
_PREFIX_HEADS = frozenset(ORG_WORDS["prefix_heads"])
_OPENERS = frozenset(ORG_WORDS["openers"])
TITLES = frozenset(ORG_WORDS["titles"])
_TITLE_OPENERS = frozenset(ORG_WORDS["title_openers"])
# A run of name words on one line: capitalised words (or dotted initials, "U.S.") joined by single
# spaces or by the connectors a name holds between them ("Bank of America", "Procter & Gamble").
_NAME_WORD = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w&'’-]*)"
_NAME_RUN = re.compile(
    _NAME_WORD + r"(?:[ \t](?:(?:of|for|de|du|des|da|do|la|le|&)[ \t](?:the[ \t])?)?" + _NAME_WORD + r")*"
)


def _alternation(words: list[str]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any run of spaces."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


# "Acme Inc.", "Leeds FC": a legal form right after a name, on the same line (a comma allowed
# before the company forms: "Acme, Inc.").
_LEGAL_AFTER = re.compile(r",?[ \t]+(" + _alternation(ORG_WORDS["legal_forms"]) + r")(?![\w-])")
_ORG_NOUN_BEFORE = re.compile(r"(?<![\w-])(?:" + _alternation(ORG_WORDS["org_nouns"]) + r")[ \t]+$")
# ", a Boston-based security company," — the organisation noun must head the phrase (", a company
# director" describes a person), so what follows it ends the phrase or starts a clause.
_APPOSITION = re.compile(
    r",[ \t]+(?:a|an|the)[ \t]+(?:[\w'’-]+[ \t]+){0,4}?(?:" + _alternation(ORG_WORDS["org_nouns"]) + r")"
    r"(?=[ \t]*(?:[,.;:)]|$)|[ \t]+(?:that|which|in|of|from|based|founded|with|whose|and|owned|headquartered|"
    r"known|formed|established|led|run)(?![\w-]))"
)
_BUSINESS_BEFORE = re.compile(
    r"(?<![\w-])(?:" + _alternation(ORG_WORDS["business_before"]) + r")[ \t]+(?:the[ \t]+)?$"
)
_BUSINESS_AFTER = re.compile(r"['’]s?[ \t]+(?:" + _alternation(ORG_WORDS["business_after"]) + r")(?![\w-])")
_MEDIA_BEFORE = re.compile(
    r"(?<![\w-])(?:" + _alternation(ORG_WORDS["media_before"]) + r")[ \t]+(?:the[ \t]+)?$"
)
_FOUNDING_BEFORE = re.compile(
    r"(?<![\w-])(?:" + _alternation(ORG_WORDS["founding_before"]) + r")[ \t]+(?:the[ \t]+)?$"
)
_FOUNDING_AFTER = re.compile(r"[ \t]*(?:" + _alternation(ORG_WORDS["founding_after"]) + r")(?![\w-])")
_POLL_AFTER = re.compile(r"[ \t]+(?:" + _alternation(ORG_WORDS["poll_after"]) + r")(?![\w-])")
_MEDIA_AFTER = re.compile(r"[ \t]+(?:" + _alternation(ORG_WORDS["media_after"]) + r")(?![\w-])")
_TEAM_ROLE_AFTER = re.compile(r"[ \t]+(?:" + _alternation(ORG_WORDS["team_roles"]) + r")(?![\w-])")
_TEAM_BEFORE = re.compile(
    r"(?<![\w-])(?:" + _alternation(ORG_WORDS["team_verbs_before"]) + r")[ \t]+(?:the[ \t]+)?$"
)
_TEAM_AFTER = re.compile(r"[ \t]+(?:" + _alternation(ORG_WORDS["team_verbs_after"]) + r")(?![\w-])")
_WORDS = re.compile(r"[A-Za-z][A-Za-z-]+")
_THE_BEFORE = re.compile(r"(?<![\w-])the[ \t]+$")
# A comma list of names: "Apple, Microsoft, Cisco and eBay".
_LIST_GAP = re.compile(r",[ \t]+(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or|&)[ \t]+")
# How many different sports words make an article sports news.
SPORTS_MIN = 3
_PLACE_TYPES = ("GPE", "LOC", "FAC")
# The model's types a cue may turn into ORG (LAW, EVENT, MISC-like names keep theirs).
_RETYPED = frozenset({"PERSON", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "NORP"})


def extend_legal_forms(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Join a name with the legal form the model left outside it: "Acme" + " Inc." is one company."""
    out: list[Candidate] = []
    for cand in cands:
        match = _LEGAL_AFTER.match(text, cand.end)
        if match is None or cand.type in ("DATE", "NORP") or cand.core.split()[-1] in HEADS:
            out.append(cand)
            continue
        end, core = cand.end, cand.core
        while match is not None:  # "Dow Jones" + " and Co" + " Inc"
            end, core = match.end(1), f"{core} {' '.join(match.group(1).split())}"
            match = _LEGAL_AFTER.match(text, end)
        out.append(Candidate(cand.start, end, core, "ORG", forced=True))
    return out


def title_opener_end(text: str, start: int, end: int) -> int:
    """The end of an organisation's span without a last word that opens the title after it:
    "White House Press" before "Secretary Josh Earnest" ends at "House"."""
    words = text[start:end].split()
    if len(words) < 2 or words[-1] not in _TITLE_OPENERS:
        return end
    following = text[end : end + 30].split()
    if not following or following[0] not in TITLES:
        return end
    return text.rindex(words[-1], start, end)  # the caller trims the space before it


def find_designated_orgs(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Add the organisations whose own words name them ("Acme Widget Company", "Ministry of
    Defence") where the model found nothing or only a piece ("Oxford" in "University of Oxford").

    A run of capitalised words is taken up to its organisation head, without the sentence opener,
    owner ("Thailand's") or title in front of it and without a title after it ("House of
    Representatives Speaker Nancy Pelosi" gives "House of Representatives"). Pieces the new name
    contains are replaced; a name that would cut through another mention is not added. Input and
    output are sorted by start.
    """
    added: list[Candidate] = []
    for match in _NAME_RUN.finditer(text):
        found = _designated_span(match.group())
        if found is None:
            continue
        start, end = match.start() + found[0], match.start() + found[1]
        inside = [c for c in cands if start <= c.start and c.end <= end]
        if any(c.start < end and start < c.end for c in cands if c not in inside):
            continue
        if any(c.type == "ORG" and c.start == start and c.end == end for c in inside):
            continue
        if any(c.type == "PERSON" and c.end == end and " " in c.core for c in inside):
            continue  # a run that ends in a person's full name is not an organisation
        added.append(Candidate(start, end, " ".join(text[start:end].split()), "ORG", forced=True))
    if not added:
        return cands
    covered = [(a.start, a.end) for a in added]
    kept = [c for c in cands if not any(s <= c.start and c.end <= e for s, e in covered)]
    return sorted(kept + added, key=lambda c: (c.start, -c.end))


def _designated_span(run: str) -> tuple[int, int] | None:
    """Where in a run of name words an organisation name lies, or None: (start, end) offsets."""
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", run)]
    first = 0
    while first < len(words) and (
        words[first][2] in _OPENERS
        or words[first][2] in TITLES
        or words[first][2] in _CONNECTORS
        or words[first][2].endswith(_MODIFIER_ENDINGS)
    ):
        first += 1
    words = words[first:]
    for index, item in enumerate(words):  # a title after the name ends it
        if index and item[2] in TITLES:
            while index > 1 and words[index - 1][2] in _TITLE_OPENERS:
                index -= 1  # "Press Secretary" is the title, "White House" the name
            words = words[:index]
            break
    for index in range(len(words) - 1, -1, -1):  # the owner before the name is not in it
        if words[index][2].endswith(("'s", "’s", "s'", "s’")):
            words = words[index + 1 :]
            break
    if len(words) < 2 or any(w[2] in _OPENERS for w in words[1:]):
        return None  # "Install The App To Read News": a headline in title case, not a name
    last_head = -1
    for index, (_s, _e, name_word) in enumerate(words):
        if (
            name_word in _OF_HEADS
            and index + 2 < len(words)
            and words[index + 1][2] in (("of", "for") if index == 0 else ("of",))
        ):
            last_head = len(words) - 1  # "Ministry of Defence", "Chamber of Commerce": the run's end
            break
        if name_word in HEADS and index > 0 and words[index - 1][2] not in _CONNECTORS:
            last_head = index
    if last_head < 0:
        if words[0][2] in _PREFIX_HEADS and len(words) == 2:
            return words[0][0], words[1][1]  # "FC Barcelona", "Real Madrid"
        return None
    if words[last_head][2] in _FAC_HEADS:
        return None
    for index in range(1, last_head):  # "Fellow of the Royal Society": what comes before "of" is a title
        if words[index][2] in ("of", "for") and words[index - 1][2] not in _OF_HEADS:
            skip = index + 2 if words[index + 1][2] == "the" else index + 1
            words, last_head = words[skip:], last_head - skip
            break
    if last_head < 1:
        return None
    return words[0][0], words[last_head][1]


_MODIFIER_ENDINGS = ("-based", "-owned", "-controlled", "-led", "-backed", "-run")
_CONNECTORS = frozenset({"of", "for", "the", "&", "de", "du", "des", "da", "do", "la", "le"})


def org_by_name(core: str, of_head: bool = True) -> bool:
    """Whether a name's own words make it an organisation: its last word is an organisation head
    ("Labour Party"), it opens "Ministry of …", or it is a one-word legislature ("Senate")."""
    words = core.split()
    if len(words) == 1:
        return core in _BODIES
    last = words[-1]
    if last in _FAC_HEADS:
        return False
    if last in HEADS:
        return True
    if not of_head:
        return False
    # "Ministry of Defence", "Kennedy School of Government": a head with its "of" object
    return any(
        word in _OF_HEADS and words[index + 1] in ("of", "for") for index, word in enumerate(words[:-2])
    )


def sports_article(text: str) -> bool:
    """Whether the article is sports news: at least SPORTS_MIN different sports words in it."""
    seen: set[str] = set()
    for match in _WORDS.finditer(text):
        word = match.group().lower()
        if word in _SPORTS:
            seen.add(word)
            if len(seen) >= SPORTS_MIN:
                return True
    return False


def org_by_context(
    text: str,
    cands: list[Candidate],
    is_place: Callable[[str], bool],
    is_country: Callable[[str], bool],
) -> None:
    """Retype (in place) the people and places that their neighbours show to be organisations.

    ``is_place`` says a name is a place the gazetteer knows (those are never retyped by context),
    ``is_country`` that it is a country (a national side stays a place).
    """
    full_names: set[str] = set()  # the words of people named in full
    person_words: set[str] = set()  # … and of every one-word person too
    for cand in cands:
        if cand.type == "PERSON":
            parts = cand.core.split()
            person_words.update(parts)
            if len(parts) >= 2:
                full_names.update(parts)
    sports: bool | None = None
    for index, cand in enumerate(cands):
        if cand.type == "ORG" or cand.honorific or cand.role:
            continue
        core = cand.core
        if cand.type not in _RETYPED or is_country(core) or is_place(core):
            continue
        if org_by_name(core, of_head=cand.type != "WORK_OF_ART"):
            if cand.type != "NORP" or " " in core:
                _make_org(cand)
            continue
        if cand.type == "NORP" or (cand.forced and cand.type in _PLACE_TYPES):
            continue
        known_person = any(
            part in full_names or (_singular(part) != part and _singular(part) in person_words)
            for part in core.split()
        )
        before = text[max(0, cand.start - 40) : cand.start]
        if _founding_context(text, cand, before) and not (
            cand.type == "PERSON" and _named_person_elsewhere(cand, cands)
        ):
            _make_org(cand)
            continue
        if cand.type == "PERSON" and known_person:
            continue
        if (
            _company_context(text, cand, before)
            or _in_org_list(text, cands, index)
            or _media_context(text, cand, before, person_words)
        ):
            _make_org(cand)
            continue
        if cand.type == "PERSON" and _plural_team(core) and _THE_BEFORE.search(before):
            _make_org(cand)  # "the Pacers", "the Rolling Stones": a name in the plural is a group
            continue
        if sports is None:
            sports = sports_article(text)
        if sports and _team_context(text, cand, before):
            _make_org(cand)


# A word in capitals the model left unlabelled ("told TMZ", "AP's Andy Taylor"), not inside a
# hyphenated word, a handle, a path or a number.
_ACRONYM = re.compile(r"(?<![\w@#/.&-])[A-Z][A-Z&]{1,5}(?![\w@/&-])")
_OWNER_OF = re.compile(r"['’]s[ \t]+")


def find_cued_acronyms(
    text: str,
    cands: list[Candidate],
    is_common: Callable[[str], bool],
    is_shouted: Callable[[int, int], bool],
) -> list[Candidate]:
    """Add the acronyms the model missed where news names its sources or a staffer: "told TMZ",
    "an interview with EXTRA", "UNICEF reported", "a CBS/NYT poll", "AP's Andy Taylor" (an acronym
    that owns a person named in full is the outlet or body the person works for).

    ``is_common`` says an acronym names a thing ("TV", "CEO"), ``is_shouted`` that the word sits in
    a line of capitals. Input and output are sorted by start.
    """
    added: list[Candidate] = []
    at = 0
    starts = {c.start: c for c in cands}
    for match in _ACRONYM.finditer(text):
        start, end = match.span()
        while at < len(cands) and cands[at].end <= start:
            at += 1
        if at < len(cands) and cands[at].start < end or is_common(match.group()) or is_shouted(start, end):
            continue
        owner = _OWNER_OF.match(text, end)
        owned = starts.get(owner.end()) if owner else None
        before = text[max(0, start - 40) : start]
        if (
            (owned is not None and owned.type == "PERSON" and " " in owned.core)
            or _MEDIA_AFTER.match(text, end)
            or _POLL_AFTER.match(text, end)
            or _MEDIA_BEFORE.search(before)
        ):
            added.append(Candidate(start, end, match.group(), "ORG", forced=True))
    if not added:
        return cands
    return sorted(cands + added, key=lambda c: (c.start, -c.end))


# A dateline's source: "Washington (CNN)Donald Trump …", "WASHINGTON (Reuters) - …", "(AP) - A …":
# at a line's start, after at most a few place words, a name in parentheses, then the story.
_DATELINE_SOURCE = re.compile(
    r"(?m)^[ \t]*(?:(?!The\b|A\b)[A-Z][\w.'’-]*(?:,?[ \t]+[A-Z][\w.'’-]*){0,4},?[ \t]*)?"
    r"\(([A-Z][\w&.-]{1,15}(?:[ \t][A-Z][\w&.-]+){0,2})\)[ \t]*(?:[-–—][ \t]*)?(?=[A-Z\"“‘'])"
)


_INITIALS = re.compile(r"(?:[A-Z]\.)+")


def find_dateline_agencies(
    text: str, cands: list[Candidate], is_place: Callable[[str], bool]
) -> list[Candidate]:
    """The news agency or outlet named in a dateline is an organisation, whatever the model said
    of it (it glued "(CNN)" to the first word of the story). A place there is the dateline's own
    ("(Raleigh)"). Input and output are sorted by start."""
    added: list[Candidate] = []
    for match in _DATELINE_SOURCE.finditer(text):
        start, end = match.span(1)
        if is_place(match.group(1)) or _INITIALS.fullmatch(match.group(1)):
            continue  # "Durham County (N.C.) Sheriff": the dateline's state
        same = [c for c in cands if c.start == start and c.end == end]
        if same:
            for cand in same:
                _make_org(cand)
        elif not any(c.start < end and start < c.end for c in cands):
            added.append(Candidate(start, end, match.group(1), "ORG", forced=True))
    if not added:
        return cands
    return sorted(cands + added, key=lambda c: (c.start, -c.end))


def _make_org(cand: Candidate) -> None:
    cand.type = "ORG"
    cand.forced = True


def _company_context(text: str, cand: Candidate, before: str) -> bool:
    """'the security company MX Logic', 'MX Logic, a security company', 'shares of X', "X's CEO"."""
    if _ORG_NOUN_BEFORE.search(before) and not before.rstrip().endswith("side"):
        return True
    after = text[cand.end : cand.end + 80]
    if _APPOSITION.match(after):
        return True
    one_word = cand.type != "PERSON" or " " not in cand.core
    return one_word and bool(_BUSINESS_BEFORE.search(before) or _BUSINESS_AFTER.match(after))


def _founding_context(text: str, cand: Candidate, before: str) -> bool:
    """'founder of Acme Widgets', 'Iron Maiden were formed in 1975': what only an organisation is."""
    if cand.type in _PLACE_TYPES:
        return False
    return bool(_FOUNDING_BEFORE.search(before) or _FOUNDING_AFTER.match(text, cand.end))


def _named_person_elsewhere(cand: Candidate, cands: list[Candidate]) -> bool:
    """Whether a word of the name is a word of another person's name in the article (a strong
    cue still yields to "Dana Reed" named as a person elsewhere, but not to the name itself)."""
    words = set(cand.core.split())
    return any(c.type == "PERSON" and c.core != cand.core and words & set(c.core.split()) for c in cands)


def _media_context(text: str, cand: Candidate, before: str, person_words: set[str]) -> bool:
    """'told Politico', 'according to Nielsen', 'Cosmopolitan reported', 'a Quinnipiac poll': a
    one-word name no person in the article is called by, where news names its sources."""
    if text[cand.end : cand.end + 1] == "-":
        return False  # "an interview with Philadelphia-based radio": the name only qualifies
    if " " in cand.core or cand.core in person_words or not cand.core[:1].isupper():
        return cand.type == "PERSON" and " " not in cand.core and bool(_POLL_AFTER.match(text, cand.end))
    if _MEDIA_AFTER.match(text, cand.end) or _POLL_AFTER.match(text, cand.end):
        return True
    # "told the Orlando, Florida, crowd": a place the model found, with its state after it
    return bool(_MEDIA_BEFORE.search(before)) and not (
        cand.type in _PLACE_TYPES and _STATE_AFTER.match(text, cand.end)
    )


_STATE_AFTER = re.compile(r",[ \t]+[A-Z]")


def _team_context(text: str, cand: Candidate, before: str) -> bool:
    """In a sports article: 'Portland player', 'beat Leeds', 'Leeds won'."""
    if " " in cand.core and cand.type == "PERSON":
        return False
    if _TEAM_ROLE_AFTER.match(text, cand.end):
        return True
    if cand.type == "PERSON":
        return False
    return bool(_TEAM_BEFORE.search(before) or _TEAM_AFTER.match(text, cand.end))


def _singular(word: str) -> str:
    """The family a plural name stands for: "Clintons" → "Clinton", "Bushes" → "Bush"."""
    if word.endswith("es") and word[:-2].endswith(("sh", "ch", "s", "x", "z")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def _plural_team(core: str) -> bool:
    return plural_team(core.split()[-1])


def plural_team(word: str) -> bool:
    """Whether a capitalised word is a name in the plural ("Pistons", "Marlins"), not "Congress"."""
    return (
        len(word) >= 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")) and word[:1].isupper()
    )


def _in_org_list(text: str, cands: list[Candidate], index: int) -> bool:
    """A name in a comma list whose other members are mostly organisations, none a place."""
    others = list_members(text, cands, index, _LIST_GAP)
    orgs = sum(1 for c in others if c.type == "ORG")
    return (
        len(others) >= 2 and orgs * 3 >= len(others) * 2 and not any(c.type in _PLACE_TYPES for c in others)
    )
