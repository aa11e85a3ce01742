"""Entry points: read a source (plain dump, structured file or folder) into drafts.

The format is decided by the file's *content* (its first bytes), with the
extension only as a tie-breaker, because exports are often misnamed
(``news.txt`` holding JSON lines). Structured formats keep their own article
boundaries and metadata; only plain text goes through the segmenter. Every
parser shares the same clutter cleaning and glue repair. A WARC file (plain
or gzipped, known by its ``WARC/1.`` first record) is binary: it skips text
decoding and streams record by record (:mod:`reader.core.ingest.warc`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.errors import SourceError
from reader.core.ingest import formats, warc
from reader.core.ingest.cuts import Pins
from reader.core.ingest.decode import SNIFF_BYTES, decode_bytes, iter_text_lines, looks_binary, read_head
from reader.core.ingest.jsonl import stream_jsonl
from reader.core.ingest.pipeline import iter_segment_lines, segment_lines
from reader.core.store.cuts import Cut
from reader.core.types import ArticleDraft, Doubt, DroppedLine, IngestResult

Progress = Callable[[int, int], None]

PROGRESS_STEP = 1 << 18  # report at most once per 256 KiB read


def ingest_text(text: str, name: str = "<text>") -> IngestResult:
    """Segment an undelimited plain-text dump held in memory."""
    from reader.core.ingest.decode import normalise_text

    text = normalise_text(text)
    doubts: list[Doubt] = []
    drafts, dropped = segment_lines(enumerate(text.split("\n"), 1), doubts)
    return IngestResult(tuple(drafts), tuple(dropped), "text", tuple(doubts))


def ingest_path(path: Path, progress: Progress | None = None) -> IngestResult:
    """Read a file or a folder of files into drafts; the format is detected by content."""
    stream = stream_path(path, progress)
    drafts = tuple(stream.drafts)
    return IngestResult(drafts, tuple(stream.dropped), stream.format, tuple(stream.doubts))


@dataclass
class IngestStream:
    """Drafts as they are produced. ``dropped`` is complete once ``drafts`` is exhausted.

    A plain dump is read, cleaned and segmented a buffer at a time, so a
    100 MB file never sits in memory whole; the caller stores drafts as they
    come (the build writes them to the catalog in batches).
    """

    drafts: Iterator[ArticleDraft]
    dropped: list[DroppedLine]
    format: str
    # The lines of the reader's cuts whose paragraph is no longer in the file (complete with ``dropped``).
    unmade_cuts: list[int] = field(default_factory=list)
    # The breaks the segmenter doubted, in file order (plain dumps; complete with ``dropped``).
    doubts: list[Doubt] = field(default_factory=list)


def stream_path(
    path: Path,
    progress: Progress | None = None,
    cuts: Mapping[int, Cut] | None = None,
    pins: Pins | None = None,
) -> IngestStream:
    """Like :func:`ingest_path`, but drafts arrive as an iterator (plain dumps are streamed).

    ``cuts`` are the reader's article cuts and ``pins`` an earlier build's starts
    (:mod:`reader.core.ingest.cuts`); only a plain dump is cut by the segmenter, so only a
    plain dump takes them.
    """
    path = Path(path)
    if path.is_dir():
        result = _ingest_folder(path, progress)
        return IngestStream(iter(result.drafts), list(result.dropped), result.format)
    if not path.exists():
        raise SourceError(f"{path}: no such file")
    if not path.is_file():  # a FIFO, socket or device would block or never end
        raise SourceError(f"{path}: not a regular file (a pipe, socket or device cannot be read as a source)")
    total = _size(path)
    head = read_head(path, SNIFF_BYTES)
    if not head:
        return IngestStream(iter(()), [], "text")
    if warc.is_warc(head):  # binary (usually gzip): read record by record, never decoded whole
        warc_dropped: list[DroppedLine] = []
        return IngestStream(warc.iter_warc(path, warc_dropped, progress), warc_dropped, "warc")
    if warc.named_warc(path):
        raise SourceError(f"{path}: named like a WARC file but does not start with a WARC record")
    if looks_binary(head):
        raise SourceError(f"{path}: does not look like text")
    kind = formats.detect(decode_bytes(head), path.suffix.lower())
    if kind == "text":
        dropped: list[DroppedLine] = []
        unmade: list[int] = []
        doubts: list[Doubt] = []
        return IngestStream(
            _stream_plain(path, total, progress, dropped, cuts, unmade, doubts, pins),
            dropped,
            kind,
            unmade,
            doubts,
        )
    if kind == "jsonl":  # the big structured kind: two line-by-line passes, never read whole
        jsonl_dropped: list[DroppedLine] = []
        return IngestStream(stream_jsonl(path, total, progress, jsonl_dropped), jsonl_dropped, kind)
    text = decode_bytes(_read_all(path))
    drafts, dropped = formats.parse(kind, text, path)
    if progress:
        progress(total, total)
    return IngestStream(iter(drafts), list(dropped), kind)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _read_all(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _stream_plain(
    path: Path,
    total: int,
    progress: Progress | None,
    dropped: list[DroppedLine],
    cuts: Mapping[int, Cut] | None = None,
    unmade: list[int] | None = None,
    doubts: list[Doubt] | None = None,
    pins: Pins | None = None,
) -> Iterator[ArticleDraft]:
    """Stream a plain dump line by line into drafts, reporting progress in bytes (and the cuts unmade)."""

    def numbered() -> Iterator[tuple[int, str]]:
        last = 0
        for number, (line, done) in enumerate(iter_text_lines(path), 1):
            if progress and done - last >= PROGRESS_STEP:
                progress(done, total)
                last = done
            yield number, line

    made: set[int] = set()
    yield from iter_segment_lines(numbered(), dropped, cuts=cuts, made=made, doubts=doubts, pins=pins)
    if cuts and unmade is not None:
        unmade.extend(sorted(set(cuts) - made))
    dropped.sort(key=lambda d: d.line)  # captions are judged when their article is assembled, later
    if progress:
        progress(total, total)


def _ingest_folder(folder: Path, progress: Progress | None) -> IngestResult:
    """Every non-hidden file under ``folder`` in sorted order, each parsed on its own.

    A file that is not text (an image next to the articles) or cannot be read
    or parsed is skipped and reported in ``dropped`` (line 0, its name, reason
    "skipped: not text" or "skipped: unreadable") rather than failing the
    whole folder. Line numbers in drafts are those of each draft's
    own file.
    """
    try:
        files = sorted(
            p
            for p in folder.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        )
    except OSError as exc:
        raise SourceError(f"{folder}: cannot be read ({exc.strerror or exc})") from None
    total = sum(_size(p) for p in files) or 1
    done = 0
    drafts: list[ArticleDraft] = []
    dropped: list[DroppedLine] = []
    for file in files:
        size = _size(file)
        name = str(file.relative_to(folder))
        try:
            result = ingest_path(file)
        except SourceError as exc:
            # One bad file costs that file, named, never the folder.
            reason = "skipped: not text" if "does not look like text" in str(exc) else "skipped: unreadable"
            detail = name if reason.endswith("not text") else f"{name}: {str(exc).split(': ', 1)[-1]}"
            dropped.append(DroppedLine(0, detail, reason))
        else:
            drafts.extend(result.drafts)
            dropped.extend(result.dropped)
        done += size
        if progress:
            progress(done, total)
    return IngestResult(tuple(drafts), tuple(dropped), "folder")
