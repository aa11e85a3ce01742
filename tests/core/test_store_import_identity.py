"""Import skips only exact duplicates (issue 15.1): identity of quote selector, note and tags, never likeness."""

from __future__ import annotations

from reader.core.store.annotations import AnnotationStore
from reader.core.types import ImportedAnnotation

TEXT = "Armenia’s Prime Minister Nikol Pashinyan has claimed the evacuation was an act of ethnic cleansing."
ARTICLES = {"a1": TEXT}


def _hl(note: str, tags: tuple[str, ...] = ()) -> ImportedAnnotation:
    return ImportedAnnotation(
        kind="highlight", article_id="a1", exact="Nikol Pashinyan", start=25, end=40, note=note, tags=tags
    )


def _note(text: str) -> ImportedAnnotation:
    return ImportedAnnotation(kind="note", article_id="a1", note=text)


def test_an_article_note_contained_in_a_longer_one_is_not_a_duplicate(store: AnnotationStore) -> None:
    store.set_article_note("src", "a1", "note C10")
    report = store.import_annotations("src", [_note("note C1")], ARTICLES)
    assert (report.added, report.skipped) == (1, 0)
    note = store.article_note("src", "a1")
    assert note is not None and note.text == "note C10\n\nnote C1"
    again = store.import_annotations("src", [_note("note C1"), _note("note C10")], ARTICLES)
    assert (again.added, again.skipped) == (0, 2)  # each is one whole block now


def test_a_highlight_is_skipped_only_with_the_same_quote_note_and_tags(store: AnnotationStore) -> None:
    first = store.import_annotations("src", [_hl("note C10", ("war",))], ARTICLES)
    assert first.added == 1
    report = store.import_annotations(
        "src",
        [_hl("note C10", ("WAR",)), _hl("note C1", ("war",)), _hl("note C10", ("war", "people"))],
        ARTICLES,
    )
    assert (report.added, report.skipped) == (2, 1)
    assert sorted((h.note, h.tags) for h in store.highlights("src")) == [
        ("note C1", ("war",)),
        ("note C10", ("people", "war")),
        ("note C10", ("war",)),
    ]
