"""The seam over Whoosh's internals: a version guard, a switch, and the same answers either way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import whoosh
import whoosh.writing
from whoosh.scoring import BM25F

from reader.core.search import IndexDoc, SearchIndex, accel, build_index
from tests.core.test_search_enrich import QUERIES, corpus

# Everything a reader types: plain words (bulk-scored), fields, phrases, expansions,
# NOT, OR, filters listed in source order, and malformed input that falls back.
MORE_QUERIES = [
    "ceasefire talks",
    "war crime",
    "title:tribunal biden",
    "biden NOT hague",
    "(ceasefire OR tribunal) AND front",
    "zel*",
    "is:unread",
    'person:"Joe Biden" ceasefire',
    "AND OR (",
]


@pytest.fixture
def accel_on(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if not accel.version_supported():
        pytest.skip("the speed-ups need Whoosh-Reloaded 2.7.5")
    monkeypatch.delenv(accel.PLAIN_ENV, raising=False)
    yield
    accel.remove_patches()


# Scores agree except for prefix/wildcard/fuzzy terms: plain Whoosh drops a field's boost
# when an expansion finds one term and adds constant-scored expansions without it, where
# the accelerated classes keep it (a title match ranks above a body match); hits and
# their order agree all the same here.
EXPANSIONS = ("*", "~")


def answers(path: Path) -> dict[str, tuple[list[str], list[float], str]]:
    with SearchIndex(path) as ix:
        out = {}
        for q in QUERIES + MORE_QUERIES:
            result = ix.search(q, limit=1000)
            scores = [] if any(x in q for x in EXPANSIONS) else [round(h.score, 9) for h in result.hits]
            out[q] = ([h.id for h in result.hits], scores, result.notice)
        return out


def test_plain_and_accelerated_whoosh_give_the_same_hits_in_the_same_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, accel_on: None
) -> None:
    docs = corpus(12)
    build_index(tmp_path / "fast", docs, procs=1)
    fast = answers(tmp_path / "fast")
    monkeypatch.setenv(accel.PLAIN_ENV, "1")
    build_index(tmp_path / "plain", docs, procs=1)
    assert not accel.enabled()
    assert answers(tmp_path / "plain") == fast  # plain writer and plain searcher
    assert answers(tmp_path / "fast") == fast  # plain searcher over the accelerated build
    assert all(fast[q][0] for q in QUERIES)


def test_the_switch_turns_every_speed_up_off(monkeypatch: pytest.MonkeyPatch, accel_on: None) -> None:
    assert accel.enabled() and accel.status().startswith("accelerated")
    assert type(accel.weighting()) is not BM25F
    for value in ("1", "yes"):
        monkeypatch.setenv(accel.PLAIN_ENV, value)
        assert not accel.enabled()
        assert "LEDE_PLAIN_WHOOSH" in accel.status()
        assert type(accel.weighting(title_B=0.3)) is BM25F
        with SearchIndex.in_memory([IndexDoc("a", "One", "red fox", 0)]) as ix:
            q = ix._builder.parse("red fox")
            assert {type(n).__name__ for n in ix._builder.parse('"red fox" fox*').leaves()} == {
                "Phrase",
                "Prefix",
            }
            assert accel.rank(ix._searcher, q, 10) is None
            assert [h.id for h in ix.search("red fox").hits] == ["a"]
    monkeypatch.setenv(accel.PLAIN_ENV, "0")
    assert accel.enabled()


def test_another_whoosh_release_gets_the_plain_paths(monkeypatch: pytest.MonkeyPatch, accel_on: None) -> None:
    accel.version_supported.cache_clear()
    monkeypatch.setattr(whoosh, "versionstring", lambda build=True, extra=True: "2.7.6")
    try:
        assert not accel.version_supported() and not accel.enabled()
        assert "2.7.6" in accel.status()
        accel.prepare_writing()
        assert not hasattr(whoosh.writing.PostingPool, "_lede_block_runs")
    finally:
        accel.version_supported.cache_clear()


def test_the_posting_pool_patch_is_idempotent_and_undone_when_plain(
    monkeypatch: pytest.MonkeyPatch, accel_on: None
) -> None:
    pool = whoosh.writing.PostingPool
    original = (pool._write_run, pool._read_run)
    accel.remove_patches()
    accel.prepare_writing()
    accel.prepare_writing()
    patched = (pool._write_run, pool._read_run)
    assert patched != original and pool.__dict__.get("_lede_block_runs") is True
    monkeypatch.setenv(accel.PLAIN_ENV, "1")
    accel.prepare_writing()
    assert (pool._write_run, pool._read_run) == original
    assert "_write_run" not in pool.__dict__ and "_lede_block_runs" not in pool.__dict__
    accel.remove_patches()  # again: nothing to undo
    assert (pool._write_run, pool._read_run) == original
