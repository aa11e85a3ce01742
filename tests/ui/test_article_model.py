"""The article list model hands rows to the view lazily, so huge lists stay cheap."""

from __future__ import annotations

from reader.core.types import ArticleSummary, Hit
from reader.ui.models.articles import ArticleListModel, MetaRole


def _summaries(n: int) -> list[ArticleSummary]:
    return [
        ArticleSummary(id=f"a{i}", title=f"Story {i}", position=i, start_line=i, end_line=i) for i in range(n)
    ]


def test_rows_are_fetched_in_pages() -> None:
    model = ArticleListModel()
    model.set_articles(_summaries(20_000))
    assert model.rowCount() == ArticleListModel.PAGE
    assert model.total_rows() == 20_000
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * ArticleListModel.PAGE


def test_asking_for_a_far_row_fetches_up_to_it() -> None:
    model = ArticleListModel()
    model.set_articles(_summaries(20_000))
    assert model.row_of("a15000") == 15000
    assert model.rowCount() == 15001
    assert model.article_id(15000) == "a15000"


def test_hits_keep_rank_order_and_snippets() -> None:
    model = ArticleListModel()
    model.set_articles(_summaries(10))
    model.show_hits([Hit("a7", "Story 7", 2.0, "x [[y]]"), Hit("a2", "Story 2", 1.0, "")])
    assert [model.article_id(r) for r in range(model.rowCount())] == ["a7", "a2"]
    assert model.is_filtered()


def test_reading_state_filters_compose_with_the_shown_rows() -> None:
    model = ArticleListModel()
    model.set_articles(_summaries(6))
    model.set_states({"a1": (True, False), "a2": (False, True)})
    model.show_ids(["a1", "a2", "a3"])
    model.set_mode("unread")
    assert model.visible_ids() == ["a2", "a3"]
    model.set_mode("starred")
    assert model.visible_ids() == ["a2"]


def _with_copies() -> list[ArticleSummary]:
    rows = _summaries(5)
    rows[1] = ArticleSummary(id="a1", title="Story 1", position=1, start_line=1, end_line=1, versions=3)
    rows[2] = ArticleSummary(
        id="a2", title="Story 1 again", position=2, start_line=2, end_line=2, copy_of="a1"
    )
    rows[4] = ArticleSummary(id="a4", title="Story 1 cut", position=4, start_line=4, end_line=4, copy_of="a1")
    return rows


def test_hiding_copies_leaves_the_originals_and_composes_with_the_mode() -> None:
    model = ArticleListModel()
    model.set_articles(_with_copies())
    model.set_states({"a0": (True, False)})
    model.set_hide_copies(True)
    assert model.visible_ids() == ["a0", "a1", "a3"]
    model.set_mode("unread")
    assert model.visible_ids() == ["a1", "a3"]
    model.set_hide_copies(False)
    assert model.visible_ids() == ["a1", "a2", "a3", "a4"]
    assert model.copy_count() == 2


def test_rows_say_versions_and_copies_and_hits_say_what_was_folded() -> None:
    model = ArticleListModel()
    model.set_articles(_with_copies())
    meta = [str(model.data(model.index(r), MetaRole)) for r in range(model.rowCount())]
    assert meta[1] == "0 words · 3 versions · lines 1–1"
    assert meta[2] == "0 words · copy · lines 2–2"
    assert meta[0] == "0 words · lines 0–0"
    model.set_hide_copies(True)  # a hit that is a copy stands for its story: never hidden
    model.show_hits([Hit("a2", "Story 1 again", 2.0, "", copies=2), Hit("a3", "Story 3", 1.0, "")])
    assert model.visible_ids() == ["a2", "a3"]
    assert str(model.data(model.index(0), MetaRole)) == "0 words · +2 copies · lines 2–2"


def test_rows_are_found_again_after_the_list_changes() -> None:
    model = ArticleListModel()
    model.set_articles(_summaries(10))
    assert model.row_of("a7") == 7
    assert model.ids_after("a7", 3) == ["a8", "a9"]  # only what follows in the list
    model.show_hits([Hit("a7", "Story 7", 2.0, ""), Hit("a2", "Story 2", 1.0, "")])
    assert model.row_of("a2") == 1 and model.row_of("a9") == -1  # the rows of the list now shown
    assert model.ids_after("a7", 3) == ["a2"] and model.ids_after("a9", 3) == []
    model.show_all()
    assert model.row_of("a9") == 9
