"""Getting annotations out: Markdown, W3C Web Annotation JSON, CSV.

Why three formats: Markdown is what people read and paste into Obsidian (each
quote links back to its passage with a ``lede://`` link); the W3C Web Annotation
data model is the lossless interchange format (other tools understand
TextQuote/TextPosition selectors, and it is what ``lede import`` reads back, see
:mod:`reader.core.store.annotation_files`); CSV is for spreadsheets. All functions
are pure: they take value objects and return text or dicts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Any

from reader.core.links import passage_link
from reader.core.types import Highlight, Mention, Note

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
HIGHLIGHT_URN = "urn:lede:highlight:"
NOTE_URN = "urn:lede:note:"
CUT_URN = "urn:lede:cut:"
SETTLED_URN = "urn:lede:settled:"
SETTLED_WORDS = "Lede cut right at this paragraph: a doubtful break the reader checked."
# What a cut says, in words for other tools (Lede reads "lede:cut").
CUT_WORDS = {
    "start": "A new article starts at this paragraph.",
    "join": "This paragraph goes on from the article before it.",
}
CSV_FIELDS = (
    "kind",
    "article_id",
    "title",
    "start",
    "end",
    "color",
    "quote",
    "note",
    "tags",
    "created",
    "updated",
    "orphan",
)


# Notes are written in Markdown (the editor says so and the Markdown export keeps them as
# is), so the Web Annotation body names that media type rather than plain text.
NOTE_FORMAT = "text/markdown"


def _article_order(
    highlights: Sequence[Highlight], notes: Sequence[Note], titles: Mapping[str, str]
) -> list[str]:
    """Articles in the order of ``titles`` (the caller passes them in reading order), then the rest."""
    used = {h.article_id for h in highlights} | {n.article_id for n in notes}
    ordered = [aid for aid in titles if aid in used]
    return ordered + sorted(used - set(ordered))


def _blockquote(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.splitlines() or [""])


def to_markdown(
    highlights: Sequence[Highlight],
    notes: Sequence[Note],
    titles: Mapping[str, str],
    source_path: str,
    *,
    link_source: str | None = None,
) -> str:
    """One ``## Title`` section per article: its note, then each quote as a blockquote.

    Each quote is followed by a ``lede://open`` link to its passage in ``link_source``
    (the source's absolute path; ``source_path`` when not given), which the desktop
    hands back to Lede; then the highlight's note as a plain paragraph, its tags as
    ``#tag`` (Obsidian picks them up). An orphan gets no link and is marked so the
    reader knows the passage is no longer in the text.
    """
    head = _head(PurePath(source_path).name or source_path, source_path)
    return _with_sections(head, highlights, notes, titles, link_source or source_path)


def _head(subject: str, source_path: str) -> list[str]:
    """The title and source lines both Markdown exports open with."""
    return [f"# Notes on {subject}", "", f"Source: `{source_path}`", ""]


def _with_sections(
    head: list[str],
    highlights: Sequence[Highlight],
    notes: Sequence[Note],
    titles: Mapping[str, str],
    link_source: str,
) -> str:
    """``head`` then one ``## Title`` section per article: its note, then its quotes (orphans last)."""
    out = list(head)
    by_article: dict[str, list[Highlight]] = {}
    for h in highlights:
        by_article.setdefault(h.article_id, []).append(h)
    note_of = {n.article_id: n for n in notes}
    for aid in _article_order(highlights, notes, titles):
        out += [f"## {titles.get(aid) or aid}", ""]
        if aid in note_of:
            out += [note_of[aid].text.strip(), ""]
        for h in sorted(by_article.get(aid, []), key=lambda h: (h.orphan, h.start, h.id)):
            out += _highlight_lines(h, link_source)
    return "\n".join(out).rstrip("\n") + "\n"


def _overlaps(h: Highlight, spans: Sequence[tuple[int, int]]) -> bool:
    return any(h.start < end and start < h.end for start, end in spans)


def to_entity_notebook(
    entity: str,
    highlights: Sequence[Highlight],
    notes: Sequence[Note],
    titles: Mapping[str, str],
    mentions_by_article: Mapping[str, Sequence[Mention]],
    source_path: str,
    *,
    link_source: str | None = None,
) -> str:
    """Everything the user wrote about one entity, as Markdown grouped by article.

    An article belongs when it mentions ``entity`` (a canonical name, compared
    exactly); from it come the article note and every highlight whose span
    overlaps one of the entity's mentions. Orphans are left out: their offsets
    belong to a text that no longer exists, so overlap means nothing. Pass
    mentions with the user's corrections applied (see
    :func:`reader.core.store.corrections.apply_corrections`) so that a renamed
    or merged entity gathers all its passages. Articles follow ``titles``
    order, as in :func:`to_markdown`, and each one is formatted the same way.
    """
    spans = {
        aid: [(m.start, m.end) for m in mentions if m.entity == entity]
        for aid, mentions in mentions_by_article.items()
    }
    spans = {aid: found for aid, found in spans.items() if found}
    chosen = [h for h in highlights if not h.orphan and _overlaps(h, spans.get(h.article_id, ()))]
    chosen_notes = [n for n in notes if n.article_id in spans and n.text.strip()]
    out = _head(entity, source_path)
    if not chosen and not chosen_notes:
        out += [f"*Nothing highlighted or noted yet in the {len(spans)} article(s) mentioning {entity}.*"]
        return "\n".join(out) + "\n"
    # No orphans here, so the same order and links as in to_markdown.
    return _with_sections(out, chosen, chosen_notes, titles, link_source or source_path)


def _highlight_lines(h: Highlight, link_source: str) -> list[str]:
    """A quote as a blockquote, then its link (or the orphan mark), its note and its ``#tags``,
    each a paragraph."""
    out = [_blockquote(h.exact), ""]
    if h.orphan:
        out += ["*(this passage is no longer in the article)*", ""]
    else:
        out += [f"[Open in Lede]({passage_link(link_source, h.article_id, h.exact)})", ""]
    if h.note.strip():
        out += [h.note.strip(), ""]
    if h.tags:
        out += [" ".join(f"#{t}" for t in h.tags), ""]
    return out


def to_csv(highlights: Sequence[Highlight], notes: Sequence[Note], titles: Mapping[str, str]) -> str:
    """One row per highlight, then one per article note; header :data:`CSV_FIELDS`."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for h in highlights:
        w.writerow(
            [
                "highlight",
                h.article_id,
                titles.get(h.article_id, ""),
                h.start,
                h.end,
                h.color,
                h.exact,
                h.note,
                " ".join(h.tags),
                h.created,
                h.updated,
                "yes" if h.orphan else "",
            ]
        )
    for n in notes:
        w.writerow(
            [
                "note",
                n.article_id,
                titles.get(n.article_id, ""),
                "",
                "",
                "",
                "",
                n.text,
                "",
                "",
                n.updated,
                "",
            ]
        )
    return buf.getvalue()


def _target_source(source_path: str, article_id: str) -> str:
    return f"{source_path}#{article_id}"


def to_web_annotations(
    highlights: Sequence[Highlight],
    notes: Sequence[Note],
    source_path: str,
    source_sha256: str,
    cuts: Sequence[tuple[int, str, str]] = (),
    settled: Sequence[tuple[int, str]] = (),
) -> list[dict[str, Any]]:
    """W3C Web Annotations: highlights with quote + position selectors, article notes, then cuts.

    The article is the fragment of the target source (``path#article-id``).
    Lede-specific data uses ``lede:`` keys (``lede:color``, ``lede:sha256``)
    and ``orphan``; other consumers ignore them.

    ``cuts`` are the reader's article cuts as ``(line, kind, paragraph text)``: where they said
    an article starts or goes on. They are the user's work as much as a note (they decide which
    article a note is in), so they travel with the notes: an ``editing`` annotation of the
    source (no article: a cut changes which articles there are) that quotes the paragraph and
    gives its line (``lede:line``) and kind (``lede:cut``). ``settled`` are the doubtful breaks
    the reader checked, ``(line, paragraph text)``: an ``assessing`` annotation with
    ``lede:settled``, so a review is not asked for twice.
    """
    out: list[dict[str, Any]] = []
    for h in highlights:
        body: list[dict[str, Any]] = []
        if h.note:
            body.append(
                {"type": "TextualBody", "purpose": "commenting", "value": h.note, "format": NOTE_FORMAT}
            )
        body += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in h.tags]
        item: dict[str, Any] = {
            "@context": W3C_CONTEXT,
            "type": "Annotation",
            "id": f"{HIGHLIGHT_URN}{h.id}",
            "motivation": "highlighting",
            "created": h.created,
            "modified": h.updated,
        }
        if body:
            item["body"] = body
        item["target"] = {
            "source": _target_source(source_path, h.article_id),
            "lede:sha256": source_sha256,
            "selector": [
                {"type": "TextQuoteSelector", "exact": h.exact, "prefix": h.prefix, "suffix": h.suffix},
                {"type": "TextPositionSelector", "start": h.start, "end": h.end},
            ],
        }
        item["lede:color"] = h.color
        if h.orphan:
            item["orphan"] = True
        out.append(item)
    for n in notes:
        out.append(
            {
                "@context": W3C_CONTEXT,
                "type": "Annotation",
                "id": f"{NOTE_URN}{n.article_id}",
                "motivation": "commenting",
                "modified": n.updated,
                "body": [
                    {"type": "TextualBody", "purpose": "commenting", "value": n.text, "format": NOTE_FORMAT}
                ],
                "target": {"source": _target_source(source_path, n.article_id), "lede:sha256": source_sha256},
            }
        )
    for line, kind, paragraph in cuts:
        out.append(
            {
                "@context": W3C_CONTEXT,
                "type": "Annotation",
                "id": f"{CUT_URN}{line}",
                "motivation": "editing",
                "body": [{"type": "TextualBody", "purpose": "editing", "value": CUT_WORDS[kind]}],
                "lede:cut": kind,
                "target": _at_paragraph(source_path, source_sha256, line, paragraph),
            }
        )
    for line, paragraph in settled:
        out.append(
            {
                "@context": W3C_CONTEXT,
                "type": "Annotation",
                "id": f"{SETTLED_URN}{line}",
                "motivation": "assessing",
                "body": [{"type": "TextualBody", "purpose": "assessing", "value": SETTLED_WORDS}],
                "lede:settled": True,
                "target": _at_paragraph(source_path, source_sha256, line, paragraph),
            }
        )
    return out


def _at_paragraph(source_path: str, source_sha256: str, line: int, paragraph: str) -> dict[str, Any]:
    """A target naming one paragraph of the source: its line and its text."""
    return {
        "source": source_path,
        "lede:sha256": source_sha256,
        "lede:line": line,
        "selector": [{"type": "TextQuoteSelector", "exact": paragraph}],
    }
