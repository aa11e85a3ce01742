"""The Library facade: where the catalog, the index and the annotations meet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.library import Library, open_library
from reader.core.store.annotations import AnnotationStore
from tests.conftest import SAMPLE


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    store = AnnotationStore(tmp_path / "annotations.sqlite")
    library = open_library(SAMPLE, annotations=store)
    yield library
    library.close()
    store.close()


def _id(lib: Library, prefix: str) -> str:
    return next(s.id for s in lib.articles() if lib.article(s.id).text.startswith(prefix))  # type: ignore[union-attr]


def test_a_note_is_searchable_at_once_without_a_rebuild(lib: Library) -> None:
    aid = _id(lib, "A mass exodus")
    assert lib.search("zanzibarish").total == 0
    hl = lib.add_highlight(aid, 0, 10).value
    lib.set_highlight_note(hl.id, "compare with the zanzibarish census")
    assert [h.id for h in lib.search("zanzibarish").hits] == [aid]


def test_read_and_star_state_is_searchable(tmp_path: Path) -> None:
    # a private copy of the sample: reading state lives in that source's index
    source = tmp_path / "own.txt"
    source.write_bytes(SAMPLE.read_bytes())
    store = AnnotationStore(tmp_path / "own.sqlite")
    lib = open_library(source, annotations=store)
    gaza = _id(lib, "A Gaza deal")
    lib.set_state(gaza, starred=True)
    assert [h.id for h in lib.search("is:starred").hits] == [gaza]
    lib.set_state(gaza, read=True)
    assert gaza not in {h.id for h in lib.search("is:unread").hits}
    assert len(lib.search("is:unread").hits) == 3
    lib.close()
    store.close()


def test_entity_queries_match_any_alias(lib: Library) -> None:
    gaza = _id(lib, "A Gaza deal")
    assert [h.id for h in lib.search("person:Biden").hits] == [gaza]


def test_renaming_an_entity_applies_everywhere_and_keeps_the_old_name_as_alias(lib: Library) -> None:
    ukraine_story = _id(lib, "“In addition")
    name = next(e.name for e in lib.entities(ukraine_story) if "Zelenskyy" in e.name)
    lib.correct_entity("rename", name, "Volodymyr Zelenskyy")
    ents = {e.name: e for e in lib.entities(ukraine_story)}
    assert "Volodymyr Zelenskyy" in ents and name in ents["Volodymyr Zelenskyy"].aliases
    assert {m.entity for m in lib.article(ukraine_story).mentions} >= {"Volodymyr Zelenskyy"}  # type: ignore[union-attr]
    assert lib.articles_with_entity("Volodymyr Zelenskyy") == [ukraine_story]
    assert any(e.name == "Volodymyr Zelenskyy" for e in lib.entities(None))


def test_hiding_debris_removes_it_and_its_mentions(lib: Library) -> None:
    first = _id(lib, "A mass exodus")
    lib.correct_entity("hide", "Italy")
    assert "Italy" not in {e.name for e in lib.entities(first)}
    assert "Italy" not in {m.entity for m in lib.article(first).mentions}  # type: ignore[union-attr]


def test_saved_searches_report_live_counts(lib: Library) -> None:
    lib.save_search("Gaza talks", "ceasefire AND Doha")
    lib.save_search("Everything Armenian", "Armenia*")
    counts = {s.name: n for s, n in lib.saved_search_counts()}
    assert counts == {"Everything Armenian": 1, "Gaza talks": 1}
    lib.delete_search("Gaza talks")
    assert [s.name for s in lib.saved_searches()] == ["Everything Armenian"]


def test_an_orphan_can_be_reattached(lib: Library) -> None:
    first = _id(lib, "A mass exodus")
    text = lib.article(first).text  # type: ignore[union-attr]
    hl = lib.add_highlight(first, 2, 13).value
    lib._annotations.reanchor(lib.key, {first: "completely different text"})  # the source changed
    assert [h.id for h in lib.orphans()] == [hl.id]
    again = lib.reattach(hl.id, first, 2, 13).value
    assert (again.orphan, again.exact) == (False, text[2:13])
    assert lib.orphans() == []


def test_highlights_inherit_the_entities_they_mention_and_notebooks_collect_them(lib: Library) -> None:
    first = _id(lib, "A mass exodus")
    text = lib.article(first).text  # type: ignore[union-attr]
    start = text.index("Armenia’s Prime Minister")
    hl = lib.add_highlight(first, start, start + len("Armenia’s Prime Minister Nikol Pashinyan")).value
    lib.set_highlight_note(hl.id, "his words")
    assert [h.id for h in lib.highlights_mentioning("Nikol Pashinyan")] == [hl.id]
    assert lib.highlights_mentioning("Joe Biden") == []
    notebook = lib.export_entity_notebook("Nikol Pashinyan")
    assert "Armenia’s Prime Minister Nikol Pashinyan" in notebook and "his words" in notebook


def test_reading_position_and_session_are_remembered(lib: Library) -> None:
    first = _id(lib, "A mass exodus")
    lib.set_position(first, 7)
    lib.set_session("last_article", first)
    assert lib.positions() == {first: 7}
    assert lib.session("last_article") == first


def test_article_ids_are_stable_when_the_source_is_appended_to(tmp_path: Path) -> None:
    source = tmp_path / "grow.txt"
    source.write_bytes(SAMPLE.read_bytes())
    store = AnnotationStore(tmp_path / "a.sqlite")
    before = open_library(source, annotations=store)
    ids = [s.id for s in before.articles()]
    before.close()
    extra = (
        "\nA powerful earthquake struck off the coast of Chile on Sunday, the national seismology agency said.\n"
        "The tremor was felt in the capital Santiago, where residents rushed into the streets.\n"
        "There were no immediate reports of damage or casualties, officials said.\n"
    )
    source.write_text(SAMPLE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    after = open_library(source, annotations=store)
    assert [s.id for s in after.articles()][:4] == ids
    assert len(after.articles()) == 5
    after.close()
    store.close()


def test_the_issue_queries_behave_on_the_sample(lib: Library) -> None:
    gaza, idf, ukraine = _id(lib, "A Gaza deal"), _id(lib, "The Israel Defence"), _id(lib, "“In addition")
    assert [h.id for h in lib.search("person:Biden").hits] == [gaza]
    assert [h.id for h in lib.search('"war crime"').hits] == [idf]
    assert [h.id for h in lib.search("Zelensky~").hits] == [ukraine]
    assert [h.id for h in lib.search("ceasefire AND Doha").hits] == [gaza]
    assert len(lib.search("is:unread").hits) == 4
    broken = lib.search("title:(unclosed AND")
    assert broken.notice  # malformed: plain-words fallback, and the user is told
    assert lib.search("ceasfire").suggestion == "ceasefire"
