"""Name evidence asked as "last seen at or after paragraph g - NEAR" equals counting the names of the
paragraphs in the window itself (the plain form, written out here)."""

from __future__ import annotations

import random

from reader.core.ingest.segment.names import FAR, NEAR, window_evidence
from reader.core.ingest.segment.paragraphs import read_paragraph
from reader.core.ingest.segment.units import Unit

PEOPLE = ["Maria Calloway", "Daniel Okafor", "Joe Biden", "Ana Pereira", "Tom Hughes", "Lena Park"]
PLACES = ["Ohio", "Portland", "Lagos", "Berlin"]


def _paragraph(rng: random.Random) -> str:
    def full() -> str:
        return rng.choice(PEOPLE)

    def surname() -> str:
        return rng.choice(PEOPLE).split()[1]

    parts = [
        f"Officials said {full()} visited {rng.choice(PLACES)} on a long trip.",
        f"The council said {surname()} would speak to the press later.",
        f"{surname()} said the plan was sound and the budget was agreed.",
        "Officials said the weather was poor and the roads were closed.",
    ]
    return " ".join(rng.sample(parts, rng.randint(1, 3)))


def test_names_seen_recently_are_the_names_of_the_window_above() -> None:
    rng = random.Random(11)
    units = [Unit(i, _paragraph(rng)) for i in range(FAR * 3)]
    paras = [read_paragraph(u.text) for u in units]
    n = len(units)
    got = window_evidence(
        units, paras, [[] for _ in range(n - 1)], [[] for _ in range(n - 1)], [False] * (n - 1)
    )
    for g in range(1, n):
        near_names = set().union(*(p.names for p in paras[max(0, g - NEAR) : g]))
        near_fulls = set().union(*(p.fulls for p in paras[max(0, g - NEAR) : g]))
        far_names = set().union(*(p.names for p in paras[max(0, g - FAR) : g]))
        far_surnames = set().union(*(p.surnames for p in paras[max(0, g - FAR) : g]))
        para = paras[g]
        here = para.names | paras[g + 1].names if g + 1 < n else para.names
        refs = para.refs | (paras[g + 1].refs - para.surnames) if g + 1 < n else para.refs
        want = {
            "novelty": sum(k not in near_names for k in here) / len(here) if here else 0.5,
            "far_novelty": sum(k not in far_names for k in here) / len(here) if here else 0.5,
            "callback": float(any(s in far_surnames for s in para.singles)),
            "reintro": float(
                any(
                    k not in near_fulls
                    and (k.split("|")[1] in far_surnames or "N:" + k.split("|")[1] in far_names)
                    for k in para.lead_fulls
                )
            ),
            "introduced": float(
                any(
                    s not in far_surnames
                    and "N:" + s not in far_names
                    and any(s in q.singles or "N:" + s in q.names for q in paras[g + 1 : g + 4])
                    for s in para.intro
                )
            ),
            "callbacks": min(3, sum(s in far_surnames for s in refs)) / 3,
            "intros": min(3, sum(s not in far_surnames and "N:" + s not in far_names for s in para.surnames))
            / 3,
        }
        assert {k: got[k][g - 1] for k in want} == want, g
    for k in ("callback", "reintro", "introduced", "callbacks", "intros"):  # each case is met, both ways
        assert 0 < sum(v > 0 for v in got[k]) < n - 1, k
