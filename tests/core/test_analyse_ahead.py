"""The open article first: during a build, requested articles are analysed ahead of the queue."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from reader.core.analyse import SpacyBackend, analyse_texts
from reader.core.analyse.ahead import AheadRequests, read_requests
from reader.core.analyse.backend import Span
from reader.core.build import build_source
from reader.core.store.catalog import Catalog
from tests.conftest import REPO, SAMPLE
from tests.core.rotated import rotated_sample


def test_a_newer_request_replaces_the_pending_one_and_served_ids_are_skipped() -> None:
    requests = AheadRequests()
    read_end, write_end = os.pipe()
    os.write(write_end, b'{"first": ["a", "b"]}\nnot json\n{"first": ["c", "a", "d"]}\n')
    os.close(write_end)
    read_requests(read_end, requests).join(10)
    os.close(read_end)
    got = [requests.take({"a"}, timeout=5.0), requests.take({"a"}, timeout=5.0)]
    assert got == ["c", "d"]
    assert requests.take(set(), timeout=0.05) is None


class HeldBackend:
    """spaCy, held before its first result until the lane has announced an article."""

    def __init__(self, release: threading.Event) -> None:
        self.inner = SpacyBackend()
        self.release = release

    def spans(self, texts: Sequence[str]) -> Iterator[list[Span]]:
        assert self.release.wait(120), "the lane never analysed the requested article"
        yield from self.inner.spans(texts)


@pytest.mark.spacy
def test_the_requested_article_is_stored_and_announced_before_the_build_reaches_it(tmp_path: Path) -> None:
    source = tmp_path / "news.txt"
    source.write_bytes(SAMPLE.read_bytes())
    cache = tmp_path / "cache"
    released = threading.Event()
    seen: list[dict[str, Any]] = []
    ahead_view: dict[str, Any] = {}
    requests = AheadRequests()

    def emit(event: dict[str, Any]) -> None:
        seen.append(event)
        if event["event"] == "searchable":  # asked during the NER pass, held until the lane answers
            with Catalog(Path(event["dir"]) / "catalog.sqlite", readonly=True) as catalog:
                ahead_view["ids"] = [a.id for a in catalog.articles()]
            requests.ask([ahead_view["ids"][2]])
        if event["event"] == "analysed":
            with Catalog(build / "catalog.sqlite", readonly=True) as catalog:
                ahead_view["stored"] = {i: catalog.article(i) for i in ahead_view["ids"]}
            released.set()

    build = cache / "unset"

    def remember_dir(event: dict[str, Any]) -> None:
        nonlocal build
        if event["event"] == "searchable":
            build = Path(event["dir"])
        emit(event)

    build_source(source, cache, emit=remember_dir, ner=HeldBackend(released), ahead=requests)
    kinds = [e["event"] for e in seen if e["event"] != "progress"]
    wanted = ahead_view["ids"][2]
    assert kinds.index("analysed") < kinds.index("entities")
    assert [e["id"] for e in seen if e["event"] == "analysed"] == [wanted]
    analyse_progress = [e["done"] for e in seen if e.get("stage") == "analyse" and e["event"] == "progress"]
    assert seen.index(next(e for e in seen if e["event"] == "analysed")) < seen.index(
        next(e for e in seen if e.get("stage") == "analyse" and e["event"] == "progress")
    )
    assert analyse_progress[-1] == 4
    stored = ahead_view["stored"]
    alone = analyse_texts([stored[wanted].text], backend=SpacyBackend())[0]
    assert stored[wanted].entities == alone.entities and stored[wanted].quotes == alone.quotes
    assert len(alone.entities) > 3
    assert [len(stored[i].entities) for i in ahead_view["ids"] if i != wanted] == [0, 0, 0]
    with Catalog(build / "catalog.sqlite", readonly=True) as catalog:
        texts = [catalog.article(i).text for i in ahead_view["ids"]]
        final = [catalog.article(i).entities for i in ahead_view["ids"]]
    assert final == [a.entities for a in analyse_texts(texts, backend=SpacyBackend())]


@pytest.mark.spacy
def test_an_article_asked_for_before_the_text_index_is_built_is_answered_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the moment the list shows, not only once the build is searchable (that was 12.8 s at 2k)."""
    import reader.core.build as build_module

    source = tmp_path / "news.txt"
    source.write_bytes(SAMPLE.read_bytes())
    released = threading.Event()
    requests = AheadRequests()
    seen: list[dict[str, Any]] = []
    stored: dict[str, Any] = {}
    copies_stage = build_module._copies_stage

    def held_copies_stage(work: Path, emit: Any) -> None:
        assert released.wait(120), "the lane never answered while the list was all there was"
        copies_stage(work, emit)

    monkeypatch.setattr(build_module, "_copies_stage", held_copies_stage)

    def emit(event: dict[str, Any]) -> None:
        seen.append(event)
        if event["event"] == "articles":
            stored["dir"] = Path(event["dir"])
            with Catalog(stored["dir"] / "catalog.sqlite", readonly=True) as catalog:
                stored["ids"] = [a.id for a in catalog.articles()]
            requests.ask([stored["ids"][1], stored["ids"][2]])
        if event["event"] == "analysed":
            with Catalog(stored["dir"] / "catalog.sqlite", readonly=True) as catalog:
                stored[event["id"]] = catalog.article(event["id"])
            if len([e for e in seen if e["event"] == "analysed"]) == 2:
                released.set()
        if event["event"] == "searchable":
            import whoosh.index

            with whoosh.index.open_dir(str(Path(event["dir"]) / "index")).reader() as reader:
                stored["entity_terms"] = sum(1 for _ in reader.all_terms() if _[0] == "entities")

    build = build_source(source, tmp_path / "cache", emit=emit, ahead=requests)
    kinds = [e["event"] for e in seen if e["event"] != "progress"]
    assert kinds[: kinds.index("searchable")].count("analysed") == 2
    assert [e["id"] for e in seen if e["event"] == "analysed"] == stored["ids"][1:3]
    for article_id in stored["ids"][1:3]:
        alone = analyse_texts([stored[article_id].text], backend=SpacyBackend())[0]
        assert stored[article_id].entities == alone.entities and len(alone.entities) > 3
    # The text index published at "searchable" holds no provisional entity field (the entity
    # stage adds them once, from the final analysis, by copying the text index as it is).
    assert stored["entity_terms"] == 0
    with Catalog(build / "catalog.sqlite", readonly=True) as catalog:
        texts = [catalog.article(i).text for i in stored["ids"]]
        final = [catalog.article(i).entities for i in stored["ids"]]
    assert final == [a.entities for a in analyse_texts(texts, backend=SpacyBackend())]


@pytest.mark.spacy
def test_lede_index_reads_its_requests_from_stdin(tmp_path: Path) -> None:
    """The window's channel: a JSON line on the build's stdin, before the build has begun."""
    from reader.core.build import article_ids
    from reader.core.ingest.source import stream_path

    source = rotated_sample(tmp_path, 80)
    last = article_ids(list(stream_path(source).drafts))[-1]
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", "index", str(source), "--progress-json", "--ahead-stdin"],
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps({"first": [last]}) + "\n")
    proc.stdin.flush()
    events = [json.loads(line) for line in proc.stdout]
    proc.stdin.close()
    assert proc.wait(60) == 0
    analysed = next(i for i, e in enumerate(events) if e["event"] == "analysed")
    assert events[analysed]["id"] == last
    done_then = [e["done"] for e in events[:analysed] if e.get("stage") == "analyse" and "done" in e]
    assert max(done_then, default=0) < 80  # the build's own pass had not reached it (it is last)


FORK_AFTER_READING = """
import multiprocessing as mp, sys, time
from reader.core.analyse.ahead import AheadRequests, read_requests
read_requests(sys.stdin.fileno(), AheadRequests())
time.sleep(0.3)  # the thread is blocked reading
child = mp.get_context("fork").Process(target=print, args=("child",))
child.start()
child.join(20)
print("exit", child.exitcode)
"""


def test_a_build_still_forks_while_its_requests_are_being_read() -> None:
    """Index writers, spaCy and rule workers fork; a child closes sys.stdin first, so the
    reading thread must not hold its lock (with sys.stdin read in a thread, this hung)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", FORK_AFTER_READING],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        proc.wait(60)  # stdin stays open: the thread is still blocked reading when the child forks
    finally:
        proc.kill()
    assert proc.stdout is not None and proc.stdout.read().splitlines() == ["child", "exit 0"]


@pytest.mark.spacy
def test_the_lane_process_gives_the_same_analysis_as_the_build_and_ends_with_its_pipe() -> None:
    from reader.core.analyse.lane_process import ProcessAnalyser

    text = SAMPLE.read_text(encoding="utf-8").split("\n\n")[0]
    analyser = ProcessAnalyser()
    try:
        got = analyser.analyse(text)
    finally:
        analyser.close()
    assert got == analyse_texts([text], backend=SpacyBackend())[0]
    assert got.entities  # the sample's first story names people and places
    assert analyser._child.exitcode == 0  # it left on EOF, it was not terminated


def test_a_lane_process_whose_model_cannot_load_says_why_on_every_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reader.core.analyse.lane_process import ProcessAnalyser

    monkeypatch.setenv("LEDE_SPACY_MODEL", "no_such_model")
    analyser = ProcessAnalyser()
    try:
        for _ in range(2):
            with pytest.raises(RuntimeError, match="no_such_model"):
                analyser.analyse("Jane Smith went to Paris.")
    finally:
        analyser.close()


def test_a_killed_build_does_not_leave_its_lane_process_behind(tmp_path: Path) -> None:
    """SIGKILL gives the build no chance to close the lane: the child must see its pipe close."""
    script = (
        "import os, sys\n"
        "from reader.core.analyse.lane_process import ProcessAnalyser\n"
        "a = ProcessAnalyser()\n"
        "print(a.pid, flush=True)\n"
        "sys.stdin.read()\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO), LEDE_SPACY_MODEL="no_such_model")
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True
    )
    assert proc.stdout is not None
    child = int(proc.stdout.readline())
    proc.kill()
    proc.wait(10)
    for _ in range(200):  # up to 20 s: it first finishes trying to load its model
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        try:
            with open(f"/proc/{child}/stat", encoding="ascii") as fh:
                if fh.read().rsplit(")", 1)[1].split()[0] == "Z":
                    break  # exited, waiting for its new parent to reap it
        except OSError:
            break
        threading.Event().wait(0.1)
    else:
        os.kill(child, 9)
        pytest.fail("the lane process outlived the killed build by 20 s")
