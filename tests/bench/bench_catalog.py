"""What the article list and the library sidebar read from the catalog, timed at scale (on demand).

Writes N synthetic articles (200 people, 50 places) into a fresh catalog, then times the
three reads a launch makes — every summary, the library's entities, the articles naming
one entity — median of repeats. This was a ``< 2 s`` assertion in the unit tests, which a
loaded machine tripped; here it is a figure to compare across changes.

    python tests/bench/bench_catalog.py [--n 20000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from reader.core.store.catalog import Catalog  # noqa: E402
from reader.core.types import Entity  # noqa: E402
from tests.core.test_store_catalog import article  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    people = [Entity(f"Person {i}", "PERSON", (f"P{i}",), 1 + i % 3) for i in range(200)]
    places = [Entity(f"Place {i}", "GPE", (), 2) for i in range(50)]
    arts = [
        article(f"id{i:05d}", i, (people[i % 200], people[(i * 7) % 200], places[i % 50]), text="word " * 50)
        for i in range(args.n)
    ]
    with tempfile.TemporaryDirectory() as tmp, Catalog(Path(tmp) / "catalog.sqlite") as cat:
        start = time.perf_counter()
        cat.write_articles(arts)
        write_s = time.perf_counter() - start
        reads = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            cat.articles()
            cat.entities()
            cat.articles_with_entity("Person 3")
            reads.append(time.perf_counter() - start)
    print(
        json.dumps(
            {
                "articles": args.n,
                "write_s": round(write_s, 3),
                "reads_median_s": round(statistics.median(reads), 3),
            }
        )
    )


if __name__ == "__main__":
    main()
