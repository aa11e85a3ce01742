"""Wire-copy detection: parameters fitted on one publisher, precision/recall on the others, cost at scale.

Run on demand (pytest does not collect tests/bench)::

    python tests/bench/bench_copies.py                 # fit on wikinews, measure the rest
    python tests/bench/bench_copies.py --scale 20000   # and the cost inside a 20k build

* **fit**: dumps of Wikinews stories with copies (:mod:`tests.core.copy_dumps`, seeds
  1..``--seeds``) are grouped with every combination of the grid below; the chosen
  parameters have the best pairwise F1, ties going to fewer permutations, then fewer
  candidate pairs (cost), then the middle of the tied containment/ratio values (margin);
  an F1 within ``F1_TIE`` of the best counts as tied (a few pairs: seed noise).
* **held out**: the same kind of dumps for every other publisher, grouped with
  :data:`reader.core.copies.DEFAULT` and with the fitted parameters; pairwise
  precision/recall/F1 (pairs of articles put in one group) and the share of copies whose
  ``copy_of`` names the right original (earliest by date, ties by position).
* **scale**: ``lede index`` on ``--scale`` articles from ``tests/bench/corpus.py`` with fresh
  XDG dirs: the wall time of the ``copies`` stage against the whole build, same run.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from reader.core.copies import (  # noqa: E402
    DEFAULT,
    CopyDoc,
    CopyParams,
    Shingles,
    Vocabulary,
    candidate_pairs,
    group,
    shingles,
)
from tests.core.copy_dumps import CopyItem, make_copy_dump, pair_scores  # noqa: E402
from tests.core.publishers import PUBLISHERS, available, load_publisher  # noqa: E402

GRID_K = (3, 4, 5, 6)
GRID_PERM = (32, 64, 128)
GRID_LSH = (0.2, 0.3, 0.4, 0.5)
GRID_CONTAINMENT = (0.5, 0.6, 0.7, 0.8)
GRID_RATIO = (0.2, 0.3, 0.4, 0.5)
#: F1 this close to the best counts as tied: ~3 of 600 gold pairs, less than seeds differ by.
F1_TIE = 0.005


def dumps(publisher: str, seeds: int) -> list[list[CopyItem]]:
    stories = load_publisher(publisher)
    return [make_copy_dump(stories, seed=s) for s in range(1, seeds + 1)]


def docs_of(items: list[CopyItem]) -> list[CopyDoc]:
    return [CopyDoc(i.id, i.text, i.date, i.position) for i in items]


def right_original(items: list[CopyItem], copy_of: dict[str, str | None]) -> tuple[int, int]:
    """(copies whose copy_of is their gold group's original, copies predicted in a right group)."""
    by_group: dict[str, list[CopyItem]] = {}
    for it in items:
        by_group.setdefault(it.group, []).append(it)
    gold_first = {
        g: min(m, key=lambda i: (i.date or "9999", i.position)).id for g, m in by_group.items() if len(m) > 1
    }
    group_of = {it.id: it.group for it in items}
    right = seen = 0
    for it in items:
        pred = copy_of.get(it.id)
        if pred is None or group_of.get(pred) != it.group:
            continue
        seen += 1
        right += pred == gold_first[it.group]
    return right, seen


def score(runs: list[tuple[list[CopyItem], dict[str, str | None]]]) -> dict[str, float]:
    gold = pred = correct = right = seen = 0
    for items, copy_of in runs:
        g, p, c = pair_scores(items, copy_of)
        gold, pred, correct = gold + g, pred + p, correct + c
        r, s = right_original(items, copy_of)
        right, seen = right + r, seen + s
    precision = correct / pred if pred else 1.0
    recall = correct / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "P": precision,
        "R": recall,
        "F1": f1,
        "pairs": gold,
        "original_right": right / seen if seen else 1.0,
    }


def fit(fitting: list[list[CopyItem]]) -> tuple[CopyParams, list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    for k in GRID_K:
        vocab = Vocabulary()
        sets: list[list[Shingles]] = [[shingles(i.text, k, vocab) for i in items] for items in fitting]
        for perm, lsh in itertools.product(GRID_PERM, GRID_LSH):
            probe = CopyParams(k=k, num_perm=perm, lsh_threshold=lsh)
            pairs = [candidate_pairs(s, probe) for s in sets]
            n_pairs = sum(len(p) for p in pairs)
            for cont, ratio in itertools.product(GRID_CONTAINMENT, GRID_RATIO):
                params = CopyParams(
                    k=k, num_perm=perm, lsh_threshold=lsh, min_containment=cont, min_ratio=ratio
                )
                runs = [
                    (items, group(docs_of(items), s, p, params))
                    for items, s, p in zip(fitting, sets, pairs, strict=True)
                ]
                rows.append({"params": params, "candidates": n_pairs, **score(runs)})
    best = max(r["F1"] for r in rows)
    tied = [r for r in rows if r["F1"] >= best - F1_TIE]
    tied.sort(key=lambda r: (r["params"].num_perm, r["candidates"]))
    lead = tied[0]["params"]
    same = [
        r["params"]
        for r in tied
        if (r["params"].k, r["params"].num_perm, r["params"].lsh_threshold)
        == (lead.k, lead.num_perm, lead.lsh_threshold)
    ]
    conts = sorted({p.min_containment for p in same})
    cont = conts[(len(conts) - 1) // 2]
    ratios = sorted({p.min_ratio for p in same if p.min_containment == cont})
    ratio = ratios[(len(ratios) - 1) // 2]
    chosen = CopyParams(lead.k, lead.num_perm, lead.lsh_threshold, cont, ratio)
    return chosen, rows


def measure(publisher: str, seeds: int, params: CopyParams) -> dict[str, float]:
    runs = []
    for items in dumps(publisher, seeds):
        vocab = Vocabulary()
        sets = [shingles(i.text, params.k, vocab) for i in items]
        runs.append((items, group(docs_of(items), sets, candidate_pairs(sets, params), params)))
    return score(runs)


def scale_cost(n: int) -> dict[str, Any]:
    """``lede index`` on n synthetic articles: the copies stage's wall time against the whole build."""
    from tests.bench import bench_scale, corpus

    with tempfile.TemporaryDirectory(prefix="lede-copies-") as tmp:
        root = Path(tmp)
        articles = corpus.generate(n, 1)
        source = root / "articles.jsonl"
        corpus.write_jsonl(articles, source)
        env = bench_scale.fresh_env(root / "xdg")
        load = bench_scale.load()
        result = bench_scale.run_index(source, env)
        stages = result["seconds_to_stage"]
        events = result["seconds_to_event"]
        copies_s = stages["index"] - stages["copies"]
        whole = events["done"]
        return {
            "articles": result["articles"],
            "copies_stage_s": round(copies_s, 2),
            "build_s": round(whole, 2),
            "ratio": round(copies_s / whole, 4),
            "load_before": load,
            "returncode": result["returncode"],
        }


def fmt(row: dict[str, float]) -> str:
    return (
        f"P {row['P']:.3f}  R {row['R']:.3f}  F1 {row['F1']:.3f}  "
        f"original right {row['original_right']:.3f}  ({row['pairs']} gold pairs)"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fit-on", default="wikinews", choices=sorted(PUBLISHERS))
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--no-fit", action="store_true", help="measure DEFAULT only")
    ap.add_argument("--scale", type=int, default=0, help="also measure the cost in a build of N articles")
    args = ap.parse_args(argv)
    if not available():
        print("corpora absent: nothing to measure")
        return 0
    chosen = DEFAULT
    if not args.no_fit:
        started = time.perf_counter()
        chosen, rows = fit(dumps(args.fit_on, args.seeds))
        best = next(r for r in rows if r["params"] == chosen)
        print(f"fit on {args.fit_on} ({len(rows)} configurations, {time.perf_counter() - started:.0f} s)")
        print(f"  chosen {chosen}: {fmt(best)}; {best['candidates']} candidate pairs")
        for k in GRID_K:
            top = max((r for r in rows if r["params"].k == k), key=lambda r: r["F1"])
            print(f"  best with k={k}: F1 {top['F1']:.3f} ({top['params']})")
        default_row = next(r for r in rows if r["params"] == DEFAULT)
        print(f"  DEFAULT {DEFAULT}: {fmt(default_row)}")
    print(f"held out (seeds 1..{args.seeds}, parameters {'DEFAULT' if chosen == DEFAULT else chosen}):")
    f1s = []
    for publisher in sorted(PUBLISHERS):
        if publisher == args.fit_on:
            continue
        row = measure(publisher, args.seeds, chosen)
        f1s.append(row["F1"])
        print(f"  {publisher:<9} {fmt(row)}")
    print(f"  median F1 {statistics.median(f1s):.3f}")
    if args.scale:
        cost = scale_cost(args.scale)
        print(
            f"scale: {cost['articles']} articles, copies stage {cost['copies_stage_s']} s of a "
            f"{cost['build_s']} s build = {cost['ratio']:.1%} (load before {cost['load_before']}, "
            f"exit {cost['returncode']})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
