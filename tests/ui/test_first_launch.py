"""First launch: the window appears at once and the build runs in a child process."""

from __future__ import annotations

from reader.ui.main_window import MainWindow
from tests.conftest import SAMPLE
from tests.ui.conftest import remove_cache, wait_ready


def test_first_launch_shows_the_window_at_once_then_builds_in_a_child_process(
    qtbot, tmp_path, fresh_data_dir
) -> None:  # type: ignore[no-untyped-def]
    """The window is up before there is anything to show, and ends in the exact ready state:
    four articles, the first one open and titled, no error page. (How fast the window shows
    is a figure, not a pass/fail: ``tests/bench/bench_launch.py`` measures it.)"""
    source = tmp_path / "news.txt"
    source.write_bytes(SAMPLE.read_bytes())
    remove_cache(source)
    win = MainWindow(source)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert win.library is None and win.list_model.rowCount() == 0  # shown before the build gave anything
    qtbot.waitUntil(lambda: win.loading.build is not None and win.progress.isVisible(), timeout=10000)
    assert win.loading.build.running()
    wait_ready(qtbot, win)
    qtbot.waitUntil(lambda: not win.progress.isVisible(), timeout=60000)
    qtbot.waitUntil(lambda: win.library is not None and win.library.searchable, timeout=60000)
    qtbot.waitUntil(lambda: win.current is not None and bool(win.current.entities), timeout=10000)
    first = win.library.articles()[0]
    assert first.title.startswith("Mass exodus of ethnic Armenians from Nagorno-Karabakh")
    assert win.list_model.rowCount() == 4
    assert win.current.id == first.id and win.list.currentIndex().row() == 0
    assert win.windowTitle() == f"Lede — {first.title}"
    page = win.reader.document().toPlainText()
    assert first.title in page or win.current.text[:60] in page
    assert "could not open" not in page.lower() and "no articles" not in page.lower()
    assert "could not open" not in win.statusBar().currentMessage().lower()
    win.close()


def test_a_missing_source_shows_a_clear_page(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow(tmp_path / "gone.txt")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: "does not exist" in win.reader.document().toPlainText(), timeout=5000)
    assert win.list_model.rowCount() == 0
    win.close()


def test_an_empty_source_says_no_articles_were_found(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    win = MainWindow(empty)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(
        lambda: (
            "No articles" in win.reader.document().toPlainText()
            or "could not open" in win.reader.document().toPlainText()
        ),
        timeout=60000,
    )
    win.close()


def test_a_stopped_build_is_readable_at_once_while_it_resumes(qtbot, tmp_path, fresh_data_dir) -> None:  # type: ignore[no-untyped-def]
    import json

    from reader import paths
    from reader.core.build import build_source

    source = tmp_path / "news.txt"
    source.write_bytes(SAMPLE.read_bytes())
    remove_cache(source)
    built = build_source(source, paths.source_cache_dir(source), analyse=False)
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    manifest["stage"] = "searchable"  # as if the build had been killed during entity analysis
    (built / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    win = MainWindow(source)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.loading.build is not None, timeout=10000)
    rows_at: dict[str, int] = {}
    win.loading.build.progressed.connect(
        lambda e: rows_at.setdefault(str(e.get("event")), win.list_model.rowCount())
    )
    qtbot.waitUntil(lambda: "done" in rows_at, timeout=60000)
    assert rows_at["entities"] == 4  # the list was readable while the entities were still being found
    qtbot.waitUntil(lambda: not win.progress.isVisible(), timeout=60000)
    qtbot.waitUntil(lambda: win.current is not None and bool(win.current.entities), timeout=10000)
    win.close()
