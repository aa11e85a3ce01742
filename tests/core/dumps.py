"""Build seeded, messy news dumps from the Wikinews corpus, with gold annotations.

A "dump" imitates what people paste from news sites: articles one after the
other with no delimiter, page clutter (video notices, durations, adverts,
multi-line cookie blocks of embedded posts, share bars, "Read more:" teasers,
bylines, photo credits) between and inside them, titles kept only sometimes,
datelines sometimes, stories that start mid-quote, near-duplicates, two
paragraphs run together, and words fused by link extraction.

The generator records the gold truth the segmenter and cleaner are scored
against: the line of each article's first paragraph (``starts``), the lines
holding kept titles, and every clutter line. Wording of the clutter is drawn
from varied templates so a classifier tuned to one phrasing would fail here.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).parents[2].parent / "shared/corpora/wikinews/articles.jsonl"

PLATFORMS = ["X", "Twitter", "YouTube", "Instagram", "Facebook", "TikTok", "Bluesky", "Spotify", "Threads"]


@dataclass
class GoldDump:
    """A generated dump and its gold annotations (all line numbers 1-based)."""

    text: str
    starts: list[int] = field(default_factory=list)
    title_lines: list[int] = field(default_factory=list)
    clutter: list[int] = field(default_factory=list)
    captions: list[int] = field(default_factory=list)  # clutter that may also be kept
    content: list[int] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    glued: int = 0


def load_corpus(path: Path = CORPUS) -> list[dict[str, str]]:
    """Read the Wikinews JSONL corpus."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


_SENT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“A-Z0-9])")


def _sentences(paragraph: str) -> list[str]:
    parts = _SENT.split(paragraph)
    out: list[str] = []
    for part in parts:
        if out and (len(out[-1]) < 40 or re.search(r"\b(Mr|Mrs|Ms|Dr|St|U\.S|No)\.$", out[-1])):
            out[-1] = out[-1] + " " + part
        else:
            out.append(part)
    return out


def _clutter_block(rng: random.Random, others: list[dict[str, str]]) -> list[tuple[str, str]]:
    """One block of clutter lines as (text, kind) with kind "clutter" or "caption"."""
    platform = rng.choice(PLATFORMS)
    other = rng.choice(others)
    kind = rng.randrange(12)
    if kind == 0:
        notice = rng.choice(
            [
                "Please use Chrome browser for a more accessible video player",
                "Video unavailable",
                "Press play to watch",
                "Media playback is unsupported on your device",
                "This video can not be played",
            ]
        )
        duration = rng.choice(["1:01", "3:25", "0:45", "12:08", "0:00 / 2:15", "2:47"])
        block = [(notice, "clutter"), (duration, "clutter")]
        if rng.random() < 0.6:
            words = other["title"].split()[:8]
            block.append((" ".join(words).rstrip(".,;:"), "caption"))
        return block
    if kind == 1:
        return [
            (
                rng.choice(
                    [
                        "Advertisement",
                        "ADVERTISEMENT",
                        "Sponsored content",
                        "Story continues below",
                        "Advertisement - scroll to continue",
                    ]
                ),
                "clutter",
            )
        ]
    if kind == 2:
        lines = [
            f"This content is provided by {platform}, which may be using cookies and other technologies.",
            "To show you this content, we need your permission to use cookies.",
            f"You can use the buttons below to amend your preferences to enable {platform} cookies or to "
            "allow those cookies just once.",
            "You can change your settings at any time via the Privacy Options.",
            f"Unfortunately we have been unable to verify if you have consented to {platform} cookies.",
            f"To view this content you can use the button below to allow {platform} cookies for this session "
            "only.",
            f"Allow {platform} content?",
            f"This article contains content provided by {platform}. We ask for your permission before "
            "anything is loaded, as they may be using cookies and other technologies.",
            "Accept and continue",
            "Accept all / Manage preferences",
        ]
        start = rng.randrange(3)
        n = rng.randint(2, 6)
        return [(platform, "clutter")] + [(line, "clutter") for line in lines[start : start + n]]
    if kind == 3:
        return [
            (
                rng.choice(
                    [
                        "Share",
                        "Share this article",
                        "Facebook Twitter WhatsApp Email",
                        "Share | Tweet | Email",
                        "Copy link",
                        "Share on Facebook",
                    ]
                ),
                "clutter",
            )
        ]
    if kind == 4:
        return [
            (
                f"{rng.choice(['Read more:', 'READ MORE:', 'Also read:', 'See also:'])} {other['title']}",
                "clutter",
            )
        ]
    if kind == 5:
        topic = rng.choice(other["title"].split()[:3])
        return [(f"More on {topic.strip(',.:;')}", "clutter"), ("Related Topics:", "clutter")][
            : rng.randint(1, 2)
        ]
    if kind == 6:
        return [
            (
                rng.choice(
                    [
                        "Sign up for our morning newsletter",
                        "Get our free daily news briefing in your inbox",
                        "Subscribe to our newsletter",
                    ]
                ),
                "clutter",
            )
        ]
    if kind == 7:
        return [
            (
                rng.choice(
                    [
                        "By Staff Reporter",
                        "By Maria Lopez, Wikinews",
                        "By our correspondent",
                        "Reporting by Tom Ellis",
                    ]
                ),
                "clutter",
            )
        ]
    if kind == 8:
        return [
            (
                rng.choice(
                    [
                        "Image source, Getty Images",
                        "Photo: Reuters",
                        "Getty Images",
                        "Image caption, Rescuers at the scene",
                        "AFP via Getty Images",
                    ]
                ),
                "clutter",
            )
        ]
    if kind == 9:
        return [
            (
                rng.choice(
                    [
                        "3 hours ago",
                        "Updated 14:32 GMT",
                        "Published 2 days ago",
                        "Last updated: 12 March 2019",
                    ]
                ),
                "clutter",
            )
        ]
    if kind == 10:
        return [("Related stories", "clutter"), (other["title"], "clutter")]
    return [
        (
            rng.choice(
                ["Skip Twitter post by Joe Biden", f"End of {platform} post", "View this post on Instagram"]
            ),
            "clutter",
        )
    ]


_GLUE_CANDIDATE = re.compile(r"\b([A-Z][a-z]{3,}) (from|to|in|for|with|and|the|said|has|was)\b")


def _glue(rng: random.Random, text: str) -> tuple[str, int]:
    matches = list(_GLUE_CANDIDATE.finditer(text))
    if not matches:
        return text, 0
    m = rng.choice(matches)
    return text[: m.start()] + m.group(1) + m.group(2) + text[m.end() :], 1


def make_dump(
    corpus: list[dict[str, str]],
    seed: int,
    n: int = 40,
    subset: str | None = None,
    min_paragraphs: int = 2,
    title_rate: float = 0.6,
) -> GoldDump:
    """Build one dump of ``n`` articles drawn with ``seed``; ``subset`` is an id prefix ("vat"/"wns")."""
    rng = random.Random(seed)
    pool = [
        a
        for a in corpus
        if (subset is None or a["id"].startswith(subset)) and len(a["text"].split("\n")) >= min_paragraphs
    ]
    chosen = rng.sample(pool, min(n, len(pool)))
    if len(chosen) > 4 and rng.random() < 0.5:  # a near-duplicate later in the dump
        dup = dict(chosen[rng.randrange(len(chosen) // 2)])
        paras = dup["text"].split("\n")
        if len(paras) > 2:
            del paras[rng.randrange(1, len(paras))]
        dup["text"] = "\n".join(paras)
        chosen.insert(rng.randrange(len(chosen) // 2 + 2, len(chosen)), dup)
    gold = GoldDump(text="")
    out: list[str] = []

    def emit(text: str, kind: str) -> int:
        out.append(text)
        number = len(out)
        if kind == "clutter":
            gold.clutter.append(number)
        elif kind == "caption":
            gold.captions.append(number)
        elif kind == "title":
            gold.title_lines.append(number)
        else:
            gold.content.append(number)
        return number

    for index, article in enumerate(chosen):
        paras = [p.strip() for p in article["text"].split("\n") if p.strip()]
        if rng.random() < 0.5:
            paras = [s for p in paras for s in _sentences(p)]
        if rng.random() < 0.12:  # the story starts mid-quote, its lead cut away
            quoted = [i for i, p in enumerate(paras[1:6], 1) if p[:1] in '"“' and len(paras) - i >= 2]
            if quoted:
                paras = paras[quoted[0] :]
        if index and rng.random() < 0.3:
            for text, kind in _clutter_block(rng, corpus):
                emit(text, kind)
        if rng.random() < 0.1 and article.get("date"):
            emit(_long_date(article["date"]), "clutter")
        if rng.random() < title_rate:
            emit(article["title"], "title")
        if rng.random() < 0.15 and article.get("date"):
            paras[0] = f"{_long_date(article['date'])} — {paras[0]}"
        run_together = (
            index and rng.random() < 0.05 and out and len(gold.content) and gold.content[-1] == len(out)
        )
        for i, para in enumerate(paras):
            if rng.random() < 0.08:
                para, fused = _glue(rng, para)
                gold.glued += fused
            if i == 0 and run_together:
                out[-1] = out[-1] + " " + para
                gold.starts.append(len(out))
                gold.ids.append(article["id"])
                continue
            number = emit(para, "content")
            if i == 0:
                gold.starts.append(number)
                gold.ids.append(article["id"])
            if i < len(paras) - 1 and rng.random() < 0.1:
                for text, kind in _clutter_block(rng, corpus):
                    emit(text, kind)
    gold.text = "\n".join(out) + "\n"
    return gold


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _long_date(iso: str) -> str:
    import datetime

    d = datetime.date.fromisoformat(iso)
    return f"{d.strftime('%A')}, {_MONTHS[d.month - 1]} {d.day}, {d.year}"
