"""Map articles (and the user's notes, tags and reading state) to search documents.

Kept apart from the search package so the Whoosh code never needs to know about
annotations, and apart from the build so the Library can re-index one article
after a note changes without rebuilding anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from reader.core.search import IndexDoc
from reader.core.types import Article, Entity, Highlight, Note


def entity_map(article: Article) -> dict[str, list[str]]:
    """Type -> canonical names plus every alias, so ``person:Biden`` finds ``Mr Biden``."""
    return entity_names(article.entities)


def entity_names(entities: Iterable[Entity]) -> dict[str, list[str]]:
    """:func:`entity_map` of an article's entities alone (the build reads them without the article)."""
    out: dict[str, list[str]] = {}
    for ent in entities:
        names = out.setdefault(ent.type, [])
        for name in (ent.name, *ent.aliases):
            if name not in names:
                names.append(name)
    return out


def index_doc(
    article: Article,
    *,
    highlights: Sequence[Highlight] = (),
    note: Note | None = None,
    read: bool = False,
    starred: bool = False,
) -> IndexDoc:
    notes = [h.note for h in highlights if h.note]
    if note is not None and note.text:
        notes.append(note.text)
    tags = sorted({t for h in highlights for t in h.tags})
    return IndexDoc(
        id=article.id,
        title=article.title,
        body=article.text,
        position=article.position,
        date=article.date,
        entities=entity_map(article),
        notes="\n".join(notes),
        tags=tags,
        read=read,
        starred=starred,
    )


def index_docs(
    articles: Iterable[Article],
    *,
    highlights: Mapping[str, Sequence[Highlight]] | None = None,
    notes: Mapping[str, Note] | None = None,
    states: Mapping[str, tuple[bool, bool]] | None = None,
) -> Iterator[IndexDoc]:
    highlights = highlights or {}
    notes = notes or {}
    states = states or {}
    for article in articles:
        read, starred = states.get(article.id, (False, False))
        yield index_doc(
            article,
            highlights=highlights.get(article.id, ()),
            note=notes.get(article.id),
            read=read,
            starred=starred,
        )
