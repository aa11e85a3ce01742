"""Speed and memory benchmark for plain-dump ingest (run on demand).

    python tests/bench/bench_ingest_speed.py --mb 100
    python tests/bench/bench_ingest_speed.py --mb 30 --profile      # cProfile top 25

Writes a messy dump of about N MB built from the Wikinews corpus (seeded dumps
from tests/core/dumps.py, repeated with different seeds, so articles recur in
shuffled orders with fresh clutter), streaming it to a temporary file so the
generator itself holds one small dump at a time. The ingest then runs in a
fresh child process, so that its peak RSS (``resource.getrusage``) measures
ingest alone, and the bench prints MB/s, peak RSS, article count and how many
progress reports arrived.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.core.dumps import CORPUS, load_corpus, make_dump  # noqa: E402


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


def run_ingest(path: Path, profile: bool) -> dict[str, float]:
    """Ingest ``path`` in this process and return timings (used by the child process)."""
    from reader.core.ingest import ingest_path

    reports = 0

    def progress(done: int, total: int) -> None:
        nonlocal reports
        reports += 1

    size = path.stat().st_size
    start = time.perf_counter()
    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        result = prof.runcall(ingest_path, path, progress)
        pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
        pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(25)
    else:
        result = ingest_path(path, progress)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "mb": size / 1e6,
        "seconds": seconds,
        "mb_per_s": size / 1e6 / seconds,
        "peak_rss_mb": peak_kb / 1024,
        "articles": len(result.drafts),
        "dropped": len(result.dropped),
        "progress_reports": reports,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0, help="size of the generated dump")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary on stderr")
    parser.add_argument("--ingest", type=Path, help=argparse.SUPPRESS)  # child mode
    args = parser.parse_args(argv)
    if args.ingest:
        print(json.dumps(run_ingest(args.ingest, args.profile)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dump.txt"
        t = time.perf_counter()
        size = write_dump(path, args.mb, args.corpus)
        print(f"generated {size / 1e6:.1f} MB in {time.perf_counter() - t:.1f} s", flush=True)
        cmd = [sys.executable, __file__, "--ingest", str(path)] + (["--profile"] if args.profile else [])
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, env=env)
        stats = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"ingest {stats['mb']:.1f} MB in {stats['seconds']:.1f} s = {stats['mb_per_s']:.2f} MB/s, "
        f"peak RSS {stats['peak_rss_mb']:.0f} MB, {stats['articles']} articles, "
        f"{stats['dropped']} dropped lines, {stats['progress_reports']} progress reports"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
