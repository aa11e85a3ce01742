"""Cuts the reader makes between articles: kept with the annotations, read by builds without writing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.core.store import cuts
from reader.core.store.annotations import AnnotationStore

P3, P0, P7 = "Three.", "Zero.", "Seven killed as storm hits coast."
P21 = "Residents said the water rose within minutes."
P40 = "The council will meet again on Monday."


def kinds(store: AnnotationStore, source: str) -> dict[int, str]:
    return {line: cut.kind for line, cut in store.cuts(source).items()}


def test_the_newest_word_on_a_line_wins_and_can_be_taken_back(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "annotations.sqlite") as store:
        store.set_cut("src", 21, "start", P21)
        store.set_cut("src", 40, "join", P40)
        store.set_cut("other", 21, "join", P21)
        assert kinds(store, "src") == {21: "start", 40: "join"}
        store.set_cut("src", 21, "join", P21)  # changed their mind
        assert kinds(store, "src") == {21: "join", 40: "join"}
        assert store.clear_cut("src", 40) is True
        assert store.clear_cut("src", 40) is False  # nothing stands there any more
        assert kinds(store, "src") == {21: "join"}
        store.set_cut("src", 40, "start", P40)  # said again after being taken back
        assert kinds(store, "src") == {21: "join", 40: "start"}
        assert kinds(store, "other") == {21: "join"}


def test_a_cut_must_be_a_known_kind_on_a_real_line(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "annotations.sqlite") as store:
        with pytest.raises(ValueError, match="start, join"):
            store.set_cut("src", 3, "merge", P3)
        with pytest.raises(ValueError, match="count from 1"):
            store.set_cut("src", 0, "start", P0)
        assert store.cuts("src") == {}


def test_a_build_reads_the_cuts_without_writing_the_file(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    with AnnotationStore(path) as store:
        store.set_cut("src", 7, "start", P7)
    before = path.read_bytes()
    assert cuts.read_live(path, "src") == {7: cuts.Cut("start", cuts.fingerprint(P7))}
    assert path.read_bytes() == before
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # SQLite's reader files, nothing written


def test_a_build_builds_without_cuts_when_the_file_cannot_give_them(tmp_path: Path) -> None:
    assert cuts.read_live(tmp_path / "none.sqlite", "src") == {}  # no notes yet
    old = tmp_path / "old.sqlite"
    conn = sqlite3.connect(old)
    conn.execute("CREATE TABLE highlight (id INTEGER PRIMARY KEY)")  # a file from before cuts
    conn.commit()
    conn.close()
    assert cuts.read_live(old, "src") == {}
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"not a database at all" * 100)
    assert cuts.read_live(damaged, "src") == {}


def test_a_paragraph_is_known_through_ingest_repairs_and_not_through_a_changed_word() -> None:
    raw = "More than 100,000 have now fled to Armeniafrom the disputed region, ‘officials’ said."
    repaired = "More than 100,000 have now fled to Armenia from the disputed region, ’officials’ said."
    assert cuts.fingerprint(raw) == cuts.fingerprint(repaired) == cuts.fingerprint(" " + repaired.upper())
    assert cuts.fingerprint(repaired.replace("100,000", "200,000")) != cuts.fingerprint(repaired)


def test_cuts_come_back_when_the_notes_file_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    with AnnotationStore(path) as store:
        store.set_cut("src", 21, "start", P21)
        store.set_cut("src", 40, "join", P40)
        store.set_article_note("src", "a1", "kept too")
    data = bytearray(path.read_bytes())
    data[:100] = bytes(100)  # the header gone: SQLite cannot open it
    path.write_bytes(bytes(data))
    assert cuts.read_live(path, "src") == {}  # a build meanwhile builds without them, writing nothing
    with AnnotationStore(path) as store:  # the window: recovered from the backup, said in a notice
        assert store.notice is not None
        assert kinds(store, "src") == {21: "start", 40: "join"}
    assert {line: cut.kind for line, cut in cuts.read_live(path, "src").items()} == {21: "start", 40: "join"}
