"""Highlights, notes, tags and state: what the reader pane writes, and merge-on-overlap."""

from __future__ import annotations

import pytest

from reader.core.errors import StorageError
from reader.core.store.annotations import AnnotationStore

TEXT = (
    "A mass exodus of ethnic Armenians from Nagorno-Karabakh has virtually emptied the breakaway "
    "territory after Azerbaijan took back control in a military operation."
)


def span(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def test_a_highlight_keeps_its_quote_with_32_characters_of_context(store: AnnotationStore) -> None:
    s, e = span("Nagorno-Karabakh")
    h = store.add_highlight("src", "a1", TEXT, s, e, color=2)
    assert (h.article_id, h.start, h.end, h.exact, h.color) == ("a1", s, e, "Nagorno-Karabakh", 2)
    assert h.prefix == TEXT[s - 32 : s] and h.suffix == TEXT[e : e + 32]
    assert h.created == h.updated and h.created.endswith("Z")
    assert (h.note, h.tags, h.orphan) == ("", (), False)
    assert store.highlight(h.id) == h


def test_overlapping_highlights_merge_into_the_older_one_keeping_both_notes(store: AnnotationStore) -> None:
    first = store.add_highlight("src", "a1", TEXT, *span("ethnic Armenians"))
    store.set_highlight_note(first.id, "who left")
    store.set_highlight_tags(first.id, ["exodus"])
    second = store.add_highlight("src", "a1", TEXT, *span("Nagorno-Karabakh has"), color=4)
    store.set_highlight_note(second.id, "unrelated?")  # not merged yet: no overlap
    assert second.id != first.id
    third = store.add_highlight("src", "a1", TEXT, *span("Armenians from Nagorno"))
    assert third.id == first.id  # the oldest id survives
    assert third.exact == "ethnic Armenians from Nagorno-Karabakh has"
    assert third.note == "who left\n\nunrelated?"
    assert third.color == 1  # the older highlight's colour
    assert third.tags == ("exodus",)
    assert [h.id for h in store.highlights("src")] == [first.id]
    assert store.highlight(second.id) is None


def test_highlighting_the_same_span_twice_never_duplicates(store: AnnotationStore) -> None:
    a = store.add_highlight("src", "a1", TEXT, *span("Azerbaijan"))
    b = store.add_highlight("src", "a1", TEXT, *span("Azerbaijan"))
    assert a.id == b.id and len(store.highlights("src")) == 1


def test_touching_highlights_and_other_articles_or_sources_do_not_merge(store: AnnotationStore) -> None:
    s, e = span("virtually emptied")
    store.add_highlight("src", "a1", TEXT, s, s + 9)
    store.add_highlight("src", "a1", TEXT, s + 9, e)
    store.add_highlight("src", "a2", TEXT, s, e)
    store.add_highlight("other", "a1", TEXT, s, e)
    assert len(store.highlights("src")) == 3
    assert len(store.highlights("src", "a1")) == 2
    assert len(store.highlights("other")) == 1


def test_highlights_are_ordered_by_article_then_start(store: AnnotationStore) -> None:
    store.add_highlight("src", "b", TEXT, 0, 5)
    store.add_highlight("src", "a", TEXT, 50, 55)
    store.add_highlight("src", "a", TEXT, 10, 15)
    assert [(h.article_id, h.start) for h in store.highlights("src")] == [("a", 10), ("a", 50), ("b", 0)]


def test_note_colour_and_tags_are_updated_with_a_new_timestamp(store: AnnotationStore) -> None:
    h = store.add_highlight("src", "a1", TEXT, *span("military operation"))
    h2 = store.set_highlight_note(h.id, "Sept 2023")
    assert h2.note == "Sept 2023" and h2.updated >= h.updated
    assert store.set_highlight_color(h.id, 5).color == 5
    tagged = store.set_highlight_tags(h.id, ["#War", "war", "  south caucasus ", ""])
    assert tagged.tags == ("south-caucasus", "War")
    assert store.all_tags("src") == ["south-caucasus", "War"]
    assert store.set_highlight_tags(h.id, []).tags == ()
    assert store.all_tags("src") == []


def test_bad_colours_and_spans_are_refused(store: AnnotationStore) -> None:
    with pytest.raises(ValueError):
        store.add_highlight("src", "a1", TEXT, 5, 5)
    with pytest.raises(ValueError):
        store.add_highlight("src", "a1", TEXT, 0, len(TEXT) + 1)
    h = store.add_highlight("src", "a1", TEXT, 0, 4)
    with pytest.raises(ValueError):
        store.set_highlight_color(h.id, 6)


def test_a_removed_highlight_is_not_listed_and_cannot_be_edited(store: AnnotationStore) -> None:
    h = store.add_highlight("src", "a1", TEXT, *span("Azerbaijan"))
    store.set_highlight_tags(h.id, ["gone"])
    store.remove_highlight(h.id)
    assert store.highlights("src") == [] and store.highlight(h.id) is None
    assert store.all_tags("src") == []
    with pytest.raises(StorageError, match=f"Highlight {h.id} no longer exists"):
        store.set_highlight_note(h.id, "late")
    with pytest.raises(StorageError):
        store.remove_highlight(h.id)


def test_article_notes_are_saved_replaced_and_deleted_by_blank_text(store: AnnotationStore) -> None:
    assert store.article_note("src", "a1") is None
    n = store.set_article_note("src", "a1", "first")
    assert n.text == "first" and n.updated.endswith("Z")
    store.set_article_note("src", "a1", "second")
    store.set_article_note("src", "a0", "zero")
    assert [(x.article_id, x.text) for x in store.article_notes("src")] == [("a0", "zero"), ("a1", "second")]
    assert store.set_article_note("src", "a1", "   ").text == ""
    assert store.article_note("src", "a1") is None
    assert store.article_notes("other") == []


def test_read_and_starred_state_changes_only_what_is_given(store: AnnotationStore) -> None:
    store.set_state("src", "a1", read=True)
    store.set_state("src", "a1", starred=True)
    store.set_state("src", "a2", starred=True)
    store.set_state("src", "a1", read=False)
    store.set_state("src", "a3")
    assert store.states("src") == {"a1": (False, True), "a2": (False, True)}
    assert store.states("other") == {}


def test_an_overlap_with_an_orphan_does_not_merge(store: AnnotationStore) -> None:
    h = store.add_highlight("src", "a1", TEXT, *span("Azerbaijan"))
    store.reanchor("src", {"a1": "Completely different text now."})
    assert store.highlight(h.id).orphan  # type: ignore[union-attr]
    new = store.add_highlight("src", "a1", TEXT, *span("Azerbaijan"))
    assert new.id != h.id and not new.orphan
    assert len(store.highlights("src")) == 2
    assert len(store.highlights("src", include_orphans=False)) == 1
