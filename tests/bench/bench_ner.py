"""Typed entity F1: raw spaCy spans vs Lede's repaired mentions, in the same run.

Run on demand: ``python tests/bench/bench_ner.py [--limit N] [--news | --skip-news]``. spaCy runs
once per document set; Lede's pipeline reuses those spans, so the delta is exactly what Lede's
rules add. Types are mapped to PER/LOC/ORG/MISC; numeric spaCy types are not entities and are
ignored. Prints typed and untyped (boundaries only) P/R/F1, per-type F1, and analysis speed in
words per second (NER + Lede's rules).

Three document sets are scored, each beside raw spaCy on the same spans:

* Wikinews (below): the set Lede's rules were **fitted on** (its errors were read while writing them).
* GUM news (``--gum``): 24 hand-labelled Wikinews articles from the GUM corpus, none of them in the
  Wikinews set above; **held out**. Only PERSON/ORG/LOC gold is scored (mapped to PER/ORG/LOC) and
  only PER/ORG/LOC predictions count (GUM has no MISC type). GUM spans nest ("U.S. President Donald
  Trump" holds "U.S."): a prediction is right when it is exactly one gold span of its type, and
  recall is over every gold span, so neither system can reach 1.0 (both face the same ceiling).

* wikigold (``--corpus``): encyclopaedic Wikipedia text, CoNLL-style IOB2; **held out**.
* Wikinews (``--wikinews`` plus ``tests/bench/data/wikinews_ner_gold.json``): a held-out news set,
  because Lede reads news and wikigold is not news. 24 Wikinews articles (about 6.4k words,
  ~600 mentions) were chosen by a fixed rule (``random.Random(20261124).sample(sorted(ids),
  len(ids))``, in that order, skipping texts over 3,500 characters) and labelled by hand in
  CoNLL-2003/wikigold style by reading each article; no NER tool proposed labels, so the set is
  independent of the systems it scores. Lede's rules were fitted on it (issue 16 names it the fitting
  set, so the other two are the held-out figures). The gold file stores
  only ids, character offsets, types and entity surfaces (the corpus text is never committed);
  its ``about`` field spells out the selection rule and the annotation conventions.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.core.analyse import SpacyBackend, analyse_texts  # noqa: E402

SHARED = Path(__file__).resolve().parents[3] / "shared/corpora"
CORPUS = SHARED / "ner/wikigold.iob2.conll"
GUM = SHARED / "gum_news_ner/documents.jsonl"
GUM_TYPES = {"PERSON": "PER", "ORG": "ORG", "LOC": "LOC"}
FITTED = {"wikinews": "fitted on", "wikigold": "held out", "gum": "held out"}
WIKINEWS = SHARED / "wikinews/articles.jsonl"
NEWS_GOLD = Path(__file__).resolve().parent / "data/wikinews_ner_gold.json"
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


def load_news(corpus: Path, gold_path: Path) -> tuple[list[str], set[Span]]:
    """The gold articles' texts, read from the Wikinews corpus, and their gold typed spans.

    Raises ``ValueError`` if an id is missing from the corpus or a gold span no longer slices to
    its recorded surface (the corpus changed under the annotations).
    """
    gold_doc = json.loads(gold_path.read_text(encoding="utf-8"))
    wanted = {article["id"] for article in gold_doc["articles"]}
    by_id: dict[str, str] = {}
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                if record["id"] in wanted:
                    by_id[record["id"]] = record["text"]
    texts: list[str] = []
    gold: set[Span] = set()
    for doc, article in enumerate(gold_doc["articles"]):
        text = by_id.get(article["id"])
        if text is None:
            raise ValueError(f"article {article['id']} not in {corpus}")
        for start, end, kind, surface in article["spans"]:
            if text[start:end] != surface:
                raise ValueError(
                    f"{article['id']}[{start}:{end}] is {text[start:end]!r}, gold says {surface!r}"
                )
            gold.add((doc, start, end, kind))
        texts.append(text)
    return texts, gold


def load_gum(path: Path) -> tuple[list[str], set[Span]]:
    """GUM news documents and their PERSON/ORG/LOC spans (nested spans kept; see the module doc)."""
    texts: list[str] = []
    gold: set[Span] = set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            doc = len(texts)
            texts.append(record["text"])
            for ent in record["entities"]:
                kind = GUM_TYPES.get(ent["type"])
                if kind is not None:
                    gold.add((doc, ent["start"], ent["end"], kind))
    return texts, gold


class Recorded:
    """A backend that replays spans computed once, so both systems see the same NER output."""

    def __init__(self, spans: list[list[tuple[int, int, str]]]) -> None:
        self._spans = spans

    def spans(self, texts: Iterable[str]) -> Iterator[list[tuple[int, int, str]]]:
        # backends take their texts lazily (a build streams them): one recorded answer per text taken
        for spans, _text in zip(self._spans, texts, strict=False):
            yield spans


def score(pred: set[Span], gold: set[Span]) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def untyped(spans: set[Span]) -> set[Span]:
    """The same spans with the type erased, to score boundaries alone."""
    return {(d, s, e, "ENT") for d, s, e, _kind in spans}


def per_type(pred: set[Span], gold: set[Span]) -> str:
    """F1 and recall of each type present in the gold ("ORG F1 0.512 R 0.331")."""
    cells = []
    for kind in ("PER", "LOC", "ORG", "MISC"):
        typed_gold = {s for s in gold if s[3] == kind}
        if not typed_gold:
            continue
        _p, r, f = score({s for s in pred if s[3] == kind}, typed_gold)
        cells.append(f"{kind} F1 {f:.3f} R {r:.3f}")
    return "  ".join(cells)


def org_error_counts(pred: set[Span], gold: set[Span]) -> dict[str, int]:
    """How Lede misses the gold organisations, by kind only (no names, so held-out sets stay
    held out): typed as another type on the exact span, a boundary error (an overlapping span,
    not equal), or missed (nothing overlaps)."""
    counts: dict[str, int] = {}
    by_doc: dict[int, list[Span]] = {}
    for span in pred:
        by_doc.setdefault(span[0], []).append(span)
    for doc, start, end, kind in gold:
        if kind != "ORG" or (doc, start, end, kind) in pred:
            continue
        near = by_doc.get(doc, [])
        same = [p for p in near if p[1] == start and p[2] == end]
        if same:
            key = f"typed {same[0][3]}"
        elif any(p[1] < end and start < p[2] for p in near):
            key = "boundary"
        else:
            key = "missed"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def evaluate(name: str, texts: list[str], gold: set[Span], backend: SpacyBackend) -> dict[str, float]:
    """Run raw spaCy once and Lede's rules on its spans; print both scores, the delta and speed."""
    words = sum(len(t.split()) for t in texts)
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
    if name == "gum":  # GUM has no MISC type: score people, organisations and places only
        raw_pred = {s for s in raw_pred if s[3] != "MISC"}
        lede_pred = {s for s in lede_pred if s[3] != "MISC"}
    rp, rr, rf = score(raw_pred, gold)
    lp, lr, lf = score(lede_pred, gold)
    up, ur, uf = score(untyped(raw_pred), untyped(gold))
    vp, vr, vf = score(untyped(lede_pred), untyped(gold))
    print(
        f"{name} ({FITTED.get(name, 'held out')}): {len(texts)} docs, {words} words, "
        f"{len(gold)} gold entities (model {backend.model})"
    )
    print(f"raw spaCy : P {rp:.3f}  R {rr:.3f}  F1 {rf:.3f}   | {per_type(raw_pred, gold)}")
    print(f"Lede      : P {lp:.3f}  R {lr:.3f}  F1 {lf:.3f}   | {per_type(lede_pred, gold)}")
    print(f"delta F1  : {lf - rf:+.3f}")
    print(
        f"untyped   : raw spaCy P {up:.3f}  R {ur:.3f}  F1 {uf:.3f}   | Lede P {vp:.3f}  R {vr:.3f}  F1 {vf:.3f}"
    )
    print(f"delta F1  : {vf - uf:+.3f} (untyped)")
    errors = ", ".join(f"{count} {kind}" for kind, count in org_error_counts(lede_pred, gold).items())
    print(f"ORG errors: {errors}")
    print(
        f"speed     : NER {words / (t1 - t0):,.0f} words/s; Lede rules {words / (t2 - t1):,.0f} words/s; "
        f"end to end {words / (t2 - t0):,.0f} words/s (1 process)"
    )
    org = {s for s in gold if s[3] == "ORG"}
    return {
        "raw": rf,
        "lede": lf,
        "raw_org_r": score({s for s in raw_pred if s[3] == "ORG"}, org)[1],
        "lede_org_r": score({s for s in lede_pred if s[3] == "ORG"}, org)[1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents of each set")
    parser.add_argument("--model", default=None)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="wikigold IOB2 file")
    parser.add_argument("--wikinews", type=Path, default=WIKINEWS, help="Wikinews articles.jsonl")
    parser.add_argument("--news-gold", type=Path, default=NEWS_GOLD, help="hand-labelled Wikinews gold")
    parser.add_argument("--gum", type=Path, default=GUM, help="GUM news documents.jsonl")
    section = parser.add_mutually_exclusive_group()
    section.add_argument("--news", action="store_true", help="only the Wikinews section")
    section.add_argument("--skip-news", action="store_true", help="wikigold and GUM only")
    parser.add_argument("--only", choices=("wikigold", "wikinews", "gum"), help="one set only")
    args = parser.parse_args()

    sets: list[tuple[str, list[str], set[Span]]] = []
    if not args.news:
        if args.corpus.exists():
            sets.append(("wikigold", *load(args.corpus)))
        else:
            print(f"wikigold: corpus not found: {args.corpus} (skipped)")
    if not args.skip_news:
        if not args.wikinews.exists():
            print(f"wikinews: corpus not found: {args.wikinews} (skipped)")
        elif not args.news_gold.exists():
            print(f"wikinews: gold file not found: {args.news_gold} (skipped)")
        else:
            try:
                sets.append(("wikinews", *load_news(args.wikinews, args.news_gold)))
            except ValueError as error:
                print(f"wikinews: gold does not match the corpus: {error} (skipped)")
    if not args.news:
        if args.gum.exists():
            sets.append(("gum", *load_gum(args.gum)))
        else:
            print(f"gum: corpus not found: {args.gum} (skipped)")
    if args.only:
        sets = [s for s in sets if s[0] == args.only]
    if not sets:
        return

    backend = SpacyBackend(args.model)
    backend.nlp  # load outside the timing  # noqa: B018
    table: list[tuple[str, dict[str, float]]] = []
    for index, (name, texts, gold) in enumerate(sets):
        if args.limit:
            texts = texts[: args.limit]
            gold = {s for s in gold if s[0] < args.limit}
        if index:
            print()
        table.append((name, evaluate(name, texts, gold, backend)))
    print("\n| set | rules | raw spaCy F1 | Lede F1 | delta | ORG recall raw | ORG recall Lede |")
    print("|---|---|---|---|---|---|---|")
    for name, row in table:
        print(
            f"| {name} | {FITTED.get(name, 'held out')} | {row['raw']:.3f} | {row['lede']:.3f} | "
            f"{row['lede'] - row['raw']:+.3f} | {row['raw_org_r']:.3f} | {row['lede_org_r']:.3f} |"
        )


if __name__ == "__main__":
    main()
