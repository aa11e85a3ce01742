"""Clutter removal on the FITTING side, with the lines it misses and the content it drops (run on demand).

    python tests/bench/bench_clutter.py                          # wikinews + reuters, fitting-half real lines
    python tests/bench/bench_clutter.py web --site-half fit      # web stories of the fitting half of the sites

Design and error analysis of the cleaner (reader/core/ingest/clean.py,
furniture.py) use this script only: dumps of the fitting publishers with
clutter from the fitting half of the real furniture lines
(``real_clutter(held_out=False)``), seeds 500+ by default, disjoint from the
benchmark's 100+. The held-out figures come from bench_segmentation.py and
are read for the final report only. For each publisher it prints clutter F1
(mean / worst dump) and content lines dropped, then the clutter lines missed
and the content lines dropped, most frequent first, with the rule that fired
(its reason; "(context)" when the line alone is not clutter and a context
rule took it: a teaser link under a header, a video caption).

    python tests/bench/bench_clutter.py politico cnn abc web --held-out-totals

counts the content and title lines dropped per rule on the benchmark's
held-out dumps (seeds 100+, held-out real lines) and prints no line: for the
final report only, never for design.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.core.ingest import ingest_text  # noqa: E402
from reader.core.ingest.clean import classify_line  # noqa: E402
from tests.bench.bench_segmentation import _f1, cells  # noqa: E402
from tests.core.publishers import CORPORA, available, load_publisher, make_publisher_dump, real_clutter  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("publishers", nargs="*", default=["wikinews", "reuters"])
    parser.add_argument("--seeds", type=int, default=2, help="dumps per cell (8 cells per publisher)")
    parser.add_argument("--first-seed", type=int, default=500)
    parser.add_argument(
        "--site-half", choices=("fit", "held"), help="keep only stories of one half of the sites"
    )
    parser.add_argument("--show", type=int, default=40, help="lines listed per kind of error")
    parser.add_argument(
        "--held-out-totals", action="store_true", help="held-out dumps (seeds 100+): totals per rule only"
    )
    args = parser.parse_args(argv)
    if not available():
        print(f"corpora not found at {CORPORA}: nothing to measure")
        return 0
    held = args.held_out_totals
    if held and args.first_seed == 500:
        args.first_seed = 100
    clutter = real_clutter(held_out=held)
    missed: Counter[str] = Counter()
    lost: Counter[tuple[str, str]] = Counter()
    for name in args.publishers:
        stories = load_publisher(name)
        if args.site_half:
            stories = [s for s in stories if (sum(map(ord, s.site)) % 2 == 1) == (args.site_half == "held")]
        scores: list[float] = []
        dropped_content = 0
        rules: Counter[str] = Counter()
        titles: Counter[str] = Counter()
        for style, same, rate, seed in cells(args.seeds, args.first_seed):
            dump = make_publisher_dump(
                stories, seed, line_style=style, same_subject=same, title_rate=rate, clutter_lines=clutter
            )
            lines = dump.text.split("\n")
            dropped = {d.line: d.reason for d in ingest_text(dump.text, "<dump>").dropped}
            gold, either = set(dump.clutter), set(dump.captions)
            hits = len(dropped.keys() & (gold | either))
            scores.append(_f1(hits, len(dropped), len(gold) + len(dropped.keys() & either)))
            missed.update(lines[n - 1] for n in gold - dropped.keys())
            for n in dropped.keys() & (set(dump.content) | set(dump.title_lines)):
                rule = _rule(dropped[n], lines[n - 1])
                (titles if n in dump.title_lines else rules)[rule] += 1
                if not held:
                    lost[(rule, lines[n - 1][:160])] += 1
                dropped_content += 1
        print(
            f"{name}: clutter F1 {sum(scores) / len(scores):.3f} mean / {min(scores):.3f} worst, "
            f"content lines dropped {dropped_content} ({len(scores)} dumps)"
        )
        print(f"  content lines by rule: {dict(rules.most_common())}")
        print(f"  title lines by rule: {dict(titles.most_common())}")
    if held:
        return 0
    print(f"--- clutter lines missed ({sum(missed.values())})")
    for text, count in missed.most_common(args.show):
        print(f"{count:4d}  {text[:150]}")
    print(f"--- content lines dropped ({sum(lost.values())})")
    for (reason, text), count in lost.most_common(args.show):
        print(f"{count:4d}  [{reason}] {text}")
    return 0


def _rule(reason: str, text: str) -> str:
    """The rule that dropped a line: its reason, marked when context (not the line alone) decided."""
    return reason if classify_line(text.strip()) is not None else f"{reason} (context)"


if __name__ == "__main__":
    raise SystemExit(main())
