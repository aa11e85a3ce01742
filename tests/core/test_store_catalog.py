"""The catalog: articles in order, full articles back, per-article and library-wide entities."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.core.errors import StorageError
from reader.core.store.catalog import Catalog
from reader.core.types import Analysis, Article, Entity, Figure, Mention, Quote


def article(
    aid: str, position: int, entities: tuple[Entity, ...] = (), text: str = "one two three"
) -> Article:
    return Article(
        id=aid,
        title=f"Title {aid}",
        text=text,
        start_line=position * 10 + 1,
        end_line=position * 10 + 5,
        lines=(position * 10 + 1, position * 10 + 5),
        position=position,
        entities=entities,
    )


BIDEN_A = Entity("Joe Biden", "PERSON", ("Biden", "Mr Biden"), 3, "President")
BIDEN_B = Entity("Joe Biden", "PERSON", ("Joe Biden", "Biden"), 2)
IDF = Entity("Israel Defence Forces", "ORG", ("IDF",), 4)
GAZA = Entity("Gaza", "GPE", (), 5)


def test_an_article_comes_back_whole(tmp_path: Path) -> None:
    full = Article(
        id="x1",
        title="Biden on Gaza",
        text="A Gaza deal is “on the brink”, President Joe Biden said.\nSecond paragraph with 80%.",
        start_line=21,
        end_line=22,
        lines=(21, 22),
        title_derived=False,
        date="2025-01-13",
        author="Sky News",
        url="https://example.org/a",
        position=3,
        entities=(BIDEN_A, GAZA),
        mentions=(Mention(2, 6, "Gaza", "GPE"), Mention(41, 50, "Joe Biden", "PERSON")),
        quotes=(Quote("Joe Biden", "on the brink", 16, 28),),
        figures=(Figure("80%", 80.0, "%", 79, 82, "Second paragraph with 80%."),),
    )
    with Catalog(tmp_path / "catalog.sqlite") as cat:
        cat.write_articles([full])
        assert cat.article("x1") == full
        assert cat.article("missing") is None
        [summary] = cat.articles()
        assert (summary.id, summary.title, summary.position, summary.words, summary.date) == (
            "x1",
            "Biden on Gaza",
            3,
            15,
            "2025-01-13",
        )


def test_articles_are_listed_in_position_order_and_replaced_by_id(tmp_path: Path) -> None:
    with Catalog(tmp_path / "catalog.sqlite") as cat:
        cat.write_articles([article("c", 2), article("a", 0), article("b", 1, (GAZA,))])
        assert cat.article_ids() == ["a", "b", "c"]
        cat.write_articles([article("b", 1, (IDF,), text="replaced text here now")])
        assert cat.article_ids() == ["a", "b", "c"]
        assert cat.articles()[1].words == 4
        assert [e.name for e in cat.entities("b")] == ["Israel Defence Forces"]
        assert cat.articles_with_entity("Gaza") == []
        assert cat.entities() == [IDF]  # library totals follow the replacement
        cat.write_articles([article("c", 2, (IDF,))])
        assert cat.entities() == [Entity("Israel Defence Forces", "ORG", ("IDF",), 8)]


def test_library_wide_entities_sum_counts_and_merge_aliases(tmp_path: Path) -> None:
    with Catalog(tmp_path / "catalog.sqlite") as cat:
        cat.write_articles(
            [article("a", 0, (BIDEN_A, GAZA)), article("b", 1, (BIDEN_B, IDF)), article("c", 2, (GAZA,))]
        )
        assert cat.entities() == [
            Entity("Gaza", "GPE", (), 10),
            Entity("Israel Defence Forces", "ORG", ("IDF",), 4),
            Entity("Joe Biden", "PERSON", ("Biden", "Joe Biden", "Mr Biden"), 5, "President"),
        ]
        assert [(e.name, e.count) for e in cat.entities("a")] == [("Gaza", 5), ("Joe Biden", 3)]
        assert cat.articles_with_entity("Joe Biden") == ["a", "b"]
        assert cat.articles_with_entity("Gaza") == ["a", "c"]


def test_a_provisional_analysis_never_replaces_a_final_one(tmp_path: Path) -> None:
    """The ahead lane may finish an article after the build's final write reached it."""
    with Catalog(tmp_path / "catalog.sqlite") as cat:
        cat.write_articles([article("a", 0), article("b", 1), article("c", 2)])
        assert cat.write_articles([article("b", 1, (IDF,))], provisional=True) == 1
        assert (
            cat.write_articles([article("a", 0, (BIDEN_A,)), article("b", 1, (BIDEN_B,))], final_through=1)
            == 2
        )
        late = [article("a", 0, (GAZA,)), article("b", 1, (GAZA,)), article("c", 2, (GAZA,))]
        assert cat.write_articles(late, provisional=True) == 1
        assert [[e.name for e in cat.entities(i)] for i in "abc"] == [["Joe Biden"], ["Joe Biden"], ["Gaza"]]
        assert cat.entities() == [
            Entity("Gaza", "GPE", (), 5),
            Entity("Joe Biden", "PERSON", ("Biden", "Joe Biden", "Mr Biden"), 5, "President"),
        ]
        assert cat.write_articles([article("c", 2, (IDF,))], final_through=2) == 1
        assert cat.write_articles([article("c", 2, (GAZA,))], provisional=True) == 0
        assert [e.name for e in cat.entities("c")] == ["Israel Defence Forces"]
    # The build's streaming stage writes analyses batch by batch, each marked final the same way.
    with Catalog(tmp_path / "streamed.sqlite") as cat:
        cat.write_articles([article("a", 0), article("b", 1)])
        cat.write_analyses([("a", Analysis(entities=(IDF,)))], final_through=0)
        assert cat.write_articles([article("a", 0, (GAZA,)), article("b", 1, (GAZA,))], provisional=True) == 1
        assert [[e.name for e in cat.entities(i)] for i in "ab"] == [["Israel Defence Forces"], ["Gaza"]]


def test_meta_is_kept_and_the_schema_version_recorded(tmp_path: Path) -> None:
    with Catalog(tmp_path / "catalog.sqlite") as cat:
        assert cat.meta("schema_version") == "3"
        assert cat.meta("source_sha256") is None
        cat.set_meta("source_sha256", "abc")
        cat.set_meta("source_sha256", "def")
        assert cat.meta("source_sha256") == "def"


def test_a_catalog_of_an_unknown_version_or_foreign_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    Catalog(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="schema version '7'.*rebuild"):
        Catalog(path)
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="not a Lede catalog"):
        Catalog(foreign)


def test_readonly_reads_but_refuses_writes_and_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    with Catalog(path) as cat:
        cat.write_articles([article("a", 0, (GAZA,))])
    with Catalog(path, readonly=True) as ro:
        assert ro.article_ids() == ["a"]
        assert ro.entities()[0].name == "Gaza"
        with pytest.raises(StorageError, match="read-only"):
            ro.set_meta("k", "v")
    with pytest.raises(StorageError, match="does not exist"):
        Catalog(tmp_path / "nope.sqlite", readonly=True)


def test_twenty_thousand_articles_are_written_and_aggregated(tmp_path: Path) -> None:
    """What the list and the sidebar read at 20k articles is complete and in order; how fast
    it is read is a figure (``tests/bench/bench_catalog.py``), not a limit a busy machine trips."""
    people = [Entity(f"Person {i}", "PERSON", (f"P{i}",), 1 + i % 3) for i in range(200)]
    places = [Entity(f"Place {i}", "GPE", (), 2) for i in range(50)]
    arts = [
        article(f"id{i:05d}", i, (people[i % 200], people[(i * 7) % 200], places[i % 50]), text="word " * 50)
        for i in range(20_000)
    ]
    with Catalog(tmp_path / "catalog.sqlite") as cat:
        cat.write_articles(arts)
        summaries = cat.articles()
        library = cat.entities()
        hits = cat.articles_with_entity("Person 3")
    assert len(summaries) == 20_000 and summaries[0].words == 50
    assert len(library) == 250 and library[0].type == "GPE"
    assert hits[:2] == ["id00003", "id00029"]  # 29 * 7 = 203 ≡ 3 (mod 200)
