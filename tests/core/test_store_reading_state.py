"""Saved searches, reading positions and session values: small things the user expects to find again."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.store.annotations import AnnotationStore
from reader.core.types import SavedSearch


def test_saved_searches_are_listed_by_name_per_source(store: AnnotationStore) -> None:
    b = store.save_search("src", "gaza", "Gaza AND ceasefire")
    a = store.save_search("src", " Armenia ", "Armenia OR Pashinyan")
    store.save_search("src", "biden", "Biden")
    store.save_search("other", "x", "x")
    assert isinstance(a, SavedSearch) and a.name == "Armenia" and a.created.endswith("Z")
    assert [s.name for s in store.saved_searches("src")] == ["Armenia", "biden", "gaza"]
    assert store.saved_searches("src")[2] == b
    assert [s.name for s in store.saved_searches("other")] == ["x"]


def test_saving_a_name_again_replaces_its_query(store: AnnotationStore) -> None:
    store.save_search("src", "gaza", "Gaza")
    again = store.save_search("src", "gaza", "Gaza AND Rafah")
    assert store.saved_searches("src") == [again]
    assert again.query == "Gaza AND Rafah"


def test_a_deleted_search_is_gone_and_unknown_names_are_ignored(store: AnnotationStore) -> None:
    store.save_search("src", "gaza", "Gaza")
    store.save_search("src", "idf", "IDF")
    store.delete_search("src", "gaza")
    store.delete_search("src", "never saved")
    store.delete_search("other", "idf")
    assert [s.name for s in store.saved_searches("src")] == ["idf"]


def test_a_search_needs_a_name_and_a_query(store: AnnotationStore) -> None:
    with pytest.raises(ValueError, match="name"):
        store.save_search("src", "  ", "Gaza")
    with pytest.raises(ValueError, match="query"):
        store.save_search("src", "gaza", " ")


def test_reading_positions_are_remembered_per_article_and_source(store: AnnotationStore) -> None:
    assert store.positions("src") == {}
    store.set_position("src", "a1", 3)
    store.set_position("src", "a2", 0)
    store.set_position("src", "a1", 7)
    store.set_position("other", "a1", 1)
    assert store.positions("src") == {"a1": 7, "a2": 0}
    assert store.positions("other") == {"a1": 1}
    with pytest.raises(ValueError):
        store.set_position("src", "a1", -1)


def test_a_position_does_not_make_an_article_count_as_read(store: AnnotationStore) -> None:
    store.set_position("src", "a1", 4)
    assert store.states("src") == {}
    store.set_state("src", "a1", read=True)
    assert store.positions("src") == {"a1": 4} and store.states("src") == {"a1": (True, False)}


def test_session_values_are_replaced_and_kept_per_source(store: AnnotationStore) -> None:
    assert store.session("src", "last_article") is None
    store.set_session("src", "last_article", "a1")
    store.set_session("src", "last_article", "a9")
    store.set_session("src", "entity_filter", "")
    store.set_session("other", "last_article", "b2")
    assert store.session("src", "last_article") == "a9"
    assert store.session("src", "entity_filter") == ""
    assert store.session("other", "last_article") == "b2"


def test_everything_survives_closing_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    with AnnotationStore(path) as store:
        store.save_search("src", "gaza", "Gaza")
        store.set_position("src", "a1", 12)
        store.set_session("src", "last_article", "a1")
    with AnnotationStore(path) as store:
        assert [s.query for s in store.saved_searches("src")] == ["Gaza"]
        assert store.positions("src") == {"a1": 12}
        assert store.session("src", "last_article") == "a1"
