"""Quality benchmark for dump segmentation and clutter removal (run on demand).

    python tests/bench/bench_segmentation.py --corpus ../shared/corpora/wikinews/articles.jsonl

Builds seeded messy dumps from the Wikinews corpus (see tests/core/dumps.py),
runs them through ``ingest_text`` and prints, for all articles and for the
``vat`` / ``wns`` subsets separately: boundary precision/recall/F1 (exact line
and within ±1 line), Pk and WindowDiff (lower is better), and clutter-line
precision/recall/F1. The seeds used here (100+) are not the ones the
segmenter's weights were checked on during development.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.core.ingest import ingest_text  # noqa: E402
from tests.core.dumps import CORPUS, GoldDump, load_corpus, make_dump  # noqa: E402


def boundary_prf(gold: Sequence[int], pred: Sequence[int], tolerance: int) -> tuple[int, int, int]:
    """True positives, predicted count, gold count; each gold boundary matches at most once."""
    unmatched = sorted(gold)
    tp = 0
    for p in sorted(pred):
        hit = next((g for g in unmatched if abs(g - p) <= tolerance), None)
        if hit is not None:
            unmatched.remove(hit)
            tp += 1
    return tp, len(pred), len(gold)


def _labels(starts: Sequence[int], n_lines: int) -> list[int]:
    """Segment index of every line 1..n_lines given the start lines of segments."""
    out = []
    seg = 0
    ordered = sorted(starts)
    j = 0
    for line in range(1, n_lines + 1):
        while j < len(ordered) and ordered[j] <= line:
            seg = j
            j += 1
        out.append(seg)
    return out


def pk_windowdiff(gold: Sequence[int], pred: Sequence[int], n_lines: int) -> tuple[float, float]:
    """Pk and WindowDiff over source lines, k = half the mean gold segment length."""
    g = _labels(gold, n_lines)
    p = _labels(pred, n_lines)
    k = max(2, round(n_lines / max(1, len(gold)) / 2))
    pk_err = wd_err = total = 0
    for i in range(n_lines - k):
        gs = g[i] != g[i + k]
        ps = p[i] != p[i + k]
        pk_err += gs != ps
        wd_err += (g[i + k] - g[i]) != (p[i + k] - p[i])
        total += 1
    return pk_err / max(1, total), wd_err / max(1, total)


@dataclass
class Tally:
    """Running totals over dumps."""

    tp0: int = 0
    tp1: int = 0
    pred: int = 0
    gold: int = 0
    pk: list[float] = field(default_factory=list)
    wd: list[float] = field(default_factory=list)
    c_tp: int = 0
    c_pred: int = 0
    c_gold: int = 0
    seconds: float = 0.0

    def add(self, dump: GoldDump) -> None:
        t = time.perf_counter()
        result = ingest_text(dump.text, "<dump>")
        self.seconds += time.perf_counter() - t
        pred = [d.start_line for d in result.drafts]
        n_lines = dump.text.count("\n")
        tp0, npred, ngold = boundary_prf(dump.starts[1:], pred[1:], 0)
        tp1, _, _ = boundary_prf(dump.starts[1:], pred[1:], 1)
        self.tp0 += tp0
        self.tp1 += tp1
        self.pred += npred
        self.gold += ngold
        pk, wd = pk_windowdiff(dump.starts, pred, n_lines)
        self.pk.append(pk)
        self.wd.append(wd)
        dropped = {d.line for d in result.dropped}
        gold_clutter = set(dump.clutter)
        either = set(dump.captions)
        self.c_tp += len(dropped & (gold_clutter | either))
        self.c_pred += len(dropped - either) + len(dropped & either)
        self.c_gold += len(gold_clutter) + len(dropped & either)

    def report(self, name: str) -> str:
        def prf(tp: int, p: int, g: int) -> str:
            pr = tp / p if p else 0.0
            rc = tp / g if g else 0.0
            f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
            return f"P {pr:.3f} R {rc:.3f} F1 {f1:.3f}"

        return (
            f"{name:5s} boundaries exact: {prf(self.tp0, self.pred, self.gold)} | ±1 line: "
            f"{prf(self.tp1, self.pred, self.gold)}\n"
            f"      Pk {sum(self.pk) / len(self.pk):.3f}  WindowDiff {sum(self.wd) / len(self.wd):.3f}  "
            f"clutter: {prf(self.c_tp, self.c_pred, self.c_gold)}  ({self.gold} gold boundaries, "
            f"{self.seconds:.2f} s)"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--seeds", type=int, default=10, help="dumps per subset")
    parser.add_argument("--first-seed", type=int, default=100)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--min-paragraphs", type=int, default=2)
    args = parser.parse_args(argv)
    corpus = load_corpus(args.corpus)
    for subset in (None, "vat", "wns"):
        tally = Tally()
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            tally.add(
                make_dump(corpus, seed, n=args.articles, subset=subset, min_paragraphs=args.min_paragraphs)
            )
        print(tally.report(subset or "all"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
