"""Does a change to ingest leave its output byte-identical? Compare two checkouts on many dumps (run on demand).

    python tests/bench/check_ingest_identity.py --repo OTHER_CHECKOUT [--mb 30] [--seeds 2]

A speed change to segmentation must not move a single boundary, title or
dropped line; last-bit differences in a score are allowed only when no
decision flips, so the output is what is compared, not the scores. The dumps
are written once to a temporary folder (the generators of this checkout), then
each checkout ingests every one of them in a child process with its own
``reader`` on the path, and prints one SHA-256 per dump over the repr of every
draft (paragraphs, lines, title, date, title line, raw paragraphs) and every
dropped line. The dumps:

* every publisher of tests/core/publishers.py x line style x same subject x
  headline rate, over the bench_segmentation seeds (100..);
* the Wikinews dumps of tests/core/dumps.py (seeds 1-4, as test_ingest_dumps);
* the bundled sample (resources/*.txt);
* with ``--mb``, the bench_ingest_speed dump of that size, streamed as the build does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def digest(drafts: Iterable[object], dropped: Iterable[object]) -> tuple[str, int]:
    """SHA-256 over the repr of every draft then every dropped line; and the draft count."""
    h = hashlib.sha256()
    count = 0
    for d in drafts:
        h.update(repr(d).encode("utf-8"))
        h.update(b"\0")
        count += 1
    h.update(b"\1")
    for x in dropped:
        h.update(repr(x).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest(), count


def write_dumps(folder: Path, seeds: int, first_seed: int, mb: float) -> list[Path]:
    """Every dump to compare, one file each (generated with this checkout's test helpers)."""
    sys.path.insert(0, str(ROOT))
    from tests.bench.bench_ingest_speed import write_dump
    from tests.bench.bench_segmentation import cells
    from tests.core.dumps import CORPUS, load_corpus, make_dump
    from tests.core.publishers import PUBLISHERS, available, load_publisher, make_publisher_dump, real_clutter

    paths: list[Path] = []

    def put(name: str, text: str) -> None:
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)

    for sample in sorted((ROOT / "resources").glob("*.txt")):
        put(f"resource-{sample.stem}", sample.read_text(encoding="utf-8"))
    if available():
        clutter = real_clutter(held_out=True)
        for name in PUBLISHERS:
            stories = load_publisher(name)
            for style, same, rate, seed in cells(seeds, first_seed):
                dump = make_publisher_dump(
                    stories,
                    seed,
                    n=40,
                    line_style=style,
                    same_subject=same,
                    title_rate=rate,
                    clutter_lines=clutter,
                )
                put(f"{name}-{style}-{'same' if same else 'mixed'}-{rate}-{seed}", dump.text)
    if CORPUS.exists():
        corpus = load_corpus(CORPUS)
        for seed in (1, 2, 3, 4):
            put(f"wikinews-dump-{seed}", make_dump(corpus, seed, n=40).text)
        if mb:
            path = folder / f"bench-{mb:g}mb.stream"
            write_dump(path, mb)
            paths.append(path)
    return paths


def child(paths: Sequence[Path]) -> dict[str, list[object]]:
    """Ingest every dump with the ``reader`` on sys.path: name -> [digest, drafts]."""
    from reader.core.ingest import ingest_text
    from reader.core.ingest.source import stream_path

    out: dict[str, list[object]] = {}
    for path in paths:
        if path.suffix == ".stream":  # the big dump: streamed from the file, as the build reads it
            stream = stream_path(path)
            drafts = list(stream.drafts)
            h, n = digest(drafts, sorted(stream.dropped, key=lambda d: d.line))
        else:
            result = ingest_text(path.read_text(encoding="utf-8"), path.stem)
            h, n = digest(result.drafts, result.dropped)
        out[path.name] = [h, n]
    return out


def run_repo(repo: Path, listing: Path) -> dict[str, list[object]]:
    env = dict(os.environ, PYTHONPATH=str(repo))
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(listing)]
    done = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, env=env, cwd=repo)
    result: dict[str, list[object]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--repo", type=Path, required=False, help="the other checkout (e.g. main before the change)"
    )
    parser.add_argument(
        "--seeds", type=int, default=2, help="publisher dumps per cell, as bench_segmentation"
    )
    parser.add_argument("--first-seed", type=int, default=100)
    parser.add_argument("--mb", type=float, default=0.0, help="also compare the bench dump of this size")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        paths = [Path(p) for p in args.child.read_text(encoding="utf-8").splitlines()]
        print(json.dumps(child(paths)))
        return 0
    if args.repo is None:
        parser.error("--repo is required")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_dumps(folder, args.seeds, args.first_seed, args.mb)
        listing = folder / "listing"
        listing.write_text("\n".join(str(p) for p in paths), encoding="utf-8")
        theirs = run_repo(args.repo.resolve(), listing)
        ours = run_repo(ROOT, listing)
    differ = [name for name in theirs if theirs[name] != ours.get(name)]
    drafts = sum(int(str(v[1])) for v in ours.values())
    for name in differ:
        print(f"DIFFERS {name}: other {theirs[name]} this {ours.get(name)}")
    print(
        f"{len(theirs)} dumps, {drafts} drafts: {len(theirs) - len(differ)} identical, {len(differ)} differ"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
