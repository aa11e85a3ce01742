"""Behaviour of the search index: build, open, query syntax, snippets, spelling, updates."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.core.errors import IndexBuildError, QueryError
from reader.core.search import IndexDoc, SearchIndex, build_index

DOCS = [
    IndexDoc(
        id="gaza",
        title="Ceasefire deal in Gaza",
        body=(
            "Talks on a ceasefire deal in Gaza continued on Tuesday.\n"
            "Mr Biden said the war crimes inquiry would go on."
        ),
        position=0,
        date="2019-03-01",
        entities={"PERSON": ["Joe Biden", "Biden", "Mr Biden"], "GPE": ["Gaza"]},
    ),
    IndexDoc(
        id="hague",
        title="Markets rally",
        body="Stocks rose as the war crime tribunal opened in The Hague. Café owners celebrated.",
        position=1,
        date="2019-08-01T10:00:00Z",
        entities={"GPE": ["The Hague"], "ORG": ["International Criminal Court", "ICC"]},
        tags=["economy", "Middle East"],
        notes="check the tribunal dates",
        starred=True,
    ),
    IndexDoc(
        id="kyiv",
        title="Zelenskyy visits the front",
        body="President Volodymyr Zelenskyy travelled east. Ukrainian troops held the line.",
        position=2,
        date="2023-02-10",
        entities={"PERSON": ["Volodymyr Zelenskyy", "Zelenskyy"], "NORP": ["Ukrainian"]},
        read=True,
    ),
]


@pytest.fixture()
def ix() -> SearchIndex:
    index = SearchIndex.in_memory(DOCS)
    yield index
    index.close()


def ids(index: SearchIndex, query: str) -> list[str]:
    return [h.id for h in index.search(query).hits]


def test_build_then_open_from_disk(tmp_path: Path) -> None:
    seen: list[int] = []
    build_index(tmp_path / "ix", DOCS, progress=seen.append)
    assert seen == [3]
    with SearchIndex(tmp_path / "ix") as index:
        assert index.doc_count() == 3
        assert ids(index, "ceasefire") == ["gaza"]


def test_build_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "junk.txt").write_text("x")
    with pytest.raises(IndexBuildError):
        build_index(tmp_path, DOCS)


def test_opening_a_missing_or_corrupt_index_raises_index_build_error(tmp_path: Path) -> None:
    with pytest.raises(IndexBuildError):
        SearchIndex(tmp_path / "nothing")
    build_index(tmp_path / "ix", DOCS)
    segment_files = [f for f in (tmp_path / "ix").glob("MAIN_*") if f.suffix in (".trm", ".pst", ".seg")]
    assert segment_files
    for seg in segment_files:
        seg.write_bytes(b"garbage")
    with pytest.raises(IndexBuildError):
        SearchIndex(tmp_path / "ix")


def test_plain_words_are_anded_and_stemmed(ix: SearchIndex) -> None:
    assert ids(ix, "war crime") == ["hague", "gaza"]  # "crimes" stems to "crime"
    assert ids(ix, "war ceasefire") == ["gaza"]


def test_boolean_operators_and_groups(ix: SearchIndex) -> None:
    assert set(ids(ix, "ceasefire OR tribunal")) == {"gaza", "hague"}
    assert ids(ix, "war NOT ceasefire") == ["hague"]
    assert set(ids(ix, "title:(gaza OR markets)")) == {"gaza", "hague"}


def test_quoted_phrase_means_exact_words(ix: SearchIndex) -> None:
    assert ids(ix, '"war crime"') == ["hague"]
    assert ids(ix, '"war crimes"') == ["gaza"]


def test_prefix_and_fuzzy(ix: SearchIndex) -> None:
    assert ids(ix, "ceasef*") == ["gaza"]
    assert ids(ix, "Zelensky~") == ["kyiv"]


def test_accents_fold_both_ways(ix: SearchIndex) -> None:
    assert ids(ix, "cafe") == ["hague"]
    assert ids(ix, "Café") == ["hague"]


def test_entity_fields_match_any_alias_and_partial_names(ix: SearchIndex) -> None:
    assert ids(ix, "person:Biden") == ["gaza"]
    assert ids(ix, 'person:"Joe Biden"') == ["gaza"]
    assert ids(ix, "place:hague") == ["hague"]
    assert ids(ix, "org:ICC") == ["hague"]
    assert ids(ix, "group:ukrainian") == ["kyiv"]
    assert ids(ix, "person:Gaza") == []


def test_entity_alias_only_in_entities_map_still_finds_article() -> None:
    doc = IndexDoc("x", "Talks", "Mr Biden spoke.", 0, entities={"PERSON": ["Joe Biden", "Mr Biden"]})
    with SearchIndex.in_memory([doc]) as index:
        assert ids(index, "person:Joe") == ["x"]


def test_state_shortcuts_tags_and_notes(ix: SearchIndex) -> None:
    assert ids(ix, "is:starred") == ["hague"]
    assert ids(ix, "is:unread") == ["gaza", "hague"]  # filters list in source order
    assert ids(ix, "is:read") == ["kyiv"]
    assert ids(ix, "has:notes") == ["hague"]
    assert ids(ix, 'tag:"middle east"') == ["hague"]
    assert ids(ix, "tags:economy") == ["hague"]
    assert ids(ix, "notes:dates") == ["hague"]
    assert ids(ix, "war is:starred") == ["hague"]
    assert ids(ix, "war NOT is:starred") == ["gaza"]


def test_date_ranges(ix: SearchIndex) -> None:
    assert ids(ix, "date:[2019-01-01 TO 2019-06-30]") == ["gaza"]
    assert ids(ix, "date:2019") == ["gaza", "hague"]
    assert ids(ix, "date:>2020-01-01") == ["kyiv"]


def test_snippet_marks_matches_and_flattens_newlines(ix: SearchIndex) -> None:
    hit = ix.search("ceasefire").hits[0]
    assert hit.snippet.startswith("Talks on a [[ceasefire]] deal in Gaza continued on Tuesday. Mr Biden")
    assert "\n" not in hit.snippet
    stemmed = ix.search("war crime").hits[1]
    assert "[[war]] [[crimes]]" in stemmed.snippet
    phrase = ix.search('"war crime"').hits[0]
    assert "the [[war]] [[crime]] tribunal" in phrase.snippet


def test_only_top_hits_get_snippets(ix: SearchIndex) -> None:
    result = ix.search("war", snippets=1)
    assert [bool(h.snippet) for h in result.hits] == [True, False]
    assert result.total == 2


def test_title_only_match_gets_the_lead_as_snippet(ix: SearchIndex) -> None:
    hit = ix.search("title:markets").hits[0]
    assert hit.snippet.startswith("Stocks rose")
    assert "[[" not in hit.snippet


def test_malformed_query_falls_back_with_notice(ix: SearchIndex) -> None:
    result = ix.search("AND OR (")
    assert result.hits == ()
    assert result.notice.startswith("Query could not be parsed (AND needs a search term on both sides)")
    fallback = ix.search("ceasefire AND (gaza")
    assert [h.id for h in fallback.hits] == ["gaza"]
    assert "unbalanced parenthesis" in fallback.notice
    assert ix.search("ceasefire").notice == ""


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("AND OR (", "AND needs a search term on both sides"),
        ("war AND", "AND needs a search term on both sides"),
        ("war NOT", "NOT needs a search term after it"),
        ("(war", "unbalanced parenthesis: '(' without ')'"),
        ("war)", "unbalanced parenthesis: ')' without '('"),
        ('"war crime', 'unclosed quote (")'),
        ("()", "empty parentheses ()"),
        ("date:[2019-01-01 TO", "unclosed range in 'date:[2019-01-01 TO'"),
        ("is:happy", "unknown is:happy (use is:unread, is:read, is:starred, is:unstarred)"),
        ("date:[xx TO yy]", "'xx' is not a parseable date"),
    ],
)
def test_parse_check_raises_one_line_query_error(ix: SearchIndex, query: str, message: str) -> None:
    with pytest.raises(QueryError) as info:
        ix.parse_check(query)
    assert str(info.value) == message


@pytest.mark.parametrize(
    "query",
    ["war crime", '"war crime"', "person:Biden", "is:unread", "Note: war", "title:", "10:30", "x AND NOT y"],
)
def test_parse_check_accepts_well_formed_queries(ix: SearchIndex, query: str) -> None:
    ix.parse_check(query)


def test_did_you_mean_suggests_an_indexed_word(ix: SearchIndex) -> None:
    result = ix.search("ceasfire")
    assert result.hits == ()
    assert result.suggestion == "ceasefire"
    assert ix.search("gaza ceasfire").suggestion == "gaza ceasefire"
    assert ix.search("ceasefire").suggestion == ""
    assert ix.search("person:Bidden").suggestion == ""  # fielded values are left alone


def test_update_makes_a_changed_note_findable_at_once(ix: SearchIndex) -> None:
    assert ids(ix, "notes:ultimatum") == []
    old = DOCS[0]
    ix.update([IndexDoc(old.id, old.title, old.body, old.position, notes="ultimatum expires", starred=True)])
    assert ids(ix, "ultimatum") == ["gaza"]
    assert ids(ix, "has:notes") == ["gaza", "hague"]
    assert ix.doc_count() == 3  # replaced, not duplicated


def test_delete_removes_documents(ix: SearchIndex) -> None:
    ix.delete(["gaza", "unknown"])
    assert ix.doc_count() == 2
    assert ids(ix, "ceasefire") == []


def test_update_on_disk_index_is_visible_after_reopen(tmp_path: Path) -> None:
    build_index(tmp_path / "ix", DOCS[:1])
    with SearchIndex(tmp_path / "ix") as index:
        index.update(DOCS[1:])
        assert index.doc_count() == 3
    with SearchIndex(tmp_path / "ix") as index:
        assert ids(index, "tribunal") == ["hague"]


def test_empty_query_returns_nothing(ix: SearchIndex) -> None:
    result = ix.search("   ")
    assert result.hits == () and result.total == 0 and result.notice == ""


def test_limit_caps_hits_but_total_counts_all(ix: SearchIndex) -> None:
    result = ix.search("is:unread OR is:read", limit=1)
    assert len(result.hits) == 1
    assert result.total == 3


def test_concurrent_searches_and_updates_do_not_interfere(ix: SearchIndex) -> None:
    errors: list[BaseException] = []

    def searcher() -> None:
        try:
            for _ in range(30):
                assert ids(ix, "tribunal") == ["hague"]
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=searcher) for _ in range(3)]
    for t in threads:
        t.start()
    for n in range(5):
        ix.update([IndexDoc("extra", f"Extra {n}", "unrelated words", 10 + n)])
    for t in threads:
        t.join()
    assert errors == []
    assert ix.doc_count() == 4


def test_an_index_built_with_spilled_block_runs_answers_like_one_sorted_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import whoosh.writing

    from reader.core.search.accel import runs

    docs = [
        IndexDoc(
            id=f"{d.id}-{k}", title=d.title, body=d.body, position=3 * k + d.position, entities=d.entities
        )
        for k in range(12)
        for d in DOCS
    ]
    queries = ["ceasefire", '"war crime"', "person:Biden", "tribunal OR front", "zelensk*", "place:Hague"]
    build_index(tmp_path / "memory", docs, procs=1)
    monkeypatch.setattr(runs, "RUN_BLOCK", 7)
    real_init = whoosh.writing.PostingPool.__init__
    spilled: list[int] = []

    def tiny_pool(self: whoosh.writing.PostingPool, *args: object, **kwargs: object) -> None:
        real_init(self, *args, **kwargs)
        self.limit = 3000  # bytes: spill a run every few dozen postings
        real_save = self.save

        def save() -> None:
            spilled.append(len(self.current))
            real_save()

        self.save = save  # type: ignore[method-assign]

    monkeypatch.setattr(whoosh.writing.PostingPool, "__init__", tiny_pool)
    build_index(tmp_path / "runs", docs, procs=1)
    assert len(spilled) > 10
    with SearchIndex(tmp_path / "memory") as a, SearchIndex(tmp_path / "runs") as b:
        for q in queries:
            ra, rb = a.search(q, limit=100), b.search(q, limit=100)
            assert ra.total > 0
            assert [(h.id, round(h.score, 9)) for h in ra.hits] == [
                (h.id, round(h.score, 9)) for h in rb.hits
            ], q
