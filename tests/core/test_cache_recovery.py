"""A damaged or half-written cache never reaches the user as a traceback or an empty answer.

Each test damages a real cache of the bundled sample (copied from one build made per
module, into the test's own XDG folders) and checks exactly what ``lede`` prints
afterwards: the right hits, one notice line on stderr, exit status 0. A full disk is a
writer raising ``OSError(ENOSPC)`` part-way through, in this process; the forked writers'
side is covered by :class:`ChildStderr` with a real forked child.
"""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import reader.core.search as search_pkg
import reader.core.search.enrich as enrich
from reader import paths
from reader.cli import main
from reader.core.build import current_build
from reader.core.cache_check import ChildStderr, failure_line
from reader.core.errors import IndexBuildError
from tests.conftest import SAMPLE

XDG = ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")
GAZA = "Gaza deal"
DAMAGED = "lede: the library cache was damaged ("


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """XDG folders holding one finished build of the sample (built once: analysis is slow)."""
    root = tmp_path_factory.mktemp("xdg")
    with pytest.MonkeyPatch.context() as mp:
        for name in XDG:
            mp.setenv(name, str(root / name.lower()))
        assert main(["index"]) == 0
    return root


@pytest.fixture
def cache(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own copy of the template; returns the sample's source cache folder."""
    root = tmp_path / "xdg"
    shutil.copytree(template, root)
    for name in XDG:
        monkeypatch.setenv(name, str(root / name.lower()))
    return paths.source_cache_dir(SAMPLE)


def lede(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, list[str]]:
    """Run the CLI in this process: (exit status, stdout, stderr lines)."""
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err.splitlines()


def search_works(capsys: pytest.CaptureFixture[str], *source: str) -> list[str]:
    """``lede search ceasefire --json`` finds the Gaza article alone; returns its stderr lines."""
    code, out, err = lede(capsys, "search", *source, "ceasefire", "--json")
    assert code == 0, err
    hits = json.loads(out)
    assert len(hits) == 1 and hits[0]["title"].startswith(GAZA)
    return err


def articles_count(capsys: pytest.CaptureFixture[str]) -> int:
    code, out, err = lede(capsys, "articles", "--json")
    assert code == 0, err
    return len(json.loads(out)["articles"])


def published(cache: Path) -> Path:
    folder = current_build(cache)
    assert folder is not None
    return folder


def builds(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.glob("build-*"))


def _one_notice(err: list[str], cause: str) -> None:
    assert len(err) == 1, err
    assert err[0].startswith(DAMAGED + cause) and err[0].endswith("); rebuilding it"), err


# ---------------------------------------------------------------------------- damaged caches


def test_a_pointer_with_bad_bytes_is_rebuilt_with_one_notice(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (cache / "CURRENT").write_bytes(b"build-\xff\xfe\x80")
    _one_notice(search_works(capsys), f"its pointer {cache / 'CURRENT'} is not text")
    assert articles_count(capsys) == 4
    assert builds(cache) == [published(cache).name]


def test_a_pointer_to_a_missing_build_is_rebuilt(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(published(cache))
    _one_notice(search_works(capsys), "the published build")


def test_a_build_without_its_manifest_is_rebuilt(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (published(cache) / "manifest.json").unlink()
    _one_notice(search_works(capsys), "the manifest of")


def test_a_truncated_catalog_is_rebuilt(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = published(cache) / "catalog.sqlite"
    with catalog.open("r+b") as handle:
        handle.truncate(catalog.stat().st_size // 3)
    _one_notice(search_works(capsys), "catalog.sqlite has")
    assert articles_count(capsys) == 4


def test_a_garbage_catalog_of_the_same_size_is_rebuilt(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = published(cache) / "catalog.sqlite"
    catalog.write_bytes(os.urandom(catalog.stat().st_size))
    _one_notice(search_works(capsys), "the catalog is unreadable")
    assert articles_count(capsys) == 4


def test_a_garbage_index_table_of_contents_is_rebuilt(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (toc,) = (published(cache) / "index").glob("_MAIN_*.toc")
    toc.write_bytes(b"garbage")
    _one_notice(search_works(capsys), "the search index is unreadable")


def test_a_truncated_postings_file_is_rebuilt(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (postings,) = (published(cache) / "index").glob("*.pst")
    with postings.open("r+b") as handle:
        handle.truncate(1000)
    _one_notice(search_works(capsys), "index/")


def test_garbage_stored_fields_of_the_same_size_are_rebuilt(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (stored,) = (published(cache) / "index").glob("*_stored.col")
    stored.write_bytes(os.urandom(stored.stat().st_size))
    _one_notice(search_works(capsys), "the search index is unreadable")


def test_a_deleted_index_folder_is_rebuilt_not_an_empty_answer(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(published(cache) / "index")
    _one_notice(search_works(capsys), "the search index is missing")


def test_lede_index_rebuilds_a_damaged_cache_instead_of_saying_up_to_date(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(published(cache) / "index")
    code, _out, err = lede(capsys, "index")
    assert code == 0
    assert err[0] == DAMAGED + "the search index is missing); rebuilding it"
    assert "lede: index up to date" not in err and err[-1].startswith("lede: index built in")
    code, _out, err = lede(capsys, "index")
    assert (code, err) == (0, ["lede: index up to date"])


# ---------------------------------------------------------------------------- a full disk


def _enospc() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture
def full_disk_while_indexing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The text index writer runs out of space after two documents (its files are half written)."""
    real = search_pkg.build_index

    def build_index(directory: Path, docs: Any, progress: Any = None, **kw: Any) -> None:
        def until_full() -> Iterator[Any]:
            for n, doc in enumerate(docs):
                if n == 2:
                    raise _enospc()
                yield doc

        real(directory, until_full(), progress, **kw)

    monkeypatch.setattr(search_pkg, "build_index", build_index)
    yield


def test_a_full_disk_while_indexing_keeps_the_previous_build(
    cache: Path, capsys: pytest.CaptureFixture[str], full_disk_while_indexing: None
) -> None:
    before = published(cache)
    code, _out, err = lede(capsys, "index", "--force")
    assert code == 1
    assert err[-1] == (
        f"lede: disk full while building the index in {cache}; the previous library is still in use"
    )
    assert not any("Traceback" in line for line in err)
    assert published(cache) == before and builds(cache) == [before.name]
    assert search_works(capsys) == []


def test_a_full_disk_after_publishing_puts_the_previous_build_back(
    cache: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def add_entity_fields(source: Path, target: Path, *_a: Any, **_k: Any) -> None:
        target.mkdir(parents=True)
        (target / "MAIN_partial.seg").write_bytes(b"x" * 100)
        raise _enospc()

    monkeypatch.setattr(enrich, "add_entity_fields", add_entity_fields)
    before = published(cache)
    code, _out, err = lede(capsys, "index", "--force")
    assert code == 1
    assert err[-1] == (
        f"lede: disk full while building the index in {cache}; the previous library is still in use"
    )
    assert published(cache) == before and builds(cache) == [before.name]
    assert search_works(capsys) == []


def test_search_answers_from_the_previous_build_when_the_new_one_cannot_be_written(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in XDG:
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    source = tmp_path / "news.txt"
    source.write_bytes(SAMPLE.read_bytes())
    search_works(capsys, str(source))
    before = published(paths.source_cache_dir(source))
    with source.open("a", encoding="utf-8") as handle:
        handle.write("\nA late story about harvests in the valley, written after the first build.\n")
    real = search_pkg.build_index

    def build_index(directory: Path, *_a: Any, **_k: Any) -> None:
        real(directory, [])  # files on disk, then the disk is full
        raise IndexBuildError("index commit failed") from _enospc()

    monkeypatch.setattr(search_pkg, "build_index", build_index)
    err = search_works(capsys, str(source))
    cache = paths.source_cache_dir(source)
    assert err == [
        f"lede: disk full while building the index in {cache}; the previous library is still in use"
    ]
    assert published(cache) == before and builds(cache) == [before.name]


def test_writers_that_lose_documents_fail_the_build_not_the_library(
    cache: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoosh's multiprocessing writer commits without a dead writer's segment: the count catches it."""
    real = search_pkg.build_index
    monkeypatch.setattr(search_pkg, "build_index", lambda d, docs, p=None, **kw: real(d, list(docs)[:2], p))
    before = published(cache)
    code, _out, err = lede(capsys, "index", "--force")
    assert code == 1 and len(err) >= 1
    assert err[-1].startswith(f"lede: building the index in {cache} failed (the index has 2 of 4 articles")
    assert err[-1].endswith("; the previous library is still in use")
    assert published(cache) == before and builds(cache) == [before.name]


# ---------------------------------------------------------------------------- forked writers


def _die_of_a_full_disk() -> None:
    raise _enospc()


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_a_forked_writers_traceback_is_collected_and_said_in_one_line(
    capfd: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(IndexBuildError) as failed, ChildStderr() as children:
        child = multiprocessing.get_context("fork").Process(target=_die_of_a_full_disk)
        child.start()
        child.join()
        if child.exitcode:  # as the build does when the writers come back short
            raise IndexBuildError("a writer process failed")
    assert child.exitcode == 1
    assert "OSError: [Errno 28] No space left on device" in children.text
    _out, err = capfd.readouterr()
    assert "Traceback" not in err
    line = failure_line(failed.value, Path("/c"), kept=True, children=children.text)
    assert line == "disk full while building the index in /c; the previous library is still in use"


def test_what_children_print_on_success_is_passed_on(capfd: pytest.CaptureFixture[str]) -> None:
    with ChildStderr():
        import sys

        print("a warning from a writer", file=sys.stderr)
    assert "a warning from a writer" in capfd.readouterr().err
