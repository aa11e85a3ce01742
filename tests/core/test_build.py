"""The build: staged, atomic, reused when fresh, resumed when killed mid-way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.build import build_source, current_build, read_manifest
from tests.conftest import SAMPLE


def _events(source: Path, cache: Path, **kw: object) -> list[dict]:  # type: ignore[type-arg]
    events: list[dict] = []  # type: ignore[type-arg]
    build_source(source, cache, emit=events.append, **kw)  # type: ignore[arg-type]
    return events


def test_stages_are_announced_in_order_and_the_second_run_reuses(tmp_path: Path) -> None:
    source = tmp_path / "news.txt"
    source.write_bytes(SAMPLE.read_bytes())
    kinds = [e["event"] for e in _events(source, tmp_path / "cache") if e["event"] != "progress"]
    assert kinds == [
        "stage",
        "articles",
        "stage",
        "copies",
        "stage",
        "searchable",
        "stage",
        "entities",
        "stage",
        "done",
    ]
    again = _events(source, tmp_path / "cache")
    assert [e["event"] for e in again] == ["done"] and again[0]["reused"] is True


def test_a_build_stopped_after_indexing_resumes_with_entities(tmp_path: Path) -> None:
    source = tmp_path / "news.txt"
    source.write_bytes(SAMPLE.read_bytes())
    cache = tmp_path / "cache"
    build_source(source, cache, analyse=False)
    folder = current_build(cache)
    assert folder is not None
    manifest = read_manifest(folder)
    manifest["stage"] = "searchable"  # as if killed during analysis
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    events = _events(source, cache)
    assert events[0]["event"] == "resume"
    assert current_build(cache) == folder
    assert read_manifest(folder)["stage"] == "complete"


def test_an_unchanged_article_is_not_analysed_again(tmp_path: Path) -> None:
    source = tmp_path / "news.txt"
    source.write_bytes(SAMPLE.read_bytes())
    cache = tmp_path / "cache"
    build_source(source, cache)
    source.write_text(
        SAMPLE.read_text(encoding="utf-8").replace("Monday’s address", "Monday’s speech"),
        encoding="utf-8",
    )
    entities = next(e for e in _events(source, cache) if e["event"] == "entities")
    assert (entities["cached"], entities["analysed"]) == (3, 1)


def test_a_failed_build_leaves_the_published_one_alone(tmp_path: Path) -> None:
    source = tmp_path / "news.txt"
    source.write_bytes(SAMPLE.read_bytes())
    cache = tmp_path / "cache"
    first = build_source(source, cache)
    source.write_bytes(bytes(range(256)) * 40)  # now binary: ingest refuses it
    try:
        build_source(source, cache)
    except Exception as exc:  # noqa: BLE001 - any LedeError
        assert "does not look like text" in str(exc)
    assert current_build(cache) == first
    assert sorted(p.name for p in cache.glob("build-*")) == [first.name]


def _entity_hits(folder: Path) -> dict[str, list[str]]:
    from reader.core.search import SearchIndex
    from reader.core.store.catalog import Catalog

    with Catalog(folder / "catalog.sqlite", readonly=True) as catalog:
        people = sorted({e.name for e in catalog.entities(None) if e.type == "PERSON"})
    with SearchIndex(folder / "index") as ix:
        return {name: sorted(h.id for h in ix.search(f'person:"{name}"').hits) for name in people}


def test_the_entity_stage_makes_people_searchable_by_copy_or_by_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.core.search import enrich

    source = tmp_path / "news.txt"
    source.write_bytes(SAMPLE.read_bytes())
    build_source(source, tmp_path / "copied")
    copied = _entity_hits(current_build(tmp_path / "copied"))  # type: ignore[arg-type]
    assert len(copied) >= 5 and all(copied.values())

    def edited(*_args: object, **_kw: object) -> None:
        raise enrich.NotCopyable("edited while the build ran")

    monkeypatch.setattr(enrich, "add_entity_fields", edited)
    build_source(source, tmp_path / "rebuilt")
    assert _entity_hits(current_build(tmp_path / "rebuilt")) == copied  # type: ignore[arg-type]


def test_a_damaged_published_build_is_rebuilt_not_reused(tmp_path: Path) -> None:
    source = tmp_path / "news.txt"
    source.write_bytes(SAMPLE.read_bytes())
    cache = tmp_path / "cache"
    first = build_source(source, cache, analyse=False)
    (first / "catalog.sqlite").write_bytes(b"not a database")
    events = _events(source, cache, analyse=False)
    assert events[0]["event"] == "notice" and "the library cache was damaged" in events[0]["message"]
    assert events[-1]["event"] == "done" and events[-1]["reused"] is False
    assert current_build(cache) != first and not first.exists()
