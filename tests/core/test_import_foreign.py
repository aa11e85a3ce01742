"""Annotations made with other tools (issue 18.5): Hypothesis search results and W3C Web
Annotations whose target is a web page, placed by their quote across the library.

The library is a private copy of the sample, with a fresh annotations database per test.
The Hypothesis fixture (tests/core/data/hypothesis-search.json) is written by hand in the
shape the Hypothesis API's search returns; its quotes come from the sample as a web page
would give them (straight quotes, blank lines between paragraphs).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.errors import StorageError
from reader.core.library import Library, open_library
from reader.core.store.annotations import AnnotationStore
from reader.core.types import Changes, ImportReport
from tests.conftest import SAMPLE

EXODUS, GAZA, IDF, UKRAINE = "748f142a6802", "a87e5955f278", "a8d8f313a53e", "b47fea6bc378"
HYPOTHESIS = Path(__file__).parent / "data" / "hypothesis-search.json"
ORPHAN_PAGE = "https://news.example.org/world-middle-east-67110403"


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("foreign")
    source = folder / "own.txt"
    source.write_bytes(SAMPLE.read_bytes())
    store = AnnotationStore(folder / "first.sqlite")
    lib = open_library(source, annotations=store)
    found = (lib.source, lib.build_dir)
    lib.close()
    store.close()
    return found


@pytest.fixture
def lib(build: tuple[Path, Path], tmp_path: Path) -> Iterator[Library]:
    store = AnnotationStore(tmp_path / "annotations.sqlite")
    library = Library(build[0], build[1], store, reanchor=False)
    yield library
    library.close()
    store.close()


def _spans(lib: Library) -> list[tuple[str, int, int, str, bool]]:
    return [(h.article_id, h.start, h.end, h.exact, h.orphan) for h in lib.highlights()]


def test_hypothesis_search_results_are_placed_by_quote_with_exact_counts_and_spans(lib: Library) -> None:
    done = lib.import_file(HYPOTHESIS)
    report = done.value
    assert (report.placed, report.orphaned, report.added, report.skipped) == (2, 1, 3, 0)
    assert report.unplaced_notes == (
        "a page note on https://weather.example.org/forecast: no article of this library is at "
        "https://weather.example.org/forecast or titled “Five-day forecast”",
        "a reply to another annotation (Lede keeps no discussions): “Agreed, and see the Lachin Corridor…”",
    )
    exodus = lib.article(EXODUS).text  # type: ignore[union-attr]
    aliyev = "Azerbaijani President Ilham Aliyev has said his “iron fist” had consigned the idea of an "
    aliyev += "independent ethnic Armenian Karabakh to history."
    assert exodus[1823:1960] == aliyev  # the dump's curly quotes: the page had straight ones
    assert _spans(lib) == [
        (EXODUS, 1823, 1960, aliyev, False),
        # "he said" is three times in the Gaza article and once in Ukraine's: the prefix (with a
        # straight apostrophe) and suffix (blank lines between paragraphs) pick the second.
        (GAZA, 699, 706, "he said", False),
        (ORPHAN_PAGE, 0, 59, "The ceasefire is expected to take effect on Sunday morning.", True),
    ]
    first, second, orphan = lib.highlights()
    assert (first.note, first.tags, first.created) == (
        "Aliyev's own words: compare with the **1994** ceasefire line.",
        ("azerbaijan", "quotes"),
        "2023-10-02T09:14:31.201347+00:00",
    )
    assert (second.note, second.tags) == ('Which "he said"? The one about Iran.', ())
    assert (orphan.note, orphan.tags) == ("Not in my copy of the dump?", ("check",))
    # The page note found its article by the page's title ("… | World News | Sky News").
    assert lib.article_note(IDF).text == "Page note: ask Sky for the full CCTV timeline."  # type: ignore[union-attr]
    assert done.changes == Changes(
        articles=frozenset({EXODUS, GAZA, IDF, ORPHAN_PAGE}),
        highlights=frozenset({first.id, second.id, orphan.id}),
        notes=frozenset({IDF}),
    )
    again = lib.import_file(HYPOTHESIS).value
    assert again == ImportReport(skipped=4, unplaced_notes=report.unplaced_notes)  # duplicates, as today


def test_a_foreign_orphan_is_placed_by_a_later_reanchoring_once_its_text_is_there(lib: Library) -> None:
    lib.import_file(HYPOTHESIS)
    [orphan] = lib.orphans()
    assert orphan.article_id == ORPHAN_PAGE
    # The same store on a library whose texts do hold the quote: the orphan mechanism takes over.
    store = lib._annotations  # noqa: SLF001 (the store stands for "the next build")
    texts = {s.id: lib.article(s.id).text for s in lib.articles()}  # type: ignore[union-attr]
    texts[GAZA] += "\nThe ceasefire is expected to take effect on Sunday morning."
    report = store.reanchor(lib.key, texts)
    assert report.orphaned == 0
    placed = store.highlight(orphan.id)
    assert placed is not None and (placed.article_id, placed.orphan) == (GAZA, False)
    assert texts[GAZA][placed.start : placed.end] == orphan.exact


def test_a_w3c_annotation_of_a_web_page_is_placed_by_its_quote(lib: Library, tmp_path: Path) -> None:
    annotation = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:uuid:0d4a2b8e-8c37-4f57-9a0b-1f4b9e5c2a11",
        "type": "Annotation",
        "motivation": "commenting",
        "bodyValue": "Duvdevan: an undercover unit",
        "target": {
            "source": "https://news.example.org/story/idf-ambulance-nablus-13289031",
            "selector": [
                # Positions in the web page: ignored, they do not match the dump.
                {"type": "TextPositionSelector", "start": 9120, "end": 9145},
                {"type": "TextQuoteSelector", "exact": "the 'Duvdevan' unit", "suffix": " was"},
            ],
        },
    }
    path = tmp_path / "one.json"
    path.write_text(json.dumps(annotation), encoding="utf-8")
    report = lib.import_file(path).value
    assert (report.placed, report.orphaned) == (1, 0)
    [hl] = lib.highlights()
    text = lib.article(IDF).text  # type: ignore[union-attr]
    second = text.index("‘Duvdevan’ unit was") - 4  # "the ‘Duvdevan’ unit" twice: the suffix picks this one
    assert (hl.article_id, hl.start, hl.end, hl.exact) == (IDF, second, second + 19, "the ‘Duvdevan’ unit")
    assert hl.note == "Duvdevan: an undercover unit"


def test_an_annotation_collection_with_its_pages_in_the_file_is_read_page_by_page(
    lib: Library, tmp_path: Path
) -> None:
    def item(exact: str) -> dict[str, object]:
        target = {"source": "urn:x-test:page", "selector": {"type": "TextQuoteSelector", "exact": exact}}
        return {"type": "Annotation", "target": target}

    collection = {
        "type": "AnnotationCollection",
        "total": 2,
        "first": {
            "type": "AnnotationPage",
            "items": [item("Halima Abu Leil was shot")],
            "next": {"type": "AnnotationPage", "items": [item("Hakari Bridge")]},
        },
    }
    path = tmp_path / "collection.json"
    path.write_text(json.dumps(collection), encoding="utf-8")
    assert lib.import_file(path).value.placed == 2
    assert sorted((h.article_id, h.exact) for h in lib.highlights()) == [
        (EXODUS, "Hakari Bridge"),
        (IDF, "Halima Abu Leil was shot"),
    ]


def test_a_malformed_file_is_refused_whole_and_writes_nothing(lib: Library, tmp_path: Path) -> None:
    data = json.loads(HYPOTHESIS.read_text(encoding="utf-8"))
    data["rows"][3]["document"] = "Sky News"  # a string where Hypothesis gives an object
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(
        StorageError, match=r'^Hypothesis row 3 in the file cannot be read: its "document" is'
    ):
        lib.import_file(path)
    assert lib.highlights() == [] and lib.article_notes() == []


def test_equal_quotes_in_two_articles_go_to_the_one_the_page_names(tmp_path: Path) -> None:
    """Wire copies: the same paragraph in two articles; surroundings tie, so the page decides."""
    from reader.core.store.annotation_files import from_web_annotations

    wire = "Officials said the talks would resume on Monday."
    texts = {"a1": f"Intro one.\n{wire}\nMore.", "a2": f"Intro one.\n{wire}\nMore.", "a3": "Other."}
    pages = {
        "a1": ("Talks resume, say officials", "https://one.example.org/talks"),
        "a2": ("Talks to resume on Monday", "https://two.example.org/world/talks-monday"),
        "a3": ("Other", ""),
    }

    def hypothesis(uri: str, title: str) -> dict[str, object]:
        selector = [
            {"type": "TextQuoteSelector", "exact": wire, "prefix": "Intro one.\n", "suffix": "\nMore."}
        ]
        return {"uri": uri, "target": [{"source": uri, "selector": selector}], "document": {"title": [title]}}

    rows = [
        hypothesis("http://www.two.example.org/world/talks-monday/?utm_source=x", "Something else"),
        hypothesis("https://elsewhere.example.org/1", "Talks to resume on Monday - Two News"),
        hypothesis("https://elsewhere.example.org/2", "Unrelated"),
    ]
    store = AnnotationStore(tmp_path / "a.sqlite")
    for row, expected in zip(rows, ["a2", "a2", "a1"], strict=True):  # by URL, by title, else the first
        items = from_web_annotations({"rows": [row], "total": 1})
        report = store.import_annotations("s", items, texts, pages)
        assert report.placed == 1
        newest = max(store.highlights("s"), key=lambda h: h.id)
        assert (newest.article_id, newest.start, newest.exact) == (expected, 11, wire)
        store.remove_highlight(newest.id)
    store.close()


def test_lede_import_says_in_one_sentence_what_was_placed_orphaned_and_left_out(lib: Library) -> None:
    from reader.cli import import_summary

    assert import_summary(lib.import_file(HYPOTHESIS).value) == (
        "imported 2 highlights placed in the text, 1 orphan kept without a place in the text, "
        "1 article note; 2 left out: a page note on https://weather.example.org/forecast: no article "
        "of this library is at https://weather.example.org/forecast or titled “Five-day forecast”; "
        "a reply to another annotation (Lede keeps no discussions): “Agreed, and see the Lachin Corridor…”"
    )
