"""Issue 17's rough edges, each pinned by a test: quotes, plurals, the palette, the
sidebar, the dark highlight colours, hashtags and the read rule, the focus tint."""

from __future__ import annotations

from reader.core.types import Highlight
from reader.ui.models.notes import NotesModel, quoted
from reader.ui.plain import counted


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


# ---------------------------------------------------------------- the command palette
def _palette_entries() -> list:  # type: ignore[type-arg]
    from PySide6.QtGui import QAction, QKeySequence

    from reader.ui.widgets.palette import PaletteEntry

    actions = []
    for text, keys in (("Next article", ["J", "Alt+Down"]), ("Light/dark theme", ["Ctrl+Shift+L"])):
        action = QAction(text)
        action.setShortcuts([QKeySequence(k) for k in keys])
        actions.append(action)
    entries = [PaletteEntry(a.text(), "J, Alt+Down", a.trigger) for a in actions]
    titles = ["Darfur talks resume in Kampala", "Why the dark money flows", "Armenia: a hard winter"]
    entries += [PaletteEntry(t, "article", lambda: None) for t in titles]
    return [entries, actions]  # the actions must outlive the palette


def test_the_palette_is_a_frameless_overlay_over_the_window_s_top_centre(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMainWindow

    from reader.ui.widgets.palette import CommandPalette

    win = QMainWindow()
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    entries, _actions = _palette_entries()
    palette = CommandPalette(entries, win)  # a child: closed with the window
    assert palette.windowFlags() & Qt.WindowType.FramelessWindowHint
    palette.show()
    geo, frame = palette.frameGeometry(), win.geometry()
    assert abs(geo.center().x() - frame.center().x()) <= 2
    assert frame.top() <= geo.top() <= frame.top() + 100
    palette.setWindowTitle("3 quotes by Joe Biden")  # the quotes list names itself inside
    assert palette.heading.isVisible() and palette.heading.text() == "3 quotes by Joe Biden"


def test_the_palette_ranks_a_matching_action_first_and_marks_the_matched_letters(qtbot) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.widgets.palette import CommandPalette, PositionsRole

    entries, _actions = _palette_entries()
    palette = CommandPalette(entries)
    qtbot.addWidget(palette)
    palette.edit.setText("dark")
    shown = palette.shown()
    assert shown[0] == ("Light/dark theme", "Ctrl+Shift+L")
    assert {label for label, _ in shown[1:]} == {"Darfur talks resume in Kampala", "Why the dark money flows"}
    assert palette.list.item(0).data(PositionsRole) == [6, 7, 8, 9]
    palette.edit.setText("nart")  # a subsequence: n(ext) art(icle)
    assert palette.shown()[0] == ("Next article", "j / Alt+↓")
    assert palette.list.item(0).data(PositionsRole) == [0, 5, 6, 7]
    palette.edit.setText("")  # every entry, the keys in the ``?`` sheet's notation
    assert ("Next article", "j / Alt+↓") in palette.shown()


def test_fuzzy_matching_prefers_word_starts_and_runs() -> None:
    from reader.ui.widgets.palette import fuzzy_match, fuzzy_score

    m = fuzzy_match("lt", "Light/dark theme")
    assert m is not None and m.positions == (0, 11) and m.strong  # l(ight) t(heme), not l-i-gh-t
    assert fuzzy_match("xyz", "Light/dark theme") is None
    word, inside = fuzzy_score("dark", "The dark side"), fuzzy_score("dark", "Akdarkness here")
    assert word is not None and inside is not None and word > inside


def test_the_palette_paints_keys_right_aligned_and_matched_letters_bold(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor

    from reader.ui.widgets.palette import CommandPalette

    entries, _actions = _palette_entries()
    palette = CommandPalette(entries)
    qtbot.addWidget(palette)
    palette.resize(640, 420)
    palette.show()
    qtbot.waitExposed(palette)
    palette.edit.setText("dark")
    palette.list.setCurrentRow(-1)  # no selection: plain text on the base colour
    image = palette.list.viewport().grab().toImage()
    rects = [palette.list.visualItemRect(palette.list.item(r)) for r in range(palette.list.count())]

    def ink_right(r: int) -> int:
        rect = rects[r]
        base = QColor(image.pixel(rect.right() - 1, rect.center().y()))
        for x in range(rect.right(), rect.left(), -1):
            for y in range(rect.top(), rect.bottom()):
                if QColor(image.pixel(x, y)) != base:
                    return x
        return -1

    rights = [ink_right(r) for r in range(len(rects))]
    assert max(rights) - min(rights) <= 3  # keys and details end at one right edge
    assert rights[0] >= rects[0].right() - 30


# ---------------------------------------------------------------- dark theme colours
def test_the_dark_theme_has_its_own_highlight_colours_each_readable() -> None:
    from PySide6.QtGui import QColor

    from reader.ui.theme import DARK, HIGHLIGHT_COLORS, HIGHLIGHT_TEXT, LIGHT, contrast, highlight_color

    for n in range(1, 6):
        light, dark = QColor(highlight_color(n, False)), QColor(highlight_color(n, True))
        assert light == QColor(HIGHLIGHT_COLORS[n]) and dark != light
        assert contrast(light, QColor(HIGHLIGHT_TEXT[False])) >= 4.5
        assert contrast(dark, QColor(HIGHLIGHT_TEXT[True])) >= 4.5  # light text on the dark shade
        assert contrast(dark, QColor(DARK["base"])) >= 1.6  # still visible as a block on the page
        assert contrast(light, QColor(LIGHT["base"])) >= 1.1
    hues = [QColor(highlight_color(n, True)).hsvHue() for n in range(1, 6)]
    assert min(abs(a - b) for i, a in enumerate(hues) for b in hues[i + 1 :]) >= 20  # five distinct hues


def test_a_highlight_in_the_dark_reader_is_a_dark_shade_under_light_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QTextCursor

    from reader.core.types import Article
    from reader.ui.theme import DARK_HIGHLIGHT_COLORS, HIGHLIGHT_TEXT
    from reader.ui.widgets.reader_pane import ReaderPane

    pane = ReaderPane()
    qtbot.addWidget(pane)
    text = "All told, Iran has lost. More follows here."
    article = Article(id="a", title="T", text=text, start_line=1, end_line=1)
    pane.set_dark(True)
    pane.set_article(article, [_highlight("All told", end=8)])
    cur = QTextCursor(pane.document())
    cur.setPosition(pane.doc_pos(3))
    fmt = cur.charFormat()
    assert fmt.background().color() == QColor(DARK_HIGHLIGHT_COLORS[1])
    assert fmt.foreground().color() == QColor(HIGHLIGHT_TEXT[True])


def test_the_selected_note_card_reads_in_the_dark_theme(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication

    from reader.ui.theme import apply_theme, contrast
    from reader.ui.widgets.notes_panel import NotesPanel

    app = QApplication.instance()
    apply_theme(app, True)  # type: ignore[arg-type]
    try:
        panel = NotesPanel()
        qtbot.addWidget(panel)
        panel.resize(400, 300)
        panel.set_highlights([_highlight("All told, Iran has lost", note="check")], {"a": "Iran"})
        panel.show()
        qtbot.waitExposed(panel)
        panel.view.setCurrentIndex(panel.model.index(0))
        image = panel.view.viewport().grab().toImage()
        rect = panel.view.visualRect(panel.model.index(0))
        fill = QColor(image.pixel(rect.right() - 3, rect.center().y()))
        best = max(
            contrast(fill, QColor(image.pixel(x, y)))
            for x in range(rect.left() + 14, rect.left() + 120)
            for y in range(rect.top(), rect.bottom())
        )
        assert best >= 4.5, f"text on the selected card has contrast {best:.1f}"
    finally:
        apply_theme(app, False)  # type: ignore[arg-type]


# ---------------------------------------------------------------- the focus tint
def _tinted_pane(qtbot):  # type: ignore[no-untyped-def]
    from reader.core.types import Article
    from reader.ui.widgets.reader_pane import ReaderPane

    paras = [
        "The first paragraph talks about many things that happen in the world, so that it wraps over "
        "several lines in the pane. It has a second sentence that goes on for a while. And a third.",
        "Second paragraph: the talks will resume next week in Vienna, where delegations meet.",
    ]
    text = "\n".join(paras)
    pane = ReaderPane()
    qtbot.addWidget(pane)
    pane.resize(600, 500)
    pane.show()
    qtbot.waitExposed(pane)
    pane.set_article(Article(id="a", title="T", text=text, start_line=1, end_line=2), [])
    return pane


def test_the_focus_tint_is_one_block_with_a_straight_right_edge(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor

    from reader.ui.theme import LIGHT

    pane = _tinted_pane(qtbot)
    assert not pane.extraSelections()  # the tint is painted, not drawn line by line
    rects = pane.focus_rects()
    assert len(rects) == 1
    rect = rects[0].toRect()
    column = pane.document().documentLayout().blockBoundingRect(pane.document().findBlockByNumber(2))
    assert rect.width() >= column.width()  # the whole column, not each line's text
    image = pane.viewport().grab().toImage()
    tint = QColor(LIGHT["focus"])
    x = rect.right() - 3  # beyond the end of the short lines: a ragged tint leaves base here
    column_pixels = {QColor(image.pixel(x, y)).name() for y in range(rect.top() + 2, rect.bottom() - 2)}
    assert column_pixels == {tint.name()}


def test_a_sentence_focus_is_one_shape_whose_bands_meet(qtbot) -> None:  # type: ignore[no-untyped-def]
    pane = _tinted_pane(qtbot)
    pane.move_focus(0)
    pane.extend_focus(1)  # the first sentence
    pane.extend_focus(1)  # and the second: three lines
    bands = pane.focus_rects()
    assert 2 <= len(bands) <= 3
    for upper, lower in zip(bands, bands[1:], strict=False):
        assert abs(upper.bottom() - lower.top()) < 0.5  # no gap between lines
    assert len({round(b.right()) for b in bands[:-1]}) == 1  # a straight right edge


# ---------------------------------------------------------------- the entity sidebar
def test_the_sidebar_shows_the_focused_quote_or_figure_whole_at_the_window_s_size(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMainWindow

    from reader.core.types import Entity, Figure, Quote
    from reader.ui.models.entities import KindRole
    from reader.ui.widgets.article_list import TITLE_SCALE
    from reader.ui.widgets.entity_sidebar import EntitySidebar

    long_quote = (
        "So many innocent people have been killed, so many communities have been destroyed. "
        "Palestinian people deserve peace"
    )
    sentence = "Compared to four years ago, America is stronger, our alliances are stronger."
    win = QMainWindow()
    qtbot.addWidget(win)
    sidebar = EntitySidebar()
    win.setCentralWidget(sidebar)
    win.resize(320, 700)
    win.show()
    qtbot.waitExposed(win)
    sidebar.set_entities(
        [Entity("Joe Biden", "PERSON", count=5)],
        quotes=[Quote("Joe Biden", "“" + long_quote + ",”", 0, 10)],
        figures=[Figure("four years", 4.0, "years", 20, 30, sentence)],
    )
    qtbot.waitUntil(lambda: sidebar.model.rowCount() > 0)
    assert sidebar.tree.font().pointSizeF() >= win.font().pointSizeF() * TITLE_SCALE - 0.01

    def rows(kind: str) -> list:  # type: ignore[type-arg]
        found = []
        for r in range(sidebar.model.rowCount()):
            group = sidebar.model.item(r)
            found += [
                group.child(c) for c in range(group.rowCount()) if group.child(c).data(KindRole) == kind
            ]
        return found

    quote_row = rows("quote")[0]
    assert "…" in quote_row.text()  # the row is cut to one line…
    sidebar.tree.setFocus()
    sidebar.tree.setCurrentIndex(quote_row.index())
    assert sidebar.details.isVisible()  # …and shown whole, wrapped, once focused
    assert sidebar.details.text() == f"Joe Biden: “{long_quote},”"
    assert sidebar.details.wordWrap() and sidebar.details.width() <= sidebar.width()
    qtbot.keyClick(sidebar.tree, Qt.Key.Key_End)
    assert sidebar.details.text() == f"four years — {sentence}"
    entity = rows("entity")[0]
    sidebar.tree.setCurrentIndex(entity.index())
    assert not sidebar.details.isVisible()  # an entity's row is already whole


# ---------------------------------------------------------------- the read rule
def test_an_article_is_read_once_its_end_has_been_on_screen(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from reader.core.types import Article
    from reader.ui.widgets import reader_pane
    from reader.ui.widgets.reader_pane import ReaderPane

    pane = ReaderPane()
    qtbot.addWidget(pane)
    pane.resize(600, 300)
    pane.show()
    qtbot.waitExposed(pane)
    pane._end_timer.setInterval(50)  # END_SEEN_MS, shortened for the test
    seen: list[str] = []
    pane.endSeen.connect(seen.append)
    long_text = "\n".join(f"Paragraph {i} goes on for a while to fill the pane." for i in range(40))
    pane.set_article(Article(id="long", title="Long", text=long_text, start_line=1, end_line=40), [])
    qtbot.wait(150)
    assert seen == []  # only the top of a long article has been on screen
    pane.verticalScrollBar().setValue(pane.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: seen == ["long"], timeout=2000)
    short = Article(id="short", title="Short", text="One short paragraph.", start_line=41, end_line=41)
    pane.set_article(short, [])  # fits on the screen: its end is seen at once
    qtbot.waitUntil(lambda: seen == ["long", "short"], timeout=2000)
    pane.set_article(Article(id="long", title="Long", text=long_text, start_line=1, end_line=40), [])
    pane.set_article(short, [])  # flicked past: gone before the moment passed
    qtbot.wait(20)
    pane.set_article(Article(id="long", title="Long", text=long_text, start_line=1, end_line=40), [])
    qtbot.wait(150)
    assert seen == ["long", "short"]
    assert reader_pane.END_SEEN_MS >= 1000  # long enough that j-ing past does not count


def test_visiting_an_article_and_seeing_its_end_marks_it_read(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from tests.ui.conftest import settle

    window.reader._end_timer.setInterval(50)
    first = window.current.id
    qtbot.keyClick(window.reader, Qt.Key.Key_End)
    bar = window.reader.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: window.list_model.state(first)[0], timeout=3000)
    settle(qtbot, window)
    qtbot.keyClick(window.reader, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: window.current.id != first, timeout=5000)
    assert window.list_model.state(first)[0]  # still read after moving on


def test_the_shortcut_sheet_states_the_read_rule(qtbot) -> None:  # type: ignore[no-untyped-def]
    from reader.keymap import BY_ID
    from reader.ui.widgets import reader_pane
    from reader.ui.widgets.shortcut_sheet import ShortcutSheet

    sheet = ShortcutSheet({})
    qtbot.addWidget(sheet)
    texts = []
    for g in range(sheet.tree.topLevelItemCount()):
        group = sheet.tree.topLevelItem(g)
        texts += [group.child(c).text(1) for c in range(group.childCount())]
    rule = BY_ID["toggle_read"].text
    assert rule in texts and f"{reader_pane.END_SEEN_MS // 1000} s" in rule and "end" in rule


# ---------------------------------------------------------------- hashtags in notes
def test_hashtags_in_a_note_are_found() -> None:
    from reader.ui.models.notes import hashtags

    assert hashtags("Check this #tunisia figure, see #UNHCR and #tunisia again") == ["tunisia", "UNHCR"]
    assert hashtags("#first-round, C# code, page#part, ##, #1 and (#arab_spring)") == [
        "first-round",
        "arab_spring",
    ]
    assert hashtags("no tags here") == []


def test_the_note_editor_hands_new_hashtags_to_the_caller_when_it_saves(qtbot) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.widgets.note_editor import NoteEditor

    saved: list[str] = []
    tagged: list[list[str]] = []
    editor = NoteEditor("Note", "passage", "old #kept", saved.append, tags=tagged.append)
    qtbot.addWidget(editor)
    editor.edit.setPlainText("old #kept, now about #tunisia")
    editor.flush()
    assert saved == ["old #kept, now about #tunisia"] and tagged == [["tunisia"]]
    editor.edit.setPlainText("old #kept, now about #Tunisia and more")
    editor.flush()  # saved again, but no new tag: the tag editor's own tags are left alone
    assert len(saved) == 2 and tagged == [["tunisia"]]
