"""The fast phrase and expansion queries give the same answers as Whoosh's own."""

from __future__ import annotations

from pathlib import Path

from whoosh import query as wq

from reader.core.search import IndexDoc, SearchIndex, build_index
from reader.core.search.accel import bulk
from reader.core.search.accel.fastquery import MAX_EXPANSIONS, FastPhrase, speed_up

DOCS = [
    IndexDoc("a", "One", "the red fox ran past the red barn", 0),
    IndexDoc("b", "Two", "red barn and a fox that was red", 1),
    IndexDoc("c", "Three", "a fox a fox a fox a red fox", 2),
    IndexDoc("d", "Four", "barn red red barn fox", 3),
]


def ids(index: SearchIndex, query: str) -> list[str]:
    return sorted(h.id for h in index.search(query).hits)


def test_phrases_need_consecutive_words_in_order() -> None:
    with SearchIndex.in_memory(DOCS) as index:
        assert ids(index, '"red barn"') == ["a", "b", "d"]
        assert ids(index, '"barn red"') == ["d"]
        assert ids(index, '"red red barn"') == ["d"]
        assert ids(index, '"a fox a fox"') == ["c"]
        assert ids(index, '"fox red"') == []
        assert ids(index, '"red barn" NOT "barn red"') == ["a", "b"]


def test_fast_phrase_matches_what_whoosh_phrase_matches() -> None:
    with SearchIndex.in_memory(DOCS) as index:
        searcher = index._searcher
        for words in (["red", "barn"], ["a", "fox"], ["fox", "a", "fox"], ["the", "red", "fox"]):
            slow = {h.docnum for h in searcher.search(wq.Phrase("body_exact", words), limit=None)}
            fast = {h.docnum for h in searcher.search(FastPhrase("body_exact", words), limit=None)}
            assert fast == slow, words


def test_speed_up_swaps_phrases_and_prefixes_inside_compound_queries() -> None:
    q = wq.And([wq.Or([wq.Phrase("body", ["a", "b"]), wq.Prefix("body", "ce")]), wq.Term("body", "x")])
    tuned = speed_up(q)
    kinds = {type(node).__name__ for node in tuned.leaves()}
    assert kinds == {"FastPhrase", "CappedPrefix", "Term"}


def test_prefix_keeps_only_the_most_frequent_expansions() -> None:
    rare = [IndexDoc(f"r{i}", "x", f"zeta{i:03d}", i) for i in range(MAX_EXPANSIONS + 10)]
    common = [IndexDoc(f"c{i}", "x", "zetamost", 100 + i) for i in range(3)]
    with SearchIndex.in_memory(rare + common) as index:
        result = index.search("zeta*", limit=100)
        assert {"c0", "c1", "c2"} <= {h.id for h in result.hits}
        assert len(result.hits) <= MAX_EXPANSIONS * 3


def test_parallel_build_gives_the_same_answers(tmp_path: Path) -> None:
    docs = [IndexDoc(f"d{i}", f"Title {i}", f"body words number{i} common", i) for i in range(250)]
    build_index(tmp_path / "ix", iter(docs), procs=2)
    with SearchIndex(tmp_path / "ix") as index:
        assert index.doc_count() == 250
        assert [h.id for h in index.search("number17").hits] == ["d17"]
        assert index.search("common", limit=10).total >= 10


def _whoosh_ranking(index: SearchIndex, text: str, limit: int = 10) -> list[tuple[int, float]]:
    q = index._builder.parse(text)
    results = index._searcher.search(q, limit=limit)
    return [(hit.docnum, round(results.score(i), 9)) for i, hit in enumerate(results)]


def test_bulk_scoring_ranks_and_scores_exactly_like_whoosh() -> None:
    docs = [
        IndexDoc(
            f"d{i}", f"fox {'barn' if i % 3 == 0 else 'field'}", ("red fox " * (i % 5)) + "barn field", i
        )
        for i in range(40)
    ]
    with SearchIndex.in_memory(docs) as index:
        for text in ("fox", "red fox", "barn field fox", "title:barn red", "red OR barn"):
            groups = bulk.plan(index._builder.parse(text), index._searcher.schema)
            assert groups is not None, text
            found = bulk.run(index._searcher, groups, 10)
            assert found is not None
            top, total = found
            assert [(doc, round(score, 9)) for score, doc in top] == _whoosh_ranking(index, text), text
            assert total == len(index._searcher.search(index._builder.parse(text), limit=None))


def test_bulk_plan_declines_what_it_cannot_score() -> None:
    with SearchIndex.in_memory(DOCS) as index:
        for text in ('"red barn"', "fox*", "fox NOT barn", "is:unread", "fox OR (barn AND red)"):
            assert bulk.plan(index._builder.parse(text), index._searcher.schema) is None, text


def test_bulk_scoring_skips_deleted_documents() -> None:
    with SearchIndex.in_memory(DOCS) as index:
        assert ids(index, "red barn") == ["a", "b", "d"]
        index.delete(["b"])
        index.update([IndexDoc("e", "Five", "red barn again", 4)])
        result = index.search("red barn")
        assert sorted(h.id for h in result.hits) == ["a", "d", "e"]
        assert result.total == 3
        groups = bulk.plan(index._builder.parse("red barn"), index._searcher.schema)
        assert groups is not None
        found = bulk.run(index._searcher, groups, 10)  # the bulk path, not the fallback
        assert found is not None
        searcher = index._searcher
        assert sorted(searcher.stored_fields(doc)["id"] for _, doc in found[0]) == ["a", "d", "e"]
        assert found[1] == 3


def test_fused_analyzer_indexes_exactly_what_the_filter_chain_does() -> None:
    from whoosh.analysis import CompositeAnalyzer

    from reader.core.search.schema import exact_analyzer, names_analyzer, stemming_analyzer

    text = (
        "The Café owners' U.S. rally: a 5 % rise, I think — Zelenskyy's 3.141 "
        "the of and running runners ran. ÉCOLE naïve Ærø don't São Paulo x y"
    )
    for analyzer in (stemming_analyzer(), exact_analyzer(), names_analyzer()):
        for kwargs in ({"positions": True, "boosts": True}, {"boosts": True}):
            fast = [(t.text, getattr(t, "pos", None)) for t in analyzer(text, mode="index", **kwargs)]
            chain = [
                (t.text, getattr(t, "pos", None))
                for t in CompositeAnalyzer.__call__(analyzer, text, mode="index", **kwargs)
            ]
            assert fast == chain, (analyzer, kwargs)


def test_constant_matcher_finishes_when_no_block_can_reach_the_threshold() -> None:
    # Whoosh's AndMaybe loop calls skip_to_quality until the sum of block qualities
    # reaches the threshold; a constant-score matcher that never moved spun for ever
    # (seen as `elect*` hanging on a 20k-article index).
    from whoosh import matching

    from reader.core.search.accel.fastquery import _ConstantMatcher

    m = _ConstantMatcher(matching.ListMatcher([1, 5, 9]), score=1.0)
    assert m.skip_to_quality(0.5) == 0 and m.is_active()  # this block already qualifies
    assert m.skip_to_quality(2.0) > 0
    assert not m.is_active()
