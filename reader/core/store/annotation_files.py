"""Reading annotation files: Lede's own export, other tools' Web Annotations, Hypothesis results.

Why one reader for three shapes: the user has one command (``lede import FILE``) and
should not have to say where a file came from. The shapes tell themselves apart:

- Lede's own JSON export: W3C Web Annotations whose target source is ``path#article-id``
  (and any W3C annotation written that way). Placed by the article, offsets and quote,
  exactly as before (see :mod:`reader.core.store.reanchor`).
- Other tools' W3C Web Annotations (a single annotation, a list, an AnnotationPage with
  ``items``, or an AnnotationCollection whose ``first`` page is in the file) whose
  target source is anything else: a web page's URL, a URN, a path naming no article.
  Only the TextQuoteSelector counts: positions in a web page mean nothing in a dump.
- Hypothesis API search results, ``{"rows": [...], "total": N}``: each row's ``target``
  list, ``text`` (the note), ``tags``, ``uri`` and ``document.title``.

Lede's export also holds the reader's article cuts (``"lede:cut"``, see
:mod:`reader.core.store.export`) and the doubtful breaks they checked (``"lede:settled"``):
``kind == "cut"`` / ``"settled"``, recorded by the Library, not anchored here.

Annotations of a page rather than a passage carry ``article_id == ""`` and the page's
URL and title, so that the import can find their article (``quote_search``). A malformed
file is refused whole: the error names the item and what is wrong with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from reader.core.errors import StorageError
from reader.core.store.export import CUT_WORDS, HIGHLIGHT_URN
from reader.core.types import ImportedAnnotation

_SHAPES = (
    "The annotation file must hold a JSON list of annotations, an AnnotationPage or "
    'AnnotationCollection, or Hypothesis search results ({"rows": [...]}).'
)


class _Bad(Exception):
    """A malformed item; turned into StorageError naming the item's index."""


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _str(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise _Bad(f"{what} is not text")
    return value


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(f"{what} is not a whole number")
    return value


def _bodies(item: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The note (commenting bodies, and ``bodyValue``) and the tags (tagging bodies)."""
    notes: list[str] = []
    tags: list[str] = []
    if "bodyValue" in item:
        notes.append(_str(item["bodyValue"], '"bodyValue"'))
    for body in _as_list(item.get("body")):
        if isinstance(body, str):
            notes.append(body)
            continue
        if not isinstance(body, dict):
            raise _Bad("a body is neither an object nor text")
        value = _str(body.get("value", ""), "a body value")
        if body.get("purpose") == "tagging":
            tags.append(value)
        else:
            notes.append(value)
    return "\n\n".join(notes), tuple(tags)


def names_a_page(source: str) -> bool:
    """Whether a target source is a URL or URN (another tool's page), not a file path.

    A one-letter scheme is a Windows drive (``C:\\news.txt#id``), which Lede wrote itself.
    """
    return len(urlsplit(source).scheme) > 1


def _selectors(target: Mapping[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The TextQuoteSelector and TextPositionSelector of a target, if any (others ignored)."""
    quote: dict[str, Any] | None = None
    position: dict[str, Any] | None = None
    for sel in _as_list(target.get("selector")):
        if isinstance(sel, dict) and sel.get("type") == "TextQuoteSelector":
            quote = sel
        elif isinstance(sel, dict) and sel.get("type") == "TextPositionSelector":
            position = sel
    return quote, position


def _quote(quote: Mapping[str, Any]) -> tuple[str, str, str]:
    exact = _str(quote.get("exact"), "the quote")
    if not exact.strip():
        raise _Bad("its quote is empty")
    prefix = _str(quote.get("prefix", "") or "", "the prefix")
    return exact, prefix, _str(quote.get("suffix", "") or "", "the suffix")


def _target(item: Mapping[str, Any]) -> dict[str, Any]:
    target = item.get("target")
    if isinstance(target, list):
        target = target[0] if target else None
    if isinstance(target, str):
        target = {"source": target}
    if isinstance(target, dict) and isinstance(target.get("source"), list):  # Hypothesis' own POST shape
        target = {**target, "source": target["source"][0] if target["source"] else None}
    if not isinstance(target, dict) or not isinstance(target.get("source"), str):
        raise _Bad("it has no target source")
    return target


def _parse_w3c(item: Any) -> ImportedAnnotation:
    if not isinstance(item, dict):
        raise _Bad("it is not an object")
    if "Annotation" not in _as_list(item.get("type")):
        raise _Bad('its "type" is not "Annotation"')
    target = _target(item)
    if "lede:cut" in item or "lede:settled" in item:
        return _parse_cut(item, target)
    note, tags = _bodies(item)
    created = _str(item.get("created", ""), '"created"')
    modified = _str(item.get("modified", created), '"modified"')
    source, _, article_id = target["source"].partition("#")
    if names_a_page(target["source"]) or not article_id:
        return _page_annotation(target, target["source"], "", note, tags, created, modified)
    quote, position = _selectors(target)
    if quote is None:
        if position is not None:
            raise _Bad("it has a position but no TextQuoteSelector")
        return ImportedAnnotation(
            kind="note", article_id=article_id, note=note, created=created, updated=modified, source=source
        )
    exact, prefix, suffix = _quote(quote)
    start = _int(position.get("start"), "the start") if position else 0
    end = _int(position.get("end"), "the end") if position else start + len(exact)
    match = re.fullmatch(re.escape(HIGHLIGHT_URN) + r"(\d+)", str(item.get("id", "")))
    return ImportedAnnotation(
        kind="highlight",
        article_id=article_id,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        start=start,
        end=end,
        color=_int(item.get("lede:color", 1), '"lede:color"'),
        note=note,
        tags=tags,
        created=created,
        updated=modified,
        orphan=item.get("orphan") is True,
        original_id=int(match.group(1)) if match else None,
        source=source,
    )


def _parse_cut(item: Mapping[str, Any], target: Mapping[str, Any]) -> ImportedAnnotation:
    """One of the reader's article cuts or checked doubtful breaks, as Lede exports them (see
    ``export.to_web_annotations``): a paragraph of the source, by its line and its text."""
    kind = "settled"
    if "lede:cut" in item:
        kind = _str(item["lede:cut"], '"lede:cut"')
        if kind not in CUT_WORDS:
            raise _Bad(f'its "lede:cut" is {kind!r}, not one of {", ".join(map(repr, CUT_WORDS))}')
    line = _int(target.get("lede:line"), 'the target\'s "lede:line"')
    if line < 1:
        raise _Bad(f'its "lede:line" is {line}: source lines count from 1')
    quote, _position = _selectors(target)
    if quote is None:
        raise _Bad("it names no paragraph (no TextQuoteSelector)")
    exact, _prefix, _suffix = _quote(quote)
    source = target["source"].partition("#")[0]
    if kind == "settled":
        return ImportedAnnotation(kind="settled", article_id="", exact=exact, source=source, line=line)
    return ImportedAnnotation(kind="cut", article_id="", exact=exact, source=source, line=line, cut=kind)


def _page_annotation(
    target: Mapping[str, Any],
    uri: str,
    title: str,
    note: str,
    tags: tuple[str, ...],
    created: str,
    modified: str,
) -> ImportedAnnotation:
    """Another tool's annotation of a page: a quote to place across the library, or a page note.

    Positions are ignored (they count characters of a web page, not of the dump).
    """
    quote, _position = _selectors(target)
    page = ImportedAnnotation(
        kind="note",
        article_id="",
        note=note,
        tags=tags,
        created=created,
        updated=modified,
        source=uri,
        uri=uri,
        title=title,
    )
    if quote is None:
        return page
    exact, prefix, suffix = _quote(quote)
    return replace(page, kind="highlight", exact=exact, prefix=prefix, suffix=suffix, end=len(exact))


def _title(document: Any) -> str:
    """Hypothesis gives ``document.title`` as a list of strings (sometimes one string)."""
    if document is None:
        return ""
    if not isinstance(document, dict):
        raise _Bad('its "document" is not an object')
    titles = _as_list(document.get("title"))
    return _str(titles[0], "the document title") if titles else ""


def _parse_hypothesis(row: Any) -> ImportedAnnotation:
    if not isinstance(row, dict):
        raise _Bad("it is not an object")
    if _as_list(row.get("references")):
        # A reply in a discussion: a note on another annotation, which Lede has no place for.
        return ImportedAnnotation(kind="reply", article_id="", note=_str(row.get("text", ""), '"text"'))
    target = _target(row)
    uri = _str(row.get("uri", target["source"]), '"uri"')
    tags = tuple(_str(t, "a tag") for t in _as_list(row.get("tags")))
    created = _str(row.get("created", ""), '"created"')
    modified = _str(row.get("updated", created), '"updated"')
    note = _str(row.get("text", "") or "", '"text"')
    return _page_annotation(target, uri, _title(row.get("document")), note, tags, created, modified)


def _w3c_items(data: Any) -> list[Any]:
    """The annotations of a list, a single annotation, an AnnotationPage or an embedded collection."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise StorageError(_SHAPES)
    kinds = _as_list(data.get("type"))
    if "Annotation" in kinds:
        return [data]
    if "AnnotationCollection" in kinds and "items" not in data:
        items: list[Any] = []
        page = data.get("first")
        while page is not None:
            if not isinstance(page, dict) or not isinstance(page.get("items"), list):
                raise StorageError(
                    'The annotation collection\'s pages are not in the file (its "first" page is a '
                    'link, not a page with "items"): save the pages themselves and import those.'
                )
            items += page["items"]
            page = page.get("next") if isinstance(page.get("next"), dict) else None
        return items
    if isinstance(data.get("items"), list):
        return list(data["items"])  # an AnnotationPage
    raise StorageError(_SHAPES)


def from_web_annotations(data: Any) -> list[ImportedAnnotation]:
    """The annotations of a parsed JSON file in any of the shapes this module reads.

    Raises StorageError naming the first bad item's index, so the user can find it in
    the file; nothing is imported from a file with a bad item.
    """
    if isinstance(data, dict) and "rows" in data:
        rows = data["rows"]
        if not isinstance(rows, list):
            raise StorageError('The Hypothesis search results\' "rows" is not a list of annotations.')
        return _each(rows, _parse_hypothesis, "Hypothesis row")
    return _each(_w3c_items(data), _parse_w3c, "Annotation")


def _each(
    items: list[Any], parse: Callable[[Any], ImportedAnnotation], what: str
) -> list[ImportedAnnotation]:
    result: list[ImportedAnnotation] = []
    for index, item in enumerate(items):
        try:
            result.append(parse(item))
        except _Bad as exc:
            raise StorageError(f"{what} {index} in the file cannot be read: {exc}.") from None
    return result
