"""Role phrases ("the outgoing US leader", "The US president") as mentions of the one person they fit.

News refers to the main figure by role as often as by name. A role phrase is
linked only when it is unambiguous: exactly one person in the article carries a
matching role cue (a title before the name, e.g. "President Joe Biden").
"""

from __future__ import annotations

import re
from collections import Counter

from reader.core.types import Mention

__all__ = ["resolve_role_phrases"]

# Role cue (as recorded from titles) → the nouns a later role phrase may use for the same person.
_ROLE_NOUNS: dict[str, tuple[str, ...]] = {
    "president": ("president", "leader"),
    "prime minister": ("prime minister", "premier", "leader"),
    "chancellor": ("chancellor", "leader"),
    "king": ("king", "monarch"),
    "queen": ("queen", "monarch"),
    "pope": ("pope", "pontiff"),
    "secretary-general": ("secretary-general", "secretary general"),
}
_PHRASE = re.compile(
    r"\b(?:[Tt]he)\s+(?:(?:outgoing|incoming|former|new|embattled|veteran|then|current|[A-Z]{2,3}|[A-Z][a-z]+)\s+)"
    r"{0,2}(president|prime minister|leader|premier|chancellor|king|queen|monarch|pope|pontiff|"
    r"secretary-general|secretary general)\b"
)


def resolve_role_phrases(
    text: str, mentions: list[Mention], roles: dict[tuple[str, str], Counter[str]]
) -> list[Mention]:
    """Add a mention for each role phrase that fits exactly one titled person in the article."""
    holders: dict[str, set[str]] = {}
    for (name, kind), counter in roles.items():
        if kind != "PERSON":
            continue
        for role in counter:
            key = role.lower().replace("vice ", "vice-")
            for cue, nouns in _ROLE_NOUNS.items():
                if key == cue or key.endswith(" " + cue):
                    for noun in nouns:
                        holders.setdefault(noun, set()).add(name)
    if not holders:
        return mentions
    taken = [(m.start, m.end) for m in mentions if m.type not in ("GPE", "NORP")]
    added: list[Mention] = []
    for match in _PHRASE.finditer(text):
        noun = match.group(1).lower()
        people = holders.get(noun, set())
        if len(people) != 1:
            continue
        start, end = match.span()
        if any(a < end and start < b for a, b in taken):
            continue
        first_mention = min((m.start for m in mentions if m.entity in people), default=len(text))
        if start < first_mention:
            continue  # a role phrase before the name refers forward only by luck
        added.append(Mention(start=start, end=end, entity=next(iter(people)), type="PERSON"))
    if not added:
        return mentions
    # A place or nationality inside the phrase ("The US president") is a modifier, not a mention.
    kept = [m for m in mentions if not any(a.start <= m.start and m.end <= a.end for a in added)]
    return sorted(kept + added, key=lambda m: (m.start, m.end))
