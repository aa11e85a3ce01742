"""The library's entities for other tools: a CSV for a spreadsheet, FollowTheMoney for Aleph.

Both read the entities as the user's corrections leave them (``Library.entities()``, one row
per name and type, aliases merged across articles), so a rename or a merge made in the
sidebar is what leaves the reader.

**CSV**: ``name,type,aliases,articles,mentions``; aliases joined by ``"; "``.

**FollowTheMoney** (``ftm``): JSON lines, one entity per line as ``EntityProxy.to_dict()``
gives it, which is what ``ftm`` tools, ``alephclient write-entities`` and OpenAleph import.
The proxies are made and checked by the followthemoney library itself (its model cleans each
value, and a value the schema refuses is dropped, never written raw):

* each entity: PERSON → ``Person``, ORG → ``Organization``, GPE/LOC/FAC → ``Address``
  (a place is where something is; GPE gets its country code), EVENT → ``Event``; other kinds
  (nationalities, laws, contact details) have no FtM thing and stay in the CSV only;
* each article that names one of them: an ``Article`` (title, date, author, URL, body, and
  its ``*Mentioned`` name lists, as Aleph's own ingestors fill them);
* entity ↔ article: a ``Documentation`` link (Aleph shows it on both pages) and, for people
  and organisations, a ``Mention`` (the names the article used, ``resolved`` to the entity),
  the record Aleph's cross-referencing reads.

Ids are deterministic (``make_id`` from the source key, kind and name), so exporting twice
and importing both into one collection updates entities instead of duplicating them.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

from reader.core.types import Article, ArticleSummary, Entity

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

__all__ = ["CSV_HEADER", "FORMATS", "FTM_SCHEMATA", "EntityLibrary", "export_entities"]

FORMATS = ("csv", "ftm")
CSV_HEADER = ("name", "type", "aliases", "articles", "mentions")
ALIAS_SEPARATOR = "; "

#: Lede's entity types → the FtM schema that can hold them (the rest have none).
FTM_SCHEMATA = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Address",
    "LOC": "Address",
    "FAC": "Address",
    "EVENT": "Event",
}
#: Which ``*Mentioned`` list of an Article each kind of name goes to.
_MENTIONED = {
    "Person": "peopleMentioned",
    "Organization": "companiesMentioned",
    "Address": "locationMentioned",
    "EMAIL": "emailMentioned",
    "PHONE": "phoneMentioned",
}


class EntityLibrary(Protocol):
    """What an export reads: :class:`reader.core.library.Library` provides it."""

    key: str

    def entities(self, article_id: str | None = None) -> list[Entity]: ...

    def articles_with_entity(self, name: str) -> list[str]: ...

    def articles(self) -> list[ArticleSummary]: ...

    def article(self, article_id: str) -> Article | None: ...


def export_entities(lib: EntityLibrary, fmt: str) -> str:
    """The library's entities as ``fmt`` (``csv`` or ``ftm``); ValueError for any other."""
    if fmt == "csv":
        return to_csv(lib)
    if fmt == "ftm":
        return "".join(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n" for d in ftm_dicts(lib))
    raise ValueError(f"unknown entity export format {fmt!r} (use {' or '.join(FORMATS)})")


def to_csv(lib: EntityLibrary) -> str:
    """One row per entity, in the sidebar's order (type, then most mentioned)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    articles: dict[str, int] = {}
    for e in lib.entities():
        if e.name not in articles:
            articles[e.name] = len(lib.articles_with_entity(e.name))
        aliases = ALIAS_SEPARATOR.join(a for a in e.aliases if a != e.name)
        writer.writerow((e.name, e.type, aliases, articles[e.name], e.count))
    return out.getvalue()


def ftm_dicts(lib: EntityLibrary) -> Iterator[dict[str, Any]]:
    """Every FtM entity of the export as a dict (``proxy.to_dict()``), entities first, then
    per article its Article, its Documentation links and its Mentions."""
    from followthemoney import model, registry

    proxies: dict[tuple[str, str], EntityProxy] = {}
    for e in lib.entities():
        schema = FTM_SCHEMATA.get(e.type)
        if schema is None:
            continue
        proxy = proxies.get((e.name, schema))
        if proxy is None:
            proxy = model.make_entity(schema)
            proxy.make_id(lib.key, "entity", schema, e.name)
            proxy.add("name", e.name)
            if schema == "Address":
                proxy.add("full", e.name)
                if e.type == "GPE":
                    proxy.add("country", registry.country.clean(e.name), quiet=True, cleaned=True)
            proxies[(e.name, schema)] = proxy
        proxy.add("alias", [a for a in e.aliases if a != e.name], quiet=True)
        if e.role and schema == "Person":
            proxy.add("position", e.role, quiet=True)
    for proxy in proxies.values():
        yield proxy.to_dict()

    for summary in lib.articles():
        article = lib.article(summary.id)
        if article is None:
            continue
        named = _named(article, proxies)
        contacts = [(m.type, article.text[m.start : m.end]) for m in article.mentions if m.type in _MENTIONED]
        if not named and not contacts:
            continue
        doc = model.make_entity("Article")
        doc.make_id(lib.key, "article", article.id)
        doc.add("title", article.title)
        doc.add("publishedAt", article.date, quiet=True)
        doc.add("author", article.author, quiet=True)
        doc.add("sourceUrl", article.url, quiet=True)
        doc.add("bodyText", article.text)
        for proxy, _forms, _count in named:
            doc.add(
                _MENTIONED.get(proxy.schema.name, "namesMentioned"),
                proxy.caption,
                quiet=True,
            )
        for kind, text in contacts:
            doc.add(_MENTIONED[kind], text, quiet=True)
        yield doc.to_dict()
        for proxy, forms, count in named:
            link = model.make_entity("Documentation")
            link.make_id(proxy.id, doc.id, "documentation")
            link.add("document", doc.id)
            link.add("entity", proxy.id)
            link.add("role", "mentioned")
            link.add("summary", f"{count} mention{'' if count == 1 else 's'}")
            yield link.to_dict()
            if proxy.schema.is_a("LegalEntity"):
                mention = model.make_entity("Mention")
                mention.make_id(proxy.id, doc.id, "mention")
                mention.add("document", doc.id)
                mention.add("resolved", proxy.id)
                mention.add("name", forms)
                mention.add("detectedSchema", proxy.schema.name)
                yield mention.to_dict()


def _named(
    article: Article, proxies: dict[tuple[str, str], EntityProxy]
) -> list[tuple[EntityProxy, list[str], int]]:
    """The exported entities this article names: proxy, the forms the text used, mention count.

    The schema comes from the article's entity (its type after the user's retypes), not from
    each mention's own type; an entity with no mention span (a role's holder) still counts.
    """
    keys: dict[str, tuple[str, str]] = {}
    for e in article.entities:
        schema = FTM_SCHEMATA.get(e.type)
        if schema is not None and (e.name, schema) in proxies:
            keys.setdefault(e.name, (e.name, schema))
    forms: dict[tuple[str, str], dict[str, None]] = {k: {} for k in keys.values()}
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for m in article.mentions:
        key = keys.get(m.entity)
        if key is not None:
            forms[key][" ".join(article.text[m.start : m.end].split())] = None
            counts[key] += 1
    return [(proxies[k], [f for f in forms[k] if f] or [k[0]], counts[k]) for k in forms]
