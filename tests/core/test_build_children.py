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


def _children_of_killed_build(
    source: Path, tmp_path: Path, stage: str, wanted: int, seconds: float, env: dict[str, str] | None = None
) -> tuple[set[int], set[int]]:
    """Build ``source``; once it reports ``stage`` and has ``wanted`` children, kill it.

    Returns the children seen and those still alive 20 s after the kill (none, when they
    die with their build). Skips when the build never had that many children (one core).
    """
    build = subprocess.Popen(
        [sys.executable, "-m", "reader", "index", str(source), "--progress-json"],
        cwd=REPO,
        env={
            **os.environ,
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            **(env or {}),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    children: set[int] = set()
    try:
        assert build.stdout is not None
        for line in build.stdout:
            if f'"stage": "{stage}"' in line:
                break
        deadline = time.monotonic() + seconds
        while len(children) < wanted and time.monotonic() < deadline and build.poll() is None:
            children |= _children(build.pid)
            time.sleep(0.02)
        if len(children) < wanted:
            pytest.skip(f"the build had {len(children)} children here (one core?): none to orphan")
        build.send_signal(signal.SIGKILL)
        build.wait(10)
        deadline = time.monotonic() + 20
        while any(_alive(p) for p in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        return children, {p for p in children if _alive(p)}
    finally:
        if build.poll() is None:
            build.kill()
        for pid in children:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.spacy
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_killing_a_build_kills_its_spacy_workers(tmp_path: Path) -> None:
    source = tmp_path / "news.jsonl"
    _dump(source, 240)
    workers, alive = _children_of_killed_build(source, tmp_path, "analyse", wanted=2, seconds=120)
    assert len(workers) >= 2
    assert alive == set()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_killing_a_build_mid_ingest_kills_its_segmenting_helper(tmp_path: Path) -> None:
    source = tmp_path / "dump.txt"
    text = SAMPLE.read_text(encoding="utf-8").rstrip("\n") + "\n"
    source.write_text(text * 500, encoding="utf-8")  # about 22,000 paragraphs: five buffers
    helpers, alive = _children_of_killed_build(
        source, tmp_path, "ingest", wanted=1, seconds=60, env={"LEDE_INGEST_PROCESS": "1"}
    )
    assert helpers
    assert alive == set()
