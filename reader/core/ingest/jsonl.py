"""JSON Lines sources: one article record a line, read whole or streamed in two passes.

A JSONL dump of a news crawl is the largest structured file Lede meets (252 MB at 100k
articles). Read whole, its text, records and drafts were all in memory at once: about ten
times the file's size at the build's peak. Streamed, it is read twice, line by line: the
first pass counts the words glue repair judges fused words by (the same whole-file
vocabulary a whole read gives, so the articles come out identical) and finds whether any
record is readable at all; the second cleans and builds each record as it comes. Only the
vocabulary stays in memory, and it grows with the language, not the file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from reader.core.errors import SourceError
from reader.core.ingest.clean import clean_lines
from reader.core.ingest.decode import iter_text_lines
from reader.core.ingest.formats import Record, iter_finish, record_from_mapping
from reader.core.ingest.glue import count_words
from reader.core.types import ArticleDraft, DroppedLine

__all__ = ["jsonl_records", "stream_jsonl"]

#: Bytes read between progress reports, as for a plain dump.
PROGRESS_STEP = 1 << 18


def jsonl_records(
    lines: Iterable[tuple[int, str]], path: Path, dropped: list[DroppedLine]
) -> Iterator[Record]:
    """The records of numbered JSONL lines; a bad line is reported in ``dropped`` and skipped.

    When no line at all is a record and one was malformed JSON, the file is not JSONL as
    far as a reader can tell: :class:`SourceError` names the first bad line.
    """
    first_error: str | None = None
    found = False
    for number, line in lines:
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except (json.JSONDecodeError, RecursionError, ValueError) as exc:
            # ValueError: an integer of thousands of digits (Python refuses to convert it).
            dropped.append(DroppedLine(number, line[:500], "malformed JSON line"))
            reason = (
                exc.msg
                if isinstance(exc, json.JSONDecodeError)
                else "nested too deeply"
                if isinstance(exc, RecursionError)
                else "a number too long to read"
            )
            first_error = first_error or f"{path}:{number}: not valid JSON ({reason})"
            continue
        record = record_from_mapping(data, number) if isinstance(data, dict) else None
        if record is None:
            dropped.append(DroppedLine(number, line[:500], "record without text"))
        else:
            found = True
            yield record
    if not found and first_error:
        raise SourceError(first_error)


def stream_jsonl(
    path: Path, total: int, report: Callable[[int, int], None] | None, dropped: list[DroppedLine]
) -> Iterator[ArticleDraft]:
    """Drafts of a JSONL file in two line-by-line passes (see the module docstring)."""

    def numbered(share: int) -> Iterator[tuple[int, str]]:
        last = 0
        for number, (line, done) in enumerate(iter_text_lines(path), 1):
            if report is not None and done - last >= PROGRESS_STEP:
                report((share * total + done) // 2, total)  # each pass is half the work
                last = done
            yield number, line

    vocab: Counter[str] = Counter()
    for record in jsonl_records(numbered(0), path, []):
        for kept in clean_lines(record.paragraphs)[0]:
            count_words(vocab, kept.text)
    yield from iter_finish(jsonl_records(numbered(1), path, dropped), dropped, vocab=vocab)
    dropped.sort(key=lambda d: d.line)
    if report is not None:
        report(total, total)
