"""Hostile inputs: does any crafted file make a build slow or huge compared with news of the same size?

Run on demand (pytest does not collect tests/bench)::

    python tests/bench/bench_hostile.py [--size 0.2] [--only tiny_lines heads_same ...] [--until analyse]
                                        [--repo OTHER_CHECKOUT] [--out r.json] [--timeout 600]

Each case is a generator of about ``--size`` MB of one shape in one format (plain text, JSON lines,
a JSON document, HTML, RSS, WARC). Every case, and a baseline of normal news text of the same size
(the seeded Wikinews dumps of ``tests/core/dumps.py``) made in the same run, is built by
``lede index`` in a child process with fresh XDG dirs. The table gives wall and CPU seconds (the
child and every process it waited for), peak RSS of the largest process of the tree (``wait4``),
articles, and CPU seconds per MB and peak RSS as ratios to the news baseline. The machine is shared,
so the ratios (measured back to back) are what to read; a case over ~3x is a finding.
``--until analyse`` stops at the analysis stage (ingest and the text index only); ``--repo`` runs
another checkout's ``reader`` on the same files, for a before/after table.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO))

Maker = Callable[[int], tuple[str, bytes]]


def _fill(unit: str, size: int) -> str:
    return unit * max(1, size // max(1, len(unit.encode("utf-8"))))


def _news_text(size: int) -> str:
    from tests.core.dumps import load_corpus, make_dump

    corpus = load_corpus()
    parts: list[str] = []
    total, seed = 0, 0
    while total < size:
        text = make_dump(corpus, seed=7000 + seed, n=40).text
        parts.append(text)
        total += len(text.encode("utf-8"))
        seed += 1
    return "".join(parts).encode("utf-8")[:size].decode("utf-8", "ignore").rsplit("\n", 1)[0] + "\n"


def _names(rng: random.Random, n: int) -> list[str]:
    first = [
        "John",
        "Mary",
        "Ahmed",
        "Li",
        "Olga",
        "Pedro",
        "Aisha",
        "Kenji",
        "Fatima",
        "Lars",
        "Grace",
        "Omar",
    ]
    last = [
        "Smith",
        "Okafor",
        "Nguyen",
        "Garcia",
        "Ivanova",
        "Kowalski",
        "Haddad",
        "Tanaka",
        "Murphy",
        "Silva",
    ]
    return [f"{rng.choice(first)} {rng.choice(last)}{rng.randrange(100)}" for _ in range(n)]


def _headline(rng: random.Random) -> str:
    words = [
        "Senate",
        "Passes",
        "Budget",
        "Bill",
        "Mayor",
        "Rejects",
        "Plan",
        "Storm",
        "Hits",
        "Coast",
        "Court",
    ]
    return " ".join(rng.choice(words) for _ in range(rng.randrange(4, 8)))


def _jsonl(records: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode("utf-8")


def _count_for(size: int, one: str) -> int:
    return max(1, size // max(1, len(one.encode("utf-8"))))


def _warc(pages: list[tuple[str, str]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    for uri, html in pages:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=http
        )
        writer.write_record(record)
    return out.getvalue()


def _page(title: str, body: str) -> str:
    return f"<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


def cases() -> dict[str, Maker]:
    """Every case: name -> (size in bytes) -> (file name, bytes)."""

    def rng() -> random.Random:  # each case its own generator: the same bytes whatever --only runs
        return random.Random(8)

    news_cache: dict[int, str] = {}

    def news(size: int) -> str:
        if size not in news_cache:
            news_cache[size] = _news_text(size)
        return news_cache[size]

    def text(name: str, make: Callable[[int], str]) -> Maker:
        return lambda size: (f"{name}.txt", make(size).encode("utf-8"))

    c: dict[str, Maker] = {
        "news": text("news", news),
        # plain text, by shape
        "tiny_lines": text("tiny", lambda s: _fill("a\n", s)),
        "heads_same": text("heads", lambda s: _fill("Senate Passes Big Budget Bill\n", s)),
        "heads_varied": text(
            "headsv",
            lambda s: "".join(
                _headline(r) + "\n"
                for r in [rng()]
                for _ in range(_count_for(s, "Senate Passes Big Budget Bill\n"))
            ),
        ),
        "lines_same_prose": text(
            "same", lambda s: _fill("The council met on Monday to vote on the new budget for the city.\n", s)
        ),
        "prose_one_line": text("oneline", lambda s: news(s).replace("\n", " ")),
        "paren_run": text("paren", lambda s: "(" * s),
        "bracket_words": text("bracket", lambda s: _fill("[Aa (Bb {cc ", s)),
        "quote_run": text("quotes", lambda s: '"' * s),
        "curly_unclosed": text("curly", lambda s: _fill("\u201cHe said it was fine ", s)),
        "dash_words": text("dash", lambda s: _fill("A-", s)),
        "punct_run": text("punct", lambda s: _fill("!?.,;:", s)),
        "dots_lines": text("dots", lambda s: _fill("...\n", s)),
        "long_word": text("longword", lambda s: "a" * s),
        "long_words_lines": text("longwords", lambda s: _fill("x" * 5000 + "\n", s)),
        "caps_pairs": text("caps", lambda s: _fill("Aa Bb Cc Dd, ", s)),
        "list_acme": text("listy", lambda s: _fill("Acme, ", s)),
        "many_names": text(
            "names", lambda s: ", ".join(_names(rng(), _count_for(s, "John Smith12, "))) + ".\n"
        ),
        "names_lines": text(
            "namesl",
            lambda s: "".join(
                f"{n} said it was fine.\n"
                for n in _names(rng(), _count_for(s, "John Smith12 said it was fine.\n"))
            ),
        ),
        "numbers": text(
            "numbers",
            lambda s: " ".join(f"{r.randrange(10**6):,}" for r in [rng()] for _ in range(s // 8)) + "\n",
        ),
        "dates": text("dates", lambda s: _fill("On January 5, 2021 and 2022-03-04, ", s)),
        "control_chars": text(
            "ctrl",
            lambda s: "".join(
                r.choice(["word ", "\x00", "\x07", "\x1b[0m", "\x0c", "\r", "\x85"])
                for r in [rng()]
                for _ in range(s // 3)
            ),
        ),
        "bom_runs": text("bom", lambda s: _fill("\ufeffThe council met.\ufeff\n", s)),
        "zero_width": text("zw", lambda s: _fill("The\u200bcouncil\u200dmet\u2060today\u200b. ", s)),
        "long_urls": text("urls", lambda s: _fill("See https://example.com/" + "a/" * 2000 + " now.\n", s)),
        "acronym_defs": text("acro", lambda s: _fill("Aa Bb Cc (ABC) and ", s)),
        "mixed_encoding": lambda s: (
            "mixed.txt",
            b"".join([b"Caf\xe9 ", "café ".encode(), b"\xff\xfe", b"The council met. "] * (s // 30)),
        ),
        # JSON lines / JSON documents
        "jsonl_tiny_records": lambda s: (
            "tiny.jsonl",
            _jsonl([{"title": "a", "text": "b"}] * _count_for(s, '{"title": "a", "text": "b"}\n')),
        ),
        "jsonl_one_record": lambda s: ("one.jsonl", _jsonl([{"title": "One", "text": news(s)}])),
        "jsonl_deep": lambda s: (
            "deep.jsonl",
            (
                json.dumps({"title": "A", "text": "Fine."})
                + "\n"
                + '{"a":' * (s // 10)
                + "1"
                + "}" * (s // 10)
                + "\n"
            ).encode(),
        ),
        "jsonl_html_deep": lambda s: (
            "hdeep.jsonl",
            _jsonl([{"title": "A", "html": "<div>" * (s // 5) + "Text."}]),
        ),
        "json_deep_array": lambda s: ("deep.json", ("[" * (s // 2) + "]" * (s // 2)).encode()),
        # HTML pages
        "html_deep": lambda s: ("deep.html", _page("Deep", "<div>" * (s // 5) + "<p>Text.</p>").encode()),
        "html_many_p": lambda s: ("manyp.html", _page("Many", _fill("<p>a</p>", s - 200)).encode()),
        "html_unclosed": lambda s: ("unclosed.html", _page("Open", _fill("<b><i>word ", s - 200)).encode()),
        "html_news": lambda s: (
            "news.html",
            _page("News", "".join(f"<p>{p}</p>" for p in news(s).split("\n"))).encode(),
        ),
        # RSS / Atom
        "rss_many_items": lambda s: (
            "many.xml",
            (
                '<?xml version="1.0"?><rss><channel>'
                + _fill("<item><title>a</title><description>b</description></item>", s)
                + "</channel></rss>"
            ).encode(),
        ),
        "rss_deep": lambda s: (
            "deep.xml",
            (
                '<?xml version="1.0"?><rss><channel><item><title>a</title><description>'
                + "<x>" * (s // 3)
                + "</description></item></channel></rss>"
            ).encode(),
        ),
        "atom_html_deep": lambda s: (
            "adeep.xml",
            (
                '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>a</title><content type="html">'
                + "&lt;div&gt;" * (s // 11)
                + "Text.</content></entry></feed>"
            ).encode(),
        ),
        # WARC
        "warc_many_records": lambda s: (
            "many.warc",
            _warc([(f"https://n.example/{i}", _page("a", "<p>b</p>")) for i in range(s // 400)]),
        ),
        "warc_deep_page": lambda s: (
            "deep.warc",
            _warc([("https://n.example/d", _page("Deep", "<div>" * (s // 5) + "Text."))]),
        ),
    }
    _ = gzip  # gzip'd WARC members are read by the same reader as plain ones
    return c


def run_case(path: Path, python: str, pythonpath: str, until: str | None, timeout: float) -> dict[str, Any]:
    """Build ``path`` in a child with fresh XDG dirs; wall, CPU, peak RSS (wait4), articles, stage seconds."""
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        env = dict(
            os.environ, XDG_CACHE_HOME=f"{tmp}/c", XDG_DATA_HOME=f"{tmp}/d", XDG_CONFIG_HOME=f"{tmp}/g"
        )
        env["PYTHONPATH"] = pythonpath
        start = time.perf_counter()
        proc = subprocess.Popen(
            [python, "-m", "reader", "index", str(path), "--progress-json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        articles, stages, stage, stage_t, stopped = -1, {}, "start", start, False
        assert proc.stdout is not None
        deadline = start + timeout
        for line in proc.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            now = time.perf_counter()
            if event.get("event") == "articles":
                articles = int(event.get("count", -1))
            if event.get("event") == "stage":
                stages[stage] = round(stages.get(stage, 0.0) + now - stage_t, 2)
                stage, stage_t = str(event.get("stage")), now
                if until and stage == until:
                    proc.kill()
                    stopped = True
                    break
            if now > deadline:
                proc.kill()
                stopped = True
                break
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        stages[stage] = round(stages.get(stage, 0.0) + time.perf_counter() - stage_t, 2)
        return {
            "wall": round(wall, 2),
            "cpu": round(usage.ru_utime + usage.ru_stime, 2),
            "rss_mb": round(usage.ru_maxrss / 1024),
            "articles": articles,
            "ok": stopped and wall < timeout or status == 0,
            "timed_out": wall >= timeout,
            "stages": stages,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=float, default=0.2, help="MB per case (default 0.2)")
    parser.add_argument("--only", nargs="*", help="case names (news is always run)")
    parser.add_argument("--until", help="stop each build when this stage begins (e.g. analyse)")
    parser.add_argument("--repo", help="another checkout to run on the same files (before/after)")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--out", help="write the results as JSON")
    ns = parser.parse_args()
    size = int(ns.size * 1_000_000)
    table = cases()
    names = ["news"] + [n for n in table if n != "news" and (not ns.only or n in ns.only)]
    repos = [("this", str(REPO))] + ([("other", str(Path(ns.repo).resolve()))] if ns.repo else [])
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="hostile-src-") as src:
        print(
            f"{'case':<20} {'repo':<6} {'MB':>5} {'wall s':>7} {'cpu s':>7} {'RSS MB':>7} {'arts':>6} {'cpu/MB x':>9} {'RSS x':>6}  stages"
        )
        for name in names:
            file_name, data = table[name](size)
            path = Path(src) / file_name
            path.write_bytes(data)
            mb = len(data) / 1e6
            for label, repo in repos:
                r = run_case(path, sys.executable, repo, ns.until, ns.timeout)
                r["mb"] = round(mb, 3)
                r["cpu_per_mb"] = round(r["cpu"] / max(mb, 1e-6), 2)
                base = results.get(f"news/{label}")
                r["cpu_ratio"] = round(r["cpu_per_mb"] / base["cpu_per_mb"], 2) if base else 1.0
                r["rss_ratio"] = round(r["rss_mb"] / base["rss_mb"], 2) if base else 1.0
                results[f"{name}/{label}"] = r
                flag = " !" if r["cpu_ratio"] > 3 or r["rss_ratio"] > 3 or r["timed_out"] else ""
                print(
                    f"{name:<20} {label:<6} {mb:>5.2f} {r['wall']:>7.1f} {r['cpu']:>7.1f} {r['rss_mb']:>7} "
                    f"{r['articles']:>6} {r['cpu_ratio']:>9.2f} {r['rss_ratio']:>6.2f}{flag}  {r['stages']}",
                    flush=True,
                )
            path.unlink()
    if ns.out:
        Path(ns.out).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
