"""Organisation cues (reader/core/analyse/orgs.py) and name-boundary trimming, on text written for
these tests, with a fake NER backend that has the small model's typical opinions."""

from __future__ import annotations

from reader.core.analyse import analyse_texts
from reader.core.types import Analysis
from tests.core.test_analyse_rules import FakeBackend


def run(labels: dict[str, str], text: str) -> Analysis:
    return analyse_texts([text], backend=FakeBackend(labels))[0]


def spans(analysis: Analysis, text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.type) for m in analysis.mentions]


def test_a_legal_form_left_outside_the_span_joins_the_company() -> None:
    text = "Shares of Acme rose after Acme Inc. said profits doubled."
    assert ("Acme Inc.", "ORG") in spans(run({"Acme": "PERSON"}, text), text)


def test_a_name_ending_in_an_organisation_head_is_an_organisation() -> None:
    text = "Voters backed the Green Valley Party on Sunday."
    assert spans(run({"Green Valley Party": "GPE"}, text), text) == [("Green Valley Party", "ORG")]


def test_an_organisation_the_model_missed_is_found_by_its_head_and_made_whole() -> None:
    text = "She studied law at the University of Westmarch. Later the Ministry of Water Resources hired her."
    found = spans(run({"Westmarch": "GPE"}, text), text)
    assert ("University of Westmarch", "ORG") in found
    assert ("Ministry of Water Resources", "ORG") in found
    assert ("Westmarch", "GPE") not in found


def test_a_title_after_an_organisation_ends_it_and_the_person_stays() -> None:
    text = "Yesterday, Northland House of Delegates Speaker Mara Quill confirmed the vote."
    found = spans(run({"Mara Quill": "PERSON"}, text), text)
    assert ("Northland House of Delegates", "ORG") in found
    assert ("Mara Quill", "PERSON") in found


def test_a_company_in_apposition_or_after_its_noun_is_an_organisation() -> None:
    text = "Zentrix, a data security company, sued. The carmaker Velora denied it."
    found = spans(run({"Zentrix": "GPE", "Velora": "PERSON"}, text), text)
    assert found == [("Zentrix", "ORG"), ("Velora", "ORG")]


def test_a_person_described_by_a_company_word_stays_a_person() -> None:
    text = "Tom Reyes, a company director, resigned."
    assert spans(run({"Tom Reyes": "PERSON"}, text), text) == [("Tom Reyes", "PERSON")]


def test_a_place_in_a_list_of_companies_is_a_company() -> None:
    text = "Firms including Orbix, Tellan, Quoro and Fennimore backed the plan."
    labels = {"Orbix": "ORG", "Tellan": "ORG", "Quoro": "GPE", "Fennimore": "ORG"}
    assert ("Quoro", "ORG") in spans(run(labels, text), text)


def test_a_plural_name_after_the_is_a_group_but_a_family_stays_people() -> None:
    text = "Bill Clinton spoke. The fans cheered the Marlins, and the Clintons waved."
    found = spans(run({"Bill Clinton": "PERSON", "Marlins": "PERSON", "Clintons": "PERSON"}, text), text)
    assert ("Marlins", "ORG") in found
    assert ("Clintons", "PERSON") in found


def test_in_sports_news_a_city_naming_its_team_is_an_organisation() -> None:
    text = (
        "The coach praised the squad after the playoff. Tarrow beat Ellisford 3-1 in the league, "
        "and Ellisford player Dan Moor scored twice."
    )
    found = spans(run({"Tarrow": "GPE", "Ellisford": "GPE", "Dan Moor": "PERSON"}, text), text)
    assert ("Tarrow", "ORG") in found
    assert [t for s, t in found if s == "Ellisford"] == ["ORG", "ORG"]


def test_outside_sports_news_a_city_stays_a_place() -> None:
    text = "Prices rose in Tarrow. Tarrow beat its own record for rainfall."
    assert {t for s, t in spans(run({"Tarrow": "GPE"}, text), text)} == {"GPE"}


def test_a_country_is_never_made_an_organisation() -> None:
    text = "The coach praised the squad after the playoff. Brazil beat Germany in the league."
    found = spans(run({"Brazil": "GPE", "Germany": "GPE"}, text), text)
    assert found == [("Brazil", "GPE"), ("Germany", "GPE")]


def test_names_lose_the_lower_case_words_and_ordinals_at_their_ends() -> None:
    text = "The 116th Westland Congress met. He wants to remove Dorn from office, said the Associated Press."
    labels = {"116th Westland Congress": "ORG", "Dorn from office": "PERSON", "the Associated Press": "ORG"}
    found = spans(run(labels, text), text)
    assert ("Westland Congress", "ORG") in found
    assert ("Dorn", "PERSON") in found
    assert ("Associated Press", "ORG") in found


def test_a_name_particle_and_a_mid_word_capital_survive_trimming() -> None:
    text = "Fighters of al Qaeda were seen. Buyers queued for the iPhone at Apple."
    found = spans(run({"al Qaeda": "ORG", "Apple": "ORG"}, text), text)
    assert ("al Qaeda", "ORG") in found


def test_a_possessive_in_tokenised_text_leaves_no_space_in_the_name() -> None:
    text = "He studied at Harvard University 's law school ."
    assert spans(run({"Harvard University 's": "ORG"}, text), text) == [("Harvard University", "ORG")]


def test_a_headline_in_title_case_is_not_an_organisation() -> None:
    text = "Install The App To Read News\nThe story follows."
    assert spans(run({}, text), text) == []


def test_a_one_word_name_where_news_names_its_sources_is_an_outlet() -> None:
    text = (
        "Maria Lopez told Cosmopolitan that she would vote. A new Quinnipiac poll agrees. "
        "Clinton told the Orlando, Florida, crowd so, and Lopez told Reyes about it."
    )
    labels = {"Maria Lopez": "PERSON", "Cosmopolitan": "GPE", "Quinnipiac": "PERSON", "Orlando": "GPE"}
    labels |= {"Florida": "GPE", "Clinton": "PERSON", "Reyes": "PERSON", "Lopez": "PERSON"}
    found = spans(run(labels, text), text)
    assert ("Cosmopolitan", "ORG") in found
    assert ("Quinnipiac", "ORG") in found
    assert ("Orlando", "GPE") in found
    assert ("Reyes", "PERSON") in found  # nobody else is called Reyes, but a poll or outlet needs its cue


def test_a_unit_or_a_court_keeps_its_number() -> None:
    text = "Troops of the 82nd Airborne Division went home, and the 9th Circuit ruled."
    labels = {"82nd Airborne Division": "ORG", "9th Circuit": "ORG"}
    assert spans(run(labels, text), text) == [("82nd Airborne Division", "ORG"), ("9th Circuit", "ORG")]


def test_what_is_said_only_of_an_organisation_makes_one() -> None:
    text = "Dana Reed, the founder of Bikers Four Unity, spoke. Iron Wolves were formed in 1975. Rome was founded early."
    labels = {"Dana Reed": "PERSON", "Bikers Four Unity": "PRODUCT", "Iron Wolves": "PERSON", "Rome": "GPE"}
    assert spans(run(labels, text), text) == [
        ("Dana Reed", "PERSON"),
        ("Bikers Four Unity", "ORG"),
        ("Iron Wolves", "ORG"),
        ("Rome", "GPE"),
    ]


def test_a_place_that_only_qualifies_the_next_word_is_no_outlet() -> None:
    text = "During an interview with Wexford-based radio, she spoke."
    assert spans(run({"Wexford": "GPE"}, text), text) == [("Wexford", "GPE")]


def test_a_title_before_a_name_does_not_make_a_company_a_person() -> None:
    text = "Dana Vole was chief executive of Harlow Energy until 2010. General Motors Corp agreed."
    labels = {"Dana Vole": "PERSON", "Harlow Energy": "PERSON", "General Motors Corp": "ORG"}
    found = spans(run(labels, text), text)
    assert ("Harlow Energy", "ORG") in found
    assert ("General Motors Corp", "ORG") in found


def test_and_co_ends_a_company_name_and_legal_forms_chain() -> None:
    text = "Brokers Jefferies and Co and Pell Dunmore and Co Inc managed the sale."
    found = spans(run({"Jefferies": "PERSON", "Pell Dunmore": "ORG"}, text), text)
    assert found == [("Jefferies and Co", "ORG"), ("Pell Dunmore and Co Inc", "ORG")]


def test_an_acronym_the_model_missed_is_an_outlet_where_news_names_its_sources() -> None:
    text = "The singer told KVRT last week. Later, WNEX reported the deal. He bought a TV."
    found = spans(run({}, text), text)
    assert found == [("KVRT", "ORG"), ("WNEX", "ORG")]


def test_an_acronym_in_a_shouted_line_is_not_an_outlet() -> None:
    text = "Residents said: WE TOLD KVRT THE TRUTH AND THEY IGNORED US."
    assert spans(run({}, text), text) == []


def test_an_organisation_head_keeps_its_of_object_wherever_it_stands() -> None:
    text = "The Supreme Court of Westmarch ruled. Zola Pike, of the Norrland School of Law, agreed."
    labels = {
        "Supreme Court": "ORG",
        "Westmarch": "GPE",
        "Zola Pike": "PERSON",
        "Norrland School of Law": "LAW",
    }
    found = spans(run(labels, text), text)
    assert ("Supreme Court of Westmarch", "ORG") in found
    assert ("Norrland School of Law", "ORG") in found
