"""Watchlists on the bundled sample: which names match which entities, with exact counts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.library import Library, open_library
from reader.core.store.annotations import AnnotationStore
from reader.core.types import WatchRow
from reader.core.watchlist import fold, parse_names
from tests.conftest import SAMPLE

IDF_ARTICLE = "a8d8f313a53e"  # "Israel Defence Forces has admitted to “serious offence”"
GAZA_ARTICLE = "a87e5955f278"  # "Gaza deal is “on the brink”, says Biden"
KURSK_ARTICLE = "b47fea6bc378"  # "Ukraine has announced capture of North Korean soldiers"
ARMENIA_ARTICLE = "748f142a6802"  # the exodus from Nagorno-Karabakh


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    store = AnnotationStore(tmp_path_factory.mktemp("watch") / "annotations.sqlite")
    library = open_library(SAMPLE, annotations=store)
    yield library
    library.close()
    store.close()


def row(lib: Library, name: str) -> WatchRow:
    (only,) = lib.watch([name])
    return only


def test_the_canonical_name_matches_in_any_case_and_without_its_hyphen(lib: Library) -> None:
    assert row(lib, "nagorno karabakh") == WatchRow(
        "nagorno karabakh", (ARMENIA_ARTICLE,), 7, None, None, ("Nagorno-Karabakh",), "name"
    )
    assert row(lib, "PALESTINIAN").articles == (GAZA_ARTICLE, IDF_ARTICLE)  # source order
    assert row(lib, "PALESTINIAN").mentions == 7


def test_an_alias_finds_its_entity_idf_is_the_israel_defence_forces(lib: Library) -> None:
    assert row(lib, "IDF") == WatchRow(
        "IDF", (IDF_ARTICLE,), 4, None, None, ("Israel Defence Forces",), "alias"
    )
    # a title is not part of the name: "Biden" is the alias "Mr Biden"
    assert row(lib, "biden") == WatchRow("biden", (GAZA_ARTICLE,), 5, None, None, ("Joe Biden",), "alias")
    assert row(lib, "Armenians").matched == ("Armenian",)


def test_an_acronym_matches_the_initials_of_a_long_name_and_the_other_way_round(lib: Library) -> None:
    unohr = row(lib, "UNOHR")
    assert (unohr.how, unohr.matched, unohr.articles, unohr.mentions) == (
        "acronym",
        ("United Nations Office Of Human Rights",),
        (IDF_ARTICLE,),
        1,
    )
    unhcr = row(lib, "UN High Commissioner for Refugees")
    assert (unhcr.how, unhcr.matched, unhcr.articles, unhcr.mentions) == (
        "acronym",
        ("UNHCR",),
        (ARMENIA_ARTICLE,),
        2,
    )


def test_near_spellings_match_but_only_when_close(lib: Library) -> None:
    zel = row(lib, "Zelensky")
    assert (zel.how, zel.matched, zel.articles, zel.mentions) == (
        "spelling",
        ("Zelenskyy",),
        (KURSK_ARTICLE,),
        3,
    )
    assert row(lib, "Azerbaijian").matched == ("Azerbaijan",)
    # Armenia and Azerbaijan are in the library; "Albania" is not, and is not taken for either
    assert row(lib, "Albania") == WatchRow("Albania")


def test_a_surname_finds_the_one_person_of_that_name(lib: Library) -> None:
    r = row(lib, "Pashinyan")
    assert (r.how, r.matched, r.articles, r.mentions) == (
        "surname",
        ("Nikol Pashinyan",),
        (ARMENIA_ARTICLE,),
        1,
    )


def test_a_word_that_is_no_entity_is_counted_in_the_text(lib: Library) -> None:
    r = row(lib, "Ceasefire")
    assert (r.how, r.matched, r.articles, r.mentions) == ("text", (), (GAZA_ARTICLE,), 3)


def test_a_name_that_matches_nothing_keeps_its_row_with_zeros_in_the_order_given(lib: Library) -> None:
    rows = lib.watch(["Nobody Atall", "Hamas", "São Paulo"])
    assert [r.name for r in rows] == ["Nobody Atall", "Hamas", "São Paulo"]
    assert rows[0] == WatchRow("Nobody Atall")
    assert rows[2] == WatchRow("São Paulo")
    assert (rows[1].articles, rows[1].mentions) == ((GAZA_ARTICLE,), 1)


def test_the_names_of_a_list_one_a_line_without_blanks_comments_or_repeats() -> None:
    text = "\ufeffIDF\n\n  # people\nJoe  Biden \nidf\nJOE BIDEN\nZelensky\n"
    assert parse_names(text.lstrip("\ufeff")) == ["IDF", "Joe Biden", "Zelensky"]
    assert fold("São Paulo") == fold("SAO PAULO") == "sao paulo"


def test_user_corrections_are_what_the_watchlist_sees(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path / "annotations.sqlite")
    lib = open_library(SAMPLE, annotations=store)
    try:
        lib.correct_entity("rename", "Hamas", "Harakat Hamas")
        lib.correct_entity("merge", "Israeli", "Israel")
        renamed, old, merged = lib.watch(["Harakat Hamas", "Hamas", "Israel"])
        assert (renamed.how, renamed.matched, renamed.articles) == (
            "name",
            ("Harakat Hamas",),
            (GAZA_ARTICLE,),
        )
        assert (old.how, old.matched) == (
            "alias",
            ("Harakat Hamas",),
        )  # a rename keeps the old name as an alias
        # Israel (3 mentions) now also holds Israeli's 2, in both their articles
        assert (merged.matched, merged.mentions) == (("Israel",), 5)
        assert set(merged.articles) == set(lib.articles_with_entity("Israel"))
        lib.correct_entity("hide", "Duvdevan")
        assert row(lib, "Duvdevan").how != "name"  # hidden: no longer an entity
    finally:
        lib.close()
        store.close()


def test_first_and_last_dates_come_from_the_articles_dates(tmp_path: Path) -> None:
    source = tmp_path / "dated.jsonl"
    items = [
        (
            "Minister visits Lisbon",
            "2024-03-05",
            "The World Health Organization (WHO) met in Lisbon. The ceasefire held.",
        ),
        (
            "Talks resume in Geneva",
            "2024-01-20",
            "The World Health Organization said talks resume. A ceasefire, again.",
        ),
        ("Quiet week", "2024-02-11", "Nothing much happened this week in the markets of Frankfurt."),
    ]
    source.write_text(
        "".join(json.dumps({"title": t, "date": d, "text": x}) + "\n" for t, d, x in items), encoding="utf-8"
    )
    store = AnnotationStore(tmp_path / "annotations.sqlite")
    lib = open_library(source, annotations=store)
    try:
        who, ceasefire, frankfurt = lib.watch(["WHO", "ceasefire", "Frankfurt"])
        assert (len(who.articles), who.first, who.last) == (2, "2024-01-20", "2024-03-05")
        assert (ceasefire.how, len(ceasefire.articles), ceasefire.mentions) == ("text", 2, 2)
        assert (ceasefire.first, ceasefire.last) == ("2024-01-20", "2024-03-05")
        assert (frankfurt.first, frankfurt.last) == ("2024-02-11", "2024-02-11")
    finally:
        lib.close()
        store.close()
