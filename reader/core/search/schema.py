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

from whoosh import fields
from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
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


def stemming_analyzer() -> Analyzer:
    """Tokenise, lowercase, fold accents, drop stop words, stem (English)."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter()
        | StemFilter(cachesize=100_000)
    )


def exact_analyzer() -> Analyzer:
    """Tokenise, lowercase, fold accents; keep every word as written (no stop list)."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


def names_analyzer() -> Analyzer:
    """Like :func:`exact_analyzer` but without stop words.

    Entity fields are among the default fields of unfielded queries; if they kept
    "of" while title/body dropped it, ``Bank of England`` would require "of" to be
    an entity word and find nothing.
    """
    return exact_analyzer() | StopFilter()


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
        tag=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
        notes=fields.TEXT(analyzer=stem, phrase=True),
        read=fields.BOOLEAN(),
        starred=fields.BOOLEAN(),
        has_notes=fields.BOOLEAN(),
        position=fields.NUMERIC(int, bits=64, stored=True, sortable=True, signed=False),
        date=fields.DATETIME(stored=True),
    )
