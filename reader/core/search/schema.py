"""The declarative Whoosh schema for Lede's search index, and its analyzers.

One Whoosh document per article. The schema is kept in one place so that the
index writer, the query parser and the highlighter agree on how text is turned
into terms: if they disagreed, queries would silently miss.

Field roles:

* ``title`` / ``body`` — stemmed, accent-folded text: ``crimes`` finds ``crime``
  and ``cafe`` finds ``café``. ``body`` is stored because snippets are cut from it.
* ``title_exact`` / ``body_exact`` — the same text *without* stemming or stop-word
  removal, with positions. Quoted phrases are searched here, so ``"war crime"``
  means exactly those words. The unstemmed terms also feed "did you mean", which
  must suggest real words, not stems.
* ``entities`` — every entity name and alias, tokenised (so ``Biden`` matches
  ``Joe Biden``), unstemmed because names should not be conflated by a stemmer.
* ``person`` / ``org`` / ``place`` / ``group`` — the same, split by entity type,
  for ``person:Biden`` style queries.
* ``tag`` (keywords), ``notes`` (stemmed text), ``read`` / ``starred`` /
  ``has_notes`` (booleans behind ``is:unread``, ``is:starred``, ``has:notes``).
* ``position`` (numeric, sortable: source order as a tie-break and for filter-only
  queries) and ``date`` (DATETIME, for ``date:[2019-01-01 TO 2019-06-30]``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from whoosh import fields
from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    CompositeAnalyzer,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)
from whoosh.support.charset import accent_map

# Words are runs of letters/digits, optionally joined by apostrophes or dots
# ("U.S.", "don't") so that such words stay one token.
WORD_PATTERN = r"\w+(?:[.'’]\w+)*"

# Entity types (spaCy labels) routed to each per-type field.
ENTITY_FIELDS: dict[str, tuple[str, ...]] = {
    "person": ("PERSON",),
    "org": ("ORG",),
    "place": ("GPE", "LOC", "FAC"),
    "group": ("NORP",),
    # Contact details and identifiers found by pattern (analyse/contacts.py): ``contact:@nasa``.
    "contact": ("EMAIL", "URL", "PHONE", "HANDLE", "ACCOUNT"),
}

# Fields the user can name in a query with ``field:value``; anything else is
# treated as plain text so that "Note: ..." in a pasted sentence does not break.
USER_FIELDS = frozenset(
    {
        "id",
        "title",
        "body",
        "notes",
        "entities",
        "tag",
        "date",
        "position",
        "read",
        "starred",
        "has_notes",
        *ENTITY_FIELDS,
    }
)

# Default fields for unfielded words, with the boosts chosen on the relevance
# fixture in tests/core/test_search_relevance.py: a title match outranks a body
# match of the same word, an entity match (the article is *about* that name)
# ranks between them, notes are the user's own words and matter.
DEFAULT_FIELD_BOOSTS: dict[str, float] = {
    "title": 3.0,
    "entities": 2.0,
    "body": 1.0,
    "notes": 1.5,
}

# Phrases in these fields are redirected to their exact twin.
EXACT_TWINS: dict[str, str] = {"title": "title_exact", "body": "body_exact"}


class FusedAnalyzer(CompositeAnalyzer):
    """Tokenise, lowercase, fold accents, then optionally drop stop words and stem.

    It is an ordinary Whoosh chain (the parser, the highlighter and anything
    that inspects the analyzer see the usual filters), but when the index
    writer calls it, the whole chain runs as one loop instead of five nested
    generators passing a Token object along: indexing spends most of its
    Python time in those per-token hand-offs. The fast loop produces exactly
    the chain's terms and positions (a test compares them).
    """

    def __init__(self, *, stops: bool, stem: bool) -> None:
        items: list[Any] = [RegexTokenizer(WORD_PATTERN), LowercaseFilter(), CharsetFilter(accent_map)]
        if stops:
            items.append(StopFilter())
        if stem:
            items.append(StemFilter(cachesize=100_000))
        super().__init__(*items)

    def _filter(self, kind: type) -> Any:
        for item in self.items:
            if isinstance(item, kind):
                return item
        return None

    def __call__(self, value: Any, no_morph: bool = False, **kwargs: Any) -> Any:
        if (
            kwargs.get("mode") == "index"
            and not no_morph
            and isinstance(value, str)
            and set(kwargs) <= _FAST_KWARGS
            and not kwargs.get("chars")
        ):
            return self._index_tokens(value, bool(kwargs.get("positions")))
        return super().__call__(value, no_morph=no_morph, **kwargs)

    def _index_tokens(self, value: str, positions: bool) -> Iterator[Token]:
        stop = self._filter(StopFilter)
        stemmer = self._filter(StemFilter)
        stoplist = stop.stops if stop else frozenset()
        minsize = stop.min if stop else 0
        maxsize = stop.max if stop else None
        renumber = bool(stop and stop.renumber)
        stem = stemmer._stem if stemmer else None
        ignore = stemmer.ignore if stemmer else frozenset()
        t = Token(positions=positions, chars=False, removestops=True, mode="index")
        t.boost = 1.0
        t.stopped = False
        pos: int | None = None
        for raw_pos, m in enumerate(_WORD_RE.finditer(value)):
            text = m.group().lower()
            if not text.isascii():
                text = text.translate(accent_map)
            if stop is not None and (
                len(text) < minsize or (maxsize is not None and len(text) > maxsize) or text in stoplist
            ):
                continue
            if stem is not None and text not in ignore:
                text = stem(text)
            t.text = text
            if positions:
                pos = raw_pos if (pos is None or not renumber) else pos + 1
                t.pos = pos
            yield t


# Keyword arguments the index writer passes; anything else takes the generic chain.
_FAST_KWARGS = frozenset({"mode", "positions", "boosts", "chars"})
_WORD_RE = re.compile(WORD_PATTERN)


def stemming_analyzer() -> Analyzer:
    """Tokenise, lowercase, fold accents, drop stop words, stem (English)."""
    return FusedAnalyzer(stops=True, stem=True)


def exact_analyzer() -> Analyzer:
    """Tokenise, lowercase, fold accents; keep every word as written (no stop list)."""
    return FusedAnalyzer(stops=False, stem=False)


def names_analyzer() -> Analyzer:
    """Like :func:`exact_analyzer` but without stop words.

    Entity fields are among the default fields of unfielded queries; if they kept
    "of" while title/body dropped it, ``Bank of England`` would require "of" to be
    an entity word and find nothing.
    """
    return FusedAnalyzer(stops=True, stem=False)


def entity_field_values(entities: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Type -> names mapped onto the entity fields: every name in ``entities``, each in its type's field.

    One place for the mapping, because a document built from scratch and a document
    whose entity fields are added to a copied index must get exactly the same values.
    """
    by_field: dict[str, list[str]] = {name: [] for name in ENTITY_FIELDS}
    every: list[str] = []
    for etype, names in entities.items():
        every.extend(names)
        for fieldname, types in ENTITY_FIELDS.items():
            if etype.upper() in types:
                by_field[fieldname].extend(names)
    out = {name: "\n".join(names) for name, names in by_field.items() if names}
    if every:
        out["entities"] = "\n".join(every)
    return out


def build_schema() -> fields.Schema:
    """Return a fresh schema instance (analyzers hold caches, so do not share one)."""
    stem = stemming_analyzer()
    exact = exact_analyzer()
    names = names_analyzer()
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        title=fields.TEXT(analyzer=stem, stored=True, phrase=False),
        title_exact=fields.TEXT(analyzer=exact, phrase=True),
        # Phrases go to body_exact, so the stemmed body needs no positions:
        # that keeps the largest posting lists small and queries fast.
        body=fields.TEXT(analyzer=stem, stored=True, phrase=False),
        body_exact=fields.TEXT(analyzer=exact, phrase=True),
        entities=fields.TEXT(analyzer=names, phrase=True),
        person=fields.TEXT(analyzer=names, phrase=True),
        org=fields.TEXT(analyzer=names, phrase=True),
        place=fields.TEXT(analyzer=names, phrase=True),
        group=fields.TEXT(analyzer=names, phrase=True),
        contact=fields.TEXT(analyzer=names, phrase=True),
        tag=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
        notes=fields.TEXT(analyzer=stem, phrase=True),
        read=fields.BOOLEAN(),
        starred=fields.BOOLEAN(),
        has_notes=fields.BOOLEAN(),
        position=fields.NUMERIC(int, bits=64, stored=True, sortable=True, signed=False),
        date=fields.DATETIME(stored=True),
    )
