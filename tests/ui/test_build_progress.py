"""The status bar's build progress reads as a person counts: sizes for reading, counts for articles."""

from __future__ import annotations

import pytest

from reader.ui.controllers.loading import amount_read
from reader.ui.main_window import MainWindow


def test_reading_progress_is_a_size_in_the_unit_the_file_needs() -> None:
    assert amount_read(5_246_828, 7_321_347) == "5.2 of 7.3 MB"
    assert amount_read(0, 9_583) == "0.0 of 9.6 kB"
    assert amount_read(812_000_000, 2_400_000_000) == "0.8 of 2.4 GB"
    assert amount_read(12, 640) == "12 of 640 bytes"
    assert amount_read(1, 1) == "1 of 1 byte"


def test_the_status_bar_shows_megabytes_read_then_articles_analysed(window: MainWindow) -> None:
    loading = window.loading
    loading._build_event({"event": "stage", "stage": "ingest"})
    assert window.progress.format() == "Reading"
    loading._build_event({"event": "progress", "stage": "ingest", "done": 5_246_828, "total": 7_321_347})
    assert window.progress.format() == "Reading 5.2 of 7.3 MB"
    assert (window.progress.value(), window.progress.maximum()) == (5_246_828, 7_321_347)
    loading._build_event({"event": "stage", "stage": "analyse"})
    loading._build_event({"event": "progress", "stage": "analyse", "done": 15, "total": 4_160})
    assert window.progress.format() == "Finding entities 15/4,160"


def test_a_source_over_two_gigabytes_shows_its_progress(window: MainWindow) -> None:
    # QProgressBar's range is a C int: 7.3 GB in bytes overflowed it, and the progress stopped.
    loading = window.loading
    loading._build_event({"event": "stage", "stage": "ingest"})
    loading._build_event(
        {"event": "progress", "stage": "ingest", "done": 5_246_828_000, "total": 7_321_347_000}
    )
    assert window.progress.format() == "Reading 5.2 of 7.3 GB"
    assert window.progress.maximum() == 7_321_347_000 // 4
    assert window.progress.value() == 5_246_828_000 // 4


def test_time_left_reads_naturally_and_is_never_zero_while_work_is_left() -> None:
    from reader.ui.controllers.loading import duration

    assert [duration(s) for s in (0.3, 1.2, 59.0, 61.0, 3599.0, 7260.0)] == [
        "1 s",
        "2 s",
        "59 s",
        "1 min 01 s",
        "59 min 59 s",
        "2 h 01 min",
    ]


def test_a_build_notice_is_said_in_the_status_bar(window: MainWindow) -> None:
    message = "1 of your article cuts was not made: the paragraph at line 40 is no longer in the file"
    window.loading._build_event({"event": "notice", "message": message})
    assert window.statusBar().currentMessage() == message


def test_an_older_build_opened_after_a_newer_one_was_asked_for_is_never_shown(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    # Opens run on worker threads and can finish out of order: the older library must not win.
    from reader.core.library import open_library
    from tests.ui.conftest import settle

    shown = window.library
    late = open_library(window.source, build=False)
    loading = window.loading
    loading._opens += 2  # two opens asked for since the one ``late`` answers
    loading._library_opened(late, True, loading._opens - 1)
    settle(qtbot, window)
    assert window.library is shown
    with pytest.raises(Exception, match="closed"):
        late.articles()  # closed, not leaked
