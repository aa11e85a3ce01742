"""Quality benchmark for dump segmentation and clutter removal, per publisher (run on demand).

    python tests/bench/bench_segmentation.py                 # the held-out matrix (Markdown)
    python tests/bench/bench_segmentation.py --seeds 4       # more dumps per cell

Dumps are built from every publisher in ``../shared/corpora`` (see
tests/core/publishers.py): both line styles (the publisher's paragraphs; lines
of 1-3 sentences), headlines kept for half the stories or for none, stories
side by side at random or chained by subject, synthetic and real clutter
(real lines from the held-out half of the sites). For each publisher it
prints boundary F1 exact and within ±1 line (mean and worst dump), Pk,
clutter F1 (mean and worst), content lines dropped, and ingest speed. The
gold start of an article is its headline line when one is kept. A second table
measures the doubtful breaks a reader reviews with ``b`` in the window: doubts
per article, the share of boundary errors (false and missed starts at ±1 line)
that a doubt points at, the share of doubts that point at one, and the ±1 F1
once every error a doubt pointed at has been fixed.

The segmenter is fitted on the publishers that weights.json names under
"fitted_on" (fit_segmenter.py --fit; Wikinews and Reuters when it names none);
their rows are marked and are not held-out figures. ``--weights FILE`` scores
another fitted weights file (a candidate from ``fit_segmenter.py --write --out``)
without installing it. Seeds here (100+) are disjoint from the fitting seeds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.core.ingest import ingest_text  # noqa: E402
from reader.core.ingest.segment import decoder, refine  # noqa: E402
from tests.core.dumps import GoldDump  # noqa: E402
from tests.core.publishers import (  # noqa: E402
    CORPORA,
    PUBLISHERS,
    available,
    load_publisher,
    make_publisher_dump,
    real_clutter,
)

FITTED_ON: tuple[str, ...] = tuple(decoder.FITTED.get("fitted_on", ("wikinews", "reuters")))


def use_weights(path: Path) -> tuple[str, ...]:
    """Swap in the gap and story weights of a fitted weights file; the publishers it was fitted on."""
    data = json.loads(path.read_text(encoding="utf-8"))
    decoder.WEIGHTS.clear()
    decoder.WEIGHTS.update(data["gap"]["weights"])
    decoder.THRESHOLD = data["gap"]["threshold"]
    refine.WEIGHTS2.clear()
    refine.WEIGHTS2.update(data["story"]["weights"])
    refine.THRESHOLD2 = data["story"]["threshold"]
    refine.RATE_PRIOR.clear()
    refine.RATE_PRIOR.update(data.get("rate_prior", {}))
    return tuple(data.get("fitted_on", ("wikinews", "reuters")))


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
class DumpScore:
    """Scores of one dump."""

    f1_exact: float
    f1_near: float
    pk: float
    clutter_f1: float
    dropped_content: int
    chars: int
    seconds: float
    articles: int = 0  # gold articles
    doubts: int = 0
    errors: int = 0  # false starts and missed starts, within ±1 line
    errors_at_doubt: int = 0  # of those, the ones a doubt points at (within ±1 line)
    doubts_at_error: int = 0
    f1_reviewed: float = 0.0  # ±1 F1 once a reader fixes every error a doubt points at
    titles_taken: int = 0  # articles titled by a line of the dump
    titles_real: int = 0  # of those, titled by a real headline
    headlines: int = 0  # real headlines in the dump


def review(gold: Sequence[int], pred: Sequence[int], doubts: Sequence[int]) -> tuple[int, int, int, float]:
    """What a reader who checks every doubtful break finds: (errors, errors at a doubt, doubts at an
    error, ±1 F1 after fixing those). Lines are start lines; a doubt at a start is at its lead
    paragraph, a line below a headline, hence the ±1 line of slack everywhere."""

    def near(line: int, lines: Sequence[int]) -> bool:
        return any(abs(line - other) <= 1 for other in lines)

    false = [p for p in pred if not near(p, gold)]
    missed = [g for g in gold if not near(g, pred)]
    false_seen = [p for p in false if near(p, doubts)]
    missed_seen = [g for g in missed if near(g, doubts)]
    useful = sum(1 for d in doubts if near(d, false) or near(d, missed))
    fixed = [p for p in pred if p not in false_seen] + missed_seen
    tp, npred, ngold = boundary_prf(gold, fixed, 1)
    return len(false) + len(missed), len(false_seen) + len(missed_seen), useful, _f1(tp, npred, ngold)


def _f1(tp: int, pred: int, gold: int) -> float:
    pr = tp / pred if pred else 1.0
    rc = tp / gold if gold else 1.0
    return 2 * pr * rc / (pr + rc) if pr + rc else 0.0


def score_dump(dump: GoldDump) -> DumpScore:
    """Run one dump through ingest and score it against its gold."""
    t = time.perf_counter()
    result = ingest_text(dump.text, "<dump>")
    seconds = time.perf_counter() - t
    pred = [d.start_line for d in result.drafts]
    n_lines = dump.text.count("\n")
    tp0, npred, ngold = boundary_prf(dump.starts[1:], pred[1:], 0)
    tp1, _, _ = boundary_prf(dump.starts[1:], pred[1:], 1)
    pk, _ = pk_windowdiff(dump.starts, pred, n_lines)
    dropped = {d.line for d in result.dropped}
    gold_clutter = set(dump.clutter)
    either = set(dump.captions)
    c_tp = len(dropped & (gold_clutter | either))
    c_pred = len(dropped)
    c_gold = len(gold_clutter) + len(dropped & either)
    lost = len(dropped & (set(dump.content) | set(dump.title_lines)))
    # A doubt at a start is said at its lead paragraph: the article's start line stands for it.
    firsts = {d.lines[0]: d.start_line for d in result.drafts if d.lines}
    doubts = [firsts.get(d.line, d.line) if d.at_start else d.line for d in result.doubts]
    errors, seen, useful, reviewed = review(dump.starts[1:], pred[1:], doubts)
    taken = [d.title_line for d in result.drafts if d.title_line is not None]
    return DumpScore(
        _f1(tp0, npred, ngold),
        _f1(tp1, npred, ngold),
        pk,
        _f1(c_tp, c_pred, c_gold),
        lost,
        len(dump.text),
        seconds,
        len(dump.starts),
        len(doubts),
        errors,
        seen,
        useful,
        reviewed,
        len(taken),
        len(set(taken) & set(dump.title_lines)),
        len(dump.title_lines),
    )


def cells(seeds: int, first_seed: int) -> list[tuple[str, bool, float, int]]:
    """(line style, same subject, title rate, seed) of every dump built per publisher."""
    return [
        (style, same, rate, seed)
        for style in ("paragraphs", "sentences")
        for same in (False, True)
        for rate in (0.5, 0.0)
        for seed in range(first_seed, first_seed + seeds)
    ]


def run(
    names: Sequence[str], seeds: int, first_seed: int, articles: int, dev: bool = False
) -> dict[str, list[DumpScore]]:
    clutter = real_clutter(held_out=not dev)
    out: dict[str, list[DumpScore]] = {}
    for name in names:
        stories = load_publisher(name.split(":")[0])
        if name.startswith("web:"):  # one half of the sites, split as real_clutter splits them
            half = name.endswith(":held")
            stories = [s for s in stories if (sum(map(ord, s.site)) % 2 == 1) == half]
        out[name] = [
            score_dump(
                make_publisher_dump(
                    stories,
                    seed,
                    n=articles,
                    line_style=style,
                    same_subject=same,
                    title_rate=rate,
                    clutter_lines=clutter,
                )
            )
            for style, same, rate, seed in cells(seeds, first_seed)
        ]
    return out


def _table(
    results: dict[str, list[DumpScore]],
    fitted_on: Sequence[str],
    header: Sequence[str],
    cells: Callable[[list[DumpScore]], Sequence[str]],
) -> str:
    """A Markdown table with one row per publisher (fitted-on ones marked), ``cells`` giving the rest."""
    rows = ["| publisher | " + " | ".join(header) + " |", "|---" * (len(header) + 1) + "|"]
    for name, scores in results.items():
        mark = " (fitted on)" if name in fitted_on else ""
        rows.append(f"| {name}{mark} | " + " | ".join(cells(scores)) + " |")
    return "\n".join(rows)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / max(1, len(values))


def table(results: dict[str, list[DumpScore]], fitted_on: Sequence[str] = FITTED_ON) -> str:
    def cells(scores: list[DumpScore]) -> list[str]:
        mbps = sum(s.chars for s in scores) / 1e6 / max(1e-9, sum(s.seconds for s in scores))
        near = [s.f1_near for s in scores]
        clutter = [s.clutter_f1 for s in scores]
        return [
            str(len(scores)),
            f"{_mean(near):.3f} / {min(near):.3f}",
            f"{_mean([s.f1_exact for s in scores]):.3f}",
            f"{_mean([s.pk for s in scores]):.3f}",
            f"{_mean(clutter):.3f} / {min(clutter):.3f}",
            str(sum(s.dropped_content for s in scores)),
            f"{mbps:.2f}",
        ]

    header = ("dumps", "boundary F1 ±1 (mean / worst)", "exact-line F1", "Pk", "clutter F1 (mean / worst)")
    return _table(results, fitted_on, (*header, "content lines dropped", "MB/s"), cells)


def review_table(results: dict[str, list[DumpScore]], fitted_on: Sequence[str] = FITTED_ON) -> str:
    """The doubtful breaks a reader can review (B in the window), per publisher."""

    def cells(scores: list[DumpScore]) -> list[str]:
        doubts, errors = sum(s.doubts for s in scores), sum(s.errors for s in scores)
        return [
            f"{doubts / max(1, sum(s.articles for s in scores)):.2f}",
            f"{sum(s.errors_at_doubt for s in scores) / max(1, errors):.0%}",
            f"{sum(s.doubts_at_error for s in scores) / max(1, doubts):.0%}",
            f"{_mean([s.f1_near for s in scores]):.3f} / {_mean([s.f1_reviewed for s in scores]):.3f}",
        ]

    header = ("doubts per article", "boundary errors at a doubt", "doubts at an error")
    return _table(results, fitted_on, (*header, "F1 ±1 before / after fixing those"), cells)


def headline_table(results: dict[str, list[DumpScore]], fitted_on: Sequence[str] = FITTED_ON) -> str:
    """Headline lines of the dump taken as titles: how many are real headlines, how many real ones are taken."""

    def cells(scores: list[DumpScore]) -> list[str]:
        taken, real = sum(s.titles_taken for s in scores), sum(s.titles_real for s in scores)
        gold = sum(s.headlines for s in scores)
        return [f"{real}/{taken} = {real / max(1, taken):.1%}", f"{real}/{gold} = {real / max(1, gold):.1%}"]

    header = ("dump lines taken as titles that are real headlines", "real headlines taken as titles")
    return _table(results, fitted_on, header, cells)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seeds", type=int, default=2, help="dumps per cell (8 cells per publisher)")
    parser.add_argument("--first-seed", type=int, default=100)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument(
        "--publishers",
        nargs="*",
        default=list(PUBLISHERS),
        help='also "web:fit" / "web:held": half the sites',
    )
    parser.add_argument("--by-cell", action="store_true", help="also print one row per line style / order")
    parser.add_argument("--weights", type=Path, help="score this weights file instead of weights.json")
    parser.add_argument(
        "--dev",
        action="store_true",
        help="real clutter from the fitting half of the sites (for designing a change on seeds 2000+)",
    )
    args = parser.parse_args(argv)
    if not available():
        print(f"corpora not found at {CORPORA}: nothing to measure")
        return 0
    fitted_on = use_weights(args.weights) if args.weights else FITTED_ON
    results = run(args.publishers, args.seeds, args.first_seed, args.articles, args.dev)
    print(table(results, fitted_on))
    print()
    print(review_table(results, fitted_on))
    print()
    print(headline_table(results, fitted_on))
    if args.by_cell:
        layout = cells(args.seeds, args.first_seed)
        for name, scores in results.items():
            for key in sorted({(c[0], c[1], c[2]) for c in layout}):
                sub = [s for s, c in zip(scores, layout, strict=True) if (c[0], c[1], c[2]) == key]
                print(
                    f"{name:9s} {key[0]:10s} same={key[1]!s:5s} titles={key[2]:.1f}  "
                    f"F1±1 {sum(s.f1_near for s in sub) / len(sub):.3f} exact {sum(s.f1_exact for s in sub) / len(sub):.3f} "
                    f"Pk {sum(s.pk for s in sub) / len(sub):.3f}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
