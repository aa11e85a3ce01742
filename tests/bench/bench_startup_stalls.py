"""The UI thread's longest gap while a warm launch builds its window (on demand).

    python tests/bench/bench_startup_stalls.py [--runs 5] [--repo OTHER_CHECKOUT ...]

Launches ``python -m reader`` on the bundled sample, offscreen, with ``LEDE_STALL_PROBE``,
after one launch that builds the library's cache: each timed launch opens an existing
build, so what the probe sees is the window's own start (first frame, panes, controllers,
the core's import, the list). A launch ends two seconds after the first article is readable.
Python keeps its bytecode cache as a user's does (``PYTHONDONTWRITEBYTECODE`` is dropped).

``--repo`` adds another checkout (the baseline, e.g. a worktree of an older commit); the
checkouts take turns launch by launch, so a change in the machine's load touches them alike.
Printed per checkout: the largest gap of each launch (wall ms, UI-thread CPU ms), the gaps
over 50 ms, when the window was built and the first article readable; then the medians and
their ratio to the first checkout's.
"""

from __future__ import annotations

import argparse
import os
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

from tests.bench.bench_scale import _read_probe, fresh_env  # noqa: E402

SAMPLE = Path("resources") / "sample-news.txt"


def launch(repo: Path, env: dict[str, str], probe: Path, timeout: float = 120) -> dict[str, Any]:
    """One launch of ``repo``'s window; the probe's figures once its first article was readable."""
    probe.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", str(repo / SAMPLE)],
        cwd=repo,
        env={**env, "LEDE_STALL_PROBE": str(probe), "PYTHONPATH": str(repo)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    end = time.monotonic() + timeout
    try:
        while time.monotonic() < end:
            time.sleep(0.2)
            if "first_article_readable" in _read_probe(probe).get("marks", {}):
                time.sleep(2.0)
                break
        else:
            raise TimeoutError(f"{repo}: no article became readable within {timeout:.0f} s")
    finally:
        proc.terminate()
        proc.wait(10)
    return _read_probe(probe)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--repo", type=Path, action="append", default=[], help="another checkout (a baseline)")
    args = ap.parse_args(argv)
    repos = [REPO, *[r.resolve() for r in args.repo]]
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    base["QT_QPA_PLATFORM"] = "offscreen"
    work = Path(tempfile.mkdtemp(prefix="lede-startup-"))
    envs = [fresh_env(work / f"repo{i}", base=base) for i in range(len(repos))]
    for repo, env in zip(repos, envs, strict=True):  # builds the cache, writes the bytecode
        launch(repo, env, work / "warm.json")
    largest: dict[Path, list[float]] = {r: [] for r in repos}
    for run in range(args.runs):
        for i, (repo, env) in enumerate(zip(repos, envs, strict=True)):
            data = launch(repo, env, work / f"probe-{i}-{run}.json")
            marks = data.get("marks", {})
            over = [f"{s[1]:.0f}/{s[2]:.0f} at {s[0]:.2f} s" for s in data.get("long_stalls", [])]
            largest[repo].append(float(data.get("max_ui_stall_ms", 0.0)))
            print(
                f"{repo.name:>12} run {run + 1}: largest gap {data.get('max_ui_stall_ms')} ms "
                f"(CPU {data.get('max_ui_busy_ms')} ms); over 50 ms (wall/CPU ms, when): {over or 'none'}; "
                f"window built {marks.get('window_built', 0):.3f} s, "
                f"first article {marks.get('first_article_readable', 0):.3f} s"
            )
    first = statistics.median(largest[REPO])
    for repo in repos:
        median = statistics.median(largest[repo])
        print(
            f"{repo.name:>12}: median largest gap {median:.1f} ms; ratio to {REPO.name}: {median / first:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
