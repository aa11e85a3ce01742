"""A long plain dump segmented in a second process gives the same articles, and a dying helper loses none."""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path

import pytest

from reader.core.ingest import pipeline, starts_process
from reader.core.ingest.segment import Unit
from reader.core.types import ArticleDraft, DroppedLine

SAMPLE = Path(__file__).parents[2] / "resources" / "sample-news.txt"
COPIES = 12


def _lines() -> list[tuple[int, str]]:
    """The sample twelve times, with a fused word whose repair depends on when its parts are counted.

    "Zorblatthe" in the first copy is split only if "Zorblat" has been counted when the
    first copy is drafted; "Zorblat" comes in the fifth copy, in the buffer after the one that
    settles the first copy, so a stream that drafted with the next buffer already counted
    would split it, and one reading the file whole would too.
    """
    copy = SAMPLE.read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines: list[str] = []
    for k in range(COPIES):
        text = list(copy)
        if k == 0:
            text[3] += " Zorblatthe convoy waited."
        if k == 4:
            text[3] += " Zorblat Zorblat."
        lines += text
    return list(enumerate(lines, 1))


def _ingest(second_process: bool) -> tuple[list[ArticleDraft], list[DroppedLine]]:
    dropped: list[DroppedLine] = []
    drafts = list(pipeline.iter_segment_lines(iter(_lines()), dropped, second_process=second_process))
    dropped.sort(key=lambda d: d.line)
    return drafts, dropped


class _Spy:
    """Records every helper the stream starts, and can kill its child before a chosen buffer."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, kill_before: int | None = None) -> None:
        self.helpers: list[starts_process.StartsProcess] = []
        self.submitted = 0
        spy = self
        real_init = starts_process.StartsProcess.__init__
        real_submit = starts_process.StartsProcess.submit

        def init(helper: starts_process.StartsProcess) -> None:
            real_init(helper)
            spy.helpers.append(helper)

        def submit(helper: starts_process.StartsProcess, units: list[Unit]) -> None:
            spy.submitted += 1
            if spy.submitted == kill_before and helper.pid is not None:
                os.kill(helper.pid, signal.SIGKILL)
            real_submit(helper, units)

        monkeypatch.setattr(starts_process.StartsProcess, "__init__", init)
        monkeypatch.setattr(starts_process.StartsProcess, "submit", submit)


def test_a_second_process_cuts_the_same_articles(
    small_buffers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _Spy(monkeypatch)
    alone, alone_dropped = _ingest(second_process=False)
    assert spy.helpers == []
    helped, helped_dropped = _ingest(second_process=True)
    assert len(spy.helpers) == 1 and spy.submitted >= 5
    assert len(alone) == 4 * COPIES
    assert "Zorblatthe convoy" in alone[0].paragraphs[3]  # judged with the words read by then
    assert helped == alone  # titles, lines, repaired paragraphs, dates: every field
    assert helped_dropped == alone_dropped


def test_a_helper_killed_mid_dump_loses_no_article(
    small_buffers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone, alone_dropped = _ingest(second_process=False)
    spy = _Spy(monkeypatch, kill_before=3)
    helped, helped_dropped = _ingest(second_process=True)
    assert len(spy.helpers) == 1  # not restarted: the rest of the dump is segmented here
    assert spy.submitted == 3
    assert helped == alone
    assert helped_dropped == alone_dropped


def test_the_helper_ends_when_the_stream_is_closed(
    small_buffers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _Spy(monkeypatch)
    stream = pipeline.iter_segment_lines(iter(_lines()), [], second_process=True)
    next(stream)
    (helper,) = spy.helpers
    assert helper.pid is not None
    os.kill(helper.pid, 0)  # alive while the stream is open
    stream.close()
    with pytest.raises(ProcessLookupError):  # ended and reaped, not left behind
        os.kill(helper.pid, 0)


def test_a_dump_shorter_than_a_buffer_starts_no_process(monkeypatch: pytest.MonkeyPatch) -> None:
    spy = _Spy(monkeypatch)
    text = SAMPLE.read_text(encoding="utf-8")
    drafts = list(pipeline.iter_segment_lines(enumerate(text.split("\n"), 1), [], second_process=True))
    assert [d.start_line for d in drafts] == [1, 21, 34, 52]
    assert spy.helpers == []


def test_the_environment_switch_turns_the_helper_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(starts_process.ENV_SWITCH, "0")
    assert starts_process.wanted() is False
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0}, raising=False)
    monkeypatch.delenv(starts_process.ENV_SWITCH)
    assert starts_process.wanted() is False  # one core: nothing to gain
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert starts_process.wanted() is ("fork" in multiprocessing.get_all_start_methods())
