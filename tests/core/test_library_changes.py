"""Every Library write says exactly what it changed (Anki's OpChanges), so the views decide
what to refresh from the write's own report and never from the action that caused it.

The library here is a private copy of the sample: reading state and corrections are written
to that source's own index and must not leak into other tests.
"""

from __future__ import annotations

from collections.abc import Iterator

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
