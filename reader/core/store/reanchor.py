"""Placing stored highlights in changed texts: re-anchoring after a rebuild, and importing from a file.

Why a module of its own: :mod:`reader.core.store.anchoring` finds one quote
in texts (pure matching); this is the store-side job that runs it over every
highlight of a source, decides what moved, what became an orphan and what an
import duplicates, and writes the result. Each job is split in two: a *plan*
that searches the texts without holding the database (it can take a while),
and an *apply* the store runs in one short write transaction.
"""

from __future__ import annotations

import sqlite3
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reader.core.store import article_notes
from reader.core.store.anchoring import Corpus, Placement, find_exact, find_fuzzy, quote_selector
from reader.core.store.highlights import normalise_tags
from reader.core.store.quote_search import QuoteFinder
from reader.core.types import Highlight, ImportedAnnotation, ImportReport, ReanchorReport

#: ``(article_id, start, end, exact, prefix, suffix, orphan, id)``: one ``UPDATE highlight`` row.
AnchorRow = tuple[str, int, int, str, str, str, int, int]
#: An imported highlight with where it landed: ``(item, article_id, start, end, exact, prefix, suffix,
#: orphan)``.
PlacedImport = tuple[ImportedAnnotation, str, int, int, str, str, str, bool]


class Placer:
    """The re-anchoring ladder, shared by re-anchoring and imports.

    It remembers every span it handed out, so that two highlights looking for
    the same quote elsewhere do not both land on one occurrence.
    """

    def __init__(self, articles: Mapping[str, str]) -> None:
        self._articles = articles
        self._corpus: Corpus | None = None
        self._taken: set[tuple[str, int, int]] = set()

    @property
    def corpus(self) -> Corpus:
        if self._corpus is None:  # built on first need: most rebuilds place everything at home
            self._corpus = Corpus(self._articles)
        return self._corpus

    def place(
        self, article_id: str, start: int, end: int, exact: str, prefix: str, suffix: str
    ) -> tuple[str, str, Placement | None]:
        """``(kind, article_id, placement)``; kind is exact, moved, fuzzy or orphaned."""
        home = self.place_at_home(article_id, start, end, exact, prefix, suffix)
        if home is not None:
            return "exact", article_id, home
        if not exact:
            return "orphaned", article_id, None
        moved = self.corpus.find_exact(exact, prefix, suffix, exclude=article_id, taken=self._is_taken)
        if moved is not None:
            return "moved", *self._take(moved[0], moved[1])
        own = self._articles.get(article_id)
        if own is not None:
            placed = find_fuzzy(own, exact, prefix, suffix, hint=start)
            if placed is not None:
                return "fuzzy", *self._take(article_id, placed)
        elsewhere = self.corpus.find_fuzzy(exact, prefix, suffix, exclude=article_id, taken=self._is_taken)
        if elsewhere is not None:
            return "fuzzy", *self._take(elsewhere[0], elsewhere[1])
        return "orphaned", article_id, None

    def place_at_home(
        self, article_id: str, start: int, end: int, exact: str, prefix: str, suffix: str
    ) -> Placement | None:
        """Steps 1–2: the stored offsets, else the quote verbatim elsewhere in its own article."""
        own = self._articles.get(article_id)
        if own is None or not exact:
            return None
        if own[start:end] == exact:
            return self._take(article_id, Placement(start, end, 1.0, 1.0))[1]
        placed = find_exact(own, exact, prefix, suffix, hint=start)
        return None if placed is None else self._take(article_id, placed)[1]

    def _take(self, article_id: str, placed: Placement) -> tuple[str, Placement]:
        self._taken.add((article_id, placed.start, placed.end))
        return article_id, placed

    def _is_taken(self, article_id: str, start: int, end: int) -> bool:
        return (article_id, start, end) in self._taken


def plan_reanchor(
    current: Sequence[Highlight], articles: Mapping[str, str]
) -> tuple[list[AnchorRow], ReanchorReport]:
    """The anchor updates that place ``current`` in ``articles``, and the report to give back.

    Order of trust: the stored offsets; the quote verbatim in its own
    article; the quote verbatim in another article (the article moved or its
    id changed); the quote approximately, with its context. What none of
    these places becomes an orphan with its last known anchor, and a later
    call may place it again. Only rows that differ from what is stored are
    returned; ``changed`` names those whose visible anchor moved.
    """
    placer = Placer(articles)
    counts = {"exact": 0, "moved": 0, "fuzzy": 0, "orphaned": 0}
    updates: list[AnchorRow] = []
    changed: set[int] = set()
    # Highlights still in their own article go first, so that one whose article vanished
    # cannot take a span that another highlight still holds.
    settled = {
        h.id: placer.place_at_home(h.article_id, h.start, h.end, h.exact, h.prefix, h.suffix) for h in current
    }
    for h in current:
        home = settled[h.id]
        placed: Placement | None
        if home is not None:
            kind, aid, placed = "exact", h.article_id, home
        else:
            kind, aid, placed = placer.place(h.article_id, h.start, h.end, h.exact, h.prefix, h.suffix)
        counts[kind] += 1
        if placed is None:
            if not h.orphan:
                updates.append((h.article_id, h.start, h.end, h.exact, h.prefix, h.suffix, 1, h.id))
                changed.add(h.id)
            continue
        exact, prefix, suffix = quote_selector(articles[aid], placed.start, placed.end)
        row = (aid, placed.start, placed.end, exact, prefix, suffix, 0, h.id)
        if row != (h.article_id, h.start, h.end, h.exact, h.prefix, h.suffix, int(h.orphan), h.id):
            updates.append(row)
            if (aid, placed.start, placed.end, exact, False) != (
                h.article_id,
                h.start,
                h.end,
                h.exact,
                h.orphan,
            ):
                changed.add(h.id)
    return updates, ReanchorReport(changed=frozenset(changed), **counts)


def apply_reanchor(c: sqlite3.Connection, updates: Sequence[AnchorRow]) -> None:
    """Write planned anchors; a highlight deleted meanwhile stays deleted."""
    c.executemany(
        """UPDATE highlight SET article_id = ?, start = ?, "end" = ?, exact = ?, prefix = ?,
           suffix = ?, orphan = ? WHERE id = ? AND deleted IS NULL""",
        updates,
    )


@dataclass(frozen=True)
class ImportPlan:
    """Where an import's annotations go: highlights with their anchors, article notes with
    their article, and why each page note that found no article was left out."""

    highlights: list[PlacedImport] = field(default_factory=list)
    notes: list[tuple[ImportedAnnotation, str]] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)


def plan_import(
    items: Sequence[ImportedAnnotation],
    articles: Mapping[str, str],
    pages: Mapping[str, tuple[str, str]] | None = None,
) -> ImportPlan:
    """Where each imported annotation lands in the current texts.

    Lede's own (``article_id`` set) go through the re-anchoring ladder and keep their
    own anchor when nowhere. Another tool's (``article_id == ""``) are placed by their
    quote across every article (:class:`QuoteFinder`, with ``pages`` giving each
    article's title and URL), and an orphan among them is filed under its page's URL.
    """
    placer = Placer(articles)
    finder: QuoteFinder | None = None
    plan = ImportPlan()
    for item in items:
        if item.kind == "reply":
            said = textwrap.shorten(item.note, 40, placeholder="…")
            plan.unplaced.append(f"a reply to another annotation (Lede keeps no discussions): “{said}”")
            continue
        if item.article_id:
            if item.kind == "note":
                plan.notes.append((item, item.article_id))
                continue
            _kind, aid, placed = placer.place(
                item.article_id, item.start, item.end, item.exact, item.prefix, item.suffix
            )
        else:
            if finder is None:
                finder = QuoteFinder(articles, pages or {})
            if item.kind == "note":
                if item.note.strip():
                    found, why = finder.identify(item.title, item.uri)
                    if found is None:
                        plan.unplaced.append(f"a page note on {item.uri or 'a page'}: {why}")
                    else:
                        plan.notes.append((item, found))
                continue
            where = finder.place(item.exact, item.prefix, item.suffix, item.title, item.uri)
            aid, placed = (item.uri or item.source, None) if where is None else where
        if placed is None:
            anchor = (aid, item.start, item.end, item.exact, item.prefix, item.suffix)
            plan.highlights.append((item, *anchor, True))
        else:
            exact, prefix, suffix = quote_selector(articles[aid], placed.start, placed.end)
            plan.highlights.append((item, aid, placed.start, placed.end, exact, prefix, suffix, False))
    return plan


def _insert_highlight(c: sqlite3.Connection, source: str, placed: PlacedImport, now: str) -> None:
    """Insert one imported highlight with its tags, keeping its original id when that id is free."""
    item, orphan = placed[0], placed[7]
    hid = item.original_id
    if hid is not None and c.execute("SELECT 1 FROM highlight WHERE id = ?", (hid,)).fetchone():
        hid = None
    color = item.color if 1 <= item.color <= 5 else 1
    created = item.created or now
    # placed[1:7] is the anchor: article_id, start, end, exact, prefix, suffix.
    values = (hid, source, *placed[1:7], color, item.note, created, item.updated or created, int(orphan))
    cur = c.execute(
        """INSERT INTO highlight(id, source, article_id, start, "end", exact, prefix, suffix,
           color, note, created, updated, orphan)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        values,
    )
    c.executemany(
        "INSERT OR IGNORE INTO highlight_tag(highlight_id, tag) VALUES (?, ?)",
        [(cur.lastrowid, t) for t in normalise_tags(item.tags)],
    )


def _has_highlight(
    c: sqlite3.Connection,
    source: str,
    article_id: str,
    quote: tuple[str, str, str],
    note: str,
    tags: Sequence[str],
) -> bool:
    """Whether a live highlight with this exact quote selector, note and tag set is already stored."""
    wanted = sorted(t.casefold() for t in tags)
    for (hid,) in c.execute(
        """SELECT id FROM highlight WHERE source = ? AND article_id = ? AND exact = ? AND prefix = ?
           AND suffix = ? AND note = ? AND deleted IS NULL""",
        (source, article_id, *quote, note),
    ).fetchall():
        have = sorted(
            r[0].casefold() for r in c.execute("SELECT tag FROM highlight_tag WHERE highlight_id = ?", (hid,))
        )
        if have == wanted:
            return True
    return False


def _has_block(existing: str, note: str) -> bool:
    """``note`` is the whole of ``existing`` or one of its blank-line-separated blocks, exactly."""
    sep = "\n\n"
    return (
        existing == note
        or existing.startswith(note + sep)
        or existing.endswith(sep + note)
        or f"{sep}{note}{sep}" in existing
    )


def apply_import(c: sqlite3.Connection, source: str, plan: ImportPlan, now: str) -> ImportReport:
    """Write planned highlights, then article notes, skipping what is already there.

    Original ids (when free) and timestamps are kept, so export → import →
    export is lossless.

    Duplicates are recognised by identity, never by likeness: a highlight is
    skipped only when a live one in the same article has the same quote
    selector (exact, prefix, suffix), the same note and the same tags; an
    article note only when it equals the existing note or one whole block of
    it (imports append blocks separated by a blank line). "note C1" is not a
    duplicate of "note C10", and a highlight with a new note is kept.
    """
    placed = skipped = orphaned = notes = 0
    for row in plan.highlights:
        item, aid, _start, _end, exact, prefix, suffix, orphan = row
        if _has_highlight(c, source, aid, (exact, prefix, suffix), item.note, normalise_tags(item.tags)):
            skipped += 1
            continue
        _insert_highlight(c, source, row, now)
        if orphan:
            orphaned += 1
        else:
            placed += 1
    for item, article_id in plan.notes:
        if not item.note.strip():
            continue
        existing = article_notes.text_of(c, source, article_id)
        if existing is not None and _has_block(existing, item.note):
            skipped += 1
            continue
        text = item.note if existing is None else f"{existing}\n\n{item.note}"
        article_notes.upsert(c, source, article_id, text, item.updated or now)
        notes += 1
    return ImportReport(
        added=placed + notes,
        skipped=skipped,
        orphaned=orphaned,
        placed=placed,
        unplaced_notes=tuple(plan.unplaced),
    )
