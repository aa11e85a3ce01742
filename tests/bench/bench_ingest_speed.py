"""Speed and memory benchmark for plain-dump ingest (run on demand).

    python tests/bench/bench_ingest_speed.py --mb 100 [--collect]
    python tests/bench/bench_ingest_speed.py --mb 30 --profile      # cProfile top 25
    python tests/bench/bench_ingest_speed.py --mb 100 --repo OTHER_CHECKOUT --runs 3
    python tests/bench/bench_ingest_speed.py --mb 10 --runs 3 --one-process   # the helper process against none

Writes a messy dump of about N MB built from the Wikinews corpus (seeded dumps
from tests/core/dumps.py, repeated with different seeds, so articles recur in
shuffled orders with fresh clutter), streaming it to a temporary file so the
generator itself holds one small dump at a time. The ingest then runs in a
fresh child process, so that its peak RSS (``resource.getrusage``) measures
ingest alone, and the bench prints MB/s, peak RSS, article count and how many
progress reports arrived, and the CPU seconds (user + sys) the child spent
ingesting, per MB: on a shared machine wall time says more about the neighbours
than about the code. ``--repo`` runs another checkout's ``reader`` (the code
before a change) on the same dump, the runs of each checkout interleaved, and
prints the medians and the ratios other/this (CPU) and this/other (wall speed);
``--one-process`` adds this checkout with the segmenting helper process switched
off. CPU counts the helper's (a child of the ingest process, joined by the end),
and its peak RSS is printed beside the ingest process's own. Drafts are consumed as they stream out, as the build
does; ``--collect`` also runs ``ingest_path``, which keeps them all, so the
two peak RSS figures show what streaming saves.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.append(str(ROOT))  # after PYTHONPATH, so --repo children import their own reader

from tests.core.dumps import CORPUS, load_corpus, make_dump  # noqa: E402

ENV_SWITCH = (
    "LEDE_INGEST_PROCESS"  # reader.core.ingest.starts_process.ENV_SWITCH (--repo checkouts may lack it)
)


def write_dump(path: Path, megabytes: float, corpus_path: Path = CORPUS, first_seed: int = 5000) -> int:
    """Write seeded dumps one after another until the file holds ``megabytes`` MB; return bytes written."""
    corpus = load_corpus(corpus_path)
    target = int(megabytes * 1_000_000)
    written = 0
    seed = first_seed
    with path.open("w", encoding="utf-8") as fh:
        while written < target:
            text = make_dump(corpus, seed, n=40).text
            fh.write(text)
            written += len(text.encode("utf-8"))
            seed += 1
    return written


def run_ingest(path: Path, profile: bool, collect: bool = False) -> dict[str, float]:
    """Ingest ``path`` in this process and return timings (used by the child process).

    By default the drafts are consumed as they stream out and not kept, as the
    build does (it writes them to the catalog in batches); ``collect`` keeps
    them all, as ``ingest_path`` does, for comparison.
    """
    from reader.core.ingest import ingest_path
    from reader.core.ingest.source import stream_path

    def consume(p: Path, progress: Callable[[int, int], None]) -> tuple[int, int]:
        if collect:
            result = ingest_path(p, progress)
            return len(result.drafts), len(result.dropped)
        stream = stream_path(p, progress)
        count = sum(1 for _ in stream.drafts)
        return count, len(stream.dropped)

    reports = 0

    def progress(done: int, total: int) -> None:
        nonlocal reports
        reports += 1

    size = path.stat().st_size
    start = time.perf_counter()
    cpu_start = _cpu()
    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        articles, dropped = prof.runcall(consume, path, progress)
        pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
        pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(25)
    else:
        articles, dropped = consume(path, progress)
    seconds = time.perf_counter() - start
    cpu = _cpu() - cpu_start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "mb": size / 1e6,
        "seconds": seconds,
        "mb_per_s": size / 1e6 / seconds,
        "cpu_s_per_mb": cpu / (size / 1e6),
        "peak_rss_mb": peak_kb / 1024,
        "helper_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "articles": articles,
        "dropped": dropped,
        "progress_reports": reports,
    }


def _cpu() -> float:
    """CPU seconds of this process and of its ended children (the segmenting helper is joined by then)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0, help="size of the generated dump")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary on stderr")
    parser.add_argument(
        "--collect", action="store_true", help="also measure keeping every draft in memory (ingest_path)"
    )
    parser.add_argument(
        "--repo", type=Path, action="append", default=None, help="another checkout to run on the same dump"
    )
    parser.add_argument("--runs", type=int, default=1, help="runs per checkout (medians are reported)")
    parser.add_argument(
        "--one-process",
        action="store_true",
        help=f"also run this checkout with {ENV_SWITCH}=0 (segmenting on the reading process)",
    )
    parser.add_argument("--ingest", type=Path, help=argparse.SUPPRESS)  # child mode
    parser.add_argument("--child-collect", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.ingest:
        print(json.dumps(run_ingest(args.ingest, args.profile, args.child_collect)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dump.txt"
        t = time.perf_counter()
        size = write_dump(path, args.mb, args.corpus)
        print(f"generated {size / 1e6:.1f} MB in {time.perf_counter() - t:.1f} s", flush=True)
        modes = [False, True] if args.collect else [False]
        variants = [Variant(ROOT.name, ROOT, {})]
        if args.one_process:
            variants.append(Variant(f"{ROOT.name} (one process)", ROOT, {ENV_SWITCH: "0"}))
        variants += [Variant(r.resolve().name, r.resolve(), {}) for r in args.repo or []]
        for collect in modes:
            runs: dict[str, list[dict[str, float]]] = {v.label: [] for v in variants}
            for _ in range(args.runs):
                for v in variants:
                    stats = _child(v, path, args.profile, collect)
                    runs[v.label].append(stats)
                    print(
                        f"{v.label} {'collected' if collect else 'streamed'}: ingest {stats['mb']:.1f} MB in "
                        f"{stats['seconds']:.1f} s = {stats['mb_per_s']:.2f} MB/s, "
                        f"CPU {stats['cpu_s_per_mb']:.3f} s/MB, peak RSS {stats['peak_rss_mb']:.0f} MB"
                        f" (+ {stats['helper_rss_mb']:.0f} MB helper), "
                        f"{stats['articles']} articles, {stats['dropped']} dropped lines, "
                        f"{stats['progress_reports']} progress reports",
                        flush=True,
                    )
            cpu = {label: statistics.median(r["cpu_s_per_mb"] for r in rs) for label, rs in runs.items()}
            wall = {label: statistics.median(r["mb_per_s"] for r in rs) for label, rs in runs.items()}
            here = variants[0].label
            for label, rs in runs.items():
                print(
                    f"median {label}: CPU {cpu[label]:.3f} s/MB, {wall[label]:.2f} MB/s wall, "
                    f"peak RSS {statistics.median(r['peak_rss_mb'] for r in rs):.0f} MB"
                    + (
                        f", CPU ratio {label}/{here} = {cpu[label] / cpu[here]:.2f}, "
                        f"wall speed ratio {here}/{label} = {wall[here] / wall[label]:.2f}"
                        if label != here
                        else ""
                    ),
                    flush=True,
                )
    return 0


@dataclass(frozen=True)
class Variant:
    """One way to run the ingest: a checkout, and environment variables for it."""

    label: str
    repo: Path
    env: dict[str, str]


def _child(variant: Variant, path: Path, profile: bool, collect: bool) -> dict[str, float]:
    """Ingest ``path`` in a fresh process running ``variant``'s code (this script drives it)."""
    cmd = [sys.executable, __file__, "--ingest", str(path)]
    cmd += ["--profile"] if profile else []
    cmd += ["--child-collect"] if collect else []
    env = dict(os.environ, PYTHONPATH=str(variant.repo), **variant.env)
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, env=env, cwd=variant.repo)
    stats: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return stats


if __name__ == "__main__":
    raise SystemExit(main())
