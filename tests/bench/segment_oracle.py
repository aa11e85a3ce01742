"""Is the decoder leaving F1 on the table? Oracle decodings of the fitting dev dumps (run on demand).

    python tests/bench/segment_oracle.py                    # Politico dev dumps, seeds 2000-2001
    python tests/bench/segment_oracle.py --publishers wikinews politico --seeds 4

The segmenter does not know how many stories a dump holds. This scores, on the dev dumps of
fit_segmenter.py (the fitting publishers' own text, seeds 2000+; never the benchmark's 100+),
the shipped decoding beside decodings told something it cannot know: the top-k gaps by the
story pass's score with k the true number of starts, the dynamic programme at the threshold that
gives k starts, and the dynamic programme at each dump's own best threshold (an upper bound on
any per-dump calibration). If they are not much higher than the shipped decoding, the lever is
the evidence, not the decoder. Scores are ±1-line F1 of the first paragraph of each article
(fit_segmenter's labels), pooled over dumps, overall and per cell.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "bench"))

import fit_segmenter as fit  # noqa: E402

from reader.core.ingest.segment import decoder, refine  # noqa: E402
from reader.core.ingest.segment.units import Unit  # noqa: E402

CELL_NAMES = [
    f"{style[:4]}/{'same' if same else 'rand'}/{'titled' if rate else 'none'}"
    for style, same, rate in fit.CELLS
]


def _add(total: list[int], units: list[Unit], chosen: Sequence[int], leads: list[int]) -> None:
    for k, v in enumerate(fit.within_one_f1(leads[1:], [units[i].line for i in chosen[1:]])):
        total[k] += v


def decodings(units: list[Unit], analysis: fit.GapAnalysis, leads: list[int]) -> dict[str, list[int]]:
    """The shipped decoding and the oracle ones (``leads``: the gold first-paragraph lines)."""
    n, k = len(units), len(leads) - 1
    first_scores = decoder.scores(analysis.features)
    first = decoder.decode(analysis.features, n, decoder.THRESHOLD, first_scores)
    story = refine.story_table(analysis, n, first, first_scores).scores(refine.WEIGHTS2)
    shift = refine.threshold_shift(refine.start_rate(first, n))  # the shipped decoding's fall for briefs
    shipped = decoder.decode(analysis.features, n, refine.THRESHOLD2 + shift, story)
    index = [f.index for f in analysis.features]
    top = [0, *sorted(index[j] for j in np.argsort(-np.array(story))[:k])]
    lo, hi = -10.0, 10.0
    for _ in range(25):  # bisect the threshold that gives k starts
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if len(decoder.decode(analysis.features, n, mid, story)) - 1 > k else (lo, mid)
    at_k = decoder.decode(analysis.features, n, hi, story)
    best: tuple[float, list[int]] = (-1.0, [])
    for threshold in np.arange(-4.0, 4.01, 0.25):
        chosen = decoder.decode(analysis.features, n, float(threshold), story)
        tp, npred, ngold = fit.within_one_f1(leads[1:], [units[i].line for i in chosen[1:]])
        if 2 * tp / max(1, npred + ngold) > best[0]:
            best = (2 * tp / max(1, npred + ngold), chosen)
    return {"shipped": shipped, "top-k": top, "dp at k": at_k, "best threshold per dump": best[1]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--publishers", nargs="*", default=["politico"], choices=list(fit.FIT_PUBLISHERS))
    parser.add_argument("--seeds", type=int, default=2)
    args = parser.parse_args(argv)
    seeds = range(fit.DEV_SEEDS.start, fit.DEV_SEEDS.start + args.seeds)
    overall: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_cell: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    wikinews_runs = 2 * len(seeds) if "wikinews" in args.publishers else 0
    for number, dump in enumerate(fit.dumps(seeds, augment=False, publishers=args.publishers)):
        units, analysis, _, leads = fit.analyse(dump)
        cell = (
            "run-together"
            if number < wikinews_runs
            else CELL_NAMES[(number - wikinews_runs) % len(fit.CELLS)]
        )
        found = decodings(units, analysis, leads)
        for name, chosen in found.items():
            _add(overall[name], units, chosen, leads)
            _add(by_cell[cell][name], units, chosen, leads)
    for name, (tp, npred, ngold) in overall.items():
        print(f"{name:24s} ±1 F1 {2 * tp / max(1, npred + ngold):.4f} (starts {npred}, gold {ngold})")
    for cell, rows in sorted(by_cell.items()):
        print(f"{cell:22s}", "  ".join(f"{k} {2 * t / max(1, p + g):.3f}" for k, (t, p, g) in rows.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
