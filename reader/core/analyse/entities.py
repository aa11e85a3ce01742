"""Turn raw NER spans into entity mentions a reporter can trust, one article at a time.

The small spaCy model is fast but sloppy: it types Armenia as ORG, Azerbaijan as
PERSON and Kursk as PRODUCT, keeps "the" and possessives inside spans
("Nagorno-Karabakh’s"), labels "X" and "CCTV" as names, and tags the same word
differently in two sentences of one article. This module repairs spans in a
fixed order — trim, drop debris, repair types from the gazetteer and from title
cues, make each article consistent (one surface form, one type), find acronym
definitions, and label the occurrences the model missed — so every later step
(aliases, quotes, the sidebar) sees clean, typed spans.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from .acronyms import apply_acronyms, collapse
from .candidates import Acronym, Candidate, first_of_overlaps
from .gazetteer import country_key, demonym_country, normalise, place_type, places
from .name_kinds import (
    drop_sentence_words,
    drop_shouted,
    find_domains,
    kinds_by_form,
    shouted,
    trim_postnominals,
)
from .names import find_quoted_units, join_split_names, short_forms_follow_people
from .org_mentions import (
    events_not_orgs,
    follow_short_forms,
    org_short_forms,
    split_demonym_acronyms,
    split_possessive_names,
    split_slashed_orgs,
    split_team_players,
)
from .org_spans import join_subject_lists
from .orgs import (
    HEADS,
    extend_legal_forms,
    find_cued_acronyms,
    find_dateline_agencies,
    find_designated_orgs,
    org_by_context,
    org_by_name,
    title_opener_end,
)
from .people import KINDS, join_first_names, people_by_context, split_person_pairs
from .span_ends import TRAIL_PUNCT, TRIMMED, numbered_body, role_cut, span_pieces, trim_lowercase

__all__ = [
    "NUMERIC_TYPES",
    "ENTITY_TYPES",
    "Acronym",
    "Candidate",
    "extract_candidates",
]

NUMERIC_TYPES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
ENTITY_TYPES = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE"}
)
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})


_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lord|Lady|Prof|Professor|Rev)\.?"
_HONORIFIC_BEFORE = re.compile(_HONORIFIC + r"\s+$")
_HONORIFIC_INSIDE = re.compile(r"^" + _HONORIFIC + r"\s+")
_ROLE_WORDS = (
    r"Prime\s+Minister|Deputy\s+Prime\s+Minister|(?:Vice[- ])?President|President-elect|Chancellor|"
    r"(?:[A-Z][a-z]+\s+)?Minister|(?:[A-Z][a-z]+\s+)?Secretary(?:[- ]General)?|Secretary[- ]General|"
    r"King|Queen|Prince|Princess|Crown\s+Prince|Pope|Senator|Sen\.|Congressman|Congresswoman|"
    r"Representative|Rep\.|Governor|Gov\.|Mayor|Judge|Justice|General|Gen\.|Colonel|Col\.|Lieutenant|"
    r"Commander|Admiral|Ambassador|(?:Special\s+)?Envoy|(?:Special\s+)?Rapporteur|"
    r"(?:[A-Z][a-z]+\s+)?[Ss]pokes(?:man|woman|person)|"
    r"Speaker|Chairman|Chairwoman|Chief\s+Executive|CEO|Director(?:[- ]General)?|Archbishop|Bishop|"
    r"Rabbi|Imam|Sheikh|Ayatollah|Emir|Sultan|Chief|Inspector|Sergeant|Captain|Coach|Commissioner"
)
# Titles only a person takes, read before a name but never cut from an organisation's end.
_LEAD_ROLE_SET = frozenset(KINDS["lead_roles"])
_LEAD_ROLES = "|".join(map(re.escape, KINDS["lead_roles"]))
_ROLE_BEFORE = re.compile(r"(?<![\w-])(" + _ROLE_WORDS + "|" + _LEAD_ROLES + r")\s+$")
# A role followed by a short qualifier before the name: "Special Rapporteur on occupied Palestinian
# territory Francesca Albanese", "Foreign Minister of Iran Abbas Araghchi".
_ROLE_NEAR = re.compile(
    r"(?<![\w-])(" + _ROLE_WORDS + r")\s+(?:(?:on|of|for|to|the|in)\s+)(?:[\w’'-]+\s+){0,5}$"
)
_ROLE_TRAILING = re.compile(r"\s+(?:" + _ROLE_WORDS + r")$")
# Abbreviations whose full stop belongs to a name: "Robert Downey Jr.", "Acme Inc.".
_ABBREV_END = re.compile(r"\s(?:Jr|Sr|Inc|Ltd|Co|Corp|Bros)\.$")
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:['\u2019\u2018]s|s['\u2019])$")
_LEAD_PUNCT = "([{</\"'\u201c\u2018\u2019-–—"
_PLACE_CONTEXT = re.compile(
    r"^\s+(?:region|regions|province|oblast|district|governorate|county|prefecture|city|town|village|"
    r"border|area|enclave|territory|state)\b"
)
_ORG_WORDS = re.compile(
    r"\b(?:News|Party|Ministry|Forces|Force|Agency|Council|Union|Bank|Group|Inc|Ltd|LLC|University|"
    r"Committee|Commission|Army|Navy|Police|Corporation|Company|Association|Organi[sz]ation|Institute|"
    r"Foundation|Times|Post|Court|Office|Department|Authority|Federation|Club|Service|Services|"
    r"Movement|Front|Brigades?|Guard|Parliament|Assembly|Congress|Senate|Network|Media|Press)\b"
)
_LAW_WORDS = re.compile(r"\b(?:Convention|Treaty|Act|Accords?|Charter|Protocol|Resolution|Law|Bill)$")
_FAC_WORDS = re.compile(
    r"\b(?:Bridge|Airport|Square|Street|Road|Hospital|Stadium|Tower|Palace|Prison|Dam|Crossing|Checkpoint|"
    r"Corridor|Highway|Station|Port|Base)$"
)
# Word lists live in words.json beside this module, read once at import (a few kB):
# common_acronyms are things, not names ("CCTV"); debris_words are spans no reader wants
# (pronouns, "Advertisement"); known_orgs are platforms the model takes for people; glue_words
# are the function words scraping glues onto a place ("Armeniafrom"); name_stop are capitalised
# words that never extend a name (weekdays, months, titles).
_WORDS: dict[str, list[str]] = json.loads(Path(__file__).with_name("words.json").read_text("utf-8"))
_COMMON_ACRONYMS = frozenset(_WORDS["common_acronyms"])
_DEBRIS_WORDS = frozenset(_WORDS["debris_words"])
_KNOWN_ORGS = frozenset(_WORDS["known_orgs"])
_KNOWN_ORG_FORMS = tuple(_WORDS["known_org_forms"])
_GLUE_WORDS = frozenset(_WORDS["glue_words"])
_NAME_STOP = frozenset(_WORDS["name_stop"])
_TITLE_WORD = re.compile(r"\s([A-Z][a-z\u00E0-\u024F]{2,}(?:-[A-Z][a-z]+)?)(?=[\s.,;:!?’'\u2019)]|$)")


def extract_candidates(
    text: str, raw: Sequence[tuple[int, int, str]], sentence_starts: frozenset[int]
) -> tuple[list[Candidate], list[Acronym]]:
    """Repair one article's raw spans; return its mentions and the acronyms it defines."""
    starts = {s for s, _e, _l in raw}
    cands: list[Candidate] = []
    for start, end, label in raw:
        if label in NUMERIC_TYPES or label not in ENTITY_TYPES:
            continue
        for piece_start, piece_end in span_pieces(text, start, end):
            cand = _clean(text, piece_start, piece_end, label, sentence_starts)
            if cand is not None:
                cands.append(cand)
    cands = [_extend_name(text, c, starts, sentence_starts) for c in extend_legal_forms(text, cands)]
    join_first_names(text, cands, _never_in_name)
    cands = split_team_players(text, find_quoted_units(text, join_split_names(text, cands)))
    cands = split_demonym_acronyms(text, cands, lambda word: demonym_country(word) is not None)
    cands = split_slashed_orgs(text, split_possessive_names(text, cands, _is_place), _is_place)
    cands.sort(key=lambda c: (c.start, -c.end))
    cands = join_subject_lists(text, find_designated_orgs(text, cands), _is_place)
    trim_postnominals(cands)
    for cand in cands:
        _repair_type(text, cand)
    events_not_orgs(cands)
    cands = drop_sentence_words(text, drop_shouted(text, cands), sentence_starts)
    cands = [c for c in cands if not _is_debris(c)]
    cands = kinds_by_form(text, find_domains(text, cands), _is_place, _is_country)
    cands = find_cued_acronyms(text, cands, _common_acronym, lambda s, e: shouted(text, s, e))
    cands = find_dateline_agencies(text, cands, _is_place)
    org_by_context(text, cands, _is_place, _is_country)
    people_by_context(text, cands, _is_place, lambda core: demonym_country(core) is not None)
    cands = split_person_pairs(text, cands)
    cands, acronyms = apply_acronyms(text, cands)
    short_forms_follow_people(text, cands, lambda core: place_type(core) is not None)
    _make_consistent(cands)
    short_forms = org_short_forms(cands)
    follow_short_forms(cands, short_forms)
    cands = _propagate(text, cands, short_forms)
    _make_consistent(cands)
    cands.sort(key=lambda c: (c.start, -c.end))
    return first_of_overlaps(cands), acronyms


def _clean(text: str, start: int, end: int, label: str, sentence_starts: frozenset[int]) -> Candidate | None:
    """Trim punctuation, "the", possessives and glued words; split off an honorific or role."""
    while start < end and (text[start].isspace() or text[start] in _LEAD_PUNCT):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in TRAIL_PUNCT):
        # keep the full stop of an abbreviation such as "U.S." or "Inc."
        if (
            text[end - 1] == "."
            and end - start > 2
            and (text[end - 3] == "." or _ABBREV_END.search(text, max(0, end - 7), end))
        ):
            break
        end -= 1
    span = text[start:end]
    match = _POSSESSIVE.search(span)
    if match and end - start > 3:
        end -= 2 if span[-2] in "'\u2019\u2018" else 1
        while end > start and text[end - 1].isspace():  # "Harvard University 's" in tokenised text
            end -= 1
        span = text[start:end]
    match = _LEADING_THE.match(span)
    if match:  # "The Associated Press" is named "Associated Press" (CoNLL, GUM and Wikinews gold alike)
        start += match.end()
        while start < end and text[start] in _LEAD_PUNCT:  # the "Radio Control Law
            start += 1
        span = text[start:end]
    if label in TRIMMED:
        start, end = trim_lowercase(
            text, start, end, ordinals=label == "ORG" and numbered_body(text, start, end)
        )
        span = text[start:end]
    if span.count("(") < span.count(")") and span.endswith(")"):
        end -= 1  # "Reuters)" where the model took the closing parenthesis of an aside
        span = text[start:end]
    # "Armeniafrom", "Azerbaijan’splans": a known place with a lowercase word glued on.
    head = _glued_place(span)
    if head:
        end = start + len(head)
        span = head
    role: str | None = None
    match = _ROLE_TRAILING.search(span)
    if match and label in ("ORG", "GPE", "NORP") and match.start() > 0:
        cut = role_cut(span, match)
        if cut:
            end = start + cut  # "United Nations Special Rapporteur" → "United Nations"
            span = text[start:end]
    if label == "ORG":
        end = title_opener_end(text, start, end)
        while end > start and text[end - 1].isspace():
            end -= 1
        span = text[start:end]
    core_start = start
    match = _HONORIFIC_INSIDE.match(span)
    honorific = False
    if match:
        core_start = start + match.end()
        honorific = True
    else:
        role_match = _ROLE_PREFIX.match(span)
        rest = span[role_match.end() :] if role_match else ""
        lead_role = role_match is not None and role_match.group(1) in _LEAD_ROLE_SET
        # A title is never an organisation: "Presidential Spokesperson Harry Roque" (ORG) is a person.
        rest_words = rest.split()
        titled_org = (
            label == "ORG"
            and (2 <= len(rest_words) <= 4 or (len(rest_words) == 1 and lead_role))
            and all(w[:1].isupper() for w in rest_words)
            and not _org_named(rest)
        )
        if role_match and (label == "PERSON" or titled_org):
            role = role_match.group(1)
            start = core_start = start + role_match.end()
            label = "PERSON"
    if end <= core_start:
        return None
    before = text[max(0, start - 40) : start]
    if not honorific:
        hmatch = _HONORIFIC_BEFORE.search(before)
        if hmatch:
            start -= len(hmatch.group())
            honorific = True
    core = collapse(text[core_start:end])
    return Candidate(start, end, core, label, role=role, honorific=honorific)


def _is_place(core: str) -> bool:
    return place_type(core) is not None


def _is_country(core: str) -> bool:
    return country_key(core) is not None


def _glued_place(span: str) -> str | None:
    """The known place at the front of a span with a word glued on ("Armeniafrom"), else None.

    A possessive before the glue ("Azerbaijan’splans") is strong evidence; without it the glued
    word must be a common function word, so "Francesca" never becomes "France".
    """
    if not span[-1:].islower() or place_type(span) is not None or demonym_country(span) is not None:
        return None
    cut = len(span)
    while cut > 2 and span[cut - 1].islower():
        cut -= 1
        head, tail = span[:cut], span[cut:]
        if head.endswith(("'s", "\u2019s")) and len(tail) >= 2 and place_type(head[:-2]) is not None:
            return head[:-2]
        if tail in _GLUE_WORDS and head[-1].isalpha() and place_type(head) is not None:
            return head
    return None


def _at_sentence_start(text: str, start: int, sentence_starts: frozenset[int]) -> bool:
    return start in sentence_starts or start == 0 or text[start - 1] == "\n"


def _never_in_name(word: str) -> bool:
    """A capitalised word that never opens a person's name: a title, a month, a place, a nationality."""
    return (
        word in _NAME_STOP
        or place_type(word) is not None
        or demonym_country(word) is not None
        or _ROLE_PREFIX.match(word + " X") is not None
    )


def _extend_name(text: str, cand: Candidate, starts: set[int], sentence_starts: frozenset[int]) -> Candidate:
    """Join a one-word PERSON/ORG span with the capitalised word the model cut off ("Francesca Albanese")."""
    if cand.type not in ("PERSON", "ORG") or " " in cand.core or not cand.core[:1].isupper():
        return cand
    match = _TITLE_WORD.match(text, cand.end)
    if not match or match.start(1) in starts or match.start(1) in sentence_starts:
        return cand
    word = match.group(1)
    if word in _NAME_STOP or place_type(word) is not None or demonym_country(word) is not None:
        return cand
    if _ROLE_PREFIX.match(text[match.start(1) : match.start(1) + 60]):
        return cand  # a title before a name: "Charlotte Mayor Jennifer Roberts" names no "Charlotte Mayor"
    if cand.core.isupper():
        return cand
    return Candidate(
        cand.start, match.end(1), f"{cand.core} {word}", cand.type, cand.role, cand.forced, cand.honorific
    )


def _repair_type(text: str, cand: Candidate) -> None:
    """Retype a span from the gazetteer, demonyms, title cues and name-internal keywords."""
    core = cand.core
    kind = place_type(core)
    before = text[max(0, cand.start - 80) : cand.start]
    is_country = country_key(core) is not None
    trusted_place = cand.type != "PERSON" or is_country or normalise(core) in places()
    if kind is not None and trusted_place and not (cand.honorific and not is_country):
        cand.type = "LOC" if kind == "LOC" and cand.type != "FAC" else kind
        if cand.type == "GPE" and _FAC_WORDS.search(core):
            cand.type = "FAC"
        cand.forced = True
        return
    if _PLACE_CONTEXT.match(text, cand.end) and demonym_country(core) is None and not cand.honorific:
        cand.type = "GPE"  # "the Kursk region"
        cand.forced = True
        return
    words = core.split()
    if (
        len(words) <= 2
        and demonym_country(core) is not None
        and cand.type != "PERSON"
        or (
            cand.type == "PERSON"
            and len(words) == 1
            and demonym_country(core) is not None
            and not cand.honorific
        )
    ):
        cand.type = "NORP"
        cand.forced = True
        return
    if normalise(core) in _KNOWN_ORGS and not cand.honorific:
        cand.type = "ORG"
        cand.forced = True
        return
    if cand.honorific and not _ORG_WORDS.search(core):
        cand.type = "PERSON"
        cand.forced = True
        return
    role = _ROLE_BEFORE.search(before)
    if role and not _org_named(core) and core[:1].isupper() and not core.isupper():
        cand.type = "PERSON"
        cand.role = cand.role or collapse(role.group(1))
        cand.forced = True
        return
    near = _ROLE_NEAR.search(before)
    if near and len(words) >= 2 and not _org_named(core) and all(w[:1].isupper() for w in words):
        cand.type = "PERSON"
        cand.role = cand.role or collapse(near.group(1))
        cand.forced = True
        return
    if len(words) < 2:
        return
    if cand.type in ("PERSON", "PRODUCT", "WORK_OF_ART", "GPE") and _ORG_WORDS.search(core):
        cand.type = "ORG"
    elif (
        cand.type in ("EVENT", "ORG", "PRODUCT", "WORK_OF_ART")
        and _LAW_WORDS.search(core)
        and not org_by_name(core)
    ):
        cand.type = "LAW"
    elif cand.type in ("ORG", "PRODUCT", "PERSON", "GPE") and _FAC_WORDS.search(core):
        cand.type = "FAC"


def _common_acronym(word: str) -> bool:
    """An acronym that names a thing, not a body ("TV", "CEO"), or a word no reader wants."""
    return word in _COMMON_ACRONYMS or normalise(word) in _DEBRIS_WORDS


def _org_named(core: str) -> bool:
    """Whether a name's own words make it an organisation, so no title before it makes it a person:
    "CEO of Massey Energy", "General Motors Corp" (any org word, or a last word that heads one)."""
    return bool(_ORG_WORDS.search(core)) or (" " in core and core.rsplit(None, 1)[-1] in HEADS)


def _is_debris(cand: Candidate) -> bool:
    """Spans no reader wants in a sidebar: "X", "CCTV", lowercase words, pronouns."""
    core = cand.core
    letters = [c for c in core if c.isalpha()]
    if len(letters) < 2 and not (cand.forced and any(c.isdigit() for c in core)):  # "G7" is a name
        return True
    if not any(c.isupper() for c in letters):
        return True
    if normalise(core) in _DEBRIS_WORDS:
        return True
    if core.upper() in _COMMON_ACRONYMS and core.isupper():
        return True
    if core[:-1] in _COMMON_ACRONYMS and core.endswith("s") and core[:-1].isupper():
        return True  # "MPs", "CEOs"
    if core in _LEAD_ROLE_SET:
        return True  # "the Sheriff": a title alone names nobody
    if cand.type == "PERSON" and core.isupper() and len(core) <= 5 and not cand.honorific:
        return True  # an acronym is not a person
    return cand.type == "NORP" and normalise(core) in {"western", "eastern", "northern", "southern"}


def _make_consistent(cands: list[Candidate]) -> None:
    """One surface form, one type per article; single names follow the full PERSON name they belong to."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for cand in cands:
        votes[normalise(cand.core)][cand.type] += 3 if cand.forced else 1
    winner = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
    person_parts: set[str] = set()
    for key, kind in winner.items():
        parts = _without_suffix(key.split())
        if kind == "PERSON" and len(parts) >= 2:
            person_parts.update((parts[0], parts[-1]))
    for cand in cands:
        key = normalise(cand.core)
        kind = winner[key]
        if (
            key in person_parts
            and kind != "PERSON"
            and country_key(key) is None
            and demonym_country(key) is None
            and not (cand.forced and kind in PLACE_TYPES)
        ):
            kind = "PERSON"  # "Halima" after "Halima Abu Leil"
        cand.type = kind


def _without_suffix(words: list[str]) -> list[str]:
    """A name's words without a generational suffix: "Robert Downey Jr." is called Downey."""
    while len(words) > 1 and words[-1].lower().rstrip(".") in ("jr", "sr", "ii", "iii", "iv"):
        words = words[:-1]
    return words


def _propagate(text: str, cands: list[Candidate], short_forms: dict[str, str]) -> list[Candidate]:
    """Label the occurrences the model missed of names it found elsewhere in the same article.

    Also labels a multi-word person's surname alone ("Pashinyan said…"). Matching is
    case-sensitive and word-bounded; a possessive after the name is left outside the span.
    """
    forms: dict[str, tuple[str, str | None]] = {}
    for platform in _KNOWN_ORG_FORMS:  # "Twitter", "YouTube": named in news, often missed by the model
        forms[platform] = ("ORG", None)
    for form, kind in short_forms.items():  # "Pistons" after "Detroit Pistons"
        forms[form] = (kind, None)
    for cand in cands:
        forms.setdefault(cand.core, (cand.type, None))
        if cand.type == "PERSON":
            parts = _without_suffix(cand.core.split())
            if len(parts) >= 2 and len(parts[-1]) >= 3 and parts[-1][0].isupper():
                forms.setdefault(parts[-1], ("PERSON", None))
    if not forms:
        return cands
    taken = bytearray(len(text) + 1)
    for cand in cands:
        taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
    added: list[Candidate] = []
    for start, end in _occurrences(text, forms):
        if any(taken[start:end]):
            continue
        core = text[start:end]
        kind, _ = forms[core]
        honorific = False
        hmatch = _HONORIFIC_BEFORE.search(text[max(0, start - 12) : start])
        if hmatch:
            start -= len(hmatch.group())
            honorific = True
            if any(taken[start:end]):
                continue
        taken[start:end] = b"\x01" * (end - start)
        added.append(Candidate(start, end, core, kind, honorific=honorific))
    return cands + added


def _occurrences(text: str, forms: Iterable[str]) -> list[tuple[int, int]]:
    """Word-bounded, case-sensitive occurrences of any of ``forms``, left to right, none overlapping,
    the longest form where several start at one place.

    What one regex alternation of the forms would find, without compiling a pattern per
    article (that cost more than the search: 1.5 ms an article, and evicted re's cache).
    """
    hits: list[tuple[int, int]] = []
    for form in forms:
        at = text.find(form)
        while at >= 0:
            end = at + len(form)
            if not (at and _is_word_char(text[at - 1])) and not (
                end < len(text) and _is_word_char(text[end])
            ):
                hits.append((at, -end))
            at = text.find(form, at + 1)
    hits.sort()
    out: list[tuple[int, int]] = []
    last = 0
    for start, neg_end in hits:
        if start >= last:
            out.append((start, -neg_end))
            last = -neg_end
    return out


def _is_word_char(ch: str) -> bool:
    """``[\\w-]`` of Python's re: letters and digits of any script, underscore, hyphen."""
    return ch.isalnum() or ch in "_-"


# compiled once: a per-article pattern elsewhere would otherwise evict it from re's cache
_ROLE_PREFIX = re.compile(r"^(" + _ROLE_WORDS + "|" + _LEAD_ROLES + r")\s+(?=[A-Z])")
