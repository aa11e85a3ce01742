"""Typed entity F1 on wikigold: raw spaCy spans vs Lede's repaired mentions, in the same run.

Run on demand: ``python tests/bench/bench_ner.py [--limit N]``. spaCy runs once; Lede's
pipeline reuses those spans, so the delta is exactly what Lede's rules add. Types are
mapped to wikigold's PER/LOC/ORG/MISC; numeric spaCy types are not entities and are ignored.
Also prints analysis speed in words per second (NER + Lede's rules).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.core.analyse import SpacyBackend, analyse_texts  # noqa: E402

CORPUS = Path(__file__).resolve().parents[3] / "shared/corpora/ner/wikigold.iob2.conll"
TYPE_MAP = {
    "PERSON": "PER",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "ORG": "ORG",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "PRODUCT": "MISC",
    "LANGUAGE": "MISC",
}
Span = tuple[int, int, int, str]  # doc, start, end, type


def load(path: Path) -> tuple[list[str], set[Span]]:
    """Documents as text (tokens joined by spaces, sentences by newlines) and gold typed spans."""
    texts: list[str] = []
    gold: set[Span] = set()
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []

    def flush_doc() -> None:
        if current:
            sentences.append(list(current))
            current.clear()
        if not sentences:
            return
        doc = len(texts)
        parts: list[str] = []
        offset = 0
        open_span: tuple[int, str] | None = None
        last_end = 0
        for sentence in sentences:
            if parts:
                parts.append("\n")
                offset += 1
            for index, (token, tag) in enumerate(sentence):
                if index:
                    parts.append(" ")
                    offset += 1
                start = offset
                parts.append(token)
                offset += len(token)
                if open_span and not tag.startswith("I-"):
                    gold.add((doc, open_span[0], last_end, open_span[1]))
                    open_span = None
                if tag.startswith("B-") or (tag.startswith("I-") and open_span is None):
                    open_span = (start, tag[2:])
                last_end = offset
            if open_span:
                gold.add((doc, open_span[0], last_end, open_span[1]))
                open_span = None
        texts.append("".join(parts))
        sentences.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            flush_doc()
            continue
        if not line.strip():
            if current:
                sentences.append(list(current))
                current.clear()
            continue
        token, tag = line.rsplit(" ", 1)
        current.append((token, tag))
    flush_doc()
    return texts, gold


class Recorded:
    """A backend that replays spans computed once, so both systems see the same NER output."""

    def __init__(self, spans: list[list[tuple[int, int, str]]]) -> None:
        self._spans = spans

    def spans(self, texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
        yield from self._spans[: len(texts)]


def score(pred: set[Span], gold: set[Span]) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def per_type(pred: set[Span], gold: set[Span]) -> str:
    cells = []
    for kind in ("PER", "LOC", "ORG", "MISC"):
        _p, _r, f = score({s for s in pred if s[3] == kind}, {s for s in gold if s[3] == kind})
        cells.append(f"{kind} {f:.3f}")
    return "  ".join(cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"corpus not found: {CORPUS}")
        return
    texts, gold = load(CORPUS)
    if args.limit:
        texts = texts[: args.limit]
        gold = {s for s in gold if s[0] < args.limit}
    words = sum(len(t.split()) for t in texts)
    backend = SpacyBackend(args.model)
    backend.nlp  # load outside the timing  # noqa: B018
    t0 = time.perf_counter()
    raw = list(backend.spans(texts))
    t1 = time.perf_counter()
    analyses = analyse_texts(texts, backend=Recorded(raw))
    t2 = time.perf_counter()

    raw_pred = {
        (d, s, e, TYPE_MAP[label])
        for d, spans in enumerate(raw)
        for s, e, label in spans
        if label in TYPE_MAP
    }
    lede_pred = {
        (d, m.start, m.end, TYPE_MAP[m.type])
        for d, a in enumerate(analyses)
        for m in a.mentions
        if m.type in TYPE_MAP
    }
    rp, rr, rf = score(raw_pred, gold)
    lp, lr, lf = score(lede_pred, gold)
    print(f"wikigold: {len(texts)} docs, {words} words, {len(gold)} gold entities (model {backend.model})")
    print(f"raw spaCy : P {rp:.3f}  R {rr:.3f}  F1 {rf:.3f}   | {per_type(raw_pred, gold)}")
    print(f"Lede      : P {lp:.3f}  R {lr:.3f}  F1 {lf:.3f}   | {per_type(lede_pred, gold)}")
    print(f"delta F1  : {lf - rf:+.3f}")
    print(
        f"speed     : NER {words / (t1 - t0):,.0f} words/s; Lede rules {words / (t2 - t1):,.0f} words/s; "
        f"end to end {words / (t2 - t0):,.0f} words/s (1 process)"
    )


if __name__ == "__main__":
    main()
