"""What the notes panel asks of the store: filtered highlights, orphans, and re-attaching them."""

from __future__ import annotations

import pytest

from reader.core.errors import StorageError
from reader.core.store.annotations import AnnotationStore
from reader.core.types import Highlight

TEXT = (
    "A mass exodus of ethnic Armenians from Nagorno-Karabakh has virtually emptied the breakaway "
    "territory after Azerbaijan took back control in a military operation. ÉVACUATION was total."
)
LOST = "Rafah crossing stays closed, officials in Cairo said."
MOVED = "Officials said: Azerbaijan took back control in a military operation, and the exodus began."


def span(word: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


@pytest.fixture
def panel(store: AnnotationStore) -> dict[str, int]:
    """Five highlights over three articles and two sources; the one in a3 is orphaned by a rewrite."""
    ids = {}
    h = store.add_highlight("src", "a1", TEXT, *span("ethnic Armenians"), color=2)
    store.set_highlight_tags(h.id, ["people", "War"])
    store.set_highlight_note(h.id, "Who left — check UNHCR figures")
    ids["armenians"] = h.id
    h = store.add_highlight("src", "a1", TEXT, *span("Azerbaijan"), color=3)
    store.set_highlight_tags(h.id, ["war"])
    ids["azerbaijan"] = h.id
    h = store.add_highlight("src", "a2", TEXT, *span("ÉVACUATION"), color=2)
    store.set_highlight_note(h.id, "Straße closed")
    ids["evacuation"] = h.id
    h = store.add_highlight("src", "a3", LOST, *span("Rafah crossing", LOST), color=3)
    store.set_highlight_tags(h.id, ["war"])
    ids["orphan"] = h.id
    store.reanchor("src", {"a1": TEXT, "a2": TEXT, "a3": "This article was rewritten entirely."})
    ids["other"] = store.add_highlight("other", "a1", TEXT, *span("ethnic Armenians"), color=2).id
    return ids


def ids(highlights: list[Highlight]) -> list[int]:
    return [h.id for h in highlights]


def test_without_filters_the_listing_is_unchanged(store: AnnotationStore, panel: dict[str, int]) -> None:
    assert ids(store.highlights("src")) == [
        panel["armenians"],
        panel["azerbaijan"],
        panel["evacuation"],
        panel["orphan"],
    ]
    assert ids(store.highlights("src", "a1")) == [panel["armenians"], panel["azerbaijan"]]
    assert ids(store.highlights("src", include_orphans=False)) == [
        panel["armenians"],
        panel["azerbaijan"],
        panel["evacuation"],
    ]


def test_filter_by_colour(store: AnnotationStore, panel: dict[str, int]) -> None:
    assert ids(store.highlights("src", color=2)) == [panel["armenians"], panel["evacuation"]]
    assert ids(store.highlights("src", color=3)) == [panel["azerbaijan"], panel["orphan"]]
    assert ids(store.highlights("src", color=3, include_orphans=False)) == [panel["azerbaijan"]]
    assert store.highlights("src", color=5) == []


def test_filter_by_tag_is_case_insensitive_and_keeps_every_tag_of_a_match(
    store: AnnotationStore, panel: dict[str, int]
) -> None:
    war = store.highlights("src", tag="WAR")
    assert ids(war) == [panel["armenians"], panel["azerbaijan"], panel["orphan"]]
    assert war[0].tags == ("people", "War")  # the filter does not trim the tags shown
    assert ids(store.highlights("src", tag="#people")) == [panel["armenians"]]
    assert store.highlights("src", tag="peace") == []
    assert len(store.highlights("src", tag="  ")) == 4  # a blank tag filters nothing


def test_filter_by_text_matches_quote_or_note_ignoring_case(
    store: AnnotationStore, panel: dict[str, int]
) -> None:
    assert ids(store.highlights("src", text="armenians")) == [panel["armenians"]]  # in the quote
    assert ids(store.highlights("src", text="unhcr")) == [panel["armenians"]]  # in the note
    assert ids(store.highlights("src", text="évacuation")) == [panel["evacuation"]]  # beyond ASCII
    assert ids(store.highlights("src", text="STRASSE")) == [panel["evacuation"]]  # full case folding
    assert ids(store.highlights("src", text="%")) == []  # no LIKE wildcards
    assert len(store.highlights("src", text="")) == 4


def test_filters_combine_with_each_other_and_with_the_article(
    store: AnnotationStore, panel: dict[str, int]
) -> None:
    assert ids(store.highlights("src", "a1", color=3, tag="war", text="azer")) == [panel["azerbaijan"]]
    assert store.highlights("src", "a2", tag="war") == []
    assert ids(store.highlights("other", tag=None, color=2, text="ethnic")) == [panel["other"]]


def test_orphans_lists_only_unplaced_highlights_of_the_source(
    store: AnnotationStore, panel: dict[str, int]
) -> None:
    [orphan] = store.orphans("src")
    assert (orphan.id, orphan.exact, orphan.tags, orphan.orphan) == (
        panel["orphan"],
        "Rafah crossing",
        ("war",),
        True,
    )
    assert store.orphans("other") == []


def test_reattach_places_an_orphan_on_the_chosen_span_with_fresh_context(
    store: AnnotationStore, panel: dict[str, int]
) -> None:
    s, e = span("military operation", MOVED)
    placed = store.reattach(panel["orphan"], "a4", MOVED, s, e)
    assert (placed.id, placed.article_id, placed.start, placed.end) == (panel["orphan"], "a4", s, e)
    assert (placed.exact, placed.prefix, placed.suffix) == (
        "military operation",
        MOVED[s - 32 : s],
        MOVED[e:],
    )
    assert placed.orphan is False and placed.tags == ("war",) and placed.color == 3
    assert store.orphans("src") == []
    assert store.highlight(panel["orphan"]) == placed
    # the next rebuild keeps it where the user put it
    report = store.reanchor("src", {"a1": TEXT, "a2": TEXT, "a4": MOVED})
    assert report.orphaned == 0 and store.highlight(panel["orphan"]) == placed


def test_reattach_may_choose_a_different_passage(store: AnnotationStore, panel: dict[str, int]) -> None:
    placed = store.reattach(panel["orphan"], "a4", MOVED, *span("the exodus began", MOVED))
    assert placed.exact == "the exodus began" and placed.suffix == "."


def test_reattach_over_an_existing_highlight_merges_into_the_older(
    store: AnnotationStore, panel: dict[str, int]
) -> None:
    store.set_highlight_note(panel["orphan"], "was orphaned")
    s, _ = span("Azerbaijan")
    _, e = span("took back")
    merged = store.reattach(panel["orphan"], "a1", TEXT, s, e)
    assert merged.id == panel["azerbaijan"]  # the older id survives
    assert merged.exact == "Azerbaijan took back" and merged.color == 3
    assert merged.note == "was orphaned" and merged.tags == ("war",)
    assert store.highlight(panel["orphan"]) is None
    assert store.orphans("src") == []


def test_reattach_refuses_bad_spans_and_missing_highlights(
    store: AnnotationStore, panel: dict[str, int]
) -> None:
    with pytest.raises(ValueError):
        store.reattach(panel["orphan"], "a4", MOVED, 5, 5)
    with pytest.raises(ValueError):
        store.reattach(panel["orphan"], "a4", MOVED, 0, len(MOVED) + 1)
    store.remove_highlight(panel["azerbaijan"])
    with pytest.raises(StorageError, match="no longer exists"):
        store.reattach(panel["azerbaijan"], "a1", TEXT, 0, 5)
    assert [h.id for h in store.orphans("src")] == [panel["orphan"]]
