"""Entity fields added to a built text index by copying it: the same index a full rebuild gives."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reader.core.search import IndexDoc, SearchIndex, build_index, enrich
from reader.core.search.accel import NotCopyable, version_supported
from reader.core.search.accel.entity_copy import copy_with_entity_fields as add_entity_fields
from tests.core.test_search_index import DOCS

# The copy itself is tested whichever way LEDE_PLAIN_WHOOSH points (searches then run
# on plain Whoosh, which checks the copy's postings a second way), but only on the
# Whoosh release whose internals it reads.
pytestmark = pytest.mark.skipif(not version_supported(), reason="segment copy needs Whoosh-Reloaded 2.7.5")

# Plain words (entities count towards every unfielded word), each entity field, phrases
# in entity fields, expansions, filters and notes: everything whose score or match an
# entity field or a copied field could change.
QUERIES = [
    "ceasefire",
    "biden",
    "person:Biden",
    'person:"Joe Biden"',
    "org:ICC",
    "place:Hague",
    "group:Ukrainian",
    "entities:Zelenskyy",
    '"war crime"',
    "tribunal OR front",
    "zelensk*",
    "hague~",
    "is:starred",
    "tag:economy",
    "notes:tribunal",
    "date:[2019-01-01 TO 2019-12-31]",
]


def corpus(copies: int) -> list[IndexDoc]:
    """DOCS repeated with distinct ids, varied lengths and entity names per copy."""
    out = []
    for k in range(copies):
        for d in DOCS:
            entities = {t: [*names, f"Name{k} {t.title()}"] for t, names in d.entities.items()}
            out.append(
                replace(
                    d,
                    id=f"{d.id}-{k}",
                    position=3 * k + d.position,
                    body=d.body + " extra" * (k % 5),
                    entities=entities,
                )
            )
    return out


def without_entities(docs: list[IndexDoc]) -> list[IndexDoc]:
    return [replace(d, entities={}) for d in docs]


def results(path: Path) -> dict[str, list[tuple[str, float]]]:
    with SearchIndex(path) as ix:
        return {q: [(h.id, round(h.score, 9)) for h in ix.search(q, limit=1000).hits] for q in QUERIES}


def test_copy_of_a_text_index_answers_exactly_like_a_full_build(tmp_path: Path) -> None:
    docs = corpus(20)
    by_id = {d.id: d.entities for d in docs}
    build_index(tmp_path / "full", docs, procs=1)
    build_index(tmp_path / "text", without_entities(docs), procs=1)
    seen: list[int] = []
    add_entity_fields(tmp_path / "text", tmp_path / "copy", by_id.__getitem__, seen.append)
    full, copy = results(tmp_path / "full"), results(tmp_path / "copy")
    assert full["person:Biden"] and len(full["person:Biden"]) == 20
    assert all(full[q] for q in QUERIES)
    assert copy == full
    assert seen[-1] == 60
    # the text index itself does not know the entities
    assert results(tmp_path / "text")["person:Biden"] == []


def test_segments_copied_in_two_processes_match_a_copy_in_one(tmp_path: Path) -> None:
    docs = corpus(40)
    by_id = {d.id: d.entities for d in docs}
    # two writer processes: two segments, as the build writes its text index
    build_index(tmp_path / "text", without_entities(docs), procs=2)
    add_entity_fields(tmp_path / "text", tmp_path / "one", by_id.__getitem__, procs=1)
    add_entity_fields(tmp_path / "text", tmp_path / "two", by_id.__getitem__, procs=2)
    one, two = results(tmp_path / "one"), results(tmp_path / "two")
    assert len(one["person:Biden"]) == 40
    assert one == two
    # copying an index that already has entity fields replaces them (a resumed build)
    renamed = {
        i: {t: [n.replace("Biden", "Harris") for n in ns] for t, ns in e.items()} for i, e in by_id.items()
    }
    add_entity_fields(tmp_path / "two", tmp_path / "again", renamed.__getitem__, procs=2)
    again = results(tmp_path / "again")
    assert again["person:Biden"] == []
    with SearchIndex(tmp_path / "again") as ix:
        assert ix.search("person:Harris", limit=100).total == 40
    assert again["ceasefire"] == one["ceasefire"]


def test_an_index_edited_since_it_was_built_is_refused_not_copied_wrong(tmp_path: Path) -> None:
    docs = corpus(3)
    build_index(tmp_path / "text", without_entities(docs), procs=1)
    with SearchIndex(tmp_path / "text") as ix:
        ix.update([replace(docs[0], entities={}, notes="a note written while entities were found")])
    with pytest.raises(NotCopyable, match="deleted documents"):
        add_entity_fields(tmp_path / "text", tmp_path / "copy", lambda _id: {})


def test_with_the_speed_ups_off_the_build_is_told_to_index_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_index(tmp_path / "text", without_entities(corpus(1)), procs=1)
    monkeypatch.setenv("LEDE_PLAIN_WHOOSH", "1")
    with pytest.raises(NotCopyable, match="LEDE_PLAIN_WHOOSH"):
        enrich.add_entity_fields(tmp_path / "text", tmp_path / "copy", lambda _id: {})
    assert not (tmp_path / "copy").exists()
    monkeypatch.delenv("LEDE_PLAIN_WHOOSH")
    enrich.add_entity_fields(tmp_path / "text", tmp_path / "copy", lambda _id: {})
    with SearchIndex(tmp_path / "copy") as ix:
        assert ix.doc_count() == len(DOCS)
