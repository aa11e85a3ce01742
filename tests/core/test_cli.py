"""The CLI contract other tools rely on: JSON shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DOUBT_SAMPLE_TEXT, REPO, SAMPLE


def lede(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def articles_json() -> dict:  # type: ignore[type-arg]
    out = lede("articles", "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_articles_json_has_the_contract_shape(articles_json: dict) -> None:  # type: ignore[type-arg]
    data = articles_json
    assert data["source"]["path"] == str(SAMPLE)
    assert len(data["source"]["sha256"]) == 64
    assert [a["start_line"] for a in data["articles"]] == [1, 21, 34, 52]
    assert [a["end_line"] for a in data["articles"]] == [20, 33, 51, 71]
    for art in data["articles"]:
        assert set(art) >= {
            "id",
            "title",
            "start_line",
            "end_line",
            "text",
            "entities",
            "mentions",
            "quotes",
            "figures",
        }
        for m in art["mentions"]:
            assert set(m) == {"start", "end", "entity", "type"}
            assert art["text"][m["start"] : m["end"]]
        for e in art["entities"]:
            assert set(e) == {"name", "type", "aliases", "count"}


def test_articles_json_drops_every_clutter_line(articles_json: dict) -> None:  # type: ignore[type-arg]
    dropped = {d["line"] for d in articles_json["dropped_lines"]}
    assert {7, 8, 13, 39, 40, 53, 54, 55, 56, 57, 58, 59, 64, 65} <= dropped
    assert dropped <= {7, 8, 9, 13, 39, 40, 41, 53, 54, 55, 56, 57, 58, 59, 64, 65}


def test_articles_json_says_where_the_segmenter_doubted_a_break(
    articles_json: dict,  # type: ignore[type-arg]
    tmp_path: Path,
) -> None:
    assert articles_json["doubtful_breaks"] == []  # the sample's breaks are all clear-cut
    source = tmp_path / "news.txt"
    source.write_text(DOUBT_SAMPLE_TEXT, encoding="utf-8")
    out = lede("articles", str(source), "--json")
    assert out.returncode == 0, out.stderr
    listing = json.loads(out.stdout)
    gaza = listing["articles"][1]
    assert listing["doubtful_breaks"] == [{"article_id": gaza["id"], "line": 31, "at_start": False}]


def test_articles_json_merges_biden_aliases(articles_json: dict) -> None:  # type: ignore[type-arg]
    gaza = articles_json["articles"][1]
    people = {e["name"]: e for e in gaza["entities"] if e["type"] == "PERSON"}
    assert "Joe Biden" in people
    assert "Mr Biden" not in people and "Biden" not in people


def test_search_json_prints_hits(articles_json: dict) -> None:  # type: ignore[type-arg]
    out = lede("search", "ceasefire AND Doha", "--json")
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert [h["id"] for h in hits] == [articles_json["articles"][1]["id"]]
    assert set(hits[0]) == {"id", "title", "score", "snippet", "copies"}


def test_search_with_an_explicit_source_and_limit() -> None:
    out = lede("search", str(SAMPLE), "Azerbaijan OR Ukraine", "--limit", "1", "--json")
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)) == 1


def test_malformed_query_exits_2_with_one_line() -> None:
    out = lede("search", "title:(unclosed AND")
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr


def test_missing_source_exits_2_with_one_line(tmp_path: Path) -> None:
    out = lede("articles", str(tmp_path / "nope.txt"), "--json")
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [f"lede: {tmp_path / 'nope.txt'}: no such file or folder"]


def test_binary_source_exits_2_without_traceback(tmp_path: Path) -> None:
    blob = tmp_path / "blob.bin"
    blob.write_bytes(bytes(range(256)) * 64)
    out = lede("articles", str(blob), "--json")
    assert out.returncode == 2, out.stdout
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_window_without_a_display_explains_instead_of_aborting() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = subprocess.run(
        [sys.executable, "-m", "reader"], cwd=REPO, capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 2
    assert "no display" in out.stderr and "xvfb-run" in out.stderr


def test_keys_lists_the_keyboard_map() -> None:
    out = lede("keys")
    assert out.returncode == 0
    for key in (
        "j",
        "k",
        "↑",
        "↓",
        "Space",
        "h",
        "1",
        "5",
        "Shift+H",
        "n",
        "t",
        "/",
        "Ctrl+F",
        "Ctrl+K",
        "?",
        "e",
        "u",
        "s",
        "Alt+1",
        "Alt+3",
    ):
        assert any(
            line.split("  ")[0].strip() == key or f" {key} " in f" {line} "
            for line in out.stdout.splitlines()
        ), key


def test_export_and_import_round_trip(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "data1")}
    from reader.core.library import open_library
    from reader.core.store.annotations import AnnotationStore

    store = AnnotationStore(tmp_path / "data1" / "lede" / "annotations.sqlite")
    lib = open_library(SAMPLE, annotations=store)
    first = lib.articles()[0].id
    text = lib.article(first).text  # type: ignore[union-attr]
    hl = lib.add_highlight(first, 0, text.index(" has virtually"), 2).value
    lib.set_highlight_note(hl.id, "Exodus figure")
    lib.set_highlight_tags(hl.id, ["refugees"])
    lib.close()
    store.close()

    exported = lede("export", "--format", "json", env=env)
    assert exported.returncode == 0, exported.stderr
    (tmp_path / "a.json").write_text(exported.stdout, encoding="utf-8")
    env2 = {"XDG_DATA_HOME": str(tmp_path / "data2")}
    imported = lede("import", str(tmp_path / "a.json"), env=env2)
    assert imported.returncode == 0, imported.stderr
    assert imported.stderr == "lede: imported 1 highlight placed in the text\n"  # a sentence, not a repr
    again = lede("export", "--format", "json", env=env2)
    assert again.stdout == exported.stdout
    md = lede("export", "--format", "md", "-o", str(tmp_path / "notes.md"), env=env)
    assert md.returncode == 0
    body = (tmp_path / "notes.md").read_text(encoding="utf-8")
    assert "> A mass exodus of ethnic Armenians from Nagorno-Karabakh" in body and "Exodus figure" in body


def test_import_of_an_export_with_cuts_makes_the_articles_the_notes_were_in(tmp_path: Path) -> None:
    import shutil

    from reader.core.library import open_library
    from reader.core.store.annotations import AnnotationStore

    source = tmp_path / "news.txt"
    shutil.copy(SAMPLE, source)
    store = AnnotationStore(tmp_path / "data1" / "lede" / "annotations.sqlite")
    lib = open_library(source, annotations=store)
    assert lib.start_article_at(lib.articles()[0].id, 5) == 6
    lib.close()
    store.close()
    env = {"XDG_DATA_HOME": str(tmp_path / "data1")}
    exported = lede("export", "--format", "json", str(source), "-o", str(tmp_path / "a.json"), env=env)
    assert exported.returncode == 0, exported.stderr
    env2 = {"XDG_DATA_HOME": str(tmp_path / "data2")}
    imported = lede("import", str(source), str(tmp_path / "a.json"), env=env2)
    assert imported.returncode == 0, imported.stderr
    assert imported.stderr == "lede: imported 1 article cut\n"
    listed = lede("articles", "--json", str(source), env=env2)  # built by the import: no build notice
    assert listed.returncode == 0 and listed.stderr == ""
    assert [a["start_line"] for a in json.loads(listed.stdout)["articles"]] == [1, 6, 21, 34, 52]


def test_readme_shows_the_current_keyboard_table() -> None:
    out = lede("keys")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert out.stdout in readme


def test_a_background_build_lowers_its_priority_and_a_terminal_build_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader import cli
    from reader.core import library

    niced: list[int] = []
    built: list[Path] = []
    monkeypatch.setattr(os, "nice", niced.append)
    monkeypatch.setattr(library, "build", lambda source, **kw: built.append(source))
    source = tmp_path / "news.txt"
    source.write_bytes(SAMPLE.read_bytes())
    assert cli.main(["index", str(source), "--progress-json"]) == 0
    assert niced == []
    assert cli.main(["index", str(source), "--progress-json", "--background"]) == 0
    assert niced == [cli.BACKGROUND_NICENESS] and built == [source, source]


def test_version_prints_the_name_and_version_and_exits_0() -> None:
    from importlib.metadata import version

    out = lede("--version")
    assert (out.returncode, out.stdout, out.stderr) == (0, f"lede {version('lede')}\n", "")


def test_help_shows_the_window_usage_and_every_command() -> None:
    out = lede("--help")
    assert out.returncode == 0 and out.stderr == ""
    assert out.stdout.startswith("usage: lede [SOURCE]\n")
    for command in ("index", "articles", "search", "export", "import", "keys"):
        assert f"\n    {command} " in out.stdout
    sub = lede("search", "--help")
    assert sub.returncode == 0 and sub.stdout.startswith("usage: lede search [-h] [SOURCE] QUERY")


def test_articles_json_names_each_wire_copy_s_original(tmp_path: Path) -> None:
    from tests.core.copy_stories import write_jsonl

    source = tmp_path / "bridge.jsonl"
    gold = write_jsonl(source)
    out = lede("articles", str(source), "--json")
    assert out.returncode == 0, out.stderr
    arts = {a["title"]: a for a in json.loads(out.stdout)["articles"]}
    original = next(a["id"] for t, a in arts.items() if gold[t] == "original")
    assert {t: a["copy_of"] for t, a in arts.items()} == {
        t: (original if what == "copy" else None) for t, what in gold.items()
    }
    found = lede("search", str(source), "Millbrook detour", "--json")
    assert found.returncode == 0, found.stderr
    assert [h["copies"] for h in json.loads(found.stdout)] == [2]
