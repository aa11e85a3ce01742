"""``lede watch`` and ``lede entities``: the three watch formats, the two exports, bad input."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from followthemoney import model

from reader.cli import main
from tests.conftest import SAMPLE

NAMES = "IDF\nbiden\n# people to follow\n\nZelensky\nceasefire\nNobody Atall\nidf\n"


@pytest.fixture
def names(tmp_path: Path) -> Path:
    path = tmp_path / "names.txt"
    path.write_text(NAMES, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_watch_csv_has_the_header_row_and_one_row_per_name(
    capsys: pytest.CaptureFixture[str], names: Path
) -> None:
    code, out, _err = run(capsys, "watch", str(names), "--csv")
    assert code == 0
    assert out.splitlines()[0] == "name,articles,mentions,first,last,article_ids,matched"
    assert list(csv.reader(io.StringIO(out)))[1:] == [
        ["IDF", "1", "4", "", "", "a8d8f313a53e", "Israel Defence Forces"],
        ["biden", "1", "5", "", "", "a87e5955f278", "Joe Biden"],
        ["Zelensky", "1", "3", "", "", "b47fea6bc378", "Zelenskyy"],
        ["ceasefire", "1", "3", "", "", "a87e5955f278", ""],
        ["Nobody Atall", "0", "0", "", "", "", ""],
    ]


def test_watch_json_and_the_table(capsys: pytest.CaptureFixture[str], names: Path) -> None:
    code, out, _err = run(capsys, "watch", str(SAMPLE), str(names), "--json")  # SOURCE given
    assert code == 0
    rows = json.loads(out)
    assert rows[0] == {
        "name": "IDF",
        "articles": 1,
        "mentions": 4,
        "first": None,
        "last": None,
        "article_ids": ["a8d8f313a53e"],
        "matched": ["Israel Defence Forces"],
        "how": "alias",
    }
    assert [(r["name"], r["how"]) for r in rows[1:]] == [
        ("biden", "alias"),
        ("Zelensky", "spelling"),
        ("ceasefire", "text"),
        ("Nobody Atall", ""),
    ]
    code, out, _err = run(capsys, "watch", str(names))
    assert code == 0
    assert out.splitlines() == [
        "name          articles  mentions  first  last  matched",
        "IDF                  1         4  –      –     Israel Defence Forces (alias)",
        "biden                1         5  –      –     Joe Biden (alias)",
        "Zelensky             1         3  –      –     Zelenskyy (spelling)",
        "ceasefire            1         3  –      –     (in the text)",
        "Nobody Atall         0         0  –      –     (not found)",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "no names in it"),
        (b"# only a comment\n\n", "no names in it"),
        (b"\xff\xfe\x00bad", "not UTF-8 text"),
    ],
)
def test_a_bad_watchlist_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "names.txt"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "watch", str(path))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err and str(path) in err


def test_entities_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "entities", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert out.splitlines()[0] == "name,type,aliases,articles,mentions"
    by_name = {r["name"]: r for r in rows}
    assert by_name["Israel Defence Forces"] == {
        "name": "Israel Defence Forces",
        "type": "ORG",
        "aliases": "IDF",
        "articles": "1",
        "mentions": "4",
    }
    assert by_name["Joe Biden"]["aliases"] == "Mr Biden; The US president; The outgoing US leader"
    assert by_name["Palestinian"]["articles"] == "2"
    assert (by_name["Palestinian"]["mentions"], len(rows)) == ("7", 50)


def test_entities_ftm_is_valid_followthemoney(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "entities.ftm.json"
    code, out, _err = run(capsys, "entities", "--format", "ftm", "-o", str(out_file))
    assert (code, out) == (0, "")
    lines = out_file.read_text(encoding="utf-8").splitlines()
    dicts = [json.loads(line) for line in lines]
    for d in dicts:  # re-validated by followthemoney itself: every value survives its cleaning
        proxy = model.get_proxy(d, cleaned=False)
        assert proxy.to_dict() == d
    schemata = Counter(d["schema"] for d in dicts)
    assert schemata == {
        "Address": 25,
        "Documentation": 40,
        "Mention": 15,
        "Organization": 8,
        "Person": 7,
        "Article": 4,
    }
    ids = {d["id"]: d for d in dicts}
    idf = next(d for d in dicts if d["properties"].get("name") == ["Israel Defence Forces"])
    assert idf["schema"] == "Organization" and idf["properties"]["alias"] == ["IDF"]
    mention = next(
        d for d in dicts if d["schema"] == "Mention" and d["properties"]["resolved"] == [idf["id"]]
    )
    assert sorted(mention["properties"]["name"]) == ["IDF", "Israel Defence Forces"]
    article = ids[mention["properties"]["document"][0]]
    assert article["schema"] == "Article"
    assert article["properties"]["title"] == ["Israel Defence Forces has admitted to “serious offence”"]
    assert "Israel Defence Forces" in article["properties"]["companiesMentioned"]
    for d in dicts:  # every link points at an entity of the export
        for prop in ("document", "entity", "resolved"):
            assert all(ref in ids for ref in d["properties"].get(prop, []))
    # deterministic: the same ids and lines again
    code, out, _err = run(capsys, "entities", "--format", "ftm")
    assert out.splitlines() == lines


def test_entities_rejects_an_unknown_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "entities", "--format", "xml")
    assert code == 2 and "invalid choice" in err
