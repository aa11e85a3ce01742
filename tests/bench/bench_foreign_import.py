"""How long placing another tool's annotations takes, against Lede's own import of the same quotes.

The library: every Reuters-21578 and BuzzFeed-Webis article in /work/shared/corpora (2,274
articles, about 5 MB of text). The annotations: 200 sentences drawn (seeded) from the BuzzFeed
articles, given as a web page gives them (straight quotes turned curly, paragraphs apart by a
blank line, 32 characters of prefix and suffix) and naming no article, plus 20 quotes that are
in no article (orphans: they go through the approximate search too). The baseline is the same
200 quotes as Lede's own export would give them, verbatim, but naming an article that is gone:
the re-anchoring ladder's search of every other article, the nearest existing job. Both are run in the same process; medians of 5 runs and their ratio.

    PYTHONPATH=. python tests/bench/bench_foreign_import.py
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.core.store.reanchor import plan_import  # noqa: E402
from reader.core.types import ImportedAnnotation  # noqa: E402

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
RUNS = 5


def load() -> tuple[dict[str, str], dict[str, tuple[str, str]], list[str]]:
    texts: dict[str, str] = {}
    pages: dict[str, tuple[str, str]] = {}
    web: list[str] = []
    for name in ("reuters21578", "buzzfeed_webis_2016"):
        for line in (CORPORA / name / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            a = json.loads(line)
            texts[a["id"]] = a["text"]
            pages[a["id"]] = (a["title"], a.get("url") or "")
            if name == "buzzfeed_webis_2016":
                web.append(a["id"])
    return texts, pages, web


def quotes(
    texts: dict[str, str], web: list[str]
) -> tuple[list[ImportedAnnotation], list[ImportedAnnotation]]:
    rng = random.Random(18)
    foreign: list[ImportedAnnotation] = []
    own: list[ImportedAnnotation] = []
    moved: list[ImportedAnnotation] = []
    curly = str.maketrans({"'": "\u2019"})
    while len(foreign) < 200:
        aid = rng.choice(web)
        text = texts[aid]
        sentences = [s for s in text.split(". ") if 40 <= len(s) <= 200]
        if not sentences:
            continue
        exact = rng.choice(sentences)
        start = text.index(exact)
        end = start + len(exact)
        prefix, suffix = text[max(0, start - 32) : start], text[end : end + 32]

        def page(s: str) -> str:
            return s.translate(curly).replace("\n", "\n\n")

        foreign.append(
            ImportedAnnotation("highlight", "", page(exact), page(prefix), page(suffix), 0, len(exact))
        )
        own.append(ImportedAnnotation("highlight", aid, exact, prefix, suffix, start, end))
        moved.append(ImportedAnnotation("highlight", "gone", exact, prefix, suffix, start, end))
    for i in range(20):
        absent = f"A sentence number {i} that no reporter wrote about the quarterly zebra migration."
        foreign.append(
            ImportedAnnotation("highlight", "", absent, "", "", 0, len(absent), uri=f"https://x/{i}")
        )
    return foreign, own, moved


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    if not (CORPORA / "reuters21578").exists():
        print("skipped: /work/shared/corpora is absent")
        return
    texts, pages, web = load()
    foreign, own, moved = quotes(texts, web)
    plan = plan_import(foreign, texts, pages)
    placed = [row for row in plan.highlights if not row[7]]
    right = sum(
        1
        for row, mine in zip(plan.highlights, own, strict=False)
        if (row[1], row[2], row[3]) == (mine.article_id, mine.start, mine.end)
    )
    print(f"{len(texts)} articles, {sum(map(len, texts.values())) / 1e6:.1f} M characters")
    print(
        f"placed {len(placed)} of {len(foreign)}, orphans {len(foreign) - len(placed)}; same span as the source: {right}/200"
    )
    f = statistics.median(timed(lambda: plan_import(foreign, texts, pages)) for _ in range(RUNS))
    f200 = statistics.median(timed(lambda: plan_import(foreign[:200], texts, pages)) for _ in range(RUNS))
    o = statistics.median(timed(lambda: plan_import(moved, texts, pages)) for _ in range(RUNS))
    print(f"foreign, 200 present + 20 absent: median {f:.3f} s")
    print(f"foreign, 200 present:             median {f200:.3f} s")
    print(f"Lede's own, same 200, article gone (baseline): median {o:.3f} s; ratio {f200 / o:.2f}x")


if __name__ == "__main__":
    main()
