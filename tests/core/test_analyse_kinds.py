"""People read from the words around them (reader/core/analyse/people.py) and names whose form
says their kind (reader/core/analyse/name_kinds.py), on text written for these tests, with a fake
NER backend that has the small model's typical opinions."""

from __future__ import annotations

from reader.core.analyse import analyse_texts
from tests.core.test_analyse_orgs import run, spans
from tests.core.test_analyse_rules import FakeBackend

# --- people --------------------------------------------------------------------------------------


def test_a_person_noun_before_a_name_makes_it_a_person_and_the_surname_follows() -> None:
    text = "Police said officers Arno Pellet and Jules Varenne met her. Later Pellet denied it."
    found = spans(run({"Arno Pellet": "ORG", "Jules Varenne": "PERSON", "Pellet": "GPE"}, text), text)
    assert found == [("Arno Pellet", "PERSON"), ("Jules Varenne", "PERSON"), ("Pellet", "PERSON")]


def test_a_person_apposition_or_an_age_after_a_name_makes_it_a_person() -> None:
    text = (
        "On Monday, Irena Volkava, an opposition candidate for the presidency, spoke. "
        "Tomas Brell, 34, from Ohio, cheered."
    )
    found = spans(run({"Irena Volkava": "ORG", "Tomas Brell": "ORG", "Ohio": "GPE"}, text), text)
    assert ("Irena Volkava", "PERSON") in found
    assert ("Tomas Brell", "PERSON") in found


def test_wife_of_makes_a_person() -> None:
    text = "Marta Selin, wife of Oskar Selin, was barred from the race."
    found = spans(run({"Marta Selin": "PERSON", "Oskar Selin": "ORG"}, text), text)
    assert found == [("Marta Selin", "PERSON"), ("Oskar Selin", "PERSON")]


def test_a_name_used_as_a_modifier_after_a_person_noun_keeps_its_type() -> None:
    text = "The billionaire Tarrow Falcons owner backs the mayor."
    assert spans(run({"Tarrow Falcons": "ORG"}, text), text) == [("Tarrow Falcons", "ORG")]


def test_an_organisation_head_or_a_known_place_is_never_made_a_person() -> None:
    text = "The activist Green Valley Party and the journalist Ohio were named."
    found = spans(run({"Green Valley Party": "ORG", "Ohio": "GPE"}, text), text)
    assert found == [("Green Valley Party", "ORG"), ("Ohio", "GPE")]


def test_two_surnames_joined_by_and_are_split_when_both_were_named_in_full() -> None:
    text = "Bridget Kellan and Bill Barone were charged. The case revolved around Kellan and Barone's emails."
    labels = {"Bridget Kellan": "PERSON", "Bill Barone": "PERSON", "Kellan and Barone's": "ORG"}
    found = spans(run(labels, text), text)
    assert found[2:] == [("Kellan", "PERSON"), ("Barone", "PERSON")]


def test_a_firm_named_after_two_people_nobody_in_the_article_is_called_stays_whole() -> None:
    text = "Shares of Harlow and Finch rose."
    assert spans(run({"Harlow and Finch": "ORG"}, text), text) == [("Harlow and Finch", "ORG")]


def test_a_first_name_between_a_person_noun_and_a_surname_joins_the_name() -> None:
    text = "Council spokesperson Barend Leyts said no inquiry was planned."
    found = spans(run({"Leyts": "PERSON", "Council": "ORG"}, text), text)
    assert ("Barend Leyts", "PERSON") in found


def test_person_only_titles_and_postnominals_are_no_part_of_the_name() -> None:
    text = "Prosecutor Kama Melton QC said the victims were vulnerable. The Sheriff declined to comment."
    found = spans(run({"Kama Melton QC": "ORG", "Sheriff": "PERSON"}, text), text)
    assert found == [("Kama Melton", "PERSON")]


# --- kinds by form --------------------------------------------------------------------------------


def test_a_web_domain_is_an_organisation_and_found_when_missed() -> None:
    text = "Donors gave through Yahoo.com, and told UOL.com.br so."
    found = spans(run({"Yahoo.com": "GPE"}, text), text)
    assert found == [("Yahoo.com", "ORG"), ("UOL.com.br", "ORG")]


def test_a_storm_is_an_event_with_its_storm_words() -> None:
    text = "With Tropical Storm Barney approaching, Hurricane Wilma was forgotten."
    found = spans(run({"Storm Barney": "PERSON", "Wilma": "PERSON"}, text), text)
    assert found == [("Tropical Storm Barney", "EVENT"), ("Hurricane Wilma", "EVENT")]


def test_a_numbered_flight_is_an_event() -> None:
    text = "The recorder from Lion Air Flight 610 was found."
    assert spans(run({"Lion Air Flight 610": "ORG"}, text), text) == [("Lion Air Flight 610", "EVENT")]


def test_a_maker_with_a_model_number_is_a_product() -> None:
    text = "The new Boeing 737 Max was grounded. A flaw in the 737 Max was found."
    found = spans(run({"Boeing": "ORG", "Max": "PERSON"}, text), text)
    assert found == [("Boeing 737 Max", "PRODUCT"), ("737 Max", "PRODUCT")]


def test_a_year_after_a_company_is_not_a_model_number() -> None:
    text = "Acme 2019 results were strong."
    assert spans(run({"Acme": "ORG"}, text), text) == [("Acme", "ORG")]


def test_place_heads_and_prefixes_make_places() -> None:
    text = "Residents of Jefferson Parish and Fort Lee were told to leave."
    found = spans(run({"Jefferson Parish": "PERSON", "Fort Lee": "PERSON"}, text), text)
    assert found == [("Jefferson Parish", "GPE"), ("Fort Lee", "LOC")]


def test_an_acronym_before_a_title_is_an_organisation_but_a_country_stays() -> None:
    text = "The E.C. President met the U.S. President."
    found = spans(run({"E.C.": "GPE", "U.S.": "GPE"}, text), text)
    assert found == [("E.C.", "ORG"), ("U.S.", "GPE")]


def test_names_in_a_shouted_line_are_dropped_but_acronym_lists_stay() -> None:
    text = 'He wrote "I WON THIS ELECTION, BY A LOT!" online. NATO, EU and UN envoys met.'
    labels = {"I WON": "WORK_OF_ART", "LOT": "ORG", "NATO": "ORG", "EU": "ORG", "UN": "ORG"}
    found = spans(run(labels, text), text)
    assert found == [("NATO", "ORG"), ("EU", "ORG"), ("UN", "ORG")]


def test_plural_of_a_common_acronym_is_not_a_name() -> None:
    text = "It needs a majority of 170 MPs."
    assert spans(run({"MPs": "NORP"}, text), text) == []


# --- canonical names -------------------------------------------------------------------------------


def test_canonical_names_keep_a_surface_from_the_text_and_never_invent_case() -> None:
    texts = [
        "The United Nations Office Of Human Rights said so.",
        "The United Nations Office of Human Rights said so.",
    ]
    labels = {"United Nations Office Of Human Rights": "ORG", "United Nations Office of Human Rights": "ORG"}
    analyses = analyse_texts(texts, backend=FakeBackend(labels))
    names = {e.name for a in analyses for e in a.entities}
    assert names == {"United Nations Office of Human Rights"}
    alone = analyse_texts(texts[:1], backend=FakeBackend(labels))[0]
    assert [e.name for e in alone.entities] == ["United Nations Office Of Human Rights"]


def test_a_name_followed_by_who_is_a_person() -> None:
    text = "Trump offered advice to Lester Holt, who will moderate the debate."
    assert spans(run({"Lester Holt": "ORG"}, text), text) == [("Lester Holt", "PERSON")]


def test_who_after_a_group_or_a_place_leaves_it_alone() -> None:
    text = (
        "Democrats on Capitol Hill, who watched the race, cheered the Detroit Pistons, who won, "
        "and the GOP chair of Luzerne County, who spoke."
    )
    labels = {"Capitol Hill": "ORG", "Detroit Pistons": "ORG", "Luzerne County": "GPE"}
    assert spans(run(labels, text), text) == [
        ("Capitol Hill", "ORG"),
        ("Detroit Pistons", "ORG"),
        ("Luzerne County", "GPE"),
    ]


def test_who_after_a_building_or_an_institution_leaves_it_alone() -> None:
    text = "She quoted the mayor's White House, who has said so."
    assert spans(run({"White House": "ORG"}, text), text) == [("White House", "ORG")]
