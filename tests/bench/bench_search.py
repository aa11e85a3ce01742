"""Benchmark Lede's search against SQLite FTS5 on the same synthetic corpus.

Run on demand (pytest does not collect tests/bench)::

    python tests/bench/bench_search.py            # N=20000 articles
    python tests/bench/bench_search.py --n 5000

The corpus imitates news text where it matters for an inverted index: a
generated vocabulary of ~50k words drawn with a Zipf distribution (a few words
are everywhere, most are rare), ~400 words per article, plus real news words and
names so the queries look like what people type. Both engines get the same
text; each query runs ``--repeat`` times and both report top-20 hits with
snippets, which is what the result list shows.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader.core.search import IndexDoc, SearchIndex, build_index  # noqa: E402

NEWS_WORDS = [
    "ceasefire",
    "hostage",
    "election",
    "inflation",
    "sanctions",
    "tariff",
    "parliament",
    "minister",
    "president",
    "protest",
    "refugees",
    "drone",
    "missile",
    "budget",
    "deficit",
    "recession",
    "strike",
    "vaccine",
    "climate",
    "wildfire",
    "earthquake",
    "flood",
    "summit",
    "treaty",
    "verdict",
    "tribunal",
    "investigation",
    "embassy",
    "diplomat",
    "coalition",
]
PEOPLE = ["Joe Biden", "Volodymyr Zelenskyy", "Emmanuel Macron", "Olaf Scholz", "Xi Jinping", "Rishi Sunak"]
PLACES = ["Gaza", "Ukraine", "Kyiv", "Brussels", "Washington", "Beijing", "Israel", "Armenia"]
ORGS = ["United Nations", "European Union", "NATO", "World Bank", "Red Cross"]

SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou", "an", "er")]


def make_vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))))
    out = sorted(words)
    rng.shuffle(out)  # rank order is random, not alphabetical
    return out


def zipf_cum_weights(size: int, s: float = 1.07) -> list[float]:
    return list(itertools.accumulate(1.0 / (r**s) for r in range(1, size + 1)))


def sentences(rng: random.Random, words: list[str]) -> str:
    out = []
    i = 0
    while i < len(words):
        n = rng.randint(8, 24)
        chunk = words[i : i + n]
        out.append(chunk[0].capitalize() + " " + " ".join(chunk[1:]) + ".")
        i += n
    paras = []
    for j in range(0, len(out), 5):
        paras.append(" ".join(out[j : j + 5]))
    return "\n".join(paras)


def corpus(n: int, seed: int = 7) -> Iterator[IndexDoc]:
    rng = random.Random(seed)
    vocab = make_vocabulary(rng, 50_000)
    cum = zipf_cum_weights(len(vocab))
    for i in range(n):
        length = max(80, int(rng.gauss(400, 120)))
        words = rng.choices(vocab, cum_weights=cum, k=length)
        ents: dict[str, list[str]] = {}
        for _ in range(rng.randint(1, 6)):
            pos = rng.randrange(len(words))
            kind = rng.random()
            if kind < 0.5:
                words[pos] = rng.choice(NEWS_WORDS)
            elif kind < 0.7:
                name = rng.choice(PEOPLE)
                words[pos] = name
                ents.setdefault("PERSON", []).extend([name, name.split()[-1]])
            elif kind < 0.9:
                name = rng.choice(PLACES)
                words[pos] = name
                ents.setdefault("GPE", []).append(name)
            else:
                name = rng.choice(ORGS)
                words[pos] = name
                ents.setdefault("ORG", []).append(name)
        title_words = rng.choices(vocab, cum_weights=cum, k=rng.randint(5, 9))
        if rng.random() < 0.3:
            title_words[rng.randrange(len(title_words))] = rng.choice(NEWS_WORDS)
        yield IndexDoc(
            id=f"a{i:06d}",
            title=" ".join(title_words).capitalize(),
            body=sentences(rng, words),
            position=i,
            date=f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            entities={k: sorted(set(v)) for k, v in ents.items()},
        )


def queries(seed: int = 7) -> list[str]:
    """About 30 queries: 1-3 terms across frequency bands, names, a phrase, a prefix."""
    rng = random.Random(seed)
    vocab = make_vocabulary(rng, 50_000)  # same vocabulary (same seed, same draws)
    common, mid, rare = vocab[:50], vocab[200:2000], vocab[5000:30000]
    r = random.Random(seed + 1)
    qs = [r.choice(common) for _ in range(4)]
    qs += [r.choice(mid) for _ in range(4)]
    qs += [r.choice(rare) for _ in range(3)]
    qs += ["ceasefire", "election", "sanctions", "Zelenskyy", "Gaza"]
    qs += [f"{r.choice(common)} {r.choice(mid)}" for _ in range(4)]
    qs += [f"{r.choice(mid)} {r.choice(mid)}" for _ in range(2)]
    qs += [f"{r.choice(common)} {r.choice(common)} {r.choice(mid)}" for _ in range(2)]
    qs += ["ceasefire Gaza", "inflation budget deficit"]
    qs += [f'"{vocab[0]} {vocab[1]}"', '"Joe Biden"']
    qs += [r.choice(mid)[:4] + "*", "cease*"]
    return qs


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def fts5_available() -> bool:
    try:
        con = sqlite3.connect(":memory:")
        con.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        con.close()
        return True
    except sqlite3.OperationalError:
        return False


def build_fts(path: Path, docs: list[IndexDoc]) -> sqlite3.Connection:
    con = sqlite3.connect(path, check_same_thread=False)
    con.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    with con:
        con.executemany("INSERT INTO docs VALUES (?, ?, ?)", ((d.id, d.title, d.body) for d in docs))
    return con


def fts_search(con: sqlite3.Connection, q: str) -> list[tuple[str, str, str]]:
    return con.execute(
        "SELECT id, title, snippet(docs, 2, '[[', ']]', '…', 24) FROM docs "
        "WHERE docs MATCH ? ORDER BY bm25(docs, 3.0, 1.0) LIMIT 20",
        (q,),
    ).fetchall()


def timed(fn, qs: list[str], repeat: int) -> tuple[list[float], dict[str, float]]:  # type: ignore[no-untyped-def]
    for q in qs:  # warm caches once
        fn(q)
    samples: list[float] = []
    per_query: dict[str, float] = {}
    for q in qs:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - t0) * 1000)
        samples.extend(times)
        per_query[q] = statistics.median(times)
    return samples, per_query


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20_000, help="number of articles (default 20000)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--procs", type=int, default=None, help="writer processes (default: build_index's choice)"
    )
    ap.add_argument("--limitmb", type=int, default=None, help="writer buffer (default: build_index's)")
    ap.add_argument("--dir", type=Path, default=None, help="work folder (default: a temp dir)")
    ap.add_argument("--verbose", action="store_true", help="per-query medians")
    args = ap.parse_args(argv)

    if not fts5_available():
        print("SQLite here has no FTS5; cannot compare", file=sys.stderr)
        return 1

    t0 = time.perf_counter()
    docs = list(corpus(args.n))
    words = sum(len(d.body.split()) for d in docs)
    took = time.perf_counter() - t0
    print(f"corpus: {len(docs)} articles, {words / 1e6:.1f}M words, generated in {took:.1f}s")

    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        build_index(work / "lede", docs, procs=args.procs, limitmb=args.limitmb)
        lede_build = time.perf_counter() - t0
        t0 = time.perf_counter()
        con = build_fts(work / "fts.sqlite", docs)
        fts_build = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in (work / "lede").iterdir()) / 1e6
        print(f"build: Lede {lede_build:.1f}s ({size:.0f} MB), FTS5 {fts_build:.1f}s")

        qs = queries()
        index = SearchIndex(work / "lede")
        lede_counts = {q: len(index.search(q, limit=20).hits) for q in qs}
        fts_counts = {q: len(fts_search(con, q)) for q in qs}
        lede, lede_q = timed(lambda q: index.search(q, limit=20, snippets=20), qs, args.repeat)
        fts, fts_q = timed(lambda q: fts_search(con, q), qs, args.repeat)
        index.close()
        con.close()

    if args.verbose:
        for q in qs:
            print(
                f"  {q!r:40} lede {lede_q[q]:7.1f} ms ({lede_counts[q]:2d} hits)"
                f"   fts5 {fts_q[q]:6.1f} ms ({fts_counts[q]:2d} hits)"
            )
    lp50, lp95, fp50, fp95 = pct(lede, 50), pct(lede, 95), pct(fts, 50), pct(fts, 95)
    print(f"queries: {len(qs)} x {args.repeat}, top 20 with snippets")
    print(f"Lede  p50 {lp50:7.1f} ms   p95 {lp95:7.1f} ms")
    print(f"FTS5  p50 {fp50:7.1f} ms   p95 {fp95:7.1f} ms")
    print(f"ratio Lede/FTS5  p50 {lp50 / fp50:.2f}x   p95 {lp95 / fp95:.2f}x   (target p95 <= 2.5x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
