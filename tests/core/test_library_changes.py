"""Every Library write says exactly what it changed (Anki's OpChanges), so the views decide
what to refresh from the write's own report and never from the action that caused it.

The library here is a private copy of the sample: reading state and corrections are written
to that source's own index and must not leak into other tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.library import Library, open_library
from reader.core.store.annotations import AnnotationStore
from reader.core.types import Changes, SavedSearch, Written
from tests.conftest import SAMPLE

EXODUS, GAZA, IDF, UKRAINE = "748f142a6802", "a87e5955f278", "a8d8f313a53e", "b47fea6bc378"


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    folder = tmp_path_factory.mktemp("changes")
    source = folder / "own.txt"
    source.write_bytes(SAMPLE.read_bytes())
    store = AnnotationStore(folder / "annotations.sqlite")
    library = open_library(source, annotations=store)
    assert {s.id for s in library.articles()} == {EXODUS, GAZA, IDF, UKRAINE}
    yield library
    library.close()
    store.close()


def _ids(*values: str) -> frozenset[str]:
    return frozenset(values)


def test_a_new_highlight_reports_itself_and_its_article(lib: Library) -> None:
    done = lib.add_highlight(EXODUS, 0, 10, color=2)
    assert isinstance(done, Written) and done.value.exact == lib.article(EXODUS).text[:10]  # type: ignore[union-attr]
    assert done.changes == Changes(articles=_ids(EXODUS), highlights=frozenset({done.value.id}))


def test_a_highlight_that_merges_others_reports_the_ids_that_merged_away(lib: Library) -> None:
    first = lib.add_highlight(GAZA, 0, 10).value
    second = lib.add_highlight(GAZA, 20, 30).value
    merged = lib.add_highlight(GAZA, 5, 25)
    assert merged.value.id == first.id  # overlapping highlights merge into the oldest
    assert merged.changes == Changes(articles=_ids(GAZA), highlights=frozenset({first.id, second.id}))
    assert [h.id for h in lib.highlights(GAZA)] == [first.id]


def test_colour_note_and_tags_each_report_the_highlight_and_its_article(lib: Library) -> None:
    hl = lib.add_highlight(IDF, 0, 12).value
    expected = Changes(articles=_ids(IDF), highlights=frozenset({hl.id}))
    for done in (
        lib.set_highlight_color(hl.id, 4),
        lib.set_highlight_note(hl.id, "check the date"),
        lib.set_highlight_tags(hl.id, ["army"]),
    ):
        assert done.changes == expected
    assert (done.value.color, done.value.note, done.value.tags) == (4, "check the date", ("army",))


def test_removing_a_highlight_reports_it(lib: Library) -> None:
    hl = lib.add_highlight(IDF, 40, 50).value
    assert lib.remove_highlight(hl.id) == Changes(articles=_ids(IDF), highlights=frozenset({hl.id}))


def test_placing_a_highlight_in_another_article_reports_both_articles(lib: Library) -> None:
    hl = lib.add_highlight(UKRAINE, 0, 8).value
    placed = lib.reattach(hl.id, EXODUS, 100, 120)
    assert placed.value.article_id == EXODUS
    assert placed.changes == Changes(articles=_ids(UKRAINE, EXODUS), highlights=frozenset({hl.id}))


def test_an_article_note_reports_the_article_and_its_note(lib: Library) -> None:
    done = lib.set_article_note(UKRAINE, "follow the Kursk story")
    assert done.value.text == "follow the Kursk story"
    assert done.changes == Changes(articles=_ids(UKRAINE), notes=_ids(UKRAINE))


def test_read_and_star_report_states_only_not_a_content_change(lib: Library) -> None:
    assert lib.set_state(GAZA, read=True) == Changes(states=_ids(GAZA))
    assert lib.set_state(GAZA, starred=True) == Changes(states=_ids(GAZA))
    assert lib.states()[GAZA] == (True, True)


def test_a_rename_reports_both_names_and_the_articles_it_reindexed(lib: Library) -> None:
    done = lib.correct_entity("rename", "Hamas", "Harakat Hamas")
    assert (done.value.kind, done.value.name, done.value.target) == ("rename", "Hamas", "Harakat Hamas")
    assert done.changes == Changes(articles=_ids(GAZA), entities=_ids("Hamas", "Harakat Hamas"))


def test_a_merge_and_its_split_report_both_entities_and_every_article_of_either(lib: Library) -> None:
    merged = lib.correct_entity("merge", "Israeli", "Israel")
    assert merged.changes == Changes(articles=_ids(IDF, GAZA), entities=_ids("Israeli", "Israel"))
    assert set(lib.articles_with_entity("Israel")) == {IDF, GAZA}
    split = lib.correct_entity("split", "Israeli")  # takes it back out of Israel: both rows change
    assert split.changes == Changes(articles=_ids(IDF, GAZA), entities=_ids("Israeli", "Israel"))
    assert lib.articles_with_entity("Israel") == [GAZA]


def test_saving_and_forgetting_a_search_report_the_saved_list(lib: Library) -> None:
    saved = lib.save_search("Talks", "ceasefire AND Doha")
    assert (saved.value, saved.changes) == (
        SavedSearch("Talks", "ceasefire AND Doha", saved.value.created),
        Changes(saved_searches=True),
    )
    assert lib.delete_search("Talks") == Changes(saved_searches=True)
    assert lib.delete_search("Talks") == Changes()  # unknown now: nothing changed


def test_position_and_session_change_nothing_a_view_shows(lib: Library) -> None:
    assert lib.set_position(EXODUS, 3) == Changes()
    assert lib.set_session("last_article", EXODUS) == Changes()
    assert not Changes() and Changes(saved_searches=True) and Changes(states=_ids(GAZA))


@pytest.fixture
def own(lib: Library, tmp_path: Path) -> Iterator[Library]:
    """The same build with an empty notes store of its own, for the bulk writes whose
    reports count every highlight of the source."""
    store = AnnotationStore(tmp_path / "own.sqlite")
    library = Library(lib.source, lib.build_dir, store, reanchor=False)
    yield library
    library.close()
    store.close()


def _text(lib: Library, article_id: str) -> str:
    article = lib.article(article_id)
    assert article is not None
    return article.text


def test_reanchoring_reports_the_highlights_it_placed_and_the_articles_they_left_and_reached(
    own: Library,
) -> None:
    stays = own.add_highlight(IDF, 0, 12).value
    back = own.add_highlight(EXODUS, 2, 13).value
    moved = own.add_highlight(UKRAINE, 0, 20).value
    # As if the source had changed: EXODUS lost its text (its highlight an orphan), and
    # UKRAINE's quote now stands only in GAZA (the highlight moved there).
    own._annotations.reanchor(own.key, {IDF: _text(own, IDF), GAZA: _text(own, UKRAINE)})
    assert {h.id: (h.article_id, h.orphan) for h in own.highlights()} == {
        stays.id: (IDF, False),
        back.id: (EXODUS, True),
        moved.id: (GAZA, False),
    }
    done = own.reanchor()  # the real texts again: both come home, the IDF one never moved
    assert (done.value.exact, done.value.moved, done.value.fuzzy, done.value.orphaned) == (2, 1, 0, 0)
    assert done.changes == Changes(
        articles=_ids(EXODUS, GAZA, UKRAINE), highlights=frozenset({back.id, moved.id})
    )
    again = own.reanchor()
    assert again.value.changed == frozenset() and again.changes == Changes()


def test_reanchoring_without_highlights_reports_nothing(own: Library) -> None:
    done = own.reanchor()
    assert (done.value.total, done.changes) == (0, Changes())


def test_an_import_reports_the_highlights_and_notes_it_added_and_nothing_for_duplicates(
    own: Library, tmp_path: Path
) -> None:
    first = own.add_highlight(EXODUS, 0, 10).value
    second = own.add_highlight(GAZA, 5, 25).value
    own.set_article_note(IDF, "check the date")
    path = tmp_path / "notes.json"
    path.write_text(own.export("json"), encoding="utf-8")
    store = AnnotationStore(tmp_path / "fresh.sqlite")
    fresh = Library(own.source, own.build_dir, store, reanchor=False)
    try:
        done = fresh.import_file(path)
        assert (done.value.added, done.value.skipped, done.value.orphaned) == (3, 0, 0)
        assert done.changes == Changes(
            articles=_ids(EXODUS, GAZA, IDF), highlights=frozenset({first.id, second.id}), notes=_ids(IDF)
        )
        assert [h.id for h in fresh.search("check the date").hits] == [IDF]  # the imported note is searchable
        again = fresh.import_file(path)
        assert (again.value.added, again.value.skipped, again.changes) == (0, 3, Changes())
    finally:
        fresh.close()
        store.close()


def test_an_imported_highlight_that_finds_no_place_is_reported_as_an_orphan(
    own: Library, tmp_path: Path
) -> None:
    hl = own.add_highlight(UKRAINE, 0, 20).value
    data = json.loads(own.export("json"))
    data[0]["target"]["selector"] = [
        s | {"exact": "words that stand in no article"} if s.get("type") == "TextQuoteSelector" else s
        for s in data[0]["target"]["selector"]
    ]
    path = tmp_path / "lost.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    own.remove_highlight(hl.id)
    done = own.import_file(path)
    assert (done.value.added, done.value.orphaned) == (0, 1)
    [orphan] = own.orphans()  # a new id: the removed highlight still holds its own (soft delete)
    assert orphan.exact == "words that stand in no article"
    assert done.changes == Changes(articles=_ids(UKRAINE), highlights=frozenset({orphan.id}))
