"""The entity tree: types as groups, entities with counts beneath."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from reader.core.types import Entity

NameRole = Qt.ItemDataRole.UserRole + 1

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


def group_of(entity_type: str) -> str:
    return TYPE_LABELS.get(entity_type, "Other")


class EntityModel(QStandardItemModel):
    """Built afresh when the article or scope changes; small (one article or top entities)."""

    def set_entities(self, entities: Sequence[Entity], needle: str = "") -> None:
        self.clear()
        needle = needle.casefold().strip()
        groups: dict[str, list[Entity]] = {}
        for ent in entities:
            if needle and not any(needle in n.casefold() for n in (ent.name, *ent.aliases)):
                continue
            groups.setdefault(group_of(ent.type), []).append(ent)
        root = self.invisibleRootItem()
        for label in [*GROUP_ORDER, "Other"]:
            members = groups.get(label)
            if not members:
                continue
            members.sort(key=lambda e: (-e.count, e.name.casefold()))
            head = QStandardItem(f"{label}  ({len(members)})")
            head.setEditable(False)
            head.setSelectable(False)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            for ent in members:
                text = f"{ent.name}  ·  {ent.count}"
                if ent.role:
                    text = f"{ent.name}  ·  {ent.count}   — {ent.role}"
                item = QStandardItem(text)
                item.setEditable(False)
                item.setData(ent.name, NameRole)
                tip = [f"{ent.name} ({ent.type})"]
                others = [a for a in ent.aliases if a != ent.name]
                if others:
                    tip.append("also: " + ", ".join(others))
                item.setToolTip("\n".join(tip))
                head.appendRow(item)
            root.appendRow(head)
