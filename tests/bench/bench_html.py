"""HTML main-text benchmark on 50 real news pages (run on demand).

    python tests/bench/bench_html.py [--pages]

Reads /work/shared/corpora/article_extraction_benchmark (a sibling of the repo:
``<repo>/../shared/corpora``): 50 saved news pages, one per site, with the
hand-checked article body of each in ``truth.jsonl``. Prints, in one run:

* Lede: ``reader.core.ingest.ingest_path`` on each page file (trafilatura
  plus our cleaning, as the application reads a page);
* raw ``trafilatura.extract(html)`` with its default settings;
* the old stdlib extractor (``htmltext.py``, kept as Lede's fallback) as the
  page reader used it: ``<main>`` blocks, else the fullest ``<article>``, else
  every block, through the same cleaning (``html_main.fallback_page``);
* Lede on the same 50 pages stored as HTTP responses in one ``.warc.gz``
  (written to a temporary folder with warcio), to show WARC input reads pages
  exactly as page files are read.

Scores are bag-of-words token F1 with counts: lower-cased ``\\w+`` tokens of
the extracted text against those of the true body; macro is the mean of the
per-page F1, micro pools the token counts of all pages. Title accuracy
compares the draft's title with the page's ``og:title`` (whitespace
collapsed, exact), where the page has one. Time is wall time per page,
including parsing, for each reader.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "article_extraction_benchmark"

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    """Lower-cased word tokens with their counts."""
    return Counter(_TOKEN.findall(text.lower()))


@dataclass
class Score:
    """Per-page F1 and pooled token counts for one reader."""

    name: str
    f1: list[float] = field(default_factory=list)
    overlap: int = 0
    predicted: int = 0
    true: int = 0
    seconds: float = 0.0
    titles_right: int = 0
    titles_loose: int = 0
    titles_checked: int = 0

    def add(self, predicted: str, true: str) -> float:
        p, t = tokens(predicted), tokens(true)
        overlap = sum((p & t).values())
        n_p, n_t = sum(p.values()), sum(t.values())
        self.overlap += overlap
        self.predicted += n_p
        self.true += n_t
        f1 = 2 * overlap / (n_p + n_t) if overlap else 0.0
        self.f1.append(f1)
        return f1

    @property
    def macro(self) -> float:
        return sum(self.f1) / len(self.f1) if self.f1 else 0.0

    @property
    def micro(self) -> float:
        total = self.predicted + self.true
        return 2 * self.overlap / total if total else 0.0

    def line(self) -> str:
        title = (
            f"  title {self.titles_right}/{self.titles_checked} exact, "
            f"{self.titles_loose}/{self.titles_checked} ignoring a site-name suffix"
            if self.titles_checked
            else ""
        )
        per_page = self.seconds / len(self.f1) * 1000 if self.f1 else 0.0
        return f"{self.name:34} macro F1 {self.macro:.4f}  micro F1 {self.micro:.4f}  {per_page:6.1f} ms/page{title}"


def _norm(title: str | None) -> str:
    return " ".join((title or "").split())


def _without_site(title: str, source: str) -> str:
    """og:title minus a trailing " - Site" / " | Site" naming the page's own site (``source``)."""
    parts = re.split(r"\s+[|–—-]\s+", title)
    site = re.sub(r"\W", "", source.lower().removeprefix("www."))
    tail = re.sub(r"\W", "", parts[-1].lower())
    if len(parts) > 1 and tail and (site.startswith(tail) or tail.startswith(site)):
        return title[: title.rfind(parts[-1])].rstrip(" |–—-")
    return title


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", action="store_true", help="print each page's F1 for every reader")
    args = parser.parse_args(argv)
    truth_file = CORPUS / "truth.jsonl"
    if not truth_file.exists():
        print(f"corpus not found: {CORPUS} (see tests/bench/bench_html.py)", file=sys.stderr)
        return 2

    import trafilatura

    from reader.core.ingest import ingest_path
    from reader.core.ingest.formats import Record, iter_finish
    from reader.core.ingest.html_main import fallback_page

    def lede(path: Path, html: str) -> tuple[str, str]:
        drafts = ingest_path(path).drafts
        return "\n".join(d.text for d in drafts), drafts[0].title if drafts else ""

    def raw(path: Path, html: str) -> tuple[str, str]:
        return trafilatura.extract(html) or "", ""

    def old(path: Path, html: str) -> tuple[str, str]:
        page = fallback_page(html, None)
        record = Record(list(page.paragraphs), page.title)
        drafts = list(iter_finish([record], [], batch=None))
        return "\n".join(d.text for d in drafts), drafts[0].title if drafts else ""

    readers: list[tuple[Score, Callable[[Path, str], tuple[str, str]]]] = [
        (Score("Lede (ingest_path)"), lede),
        (Score("trafilatura.extract (defaults)"), raw),
        (Score("old stdlib extractor (htmltext)"), old),
    ]
    rows = [json.loads(line) for line in truth_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        path = CORPUS / row["file"]
        html = path.read_text(encoding="utf-8")
        cells = []
        for score, read in readers:
            start = time.perf_counter()
            text, title = read(path, html)
            score.seconds += time.perf_counter() - start
            cells.append(score.add(text, row["text"]))
            if row.get("title_og_meta") and score.name.startswith(("Lede", "old")):
                score.titles_checked += 1
                og = _norm(row["title_og_meta"])
                score.titles_right += _norm(title) == og
                score.titles_loose += _norm(title) in (og, _without_site(og, row["source"]))
        if args.pages:
            print(f"{row['source'][:30]:30} " + "  ".join(f"{c:.3f}" for c in cells))
    print(f"{len(rows)} pages, {sum(r['html_bytes'] for r in rows) / 1e6:.1f} MB of HTML")
    for score, _ in readers:
        print(score.line())
    print(warc_score(rows).line())
    return 0


def warc_score(rows: list[dict[str, str]]) -> Score:
    """Lede on the pages stored as responses in one gzipped WARC file, matched back by URL."""
    import io
    import tempfile

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from reader.core.ingest import ingest_path

    score = Score("Lede (ingest_path on a .warc.gz)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pages.warc.gz"
        with path.open("wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for row in rows:
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
                body = io.BytesIO((CORPUS / row["file"]).read_bytes())
                writer.write_record(
                    writer.create_warc_record(row["url"], "response", payload=body, http_headers=http)
                )
        start = time.perf_counter()
        drafts = {d.url: d for d in ingest_path(path).drafts}
        score.seconds = time.perf_counter() - start
    for row in rows:
        draft = drafts.get(row["url"])
        score.add(draft.text if draft else "", row["text"])
    return score


if __name__ == "__main__":
    sys.exit(main())
