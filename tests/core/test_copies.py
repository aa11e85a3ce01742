"""Wire copies and updates: grouped at build time, shown as versions, folded in search."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.build import build_source
from reader.core.copies import CopyDoc, find_copies
from reader.core.fold import copies_option, fold_copies_of
from reader.core.library import Library
from reader.core.store.annotations import AnnotationStore
from reader.core.store.catalog import Catalog
from reader.core.types import Article, Hit, SearchResult
from tests.core.copy_stories import BRIDGE, BRIDGE_VOTE, changed_words, text, write_jsonl


def doc(i: str, body: str, date: str | None, position: int) -> CopyDoc:
    return CopyDoc(id=i, text=body, date=date, position=position)


def test_an_exact_repost_is_a_copy_of_the_earlier_one() -> None:
    found = find_copies(
        [doc("first", text(BRIDGE), "2024-05-03", 0), doc("repost", text(BRIDGE), "2024-05-04", 1)]
    )
    assert found == {"first": None, "repost": "first"}


def test_a_distinct_story_on_the_same_subject_is_not_a_copy() -> None:
    found = find_copies(
        [doc("closure", text(BRIDGE), "2024-05-03", 0), doc("vote", text(BRIDGE_VOTE), "2024-05-07", 1)]
    )
    assert found == {"closure": None, "vote": None}


def test_a_story_quoting_one_paragraph_of_another_is_not_a_copy() -> None:
    follow_up = (*BRIDGE_VOTE[:2], BRIDGE[1], *BRIDGE_VOTE[2:])
    found = find_copies([doc("closure", text(BRIDGE), None, 0), doc("vote", text(follow_up), None, 1)])
    assert found == {"closure": None, "vote": None}


def test_copy_of_points_at_the_earliest_by_date_not_by_position() -> None:
    found = find_copies(
        [
            doc("a", text(BRIDGE), "2024-05-03", 0),
            doc("b", text(BRIDGE[:4]), "2024-05-04", 1),  # a paragraph cut
            doc("c", text(changed_words(BRIDGE)), "2024-05-02", 2),  # words changed, dated first
            doc("d", text(BRIDGE_VOTE), "2024-05-01", 3),
        ]
    )
    assert found == {"a": "c", "b": "c", "c": None, "d": None}


def test_same_date_goes_by_position_and_undated_copies_come_after_dated_ones() -> None:
    found = find_copies(
        [
            doc("undated", text(BRIDGE), None, 0),
            doc("second", text(BRIDGE), "2024-05-03", 2),
            doc("first", text(BRIDGE), "2024-05-03", 1),
        ]
    )
    assert found == {"undated": "first", "second": "first", "first": None}


def test_a_copy_of_a_copy_points_at_the_first_original() -> None:
    # c is b with paragraphs cut, b is a with words changed: one story, one original.
    a = text(BRIDGE)
    b = text(changed_words(BRIDGE))
    c = text(changed_words(BRIDGE)[1:4])
    found = find_copies(
        [doc("a", a, "2024-05-01", 0), doc("b", b, "2024-05-02", 1), doc("c", c, "2024-05-03", 2)]
    )
    assert found == {"a": None, "b": "a", "c": "a"}


def test_empty_articles_are_nobody_s_copy() -> None:
    assert find_copies([doc("x", "", None, 0), doc("y", "", None, 1)]) == {"x": None, "y": None}


def _article(i: str, position: int) -> Article:
    return Article(
        id=i, title=i, text=text(BRIDGE), start_line=position, end_line=position, position=position
    )


def test_the_catalog_keeps_copy_of_when_articles_are_written_again(tmp_path: Path) -> None:
    with Catalog(tmp_path / "catalog.sqlite") as cat:
        cat.write_articles([_article("a", 0), _article("b", 1), _article("c", 2)])
        cat.set_copies({"b": "a", "c": "a"})
        cat.write_articles([_article("b", 1)])  # the analysis stage rewrites every article
        summaries = {s.id: (s.copy_of, s.versions) for s in cat.articles()}
        assert summaries == {"a": (None, 3), "b": ("a", 1), "c": ("a", 1)}
        assert cat.copies() == {"b": "a", "c": "a"}


def test_copies_all_is_taken_out_of_the_query() -> None:
    assert copies_option("bridge copies:all date:2024") == ("bridge date:2024", True)
    assert copies_option("bridge") == ("bridge", False)


def test_folding_keeps_the_best_hit_of_each_group_and_counts_the_rest() -> None:
    hits = tuple(Hit(id=i, title=i, score=s) for i, s in (("b", 9.0), ("x", 8.0), ("a", 7.0), ("c", 6.0)))
    folded = fold_copies_of(SearchResult(hits=hits, total=4, query="q"), {"b": "a", "c": "a"}, limit=10)
    assert [(h.id, h.copies) for h in folded.hits] == [("b", 2), ("x", 0)]
    assert folded.total == 2


@pytest.fixture
def copies_lib(tmp_path: Path) -> Iterator[tuple[Library, dict[str, str]]]:
    source = tmp_path / "bridge.jsonl"
    gold = write_jsonl(source)
    build = build_source(source, tmp_path / "cache", analyse=False)
    store = AnnotationStore(tmp_path / "annotations.sqlite")
    lib = Library(source, build, store)
    yield lib, gold
    lib.close()
    store.close()


def test_the_build_records_each_copy_s_original_and_the_versions(
    copies_lib: tuple[Library, dict[str, str]],
) -> None:
    lib, gold = copies_lib
    by_title = {s.title: s for s in lib.articles()}
    original = by_title["Harwick bridge shuts Monday"]
    assert {t: (s.copy_of, s.versions) for t, s in by_title.items()} == {
        "Harwick bridge to close for repairs": (original.id, 1),
        "Council votes to replace Harwick bridge": (None, 1),
        "Bridge closure: detour through Millbrook": (original.id, 1),
        "Harwick bridge shuts Monday": (None, 3),
    }
    assert set(gold) == set(by_title)


def test_search_shows_one_hit_per_story_unless_asked_for_every_copy(
    copies_lib: tuple[Library, dict[str, str]],
) -> None:
    lib, _gold = copies_lib
    folded = lib.search("Millbrook detour")
    assert [h.copies for h in folded.hits] == [2]
    every = lib.search("Millbrook detour copies:all")
    assert len(every.hits) == 3 and all(h.copies == 0 for h in every.hits)
    assert every.query == "Millbrook detour copies:all"
    assert len(lib.search("Millbrook detour", fold_copies=False).hits) == 3
    lib.check_query("Millbrook copies:all")  # the option is no query syntax error


def test_the_default_lsh_bands_are_datasketchs_own_choice_for_the_threshold() -> None:
    """DEFAULT writes datasketch's (bands, rows) down so that no build integrates (the desktop
    bundle has no SciPy); if the threshold or the permutations are refitted, this says so."""
    from datasketch.lsh import _optimal_param

    from reader.core.copies import DEFAULT

    assert DEFAULT.lsh_bands == _optimal_param(DEFAULT.lsh_threshold, DEFAULT.num_perm, 0.5, 0.5)


def _bridge_variants() -> list[str]:
    """Copies, cuts, recombinations and strangers: many buckets of one, two and more articles."""
    out: list[str] = []
    for i in range(len(BRIDGE)):
        out.append(text(BRIDGE[i:]))
        out.append(text(changed_words(BRIDGE)[: i + 1]))
        out.append(text((*BRIDGE_VOTE[i:], *BRIDGE[:i])))
        out.append(text(BRIDGE_VOTE[: i + 1]))
    return [*out, "", "one two", text(BRIDGE)]


def test_candidate_pairs_are_the_pairs_datasketchs_own_lsh_proposes() -> None:
    """The banding over one signature array replaced datasketch's MinHashLSH (a set per bucket,
    gigabytes at 100k articles): it must propose exactly the pairs that LSH did."""
    from datasketch import MinHash, MinHashLSH

    from reader.core.copies import DEFAULT, Vocabulary, candidate_pairs, shingles

    vocab = Vocabulary()
    sets = [shingles(t, DEFAULT.k, vocab) for t in _bridge_variants()]
    lsh = MinHashLSH(threshold=DEFAULT.lsh_threshold, num_perm=DEFAULT.num_perm, params=DEFAULT.lsh_bands)
    sketches = MinHash.bulk((s.tolist() for s in sets), num_perm=DEFAULT.num_perm, hashfunc=int)
    for i, (s, m) in enumerate(zip(sets, sketches, strict=True)):
        if len(s):
            lsh.insert(i, m)
    expected = sorted(
        (i, j)
        for i, (s, m) in enumerate(zip(sets, sketches, strict=True))
        if len(s)
        for j in lsh.query(m)
        if j > i
    )
    found = candidate_pairs(sets)
    assert [tuple(p) for p in found.tolist()] == expected
    assert len(expected) > len(sets)  # buckets of more than two articles were met


def test_packed_shingle_sets_read_back_as_appended() -> None:
    from reader.core.copies import ShingleSets, shingles

    texts = _bridge_variants()
    packed = ShingleSets()
    for i, t in enumerate(texts):
        packed.append(shingles(t, 4))
        if i == 3:
            assert packed[2].tolist() == shingles(texts[2], 4).tolist()  # read before sealing
    packed.seal()
    assert len(packed) == len(texts)
    assert [s.tolist() for s in packed] == [shingles(t, 4).tolist() for t in texts]
    assert packed[-1].tolist() == shingles(texts[-1], 4).tolist()


def test_bucket_queries_find_each_articles_candidate_pairs() -> None:
    """The build asks the LSH's buckets article by article instead of listing the pairs (m²/2
    for a bucket of m articles): each article's candidates are exactly its pairs."""
    from reader.core.copies import Buckets, Vocabulary, candidate_pairs, shingles

    vocab = Vocabulary()
    sets = [shingles(t, 4, vocab) for t in _bridge_variants()]
    buckets = Buckets(sets)
    pairs = [tuple(p) for p in candidate_pairs(sets).tolist()]
    for i in range(len(sets)):
        assert buckets.of(i).tolist() == sorted({j for p in pairs if i in p for j in p if j != i})
