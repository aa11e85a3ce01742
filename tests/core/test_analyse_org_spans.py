"""Where organisation names begin and end (reader/core/analyse/org_spans.py, entities.py) and the
people the model takes for organisations (people.py), on text written for these tests, with a fake
NER backend that cuts and types names as the small model does."""

from __future__ import annotations

from tests.core.test_analyse_orgs import run, spans


def test_a_body_named_for_a_list_of_subjects_is_one_name() -> None:
    text = "Agents of the Bureau of Brine, Kelp, Tackle and Oysters searched the boat on Monday."
    found = spans(run({"Bureau of Brine, Kelp": "ORG", "Oysters": "ORG"}, text), text)
    assert found == [("Bureau of Brine, Kelp, Tackle and Oysters", "ORG")]


def test_a_subject_after_and_joins_the_name_the_model_cut() -> None:
    text = "He criticised the Norland Institute of Moss and Fern Studies in a letter."
    found = spans(run({"Norland Institute of Moss": "ORG"}, text), text)
    assert found == [("Norland Institute of Moss and Fern Studies", "ORG")]


def test_a_second_body_a_place_or_a_person_after_and_stays_apart() -> None:
    text = (
        "The Norland Institute of Moss and Tarrow University signed it. "
        "The University of Ohio and Kelp said so. "
        "The Board of Moss and Dan Moor agreed. "
        "The Bureau of Kelp and Office of Tackle objected."
    )
    labels = {
        "Norland Institute of Moss": "ORG",
        "Tarrow University": "ORG",
        "University of Ohio": "ORG",
        "Board of Moss": "ORG",
        "Dan Moor": "PERSON",
        "Bureau of Kelp": "ORG",
    }
    found = spans(run(labels, text), text)
    assert ("Norland Institute of Moss", "ORG") in found
    assert ("University of Ohio", "ORG") in found
    assert ("Board of Moss", "ORG") in found
    assert ("Bureau of Kelp", "ORG") in found


def test_a_subject_the_model_called_a_person_still_ends_the_name() -> None:
    text = "He spoke at the Tarrow Program of Moss Policy and Governance last week."
    found = spans(run({"Tarrow Program of Moss Policy": "ORG", "Governance": "PERSON"}, text), text)
    assert found == [("Tarrow Program of Moss Policy and Governance", "ORG")]


def test_an_acronym_for_the_object_of_a_bodys_name_leaves_the_body_whole() -> None:
    text = "Yesterday, the Parliament of New South Wales (NSW) voted. Agents of the Bureau of Brine and Kelp (BK) came."
    labels = {"Parliament of New South Wales": "ORG", "NSW": "ORG", "Bureau of Brine and Kelp": "ORG"}
    found = spans(run(labels, text), text)
    assert ("Parliament of New South Wales", "ORG") in found
    assert ("Bureau of Brine and Kelp", "ORG") in found
    assert [name for name, _kind in found] == [
        "Parliament of New South Wales",
        "NSW",
        "Bureau of Brine and Kelp",
        "BK",
    ]


def test_no_name_runs_from_one_paragraph_into_the_next() -> None:
    text = "They tweeted at Dan Moor\nTarrow Falcons said on Monday it would reply."
    found = spans(run({"Dan Moor\nTarrow Falcons": "ORG"}, text), text)
    assert [name for name, _kind in found] == ["Dan Moor", "Tarrow Falcons"]


def test_a_name_in_a_list_of_people_is_a_person() -> None:
    text = "Ana Reyes, Bo Lindqvist, Dana Moor and Eli Vance contributed. Acme Widgets, Dana Moor and Eli Vance signed."
    labels = {"Ana Reyes": "PERSON", "Bo Lindqvist": "PERSON", "Dana Moor": "ORG", "Eli Vance": "PERSON"}
    found = spans(run(labels, text), text)
    assert ("Dana Moor", "ORG") not in found
    assert found.count(("Dana Moor", "PERSON")) == 2


def test_a_moderator_or_a_host_named_before_the_name_is_a_person() -> None:
    text = "Pressed by moderator Dana Moor for details, he paused. Radio host Eli Vance laughed."
    found = spans(run({"Dana Moor": "ORG", "Eli Vance": "ORG"}, text), text)
    assert found == [("Dana Moor", "PERSON"), ("Eli Vance", "PERSON")]


def test_a_datelines_source_is_an_organisation_and_never_glued_to_the_story() -> None:
    text = (
        "Washington (NWN)Dan Moor said on Monday he would run.\nTARROW (Brinewire) - Eli Vance agreed.\n"
        "(NWN)On the trail, Moor smiled."
    )
    found = spans(run({"NWN)Dan Moor": "PERSON", "Eli Vance": "PERSON", "NWN)On": "NORP"}, text), text)
    assert found == [
        ("NWN", "ORG"),
        ("Dan Moor", "PERSON"),
        ("Brinewire", "ORG"),
        ("Eli Vance", "PERSON"),
        ("NWN", "ORG"),
        ("Moor", "PERSON"),
    ]


def test_a_word_capitalised_only_where_a_sentence_opens_is_no_name() -> None:
    text = (
        "Kelpmoss grows fast. Kelpmoss is a protein, said Dana Moor. Farmers sell kelpmoss by the ton. "
        "Parliament met. The parliament of the islands was closed."
    )
    found = spans(run({"Kelpmoss": "ORG", "Dana Moor": "PERSON", "Parliament": "ORG"}, text), text)
    assert ("Kelpmoss", "ORG") not in found
    assert ("Parliament", "ORG") in found
    assert ("Dana Moor", "PERSON") in found


def test_a_title_before_a_name_never_extends_the_place_or_body_before_it() -> None:
    text = "Yesterday Tarrow Mayor Dana Moor said the vote was fair. Kelp General rose 3 pct."
    found = spans(run({"Tarrow": "ORG", "Dana Moor": "PERSON", "Kelp": "ORG"}, text), text)
    assert ("Tarrow Mayor", "ORG") not in found
    assert ("Dana Moor", "PERSON") in found
    assert ("Kelp General", "ORG") in found  # a company's name: no person's name after it
