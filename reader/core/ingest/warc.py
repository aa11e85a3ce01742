"""WARC input: one article per HTML page a crawler stored, read as a stream.

Scraped news at scale is kept as WARC (Common Crawl's news crawl, Heritrix,
``wget --warc-file``, browsertrix): a sequence of records (warcinfo, request,
response, metadata, ...), plain or, usually, each record in its own gzip
member (``.warc.gz``). Every ``response`` record holding an HTML page with a
2xx status, and every HTML ``resource`` record (a page stored without HTTP
headers), becomes one article read by the same code as an HTML file
(:func:`reader.core.ingest.html_main.extract_page`). Other records, non-HTML
responses, redirects and errors are skipped without a report: they are the
bulk of a crawl, not lost articles.

Framing is ours, parsing is warcio's. We find where each record starts and
ends (gzip member by gzip member, or by Content-Length in a plain file) so
that a corrupt or truncated record is reported in ``dropped`` (reason
"malformed WARC record", under its ordinal) and the next record is found
again; warcio then parses the record's headers and decodes its HTTP payload
(chunked transfer, gzip/deflate/brotli content encoding). warcio's own
iterator stops at the first corrupt gzip member, skips a truncated last
record without a word, and in a plain file lets a record whose Content-Length
is wrong swallow the next one (that page's text under the first one's URL).

Memory stays bounded whatever the file's size: the file is read in 1 MiB
chunks, a record is held only up to ``MAX_RECORD_BYTES`` (larger HTML
responses are reported and skipped), and drafts are built a batch at a time.

Each draft takes its URL from ``WARC-Target-URI`` (where the crawler fetched
it). Its date is the page's own publication date from its metadata when the
page has one, else ``WARC-Date``: the crawl date is the same day for a news
crawl of fresh articles, but a re-crawl of an old article would be dated
years late, and the page's date is the one a reader means. A WARC has no
text lines worth pointing at (it is usually gzip), so every paragraph of a
draft carries the record's ordinal in the file (1 = the first record,
usually warcinfo), as feed items carry their item number.
"""

from __future__ import annotations

import codecs
import io
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reader.core.errors import SourceError
from reader.core.ingest.dates import normalise_date
from reader.core.ingest.decode import decode_bytes, normalise_text
from reader.core.ingest.formats import Record, iter_finish
from reader.core.ingest.html_main import extract_page, looks_like_page
from reader.core.types import ArticleDraft, DroppedLine

MAGIC = b"WARC/1."
GZIP_MAGIC = b"\x1f\x8b\x08"
SUFFIXES = (".warc", ".warc.gz")
MAX_RECORD_BYTES = 20_000_000  # trafilatura's own MAX_FILE_SIZE
MAX_HEADER_BYTES = 64 * 1024
PEEK_BYTES = 64 * 1024  # enough of an oversized record's block to read its HTTP headers
CHUNK = 1 << 20
PROGRESS_STEP = 1 << 20
MALFORMED = "malformed WARC record"

Progress = Callable[[int, int], None]

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def is_warc(head: bytes) -> bool:
    """Does the file start with a WARC record, plain or gzipped?"""
    if head.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 64)
        except zlib.error:
            return False
    return head.lstrip(b"\r\n").startswith(MAGIC)


def named_warc(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIXES)


def iter_warc(
    path: Path, dropped: list[DroppedLine], progress: Progress | None = None
) -> Iterator[ArticleDraft]:
    """Drafts of every HTML page in a WARC file, streamed; skipped records land in ``dropped``."""
    yield from iter_finish(_articles(path, dropped, progress), dropped)
    dropped.sort(key=lambda d: d.line)


# --------------------------------------------------------------------------- framing


class _Malformed(Exception):
    """A record that cannot be read; the message says why, ``uri`` which page it held when known."""

    def __init__(self, detail: str, uri: str = "") -> None:
        super().__init__(detail)
        self.uri = uri


@dataclass
class _Raw:
    """One record as framed: its header block and (up to MAX_RECORD_BYTES of) its block."""

    offset: int
    header: bytes
    fields: dict[str, str]
    block: bytes
    too_large: bool = False


@dataclass
class _Bad:
    """A record that could not be framed, for the dropped list."""

    offset: int
    detail: str
    uri: str = ""


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _frames(fh: BinaryIO, size: int, progress: Progress | None) -> Iterator[_Raw | _Bad]:
    """Records of a plain or gzipped WARC file, in order, with bad ones as :class:`_Bad`."""
    fh.seek(0)
    gzipped = fh.read(3) == GZIP_MAGIC
    frames = _gzip_frames(fh, size) if gzipped else _plain_frames(fh, size)
    reported = 0
    for frame in frames:
        if progress and frame.offset - reported >= PROGRESS_STEP:
            progress(frame.offset, size)
            reported = frame.offset
        yield frame
    if progress:
        progress(size, size)


def _plain_frames(fh: BinaryIO, size: int) -> Iterator[_Raw | _Bad]:
    """Records of an uncompressed WARC, found by their Content-Length; lost sync is regained."""
    pos = 0
    resyncing = False
    while True:
        fh.seek(pos)
        start = _skip_blank_lines(fh)
        if start is None:
            return
        try:
            raw = _read_record(fh, start, size)
        except _Malformed as exc:
            if not resyncing:  # a false start met while searching is not another lost record
                yield _Bad(start, str(exc), exc.uri)
            resyncing = True
            found = _find(fh, MAGIC, start + 1)
            if found is None:
                return
            pos = found
            continue
        resyncing = False
        yield raw
        pos = fh.tell()


def _gzip_frames(fh: BinaryIO, size: int) -> Iterator[_Raw | _Bad]:
    """Records of a gzipped WARC, one gzip member at a time; a corrupt member is skipped whole."""
    pos = 0
    resyncing = False
    while pos < size:
        try:
            data, total, end = _inflate_member(fh, pos)
        except _Malformed as exc:
            if not resyncing:
                yield _Bad(pos, str(exc))
            resyncing = True
            found = _find(fh, GZIP_MAGIC, pos + 1)
            if found is None:
                return
            pos = found
            continue
        if resyncing and not data.lstrip(b"\r\n").startswith(MAGIC):
            found = _find(fh, GZIP_MAGIC, pos + 1)  # compressed bytes that happened to look like a member
            if found is None:
                return
            pos = found
            continue
        resyncing = False
        yield from _member_frames(data, total, pos)
        pos = end


def _member_frames(data: bytes, total: int, offset: int) -> Iterator[_Raw | _Bad]:
    """The records inside one decompressed gzip member (one, in a well-made file)."""
    stream = io.BytesIO(data)
    if (
        total > MAX_RECORD_BYTES
    ):  # only the member's first bytes were kept: read the header, peek at the block
        try:
            header, fields, length = _read_header(stream)
        except _Malformed as exc:
            yield _Bad(offset, str(exc))
            return
        if len(header) + length + 4 < total:
            yield _Bad(offset, f"one gzip member holds records past {_mb()}; recompress it record by record")
            return
        yield _Raw(offset, header, fields, stream.read(PEEK_BYTES), too_large=True)
        return
    while _skip_blank_lines(stream) is not None:
        try:
            yield _read_record(stream, offset, len(data))
        except _Malformed as exc:
            yield _Bad(offset, str(exc), exc.uri)
            return


def _inflate_member(fh: BinaryIO, pos: int) -> tuple[bytes, int, int]:
    """Decompress the gzip member at ``pos``: (its first MAX_RECORD_BYTES, its full size, where it ends).

    Output is produced a chunk at a time and only the first MAX_RECORD_BYTES
    are kept, so a decompression bomb costs time, never memory.
    """
    fh.seek(pos)
    inflater = zlib.decompressobj(wbits=31)
    kept = bytearray()
    total = 0
    consumed = pos
    while not inflater.eof:
        data = fh.read(CHUNK)
        if not data:
            raise _Malformed("the file ends inside the record (truncated gzip member)")
        consumed += len(data)
        try:
            while not inflater.eof:
                out = inflater.decompress(data, CHUNK)
                total += len(out)
                if len(kept) <= MAX_RECORD_BYTES:
                    kept += out[: MAX_RECORD_BYTES + 1 - len(kept)]
                data = inflater.unconsumed_tail
                if not data and len(out) < CHUNK:
                    break
        except zlib.error as exc:
            raise _Malformed(f"corrupt gzip data ({exc})") from None
    return bytes(kept), total, consumed - len(inflater.unused_data)


def _skip_blank_lines(fh: BinaryIO) -> int | None:
    """Move past the blank lines between records; the offset of what follows, None at the end."""
    while True:
        at = fh.tell()
        line = fh.readline(MAX_HEADER_BYTES)
        if not line:
            return None
        if line.strip(b"\r\n"):
            fh.seek(at)
            return at


def _read_header(fh: BinaryIO) -> tuple[bytes, dict[str, str], int]:
    """The WARC header block (through its blank line), its fields, and the Content-Length."""
    lines: list[bytes] = []
    size = 0
    while True:
        line = fh.readline(MAX_HEADER_BYTES)
        if not line:
            raise _Malformed("the file ends inside the record header")
        size += len(line)
        if size > MAX_HEADER_BYTES:
            raise _Malformed("record header longer than 64 KB")
        if not lines and not line.startswith(MAGIC):
            raise _Malformed("no WARC/1.x header where a record should start")
        lines.append(line)
        if not line.strip(b"\r\n"):
            break
    fields: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.decode("utf-8", "replace").partition(":")
        if sep:
            fields.setdefault(name.strip().lower(), value.strip())
    try:
        length = int(fields.get("content-length", ""))
    except ValueError:
        raise _Malformed("record header without a valid Content-Length") from None
    if length < 0:
        raise _Malformed("record header without a valid Content-Length")
    return b"".join(lines), fields, length


def _read_record(fh: BinaryIO, start: int, size: int) -> _Raw:
    """Read the record at ``start``; its block is kept only for the record types that can be pages."""
    header, fields, length = _read_header(fh)
    block_start = fh.tell()
    uri = _target_uri(fields)
    if block_start + length > size:
        raise _Malformed("the file ends inside the record (truncated)", uri)
    too_large = length > MAX_RECORD_BYTES
    keep = fields.get("warc-type", "").lower() in ("response", "resource")
    block = fh.read(min(length, PEEK_BYTES) if too_large else length) if keep else b""
    fh.seek(block_start + length)
    trailer = fh.read(4)
    gap = len(trailer) - len(trailer.lstrip(b"\r\n"))
    if gap < min(2, len(trailer)):
        raise _Malformed("the record does not end where its Content-Length says", uri)
    fh.seek(block_start + length + gap)
    return _Raw(start, header, fields, block, too_large)


def _find(fh: BinaryIO, needle: bytes, start: int) -> int | None:
    """Offset of the next ``needle`` at or after ``start``, reading a chunk at a time."""
    fh.seek(start)
    base = start
    tail = b""
    while True:
        data = fh.read(CHUNK)
        if not data:
            return None
        window = tail + data
        index = window.find(needle)
        if index >= 0:
            return base - len(tail) + index
        tail = window[-(len(needle) - 1) :]
        base += len(data)


def _mb() -> str:
    return f"{MAX_RECORD_BYTES / 1e6:g} MB"


def _target_uri(fields: dict[str, str]) -> str:
    return fields.get("warc-target-uri", "").strip().strip("<>")


# --------------------------------------------------------------------------- records to articles


def _articles(path: Path, dropped: list[DroppedLine], progress: Progress | None) -> Iterator[Record]:
    """One :class:`Record` per HTML page; malformed records, oversized pages and empty pages reported."""
    with _open(path) as fh:
        size = fh.seek(0, io.SEEK_END)
        for ordinal, frame in enumerate(_frames(fh, size, progress), 1):
            if isinstance(frame, _Bad):
                where = f"byte {frame.offset}: {frame.detail}"
                dropped.append(
                    DroppedLine(ordinal, f"{where} ({frame.uri})" if frame.uri else where, MALFORMED)
                )
                continue
            uri = _target_uri(frame.fields)
            try:
                page = _html_payload(frame)
            except _Malformed as exc:
                dropped.append(DroppedLine(ordinal, f"byte {frame.offset}: {exc} ({uri})", MALFORMED))
                continue
            if page is None:
                continue
            if frame.too_large:
                dropped.append(DroppedLine(ordinal, f"{uri} (over {_mb()})", "page too large"))
                continue
            text = extract_page(page, line=ordinal, url=uri or None)
            if not text.paragraphs:
                dropped.append(DroppedLine(ordinal, uri, "record without text"))
                continue
            date = normalise_date(text.date) or normalise_date(frame.fields.get("warc-date"))
            yield Record(list(text.paragraphs), text.title, date, text.author, uri or text.url)


def _html_payload(frame: _Raw) -> str | None:
    """The decoded HTML of a page record, or None when the record is not a page worth reading."""
    from warcio.recordloader import ArcWarcRecordLoader

    kind = frame.fields.get("warc-type", "").lower()
    if kind not in ("response", "resource"):
        return None
    try:
        record = ArcWarcRecordLoader().parse_record_stream(
            io.BytesIO(frame.header + frame.block), known_format="warc"
        )
        if kind == "response":
            http = record.http_headers
            if http is None:  # not an HTTP response (e.g. a DNS lookup)
                return None
            status = http.get_statuscode() or ""
            if not status.startswith("2"):
                return None
            content_type = http.get_header("Content-Type") or ""
        else:
            content_type = frame.fields.get("content-type", "")
        if content_type and "html" not in content_type.lower():
            return None
        if frame.too_large:
            return ""
        payload = record.content_stream().read(MAX_RECORD_BYTES + 1)
    except Exception as exc:  # warcio and the decompressors raise many kinds of error on bad HTTP data
        raise _Malformed(f"unreadable HTTP payload ({type(exc).__name__})") from None
    if len(payload) > MAX_RECORD_BYTES:
        raise _Malformed(f"HTTP payload expands past {_mb()}")
    if not content_type and not looks_like_page(payload[:4096].decode("latin-1")):
        return None
    return _decode_html(payload, content_type)


def _decode_html(payload: bytes, content_type: str) -> str:
    """Text of a page: UTF-8 when it decodes, else the declared charset, else our usual guess.

    Servers often declare ISO-8859-1 by default for pages that are really
    UTF-8, and a strict UTF-8 decode of non-ASCII bytes succeeding is strong
    evidence, so it is tried first.
    """
    try:
        return normalise_text(payload.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    declared = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    meta = _CHARSET.search(payload[:4096])
    name = declared.group(1) if declared else meta.group(1).decode("ascii") if meta else ""
    try:
        codec = codecs.lookup(name).name if name else ""
    except LookupError:
        codec = ""
    if codec in ("latin-1", "iso8859-1", "ascii"):
        codec = "cp1252"  # what browsers read for these labels
    if codec and codec != "utf-8":
        return normalise_text(payload.decode(codec, errors="replace"))
    return decode_bytes(payload)
