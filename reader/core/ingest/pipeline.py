"""Turn numbered lines of a plain-text dump into article drafts.

clean → units → segment → assemble (titles, glue repair). Kept as one small
module so that plain text, Markdown sections and structured bodies share the
exact same cleaning and repair.

Line-number convention: ``ArticleDraft.lines`` holds paragraph lines only. A
kept title line is *not* a paragraph; it is recorded as ``title_line``, and an
article with one starts there (its ``start_line``), so the headline belongs to
the article it names.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence

from reader.core.ingest import starts_process
from reader.core.ingest.clean import KeptLine, iter_clean_lines
from reader.core.ingest.cuts import Pins, apply_cuts, apply_pins
from reader.core.ingest.dates import normalise_date
from reader.core.ingest.glue import count_words, repair
from reader.core.ingest.segment import (
    CHUNK,
    CHUNK_PAD,
    DATELINE,
    STOPWORDS,
    Unit,
    UnitGrouper,
    is_ending,
    segment_units,
)
from reader.core.ingest.starts_process import StartsProcess
from reader.core.ingest.titles import derive_title
from reader.core.store.cuts import Cut
from reader.core.types import ArticleDraft, Doubt, DroppedLine


def build_draft(
    paragraphs: Sequence[tuple[int, str]],
    vocab: Counter[str],
    title: str = "",
    date: str | None = None,
    author: str | None = None,
    url: str | None = None,
    cache: dict[str, str] | None = None,
    title_line: int | None = None,
    kept: dict[str, list[str]] | None = None,
) -> ArticleDraft:
    """Assemble one draft: glue-repair the paragraphs, keep the originals, derive a title if needed."""
    raw = tuple(text.strip() for _, text in paragraphs)
    fixed = tuple(repair(text, vocab, cache, kept) for text in raw)
    lines = tuple(number for number, _ in paragraphs)
    title = " ".join(title.split())
    derived = not title
    if derived and fixed:
        body = fixed[1:] if len(fixed) > 1 and _is_dateline(fixed[0]) else fixed  # "GAZA CITY —" is no lead
        title = derive_title(body[0], body[1] if len(body) > 1 else "", body[2:])
    if date is None and fixed:
        m = DATELINE.match(fixed[0])
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
        title_line=title_line if title else None,
    )


def segment_lines(
    lines: Iterable[tuple[int, str]], doubts: list[Doubt] | None = None
) -> tuple[list[ArticleDraft], list[DroppedLine]]:
    """Clean, segment and assemble an undelimited dump given as ``(line_number, text)`` pairs."""
    dropped: list[DroppedLine] = []
    drafts = list(iter_segment_lines(lines, dropped, doubts=doubts))
    dropped.sort(key=lambda d: d.line)
    return drafts, dropped


# A stream is segmented in buffers of this many paragraphs: enough for the gap
# statistics to settle, small enough that memory does not grow with the file.
BUFFER = CHUNK + 2 * CHUNK_PAD


def iter_segment_lines(
    lines: Iterable[tuple[int, str]],
    dropped: list[DroppedLine],
    *,
    second_process: bool | None = None,
    cuts: Mapping[int, Cut] | None = None,
    made: set[int] | None = None,
    doubts: list[Doubt] | None = None,
    pins: Pins | None = None,
) -> Iterator[ArticleDraft]:
    """:func:`segment_lines` as a stream: drafts are yielded as their stories are settled.

    Paragraphs gather in a buffer; when it holds BUFFER paragraphs it is
    segmented, every article that ends before the last CHUNK_PAD paragraphs is
    final (the gap evidence around it is complete), and the buffer restarts at
    the first unsettled article. The last settled article is held back one
    round, because headline-like lines found above the next start may belong
    to it. The glue-repair dictionary counts every word read so far: on a dump
    shorter than one buffer that is the whole dump, as before streaming.
    Dropped lines are appended to ``dropped`` as they are judged: clutter as it
    is read, captions and teasers when their article is assembled (so not in
    file order; callers sort once at the end).

    With ``second_process`` (default: :func:`starts_process.wanted`) a dump
    longer than one buffer is segmented in a forked child, buffer by buffer,
    while this process cleans the paragraphs after the buffer and drafts the
    articles the last one settled. The output is the same as without it: a
    buffer holds the same paragraphs, and the articles of a round are drafted
    with the dictionary as it stood when their buffer was full (a copy, since
    the next buffer is counted before they are drafted).

    ``cuts`` are the reader's own (line of a paragraph -> "start" or "join", see
    :mod:`reader.core.ingest.cuts`), made on each buffer's starts before anything is settled;
    the lines of those whose paragraph was found are added to ``made``.

    ``pins`` are an earlier build's starts, kept where the file only grew (:class:`Pins`): made
    before the cuts, so a cut the reader made since still wins.

    ``doubts`` gets the breaks the segmenter was unsure of (:class:`Doubt`), in file order, as
    their buffer settles; a gap where a cut landed is the reader's decision, not a doubt.
    """
    grouper = UnitGrouper()
    vocab: Counter[str] = Counter()
    cache: dict[str, str] = {}  # token -> repaired form, shared by every draft of this dump
    kept: dict[str, list[str]] = {}  # a counted paragraph's tokens, until repair takes them
    held: _Group | None = None
    buf: list[Unit] = []
    ahead: deque[Unit] = deque()  # read while the child segments, not counted until in ``buf``
    units = filter(None, map(grouper.add, iter_clean_lines(lines, dropped)))
    helper: StartsProcess | None = None
    use_helper = starts_process.wanted() if second_process is None else second_process
    settled: list[_Group] = []  # the last round's articles, not drafted yet
    try:
        while True:
            if helper is None:  # draft, then count on: the dictionary these drafts see is the same
                yield from (group.draft(vocab, cache, kept) for group in settled)
                full = _fill(buf, ahead, units, vocab, kept)
                if full and use_helper:
                    helper = StartsProcess()
                if helper is not None:
                    helper.submit(buf)
            else:
                seen = vocab.copy() if settled else vocab
                full = _fill(buf, ahead, units, vocab, kept)
                if full:
                    helper.submit(buf)
                yield from (group.draft(seen, cache, kept) for group in settled)
            settled = []
            if not full:
                break
            if helper is None:
                found = segment_units(buf)
            else:
                _read_ahead(helper, ahead, units)
                found, answered = helper.result()
                if not answered:
                    helper.close()
                    helper, use_helper = None, False
            decided: set[int] = set()
            starts = apply_cuts(buf, apply_pins(buf, found.starts, pins), cuts, made, decided)
            done = [i for i in starts if i <= len(buf) - CHUNK_PAD]
            # One story longer than a buffer: no settled start, or only ones near the front (a buffer
            # that moved on by a few paragraphs a round would be analysed again for each of them).
            cut = done[-1] if len(done) > 1 and done[-1] >= CHUNK_PAD else len(buf) - CHUNK_PAD
            _note_doubts(doubts, buf, found.doubts, starts, decided, cut)
            settled = _assemble(buf, [i for i in starts if i < cut], cut, held, dropped)
            held = settled.pop()
            del buf[:cut]
    finally:
        if helper is not None:
            helper.close()
    tail = grouper.pending
    if not buf:
        if held is None and not tail:
            return
        if held is None:  # only headline-like lines: each is its own paragraph
            buf, tail = [Unit(k.line, k.text) for k in tail], []
    starts = []
    if buf:
        found, decided = segment_units(buf), set()
        starts = apply_cuts(buf, apply_pins(buf, found.starts, pins), cuts, made, decided)
        _note_doubts(doubts, buf, found.doubts, starts, decided, len(buf))
    groups = _assemble(buf, starts, len(buf), held, dropped)
    if tail and groups:
        _place(tail, groups[-1].paragraphs, dropped)
    for group in groups:
        yield group.draft(vocab, cache, kept)


def _note_doubts(
    out: list[Doubt] | None,
    buf: Sequence[Unit],
    found: Sequence[int],
    starts: Sequence[int],
    decided: set[int],
    upto: int,
) -> None:
    """Add the doubts of ``buf`` up to unit ``upto`` (those after it are found again next round)."""
    if out is None:
        return
    chosen = set(starts)
    out.extend(Doubt(buf[i].line, i in chosen) for i in found if i <= upto and i not in decided)


def _fill(
    buf: list[Unit],
    ahead: deque[Unit],
    units: Iterator[Unit],
    vocab: Counter[str],
    kept: dict[str, list[str]],
) -> bool:
    """Bring ``buf`` up to BUFFER paragraphs (those read ahead first), counting each; is it full?"""
    while len(buf) < BUFFER:
        unit = ahead.popleft() if ahead else next(units, None)
        if unit is None:
            return False
        buf.append(unit)
        count_words(vocab, unit.text, kept)
    return True


def _read_ahead(helper: StartsProcess, ahead: deque[Unit], units: Iterator[Unit]) -> None:
    """Clean and group the paragraphs after the buffer until the child answers (at most a buffer's worth)."""
    while len(ahead) < BUFFER and not helper.ready():
        for _ in range(32):  # asking the pipe costs a system call: ask every few paragraphs
            unit = next(units, None)
            if unit is None:
                return
            ahead.append(unit)


class _Group:
    """One article's paragraphs and title before glue repair."""

    def __init__(self, title: str, date: str | None) -> None:
        self.paragraphs: list[tuple[int, str]] = []
        self.title = title
        self.title_line: int | None = None
        self.date = date

    def draft(self, vocab: Counter[str], cache: dict[str, str], kept: dict[str, list[str]]) -> ArticleDraft:
        return build_draft(
            self.paragraphs,
            vocab,
            title=self.title,
            date=self.date,
            cache=cache,
            title_line=self.title_line,
            kept=kept,
        )


def _assemble(
    units: Sequence[Unit], starts: Sequence[int], end: int, held: _Group | None, dropped: list[DroppedLine]
) -> list[_Group]:
    """Group ``units[:end]`` into articles at ``starts``; ``held`` (the previous article) comes first."""
    groups: list[_Group] = [held] if held is not None else []
    for si, start in enumerate(starts):
        stop = starts[si + 1] if si + 1 < len(starts) else end
        date = units[start].date_before
        group = _Group("", normalise_date(date) if date else None)
        for idx in range(start, stop):
            unit = units[idx]
            heads = unit.headings
            if idx == start and heads and groups:
                heads = _end_previous(heads, groups[-1].paragraphs, dropped)
            if idx == start and heads:
                heads = _take_title(group, heads, groups[-1] if groups else None, units, start, stop, dropped)
            _place(heads, group.paragraphs, dropped)
            group.paragraphs.append((unit.line, unit.text))
        groups.append(group)
    return groups


def _take_title(
    group: _Group,
    heads: list[KeptLine],
    previous: _Group | None,
    units: Sequence[Unit],
    start: int,
    stop: int,
    dropped: list[DroppedLine],
) -> list[KeptLine]:
    """Title ``group`` with the last headline-like line above its start, if it heads the story.

    Datelines under that line stay with the story; the lines above it, and the line itself when
    it does not head the story (:func:`_heads_article`), end the story before. Returns the
    lines left to place in ``group`` (the datelines).
    """
    # A dateline ("JOHNSTON, Iowa —") names the lead's place; it never heads the story.
    k = max((i for i, head in enumerate(heads) if not _is_dateline(head.text)), default=-1)
    if k < 0:
        return heads
    if _heads_article(heads[k], units, start, stop):
        group.title = heads[k].text.strip()
        group.title_line = heads[k].line
        _place(heads[:k], previous.paragraphs if previous else group.paragraphs, dropped)
        return heads[k + 1 :]
    if previous is None:  # the file's first story: nothing before it to end
        return heads
    _place(heads[: k + 1], previous.paragraphs, dropped)  # not this story's: the last lines of the one before
    return heads[k + 1 :]


def _end_previous(
    heads: list[KeptLine], previous: list[tuple[int, str]], dropped: list[DroppedLine]
) -> list[KeptLine]:
    """Headline-shaped lines above a start, up to the last that only ends stories, go to the story before.

    A sign-off shaped like a headline ("David Lightman: 202-383-6101, @lightmandavid",
    "Jane Roe | Senior Fellow, Org") closes the story above it; taken for the next story's
    headline, it would put that story's start one line early. Returns the heads left.
    """
    cut = max((k + 1 for k, head in enumerate(heads) if is_ending(head.text)), default=0)
    if cut:
        _place(heads[:cut], previous, dropped)
    return heads[cut:]


def _heads_article(head: KeptLine, units: Sequence[Unit], start: int, end: int) -> bool:
    """Can this headline-like line be the title of the article starting at ``start``?

    Only if it shares a content word with the story's first paragraphs, as a real title does
    (a headline names what its lead tells). A line above a start that shares none is a
    "Trending: ..." link, a sign-off or the last line of the story before ("Read the full
    story here", "Barbara A. Elliott, Boise"): on the fitting publishers' development dumps
    (seeds 2000+; Wikinews, Politico, the fitting half of the sites) 9 of 97 such lines were real
    headlines. Such a line now ends the story before (a dateline-shaped one stays with its story):
    dump lines taken as titles that are real headlines rose there from 55-89% to 79-95%, real
    headlines taken from 73-89% to 69-88%.
    A video caption or a "Related stories" link gets two paragraphs to share a word with, a
    plain headline-like line three (a headline may name what the second or third paragraph says).
    """
    reach = HEAD_REACH if head.kind == "para" else 2
    lead = " ".join(units[i].text for i in range(start, min(end, start + reach)))
    return bool(_content_stems(head.text) & _content_stems(lead))


# Paragraphs of a story a headline-like line above it may share a word with, to be its title.
HEAD_REACH = 3


def _is_dateline(text: str) -> bool:
    """A line that is only a dateline ("WASHINGTON, DC —", "LONDON (Reuters) -"), split from its lead."""
    s = text.strip()
    m = DATELINE.match(s + " ")
    return m is not None and m.end() >= len(s)


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
