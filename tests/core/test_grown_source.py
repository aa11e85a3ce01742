"""A dump that only grew keeps its earlier build's breaks (issue 13, item 7: appending never moves one).

The segmenter weighs each gap against the whole dump, so appended text can tip a close call
far above it (on the fitting publishers' dev dumps it did in 13 of 64). These tests make the
segmenter change its mind on purpose, by patching in an extra start inside the first story,
and check that the build of a grown file keeps the earlier breaks anyway, while a file edited
above its end is segmented afresh.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest

from reader.core.build import PIPELINE_VERSION, current_build, read_manifest
from reader.core.ingest import pipeline
from reader.core.ingest.cuts import Pins, apply_pins
from reader.core.ingest.segment import Segmentation, Unit
from reader.core.library import open_library
from reader.core.source_digest import SourceDigest, digest_source, earlier_starts, file_sha256
from reader.core.store.annotations import AnnotationStore
from reader.paths import source_cache_dir
from tests.conftest import SAMPLE

EXTRA = (  # the sample's last line has no line break: the new story starts on a line of its own
    "\nA powerful earthquake struck off the coast of Chile on Sunday, the national seismology agency said.\n"
    "The tremor was felt in the capital Santiago, where residents rushed into the streets.\n"
    "There were no immediate reports of damage or casualties, officials said.\n"
)


def _articles(source: Path, store: AnnotationStore) -> list[tuple[str, int]]:
    lib = open_library(source, annotations=store)
    try:
        return [(s.id, s.start_line) for s in lib.articles()]
    finally:
        lib.close()


@pytest.fixture
def second_thoughts(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on the segmenter also starts an article at the sample's second line."""
    real = pipeline.segment_units

    def changed(units: Sequence[Unit]) -> Segmentation:
        found = real(units)
        extra = [i for i, u in enumerate(units) if u.line == 2]
        return Segmentation(sorted({*found.starts, *extra}), found.doubts)

    monkeypatch.setattr(pipeline, "segment_units", changed)


def test_an_append_keeps_every_earlier_break_even_where_the_segmenter_now_differs(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    source = tmp_path / "grow.txt"
    source.write_bytes(SAMPLE.read_bytes())
    store = AnnotationStore(tmp_path / "a.sqlite")
    before = _articles(source, store)
    assert len(before) == 4
    request.getfixturevalue("second_thoughts")
    source.write_text(SAMPLE.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")
    after = _articles(source, store)
    assert after[:4] == before
    assert len(after) == 5 and after[4][1] == SAMPLE.read_text(encoding="utf-8").count("\n") + 2
    store.close()


def test_a_file_edited_above_its_end_is_segmented_afresh(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    source = tmp_path / "edited.txt"
    text = SAMPLE.read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    store = AnnotationStore(tmp_path / "a.sqlite")
    assert len(_articles(source, store)) == 4
    request.getfixturevalue("second_thoughts")
    source.write_text(text.replace("virtually emptied", "all but emptied", 1) + EXTRA, encoding="utf-8")
    after = _articles(source, store)
    assert [line for _, line in after[:2]] == [1, 2]  # the segmenter's new break is made
    assert len(after) == 6
    store.close()


def test_only_the_bytes_the_earlier_build_read_count_as_unchanged(tmp_path: Path) -> None:
    source = tmp_path / "s.txt"
    source.write_bytes(b"one\ntwo\n")
    manifest = {"sha256": file_sha256(source), "size": 8, "pipeline": PIPELINE_VERSION}
    source.write_bytes(b"one\ntwo\nthree\n")
    build = tmp_path / "missing-build"  # no catalog to read: nothing is pinned, nothing fails
    grown = digest_source(source, 8)
    assert (grown.size, grown.prefix_sha256) == (14, manifest["sha256"])  # one read: size and prefix
    assert digest_source(source, 20).prefix_sha256 is None  # shorter than the prefix asked for
    assert earlier_starts(grown, build, manifest, PIPELINE_VERSION) is None
    assert earlier_starts(grown, None, manifest, PIPELINE_VERSION) is None
    same_size = SourceDigest(grown.sha256, 8, grown.prefix_sha256)
    assert earlier_starts(same_size, build, manifest, PIPELINE_VERSION) is None  # not grown
    assert earlier_starts(grown, build, {**manifest, "size": None}, PIPELINE_VERSION) is None


def test_pins_fix_every_gap_down_to_the_last_earlier_lead_and_no_further() -> None:
    units = [Unit(line, f"paragraph {line}") for line in (1, 2, 3, 5, 6, 7, 9)]
    pins = Pins(limit=6, leads=frozenset({1, 5, 6}))
    # The segmenter now says 2 and 9; before, 5 and 6 were leads and 2 was not: 9 is past the limit.
    assert apply_pins(units, [0, 1, 6], pins) == [0, 3, 4, 6]
    assert apply_pins(units, [0, 1], None) == [0, 1]
    assert apply_pins(units[4:], [0, 2], pins) == [0, 2]  # a later buffer starts at the pinned lead


# Two of the dev dumps (fit_segmenter's seeds and cells) where, before pins, appending the last
# story changed an earlier article: its first story split, or two merged, by a close call.
_MOVED = (
    ("politico", 2000 * 10 + 0, "paragraphs", False, 0.5),
    ("wikinews", 2001 * 10 + 3, "paragraphs", True, 0.0),
)


@pytest.mark.parametrize(("publisher", "seed", "style", "same", "rate"), _MOVED)
def test_appending_a_story_to_a_real_dump_changes_no_earlier_article(
    tmp_path: Path, publisher: str, seed: int, style: str, same: bool, rate: float
) -> None:
    from tests.core.publishers import available, load_publisher, make_publisher_dump

    if not available():
        pytest.skip("corpora not found")
    dump = make_publisher_dump(
        load_publisher(publisher), seed, line_style=style, same_subject=same, title_rate=rate
    )
    lines = dump.text.split("\n")
    source = tmp_path / "dump.txt"
    source.write_text("\n".join(lines[: dump.starts[-1] - 1]) + "\n", encoding="utf-8")
    store = AnnotationStore(tmp_path / "a.sqlite")
    before = _articles(source, store)
    source.write_text(dump.text, encoding="utf-8")
    after = _articles(source, store)
    assert after[: len(before) - 1] == before[:-1]
    store.close()


def test_a_damaged_earlier_catalog_means_segmenting_afresh_not_failing(tmp_path: Path) -> None:
    source = tmp_path / "grow.txt"
    source.write_bytes(SAMPLE.read_bytes())
    store = AnnotationStore(tmp_path / "a.sqlite")
    before = _articles(source, store)
    build = current_build(source_cache_dir(source))
    assert build is not None
    with sqlite3.connect(build / "catalog.sqlite") as db:
        db.execute('UPDATE article SET lines = \'{"not": "a list"}\' WHERE position = 0')
    manifest = read_manifest(build)
    grown = SAMPLE.read_text(encoding="utf-8") + EXTRA
    source.write_text(grown, encoding="utf-8")
    assert earlier_starts(digest_source(source, manifest["size"]), build, manifest, PIPELINE_VERSION) is None
    after = _articles(source, store)
    assert after[:4] == before and len(after) == 5
    store.close()
