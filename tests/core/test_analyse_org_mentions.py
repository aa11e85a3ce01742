"""Organisation mentions read against the rest of the article (reader/core/analyse/org_mentions.py),
on text written for these tests, with a fake NER backend that has the small model's typical opinions."""

from __future__ import annotations

from tests.core.test_analyse_orgs import run, spans

SPORTS = "The coach blamed the referees for the fouls late in the season. "


def test_a_team_run_into_its_players_name_is_split_in_sports_news() -> None:
    text = SPORTS + "Tarrow Falcons Dan Moor and Eli Vance were suspended."
    found = spans(run({"Tarrow Falcons Dan Moor": "ORG", "Eli Vance": "PERSON"}, text), text)
    assert ("Tarrow Falcons", "ORG") in found
    assert ("Dan Moor", "PERSON") in found
    assert ("Tarrow Falcons Dan Moor", "ORG") not in found


def test_outside_sports_news_a_long_name_is_not_split() -> None:
    text = "Shares fell at Harlow Brothers Anton Feld on Monday."
    found = spans(run({"Harlow Brothers Anton Feld": "ORG"}, text), text)
    assert found == [("Harlow Brothers Anton Feld", "ORG")]


def test_a_prize_the_model_calls_an_organisation_is_an_event() -> None:
    text = "She won the Berwick Prize in 1971 and attended the Lakeside Summit."
    found = spans(run({"Berwick Prize": "ORG", "Lakeside Summit": "PERSON"}, text), text)
    assert found == [("Berwick Prize", "EVENT"), ("Lakeside Summit", "EVENT")]


def test_a_teams_plural_name_alone_is_found_and_typed_as_the_team_named_in_full() -> None:
    text = SPORTS + "The Tarrow Falcons lost. Dan Moor of the Falcons was suspended, and Falcons fans left."
    found = spans(run({"Tarrow Falcons": "ORG", "Dan Moor": "PERSON", "Falcons fans": "PERSON"}, text), text)
    assert [kind for name, kind in found if name == "Falcons"] == ["ORG", "ORG"]  # found, and retyped
    assert ("Tarrow Falcons", "ORG") in found


def test_an_acronym_and_a_head_alone_follow_the_organisation_named_in_full() -> None:
    text = (
        "The Northland Water Safety Board met the Brussels City Council. "
        "NWSB staff said the Council had not replied."
    )
    labels = {"Northland Water Safety Board": "ORG", "Brussels City Council": "ORG", "NWSB": "PERSON"}
    found = spans(run(labels, text), text)
    assert ("NWSB", "ORG") in found
    assert ("Council", "ORG") in found


def test_a_head_alone_without_an_organisation_named_in_full_is_not_a_mention() -> None:
    text = "The Council had not replied by Monday."
    assert spans(run({}, text), text) == []


def test_a_nationality_is_split_from_the_acronym_it_qualifies() -> None:
    text = "Within a day, Belarusian KGB officers arrested 33 people."
    found = spans(run({"Belarusian KGB": "NORP"}, text), text)
    assert found == [("Belarusian", "NORP"), ("KGB", "ORG")]


def test_a_title_word_never_extends_a_one_word_organisation() -> None:
    text = "Mitch Carrow, the Senate Majority Leader, objected."
    found = spans(run({"Mitch Carrow": "PERSON", "Senate": "ORG"}, text), text)
    assert ("Senate", "ORG") in found


def test_a_title_word_that_is_the_object_of_an_organisations_name_stays_in_it() -> None:
    text = "Officials at the Department of Justice and the Ministry of Justice declined to comment."
    found = spans(run({"Department of Justice": "ORG", "Ministry of Justice": "ORG"}, text), text)
    assert found == [("Department of Justice", "ORG"), ("Ministry of Justice", "ORG")]


def test_a_title_after_an_institution_head_is_cut_and_the_head_kept() -> None:
    text = "Senate Intelligence Committee Chairman Richard Burr said so."
    labels = {"Senate Intelligence Committee Chairman": "ORG", "Richard Burr": "PERSON"}
    found = spans(run(labels, text), text)
    assert found == [("Senate Intelligence Committee", "ORG"), ("Richard Burr", "PERSON")]


def test_a_press_secretarys_title_is_cut_whole() -> None:
    text = "White House Press Secretary Josh Earnest said so."
    labels = {"White House Press Secretary": "ORG", "Josh Earnest": "PERSON"}
    found = spans(run(labels, text), text)
    assert found == [("White House", "ORG"), ("Josh Earnest", "PERSON")]


def test_the_word_that_opens_a_title_leaves_the_organisations_span() -> None:
    text = "White House Press Secretary Josh Earnest said so."
    found = spans(run({"White House Press": "ORG", "Josh Earnest": "PERSON"}, text), text)
    assert found == [("White House", "ORG"), ("Josh Earnest", "PERSON")]


def test_an_owner_is_split_from_the_name_it_owns_when_it_is_known_for_what_it_is() -> None:
    text = (
        "Jill Stein spoke in Philadelphia. The Green Party's Jill Stein polled 3 percent. Clinton's State Department "
        "replied, and Philadelphia's Drexel University agreed. Mara Clinton left."
    )
    labels = {
        "Jill Stein": "PERSON",
        "Green Party's Jill Stein": "ORG",
        "Clinton's State Department": "ORG",
        "Philadelphia's Drexel University": "ORG",
        "Mara Clinton": "PERSON",
        "Philadelphia": "GPE",
    }
    found = spans(run(labels, text), text)
    assert found == [
        ("Jill Stein", "PERSON"),
        ("Philadelphia", "GPE"),
        ("Green Party", "ORG"),
        ("Jill Stein", "PERSON"),
        ("Clinton", "PERSON"),
        ("State Department", "ORG"),
        ("Philadelphia", "GPE"),
        ("Drexel University", "ORG"),
        ("Mara Clinton", "PERSON"),
    ]


def test_a_name_with_a_possessive_inside_it_stays_whole() -> None:
    text = "The Children's Defense Fund and Moody's Investors Service wrote to the Tulsa County Sheriff's Office."
    labels = {
        "Children's Defense Fund": "ORG",
        "Moody's Investors Service": "ORG",
        "Tulsa County Sheriff's Office": "ORG",
    }
    found = spans(run(labels, text), text)
    assert found == [
        ("Children's Defense Fund", "ORG"),
        ("Moody's Investors Service", "ORG"),
        ("Tulsa County Sheriff's Office", "ORG"),
    ]


def test_organisations_joined_by_a_slash_are_one_each() -> None:
    text = "An ABC News/Washington Post poll found it. Trump spoke. He named Trump/Russia a hoax."
    labels = {"ABC News/Washington Post": "ORG", "Trump": "PERSON", "Trump/Russia": "ORG"}
    found = spans(run(labels, text), text)
    assert found == [
        ("ABC News", "ORG"),
        ("Washington Post", "ORG"),
        ("Trump", "PERSON"),
        ("Trump", "PERSON"),
        ("Russia", "GPE"),
    ]
