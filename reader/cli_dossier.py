"""``lede entity [SOURCE] NAME [--json]``: an entity's dossier, headless.

The JSON is the contract of issue 18: ``name``, ``type``, ``aliases``, ``mentions``
(``article``, ``start``, ``end``, ``context``), ``quotes`` (``article``, ``speaker``, ``text``,
``start``, ``end``), ``co_mentions`` (``name``, ``type``, ``count``: the number of the entity's
articles that also name it) and ``timeline`` (``date``, ``count`` of mentions; ``date`` is null
for the undated articles). Without ``--json`` the same dossier prints as text to read.
An unknown name is one line on stderr, with the closest names, and exit status 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.core.types import Dossier


def dossier_json(d: Dossier) -> dict[str, Any]:
    return {
        "name": d.name,
        "type": d.type,
        "aliases": list(d.aliases),
        "mentions": [
            {"article": m.article_id, "start": m.start, "end": m.end, "context": m.context}
            for m in d.mentions
        ],
        "quotes": [
            {"article": q.article_id, "speaker": q.speaker, "text": q.text, "start": q.start, "end": q.end}
            for q in d.quotes
        ],
        "co_mentions": [{"name": c.name, "type": c.type, "count": c.count} for c in d.co_mentions],
        "timeline": [{"date": t.date, "count": t.count} for t in d.timeline],
    }


def dossier_text(d: Dossier) -> str:
    """The dossier as a person reads it in a terminal: sections, the mention in ``*stars*``."""
    articles = len(d.article_ids)
    lines = [f"{d.name} ({d.type})"]
    if d.aliases:
        lines.append(f"also: {', '.join(d.aliases)}")
    lines.append(
        f"{_counted(len(d.mentions), 'mention')} in {_counted(articles, 'article')}, "
        f"{_counted(len(d.quotes), 'quote')}"
    )
    lines += ["", "Mentions"]
    title = None
    for m in d.mentions:
        if m.article_id != title:
            title = m.article_id
            lines.append(f"  {m.article_id}  {m.title}")
        a, b = m.mark
        lines.append(f"    {m.start:>6}  {m.context[:a]}*{m.context[a:b]}*{m.context[b:]}")
    if d.quotes:
        lines += ["", "Quotes"]
        for q in d.quotes:
            lines.append(f"  {q.article_id}  “{' '.join(q.text.split())}”")
    if d.co_mentions:
        lines += ["", "Named alongside (articles naming both)"]
        width = max(len(c.name) for c in d.co_mentions)
        for c in d.co_mentions:
            lines.append(f"  {c.count:>4}  {c.name:<{width}}  {c.type}")
    lines += ["", "Timeline (mentions by article date)"]
    most = max((t.count for t in d.timeline), default=1)
    for t in d.timeline:
        bar = "#" * max(1, round(30 * t.count / most))
        lines.append(f"  {t.date or 'undated':<10}  {t.count:>4}  {bar}")
    return "\n".join(lines) + "\n"


def _counted(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def cmd_entity(ns: argparse.Namespace) -> int:
    from reader.cli import _open, _split_source

    source, name = _split_source(ns.args, "NAME")
    lib = _open(source, quiet=True)
    try:
        dossier = lib.dossier(name)
        if dossier is None:
            near = lib.similar_entities(name)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            print(f"lede: no entity named {name}{hint}", file=sys.stderr)
            return 1
    finally:
        lib.close()
    if ns.json:
        json.dump(dossier_json(dossier), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(dossier_text(dossier))
    return 0
