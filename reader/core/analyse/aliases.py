"""Library-wide alias merging: one canonical name per real-world entity.

A reader filtering by "Joe Biden" wants the article that only says "Mr Biden",
and the sidebar should not list IDF and Israel Defence Forces twice. Names are
merged across every article analysed in one call, but only within a family of
types (people with people, places with places) and only when the evidence is
unambiguous: a surname joins a full name when exactly one full name has it; an
acronym joins the long form defined in the text or the single long name whose
initials spell it; countries take one display name ("US", "America" → United States).

A short person name joins the one full name in the article (else in the library) that it
ends ("Downey", "Ben Ali" → "Zine El Abidine Ben Ali"; a "Jr." does not count), starts, or
whose first name it shortens ("Chad" → Chadwick Boseman); a surname spelt a little
differently ("Zelensky" beside "Zelenskyy") joins by rapidfuzz similarity, only when
exactly one name is that close.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .candidates import Acronym
from .gazetteer import country_display_name, country_key, demonym_country, normalise

__all__ = ["AliasTable", "DocNames", "family", "resolve_aliases"]

_STOP = frozenset({"of", "the", "and", "for", "on", "in", "de", "&", "to", "at"})
# Generational suffixes: "Robert Downey Jr." is Mr Downey, not Mr Jr.
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# rapidfuzz ratio (0-100) at or above which two surnames are one spelt two ways ("zelensky"/"zelenskyy").
_SPELLING_SIMILARITY = 88
_SPELLING_MIN_LENGTH = 6


def family(kind: str) -> str:
    """Types whose names may merge: places together, everything else by itself."""
    if kind in ("GPE", "LOC", "FAC"):
        return "place"
    return kind


@dataclass
class DocNames:
    """What one article contributes to alias resolution: names (with type and count) and acronyms."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (core, type) → mentions
    acronyms: list[Acronym] = field(default_factory=list)


@dataclass
class AliasTable:
    """Canonical name and type for each (article index, core name, family)."""

    names: dict[tuple[int, str, str], str]
    types: dict[tuple[str, str], str]  # (canonical, family) → type

    def canonical(self, doc: int, core: str, kind: str) -> tuple[str, str]:
        fam = family(kind)
        name = self.names.get((doc, normalise(core), fam), core)
        return name, self.types.get((name, fam), kind)


def _alias_key(name: str) -> str:
    return normalise(name).replace("-", " ").replace(".", "")


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in _STOP and w[:1].isalpha()).upper()


def resolve_aliases(docs: Sequence[DocNames]) -> AliasTable:
    """Decide every name's canonical form across ``docs`` (see the module docstring for the rules)."""
    # Surface forms per (alias key, family), with mention counts, for display choice.
    surfaces: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for doc in docs:
        for (core, kind), n in doc.counts.items():
            surfaces[(_alias_key(core), family(kind))][core] += n

    def display(key: tuple[str, str]) -> str:
        forms = surfaces[key]
        return max(forms, key=lambda f: (forms[f], len(f), f))

    # Acronyms defined anywhere: acronym key → (canonical display, family of the long form).
    acronym_target: dict[str, str] = {}
    expansion_votes: dict[str, Counter[tuple[str, bool, str]]] = defaultdict(Counter)
    for doc in docs:
        for acr in doc.acronyms:
            expansion_votes[_alias_key(acr.acronym)][(acr.expansion, acr.proper, acr.acronym)] += 1
    for acr_key, votes in expansion_votes.items():
        (expansion, proper, acronym), _ = votes.most_common(1)[0]
        target = expansion if proper else acronym
        acronym_target[acr_key] = target
        for other, _proper, _acronym in votes:
            acronym_target[_alias_key(other)] = target

    # Multi-word organisation names by initials, for undefined acronyms ("UN" → United Nations).
    by_initials: dict[str, set[str]] = defaultdict(set)
    for key, fam in surfaces:
        if fam == "ORG" and " " in key:
            by_initials[_initials(display((key, fam)))].add(key)

    # Full person names by their short forms (last words, first words), library-wide and per article.
    full_by_last: dict[str, set[str]] = defaultdict(set)
    doc_full: list[dict[str, set[str]]] = []
    for doc in docs:
        local: dict[str, set[str]] = defaultdict(set)
        for (core, kind), _n in doc.counts.items():
            key = _alias_key(core)
            if kind != "PERSON" or len(key.split()) < 2:
                continue
            for short in _short_forms(key):
                local[short].add(key)
            full_by_last[_name_words(key)[-1]].add(key)
        doc_full.append(local)

    names: dict[tuple[int, str, str], str] = {}
    type_votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for index, doc in enumerate(docs):
        for (core, kind), n in doc.counts.items():
            fam = family(kind)
            key = _alias_key(core)
            canonical = display((key, fam))
            code = country_key(core) if fam == "place" else None
            if code is not None:
                canonical = country_display_name(code)
            elif fam == "NORP" and core.endswith("s") and demonym_country(core) is not None:
                singular = display((key[:-1], fam)) if (key[:-1], fam) in surfaces else core[:-1]
                canonical = singular  # "Palestinians" → Palestinian
            elif fam != "PERSON" and key in acronym_target:
                canonical = acronym_target[key]
            elif fam == "ORG" and core.isupper() and " " not in core and len(by_initials.get(core, ())) == 1:
                canonical = display((next(iter(by_initials[core])), fam))
            elif fam == "PERSON":
                full = _full_name(key, doc_full[index], full_by_last)
                if full is not None:
                    canonical = display((full, fam))
            names[(index, normalise(core), fam)] = canonical
            type_votes[(canonical, fam)][kind] += n
    types = {key: votes.most_common(1)[0][0] for key, votes in type_votes.items()}
    return AliasTable(names, types)


def _name_words(key: str) -> list[str]:
    """The words of a person's name key without a generational suffix."""
    words = key.split()
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return words


def _short_forms(key: str) -> list[str]:
    """What an article may call a full name later: its trailing and leading word runs."""
    words = _name_words(key)
    trailing = [" ".join(words[i:]) for i in range(1, len(words))]
    leading = [" ".join(words[:i]) for i in range(1, len(words))]
    return trailing + leading


def _full_name(key: str, in_doc: dict[str, set[str]], library: dict[str, set[str]]) -> str | None:
    """The one full name a short person name stands for, or None (see the module docstring)."""
    if key in in_doc:
        pool = in_doc[key]
        return next(iter(pool)) if len(pool) == 1 and key not in pool else None
    if " " in key:
        return None
    firsts = {
        full
        for short, fulls in in_doc.items()
        if " " not in short
        for full in fulls
        if full.split()[0] == short and len(key) >= 3 and short.startswith(key)
    }
    if len(firsts) == 1:
        return next(iter(firsts))  # "Chad" for Chadwick Boseman
    if len(key) >= _SPELLING_MIN_LENGTH:
        close = {
            full
            for short, fulls in in_doc.items()
            if " " not in short and fuzz.ratio(key, short) >= _SPELLING_SIMILARITY
            for full in fulls
        }
        if len(close) == 1:
            return next(iter(close))
    pool = library.get(key, set())
    return next(iter(pool)) if len(pool) == 1 else None
