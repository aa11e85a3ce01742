"""Opening an article lays its text out once: the reader pane's render is most of an open's UI time."""

from __future__ import annotations

from reader.ui.main_window import MainWindow
from tests.ui.conftest import settle


def test_opening_an_article_renders_it_once_and_a_new_mark_renders_it_again(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    documents: list[object] = []
    original = window.reader.setDocument

    def counted(doc: object) -> None:
        documents.append(doc)
        original(doc)

    window.reader.setDocument = counted  # type: ignore[method-assign]
    second = window.list_model.visible_ids()[1]
    window.list.setCurrentIndex(window.list_model.index(1))
    qtbot.waitUntil(lambda: window.current is not None and window.current.id == second, timeout=10000)
    settle(qtbot, window)
    assert len(documents) == 1
    assert window.reader.toPlainText().startswith(window.current.title)

    name = window.current.mentions[0].entity
    window.reader.mark_entity(name)
    assert len(documents) == 2
    window.reader.mark_entity(name)
    assert len(documents) == 2


def test_opening_an_article_fills_the_sidebar_once_with_its_own_entities(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    plans: list[list[str]] = []
    original = window.sidebar.model.show_plan

    def counted(plan) -> None:  # type: ignore[no-untyped-def]
        plans.append([e.name for _label, members, _total in plan.groups for e in members])
        original(plan)

    window.sidebar.model.show_plan = counted  # type: ignore[method-assign]
    third = window.list_model.visible_ids()[2]
    window.list.setCurrentIndex(window.list_model.index(2))
    qtbot.waitUntil(lambda: window.current is not None and window.current.id == third, timeout=10000)
    settle(qtbot, window)
    assert window.current is not None
    # one rebuild, and it lists the opened article's entities (not the last article's)
    assert len(plans) == 1
    assert set(plans[0]) == {e.name for e in window.current.entities}
    assert set(window.sidebar.names()) == set(plans[0])


def test_the_same_article_back_shorter_keeps_the_focus_bar_inside_its_text(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    reader = window.reader
    article = window.current
    assert article is not None and len(article.paragraphs) > 6
    reader.set_focus_paragraph(6)
    assert reader.focus_paragraph_index() == 6
    shorter = dataclasses.replace(article, text="\n".join(article.paragraphs[:3]), lines=article.lines[:3])
    reader.set_article(shorter, [], keep_position=True)  # a cut after paragraph 3, or an edited source
    assert reader.focus_paragraph_index() == 2
    assert reader.focus.end <= len(shorter.text)
    reader.viewport().repaint()  # painted the focus tint past the text's end before (an exception)
    assert reader.focus_span() == (reader.focus.start, len(shorter.text))
