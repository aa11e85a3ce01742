"""The open article first: from opening an article deep in the list during a first build to its
entities in the sidebar, and the UI thread's longest stall meanwhile.

Run on demand (pytest does not collect tests/bench)::

    python tests/bench/bench_ahead.py --n 2000 --opens 6 --interval 10 [--repo OTHER_CHECKOUT]
    python tests/bench/bench_ahead.py --n 5000 --plain --env LEDE_INGEST_PROCESS=0   # a plain dump, one process

The window is launched under Xvfb on N synthetic articles (``tests/bench/corpus.py``) with
fresh XDG folders and ``LEDE_STALL_PROBE``. From the moment the list shows (``--start
articles``, the default: copies grouped and the text index still being built) or once the
build is searchable (``--start searchable``: its NER pass has begun), every ``--interval``
seconds the list is focused (Alt+1) and Page Down pressed, which opens an article about a
page further on: one the build's own pass has not reached and that was not asked for with
the article before it. That goes on for ``--opens`` articles or until the build's own
entities land. The probe marks when the window asked the build for it (``ask:ID``) and when
its entities reached the sidebar (``ahead_entities:ID``); printed: each latency with the
build stage it was asked in, their median and maximum, and the UI thread's longest stall.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.bench import corpus as synth  # noqa: E402
from tests.bench.bench_scale import _read_probe, fresh_env, kill_group, load  # noqa: E402
from tests.e2e.xsession import XSession, missing_tools  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--opens", type=int, default=6)
    ap.add_argument("--start", choices=("articles", "searchable"), default="articles")
    ap.add_argument("--interval", type=float, default=10.0)
    ap.add_argument("--corpus", type=Path, default=synth.WIKINEWS)
    ap.add_argument("--repo", type=Path, default=REPO, help="run another checkout's reader (before a change)")
    ap.add_argument(
        "--plain", action="store_true", help="the articles as an undelimited plain dump, not JSONL"
    )
    ap.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="set in the window's environment"
    )
    args = ap.parse_args(argv)
    if missing_tools():
        print(f"needs {', '.join(missing_tools())}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-ahead-") as tmp, XSession() as x:
        root = Path(tmp)
        articles = synth.generate(args.n, source=args.corpus)
        source = root / ("articles.txt" if args.plain else "articles.jsonl")
        (synth.write_dump if args.plain else synth.write_jsonl)(articles, source)
        probe = root / "probe.json"
        env = fresh_env(root / "xdg", {"LEDE_STALL_PROBE": str(probe)}, x.env())
        env["PYTHONPATH"] = str(args.repo)
        for item in args.env:
            name, _, value = item.partition("=")
            env[name] = value
        print(
            f"{args.n} articles from {args.repo} ({source.name}, {' '.join(args.env)}); load before {load()}",
            flush=True,
        )
        proc = subprocess.Popen(
            [sys.executable, "-m", "reader", str(source)],
            env=env,
            cwd=args.repo,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            wid = x.window_id()
            deadline = time.monotonic() + 600
            while f"build_{args.start}" not in _read_probe(probe).get("marks", {}):
                if time.monotonic() > deadline or proc.poll() is not None:
                    print(f"the build never reached {args.start}", file=sys.stderr)
                    return 1
                time.sleep(0.2)
            for _ in range(args.opens):
                time.sleep(args.interval)
                if "build_entities" in _read_probe(probe).get("marks", {}):
                    break
                x.xdotool("windowactivate", "--sync", wid)
                x.xdotool("key", "--window", wid, "alt+1", "Next")
            time.sleep(args.interval)
            data = _read_probe(probe)
        finally:
            kill_group(proc)
    marks: dict[str, float] = data.get("marks", {})
    asked = {k.split(":", 1)[1]: v for k, v in marks.items() if k.startswith("ask:")}
    shown = {k.split(":", 1)[1]: v for k, v in marks.items() if k.startswith("ahead_entities:")}
    order = sorted(asked.items(), key=lambda kv: kv[1])
    latencies = [round(shown[i] - t, 3) for i, t in order if i in shown]
    entities = marks.get("build_entities")
    stages = [(marks.get(f"build_{k}", float("inf")), k) for k in ("articles", "searchable", "entities")]

    def stage_at(t: float) -> str:
        return max(((at, k) for at, k in stages if at <= t), default=(0.0, "start"))[1]

    print(f"asked {len(asked)}, shown {len(latencies)}")
    for i, t in order:
        got = f"{shown[i] - t:.3f} s" if i in shown else "never"
        print(f"  asked at {t:7.1f} s (after {stage_at(t)}): {got}")
    if latencies:
        print(f"median {statistics.median(latencies):.3f} s, max {max(latencies):.3f} s")
    print(f"build: articles {marks.get('build_articles')} s, searchable {marks.get('build_searchable')} s, ")
    print(f"       entities {entities} s, done {marks.get('build_done')} s")
    print(f"longest UI stall {data.get('max_ui_stall_ms')} ms at {data.get('max_ui_stall_at_s')} s")
    print(f"longest UI-thread CPU time between two ticks {data.get('max_ui_busy_ms')} ms")
    print(
        f"stalls over 50 ms (at s, wall ms, UI-thread CPU ms, ms waiting for a core, ms the hypervisor took from the cores): {data.get('long_stalls')}"
    )
    print(f"full garbage collections in the window process (at s, ms): {data.get('full_collections')}")
    print(
        f"UI thread's state in those samples (R running or waiting for a core, S asleep): {data.get('stall_thread_states')}"
    )
    print("where the UI thread was during stalls (10 ms samples):")
    for stack, count in data.get("stall_stacks", []):
        print(f"  {count:4d}  {stack}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
