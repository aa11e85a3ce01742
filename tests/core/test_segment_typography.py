"""Gap evidence from typography: two stories typed by different hands (curly or straight marks) meet at a gap."""

from __future__ import annotations

from reader.core.ingest.clean import clean_lines
from reader.core.ingest.segment import gaps, units
from reader.core.ingest.segment.paragraphs import typing_marks

CURLY = [
    "The council’s vote on the harbour plan was delayed on Monday after a “long and bitter” debate.",
    "Members said they’d return to the plan in the spring — once the budget is known.",
    "The mayor’s office called the delay “a setback” for the city.",
]
STRAIGHT = [
    "Residents of the harbour district say the council's plan would double their rents.",
    'One tenant called it "a disaster" for families -- and said she\'d fight it.',
    "The council's next meeting is on Thursday...",
]


def _features(lines: list[str]) -> list[tuple[int, dict[str, float]]]:
    kept, _ = clean_lines(enumerate(lines, 1))
    paras, _ = units.make_units(kept)
    analysis = gaps.analyse_gaps(paras)
    return [(paras[f.index].line, f.x) for f in analysis.features]


def test_each_mark_is_read_in_the_one_style_a_paragraph_uses() -> None:
    texts = [
        CURLY[0],  # curly apostrophe and quotation marks, no dash, no ellipsis
        STRAIGHT[1],  # straight apostrophe and quotation marks, a double-hyphen dash
        "He said “it's fine” and she said it’s not.",  # both apostrophes: says nothing of them
        "Plain text with no marks at all.",
    ]
    styles = [list(typing_marks(t)) for t in texts]
    assert styles == [[1, 1, 0, 0], [2, 2, 3, 0], [0, 1, 0, 0], [0, 0, 0, 0]]


def test_a_change_of_typing_habit_at_a_gap_is_counted_per_mark() -> None:
    by_line = dict(_features(CURLY + STRAIGHT))
    # Between the stories: the apostrophe, the quotation marks, the dash (— against --) and the
    # ellipsis (none before, "..." after: nothing to compare) -> three marks change.
    assert by_line[4]["typo_shift"] == 3.0
    assert by_line[4]["typo_agree"] == 0.0
    # Inside each story the same marks keep their style.
    assert by_line[2]["typo_shift"] == 0.0
    assert by_line[2]["typo_agree"] == 2.0  # apostrophe and quotation marks (no dash in line 1)
    assert by_line[6]["typo_shift"] == 0.0
    assert by_line[6]["typo_agree"] == 1.0  # the apostrophe; line 6 has no quotation mark or dash
    # A mark the new story has not used yet is compared where it first uses it: line 4 has no
    # quotation mark or dash, so those two change again at line 5 (the apostrophe agrees there).
    assert (by_line[5]["typo_shift"], by_line[5]["typo_agree"]) == (2.0, 1.0)


def test_text_typed_one_way_throughout_says_nothing_of_a_change() -> None:
    retyped = [
        line.replace("’", "'").replace("“", '"').replace("”", '"').replace("—", "--") for line in CURLY
    ]
    straight = retyped + STRAIGHT
    assert all(x["typo_shift"] == 0.0 for _, x in _features(straight))
