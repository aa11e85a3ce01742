"""Small invented stories for the copy-detection tests: one story, its wire copies, and a
distinct story on the same subject (same town, same bridge, same names, other events)."""

from __future__ import annotations

import json
from pathlib import Path

BRIDGE = (
    "The old river bridge in Harwick will close for repairs on Monday after inspectors found cracks "
    "in two of its supporting piers, the county council said on Friday.",
    "Engineers from the regional roads agency examined the 1931 structure last month and reported "
    "that water had seeped into the stonework during the winter floods.",
    "Drivers will be sent along a twelve-mile detour through Millbrook while the work goes on, "
    "which the council expects to take at least four months.",
    "Local shop owners on Bridge Street said they feared losing customers during the busy summer "
    "season and asked the council for help with their rates.",
    "Council leader Ann Porter said safety had to come first and promised a temporary footbridge "
    "for pedestrians and cyclists by the end of June.",
)

# Same town, same bridge, same people: another story, told in other words.
BRIDGE_VOTE = (
    "Harwick councillors voted on Tuesday to replace the old river bridge entirely rather than repair "
    "it, ending a debate that has divided the town for two years.",
    "The new crossing, designed with wider lanes and a separate cycle path, is expected to cost "
    "eleven million pounds, most of it from a national infrastructure fund.",
    "Ann Porter, the council leader, told the meeting that patching the structure again would only "
    "delay a decision the town could not avoid.",
    "Opponents argued that the stone bridge is part of Harwick's heritage and called for a public "
    "inquiry before any demolition begins.",
    "Construction is due to start next spring, and traffic will use a temporary crossing downstream "
    "while the work continues.",
)


def text(paragraphs: tuple[str, ...] | list[str]) -> str:
    return "\n".join(paragraphs)


def changed_words(paragraphs: tuple[str, ...]) -> list[str]:
    """The bridge story with a few words changed, as another site's copy would have it."""
    out = list(paragraphs)
    out[0] = out[0].replace("the county council said on Friday", "council officials said on Friday")
    out[2] = out[2].replace("twelve-mile", "12-mile")
    return out


def write_jsonl(path: Path) -> dict[str, str]:
    """A JSONL source with the bridge story, a repost dated earlier, a cut copy and the vote
    story; returns title -> what each is (the test's gold)."""
    rows = [
        {"title": "Harwick bridge to close for repairs", "date": "2024-05-03", "text": text(BRIDGE)},
        {"title": "Council votes to replace Harwick bridge", "date": "2024-05-07", "text": text(BRIDGE_VOTE)},
        {"title": "Bridge closure: detour through Millbrook", "date": "2024-05-04", "text": text(BRIDGE[:4])},
        {"title": "Harwick bridge shuts Monday", "date": "2024-05-02", "text": text(changed_words(BRIDGE))},
    ]
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")
    return {
        "Harwick bridge to close for repairs": "copy",
        "Council votes to replace Harwick bridge": "distinct",
        "Bridge closure: detour through Millbrook": "copy",
        "Harwick bridge shuts Monday": "original",
    }
