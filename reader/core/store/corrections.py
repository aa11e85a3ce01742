"""The user's fixes to the entity sidebar, applied on top of what analysis found.

Why here and not in ``analyse``: analysis output lives in the rebuildable
catalog, so a fix written there would vanish at the next rebuild. The fixes
are stored with the annotations (precious, keyed by source) and replayed, in
the order they were made, over each article's entities and mentions whenever
the library reads them. The replay (:func:`apply_corrections`) is pure: value
objects in, new value objects out. The three SQL steps at the end
(:func:`insert`, :func:`live`, :func:`remove`) are what
:class:`~reader.core.store.annotations.AnnotationStore` runs inside its
transactions, kept here so that one module knows everything about corrections.

Corrections name entities by their canonical name (what the sidebar shows),
never by an alias, and a correction whose name does not occur in an article
leaves that article alone — one list of corrections serves the whole source.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Sequence

from reader.core.store import db
from reader.core.types import Entity, EntityCorrection, Mention

#: ``rename``: ``name`` is called ``target`` (the old name stays as an alias);
#: ``merge``: ``name`` is the same entity as ``target``; ``split``: undo earlier merges of ``name``;
#: ``retype``: ``name`` has type ``type``; ``hide``: ``name`` is not an entity at all.
KINDS = ("rename", "merge", "split", "retype", "hide")


def check_correction(kind: str, name: str, target: str = "", type: str = "") -> tuple[str, str, str]:
    """Validate a correction before it is stored; returns ``(name, target, type)`` stripped.

    Only the fields a kind uses are kept (a ``hide`` with a target would
    otherwise carry a value nothing reads). Raises ValueError with a message
    the sidebar can show.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown correction kind {kind!r} (use {', '.join(KINDS)})")
    name, target, type = name.strip(), target.strip(), type.strip()
    if not name:
        raise ValueError("a correction needs the name of the entity it corrects")
    if kind in ("rename", "merge"):
        if not target:
            raise ValueError(f"a {kind} needs a target name")
        if target == name:
            raise ValueError(f"cannot {kind} {name!r} into itself")
        return name, target, ""
    if kind == "retype":
        if not type:
            raise ValueError("a retype needs the new type")
        return name, "", type
    return name, "", ""


def effective(corrections: Sequence[EntityCorrection]) -> list[EntityCorrection]:
    """Drop every merge that a later split of the same name undoes; splits themselves do nothing more."""
    last_split: dict[str, int] = {}
    for i, c in enumerate(corrections):
        if c.kind == "split":
            last_split[c.name] = i
    return [
        c
        for i, c in enumerate(corrections)
        if c.kind != "split" and not (c.kind == "merge" and last_split.get(c.name, -1) > i)
    ]


def _add_aliases(existing: tuple[str, ...], new: Sequence[str], canonical: str) -> tuple[str, ...]:
    """``existing`` then each new alias not yet present, never the canonical name itself."""
    out = [a for a in existing if a != canonical]
    for a in new:
        if a and a != canonical and a not in out:
            out.append(a)
    return tuple(out)


def _fold(entities: list[Entity], mentions: list[Mention], name: str, target: str) -> None:
    """Move ``name`` into ``target`` in place: counts add up, aliases join, mentions follow.

    The target keeps its own type and role (taking the folded entity's role
    when it has none); when there is no target in this article it is created
    at the folded entity's place with the folded entity's type.
    """
    sources = [e for e in entities if e.name == name]
    if not sources:
        return
    index = next(i for i, e in enumerate(entities) if e.name == name)
    into = next((e for e in entities if e.name == target), None)
    if into is None:
        into = Entity(name=target, type=sources[0].type)
    for src in sources:
        into = dataclasses.replace(
            into,
            aliases=_add_aliases(into.aliases, (src.name, *src.aliases), target),
            count=into.count + src.count,
            role=into.role or src.role,
        )
    kept = [e for e in entities if e.name != name]
    at = next((i for i, e in enumerate(kept) if e.name == target), None)
    if at is None:
        kept.insert(min(index, len(kept)), into)
    else:
        kept[at] = into
    entities[:] = kept
    mentions[:] = [
        dataclasses.replace(m, entity=target, type=into.type) if m.entity == name else m for m in mentions
    ]


def apply_corrections(
    entities: Sequence[Entity], mentions: Sequence[Mention], corrections: Sequence[EntityCorrection]
) -> tuple[list[Entity], list[Mention]]:
    """One article's entities and mentions with the user's corrections replayed in order.

    - ``rename``: the entity takes the new name everywhere, the old name
      becomes an alias; renaming onto a name the article already has folds
      the two like a merge (two entities of one name would be a sidebar bug).
    - ``merge``: counts and aliases (and the merged name) fold into the
      target, created with the merged entity's type if the article lacks it;
      the merged entity's mentions point at the target and take its type.
    - ``split``: every *earlier* merge of that name is ignored, so the name is
      its own entity again; a later merge applies as usual.
    - ``retype``: the entity and its mentions take the new type.
    - ``hide``: the entity and its mentions are dropped.

    Input order is kept (a renamed or merged entity keeps its place).
    """
    ents = list(entities)
    ments = list(mentions)
    for c in effective(corrections):
        if c.kind not in KINDS:
            raise ValueError(f"unknown correction kind {c.kind!r}")
        if not any(e.name == c.name for e in ents):
            continue
        if c.kind == "hide":
            ents = [e for e in ents if e.name != c.name]
            ments = [m for m in ments if m.entity != c.name]
        elif c.kind == "retype":
            ents = [dataclasses.replace(e, type=c.type) if e.name == c.name else e for e in ents]
            ments = [dataclasses.replace(m, type=c.type) if m.entity == c.name else m for m in ments]
        elif c.kind == "merge" or (c.kind == "rename" and any(e.name == c.target for e in ents)):
            if c.target and c.target != c.name:
                _fold(ents, ments, c.name, c.target)
        elif c.kind == "rename" and c.target and c.target != c.name:
            ents = [
                dataclasses.replace(e, name=c.target, aliases=_add_aliases(e.aliases, (c.name,), c.target))
                if e.name == c.name
                else e
                for e in ents
            ]
            ments = [dataclasses.replace(m, entity=c.target) if m.entity == c.name else m for m in ments]
    return ents, ments


def insert(
    c: sqlite3.Connection, source: str, kind: str, name: str, target: str, type: str
) -> EntityCorrection:
    """Store a correction already checked by :func:`check_correction`; it replays after all earlier ones."""
    now = db.utc_now()
    cur = c.execute(
        """INSERT INTO entity_correction(source, kind, name, target, type, created)
           VALUES (?, ?, ?, ?, ?, ?)""",
        (source, kind, name, target, type, now),
    )
    return EntityCorrection(int(cur.lastrowid or 0), kind, name, target, type, now)


def live(c: sqlite3.Connection, source: str) -> list[EntityCorrection]:
    """The live corrections of a source in the order they were made (the order to replay them)."""
    return [
        EntityCorrection(*r)
        for r in c.execute(
            """SELECT id, kind, name, target, type, created FROM entity_correction
               WHERE source = ? AND deleted IS NULL ORDER BY id""",
            (source,),
        )
    ]


def remove(c: sqlite3.Connection, correction_id: int) -> None:
    """Soft delete: the correction stops applying; the row stays, like a removed highlight."""
    db.update_live(c, "entity_correction", correction_id, "deleted = ?", (db.utc_now(),), "Correction")
