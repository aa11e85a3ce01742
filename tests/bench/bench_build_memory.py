"""Memory of a first build, per stage: RSS and PSS of the build's main process and its whole tree.

Run on demand (pytest does not collect tests/bench)::

    python tests/bench/bench_build_memory.py --n 2000 8000 [--repo OTHER_CHECKOUT] [--out r.json]

For each N it generates N distinct articles (``tests/bench/corpus.py``, as bench_scale does),
runs ``lede index --progress-json`` with fresh XDG dirs and samples, every ``--interval``
seconds, the process and all its descendants:

* RSS (``VmRSS`` of /proc/PID/status) summed over the tree, as bench_scale reports it: a
  forked worker's pages shared with its parent count once per process, so a tree of forks
  looks bigger than the memory it takes;
* PSS (``Pss`` of /proc/PID/smaps_rollup) summed over the tree: each shared page is split
  between the processes that map it, so the sum is what the tree really holds.

Each sample is booked to the stage the build announced last (``stage`` events: ingest,
copies, index, analyse, entity index), and the report gives each stage's peaks and seconds.
``--repo`` runs another checkout's ``reader`` (the code before a change) on the same corpus
in the same run, so before and after are measured back to back on the same machine load.
``--until STAGE`` stops the build when STAGE begins (``--until analyse``: ingest, copies and
the text index only, minutes instead of the spaCy stage's hour at 20k on a shared machine).
``--ner-cache FILE`` seeds each fresh cache with an earlier build's ``ner-cache.sqlite`` (spans
keyed by model and text, so a text it lacks is simply run through spaCy): the build then
measures everything but spaCy's own processes, in a fraction of the time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.bench import corpus as synth  # noqa: E402
from tests.bench.bench_scale import fresh_env, kill_group, load  # noqa: E402


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


class StageMemory:
    """Samples RSS and PSS of a process tree, booking each sample's figures to the current stage."""

    def __init__(self, pid: int, interval: float) -> None:
        self.pid = pid
        self.interval = interval
        self.stage = "start"
        self.peaks: dict[str, dict[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> StageMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.is_set():
            pids = _tree(self.pid)
            rss = [_status_kb(p, "VmRSS:") for p in pids]
            pss = [_pss_kb(p) for p in pids]
            sample = {
                "rss_tree_mb": sum(rss) / 1024,
                "pss_tree_mb": sum(pss) / 1024,
                "rss_main_mb": rss[0] / 1024,
                "pss_main_mb": pss[0] / 1024,
                "processes": float(len(pids)),
            }
            for stage in (self.stage, "all"):
                peak = self.peaks.setdefault(stage, {k: 0.0 for k in sample})
                for key, value in sample.items():
                    peak[key] = max(peak[key], value)
            self._stop.wait(self.interval)


def _ended(mem: StageMemory, now: float) -> None:
    """Print a stage's peaks as it ends: a long build stopped midway still tells how far it got."""
    peak = mem.peaks.get(mem.stage)
    if peak is not None:
        shown = {k: round(v, 1) for k, v in peak.items()}
        print(f"    [{now:8.1f} s] {mem.stage} ended: {shown}", flush=True)


def run_build(
    source: Path, env: dict[str, str], repo: Path, interval: float, until: str | None = None
) -> dict[str, Any]:
    """``lede index SOURCE --progress-json`` from ``repo``: stage seconds and memory peaks.

    With ``until``, the build is stopped (its process group killed) when that stage begins.
    """
    argv = [sys.executable, "-m", "reader", "index", str(source), "--progress-json"]
    return run_staged(argv, dict(env, PYTHONPATH=str(repo)), repo, interval, until)


def run_staged(
    argv: list[str], env: dict[str, str], cwd: Path, interval: float, until: str | None = None
) -> dict[str, Any]:
    """Run ``argv``, which prints JSON events (``stage``, ``progress``, ``done``...) one a line,
    sampling its process tree's memory and booking each sample to the stage announced last."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    began: dict[str, float] = {}
    events: dict[str, float] = {}
    try:
        with StageMemory(proc.pid, interval) as mem:
            assert proc.stdout is not None
            for line in proc.stdout:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue
                now = time.perf_counter() - start
                kind = str(event.get("event"))
                if kind == "stage":
                    _ended(mem, now)
                    if event.get("stage") == until:
                        events["stopped"] = now
                        break
                    mem.stage = str(event.get("stage"))
                    began.setdefault(mem.stage, now)
                elif kind != "progress":
                    events.setdefault(kind, round(now, 2))
            if until is None:
                proc.wait()
    finally:
        kill_group(proc)
    stderr = proc.stderr.read() if proc.stderr else ""
    order = sorted(began, key=began.__getitem__)
    last = events.get("done", events.get("stopped", time.perf_counter() - start))
    ends = [began[s] for s in order[1:]] + [last]
    seconds = {s: round(end - began[s], 2) for s, end in zip(order, ends, strict=True)}
    peaks = {s: {k: round(v, 1) for k, v in p.items()} for s, p in mem.peaks.items()}
    return {
        "returncode": proc.returncode,
        "events": events,
        "stage_seconds": seconds,
        "peaks": peaks,
        "stderr_tail": stderr.strip().splitlines()[-5:],
    }


def _seed_ner_cache(cache: Path, env: dict[str, str], source: Path) -> None:
    """Put ``cache`` where the build of ``source`` under ``env`` looks for its NER spans."""
    from reader.paths import source_key

    folder = Path(env["XDG_CACHE_HOME"]) / "lede" / "sources" / source_key(source)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cache, folder / "ner-cache.sqlite")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[2000, 8000])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--repo", type=Path, action="append", default=None, help="checkout(s) to run (default: this)"
    )
    ap.add_argument("--runs", type=int, default=1, help="builds per N and checkout (alternating)")
    ap.add_argument("--interval", type=float, default=0.2)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--until", default=None, help="stop each build when this stage begins (e.g. analyse)")
    ap.add_argument(
        "--ner-cache", type=Path, default=None, help="an earlier build's ner-cache.sqlite to seed"
    )
    args = ap.parse_args(argv)
    repos = [r.resolve() for r in (args.repo or [REPO])]
    results: dict[str, Any] = {"cpus": os.cpu_count(), "runs": []}
    work = Path(tempfile.mkdtemp(prefix="lede-mem-", dir=args.workdir))
    for n in args.n:
        source = work / f"articles-{n}.jsonl"
        synth.write_jsonl(synth.generate(n, args.seed), source)
        for run in range(args.runs):
            for repo in repos:
                env = fresh_env(work / "xdg")
                if args.ner_cache is not None:
                    _seed_ner_cache(args.ner_cache, env, source)
                before = load()
                out = run_build(source, env, repo, args.interval, args.until)
                out.update(n=n, repo=str(repo), run=run, load_before=before, load_after=load())
                results["runs"].append(out)
                every = out["peaks"].get("all", {})
                print(
                    f"n={n} {repo.name} run {run}: rc {out['returncode']} "
                    f"analyse {out['stage_seconds'].get('analyse')} s, "
                    f"tree RSS {every.get('rss_tree_mb')} PSS {every.get('pss_tree_mb')} MB, "
                    f"main RSS {every.get('rss_main_mb')} PSS {every.get('pss_main_mb')} MB, load {before}",
                    flush=True,
                )
                for stage, peak in out["peaks"].items():
                    print(f"    {stage:13} {out['stage_seconds'].get(stage, '')!s:>8} s  {peak}", flush=True)
                if args.out is not None:
                    args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
