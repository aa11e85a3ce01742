"""The Library's entity side: the sidebar's entities, who is named where, quotes by speaker,
the user's corrections, and which highlights concern which entity.

A mixin of :class:`reader.core.library.Library`, kept apart so the facade stays one screenful
per concern; the entity features that build on it (watchlists, dossiers, export) add their
methods here and keep their work in modules of their own.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from reader.core.store.corrections import apply_corrections, effective
from reader.core.types import Changes, Dossier, Entity, EntityCorrection, Highlight, Quote, WatchRow, Written

if TYPE_CHECKING:
    from reader.core.store.annotations import AnnotationStore
    from reader.core.store.catalog import Catalog
    from reader.core.types import Article, ArticleSummary, SearchResult


def original_names(name: str, corrections: Sequence[EntityCorrection]) -> set[str]:
    """Every catalog name that the corrections turn into ``name`` (itself included).

    A merge that a later split undid no longer counts: the split name's articles are its own again.
    """
    names = {name}
    live = effective(corrections)
    changed = True
    while changed:
        changed = False
        for c in live:
            if c.kind in ("rename", "merge") and c.target in names and c.name not in names:
                names.add(c.name)
                changed = True
    return names


#: More names in corrections than this and a lookup reads the full entity list (SQL parameters).
_MAX_TOUCHED = 500


def _quotes_of(article: Article, speaker: str, names: set[str]) -> list[Quote]:
    """The quotes in ``article`` by any of ``names``, each given ``speaker`` as its speaker."""
    return [
        q if q.speaker == speaker else replace(q, speaker=speaker)
        for q in article.quotes
        if q.speaker in names
    ]


class EntityMethods:
    """Entity queries and corrections; ``Library`` provides the storage they read."""

    key: str
    _annotations: AnnotationStore
    _catalog: Catalog
    _lock: threading.RLock
    _articles_cache: dict[str, Article]
    _corrections: list[EntityCorrection] | None

    # Provided by Library.
    def article(self, article_id: str) -> Article | None:
        raise NotImplementedError

    def articles(self) -> list[ArticleSummary]:
        raise NotImplementedError

    def highlights(self, article_id: str | None = None) -> list[Highlight]:
        raise NotImplementedError

    def _reindex(self, article_id: str) -> None:
        raise NotImplementedError

    @property
    def searchable(self) -> bool:
        raise NotImplementedError

    def search(self, query: str, limit: int = 50) -> SearchResult:
        raise NotImplementedError

    def entities(self, article_id: str | None = None) -> list[Entity]:
        if article_id is not None:
            article = self.article(article_id)
            return list(article.entities) if article is not None else []
        entities = self._catalog.entities(None)
        corrections = self.corrections()
        if corrections:
            entities, _ = apply_corrections(entities, [], corrections)
        return entities

    def articles_with_entity(self, name: str) -> list[str]:
        """Articles that mention ``name``, including under the names a correction folded into it."""
        names = original_names(name, self.corrections())
        if len(names) == 1:
            return self._catalog.articles_with_entity(name)
        ids = {aid for n in names for aid in self._catalog.articles_with_entity(n)}
        return [s.id for s in self.articles() if s.id in ids]

    def quotes_by(self, speaker: str) -> list[tuple[str, str, Quote]]:
        """Every quote attributed to ``speaker`` across the library: (article id, title, quote).

        Quotes keep the speaker analysis gave them, so a quote by a name the user renamed
        or merged into ``speaker`` counts too, and is returned under ``speaker``.
        """
        names = original_names(speaker, self.corrections())
        out: list[tuple[str, str, Quote]] = []
        for aid in self.articles_with_entity(speaker):
            article = self.article(aid)
            if article is not None:
                out.extend((aid, article.title, q) for q in _quotes_of(article, speaker, names))
        return out

    def dossier(self, name: str) -> Dossier | None:
        """The dossier of the entity called ``name`` (exact, else any case, else an alias), or None.

        The work is in :mod:`reader.core.dossier`; each article is read once, for its
        mentions and its quotes alike.
        """
        from reader.core.dossier import build_dossier

        entity = self._entity_named(name)
        if entity is None:
            return None
        names = original_names(entity.name, self.corrections())
        articles = [a for aid in self.articles_with_entity(entity.name) if (a := self.article(aid))]
        quotes = [(a.id, a.title, q) for a in articles for q in _quotes_of(a, entity.name, names)]
        return build_dossier(entity, articles, quotes)

    def _entity_named(self, name: str) -> Entity | None:
        """The entity a user means by ``name`` (see :func:`reader.core.dossier.find_entity`).

        Reading every entity costs seconds in a large library, so the catalog is asked for
        the candidates first: the rows that match the name or hold it as an alias, plus every
        name a correction touches (so renames and merges replay exactly as over the full
        list). Only when they hold no match (a name in non-ASCII case, SQL's ``lower`` being
        ASCII-only) is the full list searched.
        """
        from reader.core.dossier import find_entity

        if not name.strip():
            return None
        corrections = self.corrections()
        touched = sorted({c.name for c in corrections} | {c.target for c in corrections if c.target})
        if len(touched) <= _MAX_TOUCHED:
            candidates = self._catalog.entities_like(name.strip(), touched)
            if corrections:
                candidates, _ = apply_corrections(candidates, [], corrections)
            found = find_entity(candidates, name)
            if found is not None:
                return found
        return find_entity(self.entities(), name)

    def similar_entities(self, name: str, limit: int = 3) -> list[str]:
        """The entity names closest to ``name``, for "no entity named X; did you mean …"."""
        from reader.core.dossier import closest_names

        return closest_names(self.entities(), name, limit)

    # ------------------------------------------------------------------ watchlists and export
    @staticmethod
    def watch_names(text: str) -> list[str]:
        """The names of a watchlist (one a line; blanks, ``#`` comments and repeats dropped)."""
        from reader.core.watchlist import parse_names

        return parse_names(text)

    def watch(self, names: Sequence[str]) -> list[WatchRow]:
        """One row per watched name: its articles, mentions and dates (reader/core/watchlist.py)."""
        from reader.core.watchlist import watch

        return watch(self, names)

    def export_entities(self, fmt: str) -> str:
        """The library's entities as CSV or FollowTheMoney JSON lines (reader/core/entity_export.py)."""
        from reader.core.entity_export import export_entities

        return export_entities(self, fmt)

    # ------------------------------------------------------------------ entity corrections
    def corrections(self) -> list[EntityCorrection]:
        if self._corrections is None:
            self._corrections = self._annotations.corrections(self.key)
        return self._corrections

    def correct_entity(
        self, kind: str, name: str, target: str = "", type: str = ""
    ) -> Written[EntityCorrection]:
        """Store a user's fix (rename/merge/split/retype/hide); it survives rebuilds.

        The changes name the entities whose sidebar rows change — ``name``, ``target`` and
        whatever ``name`` had been folded into (a split takes it back out of that one) —
        and the articles re-indexed: every article naming any of them.
        """
        names = {name, target} | {
            c.target
            for c in effective(self.corrections())
            if c.name == name and c.kind in ("rename", "merge")
        }
        names.discard("")
        affected = {aid for n in names for aid in self.articles_with_entity(n)}
        correction = self._annotations.add_correction(self.key, kind, name, target, type)
        with self._lock:
            self._corrections = None
            self._articles_cache.clear()
        for aid in affected:
            self._reindex(aid)
        return Written(correction, Changes(articles=frozenset(affected), entities=frozenset(names)))

    def highlight_entities(self, highlights: Sequence[Highlight]) -> dict[int, tuple[str, ...]]:
        """For each highlight, the entities it mentions (what the notes panel filters on)."""
        out: dict[int, tuple[str, ...]] = {}
        by_article: dict[str, list[Highlight]] = defaultdict(list)
        for h in highlights:
            if not h.orphan:
                by_article[h.article_id].append(h)
        for aid, group in by_article.items():
            article = self.article(aid)
            if article is None:
                continue
            for h in group:
                names = dict.fromkeys(
                    m.entity for m in article.mentions if m.start < h.end and h.start < m.end
                )
                out[h.id] = tuple(names)
        return out

    def highlights_mentioning(self, entity: str) -> list[Highlight]:
        """Highlights that overlap a mention of ``entity`` (a highlight inherits what it names)."""
        out: list[Highlight] = []
        for aid in self.articles_with_entity(entity):
            article = self.article(aid)
            if article is None:
                continue
            spans = [(m.start, m.end) for m in article.mentions if m.entity == entity]
            for h in self.highlights(aid):
                if not h.orphan and any(s < h.end and h.start < e for s, e in spans):
                    out.append(h)
        return out
