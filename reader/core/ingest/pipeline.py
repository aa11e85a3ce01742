"""Turn numbered lines of a plain-text dump into article drafts.

clean → units → segment → assemble (titles, glue repair). Kept as one small
module so that plain text, Markdown sections and structured bodies share the
exact same cleaning and repair.

Line-number convention: ``ArticleDraft.lines`` holds paragraph lines only. A
kept title line is *not* a paragraph, so an article's ``start_line`` is the
line of its first paragraph; the title line is the one just above.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from reader.core.ingest.clean import KeptLine, clean_lines
from reader.core.ingest.dates import normalise_date
from reader.core.ingest.glue import build_vocab, repair
from reader.core.ingest.segment import _DATELINE, STOPWORDS, Unit, find_starts, make_units
from reader.core.ingest.titles import derive_title
from reader.core.types import ArticleDraft, DroppedLine


def build_draft(
    paragraphs: Sequence[tuple[int, str]],
    vocab: Counter[str],
    title: str = "",
    date: str | None = None,
    author: str | None = None,
    url: str | None = None,
    cache: dict[str, str] | None = None,
) -> ArticleDraft:
    """Assemble one draft: glue-repair the paragraphs, keep the originals, derive a title if needed."""
    raw = tuple(text.strip() for _, text in paragraphs)
    fixed = tuple(repair(text, vocab, cache) for text in raw)
    lines = tuple(number for number, _ in paragraphs)
    title = " ".join(title.split())
    derived = not title
    if derived and fixed:
        title = derive_title(fixed[0])
    if date is None and fixed:
        m = _DATELINE.match(fixed[0])
        if m:
            date = normalise_date(m.group(0))
    return ArticleDraft(
        paragraphs=fixed,
        lines=lines,
        title=title,
        title_derived=derived,
        date=date,
        author=author,
        url=url,
        raw_paragraphs=raw,
    )


def segment_lines(lines: Iterable[tuple[int, str]]) -> tuple[list[ArticleDraft], list[DroppedLine]]:
    """Clean, segment and assemble an undelimited dump given as ``(line_number, text)`` pairs."""
    kept, dropped = clean_lines(lines)
    units, tail = make_units(kept)
    if not units:
        if not tail:
            return [], dropped
        units = [Unit(k.line, k.text) for k in tail]
        tail = []
    starts = find_starts(units)
    vocab = build_vocab(u.text for u in units)
    groups: list[list[tuple[int, str]]] = []
    titles: list[str] = []
    dates: list[str | None] = []
    for si, start in enumerate(starts):
        end = starts[si + 1] if si + 1 < len(starts) else len(units)
        paragraphs: list[tuple[int, str]] = []
        title = ""
        for idx in range(start, end):
            unit = units[idx]
            heads = unit.headings
            if idx == start and heads and _heads_article(heads[-1], units, start, end):
                title = heads[-1].text.strip()
                earlier, heads = heads[:-1], []
                target = groups[-1] if groups else paragraphs
                _place(earlier, target, dropped)
            _place(heads, paragraphs, dropped)
            paragraphs.append((unit.line, unit.text))
        groups.append(paragraphs)
        titles.append(title)
        dates.append(normalise_date(units[start].date_before) if units[start].date_before else None)
    if tail and groups:
        _place(tail, groups[-1], dropped)
    cache: dict[str, str] = {}  # token -> repaired form, shared by every draft of this dump
    drafts = [
        build_draft(paragraphs, vocab, title=title, date=date, cache=cache)
        for paragraphs, title, date in zip(groups, titles, dates, strict=False)
    ]
    dropped.sort(key=lambda d: d.line)
    return drafts, dropped


def _heads_article(head: KeptLine, units: Sequence[Unit], start: int, end: int) -> bool:
    """Can this headline-like line be the title of the article starting at ``start``?

    A plain headline can. A video caption or a "Related stories" link that
    happens to sit at a boundary only if it shares a content word with the lead,
    as a real title does; otherwise it was page furniture.
    """
    if head.kind == "para":
        return True
    lead = " ".join(units[i].text for i in range(start, min(end, start + 2)))
    return bool(_content_stems(head.text) & _content_stems(lead))


def _content_stems(text: str) -> set[str]:
    return {w.lower()[:6] for w in re.findall(r"[^\W\d_]{4,}", text) if w.lower() not in STOPWORDS}


_REASONS = {"caption": "video caption", "teaser": "teaser"}


def _place(heads: Sequence[KeptLine], target: list[tuple[int, str]], dropped: list[DroppedLine]) -> None:
    """Headline-like lines inside an article: subheads stay, video captions go."""
    for head in heads:
        if head.kind in _REASONS:
            dropped.append(DroppedLine(head.line, head.text, _REASONS[head.kind]))
        else:
            target.append((head.line, head.text))
