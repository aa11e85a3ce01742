"""Decoding and bad inputs: encodings, BOMs, NULs, binary files, empty files, huge lines."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reader.core.errors import SourceError
from reader.core.ingest import ingest_path
from reader.core.ingest.decode import decode_bytes

TEXT = (
    "Officials said on Monday that the “new bridge” over the river will open next spring.\n"
    "The café owners welcomed the decision, which ends years of delays.\n"
)


def test_utf8_with_bom_is_decoded_without_the_bom() -> None:
    assert decode_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8")) == TEXT


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("bom", [True, False])
def test_utf16_is_detected_with_or_without_bom(codec: str, bom: bool) -> None:
    data = TEXT.encode(codec)
    if bom:
        data = ("\ufeff").encode(codec) + data
    assert decode_bytes(data) == TEXT


def test_cp1252_smart_quotes_fall_back_to_the_legacy_code_page() -> None:
    assert decode_bytes(TEXT.encode("cp1252")) == TEXT


def test_bytes_undefined_in_cp1252_fall_back_to_latin1() -> None:
    assert decode_bytes(b"caf\xe9 \x81") == "caf\xe9 "  # \x81 is a C1 control: stripped


def test_nul_bytes_are_stripped_and_text_is_nfc() -> None:
    assert decode_bytes(b"ab\x00c cafe\xcc\x81") == "abc caf\u00e9"


def test_crlf_and_cr_newlines_become_lf() -> None:
    assert decode_bytes(b"one\r\ntwo\rthree") == "one\ntwo\nthree"


def test_broken_utf8_never_raises() -> None:
    text = decode_bytes("Zürich ".encode() * 50 + b"\xff\xfe\xfa")
    assert text.startswith("Zürich")


def test_empty_file_gives_no_articles(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = ingest_path(empty)
    assert result.drafts == () and result.dropped == ()


def test_binary_file_is_refused_with_its_name(tmp_path: Path) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(SourceError, match=r"photo\.jpg.*does not look like text"):
        ingest_path(binary)


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        ingest_path(tmp_path / "nope.txt")


def test_text_with_a_few_nul_bytes_is_read(tmp_path: Path) -> None:
    path = tmp_path / "nuls.txt"
    path.write_bytes(TEXT.encode("utf-8").replace(b"river", b"ri\x00ver"))
    result = ingest_path(path)
    assert "river" in result.drafts[0].text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16", "cp1252", "utf-8-sig"])
def test_files_in_any_supported_encoding_read_the_same(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(TEXT.encode(codec))
    result = ingest_path(path)
    assert result.drafts[0].paragraphs == tuple(TEXT.strip().split("\n"))


def test_a_5mb_single_line_finishes_quickly(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    sentence = "The council approved the budget for the new library after a long debate. "
    path.write_text(sentence * (5_000_000 // len(sentence)), encoding="utf-8")
    started = time.perf_counter()
    result = ingest_path(path)
    assert time.perf_counter() - started < 15
    assert len(result.drafts) == 1
    assert len(result.drafts[0].title) <= 81


def test_progress_reports_bytes_up_to_the_total(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_text(TEXT * 4_000, encoding="utf-8")
    seen: list[tuple[int, int]] = []
    ingest_path(path, progress=lambda done, total: seen.append((done, total)))
    size = path.stat().st_size
    assert len(seen) >= 3 and seen[-1] == (size, size)
    assert all(total == size for _, total in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
