"""How long ``Library.dossier`` takes for the most-named entities of a real library.

Run on demand (pytest does not collect tests/bench)::

    python tests/bench/bench_dossier.py [--source WIKINEWS.jsonl] [--runs 7] [--workdir DIR]

The source is built first (fresh XDG dirs in a temp folder, so nothing of yours is touched).
For each of the ``--top`` most-named entities it prints the median time of a dossier with a
cold article cache, beside a baseline measured in the same run: reading the same articles
through the Library (``articles_with_entity`` + ``article`` for each), the part no dossier can
skip. The ratio says what the context sentences, co-mentions and timeline add on top.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
DEFAULT = REPO.parent / "shared" / "corpora" / "wikinews" / "articles.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--workdir", type=Path, help="XDG folders to keep (a second run reuses the build)")
    args = parser.parse_args()
    if not args.source.exists():
        print(f"no source at {args.source}", file=sys.stderr)
        return 2
    root = args.workdir or Path(tempfile.mkdtemp(prefix="lede-bench-dossier-"))
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ[name] = str(root / name.lower())
    from reader.core.library import open_library

    started = time.perf_counter()
    lib = open_library(args.source)
    print(f"built {len(lib.articles())} articles in {time.perf_counter() - started:.1f} s")
    top = sorted(lib.entities(), key=lambda e: -e.count)[: args.top]

    def cold() -> None:
        lib._articles_cache.clear()  # what a dossier of an entity not read recently meets

    def read_articles(name: str) -> None:
        for aid in lib.articles_with_entity(name):
            lib.article(aid)

    print(f"{'entity':<28} {'articles':>8} {'mentions':>8} {'read ms':>9} {'dossier ms':>10} {'ratio':>6}")
    for entity in top:
        base, full = [], []
        for _ in range(args.runs):
            cold()
            t = time.perf_counter()
            read_articles(entity.name)
            base.append(time.perf_counter() - t)
            cold()
            t = time.perf_counter()
            dossier = lib.dossier(entity.name)
            full.append(time.perf_counter() - t)
        assert dossier is not None
        b, f = statistics.median(base) * 1000, statistics.median(full) * 1000
        print(
            f"{entity.name[:28]:<28} {len(dossier.article_ids):>8} {len(dossier.mentions):>8} "
            f"{b:>9.1f} {f:>10.1f} {f / b:>6.2f}"
        )
    lib.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
