"""Bytes to text, for files nobody promised were clean.

Scraped dumps arrive as UTF-8 with or without a BOM, as UTF-16 written by
Windows tools (sometimes without a BOM), or in a legacy code page. Decoding
must never crash on a bad byte: a reader that refuses a file because of one
stray byte is worse than one that shows a replacement character. Only a file
that is plainly not text (an image, an archive) is refused, with a clear line.

Plain text is decoded line by line (:func:`iter_text_lines`) so a 100 MB dump
never has to exist as several whole-file strings at once.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from reader.core.errors import SourceError

SNIFF_BYTES = 64 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls other than tab/newline/carriage return/form feed, DEL and the C1 controls
# (what undefined cp1252 bytes become through latin-1): never meaningful in an article.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def sniff_encoding(head: bytes) -> tuple[str, int]:
    """Guess the encoding of a file from its first bytes; return (codec, BOM length).

    ``"auto"`` means "UTF-8 where it decodes, a legacy code page where it does
    not", decided per line, because real dumps are often concatenations of
    files saved by different tools.
    """
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec, len(bom)
    utf16 = _utf16_by_nuls(head)
    if utf16:
        return utf16, 0
    return "auto", 0


def _utf16_by_nuls(head: bytes) -> str | None:
    """Recognise BOM-less UTF-16: mostly-ASCII text has a NUL in every other byte."""
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2]
    odd = sample[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / len(odd)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def looks_binary(head: bytes) -> bool:
    """True when the bytes are plainly not text in any encoding we read.

    NUL bytes are judged apart: a text file padded or sprinkled with NULs (a
    scrape written into a preallocated file, a database dump) keeps its text,
    the NULs are stripped on decoding. What marks a binary file is what is
    left once NULs are set aside: control bytes, or bytes that decode neither
    as UTF-8 nor as a Latin text encoding would (images, archives, PDFs).
    """
    sample = head[:SNIFF_BYTES]
    if not sample:
        return False
    codec, _ = sniff_encoding(sample)
    if codec != "auto":
        return False
    rest = sample.replace(b"\x00", b"")
    if not rest.strip():  # only NULs (and blanks): nothing to read
        return True
    controls = sum(rest.count(bytes([b])) for b in _CONTROL_BYTES[1:])
    if controls / len(rest) > 0.05:
        return True
    high = sum(1 for b in rest if b > 127)
    if high / len(rest) < 0.3:
        return False
    # Mostly non-ASCII: text only if it is (nearly) valid UTF-8.
    bad = rest.decode("utf-8", errors="replace").count("\ufffd")
    return bad > high * 0.05


def _decode_auto(data: bytes) -> str:
    """UTF-8 when it decodes, else cp1252, else latin-1 (which always decodes)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few broken bytes: keep UTF-8 and mark the bad bytes.
    replaced = data.decode("utf-8", errors="replace")
    non_ascii = sum(1 for b in data if b > 127)
    if non_ascii and replaced.count("\ufffd") * 4 < non_ascii / 4:
        return replaced
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def normalise_text(text: str) -> str:
    """Strip NULs and stray control characters, unify newlines, compose to NFC."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_RE.sub("", text)
    return unicodedata.normalize("NFC", text)


def decode_bytes(data: bytes) -> str:
    """Decode a whole byte string to normalised text; never raises on bad bytes."""
    codec, skip = sniff_encoding(data[:SNIFF_BYTES])
    text = _decode_auto(data) if codec == "auto" else data[skip:].decode(codec, errors="replace")
    return normalise_text(text)


def read_text_file(path: Path) -> str:
    """Read and decode a whole file, refusing binary files with a clear message."""
    data = _read_bytes(path)
    if looks_binary(data[:SNIFF_BYTES]):
        raise SourceError(f"{path}: does not look like text")
    return decode_bytes(data)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def read_head(path: Path, size: int = SNIFF_BYTES) -> bytes:
    """The first ``size`` bytes of a file, with OS errors turned into SourceError."""
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def iter_text_lines(path: Path) -> Iterator[tuple[str, int]]:
    """Yield ``(line, bytes_read_so_far)`` for each line of a text file, decoded.

    Lines come without their newline. UTF-8/legacy files are split on raw
    ``\\n`` bytes and each line decoded on its own, so one cp1252 line inside a
    UTF-8 dump costs that line only its own fallback. UTF-16/32 files go
    through an incremental decoder.
    """
    head = read_head(path)
    if looks_binary(head):
        raise SourceError(f"{path}: does not look like text")
    codec, skip = sniff_encoding(head)
    try:
        fh: BinaryIO = path.open("rb")
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    with fh:
        fh.seek(skip)
        if codec == "auto":
            done = skip
            for raw in fh:
                done += len(raw)
                text = normalise_text(_decode_auto(raw.rstrip(b"\r\n")))
                # A lone CR (old Mac files) became a newline: split it here.
                for part in text.split("\n"):
                    yield part, done
            return
        wrapper = io.TextIOWrapper(fh, encoding=codec, errors="replace", newline=None)
        for line in wrapper:
            # TextIOWrapper hides the byte position while iterating; the buffer's
            # position is a close-enough progress measure.
            for part in normalise_text(line.rstrip("\n")).split("\n"):
                yield part, fh.tell()
