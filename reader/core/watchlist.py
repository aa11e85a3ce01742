"""Watchlists: a list of names a reporter follows, matched against the library's entities.

A watchlist is written by a person, not by the analyser, so the names rarely match the
sidebar's canonical names letter for letter: "IDF" for Israel Defence Forces, "Zelensky" for
Zelenskyy, "sao paulo" for São Paulo. Each name is tried against the library's entities, as
the user's corrections leave them, by rules from the strictest to the loosest, and the first
rule that finds anything decides (so "Israel" never drags in "Israeli" by spelling when the
entity Israel exists):

1. ``name``: the canonical name, compared case- and diacritics-insensitively;
2. ``alias``: one of the entity's aliases (a title such as "Mr" is ignored on both sides);
3. ``acronym``: the name's letters are the initials of an entity's name, or the other way
   round ("UN High Commissioner for Refugees" finds UNHCR);
4. ``surname``: a single word that ends exactly one person's name ("Pashinyan"); a name
   found by rule 1 or 2 takes that person too ("Trump" when analysis kept a "Trump" apart
   from Donald Trump);
5. ``spelling``: rapidfuzz similarity of at least :data:`SPELLING_CUTOFF` (out of 100) to a
   name or alias of 5 letters or more: conservative on purpose, since a wrong match puts a
   stranger's articles in the reporter's list;
6. ``text``: no entity at all, so the name is looked for as words in the articles' text (a
   name the analyser missed, or not a name at all: "ceasefire"); the search index narrows
   the candidates and each one is confirmed in the text.

A name that matches nothing still gets its row, with zeros: a watchlist is a checklist, and a
silently dropped line reads as "not in the news" when it may be a typo.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from rapidfuzz import fuzz, process

from reader.core.types import Article, ArticleSummary, Entity, SearchResult, WatchRow

__all__ = ["SPELLING_CUTOFF", "WatchLibrary", "fold", "parse_names", "watch"]

#: rapidfuzz ratio (0-100) a name must reach to count as a spelling of an entity's name.
#: At 91, "Israel Defense Forces" finds Israel Defence Forces (95) and "Zelensky" Zelenskyy (94),
#: while "Austria" stays away from Australia (87) and "Sudan" from Sedan (80).
SPELLING_CUTOFF = 91
SPELLING_MIN_LENGTH = 5

_WORDS: dict[str, list[str]] = json.loads(Path(__file__).with_name("watchlist.json").read_text("utf-8"))
_TITLES = tuple(sorted(_WORDS["titles"], key=len, reverse=True))
_ACRONYM_SKIP = frozenset(_WORDS["acronym_skip"])
_SPACE = re.compile(r"\s+")
_DROP = re.compile(r"[.\u2019'\u2018`\"“”]")
_JOIN = re.compile(r"[-\u2010-\u2015_/]")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


class WatchLibrary(Protocol):
    """What a watchlist reads: :class:`reader.core.library.Library` provides it."""

    @property
    def searchable(self) -> bool: ...

    def entities(self, article_id: str | None = None) -> list[Entity]: ...

    def articles_with_entity(self, name: str) -> list[str]: ...

    def articles(self) -> list[ArticleSummary]: ...

    def article(self, article_id: str) -> Article | None: ...

    def search(self, query: str, limit: int = 50) -> SearchResult: ...


def fold(text: str) -> str:
    """Case and diacritics folded, so "São Paulo", "SAO PAULO" and "sao paulo" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _key(name: str) -> str:
    """Comparison key of a name: folded, dots and quotes gone, hyphens as spaces."""
    return _SPACE.sub(" ", _JOIN.sub(" ", _DROP.sub("", fold(name)))).strip()


def _untitled(key: str) -> str:
    """``key`` without leading titles ("mr biden" → "biden"); the key itself if nothing else is left."""
    changed = True
    while changed:
        changed = False
        for title in _TITLES:
            if key.startswith(title + " ") and len(key) > len(title) + 1:
                key = key[len(title) + 1 :]
                changed = True
    return key


def _initials(name: str) -> str:
    """The acronym a name makes: first letters of its words, an all-capitals word whole
    ("UN High Commissioner for Refugees" → "unhcr"); small words such as "of" are skipped."""
    out: list[str] = []
    for word in _SPACE.split(_JOIN.sub(" ", _DROP.sub("", name)).strip()):
        if not word or word.casefold() in _ACRONYM_SKIP or not word[0].isalpha():
            continue
        out.append(word if word.isupper() and len(word) > 1 else word[0])
    return fold("".join(out))


def _acronym(name: str) -> str | None:
    """The name's folded letters if it could be an acronym (one word of 2-8 letters), else None."""
    key = _key(name).replace(" ", "") if " " not in name.strip() else ""
    return key if 2 <= len(key) <= 8 and key.isalpha() else None


def parse_names(text: str) -> list[str]:
    """The names of a watchlist file or box: one a line; blank lines and ``#`` comments skipped,
    a name given twice (in any case or accents) kept once, in the order first given."""
    names: dict[str, str] = {}
    for line in text.splitlines():
        name = _SPACE.sub(" ", line).strip()
        if name and not name.startswith("#"):
            names.setdefault(_key(name), name)
    return list(names.values())


class _Index:
    """The library's entities by every key a rule compares."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.by_name: dict[str, set[str]] = defaultdict(set)
        self.by_alias: dict[str, set[str]] = defaultdict(set)
        self.by_initials: dict[str, set[str]] = defaultdict(set)
        self.by_acronym: dict[str, set[str]] = defaultdict(set)
        self.by_surname: dict[str, set[str]] = defaultdict(set)
        self.spellings: dict[str, set[str]] = defaultdict(set)
        self.mentions: dict[str, int] = defaultdict(int)
        for e in entities:
            self.mentions[e.name] += e.count
            key = _key(e.name)
            self.by_name[key].add(e.name)
            self.by_name[_untitled(key)].add(e.name)
            for alias in e.aliases:
                akey = _key(alias)
                self.by_alias[akey].add(e.name)
                self.by_alias[_untitled(akey)].add(e.name)
            for form in (e.name, *e.aliases):
                if len(_key(form)) >= SPELLING_MIN_LENGTH:
                    self.spellings[_key(form)].add(e.name)
                if " " in form.strip():
                    if len(initials := _initials(form)) >= 2:
                        self.by_initials[initials].add(e.name)
                elif (acr := _acronym(form)) is not None and form.isupper():
                    self.by_acronym[acr].add(e.name)
            words = [w for w in key.split() if w not in _SUFFIXES]
            if e.type == "PERSON" and len(words) >= 2:
                self.by_surname[words[-1]].add(e.name)

    def _surname(self, key: str) -> set[str]:
        """The one person whose full name ends with the single word ``key`` (else nothing)."""
        people = self.by_surname.get(key, set()) if " " not in key else set()
        return set(people) if len(people) == 1 else set()

    def match(self, name: str) -> tuple[str, set[str]]:
        """The rule that matched ``name`` and the entity names it found (see the module docstring)."""
        key = _key(name)
        if not key:
            return "", set()
        plain = _untitled(key)
        for how, table in (("name", self.by_name), ("alias", self.by_alias)):
            found = table.get(key, set()) | table.get(plain, set())
            if found:
                # "Trump" is also the one Donald Trump when analysis left the two apart
                return how, set(found) | self._surname(plain)
        acronym = _acronym(name)
        found = set(self.by_initials.get(acronym, ())) if acronym else set()
        if " " in key and len(initials := _initials(name)) >= 2:
            found |= self.by_acronym.get(initials, set())
        if found:
            return "acronym", found
        if surname := self._surname(plain):
            return "surname", surname
        if len(key) >= SPELLING_MIN_LENGTH and self.spellings:
            best = process.extract(
                key, list(self.spellings), scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF, limit=None
            )
            if best:
                top = max(score for _choice, score, _i in best)
                return "spelling", {
                    n for choice, score, _i in best if score == top for n in self.spellings[choice]
                }
        return "", set()


def _pattern(name: str) -> re.Pattern[str]:
    """A name as words in folded text: whole words, any run of spaces or a hyphen between them."""
    words = [re.escape(w) for w in _key(name).split()]
    return re.compile(r"(?<!\w)" + r"[\s\-]+".join(words) + r"(?!\w)")


def _text_hits(lib: WatchLibrary, name: str, total: int) -> dict[str, int]:
    """Articles whose text has ``name`` as words, with how many times (the search index picks
    the candidates when it is built; every candidate is confirmed in the folded text)."""
    pattern = _pattern(name)
    if not pattern.pattern.strip():
        return {}
    candidates: Iterable[str]
    if lib.searchable:
        phrases = {name.replace('"', " ").strip(), _key(name)}
        ids: dict[str, None] = {}
        for phrase in phrases:
            for hit in lib.search(f'"{phrase}"', limit=max(total, 1)).hits:
                ids[hit.id] = None
        candidates = ids
    else:
        candidates = [s.id for s in lib.articles()]
    out: dict[str, int] = {}
    for aid in candidates:
        article = lib.article(aid)
        n = len(pattern.findall(fold(article.text))) if article is not None else 0
        if n:
            out[aid] = n
    return out


def watch(lib: WatchLibrary, names: Sequence[str]) -> list[WatchRow]:
    """One row per name, in the order given (see the module docstring for how names match)."""
    entities = lib.entities()
    index = _Index(entities)
    summaries = lib.articles()
    position = {s.id: s.position for s in summaries}
    dates = {s.id: s.date for s in summaries}
    rows: list[WatchRow] = []
    for name in names:
        how, found = index.match(name)
        counts: dict[str, int] = {}
        if found:
            for entity in sorted(found):
                for aid in lib.articles_with_entity(entity):
                    counts[aid] = 0
            mentions = sum(index.mentions[e] for e in found)
        else:
            counts = _text_hits(lib, name, len(summaries))
            how = "text" if counts else ""
            mentions = sum(counts.values())
        ids = tuple(sorted((a for a in counts if a in position), key=position.__getitem__))
        known = sorted(d for a in ids if (d := dates.get(a)))
        rows.append(
            WatchRow(
                name=name,
                articles=ids,
                mentions=mentions if ids else 0,
                first=known[0] if known else None,
                last=known[-1] if known else None,
                matched=tuple(sorted(found)),
                how=how,
            )
        )
    return rows
