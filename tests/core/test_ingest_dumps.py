"""Generated Wikinews dumps (fixed seeds): the same code that splits the sample splits these."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.ingest import ingest_text
from tests.core.dumps import load_corpus, make_dump

CORPUS = Path(__file__).parents[2].parent / "shared/corpora/wikinews/articles.jsonl"
SEEDS = (1, 2, 3, 4)


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, str]]:
    if not CORPUS.exists():
        pytest.skip("Wikinews corpus not available beside the repository")
    return load_corpus(CORPUS)


def _matches_within_one(gold: list[int], pred: list[int]) -> int:
    unmatched = list(gold)
    tp = 0
    for p in pred:
        hit = next((g for g in unmatched if abs(g - p) <= 1), None)
        if hit is not None:
            unmatched.remove(hit)
            tp += 1
    return tp


def _f1(tp: int, npred: int, ngold: int) -> float:
    return 2 * tp / (npred + ngold) if npred + ngold else 0.0


def _f1_within_one(gold: list[int], pred: list[int]) -> float:
    return _f1(_matches_within_one(gold, pred), len(pred), len(gold))


def test_boundaries_of_generated_dumps_are_found(corpus: list[dict[str, str]]) -> None:
    tp = npred = ngold = 0
    for seed in SEEDS:
        dump = make_dump(corpus, seed, n=40)
        pred = [d.start_line for d in ingest_text(dump.text, f"dump-{seed}").drafts][1:]
        gold = dump.starts[1:]
        assert _f1_within_one(gold, pred) >= SEED_F1_FLOOR, f"seed {seed}"
        tp += _matches_within_one(gold, pred)
        npred += len(pred)
        ngold += len(gold)
    assert _f1(tp, npred, ngold) >= F1_FLOOR


@pytest.mark.parametrize("seed", SEEDS)
def test_no_content_line_of_a_generated_dump_is_lost(corpus: list[dict[str, str]], seed: int) -> None:
    dump = make_dump(corpus, seed, n=40)
    result = ingest_text(dump.text)
    kept = {n for d in result.drafts for n in d.lines}
    lines = dump.text.split("\n")
    titles = {d.title for d in result.drafts if not d.title_derived}
    # A content line may also become the title of a (wrongly) split draft: shown, so not lost.
    lost = [n for n in dump.content if n not in kept and lines[n - 1].strip() not in titles]
    assert lost == []
    dropped = {d.line for d in result.dropped}
    assert not (dropped & set(dump.title_lines)), "a kept title was dropped as clutter"


@pytest.mark.parametrize("seed", SEEDS)
def test_clutter_of_generated_dumps_is_removed(corpus: list[dict[str, str]], seed: int) -> None:
    dump = make_dump(corpus, seed, n=40)
    result = ingest_text(dump.text)
    dropped = {d.line for d in result.dropped}
    recall = len(dropped & set(dump.clutter)) / len(dump.clutter)
    assert recall >= CLUTTER_RECALL_FLOOR


# Measured (±1 line) with the weights fitted on Wikinews and Politico publisher dumps
# (tests/bench/fit_segmenter.py): 0.949, 0.902, 0.960, 0.974 for seeds 1-4 (round seg21). The previous weights,
# fitted on these dumps alone, scored 0.97 here but 0.38-0.69 on held-out publishers.
F1_FLOOR = 0.84
SEED_F1_FLOOR = 0.80
CLUTTER_RECALL_FLOOR = 0.9


@pytest.mark.parametrize("publisher", ["cnn", "abc", "web"])
def test_held_out_publishers_keep_their_measured_quality(publisher: str) -> None:
    """Dumps of publishers the weights never saw: every content line kept, most breaks found."""
    from tests.core.publishers import available, load_publisher, make_publisher_dump, real_clutter

    if not available():
        pytest.skip("corpora not available beside the repository")
    stories = load_publisher(publisher)
    tp = npred = ngold = lost_titles = 0
    for seed, style in ((100, "paragraphs"), (101, "sentences")):
        dump = make_publisher_dump(stories, seed, line_style=style, clutter_lines=real_clutter(held_out=True))
        result = ingest_text(dump.text)
        pred = [d.start_line for d in result.drafts][1:]
        tp += _matches_within_one(dump.starts[1:], pred)
        npred += len(pred)
        ngold += len(dump.starts) - 1
        dropped = {d.line for d in result.dropped}
        lost_titles += len(dropped & set(dump.title_lines))
    assert _f1(tp, npred, ngold) >= 0.75  # measured 0.84-0.89 on these seeds (round seg21)
    # A headline right under a "Related" header reads as a teaser link (3 of ~40 on "web", 0 elsewhere).
    assert lost_titles <= 3


def test_a_stories_last_line_without_a_full_stop_is_not_the_next_ones_headline() -> None:
    """Issue 13's Wikinews case: a rugby report ends "In other results, Maroochydore defeated
    Caboolture 43–5, and University knocked …" with no full stop; the story after it (the Jolo
    bombings, no headline line) must start at its own lead, and the line stay with the rugby."""
    import json

    from tests.core.publishers import CORPORA, available

    if not available():
        pytest.skip("corpora not available beside the repository")
    records = [json.loads(line) for line in (CORPORA / "wikinews" / "articles.jsonl").open(encoding="utf-8")]
    rugby = next(r for r in records if r["id"] == "vat2020-086")["text"]
    jolo = next(r for r in records if "Jolo Cathedral" in r["text"])["text"]
    last = [p for p in rugby.split("\n") if p.strip()][-1]
    assert last.startswith("In other results, Maroochydore") and not last.rstrip().endswith(".")
    drafts = ingest_text(rugby + "\n" + jolo).drafts
    assert len(drafts) == 2
    assert drafts[0].paragraphs[-1] == last
    assert drafts[1].title_line is None and drafts[1].paragraphs[0] == jolo.split("\n")[0].strip()
