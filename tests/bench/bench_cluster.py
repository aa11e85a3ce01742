"""``lede index --cluster``: the analysis stage on a Dask cluster of 1 and of 2 workers, beside a local build.

Run on demand (pytest does not collect tests/bench)::

    python tests/bench/bench_cluster.py --n 600 --runs 3 [--out results.json]

Two clusters are started up front on 127.0.0.1 and left running, as a team's would be:
``dask scheduler`` with one ``dask worker`` (one thread, no nanny) and another scheduler
with two. Each run then builds the same N synthetic articles (``tests/bench/corpus.py``)
three ways, in turn so that a busy moment of the machine falls on all three alike, each
with fresh XDG folders (an empty NER span cache): ``lede index`` (local: spaCy on
``analysis_processes(N)`` processes), ``--cluster`` on the 1-worker and on the 2-worker
cluster. Printed: the medians of the analysis stage (``stage analyse`` event to
``entities``) and of the whole build (``done``), the ratio 1 worker / 2 workers and
local / 2 workers, the batches each worker delivered, and the load average before each run.
On one machine the workers share its cores with the build's own process (the rule pass
and the index stay local), so 2 workers on 2 cores is the most this can show.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.bench import corpus as synth  # noqa: E402
from tests.bench.bench_scale import Results, fresh_env, load, run_index  # noqa: E402


def start_cluster(folder: Path, workers: int) -> tuple[str, list[subprocess.Popen[bytes]]]:
    """A scheduler and ``workers`` one-thread workers on 127.0.0.1, each with spaCy loaded."""
    from distributed import Client

    folder.mkdir(parents=True, exist_ok=True)
    info = folder / "scheduler.json"
    dask = [sys.executable, "-m", "dask"]
    env = fresh_env(folder / "xdg")
    log = (folder / "log.txt").open("wb")
    procs = [
        subprocess.Popen(
            [*dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
            + ["--scheduler-file", str(info)],
            stdout=log,
            stderr=log,
            env=env,
        )
    ]
    while not info.exists():
        time.sleep(0.1)
    procs += [
        subprocess.Popen(
            [
                *dask,
                "worker",
                "--scheduler-file",
                str(info),
                "--nthreads",
                "1",
                "--no-nanny",
                "--no-dashboard",
            ],
            stdout=log,
            stderr=log,
            env=env,
        )
        for _ in range(workers)
    ]
    address = str(json.loads(info.read_text())["address"])
    with Client(address, timeout=30) as client:
        client.wait_for_workers(workers, timeout=300)
    return address, procs


def analysis_seconds(run: dict[str, Any]) -> float | None:
    start = run["seconds_to_stage"].get("analyse")
    end = run["seconds_to_event"].get("entities")
    return None if start is None or end is None else round(end - start, 3)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=synth.WIKINEWS)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    results = Results(args.out)
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
        root = Path(tmp)
        articles = synth.generate(args.n, source=args.corpus)
        source = root / "articles.jsonl"
        synth.write_jsonl(articles, source)
        words = sum(a.words for a in articles)
        results.put("corpus", {"articles": args.n, "words": words})
        procs: list[subprocess.Popen[bytes]] = []
        try:
            one, started = start_cluster(root / "one", 1)
            procs += started
            two, started = start_cluster(root / "two", 2)
            procs += started
            ways: dict[str, tuple[str, ...]] = {
                "local": (),
                "1 worker": ("--cluster", one),
                "2 workers": ("--cluster", two),
            }
            runs: dict[str, list[dict[str, Any]]] = {name: [] for name in ways}
            for i in range(args.runs):
                for name, extra in ways.items():
                    before = load()
                    run = run_index(source, fresh_env(root / "xdg-run"), extra_args=extra)
                    if run["returncode"] != 0:
                        print(f"{name}: failed: {run['stderr_tail']}", file=sys.stderr)
                        return 1
                    row = {
                        "load_before": before,
                        "analyse_s": analysis_seconds(run),
                        "build_s": run["seconds_to_event"].get("done"),
                        "workers": (run["entities_event"] or {}).get("workers"),
                    }
                    runs[name].append(row)
                    print(f"run {i + 1} {name}: {row}", flush=True)
                    results.put("runs", runs)
        finally:
            for proc in procs:
                proc.kill()
                proc.wait()
    med = {
        name: {
            "analyse_s": statistics.median(r["analyse_s"] for r in rows),
            "build_s": statistics.median(r["build_s"] for r in rows),
        }
        for name, rows in runs.items()
    }
    results.put("medians", med)
    print(f"\n{args.n} articles, {words} words, median of {args.runs} runs")
    print(f"{'':12}{'analysis s':>12}{'build s':>10}{'words/s':>10}")
    for name, m in med.items():
        print(f"{name:12}{m['analyse_s']:>12.1f}{m['build_s']:>10.1f}{words / m['analyse_s']:>10.0f}")
    two_s = med["2 workers"]["analyse_s"]
    print(f"analysis: 1 worker / 2 workers = {med['1 worker']['analyse_s'] / two_s:.2f}x")
    print(f"analysis: local / 2 workers = {med['local']['analyse_s'] / two_s:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
