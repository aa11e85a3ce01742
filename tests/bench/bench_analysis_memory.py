"""Memory of the build's entity analysis alone, on a library already built, with its NER spans cached.

Run on demand (pytest does not collect tests/bench)::

    python tests/bench/bench_analysis_memory.py --build BUILD_FOLDER --ner-cache NER_CACHE \\
        [--repo OTHER_CHECKOUT] [--runs 2]

A whole build of 100k articles takes hours here, most of it ingest, the text index and
spaCy; the memory peak of the analysis stage comes after spaCy, in the pass that resolves
names library-wide and finishes each article (``analyse/pipeline.py``). This bench starts
there: it copies a build folder's catalog (``bench_build_memory.py --n 100000`` leaves one,
with the source's ``ner-cache.sqlite`` beside it) and runs the analysis stage
(``entity_stage.analyse_catalog``) on the copy in a child process, with the NER spans
answered from the cache (a text missing from it stops the run). The child announces its
passes (``ner``: candidates from the cached spans, ``rules``: the vote and rule passes), and
the process tree is sampled as ``bench_build_memory.py`` does: RSS, which counts a forked
worker's shared pages once per process, and PSS, which splits them, so its sum is what the
tree holds. ``--repo`` runs another checkout's code on the same catalog, alternating, so
before and after are measured back to back.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.bench.bench_build_memory import run_staged  # noqa: E402
from tests.bench.bench_scale import load  # noqa: E402

# The child: the analysis stage on the copied catalog, NER answered from the cache only.
_CHILD = r"""
import json, sys, time
from pathlib import Path
from reader.core.analyse.cache import CachedBackend
from reader.core.entity_stage import analyse_catalog

work, cache, model, total = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])

class CacheOnly:
    def spans(self, texts):  # a generator, as a backend is: the cache reads ahead only as it serves
        for _text in texts:
            raise SystemExit("a text is not in the NER cache: this bench needs every article's spans cached")
        yield from ()

def say(**event):
    print(json.dumps(event), flush=True)

def progress(done, total):
    if done == total:
        say(event="stage", stage="rules")

say(event="stage", stage="ner")
analyse_catalog(work, CachedBackend(CacheOnly(), cache, model=model), total, progress)
say(event="done")
"""


def _model(cache: Path) -> str:
    with sqlite3.connect(cache) as con:
        models = [row[0] for row in con.execute("SELECT DISTINCT model FROM spans")]
    if len(models) != 1:
        raise SystemExit(f"{cache}: expected the spans of one model, found {models}")
    return models[0]


def _copy_catalog(build: Path, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        src = build / f"catalog.sqlite{suffix}"
        if src.exists():
            shutil.copyfile(src, into / src.name)
    with sqlite3.connect(into / "catalog.sqlite") as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return into


def _articles(work: Path) -> int:
    with sqlite3.connect(work / "catalog.sqlite") as con:
        return int(con.execute("SELECT COUNT(*) FROM article").fetchone()[0])


def run_analysis(work: Path, cache: Path, model: str, repo: Path, interval: float) -> dict[str, Any]:
    total = _articles(work)
    argv = [sys.executable, "-c", _CHILD, str(work), str(cache), model, str(total)]
    env = {"PYTHONPATH": str(repo), "PATH": "/usr/bin:/bin", "HOME": str(work)}
    out = run_staged(argv, env, repo, interval)
    out["articles"] = total
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", type=Path, required=True, help="a build folder holding catalog.sqlite")
    ap.add_argument("--ner-cache", type=Path, required=True, help="the source's ner-cache.sqlite")
    ap.add_argument(
        "--repo", type=Path, action="append", default=None, help="checkout(s) to run (default: this)"
    )
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--interval", type=float, default=0.5)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    repos = [r.resolve() for r in (args.repo or [REPO])]
    model = _model(args.ner_cache)
    results: dict[str, Any] = {"runs": []}
    for run in range(args.runs):
        for repo in repos:
            scratch = Path(tempfile.mkdtemp(prefix="lede-anmem-", dir=args.workdir))
            try:
                work = _copy_catalog(args.build, scratch / "build")
                before = load()
                out = run_analysis(work, args.ner_cache, model, repo, args.interval)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
            out.update(repo=str(repo), run=run, load_before=before, load_after=load())
            results["runs"].append(out)
            every = out["peaks"].get("all", {})
            print(
                f"{out['articles']} articles, {repo.name} run {run}: rc {out['returncode']} {out['stage_seconds']} s, "
                f"tree RSS {every.get('rss_tree_mb')} PSS {every.get('pss_tree_mb')} MB, "
                f"main RSS {every.get('rss_main_mb')} PSS {every.get('pss_main_mb')} MB, load {before}",
                flush=True,
            )
            for stage, peak in out["peaks"].items():
                print(f"    {stage:6} {peak}", flush=True)
            if out["stderr_tail"]:
                print("    stderr: " + " | ".join(out["stderr_tail"]), flush=True)
            if args.out is not None:
                args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
