"""The sidebar tree: the focused paragraph's entities, entities by type, quotes, figures.

Built afresh when the article or scope changes (one article's worth of rows, or the
library's precomputed entity counts); the "In this paragraph" group is swapped in
place as the reading focus moves so the rest of the tree keeps its selection.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from reader.core.types import Entity, Figure, Quote

NameRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2  # "entity" | "quote" | "figure" | "group"
SpanRole = Qt.ItemDataRole.UserRole + 3  # (start, end) in the article text

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
}
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
        item.setToolTip("\n".join(tip))
        return item

    def set_content(
        self,
        entities: Sequence[Entity],
        needle: str = "",
        *,
        quotes: Sequence[Quote] = (),
        figures: Sequence[Figure] = (),
        focus_names: Sequence[str] = (),
    ) -> None:
        self.clear()
        needle = needle.casefold().strip()

        def keep(*texts: str) -> bool:
            return not needle or any(needle in t.casefold() for t in texts)

        by_name = {e.name: e for e in entities}
        root = self.invisibleRootItem()
        focus = [by_name[n] for n in focus_names if n in by_name and keep(n, *by_name[n].aliases)]
        if focus:
            head = self._group(FOCUS_GROUP)
            for ent in focus:
                head.appendRow(self._entity_item(ent))
            root.appendRow(head)

        groups: dict[str, list[Entity]] = {}
        for ent in entities:
            if keep(ent.name, *ent.aliases):
                groups.setdefault(group_of(ent.type), []).append(ent)
        for label in [*GROUP_ORDER, "Other"]:
            members = groups.get(label)
            if not members:
                continue
            members.sort(key=lambda e: (-e.count, e.name.casefold()))
            head = self._group(f"{label}  ({len(members)})")
            for ent in members[:MAX_GROUP_ROWS]:
                head.appendRow(self._entity_item(ent))
            if len(members) > MAX_GROUP_ROWS:
                more = QStandardItem(f"… {len(members) - MAX_GROUP_ROWS:,} more: type to filter")
                more.setEditable(False)
                more.setSelectable(False)
                more.setData("more", KindRole)
                head.appendRow(more)
            root.appendRow(head)

        shown_quotes = [q for q in quotes if keep(q.speaker, q.text)]
        if shown_quotes:
            head = self._group(f"Quotes  ({len(shown_quotes)})")
            for q in shown_quotes:
                item = QStandardItem(f"{q.speaker or 'unknown'}: “{_short(q.text, 70)}”")
                item.setEditable(False)
                item.setData("quote", KindRole)
                item.setData((q.start, q.end), SpanRole)
                item.setData(q.speaker, NameRole)
                item.setToolTip(f"{q.speaker or 'Speaker unknown'}:\n“{q.text}”\nEnter: go to the passage")
                head.appendRow(item)
            root.appendRow(head)

        shown_figures = [f for f in figures if keep(f.text, f.sentence, f.unit)]
        if shown_figures:
            head = self._group(f"Figures  ({len(shown_figures)})")
            for f in shown_figures:
                context = _short(f.sentence, 60) if f.sentence else f.unit
                item = QStandardItem(f"{f.text}  —  {context}")
                item.setEditable(False)
                item.setData("figure", KindRole)
                item.setData((f.start, f.end), SpanRole)
                item.setToolTip(f"{f.text} ({f.unit})\n{f.sentence}\nEnter: go to the passage")
                head.appendRow(item)
            root.appendRow(head)
