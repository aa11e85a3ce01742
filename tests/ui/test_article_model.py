"""The article list model hands rows to the view lazily, so huge lists stay cheap."""

from __future__ import annotations

from reader.core.types import ArticleSummary, Hit
from reader.ui.models.articles import ArticleListModel


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
