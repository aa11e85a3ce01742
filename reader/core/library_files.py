"""The Library's export and import: annotations out to a file format, and back in from JSON.

Why a module of its own: rendering three formats and reading a file back are one job
(what goes to and comes from disk), and they are the part of the facade that does not
need the Library's internals — only its public reads. Keeping them here holds
``library.py`` to one screenful per concern (and under the 600-line house limit) while
``Library.export``/``export_entity_notebook``/``import_file`` stay its public API.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.errors import LedeError, SourceError
from reader.core.types import ImportedAnnotation

if TYPE_CHECKING:
    from reader.core.library import Library


def titles(lib: Library) -> dict[str, str]:
    """Article id -> title, which every export names its sections by."""
    return {a.id: a.title for a in lib.articles()}


def export(lib: Library, fmt: str) -> str:
    """Every highlight and article note of the library as ``md``, ``json`` or ``csv`` text."""
    from reader.core.store import export as formats  # the renderers load only when exporting

    highlights = lib.highlights()
    notes = lib.article_notes()
    if fmt == "md":
        return formats.to_markdown(
            highlights, notes, titles(lib), str(lib.source), link_source=_absolute(lib)
        )
    if fmt == "json":
        data = formats.to_web_annotations(
            highlights, notes, str(lib.source), lib.info.sha256, lib.cut_passages(), lib.settled_passages()
        )
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return formats.to_csv(highlights, notes, titles(lib))
    raise LedeError(f"unknown export format {fmt!r} (use md, json or csv)")


def entity_notebook(lib: Library, entity: str) -> str:
    """Markdown of every highlight and article note in the articles that mention one entity."""
    from reader.core.store import export as formats

    ids = lib.articles_with_entity(entity)
    mentions = {aid: list(a.mentions) for aid in ids if (a := lib.article(aid)) is not None}
    named = {aid: t for aid, t in titles(lib).items() if aid in mentions}
    highlights = [h for h in lib.highlights() if h.article_id in mentions]
    notes = [n for n in lib.article_notes() if n.article_id in mentions]
    return formats.to_entity_notebook(
        entity, highlights, notes, named, mentions, str(lib.source), link_source=_absolute(lib)
    )


def _absolute(lib: Library) -> str:
    """The source path a ``lede://`` link carries: absolute, as the desktop starts Lede anywhere."""
    return str(Path(lib.source).expanduser().resolve())


def read_annotations(path: Path) -> list[ImportedAnnotation]:
    """The annotations of a JSON file: Lede's export, other tools' Web Annotations, or
    Hypothesis search results. A file that is none of these is a SourceError or a
    StorageError naming what is wrong (what the user pointed at), never a crash."""
    from reader.core.store.annotation_files import from_web_annotations

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise SourceError(f"{path}: not valid JSON ({exc})") from exc
    return from_web_annotations(data)


def find_passage(lib: Library, article_id: str, quote: str) -> tuple[str, int, int] | None:
    """See :meth:`Library.find_passage`."""
    from reader.core.links import find_passage as find_in
    from reader.core.store.quote_search import QuoteFinder

    article = lib.article(article_id) if article_id else None
    if article is not None:
        spans = [(h.start, h.end) for h in lib.highlights(article_id) if not h.orphan]
        found = find_in(article.text, quote, spans)
        if found is not None:
            return article_id, *found
    if not quote.strip():
        return None
    every = [a for s in lib.articles() if (a := lib.article(s.id)) is not None]
    texts = {a.id: a.text for a in every}
    placed = QuoteFinder(texts, {a.id: (a.title, a.url or "") for a in every}).place(quote, "", "", "", "")
    if placed is None:
        return None
    aid, where = placed
    spans = [(h.start, h.end) for h in lib.highlights(aid) if not h.orphan]
    start, end = find_in(texts[aid], quote, spans) or (where.start, where.end)
    return aid, start, end
