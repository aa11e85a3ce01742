"""A source of N distinct articles made from the bundled sample, for builds that must take a while.

Article k is story ``k % 4`` of the sample with its paragraphs rotated by ``k // 4``:
real news sentences for spaCy, and no two texts alike (the NER span cache would
answer a repeated text without analysing it).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SAMPLE


def rotated_sample(folder: Path, n: int) -> Path:
    """``folder/rotated.jsonl`` with ``n`` articles (title, text, date)."""
    from reader.core.ingest.source import stream_path

    stories = [d.paragraphs for d in stream_path(SAMPLE).drafts]
    path = folder / "rotated.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for k in range(n):
            paras = list(stories[k % len(stories)])
            turn = (k // len(stories)) % len(paras)
            text = "\n\n".join(paras[turn:] + paras[:turn])
            out.write(json.dumps({"title": f"Story {k}", "text": text, "date": "2024-05-01"}) + "\n")
    return path
