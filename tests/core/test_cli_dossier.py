"""`lede entity [SOURCE] NAME [--json]`: the dossier's JSON contract, its text, its errors."""

from __future__ import annotations

import json

from tests.conftest import SAMPLE
from tests.core.test_cli import lede


def test_entity_json_has_the_contract_shape() -> None:
    out = lede("entity", "Joe Biden", "--json")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert list(d) == ["name", "type", "aliases", "mentions", "quotes", "co_mentions", "timeline"]
    assert (d["name"], d["type"]) == ("Joe Biden", "PERSON")
    assert d["aliases"] == ["Mr Biden", "The US president", "The outgoing US leader"]
    assert [list(m) for m in d["mentions"]] == [["article", "start", "end", "context"]] * 5
    assert d["mentions"][1] == {
        "article": "a87e5955f278",
        "start": 97,
        "end": 119,
        "context": "The outgoing US leader said it would include a hostage release deal and a “surge” of aid "
        "to Palestinians.",
    }
    assert [list(q) for q in d["quotes"]] == [["article", "speaker", "text", "start", "end"]] * 7
    assert d["quotes"][0]["text"] == "on the brink"
    assert {tuple(c) for c in d["co_mentions"]} == {("name", "type", "count")}
    assert d["co_mentions"][0] == {"name": "Arab", "type": "NORP", "count": 1}
    assert d["timeline"] == [{"date": None, "count": 5}]


def test_entity_text_names_the_sections_and_marks_the_mention() -> None:
    out = lede("entity", str(SAMPLE), "nikol pashinyan")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[:3] == ["Nikol Pashinyan (PERSON)", "1 mention in 1 article, 1 quote", ""]
    assert "*Nikol Pashinyan* has claimed the large-scale evacuation" in out.stdout
    assert "Named alongside (articles naming both)" in lines and "  undated        1  " + "#" * 30 in lines


def test_an_unknown_name_exits_1_and_suggests_the_closest() -> None:
    out = lede("entity", "Bidn")
    assert (out.returncode, out.stdout) == (1, "")
    assert out.stderr == "lede: no entity named Bidn; did you mean Joe Biden?\n"
    none_near = lede("entity", "qqqq")
    assert (none_near.returncode, none_near.stderr) == (1, "lede: no entity named qqqq\n")


def test_entity_takes_at_most_a_source_and_a_name() -> None:
    out = lede("entity", str(SAMPLE), "Joe", "Biden")
    assert (out.returncode, out.stderr) == (2, "lede: expected [SOURCE] NAME\n")
