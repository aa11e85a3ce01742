"""The reader's article cuts travel with the notes: the JSON export carries them, an import makes them.

A note is in the article a reader's cut made; imported on another machine (or into another copy
of the dump) without the cut, the articles would differ from the ones the notes were written in.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.errors import StorageError
from reader.core.library import Library, open_library, saved_cuts
from reader.core.store.annotation_files import from_web_annotations
from tests.conftest import DOUBT_SAMPLE_TEXT, SAMPLE

TEXT = SAMPLE.read_text(encoding="utf-8")
JOIN = 34  # the sample's third story has no headline: its lead, where the join is said, starts it


def paragraph_mark(line: int, paragraph: str, **said: object) -> dict[str, object]:
    """An annotation of one paragraph as Lede's export writes a cut (``**{"lede:cut": "start"}``)
    or a checked doubtful break (``**{"lede:settled": True}``)."""
    target = {
        "source": "news.txt",
        "lede:line": line,
        "selector": [{"type": "TextQuoteSelector", "exact": paragraph}],
    }
    return {"type": "Annotation", **said, "target": target}


def _starts(lib: Library) -> list[int]:
    return [a.start_line for a in lib.articles()]


def _cut_library(source: Path) -> tuple[list[dict[str, object]], list[int], str]:
    """Cut the sample as a reader would (a story split in two, two stories joined), with a note in
    the article the split made; the JSON export, the starts, and the new article's first paragraph."""
    source.write_text(TEXT, encoding="utf-8")
    with open_library(source) as lib:
        first, _second, third, _fourth = (lib.article(s.id) for s in lib.articles())
        assert first is not None and third is not None
        lib.start_article_at(first.id, 5)
        assert lib.join_to_previous(third.id) == JOIN
    with open_library(source) as lib:  # the build makes the cuts
        made = lib.article(lib.articles()[1].id)
        assert made is not None
        lib.add_highlight(made.id, 0, 20, 1)
        return json.loads(lib.export("json")), _starts(lib), made.paragraphs[0]


def test_the_json_export_holds_the_cuts_as_editing_annotations(tmp_path: Path) -> None:
    data, starts, lead = _cut_library(tmp_path / "news.txt")
    assert starts == [1, 6, 21, 52]
    cuts = [item for item in data if item.get("motivation") == "editing"]
    assert [(c["lede:cut"], c["target"]["lede:line"]) for c in cuts] == [("start", starts[1]), ("join", JOIN)]  # type: ignore[index]
    start = cuts[0]
    assert start["id"] == f"urn:lede:cut:{starts[1]}"
    assert start["body"] == [
        {"type": "TextualBody", "purpose": "editing", "value": "A new article starts at this paragraph."}
    ]
    assert start["target"] == {
        "source": str(tmp_path / "news.txt"),
        "lede:sha256": start["target"]["lede:sha256"],  # type: ignore[index]
        "lede:line": starts[1],
        "selector": [{"type": "TextQuoteSelector", "exact": lead}],
    }
    # The highlight and the cuts read back: one highlight, two cuts with their paragraphs.
    read = from_web_annotations(data)
    assert [(a.kind, a.cut, a.line) for a in read] == [
        ("highlight", "", 0),
        ("cut", "start", starts[1]),
        ("cut", "join", JOIN),
    ]
    assert read[1].exact == lead


def test_importing_the_export_into_another_copy_makes_the_same_articles(tmp_path: Path) -> None:
    data, starts, lead = _cut_library(tmp_path / "news.txt")
    exported = tmp_path / "notes.json"
    exported.write_text(json.dumps(data), encoding="utf-8")
    other = tmp_path / "elsewhere" / "news.txt"  # another copy: another library, no cuts of its own
    other.parent.mkdir()
    shutil.copy(SAMPLE, other)
    with open_library(other) as lib:
        assert _starts(lib) == [1, 21, 34, 52]
        report = lib.import_file(exported).value
        assert (report.cuts, report.placed, report.skipped) == (2, 1, 0)
        assert report.summary() == "imported 1 highlight placed in the text, 2 article cuts"
        assert {line: cut.kind for line, cut in saved_cuts(other).items()} == {
            starts[1]: "start",
            JOIN: "join",
        }
        again = lib.import_file(exported).value  # the same file twice: nothing new
        assert (again.cuts, again.skipped) == (0, 3)
    with open_library(other) as lib:  # rebuilt with the cuts: the articles the notes were written in
        assert _starts(lib) == starts
        made = lib.article(lib.articles()[1].id)
        assert made is not None and made.paragraphs[0] == lead
        assert [h.article_id for h in lib.highlights()] == [made.id]


def test_a_cut_follows_its_paragraph_into_an_edited_copy_or_says_why_it_was_left_out(tmp_path: Path) -> None:
    data, starts, _lead = _cut_library(tmp_path / "news.txt")
    lines = TEXT.split("\n")
    # Two lines added at the top, and the paragraph the join was said at rewritten.
    edited = ["Saved from the web on Monday.", "Second added line of prose, unrelated."] + lines
    edited[JOIN - 1 + 2] = "A paragraph rewritten since the notes were exported, reading nothing like before."
    other = tmp_path / "edited.txt"
    other.write_text("\n".join(edited), encoding="utf-8")
    exported = tmp_path / "notes.json"
    exported.write_text(json.dumps([d for d in data if d.get("motivation") == "editing"]), encoding="utf-8")
    with open_library(other) as lib:
        report = lib.import_file(exported).value
        assert report.cuts == 1
        assert report.unplaced_notes == (
            f"an article cut at line {JOIN}: its paragraph is not in this source (“{lines[JOIN - 1][:39]}…”)",
        )
        assert {line: cut.kind for line, cut in saved_cuts(other).items()} == {starts[1] + 2: "start"}


def test_cuts_are_not_imported_into_a_source_that_says_where_its_articles_are(tmp_path: Path) -> None:
    data, _starts_, _lead = _cut_library(tmp_path / "news.txt")
    exported = tmp_path / "notes.json"
    exported.write_text(json.dumps([d for d in data if d.get("motivation") == "editing"]), encoding="utf-8")
    source = tmp_path / "news.jsonl"
    source.write_text(
        "\n".join(
            json.dumps({"title": f"Story {n}", "text": f"Paragraph one of {n}.\n\nTwo."}) for n in (1, 2)
        ),
        encoding="utf-8",
    )
    with open_library(source) as lib:
        report = lib.import_file(exported).value
        assert report.cuts == 0
        assert report.unplaced_notes == ("2 article cuts: this source says where its articles are",)
        assert saved_cuts(source) == {}


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"lede:cut": "split"}, "its \"lede:cut\" is 'split', not one of 'start', 'join'"),
        (
            {"target": {"source": "news.txt", "selector": []}},
            'the target\'s "lede:line" is not a whole number',
        ),
        ({"target": {"source": "news.txt", "lede:line": 0}}, '"lede:line" is 0: source lines count from 1'),
        (
            {"target": {"source": "news.txt", "lede:line": 4}},
            "it names no paragraph (no TextQuoteSelector)",
        ),
    ],
)
def test_a_malformed_cut_refuses_the_file_and_names_it(change: dict[str, object], said: str) -> None:
    item = {
        "type": "Annotation",
        "motivation": "editing",
        "lede:cut": "start",
        "target": {
            "source": "news.txt",
            "lede:line": 4,
            "selector": [{"type": "TextQuoteSelector", "exact": "Hi."}],
        },
    }
    with pytest.raises(StorageError, match="Annotation 0") as caught:
        from_web_annotations([{**item, **change}])
    assert said in str(caught.value)


def test_a_start_said_at_a_headline_line_is_exported_with_the_headline(tmp_path: Path) -> None:
    lines = TEXT.split("\n")
    headline = "Israel admits ambulance was used in West Bank raid"
    headed = "\n".join(lines[:33] + [headline] + lines[33:])
    source = tmp_path / "headed.txt"
    source.write_text(headed, encoding="utf-8")
    with open_library(source) as lib:
        lib.join_to_previous(lib.articles()[2].id)  # at the lead (35): the headline stays inside
    with open_library(source) as lib:
        second = lib.article(lib.articles()[1].id)
        assert second is not None
        lib.start_article_at(second.id, second.lines.index(34))  # the reader says it starts at the headline
    with open_library(source) as lib:
        assert [(a.start_line, a.title) for a in lib.articles()][2] == (34, headline)
        data = json.loads(lib.export("json"))
    said = [(c["lede:cut"], c["target"]["lede:line"], c["target"]["selector"][0]["exact"]) for c in data]
    assert said == [("start", 34, headline), ("join", 35, lines[33])]
    other = tmp_path / "copy.txt"
    other.write_text(headed, encoding="utf-8")
    exported = tmp_path / "notes.json"
    exported.write_text(json.dumps(data), encoding="utf-8")
    with open_library(other) as lib:
        assert lib.import_file(exported).value.cuts == 2
    with open_library(other) as lib:
        assert [(a.start_line, a.title) for a in lib.articles()][2] == (34, headline)


def test_a_checked_doubtful_break_travels_with_the_notes_and_is_not_asked_again(tmp_path: Path) -> None:
    source = tmp_path / "news.txt"
    source.write_text(DOUBT_SAMPLE_TEXT, encoding="utf-8")
    with open_library(source) as lib:
        second = lib.articles()[1]
        assert [(d.article_id, d.line) for d in lib.doubtful_breaks()] == [(second.id, 31)]
        data = json.loads(lib.export("json"))
        assert not [d for d in data if d.get("motivation") == "assessing"]  # nothing checked yet
        lib.settle_doubt(second.id, 31)
        data = json.loads(lib.export("json"))
        paragraph = lib.article(second.id).paragraphs[lib.article(second.id).lines.index(31)]  # type: ignore[union-attr]
    assert data == [
        {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "type": "Annotation",
            "id": "urn:lede:settled:31",
            "motivation": "assessing",
            "body": [
                {
                    "type": "TextualBody",
                    "purpose": "assessing",
                    "value": "Lede cut right at this paragraph: a doubtful break the reader checked.",
                }
            ],
            "lede:settled": True,
            "target": {
                "source": str(source),
                "lede:sha256": data[0]["target"]["lede:sha256"],
                "lede:line": 31,
                "selector": [{"type": "TextQuoteSelector", "exact": paragraph}],
            },
        }
    ]
    exported = tmp_path / "notes.json"
    exported.write_text(json.dumps(data), encoding="utf-8")
    other = tmp_path / "copy.txt"
    other.write_text(DOUBT_SAMPLE_TEXT, encoding="utf-8")
    with open_library(other) as lib:
        assert len(lib.doubtful_breaks()) == 1
        report = lib.import_file(exported).value
        assert (report.settled, report.cuts, report.summary()) == (1, 0, "imported 1 checked doubtful break")
        assert lib.doubtful_breaks() == []
        assert lib.import_file(exported).value.skipped == 1
    with open_library(other) as lib:
        assert lib.doubtful_breaks() == []  # kept with the session state, as one settled here


def test_a_file_of_cuts_at_paragraphs_this_source_lacks_names_five_and_counts_the_rest(
    tmp_path: Path,
) -> None:
    items = [
        paragraph_mark(line, f"Paragraph {line} of another file.", **{"lede:cut": "start"})
        for line in range(1, 2001)
    ]
    exported = tmp_path / "notes.json"
    exported.write_text(json.dumps(items), encoding="utf-8")
    source = tmp_path / "news.txt"
    source.write_text(TEXT, encoding="utf-8")
    with open_library(source) as lib:
        report = lib.import_file(exported).value
        assert (report.cuts, len(report.unplaced_notes)) == (0, 2000)
        said = report.summary()
        assert said.startswith(
            "imported 0 highlights placed in the text; 2000 left out: an article cut at line 1: its "
            "paragraph is not in this source (“Paragraph 1 of another file.”); an article cut at line 2"
        )
        assert said.endswith("; and 1995 more") and said.count("an article cut") == 5
        assert saved_cuts(source) == {}


def test_a_full_disk_during_an_import_writes_none_of_it_and_a_retry_writes_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from reader.core.store import cuts

    data, starts, _lead = _cut_library(tmp_path / "news.txt")
    exported = tmp_path / "notes.json"
    exported.write_text(json.dumps(data), encoding="utf-8")
    other = tmp_path / "copy.txt"
    shutil.copy(SAMPLE, other)
    with open_library(other) as lib:

        def full(*_args: object) -> None:  # the disk fills after the highlight, at the cuts
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(cuts, "set_cut", full)
        with pytest.raises(StorageError, match="disk full"):
            lib.import_file(exported)
        assert lib.highlights() == [] and saved_cuts(other) == {}  # not the highlight without the cuts
        monkeypatch.undo()
        report = lib.import_file(exported).value
        assert (report.placed, report.cuts) == (1, 2)
        assert {line: cut.kind for line, cut in saved_cuts(other).items()} == {
            starts[1]: "start",
            JOIN: "join",
        }


_JSONISH = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    said=st.dictionaries(
        st.sampled_from(["lede:cut", "lede:settled", "motivation", "type", "id"]), _JSONISH, max_size=4
    ),
    target=st.dictionaries(
        st.sampled_from(["source", "lede:line", "selector", "lede:sha256"]), _JSONISH, max_size=4
    ),
    line=_JSONISH | st.integers(-5, 10**9),
    exact=_JSONISH,
)
def test_any_cut_shaped_item_reads_as_a_cut_or_refuses_the_file_with_a_reason(
    said: dict[str, object], target: dict[str, object], line: object, exact: object
) -> None:
    """Hand-edited or hostile export files: a cut or checked doubt comes out whole (a line from 1
    and a quoted paragraph), or the file is refused with StorageError; never another exception."""
    item = {
        "type": "Annotation",
        "lede:cut": "start",
        **said,
        "target": {
            "source": "news.txt",
            "lede:line": line,
            "selector": [{"type": "TextQuoteSelector", "exact": exact}],
            **target,
        },
    }
    try:
        read = from_web_annotations([item])
    except StorageError as err:
        assert str(err).startswith("Annotation 0 in the file cannot be read: ") and "\n" not in str(err)
        return
    (one,) = read
    if one.kind in ("cut", "settled"):
        assert one.line >= 1 and one.exact.strip() and one.cut in ("start", "join", "")
