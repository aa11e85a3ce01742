"""Who was named in the paragraphs before a gap: the gap evidence that reads the story so far.

A story introduces its people in full and then calls them by surname; a new
story names new people, or names a known one in full again. Each gap asks
whether the names after it were seen just before it (NEAR paragraphs) or in
the story so far (FAR). Kept apart from :mod:`gaps` because it is the one
part of the evidence that walks the gaps in order, carrying state.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reader.core.ingest.segment.paragraphs import Para
from reader.core.ingest.segment.units import Unit
from reader.core.ingest.segment.vectors import features_of, stem_of

NEAR = 6  # paragraphs before a gap whose names count as "just seen"
FAR = 30  # paragraphs before a gap whose names count as "seen in this story"


class _Seen:
    """Is a key in any of a few sets? (The union, without building it.)"""

    def __init__(self, sets: list[frozenset[str]]) -> None:
        self.sets = sets

    def __contains__(self, key: str) -> bool:
        return any(key in keys for keys in self.sets)


_NEVER = -(10**9)  # the paragraph a key not seen yet was last seen in


def window_evidence(
    units: Sequence[Unit],
    paras: Sequence[Para],
    full_stems: Sequence[list[str]],
    acronyms: Sequence[list[str]],
    heading: Sequence[bool],
) -> dict[str, list[float]]:
    """The evidence that asks who was named in the paragraphs before a gap: one column per name.

    "Named just before the gap" (the NEAR paragraphs above it) and "named in
    the story so far" (FAR) are asked as "last named at or after paragraph
    g - NEAR": each kind of name keeps the last paragraph it was seen in, set
    as the gap moves down the run (a dictionary update in C), with nothing to
    count out of a window. ``full_stems``: the surnames' stems of the full
    names in each lead sentence after a gap.
    """
    n = len(units)
    name_at: dict[str, int] = {}  # "N:" keys
    surname_at: dict[str, int] = {}
    full_at: dict[str, int] = {}
    name_get, surname_get, full_get = name_at.get, surname_at.get, full_at.get
    columns = (
        "novelty",
        "far_novelty",
        "acronym_new",
        "new_full_name",
        "callback",
        "reintro",
        "introduced",
        "callbacks",
        "intros",
        "heading_back",
        "h_names_back",
    )
    out: dict[str, list[float]] = {k: [0.0] * (n - 1) for k in columns}
    novelty, far_novelty, acronym_new = out["novelty"], out["far_novelty"], out["acronym_new"]
    new_full, callback, reintro, introduced = (
        out["new_full_name"],
        out["callback"],
        out["reintro"],
        out["introduced"],
    )
    callbacks, intros = out["callbacks"], out["intros"]
    for g in range(1, n):
        k = g - 1  # this gap's row
        prev = paras[k]
        if prev.names:
            name_at.update(dict.fromkeys(prev.names, k))
        if prev.surnames:
            surname_at.update(dict.fromkeys(prev.surnames, k))
        if prev.fulls:
            full_at.update(dict.fromkeys(prev.fulls, k))
        near, far = g - NEAR, g - FAR  # seen in a paragraph at or after these: seen recently
        para = paras[g]
        names_here = para.names | paras[g + 1].names if g + 1 < n else para.names
        if names_here:
            seen = [name_get(x, _NEVER) for x in names_here]
            novelty[k] = sum(1 for p in seen if p < near) / len(seen)
            far_novelty[k] = sum(1 for p in seen if p < far) / len(seen)
        else:
            novelty[k] = far_novelty[k] = 0.5
        if full_stems[k]:
            # Every word of the last NEAR paragraphs, asked about only a few times per gap: the sets are
            # searched in place rather than counted in and out of a running total of ~50 words a paragraph.
            near_keys = _Seen([p.keys for p in paras[max(0, near) : g]])
            new_full[k] = float(any(s not in near_keys for s in full_stems[k]))
        if acronyms[k]:
            # An acronym is defined at its first mention: defined here and unseen before, a story starts.
            acronym_new[k] = float(any(name_get("N:" + stem_of(a), _NEVER) < far for a in acronyms[k]))
        if para.singles:
            # A surname used alone that an earlier paragraph introduced in full ("Joe Biden" ... "Biden said").
            callback[k] = float(any(surname_get(s, _NEVER) >= far for s in para.singles))
        if para.lead_fulls:
            # A person the story so far calls by surname, named in full again in a lead: stories
            # introduce people in full once, so a second introduction is a new story on the same subject.
            reintro[k] = float(
                any(
                    full_get(f, _NEVER) < near
                    and (
                        surname_get(f.split("|")[1], _NEVER) >= far
                        or name_get("N:" + f.split("|")[1], _NEVER) >= far
                    )
                    for f in para.lead_fulls
                )
            )
        if para.intro:
            # A full name introduced in the lead whose surname then recurs alone: how stories present people.
            later = paras[g + 1 : g + 4]
            introduced[k] = float(
                any(
                    surname_get(s, _NEVER) < far
                    and name_get("N:" + s, _NEVER) < far
                    and any(s in q.singles or "N:" + s in q.names for q in later)
                    for s in para.intro
                )
            )
        # People named before the gap, now called by surname alone ("John Smith" ... "Smith said"):
        # a story going on. Names given in full and never seen before: a story introducing its people.
        refs = para.refs | (paras[g + 1].refs - para.surnames) if g + 1 < n else para.refs
        if refs:
            callbacks[k] = min(3, sum(1 for s in refs if surname_get(s, _NEVER) >= far)) / 3
        if para.surnames:
            intros[k] = (
                min(
                    3,
                    sum(
                        1
                        for s in para.surnames
                        if surname_get(s, _NEVER) < far and name_get("N:" + s, _NEVER) < far
                    ),
                )
                / 3
            )
        if heading[k]:
            bag = features_of(units[g].headings[-1].text)
            # A subhead continues its story: it echoes the paragraphs above.
            out["heading_back"][k] = _seen_share(bag, _Seen([p.keys for p in paras[max(0, near) : g]]))
            names = [x for x in bag if x.startswith("N:")]
            out["h_names_back"][k] = (
                sum(1 for x in names if name_get(x, _NEVER) >= near) / len(names) if names else 0.0
            )
    return out


def _seen_share(heading: Counter[str], seen: _Seen) -> float:
    """Share of a headline's content words (its bag) already used by the paragraphs just above it."""
    words = [k for k in heading if not k.startswith("N:")]
    return sum(1 for k in words if k in seen) / len(words) if words else 0.0
