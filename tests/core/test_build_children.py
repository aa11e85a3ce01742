"""A build that is killed takes its worker processes with it (spaCy, index writers, rule pool)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE


def _children(pid: int) -> set[int]:
    """Live processes whose parent is ``pid``."""
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if stat[0] != "Z" and int(stat[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _dump(path: Path, count: int) -> None:
    """``count`` different articles built from the sample's paragraphs (enough for 2 spaCy workers)."""
    paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").splitlines() if len(p.split()) > 12]
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            body = [paragraphs[(n + k) % len(paragraphs)] for k in range(6)]
            body.append(f"Reporter number {n} filed this story from desk {n * 7 % 31}.")
            out.write(json.dumps({"title": f"Story {n}", "text": "\n\n".join(body)}) + "\n")


@pytest.mark.spacy
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_killing_a_build_kills_its_spacy_workers(tmp_path: Path) -> None:
    source = tmp_path / "news.jsonl"
    _dump(source, 240)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data")}
    build = subprocess.Popen(
        [sys.executable, "-m", "reader", "index", str(source), "--progress-json"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    workers: set[int] = set()
    try:
        assert build.stdout is not None
        for line in build.stdout:
            if '"stage": "analyse"' in line:
                break
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline and build.poll() is None:
            workers |= _children(build.pid)
            time.sleep(0.05)
        if len(workers) < 2:
            pytest.skip("the build ran spaCy in one process here (one core): no workers to orphan")
        build.send_signal(signal.SIGKILL)
        build.wait(10)
        deadline = time.monotonic() + 20
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [p for p in workers if _alive(p)] == []
    finally:
        if build.poll() is None:
            build.kill()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_killing_a_build_mid_ingest_kills_its_segmenting_helper(tmp_path: Path) -> None:
    source = tmp_path / "dump.txt"
    text = SAMPLE.read_text(encoding="utf-8").rstrip("\n") + "\n"
    source.write_text(text * 500, encoding="utf-8")  # about 22,000 paragraphs: five buffers
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "LEDE_INGEST_PROCESS": "1",
    }
    build = subprocess.Popen(
        [sys.executable, "-m", "reader", "index", str(source), "--progress-json"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    helpers: set[int] = set()
    try:
        assert build.stdout is not None
        for line in build.stdout:
            if '"stage": "ingest"' in line and '"progress"' in line:
                break
        deadline = time.monotonic() + 60
        while not helpers and time.monotonic() < deadline and build.poll() is None:
            helpers = _children(build.pid)
            time.sleep(0.02)
        if not helpers:
            pytest.skip("the build segmented on one process here (one core): no helper to orphan")
        build.send_signal(signal.SIGKILL)
        build.wait(10)
        deadline = time.monotonic() + 20
        while any(_alive(p) for p in helpers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [p for p in helpers if _alive(p)] == []
    finally:
        if build.poll() is None:
            build.kill()
        for pid in helpers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
