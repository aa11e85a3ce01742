"""Refit the dump segmenter's weights (run on demand, needs numpy) on at most two publishers.

    python tests/bench/fit_segmenter.py            # fit both stages, print dev figures
    python tests/bench/fit_segmenter.py --write    # ... and rewrite reader/core/ingest/segment/weights.json
    python tests/bench/fit_segmenter.py --fit wikinews,cnn --write --out /tmp/w.json   # another pair
    python tests/bench/bench_segmentation.py --weights /tmp/w.json --seeds 4 --publishers reuters politico

Training dumps come from tests/core/publishers.py, built only from the
publishers given by ``--fit`` (default FIT_PUBLISHERS, Wikinews and Politico: an encyclopaedic
citizen-news style and a 2016 web publisher, chosen by the protocol below; until then
Wikinews and Reuters, a 1987 newswire), in every cell the benchmark uses: both line
styles, headlines kept for half the stories or none, random or same-subject
order, synthetic clutter and real clutter lines from the fitting half of the
sites. Seeds: gap scorer 1000+, story pass 3000+ (where the gap scorer is out
of sample), thresholds chosen on 2000+; the benchmark uses 100+.

Choosing the fitting pair (issue 13 allows any two publishers; written before any pair was
scored). Candidates are the pairs of CANDIDATES (Wikinews, Reuters, CNN, Politico), all six,
each fitted with the same recipe (synthetic conventions and subheads, real clutter from the
fitting half of the sites; the run-together Wikinews dumps only when Wikinews is in the pair).
Each pair is scored by bench_segmentation.py (seeds 100+, 4 dumps per cell, 32 per publisher)
ONLY on the two candidates it leaves out. Pairs leave out different publishers, and the
publishers differ in difficulty, so a pair's selection score is the mean over its two
left-out publishers of its ±1 F1 there minus the mean ±1 F1 there of every pair that also
leaves that publisher out (three pairs each): each pair is compared only with pairs that did
not see the publisher either. The shipped weights are printed beside each pair on the same
publishers. The pair with the highest score is chosen (within 0.005, the one with the higher
worst-dump mean). ABC and the sites are not scored until the choice is made; then the full
matrix once, chosen pair against the shipped weights, and the chosen pair is kept only if
ABC and sites both rise in mean ±1 F1 with their worst dumps not lower, and the mean over
every publisher the new pair leaves out rises against the shipped weights.

Selection (this round; seeds 100+, 32 dumps per publisher, ±1 F1 mean / worst on the two left-out
candidates; "shipped" is weights.json, itself fitted on Wikinews + Reuters, so its rows for those
two are fitted-on rows; score = mean gain over the other pairs that also leave the publisher out;
the six fits ran on today's features, so the Wikinews + Reuters refit is not the shipped file):

    pair               left out: pair                       shipped, same     score    worst mean
    wikinews,reuters   cnn .767/.635  politico .702/.473    .758/.629 .710/.542   +0.0137  0.554
    wikinews,politico  reuters .765/.533  cnn .753/.625     .786/.516 .758/.629   +0.0092  0.579
    reuters,cnn        wikinews .746/.521  politico .687/.491  .810/.585 .710/.542  -0.0002  0.506
    reuters,politico   wikinews .754/.495  cnn .742/.643    .810/.585 .758/.629   -0.0018  0.569
    wikinews,cnn       reuters .744/.561  politico .674/.481  .786/.516 .710/.542  -0.0077  0.521
    cnn,politico       wikinews .737/.500  reuters .728/.509  .810/.585 .786/.516  -0.0132  0.504

Wikinews + Politico is within 0.005 of the top score with the higher worst-dump mean, so by the
rule above it is the chosen pair. No web pair does well on the other web publisher: every pair
with CNN scores Politico below the Wikinews + Reuters refit (.674, .687 against .702), mostly in
the same-subject cells (titled, sentences: .612 / .629 against .685), and the two pairs with
Politico score CNN .753 and .742 against .767. Fit dev ±1 F1 (both passes) is lower with a web
publisher in the pair (cnn,politico .779, wikinews,politico .774 against .831): web dumps are
harder, not a sign of a worse model.

Final matrix, run once after the choice (bench_segmentation.py, seeds 100+, 16 dumps each; ±1
F1 mean / worst, exact-line F1, Pk), shipped Wikinews + Reuters weights -> Wikinews + Politico:
Wikinews (fitted both) 0.809/0.623 .794 .114 -> 0.813/0.595 .797 .120; Reuters (fitted, then
held out) 0.758/0.516 .740 .182 -> 0.753/0.533 .737 .176; Politico (held out, then fitted)
0.730/0.559 .681 .173 -> 0.734/0.535 .685 .178; CNN 0.764/0.629 .729 .158 -> 0.759/0.625 .721
.174; ABC 0.711/0.514 .660 .193 -> 0.730/0.535 .679 .179; sites 0.683/0.494 .563 .184 ->
0.699/0.549 .575 .185. By cell, same-subject without headlines / titled (mean of the titled
cells): ABC 0.571 -> 0.599 / 0.730 -> 0.758, sites 0.607 -> 0.620 / 0.712 -> 0.730, CNN 0.722
-> 0.723 / 0.772 -> 0.768, Reuters 0.617 -> 0.596 / 0.786 -> 0.792. The rule is met (ABC and
sites up, worst dumps up; mean over the four publishers the new pair leaves out 0.729 ->
0.735 though the shipped weights were fitted on one of them), so Wikinews + Politico ships.
Gains are small against the noise of 16 dumps: a check at 32 dumps (seeds 100-103, after the
decision, not used for it) gives ABC 0.714/0.514 -> 0.721/0.535, sites 0.684/0.457 ->
0.691/0.541, CNN 0.758 -> 0.753. ABC and the sites scored for every pair, after the choice,
report only: ±1 F1 mean ABC / sites: wikinews,reuters refit 0.710 / 0.683, wikinews,cnn
0.713 / 0.663, reuters,cnn 0.723 / 0.663, reuters,politico 0.734 / 0.679, wikinews,politico
0.730 / 0.699. The answer to "is the weak transfer the fitting pair's fault?" is: a little.
Pairs with Politico do best on the unseen web publishers, pairs with CNN do no better than
Wikinews + Reuters, and no pair moves any held-out publisher by more than about 0.02.

Both stages are L2-regularised logistic regressions fitted by Newton steps
on standardised features; the label of a gap is whether the paragraph after
it is the first paragraph of a gold article. numpy is needed here only: at
run time the weights are plain JSON.

Last, the story threshold's fall for dumps of short stories (refine.RATE_PRIOR) is chosen
on the dev seeds, among a grid of knees and slopes, on the fitting publishers' dev dumps and
the same dumps with every story cut to its first three paragraphs (choose_rate_prior).

Then each run's own shift of that threshold (refine.DUMP_SHIFT, round seg21): on the fitting
publishers' own dumps of the fitting seeds, each dump's best shift on a grid of quarter points,
regressed (ridge) on the median margin of the starts the story pass chose and the log of the
run's words a paragraph (choose_dump_shift).

Every round of features and models tried since, kept or dropped, with its dev and held-out
figures, is recorded in tests/bench/segmenter_rounds.md (a new round is added there).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.core.ingest.clean import clean_lines  # noqa: E402
from reader.core.ingest.segment import decoder as first_pass  # noqa: E402
from reader.core.ingest.segment import refine  # noqa: E402
from reader.core.ingest.segment.gaps import GapAnalysis, analyse_gaps  # noqa: E402
from reader.core.ingest.segment.units import Unit, make_units  # noqa: E402
from tests.core.dumps import GoldDump, load_corpus, make_dump  # noqa: E402
from tests.core.publishers import Story, load_publisher, make_publisher_dump, real_clutter  # noqa: E402

FIT_PUBLISHERS = ("wikinews", "politico")  # the shipped pair (see the docstring); ``--fit a,b`` for another
CANDIDATES = ("wikinews", "reuters", "cnn", "politico")  # the pairs --fit may draw from (see the docstring)
FIT_SEEDS = range(1000, 1012)
DEV_SEEDS = range(2000, 2004)
STAGE2_SEEDS = range(3000, 3012)
TOLERANCE = 0.005
# Share of fitting stories given a credit line and/or an agency dateline: conventions of
# news in general that Wikinews and this Reuters sample lack (see publishers.make_publisher_dump).
CONVENTIONS_RATE = float(os.environ.get("LEDE_FIT_CONVENTIONS", "0.3"))
# Share of fitting stories (of 4+ paragraphs) given subheads made from their own text. With the
# subhead features (gaps._subhead_evidence, callbacks, intros) 0.3 holds the plain dev set (both
# passes 0.8276 -> 0.8267) and lifts the subhead dev set 0.747 -> 0.805; without subheads in
# training the same features score plain dev 0.836 but take CNN 0.726 -> 0.678 held out.
SUBHEAD_RATE = float(os.environ.get("LEDE_FIT_SUBHEADS", "0.3"))
DEV_SUBHEADS = 0.5
BRIEF_PARAGRAPHS = 3
CELLS = [
    (style, same, rate)
    for style in ("paragraphs", "sentences")
    for same in (False, True)
    for rate in (0.5, 0.0)
]


def dumps(
    seeds: range,
    augment: bool = True,
    subheads: float = 0.0,
    publishers: Sequence[str] = FIT_PUBLISHERS,
    briefs: bool = False,
) -> Iterator[GoldDump]:
    """Every cell of every fitting publisher (``publishers``), for each seed.

    ``augment`` adds the synthetic conventions and subheads (training only): the dev
    dumps that thresholds and configurations are judged on keep the publishers' own text,
    so two configurations are always compared on the same dumps. ``subheads`` (a second
    dev set, reported only) gives that share of stories subheads and nothing else.
    ``briefs`` keeps only each story's first BRIEF_PARAGRAPHS paragraphs (a wire's short
    items: a start at every third or fourth gap, where the fitting publishers have one at
    about every fifteenth), and leaves out the run-together Wikinews dumps.
    """
    clutter = real_clutter(held_out=False)
    stories: dict[str, list[Story]] = {name: load_publisher(name) for name in publishers}
    if briefs:
        stories = {
            k: [replace(s, paragraphs=s.paragraphs[:BRIEF_PARAGRAPHS]) for s in v] for k, v in stories.items()
        }
    # The original Wikinews dumps too (run-together paragraphs), when Wikinews is a fitting publisher.
    wikinews = load_corpus() if "wikinews" in publishers and not briefs else []
    for seed in seeds if wikinews and not subheads else ():
        for rate in (0.6, 0.0):
            yield make_dump(wikinews, seed, n=40, title_rate=rate)
    for name in publishers:
        for seed in seeds:
            for k, (style, same, rate) in enumerate(CELLS):
                yield make_publisher_dump(
                    stories[name],
                    seed * 10 + k,
                    line_style=style,
                    same_subject=same,
                    title_rate=rate,
                    clutter_lines=clutter,
                    conventions_rate=CONVENTIONS_RATE if augment else 0.0,
                    subhead_rate=subheads or (SUBHEAD_RATE if augment else 0.0),
                )


def lead_lines(dump: GoldDump) -> set[int]:
    """The first paragraph line of every gold article (the gap labels: units are paragraphs)."""
    content = sorted(dump.content)
    titles = set(dump.title_lines)
    out = set()
    for s in dump.starts:
        if s in titles:
            out.add(next(c for c in content if c > s))
        else:
            out.add(s)
    return out


def analyse(dump: GoldDump) -> tuple[list[Unit], GapAnalysis, list[int], list[int]]:
    """Units, gap analysis, 0/1 labels per gap and gold lead lines of one dump."""
    kept, _ = clean_lines(enumerate(dump.text.split("\n"), 1))
    units, _ = make_units(kept)
    analysis = analyse_gaps(units)
    leads = lead_lines(dump)
    labels = [int(units[f.index].line in leads) for f in analysis.features]
    return units, analysis, labels, sorted(leads)


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 30) -> np.ndarray:
    """Logistic regression by Newton's method; column 0 is the (unpenalised) bias."""
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + reg * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(reg) + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return w


def fit_weights(
    rows: list[list[float]], ys: list[int], names: list[str], l2: float, digits: int
) -> dict[str, float]:
    """Logistic weights by name (plus "bias"), fitted on standardised columns then unscaled.

    Standardising first makes the L2 penalty weigh every feature on the same scale.
    """
    x = np.array(rows)
    y = np.array(ys, dtype=float)
    scale = x.std(axis=0)
    scale[0] = 1.0
    scale[scale < 1e-9] = 1.0
    w = fit(x / scale, y, l2) / scale
    return {"bias": round(float(w[0]), digits)} | {
        k: round(float(v), digits) for k, v in zip(names, w[1:], strict=True)
    }


Decoded = list[tuple[list[Unit], list[int], Sequence[int]]]  # units, chosen starts, gold starts


def pick_threshold(label: str, decode_all: Callable[[float], Decoded]) -> tuple[float, float]:
    """(dev F1, threshold): the lowest threshold within TOLERANCE of the best ±1 F1 on the dev dumps.

    On a plateau, lean to recall: a wrong split costs one merge; a missed start hides a
    story inside another.
    """
    curve: list[tuple[float, float]] = []
    for threshold in [t / 10 for t in range(-20, 21, 2)]:
        tp = npred = ngold = 0
        for units, chosen, starts in decode_all(threshold):
            a, b, c = within_one_f1(starts[1:], [units[i].line for i in chosen[1:]])
            tp, npred, ngold = tp + a, npred + b, ngold + c
        f1 = 2 * tp / (npred + ngold)
        print(f"{label}threshold {threshold:+.1f}: ±1 F1 {f1:.4f} (P {tp / npred:.3f} R {tp / ngold:.3f})")
        curve.append((f1, threshold))
    top = max(f1 for f1, _ in curve)
    best = min(((f1, t) for f1, t in curve if f1 >= top - TOLERANCE), key=lambda ft: ft[1])
    print(f"{label}best threshold {best[1]:+.1f} (dev ±1 F1 {best[0]:.4f})")
    return best


def within_one_f1(gold: Sequence[int], pred: Sequence[int]) -> tuple[int, int, int]:
    unmatched = sorted(gold)
    tp = 0
    for p in sorted(pred):
        hit = next((g for g in unmatched if abs(g - p) <= 1), None)
        if hit is not None:
            unmatched.remove(hit)
            tp += 1
    return tp, len(pred), len(gold)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--l2", type=float, default=10.0)
    parser.add_argument("--write", action="store_true", help="rewrite segment/weights.json")
    parser.add_argument("--out", type=Path, help="with --write: write here instead of segment/weights.json")
    parser.add_argument("--eval", action="store_true", help="only score the weights in weights.json on dev")
    parser.add_argument(
        "--fit",
        type=pair,
        default=FIT_PUBLISHERS,
        help=f"the two fitting publishers, comma-separated, from {', '.join(CANDIDATES)} "
        f"(default {','.join(FIT_PUBLISHERS)})",
    )
    args = parser.parse_args(argv)
    fit_on: tuple[str, ...] = args.fit
    print(f"fitting publishers: {', '.join(fit_on)}", flush=True)
    if args.eval:
        each: list[float] = []
        plain = dev_f1(first_pass.THRESHOLD, refine.THRESHOLD2, fit_on, per_dump=each)
        print(
            f"plain dev: ±1 F1 first pass {plain[0]:.4f}, both passes {plain[1]:.4f} "
            f"(per-dump mean {sum(each) / len(each):.4f} over {len(each)} dumps)"
        )
        report_subheads(first_pass.THRESHOLD, refine.THRESHOLD2, fit_on)
        return 0
    refine.RATE_PRIOR.clear()  # thresholds are chosen without it; it is chosen around them
    refine.DUMP_SHIFT.clear()  # the same for each run's own shift, chosen last
    dev = [analyse(d) for d in dumps(DEV_SEEDS, augment=False, publishers=fit_on)]
    gap_weights, gap_threshold = fit_stage1(args.l2, dev, fit_on)
    story_weights, story_threshold = fit_stage2(args.l2, dev, fit_on)
    report_subheads(gap_threshold, story_threshold, fit_on)
    rate_prior = choose_rate_prior(gap_threshold, story_threshold, fit_on)
    dump_shift = choose_dump_shift(gap_threshold, story_threshold, fit_on)
    if args.write:
        data = {
            "fitted_on": list(fit_on),
            "gap": {"threshold": gap_threshold, "weights": gap_weights},
            "story": {"threshold": story_threshold, "weights": story_weights},
            "rate_prior": rate_prior,
            "dump_shift": dump_shift,
        }
        out = args.out or first_pass.WEIGHTS_FILE
        out.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"rewrote {out}")
    return 0


def pair(text: str) -> tuple[str, ...]:
    """``--fit``'s value: one or two publishers from CANDIDATES (the issue allows at most two)."""
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    if not 1 <= len(names) <= 2 or len(set(names)) != len(names) or not set(names) <= set(CANDIDATES):
        raise argparse.ArgumentTypeError(f"one or two of {', '.join(CANDIDATES)}, not {text!r}")
    return names


def dev_f1(
    gap_threshold: float,
    story_threshold: float,
    publishers: Sequence[str],
    subheads: float = 0.0,
    per_dump: list[float] | None = None,
) -> tuple[float, float]:
    """±1 F1 of the first pass and of both passes on the dev dumps (``subheads``: see :func:`dumps`),
    pooled over all gaps. Both passes run as ingest runs them (rate prior and dump shift, when set).
    ``per_dump`` collects each dump's own both-pass F1, the mean the benchmark reports: the pooled
    figure weighs a dump by its number of starts, so dumps of short stories count for more there."""
    totals = [[0, 0, 0], [0, 0, 0]]
    dev = dumps(DEV_SEEDS, augment=False, subheads=subheads, publishers=publishers)
    for units, analysis, _, leads in map(analyse, dev):
        scores = [first_pass.score(f) for f in analysis.features]
        first = first_pass.decode(analysis.features, len(units), gap_threshold, scores)
        both = refine.refine_scored(analysis, len(units), first, scores, base=story_threshold)[0]
        for total, chosen in zip(totals, (first, both), strict=True):
            counts = within_one_f1(leads[1:], [units[i].line for i in chosen[1:]])
            for k, v in enumerate(counts):
                total[k] += v
        if per_dump is not None:  # ``counts`` are both passes' now
            per_dump.append(2 * counts[0] / max(1, counts[1] + counts[2]))
    first_f1, both_f1 = (2 * t[0] / (t[1] + t[2]) for t in totals)
    return first_f1, both_f1


def report_subheads(gap_threshold: float, story_threshold: float, publishers: Sequence[str]) -> None:
    """Print ±1 F1 on the dev dumps with subheads in half the stories (reported, never chosen by).

    It says whether headline-shaped lines inside a story are taken for headlines (web
    stories have them; Wikinews and Reuters do not).
    """
    each: list[float] = []
    first_f1, both_f1 = dev_f1(gap_threshold, story_threshold, publishers, DEV_SUBHEADS, each)
    print(
        f"subhead dev (share {DEV_SUBHEADS}): ±1 F1 first pass {first_f1:.4f}, both passes {both_f1:.4f} "
        f"(per-dump mean {sum(each) / len(each):.4f})"
    )


def fit_stage1(
    l2: float, dev: list[tuple[list[Unit], GapAnalysis, list[int], list[int]]], publishers: Sequence[str]
) -> tuple[dict[str, float], float]:
    """Fit the gap scorer on FIT_SEEDS, pick its threshold on the dev dumps."""
    names: list[str] = []
    rows: list[list[float]] = []
    ys: list[int] = []
    for dump in dumps(FIT_SEEDS, publishers=publishers):
        _, analysis, labels, _ = analyse(dump)
        if not names and analysis.features:
            names = sorted(analysis.features[0].x)
        rows.extend([1.0] + [f.x[k] for k in names] for f in analysis.features)
        ys.extend(labels)
    print(f"{len(ys)} gaps, {sum(ys)} boundaries, {len(names)} features", flush=True)
    weights = fit_weights(rows, ys, names, l2, digits=2)
    first_pass.WEIGHTS.clear()
    first_pass.WEIGHTS.update(weights)
    best = pick_threshold(
        "", lambda t: [(u, first_pass.decode(a.features, len(u), t), leads) for u, a, _, leads in dev]
    )
    first_pass.THRESHOLD = best[1]
    return weights, best[1]


# refine.RATE_PRIOR's candidates: the first-pass start rate above which the story threshold falls,
# and how steeply; a shift never goes below RATE_FLOOR (the lowest shift measured).
RATE_KNEES = (0.06, 0.07, 0.08, 0.09, 0.1, 0.12)
RATE_SLOPES = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0)
RATE_FLOOR = -3.0
RATE_COST = 0.001  # the most a candidate may cost any dev group of the publishers' own stories


def choose_rate_prior(
    gap_threshold: float, story_threshold: float, publishers: Sequence[str]
) -> dict[str, float]:
    """Choose refine.RATE_PRIOR on the dev seeds: the publishers' own dumps and the same cut to briefs.

    Each candidate is scored by ±1 F1 per dump, averaged per group (a publisher's dumps, its
    brief dumps). The one that lifts the brief groups most wins, among those that cost no
    group of whole stories more than RATE_COST: the prior is for stories shorter than the
    fitting publishers', and must leave theirs as they were.
    """
    groups: dict[str, list[tuple[float, list[float], list[Unit], GapAnalysis, list[int]]]] = {}
    for brief in (False, True):
        for name in publishers:
            for units, analysis, _, leads in map(analyse, dumps(DEV_SEEDS, False, 0.0, [name], brief)):
                n = len(units)
                scores = first_pass.scores(analysis.features)
                first = first_pass.decode(analysis.features, n, gap_threshold, scores)
                story = refine.story_table(analysis, n, first, scores).scores(refine.WEIGHTS2)
                rate = refine.start_rate(first, n)
                groups.setdefault(f"{name}{' briefs' if brief else ''}", []).append(
                    (rate, story, units, analysis, leads)
                )

    def mean_f1(prior: dict[str, float]) -> dict[str, float]:
        refine.RATE_PRIOR.clear()
        refine.RATE_PRIOR.update(prior)
        out = {}
        for group, rows in groups.items():
            f1 = []
            for rate, story, units, analysis, leads in rows:
                t = story_threshold + refine.threshold_shift(rate)
                chosen = first_pass.decode(analysis.features, len(units), t, story)
                tp, found, gold = within_one_f1(leads[1:], [units[i].line for i in chosen[1:]])
                f1.append(2 * tp / max(1, found + gold))
            out[group] = sum(f1) / len(f1)
        return out

    base = mean_f1({})
    print("rate prior: none", {g: round(v, 4) for g, v in base.items()})
    best: tuple[float, dict[str, float]] = (-1.0, {})
    for knee in RATE_KNEES:
        for slope in RATE_SLOPES:
            prior = {"knee": knee, "slope": slope, "floor": RATE_FLOOR}
            got = mean_f1(prior)
            whole = [g for g in got if not g.endswith("briefs")]
            lift = sum(got[g] for g in got if g.endswith("briefs"))
            ok = all(got[g] >= base[g] - RATE_COST for g in whole)
            print(
                f"rate prior knee {knee} slope {slope}: {'' if ok else '(costs whole stories) '}",
                {g: round(v, 4) for g, v in got.items()},
            )
            if ok and lift > best[0]:
                best = (lift, prior)
    refine.RATE_PRIOR.clear()
    refine.RATE_PRIOR.update(best[1])
    print(f"rate prior chosen: {best[1]}")
    return best[1]


SHIFT_GRID = tuple(x / 4 for x in range(-12, 13))
SHIFT_L2 = 30.0  # ridge penalty on the standardised slopes (216 dumps; the bias is free)
SHIFT_CAP = 1.5


def _best_shift(
    units: list[Unit], analysis: GapAnalysis, leads: list[int], gap_threshold: float, story_threshold: float
) -> tuple[float, float, float]:
    """One dump's best story-threshold shift on SHIFT_GRID (ties: the smallest), its median margin, its grain."""
    n = len(units)
    scores = first_pass.scores(analysis.features)
    first = first_pass.decode(analysis.features, n, gap_threshold, scores)
    assert not refine.DUMP_SHIFT, "the shift is chosen from the story pass without one (main clears it)"
    chosen, story, threshold = refine.refine_scored(analysis, n, first, scores, base=story_threshold)
    margins = refine.chosen_margins(analysis, chosen, story, threshold)
    f1 = []
    for shift in SHIFT_GRID:
        picked = first_pass.decode(analysis.features, n, threshold + shift, story)
        tp, found, gold = within_one_f1(leads[1:], [units[i].line for i in picked[1:]])
        f1.append(2 * tp / max(1, found + gold))
    top = max(f1)
    best = min((s for s, f in zip(SHIFT_GRID, f1, strict=True) if f >= top - 1e-12), key=abs)
    return best, float(np.median(margins)) if margins else 0.0, float(np.log(max(1.0, analysis.unit_words)))


def choose_dump_shift(
    gap_threshold: float, story_threshold: float, publishers: Sequence[str]
) -> dict[str, float]:
    """Fit refine.DUMP_SHIFT on the fitting publishers' own dumps of FIT_SEEDS (no augmentation).

    Each dump's best shift is regressed on its chosen starts' median margin and its log words a
    paragraph, both standardised, by ridge regression (the bias unpenalised); the shift is capped
    at ±SHIFT_CAP. Thresholds and the rate prior are the ones just chosen.
    """
    rows = [
        _best_shift(u, a, leads, gap_threshold, story_threshold)
        for u, a, _, leads in map(analyse, dumps(FIT_SEEDS, False, 0.0, publishers))
    ]
    y = np.array([r[0] for r in rows])
    x = np.array([[r[1], r[2]] for r in rows])
    mean, sd = x.mean(axis=0), x.std(axis=0)
    z = np.column_stack([np.ones(len(x)), (x - mean) / sd])
    w = np.linalg.solve(z.T @ z + np.diag([0.0, SHIFT_L2, SHIFT_L2]), z.T @ y)
    shift = {
        "bias": round(float(w[0]), 3),
        "med": round(float(w[1]), 3),
        "med_mean": round(float(mean[0]), 3),
        "med_sd": round(float(sd[0]), 3),
        "words": round(float(w[2]), 3),
        "words_mean": round(float(mean[1]), 3),
        "words_sd": round(float(sd[1]), 3),
        "cap": SHIFT_CAP,
    }
    print(f"dump shift from {len(rows)} dumps (mean best shift {y.mean():+.2f}): {shift}")
    refine.DUMP_SHIFT.clear()
    refine.DUMP_SHIFT.update(shift)
    return shift


def stage2_rows(units: list[Unit], analysis: GapAnalysis) -> list[dict[str, float] | None]:
    scores = [first_pass.score(f) for f in analysis.features]
    first = first_pass.decode(analysis.features, len(units), first_pass.THRESHOLD, scores)
    return refine.story_features(analysis, len(units), first, scores)


def fit_stage2(
    l2: float, dev: list[tuple[list[Unit], GapAnalysis, list[int], list[int]]], publishers: Sequence[str]
) -> tuple[dict[str, float], float]:
    """Fit the story-level pass on STAGE2_SEEDS (the gap scorer is out of sample there)."""
    names: list[str] = []
    rows: list[list[float]] = []
    ys: list[int] = []
    for dump in dumps(STAGE2_SEEDS, publishers=publishers):
        units, analysis, labels, _ = analyse(dump)
        for x, label in zip(stage2_rows(units, analysis), labels, strict=True):
            if x is None:
                continue
            if not names:
                names = sorted(x)
            rows.append([1.0] + [x[k] for k in names])
            ys.append(label)
    print(f"stage 2: {len(ys)} reconsidered gaps, {sum(ys)} boundaries, {len(names)} features")
    weights = fit_weights(rows, ys, names, l2, digits=3)
    refine.WEIGHTS2.clear()
    refine.WEIGHTS2.update(weights)
    dev2 = [(u, a, stage2_rows(u, a), leads) for u, a, _, leads in dev]
    best = pick_threshold(
        "stage 2 ",
        lambda t: [
            (u, first_pass.decode(a.features, len(u), t, [refine.refined_score(x) for x in xs]), leads)
            for u, a, xs, leads in dev2
        ],
    )
    return weights, best[1]


if __name__ == "__main__":
    raise SystemExit(main())
