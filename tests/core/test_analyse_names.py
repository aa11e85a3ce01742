"""Whole names (issue 16.2): parts joined, short forms following the person, titles never organisations."""

from __future__ import annotations

from reader.core.analyse import analyse_texts
from reader.core.types import Analysis
from tests.core.test_analyse_rules import FakeBackend


def analyse(text: str, labels: dict[str, str]) -> Analysis:
    (analysis,) = analyse_texts([text], backend=FakeBackend(labels))
    return analysis


def entities(analysis: Analysis) -> set[tuple[str, str]]:
    return {(e.name, e.type) for e in analysis.entities}


def test_an_organisation_name_with_and_the_is_one_entity() -> None:
    text = "The Islamic State of Iraq and the Levant claimed the attack in Baghdad."
    found = entities(analyse(text, {"The Islamic State of Iraq": "ORG", "Levant": "GPE", "Baghdad": "GPE"}))
    assert found == {("Islamic State of Iraq and the Levant", "ORG"), ("Baghdad", "GPE")}


def test_a_name_split_in_two_is_one_person_and_its_end_joins_it() -> None:
    text = "Zine El Abidine Ben Ali fled Tunisia in 2011. Ben Ali died in Saudi Arabia."
    found = entities(analyse(text, {"Zine El Abidine": "PERSON", "Ben Ali": "PERSON", "Tunisia": "GPE"}))
    assert ("Zine El Abidine Ben Ali", "PERSON") in found
    assert ("Ben Ali", "PERSON") not in found


def test_a_surname_joins_the_full_name_with_a_suffix() -> None:
    text = "Robert Downey Jr. won the award. Downey thanked his wife."
    analysis = analyse(text, {"Robert Downey Jr.": "PERSON", "Downey": "ORG"})
    assert entities(analysis) == {("Robert Downey Jr.", "PERSON")}
    assert next(iter(analysis.entities)).count == 2


def test_a_short_form_that_is_a_country_follows_the_person() -> None:
    text = (
        "Chadwick Boseman died on Friday. Chad had been treated for four years. He had visited Chad in 2019."
    )
    found = entities(analyse(text, {"Chadwick Boseman": "PERSON", "Chad": "GPE"}))
    assert ("Chadwick Boseman", "PERSON") in found
    assert ("Chad", "GPE") not in found or ("Chad", "PERSON") not in found


def test_a_surname_spelt_differently_joins_by_similarity() -> None:
    text = "Volodymyr Zelenskyy spoke on Monday. Later Zelensky met the envoy."
    found = entities(analyse(text, {"Volodymyr Zelenskyy": "PERSON", "Zelensky": "PERSON"}))
    assert found == {("Volodymyr Zelenskyy", "PERSON")}


def test_a_title_is_never_an_organisation() -> None:
    text = "Presidential Spokesperson Harry Roque said the lockdown would end. Roque added more."
    analysis = analyse(text, {"Presidential Spokesperson Harry Roque": "ORG", "Roque": "ORG"})
    assert entities(analysis) == {("Harry Roque", "PERSON")}
    assert next(iter(analysis.entities)).role == "Presidential Spokesperson"


def test_no_stray_quote_mark_in_a_name() -> None:
    text = 'Lawmakers passed the "Radio Control Law on Tuesday.'
    found = entities(analyse(text, {'the "Radio Control Law': "ORG"}))
    assert found == {("Radio Control Law", "LAW")}


def test_a_unit_named_in_quote_marks_is_found() -> None:
    text = "Soldiers from the ‘Duvdevan’ unit raided the camp."
    assert entities(analyse(text, {})) == {("Duvdevan", "ORG")}


def test_a_body_named_by_its_country_is_one_organisation() -> None:
    text = "The bill passed the U.S. Congress and the Court of Appeals for the Third Circuit agreed."
    labels = {"U.S.": "GPE", "Congress": "ORG", "Court of Appeals": "ORG", "Third Circuit": "ORG"}
    found = entities(analyse(text, labels))
    assert found == {("U.S. Congress", "ORG"), ("Court of Appeals for the Third Circuit", "ORG")}


def test_platforms_and_country_groups_the_model_missed_are_found() -> None:
    text = "Leaders of the G7 posted on Twitter and YouTube."
    assert entities(analyse(text, {})) == {("G7", "ORG"), ("Twitter", "ORG"), ("YouTube", "ORG")}


class _OneArticleOff(FakeBackend):
    """The model types a name one way everywhere but in the last article."""

    def __init__(self, usual: dict[str, str], odd: dict[str, str]) -> None:
        super().__init__(usual)
        self.odd = FakeBackend(odd)

    def spans(self, texts):  # type: ignore[no-untyped-def]
        texts = list(texts)
        yield from super().spans(texts[:-1])
        yield from self.odd.spans(texts[-1:])


def test_a_name_of_several_words_takes_the_type_the_library_overwhelmingly_gives_it() -> None:
    usual = [f"Reporter {i} asked Lena Marsh about the White House plan." for i in range(10)]
    texts = [*usual, "Lena Marsh spoke outside the White House today."]
    backend = _OneArticleOff(
        {"Lena Marsh": "PERSON", "White House": "ORG"}, {"Lena Marsh": "ORG", "White House": "FAC"}
    )
    last = analyse_texts(texts, backend=backend)[-1]
    assert [(texts[-1][m.start : m.end], m.type) for m in last.mentions] == [
        ("Lena Marsh", "PERSON"),
        ("White House", "ORG"),
    ]


def test_a_one_word_name_keeps_the_type_its_article_gives_it() -> None:
    texts = [*(f"Report {i}: Marlow said so." for i in range(12)), "Shares of Marlow fell."]
    backend = _OneArticleOff({"Marlow": "PERSON"}, {"Marlow": "ORG"})
    last = analyse_texts(texts, backend=backend)[-1]
    assert [(m.entity, m.type) for m in last.mentions] == [("Marlow", "ORG")]
