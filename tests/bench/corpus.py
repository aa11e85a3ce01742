"""A seeded corpus of N distinct news articles recombined from the Wikinews sample.

The scale benchmark needs tens of thousands of articles that read like news to
spaCy and to a full-text index (real sentences, real entity density, a Zipf-like
vocabulary), yet are all different: repeated texts would be answered from the
NER span cache and flatter the build. So each article is

* a lead paragraph from one Wikinews story, followed by paragraphs drawn from
  that story and from one or two others, up to a length drawn from a skewed
  distribution (median ~330 words, mean ~400, like the source);
* with a few capitalised words per paragraph swapped for other capitalised words
  of the corpus (names change, grammar stays), and some numbers redrawn;

and the generator checks that no two texts (and no two leads) are the same.

Written two ways from the same articles: JSONL (title/text/date, one object per
line: the input whose boundaries every baseline shares) and an undelimited text
dump (titles kept only sometimes, an occasional clutter line between stories),
which is what ``lede`` sees when a user pastes from news sites.

    python tests/bench/corpus.py --n 2000 --out /tmp/corpus   # writes articles.jsonl, dump.txt
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

WIKINEWS = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "wikinews" / "articles.jsonl"

CLUTTER = [
    "Advertisement",
    "Share this article",
    "Video unavailable",
    "2:47",
    "Sign up for our morning newsletter",
    "Image source, Getty Images",
    "Related Topics:",
    "Facebook Twitter WhatsApp Email",
    "Story continues below",
    "Published 2 days ago",
]

# A capitalised word that does not start a sentence: a candidate name to swap.
_NAME = re.compile(r"(?<=[a-z,;] )([A-Z][a-z]{2,})\b")
_NUMBER = re.compile(r"\b\d{2,4}\b")
# Words that are capitalised for grammar rather than being names; never swapped in or out.
_COMMON = frozenset(
    "The This That These Those There Then When While After Before During Monday Tuesday Wednesday "
    "Thursday Friday Saturday Sunday January February March April May June July August September "
    "October November December Mr Mrs Ms Dr President Minister Prime According However".split()
)


@dataclass(frozen=True)
class SyntheticArticle:
    title: str
    text: str
    date: str

    @property
    def words(self) -> int:
        return len(self.text.split())


def load_wikinews(path: Path = WIKINEWS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _paragraphs(article: dict[str, str]) -> list[str]:
    return [p.strip() for p in article["text"].split("\n") if p.strip()]


def _name_pool(stories: list[dict[str, str]]) -> list[str]:
    names: set[str] = set()
    for story in stories:
        names.update(m.group(1) for m in _NAME.finditer(story["text"]))
    return sorted(names - _COMMON)


def _vary(text: str, rng: random.Random, names: list[str], swaps: int) -> str:
    """Swap up to ``swaps`` distinct names for others (every occurrence), redraw one number."""
    found = sorted({m.group(1) for m in _NAME.finditer(text)} - _COMMON)
    for old in rng.sample(found, min(swaps, len(found))):
        text = re.sub(rf"\b{old}\b", rng.choice(names), text)
    numbers = _NUMBER.findall(text)
    if numbers:
        old = rng.choice(numbers)
        text = re.sub(rf"\b{old}\b", str(rng.randint(2, 999)), text, count=1)
    return text


def _target_words(rng: random.Random) -> int:
    return int(min(1800, max(90, rng.lognormvariate(5.8, 0.55))))


def generate(n: int, seed: int = 1, source: Path = WIKINEWS) -> list[SyntheticArticle]:
    """``n`` distinct articles, the same for the same ``seed`` and source."""
    rng = random.Random(seed)
    stories = [s for s in load_wikinews(source) if _paragraphs(s)]
    names = _name_pool(stories)
    texts: set[str] = set()
    leads: set[str] = set()
    out: list[SyntheticArticle] = []
    while len(out) < n:
        base = rng.choice(stories)
        donors = [base, *rng.sample(stories, rng.randint(1, 2))]
        target = _target_words(rng)
        lead = _vary(_paragraphs(base)[0], rng, names, 3)
        paras = [lead]
        words = len(lead.split())
        pool = [p for d in donors for p in _paragraphs(d)[1:]] or _paragraphs(base)
        start = rng.randrange(len(pool))
        i = 0
        while words < target and i < len(pool):
            para = _vary(pool[(start + i) % len(pool)], rng, names, 2)
            paras.append(para)
            words += len(para.split())
            i += 1
        text = "\n".join(paras)
        if text in texts or lead in leads:
            continue  # a repeat would be served from the NER cache; draw again
        texts.add(text)
        leads.add(lead)
        title = _vary(base["title"], rng, names, 1)
        date = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        out.append(SyntheticArticle(title=title, text=text, date=date))
    return out


def write_jsonl(articles: list[SyntheticArticle], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for a in articles:
            handle.write(json.dumps({"title": a.title, "date": a.date, "text": a.text}, ensure_ascii=False))
            handle.write("\n")


def write_dump(articles: list[SyntheticArticle], path: Path, seed: int = 1) -> None:
    """An undelimited dump: titles kept 60% of the time, a clutter line between ~15% of stories."""
    rng = random.Random(seed + 1)
    lines: list[str] = []
    for i, a in enumerate(articles):
        if i and rng.random() < 0.15:
            lines.append(rng.choice(CLUTTER))
        if rng.random() < 0.6:
            lines.append(a.title)
        lines.extend(a.text.split("\n"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus", type=Path, default=WIKINEWS)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    articles = generate(args.n, args.seed, args.corpus)
    write_jsonl(articles, args.out / "articles.jsonl")
    write_dump(articles, args.out / "dump.txt", args.seed)
    words = sum(a.words for a in articles)
    print(
        f"{len(articles)} articles, {words:,} words ({words / len(articles):.0f} per article) in {args.out}"
    )


if __name__ == "__main__":
    main()
