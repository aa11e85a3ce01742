"""Dumps with wire copies, for fitting and measuring copy detection (reader.core.copies).

Stories of one publisher (:mod:`tests.core.publishers`) become a shuffled list of articles
with a gold group per article:

* **originals**: distinct stories drawn as same-subject chains (each followed by the
  remaining story nearest in vocabulary), so neighbours share names and subject words:
  the hard negatives;
* **copies** of about half the originals, one to three each, made the ways wire copies
  differ: an exact repost, a new title, a paragraph (or the tail) cut, words changed,
  paragraphs reordered, an update paragraph added, an agency dateline and credit line,
  and mixtures of these;
* **hard negatives** besides the chains: a distinct story that quotes a paragraph or two
  (at most a third) of its same-subject neighbour (a follow-up), which must stay its own story.

Source stories that already nearly repeat each other (Reuters has some) are dropped from
the pool first, by an exact check on word 8-grams that does not depend on the detector,
so the gold groups are the ones this generator made.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from tests.core.publishers import Story, _order_by_subject

KINDS = ("exact", "title", "cut", "tail", "words", "reorder", "update", "wire", "mix")


@dataclass(frozen=True)
class CopyItem:
    """One article of a copy dump; ``group`` is the id of the story it is (a copy of)."""

    id: str
    title: str
    text: str
    date: str | None
    position: int
    group: str
    kind: str  # "original", "follow-up" or one of KINDS


def _grams(paragraphs: Sequence[str], n: int = 8) -> set[tuple[str, ...]]:
    w = re.findall(r"\w+", " ".join(paragraphs).lower())
    return {tuple(w[i : i + n]) for i in range(max(0, len(w) - n + 1))}


def distinct_pool(stories: Sequence[Story], min_words: int = 60) -> list[Story]:
    """Stories of three or more paragraphs and ``min_words`` words, none sharing a fifth of its
    8-grams with an earlier one (the corpus's own repeats would be copies the gold does not know)."""
    out: list[Story] = []
    index: dict[tuple[str, ...], int] = {}
    for story in stories:
        if len(story.paragraphs) < 3 or len(" ".join(story.paragraphs).split()) < min_words:
            continue
        grams = _grams(story.paragraphs)
        if not grams:
            continue
        hits: dict[int, int] = {}
        for g in grams:
            k = index.get(g)
            if k is not None:
                hits[k] = hits.get(k, 0) + 1
        if hits and max(hits.values()) >= 0.2 * len(grams):
            continue
        for g in grams:
            index.setdefault(g, len(out))
        out.append(story)
    return out


_SWAPS = {
    "said": "told reporters",
    "says": "said",
    "announced": "said",
    "on": "on",
    "after": "following",
    "because": "as",
    "but": "however",
    "also": "additionally",
    "about": "around",
    "more than": "over",
    "people": "residents",
    "officials": "authorities",
    "told": "said to",
    "according to": "citing",
    "percent": "per cent",
}
_PLACES = ["LONDON", "WASHINGTON", "PARIS", "NAIROBI", "NEW YORK", "BERLIN", "SYDNEY", "TOKYO"]
_AGENCIES = ["Reuters", "AP", "AFP", "dpa"]
_UPDATES = [
    "This story has been updated with comment from officials.",
    "Updated at {h}:{m:02d} GMT with new details.",
    "Earlier, a spokesperson declined to comment when contacted on {d}.",
    "More details are expected later on {d}, officials said.",
]


def _change_words(paragraphs: list[str], rng: random.Random, rate: float) -> list[str]:
    """Rewrite a share of the words: stock substitutions, redrawn numbers, dropped adjectives."""
    out = []
    for para in paragraphs:
        tokens = para.split(" ")
        for i, tok in enumerate(tokens):
            if rng.random() >= rate:
                continue
            bare = tok.strip(".,;:\"'()").lower()
            if bare in _SWAPS:
                tokens[i] = tok.lower().replace(bare, _SWAPS[bare])
            elif bare.isdigit():
                tokens[i] = tok.replace(bare, str(int(bare) + rng.randint(1, 9)))
            elif len(bare) > 3 and rng.random() < 0.5:
                tokens[i] = ""  # dropped
            else:
                tokens[i] = rng.choice(["the", "new", "local", "recent", "several"]) + " " + tok
        out.append(" ".join(t for t in tokens if t))
    return out


def _copy(story: Story, kind: str, rng: random.Random, filler: Sequence[str]) -> tuple[str, list[str]]:
    """A copy's (title, paragraphs) made the ``kind`` way."""
    title = story.title
    paras = list(story.paragraphs)
    steps = {
        "mix": rng.sample(["title", "cut", "tail", "words", "reorder", "update", "wire"], rng.choice((2, 3))),
        "exact": [],
    }.get(kind, [kind])
    for step in steps:
        if step == "title":
            title = (
                rng.choice(["UPDATE 1-", "Breaking: ", "", "WRAPUP "])
                + " ".join(reversed(title.split()[:4]))
                + " "
                + " ".join(title.split()[4:])
            )
        elif step == "cut" and len(paras) > 2:
            del paras[rng.randrange(1, len(paras))]
        elif step == "tail" and len(paras) > 3:
            paras = paras[: max(2, round(len(paras) * rng.uniform(0.4, 0.8)))]
        elif step == "words":
            paras = _change_words(paras, rng, rng.uniform(0.03, 0.12))
        elif step == "reorder" and len(paras) > 2:
            i = rng.randrange(1, len(paras) - 1)
            paras[i], paras[i + 1] = paras[i + 1], paras[i]
        elif step == "update":
            line = rng.choice(_UPDATES).format(h=rng.randint(0, 23), m=rng.randint(0, 59), d="Tuesday")
            extra = rng.choice(filler) if filler and rng.random() < 0.5 else line
            paras.insert(rng.choice([0, 1, len(paras)]), extra)
        elif step == "wire":
            paras[0] = f"{rng.choice(_PLACES)} ({rng.choice(_AGENCIES)}) - {paras[0]}"
            paras.append(
                f"(Reporting by {rng.choice(['Ann Lee', 'Tom Berg', 'Ravi Das'])}; editing by staff)"
            )
    return title, paras


def _when(story: Story, rng: random.Random) -> date:
    if story.date:
        try:
            return date.fromisoformat(story.date[:10])
        except ValueError:
            pass
    return date(2019, 1, 1) + timedelta(days=rng.randrange(700))


def make_copy_dump(
    stories: Sequence[Story], seed: int, n: int = 150, copy_rate: float = 0.5, follow_up_rate: float = 0.1
) -> list[CopyItem]:
    """A shuffled dump of ``n`` distinct stories (same-subject chains), their copies and follow-ups."""
    rng = random.Random(seed)
    pool = distinct_pool(stories)
    wide = rng.sample(pool, min(len(pool), n * 2))
    chosen = _order_by_subject(wide, rng)[:n]
    spare = [s for s in pool if s not in set(chosen)]
    filler = [s.paragraphs[-1] for s in spare[:200]]
    drafts: list[tuple[str, str, list[str], date, str, str]] = []  # id, title, paras, date, group, kind
    for k, story in enumerate(chosen):
        day = _when(story, rng)
        paras = list(story.paragraphs)
        kind = "original"
        if k and rng.random() < follow_up_rate:
            # a follow-up quoting a paragraph or two (at most a third) of the story before it: not a copy
            before = chosen[k - 1].paragraphs
            for quoted in rng.sample(before, max(1, min(len(before) // 3, rng.choice((1, 1, 2))))):
                paras.insert(rng.randrange(1, len(paras)), quoted)
            kind = "follow-up"
        drafts.append((story.id, story.title, paras, day, story.id, kind))
        if rng.random() < copy_rate:
            for c in range(rng.choice((1, 1, 2, 3))):
                ckind = rng.choice(KINDS)
                title, cparas = _copy(story, ckind, rng, filler)
                later = day + timedelta(days=rng.choice((0, 0, 1, 2)), hours=0)
                drafts.append((f"{story.id}~{c}", title, cparas, later, story.id, ckind))
    rng.shuffle(drafts)
    # Originals keep the earliest place among same-day members: "earliest" ties go by position.
    firsts: dict[str, int] = {}
    for i, d in enumerate(drafts):
        if d[5] in ("original", "follow-up"):
            firsts[d[4]] = i
    for group, at in firsts.items():
        same_day = [i for i, d in enumerate(drafts) if d[4] == group and d[3] == drafts[at][3]]
        first = min(same_day)
        drafts[first], drafts[at] = drafts[at], drafts[first]
    return [
        CopyItem(
            id=d[0],
            title=d[1],
            text="\n".join(d[2]),
            date=d[3].isoformat(),
            position=i,
            group=d[4],
            kind=d[5],
        )
        for i, d in enumerate(drafts)
    ]


def pair_scores(items: Sequence[CopyItem], copy_of: dict[str, str | None]) -> tuple[int, int, int]:
    """(true, predicted, correct) same-group pairs: pairwise precision and recall of the grouping."""
    gold: dict[str, list[str]] = {}
    pred: dict[str, list[str]] = {}
    for it in items:
        gold.setdefault(it.group, []).append(it.id)
        pred.setdefault(copy_of.get(it.id) or it.id, []).append(it.id)
    gold_of = {it.id: it.group for it in items}

    def pairs(groups: dict[str, list[str]]) -> int:
        return sum(len(g) * (len(g) - 1) // 2 for g in groups.values())

    correct = 0
    for members in pred.values():
        counts: dict[str, int] = {}
        for m in members:
            counts[gold_of[m]] = counts.get(gold_of[m], 0) + 1
        correct += sum(c * (c - 1) // 2 for c in counts.values())
    return pairs(gold), pairs(pred), correct
