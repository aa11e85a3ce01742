"""Messy dumps built from several publishers, for measuring segmentation on text it was not fitted on.

Every corpus under ``../shared/corpora`` is read into one shape (id, title,
paragraphs, date, publisher) and cut into dumps the way users' dumps arrive:

* **line style**: the publisher's own paragraphs, or re-split into lines of
  1-3 sentences (what copying from a web page gives);
* **headlines** kept for a share of stories, dropped for the rest;
* stories that **start mid-story** (the first paragraphs cut away);
* **same-subject stories side by side**: in half the dumps each story is
  followed by the remaining story nearest to it in vocabulary, so lexical
  cohesion alone cannot see the break;
* **clutter**: the synthetic kinds of :mod:`tests.core.dumps` and the real
  furniture lines cut from web pages (``boilerplate_removed`` of the
  hyperpartisan and BuzzFeed sets), drawn from a pool split by site so the
  lines of the sites used in fitting never appear in held-out dumps.

The gold start of an article is its headline line when the dump keeps one,
else its first paragraph line (an article starts at its headline).
"""

from __future__ import annotations

import json
import math
import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tests.core.dumps import GoldDump, _clutter_block, _glue, _long_date, _sentences

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"

# Publisher name -> (corpus file, filter on the record's "source" field or None).
PUBLISHERS: dict[str, tuple[str, str | None]] = {
    "wikinews": ("wikinews/articles.jsonl", None),
    "reuters": ("reuters21578/articles.jsonl", None),
    "politico": ("buzzfeed_webis_2016/articles.jsonl", "Politico"),
    "cnn": ("buzzfeed_webis_2016/articles.jsonl", "CNN"),
    "abc": ("buzzfeed_webis_2016/articles.jsonl", "ABC News"),
    "web": ("semeval2019_hyperpartisan/articles.jsonl", None),
    # 50 pages from 50 sites (the HTML benchmark's hand-checked bodies, headlines from the pages' meta):
    # never used in fitting or in designing a cue, so it stands for "a publisher we do not have"
    "pages": ("article_extraction_benchmark/truth.jsonl", None),
}


@dataclass(frozen=True)
class Story:
    """One article in the common shape."""

    id: str
    title: str
    paragraphs: tuple[str, ...]
    date: str | None
    site: str


def available() -> bool:
    return (CORPORA / "wikinews" / "articles.jsonl").exists()


def _records(rel: str) -> list[dict[str, object]]:
    path = CORPORA / rel
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_publisher(name: str, dateline_rate: float = 0.5, seed: int = 7) -> list[Story]:
    """The stories of one publisher (Reuters' wire dateline restored on a share of them)."""
    rel, source = PUBLISHERS[name]
    rng = random.Random(seed)
    out: list[Story] = []
    for rec in _records(rel):
        if source is not None and rec.get("source") != source:
            continue
        paras = [p.strip() for p in str(rec["text"]).split("\n") if p.strip()]
        if len(paras) < 2 and name != "web":
            continue
        if not paras or is_digest(paras):
            continue
        dateline = rec.get("dateline")
        if dateline and rng.random() < dateline_rate:
            paras[0] = f"{dateline} - {paras[0]}"
        title = str(rec.get("title") or rec.get("title_og_meta") or rec.get("title_html_tag") or "").strip()
        if name == "reuters" and rng.random() < 0.5:
            title = title.title()  # wire titles are upper case; feeds often print them in title case
        out.append(
            Story(
                str(rec["id"]), title, tuple(paras), rec.get("date") or None, str(rec.get("source") or name)
            )  # type: ignore[arg-type]
        )
    return out


def real_clutter(held_out: bool) -> list[str]:
    """Real furniture lines cut from web pages, from one half of the sites (split by a hash of the site)."""
    lines: list[str] = []
    for rel in ("semeval2019_hyperpartisan/articles.jsonl", "buzzfeed_webis_2016/articles.jsonl"):
        for rec in _records(rel):
            site = str(rec.get("source") or "")
            if (sum(map(ord, site)) % 2 == 1) != held_out:
                continue
            for line in rec.get("boilerplate_removed") or []:  # type: ignore[attr-defined]
                text = " ".join(str(line).split())
                if text and len(text) < 300:
                    lines.append(text)
    return sorted(set(lines))


_WORD = re.compile(r"[a-z]{4,}")
_SECTION_HEAD = re.compile(r"^[A-Z][A-Z0-9’'&.,:! ]{3,}\s+[-–—]{1,2}\s")


def is_digest(paragraphs: Iterable[str]) -> bool:
    """A newsletter digest (Politico's Playbook: "HAPPENING TODAY -- ...") is many stories, not one."""
    return sum(1 for p in paragraphs if _SECTION_HEAD.match(p)) >= 4


def _bag(story: Story) -> Counter[str]:
    return Counter(_WORD.findall(" ".join(story.paragraphs[:6]).lower()))


def _order_by_subject(stories: list[Story], rng: random.Random) -> list[Story]:
    """Chain stories so each is followed by the remaining one nearest to it in vocabulary (TF-IDF cosine)."""
    bags = [_bag(s) for s in stories]
    df: Counter[str] = Counter()
    for b in bags:
        df.update(b.keys())
    n = len(stories)
    vecs = []
    for b in bags:
        v = {k: (1 + math.log(c)) * math.log((n + 1) / df[k]) for k, c in b.items() if df[k] < n * 0.5}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({k: x / norm for k, x in v.items()})
    left = set(range(n))
    cur = rng.randrange(n)
    order = [cur]
    left.remove(cur)
    while left:
        a = vecs[cur]
        cur = max(sorted(left), key=lambda j: sum(x * vecs[j].get(k, 0.0) for k, x in a.items()))
        order.append(cur)
        left.remove(cur)
    return [stories[i] for i in order]


def make_publisher_dump(
    stories: list[Story],
    seed: int,
    n: int = 40,
    line_style: str = "paragraphs",
    same_subject: bool = False,
    title_rate: float = 0.5,
    clutter_lines: list[str] | None = None,
    clutter_rate: float = 0.3,
    conventions_rate: float = 0.0,
    subhead_rate: float = 0.0,
) -> GoldDump:
    """One dump of ``n`` stories; ``line_style`` is "paragraphs" or "sentences" (1-3 sentences a line).

    ``conventions_rate`` adds, to that share of stories, the wire conventions found across
    news publishers but absent from some corpora (a credit line or another closing line at
    the end, :func:`_ending`; an agency dateline at the start), so a model fitted on such corpora still learns what they mean.
    ``subhead_rate`` likewise gives that share of stories of four or more paragraphs one
    to three subheads made from the paragraph below each (web stories have them; wire and
    encyclopaedic stories do not). Only fitting dumps use these; benchmark dumps keep each
    publisher's text as it is.
    """
    rng = random.Random(seed)
    pool = [s for s in stories if len(s.paragraphs) >= 2 or line_style == "sentences"]
    if same_subject:
        # Draw a wider sample, then keep chains of nearest neighbours: runs of stories on one subject.
        wide = rng.sample(pool, min(len(pool), n * 4))
        chosen = _order_by_subject(wide, rng)[:n]
    else:
        chosen = rng.sample(pool, min(n, len(pool)))
    synthetic = [{"title": s.title} for s in stories[:200]]
    gold = GoldDump(text="")
    out: list[str] = []

    def emit(text: str, kind: str) -> int:
        out.append(text)
        number = len(out)
        {"clutter": gold.clutter, "caption": gold.captions, "title": gold.title_lines}.get(
            kind, gold.content
        ).append(number)
        return number

    def clutter() -> Iterable[tuple[str, str]]:
        if clutter_lines and rng.random() < 0.5:
            return [(rng.choice(clutter_lines), "clutter") for _ in range(rng.randint(1, 2))]
        return _clutter_block(rng, synthetic)  # type: ignore[arg-type]

    for index, story in enumerate(chosen):
        paras = list(story.paragraphs)
        if conventions_rate and rng.random() < conventions_rate:
            paras = _with_conventions(paras, rng)
        if subhead_rate and len(paras) >= 4 and rng.random() < subhead_rate:
            paras = _with_subheads(paras, rng)
        if line_style == "sentences":
            paras = _regroup(paras, rng)
        if len(paras) > 3 and rng.random() < 0.12:  # the story starts mid-story, its lead cut away
            paras = paras[rng.randint(1, min(3, len(paras) - 2)) :]
        if index and rng.random() < clutter_rate:
            for text, kind in clutter():
                emit(text, kind)
        if rng.random() < 0.05 and story.date:
            emit(_long_date(story.date[:10]), "clutter")
        start: int | None = None
        if story.title and rng.random() < title_rate:
            start = emit(story.title, "title")
        for i, para in enumerate(paras):
            if rng.random() < 0.05:
                para, fused = _glue(rng, para)
                gold.glued += fused
            number = emit(para, "content")
            if i == 0:
                gold.starts.append(start or number)
                gold.ids.append(story.id)
            if i < len(paras) - 1 and rng.random() < clutter_rate / 4:
                for text, kind in clutter():
                    emit(text, kind)
    gold.text = "\n".join(out) + "\n"
    return gold


def _regroup(paras: list[str], rng: random.Random) -> list[str]:
    """Re-split paragraphs into lines of 1-3 sentences (a paragraph's sentences never join the next's)."""
    lines: list[str] = []
    for para in paras:
        sents = _sentences(para)
        i = 0
        while i < len(sents):
            k = rng.choice((1, 1, 2, 2, 3))
            lines.append(" ".join(sents[i : i + k]))
            i += k
    return lines


_NAMES = ["Maria Lopez", "Tom Ellis", "Aisha Khan", "Peter Novak", "Chen Wei", "Sara Lind", "Omar Haddad"]
_PLACES = [
    "LONDON",
    "WASHINGTON",
    "PARIS",
    "NAIROBI",
    "Denver, Colorado",
    "Manila",
    "BERLIN",
    "Austin, Texas",
]
_AGENCIES = ["AP", "Reuters", "AFP", "CNN", "Bloomberg", "dpa"]


def _with_conventions(paras: list[str], rng: random.Random) -> list[str]:
    """An agency dateline on the lead and/or a credit line after the last paragraph, and/or another ending."""
    out = list(paras)
    if rng.random() < 0.5 and out and not out[0][:1].islower():
        place, agency = rng.choice(_PLACES), rng.choice(_AGENCIES)
        glue = rng.choice([" — ", " - ", "", " "])
        out[0] = f"{place} ({agency}){glue}{out[0]}"
    credited = rng.random() < 0.6
    if credited:
        a, b = rng.sample(_NAMES, 2)
        out.append(
            rng.choice(
                [
                    f"{a} contributed to this report.",
                    f"Reporting by {a}; Editing by {b}",
                    f"Additional reporting by {a} in {rng.choice(_PLACES).title()}.",
                    "The Associated Press contributed to this report.",
                    f"({a} reported from {rng.choice(_PLACES).title()}; {b} contributed.)",
                ]
            )
        )
    if rng.random() < ENDINGS_RATE:
        # After the credit line, or now and then just before it.
        out.insert(len(out) - 1 if credited and rng.random() < 0.3 else len(out), _ending(rng))
    return out


# Share of the stories given conventions that also end with another kind of closing line.
ENDINGS_RATE = 0.4
_ORGS = ["the Brookings Institution", "the University of Leeds", "the Center for Policy Studies", "Harvard"]
_WORKS = ["the wrong date for the vote", "the name of the city", "the size of the fund", "a quote"]


def _ending(rng: random.Random) -> str:
    """A line that only ends a story: a correction or update note, a contact, an image credit, a bio.

    Some are shaped like a headline (no closing full stop), as sign-offs often are on web
    pages, so the model learns that such a line above a lead belongs to the story before it.
    Kinds the cleaner drops as furniture ("Photo: ...", "Follow ... on Twitter") would teach
    the segmenter nothing, so they are not drawn.
    """
    a = rng.choice(_NAMES)
    first, last = a.lower().split()
    handle = f"@{first}{last[:3]}"
    org = rng.choice(_ORGS)
    return rng.choice(
        [
            f"Correction: An earlier version of this story misstated {rng.choice(_WORKS)}.",
            f"CORRECTION: A previous version of this article gave {rng.choice(_WORKS)}.",
            "This story has been updated.",
            f"This article has been updated with comment from {a}.",
            f"{a}: 202-555-01{rng.randint(10, 99)}, {handle}",
            f"Contact {a} at {first}.{last}@example.com",
            f"Images via: Twitter / {handle}",
            f"{a} is a senior fellow at {org}.",
            f"{a} | Senior Fellow, {org[4:] if org.startswith('the ') else org}",
            f"{a} is a reporter for {rng.choice(_AGENCIES)} covering {rng.choice(['health', 'courts', 'energy'])}.",
            f"This article originally appeared on {rng.choice(_AGENCIES)}.",
        ]
    )


_LEADING = re.compile(r"^(the|a|an|but|and|in|on|at|for|as|so|while|when|after|however),?\s+", re.IGNORECASE)


def _with_subheads(paras: list[str], rng: random.Random) -> list[str]:
    """One to three subheads, each a short phrase from the story's own text (the paragraph below, mostly).

    The phrase never ends on a function word; some are title-cased, numbered or asked as
    a question, as web sites print them.
    """
    from reader.core.ingest.segment.cues import STOPWORDS

    out = list(paras)
    for at in sorted(rng.sample(range(2, len(out)), min(len(out) - 2, rng.randint(1, 3))), reverse=True):
        source = out[at] if rng.random() < 0.6 else out[rng.randrange(0, len(out))]
        sentences = re.split(r"(?<=[.!?])\s", source)
        sentence = sentences[rng.randrange(len(sentences))] if rng.random() < 0.4 else sentences[0]
        words = _LEADING.sub("", sentence).split()
        begin = rng.randrange(0, max(1, len(words) - 4)) if rng.random() < 0.3 else 0
        words = [w.strip('.,;:!?"“”‘’()') for w in words[begin : begin + rng.randint(3, 7)]]
        while words and (not words[-1] or words[-1].lower() in STOPWORDS):
            words.pop()
        phrase = " ".join(w for w in words if w)
        if len(phrase.split()) < 2:
            continue
        phrase = phrase[0].upper() + phrase[1:]
        kind = rng.random()
        if kind < 0.1:
            phrase = f"{rng.randint(1, 9)}. {phrase}"
        elif kind < 0.25:
            lower = phrase.split()[0][1:].islower()
            phrase = phrase[0].lower() + phrase[1:] if lower else phrase
            phrase = f"{rng.choice(('What about', 'Why', 'How', 'What next for'))} {phrase}?"
        elif kind < 0.6:  # title case, as many sites print them
            phrase = " ".join(w[:1].upper() + w[1:] if len(w) > 3 else w for w in phrase.split())
        out.insert(at, phrase)
    return out
