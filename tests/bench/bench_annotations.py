"""On-demand checks of the annotation store: crash safety and speed at 10,000 annotations.

Run (pytest does not collect tests/bench)::

    python tests/bench/bench_annotations.py                 # all parts
    python tests/bench/bench_annotations.py crash --kills 200
    python tests/bench/bench_annotations.py speed --n 10000
    python tests/bench/bench_annotations.py catalog --n 20000
    python tests/bench/bench_annotations.py writes            # cost of one acknowledged write

crash: a child process saves notes and highlights in a loop and writes the key
of every save that returned to a pipe; the parent SIGKILLs it at a random
moment, 200 times over the same file. Afterwards every acknowledged save must
be there and ``PRAGMA integrity_check`` must say ``ok`` — that is what "never
lose a word" means when the machine or the app dies mid-write.

speed: 10,000 highlights over 500 articles; median time of listing them all,
one article's, non-orphans, the notes panel's SQL filters (colour, tag, text,
combined), orphans, tags, exports, and re-anchoring after a rebuild.

writes: the median time of one acknowledged write (an article note, a
highlight note) on a database already holding 16, 1,000 and 10,000
highlights — what the per-write backup (see ``reader.core.store.backups``)
costs the user, since a write returns only once the backup holds it.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader.core.store.annotations import AnnotationStore  # noqa: E402
from reader.core.store.catalog import Catalog  # noqa: E402
from reader.core.store.export import to_markdown, to_web_annotations  # noqa: E402
from reader.core.types import Article, Entity, ImportedAnnotation  # noqa: E402

SAMPLE_LINES = [
    ln
    for ln in (ROOT / "resources" / "sample-news.txt").read_text(encoding="utf-8").splitlines()
    if ln.strip()
]
TEXT = "\n".join(SAMPLE_LINES[:10])


# -- crash -----------------------------------------------------------------------------------------


def _saver(path: str, round_no: int, wfd: int) -> None:
    """Child: save forever, acknowledging each save only after the store returned."""
    store = AnnotationStore(Path(path))
    i = 0
    while True:
        key = f"r{round_no}-{i}"
        store.set_article_note("crash", key, f"note {key} " * 8)
        os.write(wfd, f"n {key}\n".encode())
        if i % 3 == 0:
            start = (i * 7) % (len(TEXT) - 40)
            h = store.add_highlight("crash", key, TEXT, start, start + 30, color=1 + i % 5)
            store.set_highlight_note(h.id, key)
            os.write(wfd, f"h {key} {h.id}\n".encode())
        i += 1


def crash(kills: int, max_delay: float) -> dict[str, object]:
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(1234)
    notes: set[str] = set()
    highlights: dict[int, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "annotations.sqlite"
        t0 = time.perf_counter()
        for round_no in range(kills):
            rfd, wfd = os.pipe()
            child = ctx.Process(target=_saver, args=(str(path), round_no, wfd), daemon=True)
            child.start()
            os.close(wfd)
            time.sleep(rng.uniform(0, max_delay))
            assert child.pid is not None
            os.kill(child.pid, signal.SIGKILL)
            child.join()
            data = b""
            while chunk := os.read(rfd, 65536):
                data += chunk
            os.close(rfd)
            for line in data.decode().splitlines():
                parts = line.split()
                if parts[0] == "n":
                    notes.add(parts[1])
                else:
                    highlights[int(parts[2])] = parts[1]
        elapsed = time.perf_counter() - t0
        conn = sqlite3.connect(path)
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.close()
        store = AnnotationStore(path)
        saved = {n.article_id: n.text for n in store.article_notes("crash")}
        missing_notes = [k for k in notes if saved.get(k) != f"note {k} " * 8]
        missing_h = [
            hid for hid, key in highlights.items() if (h := store.highlight(hid)) is None or h.note != key
        ]
        notice = store.notice
        store.close()
        leftovers = sorted(p.name for p in Path(tmp).iterdir() if ".corrupt-" in p.name)
    result = {
        "kills": kills,
        "acknowledged_notes": len(notes),
        "acknowledged_highlights": len(highlights),
        "missing_notes": len(missing_notes),
        "missing_highlights": len(missing_h),
        "integrity_check": integrity,
        "recovery_notice": notice,
        "corrupt_files": leftovers,
        "seconds": round(elapsed, 1),
    }
    ok = not missing_notes and not missing_h and integrity == "ok" and notice is None
    result["verdict"] = "PASS" if ok else "FAIL"
    return result


# -- speed -----------------------------------------------------------------------------------------


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times) * 1000, 2)


def speed(n: int, repeat: int) -> dict[str, object]:
    per_article = 20
    n_articles = max(1, n // per_article)
    articles = {
        f"art{a:04d}": "\n".join(SAMPLE_LINES[(a + k) % len(SAMPLE_LINES)] for k in range(12))
        for a in range(n_articles)
    }
    tags = ["war", "refugees", "diplomacy", "people", "figures", "follow-up", "quote"]
    items: list[ImportedAnnotation] = []
    for a, (aid, text) in enumerate(articles.items()):
        step = len(text) // per_article
        for k in range(per_article):
            s = k * step
            items.append(
                ImportedAnnotation(
                    kind="highlight",
                    article_id=aid,
                    exact=text[s : s + step // 2],
                    prefix=text[max(0, s - 32) : s],
                    suffix=text[s + step // 2 : s + step // 2 + 32],
                    start=s,
                    end=s + step // 2,
                    color=1 + k % 5,
                    note=f"note {a}-{k}" if k % 2 else "",
                    tags=(tags[k % 7], tags[a % 7]),
                )
            )
    out: dict[str, object] = {"annotations": len(items), "articles": n_articles, "repeat": repeat}
    with tempfile.TemporaryDirectory() as tmp:
        store = AnnotationStore(Path(tmp) / "annotations.sqlite")
        t0 = time.perf_counter()
        report = store.import_annotations("bench", items, articles)
        out["import_all_s"] = round(time.perf_counter() - t0, 2)
        out["import_report"] = report.__dict__
        some = list(articles)[:5]
        adds = []
        for i in range(100):
            aid = some[i % 5]
            t1 = time.perf_counter()
            store.add_highlight("bench", aid, articles[aid], 3 + i % 50, 10 + i % 50)
            adds.append(time.perf_counter() - t1)
        out["add_highlight_median_ms"] = round(statistics.median(adds) * 1000, 2)
        all_h = store.highlights("bench")
        notes = store.article_notes("bench")
        out["list_all_ms"] = _median_ms(lambda: store.highlights("bench"), repeat)
        out["list_one_article_ms"] = _median_ms(lambda: store.highlights("bench", "art0123"), repeat)
        out["list_non_orphans_ms"] = _median_ms(
            lambda: store.highlights("bench", include_orphans=False), repeat
        )
        out["filter_by_tag_in_python_ms"] = _median_ms(
            lambda: [h for h in store.highlights("bench") if "war" in h.tags], repeat
        )
        out["filter_by_tag_sql_ms"] = _median_ms(lambda: store.highlights("bench", tag="war"), repeat)
        out["filter_by_color_ms"] = _median_ms(lambda: store.highlights("bench", color=3), repeat)
        out["filter_by_text_ms"] = _median_ms(lambda: store.highlights("bench", text="GAZA"), repeat)
        out["filter_by_rare_text_ms"] = _median_ms(lambda: store.highlights("bench", text="note 17-"), repeat)
        out["filter_combined_ms"] = _median_ms(
            lambda: store.highlights("bench", color=2, tag="people", text="the"), repeat
        )
        out["orphans_ms"] = _median_ms(lambda: store.orphans("bench"), repeat)
        out["all_tags_ms"] = _median_ms(lambda: store.all_tags("bench"), repeat)
        out["export_json_ms"] = _median_ms(
            lambda: json.dumps(to_web_annotations(all_h, notes, "/x/news.txt", "0" * 64)), repeat
        )
        out["export_markdown_ms"] = _median_ms(lambda: to_markdown(all_h, notes, {}, "/x/news.txt"), repeat)
        out["reanchor_unchanged_ms"] = _median_ms(
            lambda: store.reanchor("bench", articles), max(1, repeat // 2)
        )
        shifted = {aid: "A new first paragraph.\n" + t for aid, t in articles.items()}
        t0 = time.perf_counter()
        shifted_report = store.reanchor("bench", shifted)
        out["reanchor_all_shifted_s"] = round(time.perf_counter() - t0, 2)
        out["reanchor_shifted_report"] = {k: v for k, v in shifted_report.__dict__.items() if k != "changed"}
        store.close()
    return out


def write_cost(sizes: tuple[int, ...], repeat: int) -> dict[str, object]:
    """Median ms of one write at several database sizes (the backup is refreshed inside each)."""
    out: dict[str, object] = {"repeat": repeat}
    for size in sizes:
        articles = {f"art{a:04d}": TEXT for a in range(max(1, size // 20))}
        items = [
            ImportedAnnotation(
                kind="highlight",
                article_id=f"art{(i // 20):04d}",
                exact=TEXT[(i % 20) * 10 : (i % 20) * 10 + 8],
                start=(i % 20) * 10,
                end=(i % 20) * 10 + 8,
                note=f"note {i} " * 6,
            )
            for i in range(size)
        ]
        with tempfile.TemporaryDirectory() as tmp:
            store = AnnotationStore(Path(tmp) / "annotations.sqlite")
            store.import_annotations("bench", items, articles)
            first = store.highlights("bench")[0]
            notes = []
            marks = []
            for i in range(repeat):
                t0 = time.perf_counter()
                store.set_article_note("bench", f"art{i % 50:04d}", f"article note {i}")
                notes.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                store.set_highlight_note(first.id, f"highlight note {i}")
                marks.append(time.perf_counter() - t0)
            data = store.backup()  # a checkpoint-free measure of the data: the backup's size
            size_kb = data.stat().st_size // 1024
            store.close()
        out[f"{size}_highlights"] = {
            "db_kb": size_kb,
            "set_article_note_median_ms": round(statistics.median(notes) * 1000, 2),
            "set_highlight_note_median_ms": round(statistics.median(marks) * 1000, 2),
        }
    return out


def catalog_speed(n: int) -> dict[str, object]:
    people = [Entity(f"Person {i}", "PERSON", (f"P{i}", f"Mr {i}"), 1 + i % 4) for i in range(2000)]
    arts = [
        Article(
            id=f"id{i:05d}",
            title=f"Article {i}",
            text=" ".join(SAMPLE_LINES[i % 40 : i % 40 + 6]),
            start_line=i,
            end_line=i,
            position=i,
            entities=tuple(people[(i * k) % 2000] for k in (1, 7, 13, 31)),
        )
        for i in range(n)
    ]
    out: dict[str, object] = {"articles": n}
    with tempfile.TemporaryDirectory() as tmp:
        cat = Catalog(Path(tmp) / "catalog.sqlite")
        t0 = time.perf_counter()
        cat.write_articles(arts)
        out["write_s"] = round(time.perf_counter() - t0, 2)
        out["articles_ms"] = _median_ms(cat.articles, 5)
        out["library_entities_ms"] = _median_ms(cat.entities, 5)
        out["article_full_ms"] = _median_ms(lambda: cat.article("id12345"), 5)
        out["articles_with_entity_ms"] = _median_ms(lambda: cat.articles_with_entity("Person 7"), 5)
        cat.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("part", nargs="?", choices=["all", "crash", "speed", "catalog", "writes"], default="all")
    ap.add_argument("--kills", type=int, default=200)
    ap.add_argument("--max-delay", type=float, default=0.25, help="longest wait before a kill, seconds")
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args()
    failed = False
    if args.part in ("all", "crash"):
        result = crash(args.kills, args.max_delay)
        print(json.dumps({"crash": result}, indent=2))
        failed |= result["verdict"] != "PASS"
    if args.part in ("all", "speed"):
        print(json.dumps({"speed": speed(args.n, args.repeat)}, indent=2))
    if args.part in ("all", "writes"):
        print(json.dumps({"writes": write_cost((16, 1000, 10_000), max(args.repeat, 41))}, indent=2))
    if args.part in ("all", "catalog"):
        print(json.dumps({"catalog": catalog_speed(20_000 if args.part == "all" else args.n)}, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
