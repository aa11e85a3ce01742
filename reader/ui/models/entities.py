"""The sidebar tree: the focused paragraph's entities, entities by type, quotes, figures.

Built afresh when the article or scope changes (one article's worth of rows, or the
library's precomputed entity counts); the "In this paragraph" group is swapped in
place as the reading focus moves so the rest of the tree keeps its selection.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from reader.core.types import Entity, Figure, Quote
from reader.ui import plain
from reader.ui.models.notes import quoted

NameRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2  # "entity" | "quote" | "figure" | "group"
SpanRole = Qt.ItemDataRole.UserRole + 3  # (start, end) in the article text
WholeRole = Qt.ItemDataRole.UserRole + 4  # a quote's or figure's text in full (the row is cut)

TYPE_LABELS = {
    "PERSON": "People",
    "ORG": "Organisations",
    "GPE": "Places",
    "LOC": "Places",
    "FAC": "Places",
    "NORP": "Groups",
    "EVENT": "Events",
    "WORK_OF_ART": "Works",
    "LAW": "Laws",
    "PRODUCT": "Products",
    "LANGUAGE": "Languages",
    "EMAIL": "Contacts",
    "URL": "Contacts",
    "PHONE": "Contacts",
    "HANDLE": "Contacts",
    "ACCOUNT": "Contacts",
}
# One entity's type as a reader says it (the dossier's "Person", its co-mention table), not
# spaCy's label: "GPE" and "NORP" mean nothing to someone reading the news.
TYPE_NAMES = {
    "PERSON": "Person",
    "ORG": "Organisation",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "NORP": "Group",
    "EVENT": "Event",
    "WORK_OF_ART": "Work",
    "LAW": "Law",
    "PRODUCT": "Product",
    "LANGUAGE": "Language",
    "EMAIL": "E-mail address",
    "URL": "Web address",
    "PHONE": "Phone number",
    "HANDLE": "Social handle",
    "ACCOUNT": "Account number",
}


def type_name(label: str) -> str:
    """``GPE`` → ``Place``; an unknown label is shown as it is."""
    return TYPE_NAMES.get(label, label)


GROUP_ORDER = [
    "People",
    "Organisations",
    "Places",
    "Groups",
    "Events",
    "Works",
    "Laws",
    "Products",
    "Languages",
    "Contacts",
]
FOCUS_GROUP = "In this paragraph"
# Rows built per entity group, most mentioned first. A 20,000-article library has
# ~140,000 entities: one item each cost 240 MB and seconds of UI time, and nobody
# scrolls past the first few hundred; type-to-filter reaches the rest.
MAX_GROUP_ROWS = 500


def group_of(entity_type: str) -> str:
    return TYPE_LABELS.get(entity_type, "Other")


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class EntityModel(QStandardItemModel):
    def _group(self, label: str) -> QStandardItem:
        head = QStandardItem(label)
        head.setEditable(False)
        head.setSelectable(False)
        head.setData("group", KindRole)
        font = head.font()
        font.setBold(True)
        head.setFont(font)
        return head

    def _entity_item(self, ent: Entity) -> QStandardItem:
        text = f"{ent.name}  ·  {ent.count}"
        if ent.role:
            text += f"   — {ent.role}"
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(ent.name, NameRole)
        item.setData("entity", KindRole)
        tip = [f"{ent.name} ({ent.type})"]
        others = [a for a in ent.aliases if a != ent.name]
        if others:
            tip.append("also: " + ", ".join(others))
        tip.append("Enter: show the articles that mention it · ] / [: next / previous mention")
        item.setToolTip(plain.tooltip("\n".join(tip)))
        return item

    def show_plan(self, plan: SidebarPlan) -> None:
        """Build the tree's items from a plan (on the UI thread: at most MAX_GROUP_ROWS per group)."""
        self.clear()
        root = self.invisibleRootItem()
        if plan.focus:
            head = self._group(FOCUS_GROUP)
            for ent in plan.focus:
                head.appendRow(self._entity_item(ent))
            root.appendRow(head)
        for label, members, total in plan.groups:
            head = self._group(f"{label}  ({total})")
            for ent in members:
                head.appendRow(self._entity_item(ent))
            if total > len(members):
                more = QStandardItem(f"… {total - len(members):,} more: type to filter")
                more.setEditable(False)
                more.setSelectable(False)
                more.setData("more", KindRole)
                head.appendRow(more)
            root.appendRow(head)

        if plan.quotes:
            head = self._group(f"Quotes  ({len(plan.quotes)})")
            for q in plan.quotes:
                item = QStandardItem(f"{q.speaker or 'unknown'}: {quoted(q.text, 70)}")
                item.setEditable(False)
                item.setData("quote", KindRole)
                item.setData((q.start, q.end), SpanRole)
                item.setData(q.speaker, NameRole)
                item.setData(f"{q.speaker or 'Speaker unknown'}: {quoted(q.text)}", WholeRole)
                item.setToolTip(
                    plain.tooltip(
                        f"{q.speaker or 'Speaker unknown'}:\n{quoted(q.text)}\nEnter: go to the passage"
                    )
                )
                head.appendRow(item)
            root.appendRow(head)

        if plan.figures:
            head = self._group(f"Figures  ({len(plan.figures)})")
            for f in plan.figures:
                context = _short(f.sentence, 60) if f.sentence else f.unit
                item = QStandardItem(f"{f.text}  —  {context}")
                item.setEditable(False)
                item.setData("figure", KindRole)
                item.setData((f.start, f.end), SpanRole)
                whole = " ".join(f.sentence.split()) if f.sentence else f.unit
                unit = f" ({f.unit})" if f.unit and f.unit.casefold() not in f.text.casefold() else ""
                item.setData(f"{f.text}{unit} — {whole}", WholeRole)
                item.setToolTip(plain.tooltip(f"{f.text} ({f.unit})\n{f.sentence}\nEnter: go to the passage"))
                head.appendRow(item)
            root.appendRow(head)


@dataclass(frozen=True)
class SidebarPlan:
    """What the tree will show: filtered, grouped, sorted and cut, with no Qt object in it.

    Planning walks every entity (140,000 for a 20,000-article library); it is plain
    Python so the sidebar can run it on a worker thread and only build items on the UI thread.
    """

    focus: list[Entity]
    groups: list[tuple[str, list[Entity], int]]  # (label, rows to build, how many match)
    quotes: list[Quote]
    figures: list[Figure]


def plan_content(
    entities: Sequence[Entity],
    needle: str = "",
    *,
    quotes: Sequence[Quote] = (),
    figures: Sequence[Figure] = (),
    focus_names: Sequence[str] = (),
) -> SidebarPlan:
    needle = needle.casefold().strip()

    def keep(*texts: str) -> bool:
        return not needle or any(needle in t.casefold() for t in texts)

    by_name = {e.name: e for e in entities}
    focus = [by_name[n] for n in focus_names if n in by_name and keep(n, *by_name[n].aliases)]
    grouped: dict[str, list[Entity]] = {}
    for ent in entities:
        if keep(ent.name, *ent.aliases):
            grouped.setdefault(group_of(ent.type), []).append(ent)
    groups = []
    for label in [*GROUP_ORDER, "Other"]:
        members = grouped.get(label)
        if members:
            top = heapq.nsmallest(MAX_GROUP_ROWS, members, key=lambda e: (-e.count, e.name.casefold()))
            groups.append((label, top, len(members)))
    return SidebarPlan(
        focus=focus,
        groups=groups,
        quotes=[q for q in quotes if keep(q.speaker, q.text)],
        figures=[f for f in figures if keep(f.text, f.sentence, f.unit)],
    )
