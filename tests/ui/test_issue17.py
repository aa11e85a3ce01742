"""Issue 17's rough edges, each pinned by a test: quotes, plurals, the palette, the
sidebar, the dark highlight colours, hashtags and the read rule, the focus tint."""

from __future__ import annotations

from reader.core.types import Highlight
from reader.ui.models.articles import counted
from reader.ui.models.notes import NotesModel, quoted


def _highlight(exact: str, **kw: object) -> Highlight:
    fields: dict[str, object] = dict(
        id=1,
        article_id="a",
        start=0,
        end=len(exact),
        exact=exact,
        prefix="",
        suffix="",
        color=1,
        note="",
        tags=(),
        created="",
        updated="",
        orphan=False,
    )
    fields.update(kw)
    return Highlight(**fields)  # type: ignore[arg-type]


def test_a_passage_that_starts_with_a_quote_mark_is_not_quoted_twice() -> None:
    assert quoted("“All told, Iran has lost") == "“All told, Iran has lost”"
    assert quoted("“All told,” he said.") == "“All told,” he said.”"
    assert quoted("“We will win.”") == "“We will win.”"
    assert quoted('"Enough," she said') == '“Enough," she said”'
    assert quoted("He said “yes”") == "“He said “yes””"  # an inner pair is the passage's own
    assert quoted("the ministers’") == "“the ministers’”"  # an apostrophe is not a quote mark
    assert quoted("  many\n words  ", 8) == "“many wo…”"  # eight characters inside the marks


def test_the_notes_panel_and_the_note_editor_show_one_opening_quote(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from reader.ui.widgets.note_editor import NoteEditor

    model = NotesModel()
    model.set_highlights([_highlight("“All told, Iran has lost")], {"a": "Iran"})
    assert str(model.data(model.index(0))).split("\n")[1] == "“All told, Iran has lost”"
    editor = NoteEditor("Note", "“All told, Iran has lost", "", lambda _t: None)
    qtbot.addWidget(editor)
    labels = [w.text() for w in editor.findChildren(QLabel)]
    assert "“All told, Iran has lost”" in labels and not any("““" in t for t in labels)


def test_counts_read_as_english() -> None:
    assert counted(1, "article") == "1 article"
    assert counted(2, "article") == "2 articles"
    assert counted(0, "hit") == "0 hits"
    assert counted(12000, "word") == "12,000 words"
    assert counted(1, "match", "matches") == "1 match" and counted(3, "match", "matches") == "3 matches"


def test_the_notes_panel_counts_one_highlight_in_the_singular(qtbot) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.widgets.notes_panel import NotesPanel

    panel = NotesPanel()
    qtbot.addWidget(panel)
    panel.set_highlights([_highlight("Armenia")], {"a": "Armenia"})
    assert panel.summary.text() == "1 of 1 highlight"
    panel.set_highlights([_highlight("Armenia"), _highlight("Baku", id=2)], {"a": "Armenia"})
    assert panel.summary.text() == "2 of 2 highlights"
