"""``lede index --cluster``: the NER pass on a Dask cluster (a scheduler and two workers on 127.0.0.1).

The output must be the local build's, byte for byte (``lede articles --json``), even when a
worker is killed while it holds a batch; an unreachable scheduler is one line and exit 2.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reader.core.analyse.cluster import batches
from tests.conftest import REPO, SAMPLE
from tests.core.rotated import rotated_sample

pytestmark = pytest.mark.spacy


def lede(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    address: str
    workers: list[subprocess.Popen[bytes]]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """``dask scheduler`` and two ``dask worker`` processes (one thread each, no nanny: a killed
    worker stays dead, as a lost machine would)."""
    pytest.importorskip("distributed")
    from distributed import Client

    folder = tmp_path_factory.mktemp("dask")
    info = folder / "scheduler.json"
    dask = [sys.executable, "-m", "dask"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": folder}
    procs = [
        subprocess.Popen(
            [*dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
            + ["--scheduler-file", str(info)],
            **quiet,  # type: ignore[call-overload]
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = [
            subprocess.Popen(
                [*dask, "worker", "--scheduler-file", str(info), "--nthreads", "1", "--no-nanny"]
                + ["--no-dashboard", "--name", f"w{i}"],
                **quiet,  # type: ignore[call-overload]
            )
            for i in (1, 2)
        ]
        procs += workers
        address = json.loads(info.read_text())["address"]
        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=120)
        yield Cluster(address, workers)
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


def test_batches_keep_order_and_both_limits() -> None:
    texts = ["a" * 10, "b" * 10, "c" * 30, "d" * 5, "e" * 5, "f" * 5]
    assert list(batches(texts, max_texts=2, max_chars=25)) == [(0, 2), (2, 3), (3, 5), (5, 6)]
    assert list(batches(texts, max_texts=10, max_chars=1000)) == [(0, 6)]
    assert list(batches([], max_texts=3, max_chars=10)) == []


def test_index_on_the_cluster_prints_the_local_build(cluster: Cluster, tmp_path: Path) -> None:
    built = lede("index", str(SAMPLE), "--cluster", cluster.address, "--progress-json", cache=tmp_path / "c1")
    assert built.returncode == 0, built.stderr
    events = [json.loads(line) for line in built.stdout.splitlines()]
    entities = next(e for e in events if e["event"] == "entities")
    assert (entities["analysed"], sum(entities["workers"].values())) == (4, 1)
    assert lede("index", str(SAMPLE), cache=tmp_path / "c2").returncode == 0
    remote = lede("articles", str(SAMPLE), "--json", cache=tmp_path / "c1")
    local = lede("articles", str(SAMPLE), "--json", cache=tmp_path / "c2")
    assert remote.stdout == local.stdout
    assert len(json.loads(local.stdout)["articles"][1]["entities"]) > 5


def test_a_worker_killed_mid_build_loses_nothing(
    cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader import paths
    from reader.core.analyse.cluster import connect
    from reader.core.build import build_source

    source = rotated_sample(tmp_path, 40)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c1"))
    client, backend = connect(cluster.address)
    backend.batch_texts = 2  # 20 batches, up to 5 out at once over the two workers
    killed: dict[str, Any] = {}

    def emit(event: dict[str, Any]) -> None:
        if event.get("stage") == "analyse" and event.get("done") == 6 and not killed:
            processing = client.processing()
            victim = next(address for address, keys in processing.items() if keys)
            killed.update(address=victim, holding=len(processing[victim]), done=event["done"])
            names = {w["name"]: a for a, w in client.scheduler_info()["workers"].items()}
            index = 0 if names["w1"] == victim else 1
            os.kill(cluster.workers[index].pid, signal.SIGKILL)

    try:
        build_source(source, paths.source_cache_dir(source), emit=emit, ner=backend)
        alive = list(client.scheduler_info()["workers"])
    finally:
        client.close()
    assert killed["holding"] >= 1 and killed["done"] == 6
    assert alive == [a for a in backend.by_worker if a != killed["address"]]
    assert sum(backend.by_worker.values()) == 20
    assert backend.by_worker[killed["address"]] >= 1  # it had delivered before it died
    assert lede("index", str(source), cache=tmp_path / "c2").returncode == 0
    remote = lede("articles", str(source), "--json", cache=tmp_path / "c1")
    local = lede("articles", str(source), "--json", cache=tmp_path / "c2")
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout
    assert len(json.loads(local.stdout)["articles"]) == 40


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    address = f"tcp://127.0.0.1:{free_port()}"
    out = lede("index", str(SAMPLE), "--cluster", address, cache=tmp_path / "c")
    assert out.returncode == 2
    assert out.stderr == f"lede: cannot reach the Dask scheduler at {address} (no answer in 5 s)\n"
    assert not (tmp_path / "c").exists() or not list((tmp_path / "c").rglob("catalog.sqlite"))


def test_without_distributed_the_cluster_option_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reader.core.analyse.cluster import connect
    from reader.core.errors import ClusterError

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ClusterError) as caught:
        connect("tcp://127.0.0.1:8786")
    assert str(caught.value) == "--cluster needs Dask's distributed package: pip install 'lede[cluster]'"
