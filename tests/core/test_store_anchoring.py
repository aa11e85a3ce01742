"""Anchoring: quotes are found again after realistic edits, and never in unrelated text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.core.store.anchoring import locate, quote_selector
from reader.core.store.annotations import AnnotationStore

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-news.txt"
LINES = SAMPLE.read_text(encoding="utf-8").splitlines()


def test_quote_selector_takes_32_characters_of_context_each_side() -> None:
    text = "a" * 40 + "QUOTE" + "b" * 40
    exact, prefix, suffix = quote_selector(text, 40, 45)
    assert (exact, prefix, suffix) == ("QUOTE", "a" * 32, "b" * 32)
    assert quote_selector("xQUOTEy", 1, 6) == ("QUOTE", "x", "y")


def test_quote_selector_refuses_a_span_outside_the_text() -> None:
    with pytest.raises(ValueError):
        quote_selector("short", 2, 10)


def test_locate_keeps_an_unchanged_position_with_full_score() -> None:
    text = LINES[0]
    start = text.index("ethnic Armenians")
    exact, prefix, suffix = quote_selector(text, start, start + 16)
    assert locate(text, exact, prefix, suffix, hint=start) == (start, start + 16, 1.0)


def test_locate_picks_the_repeated_phrase_whose_context_matches() -> None:
    text = "\n".join(LINES[:12])
    second = text.index("Azerbaijan", text.index("Azerbaijan") + 1)
    exact, prefix, suffix = quote_selector(text, second, second + len("Azerbaijan"))
    found = locate("Inserted line.\n" + text, exact, prefix, suffix)
    assert found is not None
    assert found[:2] == (second + 15, second + 15 + len("Azerbaijan"))


def test_locate_lands_a_quote_whose_typo_was_fixed() -> None:
    old = LINES[1]
    start = old.index("fled to Armeniafrom")
    end = old.index(" region") + len(" region")
    exact, prefix, suffix = quote_selector(old, start, end)
    new = old.replace("Armeniafrom", "Armenia from")
    found = locate(new, exact, prefix, suffix, hint=start)
    assert found is not None
    assert new[found[0] : found[1]] == "fled to Armenia from the disputed region"


def test_locate_does_not_land_in_unrelated_text() -> None:
    old = LINES[9]
    start = old.index("Nikol Pashinyan")
    exact, prefix, suffix = quote_selector(old, start, start + 60)
    unrelated = "\n".join(LINES[20:40])
    assert locate(unrelated, exact, prefix, suffix) is None


def test_locate_does_not_land_a_short_quote_on_a_lookalike_word() -> None:
    exact, prefix, suffix = quote_selector("The grandmother died soon after the raid.", 4, 15)
    assert locate("A grandfather spoke at the ceremony about his life.", exact, prefix, suffix) is None


# -- the battery: realistic edits over the bundled sample -------------------------------------------


@dataclass
class Planted:
    """A highlight planted on one line of the original layout, and where it must land after edits."""

    key: tuple[str, int]  # (original article, line index in that article)
    start: int  # offsets inside the line
    end: int
    id: int = 0


def _layout() -> dict[str, list[str]]:
    lines = [ln for ln in LINES if ln.strip()]
    bounds = [(0, 10), (10, 20), (20, 30), (30, 40), (40, 50), (50, 60), (60, len(lines))]
    return {f"A{i}": lines[a:b] for i, (a, b) in enumerate(bounds)}


def _plant(layout: dict[str, list[str]]) -> list[Planted]:
    """Two word-aligned spans per long line, plus spans across the glued words the edits fix."""
    planted: list[Planted] = []
    for aid, lines in layout.items():
        for i, line in enumerate(lines):
            tokens = list(re.finditer(r"\S+", line))
            n = len(tokens)
            if n >= 6:
                planted.append(Planted((aid, i), tokens[1].start(), tokens[5].end()))
            if n >= 12:
                planted.append(Planted((aid, i), tokens[n // 2].start(), tokens[n // 2 + 3].end()))
            if n == 1 or 1 < n < 6:
                planted.append(Planted((aid, i), 0, len(line)))
    glued = ("fled to Armeniafrom the disputed region", "questions about Azerbaijan’splans for")
    for needle in (*glued, "because the winding mountain road"):
        for aid, lines in layout.items():
            for i, line in enumerate(lines):
                if needle in line:
                    s, e = line.index(needle), line.index(needle) + len(needle)
                    planted = [p for p in planted if p.key != (aid, i) or p.end <= s or p.start >= e]
                    planted.append(Planted((aid, i), s, e))
    return planted


Key = tuple[str, int]
#: per edited line: (position in the old line, characters inserted (>0) or deleted (<0))
Fixes = dict[Key, tuple[int, int]]


def _edit(layout: dict[str, list[str]]) -> tuple[dict[str, list[Key | str]], Fixes]:
    """The battery. New articles are lists of original line keys or literal new lines."""
    keys: dict[str, list[Key | str]] = {aid: [(aid, i) for i in range(len(ls))] for aid, ls in layout.items()}
    fixes: Fixes = {}
    # A0: clutter lines inserted above; two glued words repaired; one typo introduced (a deletion).
    keys["A0"] = ["Advertisement", "1:01", *keys["A0"]]
    for i, line in enumerate(layout["A0"]):
        for glued, at in (("Armeniafrom", len("Armenia")), ("Azerbaijan’splans", len("Azerbaijan’s"))):
            if glued in line:
                fixes[("A0", i)] = (line.index(glued) + at, +1)
        if "winding" in line:
            fixes[("A0", i)] = (line.index("winding") + 4, -1)  # windng
    # A1: paragraphs moved: the first three go to the end.
    keys["A1"] = keys["A1"][3:] + keys["A1"][:3]
    # A2: a new paragraph in the middle.
    keys["A2"] = [*keys["A2"][:5], "A correction was appended to this article on Tuesday.", *keys["A2"][5:]]
    # A3 deleted; its second half now closes A4 (re-segmentation).
    keys["A4"] = keys["A4"] + keys["A3"][5:]
    del keys["A3"]
    # A5: clutter between every paragraph.
    cluttered: list[Key | str] = []
    for k in keys["A5"]:
        cluttered += [k, "Please use Chrome browser for a more accessible video player", "3:25"]
    keys["A5"] = cluttered
    # A6: same text, new id.
    keys["A6-new"] = keys.pop("A6")
    return keys, fixes


def _new_line(layout: dict[str, list[str]], k: Key | str, fixes: Fixes) -> str:
    if isinstance(k, str):
        return k
    line = layout[k[0]][k[1]]
    if k in fixes:
        pos, delta = fixes[k]
        line = line[:pos] + " " + line[pos:] if delta > 0 else line[:pos] + line[pos - delta :]
    return line


def _shift(offset: int, fix: tuple[int, int] | None) -> int:
    if fix is None:
        return offset
    pos, delta = fix
    return offset + delta if offset > pos else offset


def _texts(layout: dict[str, list[str]]) -> dict[str, str]:
    return {aid: "\n".join(lines) for aid, lines in layout.items()}


def _line_start(lines: list[str], i: int) -> int:
    return sum(len(ln) + 1 for ln in lines[:i])


@pytest.fixture
def battery(tmp_path: Path) -> tuple[AnnotationStore, dict[str, list[str]], list[Planted]]:
    layout = _layout()
    texts = _texts(layout)
    planted = _plant(layout)
    store = AnnotationStore(tmp_path / "annotations.sqlite")
    for p in planted:
        aid, i = p.key
        base = _line_start(layout[aid], i)
        h = store.add_highlight("src", aid, texts[aid], base + p.start, base + p.end)
        p.id = h.id
    assert len({p.id for p in planted}) == len(planted) > 100
    return store, layout, planted


def test_reanchor_after_a_battery_of_edits_lands_99_percent_exactly(
    battery: tuple[AnnotationStore, dict[str, list[str]], list[Planted]],
) -> None:
    store, layout, planted = battery
    keys, fixes = _edit(layout)
    new_lines = {aid: [_new_line(layout, k, fixes) for k in ks] for aid, ks in keys.items()}
    report = store.reanchor("src", {aid: "\n".join(ls) for aid, ls in new_lines.items()})

    expected: dict[int, tuple[str, int, int] | None] = {}
    for p in planted:
        where = [(aid, j) for aid, ks in keys.items() for j, k in enumerate(ks) if k == p.key]
        if not where:
            expected[p.id] = None  # its line was deleted
            continue
        aid, j = where[0]
        base = _line_start(new_lines[aid], j)
        fix = fixes.get(p.key)
        expected[p.id] = (aid, base + _shift(p.start, fix), base + _shift(p.end, fix))

    got = {h.id: h for h in store.highlights("src")}
    assert len(got) == len(planted)
    placeable = [hid for hid, e in expected.items() if e is not None]
    landed = [
        hid for hid in placeable if (got[hid].article_id, got[hid].start, got[hid].end) == expected[hid]
    ]
    missed = [(got[h].exact, expected[h]) for h in placeable if h not in landed]
    assert len(landed) / len(placeable) >= 0.99, missed
    print(f"landed exactly: {len(landed)}/{len(placeable)}; {missed}")
    assert all(not got[h].orphan for h in landed)
    orphans = sorted(hid for hid, e in expected.items() if e is None)
    assert sorted(h.id for h in got.values() if h.orphan) == orphans
    assert len(orphans) >= 8
    # Orphans keep their text and last anchor.
    for hid in orphans:
        assert got[hid].article_id == "A3" and got[hid].exact
    assert report.orphaned == len(orphans)
    assert report.fuzzy >= 3  # the two repaired glue words and the typo
    assert report.moved >= 10  # A3's second half, and A6 under its new id
    assert report.total == len(planted)
    # The repaired quote now holds the repaired text.
    assert any(h.exact == "fled to Armenia from the disputed region" for h in got.values())


def test_a_later_reanchor_puts_orphans_back(
    battery: tuple[AnnotationStore, dict[str, list[str]], list[Planted]],
) -> None:
    store, layout, planted = battery
    before = {h.id: h for h in store.highlights("src")}
    texts = _texts(layout)
    without_a3 = {aid: t for aid, t in texts.items() if aid != "A3"}
    first = store.reanchor("src", without_a3)
    assert first.orphaned > 0
    assert len(store.highlights("src", include_orphans=False)) == len(planted) - first.orphaned
    second = store.reanchor("src", texts)
    assert second.orphaned == 0
    assert {h.id for h in store.highlights("src") if h.orphan} == set()
    after = {h.id: h for h in store.highlights("src")}
    for hid, h in before.items():
        assert (after[hid].article_id, after[hid].start, after[hid].end, after[hid].exact) == (
            h.article_id,
            h.start,
            h.end,
            h.exact,
        )
    assert second.changed == frozenset(hid for hid, h in before.items() if h.article_id == "A3")


def test_a_deleted_article_whose_text_is_nowhere_orphans_and_never_deletes(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path / "annotations.sqlite")
    text = LINES[34]
    h = store.add_highlight("src", "gone", text, 0, 30)
    store.set_highlight_note(h.id, "remember this")
    report = store.reanchor("src", {"other": LINES[60]})
    assert (report.exact, report.moved, report.fuzzy, report.orphaned) == (0, 0, 0, 1)
    kept = store.highlight(h.id)
    assert kept is not None and kept.orphan and kept.note == "remember this" and kept.exact == text[:30]
