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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .candidates import Acronym
from .gazetteer import country_display_name, country_key, demonym_country, normalise

__all__ = ["AliasResolver", "AliasTable", "DocNames", "family", "resolve_aliases"]

_STOP = frozenset({"of", "the", "and", "for", "on", "in", "de", "&", "to", "at"})
# Generational suffixes: "Robert Downey Jr." is Mr Downey, not Mr Jr.
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# rapidfuzz ratio (0-100) at or above which two surnames are one spelt two ways ("zelensky"/"zelenskyy").
_SPELLING_SIMILARITY = 88
_SPELLING_MIN_LENGTH = 6
# A name of several words takes another sidebar type when the library gives it that type at least
# this many times as often as its own, in at least LIBRARY_MIN mentions (AliasResolver.library_kind).
LIBRARY_MAJORITY = 4
LIBRARY_MIN = 10
# Family → the type a name switched to that family takes (places by the family's own vote later).
_SIDEBAR_FAMILIES = {"PERSON": "PERSON", "ORG": "ORG", "place": "GPE"}


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
    resolver = AliasResolver()
    for doc in docs:
        resolver.add(doc)
    resolver.freeze()
    names: dict[tuple[int, str, str], str] = {}
    for index, doc in enumerate(docs):
        for (core, fam), canonical in resolver.vote(doc.counts).items():
            names[(index, core, fam)] = canonical
    return AliasTable(names, resolver.types())


class AliasResolver:
    """:func:`resolve_aliases` in passes over a stream of documents, holding only library-wide tables.

    A library of 100k articles has millions of (article, name) pairs; a table keyed by
    them outgrew the build's memory. The decisions need only what is library-wide (the
    surface forms of each name, acronym definitions, full person names by surname) plus
    the one article's own names, so: :meth:`add` every document (first pass), then
    :meth:`freeze`, then :meth:`vote` every document in the same order (second pass: the
    type each canonical name takes is a vote over the library), then :meth:`canonicals`
    gives any document's names again from its counts alone, with :meth:`types`.
    """

    def __init__(self) -> None:
        # Surface forms per (alias key, family), with mention counts, for display choice.
        self.surfaces: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.expansion_votes: dict[str, Counter[tuple[str, bool, str]]] = defaultdict(Counter)
        # Full person names by their last word, library-wide.
        self.full_by_last: dict[str, set[str]] = defaultdict(set)
        self.acronym_target: dict[str, str] = {}
        self.by_initials: dict[str, set[str]] = defaultdict(set)
        # After freeze: each (alias key, family)'s display form and its mentions, in place of
        # ``surfaces``' counters (a build's largest table; the rule pass needs only these two).
        self._shown: dict[tuple[str, str], str] = {}
        self._mentions: dict[tuple[str, str], int] = {}
        # Type votes per (canonical, family): most names only ever take one type, so they keep a
        # (type, mentions) pair, and only names seen with several types get a counter.
        self._one_kind: dict[tuple[str, str], tuple[str, int]] = {}
        self._kinds: dict[tuple[str, str], Counter[str]] = {}
        self._types: dict[tuple[str, str], str] | None = None
        self._is_frozen = False

    def add(self, doc: DocNames) -> None:
        """First pass: one document's names and acronyms into the library-wide tables."""
        for (core, kind), n in doc.counts.items():
            key = _alias_key(core)
            self.surfaces[(key, family(kind))][core] += n
            if kind == "PERSON" and len(key.split()) >= 2:
                self.full_by_last[_name_words(key)[-1]].add(key)
        for acr in doc.acronyms:
            self.expansion_votes[_alias_key(acr.acronym)][(acr.expansion, acr.proper, acr.acronym)] += 1

    def display(self, key: tuple[str, str]) -> str:
        """The form a name is shown in: its most mentioned surface form (then the longest)."""
        shown = self._shown.get(key)
        if shown is not None:
            return shown
        forms = self.surfaces[key]
        return max(forms, key=lambda f: (forms[f], len(f), f))

    def _known(self, key: tuple[str, str]) -> bool:
        return key in (self._shown if self._is_frozen else self.surfaces)

    def freeze(self) -> None:
        """After the first pass: acronyms to their targets, multi-word organisations by initials;
        then each name's display form and mention total replace its surface-form counter and the
        acronym votes are dropped, so the tables the rule pass reads (and its forked workers
        share) take a fraction of the memory."""
        # Acronyms defined anywhere: acronym key → (canonical display, family of the long form).
        for acr_key, votes in self.expansion_votes.items():
            (expansion, proper, acronym), _ = votes.most_common(1)[0]
            target = expansion if proper else acronym
            self.acronym_target[acr_key] = target
            for other, _proper, _acronym in votes:
                self.acronym_target[_alias_key(other)] = target
        # Multi-word organisation names by initials, for undefined acronyms ("UN" → United Nations).
        for key, fam in self.surfaces:
            if fam == "ORG" and " " in key:
                self.by_initials[_initials(self.display((key, fam)))].add(key)
        shown = {key: self.display(key) for key in self.surfaces}
        self._mentions = {key: sum(forms.values()) for key, forms in self.surfaces.items()}
        self._shown = shown
        self._is_frozen = True
        self.surfaces = defaultdict(Counter)
        self.expansion_votes = defaultdict(Counter)

    def library_kind(self, core: str, kind: str) -> str:
        """The type a name of several words takes: its own, unless the library gives the same name
        another of the sidebar's types (person, organisation, place) LIBRARY_MAJORITY times as
        often, in at least LIBRARY_MIN mentions ("Lester Holt" the model once called an
        organisation, "White House" once a building). One-word names keep their own: "Jordan"
        is a country and a person, and an article's own cues decide."""
        fam = family(kind)
        if fam not in _SIDEBAR_FAMILIES or " " not in core:
            return kind
        key = _alias_key(core)
        own = self._mentions.get((key, fam), 0)
        for other, other_kind in _SIDEBAR_FAMILIES.items():
            if other == fam:
                continue
            seen = self._mentions.get((key, other), 0)
            if seen >= LIBRARY_MIN and seen >= LIBRARY_MAJORITY * own:
                return other_kind
        return kind

    def canonicals(self, counts: Counter[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """One document's canonical names: (normalised core, family) → canonical, from its counts."""
        return {
            (normalise(core), family(kind)): canonical for core, kind, _n, canonical in self._each(counts)
        }

    def vote(self, counts: Counter[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Second pass: one document's canonical names, their mentions counted as type votes."""
        out: dict[tuple[str, str], str] = {}
        for core, kind, n, canonical in self._each(counts):
            fam = family(kind)
            out[(normalise(core), fam)] = canonical
            self._count_type((canonical, fam), kind, n)
        return out

    def _count_type(self, key: tuple[str, str], kind: str, n: int) -> None:
        several = self._kinds.get(key)
        if several is not None:
            several[kind] += n
            return
        one = self._one_kind.get(key)
        if one is None:
            self._one_kind[key] = (kind, n)
        elif one[0] == kind:
            self._one_kind[key] = (kind, one[1] + n)
        else:  # a second type: count both, the first first (ties go to the type seen first)
            del self._one_kind[key]
            self._kinds[key] = Counter({one[0]: one[1]})
            self._kinds[key][kind] += n

    def _each(self, counts: Counter[tuple[str, str]]) -> Iterator[tuple[str, str, int, str]]:
        """(core, type, mentions, canonical) for each of one document's names, in its order."""
        local: dict[str, set[str]] = defaultdict(set)  # the article's full person names by short forms
        for core, kind in counts:
            key = _alias_key(core)
            if kind != "PERSON" or len(key.split()) < 2:
                continue
            for short in _short_forms(key):
                local[short].add(key)
        for (core, kind), n in counts.items():
            fam = family(kind)
            key = _alias_key(core)
            canonical = self.display((key, fam))
            code = country_key(core) if fam == "place" else None
            if code is not None:
                canonical = country_display_name(code)
            elif fam == "NORP" and core.endswith("s") and demonym_country(core) is not None:
                singular = self.display((key[:-1], fam)) if self._known((key[:-1], fam)) else core[:-1]
                canonical = singular  # "Palestinians" → Palestinian
            elif fam != "PERSON" and key in self.acronym_target:
                canonical = self.acronym_target[key]
            elif (
                fam == "ORG"
                and core.isupper()
                and " " not in core
                and len(self.by_initials.get(core, ())) == 1
            ):
                canonical = self.display((next(iter(self.by_initials[core])), fam))
            elif fam == "PERSON":
                full = _full_name(key, local, self.full_by_last)
                if full is not None:
                    canonical = self.display((full, fam))
            yield core, kind, n, canonical

    def types(self) -> dict[tuple[str, str], str]:
        """After the second pass: the type each (canonical, family) takes, by the most mentions.

        The first call ends the vote (its tables are dropped): call it before forking workers,
        so they share one answer instead of each building its own.
        """
        if self._types is None:
            types = {key: kind for key, (kind, _n) in self._one_kind.items()}
            types.update((key, votes.most_common(1)[0][0]) for key, votes in self._kinds.items())
            self._types = types
            self._one_kind, self._kinds = {}, {}
        return self._types


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
