"""Export (Markdown, Web Annotation JSON, CSV) and JSON import: lossless round trip, clear errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from reader.core.errors import StorageError
from reader.core.store.annotation_files import from_web_annotations
from reader.core.store.annotations import AnnotationStore
from reader.core.store.export import (
    to_csv,
    to_entity_notebook,
    to_markdown,
    to_web_annotations,
)
from reader.core.types import Highlight, ImportReport, Mention, Note

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-news.txt"
LINES = [ln for ln in SAMPLE.read_text(encoding="utf-8").splitlines() if ln.strip()]
ARTICLES = {"nk": "\n".join(LINES[:20]), "gaza": "\n".join(LINES[20:33]), "idf": "\n".join(LINES[33:50])}
SOURCE, SHA = "/home/me/news/sample-news.txt", "0" * 64


def populated(path: Path) -> AnnotationStore:
    store = AnnotationStore(path)
    t = ARTICLES["nk"]
    a = store.add_highlight(
        "s", "nk", t, t.index("Nikol Pashinyan"), t.index("Nikol Pashinyan") + 15, color=2
    )
    store.set_highlight_note(a.id, "PM of Armenia\nsecond line")
    store.set_highlight_tags(a.id, ["people", "armenia"])
    b = store.add_highlight("s", "nk", t, 0, 40)
    store.remove_highlight(b.id)  # leaves a gap in the ids
    g = ARTICLES["gaza"]
    store.add_highlight("s", "gaza", g, g.index("on the brink"), g.index("on the brink") + 12, color=5)
    store.add_highlight("s", "idf", ARTICLES["idf"], 10, 60)
    store.reanchor("s", {k: v for k, v in ARTICLES.items() if k != "idf"})  # the idf highlight: orphan
    store.set_article_note("s", "gaza", "Ceasefire talks — follow up")
    return store


def export_json(store: AnnotationStore) -> str:
    data = to_web_annotations(store.highlights("s"), store.article_notes("s"), SOURCE, SHA)
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def test_json_export_follows_the_web_annotation_model(tmp_path: Path) -> None:
    store = populated(tmp_path / "a.sqlite")
    data = json.loads(export_json(store))
    first = next(d for d in data if d["id"] == "urn:lede:highlight:1")
    assert first["@context"] == "http://www.w3.org/ns/anno.jsonld" and first["type"] == "Annotation"
    assert first["target"]["source"] == f"{SOURCE}#nk"
    quote, position = first["target"]["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": "Nikol Pashinyan",
        "prefix": quote["prefix"],
        "suffix": quote["suffix"],
    }
    assert position["type"] == "TextPositionSelector" and position["end"] - position["start"] == 15
    assert first["body"][0] == {
        "type": "TextualBody",
        "purpose": "commenting",
        "value": "PM of Armenia\nsecond line",
        "format": "text/markdown",  # notes are Markdown (issue 17)
    }
    assert [b["value"] for b in first["body"][1:]] == ["armenia", "people"]
    assert first["lede:color"] == 2 and "orphan" not in first
    assert first["created"].endswith("Z") and first["modified"] >= first["created"]
    assert [d.get("orphan") for d in data if d["target"]["source"].endswith("#idf")] == [True]
    note = data[-1]
    assert note["target"] == {"source": f"{SOURCE}#gaza", "lede:sha256": SHA}
    assert note["body"][0]["value"] == "Ceasefire talks — follow up"
    assert note["body"][0]["format"] == "text/markdown"
    store.close()


def test_export_import_export_round_trip_is_identical(tmp_path: Path) -> None:
    original = populated(tmp_path / "a.sqlite")
    first = export_json(original)
    items = from_web_annotations(json.loads(first))
    fresh = AnnotationStore(tmp_path / "b.sqlite")
    report = fresh.import_annotations("s", items, {k: v for k, v in ARTICLES.items() if k != "idf"})
    assert report == ImportReport(added=3, skipped=0, orphaned=1, placed=2)
    assert export_json(fresh) == first
    assert fresh.highlights("s") == original.highlights("s")
    again = fresh.import_annotations("s", items, ARTICLES)
    assert again == ImportReport(added=0, skipped=4, orphaned=0)
    original.close()
    fresh.close()


def test_import_reanchors_into_the_current_text(tmp_path: Path) -> None:
    original = populated(tmp_path / "a.sqlite")
    items = from_web_annotations(json.loads(export_json(original)))
    shifted = {k: "Breaking: a new first line.\n" + v for k, v in ARTICLES.items()}
    fresh = AnnotationStore(tmp_path / "b.sqlite")
    report = fresh.import_annotations("s", items, shifted)
    assert report == ImportReport(
        added=4, skipped=0, orphaned=0, placed=3
    )  # the idf orphan found its text again
    for h in fresh.highlights("s"):
        assert shifted[h.article_id][h.start : h.end] == h.exact and not h.orphan
    original.close()
    fresh.close()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"not": "a list"}, "must hold a JSON list"),
        ([{"type": "Annotation", "target": {"source": "f#a"}}, 3], "Annotation 1 .*not an object"),
        ([{"type": "Note"}], 'Annotation 0 .*not "Annotation"'),
        (
            [{"type": "Annotation", "target": {"source": "https://example.org/a"}, "bodyValue": 7}],
            'Annotation 0 .*"bodyValue" is not text',
        ),
        (
            {"type": "AnnotationCollection", "first": "https://example.org/annotations?page=0"},
            "pages are not in the file",
        ),
        ({"rows": {"id": "x"}, "total": 1}, '"rows" is not a list'),
        ({"rows": [{"target": [{"selector": []}]}], "total": 1}, "Hypothesis row 0 .*no target source"),
        (
            {"rows": [{"uri": "https://e.org/a", "target": [{"source": "https://e.org/a"}], "tags": [1]}]},
            "Hypothesis row 0 .*a tag is not text",
        ),
        (
            {
                "rows": [
                    {"target": [{"source": "https://e.org/a"}]},
                    {
                        "target": [
                            {
                                "source": "https://e.org/a",
                                "selector": [{"type": "TextQuoteSelector", "exact": " "}],
                            }
                        ]
                    },
                ]
            },
            "Hypothesis row 1 .*quote is empty",
        ),
        (
            [
                {
                    "type": "Annotation",
                    "target": {"source": "f#a", "selector": [{"type": "TextQuoteSelector"}]},
                }
            ],
            "Annotation 0 .*quote is not text",
        ),
        (
            [
                {
                    "type": "Annotation",
                    "target": {
                        "source": "f#a",
                        "selector": [
                            {"type": "TextQuoteSelector", "exact": "x"},
                            {"type": "TextPositionSelector", "start": "1"},
                        ],
                    },
                }
            ],
            "Annotation 0 .*start is not a whole number",
        ),
    ],
)
def test_malformed_input_names_the_bad_item(data: object, message: str) -> None:
    with pytest.raises(StorageError, match=message):
        from_web_annotations(data)


def test_a_foreign_annotation_without_position_is_accepted() -> None:
    [item] = from_web_annotations(
        [
            {
                "type": "Annotation",
                "body": "plain note",
                "target": {"source": "x.txt#a7", "selector": {"type": "TextQuoteSelector", "exact": "Gaza"}},
            }
        ]
    )
    assert (item.kind, item.article_id, item.exact, item.start, item.end, item.note) == (
        "highlight",
        "a7",
        "Gaza",
        0,
        4,
        "plain note",
    )


H1 = Highlight(
    1,
    "nk",
    10,
    25,
    "Nikol Pashinyan",
    "Prime Minister ",
    " has claimed",
    2,
    "PM of Armenia",
    ("armenia", "people"),
    "2024-01-01T00:00:00.000Z",
    "2024-01-02T00:00:00.000Z",
)
H2 = Highlight(2, "gaza", 5, 17, "on the brink\nof a deal", "", "", 5)
H3 = Highlight(3, "nk", 0, 5, "Gone.", "", "", 1, orphan=True)
N1 = Note("gaza", "Ceasefire talks", "2024-01-03T00:00:00.000Z")
N2 = Note("lost", "An article no longer in the file", "2024-01-03T00:00:00.000Z")
TITLES = {"nk": "Exodus from Nagorno-Karabakh", "gaza": "Biden: Gaza deal on the brink", "idf": "IDF"}

MARKDOWN = """\
# Notes on sample-news.txt

Source: `/home/me/news/sample-news.txt`

## Exodus from Nagorno-Karabakh

> Nikol Pashinyan

[Open in Lede](lede://open?source=/home/me/news/sample-news.txt&article=nk&quote=Nikol%20Pashinyan)

PM of Armenia

#armenia #people

> Gone.

*(this passage is no longer in the article)*

## Biden: Gaza deal on the brink

Ceasefire talks

> on the brink
> of a deal

[Open in Lede](lede://open?source=/home/me/news/sample-news.txt&article=gaza&quote=on%20the%20brink%0Aof%20a%20deal)

## lost

An article no longer in the file
"""


def test_markdown_snapshot() -> None:
    assert to_markdown([H1, H2, H3], [N1, N2], TITLES, SOURCE) == MARKDOWN


def test_csv_has_a_header_and_one_row_per_highlight_and_note() -> None:
    text = to_csv([H1, H2, H3], [N1], TITLES)
    assert text.splitlines()[0] == (
        "kind,article_id,title,start,end,color,quote,note,tags,created,updated,orphan"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["kind"] for r in rows] == ["highlight", "highlight", "highlight", "note"]
    assert rows[0]["title"] == "Exodus from Nagorno-Karabakh" and rows[0]["tags"] == "armenia people"
    assert rows[1]["quote"] == "on the brink\nof a deal"
    assert rows[2]["orphan"] == "yes" and rows[3]["note"] == "Ceasefire talks"


# -- the entity notebook ----------------------------------------------------------------------------

PM = "Nikol Pashinyan"
MENTIONS = {
    "nk": [Mention(0, 5, "Gone", "PERSON"), Mention(10, 25, PM, "PERSON"), Mention(60, 75, PM, "PERSON")],
    "gaza": [Mention(5, 10, "Biden", "PERSON")],
    "idf": [Mention(40, 55, PM, "PERSON")],
    "elsewhere": [Mention(0, 15, PM, "PERSON")],
}
H4 = Highlight(4, "nk", 30, 60, "touches the mention but ends there", "", "", 3)  # [30, 60) ends at 60
H5 = Highlight(5, "idf", 50, 70, "Pashinyan told reporters", "", "", 4, "overlaps the end", ("quote",))
H6 = Highlight(6, "gaza", 0, 12, "on the brink", "", "", 1)  # overlaps a Biden mention only
H7 = Highlight(7, "nk", 0, 20, "orphan over both", "", "", 1, orphan=True)
N3 = Note("idf", "Ask about the army's role", "2024-01-03T00:00:00.000Z")

NOTEBOOK = """\
# Notes on Nikol Pashinyan

Source: `/home/me/news/sample-news.txt`

## Exodus from Nagorno-Karabakh

> Nikol Pashinyan

[Open in Lede](lede://open?source=/home/me/news/sample-news.txt&article=nk&quote=Nikol%20Pashinyan)

PM of Armenia

#armenia #people

## IDF

Ask about the army's role

> Pashinyan told reporters

[Open in Lede](lede://open?source=/home/me/news/sample-news.txt&article=idf&quote=Pashinyan%20told%20reporters)

overlaps the end

#quote
"""


def test_entity_notebook_gathers_overlapping_highlights_and_notes_by_article() -> None:
    text = to_entity_notebook(PM, [H5, H6, H7, H4, H3, H2, H1], [N1, N2, N3], TITLES, MENTIONS, SOURCE)
    assert text == NOTEBOOK


def test_entity_notebook_orders_articles_like_the_titles_then_by_id() -> None:
    titles = {"idf": "IDF", "nk": "Exodus"}
    extra = Highlight(8, "elsewhere", 2, 6, "kol ", "", "", 1)
    text = to_entity_notebook(PM, [H1, H5, extra], [], titles, MENTIONS, SOURCE)
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## IDF",
        "## Exodus",
        "## elsewhere",
    ]


def test_entity_notebook_for_an_entity_without_notes_says_so() -> None:
    text = to_entity_notebook("Biden", [H1, H5], [N3], TITLES, MENTIONS, SOURCE)
    assert text.splitlines()[0] == "# Notes on Biden"
    assert text.endswith("*Nothing highlighted or noted yet in the 1 article(s) mentioning Biden.*\n")
    assert "## " not in to_entity_notebook("Nobody", [H1], [N1], TITLES, MENTIONS, SOURCE)
